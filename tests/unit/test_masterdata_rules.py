"""Master-data validators: every rule with good and bad input."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from aftersales_desktop.core.errors import Refused, ValidationError
from aftersales_desktop.domain import masterdata as md

TODAY = date(2026, 11, 23)


# Module-level: tests/db/test_rules_agree.py runs the same cases through app.normalize_phone.
PHONE_ACCEPT_CASES: list[tuple[str, str]] = [
    ("13812345678", "13812345678"),
    ("138 1234 5678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("+86 138 1234 5678", "13812345678"),
    ("008613812345678", "13812345678"),
    ("  19912345678 ", "19912345678"),
    ("１３８１２３４５６７８", "13812345678"),
    ("010-12345678", "010-12345678"),
    ("01012345678", "010-12345678"),
    ("(010) 1234 5678", "010-12345678"),
    ("021-62345678", "021-62345678"),
    ("0571-8888888", "0571-8888888"),
    ("0571 88888888", "0571-88888888"),
    ("05718888888", "0571-8888888"),
    ("0086 138 1234 5678", "13812345678"),
    ("138\u30001234\u30005678", "13812345678"),  # ideographic spaces from a Chinese IME
    ("（010）12345678", "010-12345678"),
    ("138\u20141234\u20145678", "13812345678"),
    ("\t13812345678\n", "13812345678"),
    ("+86 0571 8888888", "0571-8888888"),  # 11 digits after +86: the prefix goes
]


@pytest.mark.parametrize(("raw", "expected"), PHONE_ACCEPT_CASES)
def test_normalize_phone_accepts(raw: str, expected: str) -> None:
    assert md.normalize_phone(raw) == expected


# (raw, refusal code)
PHONE_REJECT_CASES: list[tuple[str | None, str]] = [
    ("", "phone_required"), ("   ", "phone_required"), (None, "phone_required"),
    ("\u3000\t", "phone_required"),
    ("12812345678", "phone_invalid"), ("1381234567", "phone_invalid"),
    ("138123456789", "phone_invalid"), ("23812345678", "phone_invalid"),
    ("010-1234", "phone_invalid"), ("010-012345678", "phone_invalid"),
    ("0571-888888888", "phone_invalid"), ("1234567", "phone_invalid"),
    ("400-800-1234", "phone_invalid"), ("abc", "phone_invalid"),
    ("138-1234-567x", "phone_invalid"), ("+1 415 555 0100", "phone_invalid"),
    ("10086", "phone_invalid"),
    # area codes: 3 digits only for 010 and 02x
    ("011-12345678", "phone_invalid"), ("0571-0888888", "phone_invalid"),
    # digits of other scripts are not phone digits
    ("\u0661\u0663\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",
     "phone_invalid"),
    ("-", "phone_invalid"),
]


@pytest.mark.parametrize(("raw", "code"), PHONE_REJECT_CASES)
def test_normalize_phone_rejects(raw: Any, code: str) -> None:
    with pytest.raises(Refused) as caught:
        md.normalize_phone(raw, field="mobile")
    assert (caught.value.field, caught.value.code) == ("mobile", code)


def test_phone_list_one_primary_no_duplicates() -> None:
    assert md.normalize_phone_list([("138 1234 5678", False), ("", False),
                                    ("010-12345678", False)]) == [
        ("13812345678", True), ("010-12345678", False)]
    assert md.normalize_phone_list([("13812345678", False), ("01012345678", True)]) == [
        ("13812345678", False), ("010-12345678", True)]
    assert md.normalize_phone_list([]) == []
    for bad in ([("13812345678", True), ("13912345678", True)],
                [("13812345678", False), ("138-1234-5678", False)],
                [("13812345678", False), ("bad", False)]):
        with pytest.raises(ValidationError) as caught:
            md.normalize_phone_list(bad)
        assert caught.value.field == "phones"


@pytest.mark.parametrize(("raw", "max_len", "expected"), [
    ("张三", 10, "张三"), ("  李四 ", 10, "李四"), ("a" * 10, 10, "a" * 10), (123, 5, "123"),
])
def test_require_text_accepts(raw: Any, max_len: int, expected: str) -> None:
    assert md.require_text(raw, "name", max_len) == expected


@pytest.mark.parametrize(("raw", "max_len"), [("", 10), ("   ", 10), (None, 10),
                                               ("a" * 11, 10), ("\t\n", 5)])
def test_require_text_rejects(raw: Any, max_len: int) -> None:
    with pytest.raises(ValidationError) as caught:
        md.require_text(raw, "name", max_len)
    assert caught.value.field == "name"


def test_optional_text() -> None:
    assert md.optional_text(None, "notes", 5) == ""
    assert md.optional_text("  x ", "notes", 5) == "x"
    with pytest.raises(ValidationError):
        md.optional_text("123456", "notes", 5)


@pytest.mark.parametrize(("raw", "expected"), [
    ("A", "A"), ("C-001", "C-001"), ("item_01", "item_01"), (" X9 ", "X9"),
    ("a" * 30, "a" * 30), (1001, "1001"),
])
def test_validate_code_accepts(raw: Any, expected: str) -> None:
    assert md.validate_code(raw) == expected


@pytest.mark.parametrize("raw", ["", "  ", None, "a" * 31, "C 001", "C/001", "编号1", "a.b",
                                 "x'y"])
def test_validate_code_rejects(raw: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        md.validate_code(raw, field="barcode")
    assert caught.value.field == "barcode"


@pytest.mark.parametrize(("raw", "negative", "expected"), [
    ("¥1,234.50", False, "1234.50"), ("￥1234.5", False, "1234.50"), ("12", False, "12.00"),
    ("0", False, "0.00"), (".5", False, "0.50"), ("1,234,567.89", False, "1234567.89"),
    ("RMB 88", False, "88.00"), ("88元", False, "88.00"), (" 3.10 ", False, "3.10"),
    (Decimal("7.1"), False, "7.10"), (15, False, "15.00"), (12.3, False, "12.30"),
    (0.1 + 0.2, False, "0.30"), ("-20", True, "-20.00"), ("-¥5.5", True, "-5.50"),
    ("¥-5", True, "-5.00"), ("-0", False, "0.00"), ("+3", False, "3.00"),
    ("１２．５", False, "12.50"),
])
def test_parse_money_accepts(raw: Any, negative: bool, expected: str) -> None:
    value = md.parse_money(raw, "price", allow_negative=negative)
    assert isinstance(value, Decimal)
    assert str(value) == expected


@pytest.mark.parametrize(("raw", "negative"), [
    ("", False), (None, False), ("abc", False), ("1,23", False), ("12.345", False),
    ("1.2.3", False), ("-1", False), (-0.01, False), (Decimal("-3"), False), ("¥", False),
    ("1e5", False), ("NaN", False), (Decimal("NaN"), False), (True, False),
    ("10000000000", False), ("-10000000000", True), (12.345, False), ("--5", True),
])
def test_parse_money_rejects(raw: Any, negative: bool) -> None:
    with pytest.raises(ValidationError) as caught:
        md.parse_money(raw, "price", allow_negative=negative)
    assert caught.value.field == "price"


@pytest.mark.parametrize(("raw", "expected"), [(0, 0), (12, 12), (120, 120), ("24", 24),
                                               (36.0, 36), (Decimal("6"), 6)])
def test_warranty_months_accepts(raw: Any, expected: int) -> None:
    assert md.validate_warranty_months(raw) == expected


@pytest.mark.parametrize("raw", [-1, 121, 1000, "12.5", 12.5, "", None, "abc", True])
def test_warranty_months_rejects(raw: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        md.validate_warranty_months(raw)
    assert caught.value.field == "warranty_months"


@pytest.mark.parametrize(("raw", "expected"), [
    (None, None), (TODAY, TODAY), (date(2020, 2, 29), date(2020, 2, 29)),
    (datetime(2025, 1, 2, 10, 0), date(2025, 1, 2)),
])
def test_purchase_date_accepts(raw: Any, expected: date | None) -> None:
    assert md.validate_purchase_date(raw, TODAY) == expected


@pytest.mark.parametrize("raw", [date(2026, 11, 24), date(2030, 1, 1), date(1900, 1, 1),
                                 "2025-01-01"])
def test_purchase_date_rejects(raw: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        md.validate_purchase_date(raw, TODAY)
    assert caught.value.field == "purchase_date"


# (purchase date, the shop's day, the date kept or the refusal's code); the database's
# app.validate_purchase_date (the device trigger's rule) runs them too
# (tests/db/test_rules_agree.py)
PURCHASE_DATE_CASES: list[tuple[date | None, date, date | str | None]] = [
    (None, TODAY, None),
    (TODAY, TODAY, TODAY),
    (date(2026, 11, 22), TODAY, date(2026, 11, 22)),
    (date(2020, 2, 29), TODAY, date(2020, 2, 29)),
    (date(1970, 1, 1), TODAY, date(1970, 1, 1)),
    (date(2026, 11, 24), TODAY, "purchase_in_future"),
    (date(2027, 1, 1), date(2026, 12, 31), "purchase_in_future"),
    (date(2030, 1, 1), TODAY, "purchase_in_future"),
    (date(9999, 12, 31), TODAY, "purchase_in_future"),
    (date(1969, 12, 31), TODAY, "purchase_too_old"),
    (date(1900, 1, 1), TODAY, "purchase_too_old"),
    (date(1, 1, 1), TODAY, "purchase_too_old"),
    (date(1969, 12, 31), date(1969, 12, 1), "purchase_in_future"),  # the future first
]


@pytest.mark.parametrize(("raw", "today", "expected"), PURCHASE_DATE_CASES)
def test_purchase_date_cases(raw: date | None, today: date,
                             expected: date | str | None) -> None:
    if isinstance(expected, str):
        with pytest.raises(Refused) as caught:
            md.validate_purchase_date(raw, today)
        assert (caught.value.code, caught.value.field) == (expected, "purchase_date")
    else:
        assert md.validate_purchase_date(raw, today) == expected


# 1 -> 2 -> 3 (3 under 2 under 1), 4 a separate root, 5 under 4
TREE = {1: None, 2: 1, 3: 2, 4: None, 5: 4}


@pytest.mark.parametrize(("node", "parent"), [(3, None), (3, 1), (2, 4), (4, 3), (5, 3),
                                              (1, 5), (3, 2)])
def test_tree_move_allowed(node: int, parent: int | None) -> None:
    md.check_tree_move(node, parent, TREE)


@pytest.mark.parametrize(("node", "parent"), [(1, 1), (1, 2), (1, 3), (2, 3), (4, 5), (2, 99)])
def test_tree_move_refused(node: int, parent: int) -> None:
    with pytest.raises(ValidationError) as caught:
        md.check_tree_move(node, parent, TREE)
    assert caught.value.field == "parent_id"


def test_tree_move_survives_a_broken_tree() -> None:
    broken = {1: 2, 2: 1, 3: None}
    md.check_tree_move(3, 1, broken)  # terminates


def test_choices_and_dictionary_values() -> None:
    assert md.validate_choice("dealer", md.CUSTOMER_GRADES, "grade") == "dealer"
    with pytest.raises(ValidationError):
        md.validate_choice("vip", md.CUSTOMER_GRADES, "grade")
    assert md.validate_dictionary_value("brand", "  Hai   er ") == "Hai er"
    for kind, value in (("colour", "red"), ("brand", " "), ("brand", "x" * 101)):
        with pytest.raises(ValidationError):
            md.validate_dictionary_value(kind, value)
    assert md.validate_whole_number("3", "grace_days", 0, 365) == 3
    with pytest.raises(ValidationError):
        md.validate_whole_number(366, "grace_days", 0, 365)


def _revision(name: str) -> Any:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[2] / "db" / "versions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"m{name[:4]}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_constants_match_the_migration() -> None:
    module = _revision("0005_master_data")
    dispatch = _revision("0018_dispatch")
    assert tuple(c for c, _ in module.CUSTOMER_GRADES) == md.CUSTOMER_GRADES
    # 0018 re-creates 0005's list of kinds with its own two added
    assert tuple(module.DICTIONARY_KINDS) == dispatch.DICTIONARY_KINDS_0005
    assert (tuple(module.DICTIONARY_KINDS) + dispatch.DICTIONARY_KINDS_ADDED
            == md.DICTIONARY_KINDS)
    assert tuple(c for c, _ in module.WAREHOUSE_TYPES) == md.WAREHOUSE_TYPES
    assert tuple(c for c, _ in module.SERVICE_MODES) == md.SERVICE_MODES
    assert set(md.ITEM_KINDS) == {"product", "part"}


def test_messages_have_their_arguments() -> None:
    with pytest.raises(ValidationError) as caught:
        md.normalize_phone("12345")
    assert "12345" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        md.require_text("abcdef", "name", 3)
    assert "3" in str(caught.value)
