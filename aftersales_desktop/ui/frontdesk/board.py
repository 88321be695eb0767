"""The live status board (left panel): counts per status that refresh by themselves.

A listener thread holds its own connection with LISTEN aftersales_tickets; every
ticket change made anywhere NOTIFYs at commit, the board reloads (one round trip)
half a second later, so a burst of changes costs one reload. A slow poll covers a
listener that lost its link.
"""

from __future__ import annotations

import select
import threading

import psycopg2
import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
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
from aftersales_desktop.core.work import run_in_background
from aftersales_desktop.domain.tickets import OPEN_STATUSES, STATUSES
from aftersales_desktop.services.frontdesk.queries import Board, ticket_board

from ..i18n import tr

CHANNEL = "aftersales_tickets"
POLL_MS = 60_000


class TicketEvents(QObject):
    """Emits `changed` whenever any client changes a ticket."""

    changed = Signal()

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kwargs = dict(database.connect_kwargs)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="ticket-events", daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                conn = psycopg2.connect(**self._kwargs)
            except psycopg2.Error:
                self._stop.wait(10)
                continue
            try:
                conn.autocommit = True
                with conn.cursor() as cur:
                    cur.execute(f"LISTEN {CHANNEL}")
                while not self._stop.is_set():
                    if select.select([conn], [], [], 1.0)[0]:
                        conn.poll()
                        if conn.notifies:
                            conn.notifies.clear()
                            self.changed.emit()
            except (psycopg2.Error, OSError, ValueError):
                self._stop.wait(5)
            finally:
                conn.close()

    def stop(self) -> None:
        # no join: the GUI never waits on the network; the thread sees the flag within
        # a second and closes its connection
        self._stop.set()


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
        self.events = TicketEvents(database, self)
        self.events.changed.connect(self._reload.start, Qt.ConnectionType.QueuedConnection)
        self.destroyed.connect(self.events.stop)
        self.refresh()

    def refresh(self) -> None:
        if self._loading:
            self._reload.start()
            return
        self._loading = True
        database = self.database

        def read() -> Board:
            with database.read() as conn:
                return ticket_board(conn)

        run_in_background(read, on_done=self._show, on_error=self._failed, busy=False)

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        if not shiboken6.isValid(self.note):
            return
        self.note.setText(tr("The board could not be refreshed."))

    def _show(self, board: Board) -> None:
        self._loading = False
        if not shiboken6.isValid(self.list):
            return  # the window closed while the board was loading
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
