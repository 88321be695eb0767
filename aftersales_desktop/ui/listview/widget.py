"""The list every module shows: filter box, filtered header, paged table, Excel export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QSettings,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.data.listing import PAGE_SIZE, ListColumn, ListSource
from aftersales_desktop.data.summary import Summary
from aftersales_desktop.reports.excel import SUMMARY_TITLE
from aftersales_desktop.ui.i18n import tr
from aftersales_desktop.ui.messages import error_text
from aftersales_desktop.ui.operations import Changes, on_did_execute

from ..field_limits import limit_search
from .display import display_text
from .export import ExcelExport
from .header import DEBOUNCE_MS, FilterHeader
from .model import ServerListModel
from .summary import SummaryPanel, filters_note

_SAVE_DELAY_MS = 500
_ERROR_STYLE = "color: #d9363e;"
EXPORT_DIR_KEY = "lists/export_dir"


class ListView(QWidget):
    """One server-side list with everything an operator expects of a list.

    Type in the box on top to search every column (Ctrl+F), or under a column
    title to filter that column; click a title to sort; F5 reloads; Enter or a
    double-click emits `activated(key)`; Ctrl+E exports every matching row.
    Ctrl+G (Summary) groups the matching rows by one or two coded columns with counts
    and totals; a double-click on a group shows its rows, Ctrl+E then exports the
    summary. Column widths, order, visibility and the summary's columns are kept per
    list in QSettings.
    """

    activated = Signal(object)
    exported = Signal(str, int)
    export_failed = Signal(str)

    def __init__(self, source: ListSource, database: Database, *,
                 settings: QSettings | None = None, page_size: int = PAGE_SIZE,
                 exportable: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._settings = settings if settings is not None else QSettings()
        self._database = database
        self._export: ExcelExport | None = None

        self.filter_edit = limit_search(QLineEdit(self))
        self.filter_edit.setObjectName("list_filter")
        self.filter_edit.setPlaceholderText(tr("Search all columns (Ctrl+F)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("list_status")
        self.export_button = QToolButton(self)
        self.export_button.setText(tr("Export to Excel"))
        self.export_button.setToolTip(tr("Export every row matching the filters (Ctrl+E)"))
        self.export_button.setVisible(exportable)
        self.summary_button = QToolButton(self)
        self.summary_button.setObjectName("summary_button")
        self.summary_button.setText(tr("Summary"))
        self.summary_button.setToolTip(tr(
            "Group the rows matching the filters, with counts and totals (Ctrl+G)"))
        self.summary_button.setCheckable(True)

        self.table = QTableView(self)
        self.model = ServerListModel(source, database, page_size=page_size, parent=self)
        self.header = FilterHeader(source.columns, parent=self.table)
        self.table.setHorizontalHeader(self.header)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)
        self.table.installEventFilter(self)
        # every list with a coded column has a summary, unless its source says otherwise
        self.summary: SummaryPanel | None = (
            SummaryPanel(source, database, self) if source.groupable_columns() else None)
        self.summary_button.setVisible(self.summary is not None)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        if self.summary is not None:
            self.stack.addWidget(self.summary)

        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.status_label)
        bar.addWidget(self.summary_button)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(DEBOUNCE_MS)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(_SAVE_DELAY_MS)

        self._add_action(tr("Search all columns"), QKeySequence.StandardKey.Find,
                         self.focus_filter)
        self._export_action = self._add_action(tr("Export to Excel"), QKeySequence("Ctrl+E"),
                                               self._export_clicked)
        self._export_action.setEnabled(exportable)
        self._add_action(tr("Refresh"), QKeySequence("F5"), self.refresh)
        self._add_action(tr("Copy"), QKeySequence.StandardKey.Copy, self.copy_selection)
        if self.summary is not None:
            self._add_action(tr("Summary"), QKeySequence("Ctrl+G"),
                             lambda: self.set_summary_mode(not self.summary_mode))
            self._connect_summary(self.summary)

        # Lambdas: a signal's arguments must not reach QTimer.start(msec).
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter_edit.returnPressed.connect(self._apply_filters)
        self._filter_timer.timeout.connect(self._apply_filters)
        self.header.filters_changed.connect(self._apply_filters)
        self.export_button.clicked.connect(self._export_clicked)
        self.table.doubleClicked.connect(self._activate)
        self.model.loading.connect(self._on_loading)
        self.model.loaded.connect(self._on_loaded)
        self.model.failed.connect(self._on_failed)
        for signal in (self.header.sectionResized, self.header.sectionMoved):
            signal.connect(lambda *_args: self._save_timer.start())
        self._save_timer.timeout.connect(self.save_layout)
        self.header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.header.customContextMenuRequested.connect(self._header_menu)

        self._apply_default_layout()
        self._restore_layout()
        # Enabling sorting hands the header's (restored) sort order to the model,
        # which records it; start() then loads the first page once, already sorted.
        self.table.setSortingEnabled(True)
        self.model.start()
        self._stale = False
        on_did_execute(self, self._operation_did_execute)

    # -- public -------------------------------------------------------------------------------

    @property
    def source(self) -> ListSource:
        return self._source

    def refresh(self) -> None:
        self._stale = False
        self.model.refresh()
        if self.summary_mode:
            self._load_summary()

    def _operation_did_execute(self, changes: Changes, _origin: object) -> None:
        """A write touched what this list shows: reload now if it is on screen, else when
        it is next shown (a list in a background tab costs no round trip meanwhile)."""
        if not changes.touches(self._source.entities):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        """Mask phones, prices and costs on screen and in exports (Ctrl+H in the main window)."""
        self.model.set_sensitive_hidden(hidden)
        if self.summary is not None:
            self.summary.set_sensitive_hidden(hidden)

    def visible_columns(self) -> list[ListColumn]:
        """The columns the operator sees, in the order they see them."""
        header = self.header
        logical = [header.logicalIndex(v) for v in range(header.count())]
        return [self._source.columns[i] for i in logical if not header.isSectionHidden(i)]

    def export_to_excel(self, path: str | Path | None = None) -> bool:
        """Export every row matching the filters; asks for a file unless `path` is given.

        Returns False when nothing was started (no file chosen, or one export is
        already running). The result arrives as `exported` or `export_failed`.
        """
        if self._export is not None or self.summary_exporting:
            return False
        target = Path(path) if path else self._ask_export_path()
        if target is None:
            return False
        columns = self.visible_columns()
        masked = {c.key for c in columns if c.sensitive} if self.model.sensitive_hidden else set()
        if self.summary is not None and self.summary_mode:
            started = self.summary.export(target, masked_keys=masked)
            if started:
                self._show_status(tr("Exporting…"))
            return started
        export = ExcelExport(self._database, self._source, self.model.query(), columns, target,
                             masked_keys=masked)
        export.progress.connect(self._on_export_progress)
        export.finished.connect(self._on_exported)
        export.failed.connect(self._on_export_failed)
        self._export = export
        self.export_button.setText(tr("Cancel export"))
        self._show_status(tr("Exporting…"))
        export.start()
        return True

    def cancel_export(self) -> None:
        if self._export is not None:
            self._export.cancel()

    def copy_selection(self) -> None:
        """Selected rows as tab-separated text, as shown (masked when hidden), for pasting."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedIndexes()})
        if not rows:
            return
        header = self.header
        logical = [header.logicalIndex(v) for v in range(header.count())]
        shown = [i for i in logical if not header.isSectionHidden(i)]
        columns = self._source.columns
        hidden = self.model.sensitive_hidden
        lines = ["\t".join(display_text(columns[c], self.model.row_values(r)[c], hidden=hidden)
                           for c in shown) for r in rows]
        QGuiApplication.clipboard().setText("\n".join(lines))

    def save_layout(self) -> None:
        self._save_timer.stop()
        base = f"lists/{self._source.name}"
        self._settings.setValue(f"{base}/header", self.header.saveState())
        self._settings.setValue(f"{base}/columns", self._column_signature())

    def reset_layout(self) -> None:
        for logical in range(self.header.count()):
            self.header.moveSection(self.header.visualIndex(logical), logical)
        self._apply_default_layout()
        self.save_layout()

    # -- layout memory ------------------------------------------------------------------------

    def _column_signature(self) -> str:
        return ",".join(c.key for c in self._source.columns)

    def _apply_default_layout(self) -> None:
        for logical, column in enumerate(self._source.columns):
            self.header.setSectionHidden(logical, False)
            self.header.resizeSection(logical, column.width)
        sort = self._source.default_sort
        if sort:
            self.header.setSortIndicator(
                self._source.index_of(sort[0].key),
                Qt.SortOrder.DescendingOrder if sort[0].descending else Qt.SortOrder.AscendingOrder)
        else:
            self.header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def _restore_layout(self) -> None:
        base = f"lists/{self._source.name}"
        # A saved state from a version with other columns would scramble this one.
        if self._settings.value(f"{base}/columns", "") != self._column_signature():
            return
        state = self._settings.value(f"{base}/header")
        if isinstance(state, QByteArray) and not self.header.restoreState(state):
            self._apply_default_layout()

    def _header_menu(self, position: Any) -> None:
        menu = QMenu(self)
        header = self.header
        visible = sum(not header.isSectionHidden(i) for i in range(header.count()))
        for visual in range(header.count()):
            logical = header.logicalIndex(visual)
            action = menu.addAction(tr(self._source.columns[logical].label))
            action.setCheckable(True)
            shown = not header.isSectionHidden(logical)
            action.setChecked(shown)
            # The last visible column stays: a list with no columns cannot be brought back.
            action.setEnabled(not (shown and visible == 1))
            action.toggled.connect(lambda on, i=logical: self.set_column_visible(i, on))
        menu.addSeparator()
        menu.addAction(tr("Reset columns"), self.reset_layout)
        menu.popup(header.mapToGlobal(position))

    def set_column_visible(self, logical: int, visible: bool) -> None:
        self.header.setSectionHidden(logical, not visible)
        self.save_layout()

    # -- behaviour ----------------------------------------------------------------------------

    def _add_action(self, text: str, keys: QKeySequence | QKeySequence.StandardKey,
                    slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcut(keys)
        # Each open list tab has its own; only the one with focus reacts.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def set_column_filter(self, key: str, text: str) -> None:
        """Show only rows whose column `key` matches `text` (other column filters cleared)."""
        self.header.clear_filters()
        self.header.editor(key).setText(text)
        self.header.apply_now()

    def _apply_filters(self) -> None:
        self._filter_timer.stop()
        filters = self.header.filters()
        for key, typed in list(filters.items()):
            # a coded column is filtered by code: turn the label the operator reads into it
            choices = self.model.source.column(key).choices
            if choices:
                wanted = typed.strip().lower()
                # a label or code typed in full (a summary's group) means that one only
                codes = [code for code, label in choices.items()
                         if wanted in (tr(label).lower(), code.lower(), label.lower())]
                codes = codes or [code for code, label in choices.items()
                                  if wanted and (wanted in tr(label).lower()
                                                 or wanted in code.lower()
                                                 or wanted in label.lower())]
                if codes:
                    filters[key] = codes[0] if len(codes) == 1 else typed
        self.model.set_filters(self.filter_edit.text(), filters)
        if self.summary_mode:
            self._load_summary()

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self.model.key_at(index.row()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._activate(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def hideEvent(self, event: Any) -> None:
        if self._save_timer.isActive():
            self.save_layout()
        super().hideEvent(event)

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(_ERROR_STYLE if error else "")
        self.status_label.setToolTip(text if error else "")

    def _on_loading(self, loading: bool) -> None:
        if loading and self._export is None and not self.summary_mode:
            self._show_status(tr("Loading…"))

    def _on_loaded(self, total: int) -> None:
        if self._export is None and not self.summary_mode:
            self._show_status(tr("{count} rows").format(count=total))

    def _on_failed(self, message: str) -> None:
        if not self.summary_mode:
            self._show_status(tr("Could not load the list: {message}").format(
                message=message), error=True)

    # -- summary mode ---------------------------------------------------------------------------

    @property
    def summary_mode(self) -> bool:
        return self.summary is not None and self.stack.currentWidget() is self.summary

    def set_summary_mode(self, on: bool) -> None:
        """Show the summary of the rows matching the filters (on) or the rows (off)."""
        if self.summary is None or on == self.summary_mode:
            self.summary_button.setChecked(self.summary_mode)
            return
        self.summary_button.setChecked(on)
        self.stack.setCurrentWidget(self.summary if on else self.table)
        if on:
            self._load_summary()
            self.summary.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.model.error:
                self._on_failed(self.model.error)
            elif not self.model.is_loading:
                self._on_loaded(self.model.total)

    def _connect_summary(self, summary: SummaryPanel) -> None:
        saved = str(self._settings.value(f"lists/{self._source.name}/summary", "") or "")
        summary.set_group_by(saved.split(",") if saved else ())
        summary.groups_changed.connect(lambda: self._settings.setValue(
            f"lists/{self._source.name}/summary", ",".join(summary.group_by())))
        self.summary_button.toggled.connect(self.set_summary_mode)
        summary.loading.connect(self._summary_loading)
        summary.loaded.connect(self._summary_loaded)
        summary.failed.connect(lambda message: self._show_status(
            tr("Could not summarize the list: {message}").format(message=message), error=True))
        summary.drill_down.connect(self._drill_down)
        summary.exported.connect(self._on_summary_exported)
        summary.export_failed.connect(self._on_export_failed)

    def _load_summary(self) -> None:
        if self.summary is not None:
            totals = [c.key for c in self.visible_columns() if c.can_total]
            typed = [(e.column, e.valid_text) for e in self.header.editors() if e.valid_text]
            self.summary.load(self.model.query(), totals,
                              [filters_note(self.filter_edit.text(), typed)])

    def _summary_loading(self, busy: bool) -> None:
        if busy and self._export is None:
            self._show_status(tr("Loading…"))

    def _summary_loaded(self, summary: Summary) -> None:
        if self._export is None and not self.summary_exporting:
            self._show_status(tr("{groups} groups, {count} rows").format(
                groups=len(summary.groups), count=summary.grand_total.count))

    def _drill_down(self, filters: dict[str, str | None]) -> None:
        """Show the rows of one summary group: its values become column filters."""
        empty = [key for key, text in filters.items() if text is None]
        if empty:
            column = tr(self._source.column(empty[0]).label)
            self._show_status(tr("Rows without a {column} cannot be chosen by a filter; "
                                 "narrow the list another way.").format(column=column),
                              error=True)
            return
        for key, text in filters.items():
            self.header.editor(key).setText(str(text))
        self.set_summary_mode(False)
        if filters:
            self.header.apply_now()

    @property
    def summary_exporting(self) -> bool:
        return self.summary is not None and self.summary.exporting

    def _on_summary_exported(self, path: str, count: int) -> None:
        self._show_status(tr("Exported the summary ({count} lines) to {path}").format(
            count=count, path=path))
        self.exported.emit(path, count)

    def _export_clicked(self) -> None:
        if self._export is not None:
            self.cancel_export()
        else:
            self.export_to_excel()

    def _ask_export_path(self) -> Path | None:
        folder = str(self._settings.value(EXPORT_DIR_KEY, "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation))
        title = tr(self._source.title)
        if self.summary_mode:
            title = tr(SUMMARY_TITLE).format(title=title)
        suggested = f"{title}-{shop_time.today():%Y%m%d}.xlsx"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, tr("Export to Excel"), str(Path(folder) / suggested),
            tr("Excel workbook (*.xlsx)"))
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        self._settings.setValue(EXPORT_DIR_KEY, str(target.parent))
        return target

    def _export_ended(self) -> None:
        self._export = None
        self.export_button.setText(tr("Export to Excel"))

    def _on_export_progress(self, count: int) -> None:
        self._show_status(tr("Exporting… {count} rows").format(count=count))

    def _on_exported(self, path: str, count: int) -> None:
        self._export_ended()
        self._show_status(tr("Exported {count} rows to {path}").format(count=count, path=path))
        self.exported.emit(path, count)

    def _on_export_failed(self, exc: BaseException) -> None:
        self._export_ended()
        message = error_text(exc)
        self._show_status(tr("Export failed: {message}").format(message=message), error=True)
        self.export_failed.emit(message)
