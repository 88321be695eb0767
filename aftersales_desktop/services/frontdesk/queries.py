"""What the front desk screens read: the status board, the intake form's context and
one ticket with everything about it. One round trip each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.domain.tickets import OPEN_STATUSES, parse_number
from aftersales_desktop.domain.workdays import PromiseRule, WorkCalendar

from ._calls import call

# every ticket change NOTIFYs this channel at commit (app.ticket_changed, revision 0009)
TICKET_EVENTS = "aftersales_tickets"


@dataclass(frozen=True)
class Board:
    statuses: dict[str, int]
    overdue: int
    urgent: int
    uncollected: int
    uncollected_days: int
    picked_up_today: int
    received_today: int
    notices_due: int
    preorders_arrived: int
    today: date

    @property
    def open_total(self) -> int:
        return sum(self.statuses.get(s, 0) for s in OPEN_STATUSES)


def ticket_board(conn: Connection) -> Board:
    raw = call(conn, "SELECT app.ticket_board()")
    return Board(statuses={k: int(v) for k, v in raw["statuses"].items()},
                 overdue=int(raw["overdue"]), urgent=int(raw["urgent"]),
                 uncollected=int(raw["uncollected"]),
                 uncollected_days=int(raw["uncollected_days"]),
                 picked_up_today=int(raw["picked_up_today"]),
                 received_today=int(raw["received_today"]),
                 notices_due=int(raw["notices_due"]),
                 preorders_arrived=int(raw["preorders_arrived"]),
                 today=date.fromisoformat(raw["today"]))


@dataclass(frozen=True)
class IntakeContext:
    today: date
    shop: dict[str, str]
    promise: PromiseRule
    calendar: WorkCalendar
    quote_required: bool
    work_types: list[dict[str, Any]]
    service_modes: list[dict[str, str]]
    regions: list[dict[str, Any]]
    technicians: list[dict[str, Any]]
    dictionary: dict[str, list[str]]
    channels: list[str]
    templates: dict[str, str] = field(default_factory=dict)


def intake_context(conn: Connection) -> IntakeContext:
    raw = call(conn, "SELECT app.intake_context()")
    promise = raw.get("promise") or {}
    days = [(date.fromisoformat(d["day"]), bool(d["working"])) for d in raw["calendar"]]
    return IntakeContext(
        today=date.fromisoformat(raw["today"]), shop=dict(raw.get("shop") or {}),
        promise=PromiseRule(normal_days=int(promise.get("normal_days", 7)),
                            urgent_days=int(promise.get("urgent_days", 3)),
                            factory_days=int(promise.get("factory_days", 15))),
        calendar=WorkCalendar(
            holidays=frozenset(d for d, working in days if not working),
            workdays=frozenset(d for d, working in days if working)),
        quote_required=bool(raw.get("quote_required", True)),
        work_types=[{**w, "labour_fee": Decimal(str(w["labour_fee"]))}
                    for w in raw["work_types"]],
        service_modes=list(raw["service_modes"]), regions=list(raw["regions"]),
        technicians=list(raw["technicians"]), dictionary=dict(raw["dictionary"]),
        channels=list(raw["channels"]), templates=dict(raw.get("templates") or {}))


def ticket_detail(conn: Connection, ticket_id: int) -> dict[str, Any] | None:
    """The ticket and its history, whereabouts, quotes, notices and settlements."""
    return call(conn, "SELECT app.ticket_detail(:id)", {"id": ticket_id})


def find_ticket(conn: Connection, number: str) -> int | None:
    """The id of the ticket with this number (as typed or scanned), or None."""
    parsed = parse_number(number)
    if parsed is None or parsed[0] != "WX":
        return None
    found = conn.execute(text("SELECT id FROM app.ticket WHERE number = :n"),
                         {"n": number.strip().upper()}).scalar()
    return int(found) if found is not None else None
