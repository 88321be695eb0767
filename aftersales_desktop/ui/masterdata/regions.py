"""Regions (city -> district -> area tree) and outside service outlets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import BigInteger, Boolean, Text, column, table, text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.core.work import run_in_background
from aftersales_desktop.data.listing import ListColumn, ListSource, SortKey
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.domain.masterdata import REGION_LEVELS
from aftersales_desktop.services import masterdata as service

from ..forms import ERROR_STYLE, FieldFeedback, confirm_discard
from ..i18n import tr
from ..listview import ListView
from ..messages import error_text
from .staff import region_paths, show_result

LEVEL_LABELS = {"city": QT_TR_NOOP("City"), "district": QT_TR_NOOP("District"),
                "area": QT_TR_NOOP("Area")}

outlet_table = table(
    "service_outlet", column("id", BigInteger), column("code", Text), column("name", Text),
    column("contact", Text), column("phone", Text), column("address", Text),
    column("region_id", BigInteger), column("settlement_terms", Text),
    column("active", Boolean), schema="app")
region_table = table("region", column("id", BigInteger), column("name", Text), schema="app")


def _outlets() -> ListSource:
    outlet = outlet_table.alias("o")
    region = region_table.alias("r")
    return ListSource(
        name="service_outlets",
        title=QT_TR_NOOP("Service outlets"),
        columns=(
            ListColumn("code", QT_TR_NOOP("Code"), outlet.c.code, width=90),
            ListColumn("name", QT_TR_NOOP("Outlet name"), outlet.c.name, width=140),
            ListColumn("contact", QT_TR_NOOP("Contact"), outlet.c.contact, width=90),
            ListColumn("phone", QT_TR_NOOP("Phone"), outlet.c.phone, ColumnKind.PHONE,
                       sensitive=True, width=110),
            ListColumn("region", QT_TR_NOOP("Region"), region.c.name, width=100),
            ListColumn("address", QT_TR_NOOP("Address"), outlet.c.address, width=160),
            ListColumn("active", QT_TR_NOOP("Active"), outlet.c.active, ColumnKind.BOOL,
                       width=60),
        ),
        from_clause=outlet.outerjoin(region, region.c.id == outlet.c.region_id),
        key=outlet.c.id,
        default_sort=(SortKey("code"),),
    )


SERVICE_OUTLETS = _outlets()
ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Region:
    id: int
    parent_id: int | None
    name: str
    level: str
    active: bool


def child_level(level: str | None) -> str:
    """The level of a new child: city under nothing, district under a city, area below."""
    if level is None:
        return REGION_LEVELS[0]
    index = REGION_LEVELS.index(level)
    return REGION_LEVELS[min(index + 1, len(REGION_LEVELS) - 1)]


class RegionTree(QTreeWidget):
    """The region tree; dropping a region on another asks the page to move it."""

    def __init__(self, dropped: Callable[[int, int | None], None]) -> None:
        super().__init__()
        self._dropped = dropped
        self.setDragDropMode(QTreeWidget.DragDropMode.InternalMove)

    def dropEvent(self, event: Any) -> None:
        moving = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        event.ignore()  # the tree is rebuilt from the database after the move
        if moving is None or target is moving:
            return
        self._dropped(int(moving.data(0, ID_ROLE)),
                      int(target.data(0, ID_ROLE)) if target is not None else None)


class RegionsPage(QWidget):
    """The region tree with add child / rename / move / deactivate, and service outlets."""

    def __init__(self, database: Database, session: Any, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.regions: dict[int, Region] = {}
        self.outlet_id: int | None = None
        self._dirty = False
        self._loaded = False

        # -- left: the region tree --------------------------------------------------------
        self.tree = RegionTree(self.move_region)
        self.tree.setHeaderLabels([tr("Region"), tr("Level")])
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(tr("Region name"))
        self.add_top_button = QPushButton(tr("Add city"))
        self.add_child_button = QPushButton(tr("Add child"))
        self.rename_button = QPushButton(tr("Rename"))
        self.deactivate_button = QPushButton(tr("Deactivate"))
        self.move_combo = QComboBox()
        self.move_button = QPushButton(tr("Move under..."))
        self.tree_message = QLabel()
        self.tree_message.setWordWrap(True)
        self.tree_message.hide()
        self.add_top_button.clicked.connect(lambda: self.add_region(self.name_edit.text(), None))
        self.add_child_button.clicked.connect(
            lambda: self.add_region(self.name_edit.text(), self.selected_region()))
        self.rename_button.clicked.connect(self._rename_clicked)
        self.deactivate_button.clicked.connect(self._deactivate_clicked)
        self.move_button.clicked.connect(self._move_clicked)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.name_edit)
        row = QHBoxLayout()
        for button in (self.add_top_button, self.add_child_button, self.rename_button,
                       self.deactivate_button):
            row.addWidget(button)
        left_layout.addLayout(row)
        move_row = QHBoxLayout()
        move_row.addWidget(self.move_combo, 1)
        move_row.addWidget(self.move_button)
        left_layout.addLayout(move_row)
        left_layout.addWidget(self.tree_message)

        # -- right: outlets --------------------------------------------------------------
        self.list = ListView(SERVICE_OUTLETS, database, parent=self)
        self.list.activated.connect(self.load_outlet)
        self.code_edit = QLineEdit()
        self.outlet_name_edit = QLineEdit()
        self.contact_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.address_edit = QLineEdit()
        self.region_combo = QComboBox()
        self.terms_edit = QPlainTextEdit()
        self.terms_edit.setMaximumHeight(80)
        self.active_box = QCheckBox(tr("Active"))
        form = QFormLayout()
        form.addRow(tr("Outlet code") + " *", self.code_edit)
        form.addRow(tr("Outlet name") + " *", self.outlet_name_edit)
        form.addRow(tr("Contact"), self.contact_edit)
        form.addRow(tr("Phone"), self.phone_edit)
        form.addRow(tr("Address"), self.address_edit)
        form.addRow(tr("Region"), self.region_combo)
        form.addRow(tr("Settlement terms"), self.terms_edit)
        form.addRow("", self.active_box)
        summary = QLabel()
        self.feedback = FieldFeedback(
            {"code": self.code_edit, "name": self.outlet_name_edit,
             "contact": self.contact_edit, "phone": self.phone_edit,
             "address": self.address_edit, "region_id": self.region_combo,
             "settlement_terms": self.terms_edit, "active": self.active_box}, summary)
        self.new_button = QPushButton(tr("New outlet"))
        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.new_button.clicked.connect(self.new_outlet)
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

        right = QSplitter(Qt.Orientation.Horizontal)
        right.addWidget(self.list)
        right.addWidget(editor)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        for edit in (self.code_edit, self.outlet_name_edit, self.contact_edit, self.phone_edit,
                     self.address_edit):
            edit.textEdited.connect(self._mark_dirty)
        self.terms_edit.textChanged.connect(self._mark_dirty)
        self.region_combo.activated.connect(self._mark_dirty)
        self.active_box.toggled.connect(self._mark_dirty)

        self.setEnabled(False)
        self.reload_tree()

    # -- the tree -----------------------------------------------------------------------
    def is_loaded(self) -> bool:
        return self._loaded

    def reload_tree(self) -> None:
        self._loaded = False
        run_in_background(self._fetch_regions, on_done=self._regions_loaded,
                          on_error=self._failed)

    def _fetch_regions(self) -> list[Region]:
        with self.database.read() as conn:
            return [Region(int(r[0]), r[1], str(r[2]), str(r[3]), bool(r[4]))
                    for r in conn.execute(text(
                        "SELECT id, parent_id, name, level, active FROM app.region "
                        "ORDER BY name, id"))]

    def _regions_loaded(self, regions: list[Region]) -> None:
        selected = self.selected_region()
        self.regions = {r.id: r for r in regions}
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for region in regions:
            name = region.name if region.active else region.name + tr(" (inactive)")
            item = QTreeWidgetItem([name, tr(LEVEL_LABELS.get(region.level, region.level))])
            item.setData(0, ID_ROLE, region.id)
            if not region.active:
                item.setForeground(0, Qt.GlobalColor.gray)
            items[region.id] = item
        for region in regions:
            if region.parent_id is not None and region.parent_id in items:
                items[region.parent_id].addChild(items[region.id])
            else:
                self.tree.addTopLevelItem(items[region.id])
        self.tree.expandAll()
        if selected in items:
            self.tree.setCurrentItem(items[selected])
        paths = region_paths([(r.id, r.parent_id, r.name) for r in regions])
        self.move_combo.clear()
        self.move_combo.addItem(tr("(top level)"), None)
        keep = self.region_combo.currentData()
        self.region_combo.blockSignals(True)
        self.region_combo.clear()
        self.region_combo.addItem(tr("(none)"), None)
        for region_id, path in paths:
            self.move_combo.addItem(path, region_id)
            if self.regions[region_id].active or region_id == keep:
                self.region_combo.addItem(path, region_id)
        self.region_combo.setCurrentIndex(max(self.region_combo.findData(keep), 0))
        self.region_combo.blockSignals(False)
        self._loaded = True
        if not self.isEnabled():
            self.setEnabled(True)
            self.new_outlet()

    def selected_region(self) -> int | None:
        item = self.tree.currentItem()
        return int(item.data(0, ID_ROLE)) if item is not None else None

    def select_region(self, region_id: int) -> None:
        for item in self.tree.findItems("*", Qt.MatchFlag.MatchWildcard
                                        | Qt.MatchFlag.MatchRecursive):
            if item.data(0, ID_ROLE) == region_id:
                self.tree.setCurrentItem(item)
                return

    def region_id(self, name: str) -> int | None:
        for region in self.regions.values():
            if region.name == name:
                return region.id
        return None

    def _tree_work(self, work: Callable[[Any], Any], done_message: str) -> None:
        self.tree_message.hide()

        def run() -> Any:
            with self.database.transaction() as conn:
                return work(conn)

        def done(_result: Any) -> None:
            show_result(self.tree_message, done_message, ok=True)
            self.name_edit.clear()
            self.reload_tree()

        run_in_background(run, on_done=done,
                          on_error=lambda exc: show_result(self.tree_message, error_text(exc),
                                                           ok=False))

    def add_region(self, name: str, parent_id: int | None) -> None:
        parent = self.regions.get(parent_id) if parent_id is not None else None
        level = child_level(parent.level if parent else None)
        self._tree_work(lambda conn: service.save_region(conn, name=name, level=level,
                                                         parent_id=parent_id),
                        tr("Region added."))

    def _update(self, region_id: int, **changes: Any) -> None:
        region = self.regions[region_id]
        values: dict[str, Any] = {"name": region.name, "level": region.level,
                                  "parent_id": region.parent_id, "active": region.active}
        values.update(changes)
        self._tree_work(lambda conn: service.save_region(conn, id=region_id, **values),
                        tr("Region saved."))

    def rename_region(self, region_id: int, name: str) -> None:
        self._update(region_id, name=name)

    def set_region_active(self, region_id: int, active: bool) -> None:
        self._update(region_id, active=active)

    def move_region(self, region_id: int, new_parent_id: int | None) -> None:
        self._tree_work(lambda conn: service.move_region(conn, region_id, new_parent_id),
                        tr("Region moved."))

    def _need_selection(self) -> int | None:
        region_id = self.selected_region()
        if region_id is None:
            show_result(self.tree_message, tr("Select a region first."), ok=False)
        return region_id

    def _rename_clicked(self) -> None:
        region_id = self._need_selection()
        if region_id is not None:
            self.rename_region(region_id, self.name_edit.text())

    def _deactivate_clicked(self) -> None:
        region_id = self._need_selection()
        if region_id is not None:
            self.set_region_active(region_id, not self.regions[region_id].active)

    def _move_clicked(self) -> None:
        region_id = self._need_selection()
        if region_id is not None:
            target = self.move_combo.currentData()
            self.move_region(region_id, int(target) if target is not None else None)

    # -- outlets --------------------------------------------------------------------------
    def new_outlet(self) -> None:
        if not self._confirm_discard():
            return
        self.outlet_id = None
        self.title.setText(tr("New service outlet"))
        for edit in (self.code_edit, self.outlet_name_edit, self.contact_edit, self.phone_edit,
                     self.address_edit):
            edit.clear()
        self.terms_edit.blockSignals(True)
        self.terms_edit.clear()
        self.terms_edit.blockSignals(False)
        self.region_combo.setCurrentIndex(0)
        self.active_box.setChecked(True)
        self.feedback.clear()
        self._dirty = False

    def load_outlet(self, outlet_id: Any) -> None:
        if not self._confirm_discard():
            return
        run_in_background(lambda: self._fetch_outlet(int(outlet_id)), on_done=self._show,
                          on_error=self._failed)

    def _fetch_outlet(self, outlet_id: int) -> tuple[Any, ...]:
        with self.database.read() as conn:
            row = conn.execute(text(
                "SELECT id, code, name, contact, phone, address, region_id, settlement_terms, "
                "active FROM app.service_outlet WHERE id = :id"), {"id": outlet_id}
            ).one_or_none()
        if row is None:
            raise service.RecordMissing(what=str(outlet_id))
        return tuple(row)

    def _show(self, row: tuple[Any, ...]) -> None:
        outlet_id, code, name, contact, phone, address, region_id, terms, active = row
        self.outlet_id = int(outlet_id)
        self.title.setText(tr("Service outlet {code}").format(code=code))
        self.code_edit.setText(code)
        self.outlet_name_edit.setText(name)
        self.contact_edit.setText(contact)
        self.phone_edit.setText(phone or "")
        self.address_edit.setText(address)
        self.region_combo.setCurrentIndex(max(self.region_combo.findData(region_id), 0))
        self.terms_edit.blockSignals(True)
        self.terms_edit.setPlainText(terms)
        self.terms_edit.blockSignals(False)
        self.active_box.setChecked(bool(active))
        self.feedback.clear()
        self._dirty = False

    def values(self) -> dict[str, Any]:
        return {"code": self.code_edit.text(), "name": self.outlet_name_edit.text(),
                "id": self.outlet_id, "contact": self.contact_edit.text(),
                "phone": self.phone_edit.text(), "address": self.address_edit.text(),
                "region_id": self.region_combo.currentData(),
                "settlement_terms": self.terms_edit.toPlainText(),
                "active": self.active_box.isChecked()}

    def save(self) -> None:
        self.feedback.clear()
        values = self.values()
        self.save_button.setEnabled(False)
        run_in_background(lambda: self._save(values), on_done=self._saved,
                          on_error=self._save_failed)

    def _save(self, values: dict[str, Any]) -> tuple[Any, ...]:
        with self.database.transaction() as conn:
            outlet_id = service.save_outlet(conn, **values)
        return self._fetch_outlet(outlet_id)

    def _saved(self, row: tuple[Any, ...]) -> None:
        self.save_button.setEnabled(True)
        self._dirty = False
        self._show(row)
        self.feedback.show_saved()
        self.list.refresh()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.feedback.show_failure(exc)

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self._loaded = True
        self.feedback.summary.setStyleSheet(ERROR_STYLE)
        self.feedback.show_message(error_text(exc))

    def _mark_dirty(self, *_args: Any) -> None:
        self._dirty = True

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def _confirm_discard(self) -> bool:
        return confirm_discard(self, self._dirty,
                               tr("Discard the changes to this service outlet?"))

    def refresh(self) -> None:
        self.reload_tree()
        self.list.refresh()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.list.set_sensitive_hidden(hidden)
