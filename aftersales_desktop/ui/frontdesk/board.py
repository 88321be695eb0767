"""The live status board (left panel): counts per status that refresh by themselves.

A listener (ui/notifications.py, on a thread of its own) holds its own connection with
LISTEN aftersales_tickets; every ticket change made anywhere NOTIFYs at commit, and
every write made here announces itself (operations.did_execute). The board reloads
(one round trip, on the background pool) half a second later, so a burst of changes
costs one reload. A slow poll covers a listener that lost its link.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.work import background_pool
from aftersales_desktop.domain.tickets import OPEN_STATUSES, STATUSES
from aftersales_desktop.services.frontdesk.queries import TICKET_EVENTS, Board, ticket_board

from ..i18n import tr
from ..notifications import DatabaseNotifications
from ..operations import Changes, QueryOp, on_did_execute

POLL_MS = 60_000
# what the board counts: tickets, the notices due on them and on arrived pre-orders,
# and the settings that say when a unit counts as not collected
SHOWS = ("ticket", "notice", "preorder", "front_desk_settings")


class StatusBoard(QWidget):
    open_status = Signal(str)  # a status code, or "overdue" / "uncollected"

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.board: Board | None = None
        self.list = QTableWidget(0, 2)
        self.list.setObjectName("status_board")
        self.list.horizontalHeader().hide()
        self.list.verticalHeader().hide()
        self.list.setShowGrid(False)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(QLabel(tr("Repairs")))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        self.list.cellActivated.connect(self._activated)
        self.list.cellClicked.connect(self._activated)
        self._reload = QTimer(self, singleShot=True, interval=500)
        self._reload.timeout.connect(self.refresh)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self.refresh)
        self._poll.start()
        self._loading = False
        self.events = DatabaseNotifications(database, TICKET_EVENTS, parent=self)
        self.events.notified.connect(self._reload.start)
        on_did_execute(self, self._operation_did_execute)
        self.refresh()

    def _operation_did_execute(self, changes: Changes, _origin: object) -> None:
        # this client's NOTIFY follows within moments: the timer makes both one reload
        if changes.touches(SHOWS):
            self._reload.start()

    def refresh(self) -> None:
        if self._loading:
            self._reload.start()
            return
        self._loading = True
        QueryOp(parent=self, database=self.database, op=ticket_board,
                success=self._show).failure(self._failed).on_pool(
                    background_pool()).run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.note.setText(tr("The board could not be refreshed."))

    def _show(self, board: Board) -> None:
        self._loading = False
        self.board = board
        self.list.setRowCount(0)
        rows = [(code, tr(STATUSES[code]), board.statuses.get(code, 0)) for code in OPEN_STATUSES]
        rows += [("overdue", tr("Overdue"), board.overdue),
                 ("uncollected", tr("Not collected after {days} days").format(
                     days=board.uncollected_days), board.uncollected),
                 ("picked_up_today", tr("Picked up today"), board.picked_up_today),
                 ("received_today", tr("Received today"), board.received_today),
                 ("notices_due", tr("Notices due"), board.notices_due)]
        self.list.setRowCount(len(rows))
        for row, (code, label, count) in enumerate(rows):
            name = QTableWidgetItem(label)
            name.setData(Qt.ItemDataRole.UserRole, code)
            number = QTableWidgetItem(str(count))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if code in ("overdue", "uncollected") and count:
                for item in (name, number):
                    item.setForeground(Qt.GlobalColor.darkYellow)
            self.list.setItem(row, 0, name)
            self.list.setItem(row, 1, number)
        self.note.setText(tr("Updated {time}").format(time=board.today.isoformat()))

    def _activated(self, row: int, _column: int = 0) -> None:
        item = self.list.item(row, 0)
        if item is not None:
            self.open_status.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def shutdown(self) -> None:
        self._poll.stop()
        self._reload.stop()
        self.events.stop()
