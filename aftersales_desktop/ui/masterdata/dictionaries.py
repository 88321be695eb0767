"""Dictionary maintenance: merge duplicate spellings, retire and restore values."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.core.work import run_in_background
from aftersales_desktop.services import masterdata as service
from aftersales_desktop.services.session import OperatorSession

from ..i18n import tr
from ..messages import error_text

DICTIONARY_KIND_LABELS = {
    "brand": QT_TR_NOOP("Brand"), "model": QT_TR_NOOP("Model"), "fault": QT_TR_NOOP("Fault"),
    "accessory": QT_TR_NOOP("Accessory"), "appearance": QT_TR_NOOP("Appearance"),
    "customer_source": QT_TR_NOOP("Customer source"),
}
VALUE, USES, ACTIVE, MERGED = range(4)


class DictionaryEditorPage(QWidget):
    """One dictionary at a time: values with their uses; merge, retire, restore."""

    def __init__(self, database: Database, session: OperatorSession, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.entries: list[service.DictionaryEntry] = []
        self.loaded_kind: str | None = None
        self._busy = False

        self.kind_combo = QComboBox()
        for kind, label in DICTIONARY_KIND_LABELS.items():
            self.kind_combo.addItem(tr(label), kind)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.inactive_box = QCheckBox(tr("Show retired and merged values"))
        self.inactive_box.setChecked(True)
        self.inactive_box.toggled.connect(lambda _on: self.refresh())

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [tr("Value"), tr("Uses"), tr("Active"), tr("Merged into")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(VALUE, 200)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.merge_button = QPushButton(tr("Merge into..."))
        self.retire_button = QPushButton(tr("Retire"))
        self.restore_button = QPushButton(tr("Restore"))
        self.merge_button.clicked.connect(lambda: self.merge_selected())
        self.retire_button.clicked.connect(self.retire_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        # Only what the operator may do is shown (UI.md): the actions need masterdata.edit.
        self.can_edit = session.can("masterdata.edit")
        for button in (self.merge_button, self.retire_button, self.restore_button):
            button.setVisible(self.can_edit)
        self.status = QLabel()
        self.status.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Dictionary")))
        top.addWidget(self.kind_combo)
        top.addWidget(self.inactive_box)
        top.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.merge_button)
        actions.addWidget(self.retire_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        self._update_buttons()
        self.refresh()

    # -- loading ------------------------------------------------------------------
    def current_kind(self) -> str:
        return str(self.kind_combo.currentData())

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def refresh(self) -> None:
        kind = self.current_kind()
        include = self.inactive_box.isChecked()
        self._busy = True
        self._update_buttons()

        def work() -> list[service.DictionaryEntry]:
            with self.database.read() as conn:
                return service.entries(conn, kind, include_inactive=include)

        run_in_background(work, on_done=lambda found: self._loaded(kind, found),
                          on_error=self._failed)

    def _loaded(self, kind: str, found: list[service.DictionaryEntry]) -> None:
        if kind != self.current_kind():
            return  # a newer request for another dictionary is on its way
        selected = self.selected_value()
        self.entries = found
        self.loaded_kind = kind
        by_id = {e.id: e.value for e in found}
        self.table.setRowCount(len(found))
        for row, entry in enumerate(found):
            uses = QTableWidgetItem(str(entry.uses))
            uses.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            merged = ("" if entry.merged_into is None
                      else by_id.get(entry.merged_into, f"#{entry.merged_into}"))
            cells = (QTableWidgetItem(entry.value), uses,
                     QTableWidgetItem(tr("Yes") if entry.active else tr("No")),
                     QTableWidgetItem(merged))
            for column, cell in enumerate(cells):
                if not entry.active:
                    cell.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, cell)
        self._busy = False
        if selected is not None:
            self.select_value(selected)
        self._update_buttons()

    # -- selection ------------------------------------------------------------------
    def selected_entry(self) -> service.DictionaryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.entries):
            return None
        return self.entries[rows[0].row()]

    def selected_value(self) -> str | None:
        entry = self.selected_entry()
        return entry.value if entry else None

    def select_value(self, value: str) -> bool:
        for row, entry in enumerate(self.entries):
            if entry.value == value:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        entry = None if self._busy else self.selected_entry()
        self.merge_button.setEnabled(entry is not None)
        self.retire_button.setEnabled(entry is not None and entry.active)
        self.restore_button.setEnabled(entry is not None and not entry.active
                                       and entry.merged_into is None)

    # -- actions ---------------------------------------------------------------------
    def merge_selected(self, into: str | None = None) -> None:
        """Fold the selected value into `into` (asked for when not given)."""
        entry = self.selected_entry()
        if entry is None or not self.can_edit:
            return
        if into is None:
            others = [e.value for e in self.entries if e.active and e.id != entry.id]
            into, ok = QInputDialog.getItem(
                self, tr("Merge into..."),
                tr("Keep which value? \"{value}\" will be replaced by it.").format(
                    value=entry.value), others, 0, True)
            if not ok or not into.strip():
                return
        kind, source, target = self.current_kind(), entry.value, into.strip()

        def work() -> service.DictionaryEntry:
            with self.database.transaction() as conn:
                return service.merge(conn, kind, source, target)

        self._run(work, tr("\"{source}\" merged into \"{target}\".").format(
            source=source, target=target))

    def retire_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or not self.can_edit:
            return
        kind, value = self.current_kind(), entry.value

        def work() -> None:
            with self.database.transaction() as conn:
                service.retire(conn, kind, value)

        self._run(work, tr("\"{value}\" is no longer suggested.").format(value=value))

    def restore_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or not self.can_edit:
            return
        kind, value = self.current_kind(), entry.value

        def work() -> None:
            with self.database.transaction() as conn:
                service.restore(conn, kind, value)

        self._run(work, tr("\"{value}\" is suggested again.").format(value=value))

    def _run(self, work: Callable[[], object], message: str) -> None:
        self._busy = True
        self._update_buttons()
        self.status.setStyleSheet("")
        self.status.clear()

        def done(_result: object) -> None:
            self.status.setStyleSheet("color: #2f6f3e;")
            self.status.setText(message)
            self.refresh()

        run_in_background(work, on_done=done, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._update_buttons()
        self.status.setStyleSheet("color: #d9363e;")
        self.status.setText(error_text(exc))

    def has_unsaved_changes(self) -> bool:
        return False

    def set_sensitive_hidden(self, hidden: bool) -> None:
        del hidden  # nothing sensitive here
