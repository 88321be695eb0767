"""Column filters as typed by an operator, and how sensitive values are shown or hidden."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.domain.filters import (
    ColumnKind,
    Contains,
    DateRange,
    DigitsContain,
    IsBool,
    NumberRange,
    help_text,
    normalize,
    parse_filter,
)
from aftersales_desktop.domain.masking import (
    MASK,
    format_money,
    group_phone,
    mask_money,
    mask_phone,
)

D = Decimal

GOOD = [
    # text: contains, kept literally (wildcards are the data layer's business)
    ("text", "压缩机", Contains("压缩机")),
    ("text", "  Haier  ", Contains("Haier")),
    ("text", "100%_x'", Contains("100%_x'")),
    ("text", "（全角）", Contains("（全角）")),
    # phone: digits only, spaces and dashes ignored
    ("phone", "138", DigitsContain("138")),
    ("phone", "138 1234 5678", DigitsContain("13812345678")),
    ("phone", "010-8888-1234", DigitsContain("01088881234")),
    ("phone", "１３８", DigitsContain("138")),
    # int
    ("int", "100", NumberRange(100, 100)),
    ("int", "=7", NumberRange(7, 7)),
    ("int", ">100", NumberRange(100, None, low_inclusive=False)),
    ("int", ">= 100", NumberRange(100, None)),
    ("int", "<5", NumberRange(None, 5, high_inclusive=False)),
    ("int", "<=5", NumberRange(None, 5)),
    ("int", "10..20", NumberRange(10, 20)),
    ("int", "10 .. 20", NumberRange(10, 20)),
    ("int", "-5..-1", NumberRange(-5, -1)),
    ("int", "10..", NumberRange(10, None)),
    ("int", "..20", NumberRange(None, 20)),
    ("int", "1,000", NumberRange(1000, 1000)),
    ("int", "＞１００", NumberRange(100, None, low_inclusive=False)),
    # money: Decimal, never float
    ("money", "100", NumberRange(D("100"), D("100"))),
    ("money", "99.50", NumberRange(D("99.50"), D("99.50"))),
    ("money", "¥1,234.50", NumberRange(D("1234.50"), D("1234.50"))),
    ("money", "￥88", NumberRange(D("88"), D("88"))),
    ("money", ">100", NumberRange(D("100"), None, low_inclusive=False)),
    ("money", "<0.5", NumberRange(None, D("0.5"), high_inclusive=False)),
    ("money", "10..20.5", NumberRange(D("10"), D("20.5"))),
    ("money", ".5", NumberRange(D("0.5"), D("0.5"))),
    ("money", "-3.20", NumberRange(D("-3.20"), D("-3.20"))),
    # quantity: a decimal number (parts, hours), no currency
    ("quantity", "2", NumberRange(D("2"), D("2"))),
    ("quantity", "1.5", NumberRange(D("1.5"), D("1.5"))),
    ("quantity", ">=0.25", NumberRange(D("0.25"), None)),
    ("quantity", "1..5", NumberRange(D("1"), D("5"))),
    # dates: a day, a month, a year, ranges, comparisons; end is exclusive
    ("date", "2026-11-23", DateRange(date(2026, 11, 23), date(2026, 11, 24))),
    ("date", "2026/11/23", DateRange(date(2026, 11, 23), date(2026, 11, 24))),
    ("date", "20261123", DateRange(date(2026, 11, 23), date(2026, 11, 24))),
    ("date", "2026-11", DateRange(date(2026, 11, 1), date(2026, 12, 1))),
    ("date", "2026-12", DateRange(date(2026, 12, 1), date(2027, 1, 1))),
    ("date", "2028-02", DateRange(date(2028, 2, 1), date(2028, 3, 1))),
    ("date", "2026", DateRange(date(2026, 1, 1), date(2027, 1, 1))),
    ("date", "2026-11-01..2026-11-30", DateRange(date(2026, 11, 1), date(2026, 12, 1))),
    ("date", "2026-10..2026-11", DateRange(date(2026, 10, 1), date(2026, 12, 1))),
    ("date", "2026-11-05..2026-11-05", DateRange(date(2026, 11, 5), date(2026, 11, 6))),
    ("date", "2026-11-01..", DateRange(date(2026, 11, 1), None)),
    ("date", "..2026-11-03", DateRange(None, date(2026, 11, 4))),
    ("date", ">2026-11-01", DateRange(date(2026, 11, 2), None)),
    ("date", ">=2026-11-01", DateRange(date(2026, 11, 1), None)),
    ("date", "<2026-11-01", DateRange(None, date(2026, 11, 1))),
    ("date", "<=2026-11-01", DateRange(None, date(2026, 11, 2))),
    ("date", ">2026-11", DateRange(date(2026, 12, 1), None)),
    ("date", "=2026-11-23", DateRange(date(2026, 11, 23), date(2026, 11, 24))),
    ("datetime", "2026-11-23", DateRange(date(2026, 11, 23), date(2026, 11, 24))),
    ("datetime", "２０２６－１１", DateRange(date(2026, 11, 1), date(2026, 12, 1))),
    # bool
    ("bool", "是", IsBool(True)),
    ("bool", "否", IsBool(False)),
    ("bool", "yes", IsBool(True)),
    ("bool", "NO", IsBool(False)),
    ("bool", "True", IsBool(True)),
    ("bool", "false", IsBool(False)),
    ("bool", "1", IsBool(True)),
    ("bool", "0", IsBool(False)),
]


@pytest.mark.parametrize(("kind", "typed", "expected"), GOOD)
def test_good_input_parses(kind: str, typed: str, expected: object) -> None:
    assert parse_filter(kind, typed) == expected


def test_money_bounds_are_decimal_never_float() -> None:
    parsed = parse_filter(ColumnKind.MONEY, "0.1..0.3")
    assert isinstance(parsed, NumberRange)
    assert type(parsed.low) is Decimal and type(parsed.high) is Decimal
    assert parsed.high - parsed.low == Decimal("0.2")


def test_int_bounds_are_int() -> None:
    parsed = parse_filter("int", "7")
    assert isinstance(parsed, NumberRange)
    assert type(parsed.low) is int


@pytest.mark.parametrize("kind", [k.value for k in ColumnKind])
@pytest.mark.parametrize("typed", ["", "   ", "\t"])
def test_blank_means_no_filter(kind: str, typed: str) -> None:
    assert parse_filter(kind, typed) is None


BAD = [
    ("int", "abc", "whole number"),
    ("int", "1.5", "whole number"),
    ("int", ">", "whole number"),
    ("int", ">>5", "whole number"),
    ("int", "..", "whole number"),
    ("int", "1..2..3", "whole number"),
    ("int", "20..10", "starts after it ends"),
    ("int", "1e5", "whole number"),
    ("int", "9" * 30, "whole number"),
    ("money", "nan", "amount"),
    ("money", "Infinity", "amount"),
    ("money", "1e5", "amount"),
    ("money", "12.3.4", "amount"),
    ("money", "abc", "amount"),
    ("money", "100..50", "starts after it ends"),
    ("money", "¥", "amount"),
    ("quantity", "¥2", "Enter a number"),
    ("quantity", "￥2", "Enter a number"),
    ("quantity", "two", "Enter a number"),
    ("quantity", "5..1", "starts after it ends"),
    ("date", "yesterday", "Enter a date"),
    ("date", "2026-13", "not a date"),
    ("date", "2026-02-30", "not a date"),
    ("date", "2026-11-31", "not a date"),
    ("date", "2026-00-10", "not a date"),
    ("date", "9999-12-31", "not a date"),
    ("date", "26-11-23", "Enter a date"),
    ("date", "2026-11-30..2026-11-01", "starts after it ends"),
    ("date", "..", "Enter a date"),
    ("date", ">", "Enter a date"),
    ("datetime", "2026-11-23 10:00", "Enter a date"),
    ("bool", "maybe", "yes or no"),
    ("bool", "对", "yes or no"),
    ("bool", "2", "yes or no"),
    ("phone", "abc", "digits only"),
    ("phone", "138x", "digits only"),
]


@pytest.mark.parametrize(("kind", "typed", "words"), BAD)
def test_bad_input_is_a_validation_error_naming_the_column(kind: str, typed: str,
                                                           words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_filter(kind, typed, field="price")
    assert caught.value.field == "price"
    assert words in caught.value.text()


def test_backwards_range_message_shows_what_was_typed() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_filter("int", "20..10")
    assert "(20..10)" in caught.value.text()


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_filter("colour", "red")


@pytest.mark.parametrize("kind", list(ColumnKind))
def test_every_kind_has_a_hint(kind: ColumnKind) -> None:
    assert help_text(kind)


def test_normalize_folds_full_width() -> None:
    assert normalize(" ＞＝１００ ") == ">=100"


@pytest.mark.parametrize(("stored", "shown"), [
    ("13812345678", "138 1234 5678"),
    ("138 1234 5678", "138 1234 5678"),
    ("138-1234-5678", "138 1234 5678"),
    ("+8613812345678", "+86 138 1234 5678"),
    ("010-88881234", "010-88881234"),
    ("12345", "12345"),
    ("", ""),
    (None, ""),
])
def test_group_phone(stored: str | None, shown: str) -> None:
    assert group_phone(stored) == shown


# Module-level: tests/db/test_rules_agree.py runs the same cases through app.phone_masked.
MASK_CASES: list[tuple[str | None, str]] = [
    ("13812345678", "138****5678"),
    ("138 1234 5678", "138****5678"),
    ("+8613812345678", "861******5678"),
    ("0571-8888888", "057****8888"),
    ("010-12345678", "010****5678"),
    ("88881234", "****1234"),
    ("12345", "****2345"),
    ("1234", MASK),
    ("1", MASK),
    ("１３８１２３４５６７８", ""),  # full-width digits are not stored digits: nothing shows
    ("138****5678", "****5678"),  # masking a masked number shows no more
    ("", ""),
    (None, ""),
]


@pytest.mark.parametrize(("stored", "masked"), MASK_CASES)
def test_mask_phone(stored: str | None, masked: str) -> None:
    assert mask_phone(stored) == masked


def test_masked_phone_never_shows_the_middle_digits() -> None:
    assert "1234" not in mask_phone("13812345678")[:7]


@pytest.mark.parametrize("amount", [Decimal("0.01"), Decimal("1234.50"), Decimal("-99"), None])
def test_masked_money_is_always_the_same(amount: Decimal | None) -> None:
    assert mask_money(amount) == "****"


@pytest.mark.parametrize(("amount", "shown"), [
    (Decimal("1234.5"), "¥1,234.50"),
    (Decimal("0"), "¥0.00"),
    (Decimal("1234567.891"), "¥1,234,567.89"),
    (Decimal("0.005"), "¥0.01"),
    (Decimal("-1234.50"), "-¥1,234.50"),
    (12, "¥12.00"),
    (None, ""),
])
def test_format_money(amount: Decimal | int | None, shown: str) -> None:
    assert format_money(amount) == shown


def test_a_summary_totals_amounts_and_quantities_but_not_unit_prices_or_balances() -> None:
    """A valuation's total of average costs (¥2,654.72 of nothing) or a stock card's total
    of balances after each move means nothing: those columns are not totalled."""
    from aftersales_desktop.data.masterdata_lists import CATALOGUE_WITH_COSTS
    from aftersales_desktop.data.stock_lists import STOCK_CARD_WITH_COSTS, STOCK_VALUATION

    def totalled(source) -> set[str]:  # type: ignore[no-untyped-def]
        return {c.key for c in source.columns if c.can_total}

    assert totalled(STOCK_VALUATION) == {"quantity", "stock_value"}
    assert totalled(STOCK_CARD_WITH_COSTS) == {"quantity", "value_change"}
    assert "sale_price" not in totalled(CATALOGUE_WITH_COSTS)
    assert "cost_price" not in totalled(CATALOGUE_WITH_COSTS)
