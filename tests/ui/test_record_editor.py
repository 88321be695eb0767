"""The record editor under the orders a network really delivers results in, on real pages.

The slow side of a race is made slow deterministically: a superuser connection holds a
lock on the table the slow query reads, and lets go only once the other result is in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import psycopg2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.ui.admin.operators import OperatorsPage
from aftersales_desktop.ui.masterdata.customers import CustomersPage
from aftersales_desktop.ui.masterdata.regions import RegionsPage
from aftersales_desktop.ui.masterdata.staff import StaffPage
from aftersales_desktop.ui.masterdata.warehouses import WarehousesPage
from aftersales_desktop.ui.operations import Changes, hub
from aftersales_desktop.ui.record_editor import RecordEditor
from tests.pg import TestCluster
from tests.ui.helpers import Login, logged_in, module_database, show_record

editor_db = module_database()


@pytest.fixture
def manager(qtbot: QtBot, cluster: TestCluster, editor_db: str) -> Iterator[Login]:
    yield from logged_in(qtbot, cluster, editor_db,
                         ["masterdata.edit", "intake.create", "contacts.view", "log.view",
                          "operators.admin"])


class TableLock:
    """An ACCESS EXCLUSIVE lock on one table, held by a superuser until released."""

    def __init__(self, cluster: TestCluster, db: str, table: str) -> None:
        self.cluster, self.db, self.table = cluster, db, table
        self.conn = psycopg2.connect(cluster.dsn(db))
        with self.conn.cursor() as cur:
            cur.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")

    def someone_waits(self) -> bool:
        # asked on a connection of its own: inside the lock's transaction the activity
        # view would keep answering from its first snapshot
        return bool(self.cluster.execute(
            self.db, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                     "AND query ILIKE %s", (f"%{self.table}%",))[0][0])

    def release(self) -> None:
        if not self.conn.closed:
            self.conn.rollback()
            self.conn.close()


def _warehouse(cluster: TestCluster, db: str) -> tuple[int, str]:
    code = cluster.new_code("WH").upper()
    (warehouse_id,), = cluster.execute(
        db, "INSERT INTO app.warehouse (code, name, type) VALUES (%s, '样品库', 'samples') "
            "RETURNING id", (code,))
    return int(warehouse_id), code


def _ready(qtbot: QtBot, page: RecordEditor) -> RecordEditor:
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.isEnabled() and page.is_ready()
                    and not page.list.model.is_loading, timeout=20_000)
    return page


# -- the race: choices that arrive after the record ----------------------------------------

Opened = tuple[Callable[[], RecordEditor], Any, Callable[[RecordEditor], bool]]


def _warehouse_page(login: Login, cluster: TestCluster, db: str) -> Opened:
    warehouse_id, code = _warehouse(cluster, db)

    def shows_it(page: RecordEditor) -> bool:
        assert isinstance(page, WarehousesPage)
        return (page.code_edit.text() == code and page.record is not None
                and page.record.id == warehouse_id and page.type_combo.currentData() == "samples")

    return lambda: WarehousesPage(*login), warehouse_id, shows_it


def _operator_page(login: Login, cluster: TestCluster, db: str) -> Opened:
    code = cluster.create_operator(db, template="technician", name="李师傅")

    def shows_it(page: RecordEditor) -> bool:
        assert isinstance(page, OperatorsPage)
        return (page.code_edit.text() == code and page.name_edit.text() == "李师傅"
                and page.current_template() == "technician")

    return lambda: OperatorsPage(login[0], own_code=login[0].user), code, shows_it


@pytest.mark.parametrize(("opened", "choices_table"), [
    (_warehouse_page, "app.warehouse_type"),   # the types the warehouse form offers
    (_operator_page, "app.position_template"),  # the templates the operator form offers
])
def test_record_that_arrives_before_its_choices_stays_in_the_form(
        qtbot: QtBot, manager: Login, cluster: TestCluster, editor_db: str,
        opened: Callable[[Login, TestCluster, str], Opened], choices_table: str) -> None:
    make_page, key, shows_it = opened(manager, cluster, editor_db)
    lock = TableLock(cluster, editor_db, choices_table)
    try:
        page = make_page()
        qtbot.addWidget(page)
        page.show()
        page.load(key)  # as the change log's "Open the record" does, right after opening
        qtbot.waitUntil(lock.someone_waits, timeout=20_000)  # the choices wait for the lock
        # everything else (list, record) is in; only the choices are still out
        qtbot.waitUntil(lambda: running_tasks() == 1, timeout=20_000)
        lock.release()
        qtbot.waitUntil(page.isEnabled, timeout=20_000)
        qtbot.waitUntil(lambda: shows_it(page), timeout=5_000)
        assert not page.has_unsaved_changes()
    finally:
        lock.release()


def test_record_that_arrives_after_new_does_not_fill_the_new_form(
        qtbot: QtBot, manager: Login, cluster: TestCluster, editor_db: str) -> None:
    warehouse_id, _code = _warehouse(cluster, editor_db)
    page = _ready(qtbot, WarehousesPage(*manager))
    assert isinstance(page, WarehousesPage)
    lock = TableLock(cluster, editor_db, "app.warehouse")
    try:
        page.load(warehouse_id)  # a click in the list, its record held up by the lock ...
        qtbot.waitUntil(lock.someone_waits, timeout=20_000)
        page.new_record()  # ... and the operator moved on to a new warehouse
        page.code_edit.setText("WH-NEW")
        lock.release()
        qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)
        assert page.record is None and page.code_edit.text() == "WH-NEW"
        assert page.has_unsaved_changes()
    finally:
        lock.release()


# -- closed pages ---------------------------------------------------------------------------

def test_result_for_a_closed_page_is_dropped(qtbot: QtBot, manager: Login,
                                             cluster: TestCluster, editor_db: str) -> None:
    warehouse_id, _code = _warehouse(cluster, editor_db)
    page = WarehousesPage(*manager)
    page.show()
    qtbot.waitUntil(lambda: page.is_ready() and not page.list.model.is_loading,
                    timeout=20_000)
    lock = TableLock(cluster, editor_db, "app.warehouse")
    try:
        page.load(warehouse_id)
        qtbot.waitUntil(lock.someone_waits, timeout=20_000)
        page.close()
        page.deleteLater()  # the tab is closed while its record is on the way
        qtbot.waitUntil(lambda: not _alive(page), timeout=5_000)
        lock.release()
        qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)
        QApplication.processEvents()
        # another page's write reaches the hub after the page is gone: nothing happens
        hub().did_execute.emit(Changes.of("warehouse", "employee"), None)
        QApplication.processEvents()
        assert page.record is None  # the late result never reached the form
    finally:
        lock.release()


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


# -- dirty, discard, field feedback, Ctrl+S, stale saves: the customers page ---------------

class Answers:
    """Answers the discard question with what a test queues (No when none), and keeps
    every question asked."""

    def __init__(self) -> None:
        self.queued: list[QMessageBox.StandardButton] = []
        self.asked: list[str] = []

    def question(self, _parent: Any, _title: str, text: str, *_args: Any) -> Any:
        self.asked.append(text)
        return self.queued.pop(0) if self.queued else QMessageBox.StandardButton.No


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    given = Answers()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(given.question))
    return given


def _customer(cluster: TestCluster, db: str, name: str) -> int:
    (customer_id,), = cluster.execute(
        db, "INSERT INTO app.customer (code, name) VALUES (%s, %s) RETURNING id",
        (cluster.new_code("C").upper(), name))
    return int(customer_id)


def test_leaving_a_dirty_record_asks_first(qtbot: QtBot, manager: Login, cluster: TestCluster,
                                           editor_db: str, answers: Answers) -> None:
    first = _customer(cluster, editor_db, "张一")
    second = _customer(cluster, editor_db, "李二")
    page = _ready(qtbot, CustomersPage(*manager))
    assert isinstance(page, CustomersPage)
    show_record(qtbot, page, first)
    assert not page.has_unsaved_changes() and answers.asked == []
    page.load(second)  # nothing typed: no question
    qtbot.waitUntil(lambda: page.record is not None and page.record.id == second,
                    timeout=20_000)
    assert answers.asked == []

    page.address_edit.setText("杭州市文三路1号")
    assert page.has_unsaved_changes()
    page.load(first)  # "No": the typed address stays
    page.new_record()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)
    code = page.code_edit.text()
    assert answers.asked == [f"Customer {code}: discard the unsaved changes?"] * 2
    assert page.record is not None and page.record.id == second
    assert page.address_edit.text() == "杭州市文三路1号" and page.has_unsaved_changes()

    answers.queued.append(QMessageBox.StandardButton.Yes)
    page.load(first)
    qtbot.waitUntil(lambda: page.record is not None and page.record.id == first,
                    timeout=20_000)
    assert page.address_edit.text() == "" and not page.has_unsaved_changes()
    assert cluster.execute(editor_db, "SELECT address FROM app.customer WHERE id = %s",
                           (second,)) == [("",)]


def test_field_error_goes_when_fixed_and_ctrl_s_saves(
        qtbot: QtBot, manager: Login, cluster: TestCluster, editor_db: str,
        answers: Answers) -> None:
    page = _ready(qtbot, CustomersPage(*manager))
    assert isinstance(page, CustomersPage)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=5_000)
    page.phone_edit.setText("12x45")
    page.name_edit.setFocus()
    qtbot.keyClick(page.name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.feedback.invalid_fields() == ["name"]  # checked on the form, at once
    assert "d9363e" in page.feedback.summary.styleSheet()  # red
    page.name_edit.setText(cluster.new_code("王五"))
    assert page.feedback.invalid_fields() == [] and not page.feedback.summary.isVisible()

    qtbot.keyClick(page.name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.save_button.isEnabled()
                    and page.feedback.summary.isVisible(), timeout=20_000)
    assert "phones" in page.feedback.invalid_fields()  # refused by the service
    assert "name" not in page.feedback.invalid_fields()
    page.phone_edit.setText("138 1234 5678")
    assert page.feedback.invalid_fields() == [] and not page.feedback.summary.isVisible()
    qtbot.keyClick(page.name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.record is not None, timeout=20_000)
    assert page.feedback.summary.text() == "Saved."
    assert "2f6f3e" in page.feedback.summary.styleSheet()  # green
    assert not page.has_unsaved_changes()


def test_stale_save_says_who_and_offers_reload(qtbot: QtBot, manager: Login,
                                               cluster: TestCluster, editor_db: str) -> None:
    customer_id = _customer(cluster, editor_db, "赵六")
    page = _ready(qtbot, CustomersPage(*manager))
    assert isinstance(page, CustomersPage)
    show_record(qtbot, page, customer_id)
    cluster.execute(editor_db, "UPDATE app.customer SET name = '赵六（新）', "
                               "version = version + 1 WHERE id = %s", (customer_id,))
    page.address_edit.setText("我填的地址")
    page.save()
    qtbot.waitUntil(page.save_button.isEnabled, timeout=20_000)
    message = page.feedback.summary.text()
    assert f"changed by {cluster.base['user']} at " in message
    assert page.reload_button.isVisibleTo(page) and page.has_unsaved_changes()
    assert cluster.execute(editor_db, "SELECT name, address FROM app.customer WHERE id = %s",
                           (customer_id,)) == [("赵六（新）", "")]  # nothing overwritten

    page.reload_button.click()
    qtbot.waitUntil(lambda: page.name_edit.text() == "赵六（新）", timeout=20_000)
    assert page.address_edit.text() == "" and not page.has_unsaved_changes()
    assert not page.reload_button.isVisibleTo(page)


# -- a write on one page refreshes what other pages offer ----------------------------------

def test_new_region_reaches_the_staff_and_outlet_forms(
        qtbot: QtBot, manager: Login, cluster: TestCluster) -> None:
    regions = _ready(qtbot, RegionsPage(*manager))
    staff = _ready(qtbot, StaffPage(*manager))
    assert isinstance(regions, RegionsPage) and isinstance(staff, StaffPage)
    name = cluster.new_code("滨江")
    regions.add_region(name, None)

    def offered() -> bool:
        staff_regions = [staff.region_list.item(r).text()
                         for r in range(staff.region_list.count())]
        outlet_regions = [regions.region_combo.itemText(i)
                          for i in range(regions.region_combo.count())]
        return name in staff_regions and name in outlet_regions

    qtbot.waitUntil(offered, timeout=20_000)
