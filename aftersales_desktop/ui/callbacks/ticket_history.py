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


# everyone who opens a ticket tab; the server refuses an operator who may not read
# customers (a technician), in words
register_action(TicketAction("customer_history", QT_TR_NOOP("Customer history..."), "print",
                             90, None, _always, open_from_ticket))
