"""The inquiries list (咨询记录): every inquiry logged at the counter or by callback staff,
newest first, with its customer and what it became (a ticket or a parts pre-order).

A ListSource for the shared list view (server-side paging, full-field and column filters,
summaries, Excel export, print), read as the operator (app.inquiry is readable as tickets
are; only app.inquiry_log writes it).
"""

from __future__ import annotations

from sqlalchemy import Text, case, cast, literal

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.domain.inquiries import CHANNELS, OUTCOMES, TOPICS

from .listing import ListColumn, ListSource, SortKey
from .tables import customer_table, inquiry_table, preorder_table, ticket_table
from .ticket_lists import COUNT_LIMIT

ENTITIES = ("inquiry", "ticket", "preorder", "customer")


def _inquiries() -> ListSource:
    i = inquiry_table.alias("i")
    c = customer_table.alias("c")
    t = ticket_table.alias("t")
    o = preorder_table.alias("o")
    outcome = case((i.c.ticket_id.is_not(None), literal("ticket")),
                   (i.c.preorder_id.is_not(None), literal("preorder")), else_=literal("open"))
    became = case((i.c.ticket_id.is_not(None), t.c.number),
                  (i.c.preorder_id.is_not(None), o.c.number), else_=cast(literal(""), Text))
    return ListSource(
        name="inquiries",
        title=QT_TR_NOOP("Inquiries"),
        columns=(
            ListColumn("at", QT_TR_NOOP("Time"), i.c.at, ColumnKind.DATETIME, width=130),
            ListColumn("customer_name", QT_TR_NOOP("Customer"), c.c.name, width=90),
            ListColumn("customer_code", QT_TR_NOOP("Customer code"), c.c.code, width=80),
            ListColumn("topic", QT_TR_NOOP("Topic"), i.c.topic, width=80, choices=TOPICS),
            ListColumn("channel", QT_TR_NOOP("Channel", "of an inquiry"), i.c.channel, width=80,
                       choices=CHANNELS),
            ListColumn("product", QT_TR_NOOP("Product"), i.c.product, width=110),
            ListColumn("question", QT_TR_NOOP("Question"), i.c.question, width=220),
            ListColumn("answer", QT_TR_NOOP("Answer"), i.c.answer, width=220),
            ListColumn("outcome", QT_TR_NOOP("Outcome"), outcome, width=90, choices=OUTCOMES),
            ListColumn("became", QT_TR_NOOP("Ticket or pre-order"), became, width=130),
            ListColumn("answered_by", QT_TR_NOOP("Answered by"), i.c.answered_by, width=80,
                       groupable=True),
        ),
        from_clause=(i.join(c, c.c.id == i.c.customer_id)
                     .outerjoin(t, t.c.id == i.c.ticket_id)
                     .outerjoin(o, o.c.id == i.c.preorder_id)),
        key=i.c.id,
        # inquiry_at_idx serves the newest-first order
        default_sort=(SortKey("at", descending=True),),
        count_limit=COUNT_LIMIT,
        entities=ENTITIES,
    )


INQUIRIES = _inquiries()

__all__ = ["INQUIRIES"]
