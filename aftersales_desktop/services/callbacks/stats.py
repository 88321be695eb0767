"""The callback statistics (回访统计): satisfaction, complaints and callbacks of a period,
grouped by technician, service mode or month, in one round trip
(db/sql/callbacks/callback_stats.sql), and each technician's figures for the rewards and
penalties (app.technician_satisfaction).

    found = callback_stats(conn, StatsRequest(date(2026, 3, 1), date(2026, 3, 31)))
    found["satisfaction"][0]["avg"]["attitude"]     # Decimal('4.25')
    found["callbacks"]["reach_rate"]                # Decimal('0.8123') or None

Averages, hours and rates come back as Decimals, days as dates. Needs reports.view or
complaint.handle (PermissionDenied otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.services.errors import database_errors
from aftersales_desktop.services.frontdesk._calls import as_json, call

GROUPS = ("technician", "service_mode", "month")
# the longest period one request may ask for (app.stats_period refuses longer ones)
PERIOD_YEARS_MAX = 5

_DAYS = frozenset({"from", "to", "first_month", "last_month"})
_DECIMALS = frozenset({"overall_avg", "avg_hours_to_resolve", "accepted_rate",
                       "reach_rate"})


@dataclass(frozen=True)
class StatsRequest:
    """A period (shop days, both included), how to group, and optional filters."""

    day_from: date
    day_to: date
    group: str = "technician"
    technician_id: int | None = None
    service_mode: str | None = None

    def arguments(self) -> dict[str, Any]:
        found: dict[str, Any] = {"from": self.day_from, "to": self.day_to,
                                 "group": self.group}
        if self.technician_id is not None:
            found["technician_id"] = self.technician_id
        if self.service_mode:
            found["service_mode"] = self.service_mode
        return found


def _typed(key: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dict):
        if key == "avg":  # question code -> average
            return {code: Decimal(str(v)) for code, v in value.items()}
        return {k: _typed(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(key, v) for v in value]
    if key in _DAYS and isinstance(value, str):
        return date.fromisoformat(value)
    if key in _DECIMALS:
        return Decimal(str(value))
    return value


def typed(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The statistics' JSON with its days and figures typed."""
    return {k: _typed(k, v) for k, v in raw.items()}


def callback_stats(conn: Connection, request: StatsRequest) -> dict[str, Any]:
    """{from, to, group, first_month, last_month, questions, satisfaction, complaints,
    callbacks} for the request (db/sql/callbacks/callback_stats.sql)."""
    raw = call(conn, "SELECT app.callback_stats(CAST(:p AS jsonb))",
               {"p": as_json(request.arguments())})
    return typed(raw)


@dataclass(frozen=True)
class TechnicianSatisfaction:
    """One technician's row of app.technician_satisfaction (the rewards' input)."""

    technician_id: int
    surveys: int
    attitude: Decimal | None
    timeliness: Decimal | None
    quality: Decimal | None
    price: Decimal | None
    overall: Decimal | None
    low_scores: int
    complaints: int
    complaints_upheld: int


def technician_satisfaction(conn: Connection, day_from: date,
                            day_to: date) -> list[TechnicianSatisfaction]:
    """Each technician's surveys, average scores and complaints in the period."""
    with database_errors():
        rows = conn.execute(text("SELECT * FROM app.technician_satisfaction(:f, :t)"),
                            {"f": day_from, "t": day_to}).all()
    return [TechnicianSatisfaction(*row) for row in rows]


__all__ = ["GROUPS", "PERIOD_YEARS_MAX", "StatsRequest", "TechnicianSatisfaction",
           "callback_stats", "technician_satisfaction", "typed"]
