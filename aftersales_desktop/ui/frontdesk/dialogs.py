"""Small dialogs of the ticket tab: settle, notify, quote."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QPlainTextEdit, QWidget

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.fees import PAYMENT_METHODS, FeeLine, compute_settlement
from aftersales_desktop.domain.notices import CHANNEL_LABELS, NOTICE_KINDS, render_template
from aftersales_desktop.domain.warranty import billed_to_default
from aftersales_desktop.reports.receipts import format_money

from ..dialog_form import form, ok_cancel
from ..forms import FieldFeedback
from ..i18n import tr

BILLED_TO = {"customer": QT_TR_NOOP("Customer"), "manufacturer": QT_TR_NOOP("Manufacturer"),
             "shop": QT_TR_NOOP("Shop (free rework)")}


def money(edit: QLineEdit, field: str) -> Decimal:
    text = edit.text().strip().replace(",", "").replace("¥", "") or "0"
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationError(field, QT_TR_NOOP("Enter an amount such as 12.50.")) from None


class SettleDialog(QDialog):
    """Parts, labour and other fees, who pays them, discount and payment."""

    def __init__(self, detail: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Settle {number}").format(number=detail["ticket"]["number"]))
        t = detail["ticket"]
        quote = next((q for q in reversed(detail.get("quotes") or [])
                      if q["state"] == "approved"), None)
        self.parts = QLineEdit(str(quote["parts_amount"]) if quote else "0.00")
        self.labour = QLineEdit(str(quote["labour_amount"]) if quote else "0.00")
        self.other = QLineEdit(str(quote["other_amount"]) if quote else "0.00")
        self.billed_to = QComboBox()
        for code, label in BILLED_TO.items():
            self.billed_to.addItem(tr(label), code)
        self.default_payer = billed_to_default(t["warranty_class"], bool(t["rework_free"]))
        self.billed_to.setCurrentIndex(self.billed_to.findData(self.default_payer))
        self.payer_reason = QLineEdit()  # billing anyone else needs a reason (and the right)
        self.discount = QLineEdit("0.00")
        self.discount_reason = QLineEdit()
        self.method = QComboBox()
        for code, label in PAYMENT_METHODS.items():
            self.method.addItem(tr(label), code)
        self.paid = QLineEdit()
        self.totals = QLabel()
        self.summary = QLabel()
        self.feedback = FieldFeedback({"lines": self.parts, "discount": self.discount,
                                       "discount_reason": self.discount_reason,
                                       "payer_reason": self.payer_reason,
                                       "payment_method": self.method, "paid": self.paid},
                                      self.summary)
        form([(tr("Parts"), self.parts), (tr("Labour"), self.labour),
              (tr("Other"), self.other), (tr("Billed to"), self.billed_to),
              (tr("Reason for the payer"), self.payer_reason),
              (tr("Discount"), self.discount), (tr("Discount reason"), self.discount_reason),
              (tr("Payment method"), self.method), (tr("Amount received"), self.paid),
              self.totals, self.summary, ok_cancel(self)], parent=self)
        for edit in (self.parts, self.labour, self.other, self.discount, self.paid):
            edit.textChanged.connect(self._update)
        self.method.currentIndexChanged.connect(self._update)
        self.billed_to.currentIndexChanged.connect(self._update)
        self.payer_reason.textChanged.connect(self._update)
        self.result_values: dict[str, Any] | None = None
        self._update()

    def values(self) -> dict[str, Any]:
        billed = self.billed_to.currentData()
        lines = [FeeLine(kind, tr(label), Decimal(1), money(edit, "lines"), billed)
                 for kind, label, edit in (("part", QT_TR_NOOP("Parts"), self.parts),
                                           ("labour", QT_TR_NOOP("Labour"), self.labour),
                                           ("other", QT_TR_NOOP("Other"), self.other))
                 if money(edit, "lines") != 0 or kind == "labour"]
        paid_text = self.paid.text().strip()
        return {"lines": lines, "discount": money(self.discount, "discount"),
                "discount_reason": self.discount_reason.text(),
                "payment_method": self.method.currentData(),
                "paid": money(self.paid, "paid") if paid_text else None,
                "default_payer": self.default_payer, "payer_reason": self.payer_reason.text()}

    def _update(self) -> None:
        try:
            totals = compute_settlement(**self.values())
        except ValidationError as exc:
            self.totals.setText(exc.text(tr))
            return
        self.totals.setText(tr("Customer pays {due}, change {change}").format(
            due=format_money(totals.customer_due), change=format_money(totals.change)))

    def accept(self) -> None:
        try:
            values = self.values()
            compute_settlement(**values)
        except ValidationError as exc:
            self.feedback.show([exc])
            return
        self.result_values = values
        super().accept()


class NoticeDialog(QDialog):
    def __init__(self, detail: dict[str, Any], kind: str = "repaired",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        self.setWindowTitle(tr("Notify the customer"))
        self.kind = QComboBox()
        for code, label in NOTICE_KINDS.items():
            self.kind.addItem(tr(label), code)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        self.channel = QComboBox()
        for code in detail.get("channels") or ["phone"]:
            self.channel.addItem(tr(CHANNEL_LABELS.get(code, code)), code)
        phones = detail["customer"].get("phones") or [""]
        self.recipient = QLineEdit(phones[0])
        self.body = QPlainTextEdit()
        self.summary = QLabel()
        self.feedback = FieldFeedback({"body": self.body, "recipient": self.recipient,
                                       "channel": self.channel}, self.summary)
        form([(tr("Notice"), self.kind), (tr("Channel"), self.channel),
              (tr("To"), self.recipient), (tr("Text"), self.body), self.summary,
              ok_cancel(self)], parent=self)
        self.kind.currentIndexChanged.connect(self._fill_text)
        self._fill_text()

    def _fill_text(self) -> None:
        t = self.detail["ticket"]
        shop = self.detail.get("shop") or {}
        template = (self.detail.get("templates") or {}).get(self.kind.currentData(), "")
        self.body.setPlainText(render_template(template, {
            "customer": t["customer_name"], "ticket": t["number"],
            "device": f"{t['brand']}{t['product']}", "promised_date": t["promised_on"],
            "new_date": t["promised_on"], "shop": shop.get("name", ""),
            "shop_phone": shop.get("phone", "")}))

    def values(self) -> dict[str, Any]:
        return {"kind": self.kind.currentData(), "channel": self.channel.currentData(),
                "recipient": self.recipient.text(), "body": self.body.toPlainText()}

    def accept(self) -> None:
        if not self.body.toPlainText().strip():
            self.feedback.show([ValidationError("body", QT_TR_NOOP(
                "Enter the text of the notice."))])
            return
        super().accept()
