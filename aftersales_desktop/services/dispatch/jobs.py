"""A job's own actions (派工): start it, report the work, add or delete photos, review it
and undo a review. One server function call each (db/sql/dispatch/, docs/dispatch.md);
the database checks who may (the job's technician, or a dispatcher on their behalf; a
reviewer other than the technician) and in which state, and moves the ticket.

Every call returns what `app.job_brief` says: the job's id, state and version and its
ticket's status and version, for the screen to reload (the UI's CollectionOp reports
`Changes.of("dispatch", "tickets")`).
"""

from __future__ import annotations

import base64
from typing import Any

from sqlalchemy import Connection

from aftersales_desktop.domain.dispatch import PHOTO_BYTES_MAX, WorkReport, photo_refusal
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.text import is_blank
from aftersales_desktop.services.frontdesk._calls import as_json, call


def _call(conn: Connection, function: str, payload: dict[str, Any]) -> dict[str, Any]:
    return dict(call(conn, f"SELECT app.{function}(CAST(:p AS jsonb))",
                     {"p": as_json(payload)}))


def start(conn: Connection, *, job_id: int, version: int) -> dict[str, Any]:
    """Start an assigned job; its ticket goes in repair."""
    return _call(conn, "job_start", {"job_id": job_id, "version": version})


def report(conn: Connection, report: WorkReport, *, finish: bool) -> dict[str, Any]:
    """Save the work report (a draft), or finish the job with it: the ticket moves as
    the result says (domain.dispatch.result_ticket_status)."""
    if finish:
        report.check_finish()
    return _call(conn, "job_report", report.payload(finish=finish))


def add_photo(conn: Connection, *, job_id: int, content: bytes, mime: str,
              caption: str = "") -> dict[str, Any]:
    """Attach a PNG or JPEG picture (at most 2 MiB) to the job; its id, type and size.
    The count (at most 6) is the server's to check."""
    code = photo_refusal(content, mime, 0)
    if code is not None:
        raise refuse(code, max_mib=PHOTO_BYTES_MAX // (1024 * 1024))
    return _call(conn, "job_photo_add", {
        "job_id": job_id, "content": base64.b64encode(content).decode("ascii"),
        "mime": mime, "caption": caption.strip()})


def delete_photo(conn: Connection, *, photo_id: int) -> dict[str, Any]:
    return _call(conn, "job_photo_delete", {"photo_id": photo_id})


def review(conn: Connection, *, job_id: int, version: int, note: str = "") -> dict[str, Any]:
    """Review a finished job (review.approve; not one's own)."""
    return _call(conn, "job_review", {"job_id": job_id, "version": version,
                                      "note": note.strip()})


def unreview(conn: Connection, *, job_id: int, version: int, reason: str) -> dict[str, Any]:
    """Undo a job's review (review.undo), giving the reason."""
    if is_blank(reason):
        raise refuse("unreview_reason_required")
    return _call(conn, "job_unreview", {"job_id": job_id, "version": version,
                                        "reason": reason.strip()})
