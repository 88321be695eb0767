"""Operator code, name and password rules (pure)."""

import pytest

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.domain.operators import normalize_code, validate_name, validate_password


@pytest.mark.parametrize(("raw", "expected"), [
    ("zhangmin", "zhangmin"),
    ("  ZhangMin ", "zhangmin"),
    ("a001", "a001"),
    ("wang_qiang2", "wang_qiang2"),
])
def test_code_normalized(raw: str, expected: str) -> None:
    assert normalize_code(raw) == expected


@pytest.mark.parametrize("raw", ["", "  ", "a", "1abc", "zhang min", "张敏", "x" * 31,
                                 "pg_admin", "as_owner", "postgres", "drop;table"])
def test_bad_codes_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_code(raw)
    assert info.value.field == "code"


def test_name_required_and_bounded() -> None:
    assert validate_name(" 张敏 ") == "张敏"
    for bad in ("", "   ", "x" * 51):
        with pytest.raises(ValidationError):
            validate_name(bad)


@pytest.mark.parametrize(("password", "confirm", "field"), [
    ("short", None, "password"),
    ("zhangmin", None, "password"),
    ("ZHANGMIN", None, "password"),
    ("long-enough-1", "different", "confirm"),
])
def test_bad_passwords(password: str, confirm: str | None, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_password(password, code="zhangmin", confirm=confirm)
    assert info.value.field == field


def test_good_password() -> None:
    assert validate_password("Counter-2026", code="zhangmin", confirm="Counter-2026")


def test_error_text_formats_arguments() -> None:
    with pytest.raises(ValidationError) as info:
        validate_password("abc", code="x1")
    assert "8" in info.value.text()
    translated = info.value.text(lambda s: s.replace("The password", "密码"))
    assert translated.startswith("密码") and "8" in translated
