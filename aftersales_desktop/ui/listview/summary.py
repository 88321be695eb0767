"""A list's summary mode: the rows matching its filters grouped by one or two coded
columns, with counts and totals (data.listing.fetch_summary, one round trip), exported
to Excel with its groups; a double-click on a group shows that group's rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import labelled
from aftersales_desktop.data.listing import ListColumn, ListQuery, ListSource
from aftersales_desktop.data.summary import Summary, SummaryRow, fetch_summary
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.domain.masking import MASK
from aftersales_desktop.reports.excel import (
    COUNT,
    SUBTOTAL,
    TOTAL,
    export_summary,
    summary_words,
    word_key,
)
from aftersales_desktop.ui.i18n import tr
from aftersales_desktop.ui.messages import error_text
from aftersales_desktop.ui.operations import Operation, QueryOp

from .display import LEFT, RIGHT, alignment, display_text, group_label

ROW_ROLE = Qt.ItemDataRole.UserRole + 2
"""The SummaryRow behind a summary line."""

AnyIndex = QModelIndex | QPersistentModelIndex


class SummaryModel(QAbstractTableModel):
    """A loaded summary as a table: the group columns, the count, the totals."""

    def __init__(self, source: ListSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._summary: Summary | None = None
        self._groups: list[ListColumn] = []
        self._totals: list[ListColumn] = []
        self._hidden = False
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def summary(self) -> Summary | None:
        return self._summary

    @property
    def group_columns(self) -> list[ListColumn]:
        return list(self._groups)

    @property
    def total_columns(self) -> list[ListColumn]:
        return list(self._totals)

    def set_summary(self, summary: Summary | None) -> None:
        self.beginResetModel()
        self._summary = summary
        self._groups = [self._source.column(k) for k in summary.group_by] if summary else []
        self._totals = [self._source.column(k) for k in summary.totals] if summary else []
        self.endResetModel()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        if hidden != self._hidden:
            self._hidden = hidden
            if self.rowCount():
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(self.rowCount() - 1, self.columnCount() - 1))

    def row_at(self, row: int) -> SummaryRow:
        assert self._summary is not None
        return self._summary.rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() or self._summary is None else len(self._summary.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._summary is None else (
            len(self._groups) + 1 + len(self._totals))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._summary is None or not index.isValid():
            return None
        line = self._summary.rows[index.row()]
        column = index.column()
        levels = len(self._groups)
        if role == ROW_ROLE:
            return line
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if line.level < levels else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column < levels:
                return LEFT
            return RIGHT if column == levels else alignment(self._totals[column - levels - 1])
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column < levels:
            if column < line.level:
                return group_label(self._groups[column], line.values[column])
            if column == line.level:
                return tr(TOTAL if line.level == 0 else SUBTOTAL)
            return ""
        if column == levels:
            return f"{line.count:,}"
        total = self._totals[column - levels - 1]
        value = line.totals[column - levels - 1]
        if self._hidden and total.sensitive:
            return MASK
        return display_text(total, value)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or self._summary is None:
            return None
        levels = len(self._groups)
        if role == Qt.ItemDataRole.DisplayRole:
            if section < levels:
                return tr(self._groups[section].label)
            if section == levels:
                return tr(COUNT)
            if section - levels - 1 < len(self._totals):
                return tr(self._totals[section - levels - 1].label)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if section < levels else RIGHT
        return None


class SummaryPanel(QWidget):
    """Choose one or two columns to group by; the groups load in a worker.

    `drill_down(filters)` asks the list to show one group's rows: column key -> the
    filter text that selects the group. `loaded(summary)` / `failed(message)` report
    each load.
    """

    drill_down = Signal(dict)
    loading = Signal(bool)
    loaded = Signal(object)
    failed = Signal(str)
    groups_changed = Signal()
    exported = Signal(str, int)
    export_failed = Signal(object)

    def __init__(self, source: ListSource, database: Database,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._database = database
        self._groupable = list(source.groupable_columns())
        self._generation = 0
        self._query: ListQuery | None = None
        self._totals: list[str] | None = None
        self.exporting = False

        self.first_combo = QComboBox(self)
        self.first_combo.setObjectName("summary_first")
        self.second_combo = QComboBox(self)
        self.second_combo.setObjectName("summary_second")
        for column in self._groupable:
            self.first_combo.addItem(tr(column.label), column.key)
        self.filters_label = QLabel(self)
        self.filters_label.setObjectName("summary_filters")
        self.filters_label.setWordWrap(True)
        self.model = SummaryModel(source, self)
        self.table = QTableView(self)
        self.table.setObjectName("summary_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setToolTip(tr("Double-click a group (or press Enter) to see its rows."))

        bar = QHBoxLayout()
        group_by = QLabel(tr("Group by"), self)
        group_by.setBuddy(self.first_combo)
        then_by = QLabel(tr("then by"), self)
        then_by.setBuddy(self.second_combo)
        bar.addWidget(group_by)
        bar.addWidget(self.first_combo)
        bar.addWidget(then_by)
        bar.addWidget(self.second_combo)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.filters_label)
        layout.addWidget(self.table, 1)

        self._fill_second()
        self.first_combo.currentIndexChanged.connect(self._first_changed)
        self.second_combo.currentIndexChanged.connect(lambda _i: self._groups_changed())
        self.table.doubleClicked.connect(lambda index: self.activate(index.row()))
        self.table.installEventFilter(self)

    # -- choosing ---------------------------------------------------------------------------

    def group_by(self) -> list[str]:
        keys = [self.first_combo.currentData()]
        second = self.second_combo.currentData()
        if second:
            keys.append(second)
        return [k for k in keys if k]

    def set_group_by(self, keys: Sequence[str]) -> None:
        """Choose the columns (unknown or ungroupable keys are ignored)."""
        known = [c.key for c in self._groupable]
        wanted = [k for k in keys if k in known][:2]
        if not wanted:
            return
        with _quiet(self.first_combo, self.second_combo):
            self.first_combo.setCurrentIndex(known.index(wanted[0]))
            self._fill_second()
            if len(wanted) > 1 and wanted[1] != wanted[0]:
                self.second_combo.setCurrentIndex(max(0, self.second_combo.findData(wanted[1])))
        self._groups_changed()

    def _fill_second(self) -> None:
        first = self.first_combo.currentData()
        kept = self.second_combo.currentData()
        with _quiet(self.second_combo):
            self.second_combo.clear()
            self.second_combo.addItem(tr("(nothing)"), "")
            for column in self._groupable:
                if column.key != first:
                    self.second_combo.addItem(tr(column.label), column.key)
            self.second_combo.setCurrentIndex(max(0, self.second_combo.findData(kept or "")))

    def _first_changed(self, _index: int) -> None:
        self._fill_second()
        self._groups_changed()

    def _groups_changed(self) -> None:
        self.groups_changed.emit()
        self.reload()

    # -- loading ----------------------------------------------------------------------------

    def load(self, query: ListQuery, totals: Sequence[str] | None = None,
             notes: Sequence[str] = ()) -> None:
        """Summarize the rows matching `query` (its filters), adding up `totals`;
        `notes` say which filters those are (shown above the groups, and in the export)."""
        self._query = query
        self._totals = list(totals) if totals is not None else None
        self.filters_label.setText("\n".join(notes))
        self.filters_label.setVisible(bool(notes))
        group_by = self.group_by()
        if not group_by:
            return
        self._generation += 1
        generation = self._generation
        source = self._source
        wanted_totals = self._totals
        self.loading.emit(True)
        QueryOp(parent=self, database=self._database,
                op=lambda conn: fetch_summary(conn, source, query, group_by, wanted_totals),
                success=partial(self._arrived, generation)).failure(
                    partial(self._failed, generation)).with_progress().run_in_background()

    def reload(self) -> None:
        if self._query is not None:
            self.load(self._query, self._totals, self.notes())

    def notes(self) -> list[str]:
        text = self.filters_label.text()
        return text.split("\n") if text else []

    def _current(self, generation: int) -> bool:
        return isValid(self) and generation == self._generation

    def _arrived(self, generation: int, summary: Summary) -> None:
        if not self._current(generation):
            return
        self.model.set_summary(summary)
        self._size_columns()
        self.loading.emit(False)
        self.loaded.emit(summary)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if not self._current(generation):
            return
        self.model.set_summary(None)
        self.loading.emit(False)
        self.failed.emit(error_text(exc))

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        groups = self.model.group_columns
        for section in range(self.model.columnCount()):
            if section < len(groups):
                width = max(groups[section].width, 110)
            elif section == len(groups):
                width = 80
            else:
                width = max(self.model.total_columns[section - len(groups) - 1].width, 100)
            header.resizeSection(section, width)

    # -- drilling down ----------------------------------------------------------------------

    def activate(self, row: int) -> None:
        """Ask the list for the rows of the group on `row` (the grand total: all of them)."""
        if not 0 <= row < self.model.rowCount():
            return
        line = self.model.row_at(row)
        filters: dict[str, str | None] = {}
        for column, value in zip(self.model.group_columns, line.values, strict=False):
            filters[column.key] = None if value is None else filter_text(column, value)
        self.drill_down.emit(filters)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.activate(self.table.currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.model.set_sensitive_hidden(hidden)

    # -- export -----------------------------------------------------------------------------

    def export(self, path: Path, *, masked_keys: set[str]) -> bool:
        """Write the summary on screen to `path` on a worker: `exported(path, lines)` or
        `export_failed(error)` follows. False when there is none yet, or one is running."""
        summary = self.model.summary
        if summary is None or self.exporting:
            return False
        groups, totals = self.model.group_columns, self.model.total_columns
        translated = {word_key(w): tr(w)
                      for w in summary_words(self._source.title, groups, totals)}
        notes = self.notes()
        source = self._source

        def work() -> int:
            return export_summary(path, groups, totals, summary.rows, title=source.title,
                                  masked_keys=masked_keys, notes=notes,
                                  translate=lambda w: translated.get(word_key(w), w))

        def done(count: int) -> None:
            self.exporting = False
            self.exported.emit(str(path), count)

        def failed(exc: BaseException) -> None:
            self.exporting = False
            self.export_failed.emit(exc)

        self.exporting = True
        Operation(parent=self, work=work).success(done).failure(failed).run_in_background()
        return True


def filters_note(full_text: str, column_filters: Sequence[tuple[ListColumn, str]]) -> str:
    """The filters a summary is made under, as the operator typed them."""
    parts = [labelled(tr("All columns"), full_text.strip())] if full_text.strip() else []
    parts += [labelled(tr(column.label), text) for column, text in column_filters]
    if not parts:
        return tr("All rows (no filter)")
    return tr("Filtered by {filters}").format(filters="; ".join(parts))


def filter_text(column: ListColumn, value: Any) -> str:
    """What to type into `column`'s filter to see only rows holding `value`."""
    if column.kind is ColumnKind.BOOL:
        return tr("Yes") if value else tr("No")
    if column.choices and value in column.choices:
        return tr(column.choices[value])
    return display_text(column, value)


@contextmanager
def _quiet(*widgets: QWidget) -> Iterator[None]:
    """Change the combos without each change reloading the summary."""
    blockers = [QSignalBlocker(w) for w in widgets]
    try:
        yield
    finally:
        for blocker in blockers:
            blocker.unblock()
