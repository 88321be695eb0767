"""The stock lists: balances, an item's stock card, stock documents, valuation.

All of them are ListSources for the shared list view (server-side paging, full-field and
column filters, summaries, Excel export). Costs, averages and values are readable only
with costs.view: the database refuses a query naming them to anyone else (column
grants, revision 0015), so each list comes in two shapes and `..._source(can_see_costs)`
picks the one the operator may read; the valuation exists only with costs.

- balances: one row per item x warehouse, the item's minimum and a below-minimum flag
  (the screen highlights it), by warehouse, item and category;
- stock card: one item's ledger (optionally one warehouse), oldest first, each move with
  the warehouse's balance after it (the running balance the ledger keeps), its
  document and who moved it;
- documents: every stock document with its state, number and dates;
- valuation: quantity, average cost and value per item x warehouse (costs.view).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, literal, select

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.domain.stock import KIND_LABELS, SOURCE_LABELS, STATE_LABELS

from .category_paths import category_paths
from .listing import ListColumn, ListSource, SortKey
from .tables import (
    item_table,
    stock_balance_table,
    stock_document_line_table,
    stock_document_table,
    stock_move_table,
    warehouse_table,
)
from .ticket_lists import COUNT_LIMIT

ENTITIES = ("stock", "item")


def _balances(with_costs: bool, *, valuation: bool = False) -> ListSource:
    b = stock_balance_table.alias("b")
    item = item_table.alias("i")
    wh = warehouse_table.alias("w")
    category = category_paths()
    from_clause: Any = (b.join(item, item.c.id == b.c.item_id)
                        .join(wh, wh.c.id == b.c.warehouse_id)
                        .outerjoin(category, category.c.id == item.c.category_id))
    columns = [
        ListColumn("warehouse", QT_TR_NOOP("Warehouse"), wh.c.name, width=100,
                   groupable=True),
        ListColumn("code", QT_TR_NOOP("Code"), item.c.code, width=100),
        ListColumn("name", QT_TR_NOOP("Name", "of a shop or thing"), item.c.name, width=160),
        ListColumn("category", QT_TR_NOOP("Category"), category.c.path, width=120,
                   groupable=True),
        ListColumn("unit", QT_TR_NOOP("Unit"), item.c.unit, width=50),
        ListColumn("quantity", QT_TR_NOOP("On hand"), b.c.quantity, ColumnKind.QUANTITY,
                   width=80),
    ]
    if not valuation:
        # the minimum is the item's, so it is held against what all warehouses hold of it
        # together: a few in the sample store do not turn that row red (stockui)
        everywhere = stock_balance_table.alias("all_b")
        item_total = (select(func.coalesce(func.sum(everywhere.c.quantity), 0))
                      .where(everywhere.c.item_id == b.c.item_id).scalar_subquery())
        columns += [
            ListColumn("item_total", QT_TR_NOOP("All warehouses"), item_total,
                       ColumnKind.QUANTITY, width=80, searchable=False, totalled=False),
            ListColumn("min_stock", QT_TR_NOOP("Minimum stock"), item.c.min_stock,
                       ColumnKind.QUANTITY, width=80, totalled=False),
            # an item without a minimum is never below it: the cheap test first, so
            # the sum over the item's warehouses runs only for the items that have one
            ListColumn("below_minimum", QT_TR_NOOP("Below minimum"),
                       and_(item.c.min_stock > 0, item_total < item.c.min_stock),
                       ColumnKind.BOOL, width=70),
        ]
    if with_costs:
        columns += [
            ListColumn("unit_cost", QT_TR_NOOP("Average cost"), b.c.unit_cost,
                       ColumnKind.MONEY, sensitive=True, width=90, totalled=False),
            ListColumn("stock_value", QT_TR_NOOP("Value", "money a stock holds"), b.c.value,
                       ColumnKind.MONEY, sensitive=True, width=100),
        ]
    name = "stock_valuation" if valuation else (
        "stock_balances_costs" if with_costs else "stock_balances")
    return ListSource(
        name=name,
        title=QT_TR_NOOP("Stock valuation") if valuation else QT_TR_NOOP("Stock balances"),
        columns=tuple(columns),
        from_clause=from_clause,
        key=func.concat(b.c.item_id, literal("/"), b.c.warehouse_id),
        # item code first: the item's unique index hands the rows over in order and the
        # first page stops after its rows (warehouse first sorted all 137,000 balances
        # of the bench's shop on disk: 0.8 s); counting stops at COUNT_LIMIT ("1,000+")
        default_sort=(SortKey("code"), SortKey("warehouse")),
        count_limit=COUNT_LIMIT,
        # the valuation counts what is there; the balances show emptied rows too (an
        # item below its minimum at 0 is what the clerk looks for)
        where=(b.c.quantity != 0) if valuation else None,
        entities=ENTITIES,
    )


STOCK_BALANCES = _balances(with_costs=False)
STOCK_BALANCES_WITH_COSTS = _balances(with_costs=True)
STOCK_VALUATION = _balances(with_costs=True, valuation=True)


def balances_source(can_see_costs: bool) -> ListSource:
    return STOCK_BALANCES_WITH_COSTS if can_see_costs else STOCK_BALANCES


def _stock_card(with_costs: bool, item_id: int | None = None,
                warehouse_id: int | None = None) -> ListSource:
    m = stock_move_table.alias("m")
    item = item_table.alias("i")
    wh = warehouse_table.alias("w")
    doc = stock_document_table.alias("d")
    from_clause: Any = (m.join(item, item.c.id == m.c.item_id)
                        .join(wh, wh.c.id == m.c.warehouse_id)
                        .outerjoin(doc, doc.c.id == m.c.document_id))
    columns = [
        # the ledger's own order (posting order; moved_at is when the posting transaction
        # began, so two concurrent postings may show it out of order)
        ListColumn("move_no", QT_TR_NOOP("Move no."), m.c.id, ColumnKind.INT, width=70,
                   searchable=False),
        ListColumn("moved_at", QT_TR_NOOP("Time"), m.c.moved_at, ColumnKind.DATETIME,
                   width=130),
        ListColumn("warehouse", QT_TR_NOOP("Warehouse"), wh.c.name, width=100,
                   groupable=True),
        ListColumn("code", QT_TR_NOOP("Code"), item.c.code, width=100),
        ListColumn("name", QT_TR_NOOP("Name", "of a shop or thing"), item.c.name, width=140),
        ListColumn("source", QT_TR_NOOP("Source"), m.c.source, width=80,
                   choices=SOURCE_LABELS),
        ListColumn("kind", QT_TR_NOOP("Kind of document"), doc.c.kind, width=100,
                   choices=KIND_LABELS),
        ListColumn("number", QT_TR_NOOP("Document"), doc.c.number, width=120),
        ListColumn("quantity", QT_TR_NOOP("Quantity"), m.c.quantity, ColumnKind.QUANTITY,
                   width=70),
        ListColumn("qty_before", QT_TR_NOOP("On hand before"), m.c.qty_before,
                   ColumnKind.QUANTITY, width=80, totalled=False),
        ListColumn("qty_after", QT_TR_NOOP("Balance"), m.c.qty_after, ColumnKind.QUANTITY,
                   width=70, totalled=False),
    ]
    if with_costs:
        columns += [
            ListColumn("unit_cost", QT_TR_NOOP("Unit cost"), m.c.unit_cost, ColumnKind.MONEY,
                       sensitive=True, width=80, totalled=False),
            ListColumn("value_change", QT_TR_NOOP("Value change"), m.c.value_change,
                       ColumnKind.MONEY, sensitive=True, width=90),
            ListColumn("value_after", QT_TR_NOOP("Value after"), m.c.value_after,
                       ColumnKind.MONEY, sensitive=True, width=90, totalled=False),
        ]
    columns.append(ListColumn("operator", QT_TR_NOOP("Operator"), m.c.operator, width=90))
    conditions = []
    if item_id is not None:
        conditions.append(m.c.item_id == item_id)
    if warehouse_id is not None:
        conditions.append(m.c.warehouse_id == warehouse_id)
    return ListSource(
        name="stock_card_costs" if with_costs else "stock_card",
        title=QT_TR_NOOP("Stock card"),
        columns=tuple(columns),
        from_clause=from_clause,
        key=m.c.id,
        # served by the ledger's (item_id, warehouse_id, id) index, stopping after the
        # page: a busy part's 8,600 moves were counted and sorted by time (123 ms)
        default_sort=(SortKey("move_no"),),
        count_limit=COUNT_LIMIT,
        where=and_(*conditions) if conditions else None,
        entities=ENTITIES,
    )


STOCK_CARD = _stock_card(with_costs=False)  # every move; the screen narrows to one item
STOCK_CARD_WITH_COSTS = _stock_card(with_costs=True)


def stock_card_source(item_id: int, *, warehouse_id: int | None = None,
                      can_see_costs: bool = False) -> ListSource:
    """One item's ledger (in one warehouse, or all), served by the ledger's
    (item_id, warehouse_id, id) index: the first page is one round trip."""
    return _stock_card(can_see_costs, item_id, warehouse_id)


def _documents(with_costs: bool) -> ListSource:
    d = stock_document_table.alias("d")
    wh = warehouse_table.alias("w")
    target = warehouse_table.alias("t")
    line = stock_document_line_table.alias("l")
    lines = (select(func.count()).where(line.c.document_id == d.c.id)
             .correlate(d).scalar_subquery())
    original = stock_document_table.alias("o")
    from_clause: Any = (d.join(wh, wh.c.id == d.c.warehouse_id)
                        .outerjoin(target, target.c.id == d.c.to_warehouse_id)
                        .outerjoin(original, original.c.id == d.c.reversal_of))
    columns = [
        ListColumn("number", QT_TR_NOOP("Number", "of a document"), d.c.number, width=120),
        ListColumn("kind", QT_TR_NOOP("Kind of document"), d.c.kind, width=100,
                   choices=KIND_LABELS),
        ListColumn("state", QT_TR_NOOP("State"), d.c.state, width=70, choices=STATE_LABELS),
        ListColumn("doc_date", QT_TR_NOOP("Date"), d.c.doc_date, ColumnKind.DATE, width=90),
        ListColumn("warehouse", QT_TR_NOOP("Warehouse"), wh.c.name, width=100,
                   groupable=True),
        ListColumn("to_warehouse", QT_TR_NOOP("Target warehouse"), target.c.name, width=100),
        ListColumn("supplier", QT_TR_NOOP("Supplier"), d.c.supplier, width=120),
        ListColumn("reason", QT_TR_NOOP("Reason"), d.c.reason, width=120),
        ListColumn("reverses", QT_TR_NOOP("Reverses"), original.c.number, width=120),
        ListColumn("lines", QT_TR_NOOP("Lines"), lines, ColumnKind.INT, width=50,
                   searchable=False),
    ]
    if with_costs:
        amount = (select(func.sum(line.c.amount)).where(line.c.document_id == d.c.id)
                  .correlate(d).scalar_subquery())
        columns.append(ListColumn("amount", QT_TR_NOOP("Amount"), amount, ColumnKind.MONEY,
                                  sensitive=True, width=100, searchable=False))
    columns += [
        ListColumn("remarks", QT_TR_NOOP("Remarks"), d.c.remarks, width=140),
        ListColumn("created_by", QT_TR_NOOP("Created by", "who wrote a document"),
                   d.c.created_by, width=90),
        # the time (过账时间) beside the state column's "Posted" (已过账)
        ListColumn("posted_at", QT_TR_NOOP("Posted", "time"), d.c.posted_at,
                   ColumnKind.DATETIME, width=130),
        ListColumn("posted_by", QT_TR_NOOP("Posted by"), d.c.posted_by, width=90),
    ]
    return ListSource(
        name="stock_documents_costs" if with_costs else "stock_documents",
        title=QT_TR_NOOP("Stock documents"),
        columns=tuple(columns),
        from_clause=from_clause,
        key=d.c.id,
        default_sort=(SortKey("posted_at", descending=True),),
        count_limit=COUNT_LIMIT,
        entities=ENTITIES,
    )


STOCK_DOCUMENTS = _documents(with_costs=False)
STOCK_DOCUMENTS_WITH_COSTS = _documents(with_costs=True)


def documents_source(can_see_costs: bool) -> ListSource:
    return STOCK_DOCUMENTS_WITH_COSTS if can_see_costs else STOCK_DOCUMENTS
