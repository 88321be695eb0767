"""Opening a complaint by hand (登记投诉): from a callback (the survey dialog), from the
ticket tab (the counter), or for a phone call (the front desk menu, the queue's Ctrl+N).

When the caller knows the customer (and the ticket, the technician, the callback task)
the dialog shows them; for a phone call the customer is looked up by phone, name or
serial with the front desk's lookup (Down into the matches, Enter picks), and one of
their last tickets may be chosen (its technician comes with it). Severity, a summary
(required) and details; Save (Ctrl+S) is one call to app.complaint_open, which sets the
deadline from the severity. `opened(id, number)` tells the caller.

    dialog = open_complaint_dialog(parent, database, session, customer_id=12,
                                   ticket_id=40, source="callback")
    dialog.opened.connect(lambda complaint_id, number: ...)
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
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
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.complaints import SEVERITIES, SOURCES
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services.callbacks import complaints
from aftersales_desktop.services.lookup import CustomerMatch
from aftersales_desktop.services.session import OperatorSession

from ..dialog_form import form, ok_cancel
from ..field_limits import limit_text
from ..forms import OK_STYLE, FieldFeedback
from ..frontdesk.lookup import CustomerLookup
from ..i18n import tr
from ..operations import Changes, CollectionOp

NO_TICKET = QT_TR_NOOP("(no ticket)")
DEFAULT_SEVERITY = "normal"  # app.complaint_open's default


class ComplaintForm(QWidget):
    """The fields of a new complaint: the customer (shown, or looked up when
    `customer_id` is None), a ticket, severity, summary, details. `save()` sends it;
    `opened(id, number)` or `refused(exc)` follow."""

    opened = Signal(int, str)  # the complaint's id and number
    refused = Signal(object)  # the exception

    def __init__(self, database: Database, session: OperatorSession, *,
                 customer_id: int | None = None, ticket_id: int | None = None,
                 technician_id: int | None = None, task_id: int | None = None,
                 source: str = "callback", customer_name: str = "", ticket_number: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaint_form")
        self.database = database
        self.session = session
        self.source = source
        self.customer_id = customer_id
        self.ticket_id = ticket_id
        self.technician_id = technician_id
        self.task_id = task_id
        self.saving = False

        self.customer = QLabel(customer_name or (tr("Customer #{id}").format(id=customer_id)
                                                 if customer_id else ""))
        self.customer.setObjectName("complaint_customer")
        self.customer.setWordWrap(True)
        self.lookup: CustomerLookup | None = None
        self.tickets = QComboBox()
        self.tickets.setObjectName("complaint_ticket_choice")
        self.rows: list[Any] = []
        if customer_id is None:
            self.lookup = CustomerLookup(database, self)
            self.lookup.search.setObjectName("complaint_customer_search")
            self.lookup.search.setPlaceholderText(tr("Caller's phone, name or serial"))
            self.lookup.picked.connect(self.pick_customer)
            self.lookup.matches.setObjectName("complaint_customer_matches")
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(self.lookup.search)
            box.addWidget(self.lookup.matches)
            box.addWidget(self.customer)
            self.rows.append((tr("Customer") + " *", box))
            self.tickets.addItem(tr(NO_TICKET), None)
            self.rows.append((tr("Ticket"), self.tickets))
        else:
            self.rows.append((tr("Customer"), self.customer))
            if ticket_number:
                ticket = QLabel(ticket_number)
                ticket.setObjectName("complaint_ticket")
                self.rows.append((tr("Ticket"), ticket))

        self.severity = QComboBox()
        self.severity.setObjectName("complaint_severity")
        for code, label in SEVERITIES.items():
            self.severity.addItem(tr(label), code)
        self.severity.setCurrentIndex(self.severity.findData(DEFAULT_SEVERITY))
        self.summary = limit_text(QLineEdit(), "complaint", "summary")
        self.summary.setObjectName("complaint_summary")
        self.summary.setPlaceholderText(tr("What the customer complains about, in a line"))
        self.details = limit_text(QPlainTextEdit(), "complaint", "details")
        self.details.setObjectName("complaint_details")
        self.details.setTabChangesFocus(True)
        self.details.setFixedHeight(100)
        self.message = QLabel()
        self.message.setObjectName("complaint_form_message")
        self.feedback = FieldFeedback({"customer_id": self.lookup.search if self.lookup
                                       else self.customer, "summary": self.summary,
                                       "details": self.details, "severity": self.severity},
                                      self.message)
        self.rows += [(tr("Severity"), self.severity),
                      (tr("Summary", "complaint") + " *", self.summary),
                      (tr("Details"), self.details), self.message]
        self.summary.textChanged.connect(lambda _t: self.feedback.field_changed(self.summary))

    def first_field(self) -> QWidget:
        return self.lookup.search if self.lookup else self.summary

    # -- the customer (a phone call) -------------------------------------------------------
    def pick_customer(self, match: CustomerMatch) -> None:
        self.customer_id = match.id
        phones = " / ".join(match.phones)
        self.customer.setText(f"{match.name}  {phones}  {match.address}".strip())
        assert self.lookup is not None
        self.feedback.field_changed(self.lookup.search)
        self.tickets.clear()
        self.tickets.addItem(tr(NO_TICKET), None)
        for visit in (v.data for v in match.last_visits):
            device = " ".join(str(visit.get(k) or "") for k in ("product", "model")).strip()
            text = f"{visit.get('number')}  {visit.get('received_on') or ''}  {device}  " \
                   f"{visit.get('fault') or ''}"
            self.tickets.addItem(text.strip(), (int(visit["id"]), visit.get("technician_id")))
        if self.tickets.count() > 1:
            self.tickets.setCurrentIndex(1)  # the latest visit is what most calls are about
        self.summary.setFocus()

    def clear(self) -> None:
        """Ready for the next call: no customer, nothing typed."""
        if self.lookup is None:
            return
        self.customer_id = None
        self.customer.clear()
        self.lookup.search.clear()
        self.lookup.close()
        self.tickets.clear()
        self.tickets.addItem(tr(NO_TICKET), None)
        self.severity.setCurrentIndex(self.severity.findData(DEFAULT_SEVERITY))
        self.summary.clear()
        self.details.clear()
        self.feedback.clear()
        self.lookup.search.setFocus()

    # -- saving ----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        if self.customer_id is None:
            raise ValidationError("customer_id", QT_TR_NOOP(
                "Look the caller up by phone, name or serial and choose them."))
        summary = self.summary.text().strip()
        if not summary:
            raise refuse("complaint_summary_required")
        ticket_id, technician_id = self.ticket_id, self.technician_id
        if self.lookup is not None:
            chosen = self.tickets.currentData()
            ticket_id, technician_id = chosen if chosen else (None, None)
        return {"customer_id": self.customer_id, "ticket_id": ticket_id,
                "technician_id": technician_id, "task_id": self.task_id,
                "source": self.source, "severity": self.severity.currentData(),
                "summary": summary, "details": self.details.toPlainText().strip()}

    def save(self) -> bool:
        """Send the complaint; False when nothing was sent (a field to correct, a save
        under way, or Enter in the search box, which looks the caller up)."""
        if self.saving or (self.lookup is not None and self.lookup.search.hasFocus()):
            return False
        try:
            values = self.values()
        except ValidationError as exc:
            self.feedback.show([exc])
            return False
        self.saving = True
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: complaints.open_complaint(conn, **values),
                     changes=Changes.of("complaints") | (
                         Changes.record("ticket", values["ticket_id"])
                         if values["ticket_id"] else Changes()),
                     success=self._saved).failure(self._refused).run_in_background()
        return True

    def _saved(self, result: dict[str, Any]) -> None:
        self.saving = False
        self.opened.emit(int(result["complaint_id"]), str(result.get("number") or ""))

    def _refused(self, exc: BaseException) -> None:
        self.saving = False
        self.feedback.show_failure(exc)
        self.refused.emit(exc)


class ComplaintOpenDialog(QDialog):
    """A new complaint in a dialog (from a survey, a ticket); closes once it is saved."""

    opened = Signal(int, str)  # the complaint's id and number

    def __init__(self, database: Database, session: OperatorSession, *,
                 source: str = "callback", parent: QWidget | None = None,
                 **known: Any) -> None:
        super().__init__(parent)
        self.setObjectName("complaint_open_dialog")
        self.setWindowTitle(tr("New complaint ({source})").format(
            source=tr(SOURCES.get(source, source))))
        self.form = ComplaintForm(database, session, source=source, parent=self, **known)
        self.form.hide()  # it holds the fields; they are laid out here
        self.result_number: str | None = None
        self.buttons = ok_cancel(self, on_ok=self.save,
                                 ok=QDialogButtonBox.StandardButton.Save)
        form([*self.form.rows, self.buttons], parent=self)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self.form.opened.connect(self._saved)
        self.form.refused.connect(lambda _exc: self.buttons.setEnabled(True))
        self.form.first_field().setFocus()

    def save(self) -> None:
        if self.form.save():
            self.buttons.setEnabled(False)

    def _saved(self, complaint_id: int, number: str) -> None:
        self.result_number = number
        self.opened.emit(complaint_id, number)
        self.accept()


class ComplaintPhonePage(QWidget):
    """登记投诉 in a tab (the front desk menu): a caller's complaint, looked up by phone;
    after each save the form is ready for the next call, and the last one opens with
    Ctrl+O."""

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaint_phone_page")
        self.database = database
        self.session = session
        self.last: tuple[int, str] | None = None
        self.form = ComplaintForm(database, session, source="phone", parent=self)
        self.form.hide()  # it holds the fields; they are laid out here
        self.done = QLabel()
        self.done.setObjectName("complaint_phone_done")
        self.done.setStyleSheet(OK_STYLE)
        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.save_button.setObjectName("complaint_phone_save")
        self.save_button.clicked.connect(self.save)
        self.open_last = QPushButton(tr("Open it (Ctrl+O)"))
        self.open_last.setObjectName("complaint_phone_open")
        self.open_last.clicked.connect(self._open_last)
        self.open_last.hide()
        for keys, slot in (("Ctrl+S", self.save), ("Ctrl+O", self._open_last)):
            QShortcut(QKeySequence(keys), self, slot,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.done, 1)
        buttons.addWidget(self.open_last)
        box = QGroupBox(tr("A customer's complaint by phone"))
        form([*self.form.rows, buttons], parent=box)
        box.setMaximumWidth(720)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)
        self.form.opened.connect(self._saved)
        self.form.refused.connect(lambda _exc: self.save_button.setEnabled(True))
        self.form.first_field().setFocus()

    def save(self) -> None:
        if self.form.save():
            self.save_button.setEnabled(False)

    def _saved(self, complaint_id: int, number: str) -> None:
        self.last = (complaint_id, number)
        self.save_button.setEnabled(True)
        self.done.setText(tr("Complaint {number} is opened.").format(number=number))
        self.open_last.setVisible(self.session.can("complaint.handle")
                                  or self.session.can("callback.record"))
        self.form.clear()

    def _open_last(self) -> None:
        if self.last is None or self.open_last.isHidden():
            return
        opener = getattr(self.window(), "open_complaint", None)
        if callable(opener):
            opener(self.last[0])
        else:
            from .complaint_dialog import open_complaint

            open_complaint(self, self.database, self.session, self.last[0])


def open_complaint_dialog(parent: QWidget, database: Database, session: OperatorSession, *,
                          customer_id: int | None = None, ticket_id: int | None = None,
                          technician_id: int | None = None, task_id: int | None = None,
                          source: str = "callback", customer_name: str = "",
                          ticket_number: str = "") -> ComplaintOpenDialog:
    """Show the dialog (window-modal over `parent`) and return it; `opened(id, number)`
    fires once the complaint is saved. `customer_id` None: the customer is looked up."""
    dialog = ComplaintOpenDialog(database, session, customer_id=customer_id,
                                 ticket_id=ticket_id, technician_id=technician_id,
                                 task_id=task_id, source=source, customer_name=customer_name,
                                 ticket_number=ticket_number, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
