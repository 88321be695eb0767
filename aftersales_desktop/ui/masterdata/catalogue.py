"""The catalogue: items (products and parts) in a list on the left, one item's form on the right.

Cost prices are readable only with costs.view: without it the list comes from a source
that never touches app.item_cost (the database would refuse the whole query) and the
form has no cost field at all.
"""

from __future__ import annotations

from contextlib import suppress
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import BigInteger, Boolean, Integer, Numeric, Text, column, table, text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.core.work import run_in_background
from aftersales_desktop.data.listing import ListColumn, ListSource, SortKey
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.domain.masking import format_money
from aftersales_desktop.services import masterdata as service
from aftersales_desktop.services.session import OperatorSession

from ..forms import ERROR_STYLE, FieldFeedback, confirm_discard
from ..i18n import tr
from ..listview import ListView
from ..messages import error_text

COST_CAPABILITY = "costs.view"
ITEM_KIND_LABELS = {"product": QT_TR_NOOP("Product"), "part": QT_TR_NOOP("Part")}

item_table = table(
    "item",
    column("id", BigInteger),
    column("code", Text),
    column("name", Text),
    column("kind", Text),
    column("category_id", BigInteger),
    column("brand", Text),
    column("model", Text),
    column("unit", Text),
    column("barcode", Text),
    column("sale_price", Numeric(12, 2)),
    column("default_warranty_months", Integer),
    column("min_stock", Numeric(12, 2)),
    column("active", Boolean),
    schema="app",
)
item_category_table = table(
    "item_category",
    column("id", BigInteger),
    column("parent_id", BigInteger),
    column("name", Text),
    column("active", Boolean),
    schema="app",
)
item_cost_table = table(
    "item_cost",
    column("item_id", BigInteger),
    column("cost_price", Numeric(12, 2)),
    schema="app",
)


def _items_source(with_costs: bool) -> ListSource:
    """The catalogue list; `with_costs` adds the cost column (and only then joins item_cost)."""
    item = item_table.alias("i")
    category = item_category_table.alias("c")
    from_clause: Any = item.outerjoin(category, category.c.id == item.c.category_id)
    columns = [
        ListColumn("code", QT_TR_NOOP("Code"), item.c.code, width=100),
        ListColumn("name", QT_TR_NOOP("Product name"), item.c.name, width=160),
        ListColumn("kind", QT_TR_NOOP("Kind"), item.c.kind, width=60, choices=ITEM_KIND_LABELS),
        ListColumn("category", QT_TR_NOOP("Category"), category.c.name, width=100),
        ListColumn("brand", QT_TR_NOOP("Brand"), item.c.brand, width=90),
        ListColumn("model", QT_TR_NOOP("Model"), item.c.model, width=90),
        ListColumn("unit", QT_TR_NOOP("Unit"), item.c.unit, width=50),
        ListColumn("barcode", QT_TR_NOOP("Barcode"), item.c.barcode, width=120),
        ListColumn("sale_price", QT_TR_NOOP("Sale price"), item.c.sale_price, ColumnKind.MONEY,
                   sensitive=True, width=90),
    ]
    if with_costs:
        cost = item_cost_table.alias("k")
        from_clause = from_clause.outerjoin(cost, cost.c.item_id == item.c.id)
        columns.append(ListColumn("cost_price", QT_TR_NOOP("Cost price"), cost.c.cost_price,
                                  ColumnKind.MONEY, sensitive=True, width=90))
    columns.append(ListColumn("active", QT_TR_NOOP("Active"), item.c.active, ColumnKind.BOOL,
                              width=60))
    return ListSource(
        name="catalogue_costs" if with_costs else "catalogue",
        title=QT_TR_NOOP("Catalogue"),
        columns=tuple(columns),
        from_clause=from_clause,
        key=item.c.id,
        default_sort=(SortKey("code"),),
    )


CATALOGUE = _items_source(with_costs=False)
CATALOGUE_WITH_COSTS = _items_source(with_costs=True)


def catalogue_source(session: OperatorSession) -> ListSource:
    return CATALOGUE_WITH_COSTS if session.can(COST_CAPABILITY) else CATALOGUE


class MoneyEdit(QLineEdit):
    """An amount typed as `1234.5` or `¥1,234.50`, shown right-aligned as `¥1,234.50`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("¥0.00")
        self.editingFinished.connect(self._tidy)

    def set_amount(self, value: Decimal | None) -> None:
        self.setText(format_money(value) if value is not None else "")

    def _tidy(self) -> None:
        raw = self.text().replace("¥", "").replace(",", "").strip()
        # Left as typed when it is no amount: the save shows the reason at the field.
        with suppress(ArithmeticError):
            self.setText(format_money(Decimal(raw)) if raw else "")


class CataloguePage(QWidget):
    """Add and edit catalogue items; the cost price only for operators with costs.view."""

    def __init__(self, database: Database, session: OperatorSession, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.can_see_costs = session.can(COST_CAPABILITY)
        self.item: service.Item | None = None
        self._dirty = False
        self._loading = False

        self.list = ListView(catalogue_source(session), database, parent=self)
        self.list.activated.connect(self.load)

        self.code_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.kind_combo = QComboBox()
        for code, label in ITEM_KIND_LABELS.items():
            self.kind_combo.addItem(tr(label), code)
        self.category_combo = QComboBox()
        self.new_category_button = QPushButton(tr("New category..."))
        self.new_category_button.clicked.connect(self.ask_new_category)
        self.brand_combo = QComboBox()
        self.brand_combo.setEditable(True)
        self.model_combo = QComboBox()
        self.model_combo.setEditable(True)
        self.unit_edit = QLineEdit()
        self.barcode_edit = QLineEdit()
        self.sale_edit = MoneyEdit()
        self.cost_edit: MoneyEdit | None = MoneyEdit() if self.can_see_costs else None
        self.warranty_spin = QSpinBox()
        self.warranty_spin.setRange(0, 120)
        self.warranty_spin.setSuffix(tr(" months"))
        self.min_stock_edit = QLineEdit()
        self.min_stock_edit.setAlignment(Qt.AlignmentFlag.AlignRight
                                         | Qt.AlignmentFlag.AlignVCenter)
        self.active_box = QCheckBox(tr("Active"))

        category_row = QHBoxLayout()
        category_row.addWidget(self.category_combo, 1)
        category_row.addWidget(self.new_category_button)
        form = QFormLayout()
        form.addRow(tr("Code") + " *", self.code_edit)
        form.addRow(tr("Product name") + " *", self.name_edit)
        form.addRow(tr("Kind"), self.kind_combo)
        form.addRow(tr("Category"), category_row)
        form.addRow(tr("Brand"), self.brand_combo)
        form.addRow(tr("Model"), self.model_combo)
        form.addRow(tr("Unit") + " *", self.unit_edit)
        form.addRow(tr("Barcode"), self.barcode_edit)
        form.addRow(tr("Sale price"), self.sale_edit)
        if self.cost_edit is not None:
            form.addRow(tr("Cost price"), self.cost_edit)
        form.addRow(tr("Default warranty"), self.warranty_spin)
        form.addRow(tr("Minimum stock"), self.min_stock_edit)
        form.addRow("", self.active_box)

        summary = QLabel()
        fields: dict[str, QWidget] = {
            "code": self.code_edit, "name": self.name_edit, "kind": self.kind_combo,
            "category_id": self.category_combo, "brand": self.brand_combo,
            "model": self.model_combo, "unit": self.unit_edit, "barcode": self.barcode_edit,
            "sale_price": self.sale_edit, "default_warranty_months": self.warranty_spin,
            "min_stock": self.min_stock_edit, "active": self.active_box}
        if self.cost_edit is not None:
            fields["cost_price"] = self.cost_edit
        self.feedback = FieldFeedback(fields, summary)
        self.reload_button = QPushButton(tr("Reload"))
        self.reload_button.hide()
        self.reload_button.clicked.connect(self.reload)
        self.new_button = QPushButton(tr("New item"))
        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.new_button.clicked.connect(self.new_item)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        self.import_button: QPushButton | None = None
        if session.can("masterdata.edit"):
            self.import_button = QPushButton(tr("Import from Excel..."))
            self.import_button.clicked.connect(self.open_import)
            buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
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

        edits: list[QLineEdit] = [self.code_edit, self.name_edit, self.unit_edit,
                                  self.barcode_edit, self.sale_edit, self.min_stock_edit]
        if self.cost_edit is not None:
            edits.append(self.cost_edit)
        for edit in edits:
            edit.textEdited.connect(self._mark_dirty)
        for combo in (self.kind_combo, self.category_combo):
            combo.currentIndexChanged.connect(self._mark_dirty)
        for combo in (self.brand_combo, self.model_combo):
            combo.editTextChanged.connect(self._mark_dirty)
        self.warranty_spin.valueChanged.connect(self._mark_dirty)
        self.active_box.toggled.connect(self._mark_dirty)

        self.setEnabled(False)
        run_in_background(self._load_choices, on_done=self._choices_loaded,
                          on_error=self._failed)

    # -- loading ------------------------------------------------------------------
    def _load_choices(self) -> tuple[list[tuple[int, str]], list[str], list[str]]:
        with self.database.read() as conn:
            categories = [(int(r[0]), str(r[1])) for r in conn.execute(text(
                "SELECT id, name FROM app.item_category WHERE active ORDER BY name")).all()]
            return (categories, service.suggestions(conn, "brand", limit=500),
                    service.suggestions(conn, "model", limit=500))

    def _choices_loaded(self, result: tuple[list[tuple[int, str]], list[str], list[str]]
                        ) -> None:
        categories, brands, models = result
        self._loading = True
        current = self.category_combo.currentData()
        self.category_combo.clear()
        self.category_combo.addItem(tr("(none)"), None)
        for category_id, name in categories:
            self.category_combo.addItem(name, category_id)
        self.category_combo.setCurrentIndex(max(self.category_combo.findData(current), 0))
        for combo, values in ((self.brand_combo, brands), (self.model_combo, models)):
            typed = combo.currentText()
            combo.clear()
            combo.addItems(values)
            combo.setEditText(typed)
        self._loading = False
        if not self.isEnabled():
            self.setEnabled(True)
            self.new_item()

    def load(self, item_id: Any) -> None:
        if not self._confirm_discard():
            return
        run_in_background(lambda: self._fetch(int(item_id)), on_done=self._show,
                          on_error=self._failed)

    def reload(self) -> None:
        if self.item is not None:
            self._dirty = False
            self.load(self.item.id)

    def _fetch(self, item_id: int) -> service.Item:
        with self.database.read() as conn:
            return service.get_item(conn, item_id)

    # -- the form ---------------------------------------------------------------------
    def new_item(self) -> None:
        if not self._confirm_discard():
            return
        self._loading = True
        self.item = None
        self.title.setText(tr("New item"))
        for edit in (self.code_edit, self.name_edit, self.barcode_edit):
            edit.clear()
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData("part"), 0))
        self.category_combo.setCurrentIndex(0)
        self.brand_combo.setEditText("")
        self.model_combo.setEditText("")
        self.unit_edit.setText("个")
        self.sale_edit.set_amount(Decimal("0.00"))
        if self.cost_edit is not None:
            self.cost_edit.clear()
        self.warranty_spin.setValue(12)
        self.min_stock_edit.setText("0")
        self.active_box.setChecked(True)
        self._loading = False
        self._after_show()
        self.code_edit.setFocus()

    def _show(self, item: service.Item) -> None:
        self._loading = True
        self.item = item
        self.title.setText(tr("Item {code}").format(code=item.code))
        self.code_edit.setText(item.code)
        self.name_edit.setText(item.name)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(item.kind), 0))
        index = self.category_combo.findData(item.category_id)
        if index < 0 and item.category_id is not None:
            self.category_combo.addItem(str(item.category_id), item.category_id)
            index = self.category_combo.count() - 1
        self.category_combo.setCurrentIndex(max(index, 0))
        self.brand_combo.setEditText(item.brand)
        self.model_combo.setEditText(item.model)
        self.unit_edit.setText(item.unit)
        self.barcode_edit.setText(item.barcode or "")
        self.sale_edit.set_amount(item.sale_price)
        if self.cost_edit is not None:
            self.cost_edit.set_amount(item.cost_price)
        self.warranty_spin.setValue(item.default_warranty_months)
        self.min_stock_edit.setText(f"{item.min_stock:f}")
        self.active_box.setChecked(item.active)
        self._loading = False
        self._after_show()
        self.name_edit.setFocus()

    def _after_show(self) -> None:
        self.feedback.clear()
        self.feedback.summary.setStyleSheet(ERROR_STYLE)
        self.reload_button.hide()
        self._dirty = False

    def _mark_dirty(self, *_args: Any) -> None:
        if not self._loading:
            self._dirty = True

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def _confirm_discard(self) -> bool:
        return confirm_discard(self, self._dirty,
                               tr("Discard the changes to this item?"))

    # -- categories -------------------------------------------------------------------
    def ask_new_category(self) -> None:
        name, ok = QInputDialog.getText(self, tr("New category"), tr("Category name"))
        if ok and name.strip():
            self.add_category(name.strip())

    def add_category(self, name: str) -> None:
        def work() -> int:
            with self.database.transaction() as conn:
                return service.save_category(conn, name=name)

        def done(category_id: int) -> None:
            self.category_combo.addItem(name, category_id)
            self.category_combo.setCurrentIndex(self.category_combo.count() - 1)

        run_in_background(work, on_done=done, on_error=self._save_failed)

    # -- saving ---------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The form as keyword arguments for service.save_item."""
        barcode = self.barcode_edit.text().strip()
        values: dict[str, Any] = {
            "code": self.code_edit.text(), "name": self.name_edit.text(),
            "id": self.item.id if self.item else None,
            "version": self.item.version if self.item else None,
            "kind": self.kind_combo.currentData(),
            "category_id": self.category_combo.currentData(),
            "brand": self.brand_combo.currentText(), "model": self.model_combo.currentText(),
            "unit": self.unit_edit.text(), "barcode": barcode or None,
            "sale_price": self.sale_edit.text().strip() or "0",
            "default_warranty_months": self.warranty_spin.value(),
            "min_stock": self.min_stock_edit.text().strip() or "0",
            "active": self.active_box.isChecked(),
        }
        if self.cost_edit is not None:
            cost = self.cost_edit.text().strip()
            unchanged = (self.item is not None and cost == format_money(self.item.cost_price))
            values["cost_price"] = None if not cost or unchanged else cost
        return values

    def save(self) -> None:
        self.feedback.clear()
        self.feedback.summary.setStyleSheet(ERROR_STYLE)
        self.reload_button.hide()
        values = self.values()
        self.save_button.setEnabled(False)
        run_in_background(lambda: self._save(values), on_done=self._saved,
                          on_error=self._save_failed)

    def _save(self, values: dict[str, Any]) -> service.Item:
        with self.database.transaction() as conn:
            saved = service.save_item(conn, **values)
        with self.database.read() as conn:
            return service.get_item(conn, saved.id)

    def _saved(self, item: service.Item) -> None:
        self.save_button.setEnabled(True)
        self._dirty = False
        self._show(item)
        self.feedback.show_saved()
        self.list.refresh()
        run_in_background(self._load_choices, on_done=self._choices_loaded,
                          on_error=self._failed)

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.feedback.show_failure(exc)
        if isinstance(exc, service.StaleRecord) and self.item is not None:
            self.reload_button.show()

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.feedback.show_message(error_text(exc))

    def open_import(self) -> None:
        from .import_dialog import ProductImportDialog

        dialog = ProductImportDialog(self.database, parent=self)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()

    def refresh(self) -> None:
        self.list.refresh()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.list.set_sensitive_hidden(hidden)
        mode = QLineEdit.EchoMode.Password if hidden else QLineEdit.EchoMode.Normal
        self.sale_edit.setEchoMode(mode)
        if self.cost_edit is not None:
            self.cost_edit.setEchoMode(mode)


__all__ = ["CATALOGUE", "CATALOGUE_WITH_COSTS", "CataloguePage", "MoneyEdit",
           "catalogue_source"]
