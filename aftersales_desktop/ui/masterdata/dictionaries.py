"""Dictionary maintenance: add values, merge duplicate spellings, retire and restore values."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.masterdata_lists import DICTIONARY_ENTRIES, DICTIONARY_KIND_LABELS
from aftersales_desktop.services import masterdata as service
from aftersales_desktop.services.session import OperatorSession

from ..forms import select_data
from ..i18n import tr
from ..operations import Changes
from ..record_editor import RecordEditor

DICTIONARY = Changes.of("dictionary")


class DictionaryEditorPage(RecordEditor):
    """Every dictionary's values with their uses: add one, retire or restore it, or merge a
    duplicate spelling into the value to keep (records then show the kept one)."""

    new_label = QT_TR_NOOP("New value")
    saver = service.save_entry
    saves = DICTIONARY
    table = "dictionary_entry"

    def __init__(self, database: Database, session: OperatorSession, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(DICTIONARY_ENTRIES, database, session=session, parent=parent)
        # Only what the operator may do is shown (UI.md): changes need masterdata.edit.
        self.can_edit = session.can("masterdata.edit")

        self.kind_filter = QComboBox()
        self.kind_filter.addItem(tr("(all)"), None)
        for kind, label in DICTIONARY_KIND_LABELS.items():
            self.kind_filter.addItem(tr(label), kind)
        self.kind_filter.currentIndexChanged.connect(lambda _index: self._filter_list())
        self.inactive_box = QCheckBox(tr("Show retired and merged values"))
        self.inactive_box.setChecked(True)
        self.inactive_box.toggled.connect(lambda _on: self._filter_list())
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Dictionary")))
        top.addWidget(self.kind_filter)
        top.addWidget(self.inactive_box)
        top.addStretch(1)
        self.add_list_header(top)

        self.kind_combo = QComboBox()
        for kind, label in DICTIONARY_KIND_LABELS.items():
            self.kind_combo.addItem(tr(label), kind)
        self.add_row(QT_TR_NOOP("Dictionary"), self.kind_combo, name="kind", default="brand")
        self.value_edit = self.add_row(QT_TR_NOOP("Value"), QLineEdit(), name="value",
                                       required=True)
        self.uses_label = self.add_row(QT_TR_NOOP("Uses"), QLabel())
        self.merged_label = self.add_row(QT_TR_NOOP("Merged into"), QLabel())
        self.active_box = self.add_row("", QCheckBox(tr("Suggested while typing (active)")),
                                       name="active", default=True)
        self.merge_button = QPushButton(tr("Merge into..."))
        self.merge_button.clicked.connect(lambda: self.merge_into())
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.merge_button)
        merge_row.addStretch(1)
        self.form.addRow("", merge_row)
        self.field("into_value", self.merge_button, value=False, watch=False)
        for button in (self.new_button, self.save_button, self.merge_button):
            button.setVisible(self.can_edit)
        self.focus_new = self.value_edit
        self.start()

    # -- the list --------------------------------------------------------------------------
    def set_kind(self, kind: str | None) -> None:
        """Show one dictionary (None: all of them)."""
        select_data(self.kind_filter, kind)

    def _filter_list(self) -> None:
        header = self.list.header
        header.clear_filters()
        kind = self.kind_filter.currentData()
        if kind is not None:
            header.editor("kind").setText(tr(DICTIONARY_KIND_LABELS[kind]))
        if not self.inactive_box.isChecked():
            header.editor("active").setText(tr("Yes"))
        header.apply_now()

    # -- what is not a plain field -------------------------------------------------------------
    def fetch(self, conn: Any, key: int) -> dict[str, Any]:
        entry = service.get_entry(conn, key)
        merged = "" if entry.merged_into is None else service.get_entry(
            conn, entry.merged_into).value
        return dict(vars(entry), merged_value=merged)

    def record_title(self, record: dict[str, Any]) -> str:
        kind = record["kind"]
        return f"{tr(DICTIONARY_KIND_LABELS.get(kind, kind))}: {record['value']}"

    def clear_form(self) -> None:
        super().clear_form()
        kind = self.kind_filter.currentData()
        if kind is not None:
            select_data(self.kind_combo, kind)
        self._editable(new=True, merged=False)
        self.uses_label.setText("0")
        self.merged_label.clear()

    def show_record(self, record: dict[str, Any]) -> None:
        super().show_record(record)
        self._editable(new=False, merged=record["merged_into"] is not None)
        self.uses_label.setText(str(record["uses"]))
        self.merged_label.setText(record["merged_value"])

    def _editable(self, *, new: bool, merged: bool) -> None:
        """A stored value keeps its dictionary and spelling (merge it to change them); a
        merged one is not restored by itself: merge it back instead."""
        self.kind_combo.setEnabled(self.can_edit and new)
        self.value_edit.setReadOnly(not new)
        self.active_box.setEnabled(self.can_edit and not merged)
        self.merge_button.setEnabled(self.can_edit and not new)

    def save(self) -> None:
        if self.can_edit:  # Ctrl+S too
            super().save()

    @property
    def entry(self) -> service.DictionaryEntry | None:
        record = self.record
        return None if record is None else service.DictionaryEntry(
            **{k: v for k, v in record.items() if k != "merged_value"})

    # -- merging -----------------------------------------------------------------------------
    def merge_into(self, into: str | None = None) -> None:
        """Fold the shown value into `into` (asked for, among the dictionary's values, when
        not given): the shown one is retired and points at the kept one."""
        entry = self.entry
        if entry is None or not self.can_edit:
            return
        if into is None:
            self.read(lambda conn: service.suggestions(conn, entry.kind, limit=500),
                      lambda values: self._ask_merge_target(entry, values))
            return
        kind, source, target = entry.kind, entry.value, into.strip()

        def merged(kept: service.DictionaryEntry) -> None:
            self.load(entry.id, done_message=tr("\"{source}\" merged into \"{target}\".")
                      .format(source=source, target=kept.value))

        self.write(lambda conn: service.merge(conn, kind, source, target), DICTIONARY, merged)

    def _ask_merge_target(self, entry: service.DictionaryEntry, values: list[str]) -> None:
        others = [value for value in values if value != entry.value]
        into, ok = QInputDialog.getItem(
            self, tr("Merge into..."),
            tr("Keep which value? \"{value}\" will be replaced by it.").format(value=entry.value),
            others, 0, True)
        if ok and into.strip():
            self.merge_into(into)
