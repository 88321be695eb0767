"""Blank import workbooks the shop fills in: customers with devices, products and parts.

The first sheet takes the data (bilingual header row, bold and frozen, a comment on each
header saying what goes in); "示例 Example" shows a filled-in row, and "说明 Notes"
lists every column. Text columns (codes, phones, barcodes) are formatted as text so
Excel keeps leading zeros and long numbers intact. The reader
(aftersales_desktop.services.importing) finds the data sheet by its header row.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.reports.excel import DATE_FORMAT, sheet_title
from aftersales_desktop.services.importing.columns import (
    CUSTOMER_COLUMNS,
    CUSTOMER_SHEET,
    PRODUCT_COLUMNS,
    PRODUCT_SHEET,
    CellKind,
    ImportColumn,
)

EXAMPLE_SHEET = "示例 Example"
NOTES_SHEET = "说明 Notes"
TEXT_FORMAT = "@"
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _identity(text: str) -> str:
    return text


def _example_value(column: ImportColumn) -> object:
    if column.kind is CellKind.DATE:
        return date(2023, 5, 1)
    return column.example


def cell_format(column: ImportColumn) -> str | None:
    """The number format of a column's cells: text for codes and phones (so what the shop
    types stays as typed), a date format for dates."""
    if column.keeps_text:
        return TEXT_FORMAT
    if column.kind is CellKind.DATE:
        return DATE_FORMAT
    return None


def _header_row(sheet: Worksheet, columns: Sequence[ImportColumn],
                translate: Callable[[str], str], *, comments: bool) -> None:
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = bold
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        if comments and column.note:
            cell.comment = Comment(translate(column.note), "After-sales Desktop",
                                   height=120, width=260)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(column.width, len(column.header) + 2)
        number_format = cell_format(column)
        if number_format:
            sheet.column_dimensions[letter].number_format = number_format
    sheet.freeze_panes = "A2"


def _example_row(sheet: Worksheet, columns: Sequence[ImportColumn]) -> None:
    for index, column in enumerate(columns, start=1):
        value = _example_value(column)
        cell = sheet.cell(row=2, column=index, value=value)
        number_format = cell_format(column)
        if number_format:
            cell.number_format = number_format


def _notes(sheet: Worksheet, title: str, columns: Sequence[ImportColumn],
           translate: Callable[[str], str]) -> None:
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    lines = [
        QT_TR_NOOP("Fill in the first sheet, one record per row below the header. Do not "
                   "change the header row; columns may be left out or reordered."),
        QT_TR_NOOP("Columns with a yellow header are required."),
        QT_TR_NOOP("The import first shows every row with a problem and saves nothing until "
                   "all rows are correct; importing the same file again adds no duplicates."),
    ]
    for offset, line in enumerate(lines, start=2):
        sheet.cell(row=offset, column=1, value=translate(line))
    start = len(lines) + 3
    bold = Font(bold=True)
    for index, label in enumerate(("列 Column", "必填 Required", "说明 Notes"), start=1):
        sheet.cell(row=start, column=index, value=label).font = bold
    for row, column in enumerate(columns, start=start + 1):
        sheet.cell(row=row, column=1, value=column.header)
        sheet.cell(row=row, column=2, value="是 Yes" if column.required else "")
        sheet.cell(row=row, column=3, value=translate(column.note) if column.note else "")
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 100


def write_template(path: str | os.PathLike[str], columns: Sequence[ImportColumn],
                   data_sheet: str, title: str,
                   translate: Callable[[str], str] = _identity) -> Path:
    target = Path(path)
    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = sheet_title(data_sheet)
    _header_row(data, columns, translate, comments=True)
    example = workbook.create_sheet(sheet_title(EXAMPLE_SHEET))
    _header_row(example, columns, translate, comments=False)
    _example_row(example, columns)
    _notes(workbook.create_sheet(sheet_title(NOTES_SHEET)), translate(title), columns,
           translate)
    workbook.properties.title = translate(title)
    partial = target.with_name(f".{target.stem}.partial{target.suffix}")
    try:
        workbook.save(partial)
        os.replace(partial, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise UserError(
            QT_TR_NOOP("The workbook could not be saved as {path} ({reason}). If it is open "
                       "in Excel, close it there, or choose another name, then try again."),
            path=str(target), reason=exc.strerror or type(exc).__name__) from exc
    return target


def write_customer_template(path: str | os.PathLike[str],
                            translate: Callable[[str], str] = _identity) -> Path:
    """The customer + device import template (one row per device)."""
    return write_template(path, CUSTOMER_COLUMNS, CUSTOMER_SHEET,
                          QT_TR_NOOP("Customer import template"), translate)


def write_product_template(path: str | os.PathLike[str],
                           translate: Callable[[str], str] = _identity) -> Path:
    """The product and part import template."""
    return write_template(path, PRODUCT_COLUMNS, PRODUCT_SHEET,
                          QT_TR_NOOP("Product import template"), translate)


def write_dealer_template(path: str | os.PathLike[str],
                          translate: Callable[[str], str] = _identity) -> Path:
    """The dealer's list of customers who bought (商场交回的客户档案), for callbacks."""
    from aftersales_desktop.services.importing.dealer_list import DEALER_COLUMNS, DEALER_SHEET

    return write_template(path, DEALER_COLUMNS, DEALER_SHEET,
                          QT_TR_NOOP("Dealer customer list template"), translate)
