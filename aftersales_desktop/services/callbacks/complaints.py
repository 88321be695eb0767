"""Complaints (投诉): open one by hand, act on it, the queue, one complaint. One server
call each (revision 0021: app.complaint_open, app.complaint_act, app.complaint_queue,
app.complaint_get); the database checks the capabilities (complaint.handle; callback
staff may open one and add a note; the counter may open one), the state each action
takes, the version, and keeps the deadline (paused while waiting for the customer,
escalated when it passes).

The answers are the functions' JSON with times (`*_at`) as aware datetimes.

    found = queue(conn, QueueFilters(view="escalated"))
    found["counts"]["escalated"], found["rows"][0]["number"]
    row = act(conn, complaint_id=7, version=3, action="resolve", resolution="换新")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.domain.complaints import ACTIONS, OPEN_SOURCES, allowed_actions
from aftersales_desktop.services.dispatch.reads import typed
from aftersales_desktop.services.frontdesk._calls import as_json, call

QUEUE_LIMIT_MAX = 500  # app.complaint_queue's most rows per call
VIEW_KEYS = ("open", "mine", "escalated", "overdue", "resolved", "closed", "all")
# who may call what (the functions check it; the screens show only what can work)
HANDLE = "complaint.handle"
QUEUE_CAPABILITIES = (HANDLE, "callback.record", "reports.view")  # queue, get
OPEN_CAPABILITIES = ("callback.record", "intake.create", HANDLE)  # open
NOTE_CAPABILITIES = (HANDLE, "callback.record")  # act: note; every other action: HANDLE


def actions_for(state: str, capabilities: frozenset[str]) -> list[str]:
    """The actions a complaint in `state` takes from an operator with `capabilities`, in
    the order the dialog shows them."""
    def may(action: str) -> bool:
        wanted = NOTE_CAPABILITIES if action == "note" else (HANDLE,)
        return any(c in capabilities for c in wanted)

    return [a for a in allowed_actions(state) if may(a)]


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows: a view (VIEW_KEYS), a severity, one technician's
    complaints, a search (number, customer name, phone digits, ticket number), a page."""

    view: str = "open"
    severity: str | None = None
    technician_id: int | None = None
    search: str = ""
    offset: int = 0
    limit: int = 200

    def payload(self) -> dict[str, Any]:
        if self.view not in VIEW_KEYS:
            raise ValueError(f"unknown complaint view {self.view!r}")
        values: dict[str, Any] = {"view": self.view, "severity": self.severity,
                                  "technician_id": self.technician_id,
                                  "search": self.search.strip(), "offset": self.offset,
                                  "limit": self.limit}
        return {k: v for k, v in values.items() if v is not None and v != ""}


def _call(conn: Connection, function: str, payload: dict[str, Any]) -> dict[str, Any]:
    return dict(call(conn, f"SELECT app.{function}(CAST(:p AS jsonb))",
                     {"p": as_json(payload)}))


def queue(conn: Connection, filters: QueueFilters | None = None) -> dict[str, Any]:
    """{total, counts: {open, mine, escalated, overdue, resolved}, rows} for the view
    (db/sql/callbacks/complaint_queue.sql); escalates what is past its deadline first."""
    return typed(_call(conn, "complaint_queue", (filters or QueueFilters()).payload()))


def get(conn: Connection, complaint_id: int) -> dict[str, Any] | None:
    """{complaint, events, survey} or None when there is none the operator may read."""
    raw = call(conn, "SELECT app.complaint_get(:id)", {"id": complaint_id})
    return None if raw is None else typed(raw)


def handlers(conn: Connection) -> dict[str, str]:
    """The operators a complaint may be assigned to: active, holding complaint.handle
    (what app.complaint_owner_valid accepts), code -> name, by name."""
    rows = conn.execute(text(
        "SELECT o.code, o.name FROM app.operator o JOIN pg_catalog.pg_roles r "
        "ON r.rolname = o.code WHERE o.active "
        "AND pg_catalog.pg_has_role(o.code, 'as_cap_complaint_handle', 'MEMBER') "
        "ORDER BY o.name, o.code")).all()
    return {str(code): str(name) for code, name in rows}


def open_complaint(conn: Connection, *, customer_id: int, source: str, severity: str,
                   summary: str, details: str = "", ticket_id: int | None = None,
                   technician_id: int | None = None, task_id: int | None = None,
                   owner: str | None = None) -> dict[str, Any]:
    """Open a complaint by hand (source callback, counter or phone); {complaint_id,
    number}. The server sets its deadline from its severity."""
    if source not in OPEN_SOURCES:
        raise ValueError(f"a complaint opened by hand has no source {source!r}")
    payload: dict[str, Any] = {
        "customer_id": customer_id, "ticket_id": ticket_id, "technician_id": technician_id,
        "task_id": task_id, "source": source, "severity": severity,
        "summary": summary.strip(), "details": details.strip(), "owner": owner or None}
    return _call(conn, "complaint_open", {k: v for k, v in payload.items() if v is not None})


def act(conn: Connection, *, complaint_id: int, version: int, action: str,
        owner: str | None = None, note: str = "", resolution: str = "",
        customer_accepted: bool | None = None) -> dict[str, Any]:
    """One action on a complaint (assign, start, pause, resume, note, resolve, reopen,
    close); the complaint as the queue's rows show it. Closing says whether the customer
    accepted the resolution (not accepted: the server reopens it instead)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown complaint action {action!r}")
    payload: dict[str, Any] = {"complaint_id": complaint_id, "version": version,
                               "action": action}
    if owner:
        payload["owner"] = owner
    if note.strip():
        payload["note"] = note.strip()
    if action == "resolve":
        payload["resolution"] = resolution.strip()
    if customer_accepted is not None:
        payload["customer_accepted"] = customer_accepted
    return typed(_call(conn, "complaint_act", payload))


__all__ = ["HANDLE", "NOTE_CAPABILITIES", "OPEN_CAPABILITIES", "QUEUE_CAPABILITIES",
           "QUEUE_LIMIT_MAX", "VIEW_KEYS", "QueueFilters", "act", "actions_for", "get", "handlers",
           "open_complaint", "queue"]
