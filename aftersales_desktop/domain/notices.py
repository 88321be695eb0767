"""Customer notices: kinds, channels, text templates and SMS length (pure: no Qt, no SQL).

A notice tells a customer that something happened to their repair or pre-order. The
counter gives it by phone (logged by hand), SMS or e-mail; the text comes from the
shop's template for the kind (app.notice_template, seeded with DEFAULT_TEMPLATES).

An SMS goes to a mobile number by the one phone rule (`sms_recipient`).

Templates are shop data written in the shop's language, so the defaults are plain
Chinese, not translated UI strings. A template names values in braces, e.g.
``{customer}``; only the names in PLACEHOLDERS are allowed and ``{{`` / ``}}`` write a
literal brace. `check_template` refuses anything else when a manager saves a template;
`render_template` fills it (a value the caller does not have renders as nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aftersales_desktop.core.errors import Refused
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.masterdata import is_mobile, normalize_phone
from aftersales_desktop.domain.refusals import REFUSALS, refuse
from aftersales_desktop.domain.text import BLANK, is_blank

# ---- kinds and channels ---------------------------------------------------------------

REPAIRED = "repaired"
PARTS_ARRIVED = "parts_arrived"
PERIOD_EXTENDED = "period_extended"
WAITING_PARTS = "waiting_parts"
PREORDER_WAITING = "preorder_waiting"

NOTICE_KINDS: dict[str, str] = {
    REPAIRED: QT_TR_NOOP("Repaired, ready for pickup"),
    PARTS_ARRIVED: QT_TR_NOOP("Parts arrived"),
    PERIOD_EXTENDED: QT_TR_NOOP("Repair period extended"),
    WAITING_PARTS: QT_TR_NOOP("Waiting for parts"),
    PREORDER_WAITING: QT_TR_NOOP("Pre-ordered part still on the way"),
}

PHONE = "phone"
SMS = "sms"
EMAIL = "email"

CHANNEL_LABELS: dict[str, str] = {
    PHONE: QT_TR_NOOP("Phone call"),
    SMS: QT_TR_NOOP("SMS"),
    EMAIL: QT_TR_NOOP("E-mail"),
}

# ---- templates ------------------------------------------------------------------------

# name -> English label for the template editor's "insert value" menu
PLACEHOLDERS: dict[str, str] = {
    "customer": QT_TR_NOOP("Customer name"),
    "ticket": QT_TR_NOOP("Ticket number"),
    "device": QT_TR_NOOP("Device"),
    "promised_date": QT_TR_NOOP("Promised date"),
    "new_date": QT_TR_NOOP("New promised date"),
    "part": QT_TR_NOOP("Part"),
    "shop": QT_TR_NOOP("Shop name"),
    "shop_phone": QT_TR_NOOP("Shop phone"),
    "amount": QT_TR_NOOP("Amount"),
}

# The same texts as the seed rows of app.notice_template (revision 0008): "restore the
# default" gives back what a new shop database starts with. Filled with typical values
# (tests/unit/test_notice_templates.py TYPICAL_VALUES) each fits in one SMS.
DEFAULT_TEMPLATES: dict[str, str] = {
    REPAIRED: "{customer}您好，您送修的{device}（单号{ticket}）已修复，"
              "请凭取机单到{shop}取机。电话{shop_phone}",
    PARTS_ARRIVED: "{customer}您好，您预订的{part}已到货，请到{shop}取件。电话{shop_phone}",
    PERIOD_EXTENDED: "{customer}您好，您送修的{device}（单号{ticket}）维修期延长至{new_date}，"
                     "给您带来不便敬请谅解。",
    WAITING_PARTS: "{customer}您好，您送修的{device}（单号{ticket}）正在等待配件，"
                   "到货后尽快为您修复。",
    PREORDER_WAITING: "{customer}您好，您预订的{part}尚在途中，到货后我们会第一时间通知您。",
}

# The values a notice of each kind is filled with: a ticket's notices know the ticket,
# a pre-order's know the part and what is left to pay; the shop's name and phone come from
# the shop settings. A template that uses any other value would go out with a gap, so
# saving it is refused (services/frontdesk/settings.py).
TICKET_VALUES = frozenset({"customer", "ticket", "device", "promised_date", "new_date",
                           "shop", "shop_phone"})
PREORDER_VALUES = frozenset({"customer", "part", "amount", "shop", "shop_phone"})
KIND_VALUES: dict[str, frozenset[str]] = {
    REPAIRED: TICKET_VALUES, PERIOD_EXTENDED: TICKET_VALUES, WAITING_PARTS: TICKET_VALUES,
    PARTS_ARRIVED: PREORDER_VALUES, PREORDER_WAITING: PREORDER_VALUES,
}
TICKET_KINDS: tuple[str, ...] = tuple(k for k, v in KIND_VALUES.items() if v is TICKET_VALUES)
# placeholder -> the shop setting (front desk settings field) that fills it
SHOP_VALUES: dict[str, str] = {"shop": "shop_name", "shop_phone": "shop_phone"}


class TemplateError(Refused):
    """A notice template that cannot be filled (refusal template_placeholder_unknown or
    template_brace_unpaired); the form field is "template".

    `placeholder` is the offending ``{name}`` (unknown placeholder) or "" and `position`
    the 1-based character of an unpaired brace or 0.
    """

    @property
    def placeholder(self) -> str:
        return str(self.arguments.get("placeholder", ""))

    @property
    def position(self) -> int:
        return int(self.arguments.get("position", 0))


UNKNOWN_PLACEHOLDER = REFUSALS["template_placeholder_unknown"].message
UNBALANCED_BRACE = REFUSALS["template_brace_unpaired"].message


def _unbalanced(position: int) -> Refused:
    return refuse("template_brace_unpaired", error_class=TemplateError, position=position)


def _known() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def _parse(template: str) -> list[tuple[str, str | None]]:
    """(literal text, placeholder name or None) pieces of a template, in order."""
    pieces: list[tuple[str, str | None]] = []
    literal: list[str] = []
    i, end = 0, len(template)
    while i < end:
        char = template[i]
        if char == "{":
            if template.startswith("{{", i):
                literal.append("{")
                i += 2
                continue
            close = template.find("}", i + 1)
            opened = template.find("{", i + 1)
            if close < 0 or 0 <= opened < close:
                raise _unbalanced(i + 1)
            name = template[i + 1:close]
            if name not in PLACEHOLDERS:
                raise refuse("template_placeholder_unknown", error_class=TemplateError,
                             placeholder="{" + name + "}", known=_known())
            pieces.append(("".join(literal), name))
            literal = []
            i = close + 1
        elif char == "}":
            if not template.startswith("}}", i):
                raise _unbalanced(i + 1)
            literal.append("}")
            i += 2
        else:
            literal.append(char)
            i += 1
    if literal:
        pieces.append(("".join(literal), None))
    return pieces


def check_template(template: str) -> None:
    """Raise TemplateError for an unknown placeholder or an unpaired brace."""
    _parse(template)


def template_placeholders(template: str) -> list[str]:
    """The placeholder names a (valid) template uses, in order of first use."""
    seen: dict[str, None] = {}
    for _literal, name in _parse(template):
        if name is not None:
            seen.setdefault(name, None)
    return list(seen)


def missing_values(template: str, values: Mapping[str, str | None]) -> list[str]:
    """The placeholders a (valid) template uses that `values` leaves blank, in order."""
    return [name for name in template_placeholders(template)
            if not str(values.get(name) or "").strip()]


def render_template(template: str, values: Mapping[str, str]) -> str:
    """The template with each placeholder replaced by its value.

    A value that is missing (or None) renders as "", extra values are ignored, and the
    values are inserted as they are: braces inside a value are not placeholders.
    """
    out: list[str] = []
    for literal, name in _parse(template):
        out.append(literal)
        if name is not None:
            value = values.get(name)
            out.append("" if value is None else str(value))
    return "".join(out)


# ---- SMS recipients ---------------------------------------------------------------------

def sms_recipient(raw: Any) -> str:
    """The number a text message goes to, or the refusal at the recipient field.

    The one phone rule (masterdata.normalize_phone: spaces, dashes and brackets ignored,
    full-width digits, +86 dropped), and it must be a mobile: a landline takes no SMS.
    The database has the same rule in app.sms_recipient, which app.notice_log applies to
    an SMS (tests/db/test_rules_agree.py runs both on the same cases).
    """
    if is_blank(raw if raw is None else str(raw)):
        raise refuse("phone_required", field="recipient")
    typed = str(raw).strip(BLANK)
    try:
        phone = normalize_phone(raw, field="recipient")
    except Refused:
        phone = ""
    if not is_mobile(phone):
        raise refuse("recipient_phone_invalid", value=typed)
    return phone


# ---- SMS length -----------------------------------------------------------------------

# GSM 03.38 default alphabet (one septet each) and its extension table (escape + char)
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


def _costs(text: str) -> tuple[list[int], bool]:
    """Per-character cost in the encoding the text is sent with, and whether it is GSM-7."""
    if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text):
        return [2 if c in GSM7_EXTENSION else 1 for c in text], True
    return [2 if ord(c) > 0xFFFF else 1 for c in text], False


def sms_length(text: str) -> int:
    """Characters as the SMS network counts them (septets or UTF-16 units)."""
    return sum(_costs(text)[0])


def sms_segments(text: str) -> int:
    """How many SMS a text is sent as (0 for an empty text).

    Text entirely in the GSM 7-bit alphabet (plain ASCII letters, digits and most
    punctuation) fits 160 characters, 153 per part when split; ^ { } [ ] ~ | \\ and €
    count twice. Any other character (Chinese, emoji, `) makes it UCS-2: 70 characters,
    67 per part, a character outside the BMP counting twice. An escape pair or a
    surrogate pair is never split between parts.
    """
    costs, gsm = _costs(text)
    single, per_part = (GSM7_SINGLE, GSM7_PART) if gsm else (UCS2_SINGLE, UCS2_PART)
    total = sum(costs)
    if total == 0:
        return 0
    if total <= single:
        return 1
    parts, used = 1, 0
    for cost in costs:
        if used + cost > per_part:
            parts += 1
            used = 0
        used += cost
    return parts
