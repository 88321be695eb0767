"""Exporting a whole list (every row matching its filters) to Excel on a worker."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import UserError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.listing import ListColumn, ListQuery, ListSource, snapshot_rows
from aftersales_desktop.reports.excel import export_rows, export_words, word_key
from aftersales_desktop.services.importing import exchange_columns
from aftersales_desktop.ui.i18n import tr
from aftersales_desktop.ui.operations import QueryOp


class ExportCancelled(UserError):
    default_message = QT_TR_NOOP("The export was cancelled; no file was written.")


class ExcelExport(QObject):
    """One running export; `progress(rows)` arrives on the GUI thread while it runs."""

    progress = Signal(int)
    finished = Signal(str, int)
    failed = Signal(object)

    def __init__(self, database: Database, source: ListSource, query: ListQuery,
                 columns: Sequence[ListColumn], path: Path, *, masked_keys: set[str]) -> None:
        super().__init__()
        self._cancel = threading.Event()
        self.path = path
        # Translations are looked up here, on the GUI thread; the worker only reads the dict.
        translated = {word_key(word): tr(word) for word in export_words(source.title, columns)}
        indexes = [source.columns.index(c) for c in columns]
        emit_progress = self.progress.emit
        cancel = self._cancel

        def report(count: int) -> None:
            if cancel.is_set():
                raise ExportCancelled()
            emit_progress(count)

        def work(conn: Any) -> int:
            rows = (tuple(row[i] for i in indexes)
                    for row in snapshot_rows(conn, source, query))
            return export_rows(path, columns, rows, title=source.title,
                               masked_keys=masked_keys,
                               translate=lambda w: translated.get(word_key(w), w),
                               progress=report,
                               exchange=exchange_columns(source.name))

        self._database = database
        self._work: Callable[[Any], int] = work

    def start(self) -> ExcelExport:
        # Kept alive until done (the operation belongs to this object, not to the list):
        # closing the list's tab does not abandon a running export.
        _running.add(self)
        QueryOp(parent=self, database=self._database, op=self._work, snapshot=True,
                success=self._done).failure(self._failed).run_in_background()
        return self

    def cancel(self) -> None:
        """Stop at the next thousand rows; no file is written."""
        self._cancel.set()

    def _done(self, count: int) -> None:
        _running.discard(self)
        self.finished.emit(str(self.path), count)

    def _failed(self, exc: BaseException) -> None:
        _running.discard(self)
        self.failed.emit(exc)


_running: set[ExcelExport] = set()
