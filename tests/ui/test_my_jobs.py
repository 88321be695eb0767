"""My jobs and the work report on screen (issue 12): after a dispatcher assigned two jobs
to two technicians, a technician logs in and starts on their jobs (their home), sees only
their own job, starts it, requisitions a part, reports the work and finishes it; the
ticket moves on (on-site -> completed, carry-in -> ready); a reviewed report opens read
only. Refusals show at the field; photos are checked here before they are sent."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.domain.dispatch import WorkReport
from aftersales_desktop.services.dispatch import jobs
from aftersales_desktop.ui.dispatch.my_jobs import MyJobsPage, job_of
from aftersales_desktop.ui.dispatch.report_dialog import WorkReportDialog
from aftersales_desktop.ui.main_window import MainWindow
from tests.pg import TestCluster
from tests.ui.dispatch_helpers import (
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


def png(path: Path, size: int = 64) -> Path:
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("#1677ff"))
    assert image.save(str(path))  # PNG by the suffix
    return path


def _press(qtbot: QtBot, key: Qt.Key,
           modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)
    QApplication.processEvents()


def requisition_one_part(qtbot: QtBot, page: MyJobsPage, ticket_id: int) -> None:
    """Requisition parts... opens the stock module's editor for the ticket; a scan of the
    part's barcode and Ctrl+S save one issue line."""
    page.requisition_button.click()
    qtbot.waitUntil(lambda: page.requisition_dialog is not None, timeout=5_000)
    dialog = page.requisition_dialog
    editor = dialog.editor  # type: ignore[union-attr]
    combo = editor.header.widgets["warehouse"]
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: editor.current.id == ticket_id and combo.count() > 0
                    and running_tasks() == 0, timeout=20_000)
    editor.grid.setFocus()
    editor.grid.go_to_new_line()
    qtbot.waitUntil(lambda: editor.grid.hasFocus())
    for key in "6901234567892":
        _press(qtbot, getattr(Qt.Key, f"Key_{key}"))
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not editor.lines.pending_lookups() and running_tasks() == 0,
                    timeout=20_000)
    _press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.current.number is not None and running_tasks() == 0,
                    timeout=20_000)
    assert editor.summary.text() == "Saved."
    dialog.close()  # type: ignore[union-attr]


def fill_report(dialog: WorkReportDialog, work_type: int, *, result: str) -> None:
    box, quantity = dialog.quantities[work_type]
    box.setChecked(True)
    assert quantity.text() == "1" and quantity.isEnabled()
    quantity.setText("2")
    dialog.hours.setText("1.5")
    dialog.result_choice.setCurrentIndex(dialog.result_choice.findData(result))
    dialog.fault_cause.setEditText("电容老化")  # a new value: the dictionary learns it
    dialog.action.setEditText("更换电容")
    dialog.notes.setPlainText("客户在场")
    dialog.signed.setChecked(True)


def test_a_technician_starts_requisitions_reports_and_finishes_their_own_job(
        qtbot: QtBot, shop: Shop, sessions: Any, two_jobs: dict[str, Any],
        tmp_path: Path) -> None:
    login = sessions(two_jobs["a"])
    job_a, job_b = two_jobs["job_a"], two_jobs["job_b"]

    # their home: the main window opens on their jobs, only their own
    window = MainWindow(*login)
    qtbot.addWidget(window)
    window.show()
    page = window.tabs.currentWidget()
    assert isinstance(page, MyJobsPage)
    qtbot.waitUntil(lambda: page.loaded_once, timeout=20_000)
    assert page.listed_tickets() == [job_a.number]
    assert job_b.number not in page.listed_tickets()
    assert "No jobs" not in page.message.text()
    assert page.start_button.text() == "Start (Ctrl+T)"
    today = page.tree.topLevelItem(0)
    assert today.text(0) == "Today (1)"  # the visit is later today
    row = today.child(0)
    assert row.text(0) == job_a.number and row.text(2) == "西湖张"
    assert row.text(3) == "杭州市西湖区文三路 1 号"
    assert row.text(7) == "Assigned"
    # a technician without contacts.view reads the phone masked, as the server sent it
    assert row.text(4) == "139****6666"

    # Start: the job starts, the ticket goes into repair
    assert page.select_ticket(job_a.number)
    assert not page.report_button.isHidden() and page.start_button.isEnabled()
    page.start_button.click()
    qtbot.waitUntil(lambda: page.selected_row() is not None
                    and job_of(page.selected_row() or {}).get("state") == "started",
                    timeout=20_000)
    assert not page.start_button.isEnabled()
    assert read_one(qtbot, login[0], f"SELECT status FROM app.ticket "
                    f"WHERE id = {job_a.ticket_id}") == "in_repair"

    requisition_one_part(qtbot, page, job_a.ticket_id)

    # the report: refused at the field while incomplete, then finished with Ctrl+Enter
    dialog = report_dialog(qtbot, page, job_a.number)
    assert dialog.editable() and dialog.finish_button.isVisible()
    assert dialog.parts.rowCount() == 1  # the part just requisitioned
    assert "P-1002 压缩机" in dialog.parts.item(0, 2).text()
    dialog.finish_button.click()
    assert dialog.result_choice.property("invalid")  # no result yet: nothing was sent
    assert "the result" in dialog.summary.text()
    fill_report(dialog, shop.work_type, result="fixed")
    dialog.add_photo_file(png(tmp_path / "压缩机.png"))
    qtbot.waitUntil(lambda: dialog.photos.count() == 1 and running_tasks() == 0,
                    timeout=20_000)
    assert not dialog.photos.item(0).icon().isNull()  # a thumbnail
    dialog.hours.setFocus()
    _press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: "reported as finished" in page.message.text(), timeout=20_000)

    # on site: the ticket is completed; the job is finished with what was reported
    assert read_one(qtbot, login[0], f"SELECT status FROM app.ticket "
                    f"WHERE id = {job_a.ticket_id}") == "completed"
    state, hours, cause, signed = off_gui(qtbot, lambda: _job(login[0], job_a.job_id))
    assert (state, hours, cause, signed) == ("finished", Decimal("1.50"), "电容老化", True)
    assert read_one(qtbot, login[0], "SELECT count(*) FROM app.dictionary_entry "
                    "WHERE kind = 'fault_cause' AND value = '电容老化'") == 1
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 3, timeout=20_000)
    finished = page.tree.topLevelItem(2)
    assert finished.text(0) == "Finished recently (1)"
    assert finished.child(0).text(7) == "Finished"
    window.close()


def _job(database: Database, job_id: int) -> tuple[Any, ...]:
    with database.read() as conn:
        row = conn.exec_driver_sql(
            "SELECT state, hours, fault_cause, customer_signed FROM app.job "
            f"WHERE id = {job_id}").one()
        return tuple(row)


def test_a_carry_in_report_is_saved_then_finished_and_read_only_once_reviewed(
        qtbot: QtBot, shop: Shop, sessions: Any, two_jobs: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    login = sessions(two_jobs["b"])
    job_b = two_jobs["job_b"]
    page = my_jobs_page(qtbot, login)
    assert page.listed_tickets() == [job_b.number]
    dialog = report_dialog(qtbot, page, job_b.number)
    fill_report(dialog, shop.work_type, result="fixed")
    dialog.signed.setChecked(False)
    dialog.notes.setFocus()
    _press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.summary.text() == "Saved.", timeout=20_000)
    assert not dialog.has_unsaved_changes()
    dialog.close()

    # the draft opens again as it was saved
    dialog = report_dialog(qtbot, page, job_b.number)
    box, quantity = dialog.quantities[shop.work_type]
    assert box.isChecked() and quantity.text() == "2"
    assert dialog.hours.text() == "1.50" and dialog.fault_cause.currentText() == "电容老化"
    assert dialog.result_choice.currentData() == "fixed" and not dialog.signed.isChecked()
    dialog.save(finish=True)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    assert read_one(qtbot, login[0], f"SELECT status FROM app.ticket "
                    f"WHERE id = {job_b.ticket_id}") == "ready"

    # a manager reviews it: the technician's report is read-only from then on
    manager = sessions(shop.cluster.create_operator(shop.db, template="manager"))

    def review() -> Any:
        with manager[0].transaction() as conn:
            version = conn.exec_driver_sql(
                f"SELECT version FROM app.job WHERE id = {job_b.job_id}").scalar_one()
            return jobs.review(conn, job_id=job_b.job_id, version=version)

    off_gui(qtbot, review)
    page.refresh()
    qtbot.waitUntil(lambda: running_tasks() == 0 and page.select_ticket(job_b.number)
                    and job_of(page.selected_row() or {}).get("state") == "reviewed",
                    timeout=20_000)
    assert not page.requisition_button.isEnabled()
    dialog = report_dialog(qtbot, page, job_b.number)
    assert dialog.read_only()
    assert dialog.save_button.isHidden() and dialog.finish_button.isHidden()
    assert dialog.add_photo_button.isHidden()
    assert not dialog.hours.isEnabled() and dialog.notes.isReadOnly()
    assert "Reviewed" in dialog.banner.text()
    # nothing to lose: it closes without asking
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: pytest.fail("asked"))
    dialog.close()


def test_photos_are_checked_before_they_are_sent(
        qtbot: QtBot, shop: Shop, sessions: Any, two_jobs: dict[str, Any],
        tmp_path: Path) -> None:
    login = sessions(two_jobs["b"])
    page = my_jobs_page(qtbot, login)
    dialog = report_dialog(qtbot, page, two_jobs["job_b"].number)
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024))
    assert not dialog.add_photo_file(big)
    assert dialog.photos.property("invalid")
    assert "larger than 2 MiB" in dialog.summary.text()
    text_file = tmp_path / "note.png"
    text_file.write_bytes(b"not a picture")
    assert not dialog.add_photo_file(text_file)
    assert "PNG and JPEG" in dialog.summary.text()
    assert running_tasks() == 0 and dialog.photos.count() == 0  # nothing went to the server
    # one is stored and removed again
    assert dialog.add_photo_file(png(tmp_path / "ok.png"))
    qtbot.waitUntil(lambda: dialog.photos.count() == 1 and running_tasks() == 0,
                    timeout=20_000)
    dialog.photos.setCurrentRow(0)
    dialog.remove_photo_button.click()
    qtbot.waitUntil(lambda: dialog.photos.count() == 0 and running_tasks() == 0,
                    timeout=20_000)
    assert read_one(qtbot, login[0], "SELECT count(*) FROM app.job_photo "
                    f"WHERE job_id = {two_jobs['job_b'].job_id}") == 0
    dialog.close()


def test_the_technician_prints_the_dispatch_sheet_of_their_job(
        qtbot: QtBot, shop: Shop, sessions: Any, two_jobs: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    printing = pytest.importorskip("aftersales_desktop.ui.dispatch.printing")
    shown: list[Any] = []
    monkeypatch.setattr(printing, "show_sheet", lambda sheet, title: shown.append(sheet))
    page = my_jobs_page(qtbot, sessions(two_jobs["a"]))
    assert page.print_button.isVisible() and page.select_ticket(two_jobs["job_a"].number)
    window = page.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert shown[0].ticket_number == two_jobs["job_a"].number


def test_a_report_saved_elsewhere_meanwhile_is_refused_as_stale_and_reloaded(
        qtbot: QtBot, shop: Shop, sessions: Any, two_jobs: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    login = sessions(two_jobs["b"])
    job_b = two_jobs["job_b"]
    page = my_jobs_page(qtbot, login)
    dialog = report_dialog(qtbot, page, job_b.number)
    dialog.hours.setText("3")

    def saved_elsewhere() -> None:  # a paper sheet typed in meanwhile
        with login[0].transaction() as conn:
            version = conn.exec_driver_sql(
                f"SELECT version FROM app.job WHERE id = {job_b.job_id}").scalar_one()
            jobs.report(conn, WorkReport(job_id=job_b.job_id, version=version,
                                         hours=Decimal("4.5"), notes="纸质派工单补录"),
                        finish=False)

    off_gui(qtbot, saved_elsewhere)
    asked: list[str] = []

    def reload(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", reload)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(asked) and running_tasks() == 0, timeout=20_000)
    assert "Reload the work report now?" in asked[0]
    qtbot.waitUntil(lambda: dialog.hours.text() == "4.50", timeout=20_000)
    assert dialog.notes.toPlainText() == "纸质派工单补录" and not dialog.has_unsaved_changes()
    dialog.close()
