"""Assigning a ticket's work (派工): one server call per action.

`app.dispatch_assign` creates the ticket's active job or changes it (another assignee
needs a reason; the same technician at another time is a reschedule), books the on-site
visit (the database refuses a technician's overlapping visits, travel buffer included)
and checks the technician's work types and regions unless an override reason is given;
`app.dispatch_unassign` cancels the active job and its visit. Both return the job as
JSON (docs/dispatch.md). Refusals arrive as the operator's errors (services/errors.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from aftersales_desktop.services.frontdesk._calls import as_json, call


def _time(value: datetime | None) -> str | None:
    if value is not None and value.tzinfo is None:
        # a time without its zone would be read in the server session's zone
        raise ValueError("visit times must be timezone-aware")
    return None if value is None else value.isoformat()


def assign(conn: Connection, *, ticket_id: int, technician_id: int | None = None,
           outlet_id: int | None = None, visit_start: datetime | None = None,
           visit_end: datetime | None = None, work_type_id: int | None = None,
           override_reason: str = "", reason: str = "",
           version: int | None = None) -> dict[str, Any]:
    """Assign (or reassign, or reschedule) the ticket's work; the job as it is now.

    `version` is the active job's as the screen showed it (None when it showed none);
    `override_reason` assigns a technician without the work type or region; `reason`
    is needed to take the job from its current assignee."""
    payload: dict[str, Any] = {
        "ticket_id": ticket_id, "technician_id": technician_id, "outlet_id": outlet_id,
        "visit_start": _time(visit_start), "visit_end": _time(visit_end),
        "work_type_id": work_type_id, "override_reason": override_reason,
        "reason": reason, "version": version}
    return dict(call(conn, "SELECT app.dispatch_assign(CAST(:p AS jsonb))",
                     {"p": as_json({k: v for k, v in payload.items() if v is not None})}))


def unassign(conn: Connection, *, job_id: int, version: int, reason: str) -> dict[str, Any]:
    """Cancel the active job and its planned visit, with a reason; the job as it is now."""
    return dict(call(conn, "SELECT app.dispatch_unassign(CAST(:p AS jsonb))",
                     {"p": as_json({"job_id": job_id, "version": version,
                                    "reason": reason})}))
