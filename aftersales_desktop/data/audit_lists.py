"""The change log as a list, and one entry's field changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, text

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.audit_labels import ACTION_LABELS, TABLE_LABELS

from .listing import ListColumn, ListSource
from .lists import audit_list, where_from
from .tables import change_log_table


def _change_log() -> ListSource:
    """Every insert, update and delete of business tables (needs log.view)."""
    return audit_list("change_log", QT_TR_NOOP("Change log"), change_log_table.alias("l"),
                      lambda log, _who: (
        ListColumn("table_name", QT_TR_NOOP("Record type"), log.c.table_name, width=120,
                   choices=TABLE_LABELS),
        ListColumn("record_key", QT_TR_NOOP("Record"), log.c.record_key, width=110),
        ListColumn("action", QT_TR_NOOP("Action"), log.c.action, width=60,
                   choices=ACTION_LABELS),
        ListColumn("changed", QT_TR_NOOP("Fields"), func.array_to_string(log.c.changed, ", "),
                   width=220),
        *where_from(log),
    ))


CHANGE_LOG = _change_log()


@dataclass(frozen=True)
class ChangeEntry:
    """One logged change with its fields' old and new values."""

    id: int
    at: datetime
    operator: str
    table_name: str
    record_key: str
    action: str
    fields: list[tuple[str, Any, Any]]  # (column, old, new)


def change_entry(conn: Connection, entry_id: int) -> ChangeEntry:
    # Redacted values (phones, costs) come back only to an operator who may see them.
    row = conn.execute(text(
        "SELECT l.id, l.at, l.operator, l.table_name, l.record_key, l.action, l.changed, "
        "l.old_values || coalesce(s.old_values, '{}') AS old_values, "
        "l.new_values || coalesce(s.new_values, '{}') AS new_values "
        "FROM audit.change_log l "
        "LEFT JOIN LATERAL audit.sensitive_values(l.id) s ON true "
        "WHERE l.id = :id"), {"id": entry_id}).mappings().one()
    old = row["old_values"] or {}
    new = row["new_values"] or {}
    fields = [(name, old.get(name), new.get(name)) for name in row["changed"]]
    return ChangeEntry(id=row["id"], at=row["at"], operator=row["operator"],
                       table_name=row["table_name"], record_key=row["record_key"],
                       action=row["action"], fields=fields)
