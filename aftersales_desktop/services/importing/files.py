"""Reading the files shops import: Excel workbooks (.xlsx, .xls) and CSV text.

Whatever the format, a file becomes sheets of rows of cell values as the workbook holds
them: a number stays a number (so the reader can tell that Excel already dropped its
leading zeros), text stays text, a date is a datetime, yes/no a bool, an empty cell None.

The format is recognised by the file's first bytes, not its name: old systems and web
pages "export to Excel" by writing tab-separated text or HTML under a .xls name. A file
that cannot be read is refused with what to do about it, in the operator's language; the
library's own (English) reason is never shown.

CSV text is read as UTF-8 (with or without BOM) when it is valid UTF-8, else as GB18030
(a superset of GBK, what Chinese Excel and WPS write by default); UTF-16 with a BOM
(Excel's "Unicode text") is read too. The separator is the one (comma, tab, semicolon)
that splits the header row into the most known column headers.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.core.i18n import QT_TR_NOOP

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc, .et, encrypted .xlsx
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_DELIMITERS = (",", "\t", ";")
_CHUNK = 1 << 20
# ="000102": how some systems make Excel keep a code's leading zeros in a CSV
_FORMULA_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)
# a number format that pads integers with zeros (000000): Excel shows 102 as 000102
_ZERO_PADDED = re.compile(r'^0+$')


class UnreadableWorkbook(UserError):
    default_message = QT_TR_NOOP(
        "{name} could not be read: the file is damaged, empty or not really a spreadsheet. "
        "Open it in Excel or WPS and save it as an Excel workbook (.xlsx) or as CSV (.csv), "
        "then import that file.")


class UnsupportedFile(UserError):
    default_message = QT_TR_NOOP(
        "{name} is not a file the import can read. Open it in Excel or WPS and save it as "
        "an Excel workbook (.xlsx) or as CSV (.csv), then import that file.")


class WebPageFile(UserError):
    default_message = QT_TR_NOOP(
        "{name} is a web page (HTML or XML) saved under a spreadsheet name. Open it in "
        "Excel or WPS and save it as an Excel workbook (.xlsx), then import that file.")


class ProtectedWorkbook(UserError):
    default_message = QT_TR_NOOP(
        "{name} is protected by a password. Open it in Excel or WPS, save a copy without "
        "the password as .xlsx, then import that copy.")


class UnknownTextEncoding(UserError):
    default_message = QT_TR_NOOP(
        "{name} is text in an encoding the import does not know (neither UTF-8 nor GBK). "
        "Open it in Excel or WPS and save it as an Excel workbook (.xlsx) or as "
        "\"CSV UTF-8\", then import that file.")


class FileNotOpened(UserError):
    default_message = QT_TR_NOOP(
        "{name} could not be opened: it no longer exists, or it may not be read. Check the "
        "file and choose it again.")


@dataclass
class Sheet:
    """One sheet: `rows(first)` iterates its rows from row `first` (1-based) on."""

    title: str
    row_count: int  # rows including the header; 0 when unknown until read
    rows: Callable[[int], Iterator[list[Any]]]


@dataclass
class OpenedFile:
    kind: str  # "xlsx", "xls" or "csv"
    sheets: list[Sheet]
    close: Callable[[], None]
    encoding: str = ""  # csv only


def open_table(path: Path, header_score: Callable[[Sequence[Any]], int]) -> OpenedFile:
    """Open `path` whatever its format; `header_score(row)` counts the known column headers
    in a row (it picks a CSV file's separator). Raises a UserError saying what to do when
    the file cannot be read. The caller closes the result."""
    name = path.name
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError as exc:
        raise FileNotOpened(name=name, path=str(path)) from exc
    if not head:
        raise UnreadableWorkbook(name=name)
    if head.startswith(_ZIP):
        return _open_xlsx(path)
    if head.startswith(_OLE2):
        return _open_xls(path)
    return _open_text(path, head, header_score)


# -- .xlsx ------------------------------------------------------------------------------

def _open_xlsx(path: Path) -> OpenedFile:
    stream = path.open("rb")
    try:
        # A stream, not the name: openpyxl refuses names that do not end in .xlsx.
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError,
            TypeError, IndexError, AttributeError, SyntaxError) as exc:
        stream.close()
        # a zip that is no workbook (.docx, .ods, .xlsb) or a damaged workbook
        raise UnreadableWorkbook(name=path.name) from exc

    def close() -> None:
        workbook.close()
        stream.close()

    sheets = [_xlsx_sheet(sheet) for sheet in workbook.worksheets]
    return OpenedFile("xlsx", sheets, close)


def _xlsx_sheet(sheet: Any) -> Sheet:
    max_row = getattr(sheet, "max_row", None)

    def rows(first: int) -> Iterator[list[Any]]:
        for cells in sheet.iter_rows(min_row=first):
            yield [_xlsx_value(cell) for cell in cells]

    return Sheet(str(sheet.title), max_row if isinstance(max_row, int) else 0, rows)


def _xlsx_value(cell: Any) -> Any:
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return zero_padded(value, getattr(cell, "number_format", None))
    return value


def zero_padded(value: int | float, number_format: str | None) -> Any:
    """A whole number shown through a zero-padding format (000000) is the text Excel
    shows (000102): the shop sees the zeros, so they are the value."""
    if (number_format and _ZERO_PADDED.match(number_format) and float(value).is_integer()
            and value >= 0):
        return str(int(value)).zfill(len(number_format))
    return value


# -- .xls -------------------------------------------------------------------------------

def _open_xls(path: Path) -> OpenedFile:
    import xlrd  # only .xls needs it

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as exc:  # xlrd raises many kinds on a damaged or foreign file
        if "encrypted" in str(exc).lower() or _encrypted_ole(path):
            raise ProtectedWorkbook(name=path.name) from exc
        raise UnreadableWorkbook(name=path.name) from exc

    formats: dict[int, str] = {}
    for index, xf in enumerate(book.xf_list):
        found = book.format_map.get(xf.format_key)
        formats[index] = found.format_str if found is not None else ""

    def value(cell: Any) -> Any:
        kind = cell.ctype
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if kind == xlrd.XL_CELL_NUMBER:
            number = cell.value
            number = int(number) if float(number).is_integer() else number
            return zero_padded(number, formats.get(cell.xf_index))
        if kind == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate_as_datetime(cell.value, book.datemode)
            except (ValueError, OverflowError, xlrd.XLDateError):
                return cell.value
        if kind == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        if kind == xlrd.XL_CELL_ERROR:
            return xlrd.error_text_from_code.get(cell.value, "#ERROR")
        return cell.value

    def sheet(index: int) -> Sheet:
        found = book.sheet_by_index(index)

        def rows(first: int) -> Iterator[list[Any]]:
            for number in range(first - 1, found.nrows):
                yield [value(cell) for cell in found.row(number)]

        return Sheet(str(found.name), int(found.nrows), rows)

    try:
        sheets = [sheet(i) for i in range(book.nsheets)]
    except Exception as exc:
        book.release_resources()
        raise UnreadableWorkbook(name=path.name) from exc
    return OpenedFile("xls", sheets, book.release_resources)


def _encrypted_ole(path: Path) -> bool:
    # A password-protected .xlsx is an OLE2 container holding an "EncryptionInfo" stream.
    with contextlib.suppress(OSError):
        return "EncryptionInfo".encode("utf-16-le") in path.read_bytes()
    return False


# -- CSV and tab-separated text -----------------------------------------------------------

def _open_text(path: Path, head: bytes, header_score: Callable[[Sequence[Any]], int]
               ) -> OpenedFile:
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped[:1] == b"<":
        raise WebPageFile(name=path.name)
    encoding = text_encoding(path, head)
    if encoding is None:
        raise UnknownTextEncoding(name=path.name)
    if encoding == "binary":
        raise UnsupportedFile(name=path.name)
    with _text_stream(path, encoding) as stream:
        first_line = stream.readline()
    delimiter = max(_DELIMITERS, key=lambda d: (
        header_score(next(csv.reader([first_line], delimiter=d), [])),
        first_line.count(d)))
    opened: list[IO[str]] = []

    def rows(first: int) -> Iterator[list[Any]]:
        stream = _text_stream(path, encoding)
        opened.append(stream)
        try:
            for number, cells in enumerate(csv.reader(stream, delimiter=delimiter), start=1):
                if number >= first:
                    yield [_text_value(cell) for cell in cells]
        except (csv.Error, UnicodeDecodeError) as exc:
            raise UnreadableWorkbook(name=path.name) from exc
        finally:
            stream.close()

    def close() -> None:
        for stream in opened:
            stream.close()

    title = path.stem
    return OpenedFile("csv", [Sheet(title, 0, rows)], close, encoding)


def _text_stream(path: Path, encoding: str) -> IO[str]:
    return path.open(encoding=encoding, newline="")


def _text_value(cell: str) -> str | None:
    text = cell.strip()
    if not text:
        return None
    wrapped = _FORMULA_TEXT.match(text)
    return wrapped.group(1) if wrapped else text


def text_encoding(path: Path, head: bytes) -> str | None:
    """The encoding of a text file: a BOM's, else UTF-8 if the whole file is valid UTF-8,
    else GB18030 if it is valid GB18030; "binary" for a file with NUL bytes (not text);
    None when it is neither."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if b"\x00" in head:
        return "binary"
    for name in ("utf-8", "gb18030"):
        if _decodes(path, name):
            return name
    return None


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                if b"\x00" in chunk:
                    return False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True

