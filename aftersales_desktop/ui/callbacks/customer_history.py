"""A customer's history (客户历史): tickets, parts pre-orders, callbacks (with their
survey's scores), complaints and inquiries together, newest first (app.customer_history:
one round trip per page or filter).

`CustomerHistoryPanel(database, session, parent=...)` with `.show_customer(id)` is
embedded in the Customers page; `open_customer_history(window, customer_id)` shows it in
a dialog (the ticket tab, the complaint dialog). Enter or a double-click opens a row's
ticket (the main window's open_ticket) or its complaint (`complaint_requested`, and the
main window's open_complaint when it has one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain import complaints
from aftersales_desktop.domain.callbacks import (
    QUESTION_LABELS,
    TASK_KINDS,
    TASK_STATES,
    question_label,
)
from aftersales_desktop.domain.inquiries import HISTORY_KIND, HISTORY_KINDS, OUTCOMES
from aftersales_desktop.domain.tickets import PREORDER_STATES, STATUSES
from aftersales_desktop.services.callbacks.inquiries import (
    HISTORY_PAGE,
    CustomerHistory,
    HistoryRow,
    customer_history,
)
from aftersales_desktop.services.session import OperatorSession

from ..i18n import tr
from ..messages import error_text
from ..operations import QueryOp, on_did_execute

HEADERS = (QT_TR_NOOP("Time"), QT_TR_NOOP("Kind"), QT_TR_NOOP("Number"),
           QT_TR_NOOP("Summary", "of a history row"), QT_TR_NOOP("State"), QT_TR_NOOP("Detail"))
ROW_ROLE = Qt.ItemDataRole.UserRole
# what a history row's state reads as, by kind
STATE_LABELS: dict[str, Any] = {"ticket": STATUSES, "preorder": PREORDER_STATES,
                                "callback": TASK_STATES, "complaint": complaints.STATES,
                                "inquiry": OUTCOMES}
COMPLAINT_COLOUR = "#a8071a"
# entities whose writes may change a history on screen
WATCHED = ("ticket", "preorder", "customer", "inquiry", "callback", "survey", "complaint")


def _label(table: Any, code: str) -> str:
    label = table.get(code) if hasattr(table, "get") else None
    return tr(label) if label else code


def row_texts(row: HistoryRow) -> list[str]:
    """The cells of one history row, as the operator reads them."""
    summary, detail = row.summary, row.detail
    if row.kind == "callback":
        summary = _label(TASK_KINDS, row.summary)
        scores = row.extra.get("scores") or []
        if scores:
            # a seeded question in the operator's language, the shop's own as typed
            detail = "  ".join(
                f"{tr(question_label(str(s.get('code')), str(s.get('label') or '')))} "
                f"{s.get('score')}" for s in scores)
    elif row.kind == "complaint":
        detail = _label(complaints.SEVERITIES, row.detail)
        # a low score's summary names the seeded questions by their English labels
        for english in QUESTION_LABELS.values():
            summary = summary.replace(english, tr(english))
    return [shop_time.format_datetime(row.at) if row.at else "", tr(HISTORY_KIND[row.kind]),
            row.number, summary, _label(STATE_LABELS.get(row.kind, {}), row.state), detail]


def main_window(widget: QWidget | None) -> Any:
    """The nearest widget up the parents that opens tickets (the main window)."""
    while widget is not None:
        if hasattr(widget, "open_ticket"):
            return widget
        widget = widget.parentWidget()
    return None


class CustomerHistoryPanel(QWidget):
    """One customer's history, filtered by kind on the server, a page at a time."""

    ticket_requested = Signal(int)
    complaint_requested = Signal(int)
    loaded = Signal(object)  # CustomerHistory

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.customer_id: int | None = None
        self.kind: str | None = None  # None: every kind
        self.rows: list[HistoryRow] = []
        self.history: CustomerHistory | None = None
        self._build()
        on_did_execute(self, self._changed)

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("history_title")
        self.filters = QButtonGroup(self)
        self.filters.setExclusive(True)
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        self.filter_buttons: dict[str | None, QPushButton] = {}
        for kind in (None, *HISTORY_KINDS):
            button = QPushButton()
            button.setObjectName(f"history_filter_{kind or 'all'}")
            button.setCheckable(True)
            button.setFlat(True)
            button.clicked.connect(lambda _checked=False, k=kind: self.set_kind(k))
            self.filters.addButton(button)
            self.filter_buttons[kind] = button
            bar.addWidget(button)
        self.filter_buttons[None].setChecked(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("history_table")
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((130, 70, 130, 220, 90)):
            self.table.setColumnWidth(column, width)
        self.table.itemActivated.connect(lambda item: self.open_row(item.row()))
        self.table.installEventFilter(self)
        self.more = QPushButton(tr("Show more"))
        self.more.setObjectName("history_more")
        self.more.clicked.connect(self.load_more)
        self.more.hide()
        self.message = QLabel()
        self.message.setObjectName("history_message")
        footer = QHBoxLayout()
        footer.addWidget(self.message, 1)
        footer.addWidget(self.more)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self._label_filters({})

    def _label_filters(self, counts: dict[str, int]) -> None:
        total = sum(counts.values())
        self.filter_buttons[None].setText(tr("All ({n})").format(n=total))
        for kind, label in HISTORY_KINDS.items():
            self.filter_buttons[kind].setText(f"{tr(label)} ({counts.get(kind, 0)})")

    # -- loading --------------------------------------------------------------------
    def show_customer(self, customer_id: int | None) -> None:
        """Show this customer's history (None: nobody's)."""
        self.customer_id = customer_id
        self.rows = []
        self.table.setRowCount(0)
        if customer_id is None:
            self.history = None
            self.title.clear()
            self._label_filters({})
            self.message.clear()
            self.more.hide()
            return
        self._load(offset=0)

    def set_kind(self, kind: str | None) -> None:
        self.kind = kind
        self.filter_buttons[kind].setChecked(True)
        if self.customer_id is not None:
            self.rows = []
            self._load(offset=0)

    def refresh(self) -> None:
        if self.customer_id is not None:
            self.rows = []
            self._load(offset=0)

    def load_more(self) -> None:
        if self.customer_id is not None:
            self._load(offset=len(self.rows))

    def _load(self, *, offset: int) -> None:
        customer_id, kinds = self.customer_id, [self.kind] if self.kind else None
        assert customer_id is not None
        QueryOp(parent=self, database=self.database,
                op=lambda conn: customer_history(conn, customer_id, kinds=kinds, offset=offset,
                                                 limit=HISTORY_PAGE),
                success=lambda found: self._show(found, customer_id, offset)).failure(
                    self._failed).with_progress().run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))
        self.message.setStyleSheet(f"color: {COMPLAINT_COLOUR};")

    def _show(self, found: CustomerHistory, customer_id: int, offset: int) -> None:
        if customer_id != self.customer_id or offset != len(self.rows):
            return  # another customer or filter was asked for meanwhile
        self.history = found
        if offset == 0:
            self.table.setRowCount(0)
        self.title.setText(tr("History of {name}").format(name=found.customer_name))
        self._label_filters(dict(found.counts))
        for row in found.rows:
            self._add_row(row)
        self.rows.extend(found.rows)
        self.more.setVisible(len(self.rows) < found.total)
        self.message.setStyleSheet("")
        self.message.setText(tr("{shown} of {total}").format(shown=len(self.rows),
                                                              total=found.total)
                             if found.total else tr("Nothing recorded for this customer yet."))
        self.loaded.emit(found)

    def _add_row(self, row: HistoryRow) -> None:
        index = self.table.rowCount()
        self.table.insertRow(index)
        for column, text in enumerate(row_texts(row)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if column == 0:
                item.setData(ROW_ROLE, row)
            if row.kind == "complaint":
                item.setForeground(QColor(COMPLAINT_COLOUR))
            self.table.setItem(index, column, item)

    def _changed(self, changes: Any, _source: Any) -> None:
        if self.customer_id is not None and changes.touches(*WATCHED):
            self.refresh()

    # -- opening a row --------------------------------------------------------------
    def row_at(self, index: int) -> HistoryRow | None:
        item = self.table.item(index, 0)
        found = item.data(ROW_ROLE) if item is not None else None
        return found if isinstance(found, HistoryRow) else None

    def open_row(self, index: int) -> None:
        """A complaint opens the complaint, any other row its ticket (if it has one)."""
        row = self.row_at(index)
        if row is None:
            return
        window = main_window(self)
        if row.kind == "complaint":
            self.complaint_requested.emit(row.id)
            opener: Callable[[int], Any] | None = getattr(window, "open_complaint", None)
            if opener is not None:
                opener(row.id)
        elif row.ticket_id is not None:
            self.ticket_requested.emit(row.ticket_id)
            if window is not None:
                window.open_ticket(row.ticket_id)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if (watched is self.table and isinstance(event, QKeyEvent)
                and event.type() == QKeyEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.open_row(self.table.currentRow())
            return True
        return super().eventFilter(watched, event)


class CustomerHistoryDialog(QDialog):
    """The panel on its own, beside the ticket or the complaint it was opened from."""

    def __init__(self, database: Database, session: OperatorSession, customer_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Customer history"))
        self.resize(900, 480)
        self.panel = CustomerHistoryPanel(database, session, parent=self)
        self.panel.loaded.connect(lambda found: self.setWindowTitle(
            tr("History of {name}").format(name=found.customer_name)))
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.panel.show_customer(customer_id)


def open_customer_history(window: QWidget, customer_id: int) -> CustomerHistoryDialog:
    """Show the customer's history in a dialog over `window` (not modal: a ticket opened
    from it comes up beside it). `window` is the main window or any widget under it."""
    main: Any = main_window(window) or window.window()
    dialog = CustomerHistoryDialog(main.database, main.session, customer_id, parent=main)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
