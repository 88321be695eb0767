"""咨询登记: the counter logs a call or a visit that is not (yet) a repair, keyboard first.

Typing a phone number or a name looks the customer up (the intake's lookup: Down goes
into the matches, Enter picks); nobody found, the name and phone typed make a new
customer, as the intake makes one. Then the topic, the channel, the product, the
question and the answer; Ctrl+Enter saves (one round trip, app.inquiry_log). 转维修单
opens the intake prefilled with the customer, the product and the question as the fault
(its save links the inquiry); 转预订 the pre-order dialog, prefilled and linked. Either
saves the inquiry first when it is not saved yet.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.domain.inquiries import CHANNELS, TOPICS
from aftersales_desktop.services.callbacks.inquiries import (
    InquiryDraft,
    LoggedInquiry,
    log_inquiry,
    validate_inquiry,
)
from aftersales_desktop.services.lookup import CustomerMatch
from aftersales_desktop.services.session import OperatorSession

from ..dialog_form import form
from ..field_limits import limit_text
from ..forms import OK_STYLE, FieldFeedback
from ..frontdesk.lookup import CustomerLookup
from ..i18n import tr
from ..operations import Changes, CollectionOp
from . import inquiry_convert

SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")
TICKET_KEY = "Ctrl+T"
PREORDER_KEY = "Ctrl+D"


def _text_box(table: str, column: str, height: int) -> QPlainTextEdit:
    box = limit_text(QPlainTextEdit(), table, column)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def _choices(labels: dict[str, str] | Any) -> QComboBox:
    combo = QComboBox()
    for code, label in labels.items():
        combo.addItem(tr(label), code)
    return combo


class InquiryPage(QWidget):
    """The inquiry form (a tab of the front desk); `saved` gives each logged inquiry."""

    saved = Signal(object)  # LoggedInquiry

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.customer: CustomerMatch | None = None
        self.logged: LoggedInquiry | None = None
        self._saving = False
        self._then: Any = None  # what to do once the save is done (turn it into a ticket)
        self._build()

    def _build(self) -> None:
        self.lookup = CustomerLookup(self.database, self)
        self.lookup.picked.connect(self.use_customer)
        self.search, self.matches = self.lookup.search, self.lookup.matches
        self.search.setObjectName("inquiry_search")
        self.matches.setObjectName("inquiry_matches")
        self.customer_name = limit_text(QLineEdit(), "customer", "name")
        self.customer_name.setObjectName("inquiry_customer_name")
        self.phone = limit_text(QLineEdit(), "customer_phone", "phone")
        self.phone.setObjectName("inquiry_phone")
        self.picked = QLabel()
        self.picked.setObjectName("inquiry_picked")
        self.picked.setStyleSheet("color: palette(mid);")
        self.topic = _choices(TOPICS)
        self.topic.setObjectName("inquiry_topic")
        self.topic.setCurrentIndex(self.topic.findData("usage"))
        self.channel = _choices(CHANNELS)
        self.channel.setObjectName("inquiry_channel")
        self.product = limit_text(QLineEdit(), "inquiry", "product")
        self.product.setObjectName("inquiry_product")
        self.product.setPlaceholderText(tr("e.g. 空调 KFR-35GW"))
        self.question = _text_box("inquiry", "question", 70)
        self.question.setObjectName("inquiry_question")
        self.answer = _text_box("inquiry", "answer", 90)
        self.answer.setObjectName("inquiry_answer")

        customer = QGroupBox(tr("Customer"))
        form([(tr("Look up"), self.search), ("", self.matches),
              (tr("Name") + " *", self.customer_name), (tr("Phone") + " *", self.phone),
              ("", self.picked)], parent=customer)
        inquiry = QGroupBox(tr("Inquiry"))
        form([(tr("Topic"), self.topic), (tr("Channel", "of an inquiry"), self.channel),
              (tr("Product"), self.product), (tr("Question") + " *", self.question),
              (tr("Answer"), self.answer)], parent=inquiry)

        self.summary = QLabel()
        self.summary.setObjectName("inquiry_summary")
        self.feedback = FieldFeedback({
            "customer_name": self.customer_name, "phone": self.phone,
            "customer": self.search, "question": self.question, "answer": self.answer,
            "product": self.product, "topic": self.topic, "channel": self.channel},
            self.summary)
        self.save_button = QPushButton(tr("Save (Ctrl+Enter)"))
        self.save_button.setObjectName("inquiry_save")
        self.ticket_button = QPushButton(tr("Make a ticket (Ctrl+T)"))
        self.ticket_button.setObjectName("inquiry_to_ticket")
        self.preorder_button = QPushButton(tr("Make a pre-order (Ctrl+D)"))
        self.preorder_button.setObjectName("inquiry_to_preorder")
        self.next_button = QPushButton(tr("Next customer"))
        self.next_button.setObjectName("inquiry_next")
        self.save_button.clicked.connect(lambda: self.save())
        self.ticket_button.clicked.connect(self.to_ticket)
        self.preorder_button.clicked.connect(self.to_preorder)
        self.next_button.clicked.connect(self.clear)
        for key in SAVE_KEYS:
            QShortcut(QKeySequence(key), self, lambda: self.save())
        QShortcut(QKeySequence(TICKET_KEY), self, self.to_ticket)
        QShortcut(QKeySequence(PREORDER_KEY), self, self.to_preorder)
        can_intake = self.session.can("intake.create")
        self.ticket_button.setVisible(can_intake)
        self.preorder_button.setVisible(can_intake)

        columns = QHBoxLayout()
        columns.addWidget(customer, 1)
        columns.addWidget(inquiry, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.next_button, self.preorder_button, self.ticket_button,
                       self.save_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(buttons)
        layout.addStretch(1)
        for widget in (self.customer_name, self.phone, self.question, self.answer,
                       self.product):
            changed = (widget.textChanged if isinstance(widget, QPlainTextEdit)
                       else widget.textEdited)
            changed.connect(lambda *_a, w=widget: self._edited(w))
        self.setTabOrder(self.search, self.customer_name)
        self.search.setFocus()

    def showEvent(self, event: Any) -> None:
        """Shown (F7, or back to its tab): the cursor in the lookup unless it is at work
        in a field already."""
        super().showEvent(event)
        focused = self.focusWidget()
        if focused is None or not focused.hasFocus():
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the customer ---------------------------------------------------------------
    def use_customer(self, match: CustomerMatch) -> None:
        """A returning customer, picked from the lookup."""
        self.customer = match
        self.customer_name.setText(match.name)
        self.phone.setText(match.phones[0] if match.phones else "")
        for edit in (self.customer_name, self.phone):
            edit.setReadOnly(True)
        self.picked.setText(tr("Returning customer {code}").format(code=match.code))
        self.matches.hide()
        self.topic.setFocus()

    def _edited(self, widget: QWidget) -> None:
        self.feedback.field_changed(widget)
        if self.logged is not None:
            self.logged = None  # changed after the save: the next save logs it again
            self.summary.hide()

    # -- saving ---------------------------------------------------------------------
    def draft(self) -> InquiryDraft:
        return InquiryDraft(
            customer_id=self.customer.id if self.customer else None,
            customer_name=self.customer_name.text(), phone=self.phone.text(),
            topic=self.topic.currentData(), channel=self.channel.currentData(),
            product=self.product.text(), question=self.question.toPlainText(),
            answer=self.answer.toPlainText())

    def save(self, then: Any = None) -> None:
        """Log the inquiry; `then(logged)` runs after it is saved (the conversions)."""
        if self._saving:
            return
        if self.logged is not None:  # saved already and not changed since
            if then is not None:
                then(self.logged)
            return
        self.feedback.clear()
        try:
            draft = validate_inquiry(self.draft())
        except ValidationError as exc:
            self.feedback.show([exc])
            return
        self._saving, self._then = True, then
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: log_inquiry(conn, draft),
                     changes=Changes.of("inquiry", "customer"),
                     success=self._saved).failure(self._failed).run_in_background()

    def _saved(self, logged: LoggedInquiry) -> None:
        self._saving = False
        self.logged = logged
        if self.customer is None:
            # now a customer of the shop: later conversions use them, not a new one
            self.customer = inquiry_convert.new_customer_match(
                logged.customer_id, self.customer_name.text().strip(), self.phone.text().strip())
            for edit in (self.customer_name, self.phone):
                edit.setReadOnly(True)
        self.feedback.show_message(tr("Inquiry saved."), ok=True)
        self.summary.setStyleSheet(OK_STYLE)
        self.saved.emit(logged)
        then, self._then = self._then, None
        if then is not None:
            then(logged)

    def _failed(self, exc: BaseException) -> None:
        self._saving, self._then = False, None
        self.feedback.show_failure(exc)

    # -- turning it into a ticket or a pre-order ------------------------------------
    def to_ticket(self) -> None:
        """Save (if need be), then the intake, prefilled; its save links the inquiry."""
        if self.session.can("intake.create"):
            self.save(then=lambda logged: inquiry_convert.start_intake(self, logged))

    def to_preorder(self) -> None:
        """Save (if need be), then the pre-order dialog, prefilled and linked."""
        if self.session.can("intake.create"):
            self.save(then=lambda logged: inquiry_convert.start_preorder(self, logged))

    def clear(self) -> None:
        """Ready for the next caller."""
        self.customer = None
        self.logged = None
        self.feedback.clear()
        for edit in (self.search, self.customer_name, self.phone, self.product):
            edit.clear()
            edit.setReadOnly(False)
        self.question.clear()
        self.answer.clear()
        self.picked.clear()
        self.topic.setCurrentIndex(self.topic.findData("usage"))
        self.channel.setCurrentIndex(0)
        self.matches.hide()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def has_unsaved_changes(self) -> bool:
        return self.logged is None and bool(self.question.toPlainText().strip())
