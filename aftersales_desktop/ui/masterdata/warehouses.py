"""Warehouses: the list on the left, one warehouse's form on the right."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.masterdata_lists import WAREHOUSE_TYPE_LABELS, WAREHOUSES
from aftersales_desktop.services import masterdata as service
from aftersales_desktop.services.session import OperatorSession

from ..forms import set_choices
from ..i18n import tr
from ..record_editor import RecordEditor

Choices = tuple[list[tuple[str, str]], list[tuple[int, str]]]  # types, keepers


class WarehousesPage(RecordEditor):
    """Add and edit warehouses: code, name, type, keeper, active."""

    new_label = QT_TR_NOOP("New warehouse")
    title_format = QT_TR_NOOP("Warehouse {code}")
    reader, saver = service.get_warehouse, service.save_warehouse
    choice_watches = frozenset({"employee"})
    table = "warehouse"

    def __init__(self, database: Database, session: OperatorSession, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(WAREHOUSES, database, session=session, parent=parent)
        self.code_edit = self.add_row(QT_TR_NOOP("Code"), QLineEdit(), name="code",
                                      required=True)
        self.name_edit = self.add_row(QT_TR_NOOP("Warehouse name"), QLineEdit(), name="name",
                                      required=True)
        self.type_combo = self.add_row(QT_TR_NOOP("Type"), QComboBox(), name="type",
                                       required=True)
        self.keeper_combo = self.add_row(QT_TR_NOOP("Keeper"), QComboBox(), name="keeper_id")
        self.active_box = self.add_row("", QCheckBox(tr("Active")), name="active", default=True)
        self.start()

    def load_choices(self, conn: Any) -> Choices:
        return service.warehouse_types(conn), service.active_employees(conn)

    def apply_choices(self, choices: Choices) -> None:
        types, keepers = choices
        set_choices(self.type_combo, [(code, tr(WAREHOUSE_TYPE_LABELS.get(code, label)))
                                      for code, label in types])
        set_choices(self.keeper_combo, keepers, none_label=tr("(none)"))
