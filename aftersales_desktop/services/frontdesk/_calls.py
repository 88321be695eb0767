"""One database function call per action, and its refusals turned into messages."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from aftersales_desktop.core.errors import PermissionDenied, UserError, ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.capabilities import CAPABILITY_LABELS


class StaleTicket(UserError):
    default_message = QT_TR_NOOP(
        "The ticket was changed by {who} at {when} meanwhile. Reload it and apply your "
        "change again.")


class Refused(UserError):
    """The database refused an action for a business reason; `code` says which."""

    def __init__(self, code: str, message: str, /, **arguments: Any) -> None:
        self.code = code
        super().__init__(message, **arguments)


# HINT 'aftersales:<code>' -> (field or "", English message). {detail} is the DETAIL.
REFUSALS: dict[str, tuple[str, str]] = {
    "customer_missing": ("customer", QT_TR_NOOP("The customer no longer exists.")),
    "customer_name_required": ("customer_name", QT_TR_NOOP("Enter the customer's name.")),
    "phone_required": ("phone", QT_TR_NOOP("Enter the customer's phone number.")),
    "phone_invalid": ("phone", QT_TR_NOOP("The phone number is not valid.")),
    "device_missing": ("device", QT_TR_NOOP("The device does not belong to this customer.")),
    "product_required": ("product", QT_TR_NOOP("Enter the product.")),
    "purchase_in_future": ("purchase_date",
                           QT_TR_NOOP("The purchase date cannot be in the future.")),
    "fault_required": ("fault", QT_TR_NOOP("Describe the fault.")),
    "promised_required": ("promised_date", QT_TR_NOOP("Enter the promised date.")),
    "promised_before_intake": ("promised_date", QT_TR_NOOP(
        "The promised date cannot be before the intake date.")),
    "on_site_incomplete": ("address", QT_TR_NOOP(
        "An on-site job needs the address and the appointment time.")),
    "override_reason_required": ("warranty_override_reason", QT_TR_NOOP(
        "Give a reason for overriding the warranty decision.")),
    "ticket_missing": ("", QT_TR_NOOP("The ticket no longer exists.")),
    "unknown_status": ("", QT_TR_NOOP("Unknown ticket status {detail}.")),
    "unchanged": ("", QT_TR_NOOP("The ticket already has this status.")),
    "closed": ("", QT_TR_NOOP("The ticket is closed; nothing more can change.")),
    "not_allowed": ("", QT_TR_NOOP("This status change is not allowed.")),
    "quote_required": ("", QT_TR_NOOP(
        "Out-of-warranty repair needs the customer's approval of a quote first.")),
    "reason_required": ("reason", QT_TR_NOOP("Give a reason.")),
    "unsettled": ("", QT_TR_NOOP(
        "The ticket is not settled. Settle it first, or ask someone allowed to release "
        "unsettled units.")),
    "location_incomplete": ("location", QT_TR_NOOP("Say where the unit is.")),
    "negative_fee": ("lines", QT_TR_NOOP("A fee cannot be negative.")),
    "quote_missing": ("", QT_TR_NOOP("The quote no longer exists.")),
    "quote_decided": ("", QT_TR_NOOP("The customer has already answered this quote.")),
    "decision_date_invalid": ("decided_on", QT_TR_NOOP(
        "Enter the date of the customer's answer (not in the future).")),
    "channel_invalid": ("channel", QT_TR_NOOP("Choose how the customer is told.")),
    "channel_not_configured": ("channel", QT_TR_NOOP(
        "This channel is not set up. Ask a manager to set it up in the shop settings.")),
    "notice_text_required": ("body", QT_TR_NOOP("Enter the text of the notice.")),
    "notice_target_missing": ("", QT_TR_NOOP("A notice needs a ticket or a pre-order.")),
    "notice_not_sending": ("", QT_TR_NOOP("This notice is not being sent.")),
    "part_required": ("part_name", QT_TR_NOOP("Enter the part.")),
    "quantity_invalid": ("quantity", QT_TR_NOOP("The quantity must be more than zero.")),
    "deposit_above_total": ("deposit", QT_TR_NOOP("The deposit is more than the price.")),
    "preorder_missing": ("", QT_TR_NOOP("The pre-order no longer exists.")),
    "preorder_state": ("", QT_TR_NOOP("The pre-order is {detail}; this cannot be done now.")),
    "underpaid": ("paid", QT_TR_NOOP("The customer has to pay {detail}.")),
    "payment_method_invalid": ("payment_method", QT_TR_NOOP("Choose how the customer pays.")),
    "settle_cancelled": ("", QT_TR_NOOP("Ticket {detail} is cancelled and cannot be settled.")),
    "already_settled": ("", QT_TR_NOOP("Ticket {detail} is already settled.")),
    "lines_required": ("lines", QT_TR_NOOP("Add at least one fee line.")),
    "line_description_required": ("lines", QT_TR_NOOP("Line {detail}: enter what the fee is for.")),
    "line_quantity_invalid": ("lines", QT_TR_NOOP(
        "Line {detail}: the quantity must be more than zero.")),
    "discount_negative": ("discount", QT_TR_NOOP("The discount cannot be negative.")),
    "discount_above_total": ("discount", QT_TR_NOOP(
        "The discount is more than the customer's total ({detail}).")),
    "discount_reason_required": ("discount_reason", QT_TR_NOOP("Give a reason for the discount.")),
    "overpaid_non_cash": ("paid", QT_TR_NOOP("Only cash can be overpaid.")),
    "settlement_missing": ("", QT_TR_NOOP("The settlement no longer exists.")),
    "already_voided": ("", QT_TR_NOOP("Settlement {detail} is already void.")),
}


def _diag(exc: DBAPIError) -> tuple[str, str, str]:
    diag = getattr(exc.orig, "diag", None)
    return (str(getattr(exc.orig, "pgcode", "") or ""),
            str(getattr(diag, "message_hint", "") or ""),
            str(getattr(diag, "message_detail", "") or ""))


def translate_error(exc: DBAPIError) -> UserError | None:
    """The operator's message for a refusal, or None for anything that is a bug."""
    code, hint, detail = _diag(exc)
    if code == "42501":
        capability = detail if hint == "aftersales:denied" else ""
        return PermissionDenied(action=CAPABILITY_LABELS.get(capability, capability or "?"))
    if not hint.startswith("aftersales:"):
        return None
    refusal = hint.removeprefix("aftersales:")
    if refusal == "stale":
        who, _, when = detail.partition("|")
        return StaleTicket(who=who or "?", when=when[:16])
    field, message = REFUSALS.get(refusal, ("", UserError.default_message))
    if field and field not in ("lines", "reason") and "{detail}" not in message:
        return ValidationError(field, message, detail=detail)
    error = Refused(refusal, message, detail=detail)
    error.field = field  # type: ignore[attr-defined]
    return error


def call(conn: Connection, sql: str, params: dict[str, Any] | None = None) -> Any:
    """Run one function call and return its (jsonb-decoded) result."""
    try:
        value = conn.execute(text(sql), params or {}).scalar()
    except DBAPIError as exc:
        error = translate_error(exc)
        if error is None:
            raise
        raise error from exc
    return value


def as_json(value: dict[str, Any]) -> str:
    """jsonb for a function argument: dates, Decimals and UUIDs as their text."""
    return json.dumps(value, default=str, ensure_ascii=False)
