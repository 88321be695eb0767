"""The master data of dispatch through the real screens: the work types a technician may
do on the staff page, the travel buffer on the service settings' dispatch tab, the work
report's two dictionaries on the dictionary page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aftersales_desktop.ui.masterdata.dictionaries import DictionaryEditorPage
from aftersales_desktop.ui.masterdata.service_settings import ServiceSettingsPage
from aftersales_desktop.ui.masterdata.staff import StaffPage
from tests.pg import TestCluster
from tests.ui.helpers import Login, OpenAs, module_database, open_operator, show_record, shown

pytestmark = [pytest.mark.gui, pytest.mark.db]

dispatch_md_db = module_database()


@pytest.fixture
def open_as(qtbot: QtBot, cluster: TestCluster, dispatch_md_db: str) -> Iterator[OpenAs]:
    from aftersales_desktop.services.session import close_session
    from aftersales_desktop.ui.i18n import install_language
    from tests.ui.helpers import off_gui

    install_language("en")
    opened: list[Login] = []

    def open_one(capabilities: list[str] | None) -> Login:
        login = open_operator(qtbot, cluster, dispatch_md_db, capabilities)
        opened.append(login)
        return login

    yield open_one
    for database, _session in opened:
        off_gui(qtbot, lambda database=database: close_session(database))  # type: ignore[misc]


def _save(qtbot: QtBot, page: Any) -> str:
    page.save()
    qtbot.waitUntil(lambda: page.save_button.isEnabled(), timeout=20_000)
    return str(page.feedback.summary.text())


def _work_type(cluster: TestCluster, db: str, name: str, active: bool = True) -> int:
    code = cluster.new_code("WT")
    (work_type_id,), = cluster.execute(
        db, "INSERT INTO app.work_type (code, name, labour_fee, active) "
            "VALUES (%s, %s, 50, %s) RETURNING id", (code, name, active))
    return int(work_type_id)


def _labels(page: StaffPage) -> dict[int, str]:
    widget = page.work_type_list
    items = [widget.item(row) for row in range(widget.count())]
    return {item.data(Qt.ItemDataRole.UserRole): item.text() for item in items}


def test_a_technicians_work_types(qtbot: QtBot, open_as: OpenAs, cluster: TestCluster,
                                  dispatch_md_db: str) -> None:
    install, overhaul = (_work_type(cluster, dispatch_md_db, name)
                         for name in ("安装调试", "大修"))
    retired = _work_type(cluster, dispatch_md_db, "旧工种", active=False)
    page = shown(qtbot, StaffPage(*open_as(["masterdata.edit"])),
                 until=lambda p: p.isEnabled() and p.is_loaded())
    qtbot.waitUntil(lambda: {install, overhaul, retired} <= set(_labels(page)), timeout=20_000)
    assert _labels(page)[retired].endswith(" (inactive)")
    code = cluster.new_code("emp")
    page.code_edit.setText(code)
    page.name_edit.setText("李师傅")
    page.technician_box.setChecked(True)
    page.check_work_types({install, overhaul})
    assert _save(qtbot, page) == "Saved."
    (employee,), = cluster.execute(dispatch_md_db, "SELECT id FROM app.employee WHERE code = %s",
                                   (code,))
    stored = ("SELECT work_type_id FROM app.employee_work_type WHERE employee_id = %s "
              "ORDER BY work_type_id")
    assert cluster.execute(dispatch_md_db, stored, (employee,)) == [(install,), (overhaul,)]

    page.new_record()
    assert page.checked_work_types() == []  # a new employee starts with none
    show_record(qtbot, page, employee)
    assert sorted(page.checked_work_types()) == [install, overhaul]
    page.check_work_types({overhaul})
    assert page.has_unsaved_changes()
    assert _save(qtbot, page) == "Saved."
    assert cluster.execute(dispatch_md_db, stored, (employee,)) == [(overhaul,)]


def test_the_travel_buffer_tab(qtbot: QtBot, open_as: OpenAs, cluster: TestCluster,
                               dispatch_md_db: str) -> None:
    page = shown(qtbot, ServiceSettingsPage(*open_as(["masterdata.edit", "settings.admin"])))
    tab = page.dispatch
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(tab.is_ready, timeout=20_000)
    assert tab.travel_buffer.value() == 30
    assert (tab.travel_buffer.minimum(), tab.travel_buffer.maximum()) == (0, 240)
    tab.travel_buffer.setValue(45)
    assert page.has_unsaved_changes()
    assert _save(qtbot, tab) == "Saved."
    assert not page.has_unsaved_changes()
    assert cluster.execute(dispatch_md_db, "SELECT value::text FROM app.shop_setting "
                                           "WHERE key = 'travel_buffer_minutes'") == [("45",)]

    # an editor of master data without settings.admin sees it and cannot change it
    other = shown(qtbot, ServiceSettingsPage(*open_as(["masterdata.edit"])))
    qtbot.waitUntil(other.dispatch.is_ready, timeout=20_000)
    assert other.dispatch.travel_buffer.value() == 45
    assert other.dispatch.travel_buffer.isReadOnly()
    assert not other.dispatch.save_button.isVisibleTo(other.dispatch)
    other.dispatch.save()  # a stray Ctrl+S does nothing
    assert cluster.execute(dispatch_md_db, "SELECT value::text FROM app.shop_setting "
                                           "WHERE key = 'travel_buffer_minutes'") == [("45",)]


def test_the_work_reports_dictionaries_on_the_dictionary_page(
        qtbot: QtBot, open_as: OpenAs, cluster: TestCluster, dispatch_md_db: str) -> None:
    page = shown(qtbot, DictionaryEditorPage(*open_as(["masterdata.edit"])),
                 until=lambda p: p.isEnabled() and p.is_ready())
    offered = {page.kind_combo.itemData(i): page.kind_combo.itemText(i)
               for i in range(page.kind_combo.count())}
    assert offered["fault_cause"] == "Fault cause"
    assert offered["repair_action"] == "Action taken"
    for kind, value in (("fault_cause", cluster.new_code("电容老化")),
                        ("repair_action", cluster.new_code("更换电容"))):
        page.new_record()
        page.kind_combo.setCurrentIndex(page.kind_combo.findData(kind))
        page.value_edit.setText(value)
        assert _save(qtbot, page) == "Saved."
        assert cluster.execute(dispatch_md_db, "SELECT kind FROM app.dictionary_entry "
                                               "WHERE value = %s", (value,)) == [(kind,)]
