"""Fee lines and settlement totals (Decimal, half-up to the cent).

The case tables are module-level so the database tests can reuse them:
`from tests.unit.test_fees import SETTLEMENT_CASES, SETTLEMENT_ERROR_CASES`. Amounts
are strings with at most 2 decimals (numeric(12,2) on the server); a line is
(kind, description, quantity, unit_price, billed_to).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales_desktop.core.errors import Refused, ValidationError
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

# (lines, discount, discount_reason, payment_method, paid or None, field, refusal code)
SettlementErrorCase = tuple[list[Line], str, str, str, str | None, str, str]
SETTLEMENT_ERROR_CASES: list[SettlementErrorCase] = [
    ([], "0", "", "cash", "10", "lines", "lines_required"),
    ([], "0", "", "none", None, "lines", "lines_required"),
    ([("labour", "", "1", "80.00", "customer")], "0", "", "cash", "80", "lines",
     "line_description_required"),
    ([LABOUR_80, ("labour", "   ", "1", "80.00", "customer")], "0", "", "cash", "160",
     "lines", "line_description_required"),
    ([("service", "Labour", "1", "80.00", "customer")], "0", "", "cash", "80", "lines",
     "line_kind_invalid"),
    ([("labour", "Labour", "1", "80.00", "insurer")], "0", "", "cash", "80", "lines",
     "line_payer_invalid"),
    ([("labour", "Labour", "0", "80.00", "customer")], "0", "", "cash", "80", "lines",
     "line_quantity_invalid"),
    ([("labour", "Labour", "-1", "80.00", "customer")], "0", "", "cash", "80", "lines",
     "line_quantity_invalid"),
    # the quantity is stored to the cent: 0.004 is no quantity at all
    ([("labour", "Labour", "0.004", "80.00", "customer")], "0", "", "cash", "80", "lines",
     "line_quantity_invalid"),
    ([("labour", "Labour", "1", "-0.01", "customer")], "0", "", "cash", "80", "lines",
     "line_price_negative"),
    ([("labour", "Labour", "NaN", "1", "customer")], "0", "", "cash", "80", "lines",
     "line_number_invalid"),
    ([("labour", "Labour", "1", "Infinity", "customer")], "0", "", "cash", "80", "lines",
     "line_number_invalid"),
    ([("part", "Too much", "1", "10000000.00", "customer")], "0", "", "cash", None, "lines",
     "line_amount_too_large"),
    ([("part", "Too much", "2", "5000000.00", "customer")], "0", "", "cash", None, "lines",
     "line_amount_too_large"),
    ([("part", "Big", "1", "6000000.00", "manufacturer"),
      ("part", "Big", "1", "6000000.00", "manufacturer")], "0", "", "none", None, "lines",
     "total_too_large"),
    # line errors come before everything else
    ([("labour", "", "1", "80.00", "customer")], "-1", "", "bitcoin", None, "lines",
     "line_description_required"),
    # discount
    ([LABOUR_80], "-1", "oops", "cash", "80", "discount", "discount_negative"),
    ([LABOUR_80], "-1", "oops", "bitcoin", None, "discount", "discount_negative"),
    ([LABOUR_80], "NaN", "oops", "cash", "80", "discount", "discount_invalid"),
    ([LABOUR_80], "10000000", "oops", "cash", "80", "discount", "discount_too_large"),
    ([LABOUR_80], "80.01", "too kind", "cash", "0", "discount", "discount_above_total"),
    (MIXED, "72.00", "more than the customer's part", "none", None, "discount",
     "discount_above_total"),
    ([LABOUR_80], "5", "", "cash", "75", "discount_reason", "discount_reason_required"),
    ([LABOUR_80], "5", "   ", "cash", "75", "discount_reason", "discount_reason_required"),
    # half a cent is a cent: it needs a reason like any discount
    ([LABOUR_80], "0.005", "", "cash", "80", "discount_reason", "discount_reason_required"),
    # payment method
    ([LABOUR_80], "0", "", "bitcoin", "80", "payment_method", "payment_method_invalid"),
    ([("labour", "Rework", "1", "60.00", "shop")], "0", "", "bitcoin", None, "payment_method",
     "payment_method_invalid"),
    ([LABOUR_80], "0", "", "none", None, "payment_method", "payment_method_invalid"),
    ([LABOUR_80], "0", "", "none", "80", "payment_method", "payment_method_invalid"),
    ([LABOUR_80], "5", "coupon", "none", None, "payment_method", "payment_method_invalid"),
    # amount paid
    ([LABOUR_80], "0", "", "cash", None, "paid", "paid_required"),
    ([LABOUR_80], "0", "", "cash", "79.99", "paid", "underpaid"),
    ([LABOUR_80], "0", "", "cash", "79.994", "paid", "underpaid"),
    ([LABOUR_80], "0", "", "cash", "-80", "paid", "underpaid"),
    ([LABOUR_80], "0", "", "card", "79.99", "paid", "underpaid"),
    ([LABOUR_80], "0", "", "cash", "Infinity", "paid", "paid_invalid"),
    ([LABOUR_80], "0", "", "wechat", "100", "paid", "overpaid_non_cash"),
    ([LABOUR_80], "0", "", "transfer", "80.01", "paid", "overpaid_non_cash"),
    ([LABOUR_80], "5", "coupon", "alipay", "80", "paid", "overpaid_non_cash"),
    ([LABOUR_80], "0", "", "cash", "10000000", "paid", "paid_too_large"),
]

# Who pays: (lines, the ticket's default payer or None, payer reason, the refusal code or
# whether the settlement overrides the payer). The default follows the warranty class
# (warranty.billed_to_default); any other payer needs a reason (and warranty.override).
PAYER_CASES: list[tuple[list[Line], str | None, str, str | bool]] = [
    ([LABOUR_80], "customer", "", False),
    ([LABOUR_80], None, "", False),
    ([("labour", "Labour", "1", "80.00", "manufacturer")], None, "", False),
    ([("labour", "Labour", "1", "80.00", "manufacturer")], "manufacturer", "", False),
    ([("labour", "Rework", "1", "60.00", "shop")], "shop", "", False),
    # out of warranty billed to the manufacturer: the case a counter clerk got through psql
    ([("labour", "Labour", "1", "80.00", "manufacturer")], "customer", "",
     "payer_reason_required"),
    ([("labour", "Labour", "1", "80.00", "manufacturer")], "customer", "   ",
     "payer_reason_required"),
    ([("labour", "Labour", "1", "80.00", "manufacturer")], "customer", "factory goodwill",
     True),
    # in warranty, but the customer pays for something: an override too
    ([("part", "Seal", "1", "35.00", "manufacturer"), LABOUR_80], "manufacturer", "",
     "payer_reason_required"),
    ([("part", "Seal", "1", "35.00", "manufacturer"), LABOUR_80], "manufacturer",
     "labour not covered", True),
    ([("labour", "Rework", "1", "60.00", "customer")], "shop", "", "payer_reason_required"),
    # the payer rule comes after the line checks
    ([("labour", "", "1", "80.00", "manufacturer")], "customer", "",
     "line_description_required"),
]

# Rounding before checking: (lines, discount, reason, method, paid, expected as in
# SETTLEMENT_CASES). A discount of 0.004 is stored as 0.00, so the customer owes 10.00.
ROUNDING_CASES: list[SettlementCase] = [
    ([("labour", "Labour", "1", "10.00", "customer")], "0.004", "", "cash", "10",
     ("10.00", "10.00", "0.00", "0.00", "0.00", "10.00", "10.00", "0.00")),
    ([("labour", "Labour", "1", "10.00", "customer")], "0.005", "rounding", "cash", "10",
     ("10.00", "10.00", "0.00", "0.00", "0.01", "9.99", "10.00", "0.01")),
    ([LABOUR_80], "0", "", "cash", "80.004",
     ("80.00", "80.00", "0.00", "0.00", "0.00", "80.00", "80.00", "0.00")),
    ([LABOUR_80], "0", "", "cash", "80.005",
     ("80.00", "80.00", "0.00", "0.00", "0.00", "80.00", "80.01", "0.01")),
    ([LABOUR_80], "-0.004", "", "wechat", None,
     ("80.00", "80.00", "0.00", "0.00", "0.00", "80.00", "80.00", "0.00")),
    ([("part", "Gasket", "1", "0.004", "customer")], "0", "", "none", None,
     ("0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00")),
    ([("part", "Cable", "0.333", "3.00", "customer")], "0", "", "cash", "1",
     ("0.99", "0.99", "0.00", "0.00", "0.00", "0.99", "1.00", "0.01")),
    ([("part", "Cable", "3", "33.335", "customer")], "0", "", "cash", "100.02",
     ("100.02", "100.02", "0.00", "0.00", "0.00", "100.02", "100.02", "0.00")),
]


def _lines(lines: list[Line]) -> list[FeeLine]:
    return [FeeLine(kind, description, Decimal(quantity), Decimal(price), billed_to)
            for kind, description, quantity, price, billed_to in lines]


def _settle(lines: list[Line], discount: str, reason: str, method: str,
            paid: str | None, default_payer: str | None = None,
            payer_reason: str = "") -> SettlementTotals:
    return compute_settlement(_lines(lines), discount=Decimal(discount), discount_reason=reason,
                              payment_method=method,
                              paid=None if paid is None else Decimal(paid),
                              default_payer=default_payer, payer_reason=payer_reason)


def _amounts(totals: SettlementTotals) -> tuple[str, ...]:
    # str() also checks that every amount has exactly two decimals
    return tuple(str(value) for value in (
        totals.subtotal, totals.customer_subtotal, totals.manufacturer_amount,
        totals.shop_amount, totals.discount, totals.customer_due, totals.paid, totals.change))


@pytest.mark.parametrize(("lines", "discount", "reason", "method", "paid", "expected"),
                         SETTLEMENT_CASES + ROUNDING_CASES)
def test_compute_settlement(lines: list[Line], discount: str, reason: str, method: str,
                            paid: str | None,
                            expected: tuple[str, str, str, str, str, str, str, str]) -> None:
    totals = _settle(lines, discount, reason, method, paid)
    assert _amounts(totals) == expected
    assert totals.subtotal == (totals.customer_subtotal + totals.manufacturer_amount
                               + totals.shop_amount)
    assert not totals.payer_override


@pytest.mark.parametrize(("lines", "discount", "reason", "method", "paid", "field", "code"),
                         SETTLEMENT_ERROR_CASES)
def test_compute_settlement_refuses(lines: list[Line], discount: str, reason: str,
                                    method: str, paid: str | None, field: str,
                                    code: str) -> None:
    with pytest.raises(Refused) as caught:
        _settle(lines, discount, reason, method, paid)
    assert (caught.value.field, caught.value.code) == (field, code)


@pytest.mark.parametrize(("lines", "default_payer", "payer_reason", "expected"), PAYER_CASES)
def test_who_pays(lines: list[Line], default_payer: str | None, payer_reason: str,
                  expected: str | bool) -> None:
    method = "cash" if any(line[4] == "customer" for line in lines) else "none"
    arguments = (lines, "0", "", method, "1000", default_payer, payer_reason)
    if isinstance(expected, str):
        with pytest.raises(Refused) as caught:
            _settle(*arguments)
        assert caught.value.code == expected
    else:
        assert _settle(*arguments).payer_override is expected


def test_payer_message_names_both_payers() -> None:
    with pytest.raises(Refused) as caught:
        _settle([("labour", "Labour", "1", "80.00", "manufacturer")], "0", "", "none", None,
                "customer", "")
    assert caught.value.field == "payer_reason"
    assert caught.value.text() == ("The fees of this ticket are billed to Customer; give a "
                                   "reason for billing Manufacturer instead.")
    chinese = {"Customer": "客户", "Manufacturer": "厂家"}
    assert "客户" in caught.value.text(lambda source: chinese.get(source, source))


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
    (([LABOUR_80], "0", "", "cash", "50"), "The customer has to pay at least 80.00."),
    (([LABOUR_80], "0", "", "wechat", "100"), "Only cash can be overpaid."),
])
def test_messages(arguments: tuple[list[Line], str, str, str, str | None],
                  message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _settle(*arguments)
    assert str(caught.value) == message


# (quantity, unit_price, amount): both rounded half up to the cent (as stored), then the
# product rounded half up to the cent
AMOUNT_CASES: list[tuple[str, str, str]] = [
    ("1", "0.005", "0.01"),
    ("1", "0.004", "0.00"),
    ("1", "0.015", "0.02"),
    ("1", "0.025", "0.03"),
    ("0.5", "0.05", "0.03"),
    ("3", "33.335", "100.02"),  # 3 x 33.34, as the stored line reads
    ("1.5", "3.33", "5.00"),
    ("2", "0", "0.00"),
    ("0.001", "1", "0.00"),
    ("0.333", "3", "0.99"),
    ("12", "19.90", "238.80"),
]


@pytest.mark.parametrize(("quantity", "price", "amount"), AMOUNT_CASES)
def test_line_amount(quantity: str, price: str, amount: str) -> None:
    line = FeeLine("part", "x", Decimal(quantity), Decimal(price))
    assert str(line.amount) == amount
    assert line.billed_to == "customer"


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


# ---- parts pre-orders -------------------------------------------------------------------
# (quantity, unit price, deposit) as typed, None when not given, and either the stored
# (quantity, unit_price, deposit, total, due) or the refusal (code, field).
# tests/db/test_rules_agree.py runs them through app.preorder_amounts too.
PreorderCase = tuple[str | None, str | None, str | None,
                     tuple[str, str, str, str, str] | tuple[str, str]]
PREORDER_CASES: list[PreorderCase] = [
    ("1", "45", "20", ("1.00", "45.00", "20.00", "45.00", "25.00")),
    ("2", "19.99", "0", ("2.00", "19.99", "0.00", "39.98", "39.98")),
    ("1", "45", None, ("1.00", "45.00", "0.00", "45.00", "45.00")),
    ("1", None, None, ("1.00", "0.00", "0.00", "0.00", "0.00")),
    ("1", "30", "30", ("1.00", "30.00", "30.00", "30.00", "0.00")),
    # rounded before checked: a deposit of 10.004 on a price of 10.004 is 10.00 on 10.00
    ("1", "10.004", "10.004", ("1.00", "10.00", "10.00", "10.00", "0.00")),
    ("1", "9.995", "10", ("1.00", "10.00", "10.00", "10.00", "0.00")),
    ("3", "0.335", "1.01", ("3.00", "0.34", "1.01", "1.02", "0.01")),
    ("1.005", "100", "0", ("1.01", "100.00", "0.00", "101.00", "101.00")),
    ("0.5", "0.01", "0", ("0.50", "0.01", "0.00", "0.01", "0.01")),
    ("1", "-0.004", "-0.004", ("1.00", "0.00", "0.00", "0.00", "0.00")),
    ("9999999999.994", "1", "0",
     ("9999999999.99", "1.00", "0.00", "9999999999.99", "9999999999.99")),
    # refused
    ("0", "45", "0", ("quantity_invalid", "quantity")),
    ("-1", "45", "0", ("quantity_invalid", "quantity")),
    ("0.004", "45", "0", ("quantity_invalid", "quantity")),
    (None, "45", "0", ("quantity_invalid", "quantity")),
    ("NaN", "45", "0", ("quantity_invalid", "quantity")),
    ("Infinity", "45", "0", ("quantity_invalid", "quantity")),
    ("10000000000", "0", "0", ("quantity_too_large", "quantity")),
    ("1", "-0.01", "0", ("negative_fee", "unit_price")),
    ("1", "-45", "50", ("negative_fee", "unit_price")),
    ("1", "45", "-5", ("negative_fee", "deposit")),
    ("1", "NaN", "0", ("amount_not_a_number", "unit_price")),
    ("1", "-Infinity", "0", ("amount_not_a_number", "unit_price")),
    ("1", "45", "Infinity", ("amount_not_a_number", "deposit")),
    ("1", "10000000000", "0", ("amount_too_large", "unit_price")),
    ("1", "45", "10000000000", ("amount_too_large", "deposit")),
    ("2", "5000000000", "0", ("amount_too_large", "unit_price")),
    ("1", "45", "45.01", ("deposit_above_total", "deposit")),
    ("1", "45", "45.005", ("deposit_above_total", "deposit")),
    ("2", "0", "0.01", ("deposit_above_total", "deposit")),
    ("0", "-1", "-1", ("quantity_invalid", "quantity")),  # the quantity is checked first
]


def _amount(raw: str | None) -> Decimal | None:
    return None if raw is None else Decimal(raw)


@pytest.mark.parametrize(("quantity", "price", "deposit", "expected"), PREORDER_CASES)
def test_preorder_amounts(quantity: str | None, price: str | None, deposit: str | None,
                          expected: tuple[str, ...]) -> None:
    if len(expected) == 2:
        with pytest.raises(Refused) as caught:
            fees.preorder_amounts(_amount(quantity), _amount(price), _amount(deposit))
        assert (caught.value.code, caught.value.field) == expected
        return
    amounts = fees.preorder_amounts(_amount(quantity), _amount(price), _amount(deposit))
    assert tuple(str(v) for v in (amounts.quantity, amounts.unit_price, amounts.deposit,
                                  amounts.total, amounts.due)) == expected


def test_preorder_refusals_read_as_the_catalogue_says() -> None:
    with pytest.raises(Refused) as caught:
        fees.preorder_amounts(Decimal(1), Decimal("NaN"), Decimal(0))
    assert caught.value.text() == "NaN is not an amount."
    with pytest.raises(Refused) as caught:
        fees.preorder_amounts(Decimal(1), Decimal(45), Decimal(50))
    assert caught.value.text() == "The deposit is more than the price."
    with pytest.raises(TypeError):
        fees.preorder_amounts(Decimal(1), 45.0, Decimal(0))  # type: ignore[arg-type]
