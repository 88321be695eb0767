"""What the dispatch screens read besides their lists: a dispatch sheet, in one round
trip (the job as `app.job_get` returns it: the ticket's fields, the phones as the operator
may see them, the parts requisitioned, the shop's header; and the work types of the
service settings, the sheet's boxes), and the ticket a job is for."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.core.i18n import QT_TR_NOOP


class JobMissing(UserError):
    """No such job, or one the operator may not see (a technician sees only their own)."""

    default_message = QT_TR_NOOP("Job {job_id} does not exist or is not yours to see.")


@dataclass(frozen=True)
class SheetData:
    job: dict[str, Any]  # app.job_get's answer
    work_types: list[str] = field(default_factory=list)  # the active ones, by code

    @property
    def shop(self) -> dict[str, str]:
        return {k: str(v) for k, v in (self.job.get("shop") or {}).items()}


def sheet_data(conn: Connection, job_id: int) -> SheetData:
    job, work_types = conn.execute(text("""
        SELECT app.job_get(:job),
               (SELECT coalesce(jsonb_agg(w.name ORDER BY w.code), '[]')
                  FROM app.work_type w WHERE w.active)"""), {"job": job_id}).one()
    if job is None:
        raise JobMissing(job_id=job_id)
    return SheetData(job=dict(job), work_types=[str(name) for name in work_types or []])


def job_ticket_id(conn: Connection, job_id: int) -> int | None:
    """The ticket a job is for (None: no such job, or not the operator's to read)."""
    found = conn.execute(text("SELECT ticket_id FROM app.job WHERE id = :job"),
                         {"job": job_id}).scalar()
    return None if found is None else int(found)
