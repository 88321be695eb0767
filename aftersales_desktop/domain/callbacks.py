"""Callbacks (回访) and surveys: the codes, their labels and the attempt rule (pure).

The database decides (db/sql/callbacks/, revision 0021); these are the same codes and
the same rule for the screens:

- a callback task's kinds, sources and states, an attempt's outcomes, a survey
  question's kinds and dimensions, with their English labels (translated when shown);
- `QUESTION_LABELS`: the seeded questions' labels by code (a question the shop added
  shows its label as typed);
- `SCORE_MIN`..`SCORE_MAX`: a survey's scores;
- `next_state`: what an attempt makes of a task (app.callback_attempt_state), so the
  attempt dialog says "this makes the customer unreachable" before it is saved
  (tests/db/test_rules_agree.py runs both).
"""

from __future__ import annotations

from dataclasses import dataclass

from aftersales_desktop.core.i18n import QT_TR_NOOP

TASK_KINDS: dict[str, str] = {
    "service": QT_TR_NOOP("Service callback"),
    "installation": QT_TR_NOOP("Installation callback"),
    "usage": QT_TR_NOOP("Usage callback"),
}
TASK_SOURCES: dict[str, str] = {
    "ticket": QT_TR_NOOP("Repair ticket"),
    "dealer": QT_TR_NOOP("Dealer's list"),
}
TASK_STATES: dict[str, str] = {
    "pending": QT_TR_NOOP("Pending", "callback state"),
    "in_progress": QT_TR_NOOP("In progress", "callback state"),
    "done": QT_TR_NOOP("Done", "callback state"),
    "unreachable": QT_TR_NOOP("Unreachable"),
    "expired": QT_TR_NOOP("Expired", "callback state"),
    "cancelled": QT_TR_NOOP("Cancelled", "callback state"),
}
# the states the due list shows and attempts take
OPEN_STATES: frozenset[str] = frozenset({"pending", "in_progress"})

OUTCOMES: dict[str, str] = {
    "no_answer": QT_TR_NOOP("No answer"),
    "busy": QT_TR_NOOP("Busy"),
    "wrong_number": QT_TR_NOOP("Wrong number"),
    "call_back": QT_TR_NOOP("Call back later"),
    "refused": QT_TR_NOOP("Refused the survey"),
    "reached": QT_TR_NOOP("Reached"),
}
# what app.callback_attempt_log takes ('reached' comes with a survey: app.survey_record)
ATTEMPT_OUTCOMES: tuple[str, ...] = ("no_answer", "busy", "wrong_number", "call_back",
                                     "refused")
# the outcomes counted as failed attempts (callback_task.attempts)
FAILED_OUTCOMES: frozenset[str] = frozenset({"no_answer", "busy", "wrong_number"})

QUESTION_KINDS: dict[str, str] = {
    "score": QT_TR_NOOP("Score 1-5"),
    "text": QT_TR_NOOP("Text answer"),
}
DIMENSIONS: dict[str, str] = {
    "attitude": QT_TR_NOOP("Service attitude"),
    "timeliness": QT_TR_NOOP("Timeliness"),
    "quality": QT_TR_NOOP("Repair quality"),
    "price": QT_TR_NOOP("Fair price"),
    "overall": QT_TR_NOOP("Overall satisfaction"),
}
# the seeded questions (revision 0021), by code: shown translated; the shop's own
# questions show their label as typed
QUESTION_LABELS: dict[str, str] = dict(DIMENSIONS)

SCORE_MIN = 1
SCORE_MAX = 5
# shop settings (app.shop_setting) and their defaults
MAX_ATTEMPTS_KEY = "callback_max_attempts"
MAX_ATTEMPTS_DEFAULT = 3
FREEZE_HOURS_KEY = "survey_freeze_hours"
FREEZE_HOURS_DEFAULT = 24


def question_label(code: str, typed: str) -> str:
    """The English source of a seeded question's label, else the label as typed."""
    return QUESTION_LABELS.get(code, typed)


@dataclass(frozen=True)
class AttemptResult:
    state: str
    failed: int  # the task's failed attempts after this one


def next_state(outcome: str, failed: int, max_attempts: int) -> AttemptResult:
    """A task's state after an attempt with `outcome`, `failed` failed attempts before it
    and the shop's `max_attempts`: no answer and busy are failed calls, unreachable at
    the shop's number; a wrong number is unreachable at once; refused (or reached, with
    its survey) ends the task; a requested call-back keeps it open."""
    after = failed + (1 if outcome in FAILED_OUTCOMES else 0)
    if outcome in ("no_answer", "busy"):
        state = "unreachable" if after >= max(max_attempts, 1) else "in_progress"
    elif outcome == "wrong_number":
        state = "unreachable"
    elif outcome == "call_back":
        state = "in_progress"
    elif outcome in ("refused", "reached"):
        state = "done"
    else:
        raise ValueError(outcome)
    return AttemptResult(state, after)
