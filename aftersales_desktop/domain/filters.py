"""What an operator types into a list's column filter, parsed by column kind.

Pure rules, no Qt and no SQL: the data layer turns a parsed filter into a
WHERE clause, and the list widget parses the same text first so a typo shows
at the editor instead of reaching the server.

    text, phone   contains (case-insensitive; phones compare digits only)
    int, money,   100   >100   >=100   <5   <=5   10..20   (money and quantities as Decimal)
    quantity
    date,         2026-11-23   2026-11 (the whole month)   2026 (the whole year)
    datetime      2026-11-01..2026-11-30   >2026-11-01   <=2026-11   2026-11-01..
    bool          是 否 yes no true false 1 0
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Generic, TypeVar

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.refusals import REFUSALS, refuse


class ColumnKind(StrEnum):
    """How a list column's values are filtered, shown and exported."""

    TEXT = "text"
    INT = "int"
    MONEY = "money"
    QUANTITY = "quantity"  # a decimal count (parts, hours): a number, never shown as money
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"
    PHONE = "phone"


N = TypeVar("N", int, Decimal)


@dataclass(frozen=True)
class Contains:
    """Case-insensitive substring match on the column's text."""

    text: str


@dataclass(frozen=True)
class DigitsContain:
    """Substring match on the column's digits (a phone typed with or without spaces)."""

    digits: str


@dataclass(frozen=True)
class NumberRange(Generic[N]):
    """Bounds on a number; `None` leaves that side open. Equality is low == high, inclusive."""

    low: N | None = None
    high: N | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True


@dataclass(frozen=True)
class DateRange:
    """Whole local days from `start` up to, not including, `end`; `None` leaves a side open."""

    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class IsBool:
    value: bool


ColumnFilter = (
    Contains | DigitsContain | NumberRange[int] | NumberRange[Decimal] | DateRange | IsBool
)

_COMPARISON = re.compile(r"^(>=|<=|>|<|=)\s*(.*)$")
_RANGE = ".."

_BOOL_WORDS = {
    "是": True, "否": False,
    "yes": True, "no": False, "y": True, "n": False,
    "true": True, "false": False, "t": True, "f": False,
    "1": True, "0": False,
}

# The refusal codes of a filter that cannot be read; their messages say what the column
# takes and double as its help text.
_INT_HELP = "filter_int"
_MONEY_HELP = "filter_money"
_QUANTITY_HELP = "filter_quantity"
_DATE_HELP = "filter_date"
_BOOL_HELP = "filter_bool"
_PHONE_HELP = "filter_phone"


def normalize(raw: str) -> str:
    """Fold full-width input from a Chinese IME (＞１００, ２０２６－１１) to ASCII."""
    return unicodedata.normalize("NFKC", raw or "").strip()


def parse_filter(kind: ColumnKind | str, raw: str, *, field: str = "filter") -> ColumnFilter | None:
    """Parse one column filter; blank means no filter. Raises ValidationError naming `field`."""
    kind = ColumnKind(kind)
    if kind is ColumnKind.TEXT:
        # Literal: stored names and models may hold full-width characters themselves.
        return Contains(raw.strip()) if raw and raw.strip() else None
    text = normalize(raw)
    if not text:
        return None
    if kind is ColumnKind.PHONE:
        return _parse_phone(text, field)
    if kind is ColumnKind.INT:
        return _parse_numbers(text, field, _int, _INT_HELP)
    if kind is ColumnKind.MONEY:
        return _parse_numbers(text, field, _money, _MONEY_HELP)
    if kind is ColumnKind.QUANTITY:
        return _parse_numbers(text, field, _quantity, _QUANTITY_HELP)
    if kind in (ColumnKind.DATE, ColumnKind.DATETIME):
        return _parse_dates(text, field)
    return _parse_bool(text, field)


def help_text(kind: ColumnKind | str) -> str:
    """The English source hint for what a column of `kind` accepts (translate it to show)."""
    return {
        ColumnKind.TEXT: QT_TR_NOOP("Rows whose text contains what you type."),
        ColumnKind.PHONE: REFUSALS[_PHONE_HELP].message,
        ColumnKind.INT: REFUSALS[_INT_HELP].message,
        ColumnKind.MONEY: REFUSALS[_MONEY_HELP].message,
        ColumnKind.QUANTITY: REFUSALS[_QUANTITY_HELP].message,
        ColumnKind.DATE: REFUSALS[_DATE_HELP].message,
        ColumnKind.DATETIME: REFUSALS[_DATE_HELP].message,
        ColumnKind.BOOL: REFUSALS[_BOOL_HELP].message,
    }[ColumnKind(kind)]


def _parse_phone(text: str, field: str) -> DigitsContain:
    digits = re.sub(r"[\s\-()+]", "", text)
    if not digits.isdigit() or not digits.isascii():
        raise refuse(_PHONE_HELP, field=field)
    return DigitsContain(digits)


def _parse_bool(text: str, field: str) -> IsBool:
    value = _BOOL_WORDS.get(text.lower())
    if value is None:
        raise refuse(_BOOL_HELP, field=field)
    return IsBool(value)


# -- numbers ---------------------------------------------------------------------------------

def _int(text: str) -> int | None:
    text = text.replace(",", "").replace(" ", "")
    if not re.fullmatch(r"[+-]?\d{1,18}", text):
        return None
    return int(text)


def _money(text: str) -> Decimal | None:
    text = text.replace(",", "").replace(" ", "").lstrip("¥")
    if not re.fullmatch(r"[+-]?(\d{1,10}(\.\d*)?|\.\d+)", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None


def _quantity(text: str) -> Decimal | None:
    return None if "¥" in text else _money(text)


def _parse_numbers(text: str, field: str, convert: Callable[[str], N | None],
                   help_message: str) -> NumberRange[N]:
    def number(part: str) -> N:
        value = convert(part.strip())
        if value is None:
            raise refuse(help_message, field=field)
        return value

    if _RANGE in text:
        low_text, _, high_text = text.partition(_RANGE)
        if not low_text.strip() and not high_text.strip():
            raise refuse(help_message, field=field)
        low = number(low_text) if low_text.strip() else None
        high = number(high_text) if high_text.strip() else None
        if low is not None and high is not None and low > high:
            raise refuse("filter_backwards", field=field, low=low_text.strip(),
                         high=high_text.strip())
        return NumberRange(low, high)
    match = _COMPARISON.match(text)
    if match is None:
        value = number(text)
        return NumberRange(value, value)
    operator, rest = match.groups()
    value = number(rest)
    if operator == ">":
        return NumberRange(value, None, low_inclusive=False)
    if operator == ">=":
        return NumberRange(value, None)
    if operator == "<":
        return NumberRange(None, value, high_inclusive=False)
    if operator == "<=":
        return NumberRange(None, value)
    return NumberRange(value, value)


# -- dates -----------------------------------------------------------------------------------

_DATE_PATTERN = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _period(text: str, field: str) -> tuple[date, date]:
    """The first day of a typed day, month or year and the day after its last."""
    text = text.strip()
    match = _DATE_PATTERN.match(text) or _COMPACT_DATE.match(text)
    if match is None:
        raise refuse(_DATE_HELP, field=field)
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 1, 1), date(year + 1, 1, 1)
        if day is None:
            first = date(year, month, 1)
            return first, first + timedelta(days=calendar.monthrange(year, month)[1])
        first = date(year, month, day)
        return first, first + timedelta(days=1)
    except (ValueError, OverflowError):  # 2026-02-30, month 13, or past year 9999
        raise refuse("filter_no_such_date", field=field, value=text) from None


def _parse_dates(text: str, field: str) -> DateRange:
    if _RANGE in text:
        low_text, _, high_text = text.partition(_RANGE)
        if not low_text.strip() and not high_text.strip():
            raise refuse(_DATE_HELP, field=field)
        start = _period(low_text, field)[0] if low_text.strip() else None
        end = _period(high_text, field)[1] if high_text.strip() else None
        if start is not None and end is not None and start >= end:
            raise refuse("filter_backwards", field=field, low=low_text.strip(),
                         high=high_text.strip())
        return DateRange(start, end)
    match = _COMPARISON.match(text)
    if match is None:
        return DateRange(*_period(text, field))
    operator, rest = match.groups()
    first, after = _period(rest, field)
    return {
        "=": DateRange(first, after),
        ">": DateRange(after, None),
        ">=": DateRange(first, None),
        "<": DateRange(None, first),
        "<=": DateRange(None, after),
    }[operator]
