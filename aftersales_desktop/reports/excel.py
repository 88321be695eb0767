"""Lists to Excel workbooks the shop can sort, filter and sum in Excel itself.

Cells carry real types (numbers, amounts with a yuan format, dates Excel can
group by month), the header row is bold, frozen and has an autofilter; yes/no
reads 是/否 as on screen. A list that can be imported back (customers, the
catalogue) is exported in its import template's shape: the template's headers
and text cells for codes and phones, so export -> edit in Excel -> import works.
Workbooks are streamed (openpyxl write-only), so exporting a whole year of
tickets does not hold it in memory, and written to a temporary file first, so
a failed export never leaves half a workbook under the chosen name.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, TypeVar

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.errors import UserError, format_message
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.domain.masking import MASK, mask_phone
from aftersales_desktop.services.importing.columns import ImportColumn

MONEY_FORMAT = "¥#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TEXT_FORMAT = "@"  # Excel keeps what is typed into the cell as text (leading zeros too)
# The yes/no words of the list screen (ui/listview/display.py): the same source strings,
# so the export reads as the screen does.
YES = QT_TR_NOOP("Yes")
NO = QT_TR_NOOP("No")
_MAX_CELL_TEXT = 32767  # Excel's limit; longer text makes the file unreadable
_MAX_WIDTH = 60
_PIXELS_PER_CHAR = 7


class ExportColumn(Protocol):
    """What the exporter needs to know about a column (a data.listing.ListColumn fits)."""

    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def kind(self) -> ColumnKind: ...
    @property
    def width(self) -> int: ...
    @property
    def choices(self) -> Mapping[str, str] | None: ...


Filled = TypeVar("Filled")  # what a sheet writer returns (a row count, nothing)


def _identity(text: str) -> str:
    return text


def word_key(word: str) -> tuple[str, str | None]:
    """A source string with its disambiguation: "Posted" the state (已过账) and "Posted"
    the time (过账时间) are equal as str, but two words to translate."""
    return str(word), getattr(word, "disambiguation", None)


def _distinct(words: Iterable[str]) -> list[str]:
    return list({word_key(word): word for word in words}.values())


def export_words(title: str, columns: Sequence[ExportColumn]) -> list[str]:
    """Every source string an export of `columns` translates (looked up before the
    worker starts, keyed by `word_key`): the title, the labels, the choice labels, yes
    and no."""
    words = [title, YES, NO, *(c.label for c in columns)]
    for column in columns:
        words.extend((column.choices or {}).values())
    return _distinct(words)


def text_width(text: str) -> int:
    """Width in Excel character units: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip().strip("'")
    return cleaned[:31] or "Sheet1"


def _excel_datetime(value: datetime) -> datetime:
    # Excel has no time zones: the shop's wall clock, as the list on screen shows it.
    return shop_time.to_shop_time(value).replace(tzinfo=None)


def _clean_text(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:_MAX_CELL_TEXT]


def _text_cell(sheet: WriteOnlyWorksheet, text: str, *, keeps_text: bool) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_clean_text(text))
    # openpyxl would store "=..." as a formula: a workstation called
    # "=HYPERLINK(...)" must stay text (spreadsheet formula injection).
    cell.data_type = "s"
    if keeps_text:
        cell.number_format = TEXT_FORMAT
    return cell


def _cell(sheet: WriteOnlyWorksheet, column: ExportColumn, value: Any, *, masked: bool,
          translate: Callable[[str], str], keeps_text: bool = False) -> Any:
    if value is None:
        return None
    kind = column.kind
    if masked:
        return mask_phone(str(value)) if kind is ColumnKind.PHONE else MASK
    if isinstance(value, bool):
        return _text_cell(sheet, translate(YES if value else NO), keeps_text=False)
    if keeps_text:
        return _text_cell(sheet, str(value), keeps_text=True)
    number_format = None
    if kind is ColumnKind.DATETIME and isinstance(value, datetime):
        value, number_format = _excel_datetime(value), DATETIME_FORMAT
    elif kind is ColumnKind.DATE and isinstance(value, date):
        number_format = DATE_FORMAT
    elif kind is ColumnKind.MONEY and isinstance(value, (Decimal, int)):
        number_format = MONEY_FORMAT
    elif isinstance(value, (int, Decimal, float, date)):
        pass
    else:
        text = str(value)
        if column.choices and text in column.choices:
            text = translate(column.choices[text])
        return _text_cell(sheet, text, keeps_text=False)
    if number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def export_rows(
    path: str | os.PathLike[str],
    columns: Sequence[ExportColumn],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    masked_keys: Collection[str] = frozenset(),
    translate: Callable[[str], str] = _identity,
    progress: Callable[[int], None] | None = None,
    exchange: Sequence[ImportColumn] = (),
) -> int:
    """Write `rows` (values in `columns` order) to an .xlsx at `path`; returns the row count.

    Labels and `title` are translated with `translate`; values of `masked_keys`
    columns are written masked. `progress(n)` is called every 1000 rows; an
    exception raised from it stops the export and leaves no file behind.
    `exchange`: the import columns of the list (services.importing.exchange_columns):
    a column with the same key gets the import template's header, and codes and phones
    are text cells, so the workbook imports back as it is.
    """
    return _write_workbook(path, translate(title), lambda sheet: _write_sheet(
        sheet, columns, rows, masked_keys=masked_keys, translate=translate,
        progress=progress, exchange={c.key: c for c in exchange}))


def _write_workbook(path: str | os.PathLike[str], title: str,
                    fill: Callable[[WriteOnlyWorksheet], Filled]) -> Filled:
    """Create a one-sheet .xlsx at `path` titled `title` (already translated), the sheet
    written by `fill`. The file appears whole or not at all: it is written beside the
    target and renamed, and removed when `fill` or the save fails (an OSError then says
    which file could not be saved)."""
    return write_workbook_sheets(path, title, [(title, fill)])[0]


def write_workbook_sheets(path: str | os.PathLike[str], title: str,
                          sheets: Sequence[tuple[str, Callable[[WriteOnlyWorksheet], Filled]]]
                          ) -> list[Filled]:
    """As `_write_workbook`, with a sheet per (sheet title, fill) in that order; returns
    what each fill returned."""
    target = Path(path)
    partial = target.with_name(f".{target.stem}.partial{target.suffix}")
    try:
        # Find out now, not after reading every row, that the folder takes no file.
        partial.open("wb").close()
    except OSError as exc:
        raise _not_saved(target, exc) from exc
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    made: list[WriteOnlyWorksheet] = []
    try:
        filled = []
        for name, fill in sheets:
            made.append(workbook.create_sheet(sheet_title(name)))
            filled.append(fill(made[-1]))
        workbook.save(partial)
        os.replace(partial, target)
    except BaseException as exc:
        for sheet in made:
            _discard(sheet)
        with contextlib.suppress(OSError):
            partial.unlink()
        if isinstance(exc, OSError):
            raise _not_saved(target, exc) from exc
        raise
    return filled


def _write_sheet(sheet: WriteOnlyWorksheet, columns: Sequence[ExportColumn],
                 rows: Iterable[Sequence[Any]], *, masked_keys: Collection[str],
                 translate: Callable[[str], str],
                 progress: Callable[[int], None] | None,
                 exchange: Mapping[str, ImportColumn]) -> int:
    # The template's header is written as it is (bilingual), not translated: it is what
    # the import reads.
    labels = [exchange[c.key].header if c.key in exchange else translate(c.label)
              for c in columns]
    # Write-only sheets emit panes and column widths before the first row.
    sheet.freeze_panes = "A2"
    for index, (column, label) in enumerate(zip(columns, labels, strict=True), start=1):
        chars = max(column.width / _PIXELS_PER_CHAR, text_width(label) + 3)
        if column.kind is ColumnKind.DATETIME:
            chars = max(chars, len("2026-11-23 08:30") + 2)
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = min(chars, _MAX_WIDTH)
        if column.key in exchange and exchange[column.key].keeps_text:
            dimension.number_format = TEXT_FORMAT  # rows the shop adds in Excel too
    bold = Font(bold=True)
    header = []
    for label in labels:
        cell = WriteOnlyCell(sheet, value=_clean_text(label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    masked = [c.key in masked_keys for c in columns]
    as_text = [c.key in exchange and exchange[c.key].keeps_text for c in columns]
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, column, value, masked=hide, translate=translate,
                            keeps_text=text)
                      for column, value, hide, text in zip(columns, row, masked, as_text,
                                                           strict=True)])
        count += 1
        if progress is not None and count % 1000 == 0:
            progress(count)
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    return count


def _discard(sheet: WriteOnlyWorksheet) -> None:
    """Close and delete openpyxl's temporary sheet file after a failed export.

    Left open, its writer is finalised by the garbage collector at some later
    moment and complains about writing to a closed file.
    """
    with contextlib.suppress(Exception):
        sheet.close()
    writer = getattr(sheet, "_writer", None)
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.cleanup()


def _not_saved(target: Path, exc: OSError) -> UserError:
    return UserError(
        QT_TR_NOOP("The workbook could not be saved as {path} ({reason}). If it is open "
                   "in Excel, close it there, or choose another name, then try again."),
        path=str(target), reason=exc.strerror or type(exc).__name__,
    )


# -- a list's summary (data.summary.fetch_summary) ----------------------------------------

SUMMARY_TITLE = QT_TR_NOOP("{title} summary")
COUNT = QT_TR_NOOP("Count")
SUBTOTAL = QT_TR_NOOP("Subtotal")
TOTAL = QT_TR_NOOP("Total")
NO_VALUE = QT_TR_NOOP("(none)")  # the group of rows whose column is empty (as on screen)


class SummaryLine(Protocol):
    """One row of a summary (a data.summary.SummaryRow fits)."""

    @property
    def values(self) -> tuple[Any, ...]: ...
    @property
    def count(self) -> int: ...
    @property
    def totals(self) -> tuple[Decimal, ...]: ...
    @property
    def level(self) -> int: ...


def summary_words(title: str, groups: Sequence[ExportColumn],
                  totals: Sequence[ExportColumn]) -> list[str]:
    """Every source string `export_summary` translates."""
    return _distinct([*export_words(title, [*groups, *totals]), SUMMARY_TITLE, COUNT,
                      SUBTOTAL, TOTAL, NO_VALUE])


def export_summary(
    path: str | os.PathLike[str],
    groups: Sequence[ExportColumn],
    totals: Sequence[ExportColumn],
    rows: Sequence[SummaryLine],
    *,
    title: str,
    masked_keys: Collection[str] = frozenset(),
    translate: Callable[[str], str] = _identity,
    notes: Sequence[str] = (),
) -> int:
    """Write a summary to an .xlsx at `path`; returns the number of summary rows.

    One row per group as on screen: the group columns' values (typed as the list's
    export types them: codes as their labels, yes/no as 是/否), the count, the totals
    (amounts in yuan, quantities as plain numbers, `masked_keys` as ****); subtotals and
    the grand total in bold. `notes` (the filters the summary was made under, already
    in the operator's language) follow under the table.
    """
    heading = format_message(translate(SUMMARY_TITLE), {"title": translate(title)})
    _write_workbook(path, heading, lambda sheet: _write_summary(
        sheet, groups, totals, rows, masked_keys=masked_keys, translate=translate,
        notes=notes))
    return len(rows)


def _write_summary(sheet: WriteOnlyWorksheet, groups: Sequence[ExportColumn],
                   totals: Sequence[ExportColumn], rows: Sequence[SummaryLine], *,
                   masked_keys: Collection[str], translate: Callable[[str], str],
                   notes: Sequence[str]) -> None:
    labels = [translate(c.label) for c in groups] + [translate(COUNT)] + [
        translate(c.label) for c in totals]
    widths = [c.width / _PIXELS_PER_CHAR for c in groups] + [8.0] + [
        c.width / _PIXELS_PER_CHAR for c in totals]
    sheet.freeze_panes = "A2"
    for index, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(width, text_width(label) + 3, 12 if index <= len(groups) else 0), _MAX_WIDTH)
    bold = Font(bold=True)

    def emphasized(sheet_value: Any) -> Cell:
        cell = (sheet_value if isinstance(sheet_value, Cell)
                else WriteOnlyCell(sheet, value=sheet_value))
        cell.font = bold
        return cell

    sheet.append([emphasized(_text_cell(sheet, label, keeps_text=False)) for label in labels])
    levels = len(groups)
    hidden = [c.key in masked_keys for c in totals]
    for row in rows:
        cells: list[Any] = []
        for level, column in enumerate(groups):
            if level < row.level:
                value = row.values[level]
                cells.append(_text_cell(sheet, translate(NO_VALUE), keeps_text=False)
                             if value is None else
                             _cell(sheet, column, value, masked=False, translate=translate))
            elif level == row.level:
                cells.append(_text_cell(sheet, translate(TOTAL if row.level == 0 else SUBTOTAL),
                                        keeps_text=False))
            else:
                cells.append(None)
        cells.append(row.count)
        cells.extend(_cell(sheet, column, value, masked=hide, translate=translate)
                     for column, value, hide in zip(totals, row.totals, hidden, strict=True))
        if row.level < levels:
            cells = [None if c is None else emphasized(c) for c in cells]
        sheet.append(cells)
    if notes:
        sheet.append([])
        for note in notes:
            sheet.append([_text_cell(sheet, note, keeps_text=False)])
