"""Database notifications as a Qt signal: the thin Qt side of services/listener.py.

The listener gets a thread of its own: it waits for as long as the window is open, so
in the worker pool it would hold one of the few threads that pages load on. Stopping
never waits for it: the thread closes its connection and ends by itself.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from aftersales_desktop.core.db import Database
from aftersales_desktop.services.listener import NotificationListener


class _Relay(QObject):
    """Carries the listener thread's news to the GUI thread.

    It outlives its owner for as long as the thread runs (so the thread never emits on
    a deleted object), and is deleted on the GUI thread once the thread has ended.
    """

    heard = Signal()
    ended = Signal()


_relays: set[_Relay] = set()


def _forget(relay: _Relay) -> None:
    _relays.discard(relay)
    relay.deleteLater()


class DatabaseNotifications(QObject):
    """Emits `notified` on the GUI thread after any client NOTIFYs `channel`."""

    notified = Signal()

    def __init__(self, database: Database, channel: str, *,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        relay = _Relay()
        _relays.add(relay)
        relay.heard.connect(self.notified)
        relay.ended.connect(lambda: _forget(relay))  # queued: runs on the GUI thread
        listener = NotificationListener(database.connect_kwargs, channel,
                                        lambda _payloads: relay.heard.emit())
        self.listener = listener

        def listen() -> None:
            try:
                listener.run()
            finally:
                relay.ended.emit()

        self.destroyed.connect(lambda *_args: listener.stop())
        self._thread = threading.Thread(target=listen, name=f"listen-{channel}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Returns at once."""
        self.listener.stop()

    def is_running(self) -> bool:
        return self._thread.is_alive()
