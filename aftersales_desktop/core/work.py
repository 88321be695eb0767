"""Background work: every database call runs on a QThreadPool worker.

`run_in_background(fn, on_done=..., on_error=...)` calls `fn()` on a worker
thread and delivers its result or exception back on the GUI thread through
queued signals. A busy cursor appears only when the work outlasts 300 ms, so
quick calls do not flicker. Errors reach `on_error` as exceptions; the UI
turns a `UserError` into its translated message and anything else into an
"unexpected error" box, never a raw traceback.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QGuiApplication

from .errors import PermissionDenied, UserError

log = logging.getLogger(__name__)

BUSY_CURSOR_DELAY_MS = 300


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        # The Task keeps this job alive; letting the pool delete it as well frees it
        # twice (a crash within some thousands of jobs).
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class BusyCursor:
    """Counts running jobs; shows the wait cursor after a delay while any runs."""

    running = 0
    _timer: QTimer | None = None
    _shown = False

    @classmethod
    def begin(cls) -> None:
        cls.running += 1
        if cls.running == 1:
            if cls._timer is None:
                cls._timer = QTimer()
                cls._timer.setSingleShot(True)
                cls._timer.timeout.connect(cls._show)
            cls._timer.start(BUSY_CURSOR_DELAY_MS)

    @classmethod
    def end(cls) -> None:
        cls.running = max(0, cls.running - 1)
        if cls.running == 0:
            if cls._timer is not None:
                cls._timer.stop()
            if cls._shown:
                QGuiApplication.restoreOverrideCursor()
                cls._shown = False

    @classmethod
    def _show(cls) -> None:
        if cls.running and not cls._shown:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            cls._shown = True


class Task(QObject):
    """One background call; keep a reference only if you want to ignore late results."""

    finished = Signal()

    def __init__(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None] | None, *, busy: bool) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self._busy = busy
        self.cancelled = False
        self._signals = _Signals()
        self._signals.done.connect(self._deliver_done, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)
        self._job = _Job(fn, self._signals)

    def start(self, pool: QThreadPool | None = None) -> Task:
        _live.add(self)
        if self._busy:
            BusyCursor.begin()
        (pool or QThreadPool.globalInstance()).start(self._job)
        return self

    def cancel(self) -> None:
        """Drop the result when it arrives (the worker itself runs to completion)."""
        self.cancelled = True

    def _finish(self) -> None:
        if self._busy:
            BusyCursor.end()
        _live.discard(self)
        self.finished.emit()

    @Slot(object)
    def _deliver_done(self, result: Any) -> None:
        self._finish()
        if not self.cancelled and self._on_done is not None:
            self._on_done(result)

    @Slot(object)
    def _deliver_error(self, exc: BaseException) -> None:
        self._finish()
        if isinstance(exc, PermissionDenied) and denial_reporter is not None:
            denial_reporter(exc)
        if self.cancelled:
            return
        if self._on_error is not None:
            self._on_error(exc)
        else:
            log.error("background task failed: %s",
                      getattr(exc, "__traceback_text__", repr(exc)))


_live: set[Task] = set()

# Called (on the GUI thread) with every PermissionDenied a worker raised, so the
# main window can record the refusal in the audit log.
denial_reporter: Callable[[UserError], None] | None = None


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    busy: bool = True,
) -> Task:
    """Run `fn` on a worker; call `on_done(result)` or `on_error(exc)` on the GUI thread."""
    return Task(fn, on_done, on_error, busy=busy).start()


_background_pool: QThreadPool | None = None


def background_pool() -> QThreadPool:
    """One thread for refreshes nobody waits for (the status board's reloads), so that
    they never hold one of the global pool's few threads that pages and saves run on."""
    global _background_pool
    if _background_pool is None:
        _background_pool = QThreadPool(QCoreApplication.instance())
        _background_pool.setMaxThreadCount(1)
        _background_pool.destroyed.connect(_forget_background_pool)
    return _background_pool


def _forget_background_pool(*_args: Any) -> None:
    global _background_pool
    _background_pool = None


def running_tasks() -> int:
    return len(_live)
