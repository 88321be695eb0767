"""What a dispatch sheet prints, read in one round trip: the job as `app.job_get` returns
it (the ticket's fields, the phone as the operator may see it, the parts requisitioned),
the shop's header and the work types of the service settings (the sheet's boxes)."""

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
    job: dict[str, Any]
    shop: dict[str, str]
    work_types: list[str] = field(default_factory=list)  # the active ones, by code


def sheet_data(conn: Connection, job_id: int) -> SheetData:
    job, shop, work_types = conn.execute(text("""
        SELECT app.job_get(:job), app.setting('shop'),
               (SELECT coalesce(jsonb_agg(w.name ORDER BY w.code), '[]')
                  FROM app.work_type w WHERE w.active)"""), {"job": job_id}).one()
    if job is None:
        raise JobMissing(job_id=job_id)
    return SheetData(job=dict(job), shop={k: str(v) for k, v in (shop or {}).items()},
                     work_types=[str(name) for name in work_types or []])
