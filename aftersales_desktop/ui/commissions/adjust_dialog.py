"""Proposing a reward or penalty by hand (登记奖惩): whom (a technician or a service
outlet), which configured item (its amount filled in, and still editable), the amount
(> 0 a reward, < 0 a penalty; the sign shows beside it), the reason (required) and the
ticket it is about (optional, by number).

The proposal is one server call (app.commission_adjust_propose); it waits for someone
with commission.settle other than the proposer to approve it. A refusal shows at its
field and the dialog stays open; `proposed` holds what the server returned.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.reports.receipts import format_money
from aftersales_desktop.services.commissions import lines

from ..dialog_form import form, ok_cancel
from ..field_limits import limit_number, limit_text
from ..forms import ERROR_STYLE, OK_STYLE, FieldFeedback, MoneyEdit
from ..i18n import tr
from ..operations import Changes, CollectionOp, QueryOp

PAYEE_KINDS: list[tuple[str, str]] = [("employee", QT_TR_NOOP("Technician")),
                                      ("outlet", QT_TR_NOOP("Service outlet"))]
CHANGES = Changes.of("commissions")


def signed_amount(text: str) -> Decimal | None:
    raw = text.replace("¥", "").replace(",", "").replace(" ", "")
    try:
        value = Decimal(raw) if raw not in ("", "-", ".", "-.") else None
    except ArithmeticError:
        return None
    return value if value is not None and value.is_finite() else None


class ProposeDialog(QDialog):
    """A new reward or penalty, waiting for approval once proposed."""

    def __init__(self, database: Database, *, ticket_number: str = "",
                 payee: tuple[str, int] | None = None,
                 parent: QWidget | None = None) -> None:
        """`ticket_number` and `payee` ((kind, id)) fill the form in (the ticket tab's
        action: its ticket and technician)."""
        super().__init__(parent)
        self.setObjectName("propose_dialog")
        self.preset_payee = payee
        self.setWindowTitle(tr("New reward or penalty"))
        self.database = database
        self.choices: dict[str, list[dict[str, Any]]] = {}
        self.proposed: dict[str, Any] | None = None
        self.sending = False
        self.loaded = False

        self.payee_kind = QComboBox()
        self.payee_kind.setObjectName("payee_kind")
        for kind, label in PAYEE_KINDS:
            self.payee_kind.addItem(tr(label), kind)
        self.payee = QComboBox()
        self.payee.setObjectName("payee")
        self.payee.setMinimumContentsLength(16)
        payee_row = QHBoxLayout()
        payee_row.addWidget(self.payee_kind)
        payee_row.addWidget(self.payee, 1)
        self.item = QComboBox()
        self.item.setObjectName("item")
        self.amount = limit_number(MoneyEdit(), "commission_line", "amount")
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(tr("¥50.00 a reward, -¥50.00 a penalty"))
        self.sign = QLabel()
        self.sign.setObjectName("amount_sign")
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.sign)
        self.reason = limit_text(QLineEdit(), "commission_line", "reason")
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(tr("What happened, for the technician and the manager"))
        self.ticket = limit_text(QLineEdit(), "ticket", "number")
        self.ticket.setObjectName("ticket_number")
        self.ticket.setPlaceholderText(tr("WX20261201-0001 (optional)"))
        self.ticket.setText(ticket_number)
        self.summary = QLabel()
        self.summary.setObjectName("propose_summary")
        self.feedback = FieldFeedback({
            "payee": self.payee, "employee_id": self.payee, "outlet_id": self.payee,
            "item_id": self.item, "item": self.item, "amount": self.amount,
            "reason": self.reason, "ticket_number": self.ticket, "ticket_id": self.ticket,
            "ticket": self.ticket}, self.summary)
        self.buttons = ok_cancel(self, on_ok=self.send)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Propose"))
        self.ok_button.setObjectName("propose_ok")
        self.ok_button.setEnabled(False)  # until the choices are loaded
        note = QLabel(tr("A proposal counts once someone with the right to settle "
                         "commissions, other than you, approves it."))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        form([(tr("Payee") + " *", payee_row), (tr("Item"), self.item),
              (tr("Amount") + " *", amount_row), (tr("Reason") + " *", self.reason),
              (tr("Ticket"), self.ticket), note, self.summary, self.buttons], parent=self)

        self.payee_kind.currentIndexChanged.connect(lambda _i: self._fill_payees())
        self.item.currentIndexChanged.connect(lambda _i: self._item_chosen())
        self.amount.textChanged.connect(lambda _t: self._show_sign())
        for widget, signal in ((self.payee, self.payee.currentIndexChanged),
                               (self.item, self.item.currentIndexChanged),
                               (self.amount, self.amount.textChanged),
                               (self.reason, self.reason.textChanged),
                               (self.ticket, self.ticket.textChanged)):
            signal.connect(lambda *_a, w=widget: self.feedback.field_changed(w))
        self.setTabOrder(self.payee_kind, self.payee)
        self.setTabOrder(self.payee, self.item)
        self.setTabOrder(self.item, self.amount)
        self.setTabOrder(self.amount, self.reason)
        self.setTabOrder(self.reason, self.ticket)
        self._show_sign()
        self.payee.setFocus()
        self.load()

    # -- choices ---------------------------------------------------------------------------
    def load(self) -> None:
        QueryOp(parent=self, database=self.database, op=lines.proposal_choices,
                success=self._loaded).failure(self.feedback.show_failure).run_in_background()

    def _loaded(self, choices: dict[str, Any]) -> None:
        self.choices = {key: list(choices.get(key) or [])
                        for key in ("technicians", "outlets", "items")}
        self.item.blockSignals(True)
        self.item.clear()
        self.item.addItem(tr("(none: type the amount)"), None)
        for item in self.choices["items"]:
            self.item.addItem(f"{item.get('name')}  {format_money(Decimal(item['amount']))}",
                              int(item["id"]))
        self.item.blockSignals(False)
        self._fill_payees()
        if self.preset_payee is not None:
            self.choose_payee(*self.preset_payee)
        self.loaded = True
        self.ok_button.setEnabled(True)

    def _fill_payees(self) -> None:
        kind = self.payee_kind.currentData()
        people = self.choices.get("technicians" if kind == "employee" else "outlets") or []
        self.payee.clear()
        for payee in people:
            code = str(payee.get("code") or "")
            name = str(payee.get("name") or "")
            self.payee.addItem(f"{name} ({code})" if code else name, int(payee["id"]))

    def item_of(self, item_id: Any) -> dict[str, Any] | None:
        return next((i for i in self.choices.get("items") or [] if i["id"] == item_id), None)

    def _item_chosen(self) -> None:
        item = self.item_of(self.item.currentData())
        if item is not None:
            self.amount.set_amount(Decimal(item["amount"]))
            if not self.reason.text().strip():
                self.reason.setText(str(item.get("name") or ""))

    def _show_sign(self) -> None:
        value = signed_amount(self.amount.text())
        if value is None or value == 0:
            self.sign.setText("")
        elif value > 0:
            self.sign.setText(tr("Reward"))
            self.sign.setStyleSheet(OK_STYLE)
        else:
            self.sign.setText(tr("Penalty"))
            self.sign.setStyleSheet(ERROR_STYLE)

    def choose_payee(self, kind: str, payee_id: int) -> None:
        self.payee_kind.setCurrentIndex(max(self.payee_kind.findData(kind), 0))
        self.payee.setCurrentIndex(max(self.payee.findData(payee_id), 0))

    # -- sending ---------------------------------------------------------------------------
    def proposal(self) -> lines.Proposal:
        payee_id = self.payee.currentData()
        return lines.Proposal(
            payee=(str(self.payee_kind.currentData()), int(payee_id))
            if payee_id is not None else None,
            item_id=self.item.currentData(), amount=self.amount.text(),
            reason=self.reason.text(), ticket_number=self.ticket.text())

    def send(self) -> None:
        if self.sending or not self.loaded:
            return
        proposal = self.proposal()
        try:
            proposal.payload()
        except ValidationError as exc:
            self.feedback.show([exc])
            return
        self.sending = True
        self.ok_button.setEnabled(False)
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: lines.propose(conn, proposal), changes=CHANGES,
                     success=self._proposed).failure(self._refused).run_in_background()

    def _proposed(self, found: dict[str, Any]) -> None:
        self.sending = False
        self.proposed = found
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.sending = False
        self.ok_button.setEnabled(True)
        self.feedback.show_failure(exc)
