"""Rules for operator codes and passwords (pure; shared by the screen and the CLI)."""

from __future__ import annotations

import re

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,29}$")
RESERVED_PREFIXES = ("pg_", "as_", "aftersales")
RESERVED_CODES = {"postgres", "public", "root", "admin_role", "none"}
MIN_PASSWORD_LENGTH = 8


def normalize_code(raw: str) -> str:
    """Operator codes are the PostgreSQL login role names: lower-case, no spaces."""
    code = (raw or "").strip().lower()
    if not code:
        raise ValidationError("code", QT_TR_NOOP("Enter the operator code."))
    if not CODE_PATTERN.match(code):
        raise ValidationError(
            "code",
            QT_TR_NOOP("The operator code must be 2-30 letters, digits or _ and start with a "
                       "letter (for example zhangmin or a001)."),
        )
    if code in RESERVED_CODES or code.startswith(RESERVED_PREFIXES):
        raise ValidationError("code", QT_TR_NOOP("{code} is reserved; choose another code."),
                              code=code)
    return code


def validate_name(raw: str) -> str:
    name = (raw or "").strip()
    if not name:
        raise ValidationError("name", QT_TR_NOOP("Enter the operator's name."))
    if len(name) > 50:
        raise ValidationError("name", QT_TR_NOOP("The name is too long (at most 50 characters)."))
    return name


def validate_password(password: str, *, code: str, confirm: str | None = None) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password", QT_TR_NOOP("The password must have at least {n} characters."),
            n=MIN_PASSWORD_LENGTH,
        )
    if password.strip().lower() == code.lower():
        raise ValidationError("password",
                              QT_TR_NOOP("The password must not be the operator code."))
    if confirm is not None and confirm != password:
        raise ValidationError("confirm", QT_TR_NOOP("The two passwords do not match."))
    return password
