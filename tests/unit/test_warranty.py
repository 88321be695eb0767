"""Warranty decision, calendar months, repair warranty (rework) and default payer.

The case tables are module-level so the database tests can reuse them:
`from tests.unit.test_warranty import WARRANTY_CASES, ...`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.domain import warranty as w
from aftersales_desktop.domain.warranty import PriorRepair, WarrantyDecision

TODAY = date(2026, 11, 23)

# (d, months, expected): same as PostgreSQL d + make_interval(months => months)
ADD_MONTHS_CASES: list[tuple[date, int, date]] = [
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2024, 2, 29), 48, date(2028, 2, 29)),
    (date(2024, 3, 31), 1, date(2024, 4, 30)),
    (date(2024, 8, 31), 6, date(2025, 2, 28)),
    (date(2023, 12, 31), 2, date(2024, 2, 29)),
    (date(2025, 11, 30), 3, date(2026, 2, 28)),
    (date(2025, 11, 15), 2, date(2026, 1, 15)),
    (date(2026, 1, 15), 0, date(2026, 1, 15)),
    (date(2026, 1, 31), 120, date(2036, 1, 31)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2026, 1, 15), -13, date(2024, 12, 15)),
]

# (purchase_date, warranty_months, has_proof, human_damage, claim, today,
#  (warranty_class, reason, covered_until) or the field of the ValidationError)
WarrantyCase = tuple[date | None, int, bool, bool, bool, date,
                     tuple[str, str, date | None] | str]
WARRANTY_CASES: list[WarrantyCase] = [
    # 1. a claim unit is a claim whatever else is true (even before validation)
    (date(2026, 1, 10), 12, True, False, True, TODAY, ("claim", "claim_unit", date(2027, 1, 9))),
    (None, 12, False, True, True, TODAY, ("claim", "claim_unit", None)),
    (date(2027, 1, 1), 12, True, False, True, TODAY,
     ("claim", "claim_unit", date(2027, 12, 31))),
    (date(2026, 1, 10), 500, True, False, True, TODAY,
     ("claim", "claim_unit", date(2067, 9, 9))),
    (date(2020, 1, 1), 12, True, True, True, TODAY, ("claim", "claim_unit", date(2020, 12, 31))),
    # 2. purchase date in the future
    (date(2026, 11, 24), 12, True, False, False, TODAY, "purchase_date"),
    (date(2026, 11, 24), 500, True, True, False, TODAY, "purchase_date"),
    # 3. warranty length out of range
    (date(2026, 1, 1), -1, True, False, False, TODAY, "warranty_months"),
    (date(2026, 1, 1), 121, True, False, False, TODAY, "warranty_months"),
    (None, 121, True, True, False, TODAY, "warranty_months"),
    # 4. human damage, with or without a purchase date
    (date(2026, 6, 1), 12, True, True, False, TODAY,
     ("out_of_warranty", "human_damage", date(2027, 5, 31))),
    (None, 12, True, True, False, TODAY, ("out_of_warranty", "human_damage", None)),
    (date(2026, 6, 1), 12, False, True, False, TODAY,
     ("out_of_warranty", "human_damage", date(2027, 5, 31))),
    # 5. no purchase date
    (None, 12, True, False, False, TODAY, ("out_of_warranty", "no_purchase_date", None)),
    (None, 0, False, False, False, TODAY, ("out_of_warranty", "no_purchase_date", None)),
    # 6. no proof of purchase
    (date(2026, 6, 1), 12, False, False, False, TODAY,
     ("out_of_warranty", "no_proof", date(2027, 5, 31))),
    (date(2020, 6, 1), 12, False, False, False, TODAY,
     ("out_of_warranty", "no_proof", date(2021, 5, 31))),
    # 7. in warranty up to and including covered_until, expired the day after
    (date(2025, 11, 24), 12, True, False, False, TODAY,
     ("in_warranty", "in_warranty", date(2026, 11, 23))),
    (date(2025, 11, 23), 12, True, False, False, TODAY,
     ("out_of_warranty", "expired", date(2026, 11, 22))),
    (date(2026, 11, 23), 12, True, False, False, TODAY,
     ("in_warranty", "in_warranty", date(2027, 11, 22))),
    (date(2026, 11, 23), 0, True, False, False, TODAY,
     ("out_of_warranty", "expired", date(2026, 11, 22))),
    (date(2016, 11, 24), 120, True, False, False, TODAY,
     ("in_warranty", "in_warranty", date(2026, 11, 23))),
    # month ends and leap years
    (date(2024, 2, 29), 12, True, False, False, date(2025, 2, 27),
     ("in_warranty", "in_warranty", date(2025, 2, 27))),
    (date(2024, 2, 29), 12, True, False, False, date(2025, 2, 28),
     ("out_of_warranty", "expired", date(2025, 2, 27))),
    (date(2024, 2, 29), 48, True, False, False, date(2028, 2, 28),
     ("in_warranty", "in_warranty", date(2028, 2, 28))),
    (date(2024, 2, 29), 48, True, False, False, date(2028, 2, 29),
     ("out_of_warranty", "expired", date(2028, 2, 28))),
    (date(2024, 1, 31), 1, True, False, False, date(2024, 2, 28),
     ("in_warranty", "in_warranty", date(2024, 2, 28))),
    (date(2024, 1, 31), 1, True, False, False, date(2024, 2, 29),
     ("out_of_warranty", "expired", date(2024, 2, 28))),
    (date(2023, 1, 31), 1, True, False, False, date(2023, 2, 27),
     ("in_warranty", "in_warranty", date(2023, 2, 27))),
    (date(2023, 1, 31), 1, True, False, False, date(2023, 2, 28),
     ("out_of_warranty", "expired", date(2023, 2, 27))),
    (date(2025, 8, 31), 6, True, False, False, date(2026, 2, 27),
     ("in_warranty", "in_warranty", date(2026, 2, 27))),
    (date(2025, 12, 31), 12, True, False, False, date(2026, 12, 30),
     ("in_warranty", "in_warranty", date(2026, 12, 30))),
    (date(2025, 12, 31), 12, True, False, False, date(2026, 12, 31),
     ("out_of_warranty", "expired", date(2026, 12, 30))),
    (date(2025, 3, 1), 12, True, False, False, date(2026, 2, 28),
     ("in_warranty", "in_warranty", date(2026, 2, 28))),
    (date(2023, 3, 1), 12, True, False, False, date(2024, 2, 29),
     ("in_warranty", "in_warranty", date(2024, 2, 29))),
]


@pytest.mark.parametrize(("d", "months", "expected"), ADD_MONTHS_CASES)
def test_add_months(d: date, months: int, expected: date) -> None:
    assert w.add_months(d, months) == expected


@pytest.mark.parametrize(("purchase_date", "months", "has_proof", "human_damage", "claim",
                          "today", "expected"), WARRANTY_CASES)
def test_decide_warranty(purchase_date: date | None, months: int, has_proof: bool,
                         human_damage: bool, claim: bool, today: date,
                         expected: tuple[str, str, date | None] | str) -> None:
    def decide() -> WarrantyDecision:
        return w.decide_warranty(purchase_date=purchase_date, warranty_months=months,
                                 has_proof=has_proof, human_damage=human_damage, claim=claim,
                                 today=today)

    if isinstance(expected, str):
        with pytest.raises(ValidationError) as caught:
            decide()
        assert caught.value.field == expected
    else:
        decision = decide()
        assert decision == WarrantyDecision(*expected)
        assert decision.warranty_class in w.WARRANTY_CLASSES
        assert decision.reason in w.WARRANTY_REASONS


def test_validation_messages() -> None:
    with pytest.raises(ValidationError) as caught:
        w.decide_warranty(purchase_date=date(2027, 1, 1), warranty_months=12, has_proof=True,
                          human_damage=False, claim=False, today=TODAY)
    assert str(caught.value) == "The purchase date cannot be in the future."
    with pytest.raises(ValidationError) as caught:
        w.decide_warranty(purchase_date=None, warranty_months=200, has_proof=True,
                          human_damage=False, claim=False, today=TODAY)
    assert str(caught.value) == "The warranty must be between 0 and 120 months."


@pytest.mark.parametrize(("decision", "sentence"), [
    (WarrantyDecision("in_warranty", "in_warranty", date(2027, 3, 14)),
     "In warranty: covered until 2027-03-14."),
    (WarrantyDecision("out_of_warranty", "expired", date(2025, 3, 14)),
     "Out of warranty: the warranty expired on 2025-03-14."),
    (WarrantyDecision("out_of_warranty", "no_proof", date(2027, 3, 14)),
     "Out of warranty: there is no proof of purchase."),
    (WarrantyDecision("out_of_warranty", "no_purchase_date", None),
     "Out of warranty: the purchase date is unknown."),
    (WarrantyDecision("out_of_warranty", "human_damage", None),
     "Out of warranty: the damage was caused by the user."),
    (WarrantyDecision("claim", "claim_unit", None),
     "Claim unit: repaired under the manufacturer's claim."),
])
def test_explain(decision: WarrantyDecision, sentence: str) -> None:
    assert decision.explain() == sentence
    assert decision.explain(lambda s: s) == sentence
    assert decision.explain(lambda s: s.upper().replace("{DATE}", "{date}")) == sentence.upper()


def test_labels() -> None:
    assert list(w.WARRANTY_CLASSES) == ["in_warranty", "out_of_warranty", "claim"]
    assert set(w.WARRANTY_REASONS) == {"claim_unit", "human_damage", "no_proof",
                                       "no_purchase_date", "expired", "in_warranty"}
    assert w.WARRANTY_REASONS["expired"].format(date="2025-01-01") == (
        "Warranty expired on 2025-01-01")


# ---- repair warranty ----------------------------------------------------------------------

def _prior(ticket_id: int, picked_up_on: date, days: int = 90, hour: int = 10) -> PriorRepair:
    return PriorRepair(ticket_id, f"WX{picked_up_on:%Y%m%d}-{ticket_id:04d}",
                       datetime.combine(picked_up_on, time(hour), SHOP_ZONE),
                       w.repair_warranty_until(picked_up_on, days), ticket_id * 10)


SHOP_ZONE = timezone(timedelta(hours=8))
A = _prior(1, date(2026, 9, 1))            # covered until 2026-11-30
B = _prior(2, date(2026, 8, 25))           # covered until 2026-11-23 (today: last day)
C = _prior(3, date(2026, 8, 24))           # covered until 2026-11-22 (expired yesterday)
D = _prior(4, date(2026, 9, 1))            # same moment as A, higher id
E = _prior(5, date(2026, 11, 1), days=0)   # no repair warranty at all
F = _prior(6, date(2026, 11, 23), days=0)  # picked up today, 0 days: covered today only
G = _prior(7, date(2026, 9, 1), hour=9)    # same day as A but earlier, higher id

# (prior repairs, today, ticket_id of the rework or None)
REWORK_CASES: list[tuple[list[PriorRepair], date, int | None]] = [
    ([], TODAY, None),
    ([A], TODAY, 1),
    ([B], TODAY, 2),
    ([C], TODAY, None),
    ([C, B], TODAY, 2),
    ([A, B, C], TODAY, 1),
    ([C, B, A], TODAY, 1),
    ([A, D], TODAY, 4),
    ([D, A], TODAY, 4),
    ([A, G], TODAY, 1),        # the later pickup of the day wins, not the higher number
    ([E], TODAY, None),
    ([E, A], TODAY, 1),        # the latest pickup is out of warranty: an older one counts
    ([F], TODAY, 6),
    ([F, A, D], TODAY, 6),
    ([A], date(2026, 11, 30), 1),
    ([A], date(2026, 12, 1), None),
]


@pytest.mark.parametrize(("prior", "today", "expected"), REWORK_CASES)
def test_find_rework(prior: list[PriorRepair], today: date, expected: int | None) -> None:
    found = w.find_rework(iter(prior), today)
    assert (found.ticket_id if found else None) == expected


def test_repair_warranty_until() -> None:
    assert w.repair_warranty_until(date(2026, 9, 1), 90) == date(2026, 11, 30)
    assert A.covered_until == date(2026, 11, 30)
    assert E.covered_until == date(2026, 11, 1)
    assert w.repair_warranty_until(date(2024, 2, 29), 365) == date(2025, 2, 28)


BILLED_TO_CASES: list[tuple[str, bool, str]] = [
    ("in_warranty", False, "manufacturer"),
    ("in_warranty", True, "manufacturer"),
    ("claim", False, "manufacturer"),
    ("claim", True, "manufacturer"),
    ("out_of_warranty", True, "shop"),
    ("out_of_warranty", False, "customer"),
]


@pytest.mark.parametrize(("warranty_class", "rework_free", "expected"), BILLED_TO_CASES)
def test_billed_to_default(warranty_class: str, rework_free: bool, expected: str) -> None:
    assert w.billed_to_default(warranty_class, rework_free) == expected


def test_billed_to_default_unknown_class() -> None:
    with pytest.raises(ValueError):
        w.billed_to_default("extended", False)
