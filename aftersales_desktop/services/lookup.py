"""Returning-customer lookup: phone (or part of one), name or device serial.

One call to `app.customer_lookup` (revision 0006) = one round trip, run on the
autocommit reader (`Database.read()`), so it can run as the counter types:

    with database.read() as conn:
        matches = lookup_customers(conn, "5678")

Digits (spaces, dashes and brackets ignored) search phone numbers: whole number first,
then numbers starting with it, ending with it (the usual "last four digits"), containing
it. Anything else searches names (2+ characters) and serials (3+ ASCII characters).
Without contacts.view the phones come back masked (138****5678) and a phone search
matches only the whole number or its last 3-4 digits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.domain.warranty import REPAIR_DONE_STATUSES, PriorRepair

MIN_LENGTH = 2
MAX_LIMIT = 100
# Full-width digits and signs typed with a Chinese IME count as the ASCII ones.
_FULLWIDTH = str.maketrans("０１２３４５６７８９＋－（）　", "0123456789+-() ")


@dataclass(frozen=True)
class LookupDevice:
    id: int
    product: str
    brand: str
    model: str
    serial: str
    purchase_date: date | None
    warranty_months: int


@dataclass(frozen=True)
class LookupVisit:
    """A past service visit (filled once tickets exist; the server sends [] until then)."""

    data: dict[str, Any]


@dataclass(frozen=True)
class CustomerMatch:
    id: int
    code: str
    name: str
    grade: str
    grade_label: str
    address: str
    matched_on: str  # "phone", "name" or "serial"
    phones: tuple[str, ...]  # masked (138****5678) without contacts.view
    devices: tuple[LookupDevice, ...]  # the 20 newest
    device_count: int
    last_visits: tuple[LookupVisit, ...]

    @property
    def phones_masked(self) -> bool:
        return any("*" in phone for phone in self.phones)

    def prior_repairs(self, device_id: int) -> list[PriorRepair]:
        """The finished repairs of `device_id` among the last visits (picked up, or
        completed at the customer's: then its status time is when it was done), for the
        rework rule (domain/warranty.py find_rework); the database decides at intake from
        all of them, as app.ticket_intake does (revision 0020)."""
        repairs = []
        for v in (visit.data for visit in self.last_visits):
            done_at = v.get("picked_up_at") or (
                v.get("status_at") if v.get("status") == "completed" else None)
            if (v.get("device_id") == device_id and v.get("status") in REPAIR_DONE_STATUSES
                    and done_at and v.get("repair_warranty_until")):
                repairs.append(PriorRepair(
                    ticket_id=int(v["id"]), number=v["number"],
                    picked_up_at=datetime.fromisoformat(done_at),
                    covered_until=date.fromisoformat(v["repair_warranty_until"]),
                    technician_id=v.get("technician_id")))
        return repairs


def lookup_customers(conn: Connection, text_: str, limit: int = 20) -> list[CustomerMatch]:
    """Customers matching `text_`, best first; [] for input shorter than 2 characters."""
    query = (text_ or "").translate(_FULLWIDTH).strip()
    if len(query) < MIN_LENGTH:
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    raw = conn.execute(text("SELECT app.customer_lookup(:q, :n)"),
                       {"q": query, "n": limit}).scalar_one()
    rows = json.loads(raw) if isinstance(raw, str | bytes) else raw
    return [_match(row) for row in rows or []]


def _match(row: dict[str, Any]) -> CustomerMatch:
    return CustomerMatch(
        id=int(row["id"]), code=row["code"], name=row["name"], grade=row["grade"],
        grade_label=row.get("grade_label") or row["grade"], address=row.get("address") or "",
        matched_on=row.get("match") or "",
        phones=tuple(row.get("phones") or ()),
        devices=tuple(
            LookupDevice(id=int(d["id"]), product=d["product"], brand=d["brand"],
                         model=d["model"], serial=d["serial"],
                         purchase_date=(date.fromisoformat(d["purchase_date"])
                                        if d.get("purchase_date") else None),
                         warranty_months=int(d["warranty_months"]))
            for d in row.get("devices") or ()),
        device_count=int(row.get("device_count") or 0),
        last_visits=tuple(LookupVisit(v) for v in row.get("last_visits") or ()),
    )
