"""The stock screens built on the shared list view: balances, stock card, documents.

Each is a `ListView` (full-field filter, column filters, summary, Excel export) with a
bar of the actions that belong to it; which list source is shown depends on costs.view
(data/stock_lists.py: a list naming a cost column is refused without it).

- Balances: one row per item x warehouse; rows under the item's minimum stock are red.
  Enter or a double-click opens the row's stock card; labels print for the selection.
- Stock card: the item's ledger in that warehouse, oldest first, with the running balance.
- Documents: every stock document; Enter opens it; "New" starts a document of a kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.data.listing import ListSource
from aftersales_desktop.data.stock_lists import (
    balances_source,
    documents_source,
    stock_card_source,
)
from aftersales_desktop.services.session import OperatorSession

from ..i18n import tr
from ..listview.model import RAW_ROLE
from ..listview.widget import ListView
from . import printing
from .specs import COSTS_CAPABILITY, DOCUMENT_KINDS, KIND_TITLES, POST_CAPABILITY

BELOW_MIN_TEXT = QColor("#a8071a")
BELOW_MIN_BACKGROUND = QColor("#fff1f0")

MakeList = Callable[[ListSource], ListView]


def parse_balance_key(key: Any) -> tuple[int, int]:
    """(item id, warehouse id) of a balance row's key ("item_id/warehouse_id")."""
    item, _, warehouse = str(key).partition("/")
    return int(item), int(warehouse)


class BelowMinimumDelegate(QStyledItemDelegate):
    """Paints a whole row red when its "below minimum" column says so."""

    def __init__(self, flag_column: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flag_column = flag_column

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if index.model().index(index.row(), self.flag_column).data(RAW_ROLE):
            option.palette.setColor(option.palette.ColorRole.Text, BELOW_MIN_TEXT)
            option.backgroundBrush = QBrush(BELOW_MIN_BACKGROUND)


def _bar(*widgets: QWidget) -> QHBoxLayout:
    bar = QHBoxLayout()
    bar.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        bar.addWidget(widget)
    bar.addStretch(1)
    return bar


def _button(text: str, name: str, slot: Callable[[], None]) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setObjectName(name)
    button.clicked.connect(lambda _checked=False: slot())
    return button


class ListPage(QWidget):
    """A list with a bar of actions above it; Print (Ctrl+P) prints what the list shows."""

    def __init__(self, database: Database, view: ListView, *actions: QWidget,
                 title: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.list = view
        view.setParent(self)
        self.print_button = _button(tr("Print (Ctrl+P)"), "print_list", self.print_list)
        shortcut = QAction(self)
        shortcut.setShortcut(QKeySequence("Ctrl+P"))
        shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.triggered.connect(lambda _c=False: self.print_list())
        self.addAction(shortcut)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if title is not None:
            layout.addWidget(title)
        layout.addLayout(_bar(*actions, self.print_button))
        layout.addWidget(view, 1)

    def refresh(self) -> None:
        self.list.refresh()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.list.set_sensitive_hidden(hidden)

    def print_list(self) -> None:
        printing.preview_list(self, self.database, self.list)


class BalancesPage(ListPage):
    """Stock balances by warehouse, item and category; below-minimum rows highlighted."""

    open_card = Signal(int, int, str)  # item id, warehouse id, tab title

    def __init__(self, database: Database, session: OperatorSession, make_list: MakeList, *,
                 parent: QWidget | None = None) -> None:
        source = balances_source(session.can(COSTS_CAPABILITY))
        self.card_button = _button(tr("Stock card"), "stock_card", self.open_current_card)
        self.labels_button = _button(tr("Print labels"), "print_labels", self.print_labels)
        super().__init__(database, make_list(source), self.card_button, self.labels_button,
                         parent=parent)
        self.delegate = BelowMinimumDelegate(source.index_of("below_minimum"), self.list.table)
        self.list.table.setItemDelegate(self.delegate)
        self.list.activated.connect(self._open_card_for_key)

    def _row_title(self, row: int) -> str:
        source = self.list.source
        values = self.list.model.row_values(row)
        return "{code} {name} - {warehouse}".format(
            code=values[source.index_of("code")], name=values[source.index_of("name")],
            warehouse=values[source.index_of("warehouse")])

    def _open_card_for_key(self, key: Any) -> None:
        row = self.list.table.currentIndex().row()  # Enter / double-click: the current row
        item_id, warehouse_id = parse_balance_key(key)
        self.open_card.emit(item_id, warehouse_id, self._row_title(row))

    def open_current_card(self) -> None:
        index = self.list.table.currentIndex()
        if index.isValid():
            self._open_card_for_key(self.list.model.key_at(index.row()))

    def selected_items(self) -> list[int]:
        rows = sorted({i.row() for i in self.list.table.selectionModel().selectedRows()})
        if not rows and self.list.table.currentIndex().isValid():
            rows = [self.list.table.currentIndex().row()]
        items: list[int] = []
        for row in rows:
            item_id, _warehouse = parse_balance_key(self.list.model.key_at(row))
            if item_id not in items:
                items.append(item_id)
        return items

    def print_labels(self) -> None:
        """One label for each selected item (the part's barcode, else its code)."""
        items = self.selected_items()
        if items:
            printing.preview_labels(self, self.database, [(i, 1) for i in items])


class StockCardPage(ListPage):
    """One item's ledger in one warehouse: every move, oldest first, and the balance."""

    def __init__(self, database: Database, item_id: int, warehouse_id: int, title: str,
                 session: OperatorSession, make_list: MakeList, *,
                 parent: QWidget | None = None) -> None:
        source = stock_card_source(item_id, warehouse_id=warehouse_id,
                                   can_see_costs=session.can(COSTS_CAPABILITY))
        self.item_id, self.warehouse_id = item_id, warehouse_id
        self.title = QLabel(title)
        self.title.setObjectName("stock_card_title")
        self.title.setStyleSheet("font-weight: bold;")
        super().__init__(database, make_list(source), title=self.title, parent=parent)
        # one item in one warehouse: the title says which, its columns need not
        for key in ("warehouse", "code", "name"):
            if any(c.key == key for c in source.columns):
                self.list.set_column_visible(source.index_of(key), False)


class DocumentsPage(ListPage):
    """Every stock document; Enter opens one, "New" starts one of the chosen kind."""

    open_document = Signal(object, str)  # document id (None: a new one), kind

    def __init__(self, database: Database, session: OperatorSession, make_list: MakeList, *,
                 parent: QWidget | None = None) -> None:
        self.new_button = QPushButton(tr("New document"))
        self.new_button.setObjectName("new_document")
        menu = QMenu(self.new_button)
        for kind in DOCUMENT_KINDS:
            action = menu.addAction(tr(KIND_TITLES[kind]))
            action.setObjectName(f"new_{kind}")
            action.triggered.connect(lambda _c=False, k=kind: self.open_document.emit(None, k))
        self.new_button.setMenu(menu)
        super().__init__(database, make_list(documents_source(session.can(COSTS_CAPABILITY))),
                         self.new_button, parent=parent)
        self.new_button.setVisible(session.can(POST_CAPABILITY))
        self.list.activated.connect(self._open_key)

    def _open_key(self, key: Any) -> None:
        index = self.list.table.currentIndex()
        kind_column = self.list.source.index_of("kind")
        kind = str(self.list.model.row_values(index.row())[kind_column]) if index.isValid() \
            else ""
        if kind:
            self.open_document.emit(int(key), kind)
