"""The database's functions as SQL files, and the few helpers revisions share.

`db/sql/<module>/<name>.sql` holds the current body of one function (or trigger
function, or view). A revision that replaces a body first freezes the old file as
`db/sql/superseded/<revision that installed it>/<module>/<name>.sql`, so "the file as
revision R installs it" is the frozen copy when there is one and the current file
otherwise. db/README.md describes the scheme and has a worked example.
"""

from __future__ import annotations

from pathlib import Path

from alembic import op
from sqlalchemy import Connection, text

from .paths import db_dir

SUPERSEDED = "superseded"


def sql_dir() -> Path:
    return db_dir() / "sql"


def path_at(name: str, revision: str) -> Path:
    """The file `name` ("frontdesk/ticket_intake.sql") as revision `revision` installs it."""
    frozen = sql_dir() / SUPERSEDED / revision / name
    if frozen.is_file():
        return frozen
    current = sql_dir() / name
    if not current.is_file():
        raise FileNotFoundError(f"no SQL file {name} (looked in {sql_dir()})")
    return current


def current_files() -> list[str]:
    """Every current file, as the names revisions use ("core/refuse.sql"), sorted."""
    root = sql_dir()
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*.sql")
                  if path.relative_to(root).parts[0] != SUPERSEDED)


def install(*names: str, revision: str) -> None:
    """Run each file, as revision `revision` installs it, in the migration's transaction
    (and role: CREATE OR REPLACE keeps a function's owner and grants)."""
    bind = op.get_bind()
    for name in names:
        statement = path_at(name, revision).read_text(encoding="utf-8")
        # Sent as written: no bind-parameter or %-format processing of the text.
        bind.exec_driver_sql(statement, execution_options={"no_parameters": True})


def create_missing_roles(conn: Connection, roles: list[str], attributes: str) -> None:
    """CREATE ROLE for each role the cluster does not have yet (roles belong to the
    cluster, so another shop database on the same server may have made them)."""
    found = set(conn.execute(text("SELECT rolname FROM pg_catalog.pg_roles "
                                  "WHERE rolname = ANY (:roles)"), {"roles": roles}).scalars())
    for role in roles:
        if role not in found:
            conn.execute(text(f'CREATE ROLE "{role}" {attributes}'))


def sync_operators(where: str) -> None:
    """Bring the roles of the operators matching `where` (an SQL condition on
    app.operator) in line with their template, as the role administrator does."""
    bind = op.get_bind()
    op.execute("RESET ROLE")
    codes = bind.execute(text(f"SELECT code FROM app.operator WHERE {where} ORDER BY code"))
    for code in codes.scalars().all():
        op.execute("SET ROLE as_role_admin")
        bind.execute(text("SELECT app.operator_sync(:code)"), {"code": code})
        op.execute("RESET ROLE")
    op.execute("SET ROLE as_owner")
