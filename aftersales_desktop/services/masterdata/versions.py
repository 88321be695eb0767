"""Stale saves that say who changed the record and when, where the audit trail tells."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.record_history import last_change

from ._common import StaleRecord, check_version, saving


class ChangedMeanwhile(StaleRecord):
    default_message = QT_TR_NOOP(
        "{what} was changed by {who} at {when} meanwhile. Reload it and apply your change "
        "again.")


@contextmanager
def naming_who_changed(conn: Connection, table_name: str, record_key: object,
                       what: object) -> Iterator[None]:
    """Turn a StaleRecord raised inside into ChangedMeanwhile when the change log names the
    operator (it needs log.view; without it the message says "someone else")."""
    try:
        yield
    except ChangedMeanwhile:
        raise
    except StaleRecord:
        change = last_change(conn, table_name, str(record_key))
        if change is None:
            raise
        raise ChangedMeanwhile(what=str(what), who=change.who, when=change.when) from None


# Records with a version column whose active flag the lists switch (table names are SQL).
SWITCHABLE_TABLES = ("app.item", "app.customer")


def set_active(conn: Connection, table: str, record_id: int, active: bool,
               version: int | None, action: str) -> int:
    """Switch a record's active flag (version None: whatever the stored version is); returns
    the new version, or names who changed it meanwhile."""
    if table not in SWITCHABLE_TABLES:
        raise ValueError(table)
    with naming_who_changed(conn, table, record_id, record_id), saving(conn, action):
        found = conn.execute(text(
            f"UPDATE {table} SET active = :a, version = version + 1 "
            "WHERE id = :id AND (:v IS NULL OR version = :v) RETURNING version"),
            {"a": active, "id": record_id, "v": version}).scalar()
        return check_version(conn, table, record_id, str(record_id), found)
