"""Plumbing shared by the importers: the preview and its row errors, streaming a sheet,
cell conversions, progress and cancel, bulk statements over arrays."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import Connection, text

from aftersales_desktop.core.errors import UserError, ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP

from .columns import ImportColumn

Progress = Callable[[int, int], None]  # (done, total); total 0 = unknown
Cancelled = Callable[[], bool]

PROGRESS_EVERY = 500
CHUNK = 5000  # rows per bulk statement


class ImportCancelled(UserError):
    default_message = QT_TR_NOOP("The import was cancelled; nothing was saved.")


class ImportHasErrors(UserError):
    default_message = QT_TR_NOOP(
        "The workbook has {count} rows with errors; nothing was saved. Correct them and "
        "import the workbook again.")


class UnreadableWorkbook(UserError):
    default_message = QT_TR_NOOP(
        "{path} could not be read as an Excel workbook (.xlsx): {reason}")


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
    checked: bool = False  # check_against_database ran

    @property
    def errors(self) -> list[RowError]:
        return sorted(self.file_errors + self.database_errors,
                      key=lambda e: (e.row, e.column))

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.file_errors + self.database_errors})

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.database_errors


class RowChecker:
    """Collects the errors of one row; `run` turns a ValidationError into a RowError."""

    def __init__(self, row: int, columns: dict[str, ImportColumn],
                 errors: list[RowError]) -> None:
        self.row = row
        self.columns = columns
        self.errors = errors
        self.failed = False

    def add(self, key: str, message: str, **arguments: Any) -> None:
        self.failed = True
        self.errors.append(RowError(self.row, key, self.columns[key].header, message,
                                    arguments))

    def run(self, key: str, check: Callable[[], Any]) -> Any:
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


@dataclass
class SheetRows:
    title: str
    positions: dict[str, int]
    total: int  # data rows the sheet claims (0 = unknown)
    rows: Iterator[tuple[int, dict[str, Any]]]


def open_rows(path: Path, columns: Sequence[ImportColumn],
              close_later: list[Any]) -> SheetRows:
    """Stream the first sheet whose first row has the required headers (read-only mode):
    yields (Excel row number, {key: value}) for non-blank rows."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableWorkbook(path=str(path),
                                 reason=getattr(exc, "strerror", None) or str(exc)) from exc
    close_later.append(workbook)
    required = [c for c in columns if c.required]
    for sheet in workbook.worksheets:
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        positions = header_map(first, columns)
        if all(c.key in positions for c in required):
            break
    else:
        raise MissingColumns(columns=", ".join(c.header for c in required))
    max_row = getattr(sheet, "max_row", None)
    total = max(int(max_row) - 1, 0) if isinstance(max_row, int) else 0

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            record = {key: values[index] if index < len(values) else None
                      for key, index in positions.items()}
            if all(v is None or (isinstance(v, str) and not v.strip())
                   for v in record.values()):
                continue
            yield number, record

    return SheetRows(str(sheet.title), positions, total, rows())


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

def cell_text(raw: Any) -> str:
    """A cell as text: numbers typed into text columns (phones, codes) lose the '.0'."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat()
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
    raise ValidationError(field, QT_TR_NOOP("{value} is not a date; write it as 2023-05-01."),
                          value=cell_text(raw))


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
    raise ValidationError(field, QT_TR_NOOP("{value} is not 是 or 否 (yes or no)."),
                          value=cell_text(raw))


# -- bulk statements ------------------------------------------------------------------------

def chunks(count: int, size: int = CHUNK) -> Iterator[range]:
    for start in range(0, count, size):
        yield range(start, min(start + size, count))


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
