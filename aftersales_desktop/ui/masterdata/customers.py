"""Customers: the customer list and a form for one customer with phones and devices."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Boolean, Integer, Text, and_, column, table

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.core.work import run_in_background
from aftersales_desktop.data.listing import ListColumn, ListSource, SortKey
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.domain.masterdata import CUSTOMER_GRADES
from aftersales_desktop.services import masterdata as service
from aftersales_desktop.services.session import OperatorSession

from ..forms import FieldFeedback, confirm_discard
from ..i18n import tr
from ..listview import ListView
from ..messages import error_text

GRADE_LABELS: dict[str, str] = {
    "individual": QT_TR_NOOP("Individual"),
    "dealer": QT_TR_NOOP("Dealer"),
    "hypermarket": QT_TR_NOOP("Hypermarket"),
    "corporate": QT_TR_NOOP("Corporate"),
}

customer_table = table(
    "customer",
    column("id", Integer),
    column("code", Text),
    column("name", Text),
    column("grade", Text),
    column("address", Text),
    column("active", Boolean),
    schema="app",
)

customer_phone_table = table(
    "customer_phone",
    column("customer_id", Integer),
    column("phone", Text),
    column("is_primary", Boolean),
    schema="app",
)


def _customers(with_phones: bool) -> ListSource:
    """Customers; with the main phone number only for operators with contacts.view."""
    cust = customer_table.alias("c")
    columns = [
        ListColumn("code", QT_TR_NOOP("Code"), cust.c.code, width=90),
        ListColumn("name", QT_TR_NOOP("Name"), cust.c.name, width=120),
        ListColumn("grade", QT_TR_NOOP("Grade"), cust.c.grade, width=80, choices=GRADE_LABELS),
    ]
    from_clause: Any = cust
    if with_phones:
        phone = customer_phone_table.alias("p")
        columns.append(ListColumn("phone", QT_TR_NOOP("Phone"), phone.c.phone,
                                  ColumnKind.PHONE, sensitive=True, width=110))
        from_clause = cust.outerjoin(phone, and_(phone.c.customer_id == cust.c.id,
                                                 phone.c.is_primary))
    columns += [
        ListColumn("address", QT_TR_NOOP("Address"), cust.c.address, width=200),
        ListColumn("active", QT_TR_NOOP("Active"), cust.c.active, ColumnKind.BOOL, width=60),
    ]
    return ListSource(
        name="customers" if with_phones else "customers_no_phone",
        title=QT_TR_NOOP("Customers"),
        columns=tuple(columns),
        from_clause=from_clause,
        key=cust.c.id,
        default_sort=(SortKey("code"),),
    )


CUSTOMERS = _customers(True)
CUSTOMERS_WITHOUT_PHONES = _customers(False)

DEVICE_HEADERS = (QT_TR_NOOP("Product"), QT_TR_NOOP("Brand"), QT_TR_NOOP("Model"),
                  QT_TR_NOOP("Serial"), QT_TR_NOOP("Purchase date"), QT_TR_NOOP("Proof"),
                  QT_TR_NOOP("Warranty months"))
(COL_PRODUCT, COL_BRAND, COL_MODEL, COL_SERIAL, COL_DATE, COL_PROOF,
 COL_MONTHS) = range(len(DEVICE_HEADERS))
DEVICE_FIELDS = {"product": COL_PRODUCT, "brand": COL_BRAND, "model": COL_MODEL,
                 "serial": COL_SERIAL, "purchase_date": COL_DATE, "has_proof": COL_PROOF,
                 "warranty_months": COL_MONTHS}
_NO_DATE = QDate(1900, 1, 1)


def dictionary_combo(values: list[str]) -> QComboBox:
    """An editable combo with type-ahead over a dictionary; a new value is accepted."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(values)
    combo.setCurrentIndex(-1)
    combo.setEditText("")
    completer = combo.completer()
    if completer is not None:
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return combo


class CustomersPage(QWidget):
    """Find, add and edit customers with their phone numbers and devices."""

    def __init__(self, database: Database, session: OperatorSession, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.can_view_phones = session.can("contacts.view")
        self.customer: service.Customer | None = None
        self.brand_values: list[str] = []
        self.source_values: list[str] = []
        self._dirty = False
        self._loading = False

        source = CUSTOMERS if self.can_view_phones else CUSTOMERS_WITHOUT_PHONES
        self.list = ListView(source, database, exportable=True, parent=self)
        self.list.activated.connect(self.load)

        # -- 客户 block
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(tr("Blank: generated"))
        self.name_edit = QLineEdit()
        self.grade_combo = QComboBox()
        for code in CUSTOMER_GRADES:
            self.grade_combo.addItem(tr(GRADE_LABELS.get(code, code)), code)
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText(tr("138 1234 5678"))
        self.other_phones_edit = QLineEdit()
        self.other_phones_edit.setPlaceholderText(tr("More numbers, separated by commas"))
        self.phones_hidden_label = QLabel(tr("Phone numbers are hidden (no permission)."))
        self.address_edit = QLineEdit()
        self.source_combo = dictionary_combo([])
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(54)
        self.notes_edit.setTabChangesFocus(True)
        self.active_box = QCheckBox(tr("Active"))

        customer_box = QGroupBox(tr("Customer"))
        form = QFormLayout(customer_box)
        form.addRow(tr("Code"), self.code_edit)
        form.addRow(tr("Name") + " *", self.name_edit)
        form.addRow(tr("Grade"), self.grade_combo)
        form.addRow(tr("Main phone"), self.phone_edit)
        form.addRow(tr("Other phones"), self.other_phones_edit)
        form.addRow("", self.phones_hidden_label)
        form.addRow(tr("Address"), self.address_edit)
        form.addRow(tr("Source"), self.source_combo)
        form.addRow(tr("Notes"), self.notes_edit)
        form.addRow("", self.active_box)

        # -- 机器 block
        self.devices = QTableWidget(0, len(DEVICE_HEADERS))
        self.devices.setHorizontalHeaderLabels([tr(h) for h in DEVICE_HEADERS])
        self.devices.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.devices.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.devices.verticalHeader().hide()
        self.add_device_button = QPushButton(tr("Add device"))
        self.remove_device_button = QPushButton(tr("Remove new device"))
        self.add_device_button.clicked.connect(lambda: self.add_device_row())
        self.remove_device_button.clicked.connect(self._remove_device_row)
        device_box = QGroupBox(tr("Devices"))
        device_layout = QVBoxLayout(device_box)
        device_layout.addWidget(self.devices, 1)
        device_buttons = QHBoxLayout()
        device_buttons.addWidget(self.add_device_button)
        device_buttons.addWidget(self.remove_device_button)
        device_buttons.addStretch(1)
        device_layout.addLayout(device_buttons)

        summary = QLabel()
        self.feedback = FieldFeedback(
            {"code": self.code_edit, "name": self.name_edit, "grade": self.grade_combo,
             "phones": self.phone_edit, "phone": self.phone_edit,
             "address": self.address_edit, "source": self.source_combo,
             "notes": self.notes_edit, "devices": self.devices, "product": self.devices,
             "brand": self.devices, "model": self.devices, "serial": self.devices,
             "purchase_date": self.devices, "purchase_place": self.devices,
             "warranty_months": self.devices}, summary)

        self.new_button = QPushButton(tr("New customer"))
        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.new_button.clicked.connect(self.new_customer)
        self.save_button.clicked.connect(self.save)
        self.import_button: QPushButton | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        if session.can("masterdata.edit"):
            self.import_button = QPushButton(tr("Import from Excel..."))
            self.import_button.clicked.connect(self.open_import)
            buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        editor_layout.addWidget(self.title)
        editor_layout.addWidget(customer_box)
        editor_layout.addWidget(device_box, 1)
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

        for line in (self.code_edit, self.name_edit, self.phone_edit, self.other_phones_edit,
                     self.address_edit):
            line.textEdited.connect(self._mark_dirty)
        self.grade_combo.currentIndexChanged.connect(self._mark_dirty)
        self.source_combo.editTextChanged.connect(self._mark_dirty)
        self.notes_edit.textChanged.connect(self._mark_dirty)
        self.active_box.toggled.connect(self._mark_dirty)

        self.setEnabled(False)
        run_in_background(self._load_dictionaries, on_done=self._dictionaries_loaded,
                          on_error=self._failed)

    # -- dictionaries ---------------------------------------------------------------
    def _load_dictionaries(self) -> tuple[list[str], list[str]]:
        with self.database.read() as conn:
            return (service.suggestions(conn, "brand", limit=500),
                    service.suggestions(conn, "customer_source", limit=500))

    def _dictionaries_loaded(self, result: tuple[list[str], list[str]]) -> None:
        first = not self.isEnabled()
        self.brand_values, self.source_values = result
        self._loading = True
        text = self.source_combo.currentText()
        self.source_combo.clear()
        self.source_combo.addItems(self.source_values)
        self.source_combo.setCurrentIndex(-1)
        self.source_combo.setEditText(text)
        for row in range(self.devices.rowCount()):
            combo = self._brand_combo(row)
            current = combo.currentText()
            combo.clear()
            combo.addItems(self.brand_values)
            combo.setCurrentIndex(-1)
            combo.setEditText(current)
        self._loading = False
        if first:
            self.setEnabled(True)
            self.new_customer()

    def _reload_dictionaries(self) -> None:
        run_in_background(self._load_dictionaries, on_done=self._dictionaries_loaded,
                          on_error=self._failed)

    # -- loading --------------------------------------------------------------------
    def load(self, customer_id: Any) -> None:
        if not self._confirm_discard():
            return
        run_in_background(lambda: self._fetch(int(customer_id)), on_done=self._show,
                          on_error=self._failed)

    def _fetch(self, customer_id: int) -> service.Customer:
        with self.database.read() as conn:
            return service.get_customer(conn, customer_id)

    def new_customer(self) -> None:
        if not self._confirm_discard():
            return
        self.customer = None
        self._loading = True
        self.title.setText(tr("New customer"))
        self.code_edit.clear()
        self.code_edit.setReadOnly(False)
        self.name_edit.clear()
        self.grade_combo.setCurrentIndex(max(self.grade_combo.findData("individual"), 0))
        self.phone_edit.clear()
        self.other_phones_edit.clear()
        self._show_phone_fields(True)
        self.address_edit.clear()
        self.source_combo.setCurrentIndex(-1)
        self.source_combo.setEditText("")
        self.notes_edit.clear()
        self.active_box.setChecked(True)
        self.devices.setRowCount(0)
        self._loading = False
        self.feedback.clear()
        self._dirty = False
        self.name_edit.setFocus()

    def _show(self, customer: service.Customer) -> None:
        self.customer = customer
        self._loading = True
        self.title.setText(tr("Customer {code}").format(code=customer.code))
        self.code_edit.setText(customer.code)
        self.name_edit.setText(customer.name)
        index = self.grade_combo.findData(customer.grade)
        if index < 0:
            self.grade_combo.addItem(customer.grade, customer.grade)
            index = self.grade_combo.count() - 1
        self.grade_combo.setCurrentIndex(index)
        self.phone_edit.clear()
        self.other_phones_edit.clear()
        if customer.phones is not None:
            main = [p.phone for p in customer.phones if p.is_primary]
            others = [p.phone for p in customer.phones if not p.is_primary]
            self.phone_edit.setText(main[0] if main else "")
            self.other_phones_edit.setText(", ".join(others))
        self._show_phone_fields(customer.phones is not None)
        self.address_edit.setText(customer.address)
        self.source_combo.setEditText(customer.source)
        self.notes_edit.setPlainText(customer.notes)
        self.active_box.setChecked(customer.active)
        self.devices.setRowCount(0)
        for device in customer.devices:
            self.add_device_row(device)
        self._loading = False
        self.feedback.clear()
        self._dirty = False
        self.name_edit.setFocus()

    def _show_phone_fields(self, visible: bool) -> None:
        self.phone_edit.setVisible(visible)
        self.other_phones_edit.setVisible(visible)
        self.phones_hidden_label.setVisible(not visible)

    # -- devices --------------------------------------------------------------------
    def add_device_row(self, device: service.Device | None = None) -> int:
        row = self.devices.rowCount()
        self.devices.insertRow(row)
        marker = QTableWidgetItem()
        marker.setData(Qt.ItemDataRole.UserRole, device.id if device else None)
        marker.setData(Qt.ItemDataRole.UserRole + 1, device.item_id if device else None)
        marker.setData(Qt.ItemDataRole.UserRole + 2, device.purchase_place if device else "")
        self.devices.setItem(row, COL_PRODUCT, marker)
        product, model, serial = QLineEdit(), QLineEdit(), QLineEdit()
        brand = dictionary_combo(self.brand_values)
        purchased = QDateEdit()
        purchased.setCalendarPopup(True)
        purchased.setDisplayFormat("yyyy-MM-dd")
        purchased.setMinimumDate(_NO_DATE)
        purchased.setSpecialValueText(" ")
        purchased.setDate(_NO_DATE)
        proof = QCheckBox()
        months = QSpinBox()
        months.setRange(-1, 120)
        months.setSpecialValueText(tr("Default"))
        months.setValue(-1)
        if device is not None:
            product.setText(device.product)
            brand.setEditText(device.brand)
            model.setText(device.model)
            serial.setText(device.serial)
            if device.purchase_date is not None:
                d = device.purchase_date
                purchased.setDate(QDate(d.year, d.month, d.day))
            proof.setChecked(device.has_proof)
            months.setValue(device.warranty_months)
        for col, widget in ((COL_PRODUCT, product), (COL_BRAND, brand), (COL_MODEL, model),
                            (COL_SERIAL, serial), (COL_DATE, purchased), (COL_PROOF, proof),
                            (COL_MONTHS, months)):
            self.devices.setCellWidget(row, col, widget)
        for line in (product, model, serial):
            line.textEdited.connect(self._mark_dirty)
        brand.editTextChanged.connect(self._mark_dirty)
        purchased.dateChanged.connect(self._mark_dirty)
        proof.toggled.connect(self._mark_dirty)
        months.valueChanged.connect(self._mark_dirty)
        if device is None:
            self._mark_dirty()
            product.setFocus()
        return row

    def _remove_device_row(self) -> None:
        row = self.devices.currentRow()
        if row < 0:
            return
        item = self.devices.item(row, COL_PRODUCT)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) is not None:
            return  # saved devices stay (they may be on tickets)
        self.devices.removeRow(row)
        self._mark_dirty()

    def _brand_combo(self, row: int) -> QComboBox:
        widget = self.devices.cellWidget(row, COL_BRAND)
        assert isinstance(widget, QComboBox)
        return widget

    def device_widget(self, row: int, col: int) -> Any:
        return self.devices.cellWidget(row, col)

    def device_drafts(self) -> list[service.DeviceDraft]:
        drafts = []
        for row in range(self.devices.rowCount()):
            marker = self.devices.item(row, COL_PRODUCT)
            texts = {name: self._cell_text(row, col) for name, col in
                     (("product", COL_PRODUCT), ("brand", COL_BRAND), ("model", COL_MODEL),
                      ("serial", COL_SERIAL))}
            dated = self.devices.cellWidget(row, COL_DATE)
            assert isinstance(dated, QDateEdit)
            purchase: date | None = None
            if dated.date() != _NO_DATE:
                purchase = dated.date().toPython()  # type: ignore[assignment]
            proof = self.devices.cellWidget(row, COL_PROOF)
            months = self.devices.cellWidget(row, COL_MONTHS)
            assert isinstance(proof, QCheckBox) and isinstance(months, QSpinBox)
            device_id = marker.data(Qt.ItemDataRole.UserRole) if marker else None
            if device_id is None and not any(texts.values()) and purchase is None:
                continue  # an empty new row
            drafts.append(service.DeviceDraft(
                id=device_id, item_id=marker.data(Qt.ItemDataRole.UserRole + 1) if marker
                else None, purchase_place=(marker.data(Qt.ItemDataRole.UserRole + 2) or "")
                if marker else "", purchase_date=purchase, has_proof=proof.isChecked(),
                warranty_months=None if months.value() < 0 else months.value(), **texts))
        return drafts

    def _cell_text(self, row: int, col: int) -> str:
        widget = self.devices.cellWidget(row, col)
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QLineEdit):
            return widget.text()
        return ""

    # -- state ----------------------------------------------------------------------
    def _mark_dirty(self, *_args: Any) -> None:
        if not self._loading:
            self._dirty = True

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def _confirm_discard(self) -> bool:
        return confirm_discard(self, self._dirty,
                               tr("Discard the changes to this customer?"))

    # -- saving ---------------------------------------------------------------------
    def phones(self) -> list[service.CustomerPhone] | None:
        """The phone fields as a list (None: keep the stored numbers, which are hidden)."""
        if self.customer is not None and self.customer.phones is None:
            return None
        numbers = [service.CustomerPhone(self.phone_edit.text(), True)] \
            if self.phone_edit.text().strip() else []
        numbers += [service.CustomerPhone(p, False)
                    for p in self.other_phones_edit.text().replace("，", ",").split(",")
                    if p.strip()]
        return numbers

    def values(self) -> dict[str, Any]:
        """The form as save_customer's keyword arguments."""
        customer = self.customer
        return {
            "id": customer.id if customer else None,
            "version": customer.version if customer else None,
            "code": self.code_edit.text().strip() or None,
            "name": self.name_edit.text(),
            "grade": str(self.grade_combo.currentData() or "individual"),
            "address": self.address_edit.text(),
            "region_id": customer.region_id if customer else None,
            "source": self.source_combo.currentText(),
            "notes": self.notes_edit.toPlainText(),
            "phones": self.phones(),
            "devices": self.device_drafts(),
        }

    def save(self) -> None:
        self.feedback.clear()
        if not self.name_edit.text().strip():
            self.feedback.show([ValidationError("name", QT_TR_NOOP("Enter the name."))])
            return
        values = self.values()
        active = self.active_box.isChecked()
        self.save_button.setEnabled(False)
        run_in_background(lambda: self._save(values, active), on_done=self._saved,
                          on_error=self._save_failed)

    def _save(self, values: dict[str, Any], active: bool) -> service.Customer:
        with self.database.transaction() as conn:
            saved = service.save_customer(conn, **values)
            current = service.get_customer(conn, saved.id)
            if current.active != active:
                service.set_customer_active(conn, saved.id, active, saved.version)
                current = service.get_customer(conn, saved.id)
            return current

    def _saved(self, customer: service.Customer) -> None:
        self.save_button.setEnabled(True)
        self._dirty = False
        self._show(customer)
        self.feedback.show_saved()
        self.list.refresh()
        self._reload_dictionaries()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.feedback.show_failure(exc)
        if isinstance(exc, service.StaleRecord):
            self._offer_reload(exc)

    def _offer_reload(self, exc: BaseException) -> None:
        if self.customer is None:
            return
        answer = QMessageBox.question(
            self, tr("Changed meanwhile"),
            error_text(exc) + "\n\n" + tr("Reload the customer now? Your changes are lost."))
        if answer == QMessageBox.StandardButton.Yes:
            self._dirty = False
            self.load(self.customer.id)

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.feedback.show_message(error_text(exc))

    # -- the rest ---------------------------------------------------------------------
    def open_import(self) -> None:
        from .import_dialog import CustomerImportDialog

        dialog = CustomerImportDialog(self.database, parent=self)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()

    def refresh(self) -> None:
        self.list.refresh()
        self._reload_dictionaries()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.list.set_sensitive_hidden(hidden)
        if self.can_view_phones:
            mode = QLineEdit.EchoMode.Password if hidden else QLineEdit.EchoMode.Normal
            self.phone_edit.setEchoMode(mode)
            self.other_phones_edit.setEchoMode(mode)
