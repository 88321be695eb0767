"""What the dispatch screens read: the board (调度台), a technician's jobs (我的派工), the
review queue (审核队列), one job with its sheet's fields and one photo. One round trip
each (db/sql/dispatch/); the jobs are read under the operator's row security, so a
technician gets only their own whatever the filters say.

The answers are the functions' JSON with its values typed for Python: times
(`*_at`, a visit's `start`/`end`, `week_start`) as aware datetimes, days (`*_on`,
`today`, `purchase_date`) as dates, hours and quantities as Decimals.

    found = board(conn, BoardFilters(region_id=3, assigned="unassigned"))
    found["jobs"][0]["job"]            # None: unassigned come first
    mine = my_jobs(conn)               # the operator's own jobs
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from aftersales_desktop.services.frontdesk._calls import as_json, call

ASSIGNED_CHOICES = ("all", "unassigned", "assigned")
REVIEW_STATES = ("finished", "reviewed", "all")

_TIMES = frozenset({"start", "end", "week_start"})
_DAYS = frozenset({"today", "purchase_date", "from", "to"})
_DECIMALS = frozenset({"hours", "quantity"})


@dataclass(frozen=True)
class BoardFilters:
    """What the board shows: a region (with the regions below it), carry-in or on-site,
    all / unassigned / assigned, a search word, one technician's jobs, how many rows."""

    region_id: int | None = None
    visit: str | None = None
    assigned: str = "all"
    search: str = ""
    technician_id: int | None = None
    limit: int = 200


@dataclass(frozen=True)
class MyJobsFilters:
    """Whose jobs (None: the operator's own) and how many days of finished ones."""

    technician_id: int | None = None
    days: int = 7


@dataclass(frozen=True)
class ReviewFilters:
    """Finished jobs of one technician (or all) finished between two shop days; waiting
    for review ('finished'), reviewed, or both ('all')."""

    technician_id: int | None = None
    since: date | None = None
    until: date | None = None
    state: str = "finished"
    limit: int = 200


def _typed(key: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: _typed(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(key, v) for v in value]
    if isinstance(value, str):
        if key.endswith("_at") or key in _TIMES:
            return datetime.fromisoformat(value)
        if key.endswith("_on") or key in _DAYS:
            return date.fromisoformat(value)
        if key in _DECIMALS:
            return Decimal(value)
    return value


def typed(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A dispatch function's JSON with its times, days and amounts typed."""
    return {k: _typed(k, v) for k, v in raw.items()}


def _arguments(values: Mapping[str, Any]) -> str:
    return as_json({k: v for k, v in values.items() if v is not None and v != ""})


def board(conn: Connection, filters: BoardFilters | None = None) -> dict[str, Any]:
    """The dispatch board: {today, week_start, total, unassigned, overdue, limit, regions,
    jobs, technicians, outlets} (db/sql/dispatch/dispatch_board.sql). Needs
    dispatch.assign or review.approve (PermissionDenied otherwise)."""
    wanted = asdict(filters or BoardFilters())
    raw = call(conn, "SELECT app.dispatch_board(CAST(:p AS jsonb))",
               {"p": _arguments(wanted)})
    return typed(raw)


def my_jobs(conn: Connection, filters: MyJobsFilters | None = None) -> dict[str, Any]:
    """A technician's active jobs and those finished in the last days: {today, technician,
    days, jobs} (db/sql/dispatch/my_jobs.sql)."""
    wanted = asdict(filters or MyJobsFilters())
    raw = call(conn, "SELECT app.my_jobs(CAST(:p AS jsonb))", {"p": _arguments(wanted)})
    return typed(raw)


def review_queue(conn: Connection, filters: ReviewFilters | None = None) -> dict[str, Any]:
    """Finished jobs for review: {today, state, total, limit, technicians, jobs}
    (db/sql/dispatch/review_queue.sql). Needs review.approve."""
    f = filters or ReviewFilters()
    raw = call(conn, "SELECT app.review_queue(CAST(:p AS jsonb))", {"p": _arguments({
        "technician_id": f.technician_id, "from": f.since, "to": f.until, "state": f.state,
        "limit": f.limit})})
    return typed(raw)


def job(conn: Connection, job_id: int) -> dict[str, Any] | None:
    """One job with its report, photos (no content), events, the ticket's requisition
    and the sheet's fields; None when there is none the operator may read."""
    raw = call(conn, "SELECT app.job_get(:id)", {"id": job_id})
    return None if raw is None else typed(raw)


def photo(conn: Connection, photo_id: int) -> bytes | None:
    """One photo's content, or None when there is none the operator may read."""
    found = call(conn, "SELECT app.job_photo_get(:id)", {"id": photo_id})
    return None if found is None else bytes(found)


__all__ = ["ASSIGNED_CHOICES", "REVIEW_STATES", "BoardFilters", "MyJobsFilters",
           "ReviewFilters", "board", "job", "my_jobs", "photo", "review_queue", "typed"]
