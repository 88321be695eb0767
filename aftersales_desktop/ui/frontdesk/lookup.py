"""Looking up a returning customer by phone, name or serial, by keyboard first.

Typing looks the customer up (one round trip per pause); the matches appear under the
search box, each row whole. Down (or Tab) goes into the list, Up/Down move in it, Enter
picks, Esc closes it; Up on the first row goes back to typing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from aftersales_desktop.core.db import Database
from aftersales_desktop.services.lookup import CustomerMatch, lookup_customers

from ..field_limits import limit_search
from ..i18n import tr
from ..messages import error_text
from ..operations import QueryOp

MATCH_ROWS = 6  # rows shown at once; more scroll
PAUSE_MS = 300


class CustomerLookup(QObject):
    """The search box and its list of matches (laid out by the owner); `picked` says
    which customer the operator chose."""

    picked = Signal(object)  # CustomerMatch

    def __init__(self, database: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self.database = database
        self.owner = parent
        self.search = limit_search(QLineEdit())
        self.search.setPlaceholderText(tr("Phone, name or serial of a returning customer"))
        self.search.setProperty("keep_enter", True)
        self.matches = QListWidget()
        self.matches.setUniformItemSizes(True)
        # a long row is cut at its end (the tooltip has it whole), never by a scroll bar
        self.matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches.hide()
        self._timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._timer.timeout.connect(self.look_up)
        self.search.textEdited.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self.look_up)
        self.matches.itemActivated.connect(self._pick)
        self.matches.itemClicked.connect(self._pick)
        self.search.installEventFilter(self)
        self.matches.installEventFilter(self)

    def look_up(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        if len(text) < 2:
            self.matches.hide()
            return
        QueryOp(parent=self.owner, database=self.database,
                op=lambda conn: lookup_customers(conn, text),
                success=self.show_matches).failure(self._failed).run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self.show_rows([], error_text(exc))

    def show_matches(self, matches: list[CustomerMatch]) -> None:
        self.show_rows(matches, tr("No returning customer found: enter a new one below."))

    def show_rows(self, matches: list[CustomerMatch], empty_text: str) -> None:
        self.matches.clear()
        for match in matches:
            devices = "、".join(f"{d.product}{d.brand}{d.model}" for d in match.devices[:3])
            item = QListWidgetItem(f"{match.name}  {' / '.join(match.phones)}  {devices}")
            item.setData(Qt.ItemDataRole.UserRole, match)
            item.setToolTip(item.text())
            self.matches.addItem(item)
        if not matches:
            self.matches.addItem(empty_text)
        for row in range(self.matches.count()):
            self.matches.item(row).setSizeHint(QSize(-1, self._row_height()))
        self._fit()
        self.matches.show()

    def has_matches(self) -> bool:
        return any(isinstance(self.matches.item(row).data(Qt.ItemDataRole.UserRole),
                              CustomerMatch) for row in range(self.matches.count()))

    def close(self) -> None:
        self.matches.hide()

    def _row_height(self) -> int:
        return self.matches.fontMetrics().height() + 6

    def _fit(self) -> None:
        """As tall as its rows (up to MATCH_ROWS; every row the same height), so no row
        is cut in half."""
        rows = min(max(self.matches.count(), 1), MATCH_ROWS)
        self.matches.setFixedHeight(rows * self._row_height() + 2 * self.matches.frameWidth())

    def _pick(self, item: QListWidgetItem) -> None:
        match = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(match, CustomerMatch):
            self.matches.hide()
            self.picked.emit(match)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key, matches = event.key(), self.matches
        if watched is self.search:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Tab) and matches.isVisible() \
                    and self.has_matches():
                matches.setFocus(Qt.FocusReason.TabFocusReason)
                matches.setCurrentRow(max(matches.currentRow(), 0))
                return True
            if key == Qt.Key.Key_Escape and matches.isVisible():
                matches.hide()
                return True
        elif watched is matches:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = matches.currentItem()
                if item is not None:
                    self._pick(item)
                return True
            if key == Qt.Key.Key_Escape or (key == Qt.Key.Key_Up and matches.currentRow() <= 0):
                if key == Qt.Key.Key_Escape:
                    matches.hide()
                self.search.setFocus()
                return True
        return False
