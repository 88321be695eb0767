"""Changing a ticket: status, details, whereabouts, quotes. One call each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from aftersales_desktop.domain.fees import round_money
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.tickets import LOCATION_KINDS, QUOTE_CHANNELS

from ._calls import as_json, call


def set_status(conn: Connection, ticket_id: int, version: int | None, status: str,
               reason: str = "") -> int:
    """Move the ticket to `status`; returns its new version."""
    row = call(conn, "SELECT app.ticket_set_status(:id, :v, :s, :r)",
               {"id": ticket_id, "v": version, "s": status, "r": reason.strip()})
    return int(row["version"])


def edit_ticket(conn: Connection, ticket_id: int, version: int, **changes: Any) -> int:
    if "promised_on" in changes and changes["promised_on"] is None:
        raise refuse("promised_required")
    row = call(conn, "SELECT app.ticket_edit(:id, :v, CAST(:p AS jsonb))",
               {"id": ticket_id, "v": version, "p": as_json(changes)})
    return int(row["version"])


@dataclass(frozen=True)
class Location:
    kind: str
    shelf: str = ""
    warehouse_id: int | None = None
    employee_id: int | None = None
    outlet_id: int | None = None
    factory: str = ""
    carrier: str = ""
    tracking_number: str = ""
    sent_on: date | None = None
    expected_on: date | None = None
    note: str = ""


def move_ticket(conn: Connection, ticket_id: int, where: Location,
                version: int | None = None) -> str:
    """Record where the unit is now; returns the short label lists show. `version` is
    the ticket's version the screen loaded: moved or changed meanwhile, it is refused as
    stale (None: not checked)."""
    if where.kind not in LOCATION_KINDS:
        raise refuse("location_incomplete")
    needed = {"warehouse": where.warehouse_id, "technician": where.employee_id,
              "outlet": where.outlet_id, "factory": where.factory.strip() or None}
    if where.kind in needed and needed[where.kind] is None:
        raise refuse("location_incomplete")
    if where.sent_on and where.expected_on and where.expected_on < where.sent_on:
        raise refuse("expected_before_sent")
    payload = {k: v for k, v in where.__dict__.items() if v not in (None, "")}
    row = call(conn, "SELECT app.ticket_move(:id, :v, CAST(:p AS jsonb))",
               {"id": ticket_id, "v": version, "p": as_json(payload)})
    return str(row["label"])


def add_quote(conn: Connection, ticket_id: int, *, parts: Decimal, labour: Decimal,
              other: Decimal = Decimal(0), note: str = "") -> int:
    for name, amount in (("parts_amount", parts), ("labour_amount", labour),
                         ("other_amount", other)):
        if amount < 0:
            raise refuse("negative_fee", field=name)
    row = call(conn, "SELECT app.ticket_quote(:id, CAST(:p AS jsonb))",
               {"id": ticket_id, "p": as_json({
                   "parts_amount": round_money(parts), "labour_amount": round_money(labour),
                   "other_amount": round_money(other), "note": note.strip()})})
    return int(row["id"])


def decide_quote(conn: Connection, quote_id: int, *, approved: bool, channel: str,
                 decided_on: date, note: str = "") -> None:
    if channel not in QUOTE_CHANNELS:
        raise refuse("quote_channel_invalid")
    call(conn, "SELECT app.ticket_quote_decide(:q, :a, :c, :d, :n)",
         {"q": quote_id, "a": approved, "c": channel, "d": decided_on, "n": note.strip()})
