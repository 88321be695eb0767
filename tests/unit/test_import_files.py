"""Reading import files as shops have them: .xlsx, .xls, CSV in UTF-8 or GBK.

Every fixture is written here with the libraries (openpyxl, xlwt) or by encoding text,
so each test says exactly what the file holds. No database: reading and checking a file
never touches one.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlwt
from openpyxl import Workbook

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.services.importing import (
    CUSTOMER_COLUMNS,
    PRODUCT_COLUMNS,
    FileNotOpened,
    ProtectedWorkbook,
    UnknownTextEncoding,
    UnreadableWorkbook,
    UnsupportedFile,
    WebPageFile,
    read_customers,
    read_products,
)
from aftersales_desktop.services.importing._common import (
    DATE_IN_TEXT_COLUMN,
    NUMBER_IN_TEXT_COLUMN,
    SHORTENED_NUMBER,
    number_text,
)
from aftersales_desktop.services.importing.files import text_encoding

TODAY = date(2026, 6, 1)
CUSTOMER_HEADERS = [c.header for c in CUSTOMER_COLUMNS]
PRODUCT_HEADERS = [c.header for c in PRODUCT_COLUMNS]


def customer(**values: Any) -> list[Any]:
    return [values.get(c.key) for c in CUSTOMER_COLUMNS]


def product(**values: Any) -> list[Any]:
    return [values.get(c.key) for c in PRODUCT_COLUMNS]


def xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]],
         formats: dict[tuple[int, int], str] | None = None) -> Path:
    """formats: (data row index, column index) -> number format of that cell."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    for (row, col), number_format in (formats or {}).items():
        sheet.cell(row=row + 2, column=col + 1).number_format = number_format
    book.save(path)
    return path


def xls(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]],
        formats: dict[tuple[int, int], str] | None = None) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("客户")
    for col, header in enumerate(headers):
        sheet.write(0, col, header)
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            number_format = (formats or {}).get((r - 1, col))
            if number_format:
                sheet.write(r, col, value, xlwt.easyxf(num_format_str=number_format))
            elif isinstance(value, date | datetime):
                sheet.write(r, col, value, date_style)
            else:
                sheet.write(r, col, value)
    book.save(str(path))
    return path


def csv_bytes(rows: Sequence[Sequence[Any]], separator: str = ",") -> str:
    return "\r\n".join(separator.join("" if v is None else str(v) for v in row)
                       for row in rows) + "\r\n"


def problems(preview: Any) -> dict[tuple[int, str], str]:
    return {(e.row, e.column): e.message for e in preview.errors}


def warnings(preview: Any) -> dict[tuple[int, str], str]:
    return {(w.row, w.column): w.text() for w in preview.warnings}


# -- .xlsx: text cells keep their zeros, number cells are flagged ---------------------------

def test_xlsx_text_cells_keep_leading_zeros_and_numbers_are_flagged(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "c.xlsx", CUSTOMER_HEADERS, [
        customer(code="000102", name="文本", phone="13800138000", serial="0012345678"),
        customer(code=102, name="数字", phone=13800138000.0, serial=12345678),
        customer(code=103, name="补零格式", phone="13800138001"),
        customer(code="C4", name="座机", phone=57188886666),
    ], formats={(2, 0): "000000"})
    preview = read_customers(path, today=TODAY)

    assert preview.file_kind == "xlsx"
    assert sorted(preview.customers) == ["000102", "000103", "102"]  # C4: bad phone
    text_row = preview.customers["000102"]
    assert text_row.phones == ["13800138000"]
    assert [d.serial for d in text_row.devices] == ["0012345678"]
    numbers = preview.customers["102"]
    assert numbers.phones == ["13800138000"]  # no "13800138000.0", and no flag for a mobile
    assert [d.serial for d in numbers.devices] == ["12345678"]
    # 103 shown through the format 000000 is what the shop sees: 000103, exactly
    assert "000103" in preview.customers
    assert warnings(preview) == {
        (3, "code"): NUMBER_IN_TEXT_COLUMN.format(value="102"),
        (3, "serial"): NUMBER_IN_TEXT_COLUMN.format(value="12345678"),
        (5, "phone"): NUMBER_IN_TEXT_COLUMN.format(value="57188886666"),
    }
    assert preview.warning_rows == [3, 5]
    # The landline lost its 0: it is also invalid, so that row cannot import.
    assert (5, "phone") in problems(preview)
    assert preview.error_rows == [5]


def test_xlsx_long_numbers_render_without_float_artefacts(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "p.xlsx", PRODUCT_HEADERS, [
        product(code="P1", name="条码", barcode=1.23e12, model=3500.0),
        product(code="P2", name="条码2", barcode=12345678905),
    ])
    preview = read_products(path)
    assert preview.ok, preview.errors
    assert [(i.code, i.barcode, i.model) for i in preview.items] == [
        ("P1", "1230000000000", "3500"), ("P2", "12345678905", None)]
    assert set(warnings(preview)) == {(2, "barcode"), (2, "model"), (3, "barcode")}


def test_digits_excel_already_lost_are_errors_not_imports(tmp_path: Path) -> None:
    """A barcode saved as 6.90123E+12 or a model Excel turned into a date cannot be
    recovered from the file: the row is refused, with one message saying why."""
    path = xlsx(tmp_path / "p.xlsx", PRODUCT_HEADERS, [
        product(code="P1", name="科学计数", barcode="6.90123E+12"),
        product(code="P2", name="日期", model=datetime(2026, 3, 5)),
        product(code="P3", name="好的", barcode="0012345678905"),
    ])
    preview = read_products(path)
    assert problems(preview) == {(2, "barcode"): SHORTENED_NUMBER,
                                 (3, "model"): DATE_IN_TEXT_COLUMN}
    assert preview.errors[0].text().startswith("6.90123E+12 is a number")
    assert [(i.code, i.barcode) for i in preview.items] == [("P3", "0012345678905")]
    assert preview.warnings == []


def test_number_text() -> None:
    assert number_text(13800138000.0) == "13800138000"
    assert number_text(1.23e12) == "1230000000000"
    assert number_text(12.300000000000001) == "12.3"
    assert number_text(0.1 + 0.2) == "0.3"
    assert number_text(1e20) == "100000000000000000000"
    assert number_text(-0.0) == "0"
    assert number_text(102) == "102"


# -- .xls ---------------------------------------------------------------------------------------

def test_xls_workbook_is_read(tmp_path: Path) -> None:
    """Old systems save .xls: read with xlrd, the same checks and flags as .xlsx."""
    path = xls(tmp_path / "old.xls", CUSTOMER_HEADERS, [
        customer(code="000102", name="张伟", phone="13800138000", product="空调",
                 serial="0012345678", purchase_date=date(2023, 5, 1), has_proof="是",
                 warranty_months=36),
        customer(code=102, name="李四", phone=13900139000.0, serial=12345678.0),
        customer(code=103, name="王五", phone="0571-88886666"),
    ], formats={(2, 0): "000000"})
    preview = read_customers(path, today=TODAY)
    assert preview.file_kind == "xls" and preview.sheet == "客户"
    assert preview.ok, preview.errors
    assert sorted(preview.customers) == ["000102", "000103", "102"]
    first = preview.customers["000102"]
    device, = first.devices
    assert (first.name, first.phones) == ("张伟", ["13800138000"])
    assert (device.serial, device.purchase_date, device.has_proof, device.warranty_months) == (
        "0012345678", date(2023, 5, 1), True, 36)
    assert preview.customers["102"].phones == ["13900139000"]
    assert preview.customers["000103"].phones == ["0571-88886666"]
    assert set(warnings(preview)) == {(3, "code"), (3, "serial")}


# -- CSV ------------------------------------------------------------------------------------

CSV_ROWS = [CUSTOMER_HEADERS,
            customer(code="000102", name="张伟", phone="13800138000", address="杭州市西湖区",
                     purchase_date="2023/5/1", product="空调", has_proof="否"),
            customer(code="C2", name="李四", phone="0571-88886666", grade="经销商")]


@pytest.mark.parametrize(("encoding", "separator"), [
    ("utf-8", ","), ("utf-8-sig", ","), ("gbk", ","), ("gb18030", "\t"), ("utf-8", ";"),
    ("utf-16", "\t"),  # Excel's "Unicode text"
])
def test_csv_in_the_encodings_shops_have(tmp_path: Path, encoding: str,
                                         separator: str) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes(CSV_ROWS, separator).encode(encoding))
    preview = read_customers(path, today=TODAY)
    assert preview.file_kind == "csv"
    assert preview.ok, preview.errors
    assert sorted(preview.customers) == ["000102", "C2"]
    first = preview.customers["000102"]
    assert (first.name, first.address, first.phones) == ("张伟", "杭州市西湖区",
                                                         ["13800138000"])
    assert first.devices[0].purchase_date == date(2023, 5, 1)
    assert preview.customers["C2"].grade == "dealer"
    assert preview.warnings == []


def test_gbk_is_told_from_utf8(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    head = "客户编码 Code,姓名 Name\r\n000102,张伟\r\n"
    for encoding, expected in (("utf-8", "utf-8"), ("gbk", "gb18030"),
                               ("utf-8-sig", "utf-8-sig")):
        path.write_bytes(head.encode(encoding))
        assert text_encoding(path, path.read_bytes()[:4096]) == expected


def test_csv_formula_text_and_shortened_numbers(tmp_path: Path) -> None:
    """="0012345678905" is how exporters keep zeros for Excel; 6.90123E+12 is Excel's
    CSV of a long number in a General column (the digits are gone)."""
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes([
        PRODUCT_HEADERS,
        product(code="P1", name="甲", barcode='="0012345678905"'),
        product(code="P2", name="乙", barcode="6.90123E+12"),
    ]).encode("gbk"))
    preview = read_products(path)
    assert [(i.code, i.barcode) for i in preview.items] == [("P1", "0012345678905")]
    assert problems(preview) == {(3, "barcode"): SHORTENED_NUMBER}


def test_tab_separated_text_named_xls_is_read(tmp_path: Path) -> None:
    """Old web systems "export to Excel" as tab-separated GBK text named .xls."""
    path = tmp_path / "导出.xls"
    path.write_bytes(csv_bytes(CSV_ROWS, "\t").encode("gbk"))
    preview = read_customers(path, today=TODAY)
    assert preview.file_kind == "csv" and preview.ok
    assert sorted(preview.customers) == ["000102", "C2"]


# -- refusals: in the operator's language, saying what to do ----------------------------

def _refusal(path: Path) -> UserError:
    with pytest.raises(UserError) as refused:
        read_customers(path, today=TODAY)
    error = refused.value
    text = error.text()
    assert path.name in text
    for library_word in ("xlrd", "openpyxl", "zip", "codec", "Traceback"):
        assert library_word not in text.lower()
    return error


def _encrypted_xlsx(path: Path, tmp_path: Path) -> Path:
    """An OLE2 container with an EncryptionInfo stream and no Workbook stream: the shape
    of a password-protected .xlsx. Made from an xlwt file by renaming its one stream."""
    plain = xls(tmp_path / "plain.xls", CUSTOMER_HEADERS, [])
    data = bytearray(plain.read_bytes())
    old = "Workbook".encode("utf-16-le") + b"\x00\x00"
    new = "EncryptionInfo".encode("utf-16-le") + b"\x00\x00"
    at = data.index(old)
    data[at:at + len(new)] = new
    data[at + 64:at + 66] = len(new).to_bytes(2, "little")
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(("name", "content", "refusal"), [
    ("empty.xlsx", b"", UnreadableWorkbook),
    ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 200, UnreadableWorkbook),
    ("broken.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, UnreadableWorkbook),
    ("page.xls", "<html><body><table><tr><td>客户</td></tr></table></body></html>"
     .encode("gbk"), WebPageFile),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100, UnsupportedFile),
    ("mixed.csv", "客户编码 Code,姓名 Name\r\n".encode() + b"\xff\xfe\x80\r\n",
     UnknownTextEncoding),
])
def test_unreadable_files_are_refused_saying_what_to_do(
        tmp_path: Path, name: str, content: bytes, refusal: type[UserError]) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    error = _refusal(path)
    assert type(error) is refusal
    assert ".xlsx" in error.text()


def test_a_zip_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert type(_refusal(path)) is UnreadableWorkbook


def test_password_protected_workbook_is_refused(tmp_path: Path) -> None:
    error = _refusal(_encrypted_xlsx(tmp_path / "locked.xlsx", tmp_path))
    assert type(error) is ProtectedWorkbook
    assert "password" in error.text()


def test_missing_file_is_refused(tmp_path: Path) -> None:
    assert type(_refusal(tmp_path / "gone.xlsx")) is FileNotOpened


def test_xlsm_and_other_names_of_real_workbooks_are_read(tmp_path: Path) -> None:
    """openpyxl refuses a name not ending in .xlsx; the content decides here."""
    path = xlsx(tmp_path / "c.xlsx", CUSTOMER_HEADERS, [customer(code="A1", name="甲")])
    renamed = path.rename(tmp_path / "客户资料.xls")
    preview = read_customers(renamed, today=TODAY)
    assert preview.file_kind == "xlsx" and list(preview.customers) == ["A1"]


# -- an export in the template's shape reads back --------------------------------------------

ZH = {"Yes": "是", "No": "否", "Hypermarket": "大卖场", "Individual": "个人",
      "Customers": "客户", "Active": "启用"}


def _customer_list() -> list[Any]:
    from sqlalchemy import literal_column

    from aftersales_desktop.data.listing import ListColumn
    from aftersales_desktop.domain.filters import ColumnKind

    def col(key: str, kind: ColumnKind = ColumnKind.TEXT, **extra: Any) -> ListColumn:
        return ListColumn(key, key.title(), literal_column(key), kind, **extra)

    return [col("code"), col("name"),
            col("grade", choices={"hypermarket": "Hypermarket", "individual": "Individual"}),
            col("phone", ColumnKind.PHONE, sensitive=True), col("address"),
            col("active", ColumnKind.BOOL)]


def test_export_in_the_template_shape_reads_back(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from aftersales_desktop.reports.excel import export_rows

    path = tmp_path / "customers.xlsx"
    rows = [("000102", "张伟", "hypermarket", "0571-88886666", "杭州", True),
            ("0012", "李四", "individual", "13800138000", None, False)]
    export_rows(path, _customer_list(), rows, title="Customers",
                translate=lambda w: ZH.get(w, w), exchange=CUSTOMER_COLUMNS)

    sheet = load_workbook(path).active
    assert sheet is not None
    by_key = {c.key: c.header for c in CUSTOMER_COLUMNS}
    assert [c.value for c in sheet[1]] == [by_key[k] for k in (
        "code", "name", "grade", "phone", "address", "active")]
    code, _name, grade, phone, _address, active = sheet[2]
    assert (code.value, code.data_type, code.number_format) == ("000102", "s", "@")
    assert (phone.value, phone.number_format) == ("0571-88886666", "@")
    assert (grade.value, active.value) == ("大卖场", "是")
    assert sheet["F3"].value == "否"

    preview = read_customers(path, today=TODAY)
    assert preview.ok and preview.warnings == [], preview.errors
    first, second = preview.customers["000102"], preview.customers["0012"]
    assert (first.grade, first.active, first.phones) == ("hypermarket", True,
                                                         ["0571-88886666"])
    assert (second.grade, second.active, second.address) == ("individual", False, "")


def test_hidden_values_of_an_export_are_kept_on_import(tmp_path: Path) -> None:
    from aftersales_desktop.reports.excel import export_rows

    path = tmp_path / "hidden.xlsx"
    export_rows(path, _customer_list(), [("C1", "张伟", None, "0571-88886666", None, True)],
                title="Customers", masked_keys={"phone"}, exchange=CUSTOMER_COLUMNS)
    preview = read_customers(path, today=TODAY)
    assert preview.ok, preview.errors
    assert preview.customers["C1"].phones == []  # 057*****6666: keep the stored number


def test_yes_and_no_export_as_the_screen_shows_them(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from aftersales_desktop.reports.excel import export_rows

    path = tmp_path / "plain.xlsx"
    export_rows(path, _customer_list()[-1:], [(True,), (False,)], title="Customers",
                translate=lambda w: ZH.get(w, w))
    sheet = load_workbook(path).active
    assert sheet is not None
    assert [c.value for c in sheet["A"]] == ["启用", "是", "否"]


def test_the_export_translates_yes_and_no_before_it_starts() -> None:
    """The list export looks every word up on the GUI thread before its worker starts:
    yes/no and the choice labels must be among them, or the workbook says "No"."""
    from aftersales_desktop.reports.excel import export_words

    assert set(export_words("Customers", _customer_list())) == {
        "Customers", "Yes", "No", "Code", "Name", "Grade", "Phone", "Address", "Active",
        "Hypermarket", "Individual"}


def test_the_labels_the_lists_show_import_back() -> None:
    """A grade or kind exported as the list shows it (English, or its Chinese translation)
    is read back as its code: the import's names and the screen's labels cannot drift."""
    from xml.etree import ElementTree

    from aftersales_desktop.data.masterdata_lists import GRADE_LABELS, ITEM_KIND_LABELS
    from aftersales_desktop.services.importing.customers import _grade
    from aftersales_desktop.services.importing.products import _kind

    ts = Path(__file__).parents[2] / "resources" / "i18n" / "aftersales_zh_CN.ts"
    chinese = {m.findtext("source"): m.findtext("translation")
               for m in ElementTree.parse(ts).iter("message")}
    for labels, parse in ((GRADE_LABELS, _grade), (ITEM_KIND_LABELS, _kind)):
        for code, label in labels.items():
            for shown in (label, chinese[label]):
                assert parse(shown) == code, shown


def test_every_column_of_an_exchanged_list_imports_back() -> None:
    """An exported column the import did not know would be ignored on the way back: an
    edit in it would silently change nothing."""
    from aftersales_desktop.data.masterdata_lists import (
        CATALOGUE,
        CATALOGUE_WITH_COSTS,
        CUSTOMERS,
        CUSTOMERS_WITHOUT_PHONES,
    )
    from aftersales_desktop.services.importing import exchange_columns

    for source in (CUSTOMERS, CUSTOMERS_WITHOUT_PHONES, CATALOGUE, CATALOGUE_WITH_COSTS):
        known = {c.key for c in exchange_columns(source.name)}
        assert known and {c.key for c in source.columns} <= known, source.name
