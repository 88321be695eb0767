"""Technicians' monthly pay statements (提成工资结算单) as a PDF and an Excel workbook; no
Qt, no database.

The caller hands what `services.commissions.printing.month_print` returns (the answer of
app.commission_month_print, typed): {"month", "shop": {"name", "address", "phone"},
"statements": [{"statement": {...}, "lines": [...]}]}, each statement shaped as
app.commission_statement_get gives it, and a translate function.

- `statements_pdf` / `render_statements`: A4 portrait, each statement on a page of its
  own: the shop, the title with the month and the statement's state (a draft carries a
  watermark), the payee's fields, the summary (post wage, commissions, hours pay,
  rewards, penalties, deductions, adjustments, total), the lines with their ticket
  numbers, the payee's signature (签字) and the checker's, each with its date line.
  A statement with more lines than a page holds runs on (the column titles repeat) and
  its signatures close its last page; "page n of m" counts the statement's own pages.
- `statements_workbook`: a summary sheet (one row per statement, a bold total row) and
  a lines sheet (every line with its payee and ticket number); amounts are numbers in
  yuan, so the shop can sum and filter them in Excel.

Only active lines are printed (the statement's totals count them); lines waiting for
approval are counted in a note under the lines.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP, labelled
from aftersales_desktop.domain.commissions import LINE_KINDS, SCHEMES, STATEMENT_STATES
from aftersales_desktop.reports.commission_text import (
    AMOUNT,
    BASE,
    CHECKED_BY,
    COMPUTED,
    CONFIRMED,
    DATE,
    DEPARTMENT,
    DETAIL,
    DRAFT_MARK,
    KIND,
    LINE_COUNT,
    LINES_TOTAL,
    NO_LINES,
    OUTLET,
    PAGE,
    PAYEE,
    PAYEE_SIGNATURE,
    PENDING_NOTE,
    PRINTED,
    QUANTITY,
    RATE,
    SCHEME,
    SETTLED,
    SHARE,
    SUMMARY,
    TICKET,
    TITLE,
    ZERO,
    Translate,
    active_lines,
    identity,
    line_detail,
    moment_text,
    money,
    month_text,
    number,
    payee_text,
    plain,
    rate_text,
    share_text,
    write_file,
)
from aftersales_desktop.reports.commission_workbook import statements_workbook
from aftersales_desktop.reports.fonts import cjk_fonts
from aftersales_desktop.reports.receipts import _draw_watermark, _esc, _Rule, format_money

__all__ = ["render_statements", "statements_pdf", "statements_workbook"]

_EMPTY = "—"
# labels wrap between words (an English one is not cut inside a word)
_WORD_WRAPPED = frozenset({"label", "sumlabel", "head", "numhead", "sign"})
_GREY = colors.HexColor("#bbbbbb")
_LIGHT = colors.HexColor("#f2f2f2")

# -- PDF -----------------------------------------------------------------------------------

class _StatementStart(Flowable):
    """Marks the page it lands on as the first of statement `index` (for the footer)."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._statement_index = self.index


def _statement_canvas(footer: Callable[[Canvas, int, int, int], None]) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each says "page n of m" of
    its own statement (the marks of `_StatementStart` tell which pages are whose)."""

    class StatementCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self._statement_index = 0

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            owners = [int(state.get("_statement_index", 0)) for state in self._pages]
            counts: dict[int, int] = {}
            for owner in owners:
                counts[owner] = counts.get(owner, 0) + 1
            seen: dict[int, int] = {}
            for state, owner in zip(self._pages, owners, strict=True):
                seen[owner] = seen.get(owner, 0) + 1
                self.__dict__.update(state)
                footer(self, owner, seen[owner], counts[owner])
                super().showPage()
            super().save()

    return StatementCanvas


class _Builder:
    def __init__(self, data: Mapping[str, Any], translate: Translate,
                 printed_at: datetime | None) -> None:
        self.data, self.t, self.printed_at = data, translate, printed_at
        self.page_width, self.page_height = A4
        self.margin = 14 * mm
        self.width = self.page_width - 2 * self.margin
        self.fonts = cjk_fonts()
        self.shop: Mapping[str, Any] = data.get("shop") or {}
        self.month = month_text(data.get("month"), translate) if data.get("month") else ""
        self.entries: list[Mapping[str, Any]] = list(data.get("statements") or [])
        s = 9.0
        self.size = s
        self.styles = {key: ParagraphStyle(
            key, fontName=font or self.fonts.regular, fontSize=size, leading=size * 1.32,
            alignment=align, textColor=colors.HexColor(colour),
            # labels wrap between words (an English one is not cut inside a word)
            wordWrap=None if key in _WORD_WRAPPED else "CJK",
        ) for key, size, font, align, colour in [
            ("shop", s + 6, self.fonts.bold, TA_CENTER, "#000000"),
            ("shopinfo", s - 1, None, TA_CENTER, "#333333"),
            ("title", s + 7, self.fonts.bold, TA_LEFT, "#000000"),
            ("month", s + 7, self.fonts.bold, TA_RIGHT, "#000000"),
            ("label", s - 0.5, None, TA_LEFT, "#555555"),
            ("value", s, None, TA_LEFT, "#000000"),
            ("sumlabel", s - 1, None, TA_CENTER, "#444444"),
            ("sum", s + 0.5, None, TA_CENTER, "#000000"),
            ("sumtotal", s + 1.5, self.fonts.bold, TA_CENTER, "#000000"),
            ("head", s - 1, self.fonts.bold, TA_LEFT, "#000000"),
            ("numhead", s - 1, self.fonts.bold, TA_RIGHT, "#000000"),
            ("cell", s - 0.5, None, TA_LEFT, "#000000"),
            ("small", s - 1.5, None, TA_LEFT, "#555555"),
            ("num", s - 0.5, None, TA_RIGHT, "#000000"),
            ("total", s - 0.5, self.fonts.bold, TA_LEFT, "#000000"),
            ("totalnum", s - 0.5, self.fonts.bold, TA_RIGHT, "#000000"),
            ("note", s - 1, None, TA_LEFT, "#555555"),
            ("sign", s, None, TA_LEFT, "#000000"),
        ]}

    def p(self, text: str, style: str) -> Paragraph:
        return Paragraph(_esc(text), self.styles[style])

    def table(self, rows: list[list[Any]], widths: Sequence[float], commands: list[Any],
              pad: tuple[float, float, float, float] = (2, 2, 2, 2), **kw: Any) -> Table:
        table = Table(rows, colWidths=list(widths), **kw)
        names = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
        padding = [(n, (0, 0), (-1, -1), v) for n, v in zip(names, pad, strict=True)]
        # the empty cells' font too (else the PDF names Helvetica without embedding it)
        table.setStyle(TableStyle([*padding, ("FONTNAME", (0, 0), (-1, -1),
                                              self.fonts.regular), *commands]))
        return table

    # -- one statement ---------------------------------------------------------------------
    def head(self, statement: Mapping[str, Any]) -> list[Flowable]:
        t = self.t
        story: list[Flowable] = [self.p(str(self.shop.get("name") or ""), "shop")]
        phone = labelled(t(QT_TR_NOOP("Tel.")), str(self.shop["phone"])) if self.shop.get(
            "phone") else ""
        info = "    ".join(x for x in (str(self.shop.get("address") or ""), phone) if x)
        if info:
            story.append(self.p(info, "shopinfo"))
        story.append(_Rule(self.width, 1.2, space=2 * mm))
        state = str(statement.get("state") or "draft")
        title = _esc(t(TITLE))
        if state in STATEMENT_STATES:
            title += (f'&nbsp;&nbsp;<span backColor="black" color="white" '
                      f'size="{self.size + 1}">&nbsp;{_esc(t(STATEMENT_STATES[state]))}'
                      f"&nbsp;</span>")
        story.append(self.table(
            [[Paragraph(title, self.styles["title"]), self.p(self.month, "month")]],
            [self.width * 0.7, self.width * 0.3], [("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
            pad=(0, 0, 0, 0)))
        story.append(_Rule(self.width, 0.6, space=1.5 * mm))
        return story

    def fields(self, statement: Mapping[str, Any], lines: Sequence[Mapping[str, Any]]
               ) -> Flowable:
        t = self.t
        outlet = statement.get("payee_kind") == "outlet"
        scheme = str(statement.get("scheme") or "")
        pairs: list[tuple[str, str]] = [
            (OUTLET if outlet else PAYEE, payee_text(statement)),
            (DEPARTMENT, str(statement.get("department") or "")),
            (SCHEME, t(SCHEMES[scheme]) if scheme in SCHEMES else scheme),
            (LINE_COUNT, str(len(lines))),
            (COMPUTED, moment_text(statement.get("computed_at"))),
        ]
        for key, label in (("confirmed", CONFIRMED), ("settled", SETTLED)):
            if statement.get(f"{key}_at"):
                pairs.append((label, " ".join(filter(None, (
                    str(statement.get(f"{key}_by") or ""),
                    moment_text(statement.get(f"{key}_at")))))))
        cells = [[self.p(t(label), "label"), self.p(value or _EMPTY, "value")]
                 for label, value in pairs]
        per_row = 3
        rows = []
        for i in range(0, len(cells), per_row):
            row = [cell for pair in cells[i:i + per_row] for cell in pair]
            rows.append(row + [""] * (per_row * 2 - len(row)))
        label_w = 21 * mm
        value_w = self.width / per_row - label_w
        return self.table(rows, [label_w, value_w] * per_row,
                          [("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.25, _GREY)],
                          pad=(1, 3, 1.5, 1.5), hAlign="LEFT")

    def summary(self, statement: Mapping[str, Any]) -> Flowable:
        labels = [self.p(self.t(label), "sumlabel") for _key, label in SUMMARY]
        values = [self.p(format_money(money(statement.get(key))),
                         "sumtotal" if key == "total" else "sum") for key, _label in SUMMARY]
        width = self.width / len(SUMMARY)
        return self.table([labels, values], [width] * len(SUMMARY), [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
            ("INNERGRID", (0, 0), (-1, -1), 0.25, _GREY),
            ("BACKGROUND", (0, 0), (-1, 0), _LIGHT),
            ("BACKGROUND", (-1, 0), (-1, -1), colors.HexColor("#e4e4e4")),
        ], pad=(2, 2, 2.5, 2.5), hAlign="LEFT", spaceBefore=3 * mm)

    def lines(self, lines: Sequence[Mapping[str, Any]]) -> Flowable:
        t = self.t
        heads = [("#", "numhead", 7 * mm), (t(TICKET), "head", 27 * mm),
                 (t(KIND), "head", 22 * mm), (t(DETAIL), "head", 0),
                 (t(QUANTITY), "numhead", 14 * mm), (t(BASE), "numhead", 20 * mm),
                 (t(RATE), "numhead", 13 * mm), (t(SHARE), "numhead", 12 * mm),
                 (t(AMOUNT), "numhead", 22 * mm)]
        fixed = sum(w for _h, _s, w in heads)
        widths = [w or self.width - fixed for _h, _s, w in heads]
        rows: list[list[Any]] = [[self.p(h, s) for h, s, _w in heads]]
        total = ZERO
        for position, line in enumerate(lines, start=1):
            kind = str(line.get("kind") or "")
            amount = money(line.get("amount"))
            total += amount
            base = number(line.get("base"))
            quantity = number(line.get("quantity"))
            rows.append([
                self.p(str(position), "num"), self.p(str(line.get("ticket_number") or ""), "cell"),
                self.p(t(LINE_KINDS[kind]) if kind in LINE_KINDS else kind, "cell"),
                self.p(line_detail(line, t), "cell"),
                self.p(plain(quantity) if quantity is not None else "", "num"),
                self.p(format_money(base) if base is not None else "", "num"),
                self.p(rate_text(line), "num"), self.p(share_text(line), "num"),
                self.p(format_money(amount), "num")])
        rows.append(["", self.p(t(LINES_TOTAL).format(count=len(lines)), "total"),
                     "", "", "", "", "", "", self.p(format_money(total), "totalnum")])
        return self.table(rows, widths, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), _LIGHT),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ("LINEBELOW", (0, 1), (-1, -2), 0.25, _GREY),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
            ("SPAN", (1, -1), (4, -1)),
        ], pad=(2, 2, 1.6, 2), repeatRows=1, hAlign="LEFT")

    def signatures(self) -> Flowable:
        """The payee's signature and the checker's, each with its date line."""
        t = self.t
        label_w, date_label_w, date_w = 30 * mm, 14 * mm, 38 * mm
        line_w = self.width - label_w - date_label_w - date_w - 12 * mm
        rows = [[self.p(labelled(t(label)), "sign"), "", "",
                 self.p(labelled(t(DATE)), "sign"), ""]
                for label in (PAYEE_SIGNATURE, CHECKED_BY)]
        commands: list[Any] = [("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
        commands += [("LINEBELOW", (i, r), (i, r), 0.6, colors.black)
                     for i in (1, 4) for r in (0, 1)]
        return self.table(rows, [label_w, line_w, 12 * mm, date_label_w, date_w], commands,
                          pad=(0, 1, 0, 1), rowHeights=[12 * mm, 12 * mm], hAlign="LEFT")

    def statement(self, index: int, entry: Mapping[str, Any]) -> list[Flowable]:
        statement: Mapping[str, Any] = entry.get("statement") or {}
        lines = active_lines(entry)
        waiting = sum(1 for line in entry.get("lines") or [] if line.get("state") == "proposed")
        story: list[Flowable] = [_StatementStart(index), *self.head(statement),
                                 self.fields(statement, lines), self.summary(statement),
                                 Spacer(1, 4 * mm)]
        if lines:
            story.append(self.lines(lines))
        else:
            story.append(self.p(self.t(NO_LINES), "note"))
        closing: list[Flowable] = []
        if waiting:
            closing += [Spacer(1, 1.5 * mm),
                        self.p(self.t(PENDING_NOTE).format(count=waiting), "note")]
        closing += [Spacer(1, 6 * mm), self.signatures()]
        story.append(KeepTogether(closing))
        return story

    def footer(self, canvas: Canvas, index: int, number: int, total: int) -> None:
        t = self.t
        statement: Mapping[str, Any] = (self.entries[index].get("statement") or {}
                                        if index < len(self.entries) else {})
        left = "  ·  ".join(x for x in (str(self.shop.get("name") or ""),
                                        payee_text(statement), self.month) if x)
        right = [t(PAGE).format(page=number, pages=total)]
        if self.printed_at is not None:
            right.append(t(PRINTED).format(time=shop_time.format_datetime(self.printed_at)))
        if str(statement.get("state") or "draft") == "draft":
            # drawn when the page is finished (only then is it known whose page it is):
            # faint enough to read the figures through
            _draw_watermark(canvas, t(DRAFT_MARK), self.fonts.bold, self.page_width,
                            self.page_height)
        canvas.saveState()
        canvas.setFont(self.fonts.regular, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        y = self.margin * 0.55
        canvas.drawString(self.margin, y, left)
        canvas.drawRightString(self.page_width - self.margin, y, "    ".join(right))
        canvas.restoreState()

    def build(self) -> bytes:
        story: list[Flowable] = []
        for index, entry in enumerate(self.entries):
            if index:
                story.append(PageBreak())
            story += self.statement(index, entry)
        if not story:
            story.append(self.p(self.t(NO_LINES), "note"))
        buffer = io.BytesIO()
        doc = BaseDocTemplate(buffer, pagesize=(self.page_width, self.page_height),
                              leftMargin=self.margin, rightMargin=self.margin,
                              topMargin=self.margin, bottomMargin=self.margin,
                              title=f"{self.t(TITLE)} {self.month}", author="",
                              initialFontName=self.fonts.regular)
        frame = Frame(self.margin, self.margin, self.width,
                      self.page_height - 2 * self.margin, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=4 * mm)
        doc.addPageTemplates([PageTemplate("statement", [frame])])
        doc.build(story, canvasmaker=_statement_canvas(self.footer))
        return buffer.getvalue()


def render_statements(data: Mapping[str, Any], *, translate: Translate = identity,
                      printed_at: datetime | None = None) -> bytes:
    """The month's statements as PDF bytes (every font embedded)."""
    return _Builder(data, translate, printed_at).build()


def statements_pdf(data: Mapping[str, Any], path: str | os.PathLike[str], *,
                   translate: Translate = identity,
                   printed_at: datetime | None = None) -> int:
    """Write the statements' PDF to `path` (whole or not at all); returns the number of
    statements printed."""
    write_file(path, render_statements(data, translate=translate, printed_at=printed_at))
    return len(data.get("statements") or [])


