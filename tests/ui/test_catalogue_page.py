"""Catalogue, warehouses and dictionaries through the real screens, on their own database."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.services.session import close_session, open_session
from aftersales_desktop.ui.listview import ListView
from aftersales_desktop.ui.masterdata.catalogue import CataloguePage
from aftersales_desktop.ui.masterdata.dictionaries import DictionaryEditorPage
from aftersales_desktop.ui.masterdata.warehouses import WarehousesPage
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import OpenAs, off_gui, operator_sessions, show_record

Login = OpenAs


@pytest.fixture(scope="module")
def md_db(cluster: TestCluster) -> str:
    return cluster.create_database()


@pytest.fixture
def login(qtbot: QtBot, cluster: TestCluster, md_db: str) -> Iterator[Login]:
    yield from operator_sessions(qtbot, cluster, md_db)


def _ready(qtbot: QtBot, page: Any) -> None:
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.isEnabled(), timeout=20_000)


def _list_rows(qtbot: QtBot, view: ListView) -> list[tuple[Any, ...]]:
    view.refresh()
    qtbot.waitUntil(lambda: not view.model.is_loading, timeout=20_000)
    assert view.model.error is None
    return [view.model.row_values(r) for r in range(view.model.rowCount())]


def _save(qtbot: QtBot, page: Any) -> str:
    page.save()
    qtbot.waitUntil(lambda: page.save_button.isEnabled(), timeout=20_000)
    return str(page.feedback.summary.text())


def _fill_item(page: CataloguePage, code: str, name: str, price: str) -> None:
    page.new_record()
    page.code_edit.setText(code)
    page.name_edit.setText(name)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("product"))
    page.brand_combo.setEditText("格力")
    page.model_combo.setEditText("KFR-35GW")
    page.sale_edit.setText(price)


def test_create_item_and_find_it_in_the_list(qtbot: QtBot, login: Login,
                                             cluster: TestCluster) -> None:
    database, session = login(["masterdata.edit"])
    page = CataloguePage(database, session)
    _ready(qtbot, page)
    code = cluster.new_code("it").upper()
    _fill_item(page, code, "空调压缩机", "1234.5")
    page.warranty_spin.setValue(24)
    assert _save(qtbot, page) == "Saved."
    assert page.record is not None and page.record.code == code
    assert page.record.sale_price == Decimal("1234.50")
    assert page.record.default_warranty_months == 24
    assert page.record.brand == "格力"
    assert page.sale_edit.text() == "¥1,234.50"
    assert not page.has_unsaved_changes()
    rows = _list_rows(qtbot, page.list)
    codes = [r[page.list.source.index_of("code")] for r in rows]
    assert code in codes
    row = rows[codes.index(code)]
    assert row[page.list.source.index_of("sale_price")] == Decimal("1234.50")
    assert row[page.list.source.index_of("kind")] == "product"
    # the brand learned on save is suggested next time
    qtbot.waitUntil(lambda: page.brand_combo.findText("格力") >= 0, timeout=20_000)


def test_negative_price_and_duplicate_code_show_at_the_field(
        qtbot: QtBot, login: Login, cluster: TestCluster, md_db: str) -> None:
    database, session = login(["masterdata.edit"])
    page = CataloguePage(database, session)
    _ready(qtbot, page)
    code = cluster.new_code("dup").upper()
    _fill_item(page, code, "配件A", "-5")
    assert _save(qtbot, page) != "Saved."
    assert page.feedback.invalid_fields() == ["sale_price"]
    assert cluster.execute(md_db, "SELECT 1 FROM app.item WHERE code = %s", (code,)) == []

    page.sale_edit.setText("10")
    assert _save(qtbot, page) == "Saved."
    _fill_item(page, code, "配件B", "20")
    summary = _save(qtbot, page)
    assert code in summary and "already used" in summary
    assert page.feedback.invalid_fields() == ["code"]
    assert page.record is None
    assert cluster.execute(md_db, "SELECT name FROM app.item WHERE code = %s",
                           (code,)) == [("配件A",)]


def test_cost_only_with_costs_view(qtbot: QtBot, login: Login, cluster: TestCluster) -> None:
    # with costs.view: the cost is saved, shown in the form and in the list
    database, session = login(["masterdata.edit", "costs.view"])
    page = CataloguePage(database, session)
    _ready(qtbot, page)
    assert page.cost_edit is not None
    code = cluster.new_code("cost").upper()
    _fill_item(page, code, "主板", "300")
    page.cost_edit.setText("188.5")
    assert _save(qtbot, page) == "Saved."
    assert page.record is not None and page.record.cost_price == Decimal("188.50")
    item_id = page.record.id
    assert page.cost_edit.text() == "¥188.50"
    rows = _list_rows(qtbot, page.list)
    source = page.list.source
    row = next(r for r in rows if r[source.index_of("code")] == code)
    assert row[source.index_of("cost_price")] == Decimal("188.50")
    # saving again without touching the cost keeps it
    page.name_edit.setText("主板 V2")
    assert _save(qtbot, page) == "Saved."
    assert page.record.cost_price == Decimal("188.50")

    # without costs.view: no cost column, no cost field, and the list loads
    plain_db, plain_session = login(["masterdata.edit"])
    plain = CataloguePage(plain_db, plain_session)
    _ready(qtbot, plain)
    assert plain.cost_edit is None
    assert "cost_price" not in plain.feedback.fields
    assert all(c.key != "cost_price" for c in plain.list.source.columns)
    assert "item_cost" not in str(plain.list.source.from_clause)
    rows = _list_rows(qtbot, plain.list)
    assert any(r[plain.list.source.index_of("code")] == code for r in rows)
    plain.load(item_id)
    qtbot.waitUntil(lambda: plain.record is not None, timeout=20_000)
    assert plain.record is not None and plain.record.cost_price is None
    plain.name_edit.setText("主板 V3")
    assert _save(qtbot, plain) == "Saved."

    # the cost survived the save by the operator who cannot see it
    page.load(item_id)
    qtbot.waitUntil(lambda: page.record is not None and page.record.name == "主板 V3",
                    timeout=20_000)
    assert page.record.cost_price == Decimal("188.50")


def test_create_warehouse(qtbot: QtBot, login: Login, cluster: TestCluster,
                          md_db: str) -> None:
    database, session = login(["masterdata.edit"])
    page = WarehousesPage(database, session)
    _ready(qtbot, page)
    assert page.type_combo.findData("parts") >= 0
    code = cluster.new_code("wh").upper()
    page.code_edit.setText(code)
    page.name_edit.setText("配件库")
    page.type_combo.setCurrentIndex(page.type_combo.findData("parts"))
    assert _save(qtbot, page) == "Saved."
    assert page.record is not None
    assert cluster.execute(md_db, "SELECT name, type, keeper_id FROM app.warehouse "
                                  "WHERE code = %s", (code,)) == [("配件库", "parts", None)]
    rows = _list_rows(qtbot, page.list)
    assert any(r[page.list.source.index_of("code")] == code for r in rows)

    page.new_record()
    page.code_edit.setText(code)
    page.name_edit.setText("重复")
    assert "already used" in _save(qtbot, page)
    assert page.feedback.invalid_fields() == ["code"]


def _entry_id(cluster: TestCluster, db: str, value: str) -> int:
    (entry_id,), = cluster.execute(db, "SELECT id FROM app.dictionary_entry "
                                       "WHERE kind = 'brand' AND value = %s", (value,))
    return int(entry_id)


def test_dictionary_merge_retire_restore(qtbot: QtBot, login: Login, cluster: TestCluster,
                                         md_db: str) -> None:
    tag = cluster.new_code("x")
    kept, duplicate, old = f"美的{tag}", f"Midea{tag}", f"旧{tag}"
    for value, uses in ((kept, 5), (duplicate, 2), (old, 1)):
        cluster.execute(md_db, "INSERT INTO app.dictionary_entry (kind, value, uses) "
                               "VALUES ('brand', %s, %s)", (value, uses))
    database, session = login(["masterdata.edit"])
    page = DictionaryEditorPage(database, session)
    _ready(qtbot, page)
    page.set_kind("brand")
    page.list.filter_edit.setText(tag)
    qtbot.keyClick(page.list.filter_edit, Qt.Key.Key_Return)
    values = [r[page.list.source.index_of("value")] for r in _list_rows(qtbot, page.list)]
    assert sorted(values) == sorted([kept, duplicate, old])

    show_record(qtbot, page, _entry_id(cluster, md_db, duplicate))
    assert page.merge_button.isEnabled() and page.value_edit.isReadOnly()
    page.merge_into(kept)
    qtbot.waitUntil(lambda: "merged" in page.feedback.summary.text(), timeout=20_000)
    assert page.entry is not None and not page.entry.active
    assert page.merged_label.text() == kept
    assert not page.active_box.isEnabled()  # a merged value is merged back, not restored
    rows = {r[page.list.source.index_of("value")]: r for r in _list_rows(qtbot, page.list)}
    assert rows[kept][page.list.source.index_of("uses")] == 7
    assert rows[duplicate][page.list.source.index_of("merged_into")] == kept

    show_record(qtbot, page, _entry_id(cluster, md_db, old))
    page.active_box.setChecked(False)
    assert page.has_unsaved_changes()
    assert _save(qtbot, page) == "Saved."
    assert cluster.execute(md_db, "SELECT active FROM app.dictionary_entry "
                                  "WHERE kind = 'brand' AND value = %s", (old,)) == [(False,)]
    assert page.active_box.isEnabled() and not page.active_box.isChecked()
    page.active_box.setChecked(True)
    assert _save(qtbot, page) == "Saved."
    assert cluster.execute(md_db, "SELECT active FROM app.dictionary_entry "
                                  "WHERE kind = 'brand' AND value = %s", (old,)) == [(True,)]

    # a new value joins the dictionary before anyone used it; a second time is refused
    page.new_record()
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("brand"))
    page.value_edit.setText(f"新品牌{tag}")
    assert _save(qtbot, page) == "Saved."
    assert page.entry is not None and page.entry.uses == 0
    page.new_record()
    page.value_edit.setText(f"新品牌{tag}")
    assert _save(qtbot, page) == f"Value 新品牌{tag} is already used."
    assert page.feedback.invalid_fields() == ["value"]


def test_dictionary_actions_hidden_without_masterdata_edit(
        qtbot: QtBot, login: Login, cluster: TestCluster, md_db: str) -> None:
    value = f"品牌{cluster.new_code('r')}"
    cluster.execute(md_db, "INSERT INTO app.dictionary_entry (kind, value) "
                           "VALUES ('brand', %s)", (value,))
    database, session = login(["intake.create"])
    page = DictionaryEditorPage(database, session)
    _ready(qtbot, page)
    show_record(qtbot, page, _entry_id(cluster, md_db, value))
    assert not any(b.isVisibleTo(page) for b in (page.merge_button, page.save_button,
                                                 page.new_button))
    assert not page.active_box.isEnabled()
    page.merge_into("别的")  # a shortcut or stray call does nothing either
    page.save()
    assert running_tasks() == 0
    assert cluster.execute(md_db, "SELECT active FROM app.dictionary_entry "
                                  "WHERE kind = 'brand' AND value = %s", (value,)) == [(True,)]


def test_product_import_dialog_with_progress(qtbot, tmp_path, cluster) -> None:  # type: ignore[no-untyped-def]
    """A product workbook imports through the dialog, the progress bar reaching its end."""
    import openpyxl

    from aftersales_desktop.ui.masterdata.import_dialog import ProductImportDialog

    db = cluster.create_database()
    cluster.execute(db, "INSERT INTO app.item_category (name) VALUES ('配件')")
    code = cluster.create_operator(db, capabilities=["masterdata.edit", "costs.view"])
    database, _session = off_gui(qtbot, lambda: open_session(cluster.profile(db), code,
                                                            TEST_PASSWORD))
    try:
        dialog = ProductImportDialog(database)
        qtbot.addWidget(dialog)
        template = tmp_path / "products.xlsx"
        assert dialog.save_template(template)
        book = openpyxl.load_workbook(template)
        sheet = book.worksheets[0]
        headers = [c.value for c in sheet[1]]

        def column(word: str) -> int:
            return next(i for i, h in enumerate(headers) if h and word in str(h))

        for n in range(1, 4):
            row = [None] * len(headers)
            row[column("编码")] = f"IMP-{n}"
            row[column("名称")] = f"电容 {n}"
            row[column("类别")] = "配件"
            row[column("售价")] = 10 * n
            row[column("成本价")] = 6 * n
            sheet.append(row)
        book.save(template)
        dialog.load_file(template)
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
        assert dialog.import_button.isEnabled(), dialog.counts_label.text()
        dialog.commit()
        qtbot.waitUntil(lambda: dialog.result_counts is not None, timeout=20_000)
        assert dialog.result_counts["items"] == 3
        assert dialog.progress.value() == dialog.progress.maximum()
        assert cluster.execute(db, "SELECT count(*) FROM app.item_cost") == [(3,)]
    finally:
        off_gui(qtbot, lambda: close_session(database))
