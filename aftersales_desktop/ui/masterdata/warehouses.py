"""Warehouses: the list on the left, one warehouse's form on the right."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import BigInteger, Boolean, Text, column, table, text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.core.work import run_in_background
from aftersales_desktop.data.listing import ListColumn, ListSource, SortKey
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.services import masterdata as service
from aftersales_desktop.services.session import OperatorSession

from ..forms import FieldFeedback, confirm_discard
from ..i18n import tr
from ..listview import ListView
from ..messages import error_text

WAREHOUSE_TYPE_LABELS = {
    "finished": QT_TR_NOOP("Finished goods"), "pending_repair": QT_TR_NOOP("Pending repair"),
    "samples": QT_TR_NOOP("Samples"), "scrap": QT_TR_NOOP("Scrap"),
    "merchant_returns": QT_TR_NOOP("Merchant returns"), "parts": QT_TR_NOOP("Parts"),
}

warehouse_table = table(
    "warehouse",
    column("id", BigInteger),
    column("code", Text),
    column("name", Text),
    column("type", Text),
    column("keeper_id", BigInteger),
    column("active", Boolean),
    schema="app",
)
employee_table = table(
    "employee",
    column("id", BigInteger),
    column("code", Text),
    column("name", Text),
    column("active", Boolean),
    schema="app",
)


def _warehouses() -> ListSource:
    wh = warehouse_table.alias("w")
    keeper = employee_table.alias("e")
    return ListSource(
        name="warehouses",
        title=QT_TR_NOOP("Warehouses"),
        columns=(
            ListColumn("code", QT_TR_NOOP("Code"), wh.c.code, width=90),
            ListColumn("name", QT_TR_NOOP("Warehouse name"), wh.c.name, width=140),
            ListColumn("type", QT_TR_NOOP("Type"), wh.c.type, width=100,
                       choices=WAREHOUSE_TYPE_LABELS),
            ListColumn("keeper", QT_TR_NOOP("Keeper"), keeper.c.name, width=100),
            ListColumn("active", QT_TR_NOOP("Active"), wh.c.active, ColumnKind.BOOL, width=60),
        ),
        from_clause=wh.outerjoin(keeper, keeper.c.id == wh.c.keeper_id),
        key=wh.c.id,
        default_sort=(SortKey("code"),),
    )


WAREHOUSES = _warehouses()

_Choices = tuple[list[tuple[str, str]], list[tuple[int, str]]]


class WarehousesPage(QWidget):
    """Add and edit warehouses: code, name, type, keeper, active."""

    def __init__(self, database: Database, session: OperatorSession, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.warehouse_id: int | None = None
        self._dirty = False
        self._loading = False

        self.list = ListView(WAREHOUSES, database, parent=self)
        self.list.activated.connect(self.load)

        self.code_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.type_combo = QComboBox()
        self.keeper_combo = QComboBox()
        self.active_box = QCheckBox(tr("Active"))
        form = QFormLayout()
        form.addRow(tr("Code") + " *", self.code_edit)
        form.addRow(tr("Warehouse name") + " *", self.name_edit)
        form.addRow(tr("Type") + " *", self.type_combo)
        form.addRow(tr("Keeper"), self.keeper_combo)
        form.addRow("", self.active_box)

        summary = QLabel()
        self.feedback = FieldFeedback(
            {"code": self.code_edit, "name": self.name_edit, "type": self.type_combo,
             "keeper_id": self.keeper_combo, "active": self.active_box}, summary)
        self.new_button = QPushButton(tr("New warehouse"))
        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.new_button.clicked.connect(self.new_warehouse)
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
        editor_layout.addStretch(1)
        editor_layout.addWidget(summary)
        editor_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        for edit in (self.code_edit, self.name_edit):
            edit.textEdited.connect(self._mark_dirty)
        for combo in (self.type_combo, self.keeper_combo):
            combo.currentIndexChanged.connect(self._mark_dirty)
        self.active_box.toggled.connect(self._mark_dirty)

        self.setEnabled(False)
        run_in_background(self._load_choices, on_done=self._choices_loaded,
                          on_error=self._failed)

    # -- loading ------------------------------------------------------------------
    def _load_choices(self) -> _Choices:
        with self.database.read() as conn:
            types = [(str(r[0]), str(r[1])) for r in conn.execute(text(
                "SELECT code, label FROM app.warehouse_type WHERE active "
                "ORDER BY sort_order, code")).all()]
            keepers = [(int(r[0]), f"{r[2]} ({r[1]})") for r in conn.execute(text(
                "SELECT id, code, name FROM app.employee WHERE active ORDER BY code")).all()]
        return types, keepers

    def _choices_loaded(self, result: _Choices) -> None:
        types, keepers = result
        self._loading = True
        for code, label in types:
            self.type_combo.addItem(tr(WAREHOUSE_TYPE_LABELS.get(code, label)), code)
        self.keeper_combo.addItem(tr("(none)"), None)
        for employee_id, label in keepers:
            self.keeper_combo.addItem(label, employee_id)
        self._loading = False
        self.setEnabled(True)
        self.new_warehouse()

    def load(self, warehouse_id: Any) -> None:
        if not self._confirm_discard():
            return
        run_in_background(lambda: self._fetch(int(warehouse_id)), on_done=self._show,
                          on_error=self._failed)

    def _fetch(self, warehouse_id: int) -> dict[str, Any]:
        with self.database.read() as conn:
            row = conn.execute(text(
                "SELECT id, code, name, type, keeper_id, active FROM app.warehouse "
                "WHERE id = :i"), {"i": warehouse_id}).mappings().first()
        if row is None:
            raise service.RecordMissing(what=str(warehouse_id))
        return dict(row)

    # -- the form ---------------------------------------------------------------------
    def new_warehouse(self) -> None:
        if not self._confirm_discard():
            return
        self._loading = True
        self.warehouse_id = None
        self.title.setText(tr("New warehouse"))
        self.code_edit.clear()
        self.name_edit.clear()
        self.type_combo.setCurrentIndex(0)
        self.keeper_combo.setCurrentIndex(0)
        self.active_box.setChecked(True)
        self._loading = False
        self.feedback.clear()
        self._dirty = False
        self.code_edit.setFocus()

    def _show(self, row: dict[str, Any]) -> None:
        self._loading = True
        self.warehouse_id = int(row["id"])
        self.title.setText(tr("Warehouse {code}").format(code=row["code"]))
        self.code_edit.setText(row["code"])
        self.name_edit.setText(row["name"])
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(row["type"]), 0))
        self.keeper_combo.setCurrentIndex(max(self.keeper_combo.findData(row["keeper_id"]), 0))
        self.active_box.setChecked(bool(row["active"]))
        self._loading = False
        self.feedback.clear()
        self._dirty = False
        self.name_edit.setFocus()

    def _mark_dirty(self, *_args: Any) -> None:
        if not self._loading:
            self._dirty = True

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def _confirm_discard(self) -> bool:
        return confirm_discard(self, self._dirty,
                               tr("Discard the changes to this warehouse?"))

    # -- saving ---------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {"code": self.code_edit.text(), "name": self.name_edit.text(),
                "type": self.type_combo.currentData() or "",
                "id": self.warehouse_id, "keeper_id": self.keeper_combo.currentData(),
                "active": self.active_box.isChecked()}

    def save(self) -> None:
        self.feedback.clear()
        values = self.values()
        self.save_button.setEnabled(False)
        run_in_background(lambda: self._save(values), on_done=self._saved,
                          on_error=self._save_failed)

    def _save(self, values: dict[str, Any]) -> dict[str, Any]:
        with self.database.transaction() as conn:
            warehouse_id = service.save_warehouse(conn, **values)
        return self._fetch(warehouse_id)

    def _saved(self, row: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        self._show(row)
        self.feedback.show_saved()
        self.list.refresh()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.feedback.show_failure(exc)

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.feedback.show_message(error_text(exc))

    def refresh(self) -> None:
        self.list.refresh()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.list.set_sensitive_hidden(hidden)
