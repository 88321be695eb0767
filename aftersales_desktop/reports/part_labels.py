"""Barcode labels for parts: PDF bytes, reportlab; no Qt, no database.

Each label carries a Code128 of the part's barcode (its code when it has none), so the
document editor's code cell reads it back, and under it the name and the code. Two
layouts: "a4" (a sheet of 3 x 8 labels of 70 x 37 mm, the common self-adhesive sheet)
and "roll" (one 50 x 30 mm label per page, for a label printer). `skip` leaves the first
labels of a partly used sheet empty.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from aftersales_desktop.reports.fonts import cjk_fonts

LAYOUTS = ("a4", "roll")


@dataclass(frozen=True)
class PartLabel:
    code: str
    name: str
    barcode: str | None = None
    copies: int = 1

    @property
    def scanned(self) -> str:
        """What the bars say: the barcode, else the code."""
        return (self.barcode or "").strip() or self.code


@dataclass(frozen=True)
class _Layout:
    page: tuple[float, float]
    columns: int
    rows: int
    label: tuple[float, float]
    origin: tuple[float, float]  # left, top margin of the first label
    pitch: tuple[float, float]  # distance from one label to the next
    outline: bool  # a faint frame (sheets: to see the cut; the roll is pre-cut)


_LAYOUTS = {
    "a4": _Layout(A4, 3, 8, (70 * mm, 37 * mm), (0, 0.5 * mm + (A4[1] - 8 * 37 * mm) / 2),
                  (70 * mm, 37 * mm), outline=True),
    "roll": _Layout((50 * mm, 30 * mm), 1, 1, (50 * mm, 30 * mm), (0, 0),
                    (50 * mm, 30 * mm), outline=False),
}


def render_part_labels(labels: Sequence[PartLabel], *, layout: str = "a4",
                       skip: int = 0) -> bytes:
    """The labels (each `copies` times) as PDF bytes; at least one page."""
    if layout not in _LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    spec = _LAYOUTS[layout]
    fonts = cjk_fonts()
    per_page = spec.columns * spec.rows
    queue: list[PartLabel | None] = [None] * (max(0, skip) % per_page)
    for label in labels:
        queue += [label] * max(1, label.copies)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=spec.page, initialFontName=fonts.regular)
    canvas.setTitle("")
    for start in range(0, max(len(queue), 1), per_page):
        for slot, placed in enumerate(queue[start:start + per_page]):
            if placed is None:
                continue
            column, row = slot % spec.columns, slot // spec.columns
            x = spec.origin[0] + column * spec.pitch[0]
            top = spec.page[1] - spec.origin[1] - row * spec.pitch[1]
            _draw_label(canvas, placed, x, top - spec.label[1], spec, fonts.regular,
                        fonts.bold)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _name_lines(name: str, font: str, size: float, width: float) -> list[str]:
    """The name on at most two lines, cut with … when it is longer."""
    first = ""
    for index, char in enumerate(name):
        if stringWidth(first + char, font, size) > width:
            return [first, _fit(name[index:], font, size, width)]
        first += char
    return [first]


def _draw_label(canvas: Canvas, label: PartLabel, x: float, y: float, spec: _Layout,
                font: str, bold: str) -> None:
    width, height = spec.label
    pad = 3 * mm if spec.outline else 2 * mm
    inner = width - 2 * pad
    if spec.outline:
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#dddddd"))
        canvas.setLineWidth(0.3)
        canvas.rect(x + 0.5 * mm, y + 0.5 * mm, width - 1 * mm, height - 1 * mm)
        canvas.restoreState()
    name_size = 8.5 if spec.outline else 7.5
    lines = _name_lines(label.name, bold, name_size, inner)
    top = y + height - pad - name_size
    canvas.setFont(bold, name_size)
    for index, line in enumerate(lines):
        canvas.drawString(x + pad, top - index * name_size * 1.2, line)
    # bars 0.33 mm wide, narrower (not under 0.19 mm) when the value needs it to fit;
    # a quiet zone of 10 modules each side is part of Code128's own width
    bar_height = (11 if spec.outline else 9) * mm
    bar_width = 0.33 * mm
    while True:
        bar = Code128(label.scanned, barWidth=bar_width, barHeight=bar_height,
                      humanReadable=False)
        if bar.width <= inner + 4 * mm or bar_width <= 0.19 * mm:
            break
        bar_width -= 0.01 * mm
    code_size = 7.5 if spec.outline else 6.5
    bar_y = y + pad + code_size + 1.5 * mm
    bar.drawOn(canvas, x + (width - bar.width) / 2, bar_y)
    canvas.setFont(font, code_size)
    text = label.scanned if label.scanned == label.code else f"{label.scanned}  {label.code}"
    canvas.drawCentredString(x + width / 2, y + pad, _fit(text, font, code_size, inner))
