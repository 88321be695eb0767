"""Operations: the one way a widget talks to the database.

A widget never opens a connection, a transaction or builds SQL. It describes the work
as an operation that belongs to it, after Anki's `QueryOp` / `CollectionOp`
(`qt/aqt/operations/`):

    QueryOp(parent=self, database=db, op=lambda conn: customers.fetch(conn, key),
            success=self.show_customer).failure(self.show_error).run_in_background()

    CollectionOp(parent=self, database=db,
                 op=lambda conn: customers.save(conn, values),
                 changes=Changes.of("customer")).success(self.saved).run_in_background()

- `op` runs on a worker thread with a connection: a `QueryOp` gets an autocommit
  read connection (each statement, and so each one-call server function, commits on
  its own: one round trip); a `CollectionOp` gets a connection inside one transaction
  (committed when `op` returns, rolled back when it raises) unless `atomic=False` says
  the op is a single server function call that is its own transaction.
- `success` / `failure` run on the GUI thread, and only while `parent` is alive: an
  operation whose widget was closed (a tab closed before its load came back) drops its
  result instead of touching a deleted widget. Without a `failure` handler the error is
  shown in a message box over `parent`.
- A `CollectionOp` that succeeded announces what it changed through
  `operations.did_execute` (a `Changes` plus the widget that caused it), so every open
  view can decide whether it needs to refresh (Anki's `operation_did_execute`).
  `changes` may also be a function of the op's result (`lambda result:
  Changes.record("ticket", result.id)`) when only the result knows what it touched,
  and an op that returns a `Changes` (a service that says what it changed) adds it.
  Views subscribe with `on_did_execute(self, handler)`: the handler runs while the
  view lives and is disconnected when it is deleted.
- `with_progress()` shows the busy cursor after a short delay; quick work does not
  flicker.
- `QueryOp(..., snapshot=True)` reads inside one (read-only) transaction, for work
  that must see one snapshot across statements (an export streaming a cursor).
- `Operation(parent=..., work=fn)` is the same ownership for work that brings its own
  connection (logging in, starting the built-in server, checking a password).
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from aftersales_desktop.core.changes import Changes
from aftersales_desktop.core.work import Task

if TYPE_CHECKING:
    from aftersales_desktop.core.db import Database

__all__ = ["Changes", "CollectionOp", "Operation", "QueryOp", "alive", "hub",
           "on_did_execute"]

T = TypeVar("T")
NOTHING_DECLARED = Changes()


class OperationHub(QObject):
    """Carries `did_execute(changes, origin)` from every successful write to open views."""

    did_execute = Signal(object, object)


_hub: OperationHub | None = None


def hub() -> OperationHub:
    """The application's one hub (created on first use, on the GUI thread)."""
    global _hub
    if _hub is None:
        _hub = OperationHub()
    return _hub


def alive(widget: QObject | None) -> bool:
    """True while the Qt object behind `widget` has not been deleted."""
    return widget is not None and shiboken6.isValid(widget)


def on_did_execute(receiver: QObject,
                   handler: Callable[[Changes, object], None]) -> None:
    """Call `handler(changes, origin)` after every successful write while `receiver` lives.

    The hub holds only a weak reference to the receiver, and the connection goes when
    the receiver is deleted, so a closed tab is neither kept alive nor called.
    """
    ref = weakref.ref(receiver)

    def deliver(changes: Changes, origin: object) -> None:
        target = ref()
        if target is not None and alive(target):
            handler(changes, origin)

    signal = hub().did_execute
    signal.connect(deliver)

    def disconnect(*_args: Any) -> None:
        with contextlib.suppress(RuntimeError, TypeError):  # gone with the application
            signal.disconnect(deliver)

    receiver.destroyed.connect(disconnect)


class Operation(Generic[T]):
    """Work on a worker thread on behalf of `parent`; its result reaches `parent` only."""

    def __init__(self, *, parent: QObject, work: Callable[[], T],
                 success: Callable[[T], None] | None = None) -> None:
        self._parent = parent
        self._work = work
        self._success = success
        self._failure: Callable[[BaseException], None] | None = None
        self._progress = False
        self._pool: QThreadPool | None = None

    def success(self, handler: Callable[[T], None]) -> Operation[T]:
        self._success = handler
        return self

    def failure(self, handler: Callable[[BaseException], None]) -> Operation[T]:
        self._failure = handler
        return self

    def with_progress(self, progress: bool = True) -> Operation[T]:
        self._progress = progress
        return self

    def on_pool(self, pool: QThreadPool) -> Operation[T]:
        """Run on `pool` instead of the global one (see core.work.background_pool)."""
        self._pool = pool
        return self

    def run_in_background(self) -> Task:
        # The task holds this operation, never the other way round: a finished task is
        # freed at once by reference counting, not later by the cycle collector (which
        # would delete Qt objects at an arbitrary moment on the GUI thread).
        task = Task(self._work, self._delivered, self._failed, busy=self._progress)
        if alive(self._parent):
            # a widget deleted while the work runs drops its result
            self._parent.destroyed.connect(task.cancel)
        return task.start(self._pool)

    # -- on the GUI thread -----------------------------------------------------------
    def _delivered(self, result: T) -> None:
        if not alive(self._parent):
            return
        self._announce(result)
        if self._success is not None:
            self._success(result)

    def _failed(self, exc: BaseException) -> None:
        if not alive(self._parent):
            return
        if self._failure is not None:
            self._failure(exc)
            return
        from .messages import show_error

        show_error(self._parent if isinstance(self._parent, QWidget) else None, exc)

    def _announce(self, result: T) -> None:
        """Reads change nothing; writes say what they changed."""


class QueryOp(Operation[T]):
    """A read (or a single autocommitted server call) on behalf of a widget."""

    _atomic = False

    def __init__(self, *, parent: QObject, database: Database,
                 op: Callable[[Any], T],
                 success: Callable[[T], None] | None = None,
                 snapshot: bool = False) -> None:
        super().__init__(parent=parent, work=self._run, success=success)
        self._database = database
        self._op = op
        if snapshot:
            self._atomic = True

    def _run(self) -> T:
        # on the worker: touches no Qt object
        if self._atomic:
            with self._database.transaction() as conn:
                return self._op(conn)
        with self._database.read() as conn:
            return self._op(conn)


class CollectionOp(QueryOp[T]):
    """A write on behalf of a widget: one transaction, then `did_execute(changes)`."""

    def __init__(self, *, parent: QObject, database: Database,
                 op: Callable[[Any], T],
                 changes: Changes | Callable[[T], Changes] = NOTHING_DECLARED,
                 success: Callable[[T], None] | None = None,
                 atomic: bool = True) -> None:
        super().__init__(parent=parent, database=database, op=op, success=success)
        self._changes = changes
        self._atomic = atomic
        self._progress = True

    def _announce(self, result: T) -> None:
        changes = self._changes(result) if callable(self._changes) else self._changes
        if isinstance(result, Changes):  # a service that says itself what it changed
            changes = changes | result
        if changes:
            hub().did_execute.emit(changes, self._parent)
