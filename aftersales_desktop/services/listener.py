"""Waiting for PostgreSQL NOTIFY on a connection of its own (no Qt here).

    listener = NotificationListener(database.connect_kwargs, "aftersales_tickets",
                                    on_notify=lambda payloads: ...)
    threading.Thread(target=listener.run, daemon=True).start()
    ...
    listener.stop()   # returns at once; run() ends within moments

`run()` blocks: it connects, LISTENs, and waits in select() on the connection and on
a wake-up socket, so `stop()` ends the wait at once instead of after a poll interval.
A dropped link is retried every few seconds until stopped. `on_notify` is called on
the listener's thread with the payloads that arrived together (a burst of changes
is one call); the Qt side (ui/notifications.py) turns that into a signal.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from collections.abc import Callable
from typing import Any

import psycopg2
from psycopg2 import sql

RETRY_SECONDS = 5.0


class NotificationListener:
    """LISTEN on one channel until `stop()`; calls `on_notify(payloads)` per batch."""

    def __init__(self, connect_kwargs: dict[str, Any], channel: str,
                 on_notify: Callable[[list[str]], None], *,
                 retry_seconds: float = RETRY_SECONDS) -> None:
        self._kwargs = dict(connect_kwargs)
        self.channel = channel
        self._on_notify = on_notify
        self._retry = retry_seconds
        self._stop = threading.Event()
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self.listening = threading.Event()  # set while LISTEN is in force

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        """Ask `run()` to end; never waits (the GUI must not wait on the network)."""
        self._stop.set()
        with contextlib.suppress(OSError):
            self._wake_writer.send(b"\0")

    def run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    conn = psycopg2.connect(**self._kwargs)
                except psycopg2.Error:
                    self._stop.wait(self._retry)
                    continue
                try:
                    self._listen(conn)
                except (psycopg2.Error, OSError, ValueError):
                    self._stop.wait(self._retry)
                finally:
                    self.listening.clear()
                    conn.close()
        finally:
            self._wake_reader.close()
            self._wake_writer.close()

    def _listen(self, conn: Any) -> None:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
        self.listening.set()
        while not self._stop.is_set():
            ready = select.select([conn, self._wake_reader], [], [])[0]
            if self._wake_reader in ready:
                return
            conn.poll()
            if conn.notifies:
                payloads = [notify.payload for notify in conn.notifies]
                conn.notifies.clear()
                self._on_notify(payloads)
