"""Fee lines and settlement totals (Decimal, half-up to the cent).

The case tables are module-level so the database tests can reuse them:
`from tests.unit.test_fees import SETTLEMENT_CASES, SETTLEMENT_ERROR_CASES`. Amounts
are strings with at most 2 decimals (numeric(12,2) on the server); a line is
(kind, description, quantity, unit_price, billed_to).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.domain import fees
from aftersales_desktop.domain.fees import FeeLine, SettlementTotals, compute_settlement

Line = tuple[str, str, str, str, str]
# (lines, discount, discount_reason, payment_method, paid or None, expected totals:
#  subtotal, customer_subtotal, manufacturer_amount, shop_amount, discount,
#  customer_due, paid, change)
SettlementCase = tuple[list[Line], str, str, str, str | None,
                       tuple[str, str, str, str, str, str, str, str]]

LABOUR_80: Line = ("labour", "Replace compressor", "1", "80.00", "customer")
MIXED: list[Line] = [
    ("part", "Door seal", "2", "35.50", "customer"),
    ("labour", "Repair labour", "1", "50.00", "manufacturer"),
    ("other", "Transport", "1", "20.00", "shop"),
]

SETTLEMENT_CASES: list[SettlementCase] = [
    ([LABOUR_80], "0", "", "cash", "100",
     ("80.00", "80.00", "0.00", "0.00", "0.00", "80.00", "100.00", "20.00")),
    ([LABOUR_80], "0", "", "cash", "80.00",
     ("80.00", "80.00", "0.00", "0.00", "0.00", "80.00", "80.00", "0.00")),
    ([LABOUR_80], "0", "", "wechat", None,
     ("80.00", "80.00", "0.00", "0.00", "0.00", "80.00", "80.00", "0.00")),
    ([LABOUR_80], "0", "", "alipay", "80",
     ("80.00", "80.00", "0.00", "0.00", "0.00", "80.00", "80.00", "0.00")),
    ([LABOUR_80], "0.00", "", "transfer", None,
     ("80.00", "80.00", "0.00", "0.00", "0.00", "80.00", "80.00", "0.00")),
    (MIXED, "1.00", "round down", "card", None,
     ("141.00", "71.00", "50.00", "20.00", "1.00", "70.00", "70.00", "0.00")),
    (MIXED, "0", "", "cash", "100",
     ("141.00", "71.00", "50.00", "20.00", "0.00", "71.00", "100.00", "29.00")),
    # the customer owes nothing: no payment, whatever method or amount is given
    ([("part", "Main board", "1", "300.00", "manufacturer"),
      ("labour", "Labour", "1", "60.00", "manufacturer")], "0", "", "none", None,
     ("360.00", "0.00", "360.00", "0.00", "0.00", "0.00", "0.00", "0.00")),
    ([("labour", "Rework", "1", "60.00", "shop")], "0", "", "cash", "10",
     ("60.00", "0.00", "0.00", "60.00", "0.00", "0.00", "0.00", "0.00")),
    ([LABOUR_80], "80", "regular customer", "none", None,
     ("80.00", "80.00", "0.00", "0.00", "80.00", "0.00", "0.00", "0.00")),
    ([("labour", "Free check", "1", "0", "customer")], "0", "", "none", None,
     ("0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00")),
    ([("labour", "Free check", "1", "0.00", "customer"), LABOUR_80], "0", "", "wechat", None,
     ("80.00", "80.00", "0.00", "0.00", "0.00", "80.00", "80.00", "0.00")),
    # rounding half up, line by line
    ([("part", "Screw", "0.5", "0.01", "customer")], "0", "", "cash", "0.01",
     ("0.01", "0.01", "0.00", "0.00", "0.00", "0.01", "0.01", "0.00")),
    ([("part", "Washer", "0.5", "0.05", "customer"),
      ("part", "Cable", "1.5", "3.33", "customer"),
      ("labour", "Labour", "2.5", "0.03", "customer")], "0", "", "cash", "10",
     ("5.11", "5.11", "0.00", "0.00", "0.00", "5.11", "10.00", "4.89")),
    ([("part", "Glue", "0.33", "1.01", "customer")] * 3, "0", "", "alipay", None,
     ("0.99", "0.99", "0.00", "0.00", "0.00", "0.99", "0.99", "0.00")),
    ([("labour", "Labour", "2.5", "40.00", "customer")], "0.50", "goodwill", "cash", "100",
     ("100.00", "100.00", "0.00", "0.00", "0.50", "99.50", "100.00", "0.50")),
    # just under the limit
    ([("part", "Compressor batch", "1", "9999999.99", "customer")], "0", "", "cash",
     "9999999.99",
     ("9999999.99", "9999999.99", "0.00", "0.00", "0.00", "9999999.99", "9999999.99",
      "0.00")),
]

# (lines, discount, discount_reason, payment_method, paid or None, field of the error)
SettlementErrorCase = tuple[list[Line], str, str, str, str | None, str]
SETTLEMENT_ERROR_CASES: list[SettlementErrorCase] = [
    ([], "0", "", "cash", "10", "lines"),
    ([], "0", "", "none", None, "lines"),
    ([("labour", "", "1", "80.00", "customer")], "0", "", "cash", "80", "lines"),
    ([LABOUR_80, ("labour", "   ", "1", "80.00", "customer")], "0", "", "cash", "160",
     "lines"),
    ([("service", "Labour", "1", "80.00", "customer")], "0", "", "cash", "80", "lines"),
    ([("labour", "Labour", "1", "80.00", "insurer")], "0", "", "cash", "80", "lines"),
    ([("labour", "Labour", "0", "80.00", "customer")], "0", "", "cash", "80", "lines"),
    ([("labour", "Labour", "-1", "80.00", "customer")], "0", "", "cash", "80", "lines"),
    ([("labour", "Labour", "1", "-0.01", "customer")], "0", "", "cash", "80", "lines"),
    ([("part", "Too much", "1", "10000000.00", "customer")], "0", "", "cash", None, "lines"),
    ([("part", "Too much", "2", "5000000.00", "customer")], "0", "", "cash", None, "lines"),
    ([("part", "Big", "1", "6000000.00", "manufacturer"),
      ("part", "Big", "1", "6000000.00", "manufacturer")], "0", "", "none", None, "lines"),
    # line errors come before everything else
    ([("labour", "", "1", "80.00", "customer")], "-1", "", "bitcoin", None, "lines"),
    # discount
    ([LABOUR_80], "-1", "oops", "cash", "80", "discount"),
    ([LABOUR_80], "-1", "oops", "bitcoin", None, "discount"),
    ([LABOUR_80], "80.01", "too kind", "cash", "0", "discount"),
    (MIXED, "72.00", "more than the customer's part", "none", None, "discount"),
    ([LABOUR_80], "5", "", "cash", "75", "discount_reason"),
    ([LABOUR_80], "5", "   ", "cash", "75", "discount_reason"),
    # payment method
    ([LABOUR_80], "0", "", "bitcoin", "80", "payment_method"),
    ([("labour", "Rework", "1", "60.00", "shop")], "0", "", "bitcoin", None, "payment_method"),
    ([LABOUR_80], "0", "", "none", None, "payment_method"),
    ([LABOUR_80], "0", "", "none", "80", "payment_method"),
    ([LABOUR_80], "5", "coupon", "none", None, "payment_method"),
    # amount paid
    ([LABOUR_80], "0", "", "cash", None, "paid"),
    ([LABOUR_80], "0", "", "cash", "79.99", "paid"),
    ([LABOUR_80], "0", "", "cash", "-80", "paid"),
    ([LABOUR_80], "0", "", "card", "79.99", "paid"),
    ([LABOUR_80], "0", "", "wechat", "100", "paid"),
    ([LABOUR_80], "0", "", "transfer", "80.01", "paid"),
    ([LABOUR_80], "5", "coupon", "alipay", "80", "paid"),
    ([LABOUR_80], "0", "", "cash", "10000000", "paid"),
]


def _lines(lines: list[Line]) -> list[FeeLine]:
    return [FeeLine(kind, description, Decimal(quantity), Decimal(price), billed_to)
            for kind, description, quantity, price, billed_to in lines]


def _settle(lines: list[Line], discount: str, reason: str, method: str,
            paid: str | None) -> SettlementTotals:
    return compute_settlement(_lines(lines), discount=Decimal(discount), discount_reason=reason,
                              payment_method=method,
                              paid=None if paid is None else Decimal(paid))


@pytest.mark.parametrize(("lines", "discount", "reason", "method", "paid", "expected"),
                         SETTLEMENT_CASES)
def test_compute_settlement(lines: list[Line], discount: str, reason: str, method: str,
                            paid: str | None,
                            expected: tuple[str, str, str, str, str, str, str, str]) -> None:
    totals = _settle(lines, discount, reason, method, paid)
    # str() also checks that every amount has exactly two decimals
    assert tuple(str(value) for value in (
        totals.subtotal, totals.customer_subtotal, totals.manufacturer_amount,
        totals.shop_amount, totals.discount, totals.customer_due, totals.paid,
        totals.change)) == expected
    assert totals.subtotal == (totals.customer_subtotal + totals.manufacturer_amount
                               + totals.shop_amount)
    assert all(isinstance(value, Decimal) for value in vars(totals).values())


@pytest.mark.parametrize(("lines", "discount", "reason", "method", "paid", "field"),
                         SETTLEMENT_ERROR_CASES)
def test_compute_settlement_refuses(lines: list[Line], discount: str, reason: str,
                                    method: str, paid: str | None, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _settle(lines, discount, reason, method, paid)
    assert caught.value.field == field


@pytest.mark.parametrize(("arguments", "message"), [
    (([], "0", "", "cash", "1"), "Add at least one fee line."),
    (([LABOUR_80, ("part", " ", "1", "1", "customer")], "0", "", "cash", "81"),
     "Line 2: enter what the fee is for."),
    (([("part", "Seal", "0", "1", "customer")], "0", "", "cash", "1"),
     "Line 1: the quantity must be more than zero."),
    (([("part", "Seal", "1", "-1", "customer")], "0", "", "cash", "1"),
     "Line 1: a fee cannot be negative."),
    (([LABOUR_80], "-1", "x", "cash", "80"), "The discount cannot be negative."),
    (([LABOUR_80], "90", "x", "cash", "80"),
     "The discount (90.00) is more than the customer's total (80.00)."),
    (([LABOUR_80], "5", "", "cash", "80"), "Give a reason for the discount."),
    (([LABOUR_80], "0", "", "none", None), "Choose how the customer pays."),
    (([LABOUR_80], "0", "", "cash", None), "Enter the amount received."),
    (([LABOUR_80], "0", "", "cash", "50"), "The customer paid 50.00, less than 80.00."),
    (([LABOUR_80], "0", "", "wechat", "100"), "Only cash can be overpaid."),
])
def test_messages(arguments: tuple[list[Line], str, str, str, str | None],
                  message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _settle(*arguments)
    assert str(caught.value) == message


# (quantity, unit_price, amount): half up to the cent
AMOUNT_CASES: list[tuple[str, str, str]] = [
    ("1", "0.005", "0.01"),
    ("1", "0.004", "0.00"),
    ("1", "0.015", "0.02"),
    ("1", "0.025", "0.03"),
    ("0.5", "0.05", "0.03"),
    ("3", "33.335", "100.01"),
    ("1.5", "3.33", "5.00"),
    ("2", "0", "0.00"),
    ("0.001", "1", "0.00"),
    ("12", "19.90", "238.80"),
]


@pytest.mark.parametrize(("quantity", "price", "amount"), AMOUNT_CASES)
def test_line_amount(quantity: str, price: str, amount: str) -> None:
    line = FeeLine("part", "x", Decimal(quantity), Decimal(price))
    assert str(line.amount) == amount
    assert line.billed_to == "customer"


@pytest.mark.parametrize(("discount", "paid", "field"), [
    ("0.001", "80", "discount"),
    ("0", "80.001", "paid"),
    ("NaN", "80", "discount"),
    ("0", "Infinity", "paid"),
])
def test_amounts_have_two_decimals(discount: str, paid: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _settle([LABOUR_80], discount, "x", "cash", paid)
    assert caught.value.field == field


@pytest.mark.parametrize(("quantity", "price"), [("NaN", "1"), ("1", "Infinity")])
def test_line_numbers_must_be_finite(quantity: str, price: str) -> None:
    with pytest.raises(ValidationError) as caught:
        compute_settlement([FeeLine("part", "x", Decimal(quantity), Decimal(price))],
                           discount=Decimal(0), discount_reason="", payment_method="cash",
                           paid=Decimal(1))
    assert caught.value.field == "lines"


def test_floats_are_refused() -> None:
    float_line = FeeLine("part", "x", 1.0, Decimal("1"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        compute_settlement([float_line], discount=Decimal(0), discount_reason="",
                           payment_method="cash", paid=Decimal(1))
    with pytest.raises(TypeError):
        compute_settlement([FeeLine("part", "x", Decimal(1), Decimal(1))],
                           discount=0.0,  # type: ignore[arg-type]
                           discount_reason="", payment_method="cash", paid=Decimal(1))


def test_negative_zero_discount() -> None:
    totals = compute_settlement(_lines([LABOUR_80]), discount=Decimal("-0.00"),
                                discount_reason="", payment_method="wechat", paid=None)
    assert str(totals.discount) == "0.00"


def test_labels() -> None:
    assert list(fees.LINE_KINDS) == ["part", "labour", "other"]
    assert list(fees.PAYMENT_METHODS) == ["cash", "wechat", "alipay", "card", "transfer", "none"]
    assert list(fees.BILLED_TO) == ["customer", "manufacturer", "shop"]
    assert fees.PAYMENT_METHODS["wechat"] == "WeChat Pay"
