"""The callback clerk's work (回访): the due list, a failed call, a survey and its
amendment or correction. One server function call each (db/sql/callbacks/, revision
0021); the database checks who may (callback.record), the task's state and version, the
scores, and refuses the job's own technician (survey_own_job) whatever the screen shows.

Every answer is the function's jsonb as a dict: a task row has the shape of
`app.callback_due`'s rows, so a screen can put a changed task back where it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from aftersales_desktop.services.frontdesk._calls import as_json, call

# app.callback_due's views: the due list's groups and the other ways to look
VIEWS = ("due", "overdue", "today", "call_back", "upcoming", "open", "closed", "all")
DUE_LIMIT_MAX = 500


@dataclass(frozen=True)
class DueFilters:
    """What app.callback_due filters by; every filter is the server's."""

    view: str = "due"
    service_mode: str | None = None
    region_id: int | None = None  # this region and every region under it
    technician_id: int | None = None
    kind: str | None = None
    search: str | None = None  # ticket number, customer name or phone digits
    offset: int = 0
    limit: int = DUE_LIMIT_MAX

    def payload(self) -> dict[str, Any]:
        values = asdict(self)
        values["search"] = (self.search or "").strip() or None
        values["limit"] = max(1, min(int(self.limit), DUE_LIMIT_MAX))
        values["offset"] = max(0, int(self.offset))
        return values


@dataclass(frozen=True)
class Answer:
    """One question's answer: a score 1..5 (score questions) or a text (text ones)."""

    question_id: int
    score: int | None = None
    answer: str = ""

    def payload(self) -> dict[str, Any]:
        return {"question_id": self.question_id, "score": self.score,
                "answer": self.answer.strip()}


def _call(conn: Connection, function: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    return dict(call(conn, f"SELECT app.{function}(CAST(:p AS jsonb))",
                     {"p": as_json(dict(payload))}))


def due(conn: Connection, filters: DueFilters) -> dict[str, Any]:
    """{today, total, counts: {due, overdue, today, call_back, upcoming}, rows}: the tasks
    of the view, filtered on the server (it first expires tasks past their window)."""
    return _call(conn, "callback_due", filters.payload())


def log_attempt(conn: Connection, *, task_id: int, version: int, outcome: str,
                call_back_at: datetime | None = None, note: str = "") -> dict[str, Any]:
    """A call that did not reach a survey: no answer, busy, a wrong number, a call-back
    the customer asked for (at `call_back_at`), or a refusal. {"task": row}."""
    return _call(conn, "callback_attempt_log", {
        "task_id": task_id, "version": version, "outcome": outcome,
        "call_back_at": call_back_at.isoformat() if call_back_at is not None else None,
        "note": note.strip()})


def survey_get(conn: Connection, task_id: int) -> dict[str, Any]:
    """{task, ticket (with its work report summary) or null, questions, attempts,
    surveys}: everything the survey dialog shows, in one call."""
    return dict(call(conn, "SELECT app.survey_get(CAST(:t AS bigint))", {"t": task_id}))


def _survey_payload(answers: Iterable[Answer], usage: str, suggestion: str,
                    notes: str) -> dict[str, Any]:
    return {"answers": [a.payload() for a in answers], "usage": usage.strip(),
            "suggestion": suggestion.strip(), "notes": notes.strip()}


def survey_record(conn: Connection, *, task_id: int, version: int,
                  answers: Iterable[Answer], usage: str = "", suggestion: str = "",
                  notes: str = "", corrects_id: int | None = None) -> dict[str, Any]:
    """Record the survey (or, with `corrects_id`, a correction of a task's current
    survey). {survey_id, task, complaint_id, complaint_number}: a low score opens a
    complaint in the same transaction."""
    payload = _survey_payload(answers, usage, suggestion, notes)
    payload.update(task_id=task_id, version=version, corrects_id=corrects_id)
    return _call(conn, "survey_record", payload)


def survey_amend(conn: Connection, *, survey_id: int, answers: Iterable[Answer],
                 usage: str = "", suggestion: str = "", notes: str = "") -> dict[str, Any]:
    """Change a survey before it is frozen (its recorder, or complaint.handle); after
    that the server refuses with survey_frozen and a correction is the way."""
    payload = _survey_payload(answers, usage, suggestion, notes)
    payload["survey_id"] = survey_id
    return _call(conn, "survey_amend", payload)
