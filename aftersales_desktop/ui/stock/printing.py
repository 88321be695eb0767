"""Stock slips and part labels through the program's print preview (UI.md: preview first).

The PDF is made from what the server returned (the editor prints only a saved
document), with the shop's header and the warehouses' names read once per print.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from aftersales_desktop.core.db import Database
from aftersales_desktop.data.listing import iter_rows
from aftersales_desktop.data.stock_print import (
    LabelItem,
    PrintContext,
    label_items,
    print_context,
)
from aftersales_desktop.domain.documents import Document
from aftersales_desktop.reports.list_print import PrintColumn, render_list
from aftersales_desktop.reports.part_labels import PartLabel, render_part_labels
from aftersales_desktop.reports.receipts import ShopHeader
from aftersales_desktop.reports.stock_slips import render_stock_slip, slip_from_document

from ..frontdesk import printing
from ..i18n import tr
from ..listview.display import RIGHT, alignment, display_text
from ..listview.widget import ListView
from ..operations import QueryOp

SLIP_PAPER_KEY = "stock/slip_paper"
LABEL_LAYOUT_KEY = "stock/label_layout"
SLIP_PAPERS = (("a5", "A5"), ("a4", "A4"))
LABEL_LAYOUTS = (("a4", "A4 3 x 8"), ("roll", "50 x 30 mm"))


def slip_paper() -> str:
    paper = str(QSettings().value(SLIP_PAPER_KEY, "a5") or "a5")
    return paper if paper in dict(SLIP_PAPERS) else "a5"


def set_slip_paper(paper: str) -> None:
    QSettings().setValue(SLIP_PAPER_KEY, paper)


def label_layout() -> str:
    layout = str(QSettings().value(LABEL_LAYOUT_KEY, "a4") or "a4")
    return layout if layout in dict(LABEL_LAYOUTS) else "a4"


def set_label_layout(layout: str) -> None:
    QSettings().setValue(LABEL_LAYOUT_KEY, layout)


def shop_header(context: PrintContext) -> ShopHeader:
    shop = context.shop
    return ShopHeader(name=shop.get("name") or tr("After-sales service"),
                      address=shop.get("address") or "", phone=shop.get("phone") or "")


def slip_pdf(document: Document, context: PrintContext, *, show_costs: bool,
             paper: str) -> bytes:
    slip = slip_from_document(document, shop_header(context),
                              warehouse_names=context.warehouses, show_costs=show_costs,
                              printed_at=datetime.now(UTC))
    return render_stock_slip(slip, paper=paper, translate=tr)


def preview_slip(parent: QWidget, database: Database, document: Document, *,
                 show_costs: bool) -> None:
    """Read the shop header (one round trip), then show the slip in the preview."""
    paper = slip_paper()

    def show(context: PrintContext) -> None:
        pdf = slip_pdf(document, context, show_costs=show_costs, paper=paper)
        printing.show_pdf(pdf, document.number or tr("Stock document"))

    QueryOp(parent=parent, database=database, op=print_context,
            success=show).with_progress().run_in_background()


def preview_labels(parent: QWidget, database: Database,
                   items: Sequence[tuple[int, int]]) -> None:
    """Labels for (item_id, copies) pairs, in that order, in the preview."""
    layout = label_layout()
    copies = dict(items)
    ids = list(copies)

    def show(found: list[LabelItem]) -> None:
        labels = [PartLabel(code=i.code, name=i.name, barcode=i.barcode,
                            copies=max(1, copies.get(i.item_id, 1))) for i in found]
        if labels:
            printing.show_pdf(render_part_labels(labels, layout=layout), tr("Part labels"))

    QueryOp(parent=parent, database=database, op=lambda conn: label_items(conn, ids),
            success=show).with_progress().run_in_background()


MAX_PRINTED_ROWS = 5000  # more is an export (Ctrl+E), not paper


def preview_list(parent: QWidget, database: Database, view: ListView) -> None:
    """The rows matching the list's filters (up to MAX_PRINTED_ROWS), its visible
    columns in their order, masked as on screen, in the print preview."""
    source = view.source
    columns = view.visible_columns()
    indexes = [source.columns.index(c) for c in columns]
    hidden = view.model.sensitive_hidden
    query = view.model.query()
    title = tr(source.title)
    filters = view.filter_edit.text().strip()
    note = tr("Filter: {text}").format(text=filters) if filters else ""
    heads = [PrintColumn(tr(c.label), right=alignment(c) == RIGHT, weight=max(c.width, 40))
             for c in columns]

    def read(conn: Any) -> list[tuple[Any, ...]]:
        return list(itertools.islice(iter_rows(conn, source, query, chunk=MAX_PRINTED_ROWS),
                                     MAX_PRINTED_ROWS))

    def show(rows: list[tuple[Any, ...]]) -> None:
        shown = [[display_text(c, row[i], hidden=hidden) for c, i in zip(
            columns, indexes, strict=True)] for row in rows]
        more = note
        if len(rows) >= MAX_PRINTED_ROWS:
            more = (note + "  " if note else "") + tr(
                "Only the first {count} rows are printed; export the list for all of them."
            ).format(count=MAX_PRINTED_ROWS)
        pdf = render_list(title, heads, shown, note=more, printed_at=datetime.now(UTC),
                          translate=tr)
        printing.show_pdf(pdf, title)

    QueryOp(parent=parent, database=database, op=read,
            success=show).with_progress().run_in_background()
