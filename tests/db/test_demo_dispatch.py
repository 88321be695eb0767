"""The demo shop's dispatch: technicians with grades, work types and regions, service
outlets, and jobs in every state (on-site and carried in, with visits, work reports,
photos, reviews, a few overdue), made through the functions the screens call; loading
twice changes nothing; the board and a technician's jobs read them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import psycopg2
import pytest
from sqlalchemy import text

from aftersales_desktop.core.db import Database, dsn_engine
from aftersales_desktop.server import provision
from aftersales_desktop.server.embedded import EmbeddedServer
from aftersales_desktop.services import demo
from aftersales_desktop.services.dispatch import reads

pytestmark = pytest.mark.db


@dataclass
class DemoShop:
    """The whole demo as `aftersales --demo` loads it (services.demo.load_demo_dsn), on a
    server of its own: the demo's operators are login roles of the cluster, not of one
    database."""

    server: EmbeddedServer
    dsn: str

    def sql(self, statement: str) -> list[tuple[Any, ...]]:
        conn = psycopg2.connect(self.dsn)
        try:
            with conn.cursor() as cur:
                cur.execute(statement)
                return list(cur.fetchall())
        finally:
            conn.close()


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoShop]:
    server = EmbeddedServer(tmp_path_factory.mktemp("demo") / "server")
    server.init()
    try:
        provision.prepare(server)
        demo.load_demo_dsn(server.superuser_dsn())
        yield DemoShop(server, server.superuser_dsn())
    finally:
        server.stop()


def test_technicians_have_grades_work_types_and_regions(shop: DemoShop) -> None:
    rows = shop.sql("""
        SELECT e.name, e.grade, count(DISTINCT w.work_type_id), count(DISTINCT r.region_id)
        FROM app.employee e
        LEFT JOIN app.employee_work_type w ON w.employee_id = e.id
        LEFT JOIN app.employee_region r ON r.employee_id = e.id
        WHERE e.is_technician GROUP BY e.id ORDER BY e.code""")
    assert len(rows) == 5
    assert all(grade and work_types >= 3 and regions >= 1
               for _n, grade, work_types, regions in rows), rows
    assert shop.sql("SELECT count(*) FROM app.service_outlet "
                                    "WHERE active")[0][0] >= 2


def test_jobs_in_every_state_through_the_functions(shop: DemoShop) -> None:
    states = dict(shop.sql("SELECT state, count(*) FROM app.job GROUP BY 1"))
    assert {"assigned", "started", "finished", "reviewed"} <= set(states)
    kinds = {(visit, state) for visit, state in shop.sql("""
        SELECT t.visit, j.state FROM app.job j JOIN app.ticket t ON t.id = j.ticket_id""")}
    assert {("on_site", "assigned"), ("carry_in", "assigned"), ("on_site", "finished"),
            ("carry_in", "reviewed")} <= kinds
    # written by the operators, as the change log shows
    assigned_by = {who for (who,) in shop.sql(
        "SELECT DISTINCT assigned_by FROM app.job")}
    assert assigned_by == {"liuyang"}
    reporters = {who for (who,) in shop.sql(
        "SELECT DISTINCT reported_by FROM app.job WHERE reported_by IS NOT NULL")}
    assert {"wangqiang", "zhaolei"} <= reporters
    assert {who for (who,) in shop.sql(
        "SELECT DISTINCT reviewed_by FROM app.job WHERE state = 'reviewed'")} == {
        "chenjie"}
    # the reports: Chinese fault causes and actions, work types done, on-site visits
    reports = shop.sql("""
        SELECT j.fault_cause, j.action, (SELECT count(*) FROM app.job_work_type w
                                         WHERE w.job_id = j.id)
        FROM app.job j WHERE j.state IN ('finished', 'reviewed')""")
    assert reports and all(cause and action and done >= 1 for cause, action, done in reports)
    assert all("\u4e00" <= cause[0] <= "\u9fff" for cause, _a, _d in reports)
    assert shop.sql("SELECT count(*) FROM app.visit "
                                    "WHERE state = 'planned'")[0][0] >= 3
    assert shop.sql("SELECT count(*) FROM app.job_photo")[0][0] >= 1
    # a few overdue: unassigned, assigned and finished late
    late = shop.sql("""
        SELECT count(*) FILTER (WHERE j.id IS NULL), count(*) FILTER (WHERE j.state =
                   'assigned'), (SELECT count(*) FROM app.job WHERE days_late > 0)
        FROM app.ticket t LEFT JOIN app.job j ON j.ticket_id = t.id
             AND j.state IN ('assigned', 'started')
        WHERE t.promised_on < app.shop_today()
          AND t.status NOT IN ('picked_up', 'cancelled', 'ready', 'completed')""")[0]
    assert late[0] >= 1 and late[1] >= 1 and late[2] >= 1, late


def test_loading_twice_changes_nothing(shop: DemoShop) -> None:
    from aftersales_desktop.services.demo_dispatch import load_staff_skills
    from aftersales_desktop.services.demo_jobs import load_demo_jobs

    before = shop.sql("SELECT count(*) FROM app.job")[0][0]
    assert load_demo_jobs(shop.dsn, demo.DEMO_PASSWORD) == "demo jobs already there"
    engine = dsn_engine(shop.dsn)
    try:
        with engine.begin() as conn:
            assert load_staff_skills(conn) == 0
    finally:
        engine.dispose()
    assert shop.sql("SELECT count(*) FROM app.job")[0][0] == before


def test_the_board_and_my_jobs_read_the_demo(shop: DemoShop) -> None:
    profile = shop.server.profile()
    dispatcher = Database(profile, "liuyang", demo.DEMO_PASSWORD)
    technician = Database(profile, "wangqiang", demo.DEMO_PASSWORD)
    try:
        with dispatcher.read() as conn:
            board = reads.board(conn)
            today: date = conn.execute(text("SELECT app.shop_today()")).scalar_one()
        with technician.read() as conn:
            mine = reads.my_jobs(conn)
    finally:
        dispatcher.dispose()
        technician.dispose()
    assert board["today"] == today and board["unassigned"] >= 3 and board["overdue"] >= 2
    assert board["jobs"][0]["job"] is None  # unassigned first
    assert {t["name"] for t in board["technicians"]} >= {"王强", "赵磊"}
    assert mine["technician"]["name"] == "王强" and mine["jobs"]
    assert {r["job"]["technician"] for r in mine["jobs"]} == {"王强"}
