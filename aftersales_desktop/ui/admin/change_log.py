"""The change-log viewer: who changed what, when, field by field."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.data.audit_lists import CHANGE_LOG, ChangeEntry, change_entry
from aftersales_desktop.domain.audit_labels import (
    ACTION_LABELS,
    RECORD_MODULES,
    SENSITIVE_FIELDS,
    TABLE_LABELS,
    field_label,
    operator_of,
    value_text,
)
from aftersales_desktop.domain.masking import mask_money

from ..i18n import tr
from ..listview import ListView
from ..messages import error_text
from ..operations import QueryOp

ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")


def display_value(value: Any, table: str = "", field: str = "") -> str:
    """A logged value as the screens show it: codes by their labels, money as ¥, flags as
    Yes / No, times on the clock the lists use."""
    if value is None:
        return tr("(empty)")
    if isinstance(value, str) and ISO_TIMESTAMP.match(value):
        # jsonb keeps the server's offset; show the shop's clock like the lists do
        return shop_time.format_datetime(value, seconds=True)
    return value_text(table, field, value, tr)


def field_text(table: str, field: str) -> str:
    label = field_label(table, field)
    return tr(label) if label else field


class _FieldNames(QStyledItemDelegate):
    """The list's "fields" column names each changed column by its label, not its name."""

    def __init__(self, page: ChangeLogPage) -> None:
        super().__init__(page)
        self.page = page

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        model = self.page.list.model
        table = model.row_values(index.row())[model.source.index_of("table_name")]
        names = [name for name in str(option.text).split(", ") if name]
        option.text = "、".join(field_text(str(table), name) for name in names)


class ChangeLogPage(QWidget):
    """The log list (filter by operator, time, record type, record, action) and a detail pane."""

    open_record = Signal(str, str)  # module key, record key

    def __init__(self, database: Database, *, exportable: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.entry: ChangeEntry | None = None
        self.sensitive_hidden = False
        self.list = ListView(CHANGE_LOG, database, exportable=exportable, parent=self)
        self.list.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.list.activated.connect(lambda _key: self.open_current())
        self.list.table.setItemDelegateForColumn(CHANGE_LOG.index_of("changed"),
                                                 _FieldNames(self))

        self.heading = QLabel(tr("Select an entry to see its changes."))
        self.heading.setWordWrap(True)
        self.fields = QTableWidget(0, 3)
        self.fields.setHorizontalHeaderLabels([tr("Field"), tr("Before"), tr("After")])
        self.fields.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.fields.verticalHeader().hide()
        self.fields.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.open_button = QPushButton(tr("Open the record"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_current)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.fields, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.open_button)
        detail_layout.addLayout(row)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        entry_id = int(self.list.model.key_at(current.row()))
        QueryOp(parent=self, database=self.database,
                op=lambda conn: change_entry(conn, entry_id), success=self.show_entry).failure(
                    lambda exc: self.heading.setText(error_text(exc))).with_progress(
                    ).run_in_background()

    def show_entry(self, entry: ChangeEntry) -> None:
        self.entry = entry
        table = tr(TABLE_LABELS.get(entry.table_name, entry.table_name))
        action = tr(ACTION_LABELS.get(entry.action, entry.action))
        self.heading.setText(tr("{time}: {operator} - {action} {table} {record}").format(
            time=shop_time.format_datetime(entry.at, seconds=True), operator=entry.operator,
            action=action, table=table, record=entry.record_key))
        self.fields.setRowCount(len(entry.fields))
        for row, (name, old, new) in enumerate(entry.fields):
            values = [display_value(old, entry.table_name, name),
                      display_value(new, entry.table_name, name)]
            if self.sensitive_hidden and name in SENSITIVE_FIELDS:
                values = [mask_money() if v != tr("(empty)") else v for v in values]
            for column, text in enumerate([field_text(entry.table_name, name), *values]):
                self.fields.setItem(row, column, QTableWidgetItem(text))
        self.open_button.setEnabled(entry.table_name in RECORD_MODULES
                                    and entry.action != "delete")

    def open_current(self) -> None:
        entry = self.entry
        if entry is not None and entry.table_name in RECORD_MODULES:
            self.open_record.emit(RECORD_MODULES[entry.table_name],
                                  operator_of(entry.table_name, entry.record_key))

    def refresh(self) -> None:
        self.list.refresh()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.sensitive_hidden = hidden
        self.list.set_sensitive_hidden(hidden)
        if self.entry is not None:
            self.show_entry(self.entry)
