"""A table model over a server-side list: pages load in workers as the operator scrolls."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from shiboken6 import isValid

from aftersales_desktop.core.db import Database
from aftersales_desktop.data.listing import (
    PAGE_SIZE,
    ListQuery,
    ListSource,
    Page,
    SortKey,
    fetch_page,
)
from aftersales_desktop.ui.i18n import tr
from aftersales_desktop.ui.messages import error_text
from aftersales_desktop.ui.operations import QueryOp

from .display import alignment, display_text

RAW_ROLE = Qt.ItemDataRole.UserRole
"""The stored value of a cell (Decimal, datetime, ...), unformatted and never masked."""
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's key (the source's key column), the same in every column of the row."""

AnyIndex = QModelIndex | QPersistentModelIndex


class ServerListModel(QAbstractTableModel):
    """The loaded pages of one list; filtering, sorting and counting happen on the server.

    Nothing runs on the GUI thread: `start()`, `set_filters()`, `sort()` and
    `refresh()` ask a worker for the first page, `fetchMore()` for the next.
    Each reload bumps a generation number, and a page that arrives for an
    older generation (the operator typed on) is dropped.
    """

    loading = Signal(bool)
    loaded = Signal(int)
    failed = Signal(str)

    def __init__(self, source: ListSource, database: Database, *, page_size: int = PAGE_SIZE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._database = database
        self._page_size = page_size
        self._query = ListQuery(limit=page_size)
        self._rows: list[tuple[Any, ...]] = []
        self._keys: list[Any] = []
        self._total = 0
        self._generation = 0
        self._busy = False
        self._started = False
        self._error: str | None = None
        self._sensitive_hidden = False

    # -- state --------------------------------------------------------------------------------

    @property
    def source(self) -> ListSource:
        return self._source

    @property
    def total(self) -> int:
        """Rows matching the current filters on the server (not only the loaded ones)."""
        return self._total

    @property
    def is_loading(self) -> bool:
        return self._busy

    @property
    def error(self) -> str | None:
        return self._error

    def query(self) -> ListQuery:
        """The current filters and order, from the first row (what an export should read)."""
        return dataclasses.replace(self._query, offset=0)

    def key_at(self, row: int) -> Any:
        return self._keys[row]

    def row_values(self, row: int) -> tuple[Any, ...]:
        return self._rows[row]

    @property
    def sensitive_hidden(self) -> bool:
        return self._sensitive_hidden

    def set_sensitive_hidden(self, hidden: bool) -> None:
        if hidden == self._sensitive_hidden:
            return
        self._sensitive_hidden = hidden
        for column, spec in enumerate(self._source.columns):
            if spec.sensitive and self._rows:
                self.dataChanged.emit(self.index(0, column),
                                      self.index(len(self._rows) - 1, column),
                                      [Qt.ItemDataRole.DisplayRole])

    # -- loading ------------------------------------------------------------------------------

    def start(self) -> None:
        """Load the first page (once the view has restored its sort order)."""
        self._started = True
        self._reload()

    def refresh(self) -> None:
        self._started = True
        self._reload()

    def set_filters(self, full_text: str, column_filters: Mapping[str, str]) -> None:
        """Filter on the server; raw column filter text is parsed there by column kind."""
        wanted = {k: v for k, v in column_filters.items() if v.strip()}
        if full_text.strip() == self._query.full_text and wanted == dict(
                self._query.column_filters):
            return
        self._query = dataclasses.replace(self._query, full_text=full_text.strip(),
                                          column_filters=wanted)
        if self._started:
            self._reload()

    def _reload(self) -> None:
        self._generation += 1
        self._error = None
        self._request(0, replacing=True)

    def _request(self, offset: int, *, replacing: bool) -> None:
        generation = self._generation
        query = dataclasses.replace(self._query, offset=offset, limit=self._page_size)
        source = self._source
        self._busy = True
        self.loading.emit(True)
        QueryOp(parent=self, database=self._database,
                op=lambda conn: fetch_page(conn, source, query),
                success=partial(self._arrived, generation, replacing)).failure(
                    partial(self._failed, generation, replacing)).with_progress(
                    replacing).run_in_background()

    def _current(self, generation: int) -> bool:
        # The model may be gone (its tab closed) before a worker answers.
        return isValid(self) and generation == self._generation

    def _arrived(self, generation: int, replacing: bool, page: Page) -> None:
        if not self._current(generation):
            return
        self._busy = False
        if replacing:
            self.beginResetModel()
            self._rows, self._keys = list(page.rows), list(page.keys)
            self._total = page.total
            self.endResetModel()
        else:
            first = len(self._rows)
            if page.rows:
                self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
                self._rows.extend(page.rows)
                self._keys.extend(page.keys)
                self.endInsertRows()
            # Rows deleted meanwhile can leave the total below what is loaded; never
            # promise more than the server has.
            self._total = max(page.total, len(self._rows)) if page.rows else len(self._rows)
        self.loading.emit(False)
        self.loaded.emit(self._total)

    def _failed(self, generation: int, replacing: bool, exc: BaseException) -> None:
        if not self._current(generation):
            return
        self._busy = False
        self._error = error_text(exc)
        if replacing:
            # Rows of the previous filter under the new filter text would mislead.
            self.beginResetModel()
            self._rows, self._keys, self._total = [], [], 0
            self.endResetModel()
        self.loading.emit(False)
        self.failed.emit(self._error)

    # -- QAbstractTableModel ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._source.columns)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return (not parent.isValid() and self._started and not self._busy
                and self._error is None and len(self._rows) < self._total)

    def fetchMore(self, parent: AnyIndex) -> None:
        if self.canFetchMore(parent):
            self._request(len(self._rows), replacing=False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self._source.columns):
            key = self._source.columns[column].key
            sort: tuple[SortKey, ...] = (
                SortKey(key, descending=order == Qt.SortOrder.DescendingOrder),)
        else:
            sort = ()
        if sort == self._query.sort:
            return
        self._query = dataclasses.replace(self._query, sort=sort)
        if self._started:
            self._reload()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        column = self._source.columns[index.column()]
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(column, value, hidden=self._sensitive_hidden)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return alignment(column)
        if role == RAW_ROLE:
            return value
        if role == KEY_ROLE:
            return self._keys[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (
                0 <= section < len(self._source.columns)):
            return None
        column = self._source.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(column.label)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return alignment(column)
        return None
