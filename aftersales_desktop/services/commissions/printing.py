"""What the month's statements print from (提成工资结算单): one round trip,
app.commission_month_print (db/sql/commissions/commission_month_print.sql).

    data = month_print(conn, date(2026, 11, 1))                 # every statement I may read
    data = month_print(conn, date(2026, 11, 1), statement_ids=[11, 12])
    statements_pdf(data, "11月提成.pdf", translate=tr)          # reports/commission_statements
    statements_workbook(data, "11月提成.xlsx", translate=tr)

The answer: {"month", "shop": {"name", "address", "phone"}, "statements": [{"statement":
{...}, "lines": [...]}]}, each statement as app.commission_statement_get gives it (row
security: a technician gets only their own). Amounts, rates, hours and factors come back
as Decimals, times as aware datetimes, months and days as dates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from aftersales_desktop.services.frontdesk._calls import as_json, call

# app.commission_month_print refuses longer lists (statement_ids)
STATEMENT_IDS_MAX = 500

_DECIMALS = frozenset({
    "post_wage", "commissions", "hours_pay", "rewards", "penalties", "deductions",
    "adjustments", "total", "quantity", "base", "rate", "grade_factor", "share", "hours",
    "repair_hours", "other_hours", "basic_hours", "rated_hours", "amount"})
_DAYS = frozenset({"month", "period", "reverses_period"})
_MOMENTS = frozenset({"computed_at", "confirmed_at", "settled_at", "created_at",
                      "decided_at", "run_at"})


def _typed(key: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Mapping):
        return {k: _typed(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(key, v) for v in value]
    if key in _DECIMALS and isinstance(value, (int, float, str)) and not isinstance(
            value, bool):
        return Decimal(str(value))
    if key in _DAYS and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if key in _MOMENTS and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def typed(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The print answer (or one app.commission_statement_get answer) typed."""
    return {k: _typed(k, v) for k, v in raw.items()}


def month_print(conn: Connection, month: date,
                statement_ids: Sequence[int] | None = None) -> dict[str, Any]:
    """The month's statements with their lines and the shop's header, in one round trip;
    `statement_ids` (at most STATEMENT_IDS_MAX) picks some, in the list's order (None:
    every statement the operator may read, employees first, then outlets)."""
    request: dict[str, Any] = {"month": month.replace(day=1)}
    if statement_ids is not None:
        request["statement_ids"] = [int(i) for i in statement_ids]
    raw = call(conn, "SELECT app.commission_month_print(CAST(:p AS jsonb))",
               {"p": as_json(request)})
    return typed(raw)


__all__ = ["STATEMENT_IDS_MAX", "month_print", "typed"]
