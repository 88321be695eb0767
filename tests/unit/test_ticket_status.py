"""Ticket status machine and document numbers.

The case tables are module-level so the database tests can run the same cases
against the server-side rules: `from tests.unit.test_ticket_status import ...`.
Each transition case is (current, target, context overrides, expected code or None).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.domain import tickets
from aftersales_desktop.domain.tickets import TransitionRefused, check_transition

# A context in which only the status machine itself can refuse.
NEUTRAL: dict[str, Any] = {
    "warranty_class": "in_warranty", "quote_state": None, "quote_required": False,
    "rework_free": False, "settled": True, "may_release_unsettled": False,
    "reason": "customer asked",
}

ORDER = ("pending", "in_repair", "waiting_parts", "hard_repair", "at_factory", "ready",
         "picked_up", "completed", "cancelled")
# Written out by hand (not derived from TRANSITIONS): row = current, column = target.
# + allowed   = unchanged   x not_allowed   c closed
_MATRIX = """
                pend  rep  wait  hard  fact  ready  pick  comp  canc
pending          =     +    +     +     +     +      x     x     +
in_repair        x     =    +     +     +     +      x     +     +
waiting_parts    x     +    =     +     +     x      x     x     +
hard_repair      x     +    +     =     +     +      x     x     +
at_factory       x     +    +     +     =     +      x     x     x
ready            x     +    x     x     x     =      +     x     x
picked_up        c     c    c     c     c     c      =     c     c
completed        c     c    c     c     c     c      c     =     c
cancelled        c     c    c     c     c     c      c     c     =
"""
_CODES = {"+": None, "=": "unchanged", "x": "not_allowed", "c": "closed"}


def _pairs() -> list[tuple[str, str, dict[str, Any], str | None]]:
    rows = [line.split() for line in _MATRIX.strip().splitlines()[1:]]
    assert [row[0] for row in rows] == list(ORDER)
    return [(row[0], target, {}, _CODES[cell])
            for row in rows for target, cell in zip(ORDER, row[1:], strict=True)]


# every one of the 9x9 pairs in the neutral context
TRANSITION_PAIR_CASES: list[tuple[str, str, dict[str, Any], str | None]] = _pairs()

OOW = {"warranty_class": "out_of_warranty", "quote_required": True}
RULE_CASES: list[tuple[str, str, dict[str, Any], str | None]] = [
    # unknown statuses come first, even for an unchanged or closed ticket
    ("repaired", "ready", {}, "unknown_status"),
    ("pending", "done", {}, "unknown_status"),
    ("", "pending", {}, "unknown_status"),
    ("Pending", "in_repair", {}, "unknown_status"),
    ("bogus", "bogus", {}, "unknown_status"),
    ("cancelled", "nowhere", {}, "unknown_status"),
    # closed beats every other rule
    ("picked_up", "in_repair", {**OOW, "quote_state": None}, "closed"),
    ("cancelled", "cancelled", {"reason": ""}, "unchanged"),
    ("cancelled", "picked_up", {"settled": False}, "closed"),
    # not_allowed beats the quote, reason and settlement rules
    ("waiting_parts", "ready", {"reason": ""}, "not_allowed"),
    ("at_factory", "cancelled", {"reason": ""}, "not_allowed"),
    ("in_repair", "picked_up", {"settled": False}, "not_allowed"),
    ("ready", "cancelled", {"reason": ""}, "not_allowed"),
    # quote needed to start an out-of-warranty repair
    ("pending", "in_repair", {**OOW, "quote_state": None}, "quote_required"),
    ("pending", "in_repair", {**OOW, "quote_state": "pending"}, "quote_required"),
    ("pending", "in_repair", {**OOW, "quote_state": "declined"}, "quote_required"),
    ("pending", "in_repair", {**OOW, "quote_state": "approved"}, None),
    ("waiting_parts", "in_repair", {**OOW, "quote_state": "pending"}, "quote_required"),
    ("hard_repair", "in_repair", {**OOW, "quote_state": None}, "quote_required"),
    ("at_factory", "in_repair", {**OOW, "quote_state": "declined"}, "quote_required"),
    ("ready", "in_repair", {**OOW, "quote_state": None}, "quote_required"),
    ("ready", "in_repair", {**OOW, "quote_state": "approved"}, None),
    ("pending", "in_repair", {**OOW, "quote_state": None, "rework_free": True}, None),
    ("pending", "in_repair", {**OOW, "quote_required": False}, None),
    ("pending", "in_repair", {"quote_required": True, "warranty_class": "in_warranty"}, None),
    ("pending", "in_repair", {"quote_required": True, "warranty_class": "claim"}, None),
    # the quote only gates in_repair
    ("pending", "ready", {**OOW, "quote_state": None}, None),
    ("pending", "waiting_parts", {**OOW, "quote_state": "declined"}, None),
    ("pending", "at_factory", {**OOW, "quote_state": None}, None),
    ("pending", "cancelled", {**OOW, "quote_state": "declined"}, None),
    # cancelling needs a reason
    ("pending", "cancelled", {"reason": ""}, "cancel_reason_required"),
    ("in_repair", "cancelled", {"reason": "   "}, "cancel_reason_required"),
    ("hard_repair", "cancelled", {"reason": "\t\n"}, "cancel_reason_required"),
    ("waiting_parts", "cancelled", {"reason": " customer withdrew "}, None),
    ("pending", "cancelled", {"reason": "", "settled": False}, "cancel_reason_required"),
    # a reason is not needed for other moves
    ("pending", "in_repair", {"reason": ""}, None),
    ("in_repair", "ready", {"reason": ""}, None),
    # picking up: settled, or released by someone allowed to, with a reason
    ("ready", "picked_up", {"settled": True, "reason": ""}, None),
    ("ready", "picked_up", {"settled": True, "may_release_unsettled": True, "reason": ""}, None),
    ("ready", "picked_up", {"settled": False, "reason": "regular customer"}, "unsettled"),
    ("ready", "picked_up", {"settled": False, "reason": ""}, "unsettled"),
    ("ready", "picked_up", {"settled": False, "may_release_unsettled": True, "reason": ""},
     "release_reason_required"),
    ("ready", "picked_up", {"settled": False, "may_release_unsettled": True, "reason": "  "},
     "release_reason_required"),
    ("ready", "picked_up", {"settled": False, "may_release_unsettled": True,
                            "reason": "pays next week"}, None),
    # settlement only gates picked_up
    ("pending", "ready", {"settled": False}, None),
    ("ready", "in_repair", {"settled": False}, None),
]

ALL_TRANSITION_CASES = TRANSITION_PAIR_CASES + RULE_CASES


def _run(current: str, target: str, overrides: dict[str, Any]) -> str | None:
    try:
        check_transition(current, target, **{**NEUTRAL, **overrides})
    except TransitionRefused as refused:
        return refused.code
    return None


@pytest.mark.parametrize(("current", "target", "overrides", "expected"), TRANSITION_PAIR_CASES)
def test_every_status_pair(current: str, target: str, overrides: dict[str, Any],
                           expected: str | None) -> None:
    assert _run(current, target, overrides) == expected


@pytest.mark.parametrize(("current", "target", "overrides", "expected"), RULE_CASES)
def test_extra_rules(current: str, target: str, overrides: dict[str, Any],
                     expected: str | None) -> None:
    assert _run(current, target, overrides) == expected


def test_tables_cover_everything() -> None:
    assert list(tickets.STATUSES) == list(ORDER)
    assert set(tickets.TRANSITIONS) == set(ORDER)
    assert list(tickets.OPEN_STATUSES) == list(ORDER[:6])
    assert len(TRANSITION_PAIR_CASES) == 81
    codes = {code for *_, code in ALL_TRANSITION_CASES}
    assert codes == {None, *tickets.REFUSAL_CODES}
    assert all(target in ORDER for targets in tickets.TRANSITIONS.values()
               for target in targets)


@pytest.mark.parametrize(("target", "capability"), [
    ("cancelled", "intake.cancel"), ("picked_up", "settlement.collect"),
    ("in_repair", "intake.edit"), ("ready", "intake.edit"), ("pending", "intake.edit"),
    ("waiting_parts", "intake.edit"), ("hard_repair", "intake.edit"),
    ("at_factory", "intake.edit"), ("completed", "intake.edit"),
])
def test_transition_capability(target: str, capability: str) -> None:
    assert tickets.TRANSITION_CAPABILITY(target) == capability
    assert tickets.transition_capability(target) == capability


def test_refusal_messages_name_the_statuses() -> None:
    with pytest.raises(TransitionRefused) as caught:
        check_transition("waiting_parts", "ready", **NEUTRAL)
    assert isinstance(caught.value, UserError)
    assert caught.value.text() == (
        "A ticket that is Waiting for parts cannot become Ready for pickup.")
    chinese = {"Waiting for parts": "等待配件", "Ready for pickup": "待取机",
               "A ticket that is {current} cannot become {target}.":
               "{current}的单据不能改为{target}。"}
    translated = caught.value.text(lambda source: chinese.get(source, source))
    assert translated == "等待配件的单据不能改为待取机。"
    with pytest.raises(TransitionRefused) as caught:
        check_transition("cancelled", "pending", **NEUTRAL)
    assert caught.value.text() == "The ticket is closed (Cancelled); nothing more can change."
    with pytest.raises(TransitionRefused) as caught:
        check_transition("ready", "picked_up", **{**NEUTRAL, "settled": False})
    assert "not settled" in str(caught.value)
    with pytest.raises(TransitionRefused) as caught:
        check_transition("pending", "in_repair", **{**NEUTRAL, **OOW})
    assert str(caught.value) == (
        "Out-of-warranty repair needs the customer's approval of a quote first.")
    with pytest.raises(TransitionRefused) as caught:
        check_transition("pending", "fixed", **NEUTRAL)
    assert caught.value.text(lambda s: s) == "Unknown ticket status fixed."


# ---- numbers ------------------------------------------------------------------------------

NUMBER_FORMAT_CASES: list[tuple[str, date, int, str]] = [
    ("WX", date(2026, 11, 23), 1, "WX20261123-0001"),
    ("WX", date(2026, 11, 23), 42, "WX20261123-0042"),
    ("WX", date(2026, 11, 23), 9999, "WX20261123-9999"),
    ("WX", date(2026, 11, 23), 10000, "WX20261123-10000"),
    ("YD", date(2024, 2, 29), 7, "YD20240229-0007"),
    ("JS", date(2027, 1, 1), 123, "JS20270101-0123"),
]

NUMBER_PARSE_CASES: list[tuple[str, tuple[str, date, int] | None]] = [
    ("WX20261123-0001", ("WX", date(2026, 11, 23), 1)),
    ("  wx20261123-0042\n", ("WX", date(2026, 11, 23), 42)),
    ("Wx20261123-9999", ("WX", date(2026, 11, 23), 9999)),
    ("WX20261123-10000", ("WX", date(2026, 11, 23), 10000)),
    ("yd20240229-0007", ("YD", date(2024, 2, 29), 7)),
    ("JS20270101-0123", ("JS", date(2027, 1, 1), 123)),
    ("", None),
    ("   ", None),
    ("WX20261123", None),
    ("WX20261123-", None),
    ("WX20261123-001", None),
    ("WX20261123-0000", None),
    ("WX20261123-01000", None),
    ("WX20261123_0001", None),
    ("WX 20261123-0001", None),
    ("WX20261123-0001x", None),
    ("XX20261123-0001", None),
    ("W20261123-0001", None),
    ("WX2026112-0001", None),
    ("WX20230229-0001", None),
    ("WX20261301-0001", None),
    ("WX20261100-0001", None),
    ("WX00001123-0001", None),
    ("WX２０２６1123-0001", None),
    ("13812345678", None),
    ("张三", None),
]


@pytest.mark.parametrize(("prefix", "day", "seq", "expected"), NUMBER_FORMAT_CASES)
def test_format_number(prefix: str, day: date, seq: int, expected: str) -> None:
    assert tickets.format_number(prefix, day, seq) == expected
    assert tickets.parse_number(expected) == (prefix, day, seq)


@pytest.mark.parametrize("seq", [0, -1])
def test_format_number_needs_positive_sequence(seq: int) -> None:
    with pytest.raises(ValueError):
        tickets.format_number("WX", date(2026, 11, 23), seq)


@pytest.mark.parametrize(("text", "expected"), NUMBER_PARSE_CASES)
def test_parse_number(text: str, expected: tuple[str, date, int] | None) -> None:
    assert tickets.parse_number(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("WX20261123-0001", True), (" wx20261123-0001 ", True), ("WX20261123-12345", True),
    ("YD20261123-0001", False), ("JS20261123-0001", False), ("WX2026", False),
    ("Haier", False), ("", False),
])
def test_looks_like_ticket_number(text: str, expected: bool) -> None:
    assert tickets.looks_like_ticket_number(text) is expected
    assert tickets.TICKET_PREFIX == "WX"
    assert (tickets.PREORDER_PREFIX, tickets.SETTLEMENT_PREFIX) == ("YD", "JS")
