"""The stocktake sheet walked by keyboard and scanner against the real database: open a
count, scan (continuous: the cursor is on the next line at once), an item not on the
sheet adds a line, stock moves while counting, F9 posts, the one flagged line waits for a
decision while the others posted, and the decision posts it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.ui.documents import editor as editor_module
from aftersales_desktop.ui.modules import MODULES
from aftersales_desktop.ui.stock.stocktake import STOCKTAKE, StocktakePage
from tests.pg import TestCluster
from tests.ui.helpers import OpenAs, operator_sessions

pytestmark = [pytest.mark.gui, pytest.mark.db]

D = Decimal


@pytest.fixture(scope="module")
def count_db(cluster: TestCluster) -> str:
    return cluster.create_database()


@pytest.fixture
def login(qtbot: QtBot, cluster: TestCluster, count_db: str) -> Iterator[OpenAs]:
    yield from operator_sessions(qtbot, cluster, count_db)


class Store:
    """A warehouse with stock, made and moved by the superuser (not on the GUI thread's
    database handle, which the GUI tests forbid)."""

    def __init__(self, cluster: TestCluster, db: str) -> None:
        self.cluster, self.db = cluster, db
        tag = uuid.uuid4().hex[:6].upper()
        self.warehouse = self.one("INSERT INTO app.warehouse (code, name, type) "
                                  "VALUES (%s, '配件库', 'parts') RETURNING id", f"W{tag}")
        self.items: dict[str, int] = {}
        self.barcodes: dict[str, str] = {}
        for key, name in (("compressor", "压缩机 1.5P"), ("capacitor", "启动电容"),
                          ("fan", "风扇电机"), ("valve", "四通阀")):
            code, barcode = f"{tag}-{key[:3].upper()}", f"69{tag}{len(self.items)}"
            self.items[key] = self.one("INSERT INTO app.item (code, name, barcode) "
                                       "VALUES (%s, %s, %s) RETURNING id", code, name, barcode)
            self.barcodes[key] = barcode
        for key in ("compressor", "capacitor", "fan"):
            self.move("other_receipt", key, "5", "10.00")

    def one(self, statement: str, *params: Any) -> Any:
        return self.cluster.execute(self.db, statement, params)[0][0]

    def move(self, kind: str, key: str, quantity: str, cost: str | None = None) -> None:
        payload = {"operation_id": str(uuid.uuid4()), "kind": kind,
                   "warehouse_id": self.warehouse, "reason": "测试",
                   "lines": [{"item_id": self.items[key], "quantity": quantity,
                              "unit_cost": cost}]}
        self.one("SELECT app.stock_document_post(%s::jsonb)", json.dumps(payload))

    def balance(self, key: str) -> Decimal:
        rows = self.cluster.execute(self.db, "SELECT quantity FROM app.stock_balance WHERE "
                                    "item_id = %s AND warehouse_id = %s",
                                    (self.items[key], self.warehouse))
        return rows[0][0] if rows else D(0)


def _type(qtbot: QtBot, keys: str) -> None:
    for key in keys:
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, key)
        QApplication.processEvents()


def _scan(qtbot: QtBot, code: str) -> None:
    _type(qtbot, code)
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    QApplication.processEvents()


def _settled(qtbot: QtBot, page: StocktakePage) -> None:
    qtbot.waitUntil(lambda: not page.editor.lines.pending_lookups() and running_tasks() == 0,
                    timeout=20_000)


def _row_of(page: StocktakePage, item_id: int) -> int:
    return next(i for i, row in enumerate(page.editor.lines.rows) if row.item_id == item_id)


def _cell(page: StocktakePage, row: int, key: str) -> str:
    column = page.editor.lines.column_of(key)
    assert column is not None
    return str(page.editor.lines.index(row, column).data())


def test_a_stocktake_with_one_flagged_line(qtbot: QtBot, login: OpenAs, cluster: TestCluster,
                                           count_db: str, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    store = Store(cluster, count_db)
    database, session = login(["stocktake", "stock.post"])
    assert any(m.key == "stocktake" and m.allowed(session.capabilities) for m in MODULES)
    page = StocktakePage(database, session)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)

    page.start(warehouse_id=store.warehouse)
    qtbot.waitUntil(lambda: page.editor.current.id is not None, timeout=20_000)
    sheet = page.editor.current
    assert sheet.state == "open" and (sheet.number or "").startswith("PD")
    assert len(sheet.lines) == 3 and not page.decision_bar.isVisible()
    assert page.editor.grid.hasFocus()

    for key, times in (("compressor", 4), ("capacitor", 5), ("valve", 1)):
        for _ in range(times):
            _scan(qtbot, store.barcodes[key])
            # continuous scanning: the cursor waits on the next line's code at once
            index = page.editor.grid.currentIndex()
            assert STOCKTAKE.columns[index.column()].key == "code"
    _settled(qtbot, page)
    compressor = _row_of(page, store.items["compressor"])
    assert _cell(page, compressor, "counted") == "4"
    assert _cell(page, _row_of(page, store.items["capacitor"]), "counted") == "5"
    valve = _row_of(page, store.items["valve"])  # not on the sheet: a line of its own
    assert _cell(page, valve, "counted") == "1" and _cell(page, valve, "book") == ""
    assert len(page.editor.lines.lines()) == 4

    # while the clerk counts, two capacitors go out to a repair: its count (5) was taken
    # before, so the sheet cannot know which is right
    store.move("other_issue", "capacitor", "2")

    monkeypatch.setattr(editor_module, "ask", lambda _parent, _question: True)
    qtbot.keyClick(page.editor.grid, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: page.editor.current.state == "posted", timeout=20_000)
    _settled(qtbot, page)
    posted = {line.item_id: line.values for line in page.editor.current.lines}
    assert posted[store.items["compressor"]]["status"] == "adjusted"
    assert posted[store.items["capacitor"]]["status"] == "awaiting"
    assert posted[store.items["capacitor"]]["adjustment"] == D(2)
    assert posted[store.items["fan"]]["status"] == "uncounted"
    assert posted[store.items["valve"]]["status"] == "adjusted"
    # the flagged line did not block the others
    assert store.balance("compressor") == D(4) and store.balance("valve") == D(1)
    assert store.balance("capacitor") == D(3) and store.balance("fan") == D(5)
    assert page.decision_bar.isVisible()
    assert page.decision_label.text().startswith("1 lines")
    assert page.editor.badge.text() == "Posted"
    assert not page.editor.lines.editable

    # the clerk looks again: the shelf holds 3, the book is right
    row = _row_of(page, store.items["capacitor"])
    grid = page.editor.grid
    grid.setCurrentIndex(page.editor.lines.index(row, 0))
    grid.selectionModel().select(page.editor.lines.index(row, 0),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.mouseClick(page.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.decision_bar.isVisible(), timeout=20_000)
    _settled(qtbot, page)
    decided = {line.item_id: line.values for line in page.editor.current.lines}
    assert decided[store.items["capacitor"]]["status"] == "kept"
    assert store.balance("capacitor") == D(3)
    assert "0 lines still wait" in page.message.text()


def test_opening_stock_dialog_reports_then_posts_once(
        qtbot: QtBot, login: OpenAs, cluster: TestCluster, count_db: str,
        tmp_path: Any) -> None:
    from openpyxl import load_workbook

    from aftersales_desktop.services.stock.opening_import import OPENING_COLUMNS
    from aftersales_desktop.ui.stock.opening_stock import OpeningStockPage

    tag = uuid.uuid4().hex[:6].upper()
    cluster.execute(count_db, "INSERT INTO app.warehouse (code, name, type) "
                    "VALUES (%s, '期初库', 'parts')", (f"Q{tag}",))
    cluster.execute(count_db, "INSERT INTO app.item (code, name) VALUES (%s, '期初件')",
                    (f"Q{tag}-1",))
    database, _session = login(["stock.post", "costs.view"])
    page = OpeningStockPage(database)
    qtbot.addWidget(page)
    dialog = page.open_dialog()
    template = tmp_path / "opening.xlsx"
    assert dialog.save_template(template)
    book = load_workbook(template)
    sheet = book.worksheets[0]
    assert [cell.value for cell in sheet[1]] == [c.header for c in OPENING_COLUMNS]
    sheet.append([f"Q{tag}", f"Q{tag}-1", "", 6, 2.5])
    sheet.append([f"Q{tag}", "NO-SUCH", "", 1, 1])
    book.save(template)

    dialog.load_file(template)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    assert dialog.errors_table.rowCount() == 1 and not dialog.import_button.isEnabled()
    reason = dialog.errors_table.item(0, 2)
    assert reason is not None and "NO-SUCH" in reason.text()

    sheet.delete_rows(3)
    book.save(template)
    for posted in (1, 0):  # the same workbook twice: the second adds nothing
        dialog.load_file(template)
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
        assert dialog.import_button.isEnabled() == bool(posted)
        if posted:
            dialog.import_button.click()
            qtbot.waitUntil(lambda: dialog.result_counts is not None, timeout=30_000)
            assert dialog.result_counts == {"documents": 1, "lines": 1, "skipped": 0}
        else:
            assert "1 posted already" in dialog.counts_label.text()
    rows = cluster.execute(count_db, "SELECT b.quantity, b.unit_cost FROM app.stock_balance b "
                           "JOIN app.item i ON i.id = b.item_id WHERE i.code = %s",
                           (f"Q{tag}-1",))
    assert rows == [(D("6.00"), D("2.5000"))]
