"""The month's commission statements as an Excel workbook: a summary sheet (one row per
statement, a bold total row) and a lines sheet (every active line with its payee and
ticket number); amounts are numbers in yuan (¥ format), so the shop can sum, filter and
sort them in Excel. No Qt, no database; the data as reports/commission_statements.py
takes it."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from aftersales_desktop.domain.commissions import (
    HOURS_KINDS,
    LINE_KINDS,
    LINE_ORIGINS,
    SCHEMES,
    STATEMENT_STATES,
)
from aftersales_desktop.reports.commission_text import (
    AMOUNT,
    BASE,
    CREATED,
    CREATED_BY,
    DEPARTMENT,
    DETAIL,
    GRADE_FACTOR,
    HOURS,
    HOURS_KIND,
    KIND,
    LINE_COUNT,
    LINES_SHEET,
    MONTH_COLUMN,
    ORIGIN,
    PAYEE,
    PAYEE_CODE,
    QUANTITY,
    RATE,
    SCHEME,
    SHARE,
    STATE,
    SUMMARY,
    SUMMARY_SHEET,
    TICKET,
    TITLE,
    TOTAL,
    WORK_TYPE,
    ZERO,
    Translate,
    active_lines,
    identity,
    line_detail,
    money,
    month_text,
    number,
)
from aftersales_desktop.reports.excel import (
    DATETIME_FORMAT,
    MONEY_FORMAT,
    TEXT_FORMAT,
    _clean_text,
    _excel_datetime,
    text_width,
    write_workbook_sheets,
)

# -- Excel ---------------------------------------------------------------------------------

def _cell(sheet: WriteOnlyWorksheet, value: Any, number_format: str | None = None, *,
          bold: bool = False) -> Any:
    if value is None or value == "":
        cell = WriteOnlyCell(sheet, value=None)
    elif isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=_clean_text(value))
        cell.data_type = "s"  # "=..." stays text (formula injection)
    else:
        cell = WriteOnlyCell(sheet, value=value)
        if number_format:
            cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell


def _header(sheet: WriteOnlyWorksheet, labels: Sequence[str], widths: Sequence[float]
            ) -> None:
    sheet.freeze_panes = "A2"
    for index, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(
            width, text_width(label) + 3)
    sheet.append([_cell(sheet, label, bold=True) for label in labels])


def _code_label(labels: Mapping[str, str], code: Any, translate: Translate) -> str:
    text = str(code or "")
    return translate(labels[text]) if text in labels else text


def statements_workbook(data: Mapping[str, Any], path: str | os.PathLike[str], *,
                        translate: Translate = identity) -> tuple[int, int]:
    """Write the month's statements to an .xlsx at `path` (whole or not at all): a
    summary sheet and a lines sheet. Returns (statements, lines) written."""
    t = translate
    month = month_text(data.get("month"), t) if data.get("month") else ""
    entries: list[Mapping[str, Any]] = list(data.get("statements") or [])

    def summary(sheet: WriteOnlyWorksheet) -> int:
        labels = [t(MONTH_COLUMN), t(PAYEE_CODE), t(PAYEE), t(DEPARTMENT), t(SCHEME),
                  t(STATE), *(t(label) for _key, label in SUMMARY), t(LINE_COUNT)]
        _header(sheet, labels, [9, 12, 14, 14, 12, 10, *([13] * len(SUMMARY)), 8])
        sums = dict.fromkeys((key for key, _label in SUMMARY), ZERO)
        count = 0
        for entry in entries:
            s: Mapping[str, Any] = entry.get("statement") or {}
            amounts = [money(s.get(key)) for key, _label in SUMMARY]
            for (key, _label), amount in zip(SUMMARY, amounts, strict=True):
                sums[key] += amount
            sheet.append([
                _cell(sheet, month), _cell(sheet, str(s.get("payee_code") or ""),
                                           TEXT_FORMAT),
                _cell(sheet, str(s.get("payee_name") or "")),
                _cell(sheet, str(s.get("department") or "")),
                _cell(sheet, _code_label(SCHEMES, s.get("scheme"), t)),
                _cell(sheet, _code_label(STATEMENT_STATES, s.get("state"), t)),
                *(_cell(sheet, a, MONEY_FORMAT) for a in amounts),
                _cell(sheet, len(active_lines(entry)), "0")])
            count += 1
        if entries:
            sheet.append([_cell(sheet, t(TOTAL), bold=True), None, None, None, None, None,
                          *(_cell(sheet, sums[key], MONEY_FORMAT, bold=True)
                            for key, _label in SUMMARY),
                          _cell(sheet, sum(len(active_lines(e)) for e in entries), "0",
                                bold=True)])
        return count

    def lines(sheet: WriteOnlyWorksheet) -> int:
        labels = [t(PAYEE_CODE), t(PAYEE), t(TICKET), t(KIND), t(ORIGIN), t(WORK_TYPE),
                  t(DETAIL), t(QUANTITY), t(BASE), t(RATE), t(GRADE_FACTOR), t(SHARE),
                  t(HOURS), t(HOURS_KIND), t(AMOUNT), t(CREATED), t(CREATED_BY)]
        _header(sheet, labels, [12, 14, 16, 12, 10, 16, 30, 9, 12, 8, 9, 8, 8, 10, 13, 17,
                                12])
        count = 0
        for entry in entries:
            s: Mapping[str, Any] = entry.get("statement") or {}
            for line in active_lines(entry):
                subject = line.get("work_type") or line.get("item")
                if isinstance(subject, Mapping):
                    subject = subject.get("name")
                created = line.get("created_at")
                moment = (created if isinstance(created, datetime) or not created
                          else datetime.fromisoformat(str(created)))
                sheet.append([
                    _cell(sheet, str(s.get("payee_code") or ""), TEXT_FORMAT),
                    _cell(sheet, str(s.get("payee_name") or "")),
                    _cell(sheet, str(line.get("ticket_number") or ""), TEXT_FORMAT),
                    _cell(sheet, _code_label(LINE_KINDS, line.get("kind"), t)),
                    _cell(sheet, _code_label(LINE_ORIGINS, line.get("origin"), t)),
                    _cell(sheet, str(subject or "")),
                    _cell(sheet, line_detail(line, t)),
                    _cell(sheet, number(line.get("quantity")), "0.##"),
                    _cell(sheet, number(line.get("base")), MONEY_FORMAT),
                    _cell(sheet, number(line.get("rate")), "0.00##"),
                    _cell(sheet, number(line.get("grade_factor")), "0.000"),
                    _cell(sheet, number(line.get("share")), "0.00"),
                    _cell(sheet, number(line.get("hours")), "0.00"),
                    _cell(sheet, _code_label(HOURS_KINDS, line.get("hours_kind"), t)),
                    _cell(sheet, money(line.get("amount")), MONEY_FORMAT),
                    _cell(sheet, _excel_datetime(moment) if moment else None,
                          DATETIME_FORMAT),
                    _cell(sheet, str(line.get("created_by") or ""))])
                count += 1
        return count

    title = f"{t(TITLE)} {month}".strip()
    counts = write_workbook_sheets(path, title, [(t(SUMMARY_SHEET), summary),
                                                 (t(LINES_SHEET), lines)])
    return counts[0], counts[1]
