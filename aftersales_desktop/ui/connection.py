"""Watches the link to the server and says so when it drops; retries until it is back."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy import text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.work import run_in_background

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
        run_in_background(self._ping, on_done=lambda _r: self._result(True),
                          on_error=lambda _e: self._result(False), busy=False)

    def report_failure(self) -> None:
        """Called when any operation hit a dropped link: switch to fast retries at once."""
        self._result(False)

    def _ping(self) -> None:
        with self.database.read() as conn:
            conn.execute(text("SELECT 1"))

    def _result(self, ok: bool) -> None:
        self._in_flight = False
        self._timer.setInterval(HEARTBEAT_MS if ok else RETRY_MS)
        if ok != self.connected:
            self.connected = ok
            self.state_changed.emit(ok)
