"""The catalogue: items (products and parts) in a list on the left, one item's form on the right.

Cost prices are readable only with costs.view: without it the list comes from a source
that never touches app.item_cost (the database would refuse the whole query) and the
form has no cost field at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.masterdata_lists import ITEM_KIND_LABELS, catalogue_source
from aftersales_desktop.domain.masking import format_money
from aftersales_desktop.services import masterdata as service
from aftersales_desktop.services.session import OperatorSession

from ..field_limits import limit_text
from ..forms import MoneyEdit, select_data, set_choices, set_suggestions
from ..i18n import tr
from ..operations import Changes
from ..record_editor import RecordEditor
from .importing import offer_import

COST_CAPABILITY = "costs.view"

Choices = tuple[list[tuple[int, str]], list[str], list[str]]  # categories, brands, models


class CataloguePage(RecordEditor):
    """Add and edit catalogue items; the cost price only for operators with costs.view."""

    new_label = QT_TR_NOOP("New item")
    title_format = QT_TR_NOOP("Item {code}")
    reader, saver = service.get_item, service.save_item
    choice_watches = frozenset({"item_category", "dictionary"})
    saves = Changes.of("item", "dictionary")
    table = "item"
    columns: ClassVar[Mapping[str, tuple[str, str]]] = {"cost_price": ("item_cost", "cost_price")}

    def __init__(self, database: Database, session: OperatorSession, *,
                 parent: QWidget | None = None) -> None:
        can_see_costs = session.can(COST_CAPABILITY)
        super().__init__(catalogue_source(can_see_costs), database, session=session, parent=parent)
        self.can_see_costs = can_see_costs
        self.code_edit = self.add_row(QT_TR_NOOP("Code"), QLineEdit(), name="code",
                                      required=True)
        self.name_edit = self.add_row(QT_TR_NOOP("Product name"), QLineEdit(), name="name",
                                      required=True)
        self.kind_combo = QComboBox()
        for code, label in ITEM_KIND_LABELS.items():
            self.kind_combo.addItem(tr(label), code)
        self.add_row(QT_TR_NOOP("Kind"), self.kind_combo, name="kind", default="part")
        self.add_row(QT_TR_NOOP("Category"), self._category_row())
        self.field("category_id", self.category_combo)
        self.brand_combo = self.add_row(QT_TR_NOOP("Brand"), _editable(), name="brand")
        self.model_combo = self.add_row(QT_TR_NOOP("Model"), _editable(), name="model")
        self.unit_edit = self.add_row(QT_TR_NOOP("Unit"), QLineEdit(), name="unit",
                                      required=True, default="个")
        self.barcode_edit = self.add_row(QT_TR_NOOP("Barcode"), QLineEdit(), name="barcode")
        self.sale_edit = self.add_row(QT_TR_NOOP("Sale price"), MoneyEdit(), name="sale_price",
                                      default=Decimal("0.00"))
        self.cost_edit: MoneyEdit | None = None
        if can_see_costs:
            self.cost_edit = self.add_row(QT_TR_NOOP("Cost price"), MoneyEdit(),
                                          name="cost_price")
        self.warranty_spin = QSpinBox()
        self.warranty_spin.setRange(0, 120)
        self.warranty_spin.setSuffix(tr(" months"))
        self.add_row(QT_TR_NOOP("Default warranty"), self.warranty_spin,
                     name="default_warranty_months", default=12)
        self.min_stock_edit = self.add_row(QT_TR_NOOP("Minimum stock"), QLineEdit(),
                                           name="min_stock", default="0")
        self.min_stock_edit.setAlignment(Qt.AlignmentFlag.AlignRight
                                         | Qt.AlignmentFlag.AlignVCenter)
        self.active_box = self.add_row("", QCheckBox(tr("Active")), name="active", default=True)
        self.import_button = offer_import(self, session, "ProductImportDialog")
        self.start()

    def _category_row(self) -> QWidget:
        self.category_combo = QComboBox()
        self.new_category_button = QPushButton(tr("New category..."))
        self.new_category_button.clicked.connect(self.ask_new_category)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.category_combo, 1)
        layout.addWidget(self.new_category_button)
        return row

    # -- choices, and what the service wants beyond the plain fields ---------------------------
    def load_choices(self, conn: Any) -> Choices:
        return (service.categories(conn), service.suggestions(conn, "brand", limit=500),
                service.suggestions(conn, "model", limit=500))

    def apply_choices(self, choices: Choices) -> None:
        categories, brands, models = choices
        set_choices(self.category_combo, categories, none_label=tr("(none)"))
        set_suggestions(self.brand_combo, brands)
        set_suggestions(self.model_combo, models)

    def form_values(self) -> dict[str, Any]:
        """The form as keyword arguments for service.save_item: a blank amount is zero, and
        an untouched (or hidden) cost leaves the stored one alone."""
        values = super().form_values()
        values["sale_price"] = values["sale_price"].strip() or "0"
        values["min_stock"] = values["min_stock"].strip() or "0"
        if self.cost_edit is not None:
            cost = values["cost_price"].strip()
            unchanged = self.record is not None and cost == format_money(self.record.cost_price)
            values["cost_price"] = None if not cost or unchanged else cost
        return values

    # -- categories -------------------------------------------------------------------------
    def ask_new_category(self) -> None:
        dialog = category_name_dialog(self)
        if dialog.exec() and dialog.textValue().strip():
            self.add_category(dialog.textValue().strip())

    def add_category(self, name: str) -> None:
        def chosen(category_id: int) -> None:
            self.category_combo.addItem(name, category_id)
            select_data(self.category_combo, category_id)
            self.mark_dirty()

        self.write(lambda conn: service.save_category(conn, name=name),
                   Changes.of("item_category"), chosen)

    # -- the rest -----------------------------------------------------------------------------
    def set_sensitive_hidden(self, hidden: bool) -> None:
        super().set_sensitive_hidden(hidden)
        mode = QLineEdit.EchoMode.Password if hidden else QLineEdit.EchoMode.Normal
        self.sale_edit.setEchoMode(mode)
        if self.cost_edit is not None:
            self.cost_edit.setEchoMode(mode)


def _editable() -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    return combo


def category_name_dialog(parent: QWidget) -> QInputDialog:
    """Asks for a new category's name, as long as the column takes."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(tr("New category"))
    dialog.setLabelText(tr("Category name"))
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    edit = dialog.findChild(QLineEdit)
    assert edit is not None  # a text input dialog has its line edit from setInputMode
    limit_text(edit, "item_category", "name")
    return dialog
