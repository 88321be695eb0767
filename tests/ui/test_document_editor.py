"""The document editor driven by keyboard against the real test database.

Items and warehouses are made through the master-data services; the code cell looks
them up through services/catalogue_lookup (one query per scan). The stock module does
not exist yet, so "posting" is a Python callable in this file that reads the lines'
items back from the database and records what it was sent: the editor's contract is
the callable, and that is what these tests hold it to.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Connection, text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.domain.documents import (
    Document,
    DocumentLine,
    DocumentSpec,
    HeaderField,
    HeaderKind,
    ItemLookup,
    StaleDocument,
    Submission,
    amount_column,
    code_column,
    money_column,
    posting_flow,
    quantity_column,
    text_column,
)
from aftersales_desktop.services import masterdata
from aftersales_desktop.services.catalogue_lookup import find_items
from aftersales_desktop.services.frontdesk._calls import call
from aftersales_desktop.services.session import OperatorSession
from aftersales_desktop.ui.documents import DocumentEditor, DocumentServices, editor
from aftersales_desktop.ui.documents.grid import CandidatePopup
from aftersales_desktop.ui.operations import Changes, hub
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import OpenAs, off_gui, operator_sessions

pytestmark = [pytest.mark.gui, pytest.mark.db]

RECEIPT = DocumentSpec(
    kind="stock_receipt", title="Purchase receipt", entity="stock",
    header=(HeaderField("warehouse", "Warehouse", HeaderKind.CHOICE, required=True),
            HeaderField("supplier", "Supplier"),
            HeaderField("date", "Date", HeaderKind.DATE, required=True),
            HeaderField("remarks", "Remarks", stretch=True)),
    columns=(code_column(), text_column("name", "Name", from_item="name"),
             quantity_column(),
             money_column("price", "Unit cost", decimals=4, sensitive=True),
             amount_column(sensitive=True)),
    flow=posting_flow(post_capability="stock.post"),
    edit_posted_capability="stock.edit_posted")
# A stocktake-like sheet: a scan goes straight to the next line (continuous scanning).
SCANNING = replace(RECEIPT, entry_columns=(),
                   columns=(code_column(), text_column("name", "Name", from_item="name"),
                            quantity_column(),
                            money_column("price", "Price", from_item="price"),
                            amount_column()))

Catalogue = dict[str, Any]


@pytest.fixture(scope="module")
def doc_db(cluster: TestCluster) -> str:
    return cluster.create_database()


def _with_database(cluster: TestCluster, db: str, capabilities: list[str],
                   work: Callable[[Database], Any]) -> Any:
    code = cluster.create_operator(db, capabilities=capabilities)
    database = Database(cluster.profile(db), code, TEST_PASSWORD)
    try:
        return work(database)
    finally:
        database.dispose()


@pytest.fixture(scope="module")
def catalogue(cluster: TestCluster, doc_db: str) -> Catalogue:
    """Items and warehouses made through the master-data services (not a GUI test)."""
    tag = cluster.new_code("doc").upper()

    def make(database: Database) -> Catalogue:
        with database.transaction() as conn:
            items = {
                "compressor": masterdata.save_item(
                    conn, code=f"{tag}-P1002", name="压缩机 1.5P", model="KFR-35",
                    barcode=f"69{tag}01", sale_price="420.00").id,
                "capacitor": masterdata.save_item(
                    conn, code=f"{tag}-P2001", name="启动电容 35uF", barcode=f"69{tag}02",
                    sale_price="3.50").id,
                "old": masterdata.save_item(conn, code=f"{tag}-OLD", name="停用压缩机",
                                            barcode=f"69{tag}99", active=False).id,
            }
            for n in range(3):
                masterdata.save_item(conn, code=f"{tag}-F{n}", name=f"风扇电机{tag}型{n}",
                                     sale_price=f"{60 + n}.00")
            warehouse = masterdata.save_warehouse(conn, code=f"{tag}W", name="配件库",
                                                  type="parts")
        return {"tag": tag, "items": items, "warehouse": warehouse,
                "compressor_code": f"{tag}-P1002", "compressor_barcode": f"69{tag}01",
                "capacitor_code": f"{tag}-P2001"}

    made: Catalogue = _with_database(cluster, doc_db, ["masterdata.edit"], make)
    return made


Login = OpenAs


@pytest.fixture
def login(qtbot: QtBot, cluster: TestCluster, doc_db: str) -> Iterator[Login]:
    yield from operator_sessions(qtbot, cluster, doc_db)


def warehouse_choices(conn: Connection) -> list[tuple[Any, str]]:
    return [(row.id, row.name) for row in conn.execute(text(
        "SELECT id, name FROM app.warehouse WHERE active ORDER BY id"))]


class RecordingServer:
    """Stands in for the stock module's server functions: reads every line's item back
    from the database (as the real posting function will), numbers the document and
    records what it was sent."""

    numbers = itertools.count(1)

    def __init__(self) -> None:
        self.submissions: list[Submission] = []

    def save(self, conn: Connection, submission: Submission) -> Document:
        return self._store(conn, submission, submission.document.state)

    def post(self, conn: Connection, submission: Submission) -> Document:
        return self._store(conn, submission, "posted")

    def cancel(self, conn: Connection, submission: Submission) -> Document:
        return self._store(conn, submission, "cancelled")

    def _store(self, conn: Connection, submission: Submission, state: str) -> Document:
        document = submission.document
        lines: list[DocumentLine] = []
        for line in document.lines:
            assert line.item_id is not None
            item = masterdata.get_item(conn, line.item_id)  # the server's own read
            lines.append(DocumentLine({**line.values, "code": item.code, "name": item.name},
                                      item.id, line_id=len(lines) + 1))
        self.submissions.append(submission)
        number = document.number or f"RK2026-{next(self.numbers):06d}"
        return replace(document, id=document.id or hash(number) % 100_000, number=number,
                       version=(document.version or 0) + 1, state=state,
                       lines=tuple(lines), state_by="测试操作员" if state == "posted" else "")


def refuse_line_two(conn: Connection, submission: Submission) -> Document:
    """A refusal raised by the database itself, through the one translator."""
    call(conn, "DO $$ BEGIN RAISE EXCEPTION 'insufficient stock' USING "
               "HINT = 'aftersales:insufficient_stock', DETAIL = 'line 2: quantity'; END $$")
    raise AssertionError("the database refused, so this is never reached")


def answering(questions: list[str], answer: bool) -> Callable[[Any, str], bool]:
    """Stands in for the Yes/No question: records it and answers."""
    def ask(_parent: Any, question: str) -> bool:
        questions.append(question)
        return answer
    return ask


def make_editor(qtbot: QtBot, database: Database, session: OperatorSession, *,
                spec: DocumentSpec = RECEIPT, server: RecordingServer | None = None,
                lookup: Callable[[Any, str], ItemLookup] = find_items,
                post: Callable[[Connection, Submission], Document] | None = None,
                document: Document | None = None, **extra: Any) -> DocumentEditor:
    server = server or RecordingServer()
    services = DocumentServices(
        lookup=lookup, save=server.save, choices={"warehouse": warehouse_choices},
        transitions={"post": post or server.post, "cancel": server.cancel}, **extra)
    page = DocumentEditor(spec, services, database, session, document=document)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    qtbot.waitUntil(lambda: warehouse_combo(page).count() > 0, timeout=20_000)
    return page


def warehouse_combo(page: DocumentEditor) -> QComboBox:
    combo = page.header.widgets["warehouse"]
    assert isinstance(combo, QComboBox)
    return combo


def start_typing_lines(qtbot: QtBot, page: DocumentEditor) -> None:
    page.grid.setFocus()
    page.grid.go_to_new_line()
    qtbot.waitUntil(lambda: page.grid.hasFocus())


def type_keys(qtbot: QtBot, keys: str) -> None:
    """Keys to whatever has the focus, one at a time, as a keyboard or scanner sends them."""
    for key in keys:
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, key)
        QApplication.processEvents()  # Qt commits an edit on Enter through a queued call


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = (
        Qt.KeyboardModifier.NoModifier)) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)
    QApplication.processEvents()


def scan(qtbot: QtBot, code: str) -> None:
    type_keys(qtbot, code)
    press(qtbot, Qt.Key.Key_Return)


def settled(qtbot: QtBot, page: DocumentEditor) -> None:
    qtbot.waitUntil(lambda: not page.lines.pending_lookups() and running_tasks() == 0,
                    timeout=20_000)


def at(page: DocumentEditor, row: int, key: str) -> QModelIndex:
    column = page.lines.column_of(key)
    assert column is not None
    return page.lines.index(row, column)


def cell(page: DocumentEditor, row: int, key: str) -> str:
    return str(at(page, row, key).data())


def current(page: DocumentEditor) -> tuple[int, str]:
    index = page.grid.currentIndex()
    return index.row(), page.spec.columns[index.column()].key


# -- the lookup service ----------------------------------------------------------------------

def test_find_items_by_barcode_code_and_fragment(
        qtbot: QtBot, cluster: TestCluster, doc_db: str, catalogue: Catalogue) -> None:
    tag = catalogue["tag"]

    def look(database: Database) -> dict[str, ItemLookup]:
        with database.read() as conn:
            return {query: find_items(conn, query) for query in (
                catalogue["compressor_barcode"], catalogue["compressor_code"].lower(),
                f"风扇电机{tag}", f"{tag}-F", f"69{tag}99", "%", f"{tag}-P1002-X", " ",
                tag.lower())}

    found = off_gui(qtbot, lambda: _with_database(cluster, doc_db, [], look))
    by_barcode = found[catalogue["compressor_barcode"]]
    assert by_barcode.exact is not None and by_barcode.candidates == ()
    assert by_barcode.exact.item_id == catalogue["items"]["compressor"]
    assert by_barcode.exact.price == Decimal("420.00")
    assert by_barcode.exact.details["model"] == "KFR-35"
    lower = found[catalogue["compressor_code"].lower()].exact
    assert lower is not None and lower.code == catalogue["compressor_code"]
    assert [c.code for c in found[f"风扇电机{tag}"].candidates] == [
        f"{tag}-F0", f"{tag}-F1", f"{tag}-F2"]
    assert found[f"风扇电机{tag}"].exact is None
    assert [c.code for c in found[f"{tag}-F"].candidates] == [
        f"{tag}-F0", f"{tag}-F1", f"{tag}-F2"]
    # codes starting with it (any case) first, then names holding it, each item once
    assert [c.code for c in found[tag.lower()].candidates] == [
        f"{tag}-F0", f"{tag}-F1", f"{tag}-F2", f"{tag}-P1002", f"{tag}-P2001"]
    assert not found[f"69{tag}99"].found  # inactive items are not offered
    assert not found["%"].found  # a wildcard is a character, not "everything"
    assert not found[f"{tag}-P1002-X"].found
    assert not found[" "].found


# -- scanning --------------------------------------------------------------------------------

def test_scan_adds_a_line_then_adds_one_to_it(
        qtbot: QtBot, login: Login, catalogue: Catalogue) -> None:
    database, session = login(["stock.post"])
    page = make_editor(qtbot, database, session, spec=SCANNING)
    start_typing_lines(qtbot, page)
    barcode = catalogue["compressor_barcode"]

    scan(qtbot, barcode)
    assert current(page) == (1, "code")  # ready for the next scan before the answer
    settled(qtbot, page)
    assert page.lines.lines()[0].item_id == catalogue["items"]["compressor"]
    assert cell(page, 0, "code") == catalogue["compressor_code"]
    assert cell(page, 0, "name") == "压缩机 1.5P"
    assert cell(page, 0, "quantity") == "1"
    assert cell(page, 0, "amount") == "¥420.00"

    scan(qtbot, barcode)
    settled(qtbot, page)
    assert len(page.lines.lines()) == 1
    assert cell(page, 0, "quantity") == "2"
    assert cell(page, 0, "amount") == "¥840.00"
    assert current(page) == (1, "code")
    assert "quantity 2" in page.line_message.text()

    scan(qtbot, catalogue["capacitor_code"])
    scan(qtbot, barcode)  # sent before the capacitor's answer came back
    settled(qtbot, page)
    assert [(line.item_id, line.values["quantity"]) for line in page.lines.lines()] == [
        (catalogue["items"]["compressor"], Decimal(3)),
        (catalogue["items"]["capacitor"], Decimal(1))]
    assert page.lines.rowCount() == 3  # two lines and the empty one
    assert current(page) == (2, "code")
    assert "Quantity 4" in page.totals_label.text()
    assert "¥1,263.50" in page.totals_label.text()
    assert page.has_unsaved_changes()


def test_unknown_code_says_so_on_its_line_and_keeps_the_focus(
        qtbot: QtBot, login: Login, catalogue: Catalogue) -> None:
    database, session = login(["stock.post"])
    page = make_editor(qtbot, database, session, spec=SCANNING)
    start_typing_lines(qtbot, page)
    scan(qtbot, catalogue["capacitor_code"])
    scan(qtbot, "NOPE-404")
    settled(qtbot, page)
    assert cell(page, 1, "code") == "NOPE-404"
    assert cell(page, 1, "name") == "No item has the code or barcode NOPE-404."
    assert page.line_message.text() == "Line 2: No item has the code or barcode NOPE-404."
    assert at(page, 1, "code").data(Qt.ItemDataRole.ToolTipRole) == (
        "No item has the code or barcode NOPE-404.")
    assert QApplication.activeModalWidget() is None
    assert page.grid.hasFocus()
    assert current(page) == (2, "code")
    # the next scan goes on as if nothing happened; posting is refused at that line
    scan(qtbot, catalogue["capacitor_code"])
    settled(qtbot, page)
    assert cell(page, 0, "quantity") == "2"
    combo = warehouse_combo(page)
    combo.setCurrentIndex(combo.findData(catalogue["warehouse"]))
    page.run_transition("post")
    assert page.current.state == "draft"
    assert "Line 2: No item has the code or barcode NOPE-404." in page.summary.text()
    assert current(page) == (1, "code")
    # retyping the code on that line finds the item
    press(qtbot, Qt.Key.Key_F2)
    editor_widget = QApplication.focusWidget()
    assert isinstance(editor_widget, QLineEdit)
    editor_widget.selectAll()
    scan(qtbot, catalogue["compressor_code"])
    settled(qtbot, page)
    assert cell(page, 1, "name") == "压缩机 1.5P"


def test_a_fragment_offers_a_list(qtbot: QtBot, login: Login,
                                       catalogue: Catalogue) -> None:
    database, session = login(["stock.post"])
    page = make_editor(qtbot, database, session, spec=SCANNING)
    start_typing_lines(qtbot, page)
    scan(qtbot, f"{catalogue['tag']}-F")  # the start of three codes
    qtbot.waitUntil(lambda: page.candidates is not None, timeout=20_000)
    popup = page.candidates
    assert isinstance(popup, CandidatePopup) and popup.count() == 3
    assert QApplication.focusWidget() is popup
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    settled(qtbot, page)
    assert cell(page, 0, "code") == f"{catalogue['tag']}-F1"
    assert cell(page, 0, "amount") == "¥61.00"
    assert page.candidates is None and page.grid.hasFocus()
    assert current(page) == (1, "code")
    # Esc leaves the list: the line says what to do
    scan(qtbot, f"{catalogue['tag']}-F")
    qtbot.waitUntil(lambda: page.candidates is not None, timeout=20_000)
    press(qtbot, Qt.Key.Key_Escape)
    assert page.candidates is None and page.grid.hasFocus()
    assert cell(page, 1, "name") == "Choose an item from the list, or type its code."


# -- typing a line -----------------------------------------------------------------------------

def test_keyboard_entry_moves_right_and_totals_follow(
        qtbot: QtBot, login: Login, catalogue: Catalogue) -> None:
    database, session = login(["stock.post"])
    page = make_editor(qtbot, database, session)
    start_typing_lines(qtbot, page)
    scan(qtbot, catalogue["compressor_code"])
    assert current(page) == (0, "quantity")
    type_keys(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return)
    assert current(page) == (0, "price")
    type_keys(qtbot, "12.5")
    press(qtbot, Qt.Key.Key_Tab)
    assert current(page) == (1, "code")
    settled(qtbot, page)
    assert cell(page, 0, "quantity") == "3"
    assert cell(page, 0, "price") == "¥12.50"
    assert cell(page, 0, "amount") == "¥37.50"
    assert "Quantity 3" in page.totals_label.text() and "¥37.50" in page.totals_label.text()

    scan(qtbot, catalogue["capacitor_code"])
    type_keys(qtbot, "2")
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, "0.3333")  # a unit cost with 4 decimals
    press(qtbot, Qt.Key.Key_Return)
    settled(qtbot, page)
    assert cell(page, 1, "price") == "¥0.3333"
    assert cell(page, 1, "amount") == "¥0.67"
    assert "Amount ¥38.17" in page.totals_label.text()

    # a wrong quantity stays in its cell with the reason and counts nothing
    page.grid.go_to(at(page, 0, "quantity"))
    type_keys(qtbot, "2.5")
    press(qtbot, Qt.Key.Key_Return)
    assert cell(page, 0, "quantity") == "2.5"
    quantity = at(page, 0, "quantity")
    assert quantity.data(Qt.ItemDataRole.ToolTipRole) == "Enter a whole number."
    assert cell(page, 0, "amount") == ""
    assert "Quantity 2" in page.totals_label.text()
    page.grid.go_to(quantity)
    type_keys(qtbot, "-1")
    press(qtbot, Qt.Key.Key_Return)
    assert quantity.data(Qt.ItemDataRole.ToolTipRole) == "The quantity cannot be negative."
    page.grid.go_to(quantity)
    type_keys(qtbot, "4")
    press(qtbot, Qt.Key.Key_Return)
    assert quantity.data(Qt.ItemDataRole.ToolTipRole) is None
    assert "Amount ¥50.67" in page.totals_label.text()

    # hiding sensitive data (Ctrl+H in the main window) masks costs, not quantities
    page.set_sensitive_hidden(True)
    assert (cell(page, 0, "price"), cell(page, 0, "amount")) == ("****", "****")
    assert cell(page, 0, "quantity") == "4"
    assert "Amount ****" in page.totals_label.text() and "Quantity 6" in (
        page.totals_label.text())
    page.set_sensitive_hidden(False)
    assert cell(page, 0, "price") == "¥12.50"

    # Delete removes the current line; Ctrl+Z brings it back where it was
    page.grid.go_to(at(page, 0, "name"))
    press(qtbot, Qt.Key.Key_Delete)
    assert len(page.lines.lines()) == 1
    assert cell(page, 0, "code") == catalogue["capacitor_code"]
    assert "Amount ¥0.67" in page.totals_label.text()
    assert "Ctrl+Z" in page.line_message.text()
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [cell(page, r, "code") for r in (0, 1)] == [catalogue["compressor_code"],
                                                       catalogue["capacitor_code"]]
    assert "Amount ¥50.67" in page.totals_label.text()
    # the empty line at the end is not a line and cannot be deleted
    page.grid.go_to_new_line()
    press(qtbot, Qt.Key.Key_Delete)
    assert len(page.lines.lines()) == 2


def test_enter_walks_the_header_then_the_lines(
        qtbot: QtBot, login: Login, catalogue: Catalogue) -> None:
    database, session = login(["stock.post"])
    page = make_editor(qtbot, database, session)
    qtbot.waitUntil(lambda: page.header.widgets["warehouse"].hasFocus())  # a new document
    order = []
    for _ in range(4):
        focused = QApplication.focusWidget()
        assert focused is not None
        order.append(focused.objectName())
        if focused.objectName() == "header_remarks":
            type_keys(qtbot, "urgent")
        press(qtbot, Qt.Key.Key_Return)
    assert order == ["header_warehouse", "header_supplier", "header_date", "header_remarks"]
    assert page.grid.hasFocus() and current(page) == (0, "code")
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is page.header.widgets["remarks"]
    assert page.document().header["remarks"] == "urgent"
    assert page.has_unsaved_changes()


# -- posting -------------------------------------------------------------------------------------

def _fill_two_lines(qtbot: QtBot, page: DocumentEditor, catalogue: Catalogue) -> None:
    combo = warehouse_combo(page)
    combo.setCurrentIndex(combo.findData(catalogue["warehouse"]))
    start_typing_lines(qtbot, page)
    for code, quantity, price in ((catalogue["compressor_code"], "2", "400"),
                                  (catalogue["capacitor_code"], "10", "1.25")):
        scan(qtbot, code)
        type_keys(qtbot, quantity)
        press(qtbot, Qt.Key.Key_Return)
        type_keys(qtbot, price)
        press(qtbot, Qt.Key.Key_Return)
    settled(qtbot, page)


def test_post_sends_the_document_and_shows_it_posted(
        qtbot: QtBot, login: Login, catalogue: Catalogue,
        monkeypatch: pytest.MonkeyPatch) -> None:
    questions: list[str] = []
    monkeypatch.setattr(editor, "ask", answering(questions, True))
    database, session = login(["stock.post"])
    server = RecordingServer()
    page = make_editor(qtbot, database, session, server=server)
    assert page.title.text().endswith("New document")
    assert page.badge.text() == "Draft"
    _fill_two_lines(qtbot, page, catalogue)
    announced: list[Changes] = []
    hub().did_execute.connect(lambda changes, _origin: announced.append(changes))

    press(qtbot, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: page.current.state == "posted", timeout=20_000)
    assert len(questions) == 1 and "Post this document" in questions[0]
    [sent] = server.submissions
    assert sent.action == "post" and sent.operation_id
    assert sent.document.header["warehouse"] == catalogue["warehouse"]
    assert sent.document.header["date"] == date.today()
    assert [(line.item_id, line.values["quantity"], line.values["price"])
            for line in sent.document.lines] == [
        (catalogue["items"]["compressor"], Decimal(2), Decimal("400.0000")),
        (catalogue["items"]["capacitor"], Decimal(10), Decimal("1.2500"))]
    assert announced and announced[-1].touches("stock")
    # posted: numbered, read-only, its actions are cancel and print
    assert page.current.number is not None and page.current.number in page.title.text()
    assert page.badge.text() == "Posted"
    assert "测试操作员" in page.state_info.text()
    assert page.lines.rowCount() == 2  # no empty line to type into
    assert not page.lines.flags(page.lines.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    assert page.save_button.isHidden() and page.amend_button.isHidden()
    assert page.transition_buttons["post"].isHidden()
    assert not page.transition_buttons["cancel"].isHidden()
    assert not page.has_unsaved_changes()
    assert "¥812.50" in page.totals_label.text()
    press(qtbot, Qt.Key.Key_F9)  # posting a posted document does nothing
    qtbot.wait(100)
    assert len(server.submissions) == 1


def test_refusal_naming_line_two_lands_on_line_two(
        qtbot: QtBot, login: Login, catalogue: Catalogue,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor, "ask", lambda _p, _q: True)
    database, session = login(["stock.post"])
    page = make_editor(qtbot, database, session, post=refuse_line_two)
    _fill_two_lines(qtbot, page, catalogue)
    page.grid.go_to(page.lines.index(0, 0))
    page.run_transition("post")
    qtbot.waitUntil(lambda: page.summary.text().startswith("Line 2"), timeout=20_000)
    assert current(page) == (1, "quantity")
    quantity = at(page, 1, "quantity")
    assert quantity.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert at(page, 0, "quantity").data(
        Qt.ItemDataRole.BackgroundRole) is None
    assert page.current.state == "draft" and page.badge.text() == "Draft"
    assert page.save_button.isEnabled()
    assert "insufficient" not in page.summary.text()  # no raw database text
    # typing on the line clears its mark
    page.grid.go_to(quantity)
    type_keys(qtbot, "1")
    press(qtbot, Qt.Key.Key_Return)
    assert quantity.data(Qt.ItemDataRole.BackgroundRole) is None


def test_nothing_is_sent_while_a_line_is_incomplete(
        qtbot: QtBot, login: Login, catalogue: Catalogue,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor, "ask", lambda _p, _q: True)
    database, session = login(["stock.post"])
    server = RecordingServer()
    page = make_editor(qtbot, database, session, server=server)
    start_typing_lines(qtbot, page)
    scan(qtbot, catalogue["compressor_code"])
    press(qtbot, Qt.Key.Key_Return)  # quantity 1 stays
    press(qtbot, Qt.Key.Key_Return)  # no unit cost
    settled(qtbot, page)
    page.run_transition("post")
    qtbot.wait(100)
    assert server.submissions == []
    assert page.feedback.invalid_fields() == ["warehouse"]
    assert "Line 1: This field is required." in page.summary.text()
    price = at(page, 0, "price")
    assert price.data(Qt.ItemDataRole.ToolTipRole) == "This field is required."
    page.save()
    assert server.submissions == []


def test_save_numbers_the_document_and_retries_reuse_the_operation_id(
        qtbot: QtBot, login: Login, catalogue: Catalogue,
        monkeypatch: pytest.MonkeyPatch) -> None:
    database, session = login(["stock.post"])
    server = RecordingServer()
    attempts: list[Submission] = []

    def save_stale_once(conn: Connection, submission: Submission) -> Document:
        attempts.append(submission)
        if len(attempts) == 1:
            raise StaleDocument(who="王芳", when="2026-12-01 10:00")
        return RecordingServer.save(server, conn, submission)

    server.save = save_stale_once  # type: ignore[method-assign]
    page = make_editor(qtbot, database, session, server=server)
    _fill_two_lines(qtbot, page, catalogue)
    questions: list[str] = []
    monkeypatch.setattr(editor, "ask", answering(questions, False))

    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(questions), timeout=20_000)
    assert "王芳" in questions[0] and "Reload" in questions[0]
    assert page.has_unsaved_changes() and page.current.id is None
    page.save()
    qtbot.waitUntil(lambda: page.current.id is not None, timeout=20_000)
    assert len(attempts) == 2
    assert attempts[0].operation_id == attempts[1].operation_id  # the same content again
    assert page.current.number is not None and page.current.number in page.title.text()
    assert page.badge.text() == "Draft" and page.summary.text() == "Saved."
    assert not page.has_unsaved_changes()
    # changed content is a new operation
    page.grid.go_to(at(page, 0, "quantity"))
    type_keys(qtbot, "7")
    press(qtbot, Qt.Key.Key_Return)
    page.save()
    qtbot.waitUntil(lambda: len(attempts) == 3 and running_tasks() == 0, timeout=20_000)
    assert attempts[2].operation_id != attempts[1].operation_id
    assert attempts[2].document.id == page.current.id


# -- who may change a posted document -------------------------------------------------------------

def _posted(catalogue: Catalogue) -> Document:
    return Document("stock_receipt", {"warehouse": catalogue["warehouse"],
                                      "date": date(2026, 12, 1), "supplier": "杭州某某电器"},
                    (DocumentLine({"code": catalogue["compressor_code"], "name": "压缩机 1.5P",
                                   "quantity": Decimal(2), "price": Decimal("400.0000")},
                                  catalogue["items"]["compressor"], line_id=1),),
                    state="posted", id=77, number="RK2026-000077", version=3)


def test_posted_documents_are_read_only_without_edit_posted(
        qtbot: QtBot, login: Login, catalogue: Catalogue) -> None:
    database, session = login(["stock.post"])
    page = make_editor(qtbot, database, session, document=_posted(catalogue))
    assert page.amend_button.isHidden() and page.save_button.isHidden()
    assert page.lines.rowCount() == 1
    page.grid.go_to(at(page, 0, "quantity"))
    page.grid.setFocus()
    type_keys(qtbot, "5")
    press(qtbot, Qt.Key.Key_Delete)
    assert cell(page, 0, "quantity") == "2" and len(page.lines.lines()) == 1
    assert not page.has_unsaved_changes()


def test_edit_posted_capability_changes_a_posted_document(
        qtbot: QtBot, login: Login, catalogue: Catalogue) -> None:
    database, session = login(["stock.post", "stock.edit_posted"])
    server = RecordingServer()
    page = make_editor(qtbot, database, session, server=server, document=_posted(catalogue))
    # the choices arrived after the document: its warehouse is still shown
    assert warehouse_combo(page).currentData() == catalogue["warehouse"]
    assert not page.has_unsaved_changes()
    assert not page.amend_button.isHidden()
    page.amend_button.click()
    assert page.badge.text() == "Being changed"
    assert not page.save_button.isHidden()
    assert page.transition_buttons["cancel"].isHidden()
    page.grid.go_to(at(page, 0, "quantity"))
    type_keys(qtbot, "5")
    press(qtbot, Qt.Key.Key_Return)
    assert "Quantity 5" in page.totals_label.text()
    page.save()
    qtbot.waitUntil(lambda: bool(server.submissions), timeout=20_000)
    [sent] = server.submissions
    assert sent.action == "save" and sent.document.state == "posted"
    assert sent.document.id == 77 and sent.document.version == 3
    assert sent.document.lines[0].values["quantity"] == Decimal(5)
    qtbot.waitUntil(lambda: page.current.version == 4, timeout=20_000)
    assert page.badge.text() == "Posted" and page.save_button.isHidden()


# -- unsaved work and closed editors ---------------------------------------------------------------

def test_discard_question_and_print_hook(
        qtbot: QtBot, login: Login, catalogue: Catalogue,
        monkeypatch: pytest.MonkeyPatch) -> None:
    database, session = login(["stock.post"])
    printed: list[Document] = []
    page = make_editor(qtbot, database, session, print_document=printed.append)
    start_typing_lines(qtbot, page)
    scan(qtbot, catalogue["compressor_code"])
    settled(qtbot, page)
    assert page.has_unsaved_changes()
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed == [] and "Save the document" in page.summary.text()
    asked: list[str] = []

    def answer(_parent: Any, _title: str, question: str) -> QMessageBox.StandardButton:
        asked.append(question)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert not page.new_document({"date": date(2026, 12, 1)})
    assert asked and len(page.lines.lines()) == 1
    page.set_document(_posted(catalogue))
    page.print_current()
    assert [d.number for d in printed] == ["RK2026-000077"]


def test_a_closed_editor_drops_late_answers(
        qtbot: QtBot, login: Login, catalogue: Catalogue) -> None:
    database, session = login(["stock.post"])
    asked: list[str] = []

    def slow_lookup(conn: Connection, code: str) -> ItemLookup:
        asked.append(code)
        conn.execute(text("SELECT pg_sleep(0.4)"))
        return find_items(conn, code)

    answered: list[Any] = []

    class WatchedEditor(DocumentEditor):
        def _looked_up(self, key: int, code: str, answer: ItemLookup) -> None:
            answered.append(answer)
            super()._looked_up(key, code, answer)

    services = DocumentServices(lookup=slow_lookup, save=RecordingServer().save)
    page = WatchedEditor(SCANNING, services, database, session)
    page.resize(900, 500)
    page.show()
    qtbot.waitExposed(page)
    start_typing_lines(qtbot, page)
    scan(qtbot, catalogue["compressor_code"])
    qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
    page.close()
    page.deleteLater()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)
    qtbot.wait(50)
    assert answered == []
