"""Rules for master data typed by operators or read from imported workbooks (pure).

Every validator returns the normalized value or raises `ValidationError(field, ...)`
with an English source message (QT_TR_NOOP) that the UI translates; the field name
is the one the caller passes, so a form or an import row can point at the cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from aftersales_desktop.domain.masking import PHONE_TEXT_MAX
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.text import BLANK

# Seeded by db/versions/0005_master_data.py (keep in step).
CUSTOMER_GRADES: tuple[str, ...] = ("individual", "dealer", "hypermarket", "corporate")
ITEM_KINDS: tuple[str, ...] = ("product", "part")
DICTIONARY_KINDS: tuple[str, ...] = (
    "brand", "model", "fault", "accessory", "appearance", "customer_source",
    # the work report's fault analysis (revision 0018)
    "fault_cause", "repair_action")
WAREHOUSE_TYPES: tuple[str, ...] = (
    "finished", "pending_repair", "samples", "scrap", "merchant_returns", "parts")
SERVICE_MODES: tuple[str, ...] = ("repair", "installation", "outsourced")
REGION_LEVELS: tuple[str, ...] = ("city", "district", "area")

MAX_WARRANTY_MONTHS = 120
MAX_DICTIONARY_VALUE = 100
EARLIEST_PURCHASE = date(1970, 1, 1)
# numeric(12,2): at most 10 digits before the point
MONEY_LIMIT = Decimal("10000000000")
CENT = Decimal("0.01")

# Phone rules: the database has the same in app.phone_normal_form (a test runs both), so
# the characters are spelled out: \s and \d would take any Unicode space or digit.
_SEPARATORS = re.compile("[" + BLANK + r"\-\u2010-\u2015\u2212\uff0d()\uff08\uff09]+")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
# 3-digit area codes are 010 and 02x; every other area code has 4 digits (0xxx).
_LANDLINE = re.compile(r"^(010|02[0-9]|0[3-9][0-9]{2})([1-9][0-9]{6,7})$")
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,30}$")
_MONEY = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^\.\d+$")
_BLANKS = re.compile("[" + BLANK + "]+")
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．＋", "0123456789,.+")


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    return str(raw).translate(_FULLWIDTH).strip()


def normalize_phone(raw: Any, field: str = "phone") -> str:
    """A mainland mobile (11 digits, 1[3-9]...) or a landline with its area code.

    Spaces, dashes and brackets in the input are ignored; +86/0086 before a mobile is
    dropped. Mobiles are stored as 11 digits, landlines as "<area code>-<number>".
    """
    # no phone is longer than 100 characters: the rest is not read (app.normalize_phone
    # neither), and a longer text is no phone
    typed = "" if raw is None else str(raw)
    value = typed[:PHONE_TEXT_MAX].translate(_FULLWIDTH).strip(BLANK)
    if not value:
        raise refuse("phone_required", field=field)
    digits = _SEPARATORS.sub("", value) if len(typed) <= PHONE_TEXT_MAX else ""
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix):]
    if _MOBILE.match(digits):
        return digits
    landline = _LANDLINE.match(digits)
    if landline:
        return f"{landline.group(1)}-{landline.group(2)}"
    raise refuse("phone_invalid", field=field, value=value)


def is_mobile(phone: str) -> bool:
    """Whether a phone in its stored form (normalize_phone) is a mobile number."""
    return bool(_MOBILE.match(phone))


def normalize_phone_list(entries: Iterable[tuple[Any, bool]],
                         field: str = "phones") -> list[tuple[str, bool]]:
    """(phone, is_primary) pairs: normalized, without duplicates, exactly one primary.

    Blank entries are skipped; when none is marked primary the first becomes primary.
    """
    result: list[tuple[str, bool]] = []
    seen: set[str] = set()
    for raw, primary in entries:
        if not _text(raw):
            continue
        phone = normalize_phone(raw, field)
        if phone in seen:
            raise refuse("phone_listed_twice", field=field, phone=phone)
        seen.add(phone)
        result.append((phone, bool(primary)))
    primaries = sum(1 for _, primary in result if primary)
    if primaries > 1:
        raise refuse("primary_phone_twice", field=field)
    if result and primaries == 0:
        result[0] = (result[0][0], True)
    return result


def require_text(raw: Any, field: str, max_len: int) -> str:
    """Required free text: trimmed, not empty, at most max_len characters."""
    value = "" if raw is None else str(raw).strip()
    if not value:
        raise refuse("value_required", field=field)
    if len(value) > max_len:
        raise refuse("value_too_long", field=field, max_len=max_len)
    return value


def optional_text(raw: Any, field: str, max_len: int) -> str:
    """Optional free text: trimmed ('' when blank), at most max_len characters."""
    value = "" if raw is None else str(raw).strip()
    if len(value) > max_len:
        raise refuse("value_too_long", field=field, max_len=max_len)
    return value


def validate_code(raw: Any, field: str = "code") -> str:
    """Codes of customers, items, warehouses...: 1-30 letters, digits, - or _."""
    value = _text(raw)
    if not value:
        raise refuse("code_required", field=field)
    if not _CODE.match(value):
        raise refuse("code_invalid", field=field, value=value)
    return value


def parse_money(raw: Any, field: str, allow_negative: bool = False) -> Decimal:
    """An amount with at most 2 decimals; accepts '¥1,234.50', '1234.5', 12, Decimal."""
    if isinstance(raw, bool):
        raise refuse("amount_not_a_number", field=field, value=raw)
    if isinstance(raw, Decimal | int):
        amount = Decimal(raw)
    elif isinstance(raw, float):
        # Spreadsheet cells: 12.3 arrives as 12.300000000000001
        exact = Decimal(repr(raw))
        amount = exact.quantize(CENT) if abs(exact - exact.quantize(CENT)) < Decimal(
            "0.000001") else exact
    else:
        value = _text(raw)
        if not value:
            raise refuse("amount_required", field=field)
        body = value.replace(" ", "")
        negative = signed = False
        for _ in range(2):  # sign and currency in either order: -¥5, ¥-5
            if body[:1] in ("-", "\u2212", "+") and not signed:
                negative, signed, body = body[:1] != "+", True, body[1:]
            for symbol in ("¥", "￥", "RMB", "CNY"):
                if body.upper().startswith(symbol):
                    body = body[len(symbol):]
        for symbol in ("元",):
            body = body.removesuffix(symbol)
        if not _MONEY.match(body):
            raise refuse("amount_not_a_number", field=field, value=value)
        try:
            amount = Decimal(body.replace(",", ""))
        except InvalidOperation:
            raise refuse("amount_not_a_number", field=field, value=value) from None
        if negative:
            amount = -amount
    if not amount.is_finite():
        raise refuse("amount_not_a_number", field=field, value=raw)
    if amount != amount.quantize(CENT):
        raise refuse("amount_decimals", field=field)
    amount = amount.quantize(CENT)
    if amount < 0 and not allow_negative:
        raise refuse("amount_negative", field=field)
    if abs(amount) >= MONEY_LIMIT:
        raise refuse("amount_too_large", field=field)
    return amount + 0  # drops a negative zero


def _whole_number(raw: Any, field: str) -> int:
    if isinstance(raw, bool):
        raise refuse("whole_number_required", field=field)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float | Decimal) and raw == int(raw):
        return int(raw)
    value = _text(raw)
    if re.fullmatch(r"[+-]?\d{1,9}", value):
        return int(value)
    raise refuse("whole_number_required", field=field)


def validate_warranty_months(n: Any, field: str = "warranty_months") -> int:
    """Warranty length in whole months, 0..120."""
    months = _whole_number(n, field)
    if not 0 <= months <= MAX_WARRANTY_MONTHS:
        raise refuse("warranty_months_invalid", field=field, max=MAX_WARRANTY_MONTHS)
    return months


def validate_whole_number(n: Any, field: str, minimum: int, maximum: int) -> int:
    value = _whole_number(n, field)
    if not minimum <= value <= maximum:
        raise refuse("number_out_of_range", field=field, minimum=minimum, maximum=maximum)
    return value


def validate_purchase_date(d: date | datetime | None, today: date,
                           field: str = "purchase_date") -> date | None:
    """The purchase date is optional; when given it cannot be in the future."""
    if d is None:
        return None
    if isinstance(d, datetime):
        d = d.date()
    if not isinstance(d, date):
        raise refuse("date_required", field=field)
    if d > today:
        raise refuse("purchase_in_future", field=field)
    if d < EARLIEST_PURCHASE:
        raise refuse("purchase_too_old", field=field, date=d.isoformat())
    return d


def validate_choice(raw: Any, choices: Iterable[str], field: str) -> str:
    value = _text(raw)
    allowed = tuple(choices)
    if value not in allowed:
        raise refuse("choice_invalid", field=field, value=value, choices=", ".join(allowed))
    return value


def validate_dictionary_value(kind: str, raw: Any, field: str = "value") -> str:
    """A dictionary value (brand, model, fault...): trimmed, inner spaces collapsed."""
    if kind not in DICTIONARY_KINDS:
        raise refuse("dictionary_kind_unknown", kind=kind)
    # app.dictionary_value spells it the same way (the counter learns through it)
    value = _BLANKS.sub(" ", "" if raw is None else str(raw)).strip(BLANK)
    if not value:
        raise refuse("value_required", field=field)
    if len(value) > MAX_DICTIONARY_VALUE:
        raise refuse("value_too_long", field=field, max_len=MAX_DICTIONARY_VALUE)
    return value


def check_tree_move(node_id: int, new_parent_id: int | None,
                    parent_of: Mapping[int, int | None], field: str = "parent_id") -> None:
    """Refuse to put a node under itself or one of its descendants.

    `parent_of` maps each node id of the tree to its parent id (None for a root).
    """
    if new_parent_id is None:
        return
    if new_parent_id == node_id:
        raise refuse("tree_self", field=field)
    if new_parent_id not in parent_of:
        raise refuse("tree_parent_missing", field=field)
    seen: set[int] = set()
    current: int | None = new_parent_id
    while current is not None and current not in seen:
        if current == node_id:
            raise refuse("tree_cycle", field=field)
        seen.add(current)
        current = parent_of.get(current)
