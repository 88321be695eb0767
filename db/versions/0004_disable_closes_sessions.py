"""A disabled operator loses every capability and as_operator at once.

NOLOGIN only stops new logins; role memberships are checked at every
statement, so taking them away also stops a session that is already open.
"""

from alembic import op
from sqlalchemy import text

from aftersales_desktop.core.sql_files import install, sync_operators

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.execute("RESET ROLE")  # replacing keeps the owner (as_role_admin)
    install("operators/operator_sync.sql", revision="0004")
    sync_operators("NOT active")


def downgrade() -> None:
    op.execute("RESET ROLE")
    install("operators/operator_sync.sql", revision="0002")
    # Disabled operators get back what 0002's sync gives them (their capabilities) and
    # as_operator, which that sync never grants, so that enabling one again works.
    sync_operators("NOT active")
    op.execute("SET ROLE as_role_admin")
    for code in op.get_bind().execute(
            text("SELECT code FROM app.operator WHERE NOT active")).scalars().all():
        op.execute(f'GRANT as_operator TO "{code}"')
    op.execute("SET ROLE as_owner")
