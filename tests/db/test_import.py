"""Excel imports against a real PostgreSQL, as a real operator.

A 10,000-row customer workbook with 3 bad rows shows exactly those rows and writes
nothing; once fixed it imports everything, and importing it again adds nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import PermissionDenied
from aftersales_desktop.reports.import_templates import (
    write_customer_template,
    write_product_template,
)
from aftersales_desktop.services import masterdata as md
from aftersales_desktop.services.importing import (
    CUSTOMER_COLUMNS,
    PRODUCT_COLUMNS,
    CustomerPreview,
    ImportCancelled,
    ImportHasErrors,
    ProductPreview,
    check_against_database,
    commit_customers,
    commit_products,
    read_customers,
    read_products,
)
from tests.pg import TestCluster, operator_logins

pytestmark = pytest.mark.db

CUSTOMER_ROWS = 10_000
_seq = itertools.count(1)


@pytest.fixture(scope="module")
def db(cluster: TestCluster) -> str:
    return cluster.create_database()


@pytest.fixture(scope="module")
def login(cluster: TestCluster, db: str) -> Iterator[Callable[[list[str]], Database]]:
    yield from operator_logins(cluster, db)


@pytest.fixture(scope="module")
def importer(login: Callable[[list[str]], Database]) -> Database:
    """A real operator with masterdata.edit and costs.view (no contacts.view)."""
    return login(["masterdata.edit", "costs.view"])


def count(cluster: TestCluster, db: str, sql: str, *params: object) -> int:
    return int(cluster.execute(db, sql, params)[0][0])


def save(path: Path, columns: Any, rows: list[list[Any]]) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


# -- customers ------------------------------------------------------------------------------

def customer_rows(prefix: str, n: int = CUSTOMER_ROWS) -> list[list[Any]]:
    """n rows, two devices per customer: one with a serial, one without."""
    rows = []
    for i in range(n):
        k = i // 2
        device = ([f"SN{prefix}{i:06d}", date(2022, 1 + k % 12, 1 + k % 28)] if i % 2 == 0
                  else ["", date(2021, 6, 1)])
        rows.append([
            f"{prefix}{k:05d}", f"客户{k}", f"138{k:08d}",
            f"0571-8{k:06d}" if k % 3 == 0 else "", "个人" if k % 4 else "经销商",
            f"杭州市{k}号", "老客户介绍" if k % 5 == 0 else "", "", None,
            "空调", "格力", f"KFR-{i % 7}", device[0], device[1], "苏宁", "是" if i % 2 else "否",
            24 if i % 2 else None])
    return rows


def with_bad_rows(rows: list[list[Any]], prefix: str) -> list[list[Any]]:
    bad = [list(r) for r in rows]
    bad[100][2] = "12345"                           # Excel row 102: bad phone
    bad[200][16], bad[200][4] = -1, "钻石"          # row 202: negative warranty, unknown grade
    bad[300][0] = f"{prefix}00010"                  # row 302: code of customer 10 ...
    bad[300][1] = "另一个人"                         # ... with another name
    return bad


def preview_customers(database: Database, path: Path,
                      progress: Callable[[int, int], None] | None = None) -> CustomerPreview:
    preview = read_customers(path, progress)
    with database.transaction() as conn:
        check_against_database(conn, preview)
    return preview


def test_customer_import_reports_bad_rows_then_commits_once(
        cluster: TestCluster, db: str, importer: Database, tmp_path: Path) -> None:
    good = customer_rows("K")
    bad_file = save(tmp_path / "customers-bad.xlsx", CUSTOMER_COLUMNS, with_bad_rows(good, "K"))
    calls: list[tuple[int, int]] = []
    preview = preview_customers(importer, bad_file, lambda done, total: calls.append(
        (done, total)))

    assert preview.rows_read == CUSTOMER_ROWS
    assert preview.error_rows == [102, 202, 302]
    reasons = {(e.row, e.column): e.text() for e in preview.errors}
    assert set(reasons) == {(102, "phone"), (202, "warranty_months"), (202, "grade"),
                            (302, "name")}
    assert "12345 is not a valid phone number" in reasons[102, "phone"]
    assert reasons[202, "grade"] == "Unknown customer grade 钻石."
    assert reasons[302, "name"] == ("Code K00010 is already used on row 22 for another "
                                    "customer (客户10).")
    phone_error = next(e for e in preview.errors if e.row == 102)
    assert phone_error.header == "手机 Phone" and phone_error.arguments == {"value": "12345"}
    assert calls and calls[-1][0] == calls[-1][1] == CUSTOMER_ROWS

    with pytest.raises(ImportHasErrors) as refused, importer.transaction() as conn:
        commit_customers(conn, preview)
    assert refused.value.arguments == {"count": 3}
    assert count(cluster, db, "SELECT count(*) FROM app.customer WHERE code LIKE 'K%%'") == 0
    assert count(cluster, db, "SELECT count(*) FROM app.device") == 0

    fixed_file = save(tmp_path / "customers.xlsx", CUSTOMER_COLUMNS, good)
    preview = preview_customers(importer, fixed_file)
    assert preview.ok and preview.errors == []
    assert len(preview.customers) == CUSTOMER_ROWS // 2
    commit_calls: list[tuple[int, int]] = []
    with importer.transaction() as conn:
        added = commit_customers(conn, preview, lambda d, t: commit_calls.append((d, t)))
    customers, landlines = CUSTOMER_ROWS // 2, len(range(0, CUSTOMER_ROWS // 2, 3))
    assert added == {"customers": customers, "updated": 0, "phones": customers + landlines,
                     "devices": CUSTOMER_ROWS}
    assert commit_calls[-1][0] == commit_calls[-1][1]

    def totals() -> tuple[int, ...]:
        return tuple(count(cluster, db, sql) for sql in (
            "SELECT count(*) FROM app.customer WHERE code LIKE 'K%%'",
            "SELECT count(*) FROM app.customer_phone",
            "SELECT count(*) FROM app.customer_phone WHERE is_primary",
            "SELECT count(*) FROM app.device",
            "SELECT count(*) FROM app.customer WHERE version > 1"))

    assert totals() == (customers, customers + landlines, customers, CUSTOMER_ROWS, 0)
    row = cluster.execute(db, "SELECT c.name, c.grade, c.source, p.phone, d.warranty_months, "
                              "d.has_proof, d.purchase_date FROM app.customer c "
                              "JOIN app.customer_phone p ON p.customer_id = c.id AND p.is_primary "
                              "JOIN app.device d ON d.customer_id = c.id AND d.serial = '' "
                              "WHERE c.code = 'K00000'")
    assert row == [("客户0", "dealer", "老客户介绍", "13800000000", 24, True, date(2021, 6, 1))]

    # The same workbook again: nothing added, nothing changed.
    again = preview_customers(importer, fixed_file)
    assert again.existing_customers == customers
    with importer.transaction() as conn:
        assert commit_customers(conn, again) == {"customers": 0, "updated": 0, "phones": 0,
                                                 "devices": 0}
    assert totals() == (customers, customers + landlines, customers, CUSTOMER_ROWS, 0)


def test_customer_reimport_updates_and_adds_only_new(
        cluster: TestCluster, db: str, importer: Database, tmp_path: Path) -> None:
    rows = customer_rows("U", 6)
    path = save(tmp_path / "u.xlsx", CUSTOMER_COLUMNS, rows)
    with importer.transaction() as conn:
        commit_customers(conn, preview_customers(importer, path))
    rows[0][5] = "新地址"                       # changed address
    rows[0][3] = "13900000001"                  # another number for customer U00000
    rows.append(["U00000", "客户0", "", "", "", "", "", "", None, "冰箱", "海尔", "BCD-1", "HR1",
                 None, "", "", None])           # a new device
    with importer.transaction() as conn:
        added = commit_customers(conn, preview_customers(
            importer, save(tmp_path / "u2.xlsx", CUSTOMER_COLUMNS, rows)))
    assert added == {"customers": 0, "updated": 1, "phones": 1, "devices": 1}
    assert cluster.execute(db, "SELECT address, version FROM app.customer "
                               "WHERE code = 'U00000'") == [("新地址", 2)]
    assert count(cluster, db, "SELECT count(*) FROM app.customer_phone p JOIN app.customer c "
                              "ON c.id = p.customer_id WHERE c.code = 'U00000' "
                              "AND p.is_primary") == 1


def test_cancel_stops_reading_and_commit(importer: Database, tmp_path: Path) -> None:
    path = save(tmp_path / "c.xlsx", CUSTOMER_COLUMNS, customer_rows("X", 2000))
    with pytest.raises(ImportCancelled):
        read_customers(path, cancelled=lambda: True)
    preview = read_customers(path)
    with pytest.raises(ImportCancelled), importer.transaction() as conn:
        commit_customers(conn, preview, cancelled=lambda: True)


# -- products -------------------------------------------------------------------------------

def product_rows(prefix: str, n: int) -> list[list[Any]]:
    return [[f"{prefix}{i:05d}", f"配件{i}", "空调/配件" if i % 2 else "空调", "配件" if i % 3
             else "成品", "格力", f"M{i % 9}", "个", f"69{prefix}{i:08d}", f"{10 + i % 50}.50",
             Decimal("5.25") + i % 7, 6, i % 4] for i in range(n)]


@pytest.fixture(scope="module")
def categories(importer: Database) -> dict[str, int]:
    with importer.transaction() as conn:
        root = md.save_category(conn, name="空调")
        child = md.save_category(conn, name="配件", parent_id=root)
    return {"空调": root, "空调/配件": child}


def preview_products(database: Database, path: Path) -> ProductPreview:
    preview = read_products(path)
    with database.transaction() as conn:
        check_against_database(conn, preview)
    return preview


def test_product_import_reports_bad_rows_then_commits_once(
        cluster: TestCluster, db: str, importer: Database, categories: dict[str, int],
        login: Callable[[list[str]], Database], tmp_path: Path) -> None:
    good = product_rows("P", 300)
    bad = [list(r) for r in good]
    bad[10][2] = "空调/不存在"        # row 12: unknown category
    bad[20][8] = "-3.00"             # row 22: negative price
    bad[30][0] = "P00005"            # row 32: the code of row 7
    preview = preview_products(importer, save(tmp_path / "bad.xlsx", PRODUCT_COLUMNS, bad))
    assert preview.error_rows == [12, 22, 32]
    reasons = {(e.row, e.column): e.text() for e in preview.errors}
    assert reasons == {(12, "category"): "Unknown category 空调/不存在.",
                       (22, "sale_price"): "The amount cannot be negative.",
                       (32, "code"): "Code P00005 is already on row 7."}
    with pytest.raises(ImportHasErrors), importer.transaction() as conn:
        commit_products(conn, preview)
    assert count(cluster, db, "SELECT count(*) FROM app.item WHERE code LIKE 'P%%'") == 0

    path = save(tmp_path / "good.xlsx", PRODUCT_COLUMNS, good)
    # Cost prices need costs.view: an editor without it is refused, nothing written.
    editor = login(["masterdata.edit"])
    with pytest.raises(PermissionDenied), editor.transaction() as conn:
        commit_products(conn, preview_products(editor, path))
    assert count(cluster, db, "SELECT count(*) FROM app.item WHERE code LIKE 'P%%'") == 0

    with importer.transaction() as conn:
        added = commit_products(conn, preview_products(importer, path))
    assert added == {"items": 300, "updated": 0, "costs": 300}
    with importer.read() as conn:
        item = conn.execute(text(
            "SELECT i.kind, i.category_id, i.sale_price, c.cost_price, i.barcode, i.min_stock "
            "FROM app.item i JOIN app.item_cost c ON c.item_id = i.id "
            "WHERE i.code = 'P00001'")).one()
    assert tuple(item) == ("part", categories["空调/配件"], Decimal("11.50"), Decimal("6.25"),
                           "69P00000001", Decimal("1.00"))
    with editor.read() as conn:  # the cost is visible only with costs.view
        assert conn.execute(text("SELECT name FROM app.item WHERE code = 'P00001'")).scalar()
        with pytest.raises(Exception) as denied:
            conn.execute(text("SELECT cost_price FROM app.item_cost"))
    assert isinstance(getattr(denied.value, "orig", None), psycopg2.errors.InsufficientPrivilege)

    # Again: nothing added or changed; a changed price updates that item only.
    with importer.transaction() as conn:
        assert commit_products(conn, preview_products(importer, path)) == {
            "items": 0, "updated": 0, "costs": 0}
    good[1][8] = "99.00"
    with importer.transaction() as conn:
        assert commit_products(conn, preview_products(
            importer, save(tmp_path / "good2.xlsx", PRODUCT_COLUMNS, good))) == {
            "items": 0, "updated": 1, "costs": 0}
    assert count(cluster, db, "SELECT count(*) FROM app.item WHERE code LIKE 'P%%'") == 300


def test_barcode_of_another_item_is_reported(importer: Database, categories: dict[str, int],
                                             tmp_path: Path) -> None:
    rows = product_rows("B", 2)
    with importer.transaction() as conn:
        commit_products(conn, preview_products(
            importer, save(tmp_path / "b.xlsx", PRODUCT_COLUMNS, rows)))
    clash = product_rows("Q", 1)
    clash[0][7] = rows[1][7]
    preview = preview_products(importer, save(tmp_path / "q.xlsx", PRODUCT_COLUMNS, clash))
    assert [(e.row, e.column, e.text()) for e in preview.errors] == [
        (2, "barcode", f"Barcode {rows[1][7]} is already used by item B00001.")]


# -- templates ------------------------------------------------------------------------------

@pytest.mark.parametrize(("write", "columns"), [(write_customer_template, CUSTOMER_COLUMNS),
                                                (write_product_template, PRODUCT_COLUMNS)])
def test_templates_open_with_their_header(write: Callable[[Path], Path], columns: Any,
                                          tmp_path: Path) -> None:
    path = write(tmp_path / f"template{next(_seq)}.xlsx")
    workbook = load_workbook(path)
    data, example, notes = workbook.worksheets
    assert [c.value for c in data[1]] == [c.header for c in columns]
    assert data.max_row == 1 and data["A1"].comment is not None
    assert [c.value for c in example[1]] == [c.header for c in columns]
    assert example.max_row == 2 and example["A2"].value
    assert [c.value for c in notes[6]] == ["列 Column", "必填 Required", "说明 Notes"]
    assert [notes.cell(row=7 + i, column=1).value for i in range(len(columns))] == [
        c.header for c in columns]
    workbook.close()
    # the blank template reads as an empty import; the example sheet is not imported
    preview = (read_customers if columns is CUSTOMER_COLUMNS else read_products)(path)
    assert preview.rows_read == 0 and preview.ok


# -- other formats, leading zeros, changes that apply ----------------------------------------

def test_xls_and_gbk_csv_import_as_the_xlsx_does(
        cluster: TestCluster, db: str, importer: Database, tmp_path: Path) -> None:
    """The same customers as .xlsx, .xls and GBK CSV: the first import adds them with their
    leading zeros, the other two find nothing to change."""
    from tests.unit.test_import_files import csv_bytes, xls

    headers = [c.header for c in CUSTOMER_COLUMNS]
    keys = [c.key for c in CUSTOMER_COLUMNS]

    def row(**values: Any) -> list[Any]:
        return [values.get(k) for k in keys]

    rows = [row(code="000102", name="老系统甲", phone="0571-88886666", serial="0012345678",
                product="空调", brand="格力", purchase_date=date(2023, 5, 1), has_proof="是"),
            row(code="000103", name="老系统乙", phone="13800138000", grade="经销商")]
    first = preview_customers(importer, save(tmp_path / "zeros.xlsx", CUSTOMER_COLUMNS, rows))
    assert first.ok and first.warnings == []
    with importer.transaction() as conn:
        assert commit_customers(conn, first) == {"customers": 2, "updated": 0, "phones": 2,
                                                 "devices": 1}
    assert cluster.execute(db, "SELECT c.code, d.serial FROM app.customer c JOIN app.device d "
                               "ON d.customer_id = c.id WHERE c.code LIKE '0001%%'") == [
        ("000102", "0012345678")]

    as_xls = xls(tmp_path / "zeros.xls", headers, rows)
    as_csv = tmp_path / "zeros.csv"
    as_csv.write_bytes(csv_bytes([headers, *[
        [v.isoformat() if isinstance(v, date) else v for v in r] for r in rows]]).encode("gbk"))
    for path, kind in ((as_xls, "xls"), (as_csv, "csv")):
        again = preview_customers(importer, path)
        assert (again.file_kind, again.ok, again.existing_customers) == (kind, True, 2)
        with importer.transaction() as conn:
            assert commit_customers(conn, again) == {"customers": 0, "updated": 0,
                                                     "phones": 0, "devices": 0}


def test_a_numeric_code_is_flagged_but_imports(cluster: TestCluster, db: str,
                                               importer: Database, tmp_path: Path) -> None:
    path = tmp_path / "n.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([c.header for c in PRODUCT_COLUMNS])
    sheet.append(["N-1", "数字条码", None, None, None, None, None, 12345678905])
    workbook.save(path)
    preview = preview_products(importer, path)
    assert preview.ok and preview.warning_rows == [2]
    assert [(w.column, w.arguments) for w in preview.warnings] == [
        ("barcode", {"value": "12345678905"})]
    with importer.transaction() as conn:
        assert commit_products(conn, preview)["items"] == 1
    assert cluster.execute(db, "SELECT barcode FROM app.item WHERE code = 'N-1'") == [
        ("12345678905",)]


def test_reimport_changes_the_main_phone_and_deactivates(
        cluster: TestCluster, db: str, importer: Database,
        login: Callable[[list[str]], Database], tmp_path: Path) -> None:
    keys = [c.key for c in CUSTOMER_COLUMNS]

    def row(**values: Any) -> list[Any]:
        return [values.get(k) for k in keys]

    reader = login(["masterdata.edit", "contacts.view"])  # may read the stored numbers
    path = save(tmp_path / "m1.xlsx", CUSTOMER_COLUMNS,
                [row(code="MP-1", name="换号", phone="13900000001")])
    with reader.transaction() as conn:
        commit_customers(conn, preview_customers(reader, path))
    path = save(tmp_path / "m2.xlsx", CUSTOMER_COLUMNS,
                [row(code="MP-1", name="换号", phone="13900000002", active="否")])
    with reader.transaction() as conn:
        assert commit_customers(conn, preview_customers(reader, path)) == {
            "customers": 0, "updated": 1, "phones": 1, "devices": 0}
    assert cluster.execute(db, "SELECT p.phone, p.is_primary FROM app.customer_phone p "
                               "JOIN app.customer c ON c.id = p.customer_id "
                               "WHERE c.code = 'MP-1' ORDER BY p.phone") == [
        ("13900000001", False), ("13900000002", True)]
    assert cluster.execute(db, "SELECT active FROM app.customer WHERE code = 'MP-1'") == [
        (False,)]
    # Back to the first number: it becomes the main one again, nothing is added.
    path = save(tmp_path / "m3.xlsx", CUSTOMER_COLUMNS,
                [row(code="MP-1", name="换号", phone="13900000001")])
    with reader.transaction() as conn:
        assert commit_customers(conn, preview_customers(reader, path)) == {
            "customers": 0, "updated": 0, "phones": 0, "devices": 0}
    assert cluster.execute(db, "SELECT p.phone FROM app.customer_phone p "
                               "JOIN app.customer c ON c.id = p.customer_id "
                               "WHERE c.code = 'MP-1' AND p.is_primary") == [("13900000001",)]
