"""Watches the link to the server and says so when it drops; retries until it is back."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from aftersales_desktop.core.db import Database
from aftersales_desktop.services.session import ping

from .operations import QueryOp

HEARTBEAT_MS = 15_000
RETRY_MS = 3_000


class ConnectionMonitor(QObject):
    """Sends a cheap query in a worker every 15 s (every 3 s while the link is down)."""

    state_changed = Signal(bool)  # True = connected

    def __init__(self, database: Database, *, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.connected = True
        self._in_flight = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check_now)
        self._timer.start(HEARTBEAT_MS)

    def stop(self) -> None:
        self._timer.stop()

    def check_now(self) -> None:
        if self._in_flight:
            return
        self._in_flight = True
        QueryOp(parent=self, database=self.database, op=ping,
                success=lambda _r: self._result(True)).failure(
                    lambda _e: self._result(False)).run_in_background()

    def report_failure(self) -> None:
        """Called when any operation hit a dropped link: switch to fast retries at once."""
        self._result(False)

    def _result(self, ok: bool) -> None:
        self._in_flight = False
        self._timer.setInterval(HEARTBEAT_MS if ok else RETRY_MS)
        if ok != self.connected:
            self.connected = ok
            self.state_changed.emit(ok)
