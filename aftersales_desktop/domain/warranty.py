"""Warranty decision at intake and the repair warranty of earlier repairs (pure).

The database applies the same rules (app.warranty_decision, app.rework_of,
app.billed_to_default); tests/db/test_rules_agree.py runs the case tables of
tests/unit/test_warranty.py through both, so change them together.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.masterdata import MAX_WARRANTY_MONTHS
from aftersales_desktop.domain.refusals import refuse

WARRANTY_CLASSES: dict[str, str] = {
    "in_warranty": QT_TR_NOOP("In warranty"),
    "out_of_warranty": QT_TR_NOOP("Out of warranty"),
    "claim": QT_TR_NOOP("Claim unit"),
}

# {date} is the last covered day (covered_until)
WARRANTY_REASONS: dict[str, str] = {
    "claim_unit": QT_TR_NOOP("Claim unit"),
    "human_damage": QT_TR_NOOP("Human damage"),
    "no_proof": QT_TR_NOOP("No proof of purchase"),
    "no_purchase_date": QT_TR_NOOP("Purchase date unknown"),
    "expired": QT_TR_NOOP("Warranty expired on {date}"),
    "in_warranty": QT_TR_NOOP("Covered until {date}"),
}

_EXPLANATIONS: dict[str, str] = {
    "claim_unit": QT_TR_NOOP("Claim unit: repaired under the manufacturer's claim."),
    "human_damage": QT_TR_NOOP("Out of warranty: the damage was caused by the user."),
    "no_proof": QT_TR_NOOP("Out of warranty: there is no proof of purchase."),
    "no_purchase_date": QT_TR_NOOP("Out of warranty: the purchase date is unknown."),
    "expired": QT_TR_NOOP("Out of warranty: the warranty expired on {date}."),
    "in_warranty": QT_TR_NOOP("In warranty: covered until {date}."),
}

def add_months(d: date, months: int) -> date:
    """Calendar months later (or earlier), the day clamped to the end of the month.

    Same as PostgreSQL `d + make_interval(months => months)`: 2024-01-31 + 1 = 2024-02-29.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def covered_until(purchase_date: date, warranty_months: int) -> date:
    """The last day the manufacturer's warranty covers."""
    return add_months(purchase_date, warranty_months) - timedelta(days=1)


@dataclass(frozen=True)
class WarrantyDecision:
    warranty_class: str
    reason: str
    covered_until: date | None

    def explain(self, translate: Callable[[str], str] | None = None) -> str:
        """A sentence for the operator, e.g. "In warranty: covered until 2027-03-14."."""
        source = _EXPLANATIONS[self.reason]
        text = translate(source) if translate else source
        day = self.covered_until.isoformat() if self.covered_until else ""
        return text.format(date=day)


def decide_warranty(*, purchase_date: date | None, warranty_months: int, has_proof: bool,
                    human_damage: bool, claim: bool, today: date) -> WarrantyDecision:
    """Classify a unit at intake; the checks run in a fixed order (first match wins)."""
    until = covered_until(purchase_date, warranty_months) if purchase_date else None
    if claim:
        return WarrantyDecision("claim", "claim_unit", until)
    if purchase_date is not None and purchase_date > today:
        raise refuse("purchase_in_future")
    if not 0 <= warranty_months <= MAX_WARRANTY_MONTHS:
        raise refuse("warranty_months_invalid", max=MAX_WARRANTY_MONTHS)
    if human_damage:
        return WarrantyDecision("out_of_warranty", "human_damage", until)
    if purchase_date is None or until is None:
        return WarrantyDecision("out_of_warranty", "no_purchase_date", None)
    if not has_proof:
        return WarrantyDecision("out_of_warranty", "no_proof", until)
    if today <= until:
        return WarrantyDecision("in_warranty", "in_warranty", until)
    return WarrantyDecision("out_of_warranty", "expired", until)


# ---- repair warranty (rework) -----------------------------------------------------------

# the statuses of a finished repair, whose repair warranty runs from the day it was done:
# handed over at the counter, or completed at the customer's (an on-site job, revision
# 0020); app.ticket_intake takes its rework candidates from the same two
REPAIR_DONE_STATUSES: frozenset[str] = frozenset({"picked_up", "completed"})


@dataclass(frozen=True)
class PriorRepair:
    """An earlier, finished repair of the same unit (picked up, or completed on site: then
    `picked_up_at` is when it was completed), as the ticket stores it."""

    ticket_id: int
    number: str
    picked_up_at: datetime
    covered_until: date  # the last day of its repair warranty (repair_warranty_until)
    technician_id: int | None = None


def repair_warranty_until(picked_up_on: date, repair_warranty_days: int) -> date:
    """The last day a repair handed over on `picked_up_on` is under repair warranty."""
    return picked_up_on + timedelta(days=repair_warranty_days)


def find_rework(prior: Iterable[PriorRepair], today: date) -> PriorRepair | None:
    """The latest pickup (ties: highest ticket id) still under repair warranty today: a
    new ticket for the unit is a rework of it, free by default. The database decides
    with app.rework_of (tests/db/test_rules_agree.py runs both on the same cases)."""
    covered = [p for p in prior if p.covered_until >= today]
    if not covered:
        return None
    return max(covered, key=lambda p: (p.picked_up_at, p.ticket_id))


def billed_to_default(warranty_class: str, rework_free: bool) -> str:
    """Who pays a ticket's fees by default: "manufacturer", "shop" or "customer"."""
    if warranty_class not in WARRANTY_CLASSES:
        raise ValueError(f"unknown warranty class {warranty_class!r}")
    if warranty_class in ("in_warranty", "claim"):
        return "manufacturer"
    if rework_free:
        return "shop"  # the shop bears the cost of redoing its own repair
    return "customer"
