"""The cells of a document's line grid: column specs, typed values checked, values shown.

Pure (no Qt, no SQL). `parse_cell` is what the grid runs as the operator types, so a
wrong quantity or price shows at its cell at once; the database checks again on posting.
A cell refuses with a code of the one catalogue (domain/refusals.py) at its column.
Money is Decimal, rounded half up to the fen; quantities are plain numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from aftersales_desktop.core.errors import Refused
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.refusals import refuse

CENT = Decimal("0.01")
# numeric(12,2) holds 10 digits before the point; quantities are numeric(14,4) at most.
MONEY_LIMIT = Decimal("10000000000")
QUANTITY_LIMIT = Decimal("1000000000")
ONE = Decimal(1)


# -- columns ---------------------------------------------------------

class ColumnKind(StrEnum):
    CODE = "code"  # an item code, a barcode or a name fragment: looked up
    TEXT = "text"
    QUANTITY = "quantity"  # a plain number, never shown as money
    MONEY = "money"  # shown as the shop shows money: ¥1,234.50
    CHOICE = "choice"
    DATE = "date"


NUMERIC_KINDS = frozenset({ColumnKind.QUANTITY, ColumnKind.MONEY})


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a document's line grid; build them with the `*_column` helpers."""

    key: str
    title: str  # English source, QT_TR_NOOP
    kind: ColumnKind
    editable: bool = True
    required: bool = False
    decimals: int = 0
    allow_zero: bool = True
    allow_negative: bool = False
    maximum: Decimal | None = None
    max_length: int = 100
    choices: tuple[tuple[str, str], ...] = ()  # (value, English label)
    default: Any = None  # a new line's value
    from_item: str | None = None  # filled from the looked-up item (LineItem.value)
    compute: Callable[[Mapping[str, Any]], Any] | None = None  # read-only, from the line
    total: bool = False  # summed under the grid
    sensitive: bool = False  # masked while "hide sensitive data" is on (costs)
    width: int = 0

    @property
    def computed(self) -> bool:
        return self.compute is not None

    def choice_label(self, value: Any) -> str:
        return next((label for code, label in self.choices if code == value), str(value))


def code_column(key: str = "code", title: str = QT_TR_NOOP("Code"), *,
                width: int = 130) -> ColumnSpec:
    return ColumnSpec(key, title, ColumnKind.CODE, required=True, from_item="code",
                      max_length=100, width=width)


def text_column(key: str, title: str, *, from_item: str | None = None, editable: bool = False,
                required: bool = False, max_length: int = 100, width: int = 0) -> ColumnSpec:
    return ColumnSpec(key, title, ColumnKind.TEXT, editable=editable, required=required,
                      from_item=from_item, max_length=max_length, width=width)


def quantity_column(key: str = "quantity", title: str = QT_TR_NOOP("Quantity"), *,
                    decimals: int = 0, allow_zero: bool = False,
                    maximum: Decimal = QUANTITY_LIMIT, default: Decimal | None = ONE,
                    editable: bool = True, total: bool = True,
                    from_item: str | None = None,
                    compute: Callable[[Mapping[str, Any]], Any] | None = None,
                    width: int = 80) -> ColumnSpec:
    return ColumnSpec(key, title, ColumnKind.QUANTITY, editable=editable and compute is None,
                      required=editable and compute is None, decimals=decimals,
                      allow_zero=allow_zero, maximum=maximum, default=default, total=total,
                      from_item=from_item, compute=compute, width=width)


def money_column(key: str, title: str, *, decimals: int = 2, allow_negative: bool = False,
                 required: bool = True, editable: bool = True, from_item: str | None = None,
                 sensitive: bool = False, total: bool = False, default: Decimal | None = None,
                 width: int = 100) -> ColumnSpec:
    return ColumnSpec(key, title, ColumnKind.MONEY, editable=editable,
                      required=required and editable, decimals=decimals,
                      allow_negative=allow_negative, maximum=MONEY_LIMIT, from_item=from_item,
                      sensitive=sensitive, total=total, default=default, width=width)


def amount_column(key: str = "amount", title: str = QT_TR_NOOP("Amount"), *,
                  quantity: str = "quantity", price: str = "price", total: bool = True,
                  sensitive: bool = False, width: int = 110) -> ColumnSpec:
    """Read-only quantity x price, rounded half up to the fen."""
    def compute(values: Mapping[str, Any]) -> Decimal | None:
        return line_amount(values.get(quantity), values.get(price))

    return ColumnSpec(key, title, ColumnKind.MONEY, editable=False, decimals=2,
                      compute=compute, total=total, sensitive=sensitive, width=width)


def choice_column(key: str, title: str, choices: Sequence[tuple[str, str]], *,
                  default: str | None = None, required: bool = True,
                  width: int = 100) -> ColumnSpec:
    return ColumnSpec(key, title, ColumnKind.CHOICE, required=required, choices=tuple(choices),
                      default=default, width=width)


def date_column(key: str, title: str, *, required: bool = False, editable: bool = True,
                width: int = 100) -> ColumnSpec:
    return ColumnSpec(key, title, ColumnKind.DATE, required=required, editable=editable,
                      width=width)


# -- parsing typed cells -----------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_DATE = re.compile(r"^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$")


def _normalize(raw: Any) -> str:
    """Full-width digits and signs typed with a Chinese IME read as ASCII."""
    text = unicodedata.normalize("NFKC", "" if raw is None else str(raw))
    return text.replace("。", ".").strip()


def normalize_code(raw: Any) -> str:
    """What the code cell looks up: scanner or keyboard input, trimmed, ASCII digits."""
    return re.sub(r"\s+", " ", _normalize(raw))


def _number_text(text: str, money: bool) -> str:
    body = text.replace(" ", "")
    if money:
        sign = ""
        if body[:1] in "+-":
            sign, body = body[:1], body[1:]
        for symbol in ("¥", "RMB", "CNY"):
            if body.upper().startswith(symbol):
                body = body[len(symbol):]
        body = sign + body.removesuffix("元")
    if _GROUPED.match(body):
        body = body.replace(",", "")
    return body


def _not_a_number(column: ColumnSpec, value: Any) -> Refused:
    if column.kind is ColumnKind.MONEY:
        return refuse("amount_not_a_number", field=column.key, value=value)
    return refuse("number_invalid", field=column.key, value=value)


def _too_large(column: ColumnSpec) -> Refused:
    if column.kind is ColumnKind.MONEY:
        return refuse("amount_too_large", field=column.key)
    return refuse("quantity_too_large", field=column.key)


def parse_number(raw: Any, column: ColumnSpec) -> Decimal | None:
    """A quantity or an amount for `column`; None when blank; a refusal at the column
    otherwise (the catalogue's codes, domain/refusals.py)."""
    money = column.kind is ColumnKind.MONEY
    if isinstance(raw, bool):
        raise _not_a_number(column, raw)
    if raw is None:
        return None
    if isinstance(raw, Decimal | int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    else:
        text = _normalize(raw)
        if not text:
            return None
        body = _number_text(text, money)
        if not _NUMBER.match(body):
            raise _not_a_number(column, text)
        try:
            value = Decimal(body)
        except InvalidOperation:  # the pattern lets only numbers through; kept for safety
            raise _not_a_number(column, text) from None
    if not value.is_finite():
        raise _not_a_number(column, raw)
    if column.maximum is not None and abs(value) >= column.maximum:
        raise _too_large(column)
    step = Decimal(1).scaleb(-column.decimals)
    try:
        rounded = value.quantize(step, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than Decimal's precision: no column holds it
        raise _too_large(column) from None
    if value != rounded:
        if column.decimals == 0:
            raise refuse("whole_number_required", field=column.key)
        raise refuse("decimals_too_many", field=column.key, decimals=column.decimals)
    value = value.quantize(step) + 0  # + 0 drops a negative zero
    if value < 0 and not column.allow_negative:
        raise (refuse("amount_negative", field=column.key) if money
               else refuse("quantity_negative", field=column.key))
    if value == 0 and not column.allow_zero:
        raise (refuse("amount_not_positive", field=column.key) if money
               else refuse("quantity_invalid", field=column.key))
    return value


def parse_date(raw: Any, key: str) -> date | None:
    if raw is None or isinstance(raw, date):
        return raw.date() if isinstance(raw, datetime) else raw
    text = _normalize(raw)
    if not text:
        return None
    found = _DATE.match(text)
    try:
        if found:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        pass
    raise refuse("date_invalid", field=key, value=text)


def parse_cell(column: ColumnSpec, raw: Any) -> Any:
    """The value a typed cell holds, checked as the operator types; None when blank."""
    if column.kind in NUMERIC_KINDS:
        return parse_number(raw, column)
    if column.kind is ColumnKind.DATE:
        return parse_date(raw, column.key)
    if column.kind is ColumnKind.CODE:
        return normalize_code(raw)[:column.max_length] or None
    text = _normalize(raw) if column.kind is ColumnKind.CHOICE else (
        "" if raw is None else str(raw).strip())
    if not text:
        return None
    if column.kind is ColumnKind.CHOICE:
        for value, label in column.choices:
            if text in (value, label):
                return value
        raise refuse("choice_invalid", field=column.key, value=text,
                     choices=", ".join(v for v, _ in column.choices))
    if len(text) > column.max_length:
        raise refuse("value_too_long", field=column.key, max_len=column.max_length)
    return text


# -- arithmetic --------------------------------------------------------------------------

def line_amount(quantity: Any, price: Any) -> Decimal | None:
    """quantity x price rounded half up to the fen; None while either is missing."""
    if not isinstance(quantity, Decimal | int) or not isinstance(price, Decimal | int):
        return None
    return (Decimal(quantity) * Decimal(price)).quantize(CENT, rounding=ROUND_HALF_UP) + 0


def percent_amount(base: Any, rate_percent: Any) -> Decimal | None:
    """base x rate % rounded half up to the fen (commission lines)."""
    if not isinstance(base, Decimal | int) or not isinstance(rate_percent, Decimal | int):
        return None
    return (Decimal(base) * Decimal(rate_percent) / 100).quantize(
        CENT, rounding=ROUND_HALF_UP) + 0


# -- how values read -----------------------------------------------------------------------

def format_quantity(value: Decimal | int | None) -> str:
    """A quantity as a plain number: `2`, `2.5`, `1,200` (never with a currency)."""
    if value is None:
        return ""
    return f"{Decimal(value).normalize():,f}"


def format_price(value: Decimal | int | None, decimals: int = 2) -> str:
    """Money as the shop shows it, `¥1,234.50`; a 4-decimal unit cost keeps the digits it
    needs (`¥5.1234`, but `¥420.00`)."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(Decimal(1).scaleb(-max(decimals, 2)),
                                     rounding=ROUND_HALF_UP)
    text = f"{abs(amount):,f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(2, "0")
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{whole}.{fraction}"
