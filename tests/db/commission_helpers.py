"""A commission shop for the line and lock tests: operators of the templates (two
managers, for four eyes), technicians with grades, a service outlet, work types and
rules made per test (so that tests do not share a rule), tickets taken in at the
counter and finished jobs as a work report leaves them, reviewed and reopened through
the real functions (app.job_review, app.job_unreview), settled and voided through the
counter's services.

The finished jobs themselves are written by the superuser, as app.job_report leaves
them (its own tests cover it): these tests are of what a review, an undo and a refund
make of them."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg2
import psycopg2.extensions
from sqlalchemy import text

from aftersales_desktop.core.db import Database
from aftersales_desktop.domain.fees import FeeLine
from aftersales_desktop.services.frontdesk import settlement
from aftersales_desktop.services.frontdesk.intake import IntakeDraft, save_intake
from tests.db.stock_helpers import run
from tests.pg import TEST_PASSWORD, TestCluster

_CODES = itertools.count(1)
LINE_COLUMNS = ("id", "period", "employee_id", "outlet_id", "kind", "origin", "state",
                "source_key", "job_id", "ticket_id", "work_type_id", "rule_kind", "rule_id",
                "rule_version", "quantity", "base", "rate", "grade_factor", "share", "hours",
                "hours_kind", "amount", "reverses_line_id", "reason")


@dataclass
class Shop:
    cluster: TestCluster
    db: str
    today: date
    codes: dict[str, str] = field(default_factory=dict)  # who -> operator code
    logins: dict[str, Database] = field(default_factory=dict)
    employees: dict[str, int] = field(default_factory=dict)  # who -> employee id
    outlet: int = 0
    conns: dict[str, psycopg2.extensions.connection] = field(default_factory=dict)

    def sql(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.cluster.execute(self.db, statement, params)

    def conn(self, who: str) -> psycopg2.extensions.connection:
        if who not in self.conns:
            conn = psycopg2.connect(**self.cluster.profile(self.db).connect_kwargs(
                self.codes[who], TEST_PASSWORD))
            conn.autocommit = True
            self.conns[who] = conn
        return self.conns[who]

    def call(self, who: str, function: str, body: Any) -> Any:
        return run(self.conn(who), function, body)

    def rows(self, who: str, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        with self.conn(who).cursor() as cur:
            cur.execute(statement, params)
            return cur.fetchall() if cur.description else []

    # ---- master data and rules (the superuser, as the settings pages leave them) -------

    def work_type(self, *, labour_fee: str = "100.00", standard_hours: str = "2.00",
                  hours_kind: str = "repair") -> int:
        code = f"CW{next(_CODES)}"
        return int(self.sql("INSERT INTO app.work_type (code, name, labour_fee, "
                            "standard_hours, hours_kind) VALUES (%s, %s, %s, %s, %s) "
                            "RETURNING id", code, f"工种{code}", labour_fee, standard_hours,
                            hours_kind)[0][0])

    def rule(self, work_type: int, kind: str, value: str, *, mode: str = "repair",
             valid_from: str = "2000-01-01", valid_to: str | None = None) -> int:
        amount, rate = (value, None) if kind == "fixed" else (None, value)
        return int(self.sql("INSERT INTO app.commission_rule (service_mode, work_type_id, "
                            "kind, amount, rate, valid_from, valid_to) VALUES (%s, %s, %s, %s, "
                            "%s, %s, %s) RETURNING id", mode, work_type, kind, amount, rate,
                            valid_from, valid_to)[0][0])

    def technician(self, who: str, *, grade: str = "", operator: str | None = None,
                   scheme: str | None = None) -> int:
        found = int(self.sql("INSERT INTO app.employee (code, name, grade, is_technician, "
                             "operator_code) VALUES (%s, %s, %s, true, %s) RETURNING id",
                             f"T{next(_CODES)}", f"技师{who}", grade, operator)[0][0])
        if scheme is not None:
            self.sql("INSERT INTO app.employee_pay (employee_id, scheme) VALUES (%s, %s)",
                     found, scheme)
        self.employees[who] = found
        return found

    # ---- tickets and jobs --------------------------------------------------------------

    def ticket(self, *, mode: str = "repair", rework_of: int | None = None) -> int:
        draft = IntakeDraft(
            customer_name="周杰", phone="13912340001", product="空调", brand="格力",
            model="KFR-35GW", serial=f"GR{uuid.uuid4().hex[:8].upper()}", fault="不制冷",
            promised_on=self.today + timedelta(days=7))
        with self.logins["counter"].read() as conn:
            ticket = save_intake(conn, draft, self.today).id
        self.sql("UPDATE app.ticket SET service_mode = %s WHERE id = %s", mode, ticket)
        if rework_of is not None:
            self.sql("UPDATE app.ticket SET rework_of = %s, rework_free = true WHERE id = %s",
                     rework_of, ticket)
        return ticket

    def job(self, ticket: int, technician: str | None = "a", *, outlet: bool = False,
            work: list[tuple[int, str]] | None = None, days_late: int = 0,
            finished_at: datetime | None = None) -> int:
        """A finished job with its work report: `work` = [(work type, quantity)]."""
        finished = finished_at or datetime.now().astimezone()
        employee = None if outlet or technician is None else self.employees[technician]
        job = int(self.sql(
            """INSERT INTO app.job (ticket_id, state, assignee_kind, technician_id, outlet_id,
                   started_at, finished_at, hours, result, customer_signed, signed_at,
                   reported_at, reported_by, days_late)
               VALUES (%s, 'finished', %s, %s, %s, %s, %s, 1.5, 'fixed', true, %s, %s,
                       'tester', %s) RETURNING id""",
            ticket, "outlet" if outlet else "technician", employee,
            self.outlet if outlet else None, finished - timedelta(hours=2), finished,
            finished, finished, days_late)[0][0])
        for work_type, quantity in work or []:
            self.sql("INSERT INTO app.job_work_type (job_id, work_type_id, quantity) "
                     "VALUES (%s, %s, %s)", job, work_type, quantity)
        return job

    def version(self, job: int) -> int:
        return int(self.sql("SELECT version FROM app.job WHERE id = %s", job)[0][0])

    def review(self, job: int, who: str = "manager") -> Any:
        return self.call(who, "job_review", {"job_id": job, "version": self.version(job)})

    def unreview(self, job: int, who: str = "manager") -> Any:
        return self.call(who, "job_unreview", {"job_id": job, "version": self.version(job),
                                               "reason": "报告有误"})

    def shares(self, job: int, shares: list[tuple[str, str]], who: str = "manager") -> Any:
        return self.call(who, "job_shares_set", {
            "job_id": job, "version": self.version(job),
            "shares": [{"employee_id": self.employees[name], "share": share}
                       for name, share in shares]})

    def settle(self, ticket: int, amount: str = "100.00") -> int:
        """The ticket settled at the counter (the manager collects): the sale's id."""
        version = int(self.sql("SELECT version FROM app.ticket WHERE id = %s", ticket)[0][0])
        with self.logins["manager"].read() as conn:
            return settlement.settle(
                conn, ticket, version,
                [FeeLine("labour", "维修费", Decimal(1), Decimal(amount), "customer")],
                payment_method="cash", paid=Decimal(amount)).id

    def void(self, sale: int) -> None:
        with self.logins["manager"].read() as conn:
            settlement.void_settlement(conn, sale, "顾客退款")

    # ---- months and lines --------------------------------------------------------------

    def open_period(self) -> date:
        return self.sql("SELECT app.commission_open_period(app.shop_today())")[0][0]

    def settle_month(self, month: date) -> None:
        """The month settled as cm-month's settle leaves it (its row only)."""
        self.sql("UPDATE app.commission_period SET state = 'settled', settled_at = now(), "
                 "settled_by = 'tester' WHERE month = %s", month)

    def lines(self, where: str, *params: Any) -> list[dict[str, Any]]:
        found = self.sql(f"SELECT {', '.join(LINE_COLUMNS)} FROM app.commission_line "
                         f"WHERE {where} ORDER BY id", *params)
        return [dict(zip(LINE_COLUMNS, row, strict=True)) for row in found]

    def job_lines(self, job: int) -> list[dict[str, Any]]:
        return self.lines("job_id = %s", job)


def commission_shop(cluster: TestCluster) -> Iterator[Shop]:
    """A fixture body: the shop, its connections and logins closed at the end."""
    db = cluster.create_database()
    shop = Shop(cluster, db, date.today())
    for who, template in (("counter", "counter"), ("dispatcher", "dispatcher"),
                          ("manager", "manager"), ("manager2", "manager"),
                          ("tech_a", "technician"), ("tech_b", "technician"),
                          ("warehouse", "warehouse"), ("callback", "callback")):
        shop.codes[who] = cluster.create_operator(db, template=template)
    shop.codes["checker"] = cluster.create_operator(db, capabilities=["review.approve"])
    shop.codes["admin"] = cluster.create_operator(db)
    profile = cluster.profile(db)
    shop.logins = {who: Database(profile, shop.codes[who], TEST_PASSWORD)
                   for who in ("counter", "manager")}
    with shop.logins["counter"].read() as conn:
        shop.today = conn.execute(text("SELECT app.shop_today()")).scalar_one()
    shop.technician("a", grade="高级", operator=shop.codes["tech_a"])
    shop.technician("b", grade="中级", operator=shop.codes["tech_b"])
    shop.technician("c")
    shop.sql("INSERT INTO app.commission_grade_factor (grade, factor) VALUES ('高级', 1.2), "
             "('中级', 1.1)")
    shop.outlet = int(shop.sql("INSERT INTO app.service_outlet (code, name) "
                               "VALUES ('W1', '滨江特约网点') RETURNING id")[0][0])
    yield shop
    for conn in shop.conns.values():
        conn.close()
    for login in shop.logins.values():
        login.dispose()
