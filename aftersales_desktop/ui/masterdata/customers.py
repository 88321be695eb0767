"""Customers: the customer list and a form for one customer with phones and devices."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.masterdata_lists import (
    CUSTOMERS,
    CUSTOMERS_WITHOUT_PHONES,
    GRADE_LABELS,
)
from aftersales_desktop.domain.masterdata import CUSTOMER_GRADES
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services import masterdata as service
from aftersales_desktop.services.session import OperatorSession

from ..field_limits import limit_date, limit_text, limit_text_list
from ..forms import dictionary_combo, set_suggestions
from ..i18n import tr
from ..operations import Changes
from ..record_editor import RecordEditor
from .importing import offer_import

DEVICE_HEADERS = (QT_TR_NOOP("Product"), QT_TR_NOOP("Brand"), QT_TR_NOOP("Model"),
                  QT_TR_NOOP("Serial"), QT_TR_NOOP("Purchase date"), QT_TR_NOOP("Proof"),
                  QT_TR_NOOP("Warranty months"))
(COL_PRODUCT, COL_BRAND, COL_MODEL, COL_SERIAL, COL_DATE, COL_PROOF,
 COL_MONTHS) = range(len(DEVICE_HEADERS))
DEVICE_ROLE = Qt.ItemDataRole.UserRole  # on the product cell: the stored Device, or None
_DEVICE_FIELDS = ("devices", "product", "brand", "model", "serial", "purchase_date",
                  "purchase_place", "warranty_months")

Suggestions = tuple[list[str], list[str]]  # brands, customer sources


class CustomersPage(RecordEditor):
    """Find, add and edit customers with their phone numbers and devices."""

    new_label = QT_TR_NOOP("New customer")
    title_format = QT_TR_NOOP("Customer {code}")
    reader, saver = service.get_customer, service.save_customer
    choice_watches = frozenset({"dictionary"})
    saves = Changes.of("customer", "device", "dictionary")
    table = "customer"

    def __init__(self, database: Database, session: OperatorSession, *,
                 parent: QWidget | None = None) -> None:
        can_view_phones = session.can("contacts.view")
        super().__init__(CUSTOMERS if can_view_phones else CUSTOMERS_WITHOUT_PHONES,
                         database, session=session, parent=parent)
        self.can_view_phones = can_view_phones
        self.brand_values: list[str] = []
        self._customer_block()
        self._device_block()
        self._history_block()
        self.focus_new = self.focus_record = self.name_edit
        self.import_button = offer_import(self, session, "CustomerImportDialog")
        self.start()

    def _customer_block(self) -> None:
        """客户: the customer's own fields, in a group as on the intake form."""
        box = QGroupBox(tr("Customer"))
        self.form = QFormLayout(box)  # add_row fills this block
        self.body.insertWidget(0, box)
        self.code_edit = self.add_row(QT_TR_NOOP("Code"), QLineEdit(), name="code")
        self.code_edit.setPlaceholderText(tr("Blank: generated"))
        self.name_edit = self.add_row(QT_TR_NOOP("Name"), QLineEdit(), name="name",
                                      required=True)
        self.grade_combo = QComboBox()
        for code in CUSTOMER_GRADES:
            self.grade_combo.addItem(tr(GRADE_LABELS.get(code, code)), code)
        self.add_row(QT_TR_NOOP("Grade"), self.grade_combo, name="grade", default="individual")
        self.phone_edit = self.add_row(QT_TR_NOOP("Main phone"),
                                       limit_text(QLineEdit(), "customer_phone", "phone"))
        self.phone_edit.setPlaceholderText(tr("138 1234 5678"))
        self.other_phones_edit = self.add_row(
            QT_TR_NOOP("Other phones"), limit_text_list(QLineEdit(), "customer_phone", "phone"))
        self.other_phones_edit.setPlaceholderText(tr("More numbers, separated by commas"))
        for name in ("phones", "phone"):
            self.field(name, self.phone_edit, value=False)
        self.watch(self.other_phones_edit, field_widget=self.phone_edit)
        self.phones_hidden_label = self.add_row(
            "", QLabel(tr("Phone numbers are hidden (no permission).")))
        self.address_edit = self.add_row(QT_TR_NOOP("Address"), QLineEdit(), name="address")
        self.source_combo = self.add_row(QT_TR_NOOP("Source"), dictionary_combo(),
                                         name="source")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(54)
        self.notes_edit.setTabChangesFocus(True)
        self.add_row(QT_TR_NOOP("Notes"), self.notes_edit, name="notes")
        self.active_box = self.add_row("", QCheckBox(tr("Active")), name="active", default=True)

    def _device_block(self) -> None:
        """机器: the customer's devices, one row each."""
        self.devices = QTableWidget(0, len(DEVICE_HEADERS))
        self.devices.setHorizontalHeaderLabels([tr(h) for h in DEVICE_HEADERS])
        self.devices.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.devices.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.devices.verticalHeader().hide()
        for name in _DEVICE_FIELDS:
            self.field(name, self.devices, value=False)
        add_button = QPushButton(tr("Add device"))
        remove_button = QPushButton(tr("Remove new device"))
        add_button.clicked.connect(lambda: self.add_device_row())
        remove_button.clicked.connect(self._remove_device_row)
        box = QGroupBox(tr("Devices"))
        layout = QVBoxLayout(box)
        layout.addWidget(self.devices, 1)
        row = QHBoxLayout()
        row.addWidget(add_button)
        row.addWidget(remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.body.addWidget(box, 1)

    def _history_block(self) -> None:
        """历史: the customer's tickets, pre-orders, callbacks, complaints and inquiries
        (ui/callbacks/customer_history.py); a double-click opens the ticket or complaint."""
        from ..callbacks.customer_history import CustomerHistoryPanel

        self.history_panel = CustomerHistoryPanel(self.database, self.session, parent=self)
        box = QGroupBox(tr("History", "of a customer"))
        layout = QVBoxLayout(box)
        layout.addWidget(self.history_panel)
        # the history grows with the customer: it gets the most of the height left
        self.body.addWidget(box, 2)

    # -- beyond the plain fields: suggestions, phones and devices ------------------------------
    def load_choices(self, conn: Any) -> Suggestions:
        return (service.suggestions(conn, "brand", limit=500),
                service.suggestions(conn, "customer_source", limit=500))

    def apply_choices(self, choices: Suggestions) -> None:
        self.brand_values, sources = choices
        set_suggestions(self.source_combo, sources)
        for row in range(self.devices.rowCount()):
            set_suggestions(self.device_widget(row, COL_BRAND), self.brand_values)

    def clear_form(self) -> None:
        super().clear_form()
        self.phone_edit.clear()
        self.other_phones_edit.clear()
        self._show_phone_fields(True)
        self.devices.setRowCount(0)
        self.history_panel.show_customer(None)

    def show_record(self, record: service.Customer) -> None:
        super().show_record(record)
        phones = record.phones or []
        self.phone_edit.setText(next((p.phone for p in phones if p.is_primary), ""))
        self.other_phones_edit.setText(", ".join(p.phone for p in phones if not p.is_primary))
        self._show_phone_fields(record.phones is not None)
        self.devices.setRowCount(0)
        for device in record.devices:
            self.add_device_row(device)
        self.history_panel.show_customer(record.id)

    def form_values(self) -> dict[str, Any]:
        """The form as save_customer's keyword arguments."""
        if not self.name_edit.text().strip():  # said at once, before any round trip
            raise refuse("field_required", field="name", label="name")
        return dict(super().form_values(), phones=self.phones(), devices=self.device_drafts(),
                    region_id=self.record.region_id if self.record else None)

    # -- phones -------------------------------------------------------------------------------
    def _show_phone_fields(self, visible: bool) -> None:
        self.phone_edit.setVisible(visible)
        self.other_phones_edit.setVisible(visible)
        self.phones_hidden_label.setVisible(not visible)

    def phones(self) -> list[service.CustomerPhone] | None:
        """The phone fields as a list (None: keep the stored numbers, which are hidden)."""
        if self.record is not None and self.record.phones is None:
            return None
        main = self.phone_edit.text()
        numbers = [service.CustomerPhone(main, True)] if main.strip() else []
        numbers += [service.CustomerPhone(p, False)
                    for p in self.other_phones_edit.text().replace("，", ",").split(",")
                    if p.strip()]
        return numbers

    # -- devices ------------------------------------------------------------------------------
    def add_device_row(self, device: service.Device | None = None) -> int:
        row = self.devices.rowCount()
        self.devices.insertRow(row)
        marker = QTableWidgetItem()
        marker.setData(DEVICE_ROLE, device)
        self.devices.setItem(row, COL_PRODUCT, marker)
        purchased = QDateEdit()
        purchased.setCalendarPopup(True)
        purchased.setDisplayFormat("yyyy-MM-dd")
        purchased.setSpecialValueText(" ")  # the minimum, the day before the earliest
        limit_date(purchased, "device", "purchase_date", shop_time.today())
        purchased.setDate(purchased.minimumDate())
        months = QSpinBox()
        months.setRange(-1, 120)
        months.setSpecialValueText(tr("Default"))
        months.setValue(-1)
        cells: dict[int, QWidget] = {
            COL_PRODUCT: limit_text(QLineEdit(), "device", "product"),
            COL_BRAND: limit_text(dictionary_combo(self.brand_values), "device", "brand"),
            COL_MODEL: limit_text(QLineEdit(), "device", "model"),
            COL_SERIAL: limit_text(QLineEdit(), "device", "serial"), COL_DATE: purchased,
            COL_PROOF: QCheckBox(), COL_MONTHS: months}
        for col, widget in cells.items():
            self.devices.setCellWidget(row, col, widget)
            self.watch(widget, field_widget=self.devices)
        if device is not None:
            self._show_device(row, device)
        else:
            self.mark_dirty()
            cells[COL_PRODUCT].setFocus()
        return row

    def _show_device(self, row: int, device: service.Device) -> None:
        self.device_widget(row, COL_PRODUCT).setText(device.product)
        self.device_widget(row, COL_BRAND).setEditText(device.brand)
        self.device_widget(row, COL_MODEL).setText(device.model)
        self.device_widget(row, COL_SERIAL).setText(device.serial)
        if device.purchase_date is not None:
            d = device.purchase_date
            self.device_widget(row, COL_DATE).setDate(QDate(d.year, d.month, d.day))
        self.device_widget(row, COL_PROOF).setChecked(device.has_proof)
        self.device_widget(row, COL_MONTHS).setValue(device.warranty_months)

    def _stored_device(self, row: int) -> service.Device | None:
        marker = self.devices.item(row, COL_PRODUCT)
        return marker.data(DEVICE_ROLE) if marker is not None else None

    def _remove_device_row(self) -> None:
        row = self.devices.currentRow()
        if row < 0 or self._stored_device(row) is not None:
            return  # saved devices stay (they may be on tickets)
        self.devices.removeRow(row)
        self.mark_dirty()

    def device_widget(self, row: int, col: int) -> Any:
        return self.devices.cellWidget(row, col)

    def device_drafts(self) -> list[service.DeviceDraft]:
        drafts = []
        for row in range(self.devices.rowCount()):
            stored = self._stored_device(row)
            texts = {"product": self.device_widget(row, COL_PRODUCT).text(),
                     "brand": self.device_widget(row, COL_BRAND).currentText(),
                     "model": self.device_widget(row, COL_MODEL).text(),
                     "serial": self.device_widget(row, COL_SERIAL).text()}
            dated = self.device_widget(row, COL_DATE)
            purchase: date | None = (None if dated.date() == dated.minimumDate()
                                     else dated.date().toPython())
            if stored is None and not any(texts.values()) and purchase is None:
                continue  # an empty new row
            months = self.device_widget(row, COL_MONTHS).value()
            drafts.append(service.DeviceDraft(
                id=stored.id if stored else None, item_id=stored.item_id if stored else None,
                purchase_place=stored.purchase_place if stored else "",
                purchase_date=purchase, has_proof=self.device_widget(row, COL_PROOF).isChecked(),
                warranty_months=None if months < 0 else months, **texts))
        return drafts

    # -- the rest -----------------------------------------------------------------------------
    def set_sensitive_hidden(self, hidden: bool) -> None:
        super().set_sensitive_hidden(hidden)
        if self.can_view_phones:
            mode = QLineEdit.EchoMode.Password if hidden else QLineEdit.EchoMode.Normal
            self.phone_edit.setEchoMode(mode)
            self.other_phones_edit.setEchoMode(mode)
