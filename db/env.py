"""Alembic environment: always called from aftersales_desktop.services.schema.

The caller passes an open SQLAlchemy connection (a superuser's, or a role that
may SET ROLE as_owner). Objects are created as the NOLOGIN owner role so that
no login role owns anything.
"""

from alembic import context
from sqlalchemy import text

from aftersales_desktop.core.sql_files import create_missing_roles

connection = context.config.attributes["connection"]
create_missing_roles(connection, ["as_owner", "as_operator"], "NOLOGIN")
database = connection.execute(text("SELECT current_database()")).scalar_one()
connection.execute(text(f'GRANT CREATE, CONNECT ON DATABASE "{database}" TO as_owner'))
connection.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO as_operator'))
connection.execute(text(f'REVOKE CONNECT, TEMPORARY ON DATABASE "{database}" FROM PUBLIC'))
connection.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
connection.execute(text("GRANT CREATE, USAGE ON SCHEMA public TO as_owner"))
connection.execute(text("SET ROLE as_owner"))
context.configure(connection=connection, target_metadata=None, transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
connection.execute(text("RESET ROLE"))
