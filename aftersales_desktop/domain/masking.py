"""How phones and money look on screen, shown or hidden ("hide sensitive data", Ctrl+H).

Hiding is for the screen a customer or a colleague can see over the counter;
what an operator may read at all is decided by the database's grants.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

MASK = "****"
# No phone as typed is longer; the rules look at no more (the database neither).
PHONE_TEXT_MAX = 100


def phone_digits(phone: str) -> str:
    """The ASCII digits of a phone number (the database keeps the same, app.phone_masked)."""
    return re.sub(r"[^0-9]", "", phone or "")


def group_phone(phone: str | None) -> str:
    """A mainland mobile as `138 1234 5678` (also after +86); anything else unchanged."""
    if not phone:
        return ""
    digits = phone_digits(phone)
    prefix = ""
    if len(digits) == 13 and digits.startswith("86") and phone.lstrip().startswith(("+", "86")):
        prefix, digits = "+86 ", digits[2:]
    if len(digits) == 11 and digits.startswith("1"):
        return f"{prefix}{digits[:3]} {digits[3:7]} {digits[7:]}"
    return phone.strip()


def mask_phone(phone: str | None) -> str:
    """Keep what identifies a number to its owner, hide the rest: `138****5678`.

    A short number keeps only its last four digits, so a masked landline
    still cannot be dialled. The database masks with the same rule (app.phone_masked)
    for operators without contacts.view; tests/db/test_rules_agree.py runs both.
    """
    # the first 100 characters, as the database (no phone is longer)
    digits = phone_digits((phone or "")[:PHONE_TEXT_MAX])
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    if len(digits) > 4:
        return MASK + digits[-4:]
    return MASK if digits else ""


def mask_money(_value: Decimal | None = None) -> str:
    """Every hidden amount looks the same, so its length gives nothing away."""
    return MASK


def format_money(value: Decimal | int | None) -> str:
    """`¥1,234.50`: two decimals, grouped thousands, the sign before the currency."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"
