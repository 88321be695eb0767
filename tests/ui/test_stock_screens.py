"""The stock screens against the real test database: a purchase receipt entered by
scanning barcodes and posted, the balance it moves, cancelling it, the stock card's
running balance, and an operator without costs.view who never sees a cost."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.data.listing import ListSource
from aftersales_desktop.domain.documents import Document
from aftersales_desktop.services import masterdata
from aftersales_desktop.ui.documents import editor as editor_module
from aftersales_desktop.ui.frontdesk import printing as frontdesk_printing
from aftersales_desktop.ui.listview.display import format_quantity
from aftersales_desktop.ui.listview.model import RAW_ROLE
from aftersales_desktop.ui.listview.widget import ListView
from aftersales_desktop.ui.stock import editor as stock_editor
from aftersales_desktop.ui.stock.editor import StockDocumentPage
from aftersales_desktop.ui.stock.pages import (
    BELOW_MIN_BACKGROUND,
    BalancesPage,
    DocumentsPage,
    StockCardPage,
)
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import OpenAs, module_database, operator_sessions
from tests.ui.test_document_editor import answering, press, scan, settled, type_keys

pytestmark = [pytest.mark.gui, pytest.mark.db]


def pdf_text(pdf: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()

stock_db = module_database()
CLERK = ["stock.post", "costs.view"]
Catalogue = dict[str, Any]


@pytest.fixture(scope="module")
def catalogue(cluster: TestCluster, stock_db: str) -> Catalogue:
    """Two parts with barcodes and a parts warehouse, made through the master data."""
    tag = cluster.new_code("stk").upper()
    code = cluster.create_operator(stock_db, capabilities=["masterdata.edit"])
    database = Database(cluster.profile(stock_db), code, TEST_PASSWORD)
    try:
        with database.transaction() as conn:
            compressor = masterdata.save_item(
                conn, code=f"{tag}-P1002", name="压缩机 1.5P", barcode=f"69{tag}01",
                kind="part", unit="台", sale_price="420.00", min_stock="5").id
            capacitor = masterdata.save_item(
                conn, code=f"{tag}-P2001", name="启动电容 35uF", barcode=f"69{tag}02",
                kind="part", unit="个", sale_price="3.50").id
            warehouse = masterdata.save_warehouse(conn, code=f"{tag}W", name=f"配件库{tag}",
                                                  type="parts")
            scrap = masterdata.save_warehouse(conn, code=f"{tag}S", name=f"报损库{tag}",
                                              type="scrap")
    finally:
        database.dispose()
    return {"tag": tag, "compressor": compressor, "capacitor": capacitor,
            "warehouse": warehouse, "scrap": scrap, "compressor_barcode": f"69{tag}01",
            "capacitor_barcode": f"69{tag}02", "compressor_code": f"{tag}-P1002"}


@pytest.fixture
def login(qtbot: QtBot, cluster: TestCluster, stock_db: str) -> Iterator[OpenAs]:
    yield from operator_sessions(qtbot, cluster, stock_db)


def make_list(qtbot: QtBot, database: Database) -> Any:
    def make(source: ListSource) -> ListView:
        view = ListView(source, database)
        qtbot.addWidget(view)
        return view
    return make


def document_page(qtbot: QtBot, database: Database, session: Any,
                  kind: str = "purchase_receipt") -> StockDocumentPage:
    page = StockDocumentPage(kind, database, session)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    combo = page.editor.header.widgets["warehouse"]
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: combo.count() > 0, timeout=20_000)
    return page


def choose_warehouse(page: StockDocumentPage, warehouse_id: int) -> None:
    combo = page.editor.header.widgets["warehouse"]
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(warehouse_id))
    assert combo.currentData() == warehouse_id


def cell(page: StockDocumentPage, row: int, key: str) -> str:
    lines = page.editor.lines
    column = lines.column_of(key)
    assert column is not None
    return str(lines.index(row, column).data())


def listed_rows(qtbot: QtBot, view: ListView, text: str) -> list[tuple[Any, ...]]:
    """The list's rows matching `text` in the full-field filter, once loaded."""
    view.filter_edit.setText(text)
    view.filter_edit.returnPressed.emit()
    qtbot.waitUntil(lambda: not view.model.is_loading and running_tasks() == 0,
                    timeout=20_000)
    assert view.model.error is None, view.model.error
    return [view.model.row_values(r) for r in range(view.model.rowCount())]


def balance_rows(qtbot: QtBot, view: ListView, tag: str) -> dict[str, tuple[Any, ...]]:
    """The balances of this test's items, by item code."""
    code = view.source.index_of("code")
    return {str(row[code]): row for row in listed_rows(qtbot, view, tag)}


def post(qtbot: QtBot, page: StockDocumentPage) -> Document:
    press(qtbot, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: page.editor.current.state == "posted"
                    or bool(page.editor.summary.text()), timeout=20_000)
    assert page.editor.current.state == "posted", page.editor.summary.text()
    return page.editor.current


def receive_by_scanning(qtbot: QtBot, page: StockDocumentPage, catalogue: Catalogue) -> None:
    """Scan compressor, type 2 @ 400, scan it again (+1), scan the capacitor, 10 @ 1.25."""
    choose_warehouse(page, catalogue["warehouse"])
    supplier = page.editor.header.widgets["supplier"]
    assert isinstance(supplier, QLineEdit)
    supplier.setText("杭州某某电器")
    page.editor.grid.setFocus()
    page.editor.grid.go_to_new_line()
    qtbot.waitUntil(lambda: page.editor.grid.hasFocus())
    scan(qtbot, catalogue["compressor_barcode"])
    type_keys(qtbot, "2")
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, "400")
    press(qtbot, Qt.Key.Key_Return)
    settled(qtbot, page.editor)
    scan(qtbot, catalogue["compressor_barcode"])  # the same part again: one more
    settled(qtbot, page.editor)
    page.editor.grid.go_to_new_line()
    scan(qtbot, catalogue["capacitor_barcode"])
    type_keys(qtbot, "10")
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, "1.25")
    press(qtbot, Qt.Key.Key_Return)
    settled(qtbot, page.editor)


def test_receipt_by_scanning_moves_the_balance_and_cancel_puts_it_back(
        qtbot: QtBot, login: OpenAs, catalogue: Catalogue,
        monkeypatch: pytest.MonkeyPatch) -> None:
    questions: list[str] = []
    monkeypatch.setattr(editor_module, "ask", answering(questions, True))
    database, session = login(CLERK)
    balances = BalancesPage(database, session, make_list(qtbot, database))
    qtbot.addWidget(balances)
    balances.show()
    before = balance_rows(qtbot, balances.list, catalogue["tag"])

    page = document_page(qtbot, database, session)
    receive_by_scanning(qtbot, page, catalogue)
    assert [line.item_id for line in page.editor.document().lines] == [
        catalogue["compressor"], catalogue["capacitor"]]
    assert cell(page, 0, "quantity") == "3"  # 2 typed, the second scan added one
    assert cell(page, 0, "amount") == "¥1,200.00"
    assert cell(page, 1, "amount") == "¥12.50"

    posted = post(qtbot, page)
    assert len(questions) == 1
    assert posted.number and posted.number.startswith("RK")
    assert page.editor.badge.text() == "Posted"
    rows = balance_rows(qtbot, balances.list, catalogue["tag"])
    source = balances.list.source
    quantity, cost = source.index_of("quantity"), source.index_of("unit_cost")
    compressor = catalogue["compressor_code"]
    had = before.get(compressor, (Decimal(0),) * len(source.columns))[quantity]
    assert rows[compressor][quantity] == had + 3
    if not before:
        assert rows[compressor][cost] == Decimal("400.0000")
        # 3 on hand under the minimum of 5: the row is drawn red
        row = list(rows).index(compressor)
        option_index = balances.list.model.index(row, 0)
        assert option_index.siblingAtColumn(source.index_of("below_minimum")).data(RAW_ROLE)
        from PySide6.QtWidgets import QStyleOptionViewItem

        option = QStyleOptionViewItem()
        balances.delegate.initStyleOption(option, option_index)
        assert option.backgroundBrush.color() == BELOW_MIN_BACKGROUND

    # cancel: asks the reason, posts the reversal today, the balance is back
    reasons: list[str] = []

    def reason(_parent: Any, _title: str, prompt: str) -> str:
        reasons.append(prompt)
        return "供应商送错货"

    monkeypatch.setattr(stock_editor, "ask_reason", reason)
    page.editor.transition_buttons["cancel"].click()
    qtbot.waitUntil(lambda: page.editor.current.state == "cancelled"
                    or "Line" in page.editor.summary.text(), timeout=20_000)
    assert page.editor.current.state == "cancelled", page.editor.summary.text()
    assert reasons and posted.number in reasons[0]
    assert len(questions) == 1  # the reason dialog is the only question a cancel asks
    rows = balance_rows(qtbot, balances.list, catalogue["tag"])
    assert rows[compressor][quantity] == had

    # the document list shows the original cancelled and its reversal
    documents = DocumentsPage(database, session, make_list(qtbot, database))
    qtbot.addWidget(documents)
    documents.show()
    listed = listed_rows(qtbot, documents.list, posted.number)  # it and its reversal
    number = documents.list.source.index_of("number")
    state = documents.list.source.index_of("state")
    reverses = documents.list.source.index_of("reverses")
    by_number = {row[number]: row for row in listed}
    assert by_number[posted.number][state] == "cancelled"
    reversal = [row for row in by_number.values() if row[reverses] == posted.number]
    assert len(reversal) == 1 and reversal[0][state] == "posted"


def test_stock_card_shows_the_running_balance(
        qtbot: QtBot, login: OpenAs, catalogue: Catalogue,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor_module, "ask", answering([], True))
    database, session = login(CLERK)
    for kind, quantity in (("purchase_receipt", "4"), ("other_issue", "1"),
                           ("purchase_receipt", "2")):
        page = document_page(qtbot, database, session, kind)
        choose_warehouse(page, catalogue["warehouse"])
        header = page.editor.header.widgets
        field = header.get("supplier") or header.get("reason")
        assert isinstance(field, QLineEdit)
        field.setText("测试")
        page.editor.grid.setFocus()
        page.editor.grid.go_to_new_line()
        scan(qtbot, catalogue["capacitor_barcode"])
        type_keys(qtbot, quantity)
        press(qtbot, Qt.Key.Key_Return)
        if kind == "purchase_receipt":
            type_keys(qtbot, "2")
            press(qtbot, Qt.Key.Key_Return)
        settled(qtbot, page.editor)
        post(qtbot, page)

    card = StockCardPage(database, catalogue["capacitor"], catalogue["warehouse"], "card",
                         session, make_list(qtbot, database))
    qtbot.addWidget(card)
    card.show()
    qtbot.waitUntil(lambda: not card.list.model.is_loading and running_tasks() == 0,
                    timeout=20_000)
    source = card.list.source
    rows = [card.list.model.row_values(r) for r in range(card.list.model.rowCount())]
    moves = [row[source.index_of("quantity")] for row in rows]
    balances = [row[source.index_of("qty_after")] for row in rows]
    assert moves[-3:] == [Decimal(4), Decimal(-1), Decimal(2)]
    running = balances[-4] if len(balances) > 3 else Decimal(0)
    for move, balance in zip(moves[-3:], balances[-3:], strict=True):
        running += move
        assert balance == running
    # the ledger's costs: the issue took the average
    assert rows[-2][source.index_of("unit_cost")] is not None

    # Ctrl+P prints the card as it is on screen, every row, money as shown
    shown: list[tuple[bytes, str]] = []
    monkeypatch.setattr(frontdesk_printing, "show_pdf",
                        lambda pdf, title: shown.append((pdf, title)))
    card.list.table.setFocus()
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    pdf, title = shown[0]
    assert title == "Stock card"
    text = pdf_text(pdf)
    assert "Onhandbefore" in "".join(text.split())
    before = [row[source.index_of("qty_before")] for row in rows]
    for move, was, balance in list(zip(moves, before, balances, strict=True))[-3:]:
        assert " ".join(format_quantity(v) for v in (move, was, balance)) in text


def test_costs_are_hidden_without_costs_view(
        qtbot: QtBot, login: OpenAs, catalogue: Catalogue,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor_module, "ask", answering([], True))
    database, session = login(["stock.post"])
    page = document_page(qtbot, database, session, "other_receipt")
    keys = {column.key for column in page.editor.spec.columns}
    assert not {"price", "amount"} & keys
    assert "¥" not in page.editor.totals_label.text()

    balances = BalancesPage(database, session, make_list(qtbot, database))
    qtbot.addWidget(balances)
    balances.show()
    balance_rows(qtbot, balances.list, catalogue["tag"])
    assert balances.list.model.error is None  # the list never asks for a cost column
    assert not {"unit_cost", "stock_value"} & {c.key for c in balances.list.source.columns}

    card = StockCardPage(database, catalogue["capacitor"], catalogue["warehouse"], "card",
                         session, make_list(qtbot, database))
    qtbot.addWidget(card)
    card.show()
    qtbot.waitUntil(lambda: not card.list.model.is_loading and running_tasks() == 0,
                    timeout=20_000)
    assert card.list.model.error is None
    assert not {"unit_cost", "avg_after", "value_after"} & {
        c.key for c in card.list.source.columns}


def test_print_shows_the_slip_of_the_saved_document(
        qtbot: QtBot, login: OpenAs, catalogue: Catalogue,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor_module, "ask", answering([], True))
    shown: list[tuple[bytes, str]] = []
    monkeypatch.setattr(frontdesk_printing, "show_pdf", lambda pdf, title: shown.append(
        (pdf, title)))
    database, session = login(CLERK)
    page = document_page(qtbot, database, session)
    receive_by_scanning(qtbot, page, catalogue)
    posted = post(qtbot, page)
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    pdf, title = shown[-1]
    assert title == posted.number and pdf.startswith(b"%PDF")
    assert "¥1,200.00" in pdf_text(pdf)  # 3 x 400, the clerk sees costs
    page.set_sensitive_hidden(True)  # Ctrl+H in the main window: the slip hides them too
    page.print_slip(page.editor.current)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=20_000)
    assert "¥" not in pdf_text(shown[-1][0])
    shown.clear()
    page.print_labels()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=20_000)
    labels = pdf_text(shown[-1][0])
    # a label per unit: 3 compressors and 10 capacitors
    assert labels.count(catalogue["compressor_barcode"]) == 3
    assert labels.count(catalogue["capacitor_barcode"]) == 10


def test_new_document_kinds_follow_post_capability(
        qtbot: QtBot, login: OpenAs) -> None:
    database, session = login(["costs.view"])
    documents = DocumentsPage(database, session, make_list(qtbot, database))
    qtbot.addWidget(documents)
    assert documents.new_button.isHidden()
    database, clerk = login(["stock.post"])
    documents = DocumentsPage(database, clerk, make_list(qtbot, database))
    qtbot.addWidget(documents)
    documents.show()
    assert not documents.new_button.isHidden()


def test_stock_menu_follows_capabilities(qtbot: QtBot, login: OpenAs) -> None:
    from aftersales_desktop.ui.main_window import MainWindow

    windows = {}
    for name, capabilities in (("clerk", ["stock.post"]), ("accountant", ["costs.view"]),
                               ("counter", ["intake.create"])):
        database, session = login(capabilities)
        window = MainWindow(database, session)
        qtbot.addWidget(window)
        windows[name] = window
    stock = {"stock_balances", "stock_documents", "stock_valuation"}
    assert stock & set(windows["clerk"].module_actions) == {"stock_balances",
                                                           "stock_documents"}
    assert stock & set(windows["accountant"].module_actions) == stock
    assert not stock & set(windows["counter"].module_actions)
    clerk = windows["clerk"]
    assert clerk.module_actions["stock_documents"] in clerk.toolbar.actions()
    for window in windows.values():
        window.monitor.stop()


def test_a_posted_document_changes_only_with_edit_posted(
        qtbot: QtBot, login: OpenAs, catalogue: Catalogue,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor_module, "ask", answering([], True))
    database, session = login(CLERK)
    page = document_page(qtbot, database, session)
    receive_by_scanning(qtbot, page, catalogue)
    posted = post(qtbot, page)
    assert page.editor.amend_button.isHidden()  # stock.post alone cannot change it

    database, manager = login([*CLERK, "stock.edit_posted"])
    page = document_page(qtbot, database, manager)
    page.load(int(posted.id or 0))
    qtbot.waitUntil(lambda: page.editor.current.number == posted.number, timeout=20_000)
    assert not page.editor.amend_button.isHidden()
    page.editor.amend_button.click()
    quantity = page.editor.lines.column_of("quantity")
    assert quantity is not None
    page.editor.grid.go_to(page.editor.lines.index(0, quantity))
    type_keys(qtbot, "5")
    press(qtbot, Qt.Key.Key_Return)
    reasons: list[str] = []
    monkeypatch.setattr(stock_editor, "ask_reason",
                        lambda _p, _t, prompt: reasons.append(prompt) or "数量点错")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.editor.current.number not in (None, posted.number)
                    or bool(page.editor.summary.text()), timeout=20_000)
    replacement = page.editor.current
    assert replacement.number != posted.number, page.editor.summary.text()
    assert replacement.state == "posted" and reasons
    assert cell(page, 0, "quantity") == "5"
    assert replacement.header.get("replaces_number") == posted.number


def test_a_scrap_offers_only_scrap_warehouses_as_its_target(
        qtbot: QtBot, login: OpenAs, catalogue: Catalogue) -> None:
    database, session = login(["stock.post"])
    page = document_page(qtbot, database, session, "scrap")
    target = page.editor.header.widgets["to_warehouse"]
    assert isinstance(target, QComboBox)
    qtbot.waitUntil(lambda: target.count() > 0, timeout=20_000)
    offered = {target.itemData(i) for i in range(target.count())}
    assert catalogue["scrap"] in offered and catalogue["warehouse"] not in offered
    source = page.editor.header.widgets["warehouse"]
    assert isinstance(source, QComboBox)
    assert source.findData(catalogue["warehouse"]) >= 0
