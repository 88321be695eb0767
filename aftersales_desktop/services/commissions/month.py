"""The month's commissions (月度结算): the periods, the month run in parts, the statement
list, one statement with its lines, confirming / reopening a statement and settling the
month. One server function call each (db/sql/commissions/, revision 0022, section
MONTH_), in autocommit; the database checks the capabilities (commission.settle for
every write, commission.view_all or .settle for the list), the states and the versions,
and its row security shows a technician only their own statement. Refusals come back as
the catalogue's errors (services/errors.py).

The answers are the functions' JSON with money and hours as Decimals, times (`*_at`) as
aware datetimes and months (`month`, `period`, `current`) as dates.

    found = periods(conn)                               # {"rows": [...], "current": date}
    part = run_part(conn, month, 0)                     # {"parts": 3, ...}; then 1, 2
    page = statements(conn, StatementFilters(month=month, state="draft"))
    shown = statement(conn, page["rows"][0]["id"])      # {"statement": ..., "lines": [...]}
    act(conn, statement_id=shown["statement"]["id"], version=..., action="confirm")
    settle(conn, month=month, version=page["period"]["version"])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from aftersales_desktop.core.changes import Changes
from aftersales_desktop.services.frontdesk._calls import as_json, call

# who may do what (the functions check it; the screens show only what can work)
SETTLE = "commission.settle"
VIEW_ALL = "commission.view_all"
VIEW_OWN = "commission.view_own"
MONTH_CAPABILITIES = (VIEW_ALL, SETTLE)
CHANGES = Changes.of("commissions")  # what every write here announces

STATEMENT_STATES = ("draft", "confirmed", "settled")
PERIOD_STATES = ("open", "settled")
PAYEE_KINDS = ("employee", "outlet")
ORDERS = ("payee", "total")
ACTIONS = ("confirm", "reopen")
LIMIT_MAX = 200  # app.commission_statements' most rows per call
# the longest search it reads: a payee's name and code are no longer (employee.name 50),
# so a longer one (the search box takes limits.SEARCH_MAX) can match nothing more
SEARCH_MAX = 50
# the statement's money, in the order the header and the list show it
MONEY_KEYS = ("post_wage", "commissions", "hours_pay", "rewards", "penalties",
              "deductions", "adjustments", "total")

_DECIMALS = frozenset({*MONEY_KEYS, "amount", "base", "quantity", "rate", "grade_factor",
                       "share", "hours", "repair_hours", "other_hours", "basic_hours",
                       "rated_hours"})
_MONTHS = frozenset({"month", "period", "current", "reverses_period"})


def _typed(key: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: _typed(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(key, v) for v in value]
    if key in _DECIMALS and isinstance(value, (int, float, str)) \
            and not isinstance(value, bool):
        return Decimal(str(value))
    if isinstance(value, str):
        if key.endswith("_at"):
            return datetime.fromisoformat(value)
        if key in _MONTHS:
            return date.fromisoformat(value[:10])
    return value


def typed(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A month function's JSON with its money, hours, times and months typed."""
    return {k: _typed(k, v) for k, v in raw.items()}


def month_of(day: date) -> date:
    """The month a day belongs to, as the functions name it (its first day)."""
    return day.replace(day=1)


def _call(conn: Connection, function: str, payload: dict[str, Any]) -> dict[str, Any]:
    raw = call(conn, f"SELECT app.{function}(CAST(:p AS jsonb))", {"p": as_json(payload)})
    return typed(raw) if isinstance(raw, Mapping) else {}


@dataclass(frozen=True)
class StatementFilters:
    """Which statements of a month the list shows: a search (payee name or code), a
    department, a state, employees or outlets, the order, a page."""

    month: date
    search: str = ""
    department_id: int | None = None
    state: str | None = None
    payee_kind: str | None = None
    order: str = "payee"
    offset: int = 0
    limit: int = LIMIT_MAX

    def payload(self) -> dict[str, Any]:
        if self.state is not None and self.state not in STATEMENT_STATES:
            raise ValueError(f"unknown statement state {self.state!r}")
        if self.payee_kind is not None and self.payee_kind not in PAYEE_KINDS:
            raise ValueError(f"unknown payee kind {self.payee_kind!r}")
        if self.order not in ORDERS:
            raise ValueError(f"unknown statement order {self.order!r}")
        values: dict[str, Any] = {
            "month": month_of(self.month).isoformat(),
            "search": self.search.strip()[:SEARCH_MAX].strip(),
            "department_id": self.department_id, "state": self.state,
            "payee_kind": self.payee_kind, "order": self.order,
            "offset": max(0, self.offset), "limit": min(max(1, self.limit), LIMIT_MAX)}
        return {k: v for k, v in values.items() if v is not None and v != ""}


# -- reads -----------------------------------------------------------------------------------
def periods(conn: Connection) -> dict[str, Any]:
    """{"rows": [{month, state, run_at, settled_at, statements, total}], "current"}: the
    last 24 months and any with lines, newest first; "current" is today's open month."""
    return _call(conn, "commission_periods", {})


def statements(conn: Connection, filters: StatementFilters) -> dict[str, Any]:
    """{"period", "rows", "total", "summary"}: a page of the month's statements as the
    filters choose them (a technician gets their own row only)."""
    return _call(conn, "commission_statements", filters.payload())


def statement(conn: Connection, statement_id: int) -> dict[str, Any]:
    """{"statement", "lines"}: one statement, its header and every line."""
    return _call(conn, "commission_statement_get", {"statement_id": statement_id})


def payee_statement(conn: Connection, month: date, *, employee_id: int | None = None,
                    outlet_id: int | None = None) -> dict[str, Any]:
    """A payee's statement of the month; a payee without one yet gets the preview the
    lines make ("id": None)."""
    if (employee_id is None) == (outlet_id is None):
        raise ValueError("a statement is an employee's or an outlet's")
    payload: dict[str, Any] = {"month": month_of(month).isoformat()}
    payload["employee_id" if employee_id is not None else "outlet_id"] = (
        employee_id if employee_id is not None else outlet_id)
    return _call(conn, "commission_statement_get", payload)


def own_statement(conn: Connection, month: date) -> dict[str, Any] | None:
    """The operator's own statement of the month (the employee their login is), or None
    for an operator who is no employee; one round trip."""
    raw = call(conn, """
        SELECT CASE WHEN app.my_employee_id() IS NOT NULL THEN
               app.commission_statement_get(jsonb_build_object(
                   'month', CAST(:month AS date), 'employee_id', app.my_employee_id()))
               END""", {"month": month_of(month).isoformat()})
    return typed(raw) if isinstance(raw, Mapping) else None


# -- writes ----------------------------------------------------------------------------------
def run_part(conn: Connection, month: date, part: int) -> dict[str, Any]:
    """Compute part `part` of the month (25 payees each; its own transaction):
    {"month", "part", "parts", "payees", "total_payees", "changed"}. Call part 0 first:
    its answer says how many parts there are."""
    if part < 0:
        raise ValueError("the parts of a month run count from 0")
    return _call(conn, "commission_month_run", {"month": month_of(month).isoformat(),
                                                "part": part})


def act(conn: Connection, *, statement_id: int, version: int, action: str) -> dict[str, Any]:
    """Confirm a draft statement or reopen a confirmed one; the statement row as the list
    shows it. A statement whose lines changed since it was computed is refused as stale
    (run the month again)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown statement action {action!r}")
    return _call(conn, "commission_statement_act", {
        "statement_id": statement_id, "version": version, "action": action})


def settle(conn: Connection, *, month: date, version: int) -> dict[str, Any]:
    """Settle the month (every statement confirmed): {"month", "statements", "total"};
    from then on the month is locked."""
    return _call(conn, "commission_month_settle", {"month": month_of(month).isoformat(),
                                                   "version": version})


__all__ = ["ACTIONS", "CHANGES", "LIMIT_MAX", "MONEY_KEYS", "MONTH_CAPABILITIES", "ORDERS",
           "PAYEE_KINDS", "PERIOD_STATES", "SETTLE", "STATEMENT_STATES", "VIEW_ALL",
           "VIEW_OWN", "StatementFilters", "act", "month_of", "own_statement",
           "payee_statement", "periods", "run_part", "settle", "statement", "statements",
           "typed"]
