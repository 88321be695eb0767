"""Schema versions: which revision this client expects, and applying migrations."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from aftersales_desktop.core.db import dsn_engine
from aftersales_desktop.core.errors import SchemaTooNew, SchemaTooOld
from aftersales_desktop.core.paths import db_dir


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(db_dir()))
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in _scripts().walk_revisions()}


def check_revision(found: str | None) -> None:
    """Raise the operator-facing error when the database and client disagree."""
    expected = head_revision()
    if found == expected:
        return
    if found is None or found in known_revisions():
        raise SchemaTooOld(found=found or "-", expected=expected)
    raise SchemaTooNew(found=found)


def current_revision(conn: Connection) -> str | None:
    exists = conn.execute(text("SELECT to_regclass('public.alembic_version') IS NOT NULL")).scalar()
    if not exists:
        return None
    return conn.execute(text("SELECT version_num FROM public.alembic_version")).scalar()


def _config_for(conn: Connection) -> Config:
    config = alembic_config()
    config.attributes["connection"] = conn
    return config


def upgrade_connection(conn: Connection, target: str = "head") -> None:
    command.upgrade(_config_for(conn), target)


def downgrade_connection(conn: Connection, target: str) -> None:
    command.downgrade(_config_for(conn), target)


def _in_one_transaction(dsn: str, migrate: Callable[[Connection], None]) -> str:
    engine = dsn_engine(dsn)
    try:
        with engine.begin() as conn:
            migrate(conn)
            reached = current_revision(conn)
    finally:
        engine.dispose()
    return reached or "-"


def upgrade(dsn: str, target: str = "head") -> str:
    """Apply migrations in one transaction; return the revision reached.

    `dsn` is a libpq connection string or URI of a superuser: migrations create
    roles and hand functions to as_role_admin. Operators cannot migrate.
    """
    return _in_one_transaction(dsn, lambda conn: upgrade_connection(conn, target))


def downgrade(dsn: str, target: str) -> str:
    """Undo migrations down to `target` ("base": all of them), like upgrade()."""
    return _in_one_transaction(dsn, lambda conn: downgrade_connection(conn, target))
