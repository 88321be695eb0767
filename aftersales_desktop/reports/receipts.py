"""Printable intake and settlement receipts (PDF bytes, reportlab; no Qt, no database).

Two papers: "a5" (A5 portrait, for an office printer) and "roll80" (an 80 mm
thermal roll, 72 mm printable, the page as tall as the content). The ticket
number is printed as text, as a QR code and as a Code128 barcode, so a counter
scanner reads either back. Labels are English source strings marked with
QT_TR_NOOP and passed through `translate` at render time.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
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
from aftersales_desktop.reports.fonts import cjk_fonts

Translate = Callable[[str], str]
PAPERS = ("a5", "roll80")

INTAKE_TITLE = QT_TR_NOOP("Repair intake receipt")
SETTLEMENT_TITLE = QT_TR_NOOP("Settlement receipt")
COPY_MARK = QT_TR_NOOP("COPY")
VOID_MARK = QT_TR_NOOP("VOID")
URGENT_MARK = QT_TR_NOOP("URGENT")
_EMPTY = "—"


@dataclass(frozen=True)
class ShopHeader:
    name: str
    address: str = ""
    phone: str = ""
    terms: str = ""  # printed conditions; blank lines separate paragraphs


@dataclass(frozen=True)
class IntakeReceipt:
    shop: ShopHeader
    number: str
    received_at: datetime
    operator: str
    customer_name: str
    customer_phone: str  # already masked if the operator may not see it
    product: str
    brand: str
    model: str
    serial: str
    fault: str
    accessories: str
    appearance: str
    remarks: str
    service_mode_label: str
    warranty_label: str
    urgent: bool
    promised_date: date | None
    address: str = ""
    appointment: str = ""


@dataclass(frozen=True)
class FeeLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    billed_to_manufacturer: bool = False


@dataclass(frozen=True)
class SettlementReceipt:
    shop: ShopHeader
    number: str
    ticket_number: str
    settled_at: datetime
    operator: str
    customer_name: str
    product: str
    model: str
    serial: str
    lines: tuple[FeeLine, ...]
    subtotal: Decimal
    discount: Decimal
    discount_reason: str
    manufacturer_amount: Decimal
    customer_amount: Decimal
    payment_method_label: str
    paid: Decimal
    change: Decimal
    voided: bool = False


def format_money(value: Decimal) -> str:
    """¥1,234.50; negative amounts as -¥12.35 (half up to the fen)."""
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def format_quantity(value: Decimal) -> str:
    """1, 0.5, 1.25: no trailing zeros, never exponent notation."""
    return f"{Decimal(value).normalize():f}"


def _identity(text: str) -> str:
    return text


def render_intake_receipt(
    receipt: IntakeReceipt, *, paper: str = "a5", copy: bool = False,
    translate: Translate = _identity,
) -> bytes:
    r = receipt
    b = _Builder(paper, translate)
    promised = r.promised_date.isoformat() if r.promised_date else ""
    narrow = [
        (QT_TR_NOOP("Received"), _datetime_text(r.received_at)),
        (QT_TR_NOOP("Operator"), r.operator),
        (QT_TR_NOOP("Customer"), r.customer_name),
        (QT_TR_NOOP("Phone"), r.customer_phone),
        (QT_TR_NOOP("Device"), _join(r.product, r.brand, r.model)),
        (QT_TR_NOOP("Serial no."), r.serial),
        (QT_TR_NOOP("Service mode"), r.service_mode_label),
        (QT_TR_NOOP("Warranty"), r.warranty_label),
        (QT_TR_NOOP("Promised date"), promised),
    ]
    if r.urgent:
        narrow.append((QT_TR_NOOP("Priority"), translate(URGENT_MARK)))
    wide = [(QT_TR_NOOP("Address"), r.address)] if r.address else []
    if r.appointment:
        wide.append((QT_TR_NOOP("Appointment"), r.appointment))
    wide += [(QT_TR_NOOP("Fault"), r.fault), (QT_TR_NOOP("Accessories"), r.accessories),
             (QT_TR_NOOP("Appearance"), r.appearance), (QT_TR_NOOP("Remarks"), r.remarks)]
    marks = [(URGENT_MARK, True)] if r.urgent else []
    numbers = [(QT_TR_NOOP("Ticket no."), r.number)]
    story = b.header(r.shop, INTAKE_TITLE, marks, copy, numbers, r.number)
    story += [*b.fields(narrow, wide), *b.footer(r.shop)]
    return b.build(story, watermark=[COPY_MARK] if copy else [])


def render_settlement_receipt(
    receipt: SettlementReceipt, *, paper: str = "a5", copy: bool = False,
    translate: Translate = _identity,
) -> bytes:
    """The codes carry the ticket number (a scan opens the ticket); the settlement's is text."""
    r = receipt
    b = _Builder(paper, translate)
    narrow = [
        (QT_TR_NOOP("Settled"), _datetime_text(r.settled_at)),
        (QT_TR_NOOP("Operator"), r.operator),
        (QT_TR_NOOP("Customer"), r.customer_name),
        (QT_TR_NOOP("Device"), _join(r.product, r.model)),
        (QT_TR_NOOP("Serial no."), r.serial),
    ]
    marks = [(VOID_MARK, True)] if r.voided else []
    numbers = [(QT_TR_NOOP("Settlement no."), r.number),
               (QT_TR_NOOP("Ticket no."), r.ticket_number)]
    story = b.header(r.shop, SETTLEMENT_TITLE, marks, copy, numbers, r.ticket_number)
    story += [*b.fields(narrow, []), Spacer(1, 3 * mm), b.fee_table(r.lines),
              Spacer(1, 2 * mm), b.totals(r)]
    if r.voided:
        note = translate(QT_TR_NOOP("This settlement has been voided."))
        story += [Spacer(1, 2 * mm), b.p(note, "void")]
    story += b.footer(r.shop)
    watermark = ([VOID_MARK] if r.voided else []) + ([COPY_MARK] if copy else [])
    return b.build(story, watermark=watermark)


def _datetime_text(value: datetime) -> str:
    return shop_time.format_datetime(value)  # the shop's clock, as the ticket number's day


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _esc(text: str) -> str:
    return escape(text).replace("\r\n", "\n").replace("\n", "<br/>")


@dataclass(frozen=True)
class _Paper:
    width: float
    height: float | None  # None: as tall as the content
    margin: float
    size: float  # body font size
    grid: bool  # A5: two label/value pairs a row, codes beside the title
    qr: float


_PAPERS = {
    "a5": _Paper(A5[0], A5[1], 12 * mm, 9, grid=True, qr=27 * mm),
    "roll80": _Paper(80 * mm, None, 4 * mm, 8, grid=False, qr=30 * mm),
    "a4": _Paper(A4[0], A4[1], 15 * mm, 10.5, grid=True, qr=32 * mm),  # the dispatch sheet's
}
_GREY = colors.HexColor("#bbbbbb")


def _table(rows: list[list[Any]], widths: Sequence[float | None], commands: list[Any],
           pad: tuple[float, float, float, float] = (1, 1, 2, 2), **kw: Any) -> Table:
    """A Table with (left, right, top, bottom) cell padding and the given style commands."""
    table = Table(rows, colWidths=list(widths), **kw)
    names = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
    padding = [(name, (0, 0), (-1, -1), value) for name, value in zip(names, pad, strict=True)]
    # Cells hold Paragraphs, but a cell's own font (Helvetica unless told) is named anyway.
    font = ("FONTNAME", (0, 0), (-1, -1), cjk_fonts().regular)
    table.setStyle(TableStyle([*padding, font, *commands]))
    return table


class _Builder:
    def __init__(self, paper: str, translate: Translate) -> None:
        if paper not in _PAPERS:
            raise ValueError(f"paper must be one of {tuple(_PAPERS)}, not {paper!r}")
        self.paper = _PAPERS[paper]
        self.t = translate
        self.fonts = cjk_fonts()
        self.width = self.paper.width - 2 * self.paper.margin
        s, bold = self.paper.size, self.fonts.bold
        head = TA_LEFT if self.paper.grid else TA_CENTER
        self.styles = {key: ParagraphStyle(
            key, fontName=font or self.fonts.regular, fontSize=size, leading=size * 1.3,
            alignment=align, textColor=colors.HexColor(colour), wordWrap="CJK",
        ) for key, size, font, align, colour in [
            ("shop", s + 7, bold, TA_CENTER, "#000000"),
            ("shopinfo", s - 0.5, None, TA_CENTER, "#333333"),
            ("title", s + 4, bold, head, "#000000"),
            ("number", s + 1.5, None, head, "#000000"),
            ("mark", s, bold, TA_CENTER, "#000000"),
            ("label", s - 0.5, None, TA_LEFT, "#555555"),
            ("value", s, None, TA_LEFT, "#000000"),
            ("head", s - 0.5, bold, TA_LEFT, "#000000"),
            ("num", s, None, TA_RIGHT, "#000000"),
            ("numhead", s - 0.5, bold, TA_RIGHT, "#000000"),
            ("big", s + 2.5, bold, TA_LEFT, "#000000"),
            ("bignum", s + 2.5, bold, TA_RIGHT, "#000000"),
            ("terms", s - 1.5, None, TA_LEFT, "#333333"),
            ("void", s + 1, bold, TA_CENTER, "#000000"),
        ]}

    def p(self, text: str, style: str) -> Paragraph:
        return Paragraph(_esc(text), self.styles[style])

    def header(
        self, shop: ShopHeader, title: str, marks: list[tuple[str, bool]], copy: bool,
        numbers: Sequence[tuple[str, str]], code: str,
    ) -> list[Flowable]:
        story: list[Flowable] = [self.p(shop.name, "shop")]
        tel = self.t(QT_TR_NOOP("Tel."))
        phone = labelled(tel, shop.phone) if shop.phone else ""
        info = [text for text in (shop.address, phone) if text]
        if info and self.paper.grid:
            story.append(self.p("    ".join(info), "shopinfo"))
        else:
            story += [self.p(text, "shopinfo") for text in info]
        story.append(_Rule(self.width, 1.2, space=2.5 * mm))
        title_block = self._title(self.t(title), [*marks, (COPY_MARK, False)] if copy else marks)
        number_lines = [self.p(labelled(self.t(label), value), "number")
                        for label, value in numbers]
        qr = _qr(code, self.paper.qr, self.fonts.regular)
        if self.paper.grid:
            bar = self._code128(code, self.width - self.paper.qr - 4 * mm, "LEFT")
            left = [*title_block, Spacer(1, 1.5 * mm), *number_lines, Spacer(1, 2 * mm), bar]
            story.append(_table([[left, qr]], [self.width - self.paper.qr, self.paper.qr],
                                [("VALIGN", (0, 0), (-1, -1), "MIDDLE")], pad=(0, 0, 0, 0)))
        else:
            qr.hAlign = "CENTER"
            bar = self._code128(code, self.width, "CENTER")
            story += [*title_block, Spacer(1, 1 * mm), *number_lines, qr, bar]
        story.append(_Rule(self.width, 0.6, space=2 * mm))
        return story

    def _title(self, title: str, tags: list[tuple[str, bool]]) -> list[Flowable]:
        """The title, then marks: URGENT / VOID white on black, COPY black on grey."""
        marks = "".join(
            f'&nbsp;&nbsp;<span backColor="{"black" if inverted else "#cccccc"}" '
            f'color="{"white" if inverted else "black"}" size="{self.paper.size + 1}">'
            f"&nbsp;{_esc(self.t(mark))}&nbsp;</span>" for mark, inverted in tags)
        return [Paragraph(_esc(title) + marks, self.styles["title"])]

    def _code128(self, value: str, room: float, align: str) -> Flowable:
        """Bars 0.33 mm wide, narrower (not under 0.2 mm) when the value needs it to fit."""
        bar_width = 0.33 * mm
        while True:
            bar = Code128(value, barWidth=bar_width, barHeight=11 * mm, humanReadable=False)
            if bar.width <= room or bar_width <= 0.2 * mm:
                break
            bar_width -= 0.01 * mm
        bar.hAlign = align
        return bar

    def fields(self, narrow: list[tuple[str, str]], wide: list[tuple[str, str]]) -> list[Table]:
        """Labelled rows; A5 puts two short ones side by side, long texts get a full row."""
        def pair(label: str, value: str) -> list[Any]:
            return [self.p(self.t(label), "label"), self.p(value or _EMPTY, "value")]

        def table(rows: list[list[Any]], widths: list[float]) -> Table:
            return _table(rows, widths, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                         ("LINEBELOW", (0, 0), (-1, -1), 0.25, _GREY)],
                          pad=(1, 3, 2.5, 2.5), hAlign="LEFT", splitInRow=1)

        label_w = 22 * mm if self.paper.grid else 20 * mm
        full = [label_w, self.width - label_w]
        if not self.paper.grid:
            return [table([pair(label, value) for label, value in [*narrow, *wide]], full)]
        rows = []
        for i in range(0, len(narrow), 2):
            row = [cell for label, value in narrow[i:i + 2] for cell in pair(label, value)]
            rows.append(row + [""] * (4 - len(row)))
        value_w = self.width / 2 - label_w
        tables = [table(rows, [label_w, value_w, label_w, value_w])]
        if wide:
            tables.append(table([pair(label, value) for label, value in wide], full))
        return tables

    def fee_table(self, lines: Sequence[FeeLine]) -> Table:
        t = self.t
        rows: list[list[Any]] = [[
            self.p(t(QT_TR_NOOP("Item")), "head"), self.p(t(QT_TR_NOOP("Qty")), "numhead"),
            self.p(t(QT_TR_NOOP("Unit price")), "numhead"),
            self.p(t(QT_TR_NOOP("Amount")), "numhead"),
        ]]
        billed = _esc(t(QT_TR_NOOP("Billed to manufacturer")))
        for line in lines:
            description = _esc(line.description)
            if line.billed_to_manufacturer:
                description += (f'<br/><font size="{self.paper.size - 1.5}" color="#555555">'
                                f"[{billed}]</font>")
            rows.append([Paragraph(description, self.styles["value"]),
                         self.p(format_quantity(line.quantity), "num"),
                         self.p(format_money(line.unit_price), "num"),
                         self.p(format_money(line.amount), "num")])
        numbers = [14 * mm, 24 * mm, 24 * mm] if self.paper.grid else [7 * mm, 18 * mm, 20 * mm]
        return _table(rows, [self.width - sum(numbers), *numbers], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, _GREY),
        ], pad=(1, 1, 2, 2.5), repeatRows=1, hAlign="LEFT")

    def totals(self, r: SettlementReceipt) -> Table:
        t = self.t
        discount = t(QT_TR_NOOP("Discount")) + (f" ({r.discount_reason})" if r.discount_reason
                                                else "")
        rows = [[self.p(label, style), self.p(value, "bignum" if style == "big" else "num")]
                for label, value, style in [
            (t(QT_TR_NOOP("Subtotal")), format_money(r.subtotal), "value"),
            (discount, format_money(-r.discount), "value"),
            (t(QT_TR_NOOP("Billed to manufacturer")), format_money(r.manufacturer_amount),
             "value"),
            (t(QT_TR_NOOP("Customer pays")), format_money(r.customer_amount), "big"),
            (t(QT_TR_NOOP("Payment method")), r.payment_method_label or _EMPTY, "value"),
            (t(QT_TR_NOOP("Paid")), format_money(r.paid), "value"),
            (t(QT_TR_NOOP("Change")), format_money(r.change), "value"),
        ]]
        width = 75 * mm if self.paper.grid else self.width
        return _table(rows, [width - 28 * mm, 28 * mm], [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEABOVE", (0, 3), (-1, 3), 0.8, colors.black),
            ("LINEBELOW", (0, 3), (-1, 3), 0.8, colors.black),
            ("TOPPADDING", (0, 3), (-1, 3), 3), ("BOTTOMPADDING", (0, 3), (-1, 3), 4),
        ], pad=(1, 1, 1.5, 2), hAlign="RIGHT")

    def footer(self, shop: ShopHeader) -> list[Flowable]:
        """The shop's terms, then lines for the customer's signature and the date."""
        story: list[Flowable] = [Spacer(1, 4 * mm)]
        if shop.terms.strip():
            story.append(_Rule(self.width, 0.4, space=1.5 * mm))
            story += [self.p(block.strip(), "terms")
                      for block in re.split(r"\n\s*\n", shop.terms.strip())]
        sign_text = labelled(self.t(QT_TR_NOOP("Customer signature")))
        date_text = labelled(self.t(QT_TR_NOOP("Date")))
        sign_w, date_w = (stringWidth(text, self.fonts.regular, self.paper.size) + 6
                          for text in (sign_text, date_text))
        sign, when = self.p(sign_text, "value"), self.p(date_text, "value")
        line = (0.6, colors.black)
        if self.paper.grid:
            rows: list[list[Any]] = [[sign, "", "", when, ""]]
            lines: list[Any]
            widths = [sign_w, self.width - sign_w - date_w - 48 * mm, 8 * mm, date_w, 40 * mm]
            lines = [("LINEBELOW", (1, 0), (1, 0), *line), ("LINEBELOW", (4, 0), (4, 0), *line)]
            heights = [10 * mm]
        else:  # the signature gets a full-width line of its own on the narrow roll
            rows = [[sign, ""], ["", ""], [when, ""]]
            widths = [date_w, self.width - date_w]
            lines = [("SPAN", (0, 0), (1, 0)), ("SPAN", (0, 1), (1, 1)),
                     ("LINEBELOW", (0, 1), (1, 1), *line), ("LINEBELOW", (1, 2), (1, 2), *line)]
            heights = [5 * mm, 11 * mm, 9 * mm]
        story.append(_table(rows, widths, [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), *lines],
                            pad=(0, 0, 0, 1), rowHeights=heights, hAlign="LEFT",
                            spaceBefore=4 * mm))
        return story

    def build(self, story: list[Flowable], watermark: list[str]) -> bytes:
        paper = self.paper
        height = paper.height or _content_height(story, self.width) + 2 * paper.margin
        buffer = io.BytesIO()
        doc = BaseDocTemplate(buffer, pagesize=(paper.width, height), leftMargin=paper.margin,
                              rightMargin=paper.margin, topMargin=paper.margin,
                              bottomMargin=paper.margin, title="", author="",
                              # else every page names Helvetica, a font it does not embed
                              initialFontName=self.fonts.regular)
        frame = Frame(paper.margin, paper.margin, self.width, height - 2 * paper.margin,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        text = " / ".join(self.t(mark) for mark in watermark)

        def on_page(canvas: Any, _doc: Any) -> None:
            if text:
                _draw_watermark(canvas, text, self.fonts.bold, paper.width, height)

        doc.addPageTemplates([PageTemplate("receipt", [frame], onPage=on_page)])
        doc.build(story)
        return buffer.getvalue()


class _Rule(Flowable):
    """A horizontal line across the frame."""

    def __init__(self, width: float, thickness: float, space: float) -> None:
        super().__init__()
        self.line_width, self.thickness = width, thickness
        self.spaceBefore = self.spaceAfter = space

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.line_width, self.thickness

    def draw(self) -> None:
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.thickness / 2, self.line_width, self.thickness / 2)


def _qr(value: str, size: float, font: str) -> Drawing:
    widget = QrCodeWidget(value, barLevel="M")  # keeps its 4-module quiet zone
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0],
                      initialFontName=font)  # it draws no text, but would name Helvetica
    drawing.add(widget)
    return drawing


def _content_height(story: Sequence[Flowable], width: float) -> float:
    """The frame height a roll page needs for `story` (plus a little slack)."""
    total = 0.0
    for i, flowable in enumerate(story):
        _w, h = flowable.wrap(width, 10_000 * mm)
        total += h + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if i else 0)
    return total + 3 * mm


def _draw_watermark(canvas: Any, text: str, font: str, width: float, height: float) -> None:
    """Faint diagonal text, once per ~page-width of a long roll."""
    angle = math.radians(30 if height < 1.6 * width else 40)
    unit = stringWidth(text, font, 1)  # the rotated text spans w·cos + h·sin across the page
    size = min(72.0, 0.85 * width / (unit * math.cos(angle) + math.sin(angle)))
    count = max(1, int(height // max(width * 1.2, 90 * mm)))
    canvas.saveState()
    canvas.setFillColor(colors.Color(0, 0, 0, alpha=0.1))
    canvas.setFont(font, size)
    for i in range(count):
        canvas.saveState()
        canvas.translate(width / 2, height * (i + 0.5) / count)
        canvas.rotate(math.degrees(angle))
        canvas.drawCentredString(0, -size / 3, text)
        canvas.restoreState()
    canvas.restoreState()
