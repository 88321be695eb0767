"""Jobs (派工), work reports (完工报告) and their review (审核): the rules (pure).

The database decides (db/sql/dispatch/, revision 0018); these are the same rules for the
screens, so a form shows what the server will say before it is asked, and
tests/db/test_rules_agree.py runs every rule that has both homes through both:

- `job_action_refusal`: which job states an action (start, report, finish, a photo,
  review, undo a review) takes; a reviewed job changes only after its review is undone;
- `result_ticket_status`: where a finished report moves its ticket (a carry-in repair
  fixed or not fixed waits for pickup, an on-site one is completed; a job that needs parts
  or went to the factory leaves the ticket waiting for parts or at the factory);
- `report_missing`: what a report lacks to be finished (a result, hours, a work type);
- `days_late`: the days a job was finished after the ticket's promised date (the
  deduction rules of seed 期限扣费 count them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.refusals import refuse

JOB_STATES: dict[str, str] = {
    "assigned": QT_TR_NOOP("Assigned"),
    "started": QT_TR_NOOP("Started", "job state"),
    "finished": QT_TR_NOOP("Finished", "job state"),
    "reviewed": QT_TR_NOOP("Reviewed"),
    "cancelled": QT_TR_NOOP("Cancelled", "job state"),
}
# the states a job holds its ticket in (at most one such job per ticket)
ACTIVE_STATES: frozenset[str] = frozenset({"assigned", "started"})

RESULTS: dict[str, str] = {
    "fixed": QT_TR_NOOP("Fixed"),
    "not_fixed": QT_TR_NOOP("Not fixed"),
    "needs_parts": QT_TR_NOOP("Needs parts"),
    "factory": QT_TR_NOOP("Returned to the factory"),
}

# what a report lacks to be finished (report_missing), as the refusal names it
REPORT_FIELDS: dict[str, str] = {
    "result": QT_TR_NOOP("the result"), "hours": QT_TR_NOOP("the hours worked"),
    "work_types": QT_TR_NOOP("the work done (at least one work type)"),
}

# What a job event says (app.job_event.kind), for the ticket's history and the change log.
EVENT_KINDS: dict[str, str] = {
    "assign": QT_TR_NOOP("Assigned"), "reassign": QT_TR_NOOP("Reassigned"),
    "unassign": QT_TR_NOOP("Unassigned", "job event"), "reschedule": QT_TR_NOOP("Rescheduled"),
    "start": QT_TR_NOOP("Job started"), "report": QT_TR_NOOP("Work report saved"),
    "finish": QT_TR_NOOP("Job finished"), "review": QT_TR_NOOP("Job reviewed"),
    "unreview": QT_TR_NOOP("Review undone"), "override": QT_TR_NOOP("Assigned by override"),
}

# action -> the states it takes; a reviewed job refuses every change as job_reviewed
_ACTION_STATES: dict[str, frozenset[str]] = {
    "start": frozenset({"assigned"}),
    "report": frozenset({"assigned", "started", "finished"}),  # a draft, or a correction
    "finish": frozenset({"assigned", "started"}),
    "photo": frozenset({"assigned", "started", "finished"}),
    "review": frozenset({"finished"}),
    "unreview": frozenset({"reviewed"}),
}
JOB_ACTIONS: tuple[str, ...] = tuple(_ACTION_STATES)

WORK_TYPES_MAX = 20  # work types one report lists
QUANTITY_MAX = Decimal("99")  # app.job_work_type.quantity: > 0 .. 99
HOURS_MAX = Decimal("999.99")  # app.job.hours: 0 .. 999.99
DAYS_LATE_MAX = 3650  # app.job.days_late: 0 .. 3650
PHOTOS_MAX = 6  # photos one job keeps
PHOTO_BYTES_MAX = 2 * 1024 * 1024  # 2 MiB, decoded (app.job_photo's CHECK)
PHOTO_MIMES: dict[str, bytes] = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}


def job_action_refusal(action: str, state: str) -> str | None:
    """The code refusing `action` on a job in `state`, or None when it may be done
    (app.job_action_refusal says the same)."""
    if state == "reviewed" and action not in ("review", "unreview"):
        return "job_reviewed"
    if action not in _ACTION_STATES or state not in _ACTION_STATES[action]:
        return "job_state"
    return None


def check_job_action(action: str, state: str) -> None:
    code = job_action_refusal(action, state)
    if code is not None:
        raise refuse(code, state=state)


def result_ticket_status(result: str, visit: str) -> str | None:
    """The status a finished report with `result` moves a ticket of `visit` (carry_in,
    on_site) to; None for an unknown result (app.job_result_status says the same)."""
    if result in ("fixed", "not_fixed"):
        return "completed" if visit == "on_site" else "ready"
    if result == "needs_parts":
        return "waiting_parts"
    if result == "factory":
        return "at_factory"
    return None


def report_missing(*, result: str | None, hours: Decimal | None, work_types: int) -> str | None:
    """The first field a report lacks to be finished ("result", "hours", "work_types"),
    or None when it is complete (app.job_report_missing says the same)."""
    if result is None or result not in RESULTS:
        return "result"
    if hours is None or hours <= 0:
        return "hours"
    if work_types < 1:
        return "work_types"
    return None


def days_late(today: date, promised_on: date | None) -> int:
    """Whole days `today` is past `promised_on` (0 when not past; at most DAYS_LATE_MAX):
    app.job_days_late."""
    if promised_on is None:
        return 0
    return max(0, min(DAYS_LATE_MAX, (today - promised_on).days))


def photo_mime(content: bytes) -> str | None:
    """The picture type `content` is by its first bytes (PNG, JPEG), else None."""
    for mime, magic in PHOTO_MIMES.items():
        if content.startswith(magic):
            return mime
    return None


def photo_refusal(content: bytes, mime: str, photos_now: int) -> str | None:
    """Why a photo cannot be added to a job that has `photos_now` (the server checks
    again, app.job_photo_add)."""
    if photo_mime(content) is None or photo_mime(content) != mime:
        return "photo_format"
    if len(content) > PHOTO_BYTES_MAX:
        return "photo_too_large"
    if photos_now >= PHOTOS_MAX:
        return "photo_too_many"
    return None


@dataclass(frozen=True)
class WorkDone:
    """One work type done on a job (the commission basis), with its quantity."""

    work_type_id: int
    quantity: Decimal = Decimal(1)


@dataclass(frozen=True)
class WorkReport:
    """A job's work report as the report dialog sends it (app.job_report)."""

    job_id: int
    version: int
    work_types: Sequence[WorkDone] = field(default_factory=tuple)
    hours: Decimal | None = None
    result: str | None = None
    fault_cause: str = ""
    action: str = ""
    notes: str = ""
    customer_signed: bool = False
    signed_at: datetime | None = None

    def missing(self) -> str | None:
        """The first field the report lacks to be finished (None: it is complete)."""
        return report_missing(result=self.result, hours=self.hours,
                              work_types=len(self.work_types))

    def check_finish(self) -> None:
        """Refuse (report_incomplete, on the missing field) a report that cannot finish."""
        missing = self.missing()
        if missing is not None:
            raise refuse("report_incomplete", field=missing, missing=missing)

    def payload(self, *, finish: bool) -> dict[str, Any]:
        return {
            "job_id": self.job_id, "version": self.version,
            "work_types": [{"work_type_id": w.work_type_id, "quantity": str(w.quantity)}
                           for w in self.work_types],
            "hours": None if self.hours is None else str(self.hours),
            "result": self.result, "fault_cause": self.fault_cause.strip(),
            "action": self.action.strip(), "notes": self.notes.strip(),
            "customer_signed": self.customer_signed,
            "signed_at": (self.signed_at.isoformat()
                          if self.customer_signed and self.signed_at else None),
            "finish": finish}
