"""A shop for the commission month tests (revision 0022's MONTH_ section): a department
of technicians on the hours scheme with a supervisor, technicians on the commission
scheme (two of them operators), a service outlet, the automatic reward and penalty
items of the test (the seeded ones switched off, so that the amounts are the test's),
and helpers that write what the other parts leave behind: commission lines as a review
writes them, surveys as the callback clerk records them, complaints.

Lines, surveys and complaints are written by the superuser (their own tests cover the
writers); the month run, confirming, settling and the reads are called as operators
over psycopg2, with their own passwords, as `psql` could."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg2
import psycopg2.extensions

from tests.pg import TEST_PASSWORD, TestCluster

ZONE = "Asia/Shanghai"


def months_before(day: date, n: int) -> date:
    """The first day of the month `n` months before `day`'s."""
    index = day.year * 12 + day.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


class Refused(Exception):
    """A call refused with an aftersales code (or denied)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass
class MonthShop:
    cluster: TestCluster
    db: str
    today: date
    codes: dict[str, str] = field(default_factory=dict)  # who -> operator code
    employees: dict[str, int] = field(default_factory=dict)  # name -> employee id
    items: dict[str, int] = field(default_factory=dict)  # auto -> item id
    outlet: int = 0
    department: int = 0
    customer: int = 0
    _keys: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _conns: dict[str, psycopg2.extensions.connection] = field(default_factory=dict)
    calls: int = 0

    def sql(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.cluster.execute(self.db, statement, params)

    def one(self, statement: str, *params: Any) -> Any:
        return self.sql(statement, *params)[0][0]

    def connect(self, who: str) -> psycopg2.extensions.connection:
        conn = self._conns.get(who)
        if conn is None or conn.closed:
            conn = psycopg2.connect(**dict(self.cluster.base, dbname=self.db,
                                           user=self.codes[who], password=TEST_PASSWORD))
            conn.autocommit = True
            self._conns[who] = conn
        return conn

    def call(self, who: str, function: str, payload: dict[str, Any]) -> Any:
        """app.<function>(p) as `who`, one statement; a refusal raises Refused."""
        conn = self.connect(who)
        try:
            with conn.cursor() as cur:
                self.calls += 1
                cur.execute(f"SELECT app.{function}(%s::jsonb)",
                            (json.dumps(payload, default=str),))
                return cur.fetchone()[0]
        except psycopg2.Error as error:
            hint = error.diag.message_hint or ""
            if hint.startswith("aftersales:"):
                raise Refused(hint.removeprefix("aftersales:"),
                              error.diag.message_detail or "") from None
            if error.pgcode == "42501":
                raise Refused("denied", error.diag.message_detail or "") from None
            raise

    def run(self, month: date, who: str = "manager") -> list[dict[str, Any]]:
        """The whole month run, part after part, as the client calls it."""
        answers = [self.call(who, "commission_month_run", {"month": month, "part": 0})]
        for part in range(1, answers[0]["parts"]):
            answers.append(self.call(who, "commission_month_run",
                                     {"month": month, "part": part}))
        return answers

    def period(self, month: date) -> None:
        self.sql("INSERT INTO app.commission_period (month) VALUES (%s) ON CONFLICT DO NOTHING",
                 month)

    def line(self, month: date, employee: str | None, *, kind: str = "commission",
             amount: str = "0", hours: str | None = None, hours_kind: str | None = None,
             origin: str = "review", state: str = "active", rule_kind: str | None = None,
             base: str | None = None, outlet: bool = False) -> int:
        """A line as its writer leaves it (a review's, a manual one, an event's)."""
        self.period(month)
        decided = "now()" if origin == "manual" and state != "proposed" else "NULL"
        return int(self.one(
            "INSERT INTO app.commission_line (period, employee_id, outlet_id, kind, origin, "
            "state, source_key, hours, hours_kind, rule_kind, base, amount, decided_at) "
            f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, {decided}) RETURNING id",
            month, None if outlet else self.employees[employee or ""],
            self.outlet if outlet else None, kind, origin, state,
            f"test:{next(self._keys)}", hours, hours_kind, rule_kind, base, amount))

    def survey(self, employee: str, month: date, day: int, score: int,
               corrects: int | None = None) -> int:
        """A survey recorded on that day of the month (shop time), lowest score `score`."""
        due = date(month.year, month.month, day)
        task = self.one(
            "INSERT INTO app.callback_task (kind, source, customer_id, technician_id, due_on, "
            "expires_on) VALUES ('service', 'dealer', %s, %s, %s, %s::date + 14) "
            "RETURNING id", self.customer, self.employees[employee], due, due)
        return int(self.one(
            "INSERT INTO app.survey (task_id, technician_id, customer_id, recorded_at, "
            "recorded_by, corrects_id, frozen_at, lowest_score) VALUES (%s, %s, %s, "
            f"(%s::date + time '10:00') AT TIME ZONE '{ZONE}', 'clerk', %s, "
            "now() + interval '1 day', %s) RETURNING id",
            task, self.employees[employee], self.customer, due, corrects, score))

    def complaint(self, employee: str, month: date, day: int) -> int:
        opened = date(month.year, month.month, day)
        return int(self.one(
            "INSERT INTO app.complaint (number, customer_id, technician_id, source, summary, "
            "deadline_at, opened_at) VALUES (%s, %s, %s, 'phone', '态度差', "
            f"(%s::date + 3)::timestamp AT TIME ZONE '{ZONE}', "
            f"(%s::date + time '09:00') AT TIME ZONE '{ZONE}') RETURNING id",
            f"TS-{next(self._keys)}", self.customer, self.employees[employee], opened,
            opened))

    def statement(self, month: date, employee: str) -> dict[str, Any]:
        """The statement row of the month (as the owner reads it)."""
        cur_rows = self.sql(
            "SELECT to_jsonb(s) FROM app.commission_statement s "
            "WHERE s.period = %s AND s.employee_id = %s", month, self.employees[employee])
        return cur_rows[0][0] if cur_rows else {}

    def run_lines(self, month: date, employee: str) -> dict[str, dict[str, Any]]:
        """source_key -> the run line (as the owner reads it)."""
        return {row["source_key"]: row for (row,) in self.sql(
            "SELECT to_jsonb(l) FROM app.commission_line l WHERE l.period = %s "
            "AND l.employee_id = %s AND l.origin = 'run'", month, self.employees[employee])}

    def snapshot(self, month: date) -> tuple[list[Any], list[Any]]:
        """Every line and statement of the month, every column."""
        lines = [r[0] for r in self.sql(
            "SELECT to_jsonb(l) FROM app.commission_line l WHERE l.period = %s ORDER BY l.id",
            month)]
        statements = [r[0] for r in self.sql(
            "SELECT to_jsonb(s) FROM app.commission_statement s WHERE s.period = %s "
            "ORDER BY s.id", month)]
        return lines, statements

    def confirm_all(self, month: date) -> None:
        for (sid, version) in self.sql(
                "SELECT id, version FROM app.commission_statement WHERE period = %s "
                "AND state = 'draft'", month):
            self.call("manager", "commission_statement_act",
                      {"statement_id": sid, "version": version, "action": "confirm"})

    def period_version(self, month: date) -> int:
        return int(self.one("SELECT version FROM app.commission_period WHERE month = %s",
                            month))

    def close(self) -> None:
        for conn in self._conns.values():
            conn.close()


def _employee(shop: MonthShop, code: str, name: str, *, operator: str | None = None,
              department: int | None = None, wage: str | None = None,
              pay: tuple[str, str, str, bool, bool] | None = None) -> int:
    """pay: (scheme, basic hours, rated hours, probation, supervisor)."""
    found = int(shop.one(
        "INSERT INTO app.employee (code, name, is_technician, operator_code, department_id) "
        "VALUES (%s, %s, true, %s, %s) RETURNING id", code, name, operator, department))
    if wage is not None:
        shop.sql("INSERT INTO app.employee_wage (employee_id, post_wage) VALUES (%s, %s)",
                 found, wage)
    if pay is not None:
        shop.sql("INSERT INTO app.employee_pay (employee_id, scheme, basic_hours, rated_hours, "
                 "probation, supervisor) VALUES (%s, %s, %s, %s, %s, %s)", found, *pay)
    shop.employees[name] = found
    return found


# the hours department: basic 120 / rated 160 each, as the seed's example
HOURS_TEAM = ("甲", "乙", "丙", "丁", "戊")


def month_shop(cluster: TestCluster) -> Iterator[MonthShop]:
    """A fixture body: the shop, its connections closed at the end."""
    db = cluster.create_database()
    today = cluster.execute(db, "SELECT app.shop_today()")[0][0]
    shop = MonthShop(cluster, db, today)
    shop.codes = {
        "manager": cluster.create_operator(db, template="manager"),
        "tech": cluster.create_operator(db, template="technician"),
        "tech_b": cluster.create_operator(db, template="technician"),
        "viewer": cluster.create_operator(db, capabilities=["commission.view_all"]),
        "viewer_costs": cluster.create_operator(
            db, capabilities=["commission.view_all", "costs.view"]),
        "nobody": cluster.create_operator(db, capabilities=["intake.create"]),
    }
    shop.department = int(shop.one("INSERT INTO app.department (name) VALUES ('工时组') "
                                   "RETURNING id"))
    shop.customer = int(shop.one("INSERT INTO app.customer (code, name) VALUES ('C-CM', '周杰') "
                                 "RETURNING id"))
    shop.outlet = int(shop.one("INSERT INTO app.service_outlet (code, name) "
                               "VALUES ('O-CM', '城东网点') RETURNING id"))
    _employee(shop, "CM-A", "王强", operator=shop.codes["tech"], wage="3000.00")
    _employee(shop, "CM-B", "赵磊", operator=shop.codes["tech_b"])
    for n, name in enumerate(HOURS_TEAM):
        _employee(shop, f"CM-H{n}", name, department=shop.department, wage="2000.00",
                  pay=("hours", "120", "160", name == "戊", False))
    _employee(shop, "CM-S", "组长", department=shop.department, wage="4000.00",
              pay=("hours", "0", "0", False, True))
    # the test's own automatic items; the seeded ones would add their amounts too
    shop.sql("UPDATE app.reward_penalty_item SET active = false WHERE auto IS NOT NULL")
    for auto, code, amount, threshold in (("survey_high", "CM-HIGH", "20.00", 5),
                                          ("survey_low", "CM-LOW", "-30.00", 2),
                                          ("complaint", "CM-COMP", "-50.00", None)):
        shop.items[auto] = int(shop.one(
            "INSERT INTO app.reward_penalty_item (code, name, amount, auto, threshold) "
            "VALUES (%s, %s, %s, %s, %s) RETURNING id", code, code, amount, auto, threshold))
    try:
        yield shop
    finally:
        shop.close()


def money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))
