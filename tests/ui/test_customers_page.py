"""The customers page and the customer import dialog, against a real database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from pytestqt.qtbot import QtBot

from aftersales_desktop.services.importing import CUSTOMER_COLUMNS, CUSTOMER_SHEET
from aftersales_desktop.ui.masterdata.customers import COL_BRAND, COL_PRODUCT, CustomersPage
from aftersales_desktop.ui.masterdata.import_dialog import CustomerImportDialog
from tests.pg import TestCluster
from tests.ui.helpers import Login, logged_in, module_database, shown

customers_db = module_database()


@pytest.fixture
def clerk(qtbot: QtBot, cluster: TestCluster, customers_db: str) -> Iterator[Login]:
    yield from logged_in(qtbot, cluster, customers_db,
                      ["intake.create", "contacts.view", "masterdata.edit"])


@pytest.fixture
def no_contacts(qtbot: QtBot, cluster: TestCluster, customers_db: str) -> Iterator[Login]:
    yield from logged_in(qtbot, cluster, customers_db, ["intake.create"])


def _page(qtbot: QtBot, login: Login) -> CustomersPage:
    return shown(qtbot, CustomersPage(*login), until=CustomersPage.isEnabled)


def _save(qtbot: QtBot, page: CustomersPage) -> str:
    page.save()
    qtbot.waitUntil(lambda: page.save_button.isEnabled(), timeout=20_000)
    return page.feedback.summary.text()


def _count(cluster: TestCluster, db: str, sql: str, *params: object) -> int:
    return int(cluster.execute(db, sql, params)[0][0])


def test_create_customer_with_phone_and_device(qtbot: QtBot, clerk: Login,
                                               cluster: TestCluster, customers_db: str) -> None:
    page = _page(qtbot, clerk)
    assert page.list.source.name == "customers"
    assert page.import_button is not None
    name = cluster.new_code("王先生")
    page.name_edit.setText(name)
    page.phone_edit.setText("138 1234 5678")
    page.address_edit.setText("杭州市西湖区文三路100号")
    page.source_combo.setEditText("老客户介绍")
    row = page.add_device_row()
    page.device_widget(row, COL_PRODUCT).setText("空调")
    page.device_widget(row, COL_BRAND).setEditText("格力")
    assert page.has_unsaved_changes()

    assert _save(qtbot, page) == "Saved."
    assert not page.has_unsaved_changes()
    assert page.record is not None and page.record.code.startswith("C")
    assert page.record.phones is not None
    assert [p.phone for p in page.record.phones] == ["13812345678"]
    assert [(d.product, d.brand) for d in page.record.devices] == [("空调", "格力")]

    page.list.filter_edit.setText(name)
    page.list._apply_filters()
    model = page.list.model
    qtbot.waitUntil(lambda: model.rowCount() == 1
                    and model.key_at(0) == page.record.id, timeout=20_000)  # type: ignore[union-attr]
    phone_col = page.list.source.index_of("phone")
    assert "138" in str(model.index(0, phone_col).data())

    # loading it again from the list shows the same values
    page.new_record()
    page.load(model.key_at(0))
    qtbot.waitUntil(lambda: page.name_edit.text() == name, timeout=20_000)
    assert page.devices.rowCount() == 1


def test_bad_input_shows_at_the_field_and_saves_nothing(
        qtbot: QtBot, clerk: Login, cluster: TestCluster, customers_db: str) -> None:
    page = _page(qtbot, clerk)
    before = _count(cluster, customers_db, "SELECT count(*) FROM app.customer")
    page.phone_edit.setText("13812345678")
    text = _save(qtbot, page)
    assert text
    assert page.feedback.invalid_fields() == ["name"]

    page.name_edit.setText(cluster.new_code("坏电话"))
    page.phone_edit.setText("12x45")
    text = _save(qtbot, page)
    assert "phone" in text.lower()
    assert "phones" in page.feedback.invalid_fields()
    assert page.phone_edit.property("invalid")
    assert _count(cluster, customers_db, "SELECT count(*) FROM app.customer") == before


def test_new_brand_joins_the_dictionary_and_is_offered(
        qtbot: QtBot, clerk: Login, cluster: TestCluster, customers_db: str) -> None:
    brand = cluster.new_code("NewBrand")
    assert _count(cluster, customers_db, "SELECT count(*) FROM app.dictionary_entry "
                  "WHERE kind = 'brand' AND value = %s", brand) == 0
    page = _page(qtbot, clerk)
    page.name_edit.setText(cluster.new_code("李女士"))
    row = page.add_device_row()
    page.device_widget(row, COL_PRODUCT).setText("冰箱")
    page.device_widget(row, COL_BRAND).setEditText(brand)
    assert _save(qtbot, page) == "Saved."
    assert _count(cluster, customers_db, "SELECT count(*) FROM app.dictionary_entry "
                  "WHERE kind = 'brand' AND value = %s", brand) == 1

    other = _page(qtbot, clerk)
    other.new_record()
    new_row = other.add_device_row()
    assert other.device_widget(new_row, COL_BRAND).findText(brand) >= 0


def test_without_contacts_view_there_is_no_phone_column(
        qtbot: QtBot, no_contacts: Login) -> None:
    page = _page(qtbot, no_contacts)
    assert page.list.source.name == "customers_no_phone"
    assert "phone" not in [c.key for c in page.list.source.columns]
    assert page.import_button is None
    qtbot.waitUntil(lambda: page.list.model.rowCount() > 0, timeout=20_000)
    assert "error" not in page.list.status_label.text().lower()


def _workbook(path: Path, rows: list[dict[str, object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = CUSTOMER_SHEET
    sheet.append([c.header for c in CUSTOMER_COLUMNS])
    for row in rows:
        sheet.append([row.get(c.key) for c in CUSTOMER_COLUMNS])
    book.save(path)
    return path


def test_import_with_a_bad_row_keeps_import_disabled(
        qtbot: QtBot, clerk: Login, tmp_path: Path, cluster: TestCluster) -> None:
    dialog = shown(qtbot, CustomerImportDialog(clerk[0]))
    assert dialog.save_template(tmp_path / "template.xlsx")
    assert (tmp_path / "template.xlsx").exists()
    code = cluster.new_code("IMPBAD").upper().replace("_", "-")[:30]
    path = _workbook(tmp_path / "bad.xlsx", [
        {"code": code + "A", "name": "张三", "phone": "13900001111"},
        {"code": code + "B", "name": "李四", "phone": "12345"},
    ])
    dialog.load_file(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    assert dialog.errors_table.rowCount() >= 1
    row_item, column_item = dialog.errors_table.item(0, 0), dialog.errors_table.item(0, 1)
    assert row_item is not None and column_item is not None
    assert row_item.text() == "3"
    assert "Phone" in column_item.text()
    assert not dialog.import_button.isEnabled()


def test_import_good_workbook(qtbot: QtBot, clerk: Login, tmp_path: Path,
                              cluster: TestCluster, customers_db: str) -> None:
    dialog = shown(qtbot, CustomerImportDialog(clerk[0]))
    code = cluster.new_code("IMPOK").upper().replace("_", "-")[:26]
    path = _workbook(tmp_path / "good.xlsx", [
        {"code": code + "A", "name": "张三", "phone": "13900002222", "product": "空调",
         "brand": "格力"},
        {"code": code + "B", "name": "李四", "phone": "13900003333"},
    ])
    dialog.load_file(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    assert dialog.errors_table.rowCount() == 0
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result_counts is not None, timeout=30_000)
    assert dialog.progress.value() == dialog.progress.maximum() > 0
    assert dialog.result_counts is not None and dialog.result_counts["customers"] == 2
    assert _count(cluster, customers_db, "SELECT count(*) FROM app.customer "
                  "WHERE code LIKE %s", code + "%") == 2


def test_deactivate_and_edit_customer(qtbot: QtBot, clerk: Login, cluster: TestCluster,
                                      customers_db: str) -> None:
    cluster.execute(customers_db, "INSERT INTO app.customer (code, name) VALUES ('DE-1', '钱多多')")
    (customer_id,), = cluster.execute(customers_db,
                                      "SELECT id FROM app.customer WHERE code = 'DE-1'")
    page = _page(qtbot, clerk)
    page.load(customer_id)
    qtbot.waitUntil(lambda: page.record is not None and page.record.id == customer_id,
                    timeout=20_000)
    page.name_edit.setText("钱多多（已搬走）")
    page.active_box.setChecked(False)
    _save(qtbot, page)
    assert cluster.execute(customers_db, "SELECT name, active FROM app.customer WHERE id = %s",
                           (customer_id,)) == [("钱多多（已搬走）", False)]
