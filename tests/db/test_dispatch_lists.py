"""The dispatch lists through operators' own connections: dispatches, work reports and
the review queue, with their column and full-field filters, days late, summaries and
the Excel export; a technician's lists hold only their own jobs (row security)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from aftersales_desktop.data.dispatch_lists import DISPATCHES, REVIEW_QUEUE, WORK_REPORTS
from aftersales_desktop.data.listing import ListQuery, ListSource, fetch_page, snapshot_rows
from aftersales_desktop.data.summary import fetch_summary
from aftersales_desktop.reports.excel import export_rows
from tests.db.dispatch_helpers import Dispatch, dispatch_shop, numbers, shop_time
from tests.pg import TestCluster

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Iterator[Dispatch]:
    yield from dispatch_shop(cluster)


@pytest.fixture(scope="module")
def jobs(shop: Dispatch) -> dict[str, int]:
    d = shop
    now = datetime.now().astimezone()
    made: dict[str, int] = {}
    made["wang_active"] = d.job(d.ticket(fault="不制冷", region="西湖区", on_site=True),
                                "王强", visit=(shop_time(d, d.today, 14),
                                              shop_time(d, d.today, 16)))
    made["wang_late"] = d.job(d.ticket(fault="漏水", late_days=4), "王强")
    made["zhao_finished"] = d.job(d.ticket(fault="开机无反应", status="ready"), "赵磊",
                                  state="finished", finished_at=now - timedelta(days=1),
                                  days_late=2)
    made["wang_reviewed"] = d.job(d.ticket(fault="噪音大", status="ready"), "王强",
                                  state="reviewed", finished_at=now - timedelta(days=3),
                                  reviewed=True)
    made["outlet"] = d.job(d.ticket(fault="外机不转", region="滨江区"), outlet=True)
    d.sql("UPDATE app.job_work_type SET quantity = 2 WHERE job_id = %s",
          made["zhao_finished"])
    d.sql("INSERT INTO app.job_work_type (job_id, work_type_id, quantity) VALUES (%s, %s, 1)",
          made["zhao_finished"], d.work_types["cleaning"])
    return made


def _rows(d: Dispatch, who: str, source: ListSource,
          query: ListQuery | None = None) -> list[dict[str, Any]]:
    with d.logins[who].read() as conn:
        page = fetch_page(conn, source, query or ListQuery())
    keys = [c.key for c in source.columns]
    return [dict(zip(keys, row, strict=True)) | {"_id": key}
            for row, key in zip(page.rows, page.keys, strict=True)]


def test_dispatches_list_every_job_for_the_dispatcher(shop: Dispatch,
                                                      jobs: dict[str, int]) -> None:
    rows = {r["_id"]: r for r in _rows(shop, "dispatcher", DISPATCHES)}
    assert set(rows) == set(jobs.values())
    active = rows[jobs["wang_active"]]
    assert active["state"] == "assigned" and active["assignee"] == "王强"
    assert active["assignee_kind"] == "technician" and active["region"] == "杭州市/西湖区"
    assert active["visit_start"] == shop_time(shop, shop.today, 14)
    assert active["visit_end"] == shop_time(shop, shop.today, 16)
    assert active["work_type"] == "Minor repair"  # a new shop's work types are in English
    late = rows[jobs["wang_late"]]
    assert late["days_late"] == 4 and late["overdue"] is True
    assert rows[jobs["zhao_finished"]]["days_late"] == 2  # as its report fixed it
    assert rows[jobs["outlet"]]["assignee"] == "滨江特约网点"
    assert rows[jobs["outlet"]]["assignee_kind"] == "outlet"
    # newest assignment first
    assert next(r["_id"] for r in _rows(shop, "dispatcher", DISPATCHES)) == jobs["outlet"]


def test_a_technicians_lists_hold_only_their_own_jobs(shop: Dispatch,
                                                     jobs: dict[str, int]) -> None:
    assert {r["_id"] for r in _rows(shop, "tech_a", DISPATCHES)} == {
        jobs["wang_active"], jobs["wang_late"], jobs["wang_reviewed"]}
    assert {r["_id"] for r in _rows(shop, "tech_b", WORK_REPORTS)} == {jobs["zhao_finished"]}
    # a filter naming another's job finds nothing
    number = numbers(shop, [shop.sql("SELECT ticket_id FROM app.job WHERE id = %s",
                                     jobs["zhao_finished"])[0][0]])[0]
    assert _rows(shop, "tech_a", DISPATCHES, ListQuery(full_text=number)) == []


def test_dispatch_filters(shop: Dispatch, jobs: dict[str, int]) -> None:
    def ids(**query: Any) -> set[int]:
        return {r["_id"] for r in _rows(shop, "dispatcher", DISPATCHES, ListQuery(**query))}

    assert ids(column_filters={"state": "assigned"}) == {jobs["wang_active"],
                                                         jobs["wang_late"], jobs["outlet"]}
    assert ids(column_filters={"overdue": "是"}) == {jobs["wang_late"], jobs["zhao_finished"]}
    assert ids(column_filters={"days_late": ">3"}) == {jobs["wang_late"]}
    assert ids(column_filters={"assignee": "赵"}) == {jobs["zhao_finished"]}
    assert ids(full_text="外机") == {jobs["outlet"]}
    assert ids(full_text="西湖区 不制冷") == {jobs["wang_active"]}
    assert ids(column_filters={"visit_start": shop.today.isoformat()}) == {jobs["wang_active"]}


def test_work_reports_and_the_review_queue(shop: Dispatch, jobs: dict[str, int]) -> None:
    reports = {r["_id"]: r for r in _rows(shop, "manager", WORK_REPORTS)}
    assert list(reports) == [jobs["zhao_finished"], jobs["wang_reviewed"]]  # newest first
    zhao = reports[jobs["zhao_finished"]]
    assert zhao["work_types"] == "Minor repair ×2、Cleaning and packing"
    assert zhao["hours"] == Decimal("1.50") and zhao["result"] == "fixed"
    assert zhao["fault_cause"] == "电源板损坏" and zhao["action"] == "更换电源板"
    assert zhao["customer_signed"] is True and zhao["state"] == "finished"
    assert reports[jobs["wang_reviewed"]]["reviewed_by"] == "manager"
    assert [r["_id"] for r in _rows(shop, "manager", REVIEW_QUEUE)] == [jobs["zhao_finished"]]
    assert _rows(shop, "manager", WORK_REPORTS,
                 ListQuery(column_filters={"fault_cause": "电源板"})) != []
    assert _rows(shop, "manager", WORK_REPORTS,
                 ListQuery(column_filters={"result": "Not fixed"})) == []


def test_summary_by_assignee_totals_hours(shop: Dispatch, jobs: dict[str, int]) -> None:
    with shop.logins["manager"].read() as conn:
        summary = fetch_summary(conn, WORK_REPORTS, ListQuery(), ["assignee"])
    hours = summary.totals.index("hours")
    by_name = {g.values[0]: (g.count, g.totals[hours]) for g in summary.groups}
    assert by_name == {"王强": (1, Decimal("1.50")), "赵磊": (1, Decimal("1.50"))}


def test_work_reports_export_to_excel(shop: Dispatch, jobs: dict[str, int],
                                      tmp_path: Path) -> None:
    path = tmp_path / "reports.xlsx"
    with shop.logins["manager"].transaction() as conn:
        rows = list(snapshot_rows(conn, WORK_REPORTS, ListQuery()))
    assert export_rows(path, WORK_REPORTS.columns, rows, title=WORK_REPORTS.title) == 2
    workbook = load_workbook(path, read_only=True)
    values = list(workbook.active.iter_rows(min_row=2, values_only=True))
    workbook.close()
    causes = {row[WORK_REPORTS.index_of("fault_cause")] for row in values}
    assert causes == {"电源板损坏"}
    assert isinstance(values[0][WORK_REPORTS.index_of("finished_at")], datetime)
