"""Complaints (投诉): the rules (pure).

The database decides (db/sql/callbacks/complaint_*.sql, revision 0021); these are the same
rules for the screens, so the complaint dialog offers only the actions the server takes,
and tests/db/test_rules_agree.py runs both homes of each rule on the same cases:

- `next_state`: the state an action leads to, or None where the state does not take it
  (open -> in progress -> waiting for the customer -> resolved -> closed; a resolved
  complaint the customer does not accept is reopened);
- `hours_open`: the hours a complaint has been open, without the time it waited for the
  customer (its clock stops then; resuming moves the deadline by the pause).
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from aftersales_desktop.core.i18n import QT_TR_NOOP

STATES: dict[str, str] = {
    "open": QT_TR_NOOP("Open", "complaint state"),
    "in_progress": QT_TR_NOOP("In progress", "complaint state"),
    "waiting_customer": QT_TR_NOOP("Waiting for the customer"),
    "resolved": QT_TR_NOOP("Resolved", "complaint state"),
    "closed": QT_TR_NOOP("Closed", "complaint state"),
}
# the states a complaint is still being handled in (the queue's open views)
OPEN_STATES: frozenset[str] = frozenset({"open", "in_progress", "waiting_customer"})
# the states its clock runs in (escalation, overdue)
RUNNING_STATES: frozenset[str] = frozenset({"open", "in_progress"})

SEVERITIES: dict[str, str] = {
    "low": QT_TR_NOOP("Low", "complaint severity"),
    "normal": QT_TR_NOOP("Normal", "complaint severity"),
    "high": QT_TR_NOOP("High", "complaint severity"),
    "critical": QT_TR_NOOP("Critical", "complaint severity"),
}

SOURCES: dict[str, str] = {
    "survey": QT_TR_NOOP("Survey score"),
    "callback": QT_TR_NOOP("Callback call"),
    "counter": QT_TR_NOOP("At the counter"),
    "phone": QT_TR_NOOP("Phone call"),
}
# what an operator may choose when opening one by hand (a survey's is opened by its score)
OPEN_SOURCES: tuple[str, ...] = ("callback", "counter", "phone")

ACTIONS: dict[str, str] = {
    "assign": QT_TR_NOOP("Assign", "complaint owner"),
    "start": QT_TR_NOOP("Start handling"),
    "pause": QT_TR_NOOP("Wait for the customer"),
    "resume": QT_TR_NOOP("Resume"),
    "note": QT_TR_NOOP("Add a note"),
    "resolve": QT_TR_NOOP("Resolve"),
    "reopen": QT_TR_NOOP("Reopen", "complaint"),
    "close": QT_TR_NOOP("Close"),
}

# What a complaint event says (app.complaint_event.kind), for its history.
EVENT_KINDS: dict[str, str] = {
    "open": QT_TR_NOOP("Opened", "complaint event"),
    "assign": QT_TR_NOOP("Assigned", "complaint event"),
    "start": QT_TR_NOOP("Handling started"),
    "pause": QT_TR_NOOP("Waiting for the customer"),
    "resume": QT_TR_NOOP("Resumed"),
    "escalate": QT_TR_NOOP("Escalated"),
    "note": QT_TR_NOOP("Note"),
    "resolve": QT_TR_NOOP("Resolved", "complaint event"),
    "reopen": QT_TR_NOOP("Reopened"),
    "close": QT_TR_NOOP("Closed, accepted by the customer"),
}

# the top escalation level; a complaint past its deadline there stays overdue
ESCALATION_MAX = 3

# state -> action -> the state it leads to (app.complaint_next_state)
_NEXT: dict[str, dict[str, str]] = {
    "open": {"assign": "open", "start": "in_progress", "pause": "waiting_customer",
             "note": "open", "resolve": "resolved"},
    "in_progress": {"assign": "in_progress", "pause": "waiting_customer",
                    "note": "in_progress", "resolve": "resolved"},
    "waiting_customer": {"assign": "waiting_customer", "resume": "in_progress",
                         "note": "waiting_customer", "resolve": "resolved"},
    "resolved": {"note": "resolved", "reopen": "in_progress", "close": "closed"},
    "closed": {"note": "closed"},
}


def next_state(state: str, action: str) -> str | None:
    """The state `action` leads to from `state`, or None where it is not allowed. A close
    the customer does not accept leads to a reopen instead (the server does that)."""
    return _NEXT.get(state, {}).get(action)


def allowed_actions(state: str) -> list[str]:
    """The actions a complaint in `state` takes, in the order the dialog shows them."""
    return [action for action in ACTIONS if next_state(state, action) is not None]


def hours_open(opened_at: datetime, now: datetime, *, resolved_at: datetime | None = None,
               paused_seconds: int = 0, paused_since: datetime | None = None) -> Decimal:
    """Hours from the opening to the resolution (or `now`), less the time waiting for the
    customer (the pauses ended, and the one running since `paused_since`), to one
    decimal; never negative."""
    end = resolved_at or now
    seconds = Decimal(str((end - opened_at).total_seconds())) - paused_seconds
    if paused_since is not None and resolved_at is None:
        seconds -= max(Decimal(str((now - paused_since).total_seconds())), Decimal(0))
    return (max(seconds, Decimal(0)) / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)
