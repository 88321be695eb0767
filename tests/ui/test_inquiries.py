"""Inquiries (咨询) and the customer's history on screen (pytest-qt, real database): a
counter clerk logs a caller's question in a few keystrokes and turns it into a ticket
(linked, and in the customer's history), a returning customer's inquiry becomes a
pre-order, and the history panel shows every kind, filters by kind and opens a ticket."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from aftersales_desktop.services.session import close_session, open_session
from aftersales_desktop.ui.callbacks.customer_history import (
    CustomerHistoryDialog,
    CustomerHistoryPanel,
)
from aftersales_desktop.ui.callbacks.inquiries_list import InquiriesPage
from aftersales_desktop.ui.callbacks.inquiry_dialog import InquiryPage
from aftersales_desktop.ui.frontdesk.intake import IntakePage
from aftersales_desktop.ui.frontdesk.preorders import PreorderDialog
from aftersales_desktop.ui.frontdesk.ticket import TicketPage
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.main_window import MainWindow
from aftersales_desktop.ui.masterdata.customers import CustomersPage
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import off_gui

pytestmark = [pytest.mark.gui, pytest.mark.db]

RETURNING_PHONE = "13957100001"
COUNTER = ["intake.create", "intake.edit", "contacts.view", "masterdata.edit"]


@pytest.fixture(scope="module")
def desk_db(cluster: TestCluster) -> str:
    db = cluster.create_database()
    cluster.execute(db, """
        WITH c AS (INSERT INTO app.customer (code, name) VALUES ('IQ1', '林晓') RETURNING id)
        INSERT INTO app.customer_phone (customer_id, phone, is_primary)
        SELECT id, %s, true FROM c""", (RETURNING_PHONE,))
    return db


@pytest.fixture
def window(qtbot: QtBot, cluster: TestCluster, desk_db: str,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[list[str]], MainWindow]]:
    install_language("en")
    # closing the window at the end asks nothing (a failed test leaves unsaved forms)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    opened: list[Any] = []

    def make(capabilities: list[str]) -> MainWindow:
        code = cluster.create_operator(desk_db, capabilities=capabilities)
        database, session = off_gui(
            qtbot, lambda: open_session(cluster.profile(desk_db), code, TEST_PASSWORD))
        found = MainWindow(database, session)
        qtbot.addWidget(found)
        with qtbot.waitActive(found):
            found.show()
            found.activateWindow()
        opened.append(database)
        return found

    yield make
    for database in opened:
        off_gui(qtbot, lambda db=database: close_session(db))


def _sql(cluster: TestCluster, db: str, statement: str, *params: Any) -> list[Any]:
    return cluster.execute(db, statement, params)


def _inquiry_page(qtbot: QtBot, window: MainWindow) -> InquiryPage:
    """F7 opens 咨询登记 with the cursor in the lookup."""
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: isinstance(window.tabs.currentWidget(), InquiryPage),
                    timeout=5_000)
    page = window.tabs.currentWidget()
    assert isinstance(page, InquiryPage)
    qtbot.waitUntil(page.search.hasFocus, timeout=5_000)
    return page


def _type(widget: Any, text: str) -> None:
    """Chinese as an input method commits it (QtTest types ASCII keys only)."""
    assert widget.hasFocus()
    if isinstance(widget, QPlainTextEdit):
        widget.insertPlainText(text)
    else:
        widget.insert(text)
        widget.textEdited.emit(widget.text())


def _saved(qtbot: QtBot, page: InquiryPage) -> int:
    qtbot.waitUntil(lambda: page.logged is not None or (page.summary.isVisible()
                    and not page._saving), timeout=20_000)
    assert page.logged is not None, page.summary.text()
    return page.logged.inquiry_id


def test_a_new_caller_becomes_a_ticket(qtbot: QtBot, window: Any, cluster: TestCluster,
                                       desk_db: str) -> None:
    main = window(COUNTER)
    page = _inquiry_page(qtbot, main)
    # nobody found by the number: Tab to the name, the phone, then the inquiry's fields
    qtbot.keyClicks(page.search, "13957188888")
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)
    _type(page.customer_name, "韩梅")
    qtbot.keyClick(page.customer_name, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.phone, "13957188888")
    page.product.setFocus()
    _type(page.product, "空调")
    qtbot.keyClick(page.product, Qt.Key.Key_Tab)
    assert page.question.hasFocus()
    _type(page.question, "开机十分钟后不制冷")
    qtbot.keyClick(page.question, Qt.Key.Key_Tab)
    _type(page.answer, "建议送修检测")
    qtbot.keyClick(page.answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    inquiry_id = _saved(qtbot, page)
    assert "saved" in page.summary.text()
    customer_id = _sql(cluster, desk_db, "SELECT customer_id FROM app.inquiry WHERE id = %s",
                       inquiry_id)[0][0]
    assert _sql(cluster, desk_db, "SELECT name FROM app.customer WHERE id = %s",
                customer_id)[0][0] == "韩梅"

    # 转维修单 (Ctrl+T): the intake, prefilled; its save links the inquiry
    assert any(s.key().toString() == "Ctrl+T" for s in page.findChildren(QShortcut))
    page.to_ticket()
    qtbot.waitUntil(lambda: isinstance(main.tabs.currentWidget(), IntakePage), timeout=5_000)
    intake = main.tabs.currentWidget()
    assert isinstance(intake, IntakePage)
    qtbot.waitUntil(lambda: intake.context is not None, timeout=20_000)
    assert intake.customer is not None and intake.customer.id == customer_id
    assert intake.product.currentText() == "空调"
    assert intake.fault.currentText() == "开机十分钟后不制冷"
    assert intake.inquiry_id == inquiry_id
    intake.save_button.click()
    qtbot.waitUntil(lambda: intake.last_saved is not None or (intake.summary.isVisible()
                    and not intake._saving), timeout=20_000)
    assert intake.last_saved is not None, intake.summary.text()
    ticket_id = intake.last_saved.id
    assert _sql(cluster, desk_db, "SELECT ticket_id, customer_id FROM app.inquiry "
                "WHERE id = %s", inquiry_id)[0] == (ticket_id, customer_id)
    assert _sql(cluster, desk_db, "SELECT customer_id FROM app.ticket WHERE id = %s",
                ticket_id)[0][0] == customer_id
    assert intake.inquiry_id is None  # the next intake links nothing

    # the customer's history shows both, the inquiry as the ticket it became
    panel = CustomerHistoryPanel(main.database, main.session, parent=main)
    qtbot.addWidget(panel)
    panel.show_customer(customer_id)
    qtbot.waitUntil(lambda: len(panel.rows) == 2, timeout=20_000)
    kinds = {row.kind: row for row in panel.rows}
    assert kinds["ticket"].id == ticket_id
    assert kinds["inquiry"].state == "ticket" and kinds["inquiry"].ticket_id == ticket_id
    assert kinds["inquiry"].number == intake.last_saved.number


def test_a_returning_customers_inquiry_becomes_a_preorder(
        qtbot: QtBot, window: Any, cluster: TestCluster, desk_db: str) -> None:
    main = window(COUNTER)
    page = _inquiry_page(qtbot, main)
    qtbot.keyClicks(page.search, RETURNING_PHONE)
    qtbot.waitUntil(lambda: page.lookup.has_matches(), timeout=20_000)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    qtbot.keyClick(page.matches, Qt.Key.Key_Return)
    assert page.customer is not None and page.customer_name.text() == "林晓"
    assert page.focusWidget() is page.topic
    page.topic.setCurrentIndex(page.topic.findData("part"))
    page.product.setText("遥控器")
    page.question.setPlainText("遥控器丢了，能买一个吗")
    page.to_preorder()
    _saved(qtbot, page)
    dialogs = [d for d in page.findChildren(PreorderDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert dialog.customer.currentData() == page.customer.id
    assert dialog.part.text() == "遥控器"
    dialog.price.setText("45.00")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.saved is not None or dialog.summary.isVisible(),
                    timeout=20_000)
    assert dialog.saved is not None, dialog.summary.text()
    assert _sql(cluster, desk_db, "SELECT preorder_id FROM app.inquiry WHERE id = %s",
                page.logged.inquiry_id)[0][0] == dialog.saved[0]  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "YD" in page.summary.text(), timeout=5_000)


def test_a_question_is_required(qtbot: QtBot, window: Any) -> None:
    page = _inquiry_page(qtbot, window(COUNTER))
    page.customer_name.setText("无名")
    page.phone.setText("13957100009")
    page.save_button.click()
    assert page.logged is None
    assert page.question.property("invalid")


def _seed_history(cluster: TestCluster, db: str) -> dict[str, int]:
    """A customer with a ticket, a pre-order, an inquiry, a callback task and a
    complaint."""
    found: dict[str, int] = {}
    found["customer"] = _sql(cluster, db, "INSERT INTO app.customer (code, name) "
                             "VALUES ('IQH', '宋雨') RETURNING id")[0][0]
    device = _sql(cluster, db, "INSERT INTO app.device (customer_id, product) "
                  "VALUES (%s, '冰箱') RETURNING id", found["customer"])[0][0]
    found["ticket"] = _sql(cluster, db, """
        INSERT INTO app.ticket (number, received_on, received_by, received_at, customer_id,
            device_id, customer_name, product, fault, promised_on, warranty_class,
            warranty_reason)
        VALUES ('WX-H1', current_date - 3, (SELECT min(code) FROM app.operator),
                now() - interval '3 days', %s, %s, '宋雨',
                '冰箱', '冷藏室结霜', current_date + 4, 'out_of_warranty', 'no_proof')
        RETURNING id""", found["customer"], device)[0][0]
    found["preorder"] = _sql(cluster, db, """
        INSERT INTO app.part_preorder (number, customer_id, part_name, quantity, unit_price,
            ordered_at) VALUES ('YD-H1', %s, '门封条', 1, 60, now() - interval '2 days')
        RETURNING id""", found["customer"])[0][0]
    found["inquiry"] = _sql(cluster, db, """
        INSERT INTO app.inquiry (customer_id, topic, question, at)
        VALUES (%s, 'price', '换门封多少钱', now() - interval '1 day') RETURNING id""",
        found["customer"])[0][0]
    found["callback"] = _sql(cluster, db, """
        INSERT INTO app.callback_task (kind, source, ticket_id, customer_id, due_on,
            expires_on) VALUES ('service', 'ticket', %s, %s, current_date,
            current_date + 14) RETURNING id""", found["ticket"], found["customer"])[0][0]
    found["complaint"] = _sql(cluster, db, """
        INSERT INTO app.complaint (number, customer_id, ticket_id, source, severity,
            summary, state, deadline_at) VALUES ('TS-H1', %s, %s, 'phone', 'high',
            '上门迟到', 'open', now() + interval '1 day') RETURNING id""",
        found["customer"], found["ticket"])[0][0]
    return found


def test_the_history_panel_shows_every_kind(qtbot: QtBot, window: Any, cluster: TestCluster,
                                            desk_db: str) -> None:
    seeded = _seed_history(cluster, desk_db)
    kinds = ["ticket", "preorder", "callback", "complaint", "inquiry"]
    main = window(COUNTER)
    customers = main.open_module(next(m for m in _modules(main) if m.key == "customers"))
    assert isinstance(customers, CustomersPage)
    customers.load(str(seeded["customer"]))
    panel = customers.history_panel
    qtbot.waitUntil(lambda: len(panel.rows) == len(kinds), timeout=20_000)
    assert {row.kind for row in panel.rows} == set(kinds)
    assert panel.rows[-1].kind == "ticket"  # the oldest last
    assert panel.history is not None and panel.history.counts["ticket"] == 1
    assert "(1)" in panel.filter_buttons["inquiry"].text()
    # a kind at a time, filtered on the server
    panel.filter_buttons["preorder"].click()
    qtbot.waitUntil(lambda: [r.kind for r in panel.rows] == ["preorder"], timeout=20_000)
    assert panel.table.rowCount() == 1 and panel.table.item(0, 2).text() == "YD-H1"
    panel.filter_buttons[None].click()
    qtbot.waitUntil(lambda: len(panel.rows) == len(kinds), timeout=20_000)
    # Enter on the ticket row opens the ticket in its tab
    ticket_row = next(i for i, r in enumerate(panel.rows) if r.kind == "ticket")
    panel.table.setCurrentCell(ticket_row, 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    opened = main.tabs.currentWidget()
    assert isinstance(opened, TicketPage)
    assert opened.property("module_key") == f"ticket:{seeded['ticket']}"

    # the ticket tab's 客户历史 opens the same history beside it
    qtbot.waitUntil(lambda: opened.detail is not None, timeout=20_000)
    button = opened.findChild(QPushButton, "customer_history")
    assert button is not None and button.isEnabled()
    button.click()
    dialogs = [d for d in main.findChildren(CustomerHistoryDialog) if d.isVisible()]
    assert len(dialogs) == 1
    qtbot.waitUntil(lambda: len(dialogs[0].panel.rows) == len(kinds), timeout=20_000)
    assert "宋雨" in dialogs[0].windowTitle()
    dialogs[0].close()


def test_the_inquiries_list(qtbot: QtBot, window: Any, cluster: TestCluster,
                            desk_db: str) -> None:
    main = window(COUNTER)
    page = main.open_module(next(m for m in _modules(main) if m.key == "inquiries"))
    assert isinstance(page, InquiriesPage)
    qtbot.waitUntil(lambda: page.list.model.rowCount() > 0, timeout=20_000)
    count = _sql(cluster, desk_db, "SELECT count(*) FROM app.inquiry")[0][0]
    assert page.list.model.rowCount() == min(count, page.list.model.rowCount())
    page.new_button.click()
    assert isinstance(main.tabs.currentWidget(), InquiryPage)


def test_the_history_is_refused_to_a_technician(qtbot: QtBot, window: Any,
                                                cluster: TestCluster, desk_db: str) -> None:
    customer = _sql(cluster, desk_db, "SELECT id FROM app.customer WHERE code = 'IQ1'")[0][0]
    main = window(["requisition.create"])
    panel = CustomerHistoryPanel(main.database, main.session, parent=main)
    qtbot.addWidget(panel)
    panel.show_customer(customer)
    qtbot.waitUntil(lambda: bool(panel.message.text()), timeout=20_000)
    assert panel.rows == [] and "permission" in panel.message.text().lower()


def _modules(main: MainWindow) -> list[Any]:
    from aftersales_desktop.ui.modules import modules_for

    return modules_for(main.session.capabilities)


def test_the_ticket_tabs_history_action_asks_what_the_server_asks() -> None:
    # the action is hidden from whoever app.customer_history refuses (a technician)
    import re
    from pathlib import Path

    from aftersales_desktop.ui.callbacks.ticket_history import HISTORY_READERS

    body = (Path(__file__).parents[2] / "db/sql/callbacks/customer_history.sql").read_text(
        encoding="utf-8")
    roles = set(re.findall(r"'as_cap_([a-z_]+)'", body))
    assert roles == {c.replace(".", "_") for c in HISTORY_READERS}
