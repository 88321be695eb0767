"""Parts pre-orders (预订购件): the list by state, and ordering, arrival, pickup, cancel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.ticket_lists import PREORDERS
from aftersales_desktop.domain.fees import PAYMENT_METHODS, preorder_amounts, round_money
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.reports.receipts import format_money
from aftersales_desktop.services.frontdesk import preorders
from aftersales_desktop.services.lookup import CustomerMatch, lookup_customers
from aftersales_desktop.services.session import OperatorSession

from ..dialog_form import form, ok_cancel
from ..field_limits import limit_date, limit_number, limit_search, limit_text
from ..forms import ERROR_STYLE, OK_STYLE, FieldFeedback
from ..i18n import tr
from ..listview import ListView
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp
from .dialogs import ReasonDialog, amount_edit, money


def quantity(edit: QLineEdit) -> Decimal:
    """A count of parts: a number above zero, read as typed (never as money)."""
    try:
        value = Decimal(edit.text().strip().replace(",", "") or "0")
    except InvalidOperation:
        raise refuse("quantity_invalid") from None
    if not value.is_finite() or value <= 0:
        raise refuse("quantity_invalid")
    return value


class PreorderDialog(QDialog):
    """A customer (looked up by phone or name) orders a part."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle(tr("New parts pre-order"))
        self.search = limit_search(QLineEdit())
        self.search.setPlaceholderText(tr("Phone, name or serial of the customer"))
        self.customer = QComboBox()
        self.part = limit_text(QLineEdit(), "part_preorder", "part_name")
        self.quantity = limit_number(QLineEdit("1"), "part_preorder", "quantity")
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.price = amount_edit("part_preorder", "unit_price")
        self.deposit = amount_edit("part_preorder", "deposit")
        self.expected = QDateEdit()
        self.expected.setCalendarPopup(True)
        self.expected.setDisplayFormat("yyyy-MM-dd")
        limit_date(self.expected, "part_preorder", "expected_on")
        self.expected.setDate(QDate.currentDate().addDays(7))
        self.summary = QLabel()
        self.feedback = FieldFeedback({"customer": self.customer, "part_name": self.part,
                                       "quantity": self.quantity, "unit_price": self.price,
                                       "deposit": self.deposit}, self.summary)
        form([(tr("Look up"), self.search), (tr("Customer") + " *", self.customer),
              (tr("Part") + " *", self.part), (tr("Qty"), self.quantity),
              (tr("Unit price"), self.price), (tr("Deposit"), self.deposit),
              (tr("Expected"), self.expected), self.summary, ok_cancel(self)], parent=self)
        self.search.returnPressed.connect(self.look_up)
        self.saved: tuple[int, str] | None = None
        # the inquiry (咨询) the pre-order comes from (ui/callbacks/inquiry_convert.py)
        self.inquiry_id: int | None = None

    def look_up(self) -> None:
        text = self.search.text()
        QueryOp(parent=self, database=self.database, op=lambda conn: lookup_customers(conn, text),
                success=self._show).failure(
                    self.feedback.show_failure).with_progress().run_in_background()

    def _show(self, matches: list[CustomerMatch]) -> None:
        self.customer.clear()
        for match in matches:
            self.customer.addItem(f"{match.name}  {' / '.join(match.phones)}", match.id)

    def values(self) -> dict[str, Any]:
        if self.customer.currentData() is None:
            raise ValidationError("customer", QT_TR_NOOP("Look up and pick the customer."))
        expected = self.expected.date()
        return {"customer_id": int(self.customer.currentData()), "part_name": self.part.text(),
                "quantity": quantity(self.quantity),
                "unit_price": money(self.price, "unit_price"),
                "deposit": money(self.deposit, "deposit"),
                "expected_on": date(expected.year(), expected.month(), expected.day()),
                "inquiry_id": self.inquiry_id}

    def accept(self) -> None:
        try:
            values = self.values()
        except ValidationError as exc:
            self.feedback.show([exc])
            return
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: preorders.create_preorder(conn, **values),
                     changes=Changes.of("preorder"),
                     success=self._saved).failure(self.feedback.show_failure).run_in_background()

    def _saved(self, saved: tuple[int, str]) -> None:
        self.saved = saved
        super().accept()


class PreordersPage(QWidget):
    def __init__(self, database: Database, session: OperatorSession, *, list_view: ListView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.list = list_view
        self.message = QLabel()
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, label, slot, capability in (
                ("new", tr("New pre-order..."), self.ask_new, "intake.create"),
                ("arrived", tr("Part arrived"), self.mark_arrived, "intake.create"),
                ("pick_up", tr("Hand over..."), self.ask_pick_up, "settlement.collect"),
                ("cancel", tr("Cancel..."), self.ask_cancel, "intake.cancel")):
            if session.can(capability):
                button = QPushButton(label)
                button.setObjectName(f"preorder_{name}")
                button.clicked.connect(slot)
                bar.addWidget(button)
                self.buttons[name] = button
        bar.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.list, 1)

    def refresh(self) -> None:
        self.list.refresh()

    def selected(self) -> tuple[int, tuple[Any, ...]] | None:
        index = self.list.table.currentIndex()
        if not index.isValid():
            self._say(tr("Select a pre-order first."), error=True)
            return None
        row = index.row()
        return int(self.list.model.key_at(row)), self.list.model.row_values(row)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)

    def _run(self, action: Any, done_text: str) -> None:
        """One server call; the list (it shows pre-orders) reloads from did_execute."""
        CollectionOp(parent=self, database=self.database, op=action, atomic=False,
                     changes=Changes.of("preorder"),
                     success=lambda _result: self._say(done_text)).failure(
                         lambda exc: self._say(error_text(exc), error=True)).run_in_background()

    def ask_new(self) -> None:
        dialog = PreorderDialog(self.database, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self._say(tr("Pre-order {number} saved.").format(number=dialog.saved[1]))

    def mark_arrived(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            order_id = chosen[0]
            self._run(lambda conn: preorders.mark_arrived(conn, order_id),
                      tr("Marked as arrived: the 'parts arrived' notice is now due."))

    def amount_due(self, values: tuple[Any, ...]) -> Decimal:
        source = PREORDERS
        quantity = Decimal(str(values[source.index_of("quantity")]))
        price = Decimal(str(values[source.index_of("unit_price")]))
        deposit = Decimal(str(values[source.index_of("deposit")]))
        # the database's rule (app.preorder_amounts) in its tested Python copy
        return preorder_amounts(quantity, price, deposit).due

    def pick_up(self, order_id: int, method: str, paid: Decimal) -> None:
        self._run(lambda conn: preorders.pick_up(conn, order_id, payment_method=method,
                                                 paid=paid), tr("Handed over."))

    def ask_pick_up(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        dialog = HandOverDialog(self.amount_due(chosen[1]), parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_values:
            method, paid = dialog.result_values
            self.pick_up(chosen[0], method, paid)

    def ask_cancel(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        dialog = ReasonDialog(tr("Cancel the pre-order"),
                              tr("Say why the customer no longer wants the part."),
                              lambda: refuse("reason_required"), parent=self,
                              column=("part_preorder", "cancel_reason"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            order_id, reason = chosen[0], dialog.reason.text()
            self._run(lambda conn: preorders.cancel_preorder(conn, order_id, reason),
                      tr("Pre-order cancelled."))


class HandOverDialog(QDialog):
    """The part handed over: what is left to pay, how it is paid, the change."""

    def __init__(self, due: Decimal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Hand over"))
        self.due = due
        self.method = QComboBox()
        for code, label in PAYMENT_METHODS.items():
            self.method.addItem(tr(label), code)
        self.paid = amount_edit("part_preorder", "paid", due)
        self.change = QLabel()
        self.summary = QLabel()
        self.feedback = FieldFeedback({"paid": self.paid, "payment_method": self.method},
                                      self.summary)
        form([(tr("Left to pay"), QLabel(format_money(due))),
              (tr("Payment method"), self.method), (tr("Amount received"), self.paid),
              self.change, self.summary, ok_cancel(self)], parent=self)
        self.paid.textChanged.connect(self._update)
        self.result_values: tuple[str, Decimal] | None = None
        self._update()

    def _update(self) -> None:
        try:
            paid = money(self.paid, "paid")
        except ValidationError:
            self.change.clear()
            return
        self.change.setText(tr("Change {amount}").format(
            amount=format_money(max(paid - self.due, Decimal(0)))))

    def accept(self) -> None:
        try:
            paid = round_money(money(self.paid, "paid"))
            if paid < self.due:
                raise refuse("underpaid", due=str(self.due))
        except ValidationError as exc:
            self.feedback.show([exc])
            return
        self.result_values = (self.method.currentData(), paid)
        super().accept()
