"""The callback statistics (回访统计) as an Excel workbook and a PDF summary; no Qt, no
database.

The caller hands the answer of `services.callbacks.stats.callback_stats` (typed), the
title and the notes (the period, the grouping and the filters in the operator's words)
and a translate function. `stats_tables` turns the answer into three tables —
satisfaction per group (surveys, each question's average, the overall average, low
surveys and their share), complaints (opened, resolved, still open, escalated, hours to
resolve without pauses, accepted), callbacks (tasks, done, unreachable, expired, open,
reach rate, with a total row) — which the screen, the workbook and the PDF all show.
The workbook keeps numbers as numbers (averages to two places, rates as percentages) so
the shop can sort and chart them; the PDF is A4 landscape with the shop's font.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.reports.excel import _write_workbook, text_width
from aftersales_desktop.reports.fonts import cjk_fonts
from aftersales_desktop.reports.list_print import page_footer
from aftersales_desktop.reports.receipts import _esc
from aftersales_desktop.reports.stock_slips import numbered_canvas

Translate = Callable[[str], str]

# how a column's values read: names, whole numbers, scores (two places), hours (one
# place), shares (a percentage)
TEXT, COUNT, SCORE, HOURS, RATE = "text", "count", "score", "hours", "rate"

GROUP_LABELS = {"technician": QT_TR_NOOP("Technician"),
                "service_mode": QT_TR_NOOP("Service mode"),
                "month": QT_TR_NOOP("Month")}
NO_GROUP = {"technician": QT_TR_NOOP("(no technician)"),
            "service_mode": QT_TR_NOOP("(no service mode)"), "month": QT_TR_NOOP("(none)")}
SATISFACTION = QT_TR_NOOP("Satisfaction")
COMPLAINTS = QT_TR_NOOP("Complaints")
CALLBACKS = QT_TR_NOOP("Callbacks")
TOTAL = QT_TR_NOOP("Total")
NOTHING = QT_TR_NOOP("Nothing in this period.")
SATISFACTION_NOTE = QT_TR_NOOP(
    "The figures count whole months ({first} to {last}): surveys by the month they were "
    "taken (a corrected survey as corrected), complaints by the month they were opened, "
    "callbacks by the month they were due. Low: a score of 2 or less.")
_GREY = colors.HexColor("#bbbbbb")
_LIGHT = colors.HexColor("#f0f0f0")


@dataclass(frozen=True)
class StatsColumn:
    label: str  # already translated
    kind: str = COUNT


@dataclass
class StatsTable:
    heading: str  # already translated
    columns: list[StatsColumn]
    rows: list[list[Any]] = field(default_factory=list)  # typed values, None = no figure
    total: list[Any] | None = None  # the total row, when the table has one


def _identity(text: str) -> str:
    return text


def format_value(kind: str, value: Any) -> str:
    """A figure as the screen and the PDF show it."""
    if value is None:
        return "—"
    if kind == SCORE:
        return f"{Decimal(value):.2f}"
    if kind == HOURS:
        return f"{Decimal(value):.1f}"
    if kind == RATE:
        return f"{Decimal(value) * 100:.1f}%"
    if kind == COUNT:
        return f"{int(value):,}"
    return str(value)


def _label(row: Mapping[str, Any], group: str, translate: Translate) -> str:
    return str(row.get("label") or "") if row.get("key") is not None else translate(
        NO_GROUP[group])


def _share(part: int, whole: int) -> Decimal | None:
    return None if not whole else (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


def stats_tables(answer: Mapping[str, Any], *, translate: Translate = _identity
                 ) -> list[StatsTable]:
    """The answer's three tables, labels translated."""
    group = str(answer.get("group") or "technician")
    first = translate(GROUP_LABELS[group])
    questions = [q for q in answer.get("questions", [])
                 if q.get("active", True) or any(q["code"] in r.get("avg", {})
                                                 for r in answer.get("satisfaction", []))]
    satisfaction = StatsTable(translate(SATISFACTION), [
        StatsColumn(first, TEXT), StatsColumn(translate(QT_TR_NOOP("Surveys"))),
        *(StatsColumn(translate(str(q["label"])), SCORE) for q in questions),
        StatsColumn(translate(QT_TR_NOOP("Average")), SCORE),
        StatsColumn(translate(QT_TR_NOOP("Low")), COUNT),
        StatsColumn(translate(QT_TR_NOOP("Low share")), RATE)])
    for row in answer.get("satisfaction", []):
        averages = row.get("avg") or {}
        satisfaction.rows.append([
            _label(row, group, translate), row["surveys"],
            *(averages.get(q["code"]) for q in questions), row.get("overall_avg"),
            row["low"], _share(row["low"], row["surveys"])])

    complaints = StatsTable(translate(COMPLAINTS), [
        StatsColumn(first, TEXT), StatsColumn(translate(QT_TR_NOOP("Opened", "count"))),
        StatsColumn(translate(QT_TR_NOOP("Resolved", "count"))),
        StatsColumn(translate(QT_TR_NOOP("Open now"))),
        StatsColumn(translate(QT_TR_NOOP("Escalated"))),
        StatsColumn(translate(QT_TR_NOOP("Hours to resolve")), HOURS),
        StatsColumn(translate(QT_TR_NOOP("Accepted")), RATE)])
    for row in answer.get("complaints", []):
        complaints.rows.append([
            _label(row, group, translate), row["opened"], row["resolved"], row["open_now"],
            row["escalated"], row.get("avg_hours_to_resolve"), row.get("accepted_rate")])

    callbacks = StatsTable(translate(CALLBACKS), [
        StatsColumn(first, TEXT), StatsColumn(translate(QT_TR_NOOP("Tasks"))),
        StatsColumn(translate(QT_TR_NOOP("Done", "count"))),
        StatsColumn(translate(QT_TR_NOOP("Unreachable"))),
        StatsColumn(translate(QT_TR_NOOP("Expired"))),
        StatsColumn(translate(QT_TR_NOOP("Open"))),
        StatsColumn(translate(QT_TR_NOOP("Reach rate")), RATE)])
    found = answer.get("callbacks") or {}
    for row in found.get("rows", []):
        callbacks.rows.append([
            _label(row, group, translate), row["tasks"], row["done"], row["unreachable"],
            row["expired"], row["pending"], row.get("reach_rate")])
    if found.get("tasks"):
        callbacks.total = [translate(TOTAL), found["tasks"], found["done"],
                           found["unreachable"], found["expired"], found["pending"],
                           found.get("reach_rate")]
    return [satisfaction, complaints, callbacks]


def satisfaction_note(answer: Mapping[str, Any], translate: Translate = _identity) -> str:
    """What the figures cover (whole months), in the operator's words."""
    def month(value: Any) -> str:
        return str(value)[:7]
    return translate(SATISFACTION_NOTE).format(first=month(answer.get("first_month")),
                                               last=month(answer.get("last_month")))


# -- Excel ---------------------------------------------------------------------------------

_EXCEL_FORMATS = {COUNT: "0", SCORE: "0.00", HOURS: "0.0", RATE: "0.0%"}


def _excel_cell(sheet: WriteOnlyWorksheet, kind: str, value: Any, *, bold: bool) -> Any:
    if value is None or kind == TEXT:
        cell = WriteOnlyCell(sheet, value=None if value is None else str(value))
    else:
        cell = WriteOnlyCell(sheet, value=int(value) if kind == COUNT else float(value))
        cell.number_format = _EXCEL_FORMATS[kind]
    if bold:
        cell.font = Font(bold=True)
    return cell


def export_stats(path: str, tables: Sequence[StatsTable], *, title: str,
                 notes: Sequence[str] = ()) -> int:
    """The tables one under the other on one sheet, each with its bold heading and
    header row; `title` and `notes` (translated) on top. Returns the rows written."""
    def fill(sheet: WriteOnlyWorksheet) -> int:
        widest = max(len(t.columns) for t in tables)
        for index in range(1, widest + 1):
            labels = [t.columns[index - 1].label for t in tables if len(t.columns) >= index]
            sheet.column_dimensions[get_column_letter(index)].width = min(
                max(12, *(text_width(label) + 3 for label in labels)), 40)
        sheet.append([_excel_cell(sheet, TEXT, title, bold=True)])
        for note in notes:
            sheet.append([_excel_cell(sheet, TEXT, note, bold=False)])
        count = 0
        for table in tables:
            sheet.append([])
            sheet.append([_excel_cell(sheet, TEXT, table.heading, bold=True)])
            sheet.append([_excel_cell(sheet, TEXT, c.label, bold=True) for c in table.columns])
            for row in [*table.rows, *([table.total] if table.total else [])]:
                sheet.append([_excel_cell(sheet, c.kind, v, bold=row is table.total)
                              for c, v in zip(table.columns, row, strict=True)])
                count += 1
        return count

    return _write_workbook(path, title, fill)


# -- PDF -----------------------------------------------------------------------------------

def render_stats(tables: Sequence[StatsTable], *, title: str, notes: Sequence[str] = (),
                 printed_at: datetime | None = None,
                 translate: Translate = _identity) -> bytes:
    """The summary on A4 landscape: title, notes, the three tables (a table with no rows
    says so), "page n of m" and the print time at the bottom."""
    fonts = cjk_fonts()
    width, height = landscape(A4)
    margin = 12 * mm
    inner = width - 2 * margin
    size = 8.5
    # headers wrap between words (an English label is not cut inside one), cells by
    # character as Chinese text needs
    styles = {key: ParagraphStyle(key, fontName=font, fontSize=s, leading=s * 1.3,
                                  alignment=align,
                                  wordWrap=None if key.startswith("head") else "CJK")
              for key, font, s, align in (
                  ("title", fonts.bold, 15, TA_LEFT), ("note", fonts.regular, 8.5, TA_LEFT),
                  ("heading", fonts.bold, 11, TA_LEFT), ("head", fonts.bold, size, TA_LEFT),
                  ("headr", fonts.bold, size, TA_RIGHT), ("cell", fonts.regular, size, TA_LEFT),
                  ("cellr", fonts.regular, size, TA_RIGHT),
                  ("total", fonts.bold, size, TA_LEFT), ("totalr", fonts.bold, size, TA_RIGHT))}
    story: list[Any] = [Paragraph(_esc(title), styles["title"])]
    story += [Paragraph(_esc(note), styles["note"]) for note in notes]
    for table in tables:
        story += [Spacer(1, 5 * mm), Paragraph(_esc(table.heading), styles["heading"]),
                  Spacer(1, 1.5 * mm)]
        if not table.rows:
            story.append(Paragraph(_esc(translate(NOTHING)), styles["note"]))
            continue
        # the group's names get two shares of the width, each figure one
        weights = [2.0 if c.kind == TEXT else 1.0 for c in table.columns]
        widths = [inner * w / sum(weights) for w in weights]
        body: list[list[Any]] = [[Paragraph(_esc(c.label), styles[
            "head" if c.kind == TEXT else "headr"]) for c in table.columns]]
        lines = [*table.rows, *([table.total] if table.total else [])]
        for row in lines:
            style = "total" if row is table.total else "cell"
            body.append([Paragraph(_esc(format_value(c.kind, v)),
                                   styles[style if c.kind == TEXT else style + "r"])
                         for c, v in zip(table.columns, row, strict=True)])
        grid = Table(body, colWidths=widths, repeatRows=1)
        commands: list[Any] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("BACKGROUND", (0, 0), (-1, 0), _LIGHT),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, _GREY)]
        if table.total:
            commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black))
        grid.setStyle(TableStyle(commands))
        story.append(grid)

    footer = page_footer(width, margin, printed_at, translate)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(width, height), leftMargin=margin,
                          rightMargin=margin, topMargin=margin, bottomMargin=margin,
                          title=title, author="", initialFontName=fonts.regular)
    frame = Frame(margin, margin, inner, height - 2 * margin, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=3 * mm)
    doc.addPageTemplates([PageTemplate("stats", [frame])])
    doc.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()
