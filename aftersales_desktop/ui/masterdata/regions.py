"""Regions (city -> district -> area tree) and outside service outlets."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.masterdata_lists import REGION_LEVEL_LABELS, SERVICE_OUTLETS
from aftersales_desktop.domain.masterdata import REGION_LEVELS
from aftersales_desktop.services import masterdata as service

from ..field_limits import limit_text
from ..forms import set_choices
from ..i18n import tr
from ..operations import Changes
from ..record_editor import RecordEditor
from .tree_panel import Node, TreePanel, paths

REGION = "region"


def child_level(level: str | None) -> str:
    """The level of a new child: city under nothing, district under a city, area below."""
    if level is None:
        return REGION_LEVELS[0]
    index = REGION_LEVELS.index(level)
    return REGION_LEVELS[min(index + 1, len(REGION_LEVELS) - 1)]


class RegionsPage(RecordEditor):
    """The region tree with add child / rename / move / deactivate, and service outlets."""

    new_label = QT_TR_NOOP("New outlet")
    title_format = QT_TR_NOOP("Service outlet {code}")
    reader, saver = service.get_outlet, service.save_outlet
    choice_watches = frozenset({REGION})
    table = "service_outlet"

    def __init__(self, database: Database, session: Any, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(SERVICE_OUTLETS, database, session=session, parent=parent)
        self.regions: dict[int, service.Region] = {}
        self._region_tree()
        self.code_edit = self.add_row(QT_TR_NOOP("Outlet code"), QLineEdit(), name="code",
                                      required=True)
        self.outlet_name_edit = self.add_row(QT_TR_NOOP("Outlet name"), QLineEdit(),
                                             name="name", required=True)
        self.contact_edit = self.add_row(QT_TR_NOOP("Contact"), QLineEdit(), name="contact")
        self.phone_edit = self.add_row(QT_TR_NOOP("Phone"), QLineEdit(), name="phone")
        self.address_edit = self.add_row(QT_TR_NOOP("Address"), QLineEdit(), name="address")
        self.region_combo = self.add_row(QT_TR_NOOP("Region"), QComboBox(), name="region_id")
        self.terms_edit = QPlainTextEdit()
        self.terms_edit.setMaximumHeight(80)
        self.terms_edit.setTabChangesFocus(True)
        self.add_row(QT_TR_NOOP("Settlement terms"), self.terms_edit, name="settlement_terms")
        self.active_box = self.add_row("", QCheckBox(tr("Active")), name="active", default=True)
        self.start()

    def _region_tree(self) -> None:
        self.tree_panel = TreePanel(self, [tr("Region"), tr("Level")],
                                    placeholder=tr("Region name"), dropped=self.move_region)
        self.tree = self.tree_panel.tree
        self.name_edit = limit_text(self.tree_panel.name_edit, "region", "name")
        self.tree_message = self.tree_panel.message
        self.move_combo = self.tree_panel.move_combo
        self.add_top_button = self.tree_panel.add_button(
            QT_TR_NOOP("Add city"), lambda: self.add_region(self.name_edit.text(), None))
        self.add_child_button = self.tree_panel.add_button(
            QT_TR_NOOP("Add child"),
            lambda: self.add_region(self.name_edit.text(), self.selected_region()))
        self.rename_button = self.tree_panel.add_button(QT_TR_NOOP("Rename"),
                                                        self._rename_clicked)
        self.deactivate_button = self.tree_panel.add_button(QT_TR_NOOP("Deactivate"),
                                                            self._deactivate_clicked)
        self.tree_panel.move_button.clicked.connect(self._move_clicked)
        self.add_side_panel(self.tree_panel)

    # -- choices: the regions (also the tree) ------------------------------------------------
    def load_choices(self, conn: Any) -> list[service.Region]:
        return service.regions(conn)

    def apply_choices(self, choices: list[service.Region]) -> None:
        self.regions = {r.id: r for r in choices}
        region_paths = paths((r.id, r.parent_id, r.name) for r in choices)
        self.tree_panel.fill(
            [Node(REGION, r.id, (REGION, r.parent_id) if r.parent_id is not None else None,
                  (r.name, tr(REGION_LEVEL_LABELS.get(r.level, r.level))), r.active)
             for r in choices], region_paths)
        # an outlet may still be in a region retired since: it is offered, marked
        set_choices(self.region_combo, [
            (rid, path if self.regions[rid].active else path + tr(" (inactive)"))
            for rid, path in region_paths], none_label=tr("(none)"))

    def is_loaded(self) -> bool:
        return self.is_ready()

    # -- the tree ------------------------------------------------------------------------------
    def selected_region(self) -> int | None:
        return self.tree_panel.selected(REGION)

    def select_region(self, region_id: int) -> None:
        self.tree_panel.select(REGION, region_id)

    def region_id(self, name: str) -> int | None:
        return next((r.id for r in self.regions.values() if r.name == name), None)

    def _change(self, op: Any, done_message: str) -> None:
        self.tree_panel.change(op, Changes.of(REGION), done_message)

    def add_region(self, name: str, parent_id: int | None) -> None:
        parent = self.regions.get(parent_id) if parent_id is not None else None
        level = child_level(parent.level if parent else None)
        self._change(lambda conn: service.save_region(conn, name=name, level=level,
                                                      parent_id=parent_id),
                     tr("Region added."))

    def _update(self, region_id: int, **changes: Any) -> None:
        region = self.regions[region_id]
        values: dict[str, Any] = {"name": region.name, "level": region.level,
                                  "parent_id": region.parent_id, "active": region.active}
        values.update(changes)
        self._change(lambda conn: service.save_region(conn, id=region_id, **values),
                     tr("Region saved."))

    def rename_region(self, region_id: int, name: str) -> None:
        self._update(region_id, name=name)

    def set_region_active(self, region_id: int, active: bool) -> None:
        self._update(region_id, active=active)

    def move_region(self, region_id: int, new_parent_id: int | None) -> None:
        self._change(lambda conn: service.move_region(conn, region_id, new_parent_id),
                     tr("Region moved."))

    def _need_selection(self) -> int | None:
        region_id = self.selected_region()
        if region_id is None:
            self.tree_panel.say(tr("Select a region first."), ok=False)
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
            self.move_region(region_id, self.tree_panel.move_target())

    # -- outlets ----------------------------------------------------------------------------
    def new_title(self) -> str:
        return tr("New service outlet")
