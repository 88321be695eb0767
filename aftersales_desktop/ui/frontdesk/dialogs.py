"""Small dialogs of the ticket tab: settle, notify, quote, the customer's answer, a
reason, the promised date.

Each is a form of labelled rows (ui/dialog_form.py), wide enough to read. A dialog
checks its values with the same pure rules the service runs; once OK has shown an
error, every change checks again, so an error goes as soon as it is fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.fees import PAYMENT_METHODS, FeeLine, compute_settlement
from aftersales_desktop.domain.notices import (
    CHANNEL_LABELS,
    NOTICE_KINDS,
    PLACEHOLDERS,
    TICKET_KINDS,
    missing_values,
    render_template,
)
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.requisitions import settlement_part_lines
from aftersales_desktop.domain.tickets import QUOTE_CHANNELS, promise_bounds
from aftersales_desktop.domain.warranty import billed_to_default
from aftersales_desktop.reports.receipts import format_money, format_quantity

from ..dialog_form import form, ok_cancel
from ..field_limits import limit_date, limit_number, limit_text
from ..forms import FieldFeedback
from ..i18n import tr
from .ticket_sections import RecordTable

BILLED_TO = {"customer": QT_TR_NOOP("Customer"), "manufacturer": QT_TR_NOOP("Manufacturer"),
             "shop": QT_TR_NOOP("Shop (free rework)")}
# The fee rows of the quote and settlement dialogs: "Parts" here is what the parts cost,
# not the parts warehouse (the same English word, its own translation).
PARTS_FEE = QT_TR_NOOP("Parts", "fee")
LABOUR_FEE = QT_TR_NOOP("Labour")
OTHER_FEE = QT_TR_NOOP("Other")


def money(edit: QLineEdit, field: str) -> Decimal:
    text = edit.text().strip().replace(",", "").replace("¥", "") or "0"
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationError(field, QT_TR_NOOP("Enter an amount such as 12.50.")) from None


def amount_text(value: Any) -> str:
    """An amount from a server answer (jsonb gives 120 or 120.5) as an edit shows it:
    120.00, like every other amount field."""
    return f"{Decimal(str(value or 0)):.2f}"


def amount_edit(table: str, column: str, value: Any = 0, *, blank: bool = False,
                not_negative: bool = False) -> QLineEdit:
    """An amount field for `table.column`: right-aligned, two decimals (UI.md), only
    what the column takes can be typed."""
    edit = QLineEdit("" if blank else amount_text(value))
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return limit_number(edit, table, column, not_negative=not_negative)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class _Checked(QDialog):
    """A dialog whose OK checks the values first; after a refused OK every change checks
    again, and the errors shown are always the current ones (none once all is right)."""

    feedback: FieldFeedback
    _rechecking = False

    def check(self) -> Any:
        """The dialog's values, or ValidationError naming the field to correct."""
        raise NotImplementedError

    def recheck_on(self, *signals: Any) -> None:
        for signal in signals:
            signal.connect(lambda *_args: self._recheck())

    def _recheck(self) -> None:
        if not self._rechecking:
            return
        try:
            self.check()
        except ValidationError as exc:
            focused = QApplication.focusWidget()
            self.feedback.show([exc])
            if focused is not None:
                focused.setFocus()  # typing goes on where it was
        else:
            self.feedback.clear()

    def checked_values(self) -> Any | None:
        """The values if they pass, else None with the error at its field."""
        try:
            return self.check()
        except ValidationError as exc:
            self._rechecking = True
            self.feedback.show([exc])
            return None


class SettleDialog(_Checked):
    """Parts, labour and other fees, who pays them, discount and payment.

    A ticket with a requisition bills its requisitioned parts (revision 0016): they are
    listed read-only, at the price on the requisition, billed as the warranty class says,
    and the parts amount is not typed (the database refuses a typed part line then)."""

    def __init__(self, detail: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Settle {number}").format(number=detail["ticket"]["number"]))
        t = detail["ticket"]
        quote = next((q for q in reversed(detail.get("quotes") or [])
                      if q["state"] == "approved"), None)
        self.default_payer = billed_to_default(t["warranty_class"], bool(t["rework_free"]))
        requisition = detail.get("requisition") or {}
        self.requisition_version: int | None = requisition.get("version")
        self.part_lines = settlement_part_lines(requisition.get("lines") or [],
                                                self.default_payer)
        self.parts_table = RecordTable([QT_TR_NOOP("Part"), QT_TR_NOOP("Qty"),
                                        QT_TR_NOOP("Unit price"), QT_TR_NOOP("Amount"),
                                        QT_TR_NOOP("Billed to")], money_columns=(1, 2, 3))
        self.parts_table.setObjectName("settle_parts")
        self.parts_table.fill([(line.description, format_quantity(line.quantity),
                                format_money(line.unit_price), format_money(line.amount),
                                tr(BILLED_TO.get(line.billed_to, line.billed_to)))
                               for line in self.part_lines])
        self.parts_table.setMinimumHeight(min(60 + 26 * len(self.part_lines), 200))
        # each fee is a settlement line of quantity 1 at this price (the parts' only when
        # the ticket has no requisitioned parts: they are the parts then)
        self.parts, self.labour, self.other = (
            amount_edit("settlement_line", "unit_price",
                        quote[key] if quote and not (key == "parts_amount" and self.part_lines)
                        else 0)
            for key in ("parts_amount", "labour_amount", "other_amount"))
        self.billed_to = QComboBox()
        for code, label in BILLED_TO.items():
            self.billed_to.addItem(tr(label), code)
        self.billed_to.setCurrentIndex(self.billed_to.findData(self.default_payer))
        # billing anyone else needs a reason (and the right)
        self.payer_reason = limit_text(QLineEdit(), "settlement", "payer_reason")
        self.discount = amount_edit("settlement", "discount", not_negative=True)
        self.discount_reason = limit_text(QLineEdit(), "settlement", "discount_reason")
        self.method = QComboBox()
        for code, label in PAYMENT_METHODS.items():
            self.method.addItem(tr(label), code)
        self.paid = amount_edit("settlement", "paid", blank=True, not_negative=True)
        self.paid.setPlaceholderText(tr("Cash: the amount handed over"))
        self.totals = QLabel()
        self.totals.setObjectName("settle_totals")
        self.summary = QLabel()
        self.feedback = FieldFeedback({"lines": self.labour if self.part_lines else self.parts,
                                       "discount": self.discount,
                                       "discount_reason": self.discount_reason,
                                       "payer_reason": self.payer_reason,
                                       "payment_method": self.method, "paid": self.paid},
                                      self.summary)
        parts_row: list[Any] = ([(tr("Requisitioned parts"), self.parts_table)]
                                if self.part_lines else [(tr(PARTS_FEE), self.parts)])
        form([*parts_row, (tr(LABOUR_FEE), self.labour),
              (tr(OTHER_FEE), self.other), (tr("Billed to"), self.billed_to),
              (tr("Reason for the payer"), self.payer_reason),
              (tr("Discount"), self.discount), (tr("Discount reason"), self.discount_reason),
              (tr("Payment method"), self.method), (tr("Amount received"), self.paid),
              self.totals, self.summary, ok_cancel(self)], parent=self)
        if self.part_lines:
            self.parts.setParent(self)  # not shown: the parts are the requisition's
            self.parts.hide()
        edits = (self.parts, self.labour, self.other, self.discount, self.discount_reason,
                 self.paid, self.payer_reason)
        for edit in edits:
            edit.textChanged.connect(self._update)
        self.method.currentIndexChanged.connect(self._update)
        self.billed_to.currentIndexChanged.connect(self._update)
        self.recheck_on(*(e.textChanged for e in edits), self.method.currentIndexChanged,
                        self.billed_to.currentIndexChanged)
        self.result_values: dict[str, Any] | None = None
        self._update()

    def values(self) -> dict[str, Any]:
        """What settlement.settle takes: the typed lines, and the requisitioned parts."""
        billed = self.billed_to.currentData()
        typed = [("labour", LABOUR_FEE, self.labour), ("other", OTHER_FEE, self.other)]
        if not self.part_lines:
            typed.insert(0, ("part", PARTS_FEE, self.parts))
        lines = [FeeLine(kind, tr(label), Decimal(1), money(edit, "lines"), billed)
                 for kind, label, edit in typed
                 if money(edit, "lines") != 0 or kind == "labour"]
        paid_text = self.paid.text().strip()
        return {"lines": lines, "discount": money(self.discount, "discount"),
                "discount_reason": self.discount_reason.text(),
                "payment_method": self.method.currentData(),
                "paid": money(self.paid, "paid") if paid_text else None,
                "default_payer": self.default_payer, "payer_reason": self.payer_reason.text(),
                "parts": self.part_lines, "requisition_version": self.requisition_version}

    def _totals(self, values: dict[str, Any]) -> Any:
        rules = {k: v for k, v in values.items() if k not in ("parts", "requisition_version")}
        rules["lines"] = [*values["lines"], *values["parts"]]
        return compute_settlement(**rules)

    def check(self) -> dict[str, Any]:
        values = self.values()
        self._totals(values)
        return values

    def _update(self) -> None:
        """The running totals; before the first OK a problem is only hinted here (grey)."""
        try:
            totals = self._totals(self.values())
        except ValidationError as exc:
            # once OK was pressed the error stands (red) at its field and in the summary
            self.totals.setText("" if self._rechecking else exc.text(tr))
            self.totals.setStyleSheet("color: palette(mid);")
            return
        self.totals.setStyleSheet("font-weight: bold;")
        self.totals.setText(tr("Customer pays {due}, change {change}").format(
            due=format_money(totals.customer_due), change=format_money(totals.change)))

    def accept(self) -> None:
        values = self.checked_values()
        if values is None:
            self._update()  # the error is in the summary now, not repeated in grey
            return
        self.result_values = values
        super().accept()


class QuoteDialog(_Checked):
    """What the repair will cost, for the customer to approve: parts, labour, other."""

    def __init__(self, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Quote for {number}").format(number=number))
        self.parts, self.labour, self.other = (
            amount_edit("ticket_quote", column)
            for column in ("parts_amount", "labour_amount", "other_amount"))
        self.note = limit_text(QLineEdit(), "ticket_quote", "note")
        self.total = QLabel()
        self.summary = QLabel()
        self.feedback = FieldFeedback({"parts_amount": self.parts,
                                       "labour_amount": self.labour,
                                       "other_amount": self.other}, self.summary)
        form([(tr(PARTS_FEE), self.parts), (tr(LABOUR_FEE), self.labour),
              (tr(OTHER_FEE), self.other), (tr("Note"), self.note), self.total, self.summary,
              ok_cancel(self)], parent=self)
        for edit in (self.parts, self.labour, self.other):
            edit.textChanged.connect(self._update)
        self.recheck_on(self.parts.textChanged, self.labour.textChanged,
                        self.other.textChanged)
        self.result_values: dict[str, Any] | None = None
        self._update()

    def check(self) -> dict[str, Any]:
        amounts = {key: money(edit, field) for key, edit, field in (
            ("parts", self.parts, "parts_amount"), ("labour", self.labour, "labour_amount"),
            ("other", self.other, "other_amount"))}
        for key, field in (("parts", "parts_amount"), ("labour", "labour_amount"),
                           ("other", "other_amount")):
            if not amounts[key].is_finite() or amounts[key] < 0:
                raise refuse("negative_fee", field=field)
        return {**amounts, "note": self.note.text()}

    def _update(self) -> None:
        try:
            values = self.check()
        except ValidationError:
            self.total.clear()
            return
        self.total.setText(tr("Total {amount}").format(amount=format_money(
            values["parts"] + values["labour"] + values["other"])))

    def accept(self) -> None:
        values = self.checked_values()
        if values is not None:
            self.result_values = values
            super().accept()


class QuoteAnswerDialog(QDialog):
    """The customer's answer to the open quote: yes or no, and how they gave it."""

    def __init__(self, quote_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("The customer's answer"))
        self.approve = QRadioButton(tr("Approved: go ahead with the repair"))
        self.decline = QRadioButton(tr("Declined: do not repair"))
        self.approve.setChecked(True)
        self.channel = QComboBox()
        for code, label in QUOTE_CHANNELS.items():
            self.channel.addItem(tr(label), code)
        self.channel.setCurrentIndex(self.channel.findData("phone"))
        self.note = limit_text(QLineEdit(), "ticket_quote", "decision_note")
        form([(tr("Quote"), QLabel(quote_text)), ("", self.approve), ("", self.decline),
              (tr("Channel"), self.channel), (tr("Note"), self.note), ok_cancel(self)],
             parent=self)

    def values(self) -> dict[str, Any]:
        return {"approved": self.approve.isChecked(), "channel": self.channel.currentData(),
                "note": self.note.text()}


class ReasonDialog(_Checked):
    """A reason an action needs (cancelling, handing over unsettled)."""

    def __init__(self, title: str, explanation: str, missing: Callable[[], ValidationError],
                 parent: QWidget | None = None,
                 column: tuple[str, str] = ("ticket_status", "reason")) -> None:
        """`missing()` is the refusal to show while no reason is given; `column` is
        where the reason is kept (a status change's, by default)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.missing = missing
        self.reason = limit_text(QLineEdit(), *column)
        self.reason.setObjectName("reason")
        text = QLabel(explanation)
        text.setWordWrap(True)
        self.summary = QLabel()
        self.feedback = FieldFeedback({"reason": self.reason}, self.summary)
        form([text, (tr("Reason") + " *", self.reason), self.summary, ok_cancel(self)],
             parent=self)
        self.recheck_on(self.reason.textChanged)

    def check(self) -> str:
        if not self.reason.text().strip():
            raise self.missing()
        return self.reason.text().strip()

    def accept(self) -> None:
        if self.checked_values() is not None:
            super().accept()


class PromiseDialog(QDialog):
    """A new promised date: only days the database takes can be chosen (from the intake
    day, at most domain.limits.PROMISE_MAX_DAYS later)."""

    def __init__(self, received_on: date, promised_on: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Change the promised date"))
        earliest, latest = promise_bounds(received_on)
        self.date = QDateEdit()
        self.date.setObjectName("promised_date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        limit_date(self.date, "ticket", "promised_on")
        # and within the promise's window (domain.limits.PROMISE_MAX_DAYS)
        self.date.setDateRange(max(self.date.minimumDate(), _qdate(earliest)),
                               min(self.date.maximumDate(), _qdate(latest)))
        self.date.setDate(_qdate(min(max(promised_on, earliest), latest)))
        hint = QLabel(tr("Received {received}; a promise can be up to {latest}.").format(
            received=earliest.isoformat(), latest=latest.isoformat()))
        hint.setWordWrap(True)
        form([(tr("Promised date"), self.date), hint, ok_cancel(self)], parent=self)

    def value(self) -> date:
        return _pydate(self.date.date())


class NoticeDialog(QDialog):
    """A notice about the ticket, its text from the shop's template. A text with gaps
    (a value the template names and nobody filled in) is not sent as it is."""

    def __init__(self, detail: dict[str, Any], kind: str = "repaired",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        self.setWindowTitle(tr("Notify the customer"))
        self.kind = QComboBox()
        for code in TICKET_KINDS:  # a pre-order's notices belong to the pre-order
            self.kind.addItem(tr(NOTICE_KINDS[code]), code)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        self.channel = QComboBox()
        for code in detail.get("channels") or ["phone"]:
            self.channel.addItem(tr(CHANNEL_LABELS.get(code, code)), code)
        phones = detail["customer"].get("phones") or [""]
        self.recipient = limit_text(QLineEdit(phones[0]), "customer_notice", "recipient")
        self.body = limit_text(QPlainTextEdit(), "customer_notice", "body")
        self.body.setMinimumHeight(90)
        self.summary = QLabel()
        self.feedback = FieldFeedback({"body": self.body, "recipient": self.recipient,
                                       "channel": self.channel}, self.summary)
        form([(tr("Notice"), self.kind), (tr("Channel"), self.channel),
              (tr("To"), self.recipient), (tr("Text"), self.body), self.summary,
              ok_cancel(self)], parent=self)
        self.missing: list[str] = []
        self._filled = ""
        self.kind.currentIndexChanged.connect(self._fill_text)
        self.body.textChanged.connect(self._text_changed)
        self._fill_text()

    def template_values(self) -> dict[str, str]:
        t = self.detail["ticket"]
        shop = self.detail.get("shop") or {}
        return {"customer": t["customer_name"], "ticket": t["number"],
                "device": f"{t['brand']}{t['product']}", "promised_date": t["promised_on"],
                "new_date": t["promised_on"], "shop": shop.get("name", ""),
                "shop_phone": shop.get("phone", "")}

    def _fill_text(self) -> None:
        template = (self.detail.get("templates") or {}).get(self.kind.currentData(), "")
        values = self.template_values()
        self.missing = missing_values(template, values)
        self._filled = render_template(template, values)
        self.body.setPlainText(self._filled)
        if self.missing:
            self.feedback.show([self._gaps()])

    def _gaps(self) -> ValidationError:
        return refuse("notice_values_missing", labels="、".join(
            tr(PLACEHOLDERS[name]) for name in self.missing))

    def _text_changed(self) -> None:
        if self.missing and self.body.toPlainText() != self._filled:
            self.feedback.clear()  # the operator completed the text

    def values(self) -> dict[str, Any]:
        return {"kind": self.kind.currentData(), "channel": self.channel.currentData(),
                "recipient": self.recipient.text(), "body": self.body.toPlainText()}

    def accept(self) -> None:
        if not self.body.toPlainText().strip():
            self.feedback.show([refuse("notice_text_required")])
            return
        if self.missing and self.body.toPlainText() == self._filled:
            self.feedback.show([self._gaps()])
            return
        super().accept()

