"""The ticket tab's history lists its jobs' events (ui/frontdesk/ticket_jobs.py) among
the others, in time order, with whom the job named and the reason."""

from __future__ import annotations

from aftersales_desktop.ui.frontdesk.ticket_jobs import job_events
from aftersales_desktop.ui.frontdesk.ticket_sections import TimelineSection


def test_job_events_join_the_ticket_history() -> None:
    detail = {
        "history": [{"at": "2026-12-02T09:00:00+08:00", "from_status": None,
                     "to_status": "pending", "by_operator": "counter1", "reason": ""}],
        "job_events": [
            {"kind": "assign", "at": "2026-12-02T09:30:00+08:00", "by_operator": "disp1",
             "reason": "", "technician": "王师傅", "outlet": None},
            {"kind": "unreview", "at": "2026-12-03T10:00:00+08:00", "by_operator": "boss",
             "reason": "工时填错", "technician": "王师傅", "outlet": None},
            {"kind": "assign", "at": "2026-12-02T08:00:00+08:00", "by_operator": "disp1",
             "reason": "", "technician": None, "outlet": "城西网点"}]}
    found = job_events(detail)
    assert [(what, who, details) for _at, what, who, details, _c in found] == [
        ("Job: Assigned", "disp1", "王师傅"), ("Job: Review undone", "boss", "王师傅  工时填错"),
        ("Job: Assigned", "disp1", "城西网点")]
    timeline = TimelineSection.events(detail)
    assert [what for _at, what, *_rest in timeline] == [
        "Job: Assigned", "Received: Pending", "Job: Assigned", "Job: Review undone"]
