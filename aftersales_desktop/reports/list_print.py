"""A list as it is on screen, printed: PDF bytes, reportlab; no Qt, no database.

The caller hands the title, the filters in words, the visible columns (label, right
aligned or not, relative width) and the rows as the list shows them (formatted and
masked already). A4 landscape, the column titles repeated on every page, "page n of m"
and the print time at the bottom.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.reports.fonts import cjk_fonts
from aftersales_desktop.reports.receipts import _esc
from aftersales_desktop.reports.stock_slips import numbered_canvas

Translate = Callable[[str], str]
_GREY = colors.HexColor("#bbbbbb")


@dataclass(frozen=True)
class PrintColumn:
    label: str  # already translated
    right: bool = False  # numbers and money
    weight: float = 1.0  # its share of the width (the list's column width)


def _identity(text: str) -> str:
    return text


def page_footer(width: float, margin: float, printed_at: datetime | None,
                translate: Translate) -> Callable[[Canvas, int, int], None]:
    """The footer of a printed list: "page n of m" and the print time, bottom right."""
    fonts = cjk_fonts()

    def footer(canvas: Canvas, number: int, pages: int) -> None:
        text = translate(QT_TR_NOOP("Page {page} of {pages}")).format(page=number,
                                                                       pages=pages)
        if printed_at is not None:
            text += "    " + translate(QT_TR_NOOP("Printed {time}")).format(
                time=shop_time.format_datetime(printed_at))
        canvas.saveState()
        canvas.setFont(fonts.regular, 7.5)
        canvas.drawRightString(width - margin, margin * 0.5, text)
        canvas.restoreState()

    return footer


def render_list(title: str, columns: Sequence[PrintColumn], rows: Sequence[Sequence[str]], *,
                note: str = "", printed_at: datetime | None = None,
                translate: Translate = _identity) -> bytes:
    fonts = cjk_fonts()
    width, height = landscape(A4)
    margin = 10 * mm
    inner = width - 2 * margin
    size = 8.0
    styles = {key: ParagraphStyle(key, fontName=font, fontSize=s, leading=s * 1.25,
                                  alignment=align, wordWrap="CJK")
              for key, font, s, align in (
                  ("title", fonts.bold, 13, TA_LEFT), ("note", fonts.regular, 8, TA_LEFT),
                  ("head", fonts.bold, size, TA_LEFT), ("headr", fonts.bold, size, TA_RIGHT),
                  ("cell", fonts.regular, size, TA_LEFT),
                  ("cellr", fonts.regular, size, TA_RIGHT))}
    total_weight = sum(c.weight for c in columns) or 1.0
    widths = [inner * c.weight / total_weight for c in columns]
    table_rows: list[list[Any]] = [[Paragraph(_esc(c.label), styles["headr" if c.right
                                                                    else "head"])
                                    for c in columns]]
    for row in rows:
        table_rows.append([Paragraph(_esc(value), styles["cellr" if c.right else "cell"])
                           for c, value in zip(columns, row, strict=False)])
    table = Table(table_rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, _GREY),
    ]))
    story: list[Any] = [Paragraph(_esc(title), styles["title"])]
    if note:
        story.append(Paragraph(_esc(note), styles["note"]))
    story.append(table)

    footer = page_footer(width, margin, printed_at, translate)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(width, height), leftMargin=margin,
                          rightMargin=margin, topMargin=margin, bottomMargin=margin, title="",
                          author="", initialFontName=fonts.regular)
    frame = Frame(margin, margin, inner, height - 2 * margin, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=3 * mm)
    doc.addPageTemplates([PageTemplate("list", [frame])])
    doc.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()
