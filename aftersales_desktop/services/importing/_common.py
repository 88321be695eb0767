"""Plumbing shared by the importers: the preview and its row errors, streaming a sheet,
cell conversions, progress and cancel, bulk statements over arrays."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from aftersales_desktop.core.errors import PermissionDenied, UserError, ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.masking import MASK
from aftersales_desktop.domain.masterdata import require_text, validate_code
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services.masterdata import translate_db_error

from .columns import CellKind, ImportColumn
from .files import open_table

Progress = Callable[[int, int], None]  # (done, total); total 0 = unknown
Cancelled = Callable[[], bool]
T = TypeVar("T")

PROGRESS_EVERY = 500
CHUNK = 5000  # rows per bulk statement


class ImportCancelled(UserError):
    default_message = QT_TR_NOOP("The import was cancelled; nothing was saved.")


class ImportHasErrors(UserError):
    default_message = QT_TR_NOOP(
        "The workbook has {count} rows with errors; nothing was saved. Correct them and "
        "import the workbook again.")


class MissingColumns(UserError):
    default_message = QT_TR_NOOP(
        "No sheet of the workbook has the columns {columns} in its first row. Start from "
        "the import template.")


@dataclass(frozen=True)
class RowError:
    """One reason a row cannot be imported: the Excel row number, the column's key and
    header, and an English source message with its arguments (the UI translates)."""

    row: int
    column: str
    header: str
    message: str
    arguments: dict[str, Any] = field(default_factory=dict)

    def text(self, translate: Callable[[str], str] | None = None) -> str:
        source = translate(self.message) if translate else self.message
        try:
            return source.format(**self.arguments)
        except (KeyError, IndexError, ValueError):
            return source


@dataclass
class ImportPreview:
    """What a workbook would import, and why rows cannot be. Commit only when `ok`."""

    path: Path
    sheet: str = ""
    rows_read: int = 0
    file_errors: list[RowError] = field(default_factory=list)
    database_errors: list[RowError] = field(default_factory=list)
    # Rows that import but deserve a look (a number in a code column may have lost its
    # leading zeros): shown in the preview, never blocking the import.
    warnings: list[RowError] = field(default_factory=list)
    checked: bool = False  # check_against_database ran
    file_kind: str = ""  # xlsx, xls or csv

    @property
    def errors(self) -> list[RowError]:
        return sorted(self.file_errors + self.database_errors,
                      key=lambda e: (e.row, e.column))

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.file_errors + self.database_errors})

    @property
    def warning_rows(self) -> list[int]:
        return sorted({w.row for w in self.warnings})

    @property
    def record_count(self) -> int:
        """The records (customers, items) the import would add or update."""
        raise NotImplementedError

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.database_errors


PreviewT = TypeVar("PreviewT", bound=ImportPreview)


class RowChecker:
    """Collects the errors of one row; `run` turns a ValidationError into a RowError.
    Columns in `unreadable` already have their error (found while reading the cell):
    `run` skips them rather than adding a second, less helpful one."""

    def __init__(self, row: int, columns: dict[str, ImportColumn],
                 errors: list[RowError], unreadable: frozenset[str] = frozenset()) -> None:
        self.row = row
        self.columns = columns
        self.errors = errors
        self.unreadable = unreadable
        self.failed = bool(unreadable)

    def add(self, key: str, message: str, **arguments: Any) -> None:
        self.failed = True
        self.errors.append(RowError(self.row, key, self.columns[key].header, message,
                                    arguments))

    def run(self, key: str, check: Callable[[], Any]) -> Any:
        if key in self.unreadable:
            return None
        try:
            return check()
        except ValidationError as exc:
            self.add(key, exc.message, **exc.arguments)
            return None


def _normal_header(value: Any) -> str:
    return re.sub(r"\s+", " ", "" if value is None else str(value)).strip().lower()


def _match_header(cell: Any, columns: Sequence[ImportColumn]) -> str | None:
    text_ = _normal_header(cell)
    if not text_:
        return None
    for col in columns:
        chinese, english = col.chinese.lower(), col.english.lower()
        if text_ in (chinese, english, col.header.lower()) or text_.startswith(chinese + " "):
            return col.key
        if english.split(" (")[0] == text_:
            return col.key
    return None


def header_map(row: Sequence[Any], columns: Sequence[ImportColumn]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = _match_header(cell, columns)
        if key is not None and key not in found:
            found[key] = index
    return found


def header_score(columns: Sequence[ImportColumn]) -> Callable[[Sequence[Any]], int]:
    return lambda row: len(header_map(row, columns))


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number the spreadsheet shows
    values: dict[str, Any]  # column key -> cell value (text columns as text)
    unreadable: frozenset[str]  # columns whose cell already has an error


@dataclass
class SheetRows:
    title: str
    kind: str  # xlsx, xls or csv
    positions: dict[str, int]
    total: int  # data rows the sheet claims (0 = unknown)
    rows: Iterator[SheetRow]


def open_rows(path: Path, columns: Sequence[ImportColumn], close_later: list[Any],
              preview: ImportPreview) -> SheetRows:
    """Stream the first sheet whose first row has the required headers: yields the
    non-blank rows below it. Cells of text columns (codes, phones) come as text; how they
    were stored adds to `preview` a warning (a number: leading zeros may be lost) or an
    error (digits Excel already destroyed: 1.23457E+12, or a code turned into a date)."""
    opened = open_table(path, header_score(columns))
    close_later.append(opened)
    preview.file_kind = opened.kind
    required = [c for c in columns if c.required]
    for sheet in opened.sheets:
        first = next(sheet.rows(1), [])
        positions = header_map(first, columns)
        if all(c.key in positions for c in required):
            break
    else:
        raise MissingColumns(columns=", ".join(c.header for c in required))
    total = max(sheet.row_count - 1, 0)
    by_key = {c.key: c for c in columns}
    text_keys = [key for key in positions if by_key[key].keeps_text]
    masked_keys = [key for key in positions if not by_key[key].required]

    def rows() -> Iterator[SheetRow]:
        for number, values in enumerate(sheet.rows(2), start=2):
            record = {key: values[index] if index < len(values) else None
                      for key, index in positions.items()}
            if all(blank(v) for v in record.values()):
                continue
            for key in masked_keys:
                if is_masked(record[key], by_key[key].kind):
                    record[key] = None  # hidden when exported: keep what is stored
            unreadable: set[str] = set()
            for key in text_keys:
                raw = record[key]
                if blank(raw):
                    continue
                record[key], problem = text_cell(raw, by_key[key].kind)
                if problem is None:
                    continue
                message, is_error = problem
                found = RowError(number, key, by_key[key].header, message,
                                 {"value": record[key]})
                if is_error:
                    unreadable.add(key)
                    preview.file_errors.append(found)
                else:
                    preview.warnings.append(found)
            yield SheetRow(number, record, frozenset(unreadable))

    return SheetRows(sheet.title, opened.kind, positions, total, rows())


class Ticker:
    """Calls progress every PROGRESS_EVERY steps and checks for a cancel request."""

    def __init__(self, total: int, progress: Progress | None,
                 cancelled: Cancelled | None) -> None:
        self.total = total
        self.progress = progress
        self.cancelled = cancelled
        self.done = 0

    def step(self, count: int = 1, *, force: bool = False) -> None:
        before = self.done
        self.done += count
        if force or self.done // PROGRESS_EVERY != before // PROGRESS_EVERY:
            self.check()
            if self.progress is not None:
                self.progress(self.done, max(self.total, self.done))

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled()

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.done)


# -- cell conversions -------------------------------------------------------------------

NUMBER_IN_TEXT_COLUMN = QT_TR_NOOP(
    "The cell is a number ({value}), so Excel may have dropped leading zeros. If the "
    "value should start with 0, format the column as text and type it again.")
SHORTENED_NUMBER = QT_TR_NOOP(
    "{value} is a number Excel shortened: its digits are lost. Format the column as text "
    "in Excel, type the values again and save.")
DATE_IN_TEXT_COLUMN = QT_TR_NOOP(
    "Excel turned this value into a date ({value}). Format the column as text in Excel, "
    "type the value again and save.")
_SHORTENED = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


_MASKED_PHONE = re.compile(r"^\d{0,3}\*{3,}\d{0,4}$")


def is_masked(raw: Any, kind: CellKind) -> bool:
    """A value the export hid ("hide sensitive data"): ****, or a phone as 138****5678."""
    if not isinstance(raw, str):
        return False
    value = raw.strip()
    return value == MASK or (kind is CellKind.PHONE and bool(_MASKED_PHONE.match(value)))


def number_text(value: float | int | Decimal) -> str:
    """A number as Excel shows it in a wide cell, without float artefacts:
    13800138000.0 -> 13800138000, 1.23E+12 -> 1230000000000, 12.300000000000001 -> 12.3."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        value = Decimal(f"{value:.15g}")  # Excel keeps 15 significant digits
    text_ = format(value.normalize(), "f")
    return "0" if text_ in ("-0", "") else text_


def text_cell(raw: Any, kind: CellKind) -> tuple[str, tuple[str, bool] | None]:
    """A code or phone cell as text, with a problem to report: (message, is_error).

    A number may have lost leading zeros (a warning; an 11-digit mobile cannot have:
    it starts with 1); scientific notation or a date means Excel already lost what was
    typed (an error)."""
    if isinstance(raw, bool):
        return cell_text(raw), None
    if isinstance(raw, int | float | Decimal):
        value = number_text(raw)
        if kind is CellKind.PHONE and _MOBILE.match(value):
            return value, None
        return value, (NUMBER_IN_TEXT_COLUMN, False)
    if isinstance(raw, datetime | date):
        return cell_text(raw), (DATE_IN_TEXT_COLUMN, True)
    value = cell_text(raw)
    if _SHORTENED.match(value):
        return value, (SHORTENED_NUMBER, True)
    return value, None


def cell_text(raw: Any) -> str:
    """A cell as text: numbers without float artefacts, dates without a midnight time."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float | Decimal):
        return number_text(raw)
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == time.min else raw.isoformat()
    return str(raw).strip()


def blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"否", "无", "没有", "n", "no", "false", "0", "×"}


def cell_date(raw: Any, field: str) -> date | None:
    if blank(raw):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    found = _DATE.match(cell_text(raw))
    if found:
        try:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            pass
    raise refuse("cell_not_a_date", field=field, value=cell_text(raw))


def cell_bool(raw: Any, field: str) -> bool:
    if blank(raw):
        return False
    if isinstance(raw, bool):
        return raw
    value = cell_text(raw).lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise refuse("cell_not_yes_no", field=field, value=cell_text(raw))


# -- the two steps every importer takes -----------------------------------------------------

def read_each_row(preview: ImportPreview, columns: Sequence[ImportColumn],
                  progress: Progress | None, cancelled: Cancelled | None,
                  read_row: Callable[[SheetRow], None]) -> None:
    """Stream the preview's workbook and hand every row to `read_row`, counting the rows
    and driving progress and cancel; the file is closed however the reading ends."""
    opened: list[Any] = []
    try:
        sheet = open_rows(preview.path, columns, opened, preview)
        preview.sheet = sheet.title
        ticker = Ticker(sheet.total, progress, cancelled)
        for row in sheet.rows:
            ticker.step()
            preview.rows_read += 1
            read_row(row)
        ticker.finish()
    finally:
        for table in opened:
            table.close()


def read_code_and_name(check: RowChecker, values: dict[str, Any]) -> tuple[Any, Any]:
    """The two columns every workbook requires: the code (the key) and the name; None where
    the cell was refused (the refusal is in the row's errors)."""
    code = check.run("code", partial(validate_code, cell_text(values["code"])))
    name = check.run("name", partial(require_text, cell_text(values.get("name")), "name", 100))
    return code, name


def commit_checked(conn: Connection, preview: PreviewT,
                   check: Callable[[Connection, PreviewT], None],
                   needs: Mapping[str, tuple[tuple[str, str], ...]],
                   write: Callable[[], dict[str, int]]) -> dict[str, int]:
    """Check `preview` against the database again and `write` it in a savepoint of the
    caller's transaction, all or nothing. Refuses, writing nothing, when a check finds
    errors or the operator lacks one of the table privileges `needs` lists for an action
    ({action: ((table, privilege), ...)}, checked in order)."""
    check(conn, preview)
    if not preview.ok:
        raise ImportHasErrors(count=len(preview.error_rows))
    for action, privileges in needs.items():
        if not all(has_privilege(conn, table, privilege) for table, privilege in privileges):
            raise PermissionDenied(action=action)
    try:
        with conn.begin_nested():
            return write()
    except DBAPIError as exc:
        raise translate_db_error(exc, "masterdata.edit") from None


# -- bulk statements ------------------------------------------------------------------------

def chunks(count: int, size: int = CHUNK) -> Iterator[range]:
    for start in range(0, count, size):
        yield range(start, min(start + size, count))


def in_chunks(items: Sequence[T]) -> list[Sequence[T]]:
    """`items` cut into the parts one bulk statement writes."""
    return [items[span.start:span.stop] for span in chunks(len(items))]


def count_existing(conn: Connection, table: str, codes: list[str]) -> int:
    """How many of `codes` the table (app.customer, app.item: keyed by code) already holds:
    the records an import will update rather than add. `table` is the importer's own
    constant, never input."""
    if not codes:
        return 0
    return int(conn.execute(text(
        f"SELECT count(*) FROM {table} WHERE code = ANY(CAST(:c AS text[]))"),
        {"c": codes}).scalar_one())


def has_privilege(conn: Connection, table: str, privilege: str) -> bool:
    return bool(conn.execute(text("SELECT has_table_privilege(:t, :p)"),
                             {"t": table, "p": privilege}).scalar())


def learn_values(conn: Connection, kind: str, values: set[str]) -> dict[str, str]:
    """Add new dictionary values (brand, model, customer source) in one statement; returns
    value -> the spelling to store (a value merged into another maps to the kept one)."""
    if not values:
        return {}
    listed = sorted(values)
    conn.execute(text(
        "INSERT INTO app.dictionary_entry (kind, value, uses) "
        "SELECT :k, v, 1 FROM unnest(CAST(:v AS text[])) AS v "
        "ON CONFLICT (kind, value) DO NOTHING"), {"k": kind, "v": listed})
    rows = conn.execute(text(
        "WITH RECURSIVE chain (original, merged_into, value, depth) AS ("
        " SELECT e.value, e.merged_into, e.value, 0 FROM app.dictionary_entry e"
        " WHERE e.kind = :k AND e.value = ANY(CAST(:v AS text[])) AND e.merged_into IS NOT NULL"
        " UNION ALL SELECT c.original, e.merged_into, e.value, c.depth + 1"
        " FROM chain c JOIN app.dictionary_entry e ON e.id = c.merged_into"
        " WHERE c.depth < 20) "
        "SELECT DISTINCT ON (original) original, value FROM chain "
        "ORDER BY original, (merged_into IS NULL) DESC, depth DESC"), {"k": kind, "v": listed})
    mapping = {v: v for v in values}
    mapping.update({str(r[0]): str(r[1]) for r in rows})
    return mapping
