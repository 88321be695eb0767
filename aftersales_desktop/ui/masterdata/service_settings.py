"""Service settings: work types, reward/penalty items and overdue rules, one tab each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import BigInteger, Boolean, Integer, Numeric, Text, column, table, text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.core.work import run_in_background
from aftersales_desktop.data.listing import ListColumn, ListSource, SortKey
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.services import masterdata as service

from ..forms import ERROR_STYLE, FieldFeedback, confirm_discard
from ..i18n import tr
from ..listview import ListView
from ..messages import error_text

TEXT, MONEY, NUMBER, FLAG = "text", "money", "number", "flag"


@dataclass(frozen=True)
class Field:
    """One form field: the service's keyword, an English label, how it is edited."""

    key: str
    label: str
    kind: str = TEXT
    required: bool = False


@dataclass(frozen=True)
class Setting:
    """One kind of setting: its table, list, form fields and save function."""

    table: str
    noun: str
    source: ListSource
    fields: tuple[Field, ...]
    save: Callable[..., int]


def _source(name: str, title: str, table_name: str,
            columns: list[tuple[str, str, Any, ColumnKind]]) -> ListSource:
    t = table(table_name, column("id", BigInteger),
              *(column(key, sql_type) for key, _label, sql_type, _kind in columns),
              schema="app")
    sort = "code" if any(key == "code" for key, *_rest in columns) else "name"
    return ListSource(
        name=name, title=title,
        columns=tuple(ListColumn(key, label, t.c[key], kind, width=100)
                      for key, label, _sql_type, kind in columns),
        from_clause=t, key=t.c.id, default_sort=(SortKey(sort),))


WORK_TYPES = Setting(
    table="app.work_type", noun=QT_TR_NOOP("work type"),
    source=_source("work_types", QT_TR_NOOP("Work types"), "work_type", [
        ("code", QT_TR_NOOP("Code"), Text, ColumnKind.TEXT),
        ("name", QT_TR_NOOP("Label"), Text, ColumnKind.TEXT),
        ("labour_fee", QT_TR_NOOP("Labour fee"), Numeric(12, 2), ColumnKind.MONEY),
        ("standard_hours", QT_TR_NOOP("Standard hours"), Numeric(6, 2), ColumnKind.MONEY),
        ("active", QT_TR_NOOP("Active"), Boolean, ColumnKind.BOOL)]),
    fields=(Field("code", QT_TR_NOOP("Code"), required=True),
            Field("name", QT_TR_NOOP("Label"), required=True),
            Field("labour_fee", QT_TR_NOOP("Labour fee"), MONEY),
            Field("standard_hours", QT_TR_NOOP("Standard hours"), MONEY),
            Field("active", QT_TR_NOOP("Active"), FLAG)),
    save=service.save_work_type)

REWARD_PENALTY_ITEMS = Setting(
    table="app.reward_penalty_item", noun=QT_TR_NOOP("reward/penalty item"),
    source=_source("reward_penalty_items", QT_TR_NOOP("Rewards and penalties"),
                   "reward_penalty_item", [
                       ("code", QT_TR_NOOP("Code"), Text, ColumnKind.TEXT),
                       ("name", QT_TR_NOOP("Label"), Text, ColumnKind.TEXT),
                       ("amount", QT_TR_NOOP("Amount"), Numeric(12, 2), ColumnKind.MONEY),
                       ("active", QT_TR_NOOP("Active"), Boolean, ColumnKind.BOOL)]),
    fields=(Field("code", QT_TR_NOOP("Code"), required=True),
            Field("name", QT_TR_NOOP("Label"), required=True),
            Field("amount", QT_TR_NOOP("Amount (negative = penalty)"), MONEY),
            Field("active", QT_TR_NOOP("Active"), FLAG)),
    save=service.save_reward_penalty_item)

OVERDUE_RULES = Setting(
    table="app.overdue_rule", noun=QT_TR_NOOP("overdue rule"),
    source=_source("overdue_rules", QT_TR_NOOP("Overdue rules"), "overdue_rule", [
        ("name", QT_TR_NOOP("Label"), Text, ColumnKind.TEXT),
        ("amount_per_day", QT_TR_NOOP("Amount per day"), Numeric(12, 2), ColumnKind.MONEY),
        ("grace_days", QT_TR_NOOP("Grace days"), Integer, ColumnKind.INT),
        ("active", QT_TR_NOOP("Active"), Boolean, ColumnKind.BOOL)]),
    fields=(Field("name", QT_TR_NOOP("Label"), required=True),
            Field("amount_per_day", QT_TR_NOOP("Amount per day"), MONEY),
            Field("grace_days", QT_TR_NOOP("Grace days"), NUMBER),
            Field("active", QT_TR_NOOP("Active"), FLAG)),
    save=service.save_overdue_rule)


class SettingEditor(QWidget):
    """A list of one kind of setting and a form for one of them; saves in a worker."""

    def __init__(self, setting: Setting, database: Database, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setting = setting
        self.database = database
        self.record_id: int | None = None
        self._dirty = False

        self.list = ListView(setting.source, database, parent=self)
        self.list.activated.connect(self.load)
        self.edits: dict[str, QWidget] = {}
        form = QFormLayout()
        for spec in setting.fields:
            widget: QWidget
            if spec.kind == FLAG:
                box = QCheckBox(tr(spec.label))
                box.toggled.connect(self._mark_dirty)
                widget = box
                form.addRow("", box)
            else:
                edit = QLineEdit()
                if spec.kind in (MONEY, NUMBER):
                    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
                    edit.setPlaceholderText("0.00" if spec.kind == MONEY else "0")
                edit.textEdited.connect(self._mark_dirty)
                widget = edit
                form.addRow(tr(spec.label) + (" *" if spec.required else ""), edit)
            self.edits[spec.key] = widget
        summary = QLabel()
        self.feedback = FieldFeedback(dict(self.edits), summary)
        self.new_button = QPushButton(tr("New"))
        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        editor_layout.addWidget(self.title)
        editor_layout.addLayout(form)
        editor_layout.addWidget(summary)
        editor_layout.addLayout(buttons)
        editor_layout.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.new_record()

    def edit(self, key: str) -> QLineEdit:
        widget = self.edits[key]
        assert isinstance(widget, QLineEdit)
        return widget

    def flag(self, key: str) -> QCheckBox:
        widget = self.edits[key]
        assert isinstance(widget, QCheckBox)
        return widget

    def new_record(self) -> None:
        if not self._confirm_discard():
            return
        self.record_id = None
        self.title.setText(tr("New {what}").format(what=tr(self.setting.noun)))
        for spec in self.setting.fields:
            if spec.kind == FLAG:
                self.flag(spec.key).setChecked(True)
            else:
                self.edit(spec.key).setText("0" if spec.kind in (MONEY, NUMBER) else "")
        self.feedback.clear()
        self._dirty = False

    def load(self, record_id: Any) -> None:
        if not self._confirm_discard():
            return
        run_in_background(lambda: self._fetch(int(record_id)), on_done=self._show,
                          on_error=self._failed)

    def _fetch(self, record_id: int) -> dict[str, Any]:
        keys = [spec.key for spec in self.setting.fields]
        with self.database.read() as conn:
            row = conn.execute(text(
                f"SELECT id, {', '.join(keys)} FROM {self.setting.table} WHERE id = :id"),
                {"id": record_id}).mappings().one_or_none()
        if row is None:
            raise service.RecordMissing(what=str(record_id))
        return dict(row)

    def _show(self, row: dict[str, Any]) -> None:
        self.record_id = int(row["id"])
        name = row.get("code") or row.get("name")
        self.title.setText(f"{tr(self.setting.noun)} {name}")
        for spec in self.setting.fields:
            if spec.kind == FLAG:
                self.flag(spec.key).setChecked(bool(row[spec.key]))
            else:
                self.edit(spec.key).setText(str(row[spec.key]))
        self.feedback.clear()
        self._dirty = False

    def values(self) -> dict[str, Any]:
        """The form as keyword arguments of the service's save function (money as text:
        the service parses it into a Decimal and refuses what is not an amount)."""
        values: dict[str, Any] = {"id": self.record_id}
        for spec in self.setting.fields:
            if spec.kind == FLAG:
                values[spec.key] = self.flag(spec.key).isChecked()
            else:
                values[spec.key] = self.edit(spec.key).text()
        return values

    def save(self) -> None:
        self.feedback.clear()
        values = self.values()
        self.save_button.setEnabled(False)
        run_in_background(lambda: self._save(values), on_done=self._saved,
                          on_error=self._save_failed)

    def _save(self, values: dict[str, Any]) -> dict[str, Any]:
        with self.database.transaction() as conn:
            record_id = self.setting.save(conn, **values)
        return self._fetch(record_id)

    def _saved(self, row: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        self._dirty = False
        self._show(row)
        self.feedback.show_saved()
        self.list.refresh()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.feedback.show_failure(exc)

    def _failed(self, exc: BaseException) -> None:
        self.feedback.summary.setStyleSheet(ERROR_STYLE)
        self.feedback.show_message(error_text(exc))

    def _mark_dirty(self, *_args: Any) -> None:
        self._dirty = True

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def _confirm_discard(self) -> bool:
        return confirm_discard(self, self._dirty,
                               tr("Discard the changes to this entry?"))


class ServiceSettingsPage(QWidget):
    """Work types, reward/penalty items and overdue rules."""

    def __init__(self, database: Database, session: Any, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.work_types = SettingEditor(WORK_TYPES, database)
        self.reward_penalty_items = SettingEditor(REWARD_PENALTY_ITEMS, database)
        self.overdue_rules = SettingEditor(OVERDUE_RULES, database)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.work_types, tr("Work types"))
        self.tabs.addTab(self.reward_penalty_items, tr("Rewards and penalties"))
        self.tabs.addTab(self.overdue_rules, tr("Overdue rules"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        QShortcut(QKeySequence.StandardKey.Save, self, self._save_current)

    def editors(self) -> list[SettingEditor]:
        return [self.work_types, self.reward_penalty_items, self.overdue_rules]

    def _save_current(self) -> None:
        current = self.tabs.currentWidget()
        if isinstance(current, SettingEditor):
            current.save()

    def has_unsaved_changes(self) -> bool:
        return any(editor.has_unsaved_changes() for editor in self.editors())

    def refresh(self) -> None:
        for editor in self.editors():
            editor.list.refresh()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        for editor in self.editors():
            editor.list.set_sensitive_hidden(hidden)
