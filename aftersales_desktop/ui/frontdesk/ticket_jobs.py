"""The ticket tab's history shows its jobs' events (assigned, started, reported, finished,
reviewed, review undone: app.ticket_detail's "job_events"), with the technician or
service outlet each named and the reason given. Importing this module registers the
event source (ticket.py does)."""

from __future__ import annotations

from typing import Any

from aftersales_desktop.domain.dispatch import EVENT_KINDS

from ..i18n import tr
from .ticket_sections import EVENT_SOURCES

Detail = dict[str, Any]
JOB_COLOUR = "#d46b08"


def job_events(detail: Detail) -> list[tuple[str, str, str, str, str | None]]:
    """The jobs' events as history events: (ISO time, what, who, details, colour)."""
    events: list[tuple[str, str, str, str, str | None]] = []
    for event in detail.get("job_events") or []:
        what = tr(EVENT_KINDS.get(event["kind"], event["kind"]))
        assignee = event.get("technician") or event.get("outlet") or ""
        details = "  ".join(part for part in (assignee, event.get("reason") or "") if part)
        events.append((event["at"], tr("Job: {what}").format(what=what),
                       event["by_operator"], details, JOB_COLOUR))
    return events


EVENT_SOURCES.append(job_events)
