"""Rules for operator codes and passwords (pure; shared by the screen and the CLI)."""

from __future__ import annotations

import re

from aftersales_desktop.domain.refusals import refuse

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,29}$")
RESERVED_PREFIXES = ("pg_", "as_", "aftersales")
RESERVED_CODES = {"postgres", "public", "root", "admin_role", "none"}
MIN_PASSWORD_LENGTH = 8


def normalize_code(raw: str) -> str:
    """Operator codes are the PostgreSQL login role names: lower-case, no spaces."""
    code = (raw or "").strip().lower()
    if not code:
        raise refuse("operator_code_required")
    if not CODE_PATTERN.match(code):
        raise refuse("operator_code_invalid")
    if code in RESERVED_CODES or code.startswith(RESERVED_PREFIXES):
        raise refuse("operator_code_reserved", code=code)
    return code


def validate_name(raw: str) -> str:
    name = (raw or "").strip()
    if not name:
        raise refuse("operator_name_required")
    if len(name) > 50:
        raise refuse("operator_name_too_long")
    return name


def validate_password(password: str, *, code: str, confirm: str | None = None) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise refuse("password_too_short", n=MIN_PASSWORD_LENGTH)
    if password.strip().lower() == code.lower():
        raise refuse("password_is_code")
    if confirm is not None and confirm != password:
        raise refuse("passwords_differ")
    return password
