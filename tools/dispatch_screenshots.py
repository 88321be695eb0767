"""The dispatch screens for tools/screenshots.py: the board (F4) and its assign dialog as
the demo's dispatcher, my jobs and a work report being filled as a demo technician on
their own login, the review queue as the manager.

Each operator logs in on a main window of their own, as at their own desk; the demo's
jobs (services/demo_jobs.py) are what the screens show.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication, QWidget

from aftersales_desktop.core.db import forbid_database_on_thread
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.services import demo
from aftersales_desktop.services.demo_dispatch import causes_for
from aftersales_desktop.services.session import close_session, open_session

Save = Callable[[QWidget, str], None]
Wait = Callable[..., None]
DISPATCHER, TECHNICIAN, TECHNICIAN_EMPLOYEE, MANAGER = "liuyang", "wangqiang", "王强", "chenjie"
SHOWN = ("dispatch_board", "my_jobs", "review_queue")


def settled() -> bool:
    return running_tasks() == 0


def _as(profile: Any, code: str) -> Any:
    """A database handle logged in as `code` (for the setup, off the screens)."""
    database, _session = open_session(profile, code, demo.DEMO_PASSWORD)
    return database


def dispatch_setup(profile: Any) -> None:
    """The rest of the dispatcher's morning, as the board would do it: two more of today's
    visits for the technician with a login (the most overdue on-site job stays unassigned,
    for the assign dialog); and the part that technician's job in hand needs, received by
    the store and requisitioned by the technician (the work report lists it)."""
    from datetime import datetime, time, timedelta

    from aftersales_desktop.core import shop_time
    from aftersales_desktop.core.errors import Refused
    from aftersales_desktop.services.dispatch import assign, reads

    dispatcher = _as(profile, DISPATCHER)
    try:
        with dispatcher.read() as conn:
            board = reads.board(conn, reads.BoardFilters(visit="on_site",
                                                         assigned="unassigned"))
            technician = next(t for t in board["technicians"]
                              if t.get("operator_code") == TECHNICIAN)
            waiting = sorted(board["jobs"], key=lambda j: -int(j.get("days_late") or 0))[1:]
            today = shop_time.today()
            medium = conn.exec_driver_sql(
                "SELECT id FROM app.work_type WHERE code = 'medium'").scalar()  # 中修
            for job, (hour, minute) in zip(waiting, ((10, 30), (15, 30)), strict=False):
                start = datetime.combine(today, time(hour, minute), tzinfo=shop_time.zone())
                booking = {"ticket_id": int(job["ticket_id"]),
                           "technician_id": int(technician["id"]), "work_type_id": medium,
                           "visit_start": start, "visit_end": start + timedelta(minutes=90)}
                try:
                    assign.assign(conn, **booking)
                except Refused as refused:
                    if refused.code not in ("dispatch_work_type_mismatch",
                                            "dispatch_region_mismatch"):
                        raise
                    assign.assign(conn, **booking, override_reason="顺路，客户急修")
    finally:
        close_session(dispatcher)
    _requisition_setup(profile)


def _requisition_setup(profile: Any) -> None:
    import uuid
    from decimal import Decimal

    from aftersales_desktop.domain.documents import Document, DocumentLine, Submission
    from aftersales_desktop.services.dispatch import reads
    from aftersales_desktop.services.stock import documents, requisitions

    technician = _as(profile, TECHNICIAN)
    try:
        with technician.read() as conn:
            started = next((r for r in reads.my_jobs(conn)["jobs"]
                            if (r.get("job") or {}).get("state") == "started"), None)
    finally:
        close_session(technician)
    if started is None:
        return
    _cause, action = causes_for(str(started.get("product") or ""))[0]
    store = _as(profile, "admin")
    try:
        with store.read() as conn:
            found = conn.exec_driver_sql(
                "SELECT i.id, i.code, i.name, i.unit FROM app.item i WHERE i.kind = 'part' "
                "AND strpos(%(action)s, i.name) > 0 ORDER BY length(i.name) DESC LIMIT 1",
                {"action": action}).first()
            warehouse = conn.exec_driver_sql(
                "SELECT id FROM app.warehouse WHERE type = 'parts' ORDER BY id").scalar()
            if found is None or warehouse is None:
                return
            line = DocumentLine({"code": found[1], "name": found[2], "unit": found[3],
                                 "quantity": Decimal(5), "price": Decimal("19.50")},
                                item_id=found[0])
            documents.post_document(conn, Submission(Document("purchase_receipt", {
                "warehouse": warehouse, "supplier": "杭州松下配件经销部", "remarks": "补货"},
                (line,)), "post", str(uuid.uuid4())))
    finally:
        close_session(store)
    technician = _as(profile, TECHNICIAN)
    try:
        with technician.read() as conn:
            requisitions.save_lines(conn, int(started["ticket_id"]), [
                requisitions.LineChange(item_id=int(found[0]), quantity=Decimal(1),
                                        warehouse_id=int(warehouse))])
    finally:
        close_session(technician)


def _window(app: QApplication, profile: Any, code: str) -> Any:
    """A main window logged in as `code` (the demo password), shown at the usual size."""
    from aftersales_desktop.ui.main_window import MainWindow

    forbid_database_on_thread(None)
    database, session = open_session(profile, code, demo.DEMO_PASSWORD)
    forbid_database_on_thread(threading.main_thread())
    window = MainWindow(database, session)
    window.resize(1280, 760)
    window.show()
    app.processEvents()
    return window


def _close(window: Any) -> None:
    window.monitor.stop()
    database = window.database
    window.close()
    forbid_database_on_thread(None)
    close_session(database)
    forbid_database_on_thread(threading.main_thread())


def shoot_board(app: QApplication, profile: Any, modules: dict[str, Any], save: Save,
                wait: Wait) -> None:
    """The dispatcher's board: open jobs by region (unassigned first, overdue marked), a
    technician chosen so that their day shows; then the assign dialog on an on-site job."""
    window = _window(app, profile, DISPATCHER)
    try:
        board = window.open_module(modules["dispatch_board"])
        wait(app, lambda: board.board is not None and settled())
        technicians = board.technicians
        # the technician with the fullest day, so that their list is not empty
        busiest = max(range(len(technicians.rows)), default=None,
                      key=lambda r: len(technicians.rows[r].get("today") or []))
        if busiest is not None:
            technicians.selectRow(busiest)
        on_site = next((job for job in (board.board or {}).get("jobs") or []
                        if job.get("visit") == "on_site" and not job.get("job")), None)
        if on_site is not None:
            board.jobs.select_ticket(int(on_site["ticket_id"]))
        app.processEvents()
        save(window, "dispatch-board")
        if on_site is not None:
            board.open_assign(on_site, board.selected_assignee())
            dialog = board.assign_dialog
            assert dialog is not None
            app.processEvents()
            save(dialog, "dialog-assign")
            dialog.reject()
            app.processEvents()
    finally:
        _close(window)


def _photo(caption: str, shade: str) -> QImage:
    """A stand-in for a phone photo of the unit (the demo has no camera): the appliance's
    panel with its nameplate."""
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor(shade))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#eef1f4"))
    painter.setPen(QPen(QColor("#5b6670"), 6))
    painter.drawRoundedRect(QRectF(80, 60, 480, 360), 24, 24)
    painter.setBrush(QColor("#d9d9d9"))
    painter.drawRect(QRectF(160, 140, 320, 170))
    font = QFont(painter.font())
    font.setPixelSize(30)
    painter.setFont(font)
    painter.setPen(QColor("#262626"))
    painter.drawText(QRectF(160, 140, 320, 170), Qt.AlignmentFlag.AlignCenter,
                     f"铭牌\n{caption}")
    painter.end()
    return image


def shoot_my_jobs(app: QApplication, profile: Any, save: Save, wait: Wait) -> None:
    """The technician's home (my jobs, only their own), then the work report of their job
    in hand being filled in (not sent)."""
    from aftersales_desktop.ui.dispatch.my_jobs import MyJobsPage, job_of
    from aftersales_desktop.ui.dispatch.report_dialog import WorkReportDialog

    window = _window(app, profile, TECHNICIAN)
    try:
        page = window.tabs.currentWidget()
        assert isinstance(page, MyJobsPage), "the technician's home is my jobs"
        wait(app, lambda: page.loaded_once and settled())
        started = next((row for row in page.rows if job_of(row).get("state") == "started"),
                       None)
        if started is not None:
            page.select_ticket(str(started["number"]))
        app.processEvents()
        save(window, "my-jobs")
        if started is None:
            return
        dialog = WorkReportDialog(page.database, page.session, int(job_of(started)["id"]),
                                  parent=page)
        dialog.show()
        wait(app, lambda: dialog.job is not None and settled())
        # the job's own work type and a cleaning, as the technician ticks them
        needed = job_of(started).get("work_type_id")
        for work_type, (box, _quantity) in dialog.quantities.items():
            if work_type == needed or "清洗" in box.text():
                box.setChecked(True)
        cause, action = causes_for(str(started.get("product") or ""))[0]
        dialog.hours.setText("1.5")
        dialog.result_choice.setCurrentIndex(dialog.result_choice.findData("fixed"))
        dialog.fault_cause.setEditText(cause)
        dialog.action.setEditText(action)
        dialog.notes.setPlainText("已试机运行，工作正常；旧件已交客户确认，已向客户说明使用注意事项")
        dialog.signed.setChecked(True)
        for caption, shade in (("维修前", "#9aa5b1"), ("维修后", "#c9d3dc")):
            photo = Path(tempfile.mkdtemp(prefix="shots-photo-")) / f"{caption}.jpg"
            _photo(caption, shade).save(str(photo), quality=85)  # JPEG by the suffix
            dialog.add_photo_file(photo)
            wait(app, settled)
        app.processEvents()
        save(dialog, "dialog-work-report")
        dialog.dirty = False  # nothing to ask about on closing
        dialog.reject()
        app.processEvents()
    finally:
        _close(window)


def shoot_review(app: QApplication, profile: Any, modules: dict[str, Any], save: Save,
                 wait: Wait) -> None:
    """The manager's review queue, a finished job selected."""
    window = _window(app, profile, MANAGER)
    try:
        queue = window.open_module(modules["review_queue"])
        wait(app, lambda: queue.loaded_once and settled())
        if queue.rows:
            queue.table.selectRow(0)
        app.processEvents()
        save(window, "review-queue")
    finally:
        _close(window)


def shoot_dispatch(app: QApplication, profile: Any, save: Save, wait: Wait) -> None:
    from aftersales_desktop.ui.modules import MODULES

    modules = {m.key: m for m in MODULES}
    missing = [key for key in SHOWN if key not in modules]
    if missing:
        print(f"no dispatch screenshots: no module {', '.join(missing)} here")
        return
    forbid_database_on_thread(None)
    dispatch_setup(profile)
    forbid_database_on_thread(threading.main_thread())
    shoot_board(app, profile, modules, save, wait)
    shoot_my_jobs(app, profile, save, wait)
    shoot_review(app, profile, modules, save, wait)
