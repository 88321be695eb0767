"""Export a list, edit the workbook in "Excel", import it back: the edit applies and
nothing else changes. Real database, the pages' real lists and export (in Chinese, as the
shop runs it), openpyxl for the edit, the real import service for the way back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Connection

from aftersales_desktop.core.db import Database
from aftersales_desktop.services.importing import (
    CUSTOMER_COLUMNS,
    PRODUCT_COLUMNS,
    check_against_database,
    commit_customers,
    commit_products,
    read_customers,
    read_products,
)
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.masterdata.catalogue import CataloguePage
from aftersales_desktop.ui.masterdata.customers import CustomersPage
from tests.pg import TestCluster
from tests.ui.helpers import Login, logged_in, off_gui


@pytest.fixture(scope="module")
def trip_db(cluster: TestCluster) -> str:
    db = cluster.create_database()
    cluster.execute(db, """
        INSERT INTO app.customer (code, name, grade, address, active) VALUES
            ('000102', '张伟', 'hypermarket', '杭州市西湖区文三路100号', true),
            ('C-2', '李四', 'individual', '', false),
            ('C-3', '王五', 'dealer', '滨江区', true);
        INSERT INTO app.customer_phone (customer_id, phone, is_primary)
            SELECT id, '0571-88886666', true FROM app.customer WHERE code = '000102'
            UNION ALL SELECT id, '13800138000', false FROM app.customer WHERE code = '000102'
            UNION ALL SELECT id, '13900139000', true FROM app.customer WHERE code = 'C-2';
        INSERT INTO app.device (customer_id, product, brand, model, serial)
            SELECT id, '空调', '格力', 'KFR-35GW', '0012345678' FROM app.customer
            WHERE code = '000102';
        INSERT INTO app.item_category (name) VALUES ('空调');
        INSERT INTO app.item_category (name, parent_id)
            SELECT '配件', id FROM app.item_category WHERE name = '空调';
        INSERT INTO app.item_category (name, parent_id)
            SELECT '遥控器', id FROM app.item_category WHERE name = '配件';
        INSERT INTO app.item (code, name, kind, category_id, brand, model, unit, barcode,
                              sale_price, active)
            SELECT 'P-001', '空调遥控器', 'part', id, '格力', '0512', '个', '0012345678905',
                   35.00, true FROM app.item_category WHERE name = '遥控器'
            UNION ALL
            SELECT 'P-002', '挂机', 'product', id, '格力', 'KFR-26GW', '台', NULL, 1999.00,
                   false FROM app.item_category WHERE name = '空调';
        INSERT INTO app.item_cost (item_id, cost_price)
            SELECT id, 18.50 FROM app.item WHERE code = 'P-001';
    """)
    return db


@pytest.fixture
def editor(qtbot: QtBot, cluster: TestCluster, trip_db: str) -> Iterator[Login]:
    login = logged_in(qtbot, cluster, trip_db,
                      ["contacts.view", "masterdata.edit", "costs.view"])
    found = next(login)
    install_language("zh_CN")  # the shop's language: 是/否, 大卖场, 产品/配件 in the workbook
    try:
        yield found
    finally:
        install_language("en")
        next(login, None)


def export(qtbot: QtBot, page: CustomersPage | CataloguePage, path: Path) -> list[list[Any]]:
    """The page's list exported (what the operator's Export button writes), read back."""
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.list.exported, timeout=30_000):
        assert page.list.export_to_excel(path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return [[c.value for c in row] for row in sheet.iter_rows()]


def edit(path: Path, change: Callable[[Any], None]) -> None:
    """What the shop does in Excel: open, change a cell, save."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    change(sheet)
    book.save(path)


def import_back(qtbot: QtBot, database: Database, path: Path, read: Callable[[Path], Any],
                commit: Callable[[Connection, Any], dict[str, int]]) -> dict[str, int]:
    """The workbook imported through the real service, as the import dialog does it: read
    (no warnings, no errors), check against the database and commit, off the GUI thread;
    returns the counts the commit reports."""
    def work() -> dict[str, int]:
        preview = read(path)
        assert preview.ok and preview.warnings == [], preview.errors
        with database.transaction() as conn:
            check_against_database(conn, preview)
            return commit(conn, preview)

    return off_gui(qtbot, work)


def cell_of(sheet: Any, code: str, header: str) -> Any:
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == code:
            return row[headers.index(header)]
    raise AssertionError(f"{code} not exported")


def headers_of(columns: Any, keys: list[str]) -> list[str]:
    by_key = {c.key: c.header for c in columns}
    return [by_key[k] for k in keys]


CUSTOMER_STATE = """
    SELECT c.code, c.name, c.grade, c.address, c.active, c.version,
           (SELECT string_agg(p.phone || CASE WHEN p.is_primary THEN '*' ELSE '' END, ','
                              ORDER BY p.phone) FROM app.customer_phone p
            WHERE p.customer_id = c.id),
           (SELECT count(*) FROM app.device d WHERE d.customer_id = c.id)
    FROM app.customer c ORDER BY c.code"""

ITEM_STATE = """
    SELECT i.code, i.name, i.kind, i.category_id, i.brand, i.model, i.unit, i.barcode,
           i.sale_price, i.active, i.version, k.cost_price
    FROM app.item i LEFT JOIN app.item_cost k ON k.item_id = i.id ORDER BY i.code"""


def test_customers_export_edit_import(qtbot: QtBot, editor: Login, cluster: TestCluster,
                                      trip_db: str, tmp_path: Path) -> None:
    database, session = editor
    path = tmp_path / "客户.xlsx"
    rows = export(qtbot, CustomersPage(database, session), path)
    assert rows[0] == headers_of(CUSTOMER_COLUMNS, [
        "code", "name", "grade", "phone", "address", "active"])
    assert rows[1:] == [
        ["000102", "张伟", "大卖场", "0571-88886666", "杭州市西湖区文三路100号", "是"],
        ["C-2", "李四", "个人", "13900139000", None, "否"],
        ["C-3", "王五", "经销商", None, "滨江区", "是"]]
    before = cluster.execute(trip_db, CUSTOMER_STATE)

    def move(sheet: Any) -> None:
        cell = cell_of(sheet, "C-2", headers_of(CUSTOMER_COLUMNS, ["address"])[0])
        cell.value = "西湖区新地址1号"

    edit(path, move)

    assert import_back(qtbot, database, path, read_customers, commit_customers) == {
        "customers": 0, "updated": 1, "phones": 0, "devices": 0}
    after = cluster.execute(trip_db, CUSTOMER_STATE)
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert changed == [(("C-2", "李四", "individual", "", False, 1, "13900139000*", 0),
                        ("C-2", "李四", "individual", "西湖区新地址1号", False, 2,
                         "13900139000*", 0))]
    # The same workbook again: nothing to do.
    assert import_back(qtbot, database, path, read_customers, commit_customers)["updated"] == 0
    assert cluster.execute(trip_db, CUSTOMER_STATE) == after


def test_catalogue_export_edit_import(qtbot: QtBot, editor: Login, cluster: TestCluster,
                                      trip_db: str, tmp_path: Path) -> None:
    database, session = editor
    path = tmp_path / "产品.xlsx"
    rows = export(qtbot, CataloguePage(database, session), path)
    assert rows[0] == headers_of(PRODUCT_COLUMNS, [
        "code", "name", "kind", "category", "brand", "model", "unit", "barcode",
        "sale_price", "cost_price", "active"])
    assert rows[1:] == [
        ["P-001", "空调遥控器", "配件", "空调/配件/遥控器", "格力", "0512", "个",
         "0012345678905", 35, 18.5, "是"],
        ["P-002", "挂机", "产品", "空调", "格力", "KFR-26GW", "台", None, 1999, None, "否"]]
    before = cluster.execute(trip_db, ITEM_STATE)

    def reprice(sheet: Any) -> None:
        cell_of(sheet, "P-001", headers_of(PRODUCT_COLUMNS, ["sale_price"])[0]).value = 39.9

    edit(path, reprice)

    assert import_back(qtbot, database, path, read_products, commit_products) == {
        "items": 0, "updated": 1, "costs": 0}
    after = cluster.execute(trip_db, ITEM_STATE)
    changed = [(b[0], b[8], a[8], b[10], a[10])
               for b, a in zip(before, after, strict=True) if b != a]
    assert changed == [("P-001", Decimal("35.00"), Decimal("39.90"), 1, 2)]
    assert [a[:8] + a[9:10] + a[11:] for a in after] == [
        b[:8] + b[9:10] + b[11:] for b in before]
    assert import_back(qtbot, database, path, read_products, commit_products)["updated"] == 0
