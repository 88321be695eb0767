"""The stock rules of domain/stock.py (the database holds the same: see
tests/db/test_stock_rules_agree.py, which runs these cases through both)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales_desktop.domain import stock

D = Decimal

# (qty, value, avg, quantity, unit_cost, value_change) -> (unit_cost, value_change, avg_after)
MOVE_CASES: list[tuple[tuple[Decimal | None, ...], tuple[Decimal, Decimal, Decimal]]] = [
    # the issue's example: 10 @ 5.00, 10 @ 7.00, issue 5
    ((D(0), D(0), D(0), D(10), D(5), None), (D(5), D("50.00"), D("5.0000"))),
    ((D(10), D("50.00"), D(5), D(10), D(7), None), (D(7), D("70.00"), D("6.0000"))),
    ((D(20), D("120.00"), D(6), D(-5), None, None), (D(6), D("-30.00"), D(6))),
    # a reversed issue puts back exactly what it took
    ((D(15), D("90.00"), D(6), D(5), D(6), D("30.00")), (D(6), D("30.00"), D("6.0000"))),
    # rounding: 10.00 over 3 units; two issues of 1 take 3.33, the last unit what is left
    ((D(3), D("10.00"), D("3.3333"), D(-1), None, None), (D("3.3333"), D("-3.33"),
                                                           D("3.3333"))),
    ((D(1), D("3.34"), D("3.3333"), D(-1), None, None), (D("3.3333"), D("-3.34"),
                                                          D("3.3333"))),
    # an issue never takes more than the balance is worth
    ((D(3), D("0.01"), D("0.0050"), D(-2), None, None), (D("0.0050"), D("-0.01"),
                                                          D("0.0050"))),
    # a receipt at the average (other receipt without a cost)
    ((D(4), D("10.00"), D("2.5000"), D(2), None, None), (D("2.5000"), D("5.00"),
                                                          D("2.5000"))),
    # a receipt into an empty balance takes its own cost
    ((D(0), D(0), D("9.9999"), D(3), D("1.2345"), None), (D("1.2345"), D("3.70"),
                                                           D("1.2345"))),
    # half-up rounding of the average and the value
    ((D(2), D("1.00"), D("0.5000"), D(1), D("0.00005"), None), (D("0.00005"), D("0.00"),
                                                                 D("0.3334"))),  # 0.33335
    ((D(1), D("0.00"), D(0), D(1), D("0.005"), None), (D("0.005"), D("0.01"),
                                                        D("0.0025"))),
    # a transfer's second leg carries the value the first took
    ((D(0), D(0), D(0), D(2), None, D("21.00")), (D("10.5000"), D("21.00"), D("10.5000"))),
    # a reversed receipt takes back its value and recomputes the average
    ((D(10), D("70.00"), D(7), D(-4), D(5), D("-20.00")), (D(5), D("-20.00"),
                                                            D("8.3333"))),
    # a reversed receipt whose goods partly left: never more than is there
    ((D(2), D("3.00"), D("1.5000"), D(-1), D(9), D("-9.00")), (D(9), D("-3.00"),
                                                               D("0.0000"))),
]


@pytest.mark.parametrize(("given", "wanted"), MOVE_CASES)
def test_move_value(given: tuple[Decimal | None, ...],
                    wanted: tuple[Decimal, Decimal, Decimal]) -> None:
    qty, value, avg, quantity, cost, change = given
    assert qty is not None and value is not None and avg is not None and quantity is not None
    got = stock.move_value(qty, value, avg, quantity, cost, change)
    assert (got.unit_cost, got.value_change, got.avg_after) == wanted


def test_an_issue_of_more_than_there_is_and_a_zero_move_are_bugs() -> None:
    with pytest.raises(ValueError):
        stock.move_value(D(1), D(1), D(1), D(-2))
    with pytest.raises(ValueError):
        stock.move_value(D(1), D(1), D(1), D(0))


def test_kinds() -> None:
    assert stock.prefix_of("purchase_receipt") == "RK"
    assert stock.kind_rule("scrap").target_type == "scrap"
    assert "stocktake_adjustment" not in stock.TYPED_KINDS
    assert set(stock.KIND_LABELS) == set(stock.KIND_RULES)
    assert len({rule.prefix for rule in stock.KIND_RULES.values()}) == len(stock.KIND_RULES)
    assert stock.format_number("RK", 2026, 123) == "RK2026-000123"
    assert stock.format_number("RK", 2026, 1234567) == "RK2026-1234567"
    with pytest.raises(ValueError):
        stock.format_number("RK", 2026, 0)
