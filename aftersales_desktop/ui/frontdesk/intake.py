"""The intake form (前台接单): keyboard first, one save, the receipt printed.

Typing a phone number, name or serial in the first field looks the customer up (one
round trip per pause in typing); picking a match fills the customer and offers their
devices. The warranty decision and the promised date are worked out on the spot by
the pure rules, from the shop context loaded once when the form opens.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import UserError, ValidationError
from aftersales_desktop.domain.tickets import STATUSES, VISITS, promise_bounds
from aftersales_desktop.domain.warranty import WARRANTY_CLASSES, find_rework
from aftersales_desktop.domain.workdays import promised_date
from aftersales_desktop.services.frontdesk import queries
from aftersales_desktop.services.frontdesk.intake import (
    IntakeDraft,
    IntakeResult,
    decide,
    new_operation_id,
    save_intake,
    validate_intake,
)
from aftersales_desktop.services.lookup import CustomerMatch
from aftersales_desktop.services.session import OperatorSession

from ..dialog_form import Row, form
from ..field_limits import limit_date, limit_text
from ..forms import ERROR_STYLE, OK_STYLE, FieldFeedback
from ..i18n import tr
from ..operations import Changes, CollectionOp, QueryOp
from . import printing
from .lookup import CustomerLookup

NEW_DEVICE = -1


def _combo(values: list[str] | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(["", *(values or [])])
    combo.setCurrentText("")
    return combo


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget


def _date_edit(display: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(display)
    return edit


def _datetime_edit() -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    return edit


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


def _group(title: str, rows: list[Row]) -> QGroupBox:
    box = QGroupBox(title)
    form(rows, parent=box)
    return box


def _in_a_row(*widgets: QWidget, stretch_last: bool = False) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget, 1 if stretch_last and widget is widgets[-1] else 0)
    return row


class _EnterAdvances(QObject):
    """Enter in a line edit or combo moves to the next field, as at a paper form."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
                and isinstance(watched, QWidget) and not watched.property("keep_enter")):
            watched.focusNextChild()
            return True
        return False


class IntakePage(QWidget):
    """The intake form; a saved ticket is announced through operations.did_execute."""

    open_ticket = Signal(int)

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.context: queries.IntakeContext | None = None
        self.customer: CustomerMatch | None = None
        self.last_saved: IntakeResult | None = None
        # the inquiry (咨询) the ticket comes from (ui/callbacks/inquiry_convert.py)
        self.inquiry_id: int | None = None
        self._saving = False
        self._build()
        QueryOp(parent=self, database=database, op=queries.intake_context,
                success=self._context_loaded).failure(
                    self.feedback.show_failure).with_progress().run_in_background()

    # -- layout ---------------------------------------------------------------------
    def _build(self) -> None:
        self.lookup = CustomerLookup(self.database, self)
        self.lookup.picked.connect(self.use_customer)
        self.search, self.matches = self.lookup.search, self.lookup.matches
        self.search.setObjectName("intake_search")
        self.matches.setObjectName("intake_matches")
        self.customer_name = _named(limit_text(QLineEdit(), "ticket", "customer_name"),
                                    "customer_name")
        self.phone = _named(limit_text(QLineEdit(), "customer_phone", "phone"), "phone")
        self.history = _named(QLabel(), "intake_history")
        self.history.setWordWrap(True)
        self.history.setStyleSheet("color: palette(mid);")
        self.device = _named(QComboBox(), "device")
        self.device.addItem(tr("New device"), NEW_DEVICE)
        self.product = limit_text(_combo(), "ticket", "product")
        self.brand = limit_text(_combo(), "ticket", "brand")
        self.model = limit_text(_combo(), "ticket", "model")
        self.serial = _named(limit_text(QLineEdit(), "ticket", "serial"), "serial")
        self.purchase_known = QCheckBox(tr("Known"))
        self.purchase_date = _date_edit("yyyy-MM-dd")
        limit_date(self.purchase_date, "ticket", "purchase_date", shop_time.today())
        self.purchase_date.setDate(QDate.currentDate())
        self.purchase_date.setEnabled(False)
        self.has_proof = QCheckBox(tr("Proof of purchase seen"))
        self.warranty_months = QSpinBox(minimum=0, maximum=120, value=12, suffix=tr(" months"))
        self.fault = limit_text(_combo(), "ticket", "fault")
        self.accessories = limit_text(_combo(), "ticket", "accessories")
        self.appearance = limit_text(_combo(), "ticket", "appearance")
        self.remarks = limit_text(QLineEdit(), "ticket", "remarks")
        self.human_damage = QCheckBox(tr("Human damage"))
        self.claim = QCheckBox(tr("Claim unit"))
        self.warranty_label = _named(QLabel(), "warranty_decision")
        self.warranty_label.setWordWrap(True)
        self.override = _named(QComboBox(), "warranty_override")
        self.override.addItem(tr("As decided"), None)
        for code, label in WARRANTY_CLASSES.items():
            self.override.addItem(tr(label), code)
        self.override_reason = _named(
            limit_text(QLineEdit(), "ticket", "warranty_override_reason"),
            "warranty_override_reason")
        self.override_reason.setPlaceholderText(tr("Reason for the override"))
        can_override = self.session.can("warranty.override")
        self.override.setVisible(can_override)
        self.override_reason.setVisible(can_override)
        self.visit = _named(QComboBox(), "visit")
        for code, label in VISITS.items():
            self.visit.addItem(tr(label), code)
        self.address = _named(limit_text(QLineEdit(), "ticket", "address"), "address")
        self.region = QComboBox()
        self.region.addItem("", None)
        self.appointment = limit_date(_datetime_edit(), "ticket", "appointment_at")
        # the shop's wall clock, as the appointment is read back (from_shop_wall_clock)
        tomorrow = datetime.now(shop_time.zone()) + timedelta(days=1)
        self.appointment.setDateTime(QDateTime(
            QDate(tomorrow.year, tomorrow.month, tomorrow.day),
            QTime(tomorrow.hour, tomorrow.minute)))
        self.urgent = _named(QCheckBox(tr("Urgent")), "urgent")
        self.to_factory = QCheckBox(tr("Goes back to the factory"))
        self.promised = _named(limit_date(_date_edit("yyyy-MM-dd"), "ticket", "promised_on"),
                               "promised_date")
        self._bound_promise(shop_time.today())
        self.technician = QComboBox()
        self.technician.addItem("", None)
        self.work_type = QComboBox()
        self.work_type.addItem("", None)
        self.shelf = limit_text(QLineEdit(), "ticket_location", "shelf")
        self.shelf.setPlaceholderText(tr("e.g. A-03"))

        customer = _group(tr("Customer"), [
            (tr("Look up"), self.search), ("", self.matches),
            (tr("Name") + " *", self.customer_name), (tr("Phone") + " *", self.phone),
            ("", self.history)])
        machine = _group(tr("Device"), [
            (tr("Device"), self.device), (tr("Product") + " *", self.product),
            (tr("Brand"), self.brand), (tr("Model"), self.model),
            (tr("Serial no."), self.serial),
            (tr("Purchase date"), _in_a_row(self.purchase_known, self.purchase_date,
                                            stretch_last=True)),
            (tr("Warranty"), self.warranty_months), ("", self.has_proof)])
        overrides: list[Row] = [(tr("Override"), self.override),
                                ("", self.override_reason)] if can_override else []
        fault = _group(tr("Fault"), [
            (tr("Fault") + " *", self.fault), (tr("Accessories received"), self.accessories),
            (tr("Appearance"), self.appearance), (tr("Customer's remarks"), self.remarks),
            ("", _in_a_row(self.human_damage, self.claim)),
            (tr("Warranty decision"), self.warranty_label), *overrides])
        service = _group(tr("Service"), [
            (tr("Carry-in or on-site"), self.visit), (tr("Address"), self.address),
            (tr("Region"), self.region), (tr("Appointment"), self.appointment),
            ("", _in_a_row(self.urgent, self.to_factory)),
            (tr("Promised date") + " *", self.promised), (tr("Technician"), self.technician),
            (tr("Work type"), self.work_type), (tr("Shelf"), self.shelf)])

        self.summary = _named(QLabel(), "intake_summary")
        self.feedback = FieldFeedback({
            "customer_name": self.customer_name, "phone": self.phone,
            "product": self.product, "purchase_date": self.purchase_date,
            "warranty_months": self.warranty_months, "fault": self.fault,
            "promised_date": self.promised, "address": self.address,
            "appointment_at": self.appointment, "warranty_override_reason": self.override_reason,
            "warranty_class": self.override}, self.summary)
        self._rechecking = False  # after a refused save every change checks again
        self.save_button = _named(QPushButton(tr("Save (Ctrl+S)")), "intake_save")
        self.print_button = _named(QPushButton(tr("Save and print receipt (Ctrl+P)")),
                                   "intake_save_print")
        self.new_button = QPushButton(tr("Next customer"))
        self.save_button.clicked.connect(lambda: self.save(print_receipt=False))
        self.print_button.clicked.connect(lambda: self.save(print_receipt=True))
        self.new_button.clicked.connect(self.clear)
        QShortcut(QKeySequence.StandardKey.Save, self, lambda: self.save(print_receipt=False))
        QShortcut(QKeySequence.StandardKey.Print, self, lambda: self.save(print_receipt=True))

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(customer)
        left.addWidget(machine)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(fault)
        right.addWidget(service)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

        enter = _EnterAdvances(self)
        for widget in (self.customer_name, self.phone, self.product, self.brand, self.model,
                       self.serial, self.fault, self.accessories, self.appearance, self.remarks,
                       self.address, self.shelf, self.override_reason):
            widget.installEventFilter(enter)
        self.setTabOrder(self.search, self.customer_name)
        for signal in (self.customer_name.textChanged, self.phone.textChanged,
                       self.product.editTextChanged, self.fault.editTextChanged,
                       self.address.textChanged, self.override_reason.textChanged,
                       self.override.currentIndexChanged, self.visit.currentIndexChanged,
                       self.promised.dateChanged, self.purchase_date.dateChanged,
                       self.purchase_known.toggled, self.warranty_months.valueChanged,
                       self.appointment.dateTimeChanged):
            signal.connect(lambda *_args: self._recheck())
        self.device.currentIndexChanged.connect(self._device_changed)
        self.purchase_known.toggled.connect(self.purchase_date.setEnabled)
        for box in (self.purchase_known, self.has_proof, self.human_damage, self.claim):
            box.toggled.connect(self._update_warranty)
        self.purchase_date.dateChanged.connect(self._update_warranty)
        self.warranty_months.valueChanged.connect(self._update_warranty)
        self.urgent.toggled.connect(self._update_promise)
        self.to_factory.toggled.connect(self._update_promise)
        self.visit.currentIndexChanged.connect(self._visit_changed)
        self._visit_changed()
        self.search.setFocus()

    # -- context and lookup ----------------------------------------------------------
    def _context_loaded(self, context: queries.IntakeContext) -> None:
        self.context = context
        words = context.dictionary
        # what was typed (or prefilled from an inquiry) before the context came stays
        for combo, kind in ((self.brand, "brand"), (self.model, "model"),
                            (self.fault, "fault"), (self.accessories, "accessory"),
                            (self.appearance, "appearance")):
            typed = combo.currentText()
            combo.addItems(words.get(kind, []))
            combo.setCurrentText(typed)
        typed = self.product.currentText()
        self.product.addItems(sorted({"空调", "冰箱", "洗衣机", "电视机", "热水器", "油烟机"}))
        self.product.setCurrentText(typed)
        for region in context.regions:
            self.region.addItem(region["name"], region["id"])
        for person in context.technicians:
            self.technician.addItem(person["name"], person["id"])
        for work_type in context.work_types:
            self.work_type.addItem(work_type["name"], work_type["id"])
        self._bound_promise(context.today)
        self._update_promise()
        self._update_warranty()

    def _bound_promise(self, today: date) -> None:
        """Only days the database takes: from today to domain.limits.PROMISE_MAX_DAYS on,
        and a purchase no later than tomorrow (a customer a time zone ahead)."""
        earliest, latest = promise_bounds(today)
        self.promised.setDateRange(_qdate(earliest), _qdate(latest))
        limit_date(self.purchase_date, "ticket", "purchase_date", today)

    def today(self) -> date:
        return self.context.today if self.context else shop_time.today()

    def _lookup(self) -> None:
        self.lookup.look_up()

    def use_customer(self, match: CustomerMatch) -> None:
        self.customer = match
        self.customer_name.setText(match.name)
        self.phone.setText(match.phones[0] if match.phones else "")
        self.customer_name.setReadOnly(True)
        self.phone.setReadOnly(True)
        self.matches.hide()
        self.device.blockSignals(True)
        self.device.clear()
        self.device.addItem(tr("New device"), NEW_DEVICE)
        for device in match.devices:
            self.device.addItem(f"{device.product} {device.brand} {device.model} {device.serial}",
                                device.id)
        self.device.blockSignals(False)
        visits = [v.data for v in match.last_visits]
        self.history.setText("\n".join(
            tr("{date} {number} {product} {fault} ({status})").format(
                date=v.get("received_on", ""), number=v.get("number", ""),
                product=v.get("product", ""), fault=v.get("fault", ""),
                status=tr(STATUSES.get(v.get("status", ""), "")))
            for v in visits) or tr("No earlier visits."))
        if match.devices:
            self.device.setCurrentIndex(1)
            self._device_changed()
        self.fault.setFocus()

    def _device_changed(self) -> None:
        device_id = self.device.currentData()
        device = next((d for d in (self.customer.devices if self.customer else ())
                       if d.id == device_id), None)
        for widget in (self.product, self.brand, self.model):
            widget.setEnabled(device is None)
        if device is None:
            return
        self.product.setCurrentText(device.product)
        self.brand.setCurrentText(device.brand)
        self.model.setCurrentText(device.model)
        self.serial.setText(device.serial)
        self.purchase_known.setChecked(device.purchase_date is not None)
        if device.purchase_date:
            self.purchase_date.setDate(_qdate(device.purchase_date))
        self.warranty_months.setValue(device.warranty_months)
        prior = self.customer.prior_repairs(device.id) if self.customer else []
        rework = find_rework(prior, self.today())
        if rework is not None:
            self.history.setText(tr("Rework: {number} was repaired here and is still under "
                                    "repair warranty until {date}; this repair is free.").format(
                number=rework.number, date=rework.covered_until.isoformat()))
            self.history.setStyleSheet("color: #a8071a; font-weight: bold;")
        self._update_warranty()

    def _visit_changed(self) -> None:
        on_site = self.visit.currentData() == "on_site"
        for widget in (self.address, self.region, self.appointment):
            widget.setEnabled(on_site)

    def _update_promise(self) -> None:
        if self.context is None:
            return
        promised = promised_date(self.today(), self.context.promise, self.context.calendar,
                                 urgent=self.urgent.isChecked(),
                                 to_factory=self.to_factory.isChecked())
        self.promised.setDate(_qdate(promised))

    def _update_warranty(self) -> None:
        try:
            decision = decide(self.draft(), self.today())
        except UserError as exc:
            self.warranty_label.setText(exc.text(tr))
            self.warranty_label.setStyleSheet("color: #a8071a;")
            return
        self.warranty_label.setText(decision.explain(tr))
        self.warranty_label.setStyleSheet(
            OK_STYLE if decision.warranty_class == "in_warranty" else "")

    # -- the draft and saving --------------------------------------------------------
    def draft(self) -> IntakeDraft:
        device_id = self.device.currentData()
        appointment = self.appointment.dateTime().toPython()
        assert isinstance(appointment, datetime)
        on_site = self.visit.currentData() == "on_site"
        return IntakeDraft(
            customer_id=self.customer.id if self.customer else None,
            customer_name=self.customer_name.text(), phone=self.phone.text(),
            device_id=None if device_id in (None, NEW_DEVICE) else int(device_id),
            product=self.product.currentText(), brand=self.brand.currentText(),
            model=self.model.currentText(), serial=self.serial.text(),
            purchase_date=(_pydate(self.purchase_date.date())
                           if self.purchase_known.isChecked() else None),
            has_proof=self.has_proof.isChecked(), warranty_months=self.warranty_months.value(),
            fault=self.fault.currentText(), accessories=self.accessories.currentText(),
            appearance=self.appearance.currentText(), remarks=self.remarks.text(),
            visit=self.visit.currentData(), address=self.address.text() if on_site else "",
            region_id=self.region.currentData() if on_site else None,
            appointment_at=(shop_time.from_shop_wall_clock(appointment) if on_site else None),
            urgent=self.urgent.isChecked(),
            promised_on=_pydate(self.promised.date()),
            human_damage=self.human_damage.isChecked(), claim=self.claim.isChecked(),
            warranty_class=self.override.currentData(),
            warranty_override_reason=self.override_reason.text(),
            technician_id=self.technician.currentData(),
            work_type_id=self.work_type.currentData(), shelf=self.shelf.text(),
            operation_id=self._operation_id, inquiry_id=self.inquiry_id)

    _operation_id = ""

    def save(self, *, print_receipt: bool) -> None:
        if self._saving:
            return
        self.feedback.clear()
        if not self._operation_id:
            # the same id until the save succeeds: a resend after a lost answer applies once
            self._operation_id = new_operation_id()
        draft = self.draft()
        today = self.today()
        try:
            validate_intake(draft, today)
        except ValidationError as exc:
            self._show_errors([exc])
            return
        self._saving = True

        def work(conn: Any) -> tuple[IntakeResult, dict[str, Any] | None]:
            # one call saves (its own transaction); the receipt's details are a second
            result = save_intake(conn, draft, today)
            detail = queries.ticket_detail(conn, result.id) if print_receipt else None
            return result, detail

        CollectionOp(parent=self, database=self.database, op=work, atomic=False,
                     changes=lambda outcome: Changes.of("customer", "device", "dictionary")
                     | Changes.record("ticket", outcome[0].id),
                     success=self._saved).failure(self._save_failed).run_in_background()

    def _saved(self, outcome: tuple[IntakeResult, dict[str, Any] | None]) -> None:
        self._saving = False
        result, detail = outcome
        self.last_saved = result
        self._operation_id = ""
        if detail is not None:
            printing.print_intake(detail)
        self.clear()
        self.feedback.show_message(tr("Ticket {number} saved.").format(number=result.number))
        self.summary.setStyleSheet(OK_STYLE)

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self._rechecking = isinstance(exc, ValidationError)
        self.feedback.show_failure(exc)

    def _show_errors(self, errors: list[ValidationError]) -> None:
        """Red, at the field and in the summary (which turned green after the last save);
        from now on each change checks again and the errors go as they are fixed."""
        self._rechecking = True
        self.summary.setStyleSheet(ERROR_STYLE)
        self.feedback.show(errors)

    def _recheck(self) -> None:
        if not self._rechecking or self._saving:
            return
        try:
            validate_intake(self.draft(), self.today())
        except ValidationError as exc:
            focused = QApplication.focusWidget()
            self._show_errors([exc])
            if focused is not None:
                focused.setFocus()  # the operator goes on typing where they were
        else:
            self._rechecking = False
            self.feedback.clear()

    def clear(self) -> None:
        """Ready for the next customer in the queue."""
        self._rechecking = False
        self.customer = None
        self.inquiry_id = None
        for edit in (self.search, self.customer_name, self.phone, self.serial, self.remarks,
                     self.address, self.shelf, self.override_reason):
            edit.clear()
            edit.setReadOnly(False)
        for combo in (self.product, self.brand, self.model, self.fault, self.accessories,
                      self.appearance):
            combo.setCurrentText("")
            combo.setEnabled(True)
        for box in (self.purchase_known, self.has_proof, self.human_damage, self.claim,
                    self.urgent, self.to_factory):
            box.setChecked(False)
        self.device.clear()
        self.device.addItem(tr("New device"), NEW_DEVICE)
        self.override.setCurrentIndex(0)
        self.visit.setCurrentIndex(0)
        self.warranty_months.setValue(12)
        self.history.clear()
        self.history.setStyleSheet("color: palette(mid);")
        self.matches.hide()
        self._update_promise()
        self._update_warranty()
        self.search.setFocus()

    def has_unsaved_changes(self) -> bool:
        return bool(self.customer_name.text().strip() or self.fault.currentText().strip())

