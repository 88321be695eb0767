"""Staff, regions and service settings pages through the real screens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.db import Database
from aftersales_desktop.services.session import close_session, open_session
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.listview import ListView
from aftersales_desktop.ui.masterdata.regions import RegionsPage
from aftersales_desktop.ui.masterdata.service_settings import ServiceSettingsPage
from aftersales_desktop.ui.masterdata.staff import StaffPage
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import module_database, off_gui, shown

staff_db = module_database()


@pytest.fixture
def editor(qtbot: QtBot, cluster: TestCluster, staff_db: str) -> Iterator[tuple[Database, Any]]:
    install_language("en")
    code = cluster.create_operator(staff_db, capabilities=["masterdata.edit"])
    database, session = off_gui(
        qtbot, lambda: open_session(cluster.profile(staff_db), code, TEST_PASSWORD))
    yield database, session
    off_gui(qtbot, lambda: close_session(database))


def _column(view: ListView, key: str) -> list[str]:
    model = view.model
    column = view.source.index_of(key)
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


def _wait_list(qtbot: QtBot, view: ListView, key: str, value: str) -> None:
    qtbot.waitUntil(lambda: not view.model.is_loading and value in _column(view, key),
                    timeout=20_000)


def _loaded(page: StaffPage | RegionsPage) -> bool:
    return page.isEnabled() and page.is_loaded()


def _tree_done(qtbot: QtBot, page: StaffPage | RegionsPage) -> str:
    qtbot.waitUntil(lambda: page.tree_message.isVisibleTo(page) and page.is_loaded(),
                    timeout=20_000)
    return page.tree_message.text()


def _add_node(qtbot: QtBot, page: StaffPage | RegionsPage, name_edit: QLineEdit,
              button: QPushButton, name: str, node_id: Callable[[str], int | None]
              ) -> tuple[str, int]:
    """Type `name` into the tree's name field and press `button`, as the operator adds a
    node: the message the tree shows, and the new node's id."""
    name_edit.setText(name)
    button.click()
    message = _tree_done(qtbot, page)
    found = node_id(name)
    assert found is not None, message
    return message, found


def _save(qtbot: QtBot, page: Any) -> str:
    page.save()
    qtbot.waitUntil(lambda: page.save_button.isEnabled(), timeout=20_000)
    return str(page.feedback.summary.text())


def test_department_position_and_employee(qtbot: QtBot, editor: tuple[Database, Any],
                                          cluster: TestCluster, staff_db: str) -> None:
    page = shown(qtbot, StaffPage(*editor), until=_loaded)
    assert page.wage_edit.isVisibleTo(page)  # masterdata.edit may see and set the wage
    name = cluster.new_code("售后部")
    message, department = _add_node(qtbot, page, page.node_name_edit,
                                    page.add_department_button, name, page.department_id)
    assert message == "Department added."
    page.select_department(department)
    page.node_name_edit.setText("维修技师")
    page.add_position_button.click()
    assert _tree_done(qtbot, page) == "Position added."
    assert page.position_combo.count() >= 2

    code = cluster.new_code("emp")
    page.code_edit.setText(code)
    page.name_edit.setText("王师傅")
    page.phone_edit.setText("138 0000 1111")
    page.department_combo.setCurrentIndex(page.department_combo.findData(department))
    page.position_combo.setCurrentIndex(1)
    page.technician_box.setChecked(True)
    page.wage_edit.setText("3500.50")
    page.hire_date_edit.setDate(QDate(2024, 3, 1))
    assert _save(qtbot, page) == "Saved."
    assert page.hire_date_edit.date() == QDate(2024, 3, 1)
    assert page.record is not None and str(page.record.post_wage) == "3500.50"
    _wait_list(qtbot, page.list, "code", code)
    row = _column(page.list, "code").index(code)
    model = page.list.model
    assert model.data(model.index(row, page.list.source.index_of("department"))) == name
    rows = cluster.execute(staff_db, "SELECT name, is_technician FROM app.employee "
                                     "WHERE code = %s", (code,))
    assert rows == [("王师傅", True)]


def test_circular_department_move_is_refused(qtbot: QtBot, editor: tuple[Database, Any],
                                             cluster: TestCluster, staff_db: str) -> None:
    page = shown(qtbot, StaffPage(*editor), until=_loaded)
    top, child = cluster.new_code("总部"), cluster.new_code("分部")
    page.add_department(top, None)
    _tree_done(qtbot, page)
    page.add_department(child, page.department_id(top))
    _tree_done(qtbot, page)
    top_id, child_id = page.department_id(top), page.department_id(child)
    assert top_id is not None and child_id is not None

    page.select_department(top_id)
    page.move_combo.setCurrentIndex(page.move_combo.findData(child_id))
    page.tree_message.hide()
    page.move_button.click()
    message = _tree_done(qtbot, page)
    assert "cannot be placed under one of its own sub-entries" in message
    assert "d9363e" in page.tree_message.styleSheet()
    rows = cluster.execute(staff_db, "SELECT id, parent_id FROM app.department "
                                     "WHERE id IN (%s, %s) ORDER BY id", (top_id, child_id))
    assert rows == [(top_id, None), (child_id, top_id)]


def test_region_tree_and_outlet(qtbot: QtBot, editor: tuple[Database, Any],
                                cluster: TestCluster, staff_db: str) -> None:
    page = shown(qtbot, RegionsPage(*editor), until=_loaded)
    message, city_id = _add_node(qtbot, page, page.name_edit, page.add_top_button,
                                 cluster.new_code("杭州"), page.region_id)
    assert message == "Region added."
    page.select_region(city_id)
    _message, district_id = _add_node(qtbot, page, page.name_edit, page.add_child_button,
                                      "西湖区", page.region_id)
    page.select_region(district_id)
    _message, area_id = _add_node(qtbot, page, page.name_edit, page.add_child_button,
                                  "文三路", page.region_id)
    rows = cluster.execute(staff_db, "SELECT id, parent_id, level FROM app.region "
                                     "WHERE id IN (%s, %s, %s) ORDER BY id",
                           (city_id, district_id, area_id))
    assert rows == [(city_id, None, "city"), (district_id, city_id, "district"),
                    (area_id, district_id, "area")]

    # a city cannot go under its own area
    page.tree_message.hide()
    page.move_region(city_id, area_id)
    assert "sub-entries" in _tree_done(qtbot, page)

    code = cluster.new_code("outlet")
    page.code_edit.setText(code)
    page.outlet_name_edit.setText("西湖维修点")
    page.contact_edit.setText("张经理")
    page.phone_edit.setText("0571-8888888")
    page.region_combo.setCurrentIndex(page.region_combo.findData(district_id))
    page.terms_edit.setPlainText("月结")
    assert _save(qtbot, page) == "Saved."
    _wait_list(qtbot, page.list, "code", code)
    rows = cluster.execute(staff_db, "SELECT name, region_id, settlement_terms "
                                     "FROM app.service_outlet WHERE code = %s", (code,))
    assert rows == [("西湖维修点", district_id, "月结")]


def _settings(qtbot: QtBot, editor: tuple[Database, Any]) -> ServiceSettingsPage:
    page = ServiceSettingsPage(*editor)
    qtbot.addWidget(page)
    page.show()
    return page


def test_negative_labour_fee_is_refused_at_the_field(
        qtbot: QtBot, editor: tuple[Database, Any], cluster: TestCluster,
        staff_db: str) -> None:
    page = _settings(qtbot, editor)
    form = page.work_types
    code = cluster.new_code("wt")
    form.edit("code").setText(code)
    form.edit("name").setText("更换屏幕")
    form.edit("labour_fee").setText("-10")
    form.edit("standard_hours").setText("1.5")
    assert _save(qtbot, form) != "Saved."
    assert form.feedback.invalid_fields() == ["labour_fee"]
    assert cluster.execute(staff_db, "SELECT 1 FROM app.work_type WHERE code = %s",
                           (code,)) == []
    form.edit("labour_fee").setText("80.00")
    assert _save(qtbot, form) == "Saved."
    _wait_list(qtbot, form.list, "code", code)


def test_reward_item_with_negative_amount_is_accepted(
        qtbot: QtBot, editor: tuple[Database, Any], cluster: TestCluster,
        staff_db: str) -> None:
    page = _settings(qtbot, editor)
    form = page.reward_penalty_items
    page.tabs.setCurrentWidget(form)  # a list in a hidden tab reloads only when shown
    code = cluster.new_code("rp")
    form.edit("code").setText(code)
    form.edit("name").setText("迟到罚款")
    form.edit("amount").setText("-20.50")
    assert _save(qtbot, form) == "Saved."
    assert form.edit("amount").text() == "-20.50"
    _wait_list(qtbot, form.list, "code", code)
    rows = cluster.execute(staff_db, "SELECT amount::text FROM app.reward_penalty_item "
                                     "WHERE code = %s", (code,))
    assert rows == [("-20.50",)]

    rules = page.overdue_rules
    page.tabs.setCurrentWidget(rules)
    rules.edit("name").setText(cluster.new_code("超期"))
    rules.edit("amount_per_day").setText("2")
    rules.edit("grace_days").setText("7")
    # one active overdue rule per service mode (0022): the seed's is active already
    rules.flag("active").setChecked(False)
    assert _save(qtbot, rules) == "Saved."


def test_wage_hidden_without_the_capability(qtbot: QtBot, cluster: TestCluster,
                                            staff_db: str) -> None:
    install_language("en")
    code = cluster.create_operator(staff_db, capabilities=["reports.view"])
    database, session = off_gui(
        qtbot, lambda: open_session(cluster.profile(staff_db), code, TEST_PASSWORD))
    try:
        page = shown(qtbot, StaffPage(database, session), until=_loaded)
        assert not page.wage_edit.isVisibleTo(page)
        assert "post_wage" not in page.values()
    finally:
        off_gui(qtbot, lambda: close_session(database))
