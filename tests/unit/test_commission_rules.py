"""The pure rules of technicians' pay (domain/commissions.py), table-driven: every rule
kind with grade multipliers, the seed's hours scheme at its edges, splits in any order,
supervisor pay, overdue deductions, rework charge-backs and the automatic items.

tests/db/test_commission_rules_agree.py runs the same tables through the SQL twins.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from aftersales_desktop.domain import commissions

D = Decimal

# (kind, amount, rate, base, quantity, grade factor) -> amount
RULE_AMOUNT_CASES = [
    ("fixed", D("20.00"), None, D(0), D("2"), D("1.000"), D("40.00")),
    ("fixed", D("20.00"), None, D(0), D("1.5"), D("1.100"), D("33.00")),
    ("fixed", D("33.33"), None, D(0), D("3"), D("1.200"), D("119.99")),  # 119.988
    ("fixed", D("0.05"), None, D(0), D("1"), D("0.100"), D("0.01")),  # 0.005: half up
    ("fixed", D("80.00"), None, D(0), D("1"), D("0.000"), D("0.00")),
    ("fixed", D("0.00"), None, D(0), D("4"), D("1.000"), D("0.00")),
    ("labour_pct", None, D("10.0000"), D("150.00"), D("1"), D("1.000"), D("15.00")),
    ("labour_pct", None, D("12.5000"), D("99.99"), D("1"), D("1.000"), D("12.50")),  # 12.49875
    ("labour_pct", None, D("100.0000"), D("300.00"), D("2"), D("1.100"), D("330.00")),
    ("labour_pct", None, D("0.0000"), D("300.00"), D("2"), D("1.100"), D("0.00")),
    ("margin_pct", None, D("30.0000"), D("0.00"), D("1"), D("1.200"), D("0.00")),
    ("margin_pct", None, D("7.3333"), D("123.45"), D("1"), D("1.200"), D("10.86")),
    ("margin_pct", None, D("25.0000"), D("0.02"), D("1"), D("1.000"), D("0.01")),  # 0.005
]

# the grade multipliers (初级 1.0 / 中级 1.1 / 高级 1.2 and one not listed: 1.000) on
# each rule kind: (kind, amount, rate, base, quantity) -> {factor: amount}
GRADE_CASES = [
    ("fixed", D("100.00"), None, D(0), D("1"),
     {D("1.000"): D("100.00"), D("1.100"): D("110.00"), D("1.200"): D("120.00")}),
    ("labour_pct", None, D("20.0000"), D("150.00"), D("1"),
     {D("1.000"): D("30.00"), D("1.100"): D("33.00"), D("1.200"): D("36.00")}),
    ("margin_pct", None, D("15.0000"), D("77.77"), D("1"),
     {D("1.000"): D("11.67"), D("1.100"): D("12.83"), D("1.200"): D("14.00")}),
]

# (total, shares {employee: %}) -> {employee: amount}
SPLIT_CASES = [
    (D("100.00"), {1: D("50"), 2: D("50")}, {1: D("50.00"), 2: D("50.00")}),
    (D("100.00"), {1: D("33.33"), 2: D("33.33"), 3: D("33.34")},
     {1: D("33.33"), 2: D("33.33"), 3: D("33.34")}),
    (D("10.00"), {1: D("33.33"), 2: D("33.33"), 3: D("33.34")},  # 3.333 3.333 3.334
     {1: D("3.33"), 2: D("3.33"), 3: D("3.34")}),
    (D("1.00"), {1: D("33.34"), 2: D("33.33"), 3: D("33.33")},
     {1: D("0.34"), 2: D("0.33"), 3: D("0.33")}),
    (D("0.02"), {1: D("33.33"), 2: D("33.33"), 3: D("33.34")},  # two fens, three payees
     {1: D("0.01"), 2: D("0.00"), 3: D("0.01")}),
    (D("0.01"), {5: D("50"), 3: D("50")}, {3: D("0.01"), 5: D("0.00")}),  # tie: lower id
    (D("100.00"), {9: D("100")}, {9: D("100.00")}),
    (D("123.45"), {7: D("100.00")}, {7: D("123.45")}),
    (D("0.00"), {1: D("60"), 2: D("40")}, {1: D("0.00"), 2: D("0.00")}),
    (D("99.99"), {4: D("70"), 2: D("20"), 8: D("10")},  # 69.993 19.998 9.999
     {2: D("20.00"), 4: D("69.99"), 8: D("10.00")}),
    # negatives: toward zero, the fens taken off the largest remainders
    (D("-10.00"), {1: D("33.33"), 2: D("33.33"), 3: D("33.34")},
     {1: D("-3.33"), 2: D("-3.33"), 3: D("-3.34")}),
    (D("-0.01"), {5: D("50"), 3: D("50")}, {3: D("-0.01"), 5: D("0.00")}),
    (D("-100.00"), {2: D("33.33"), 1: D("33.33"), 3: D("33.34")},
     {1: D("-33.33"), 2: D("-33.33"), 3: D("-33.34")}),
]

# seed's hours scheme: basic 120, rated 160, 1.5 between, 3 above (assessed, basic, rated,
# probation) -> pay
SEED_RATES = (D("3.00"), D("1.50"))
HOURS_PAY_CASES = [
    ("zero hours", D("0"), D("120"), D("160"), False, D("0.00")),
    ("zero hours, no basic", D("0"), D("0"), D("0"), False, D("0.00")),
    ("below basic", D("100"), D("120"), D("160"), False, D("0.00")),
    ("at basic", D("120"), D("120"), D("160"), False, D("0.00")),
    ("just above basic", D("120.33"), D("120"), D("160"), False, D("0.50")),  # 0.495
    ("between", D("140"), D("120"), D("160"), False, D("30.00")),
    ("at rated", D("160"), D("120"), D("160"), False, D("60.00")),
    ("just above rated", D("160.5"), D("120"), D("160"), False, D("61.50")),
    ("above rated", D("180"), D("120"), D("160"), False, D("120.00")),
    ("probation above rated", D("180"), D("120"), D("160"), True, D("0.00")),
    ("probation between", D("140"), D("120"), D("160"), True, D("0.00")),
    ("basic = rated", D("155"), D("150"), D("150"), False, D("15.00")),
    ("no basic, no rated", D("10"), D("0"), D("0"), False, D("30.00")),
]

# (repair hours, other hours, weight) -> assessed
ASSESSED_CASES = [
    (D("100"), D("30"), D("0.500"), D("115.00")),  # the seed: 维修工时 + 其它工时 / 2
    (D("0"), D("0"), D("0.500"), D("0.00")),
    (D("10.25"), D("0.25"), D("0.500"), D("10.38")),  # 10.375
    (D("10"), D("3"), D("0.333"), D("11.00")),  # 10.999
    (D("8"), D("5"), D("1.000"), D("13.00")),
    (D("8"), D("5"), D("0.000"), D("8.00")),
]

# (member pays, department assessed, quota, factor, threshold %) -> pay
SUPERVISOR_CASES = [
    ("above the threshold", [D("60.00"), D("120.00")], D("250"), D("320"), D("2.00"),
     D("70.00"), D("180.00")),
    ("at the threshold", [D("60.00"), D("120.00")], D("224"), D("320"), D("2.00"),
     D("70.00"), D("180.00")),
    ("below the threshold", [D("60.00"), D("120.00")], D("223.99"), D("320"), D("2.00"),
     D("70.00"), D("0.00")),
    ("no members", [], D("250"), D("320"), D("2.00"), D("70.00"), D("0.00")),
    ("no quota", [D("60.00")], D("250"), D("0"), D("2.00"), D("70.00"), D("0.00")),
    ("repeating average", [D("100.00"), D("100.00"), D("100.01")], D("500"), D("480"),
     D("2.00"), D("70.00"), D("200.01")),
    ("half a fen exactly", [D("0.01"), D("0.00"), D("0.00")], D("100"), D("100"), D("1.50"),
     D("70.00"), D("0.01")),
    ("members all at zero", [D("0.00"), D("0.00")], D("300"), D("320"), D("2.00"),
     D("70.00"), D("0.00")),
]

# (days late, grace days, per day) -> deduction
OVERDUE_CASES = [
    (0, 1, D("5.00"), D("0.00")),
    (1, 1, D("5.00"), D("0.00")),
    (2, 5, D("5.00"), D("0.00")),
    (3, 1, D("5.00"), D("-10.00")),
    (10, 0, D("2.50"), D("-25.00")),
    (3650, 0, D("0.00"), D("0.00")),
]

# (kind, amount, rate, the first job's commission) -> charge-back
REWORK_CASES = [
    ("fixed", D("50.00"), None, D("200.00"), D("-50.00")),
    ("fixed", D("0.00"), None, D("200.00"), D("0.00")),
    ("commission_pct", None, D("100.0000"), D("123.45"), D("-123.45")),  # the seed's rule
    ("commission_pct", None, D("50.0000"), D("0.05"), D("-0.03")),  # -0.025: away from 0
    ("commission_pct", None, D("100.0000"), D("0.00"), D("0.00")),
    ("commission_pct", None, D("33.3333"), D("90.00"), D("-30.00")),
]

# (auto, threshold, lowest score) -> applies
AUTO_CASES = [
    ("survey_low", 2, 1, True), ("survey_low", 2, 2, True), ("survey_low", 2, 3, False),
    ("survey_high", 5, 5, True), ("survey_high", 5, 4, False), ("survey_high", 4, 5, True),
    ("complaint", None, 1, False), (None, None, 5, False), ("survey_low", 2, None, False),
    ("survey_high", None, 5, False),
]


@pytest.mark.parametrize(("kind", "amount", "rate", "base", "quantity", "factor", "expected"),
                         RULE_AMOUNT_CASES)
def test_rule_amount(kind: str, amount: Decimal | None, rate: Decimal | None, base: Decimal,
                     quantity: Decimal, factor: Decimal, expected: Decimal) -> None:
    found = commissions.rule_amount(kind, amount, rate, base, quantity, factor)
    assert (found, found.as_tuple().exponent) == (expected, -2)


@pytest.mark.parametrize(("kind", "amount", "rate", "base", "quantity", "by_factor"),
                         GRADE_CASES, ids=[case[0] for case in GRADE_CASES])
def test_grade_multipliers(kind: str, amount: Decimal | None, rate: Decimal | None,
                           base: Decimal, quantity: Decimal,
                           by_factor: dict[Decimal, Decimal]) -> None:
    found = {factor: commissions.rule_amount(kind, amount, rate, base, quantity, factor)
             for factor in by_factor}
    assert found == by_factor
    # a grade without a factor counts as 1
    assert D(1) == commissions.DEFAULT_GRADE_FACTOR


@pytest.mark.parametrize(("kind", "amount", "rate"), [
    ("fixed", None, D("10")), ("labour_pct", D("10"), None), ("margin_pct", D("1"), None),
    ("hours", D("1"), D("1")), ("", None, None)])
def test_rule_amount_refuses_what_its_kind_does_not_take(
        kind: str, amount: Decimal | None, rate: Decimal | None) -> None:
    with pytest.raises(ValueError):
        commissions.rule_amount(kind, amount, rate, D("100"), D("1"), D("1"))


def test_every_rule_kind_has_its_case_and_a_label() -> None:
    assert {case[0] for case in RULE_AMOUNT_CASES} == set(commissions.RULE_KINDS)
    assert {case[0] for case in GRADE_CASES} == set(commissions.RULE_KINDS)
    assert set(commissions.RULE_KINDS) > commissions.PCT_RULE_KINDS
    assert {case[0] for case in REWORK_CASES} == set(commissions.REWORK_KINDS)


@pytest.mark.parametrize(("total", "shares", "expected"), SPLIT_CASES)
def test_split(total: Decimal, shares: dict[int, Decimal],
               expected: dict[int, Decimal]) -> None:
    found = commissions.split_amounts(total, shares)
    assert found == expected
    assert sum(found.values()) == total
    assert all(amount.as_tuple().exponent == -2 for amount in found.values())


@pytest.mark.parametrize(("total", "shares", "expected"), SPLIT_CASES)
def test_split_never_depends_on_the_order_of_the_shares(
        total: Decimal, shares: dict[int, Decimal], expected: dict[int, Decimal]) -> None:
    """PR #596's bug: the last agent added got the rounding. Every order gives one answer."""
    for order in itertools.permutations(shares.items()):
        assert commissions.split_amounts(total, dict(order)) == expected


@pytest.mark.parametrize("shares", [{}, {1: D("50"), 2: D("49.99")}, {1: D("100.01")},
                                    {1: D("0"), 2: D("100")}, {1: D("-10"), 2: D("110")}])
def test_split_refuses_shares_that_do_not_make_100(shares: dict[int, Decimal]) -> None:
    with pytest.raises(ValueError):
        commissions.split_amounts(D("100.00"), shares)


@pytest.mark.parametrize(("what", "assessed", "basic", "rated", "probation", "expected"),
                         HOURS_PAY_CASES, ids=[case[0] for case in HOURS_PAY_CASES])
def test_hours_pay_of_the_seed_scheme(what: str, assessed: Decimal, basic: Decimal,
                                      rated: Decimal, probation: bool,
                                      expected: Decimal) -> None:
    rate_above, rate_between = SEED_RATES
    assert commissions.hours_pay(assessed, basic, rated, probation, rate_above,
                                 rate_between) == expected


def test_hours_pay_above_rated_is_the_seed_formula_read_literally() -> None:
    """Above the rated hours our step scale is the seed's (考核 − 额定) x 3 + (额定 − 基本)
    x 1.5 as written; between basic and rated it never subtracts."""
    for assessed in (D("160.01"), D("175"), D("200"), D("300.5")):
        literal = (assessed - 160) * 3 + (160 - 120) * D("1.5")
        assert commissions.hours_pay(assessed, D(120), D(160), False,
                                     *SEED_RATES) == literal.quantize(D("0.01"))
    pays = [commissions.hours_pay(D(h), D(120), D(160), False, *SEED_RATES)
            for h in range(0, 200)]
    assert pays == sorted(pays)  # more hours never pay less


@pytest.mark.parametrize(("repair", "other", "weight", "expected"), ASSESSED_CASES)
def test_assessed_hours(repair: Decimal, other: Decimal, weight: Decimal,
                        expected: Decimal) -> None:
    assert commissions.assessed_hours(repair, other, weight) == expected


@pytest.mark.parametrize(("what", "pays", "assessed", "quota", "factor", "threshold",
                          "expected"), SUPERVISOR_CASES, ids=[c[0] for c in SUPERVISOR_CASES])
def test_supervisor_pay(what: str, pays: list[Decimal], assessed: Decimal, quota: Decimal,
                        factor: Decimal, threshold: Decimal, expected: Decimal) -> None:
    assert commissions.supervisor_pay(pays, assessed, quota, factor, threshold) == expected


@pytest.mark.parametrize(("days", "grace", "per_day", "expected"), OVERDUE_CASES)
def test_overdue_deduction(days: int, grace: int, per_day: Decimal,
                           expected: Decimal) -> None:
    found = commissions.overdue_deduction(days, grace, per_day)
    assert found == expected
    assert str(found) == str(expected)  # never "-0.00"


@pytest.mark.parametrize(("kind", "amount", "rate", "original", "expected"), REWORK_CASES)
def test_rework_chargeback(kind: str, amount: Decimal | None, rate: Decimal | None,
                           original: Decimal, expected: Decimal) -> None:
    found = commissions.rework_chargeback(kind, amount, rate, original)
    assert (found, str(found)) == (expected, str(expected))


@pytest.mark.parametrize(("kind", "amount", "rate"), [
    ("fixed", None, D("100")), ("commission_pct", D("5"), None), ("labour_pct", None, D("1"))])
def test_rework_refuses_what_its_kind_does_not_take(kind: str, amount: Decimal | None,
                                                    rate: Decimal | None) -> None:
    with pytest.raises(ValueError):
        commissions.rework_chargeback(kind, amount, rate, D("10"))


@pytest.mark.parametrize(("auto", "threshold", "lowest", "expected"), AUTO_CASES)
def test_automatic_items(auto: str | None, threshold: int | None, lowest: int | None,
                         expected: bool) -> None:
    assert commissions.auto_item_applies(auto, threshold, lowest) is expected


def test_codes_and_labels() -> None:
    """Every code has an English label; the survey triggers are the ones with a threshold."""
    for table in (commissions.RULE_KINDS, commissions.SCHEMES, commissions.HOURS_KINDS,
                  commissions.LINE_KINDS, commissions.LINE_ORIGINS, commissions.LINE_STATES,
                  commissions.ADJUSTMENT_REASONS, commissions.AUTO_TRIGGERS,
                  commissions.PERIOD_STATES, commissions.STATEMENT_STATES,
                  commissions.REWORK_KINDS):
        assert table and all(code and label.strip() for code, label in table.items())
    assert {"survey_low", "survey_high"} == commissions.SURVEY_TRIGGERS
    assert commissions.DEFAULT_SCHEME in commissions.SCHEMES
    assert set(commissions.SERVICE_MODE_CODES) == {"repair", "installation", "outsourced"}
