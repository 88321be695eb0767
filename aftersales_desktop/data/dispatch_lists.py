"""The dispatch lists: dispatches (派工单, every job), work reports (完工报告, the finished
and reviewed jobs) and the review queue (审核队列, finished jobs waiting for review).

ListSources for the shared list view (server-side paging, full-field and column filters,
summaries, Excel export, print). They read app.job as the operator: its row security
gives a technician only their own jobs, whatever the filters say.

Days late: an active job counts from its ticket's promised day to the shop's today
(app.job_days_late, as the board does); a finished, reviewed or cancelled one shows what
its report fixed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    Text,
    and_,
    case,
    cast,
    column,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql.elements import ColumnElement

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.dispatch import ACTIVE_STATES, JOB_STATES, RESULTS
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.domain.tickets import VISITS

from .listing import ListColumn, ListSource, SortKey
from .tables import (
    employee_table,
    job_table,
    job_work_type_table,
    service_outlet_table,
    ticket_table,
    visit_table,
    work_type_table,
)
from .ticket_lists import COUNT_LIMIT

ENTITIES = ("dispatch", "ticket")

ASSIGNEE_KINDS = {"technician": QT_TR_NOOP("Technician"),
                  "outlet": QT_TR_NOOP("Service outlet")}
ACTIVE = tuple(sorted(ACTIVE_STATES))
DONE = ("finished", "reviewed")


def _region_paths() -> Any:
    """Every region with its path, 杭州市/西湖区 (app.region_paths)."""
    return (func.app.region_paths()
            .table_valued(column("id", BigInteger), column("parent_id", BigInteger),
                          column("path", Text))
            .alias("region_path"))


def _latest_visit(job: Any, bound: Any) -> ColumnElement[Any]:
    """The start or end (`bound` = func.lower / func.upper) of the job's latest visit
    that was not cancelled."""
    v = visit_table.alias("v")
    return (select(bound(v.c.during)).where(v.c.job_id == job.c.id, v.c.state != "cancelled")
            .order_by(v.c.id.desc()).limit(1).correlate(job).scalar_subquery())


def _work_types_done(job: Any) -> ColumnElement[Any]:
    """The work types a report names, 中修、清洁打包 ×2, in the catalogue's order."""
    done = job_work_type_table.alias("d")
    kind = work_type_table.alias("dw")
    label = kind.c.name + case((done.c.quantity != 1,
                                literal(" ×") + cast(func.trim_scale(done.c.quantity), Text)),
                               else_=literal(""))
    return (select(func.string_agg(label, aggregate_order_by(literal("、"), kind.c.id)))
            .select_from(done.join(kind, kind.c.id == done.c.work_type_id))
            .where(done.c.job_id == job.c.id).correlate(job).scalar_subquery())


def _parts() -> dict[str, Any]:
    j = job_table.alias("j")
    t = ticket_table.alias("t")
    tech = employee_table.alias("e")
    outlet = service_outlet_table.alias("o")
    wanted = work_type_table.alias("w")
    region = _region_paths()
    today = select(func.app.shop_today()).scalar_subquery()
    days_late = case((j.c.state.in_(ACTIVE), func.app.job_days_late(today, t.c.promised_on,
                                                                   type_=Integer)),
                     else_=j.c.days_late)
    from_clause = (j.join(t, t.c.id == j.c.ticket_id)
                   .outerjoin(tech, tech.c.id == j.c.technician_id)
                   .outerjoin(outlet, outlet.c.id == j.c.outlet_id)
                   .outerjoin(wanted, wanted.c.id == j.c.work_type_id)
                   .outerjoin(region, region.c.id == t.c.region_id))
    return {"j": j, "t": t, "assignee": func.coalesce(tech.c.name, outlet.c.name),
            "work_type": wanted.c.name, "region": region.c.path, "days_late": days_late,
            "from": from_clause}


def _column(key: str, parts: dict[str, Any]) -> ListColumn:
    """The columns the three lists share, by key."""
    j, t = parts["j"], parts["t"]
    shared = {
        "number": ListColumn("number", QT_TR_NOOP("Ticket no."), t.c.number, width=130),
        "state": ListColumn("state", QT_TR_NOOP("State"), j.c.state, width=70,
                            choices=JOB_STATES),
        "assignee": ListColumn("assignee", QT_TR_NOOP("Assigned to"), parts["assignee"],
                               width=100, groupable=True),
        "assignee_kind": ListColumn("assignee_kind", QT_TR_NOOP("Assignee"),
                                    j.c.assignee_kind, width=80, choices=ASSIGNEE_KINDS),
        "work_type": ListColumn("work_type", QT_TR_NOOP("Work type"), parts["work_type"],
                                width=90, groupable=True),
        "customer_name": ListColumn("customer_name", QT_TR_NOOP("Customer"),
                                    t.c.customer_name, width=90),
        "address": ListColumn("address", QT_TR_NOOP("Address"), t.c.address, width=180),
        "region": ListColumn("region", QT_TR_NOOP("Region"), parts["region"], width=120,
                             groupable=True),
        "visit": ListColumn("visit", QT_TR_NOOP("Carry-in or on-site"), t.c.visit, width=70,
                            choices=VISITS),
        "product": ListColumn("product", QT_TR_NOOP("Product"), t.c.product, width=80),
        "model": ListColumn("model", QT_TR_NOOP("Model"), t.c.model, width=100),
        "fault": ListColumn("fault", QT_TR_NOOP("Fault"), t.c.fault, width=160),
        "promised_on": ListColumn("promised_on", QT_TR_NOOP("Promised"), t.c.promised_on,
                                  ColumnKind.DATE, width=90),
        "days_late": ListColumn("days_late", QT_TR_NOOP("Days late"), parts["days_late"],
                                ColumnKind.INT, width=60, searchable=False),
        "overdue": ListColumn("overdue", QT_TR_NOOP("Overdue"), parts["days_late"] > 0,
                              ColumnKind.BOOL, width=50, searchable=False),
        "finished_at": ListColumn("finished_at", QT_TR_NOOP("Finished", "time"), j.c.finished_at,
                                  ColumnKind.DATETIME, width=130),
        "work_types": ListColumn("work_types", QT_TR_NOOP("Work done"), _work_types_done(j),
                                 width=140),
        "hours": ListColumn("hours", QT_TR_NOOP("Hours"), j.c.hours, ColumnKind.QUANTITY,
                            width=60),
        "result": ListColumn("result", QT_TR_NOOP("Result"), j.c.result, width=90,
                             choices=RESULTS),
        "fault_cause": ListColumn("fault_cause", QT_TR_NOOP("Fault cause"), j.c.fault_cause,
                                  width=120, groupable=True),
        "action": ListColumn("action", QT_TR_NOOP("Action taken"), j.c.action, width=120,
                             groupable=True),
        "customer_signed": ListColumn("customer_signed", QT_TR_NOOP("Customer signed"),
                                      j.c.customer_signed, ColumnKind.BOOL, width=60),
        "reported_by": ListColumn("reported_by", QT_TR_NOOP("Reported by"), j.c.reported_by,
                                  width=80),
    }
    return shared[key]


def _dispatches() -> ListSource:
    parts = _parts()
    j = parts["j"]
    c = _column
    return ListSource(
        name="dispatches",
        title=QT_TR_NOOP("Dispatches"),
        columns=(
            c("number", parts), c("state", parts),
            ListColumn("assigned_at", QT_TR_NOOP("Assigned", "time"), j.c.assigned_at,
                       ColumnKind.DATETIME, width=130),
            c("assignee", parts), c("assignee_kind", parts), c("work_type", parts),
            ListColumn("visit_start", QT_TR_NOOP("Visit from"), _latest_visit(j, func.lower),
                       ColumnKind.DATETIME, width=130, searchable=False),
            ListColumn("visit_end", QT_TR_NOOP("Visit until"), _latest_visit(j, func.upper),
                       ColumnKind.DATETIME, width=130, searchable=False),
            c("customer_name", parts), c("address", parts), c("region", parts),
            c("visit", parts), c("product", parts), c("fault", parts),
            c("promised_on", parts), c("days_late", parts), c("overdue", parts),
            ListColumn("started_at", QT_TR_NOOP("Started", "time"), j.c.started_at,
                       ColumnKind.DATETIME, width=130),
            c("finished_at", parts),
            ListColumn("assigned_by", QT_TR_NOOP("Assigned by"), j.c.assigned_by, width=80),
            ListColumn("override_reason", QT_TR_NOOP("Override reason"), j.c.override_reason,
                       width=140),
        ),
        from_clause=parts["from"],
        key=j.c.id,
        default_sort=(SortKey("assigned_at", descending=True),),
        count_limit=COUNT_LIMIT,
        entities=ENTITIES,
    )


def _work_reports() -> ListSource:
    parts = _parts()
    j = parts["j"]
    c = _column
    return ListSource(
        name="work_reports",
        title=QT_TR_NOOP("Work reports"),
        columns=(
            c("number", parts), c("finished_at", parts), c("assignee", parts),
            c("work_types", parts), c("hours", parts), c("result", parts),
            c("fault_cause", parts), c("action", parts), c("customer_signed", parts),
            ListColumn("signed_at", QT_TR_NOOP("Signed"), j.c.signed_at, ColumnKind.DATETIME,
                       width=130),
            c("days_late", parts), c("state", parts),
            ListColumn("reviewed_at", QT_TR_NOOP("Reviewed", "time"), j.c.reviewed_at,
                       ColumnKind.DATETIME, width=130),
            ListColumn("reviewed_by", QT_TR_NOOP("Reviewed by"), j.c.reviewed_by, width=80),
            c("reported_by", parts), c("customer_name", parts), c("product", parts),
            c("model", parts), c("fault", parts), c("visit", parts), c("region", parts),
            ListColumn("notes", QT_TR_NOOP("Notes"), j.c.notes, width=160),
        ),
        from_clause=parts["from"],
        key=j.c.id,
        # finished_at: the index by it serves the newest-first order (a report is finished)
        where=and_(j.c.state.in_(DONE), j.c.finished_at.is_not(None)),
        default_sort=(SortKey("finished_at", descending=True),),
        count_limit=COUNT_LIMIT,
        entities=ENTITIES,
    )


def _review_queue() -> ListSource:
    parts = _parts()
    j = parts["j"]
    c = _column
    return ListSource(
        name="review_queue",
        title=QT_TR_NOOP("Review queue"),
        columns=(
            c("assignee", parts), c("finished_at", parts), c("number", parts),
            c("customer_name", parts), c("product", parts), c("fault", parts),
            c("work_types", parts), c("hours", parts), c("result", parts),
            c("fault_cause", parts), c("action", parts), c("customer_signed", parts),
            c("days_late", parts), c("reported_by", parts), c("visit", parts),
            c("region", parts),
        ),
        from_clause=parts["from"],
        key=j.c.id,
        where=j.c.state == "finished",
        default_sort=(SortKey("assignee"), SortKey("finished_at")),
        entities=ENTITIES,
    )


DISPATCHES = _dispatches()
WORK_REPORTS = _work_reports()
REVIEW_QUEUE = _review_queue()

__all__ = ["ACTIVE", "ASSIGNEE_KINDS", "DISPATCHES", "DONE", "JOB_STATES", "RESULTS",
           "REVIEW_QUEUE", "WORK_REPORTS"]
