"""The review queue on screen (issue 12): a manager sees the finished jobs by technician
and date (the server filters), opens a report read-only with its parts and photos,
approves it, and undoes a review only with a reason."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.domain.dispatch import WorkDone, WorkReport
from aftersales_desktop.services.dispatch import jobs
from aftersales_desktop.ui.dispatch.my_jobs import job_of
from aftersales_desktop.ui.dispatch.report_dialog import WorkReportDialog
from aftersales_desktop.ui.dispatch.review import ReviewQueuePage
from aftersales_desktop.ui.main_window import MainWindow
from tests.pg import TestCluster
from tests.ui.dispatch_helpers import (
    Login,
    Shop,
    assign_two_jobs,
    make_shop,
    my_jobs_page,
    open_sessions,
    read_one,
    report_dialog,
)
from tests.ui.helpers import off_gui

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Shop:
    return make_shop(cluster)


@pytest.fixture
def sessions(qtbot: QtBot, shop: Shop) -> Iterator[Any]:
    yield from open_sessions(qtbot, shop)


@pytest.fixture
def two_jobs(qtbot: QtBot, shop: Shop, sessions: Any) -> dict[str, Any]:
    return assign_two_jobs(qtbot, shop, sessions)

# a PNG of one pixel
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a5f0a3c30000000049454e44ae426082")


def finish(qtbot: QtBot, login: Login, job_id: int, work_type: int, *,
           photo: bool = False) -> None:
    """The technician finishes the job through the service (what the report dialog sends)."""
    def work() -> None:
        with login[0].transaction() as conn:
            version = conn.exec_driver_sql(
                f"SELECT version FROM app.job WHERE id = {job_id}").scalar_one()
            if photo:
                jobs.add_photo(conn, job_id=job_id, content=PIXEL, mime="image/png",
                               caption="铭牌")
                version = conn.exec_driver_sql(
                    f"SELECT version FROM app.job WHERE id = {job_id}").scalar_one()
            jobs.report(conn, WorkReport(
                job_id=job_id, version=version, work_types=(WorkDone(work_type, Decimal(1)),),
                hours=Decimal("2"), result="not_fixed", fault_cause="主板损坏",
                action="建议返厂"), finish=True)

    off_gui(qtbot, work)


def queue(qtbot: QtBot, login: Login) -> ReviewQueuePage:
    page = ReviewQueuePage(*login)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    qtbot.waitUntil(lambda: page.loaded_once and running_tasks() == 0, timeout=20_000)
    return page


def reload(qtbot: QtBot, page: ReviewQueuePage) -> None:
    page.loaded_once = False
    page.refresh()
    qtbot.waitUntil(lambda: page.loaded_once and running_tasks() == 0, timeout=20_000)


def test_a_manager_reviews_a_finished_job_from_the_queue(
        qtbot: QtBot, shop: Shop, sessions: Any, two_jobs: dict[str, Any],
        tmp_path: Path) -> None:
    tech_a, tech_b = sessions(two_jobs["a"]), sessions(two_jobs["b"])
    job_a, job_b = two_jobs["job_a"], two_jobs["job_b"]
    finish(qtbot, tech_a, job_a.job_id, shop.work_type, photo=True)
    finish(qtbot, tech_b, job_b.job_id, shop.work_type)
    manager = sessions(shop.cluster.create_operator(shop.db, template="manager"))

    window = MainWindow(*manager)
    qtbot.addWidget(window)
    assert "review_queue" in window.module_actions and "my_jobs" not in window.module_actions
    window.close()

    page = queue(qtbot, manager)
    assert {job_a.number, job_b.number} <= set(page.listed_tickets())
    # the technician filter is the server's: only 李师傅's job
    index = page.technician.findText("李师傅")
    assert index > 0
    page.technician.setCurrentIndex(index)
    qtbot.waitUntil(lambda: running_tasks() == 0 and page.listed_tickets() == [job_a.number],
                    timeout=20_000)
    assert page.technician.findText("王师傅") > 0  # choosing one keeps the others
    # so is the date range: nothing was finished yesterday
    yesterday = shop_time.today() - timedelta(days=1)
    page.date_to.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    qtbot.waitUntil(lambda: running_tasks() == 0 and page.listed_tickets() == [],
                    timeout=20_000)
    today = shop_time.today()
    page.date_to.setDate(QDate(today.year, today.month, today.day))
    qtbot.waitUntil(lambda: running_tasks() == 0 and page.listed_tickets() == [job_a.number],
                    timeout=20_000)
    # Ctrl+E: the workbook holds what the filters chose
    workbook = tmp_path / "queue.xlsx"
    assert page.export_to_excel(workbook)
    qtbot.waitUntil(lambda: page.message.text().startswith("Export")
                    and not page.message.text().startswith("Exporting"), timeout=20_000)
    assert page.message.text().startswith("Exported 1 rows"), page.message.text()
    cells = {str(c.value) for row in load_workbook(workbook).active.iter_rows() for c in row}
    assert job_a.number in cells and job_b.number not in cells
    assert page.select_ticket(job_a.number)
    texts = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    assert texts[1] == "李师傅" and texts[3] == "Not fixed" and texts[5] == "2"
    assert texts[4] == "Major repair ×1"

    # the report opens read-only, with its photo
    page.open_button.click()
    dialog = page.report_dialog
    assert isinstance(dialog, WorkReportDialog)
    qtbot.waitUntil(lambda: dialog.job is not None and running_tasks() == 0, timeout=20_000)
    assert dialog.read_only() and dialog.finish_button.isHidden()
    assert dialog.photos.count() == 1 and dialog.fault_cause.currentText() == "主板损坏"
    dialog.close()

    # approve: the job is reviewed and leaves the queue
    assert page.approve_button.isEnabled()
    page.approve_button.click()
    qtbot.waitUntil(lambda: "is reviewed" in page.message.text(), timeout=20_000)
    qtbot.waitUntil(lambda: running_tasks() == 0 and page.listed_tickets() == [],
                    timeout=20_000)
    assert read_one(qtbot, manager[0], "SELECT state FROM app.job "
                    f"WHERE id = {job_a.job_id}") == "reviewed"

    # the technician's report is read-only from now on
    mine = my_jobs_page(qtbot, tech_a)
    report = report_dialog(qtbot, mine, job_a.number)
    assert report.read_only() and report.save_button.isHidden()
    assert "Reviewed" in report.banner.text() and manager[1].code in report.banner.text()
    report.close()


def test_undoing_a_review_needs_a_reason(
        qtbot: QtBot, shop: Shop, sessions: Any, two_jobs: dict[str, Any]) -> None:
    tech_b = sessions(two_jobs["b"])
    job_b = two_jobs["job_b"]
    finish(qtbot, tech_b, job_b.job_id, shop.work_type)
    manager = sessions(shop.cluster.create_operator(shop.db, template="manager"))
    page = queue(qtbot, manager)
    assert page.select_ticket(job_b.number)
    assert not page.undo_button.isEnabled()  # not reviewed yet
    page.approve_button.click()
    qtbot.waitUntil(lambda: "is reviewed" in page.message.text(), timeout=20_000)

    page.state.setCurrentIndex(page.state.findData("reviewed"))
    qtbot.waitUntil(lambda: running_tasks() == 0 and job_b.number in page.listed_tickets(),
                    timeout=20_000)
    assert page.select_ticket(job_b.number)
    row = page.selected_row()
    assert row is not None and job_of(row)["state"] == "reviewed"
    assert manager[1].code in page.table.item(page.table.currentRow(), 8).text()
    assert page.undo_button.isEnabled()
    page.undo_button.click()
    dialog = page.reason_dialog
    assert dialog is not None
    dialog.accept()  # no reason: refused at the field, the dialog stays
    assert dialog.isVisible() and dialog.reason.property("invalid")
    assert "reason" in dialog.summary.text()
    dialog.reason.setText("工时填错，退回修改")
    dialog.accept()
    qtbot.waitUntil(lambda: "is undone" in page.message.text(), timeout=20_000)
    qtbot.waitUntil(lambda: running_tasks() == 0 and job_b.number not in page.listed_tickets(),
                    timeout=20_000)
    assert read_one(qtbot, manager[0], "SELECT state FROM app.job "
                    f"WHERE id = {job_b.job_id}") == "finished"
    assert read_one(qtbot, manager[0], "SELECT reason FROM app.job_event "
                    f"WHERE job_id = {job_b.job_id} AND kind = 'unreview'") == "工时填错，退回修改"

    # without review.undo there is no Undo button
    reviewer = sessions(shop.cluster.create_operator(shop.db, capabilities=["review.approve"]))
    plain = queue(qtbot, reviewer)
    assert plain.undo_button.isHidden() and not plain.approve_button.isHidden()
