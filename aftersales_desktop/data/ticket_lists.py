"""The front desk lists: repair tickets and parts pre-orders.

A shop keeps every ticket it ever took in (a million after some years), so the
ticket list never counts past 10,000 matches and its full-field filter is served by
the character-pair index on `search_text` (revision 0008): each typed word of 2+
characters must be contained in the ticket number, customer, device, serial, fault,
remarks or address.
"""

from __future__ import annotations

from sqlalchemy import Text, and_, func, literal, select, union_all
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.elements import ColumnElement

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.tickets import (
    OPEN_STATUSES,
    PREORDER_STATES,
    STATUSES,
    VISITS,
    looks_like_ticket_number,
)
from aftersales_desktop.domain.warranty import WARRANTY_CLASSES

from .listing import ListColumn, ListSource, SortKey, Tally, like_pattern
from .tables import (
    customer_table,
    employee_table,
    preorder_table,
    region_table,
    ticket_table,
    ticket_tally_change_table,
    ticket_tally_table,
)

COUNT_LIMIT = 1_000


def _bigrams(value: ColumnElement[str]) -> ColumnElement[list[str]]:
    return func.app.text_bigrams(value, type_=ARRAY(Text))


def _ticket_search(t: object) -> object:
    """One typed word's condition, each served by an index: a ticket number by its unique
    index, an ASCII fragment (serial, model) by the trigram index, anything else (Chinese
    names, faults, addresses) by the character-pair index."""
    search_text = t.c.search_text  # type: ignore[attr-defined]
    number = t.c.number  # type: ignore[attr-defined]

    def condition(word: str) -> ColumnElement[bool]:
        if looks_like_ticket_number(word):
            return number == word.strip().upper()
        lowered = word.lower()
        if len(lowered) < 2:
            raise refuse("search_too_short")
        contains = search_text.like(like_pattern(lowered), escape="!")
        if len(lowered) >= 3 and lowered.isascii():
            return contains
        return and_(_bigrams(search_text).op("@>")(_bigrams(literal(lowered))), contains)

    return condition


def _ticket_tally() -> Tally:
    """The tickets counted by status, warranty class, visit and urgency (revision 0013):
    the summary of the whole list by those columns adds up a few hundred rows."""
    tally, change = ticket_tally_table, ticket_tally_change_table
    counted = ("status", "warranty_class", "visit", "urgent", "tickets", "fee_total")
    rows = union_all(select(*(tally.c[name] for name in counted)),
                     select(*(change.c[name] for name in counted))).subquery("tally")
    return Tally(from_clause=rows, count=rows.c.tickets,
                 columns={name: rows.c[name] for name in counted if name != "tickets"})


def _tickets() -> ListSource:
    t = ticket_table.alias("t")
    tech = employee_table.alias("e")
    region = region_table.alias("r")
    # The shop's day once per query (an InitPlan), not once per row: the function pins its
    # search_path, so PostgreSQL cannot inline it, and a summary reads a million rows.
    today = select(func.app.shop_today()).scalar_subquery()
    # open and not yet ready (a ready ticket waits for its customer, not for the shop)
    overdue = and_(t.c.status.in_([s for s in OPEN_STATUSES if s != "ready"]),
                   t.c.promised_on < today)
    return ListSource(
        name="tickets",
        title=QT_TR_NOOP("Repair tickets"),
        columns=(
            ListColumn("number", QT_TR_NOOP("Ticket no."), t.c.number, width=130),
            ListColumn("status", QT_TR_NOOP("Status"), t.c.status, width=80, choices=STATUSES),
            ListColumn("urgent", QT_TR_NOOP("Urgent"), t.c.urgent, ColumnKind.BOOL, width=50),
            ListColumn("overdue", QT_TR_NOOP("Overdue"), overdue, ColumnKind.BOOL, width=50,
                       searchable=False),
            ListColumn("received_at", QT_TR_NOOP("Received"), t.c.received_at,
                       ColumnKind.DATETIME, width=130),
            ListColumn("customer_name", QT_TR_NOOP("Customer"), t.c.customer_name, width=90),
            ListColumn("product", QT_TR_NOOP("Product"), t.c.product, width=80),
            ListColumn("brand", QT_TR_NOOP("Brand"), t.c.brand, width=70),
            ListColumn("model", QT_TR_NOOP("Model"), t.c.model, width=100),
            ListColumn("serial", QT_TR_NOOP("Serial no."), t.c.serial, width=110),
            ListColumn("fault", QT_TR_NOOP("Fault"), t.c.fault, width=160),
            ListColumn("warranty_class", QT_TR_NOOP("Warranty"), t.c.warranty_class, width=70,
                       choices=WARRANTY_CLASSES),
            ListColumn("visit", QT_TR_NOOP("Carry-in or on-site"), t.c.visit, width=70,
                       choices=VISITS),
            ListColumn("promised_on", QT_TR_NOOP("Promised"), t.c.promised_on, ColumnKind.DATE,
                       width=90),
            ListColumn("technician", QT_TR_NOOP("Technician"), tech.c.name, width=80,
                       groupable=True),
            ListColumn("region", QT_TR_NOOP("Region"), region.c.name, width=80, groupable=True),
            ListColumn("location", QT_TR_NOOP("Where the unit is"), t.c.location_label,
                       width=110),
            ListColumn("notices", QT_TR_NOOP("Notices"), t.c.notice_count, ColumnKind.INT,
                       width=50),
            ListColumn("fee_total", QT_TR_NOOP("Fees"), t.c.fee_total, ColumnKind.MONEY,
                       width=80),
            ListColumn("received_by", QT_TR_NOOP("Received by"), t.c.received_by, width=80),
        ),
        from_clause=t.outerjoin(tech, tech.c.id == t.c.technician_id)
                     .outerjoin(region, region.c.id == t.c.region_id),
        key=t.c.id,
        default_sort=(SortKey("received_at", descending=True),),
        search=_ticket_search(t),  # type: ignore[arg-type]
        count_limit=COUNT_LIMIT,
        entities=("ticket",),
        tally=_ticket_tally(),
    )


def _preorders() -> ListSource:
    o = preorder_table.alias("o")
    c = customer_table.alias("c")
    return ListSource(
        name="preorders",
        title=QT_TR_NOOP("Parts pre-orders"),
        columns=(
            ListColumn("number", QT_TR_NOOP("Pre-order no."), o.c.number, width=130),
            ListColumn("state", QT_TR_NOOP("State"), o.c.state, width=90,
                       choices=PREORDER_STATES),
            ListColumn("ordered_at", QT_TR_NOOP("Ordered"), o.c.ordered_at, ColumnKind.DATETIME,
                       width=130),
            ListColumn("customer", QT_TR_NOOP("Customer"), c.c.name, width=90),
            ListColumn("part_name", QT_TR_NOOP("Part"), o.c.part_name, width=150),
            ListColumn("quantity", QT_TR_NOOP("Qty"), o.c.quantity, ColumnKind.QUANTITY,
                       width=50),
            ListColumn("unit_price", QT_TR_NOOP("Unit price"), o.c.unit_price, ColumnKind.MONEY,
                       width=80, totalled=False),
            ListColumn("deposit", QT_TR_NOOP("Deposit"), o.c.deposit, ColumnKind.MONEY,
                       width=80),
            ListColumn("expected_on", QT_TR_NOOP("Expected"), o.c.expected_on, ColumnKind.DATE,
                       width=90),
            ListColumn("arrived_at", QT_TR_NOOP("Arrived"), o.c.arrived_at, ColumnKind.DATETIME,
                       width=130),
        ),
        from_clause=o.join(c, c.c.id == o.c.customer_id),
        key=o.c.id,
        default_sort=(SortKey("ordered_at", descending=True),),
        entities=("preorder", "customer"),  # the customer's name is joined in
    )


TICKETS = _tickets()
PREORDERS = _preorders()
