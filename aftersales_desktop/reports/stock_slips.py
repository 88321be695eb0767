"""Printable stock document slips (进出仓单): PDF bytes, reportlab; no Qt, no database.

One layout for every kind (purchase receipt, other receipt / issue, transfer, scrap,
return to merchant, opening stock, stocktake adjustment): the shop, the title with its
state, the number as text, Code128 and QR (a scanner reads it back), the header fields,
the lines (costs only when the document carries them, i.e. for costs.view), totals,
remarks and the signature lines the kind needs (制单 / 仓管 / 领用人 ...). Two papers:
"a4" (portrait) and "a5" (landscape, the usual half sheet). Long documents run on over
pages: the column titles repeat, each page says "page n of m" and the number.

`slip_from_document` makes a `StockSlip` from the editor's `Document`; labels are English
source strings passed through `translate` at render time.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP, labelled
from aftersales_desktop.domain.documents import Document, format_price, line_amount
from aftersales_desktop.domain.stock import KIND_LABELS
from aftersales_desktop.reports.fonts import cjk_fonts
from aftersales_desktop.reports.receipts import (
    ShopHeader,
    _draw_watermark,
    _esc,
    _qr,
    _Rule,
    format_money,
    format_quantity,
)

Translate = Callable[[str], str]
PAPERS = ("a4", "a5")

TITLES: Mapping[str, str] = KIND_LABELS
PREPARED_BY = QT_TR_NOOP("Prepared by")
STOREKEEPER = QT_TR_NOOP("Storekeeper")
# Who signs each kind of slip, left to right (制单 / 仓管 / 领用人 ...).
SIGNATURES: dict[str, tuple[str, ...]] = {
    "purchase_receipt": (PREPARED_BY, STOREKEEPER, QT_TR_NOOP("Delivered by")),
    "other_receipt": (PREPARED_BY, STOREKEEPER, QT_TR_NOOP("Handed in by")),
    # who took the goods (收货人), not the counter's 接机人; who sent them (发货人), not a
    # notice's 发送人
    "other_issue": (PREPARED_BY, STOREKEEPER, QT_TR_NOOP("Received by", "signs for goods")),
    "transfer": (PREPARED_BY, QT_TR_NOOP("Sent by", "signs for goods"),
                 QT_TR_NOOP("Received by", "signs for goods")),
    "scrap": (PREPARED_BY, STOREKEEPER, QT_TR_NOOP("Approved by")),
    "merchant_return": (PREPARED_BY, STOREKEEPER, QT_TR_NOOP("Merchant")),
    "opening": (PREPARED_BY, STOREKEEPER),
    "stocktake_adjustment": (PREPARED_BY, STOREKEEPER, QT_TR_NOOP("Approved by")),
}
DRAFT_MARK = QT_TR_NOOP("DRAFT")
CANCELLED_MARK = QT_TR_NOOP("CANCELLED")
REVERSAL_MARK = QT_TR_NOOP("REVERSAL")
_EMPTY = "—"
_GREY = colors.HexColor("#bbbbbb")


@dataclass(frozen=True)
class SlipLine:
    code: str
    name: str
    quantity: Decimal
    unit: str = ""
    unit_cost: Decimal | None = None
    amount: Decimal | None = None
    serial: str = ""


@dataclass(frozen=True)
class StockSlip:
    shop: ShopHeader
    kind: str
    number: str  # the gapless number; a draft's is "" (then the codes are left out)
    state: str  # draft / posted / cancelled
    fields: tuple[tuple[str, str], ...]  # (English label, value), in reading order
    lines: tuple[SlipLine, ...]
    show_costs: bool = False  # the document carries costs (printed for costs.view)
    remarks: str = ""
    prepared_by: str = ""
    printed_at: datetime | None = None
    reversal: bool = False  # this document reverses another
    extra: Mapping[str, Any] = field(default_factory=dict)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return shop_time.format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def slip_from_document(document: Document, shop: ShopHeader, *,
                       warehouse_names: Mapping[Any, str] | None = None,
                       show_costs: bool = False, printed_at: datetime | None = None,
                       ) -> StockSlip:
    """The slip of `document` as the editor holds it (header keys of ui/stock/specs.py;
    warehouses named through `warehouse_names`, else as the header gives them)."""
    header = document.header
    names = warehouse_names or {}

    def warehouse(key: str) -> str:
        value = header.get(key)
        named = header.get(f"{key}_name")
        return str(named or names.get(value) or _text(value))

    kind = document.kind
    fields: list[tuple[str, str]] = []
    if kind in ("transfer", "scrap", "merchant_return"):
        fields.append((QT_TR_NOOP("From warehouse"), warehouse("warehouse")))
        if header.get("to_warehouse") is not None or header.get("to_warehouse_name"):
            target = {"transfer": QT_TR_NOOP("To warehouse"),
                      "scrap": QT_TR_NOOP("Scrap warehouse"),
                      "merchant_return": QT_TR_NOOP("Merchant-return warehouse")}[kind]
            fields.append((target, warehouse("to_warehouse")))
    elif kind == "other_issue":
        fields.append((QT_TR_NOOP("From warehouse"), warehouse("warehouse")))
    elif kind == "opening" or kind == "stocktake_adjustment":
        fields.append((QT_TR_NOOP("Warehouse"), warehouse("warehouse")))
    else:
        fields.append((QT_TR_NOOP("Into warehouse"), warehouse("warehouse")))
    if header.get("supplier"):
        fields.append((QT_TR_NOOP("Merchant") if kind == "merchant_return"
                       else QT_TR_NOOP("Supplier"), str(header["supplier"])))
    if header.get("reason"):
        fields.append((QT_TR_NOOP("Reason"), str(header["reason"])))
    fields.append((QT_TR_NOOP("Date"), _text(header.get("date"))))
    if document.state_by:
        by_label = (QT_TR_NOOP("Cancelled by") if document.state == "cancelled"
                    else QT_TR_NOOP("Posted by"))
        fields.append((by_label, " ".join(filter(None, (
            document.state_by, _text(document.state_at))))))
    if header.get("reversal_of_number"):
        fields.append((QT_TR_NOOP("Reverses"), str(header["reversal_of_number"])))
    if header.get("reversed_by_number"):
        fields.append((QT_TR_NOOP("Reversed by"), str(header["reversed_by_number"])))
    if header.get("cancel_reason"):
        fields.append((QT_TR_NOOP("Cancel reason"), str(header["cancel_reason"])))

    lines = []
    for line in document.lines:
        values = line.values
        cost = values.get("price") if show_costs else None
        amount = values.get("amount") if show_costs else None
        if show_costs and amount is None:
            amount = line_amount(values.get("quantity"), cost)
        lines.append(SlipLine(
            code=str(values.get("code") or ""), name=str(values.get("name") or ""),
            unit=str(values.get("unit") or ""),
            quantity=Decimal(values.get("quantity") or 0),
            unit_cost=Decimal(cost) if cost is not None else None,
            amount=Decimal(amount) if amount is not None else None,
            serial=str(values.get("serial") or "")))
    return StockSlip(shop=shop, kind=kind, number=document.number or "",
                     state=document.state, fields=tuple(fields), lines=tuple(lines),
                     show_costs=show_costs, remarks=str(header.get("remarks") or ""),
                     prepared_by=str(header.get("created_by") or ""), printed_at=printed_at,
                     reversal=bool(header.get("reversal_of_number")
                                   or header.get("reversal_of")))


def _identity(text: str) -> str:
    return text


def _paper(paper: str) -> tuple[float, float]:
    if paper == "a4":
        return A4
    if paper == "a5":
        return landscape(A5)
    raise ValueError(f"paper must be one of {PAPERS}, not {paper!r}")


def render_stock_slip(slip: StockSlip, *, paper: str = "a4",
                      translate: Translate = _identity) -> bytes:
    """The slip as PDF bytes (every font embedded)."""
    width, height = _paper(paper)
    margin = 12 * mm if paper == "a4" else 9 * mm
    return _SlipBuilder(slip, width, height, margin, translate).build()


def numbered_canvas(footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each says "page n of m"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


class _SlipBuilder:
    def __init__(self, slip: StockSlip, width: float, height: float, margin: float,
                 translate: Translate) -> None:
        self.slip, self.t = slip, translate
        self.page_width, self.page_height, self.margin = width, height, margin
        self.width = width - 2 * margin
        self.fonts = cjk_fonts()
        self.compact = height < 160 * mm  # the A5 half sheet
        s = 8.5 if self.compact else 9.5
        self.size = s
        self.styles = {key: ParagraphStyle(
            key, fontName=font or self.fonts.regular, fontSize=size, leading=size * 1.3,
            alignment=align, textColor=colors.HexColor(colour), wordWrap="CJK",
        ) for key, size, font, align, colour in [
            ("shop", s + 5, self.fonts.bold, TA_CENTER, "#000000"),
            ("shopinfo", s - 1, None, TA_CENTER, "#333333"),
            ("title", s + 6, self.fonts.bold, TA_LEFT, "#000000"),
            ("number", s + 1.5, None, TA_LEFT, "#000000"),
            ("label", s - 0.5, None, TA_LEFT, "#555555"),
            ("value", s, None, TA_LEFT, "#000000"),
            ("head", s - 0.5, self.fonts.bold, TA_LEFT, "#000000"),
            ("numhead", s - 0.5, self.fonts.bold, TA_RIGHT, "#000000"),
            ("num", s, None, TA_RIGHT, "#000000"),
            ("totalnum", s, self.fonts.bold, TA_RIGHT, "#000000"),
            ("total", s, self.fonts.bold, TA_LEFT, "#000000"),
            ("small", s - 1.5, None, TA_LEFT, "#555555"),
        ]}

    def p(self, text: str, style: str) -> Paragraph:
        return Paragraph(_esc(text), self.styles[style])

    def table(self, rows: list[list[Any]], widths: Sequence[float], commands: list[Any],
              pad: tuple[float, float, float, float] = (2, 2, 2, 2), **kw: Any) -> Table:
        table = Table(rows, colWidths=list(widths), **kw)
        names = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
        padding = [(n, (0, 0), (-1, -1), v) for n, v in zip(names, pad, strict=True)]
        table.setStyle(TableStyle([*padding, ("FONTNAME", (0, 0), (-1, -1),
                                              self.fonts.regular), *commands]))
        return table

    # -- the parts of the slip ---------------------------------------------------------------
    def marks(self) -> list[str]:
        slip = self.slip
        marks = []
        if slip.state == "draft":
            marks.append(DRAFT_MARK)
        elif slip.state == "cancelled":
            marks.append(CANCELLED_MARK)
        if slip.reversal:
            marks.append(REVERSAL_MARK)
        return marks

    def head(self) -> list[Flowable]:
        slip, t = self.slip, self.t
        story: list[Flowable] = [self.p(slip.shop.name, "shop")]
        phone = labelled(t(QT_TR_NOOP("Tel.")), slip.shop.phone) if slip.shop.phone else ""
        info = "    ".join(x for x in (slip.shop.address, phone) if x)
        if info:
            story.append(self.p(info, "shopinfo"))
        story.append(_Rule(self.width, 1.2, space=2 * mm))
        title = _esc(t(TITLES.get(slip.kind, slip.kind)))
        title += "".join(
            f'&nbsp;&nbsp;<span backColor="black" color="white" size="{self.size + 1}">'
            f"&nbsp;{_esc(t(mark))}&nbsp;</span>" for mark in self.marks())
        left: list[Flowable] = [Paragraph(title, self.styles["title"])]
        qr_size = 18 * mm if self.compact else 22 * mm
        if slip.number:
            left += [Spacer(1, 1.5 * mm),
                     self.p(labelled(t(QT_TR_NOOP("Document no.")), slip.number), "number"),
                     Spacer(1, 1.5 * mm), self._code128(slip.number, 75 * mm)]
            right: Any = _qr(slip.number, qr_size, self.fonts.regular)
        else:
            right = ""
        story.append(self.table([[left, right]], [self.width - qr_size, qr_size],
                                [("VALIGN", (0, 0), (-1, -1), "MIDDLE")], pad=(0, 0, 0, 0)))
        story.append(_Rule(self.width, 0.6, space=1.5 * mm))
        return story

    def _code128(self, value: str, room: float) -> Flowable:
        bar_width = 0.3 * mm
        while True:
            bar = Code128(value, barWidth=bar_width, barHeight=(8 if self.compact else 10) * mm,
                          humanReadable=False)
            if bar.width <= room or bar_width <= 0.2 * mm:
                break
            bar_width -= 0.01 * mm
        bar.hAlign = "LEFT"
        return bar

    def fields(self) -> Flowable:
        """Label/value pairs, three to a row."""
        pairs = [[self.p(self.t(label), "label"), self.p(value or _EMPTY, "value")]
                 for label, value in self.slip.fields]
        per_row = 3
        rows = []
        for i in range(0, len(pairs), per_row):
            row = [cell for pair in pairs[i:i + per_row] for cell in pair]
            rows.append(row + [""] * (per_row * 2 - len(row)))
        label_w = 20 * mm
        value_w = self.width / per_row - label_w
        return self.table(rows, [label_w, value_w] * per_row,
                          [("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.25, _GREY)],
                          pad=(1, 3, 1.5, 1.5), hAlign="LEFT")

    def lines(self) -> Flowable:
        slip, t = self.slip, self.t
        costs = slip.show_costs
        heads = [("#", "numhead", 8 * mm), (t(QT_TR_NOOP("Code")), "head", 30 * mm),
                 (t(QT_TR_NOOP("Name", "of a shop or thing")), "head", 0),
                 (t(QT_TR_NOOP("Unit")), "head", 11 * mm),
                 (t(QT_TR_NOOP("Quantity")), "numhead", 18 * mm)]
        if costs:
            heads += [(t(QT_TR_NOOP("Unit cost")), "numhead", 24 * mm),
                      (t(QT_TR_NOOP("Amount")), "numhead", 26 * mm)]
        fixed = sum(w for _h, _s, w in heads)
        widths = [w or self.width - fixed for _h, _s, w in heads]
        rows: list[list[Any]] = [[self.p(h, s) for h, s, _w in heads]]
        total_quantity = Decimal(0)
        total_amount = Decimal(0)
        for number, line in enumerate(slip.lines, start=1):
            name = _esc(line.name)
            if line.serial:
                name += (f'<br/><font size="{self.size - 1.5}" color="#555555">'
                         + _esc(labelled(t(QT_TR_NOOP("Serial no.")), line.serial)) + "</font>")
            row = [self.p(str(number), "num"), self.p(line.code, "value"),
                   Paragraph(name, self.styles["value"]), self.p(line.unit, "value"),
                   self.p(format_quantity(line.quantity), "num")]
            if costs:
                row += [self.p(_unit_cost_text(line.unit_cost), "num"),
                        self.p(format_money(line.amount) if line.amount is not None else "",
                               "num")]
                total_amount += line.amount or 0
            total_quantity += line.quantity
            rows.append(row)
        total_text = t(QT_TR_NOOP("Total: {count} lines")).format(count=len(slip.lines))
        total_row: list[Any] = ["", self.p(total_text, "total"), "", "",
                                self.p(format_quantity(total_quantity), "totalnum")]
        if costs:
            total_row += ["", self.p(format_money(total_amount), "totalnum")]
        rows.append(total_row)
        return self.table(rows, widths, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ("LINEBELOW", (0, 1), (-1, -2), 0.25, _GREY),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
            ("SPAN", (1, -1), (3, -1)),
        ], pad=(2, 2, 1.8, 2.2), repeatRows=1, hAlign="LEFT")

    def signatures(self) -> Flowable:
        """One signature line each, side by side; the one who prepared it is printed."""
        names = SIGNATURES.get(self.slip.kind, (PREPARED_BY, STOREKEEPER))
        cell_w = self.width / len(names)
        cells = []
        for label in names:
            signed = self.slip.prepared_by if label == PREPARED_BY else ""
            text = labelled(self.t(label), signed)
            cells.append(self.p(text, "value"))
        commands: list[Any] = [("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
        commands += [("LINEBELOW", (i, 0), (i, 0), 0.6, colors.black)
                     for i in range(len(names))]
        # a gap between the lines: each cell's right padding
        return self.table([cells], [cell_w] * len(names), commands, pad=(0, 8 * mm, 0, 1),
                          rowHeights=[(9 if self.compact else 12) * mm], hAlign="LEFT",
                          spaceBefore=(4 if self.compact else 8) * mm)

    def footer(self, canvas: Canvas, number: int, total: int) -> None:
        t = self.t
        parts = [t(QT_TR_NOOP("Page {page} of {pages}")).format(page=number, pages=total)]
        if self.slip.number:
            parts.append(self.slip.number)
        if self.slip.printed_at is not None:
            parts.append(t(QT_TR_NOOP("Printed {time}")).format(
                time=shop_time.format_datetime(self.slip.printed_at)))
        canvas.saveState()
        canvas.setFont(self.fonts.regular, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawRightString(self.page_width - self.margin, self.margin * 0.55,
                               "    ".join(parts))
        canvas.restoreState()

    def build(self) -> bytes:
        story = [*self.head(), self.fields(), Spacer(1, 2.5 * mm), self.lines()]
        if self.slip.remarks:
            story += [Spacer(1, 2 * mm), self.p(
                labelled(self.t(QT_TR_NOOP("Remarks")), self.slip.remarks), "value")]
        story.append(self.signatures())
        buffer = io.BytesIO()
        doc = BaseDocTemplate(buffer, pagesize=(self.page_width, self.page_height),
                              leftMargin=self.margin, rightMargin=self.margin,
                              topMargin=self.margin, bottomMargin=self.margin, title="",
                              author="", initialFontName=self.fonts.regular)
        frame = Frame(self.margin, self.margin, self.width,
                      self.page_height - 2 * self.margin, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=4 * mm)
        marks = " / ".join(self.t(m) for m in self.marks() if m != REVERSAL_MARK)

        def on_page(canvas: Canvas, _doc: Any) -> None:
            if marks:
                _draw_watermark(canvas, marks, self.fonts.bold, self.page_width,
                                self.page_height)

        doc.addPageTemplates([PageTemplate("slip", [frame], onPage=on_page)])
        doc.build(story, canvasmaker=numbered_canvas(self.footer))
        return buffer.getvalue()


def _unit_cost_text(value: Decimal | None) -> str:
    """A 4-decimal unit cost with the digits it needs (¥5.1234, but ¥420.00)."""
    if value is None:
        return ""
    return format_price(value, decimals=4)
