"""Repair ticket status machine and document numbers (pure: no Qt, no SQL).

The same rules are enforced by the database (revision 0009); tests compare both on
the case tables of tests/unit/test_ticket_status.py, so change them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.core.i18n import QT_TR_NOOP

STATUSES: dict[str, str] = {
    "pending": QT_TR_NOOP("Pending"),
    "in_repair": QT_TR_NOOP("In repair"),
    "waiting_parts": QT_TR_NOOP("Waiting for parts"),
    "hard_repair": QT_TR_NOOP("Hard to repair"),
    "at_factory": QT_TR_NOOP("Returned to factory"),
    "ready": QT_TR_NOOP("Ready for pickup"),
    "picked_up": QT_TR_NOOP("Picked up"),
    "cancelled": QT_TR_NOOP("Cancelled"),
}
CLOSED_STATUSES: frozenset[str] = frozenset({"picked_up", "cancelled"})
OPEN_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s not in CLOSED_STATUSES)

TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"in_repair", "waiting_parts", "hard_repair", "at_factory", "ready",
                          "cancelled"}),
    "in_repair": frozenset({"waiting_parts", "hard_repair", "at_factory", "ready", "cancelled"}),
    "waiting_parts": frozenset({"in_repair", "hard_repair", "at_factory", "cancelled"}),
    "hard_repair": frozenset({"in_repair", "waiting_parts", "at_factory", "ready", "cancelled"}),
    "at_factory": frozenset({"in_repair", "waiting_parts", "hard_repair", "ready"}),
    "ready": frozenset({"picked_up", "in_repair"}),
    "picked_up": frozenset(),
    "cancelled": frozenset(),
}

QUOTE_STATES: tuple[str | None, ...] = (None, "pending", "approved", "declined")

# Codes of TransitionRefused, in the order check_transition tests them.
REFUSAL_CODES: tuple[str, ...] = ("unknown_status", "unchanged", "closed", "not_allowed",
                                  "quote_required", "reason_required", "unsettled")


def transition_capability(target: str) -> str:
    """The capability an operator needs to move a ticket to `target`."""
    if target == "cancelled":
        return "intake.cancel"
    if target == "picked_up":
        return "settlement.collect"
    return "intake.edit"


TRANSITION_CAPABILITY = transition_capability


class TransitionRefused(UserError):
    """A status change the rules do not allow; `code` says which rule refused it.

    The arguments `current` and `target` hold the English status labels; `text()`
    translates them together with the message.
    """

    default_message = QT_TR_NOOP("The ticket status cannot be changed.")

    def __init__(self, code: str, message: str, /, **arguments: Any) -> None:
        self.code = code
        super().__init__(message, **arguments)

    def text(self, translate: Callable[[str], str] | None = None) -> str:
        if translate is None:
            return super().text()
        source = translate(self.message)
        arguments = {key: translate(value) if key in ("current", "target") else value
                     for key, value in self.arguments.items()}
        try:
            return source.format(**arguments)
        except (KeyError, IndexError, ValueError):
            return source


def check_transition(current: str, target: str, *, warranty_class: str,
                     quote_state: str | None, quote_required: bool, rework_free: bool,
                     settled: bool, may_release_unsettled: bool, reason: str) -> None:
    """Raise TransitionRefused unless a ticket in `current` may move to `target`.

    `quote_required` is the shop setting; `rework_free` means the ticket is a free rework
    of an earlier repair; `settled` whether an active settlement exists;
    `may_release_unsettled` whether the operator holds settlement.release_unsettled.
    """
    for status in (current, target):
        if status not in STATUSES:
            raise TransitionRefused("unknown_status",
                                    QT_TR_NOOP("Unknown ticket status {status}."),
                                    status=status)
    labels = {"current": STATUSES[current], "target": STATUSES[target]}
    if target == current:
        raise TransitionRefused("unchanged", QT_TR_NOOP("The ticket is already {current}."),
                                **labels)
    if current in CLOSED_STATUSES:
        raise TransitionRefused(
            "closed", QT_TR_NOOP("The ticket is closed ({current}); nothing more can change."),
            **labels)
    if target not in TRANSITIONS[current]:
        raise TransitionRefused(
            "not_allowed", QT_TR_NOOP("A ticket that is {current} cannot become {target}."),
            **labels)
    if (target == "in_repair" and quote_required and warranty_class == "out_of_warranty"
            and not rework_free and quote_state != "approved"):
        raise TransitionRefused(
            "quote_required",
            QT_TR_NOOP("Out-of-warranty repair needs the customer's approval of a quote first."),
            **labels)
    if target == "cancelled" and not reason.strip():
        raise TransitionRefused("reason_required",
                                QT_TR_NOOP("Give a reason for cancelling the ticket."), **labels)
    if target == "picked_up" and not settled:
        if not may_release_unsettled:
            raise TransitionRefused(
                "unsettled",
                QT_TR_NOOP("The ticket is not settled. Settle it first, or ask someone allowed "
                           "to release unsettled units."), **labels)
        if not reason.strip():
            raise TransitionRefused(
                "reason_required",
                QT_TR_NOOP("Give a reason for releasing the unit without settlement."), **labels)


# How the unit reaches the shop (the ticket's `visit`) and where a parts pre-order stands.
VISITS: dict[str, str] = {"carry_in": QT_TR_NOOP("Carry-in"), "on_site": QT_TR_NOOP("On-site")}
PREORDER_STATES: dict[str, str] = {
    "waiting": QT_TR_NOOP("Waiting for the part"), "arrived": QT_TR_NOOP("Arrived"),
    "picked_up": QT_TR_NOOP("Picked up"), "cancelled": QT_TR_NOOP("Cancelled"),
}


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
    return f"{prefix}{day:%Y%m%d}-{seq:04d}"


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
