"""Inquiries (咨询) and the customer's history (issue 13): the codes the database stores
and their English labels (translated in the UI).

An inquiry is a call or a visit that is not a repair; it may become one ticket or one
parts pre-order. The history lists a customer's tickets, pre-orders, callback tasks,
complaints and inquiries together (app.customer_history).
"""

from __future__ import annotations

from collections.abc import Mapping

from aftersales_desktop.core.i18n import QT_TR_NOOP

TOPICS: Mapping[str, str] = {
    "usage": QT_TR_NOOP("How to use"),
    "price": QT_TR_NOOP("Price"),
    "part": QT_TR_NOOP("Parts"),
    "other": QT_TR_NOOP("Other"),
}
CHANNELS: Mapping[str, str] = {
    "phone": QT_TR_NOOP("Phone call"),
    "visit": QT_TR_NOOP("Visit to the counter"),
}
# what an inquiry became (app.customer_history's state of an inquiry row)
OUTCOMES: Mapping[str, str] = {
    "open": QT_TR_NOOP("Answered"),
    "ticket": QT_TR_NOOP("Became a ticket"),
    "preorder": QT_TR_NOOP("Became a pre-order"),
}
# the kinds of the history, in the order the panel's filter shows them
HISTORY_KINDS: Mapping[str, str] = {
    "ticket": QT_TR_NOOP("Tickets"),
    "preorder": QT_TR_NOOP("Pre-orders"),
    "callback": QT_TR_NOOP("Callbacks"),
    "complaint": QT_TR_NOOP("Complaints"),
    "inquiry": QT_TR_NOOP("Inquiries"),
}
# one row's kind, in the history's Kind column
HISTORY_KIND: Mapping[str, str] = {
    "ticket": QT_TR_NOOP("Ticket"),
    "preorder": QT_TR_NOOP("Pre-order"),
    "callback": QT_TR_NOOP("Callback"),
    "complaint": QT_TR_NOOP("Complaint"),
    "inquiry": QT_TR_NOOP("Inquiry"),
}

