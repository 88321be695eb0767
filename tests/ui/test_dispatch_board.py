"""The dispatch board (F4) through the screens, against the real database: a dispatcher
finds an unassigned on-site job and assigns it by keyboard (it moves to the technician's
day), prints its dispatch sheet; a technician without the work type or region is taken
only with an override reason; a visit that clashes with another one is refused and shows
the clash; reassigning and unassigning ask why; a job dragged onto a technician opens the
same dialog; another client's assignment reaches the open board by itself."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import zxingcpp
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.reports.dispatch_sheet import render_dispatch_sheet
from aftersales_desktop.services.session import OperatorSession
from aftersales_desktop.ui.dispatch import printing
from aftersales_desktop.ui.dispatch.assign_dialog import AssignDialog
from aftersales_desktop.ui.dispatch.board import DispatchBoardPage, print_hook
from aftersales_desktop.ui.dispatch.board_panels import COLUMN, active_job
from aftersales_desktop.ui.frontdesk.ticket import TicketPage
from aftersales_desktop.ui.i18n import tr
from aftersales_desktop.ui.main_window import MainWindow
from aftersales_desktop.ui.operations import alive
from tests.pg import TestCluster
from tests.ui.helpers import OpenAs, intake_of_device, off_gui, operator_sessions
from tests.ui.test_field_limits import check_fields

pytestmark = [pytest.mark.gui, pytest.mark.db]

SERIAL = "GR2026DISP1"


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> dict[str, Any]:
    """Two districts, two work types, three technicians (王 does everything in 西湖区,
    李 only repairs there, 赵 works 拱墅区 without a work type), an outlet and a
    customer's air conditioner in 西湖区."""
    db = cluster.create_database()

    def one(statement: str, *params: object) -> Any:
        return cluster.execute(db, statement, params)[0][0]

    city = one("INSERT INTO app.region (name, level) VALUES ('杭州', 'city') RETURNING id")
    west = one("INSERT INTO app.region (parent_id, name, level) VALUES (%s, '西湖区', "
               "'district') RETURNING id", city)
    north = one("INSERT INTO app.region (parent_id, name, level) VALUES (%s, '拱墅区', "
                "'district') RETURNING id", city)
    repair = one("INSERT INTO app.work_type (code, name, labour_fee, standard_hours) "
                 "VALUES ('DX', '大修', 80, 2) RETURNING id")
    install = one("INSERT INTO app.work_type (code, name, labour_fee, standard_hours) "
                  "VALUES ('AZ', '安装调试', 50, 1) RETURNING id")

    def technician(code: str, name: str, grade: str, regions: list[int],
                   work_types: list[int]) -> int:
        employee = one("INSERT INTO app.employee (code, name, grade, is_technician) "
                       "VALUES (%s, %s, %s, true) RETURNING id", code, name, grade)
        for region in regions:
            cluster.execute(db, "INSERT INTO app.employee_region VALUES (%s, %s)",
                            (employee, region))
        for work_type in work_types:
            cluster.execute(db, "INSERT INTO app.employee_work_type VALUES (%s, %s)",
                            (employee, work_type))
        return int(employee)

    wang = technician("T01", "王师傅", "高级", [west], [repair, install])
    li = technician("T02", "李师傅", "中级", [west], [repair])
    zhao = technician("T03", "赵工", "初级", [north], [])
    outlet = one("INSERT INTO app.service_outlet (code, name, region_id) VALUES "
                 "('W1', '城西网点', %s) RETURNING id", west)
    cluster.execute(db, """
        WITH c AS (INSERT INTO app.customer (code, name, address, region_id)
                   VALUES ('DS1', '西湖张', '文三路 100 号', %s) RETURNING id),
             p AS (INSERT INTO app.customer_phone (customer_id, phone, is_primary)
                   SELECT id, '13957166666', true FROM c)
        INSERT INTO app.device (customer_id, product, brand, model, serial, purchase_date,
                                has_proof, warranty_months)
        SELECT id, '空调', '格力', 'KFR-35', %s, current_date - 100, true, 36 FROM c
        """, (west, SERIAL))
    return {"db": db, "west": west, "north": north, "repair": repair, "install": install,
            "wang": wang, "li": li, "zhao": zhao, "outlet": outlet}


@pytest.fixture
def open_as(qtbot: QtBot, cluster: TestCluster, shop: dict[str, Any]) -> Iterator[OpenAs]:
    yield from operator_sessions(qtbot, cluster, shop["db"])


@pytest.fixture
def dispatcher(cluster: TestCluster, shop: dict[str, Any], qtbot: QtBot
               ) -> Iterator[tuple[Database, OperatorSession]]:
    """A dispatcher of the template (dispatch.assign, no intake.create)."""
    from aftersales_desktop.services.session import close_session, open_session
    from aftersales_desktop.ui.i18n import install_language
    from tests.pg import TEST_PASSWORD

    install_language("en")
    code = cluster.create_operator(shop["db"], template="dispatcher", name="刘调度")
    database, session = off_gui(
        qtbot, lambda: open_session(cluster.profile(shop["db"]), code, TEST_PASSWORD))
    assert session.can("dispatch.assign") and not session.can("intake.create")
    yield database, session
    off_gui(qtbot, lambda: close_session(database))


def at_today(hour: int, minute: int = 0) -> datetime:
    """Today on the shop's clock (the technician's day list is today's)."""
    return datetime.combine(shop_time.today(), time(hour, minute), tzinfo=shop_time.zone())


def on_site_ticket(qtbot: QtBot, open_as: OpenAs, shop: dict[str, Any],
                   appointment: datetime) -> int:
    """An on-site repair in 西湖区 taken in at the counter (by an administrator)."""
    admin, _session = open_as(None)
    return intake_of_device(qtbot, admin, SERIAL, visit="on_site", address="文三路 100 号",
                            region_id=shop["west"], appointment_at=appointment,
                            work_type_id=shop["repair"])


def ticket_number(qtbot: QtBot, database: Database, ticket_id: int) -> str:
    def read() -> str:
        with database.read() as conn:
            return str(conn.exec_driver_sql(
                "SELECT number FROM app.ticket WHERE id = %(id)s", {"id": ticket_id}
            ).scalar_one())
    return off_gui(qtbot, read)


def active_job_row(qtbot: QtBot, database: Database, ticket_id: int) -> dict[str, Any] | None:
    def read() -> dict[str, Any] | None:
        with database.read() as conn:
            row = conn.exec_driver_sql(
                "SELECT j.id, j.technician_id, j.outlet_id, j.override_reason, "
                "lower(v.during) AS start, upper(v.during) AS end "
                "FROM app.job j LEFT JOIN app.visit v ON v.job_id = j.id "
                "AND v.state = 'planned' WHERE j.ticket_id = %(id)s "
                "AND j.state IN ('assigned', 'started')", {"id": ticket_id}).mappings().first()
            return dict(row) if row is not None else None
    return off_gui(qtbot, read)


def events(qtbot: QtBot, database: Database, ticket_id: int) -> list[tuple[str, str]]:
    def read() -> list[tuple[str, str]]:
        with database.read() as conn:
            return [(str(k), str(r)) for k, r in conn.exec_driver_sql(
                "SELECT kind, reason FROM app.job_event WHERE ticket_id = %(id)s ORDER BY id",
                {"id": ticket_id})]
    return off_gui(qtbot, read)


def settled(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)
    QApplication.processEvents()


def board_page(qtbot: QtBot, login: tuple[Database, OperatorSession]) -> DispatchBoardPage:
    page = DispatchBoardPage(*login)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    with qtbot.waitActive(page):  # keys go to the focused field of the active window
        page.show()
        page.activateWindow()
    qtbot.waitUntil(lambda: page.board is not None, timeout=20_000)
    settled(qtbot)
    return page


def show_only(qtbot: QtBot, page: DispatchBoardPage, number: str) -> None:
    """Type the ticket number in the board's search (the server filters) and wait."""
    page.search.setFocus()
    page.search.selectAll()
    qtbot.keyClicks(page.search, number)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.board is not None and [
        j.get("number") for j in page.board.get("jobs") or []] == [number], timeout=20_000)
    settled(qtbot)


def press(qtbot: QtBot, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)
    QApplication.processEvents()


def type_text(qtbot: QtBot, text: str) -> None:
    """Typed into the focused field; Chinese as an input method commits it."""
    widget = QApplication.focusWidget()
    assert widget is not None
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def type_time(qtbot: QtBot, edit: QWidget, moment: datetime) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, shop_time.to_shop_time(moment).strftime("%Y-%m-%d %H:%M"))
    QApplication.processEvents()


def open_dialog(qtbot: QtBot, page: DispatchBoardPage) -> AssignDialog:
    qtbot.waitUntil(lambda: page.assign_dialog is not None and page.assign_dialog.isVisible(),
                    timeout=5_000)
    dialog = page.assign_dialog
    assert dialog is not None
    # the keys go to it once it is the active window (as the operator sees it opened)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    return dialog


def sent(qtbot: QtBot, page: DispatchBoardPage, dialog: AssignDialog) -> None:
    """The dialog sent its assignment: closed (and gone) once the server took it, else
    still open with the refusal."""
    qtbot.waitUntil(lambda: (not alive(dialog) or not dialog.sending)
                    and running_tasks() == 0, timeout=20_000)
    QApplication.processEvents()


def is_open(dialog: QWidget) -> bool:
    return alive(dialog) and dialog.isVisible()


def job_text(page: DispatchBoardPage, ticket_id: int, column: str) -> str:
    item = page.jobs.item_of(ticket_id)
    assert item is not None
    return item.text(COLUMN[column])


# -- the dispatcher's walk --------------------------------------------------------------------

def test_dispatcher_assigns_an_on_site_job_by_keyboard_and_prints_its_sheet(
        qtbot: QtBot, open_as: OpenAs, dispatcher: tuple[Database, OperatorSession],
        shop: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    appointment = at_today(19)
    ticket_id = on_site_ticket(qtbot, open_as, shop, appointment)
    number = ticket_number(qtbot, dispatcher[0], ticket_id)
    window = MainWindow(*dispatcher)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert "dispatch_board" in window.module_actions  # in the dispatch menu and toolbar
    assert window.module_actions["dispatch_board"] in window.toolbar.actions()
    # F4 opens the board
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: isinstance(window.tabs.currentWidget(), DispatchBoardPage),
                    timeout=5_000)
    page = window.tabs.currentWidget()
    assert isinstance(page, DispatchBoardPage)
    qtbot.waitUntil(lambda: page.board is not None, timeout=20_000)
    settled(qtbot)

    # unassigned on-site jobs only: the server filters (the job is there, none other kind)
    page.visit.setCurrentIndex(page.visit.findData("on_site"))
    page.assigned.setCurrentIndex(page.assigned.findData("unassigned"))
    qtbot.waitUntil(lambda: page.board is not None and page.filters()["visit"] == "on_site"
                    and not page._loading, timeout=20_000)
    settled(qtbot)
    assert page.board is not None
    shown = page.board["jobs"]
    assert ticket_id in {int(j["ticket_id"]) for j in shown}
    assert all(j["visit"] == "on_site" and active_job(j) is None for j in shown)
    show_only(qtbot, page, number)
    assert page.jobs.group_titles()[0].startswith("杭州")  # the region path heads its group
    assert job_text(page, ticket_id, "visit") == "On-site"
    assert job_text(page, ticket_id, "assignee") == "Unassigned"

    # choose the job, Enter: on to the technician box; part of a name, Enter: the dialog
    page.jobs.setFocus()
    page.jobs.select_ticket(ticket_id)
    press(qtbot, Qt.Key.Key_Return)
    assert page.technician_filter.hasFocus()
    type_text(qtbot, "王")
    assert page.selected_assignee() == ("technician", shop["wang"])
    press(qtbot, Qt.Key.Key_Return)
    dialog = open_dialog(qtbot, page)
    # prefilled: the appointment given at intake, plus the work type's 2 standard hours
    start, end = dialog.visit_times()
    assert (start, end) == (appointment, appointment + timedelta(hours=2))
    assert dialog.start.hasFocus()
    # a later visit, typed
    type_time(qtbot, dialog.start, at_today(20))
    assert dialog.visit_times() == (at_today(20), at_today(22))
    press(qtbot, Qt.Key.Key_Return)  # OK
    sent(qtbot, page, dialog)
    assert not is_open(dialog)
    row = active_job_row(qtbot, dispatcher[0], ticket_id)
    assert row is not None and row["technician_id"] == shop["wang"]
    assert (row["start"], row["end"]) == (at_today(20), at_today(22))
    assert [kind for kind, _reason in events(qtbot, dispatcher[0], ticket_id)] == ["assign"]

    # the board reloads by itself: out of the unassigned list, into 王's day
    page.assigned.setCurrentIndex(page.assigned.findData("all"))
    qtbot.waitUntil(lambda: page.jobs.item_of(ticket_id) is not None
                    and job_text(page, ticket_id, "assignee") == "王师傅", timeout=20_000)
    settled(qtbot)
    assert page.selected_assignee() == ("technician", shop["wang"])
    assert number in page.day.numbers()
    assert number in page.message.text() and "王师傅" in page.message.text()

    # a double-click on the job opens its ticket in a tab of its own
    item = page.jobs.item_of(ticket_id)
    assert item is not None
    spot = page.jobs.visualItemRect(item).topLeft() + QPoint(40, 4)  # on its number
    # QTest's double-click lacks the first press a mouse gives: click first
    qtbot.mouseClick(page.jobs.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.mouseDClick(page.jobs.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.waitUntil(lambda: isinstance(window.tabs.currentWidget(), TicketPage)
                    and window.tabs.currentWidget().detail is not None, timeout=20_000)
    assert window.tabs.tabText(window.tabs.currentIndex()) == number
    window.tabs.setCurrentWidget(page)
    settled(qtbot)

    # the dispatch sheet of the job
    page.jobs.setFocus()
    page.jobs.select_ticket(ticket_id)
    assert print_hook() is printing.print_dispatch_sheet
    sheets: list[Any] = []
    monkeypatch.setattr(printing, "show_sheet", lambda sheet, _title: sheets.append(sheet))
    assert page.print_action.isVisible() and page.print_action.isEnabled()
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(sheets), timeout=20_000)
    sheet = sheets[0]
    assert sheet.ticket_number == number and sheet.assignee == "王师傅"
    pdf = tmp_path / "dispatch_sheet.pdf"
    pdf.write_bytes(render_dispatch_sheet(sheet, paper="a4", translate=tr))
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[0].render(scale=3).to_pil()
    finally:
        document.close()
    assert number in {found.text for found in zxingcpp.read_barcodes(image)}


def test_a_technician_without_the_work_type_or_region_needs_an_override_reason(
        qtbot: QtBot, open_as: OpenAs, dispatcher: tuple[Database, OperatorSession],
        shop: dict[str, Any]) -> None:
    ticket_id = on_site_ticket(qtbot, open_as, shop, at_today(9))
    page = board_page(qtbot, dispatcher)
    show_only(qtbot, page, ticket_number(qtbot, dispatcher[0], ticket_id))
    page.jobs.setFocus()
    page.jobs.select_ticket(ticket_id)
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "赵")
    press(qtbot, Qt.Key.Key_Return)
    dialog = open_dialog(qtbot, page)
    assert not dialog.override_reason.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    sent(qtbot, page, dialog)
    # refused: the message, and the reason it asks for
    assert is_open(dialog)
    assert dialog.override_reason.isVisible() and dialog.override_reason.hasFocus()
    assert dialog.override_refusal is not None
    assert dialog.override_refusal.code in ("dispatch_work_type_mismatch",
                                            "dispatch_region_mismatch")
    assert dialog.summary.text() and "aftersales:" not in dialog.summary.text()
    assert active_job_row(qtbot, dispatcher[0], ticket_id) is None
    # without a reason it stays refused, here
    press(qtbot, Qt.Key.Key_Return)
    assert is_open(dialog) and dialog.override_reason.property("invalid")
    type_text(qtbot, "客户指定赵工")
    press(qtbot, Qt.Key.Key_Return)
    sent(qtbot, page, dialog)
    assert not is_open(dialog)
    row = active_job_row(qtbot, dispatcher[0], ticket_id)
    assert row is not None and row["technician_id"] == shop["zhao"]
    assert row["override_reason"] == "客户指定赵工"


def test_an_overlapping_visit_is_refused_with_the_clash(
        qtbot: QtBot, open_as: OpenAs, dispatcher: tuple[Database, OperatorSession],
        shop: dict[str, Any]) -> None:
    first = on_site_ticket(qtbot, open_as, shop, at_today(13))
    second = on_site_ticket(qtbot, open_as, shop, at_today(14))
    first_number = ticket_number(qtbot, dispatcher[0], first)
    page = board_page(qtbot, dispatcher)
    for ticket_id in (first, second):
        page.jobs.setFocus()
        assert page.jobs.select_ticket(ticket_id)
        page.technician_filter.setFocus()
        page.technician_filter.clear()
        type_text(qtbot, "李")
        press(qtbot, Qt.Key.Key_Return)
        dialog = open_dialog(qtbot, page)
        press(qtbot, Qt.Key.Key_Return)  # 13:00-15:00, then 14:00-16:00 for 李
        sent(qtbot, page, dialog)
    # the second clashes with the first: refused at the visit's start, naming it
    assert is_open(dialog)
    assert dialog.start.property("invalid")
    assert first_number in dialog.summary.text()
    assert active_job_row(qtbot, dispatcher[0], second) is None
    # after the first visit and its travel buffer it goes through
    type_time(qtbot, dialog.start, at_today(16))
    assert not dialog.start.property("invalid")
    press(qtbot, Qt.Key.Key_Return)
    sent(qtbot, page, dialog)
    assert not is_open(dialog)
    row = active_job_row(qtbot, dispatcher[0], second)
    assert row is not None and row["start"] == at_today(16)


def test_reassign_and_unassign_ask_why(
        qtbot: QtBot, open_as: OpenAs, dispatcher: tuple[Database, OperatorSession],
        shop: dict[str, Any]) -> None:
    ticket_id = on_site_ticket(qtbot, open_as, shop, at_today(8))
    page = board_page(qtbot, dispatcher)
    show_only(qtbot, page, ticket_number(qtbot, dispatcher[0], ticket_id))
    assert page.jobs.select_ticket(ticket_id)
    page.technicians.select_key(("technician", shop["wang"]))
    assert not page.reassign_action.isEnabled() and not page.unassign_action.isEnabled()
    page.assign_selected()
    dialog = open_dialog(qtbot, page)
    press(qtbot, Qt.Key.Key_Return)
    sent(qtbot, page, dialog)
    qtbot.waitUntil(lambda: page.reassign_action.isEnabled(), timeout=20_000)
    settled(qtbot)

    # Ctrl+R: to 李, who needs a reason
    page.technicians.select_key(("technician", shop["li"]))
    page.jobs.setFocus()
    press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = open_dialog(qtbot, page)
    assert dialog.assignee.currentData() == ("technician", shop["li"])
    assert dialog.reason.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    assert is_open(dialog) and dialog.reason.property("invalid")  # refused here
    dialog.reason.setFocus()
    type_text(qtbot, "王师傅请假")
    press(qtbot, Qt.Key.Key_Return)
    sent(qtbot, page, dialog)
    assert not is_open(dialog)
    row = active_job_row(qtbot, dispatcher[0], ticket_id)
    assert row is not None and row["technician_id"] == shop["li"]
    qtbot.waitUntil(lambda: job_text(page, ticket_id, "assignee") == "李师傅", timeout=20_000)
    settled(qtbot)

    # the job's context menu has the same actions
    item = page.jobs.item_of(ticket_id)
    assert item is not None
    menu = page.job_menu_at(page.jobs.visualItemRect(item).topLeft() + QPoint(20, 4))
    assert menu is not None
    assert {a.objectName() for a in menu.actions()} >= {
        "assign", "reassign", "unassign", "open_ticket"}
    assert all(a.isEnabled() for a in menu.actions() if a.objectName() != "print_sheet")
    menu.deleteLater()

    # Delete: unassign, with a reason
    page.jobs.setFocus()
    page.jobs.select_ticket(ticket_id)
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.unassign_dialog is not None, timeout=5_000)
    reason_dialog = page.unassign_dialog
    assert reason_dialog is not None
    reason_dialog.reason.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert is_open(reason_dialog)  # no reason, no unassigning
    type_text(qtbot, "客户改期")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "unassigned" in page.message.text(), timeout=20_000)
    settled(qtbot)
    assert active_job_row(qtbot, dispatcher[0], ticket_id) is None
    assert events(qtbot, dispatcher[0], ticket_id)[-2:] == [("reassign", "王师傅请假"),
                                                           ("unassign", "客户改期")]
    qtbot.waitUntil(lambda: job_text(page, ticket_id, "assignee") == "Unassigned",
                    timeout=20_000)


def test_a_job_dragged_onto_a_technician_or_an_outlet_opens_the_dialog_prefilled(
        qtbot: QtBot, open_as: OpenAs, dispatcher: tuple[Database, OperatorSession],
        shop: dict[str, Any]) -> None:
    ticket_id = on_site_ticket(qtbot, open_as, shop, at_today(7))
    page = board_page(qtbot, dispatcher)
    item = page.jobs.item_of(ticket_id)
    assert item is not None
    dragged = page.jobs.mimeData([item])
    for table, key in ((page.technicians, ("technician", shop["li"])),
                       (page.outlets, ("outlet", shop["outlet"]))):
        row = next(r for r in range(table.rowCount()) if table.key_at(r) == key)
        # what a drag does: enter the table (it takes only a job), then drop on the row
        at = table.row_centre(row)
        enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, dragged,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(table.viewport(), enter)
        assert enter.isAccepted()
        drop = QDropEvent(QPointF(at), Qt.DropAction.CopyAction, dragged,
                          Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(table.viewport(), drop)
        dialog = open_dialog(qtbot, page)
        assert dialog.ticket_id == ticket_id
        assert dialog.assignee.currentData() == key
        # an outlet books no technician's time
        assert dialog.start.isVisible() == (key[0] == "technician")
        dialog.reject()
        qtbot.waitUntil(lambda: page.assign_dialog is None, timeout=5_000)
    # anything else dragged in is not taken
    foreign = QMimeData()
    foreign.setText(str(ticket_id))
    enter = QDragEnterEvent(page.technicians.row_centre(0), Qt.DropAction.CopyAction, foreign,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(page.technicians.viewport(), enter)
    assert not enter.isAccepted()
    # the outlet takes it (outsourced work)
    page.job_dropped(ticket_id, ("outlet", shop["outlet"]))
    dialog = open_dialog(qtbot, page)
    press(qtbot, Qt.Key.Key_Return)
    sent(qtbot, page, dialog)
    row = active_job_row(qtbot, dispatcher[0], ticket_id)
    assert row is not None and row["outlet_id"] == shop["outlet"] and row["start"] is None


def test_another_clients_assignment_reaches_the_open_board(
        qtbot: QtBot, open_as: OpenAs, dispatcher: tuple[Database, OperatorSession],
        shop: dict[str, Any]) -> None:
    from aftersales_desktop.services.dispatch import assign

    ticket_id = on_site_ticket(qtbot, open_as, shop, at_today(6))
    page = board_page(qtbot, dispatcher)
    assert job_text(page, ticket_id, "assignee") == "Unassigned"
    other, _session = open_as(["dispatch.assign"])

    def elsewhere() -> None:
        with other.transaction() as conn:
            assign.assign(conn, ticket_id=ticket_id, outlet_id=shop["outlet"])

    off_gui(qtbot, elsewhere)  # no did_execute here: only the NOTIFY tells the board
    qtbot.waitUntil(lambda: page.jobs.item_of(ticket_id) is not None
                    and "城西网点" in job_text(page, ticket_id, "assignee"), timeout=20_000)


def test_the_board_and_its_dialog_hold_their_fields_to_the_columns(
        qtbot: QtBot, open_as: OpenAs, dispatcher: tuple[Database, OperatorSession],
        shop: dict[str, Any]) -> None:
    ticket_id = on_site_ticket(qtbot, open_as, shop, at_today(5))
    page = board_page(qtbot, dispatcher)
    page.jobs.select_ticket(ticket_id)
    page.assign_selected()
    dialog = open_dialog(qtbot, page)
    report: list[str] = []
    assert check_fields(page, "board", report) >= 2
    assert check_fields(dialog, "assign", report) >= 4
    assert report == []
    dialog.reject()


def test_the_board_exports_the_jobs_matching_its_filters(
        qtbot: QtBot, open_as: OpenAs, shop: dict[str, Any], tmp_path: Path) -> None:
    import openpyxl

    ticket_id = on_site_ticket(qtbot, open_as, shop, at_today(4))
    login = open_as(["dispatch.assign", "data.export"])
    page = board_page(qtbot, login)
    number = ticket_number(qtbot, login[0], ticket_id)
    show_only(qtbot, page, number)
    assert page.export_action.isVisible()
    target = tmp_path / "board.xlsx"
    assert page.export_to_excel(target)
    qtbot.waitUntil(lambda: "exported" in page.message.text(), timeout=20_000)
    settled(qtbot)
    assert page.message.text() == f"1 jobs exported to {target}."
    sheet = openpyxl.load_workbook(target).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if "Ticket no." in r)
    found = [dict(zip(header, r, strict=False)) for r in rows if number in r]
    assert len(found) == 1
    assert found[0]["Kind"] == "On-site" and found[0]["Region"] == "杭州/西湖区"
    assert found[0]["Appointment"] == at_today(4).replace(tzinfo=None)
    # without data.export there is no export
    dispatcher_only = board_page(qtbot, open_as(["dispatch.assign"]))
    assert not dispatcher_only.export_action.isVisible()
    assert not dispatcher_only.export_to_excel(tmp_path / "not.xlsx")


def test_a_reviewer_sees_the_board_without_assigning(
        qtbot: QtBot, open_as: OpenAs, shop: dict[str, Any]) -> None:
    ticket_id = on_site_ticket(qtbot, open_as, shop, at_today(3))
    page = board_page(qtbot, open_as(["review.approve"]))
    assert page.jobs.item_of(ticket_id) is not None
    assert not any(a.isVisible() for a in (page.assign_action, page.reassign_action,
                                           page.unassign_action))
    page.jobs.setFocus()
    page.jobs.select_ticket(ticket_id)
    press(qtbot, Qt.Key.Key_Return)
    page.job_dropped(ticket_id, ("technician", shop["wang"]))
    assert page.assign_dialog is None
