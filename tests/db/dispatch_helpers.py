"""A dispatch shop for the dispatch read and list tests: regions in a tree, three
technicians (two of them operators) with grades, regions and work types, a service
outlet, operators of the templates, tickets taken in at the counter and jobs as the
writes leave them.

The jobs, visits and reports are written by the superuser, as they stand after the
dispatch writes (assign, start, report, review) that their own tests cover: the tests
using this shop are of what the screens read."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import text

from aftersales_desktop.core.db import Database
from aftersales_desktop.services.frontdesk.intake import IntakeDraft, save_intake
from tests.pg import TEST_PASSWORD, TestCluster

PHONE = "13912345678"


@dataclass
class Dispatch:
    cluster: TestCluster
    db: str
    today: date
    logins: dict[str, Database]
    regions: dict[str, int] = field(default_factory=dict)
    technicians: dict[str, int] = field(default_factory=dict)  # name -> employee id
    outlet: int = 0
    work_types: dict[str, int] = field(default_factory=dict)  # code -> id

    def sql(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.cluster.execute(self.db, statement, params)

    def ticket(self, *, fault: str = "不制冷", region: str | None = None,
               on_site: bool = False, late_days: int | None = None,
               status: str | None = None, urgent: bool = False,
               promised_in: int = 7) -> int:
        """A ticket taken in at the counter; `late_days`: its promised day that many days
        ago (received before it); `status`: moved there by the superuser."""
        appointment = (datetime.now().astimezone() + timedelta(days=1)) if on_site else None
        draft = IntakeDraft(
            customer_name="周杰", phone=PHONE, product="空调", brand="格力",
            model="KFR-35GW", serial=f"GR{uuid.uuid4().hex[:8].upper()}", fault=fault,
            visit="on_site" if on_site else "carry_in",
            address="杭州市西湖区文三路100号" if on_site else "",
            region_id=self.regions[region] if region else None, appointment_at=appointment,
            urgent=urgent, promised_on=self.today + timedelta(days=promised_in))
        with self.logins["counter"].read() as conn:
            ticket_id = save_intake(conn, draft, self.today).id
        if late_days is not None:
            self.sql("UPDATE app.ticket SET received_on = %s, promised_on = %s WHERE id = %s",
                     self.today - timedelta(days=late_days + 3),
                     self.today - timedelta(days=late_days), ticket_id)
        if status is not None:
            self.sql("UPDATE app.ticket SET status = %s WHERE id = %s", status, ticket_id)
        return ticket_id

    def job(self, ticket: int, technician: str | None = None, *, outlet: bool = False,
            state: str = "assigned", visit: tuple[datetime, datetime] | None = None,
            finished_at: datetime | None = None, days_late: int = 0,
            reviewed: bool = False) -> int:
        """A job as the writes leave it (finished ones with a work report)."""
        tech = self.technicians[technician] if technician else None
        finished = state in ("finished", "reviewed")
        job_id = int(self.sql(
            """INSERT INTO app.job (ticket_id, state, assignee_kind, technician_id, outlet_id,
                   work_type_id, started_at, finished_at, hours, result, fault_cause, action,
                   customer_signed, signed_at, reported_at, reported_by, days_late,
                   reviewed_at, reviewed_by)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                       %s, %s) RETURNING id""",
            ticket, state, "outlet" if outlet else "technician", tech,
            self.outlet if outlet else None, self.work_types["minor"],
            finished_at - timedelta(hours=2) if finished_at else None, finished_at,
            "1.50" if finished else None, "fixed" if finished else None,
            "电源板损坏" if finished else "", "更换电源板" if finished else "",
            finished, finished_at if finished else None, finished_at, "tester" if finished
            else None, days_late, finished_at if reviewed else None,
            "manager" if reviewed else None)[0][0])
        if finished:
            self.sql("INSERT INTO app.job_work_type (job_id, work_type_id, quantity) "
                     "VALUES (%s, %s, 1)", job_id, self.work_types["minor"])
        if visit is not None and tech is not None:
            self.sql("INSERT INTO app.visit (job_id, ticket_id, technician_id, during, blocked, "
                     "state) VALUES (%s, %s, %s, tstzrange(%s, %s), tstzrange(%s, %s), %s)",
                     job_id, ticket, tech, visit[0], visit[1], visit[0],
                     visit[1] + timedelta(minutes=30), "done" if finished else "planned")
        return job_id

    def read(self, who: str, call: Any, *args: Any) -> Any:
        with self.logins[who].read() as conn:
            return call(conn, *args)


def _employee(d: Dispatch, code: str, name: str, operator: str | None, grade: str,
              regions: list[str], work_types: list[str]) -> int:
    found = int(d.sql("INSERT INTO app.employee (code, name, grade, is_technician, "
                      "operator_code) VALUES (%s, %s, %s, true, %s) RETURNING id",
                      code, name, grade, operator)[0][0])
    for region in regions:
        d.sql("INSERT INTO app.employee_region VALUES (%s, %s)", found, d.regions[region])
    for work_type in work_types:
        d.sql("INSERT INTO app.employee_work_type VALUES (%s, %s)", found,
              d.work_types[work_type])
    return found


def dispatch_shop(cluster: TestCluster) -> Iterator[Dispatch]:
    """A fixture body: the shop, its logins disposed of at the end."""
    db = cluster.create_database()
    profile = cluster.profile(db)
    codes = {who: cluster.create_operator(db, template=template) for who, template in (
        ("counter", "counter"), ("dispatcher", "dispatcher"), ("manager", "manager"),
        ("tech_a", "technician"), ("tech_b", "technician"))}
    codes["blind_dispatcher"] = cluster.create_operator(db, capabilities=["dispatch.assign"])
    logins = {who: Database(profile, code, TEST_PASSWORD) for who, code in codes.items()}
    with logins["counter"].read() as conn:
        today = conn.execute(text("SELECT app.shop_today()")).scalar_one()
    d = Dispatch(cluster, db, today, logins)
    city = int(d.sql("INSERT INTO app.region (name, level) VALUES ('杭州市', 'city') "
                     "RETURNING id")[0][0])
    for district in ("西湖区", "滨江区"):
        d.regions[district] = int(d.sql(
            "INSERT INTO app.region (parent_id, name, level) VALUES (%s, %s, 'district') "
            "RETURNING id", city, district)[0][0])
    d.regions["文新街道"] = int(d.sql(
        "INSERT INTO app.region (parent_id, name, level) VALUES (%s, '文新街道', 'area') "
        "RETURNING id", d.regions["西湖区"])[0][0])
    d.work_types = {code: int(i) for code, i in d.sql("SELECT code, id FROM app.work_type")}
    d.technicians["王强"] = _employee(d, "T1", "王强", codes["tech_a"], "高级",
                                     ["西湖区"], ["install", "minor"])
    d.technicians["赵磊"] = _employee(d, "T2", "赵磊", codes["tech_b"], "中级",
                                     ["滨江区", "文新街道"], ["major"])
    d.technicians["周建国"] = _employee(d, "T3", "周建国", None, "技师", [], [])
    d.outlet = int(d.sql("INSERT INTO app.service_outlet (code, name, region_id) "
                         "VALUES ('W1', '滨江特约网点', %s) RETURNING id",
                         d.regions["滨江区"])[0][0])
    yield d
    for database in logins.values():
        database.dispose()


def numbers(d: Dispatch, ids: list[int]) -> list[str]:
    return [n for (n,) in (d.sql("SELECT number FROM app.ticket WHERE id = %s", i)[0]
                           for i in ids)]


def shop_time(d: Dispatch, day: date, hour: int) -> datetime:
    found = d.sql("SELECT (%s::date + make_interval(hours => %s)) AT TIME ZONE "
                  "coalesce(app.setting('timezone') #>> '{}', 'Asia/Shanghai')", day, hour)
    return found[0][0]  # type: ignore[no-any-return]
