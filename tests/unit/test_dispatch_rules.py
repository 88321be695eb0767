"""Jobs, work reports and review: the pure rules (domain/dispatch.py).

The case tables are module-level so tests/db/test_rules_agree.py runs the same cases
through the database's copies (app.job_action_refusal, app.job_result_status,
app.job_report_missing, app.job_days_late, app.job_photo_mime).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from aftersales_desktop.core.errors import Refused
from aftersales_desktop.domain import dispatch, tickets
from aftersales_desktop.domain.dispatch import (
    WorkDone,
    WorkReport,
    days_late,
    job_action_refusal,
    photo_mime,
    photo_refusal,
    report_missing,
    result_ticket_status,
)

# Written out by hand: row = action, column = state. + allowed, s job_state, r job_reviewed
_ACTIONS = """
            assigned  started  finished  reviewed  cancelled
start          +         s        s         r         s
report         +         +        +         r         s
finish         +         +        s         r         s
photo          +         +        +         r         s
review         s         s        +         s         s
unreview       s         s        s         +         s
"""
_CELLS = {"+": None, "s": "job_state", "r": "job_reviewed"}


def _action_cases() -> list[tuple[str, str, str | None]]:
    rows = [line.split() for line in _ACTIONS.strip().splitlines()]
    states = rows[0]
    return [(row[0], state, _CELLS[cell]) for row in rows[1:]
            for state, cell in zip(states, row[1:], strict=True)]


ACTION_CASES: list[tuple[str, str, str | None]] = [
    *_action_cases(),
    ("cook", "assigned", "job_state"), ("cook", "reviewed", "job_reviewed"),
    ("start", "lost", "job_state"), ("", "", "job_state"),
]

RESULT_CASES: list[tuple[str, str, str | None]] = [
    ("fixed", "carry_in", "ready"), ("fixed", "on_site", "completed"),
    ("not_fixed", "carry_in", "ready"), ("not_fixed", "on_site", "completed"),
    ("needs_parts", "carry_in", "waiting_parts"), ("needs_parts", "on_site", "waiting_parts"),
    ("factory", "carry_in", "at_factory"), ("factory", "on_site", "at_factory"),
    ("broken", "carry_in", None), ("", "on_site", None),
]

# (result, hours, number of work types, missing)
MISSING_CASES: list[tuple[str | None, Decimal | None, int, str | None]] = [
    ("fixed", Decimal("1.5"), 1, None), ("factory", Decimal("0.01"), 3, None),
    (None, Decimal("1"), 1, "result"), ("done", Decimal("1"), 1, "result"),
    (None, None, 0, "result"), ("fixed", None, 1, "hours"), ("fixed", Decimal(0), 1, "hours"),
    ("fixed", Decimal("-1"), 1, "hours"), ("fixed", Decimal(2), 0, "work_types"),
    ("needs_parts", Decimal("999.99"), 20, None),
]

# (today, promised, days late)
LATE_CASES: list[tuple[date, date | None, int]] = [
    (date(2026, 12, 2), date(2026, 12, 2), 0), (date(2026, 12, 2), date(2026, 12, 9), 0),
    (date(2026, 12, 2), date(2026, 12, 1), 1), (date(2026, 12, 2), date(2026, 11, 2), 30),
    (date(2027, 1, 1), date(2026, 12, 31), 1), (date(2028, 3, 1), date(2028, 2, 28), 2),
    (date(2026, 12, 2), None, 0), (date(2199, 1, 1), date(2000, 1, 1), 3650),
]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
MIME_CASES: list[tuple[bytes, str | None]] = [
    (PNG, "image/png"), (JPEG, "image/jpeg"), (b"GIF89a" + b"\x00" * 10, None),
    (b"\x89PNG\r\n", None), (b"\xff\xd8", None), (b"", None), (b"%PDF-1.7", None),
    (b"<svg xmlns=", None),
]


@pytest.mark.parametrize(("action", "state", "expected"), ACTION_CASES)
def test_job_action_refusal(action: str, state: str, expected: str | None) -> None:
    assert job_action_refusal(action, state) == expected


def test_the_action_table_covers_every_state_and_action() -> None:
    assert {state for _a, state, _c in _action_cases()} == set(dispatch.JOB_STATES)
    assert {action for action, _s, _c in _action_cases()} == set(dispatch.JOB_ACTIONS)


@pytest.mark.parametrize(("result", "visit", "expected"), RESULT_CASES)
def test_result_ticket_status(result: str, visit: str, expected: str | None) -> None:
    assert result_ticket_status(result, visit) == expected


def test_every_result_moves_to_a_status_the_machine_reaches_from_in_repair() -> None:
    for result in dispatch.RESULTS:
        for visit in tickets.VISITS:
            target = result_ticket_status(result, visit)
            assert target in tickets.TRANSITIONS["in_repair"], (result, visit)


def test_completed_is_closed_and_only_a_job_reaches_it() -> None:
    assert "completed" in tickets.CLOSED_STATUSES
    assert tickets.TRANSITIONS["completed"] == frozenset()
    assert [s for s, targets in tickets.TRANSITIONS.items() if "completed" in targets] == [
        "in_repair"]
    assert {"completed"} == tickets.JOB_ONLY_TARGETS


@pytest.mark.parametrize(("result", "hours", "types", "expected"), MISSING_CASES)
def test_report_missing(result: str | None, hours: Decimal | None, types: int,
                        expected: str | None) -> None:
    assert report_missing(result=result, hours=hours, work_types=types) == expected


@pytest.mark.parametrize(("today", "promised", "expected"), LATE_CASES)
def test_days_late(today: date, promised: date | None, expected: int) -> None:
    assert days_late(today, promised) == expected


@pytest.mark.parametrize(("content", "expected"), MIME_CASES)
def test_photo_mime(content: bytes, expected: str | None) -> None:
    assert photo_mime(content) == expected


def test_photo_refusal() -> None:
    assert photo_refusal(PNG, "image/png", 5) is None
    assert photo_refusal(PNG, "image/jpeg", 0) == "photo_format"
    assert photo_refusal(b"GIF89a", "image/gif", 0) == "photo_format"
    assert photo_refusal(JPEG + b"\x00" * dispatch.PHOTO_BYTES_MAX, "image/jpeg",
                         0) == "photo_too_large"
    assert photo_refusal(JPEG, "image/jpeg", dispatch.PHOTOS_MAX) == "photo_too_many"


def test_a_report_that_cannot_finish_names_its_missing_field() -> None:
    report = WorkReport(job_id=1, version=3, hours=Decimal("1.5"), result="fixed")
    with pytest.raises(Refused) as caught:
        report.check_finish()
    assert caught.value.code == "report_incomplete"
    assert caught.value.field == "work_types"
    assert "work done" in caught.value.text()
    WorkReport(job_id=1, version=3, hours=Decimal("1.5"), result="fixed",
               work_types=(WorkDone(7),)).check_finish()


def test_the_payload_is_what_app_job_report_reads() -> None:
    signed = datetime(2026, 12, 2, 10, 30, tzinfo=UTC)
    report = WorkReport(job_id=4, version=2, work_types=(WorkDone(7, Decimal("2")),),
                        hours=Decimal("1.50"), result="fixed", fault_cause=" 电容老化 ",
                        action="更换电容", customer_signed=True, signed_at=signed)
    assert report.payload(finish=True) == {
        "job_id": 4, "version": 2, "work_types": [{"work_type_id": 7, "quantity": "2"}],
        "hours": "1.50", "result": "fixed", "fault_cause": "电容老化", "action": "更换电容",
        "notes": "", "customer_signed": True, "signed_at": "2026-12-02T10:30:00+00:00",
        "finish": True}
    unsigned = WorkReport(job_id=4, version=2, signed_at=signed)
    assert unsigned.payload(finish=False)["signed_at"] is None


def test_every_label_table_is_complete() -> None:
    assert set(dispatch.EVENT_KINDS) == {"assign", "reassign", "unassign", "reschedule",
                                         "start", "report", "finish", "review", "unreview",
                                         "override"}
    assert set(dispatch.REPORT_FIELDS) == {"result", "hours", "work_types"}
    assert set(dispatch.JOB_STATES) > dispatch.ACTIVE_STATES
