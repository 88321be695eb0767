"""Complaints: the pure rules (domain/complaints.py).

The case tables are module-level so tests/db/test_complaint_rules_agree.py runs the same
cases through the database's copies (app.complaint_next_state, app.complaint_hours_open).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from aftersales_desktop.domain import complaints
from aftersales_desktop.domain.complaints import allowed_actions, hours_open, next_state

# Written out by hand: row = action, column = state; the state the action leads to,
# "-" where the state does not take it.
_ACTIONS = """
          open         in_progress  waiting_customer  resolved     closed
assign    open         in_progress  waiting_customer  -            -
start     in_progress  -            -                 -            -
pause     waiting_customer waiting_customer -         -            -
resume    -            -            in_progress       -            -
note      open         in_progress  waiting_customer  resolved     closed
resolve   resolved     resolved     resolved          -            -
reopen    -            -            -                 in_progress  -
close     -            -            -                 closed       -
"""


def _action_cases() -> list[tuple[str, str, str | None]]:
    header, *rows = [line.split() for line in _ACTIONS.strip().splitlines()]
    cases = []
    for action, *cells in rows:
        assert len(cells) == len(header), action
        cases += [(action, state, None if cell == "-" else cell)
                  for state, cell in zip(header, cells, strict=True)]
    # what no screen sends: an unknown state or action is taken nowhere
    cases += [("close", "bogus", None), ("bogus", "open", None), ("", "", None)]
    return cases


ACTION_CASES = _action_cases()

_T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
# (opened_at, now, resolved_at, paused_seconds, paused_since, hours open)
HOURS_CASES: list[tuple[datetime, datetime, datetime | None, int, datetime | None, Decimal]] = [
    (_T0, _T0, None, 0, None, Decimal("0.0")),
    (_T0, _T0 + timedelta(hours=5), None, 0, None, Decimal("5.0")),
    # two hours waited earlier
    (_T0, _T0 + timedelta(hours=5), None, 7200, None, Decimal("3.0")),
    # waiting now, for the last hour
    (_T0, _T0 + timedelta(hours=5), None, 0, _T0 + timedelta(hours=4), Decimal("4.0")),
    (_T0, _T0 + timedelta(hours=5), None, 3600, _T0 + timedelta(hours=4), Decimal("3.0")),
    # resolved after 2.5 hours: the hours stop there; a stale pause no longer counts
    (_T0, _T0 + timedelta(days=3), _T0 + timedelta(hours=2, minutes=30), 0, None,
     Decimal("2.5")),
    (_T0, _T0 + timedelta(days=3), _T0 + timedelta(hours=3), 1800,
     _T0 + timedelta(hours=1), Decimal("2.5")),
    # rounding to a tenth, half up: 3 minutes is 0.05 h
    (_T0, _T0 + timedelta(minutes=3), None, 0, None, Decimal("0.1")),
    (_T0, _T0 + timedelta(minutes=2, seconds=59), None, 0, None, Decimal("0.0")),
    # never negative: a pause longer than the time open (a clock set back), a future pause
    (_T0, _T0 + timedelta(hours=1), None, 7200, None, Decimal("0.0")),
    (_T0, _T0 + timedelta(hours=1), None, 0, _T0 + timedelta(hours=2), Decimal("1.0")),
    # a long-open one
    (_T0, _T0 + timedelta(days=400, minutes=30), None, 86400, None, Decimal("9576.5")),
]


@pytest.mark.parametrize(("action", "state", "expected"), ACTION_CASES)
def test_next_state(action: str, state: str, expected: str | None) -> None:
    assert next_state(state, action) == expected


def test_allowed_actions_follow_the_table() -> None:
    assert allowed_actions("open") == ["assign", "start", "pause", "note", "resolve"]
    assert allowed_actions("waiting_customer") == ["assign", "resume", "note", "resolve"]
    assert allowed_actions("resolved") == ["note", "reopen", "close"]
    assert allowed_actions("closed") == ["note"]
    for state in complaints.STATES:
        assert all(action in complaints.ACTIONS for action in allowed_actions(state))


@pytest.mark.parametrize(("opened", "now", "resolved", "paused", "since", "expected"),
                         HOURS_CASES)
def test_hours_open(opened: datetime, now: datetime, resolved: datetime | None, paused: int,
                    since: datetime | None, expected: Decimal) -> None:
    assert hours_open(opened, now, resolved_at=resolved, paused_seconds=paused,
                      paused_since=since) == expected


def test_every_code_has_a_label() -> None:
    assert set(complaints.OPEN_STATES) | set(complaints.RUNNING_STATES) <= set(
        complaints.STATES)
    assert set(complaints.OPEN_SOURCES) <= set(complaints.SOURCES)
    assert set(complaints.ACTIONS) - {"close"} <= set(complaints.EVENT_KINDS)
    resulting = {s for _a, _s, s in ACTION_CASES if s is not None}
    assert resulting <= set(complaints.STATES)
