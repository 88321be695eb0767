"""Repair ticket status machine and document numbers (pure: no Qt, no SQL).

The database enforces the same rules (app.transition_refusal, app.transition_capability,
app.format_number); tests/db/test_rules_agree.py runs the case tables of
tests/unit/test_ticket_status.py through both, so change them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from aftersales_desktop.core.errors import Refused
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.limits import PROMISE_MAX_DAYS
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.text import is_blank

STATUSES: dict[str, str] = {
    "pending": QT_TR_NOOP("Pending"),
    "in_repair": QT_TR_NOOP("In repair"),
    "waiting_parts": QT_TR_NOOP("Waiting for parts"),
    "hard_repair": QT_TR_NOOP("Hard to repair"),
    "at_factory": QT_TR_NOOP("Returned to factory"),
    "ready": QT_TR_NOOP("Ready for pickup"),
    "picked_up": QT_TR_NOOP("Picked up"),
    # 已完工: an on-site job finished at the customer's (revision 0018); reached only
    # through the job's finished work report (app.job_report), never from the counter
    "completed": QT_TR_NOOP("Completed"),
    "cancelled": QT_TR_NOOP("Cancelled"),
}
CLOSED_STATUSES: frozenset[str] = frozenset({"picked_up", "completed", "cancelled"})
OPEN_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s not in CLOSED_STATUSES)

TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"in_repair", "waiting_parts", "hard_repair", "at_factory", "ready",
                          "cancelled"}),
    "in_repair": frozenset({"waiting_parts", "hard_repair", "at_factory", "ready", "completed",
                            "cancelled"}),
    "waiting_parts": frozenset({"in_repair", "hard_repair", "at_factory", "cancelled"}),
    "hard_repair": frozenset({"in_repair", "waiting_parts", "at_factory", "ready", "cancelled"}),
    "at_factory": frozenset({"in_repair", "waiting_parts", "hard_repair", "ready"}),
    "ready": frozenset({"picked_up", "in_repair"}),
    "picked_up": frozenset(),
    "completed": frozenset(),
    "cancelled": frozenset(),
}
# the statuses only a job's work report moves a ticket to (the counter's actions omit them)
JOB_ONLY_TARGETS: frozenset[str] = frozenset({"completed"})

QUOTE_STATES: tuple[str | None, ...] = (None, "pending", "approved", "declined")

# Codes of TransitionRefused, in the order check_transition tests them.
REFUSAL_CODES: tuple[str, ...] = ("unknown_status", "unchanged", "closed", "not_allowed",
                                  "quote_required", "cancel_reason_required", "unsettled",
                                  "release_reason_required")


def transition_capability(target: str) -> str:
    """The capability an operator needs to move a ticket to `target`."""
    if target == "cancelled":
        return "intake.cancel"
    if target == "picked_up":
        return "settlement.collect"
    return "intake.edit"


TRANSITION_CAPABILITY = transition_capability


class TransitionRefused(Refused):
    """A status change the rules do not allow; `code` says which rule refused it (the
    arguments `current` and `target` are shown as their translated status labels)."""


def transition_refusal(current: str, target: str, *, warranty_class: str,
                       quote_state: str | None, quote_required: bool, rework_free: bool,
                       settled: bool, may_release_unsettled: bool, reason: str) -> str | None:
    """The code of the first rule that refuses moving a ticket from `current` to `target`,
    or None when the move is allowed. The database asks the same question with
    app.transition_refusal (a test runs both on the same cases).

    `quote_required` is the shop setting; `rework_free` means the ticket is a free rework
    of an earlier repair; `settled` whether an active settlement exists;
    `may_release_unsettled` whether the operator holds settlement.release_unsettled.
    """
    if current not in STATUSES or target not in STATUSES:
        return "unknown_status"
    if target == current:
        return "unchanged"
    if current in CLOSED_STATUSES:
        return "closed"
    if target not in TRANSITIONS[current]:
        return "not_allowed"
    if (target == "in_repair" and quote_required and warranty_class == "out_of_warranty"
            and not rework_free and quote_state != "approved"):
        return "quote_required"
    if target == "cancelled" and is_blank(reason):
        return "cancel_reason_required"
    if target == "picked_up" and not settled:
        if not may_release_unsettled:
            return "unsettled"
        if is_blank(reason):
            return "release_reason_required"
    return None


def check_transition(current: str, target: str, *, warranty_class: str,
                     quote_state: str | None, quote_required: bool, rework_free: bool,
                     settled: bool, may_release_unsettled: bool, reason: str) -> None:
    """Raise TransitionRefused unless a ticket in `current` may move to `target`."""
    code = transition_refusal(current, target, warranty_class=warranty_class,
                              quote_state=quote_state, quote_required=quote_required,
                              rework_free=rework_free, settled=settled,
                              may_release_unsettled=may_release_unsettled, reason=reason)
    if code is not None:
        unknown = current if current not in STATUSES else target
        raise refuse(code, error_class=TransitionRefused, current=current, target=target,
                     status=unknown)


# How the unit reaches the shop (the ticket's `visit`) and where a parts pre-order stands.
VISITS: dict[str, str] = {"carry_in": QT_TR_NOOP("Carry-in"), "on_site": QT_TR_NOOP("On-site")}
PREORDER_STATES: dict[str, str] = {
    "waiting": QT_TR_NOOP("Waiting for the part"), "arrived": QT_TR_NOOP("Arrived"),
    "picked_up": QT_TR_NOOP("Picked up"), "cancelled": QT_TR_NOOP("Cancelled"),
}

# Where the unit is (ticket.location_kind and each app.ticket_location row's kind).
LOCATION_KINDS: dict[str, str] = {
    "shelf": QT_TR_NOOP("Counter shelf"), "warehouse": QT_TR_NOOP("Warehouse"),
    "technician": QT_TR_NOOP("With a technician"), "factory": QT_TR_NOOP("Sent to the factory"),
    "outlet": QT_TR_NOOP("At a service outlet"), "customer": QT_TR_NOOP("Back with the customer"),
}
# A quote's state (app.ticket_quote.state; the ticket's quote_state is one of the first three)
QUOTE_STATE_LABELS: dict[str, str] = {
    "pending": QT_TR_NOOP("awaiting the customer's answer"),
    "approved": QT_TR_NOOP("approved"), "declined": QT_TR_NOOP("declined"),
    "superseded": QT_TR_NOOP("replaced by a newer quote"),
}
# How the customer gave their answer to a quote (app.ticket_quote.channel)
QUOTE_CHANNELS: dict[str, str] = {
    "in_person": QT_TR_NOOP("In person"), "phone": QT_TR_NOOP("Phone"),
    "sms": QT_TR_NOOP("SMS"), "wechat": QT_TR_NOOP("WeChat"), "email": QT_TR_NOOP("E-mail"),
}


def location_text(kind: str, label: str, translate: Callable[[str], str]) -> str:
    """Where the unit is, as the counter says it: "Counter shelf A-03", "Back with the
    customer" (the label alone is a shelf code or a name; the kind alone may be empty)."""
    where = translate(LOCATION_KINDS[kind]) if kind in LOCATION_KINDS else ""
    return " ".join(part for part in (where, label.strip()) if part)


# A promise is at most PROMISE_MAX_DAYS after the intake (domain/limits.py, with the
# database's ticket_promised_on_window); the date editors offer no later day, nor one
# before the intake day (the database refuses it too).


def promise_bounds(received_on: date) -> tuple[date, date]:
    """The earliest and latest promised date a ticket received on `received_on` takes."""
    return received_on, received_on + timedelta(days=PROMISE_MAX_DAYS)


# ---- document numbers -------------------------------------------------------------------

TICKET_PREFIX = "WX"
PREORDER_PREFIX = "YD"
SETTLEMENT_PREFIX = "JS"
NUMBER_PREFIXES: tuple[str, ...] = (TICKET_PREFIX, PREORDER_PREFIX, SETTLEMENT_PREFIX)

# the sequence has 4 digits, or more without a leading zero once past 9999
_NUMBER = re.compile(r"(WX|YD|JS)(\d{8})-(\d{4}|[1-9]\d{4,})", re.ASCII)


def format_number(prefix: str, day: date, seq: int) -> str:
    """"WX20261123-0001": prefix, day, and the day's sequence (from 1) of that prefix."""
    if seq < 1:
        raise ValueError(f"sequence must be at least 1, not {seq}")
    return f"{prefix}{day.year:04d}{day.month:02d}{day.day:02d}-{seq:04d}"


def parse_number(text: str) -> tuple[str, date, int] | None:
    """(prefix, day, seq) of a document number as format_number writes it, else None.

    Surrounding whitespace and lower case are accepted (scanned or typed numbers).
    """
    match = _NUMBER.fullmatch(text.strip().upper())
    if match is None:
        return None
    prefix, digits, seq = match.group(1), match.group(2), int(match.group(3))
    try:
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    if seq < 1:
        return None
    return prefix, day, seq


def looks_like_ticket_number(text: str) -> bool:
    """Whether a search text is a repair ticket number (prefix WX)."""
    parsed = parse_number(text)
    return parsed is not None and parsed[0] == TICKET_PREFIX
