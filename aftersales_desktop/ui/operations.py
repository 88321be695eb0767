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
- `with_progress()` shows the busy cursor after a short delay; quick work does not
  flicker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from aftersales_desktop.core.work import Task

if TYPE_CHECKING:
    from aftersales_desktop.core.db import Database

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What a write changed, by entity name ("customer", "ticket", "stock", ...)."""

    entities: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *entities: str) -> Changes:
        return cls(frozenset(entities))

    def touches(self, *entities: str | Iterable[str]) -> bool:
        wanted: set[str] = set()
        for entity in entities:
            wanted.update((entity,) if isinstance(entity, str) else entity)
        return bool(self.entities & wanted)

    def __bool__(self) -> bool:
        return bool(self.entities)


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


class QueryOp(Generic[T]):
    """A read (or a single autocommitted server call) on behalf of a widget."""

    _atomic = False

    def __init__(self, *, parent: QWidget, database: Database,
                 op: Callable[[Any], T],
                 success: Callable[[T], None] | None = None) -> None:
        self._parent = parent
        self._database = database
        self._op = op
        self._success = success
        self._failure: Callable[[BaseException], None] | None = None
        self._progress = False
        self._task: Task | None = None

    def success(self, handler: Callable[[T], None]) -> QueryOp[T]:
        self._success = handler
        return self

    def failure(self, handler: Callable[[BaseException], None]) -> QueryOp[T]:
        self._failure = handler
        return self

    def with_progress(self) -> QueryOp[T]:
        self._progress = True
        return self

    def run_in_background(self) -> Task:
        database, op, atomic = self._database, self._op, self._atomic

        def work() -> T:
            if atomic:
                with database.transaction() as conn:
                    return op(conn)
            with database.read() as conn:
                return op(conn)

        task = Task(work, self._delivered, self._failed, busy=self._progress)
        self._task = task
        if alive(self._parent):
            # a widget deleted while the work runs drops its result
            self._parent.destroyed.connect(task.cancel)
        return task.start()

    # -- on the GUI thread -----------------------------------------------------------
    def _delivered(self, result: T) -> None:
        if not alive(self._parent):
            return
        self._announce()
        if self._success is not None:
            self._success(result)

    def _failed(self, exc: BaseException) -> None:
        if not alive(self._parent):
            return
        if self._failure is not None:
            self._failure(exc)
            return
        from .messages import show_error

        show_error(self._parent, exc)

    def _announce(self) -> None:
        """Reads change nothing; writes say what they changed."""


class CollectionOp(QueryOp[T]):
    """A write on behalf of a widget: one transaction, then `did_execute(changes)`."""

    def __init__(self, *, parent: QWidget, database: Database,
                 op: Callable[[Any], T], changes: Changes,
                 success: Callable[[T], None] | None = None,
                 atomic: bool = True) -> None:
        super().__init__(parent=parent, database=database, op=op, success=success)
        self._changes = changes
        self._atomic = atomic
        self._progress = True

    def _announce(self) -> None:
        if self._changes:
            hub().did_execute.emit(self._changes, self._parent)
