"""The ticket tab's 登记投诉 (register a complaint): the counter (or anyone who may open a
complaint) opens one about this ticket, its customer and technician, source 'counter'.
Importing this module registers the action (ui/frontdesk/ticket.py does)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.services.callbacks.complaints import OPEN_CAPABILITIES

from ..forms import OK_STYLE
from ..frontdesk.ticket_actions import TicketAction, register_action
from ..i18n import tr

if TYPE_CHECKING:
    from ..frontdesk.ticket import TicketPage


def _always(_detail: dict[str, Any], _page: TicketPage) -> str | None:
    return None  # a complaint may come about any ticket, closed ones above all


def open_from_ticket(page: TicketPage) -> None:
    from .complaint_open_dialog import open_complaint_dialog

    detail = page.detail
    if detail is None:
        return
    ticket, customer = detail["ticket"], detail.get("customer") or {}
    dialog = open_complaint_dialog(
        page, page.database, page.session, customer_id=int(ticket["customer_id"]),
        ticket_id=int(ticket["id"]), technician_id=ticket.get("technician_id"),
        source="counter", customer_name=str(customer.get("name") or ""),
        ticket_number=str(ticket.get("number") or ""))
    dialog.opened.connect(lambda _id, number: _say(page, tr(
        "Complaint {number} is opened.").format(number=number)))


def _say(page: TicketPage, text: str) -> None:
    page.message.setText(text)
    page.message.setStyleSheet(OK_STYLE)


register_action(TicketAction("complaint_open", QT_TR_NOOP("Register a complaint..."), "work",
                             60, OPEN_CAPABILITIES, _always, open_from_ticket))
