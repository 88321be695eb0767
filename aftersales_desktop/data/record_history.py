"""Who last changed a record, from the audit trail (for "changed by X at T" messages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text

from aftersales_desktop.core import shop_time


@dataclass(frozen=True)
class LastChange:
    operator: str
    name: str  # the operator's name, or the code when the operator is gone
    at: datetime

    @property
    def who(self) -> str:
        return self.operator if self.name == self.operator else f"{self.name} ({self.operator})"

    @property
    def when(self) -> str:
        return shop_time.format_datetime(self.at)  # the shop's clock, as every list


def last_change(conn: Connection, table_name: str, record_key: str) -> LastChange | None:
    """The newest audit entry of `table_name` / `record_key`; None when there is none or
    this operator may not read the change log (log.view)."""
    readable = conn.execute(text(
        "SELECT has_schema_privilege('audit', 'USAGE') "
        "AND has_table_privilege('audit.change_log', 'SELECT')")).scalar()
    if not readable:
        return None
    row = conn.execute(text(
        "SELECT l.operator, coalesce(o.name, l.operator), l.at FROM audit.change_log l "
        "LEFT JOIN app.operator o ON o.code = l.operator "
        "WHERE l.table_name = :t AND l.record_key = :k ORDER BY l.at DESC, l.id DESC LIMIT 1"),
        {"t": table_name, "k": record_key}).first()
    return None if row is None else LastChange(str(row[0]), str(row[1]), row[2])
