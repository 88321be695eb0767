"""Requisitions on screen: parts requisitioned from the ticket tab by scanning, saved,
listed in the tab's 领料 section and its history, billed in the settlement; a settled
ticket's requisition frozen; the requisition screen opening a ticket by its number; the
printed slip."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.services.session import OperatorSession, close_session, open_session
from aftersales_desktop.ui.documents import DocumentEditor
from aftersales_desktop.ui.frontdesk import printing
from aftersales_desktop.ui.frontdesk.dialogs import SettleDialog
from aftersales_desktop.ui.frontdesk.ticket import TicketPage
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.stock.requisitions import RequisitionsPage
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import intake_of_device, off_gui, open_ticket

pytestmark = [pytest.mark.gui, pytest.mark.db]

Login = tuple[Database, OperatorSession]
COUNTER_AND_PARTS = ["intake.create", "intake.edit", "settlement.collect", "contacts.view",
                     "requisition.create"]


@pytest.fixture(scope="module")
def parts_db(cluster: TestCluster) -> dict[str, Any]:
    db = cluster.create_database()
    run = cluster.execute
    parts = run(db, "INSERT INTO app.warehouse (code, name, type) VALUES ('PJ', '配件库', "
                "'parts') RETURNING id")[0][0]
    run(db, "INSERT INTO app.warehouse (code, name, type) VALUES ('BS', '报损库', 'scrap')")
    item = run(db, "INSERT INTO app.item (code, name, kind, sale_price, barcode) VALUES "
               "('P-1002', '压缩机', 'part', 350, '6901234567892') RETURNING id")[0][0]
    run(db, "SELECT app.stock_apply(jsonb_build_array(jsonb_build_object('item_id', %s, "
        "'warehouse_id', %s, 'quantity', 5, 'unit_cost', 200, 'source', 'document')))",
        (item, parts))
    run(db, """
        WITH c AS (INSERT INTO app.customer (code, name) VALUES ('ZH1', '西湖张') RETURNING id),
             p AS (INSERT INTO app.customer_phone (customer_id, phone, is_primary)
                   SELECT id, '13957166666', true FROM c)
        INSERT INTO app.device (customer_id, product, brand, model, serial, purchase_date,
                                has_proof, warranty_months)
        SELECT id, '空调', '格力', 'KFR-35', 'GR2026ZH1', current_date - 100, true, 36 FROM c
        """)
    return {"db": db, "parts": parts, "item": item}


@pytest.fixture
def login(qtbot: QtBot, cluster: TestCluster, parts_db: dict[str, Any]) -> Iterator[Login]:
    install_language("en")  # the new words are translated in one pass later
    code = cluster.create_operator(parts_db["db"], capabilities=COUNTER_AND_PARTS)
    database, session = off_gui(
        qtbot, lambda: open_session(cluster.profile(parts_db["db"]), code, TEST_PASSWORD))
    yield database, session
    off_gui(qtbot, lambda: close_session(database))


def _intake(qtbot: QtBot, login: Login) -> int:
    return intake_of_device(qtbot, login[0], "GR2026ZH1")


def _ticket(qtbot: QtBot, login: Login, ticket_id: int) -> TicketPage:
    page: TicketPage = open_ticket(qtbot, *login, ticket_id, size=(1100, 760))
    return page


def _type(qtbot: QtBot, keys: str) -> None:
    for key in keys:
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, key)
        QApplication.processEvents()


def _press(qtbot: QtBot, key: Qt.Key,
           modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)
    QApplication.processEvents()


def _ready(qtbot: QtBot, editor: DocumentEditor, ticket_id: int) -> None:
    combo = editor.header.widgets["warehouse"]
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: editor.current.id == ticket_id and combo.count() > 0
                    and running_tasks() == 0, timeout=20_000)


def _scan_two_and_save(qtbot: QtBot, editor: DocumentEditor) -> None:
    editor.grid.setFocus()
    editor.grid.go_to_new_line()
    qtbot.waitUntil(lambda: editor.grid.hasFocus())
    for _ in range(2):  # the scanner sends the barcode and Enter; the second adds one
        _type(qtbot, "6901234567892")
        _press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not editor.lines.pending_lookups() and running_tasks() == 0,
                        timeout=20_000)
    assert [line.values["quantity"] for line in editor.lines.lines()] == [Decimal(2)]
    _press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.current.number is not None and running_tasks() == 0,
                    timeout=20_000)


def _balance(qtbot: QtBot, login: Login, parts_db: dict[str, Any]) -> Decimal:
    database, _session = login

    def read() -> Decimal:
        with database.read() as conn:
            return Decimal(conn.exec_driver_sql(
                f"SELECT quantity FROM app.stock_balance WHERE item_id = {parts_db['item']} "
                f"AND warehouse_id = {parts_db['parts']}").scalar_one())
    return off_gui(qtbot, read)


def test_a_requisition_from_the_ticket_tab_is_billed_in_the_settlement(
        qtbot: QtBot, login: Login, parts_db: dict[str, Any]) -> None:
    before = _balance(qtbot, login, parts_db)
    ticket_id = _intake(qtbot, login)
    page = _ticket(qtbot, login, ticket_id)
    section = page.section_widgets["requisitions"]
    assert section.summary.text() == "No parts requisitioned yet."  # type: ignore[attr-defined]
    # Ctrl+L on the tab opens the requisition over it
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(page, "requisition_dialog", None) is not None,
                    timeout=5_000)
    dialog = page.requisition_dialog  # type: ignore[attr-defined]
    editor = dialog.editor
    _ready(qtbot, editor, ticket_id)
    assert editor.header.values()["ticket"] == page.detail["ticket"]["number"]  # type: ignore[index]
    _scan_two_and_save(qtbot, editor)
    assert editor.current.number.startswith("LL")  # type: ignore[union-attr]
    assert editor.lines.lines()[0].line_id is not None
    assert editor.summary.text() == "Saved."
    assert _balance(qtbot, login, parts_db) == before - 2
    dialog.close()

    # the tab reloads: the section lists the line, the history tells it
    qtbot.waitUntil(lambda: section.table.rowCount() == 1, timeout=20_000)  # type: ignore[attr-defined]
    row = [section.table.item(0, c).text()  # type: ignore[attr-defined]
           for c in range(section.table.columnCount())]  # type: ignore[attr-defined]
    assert row[1:6] == ["Issue", "P-1002 压缩机", "2", "¥350.00", "¥700.00"]
    assert row[7] == "Manufacturer"  # in warranty: the manufacturer pays the parts
    timeline = page.section_widgets["timeline"]
    whats = [timeline.table.item(r, 1).text()  # type: ignore[attr-defined]
             for r in range(timeline.table.rowCount())]  # type: ignore[attr-defined]
    assert "Requisition: Issue" in whats

    # the settlement lists the parts read-only and adds them up
    assert page.detail is not None
    settle = SettleDialog(page.detail)
    qtbot.addWidget(settle)
    assert settle.parts.isHidden()
    parts = settle.parts_table
    assert [parts.item(0, c).text() for c in range(parts.columnCount())] == [
        "P-1002 压缩机", "2", "¥350.00", "¥700.00", "Manufacturer"]
    settle.labour.setText("80")
    settle.method.setCurrentIndex(settle.method.findData("none"))
    settle.accept()
    assert settle.result_values is not None
    before_detail = page.detail
    page.settle(settle.result_values)
    qtbot.waitUntil(lambda: page.detail is not before_detail and page.detail is not None
                    and page.detail["ticket"]["settled"], timeout=20_000)
    fees = page.section_widgets["fees"]
    billed = sorted(tuple(fees.table.item(r, c).text() for c in (1, 2, 4, 5))  # type: ignore[attr-defined]
                    for r in range(fees.table.rowCount()))  # type: ignore[attr-defined]
    assert billed == [("Labour", "1", "¥80.00", "Manufacturer"),
                      ("P-1002 压缩机", "2", "¥700.00", "Manufacturer")]
    # settled: the requisition is frozen, the button says why
    assert not section.button.isEnabled()  # type: ignore[attr-defined]
    assert "frozen" in section.button.toolTip()  # type: ignore[attr-defined]
    assert "frozen" in page.buttons["requisition"].toolTip()


def test_the_requisition_screen_opens_a_ticket_by_number_and_prints_the_slip(
        qtbot: QtBot, login: Login, parts_db: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    ticket_id = _intake(qtbot, login)
    database, session = login
    number = off_gui(qtbot, lambda: _number(database, ticket_id))
    screen = RequisitionsPage(database, session)
    qtbot.addWidget(screen)
    screen.resize(1100, 600)
    screen.show()
    screen.ticket_number.setText(number.lower())  # a scanner may send lower case
    qtbot.keyClick(screen.ticket_number, Qt.Key.Key_Return)
    _ready(qtbot, screen.editor, ticket_id)
    _scan_two_and_save(qtbot, screen.editor)
    printed: list[tuple[bytes, str]] = []
    monkeypatch.setattr(printing, "show_pdf", lambda pdf, title: printed.append((pdf, title)))
    screen.editor.print_current()
    assert len(printed) == 1 and printed[0][0].startswith(b"%PDF")
    assert printed[0][1] == "Requisition slip"
    screen.ticket_number.setText("WX00000000-9999")
    qtbot.keyClick(screen.ticket_number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(screen.message.text()), timeout=20_000)
    assert "WX00000000-9999" in screen.message.text()


def _number(database: Database, ticket_id: int) -> str:
    with database.read() as conn:
        return str(conn.exec_driver_sql(
            f"SELECT number FROM app.ticket WHERE id = {ticket_id}").scalar_one())
