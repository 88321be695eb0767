"""The ticket tab's 客户历史 (customer history): the ticket's customer's tickets,
pre-orders, callbacks, complaints and inquiries in a dialog beside the ticket. Importing
this module registers the action (ui/frontdesk/ticket.py does)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aftersales_desktop.core.i18n import QT_TR_NOOP

from ..frontdesk.ticket_actions import TicketAction, register_action

if TYPE_CHECKING:
    from ..frontdesk.ticket import TicketPage


def _always(_detail: dict[str, Any], _page: TicketPage) -> str | None:
    return None  # any ticket's customer has a history


def open_from_ticket(page: TicketPage) -> None:
    from .customer_history import open_customer_history

    if page.detail is not None:
        open_customer_history(page, int(page.detail["ticket"]["customer_id"]))


# who may read a customer's history (app.customer_history checks the same list): a
# technician, who opens ticket tabs too, does not see the action
HISTORY_READERS = ("intake.create", "intake.edit", "masterdata.edit", "contacts.view",
                   "callback.record", "complaint.handle", "reports.view")
register_action(TicketAction("customer_history", QT_TR_NOOP("Customer history..."), "print",
                             90, HISTORY_READERS, _always, open_from_ticket))
