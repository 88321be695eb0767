"""What the dispatch GUI tests share: a shop with a part in stock, technicians with their
staff records, tickets taken in at the counter and assigned by a dispatcher (through
services.dispatch.assign), and reading back what the database holds (off the GUI
thread)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import count
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.services.dispatch import assign
from aftersales_desktop.services.session import OperatorSession, close_session, open_session
from aftersales_desktop.ui.dispatch.my_jobs import MyJobsPage
from aftersales_desktop.ui.dispatch.report_dialog import WorkReportDialog
from aftersales_desktop.ui.i18n import install_language
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import intake_of_device, off_gui

Login = tuple[Database, OperatorSession]
_serials = count(1)


@dataclass
class Shop:
    cluster: TestCluster
    db: str
    warehouse: int
    item: int
    region: int
    work_type: int  # the work the jobs need (and the technicians may do)


def make_shop(cluster: TestCluster) -> Shop:
    """A new database with a parts store holding 50 of part P-1002, a region and the
    work type the jobs need."""
    db = cluster.create_database()
    run = cluster.execute
    warehouse = run(db, "INSERT INTO app.warehouse (code, name, type) VALUES ('PJ', '配件库', "
                    "'parts') RETURNING id")[0][0]
    item = run(db, "INSERT INTO app.item (code, name, kind, sale_price, barcode) VALUES "
               "('P-1002', '压缩机', 'part', 350, '6901234567892') RETURNING id")[0][0]
    run(db, "SELECT app.stock_apply(jsonb_build_array(jsonb_build_object('item_id', %s, "
        "'warehouse_id', %s, 'quantity', 50, 'unit_cost', 200, 'source', 'document')))",
        (item, warehouse))
    region = run(db, "INSERT INTO app.region (name, level) VALUES ('西湖区', 'district') "
                 "RETURNING id")[0][0]
    work_type = run(db, "SELECT id FROM app.work_type WHERE code = 'major'")[0][0]
    return Shop(cluster, db, warehouse, item, region, work_type)


def open_sessions(qtbot: QtBot, shop: Shop) -> Iterator[Any]:
    """`open_as(code)` -> a logged-in session of that operator (English UI); all closed at
    the end."""
    install_language("en")  # the new words are translated in one pass later
    opened: list[Database] = []

    def open_as(code: str) -> Login:
        login = off_gui(qtbot, lambda: open_session(shop.cluster.profile(shop.db), code,
                                                    TEST_PASSWORD))
        opened.append(login[0])
        return login

    yield open_as
    for database in opened:
        off_gui(qtbot, lambda db=database: close_session(db))  # type: ignore[misc]


def technician(shop: Shop, name: str, *,
               capabilities: list[str] | None = None) -> tuple[str, int]:
    """A technician operator (the technician template, plus `capabilities`) and their
    staff record, who may do the shop's major repairs in its region; returns (operator
    code, employee id)."""
    code = shop.cluster.create_operator(shop.db, template="technician", name=name,
                                        capabilities=capabilities)
    run = shop.cluster.execute
    employee = run(shop.db, "INSERT INTO app.employee (code, name, is_technician, "
                   "operator_code) VALUES (%s, %s, true, %s) RETURNING id",
                   (f"E{code}", name, code))[0][0]
    run(shop.db, "INSERT INTO app.employee_region VALUES (%s, %s)", (employee, shop.region))
    run(shop.db, "INSERT INTO app.employee_work_type VALUES (%s, %s)",
        (employee, shop.work_type))
    return code, employee


@dataclass
class Assigned:
    ticket_id: int
    number: str
    job_id: int


def take_in_and_assign(qtbot: QtBot, shop: Shop, counter: Login, dispatcher: Login,
                       technician_id: int, *, on_site: bool) -> Assigned:
    """A ticket taken in at the counter and assigned by the dispatcher (an on-site one
    with a visit later today)."""
    serial = f"JOB{next(_serials):04d}"
    shop.cluster.execute(shop.db, """
        WITH c AS (INSERT INTO app.customer (code, name, address, region_id)
                   VALUES (%s, '西湖张', '杭州市西湖区文三路 1 号', %s) RETURNING id),
             p AS (INSERT INTO app.customer_phone (customer_id, phone, is_primary)
                   SELECT id, '13957166666', true FROM c)
        INSERT INTO app.device (customer_id, product, brand, model, serial, purchase_date,
                                has_proof, warranty_months)
        SELECT id, '空调', '格力', 'KFR-35', %s, current_date - 100, true, 36 FROM c
        """, (f"C{serial}", shop.region, serial))
    now = datetime.now(shop_time.zone()).replace(second=0, microsecond=0)
    visit_start = now + timedelta(minutes=30)
    fields: dict[str, Any] = {"work_type_id": shop.work_type, "region_id": shop.region}
    if on_site:
        fields.update(visit="on_site", address="杭州市西湖区文三路 1 号",
                      appointment_at=visit_start)
    ticket_id = intake_of_device(qtbot, counter[0], serial, **fields)

    def dispatch() -> dict[str, Any]:
        with dispatcher[0].transaction() as conn:
            return assign.assign(
                conn, ticket_id=ticket_id, technician_id=technician_id,
                visit_start=visit_start if on_site else None,
                visit_end=visit_start + timedelta(hours=2) if on_site else None,
                work_type_id=shop.work_type)

    job = off_gui(qtbot, dispatch)  # the job row as app.dispatch_result returns it
    number = shop.cluster.execute(shop.db, "SELECT number FROM app.ticket WHERE id = %s",
                                  (ticket_id,))[0][0]
    return Assigned(ticket_id, str(number), int(job["id"]))


def read_one(qtbot: QtBot, database: Database, sql: str) -> Any:
    def work() -> Any:
        with database.read() as conn:
            return conn.exec_driver_sql(sql).scalar_one()
    return off_gui(qtbot, work)


def assign_two_jobs(qtbot: QtBot, shop: Shop, sessions: Any) -> dict[str, Any]:
    """Technicians A and B, each with one job from the dispatcher: A's on site, B's a
    carry-in repair."""
    counter = sessions(shop.cluster.create_operator(shop.db, template="counter"))
    dispatcher = sessions(shop.cluster.create_operator(shop.db, template="dispatcher"))
    code_a, employee_a = technician(shop, "李师傅")
    code_b, employee_b = technician(shop, "王师傅")
    job_a = take_in_and_assign(qtbot, shop, counter, dispatcher, employee_a, on_site=True)
    job_b = take_in_and_assign(qtbot, shop, counter, dispatcher, employee_b, on_site=False)
    return {"a": code_a, "b": code_b, "job_a": job_a, "job_b": job_b, "counter": counter}


def my_jobs_page(qtbot: QtBot, login: Login) -> MyJobsPage:
    page = MyJobsPage(*login)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitUntil(lambda: page.loaded_once, timeout=20_000)
    return page


def report_dialog(qtbot: QtBot, page: MyJobsPage, number: str) -> WorkReportDialog:
    assert page.select_ticket(number)
    window = page.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.report_dialog is not None, timeout=5_000)
    dialog = page.report_dialog
    assert isinstance(dialog, WorkReportDialog)
    qtbot.waitUntil(lambda: dialog.job is not None and running_tasks() == 0, timeout=20_000)
    return dialog
