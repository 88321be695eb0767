"""An inquiry (咨询) becomes a ticket (转维修单) or a parts pre-order (转预订): the intake
page or the pre-order dialog opens prefilled with the inquiry's customer, product and
question, and carries the inquiry's id, so that their own save links it in the same
transaction (app.ticket_intake / app.preorder_create with "inquiry_id")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QMessageBox

from aftersales_desktop.services.callbacks.inquiries import LoggedInquiry
from aftersales_desktop.services.lookup import CustomerMatch

from ..forms import OK_STYLE
from ..frontdesk.intake import NEW_DEVICE, IntakePage
from ..frontdesk.preorders import PreorderDialog
from ..i18n import tr
from ..modules import modules_for
from .customer_history import main_window

if TYPE_CHECKING:
    from .inquiry_dialog import InquiryPage


def new_customer_match(customer_id: int, name: str, phone: str) -> CustomerMatch:
    """The customer an inquiry just made, as the lookup would find them: no devices and
    no visits yet."""
    return CustomerMatch(id=customer_id, code="", name=name, grade="", grade_label="",
                         address="", matched_on="phone", phones=(phone,), devices=(),
                         device_count=0, last_visits=())


def _say(page: InquiryPage, text: str, *, ok: bool = True) -> None:
    page.feedback.show_message(text, ok=ok)
    if ok:
        page.summary.setStyleSheet(OK_STYLE)


def open_intake(page: InquiryPage) -> IntakePage | None:
    """The main window's intake tab (opened if need be), or None without one."""
    window: Any = main_window(page)
    module = next((m for m in modules_for(page.session.capabilities) if m.key == "intake"),
                  None)
    if window is None or module is None:
        return None
    intake = window.open_module(module)
    return intake if isinstance(intake, IntakePage) else None


def start_intake(page: InquiryPage, logged: LoggedInquiry) -> IntakePage | None:
    """转维修单: the intake, prefilled; its save links the inquiry."""
    intake = open_intake(page)
    if intake is None or page.customer is None:
        _say(page, tr("The intake cannot be opened here."), ok=False)
        return None
    if intake.has_unsaved_changes() and QMessageBox.question(
            page, tr("Unsaved changes"),
            tr("The intake form holds another customer's ticket. Replace it with this "
               "inquiry?")) != QMessageBox.StandardButton.Yes:
        return None
    intake.clear()
    intake.use_customer(page.customer)
    product = page.product.text().strip()
    if product:
        # the product asked about, unless it is the customer's device the lookup chose
        chosen = intake.device.currentData()
        device = next((d for d in page.customer.devices if d.id == chosen), None)
        if device is None or product not in f"{device.product} {device.brand} {device.model}":
            intake.device.setCurrentIndex(intake.device.findData(NEW_DEVICE))
            intake.product.setCurrentText(product)
    intake.fault.setCurrentText(page.question.toPlainText().strip())
    intake.inquiry_id = logged.inquiry_id
    intake.history.setText(tr("From the inquiry of {name}: the ticket's save links it.")
                           .format(name=page.customer.name))
    intake.fault.setFocus()
    return intake


def start_preorder(page: InquiryPage, logged: LoggedInquiry) -> PreorderDialog | None:
    """转预订: the pre-order dialog for the customer, the part asked about, linked."""
    if page.customer is None:
        return None
    dialog = PreorderDialog(page.database, parent=page)
    customer = page.customer
    dialog.customer.addItem(f"{customer.name}  {' / '.join(customer.phones)}", customer.id)
    dialog.part.setText(page.product.text().strip())
    dialog.inquiry_id = logged.inquiry_id

    def done(result: int) -> None:
        if result == QDialog.DialogCode.Accepted and dialog.saved:
            _say(page, tr("Pre-order {number} saved.").format(number=dialog.saved[1]))

    dialog.finished.connect(done)
    dialog.open()
    dialog.part.setFocus()
    return dialog
