"""Hostile input at the server: every function an operator may execute, called from a
plain psycopg2 connection (what `psql` with an operator's own password can do), with the
values a form never sends.

The functions are read from the catalogue (every app/audit function the operator may
EXECUTE), so a new function is covered without touching this file: it gets a valid base
call built from its argument types (or a realistic one from BASES), then every argument,
and every key its body reads from a jsonb argument, is replaced in turn by hostile values
of its type: NaN and infinite numbers, 1 MB texts, NULLs, dates in year 1, 9999,
5874897 and infinity, integers at and past their type's end, unknown codes, malformed
JSON. Each call runs in its own transaction, which is rolled back after the checks.

Each hostile call must end in one of:
- a refusal: P0001 with an `aftersales:<code>` HINT from the catalogue, 42501, or a table
  constraint the translator maps to a field (domain/constraints.py); a value that cannot
  even be turned into the argument's SQL type (a 20-digit bigint, malformed JSON) may
  also fail with a 22xxx data error, which the translator maps as well;
- or success, after which no row it wrote holds a value outside domain/limits.py (NaN,
  a date psycopg2 cannot read, a text longer than its column's limit) and a writing
  function took no NULL for an argument that is not optional.
and no call may take a second (the strict 50 ms is bench/bench_hostile.py's).
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import psycopg2
import psycopg2.extensions
import pytest

from aftersales_desktop.domain import limits
from aftersales_desktop.domain.constraints import CONSTRAINTS
from aftersales_desktop.domain.refusals import REFUSALS
from aftersales_desktop.services.errors import user_error
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

# A generous bound so that a loaded CI machine does not fail the test; the bench holds
# the real target (50 ms).
CALL_LIMIT_S = 1.0
MEGABYTE_TEXT = "张a" * 500_000  # 1,000,000 characters, CJK and ASCII mixed
SCRAM = ("SCRAM-SHA-256$4096:c2FsdHNhbHRzYWx0$"
         "bm90LWEtcmVhbC1rZXktYnV0LXdlbGwtZm9ybWVk=:bm90LWEtcmVhbC1rZXktYnV0LXdlbGwtZm9ybWVk=")

# Arguments a writing function may take as NULL (they mean "not given"): a version not
# checked, an optional note, a lookup's default limit, "remove the override".
NULLABLE: dict[str, set[str]] = {
    "ticket_set_status": {"p_version", "p_reason"},
    "ticket_edit": {"p_version", "p"},  # no changes: nothing is written
    "ticket_move": {"p_version"},
    "ticket_settle": {"p_version"},
    "ticket_quote_decide": {"p_note"},
    "notice_result": {"p_detail"},
    "operator_create": {"p_template"},  # an operator with single capabilities only
    "operator_update": {"p_version", "p_template"},
    "operator_set_capability": {"p_granted"},
    "session_start": {"p_workstation", "p_application"},
    "session_end": {"p_workstation", "p_application"},
    "log_denied": {"p_action", "p_workstation"},
    "preorder_arrive": {"p_source"},
}


# -- hostile values ----------------------------------------------------------------------

@dataclass(frozen=True)
class Hostile:
    label: str
    value: Any  # sent as a query parameter and cast to the argument's type in SQL
    # the value is not of the argument's SQL type at all: the cast may fail (22xxx)
    unconvertible: bool = False


def _sql_values(type_name: str) -> list[Hostile]:
    """Hostile values for a positional argument of `type_name`."""
    null = Hostile("NULL", None)
    if type_name in ("bigint", "integer", "smallint"):
        top = {"bigint": 9223372036854775807, "integer": 2147483647, "smallint": 32767}[type_name]
        return [null, Hostile("0", 0), Hostile("-1", -1), Hostile("max", top),
                Hostile("min", -top - 1), Hostile("past max", str(top + 1), unconvertible=True)]
    if type_name == "numeric":
        return [null, Hostile("NaN", "NaN"), Hostile("Infinity", "Infinity"),
                Hostile("-Infinity", "-Infinity"), Hostile("-0.01", "-0.01"),
                Hostile("0.004", "0.004"), Hostile("1e20", "1e20"),
                Hostile("tiny", "1e-20")]
    if type_name == "text":
        return [null, Hostile("empty", ""), Hostile("1 MB", MEGABYTE_TEXT),
                Hostile("bogus code", "bogus_code"), Hostile("blank", " \t "),
                Hostile("control", "\x01\x1b[2J")]
    if type_name == "date":
        return [null, Hostile("year 1", "0001-01-01"), Hostile("year 9999", "9999-12-31"),
                Hostile("infinity", "infinity"), Hostile("-infinity", "-infinity"),
                Hostile("year 5874897", "5874897-01-01"), Hostile("BC", "4713-01-01 BC")]
    if type_name in ("timestamp with time zone", "timestamp without time zone"):
        return [null, Hostile("infinity", "infinity"), Hostile("year 1", "0001-01-01 00:00"),
                Hostile("year 294276", "294276-01-01 00:00")]
    if type_name == "boolean":
        return [null]
    if type_name == "jsonb":
        return [null, Hostile("json null", "null"), Hostile("array", "[]"),
                Hostile("string", '"x"'), Hostile("number", "1"), Hostile("empty", "{}"),
                Hostile("1 MB string", json.dumps(MEGABYTE_TEXT, ensure_ascii=False)),
                Hostile("deep", "[" * 5000 + "]" * 5000),
                Hostile("malformed", "{\"a\": ", unconvertible=True)]
    if type_name == "uuid":
        return [null, Hostile("not a uuid", "nope", unconvertible=True)]
    return [null]


def _json_values(cast: str | None) -> list[Hostile]:
    """Hostile values for one key of a jsonb argument; `cast` is the type the function
    body casts it to (None: read as text)."""
    found = [Hostile("null", None), Hostile("object", {"a": 1}), Hostile("array", [1]),
             Hostile("1 MB", MEGABYTE_TEXT)]
    if cast == "numeric":
        found += [Hostile("NaN", "NaN"), Hostile("Infinity", "Infinity"),
                  Hostile("-Infinity", "-Infinity"), Hostile("-1", -1),
                  Hostile("0.004", 0.004), Hostile("1e15", 1e15), Hostile("letters", "abc"),
                  Hostile("huge", "1" + "0" * 400)]
    elif cast == "date":
        found += [Hostile("year 1", "0001-01-01"), Hostile("year 9999", "9999-12-31"),
                  Hostile("infinity", "infinity"), Hostile("year 5874897", "5874897-01-01"),
                  Hostile("Feb 30", "2026-02-30"), Hostile("letters", "abc")]
    elif cast == "timestamptz":
        found += [Hostile("infinity", "infinity"), Hostile("year 1", "0001-01-01T00:00:00Z"),
                  Hostile("year 9999", "9999-12-31T00:00:00Z"), Hostile("letters", "abc")]
    elif cast in ("bigint", "integer"):
        found += [Hostile("-1", -1), Hostile("0", 0), Hostile("max", 9223372036854775807),
                  Hostile("past max", "9223372036854775808"), Hostile("fraction", 1.5),
                  Hostile("letters", "abc")]
    elif cast == "boolean":
        found += [Hostile("maybe", "maybe"), Hostile("2", 2)]
    elif cast == "uuid":
        found += [Hostile("not a uuid", "nope")]
    else:
        found += [Hostile("empty", ""), Hostile("bogus code", "bogus_code"),
                  Hostile("blank", " \t "), Hostile("number", 12345)]
    return found


_KEY = re.compile(r"(?:->>|->|#>>|\?)\s*'([a-z_]+)'")
_CAST = re.compile(r"->>\s*'([a-z_]+)'\s*\)\s*::\s*([a-z]+)")
_HELPER_CAST = re.compile(r"app\.(arg_id|arg_int|arg_bool|arg_date|arg_time|arg_money|"
                          r"arg_uuid|as_number)\(\s*(?:coalesce\(\s*)?\w+\s*->>\s*'([a-z_]+)'")
_HELPER_TYPES = {"arg_id": "bigint", "arg_int": "integer", "arg_bool": "boolean",
                 "arg_date": "date", "arg_time": "timestamptz", "arg_money": "numeric",
                 "arg_uuid": "uuid", "as_number": "numeric"}


def json_keys(source: str) -> dict[str, str | None]:
    """The keys a function body reads from its jsonb arguments, with the type it casts
    each to (None: used as text)."""
    keys: dict[str, str | None] = {key: None for key in _KEY.findall(source)}
    for key, cast in _CAST.findall(source):
        keys[key] = "timestamptz" if cast.startswith("timestamp") else cast
    for helper, key in _HELPER_CAST.findall(source):
        keys[key] = _HELPER_TYPES[helper]
    return keys


# -- the shop the calls run in -----------------------------------------------------------

@dataclass(frozen=True)
class Function:
    schema: str
    name: str
    arg_names: tuple[str, ...]
    arg_types: tuple[str, ...]
    source: str
    writes: bool  # volatile: may write

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    def call_sql(self) -> str:
        casts = ", ".join(f"(%s)::{t}" for t in self.arg_types)
        return f"SELECT * FROM {self.qualified}({casts})"


@dataclass
class Shop:
    cluster: TestCluster
    db: str
    admin: str  # an operator holding every capability
    other: str  # an operator the administration functions work on
    ids: dict[str, int]
    today: date
    functions: list[Function] = field(default_factory=list)
    # table -> SQL condition list finding a bad value in a row, for the scan
    bad_value_checks: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    questions: list[int] = field(default_factory=list)  # the survey's (0021)

    def connect(self) -> psycopg2.extensions.connection:
        conn = psycopg2.connect(**dict(self.cluster.base, dbname=self.db, user=self.admin,
                                       password=TEST_PASSWORD))
        with conn.cursor() as cur:
            cur.execute("SET statement_timeout = '3s'")
        conn.commit()
        return conn


def _operator_call(conn: psycopg2.extensions.connection, sql: str,
                   params: tuple[Any, ...] = ()) -> Any:
    with conn.cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
    conn.commit()
    return row[0] if row else None


def _build_shop(cluster: TestCluster) -> Shop:
    db = cluster.create_database()
    admin = cluster.create_operator(db, template="administrator")
    other = cluster.create_operator(db, template="counter")
    run = lambda sql, *params: cluster.execute(db, sql, tuple(params))  # noqa: E731
    ids: dict[str, int] = {}
    ids["region"] = run("INSERT INTO app.region (name, level) VALUES ('海淀', 'district') "
                        "RETURNING id")[0][0]
    ids["employee"] = run(
        "INSERT INTO app.employee (code, name, is_technician) VALUES ('E01', '李工', true) "
        "RETURNING id")[0][0]
    ids["outlet"] = run("INSERT INTO app.service_outlet (code, name) VALUES ('O01', '网点') "
                        "RETURNING id")[0][0]
    ids["warehouse"] = run("INSERT INTO app.warehouse (code, name, type) "
                           "VALUES ('W01', '配件库', 'parts') RETURNING id")[0][0]
    ids["work_type"] = run("INSERT INTO app.work_type (code, name, labour_fee) "
                           "VALUES ('WT1', '小修', 50) RETURNING id")[0][0]
    department = run("INSERT INTO app.department (name) VALUES ('维修部') RETURNING id")[0][0]
    run("INSERT INTO app.staff_position (department_id, name) VALUES (%s, '技师')", department)
    run("INSERT INTO app.item_category (name) VALUES ('配件')")
    run("INSERT INTO app.employee_wage (employee_id, post_wage) VALUES (%s, 3000)",
        ids["employee"])
    run("INSERT INTO app.employee_region (employee_id, region_id) VALUES (%s, %s)",
        ids["employee"], ids["region"])
    # one active overdue rule per service mode (0022): the seed's is every mode's
    run("INSERT INTO app.overdue_rule (name, amount_per_day, grace_days, service_mode) "
        "VALUES ('逾期', 1, 3, 'repair')")
    run("INSERT INTO app.reward_penalty_item (code, name, amount) VALUES ('R1', '好评', 10)")
    # technicians' pay rules (0022); the hours scheme and the rework rule are seeded
    run("INSERT INTO app.commission_rule (service_mode, work_type_id, kind, amount, "
        "valid_from) VALUES ('repair', %s, 'fixed', 20, '2026-01-01')", ids["work_type"])
    run("INSERT INTO app.commission_grade_factor (grade, factor) VALUES ('高级', 1.2)")
    run("INSERT INTO app.employee_pay (employee_id, scheme, basic_hours, rated_hours) "
        "VALUES (%s, 'hours', 120, 160)", ids["employee"])
    run("INSERT INTO app.work_calendar (day, working) VALUES (current_date + 30, false)")
    ids["scrap"] = run("INSERT INTO app.warehouse (code, name, type) "
                       "VALUES ('BS1', '报损库', 'scrap') RETURNING id")[0][0]
    ids["item"] = run("INSERT INTO app.item (code, name, kind, sale_price) "
                      "VALUES ('P01', '电容', 'part', 35) RETURNING id")[0][0]
    run("INSERT INTO app.item_cost (item_id, cost_price) VALUES (%s, 20)", ids["item"])
    run("INSERT INTO app.notice_channel (channel, config, enabled) VALUES ('sms', '{}', true)")
    today = run("SELECT app.shop_today()")[0][0]

    shop = Shop(cluster, db, admin, other, ids, today)
    conn = shop.connect()
    try:
        def intake(**changes: Any) -> dict[str, Any]:
            payload = _intake_payload(shop, **changes)
            return _operator_call(conn, "SELECT app.ticket_intake(%s::jsonb)",  # type: ignore[no-any-return]
                                  (json.dumps(payload),))

        first = intake()
        ids["ticket"], ids["customer"] = first["id"], first["customer_id"]
        ids["device"] = first["device_id"]
        quoted = intake(device={"product": "冰箱", "purchase_date": None})
        ids["quoted_ticket"] = quoted["id"]
        ids["quote"] = _operator_call(
            conn, "SELECT app.ticket_quote(%s, %s::jsonb)",
            (quoted["id"], json.dumps({"parts_amount": "100", "labour_amount": "50"})))["id"]
        settled = intake(device={"has_proof": False})  # out of warranty: the customer pays
        ids["settled_ticket"] = settled["id"]
        ids["settlement"] = _operator_call(
            conn, "SELECT app.ticket_settle(%s, NULL, %s::jsonb)",
            (settled["id"], json.dumps(_settle_payload())))["id"]
        ids["waiting_preorder"] = _operator_call(
            conn, "SELECT app.preorder_create(%s::jsonb)",
            (json.dumps(_preorder_payload(shop)),))["id"]
        ids["arrived_preorder"] = _operator_call(
            conn, "SELECT app.preorder_create(%s::jsonb)",
            (json.dumps(_preorder_payload(shop)),))["id"]
        _operator_call(conn, "SELECT app.preorder_arrive(%s, 'manual')",
                       (ids["arrived_preorder"],))
        ids["sending_notice"] = _operator_call(
            conn, "SELECT app.notice_log(%s::jsonb)",
            (json.dumps({"kind": "repaired", "channel": "sms", "recipient": "13900000001",
                         "body": "您好", "ticket_id": ids["ticket"]}),))["id"]
        # a part of its own: a receipt of the pre-ordered one would mark it arrived
        ids["stock_item"] = run("INSERT INTO app.item (code, name, kind, sale_price) "
                                "VALUES ('P02', '门封', 'part', 20) RETURNING id")[0][0]
        ids["warehouse2"] = run("INSERT INTO app.warehouse (code, name, type) "
                                "VALUES ('W02', '二号库', 'parts') RETURNING id")[0][0]
        posted = _operator_call(conn, "SELECT app.stock_document_post(%s::jsonb)",
                                (json.dumps(_stock_payload(shop, 10)),))
        ids["stock_posted"], ids["stock_posted_version"] = posted["id"], posted["version"]
        draft = _operator_call(conn, "SELECT app.stock_document_save(%s::jsonb)",
                               (json.dumps(_stock_payload(shop, 2)),))
        ids["stock_draft"], ids["stock_draft_version"] = draft["id"], draft["version"]
        _stocktakes(shop, conn, run)
        _dispatch(shop, conn, run, intake)
        _jobs(shop, conn, run)
        _complaints(shop, conn)
        _callbacks(shop, run)
        _commission_months(shop, conn, run)
        _commission_lines(shop, run)
        ids["change"] = run("SELECT max(id) FROM audit.change_log")[0][0]
        ids["ticket_version"] = run("SELECT version FROM app.ticket WHERE id = %s",
                                    ids["ticket"])[0][0]
        ids["quoted_version"] = run("SELECT version FROM app.ticket WHERE id = %s",
                                    ids["quoted_ticket"])[0][0]
        ids["operator_version"] = run("SELECT version FROM app.operator WHERE code = %s",
                                      other)[0][0]
    finally:
        conn.close()

    shop.functions = [Function(*row) for row in cluster.execute(db, """
        SELECT n.nspname, p.proname,
               coalesce((SELECT array_agg(a.name ORDER BY a.ord) FROM unnest(
                   p.proargnames[1:p.pronargs]) WITH ORDINALITY a(name, ord)), '{}'),
               coalesce((SELECT array_agg(format_type(t.oid, NULL) ORDER BY a.ord)
                         FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(oid, ord)
                         JOIN pg_type t ON t.oid = a.oid), '{}'),
               p.prosrc, p.provolatile = 'v'
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname IN ('app', 'audit') AND p.prokind = 'f'
          AND p.prorettype <> 'trigger'::regtype
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
          AND has_function_privilege(%s, p.oid, 'EXECUTE')
        ORDER BY 1, 2""", (admin,))]
    shop.functions = [Function(f.schema, f.name, tuple(f.arg_names), tuple(f.arg_types),
                               f.source, f.writes) for f in shop.functions]
    shop.bad_value_checks = _bad_value_checks(cluster, db, admin)
    return shop


def _stocktakes(shop: Shop, conn: psycopg2.extensions.connection, run: Any) -> None:
    """Stocktake (0017): a warehouse free to count, an open sheet, and a posted one whose
    line waits for a decision (the item moved during the count). The stock part's own
    item: a receipt of the pre-ordered one would mark its pre-order arrived."""
    ids = shop.ids

    def warehouse(code: str) -> int:
        return int(run("INSERT INTO app.warehouse (code, name, type) VALUES (%s, %s, 'parts') "
                       "RETURNING id", code, "盘点" + code)[0][0])

    def post(kind: str, warehouse_id: int, quantity: str, cost: str | None) -> None:
        _operator_call(conn, "SELECT app.stock_document_post(%s::jsonb)", (json.dumps({
            "operation_id": str(uuid.uuid4()), "kind": kind, "warehouse_id": warehouse_id,
            "reason": "盘点", "lines": [{"item_id": ids["stock_item"], "quantity": quantity,
                                       "unit_cost": cost}]}),))

    ids["stocktake_warehouse"] = warehouse("ST1")
    open_at, posted_at = warehouse("ST2"), warehouse("ST3")
    post("other_receipt", open_at, "5", "20")
    post("other_receipt", posted_at, "5", "20")
    ids["open_stocktake"] = _operator_call(conn, "SELECT app.stocktake_open(%s::jsonb)", (
        json.dumps({"warehouse_id": open_at}),))["id"]
    posted = _operator_call(conn, "SELECT app.stocktake_open(%s::jsonb)", (
        json.dumps({"warehouse_id": posted_at}),))["id"]
    _operator_call(conn, "SELECT app.stocktake_count(%s::jsonb)", (json.dumps(
        {"id": posted, "lines": [{"item_id": ids["stock_item"], "counted": "5"}]}),))
    post("other_issue", posted_at, "1", None)
    sheet = _operator_call(conn, "SELECT app.stocktake_post(%s::jsonb)", (
        json.dumps({"id": posted}),))
    ids["posted_stocktake"] = posted
    ids["flagged_line"] = sheet["lines"][0]["id"]


def _dispatch(shop: Shop, conn: psycopg2.extensions.connection, run: Any,
              intake: Any) -> None:
    """Dispatch (0018): the technician may do the tickets' work type in their region; an
    on-site ticket to book a visit for, and one with an active job to take back."""
    ids = shop.ids
    run("INSERT INTO app.employee_work_type (employee_id, work_type_id) VALUES (%s, %s)",
        ids["employee"], ids["work_type"])
    visit = {"visit": "on_site", "appointment_at": f"{shop.today + timedelta(days=1)}T09:00+08:00"}
    ids["on_site_ticket"] = intake(**visit)["id"]
    assigned = _operator_call(conn, "SELECT app.dispatch_assign(%s::jsonb)", (json.dumps({
        "ticket_id": intake(**visit)["id"], "technician_id": ids["employee"],
        "visit_start": f"{shop.today + timedelta(days=2)}T09:00+08:00",
        "visit_end": f"{shop.today + timedelta(days=2)}T10:00+08:00"}),))
    ids["job"], ids["job_version"] = assigned["id"], assigned["version"]
def _jobs(shop: Shop, conn: psycopg2.extensions.connection, run: Any) -> None:
    """Jobs (0018) on tickets of their own: an assigned one with a photo, a finished one
    and a reviewed one (the operator reports them as a dispatcher would)."""
    ids = shop.ids

    def job(name: str) -> int:
        ticket = _operator_call(conn, "SELECT app.ticket_intake(%s::jsonb)", (json.dumps(
            _intake_payload(shop, device={"serial": f"GR-{name}"})),))["id"]
        assigned = _operator_call(conn, "SELECT app.dispatch_assign(%s::jsonb)", (json.dumps(
            {"ticket_id": ticket, "technician_id": ids["employee"],
             "work_type_id": ids["work_type"]}),))
        ids[name], ids[f"{name}_version"] = assigned["id"], assigned["version"]
        return int(assigned["id"])

    def report(job_id: int, version: int) -> dict[str, Any]:
        return _operator_call(conn, "SELECT app.job_report(%s::jsonb)", (json.dumps(
            {"job_id": job_id, "version": version, "result": "fixed", "hours": "1",
             "work_types": [{"work_type_id": ids["work_type"]}], "finish": True}),))

    job("work_job")
    ids["job_photo"] = _operator_call(conn, "SELECT app.job_photo_add(%s::jsonb)", (
        json.dumps({"job_id": ids["work_job"], "mime": "image/png",
                    "content": PNG_BASE64}),))["id"]
    ids["finished_job_version"] = report(job("finished_job"), ids["finished_job_version"])[
        "version"]
    reviewed = report(job("reviewed_job"), ids["reviewed_job_version"])
    ids["reviewed_job_version"] = _operator_call(
        conn, "SELECT app.job_review(%s::jsonb)", (json.dumps(
            {"job_id": ids["reviewed_job"], "version": reviewed["version"]}),))["version"]


def _complaints(shop: Shop, conn: psycopg2.extensions.connection) -> None:
    """Complaints (0021): an open one to work on and a resolved one to close."""
    ids = shop.ids
    for name in ("complaint", "resolved_complaint"):
        opened = _operator_call(conn, "SELECT app.complaint_open(%s::jsonb)", (json.dumps(
            {"ticket_id": ids["ticket"], "source": "counter", "summary": "维修后仍不制冷"}),))
        ids[name], ids[f"{name}_version"] = opened["complaint_id"], opened["complaint"]["version"]
    ids["resolved_complaint_version"] = _operator_call(
        conn, "SELECT app.complaint_act(%s::jsonb)", (json.dumps(
            {"complaint_id": ids["resolved_complaint"], "action": "resolve",
             "version": ids["resolved_complaint_version"], "resolution": "换机"}),))["version"]


def _callbacks(shop: Shop, run: Any) -> None:
    """Callbacks (0021): an open task of the shop's ticket, due today (its survey is not
    the operator's own job: the task names no technician), and the survey questions."""
    ids = shop.ids
    customer = run("SELECT customer_id FROM app.ticket WHERE id = %s", ids["ticket"])[0][0]
    ids["callback_task"] = run(
        "INSERT INTO app.callback_task (kind, ticket_id, customer_id, service_mode, due_on, "
        "expires_on) VALUES ('service', %s, %s, 'repair', %s, %s) RETURNING id",
        ids["ticket"], customer, shop.today, shop.today + timedelta(days=14))[0][0]
    shop.questions = [q for (q,) in run("SELECT id FROM app.survey_question ORDER BY id")]
    # a done task with the operator's own survey, not frozen yet: amended
    done = run("INSERT INTO app.callback_task (kind, source, customer_id, due_on, expires_on, "
               "state, closed_at) VALUES ('usage', 'dealer', %s, %s, %s, 'done', now()) "
               "RETURNING id", customer, shop.today, shop.today + timedelta(days=30))[0][0]
    ids["survey"] = run("INSERT INTO app.survey (task_id, customer_id, recorded_by, "
                        "frozen_at) VALUES (%s, %s, %s, now() + interval '1 day') "
                        "RETURNING id", done, customer, shop.admin)[0][0]


def _commission_months_of(shop: Shop) -> tuple[date, date]:
    """This month and the last (their first days)."""
    this = shop.today.replace(day=1)
    return this, (this - timedelta(days=1)).replace(day=1)


def _commission_months(shop: Shop, conn: psycopg2.extensions.connection, run: Any) -> None:
    """Commission months (0022, cm-month): the current month run (a draft statement of
    the technician to confirm) and last month run with every statement confirmed (to
    settle)."""
    ids = shop.ids
    this, last = _commission_months_of(shop)
    for month in (this, last):
        _operator_call(conn, "SELECT app.commission_month_run(%s::jsonb)",
                       (json.dumps({"month": month.isoformat()}),))
    ids["statement"], ids["statement_version"] = run(
        "SELECT id, version FROM app.commission_statement WHERE period = %s "
        "AND employee_id = %s", this, ids["employee"])[0]
    for statement, version in run("SELECT id, version FROM app.commission_statement "
                                  "WHERE period = %s", last):
        _operator_call(conn, "SELECT app.commission_statement_act(%s::jsonb)", (json.dumps(
            {"statement_id": statement, "version": version, "action": "confirm"}),))
    ids["commission_period_version"] = run(
        "SELECT version FROM app.commission_period WHERE month = %s", last)[0][0]
def _commission_lines(shop: Shop, run: Any) -> None:
    """Commission lines (0022, cm-lines): a reward item, and a reward proposed by
    someone else than the operator (who may not decide their own)."""
    ids = shop.ids
    ids["reward_item"] = run("SELECT id FROM app.reward_penalty_item WHERE code = 'R1'")[0][0]
    period = run("SELECT app.commission_open_period(app.shop_today())")[0][0]
    ids["proposed_line"] = run(
        "INSERT INTO app.commission_line (period, employee_id, kind, origin, state, "
        "source_key, amount, reason, created_by) VALUES (%s, %s, 'reward', 'manual', "
        "'proposed', 'manual:hostile', 20, '表扬', 'someone_else') RETURNING id",
        period, ids["employee"])[0][0]
    ids["ticket_number"] = run("SELECT number FROM app.ticket WHERE id = %s",
                               ids["ticket"])[0][0]


PNG_BASE64 = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9aw"
              "AAAABJRU5ErkJggg==")  # a 1x1 PNG


def _intake_payload(shop: Shop, **changes: Any) -> dict[str, Any]:
    today = shop.today
    device = {"product": "空调", "brand": "格力", "model": "KFR-35GW", "serial": "GR0001",
              "purchase_date": (today - timedelta(days=100)).isoformat(), "has_proof": True,
              "warranty_months": 12}
    device.update(changes.pop("device", {}))
    payload: dict[str, Any] = {
        "operation_id": str(uuid.uuid4()), "customer_name": "王五", "phone": "13900000001",
        "address": "北京路1号", "region_id": shop.ids["region"], "device": device,
        "fault": "不制冷", "accessories": "遥控器、电源线", "appearance": "外壳划痕",
        "remarks": "客户急用", "visit": "carry_in", "service_mode": "repair",
        "urgent": False, "promised_on": (today + timedelta(days=7)).isoformat(),
        "human_damage": False, "claim": False, "shelf": "A-01",
        "technician_id": shop.ids["employee"], "work_type_id": shop.ids["work_type"]}
    payload.update(changes)
    return payload


def _settle_payload() -> dict[str, Any]:
    return {"operation_id": str(uuid.uuid4()),
            "lines": [{"kind": "part", "description": "压缩机电容", "quantity": "1",
                       "unit_price": "35.00", "billed_to": "customer"},
                      {"kind": "labour", "description": "小修", "quantity": "1",
                       "unit_price": "50.00", "billed_to": "customer"}],
            "discount": "5", "discount_reason": "老客户", "payment_method": "cash",
            "paid": "100"}


def _preorder_payload(shop: Shop) -> dict[str, Any]:
    return {"operation_id": str(uuid.uuid4()), "customer_id": shop.ids["customer"],
            "ticket_id": shop.ids["ticket"], "item_id": shop.ids["item"],
            "part_name": "压缩机", "quantity": "1", "unit_price": "300", "deposit": "100",
            "expected_on": (shop.today + timedelta(days=5)).isoformat()}


def _stock_payload(shop: Shop, quantity: int, kind: str = "purchase_receipt",
                   **changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "operation_id": str(uuid.uuid4()), "kind": kind, "warehouse_id": shop.ids["warehouse"],
        "supplier": "格力", "reason": "维修", "remarks": "",
        "lines": [{"item_id": shop.ids["stock_item"], "quantity": str(quantity),
                   "unit_cost": "12.5000", "serial": "SN1"}]}
    payload.update(changes)
    return payload


def _bases(shop: Shop) -> dict[str, list[dict[str, Any]]]:
    """Realistic valid calls, by function name -> argument name -> value (a jsonb
    argument as a Python object). Arguments not named here get _default()."""
    i, today = shop.ids, shop.today
    month, last_month = (str(m) for m in _commission_months_of(shop))
    returning = _intake_payload(shop, customer_id=i["customer"],
                                device={"id": i["device"], "serial": "GR0002"})
    for key in ("customer_name", "phone"):
        returning.pop(key)
    return {
        "session_start": [{"p_workstation": "前台1", "p_application": "aftersales"}],
        "session_end": [{"p_workstation": "前台1", "p_application": "aftersales"}],
        "log_denied": [{"p_action": "intake.create", "p_workstation": "前台1"}],
        "operator_create": [{"p_code": shop.cluster.new_code("h"), "p_name": "新同事",
                             "p_password_hash": SCRAM, "p_template": "counter"}],
        "operator_update": [{"p_code": shop.other, "p_name": "老同事", "p_template": "counter",
                             "p_active": True, "p_version": i["operator_version"]}],
        "operator_set_capability": [{"p_code": shop.other, "p_capability": "reports.view",
                                     "p_granted": True}],
        "operator_set_password": [{"p_code": shop.other, "p_password_hash": SCRAM}],
        "sensitive_values": [{"p_change_id": i["change"]}],
        "text_bigrams": [{"p_text": "张三 GR0001"}],
        "customer_lookup": [{"p_text": "王五", "p_limit": 20}, {"p_text": "1390000", "p_limit": 5},
                            {"p_text": "GR0001", "p_limit": 5}],
        "setting": [{"p_key": "shop"}],
        "format_number": [{"p_prefix": "WX", "p_day": today, "p_seq": 1}],
        "is_working_day": [{"p_day": today}],
        "add_working_days": [{"p_start": today, "p_days": 7}],
        "warranty_decision": [{"p_purchase": today - timedelta(days=100), "p_months": 12,
                               "p_proof": True, "p_human_damage": False, "p_claim": False,
                               "p_today": today}],
        "mask_phone": [{"p_phone": "13912345678"}],
        "refuse": [{"p_code": "fault_required", "p_detail": "fault"}],
        "ticket_intake": [{"p": _intake_payload(shop)}, {"p": returning}],
        "ticket_set_status": [{"p_id": i["ticket"], "p_version": i["ticket_version"],
                               "p_status": "in_repair", "p_reason": ""},
                              {"p_id": i["ticket"], "p_version": i["ticket_version"],
                               "p_status": "cancelled", "p_reason": "客户不修了"}],
        "ticket_edit": [{"p_id": i["ticket"], "p_version": i["ticket_version"],
                         "p": {"promised_on": (today + timedelta(days=10)).isoformat(),
                               "urgent": True, "fault": "不制冷，有异响", "accessories": "遥控器",
                               "appearance": "划痕", "remarks": "加急",
                               "technician_id": i["employee"], "work_type_id": i["work_type"],
                               "address": "北京路2号", "region_id": i["region"],
                               "appointment_at": f"{today + timedelta(days=1)}T10:00:00+08:00"}}],
        "ticket_move": [
            {"p_id": i["ticket"], "p_version": i["ticket_version"],
             "p": {"kind": "shelf", "shelf": "B-02", "note": "换架"}},
            {"p_id": i["ticket"], "p_version": i["ticket_version"],
             "p": {"kind": "warehouse", "warehouse_id": i["warehouse"], "shelf": "3"}},
            {"p_id": i["ticket"], "p_version": i["ticket_version"],
             "p": {"kind": "technician", "employee_id": i["employee"]}},
            {"p_id": i["ticket"], "p_version": i["ticket_version"],
             "p": {"kind": "outlet", "outlet_id": i["outlet"], "carrier": "顺丰",
                   "tracking_number": "SF123", "sent_on": today.isoformat(),
                   "expected_on": (today + timedelta(days=5)).isoformat()}},
            {"p_id": i["ticket"], "p_version": i["ticket_version"],
             "p": {"kind": "factory", "factory": "格力售后", "carrier": "顺丰",
                   "tracking_number": "SF124", "sent_on": today.isoformat(),
                   "expected_on": (today + timedelta(days=15)).isoformat()}}],
        "ticket_quote": [{"p_id": i["ticket"], "p": {"parts_amount": "120.50",
                                                     "labour_amount": "80",
                                                     "other_amount": "0", "note": "换压缩机"}}],
        "ticket_quote_decide": [{"p_quote_id": i["quote"], "p_approved": True,
                                 "p_channel": "phone", "p_decided_on": today,
                                 "p_note": "同意"}],
        "notice_log": [{"p": {"kind": "repaired", "channel": "phone",
                              "recipient": "13900000001", "body": "您好，已修复",
                              "detail": "本人接听", "ticket_id": i["ticket"]}}],
        "notice_result": [{"p_id": i["sending_notice"], "p_ok": True, "p_detail": "ok"}],
        "preorder_create": [{"p": _preorder_payload(shop)}],
        "preorder_arrive": [{"p_id": i["waiting_preorder"], "p_source": "manual"}],
        "preorder_pickup": [{"p_id": i["arrived_preorder"], "p_payment_method": "cash",
                             "p_paid": Decimal("200")}],
        "preorder_cancel": [{"p_id": i["waiting_preorder"], "p_reason": "不要了"}],
        # the quoted ticket is out of warranty: its fees are the customer's
        "ticket_settle": [{"p_id": i["quoted_ticket"], "p_version": i["quoted_version"],
                           "p": _settle_payload()}],
        "settlement_void": [{"p_id": i["settlement"], "p_reason": "收错了"}],
        # revision 0016: an old part taken out of the unit to the scrap warehouse
        "requisition_save": [{"p": {
            "ticket_id": i["ticket"], "operation_id": str(uuid.uuid4()),
            "lines": [{"kind": "removed", "item_id": i["item"], "warehouse_id": i["scrap"],
                       "quantity": "1", "removed_serial": "OLD-0001"}]}}],
        "requisition_lines": [{"p_ticket": i["ticket"]}],
        "ticket_detail": [{"p_id": i["ticket"]}],
        # stock documents (revision 0015)
        "stock_document_save": [
            {"p": _stock_payload(shop, 3)},
            {"p": _stock_payload(shop, 4, id=i["stock_draft"],
                                 version=i["stock_draft_version"])}],
        "stock_document_post": [
            {"p": _stock_payload(shop, 5)},
            {"p": _stock_payload(shop, 1, "other_issue")},
            {"p": _stock_payload(shop, 1, "transfer", to_warehouse_id=i["warehouse2"])},
            {"p": {"id": i["stock_draft"], "version": i["stock_draft_version"],
                   "operation_id": str(uuid.uuid4())}}],
        "stock_document_cancel": [{"p": {"id": i["stock_posted"],
                                         "version": i["stock_posted_version"],
                                         "reason": "开错", "operation_id": str(uuid.uuid4())}}],
        "stock_document_change": [{"p": _stock_payload(
            shop, 8, id=i["stock_posted"], version=i["stock_posted_version"],
            change_reason="数量点错")}],
        "stock_document_delete": [{"p": {"id": i["stock_draft"],
                                         "version": i["stock_draft_version"]}}],
        "stock_document_get": [{"p_id": i["stock_posted"]}],
        # the rules of revision 0010, which the form may ask directly
        "is_blank": [{"p_text": " 不制冷 "}],
        "as_number": [{"p_text": "12.50"}],
        "phone_normal_form": [{"p_raw": "0571 8888 8888"}],
        "normalize_phone": [{"p_raw": "139 1234 5678"}],
        "phone_masked": [{"p_phone": "13912345678"}],
        "billed_to_default": [{"p_warranty_class": "out_of_warranty", "p_rework_free": False}],
        "rework_of": [{"p_prior": [{"ticket_id": i["ticket"],
                                    "picked_up_at": f"{today}T10:00:00+08:00",
                                    "repair_warranty_until": (today + timedelta(days=90))
                                    .isoformat()}], "p_today": today}],
        "transition_capability": [{"p_target": "picked_up"}],
        "transition_refusal": [{"p_current": "pending", "p_target": "in_repair",
                                "p_warranty_class": "out_of_warranty",
                                "p_quote_state": "approved", "p_quote_required": True,
                                "p_rework_free": False, "p_settled": False,
                                "p_may_release_unsettled": False, "p_reason": ""}],
        # and of revision 0011
        "preorder_amounts": [{"p_quantity": Decimal(2), "p_unit_price": Decimal("150"),
                              "p_deposit": Decimal("100")}],
        "sms_recipient": [{"p_raw": "139 1234 5678"}],
        "validate_purchase_date": [{"p_date": today - timedelta(days=100), "p_today": today}],
        # revision 0012: reads the server's log, takes nothing
        "record_failed_logins": [{}],
        # revision 0017: stocktake
        "stocktake_open": [{"p": {"operation_id": str(uuid.uuid4()),
                                  "warehouse_id": i["stocktake_warehouse"], "remarks": "盘点"}}],
        "stocktake_count": [{"p": {"id": i["open_stocktake"], "lines": [
            {"item_id": i["stock_item"], "counted": "2", "add": False, "n": 1}]}}],
        "stocktake_post": [{"p": {"id": i["open_stocktake"], "operation_id": str(uuid.uuid4())}}],
        "stocktake_cancel": [{"p": {"id": i["open_stocktake"], "reason": "不盘了"}}],
        "stocktake_decide": [{"p": {"id": i["posted_stocktake"], "decisions": [
            {"line_id": i["flagged_line"], "decision": "keep"}]}}],
        "stocktake_get": [{"p_id": i["open_stocktake"]}],
        # revision 0018: dispatch
        "dispatch_assign": [
            {"p": {"ticket_id": i["ticket"], "technician_id": i["employee"],
                   "work_type_id": i["work_type"], "override_reason": "", "reason": ""}},
            {"p": {"ticket_id": i["on_site_ticket"], "technician_id": i["employee"],
                   "visit_start": f"{today + timedelta(days=1)}T09:00:00+08:00",
                   "visit_end": f"{today + timedelta(days=1)}T11:30:00+08:00"}},
            {"p": {"ticket_id": i["ticket"], "outlet_id": i["outlet"]}}],
        "dispatch_unassign": [{"p": {"job_id": i["job"], "version": i["job_version"],
                                     "reason": "客户改期"}}],
        "dispatch_mismatch": [{"p_technician": i["employee"], "p_work_type": i["work_type"],
                               "p_region": i["region"]}],
        # revision 0018: a job's own work
        "job_start": [{"p": {"job_id": i["work_job"], "version": i["work_job_version"]}}],
        "job_report": [{"p": {
            "job_id": i["work_job"], "version": i["work_job_version"], "result": "needs_parts",
            "hours": "2.5",
            "work_types": [{"work_type_id": i["work_type"], "quantity": "1"}],
            "fault_cause": "电容老化", "action": "更换电容", "notes": "客户在场",
            "customer_signed": True, "signed_at": f"{today.isoformat()}T10:00:00+08:00",
            "finish": True}}],
        "job_photo_add": [{"p": {"job_id": i["work_job"], "mime": "image/png",
                                 "content": PNG_BASE64, "caption": "铭牌"}}],
        "job_photo_delete": [{"p": {"photo_id": i["job_photo"]}}],
        "job_review": [{"p": {"job_id": i["finished_job"], "version": i["finished_job_version"],
                              "note": "合格"}}],
        "job_unreview": [{"p": {"job_id": i["reviewed_job"],
                                "version": i["reviewed_job_version"], "reason": "工时填错"}}],
        # revision 0021: complaints
        "complaint_open": [
            {"p": {"ticket_id": i["ticket"], "source": "counter", "severity": "high",
                   "summary": "态度差", "details": "客户第二次来电",
                   "technician_id": i["employee"]}},
            {"p": {"customer_id": i["customer"], "source": "phone", "severity": "low",
                   "summary": "电话投诉", "owner": shop.admin}}],
        "complaint_act": [
            {"p": {"complaint_id": i["complaint"], "version": i["complaint_version"],
                   "action": "assign", "owner": shop.admin, "note": "交给店长"}},
            {"p": {"complaint_id": i["complaint"], "version": i["complaint_version"],
                   "action": "resolve", "resolution": "上门换机", "note": "客户同意"}},
            {"p": {"complaint_id": i["resolved_complaint"],
                   "version": i["resolved_complaint_version"], "action": "close",
                   "customer_accepted": True}}],
        "complaint_queue": [{"p": {"view": "open", "severity": "normal", "search": "王五",
                                   "technician_id": i["employee"], "offset": 0,
                                   "limit": 50}}],
        "complaint_get": [{"p_id": i["complaint"]}],
        "complaint_next_state": [{"p_state": "open", "p_action": "start"}],
        # revision 0021: callbacks and surveys
        "callback_due": [{"p": {"view": "due", "service_mode": "repair",
                                "region_id": i["region"], "technician_id": i["employee"],
                                "kind": "service", "search": "周", "offset": 0,
                                "limit": 50}},
                         {"p": {"view": "closed"}}],
        "callback_attempt_log": [{"p": {
            "task_id": i["callback_task"], "version": 1, "outcome": "call_back",
            "call_back_at": f"{today + timedelta(days=1)}T10:00:00+08:00", "note": "下午"}}],
        "survey_record": [{"p": {
            "task_id": i["callback_task"], "version": 1,
            "answers": [{"question_id": q, "score": 4, "answer": "好"} for q in shop.questions],
            "usage": "每天", "suggestion": "无", "notes": "", "corrects_id": None}}],
        "survey_get": [{"p_task": i["callback_task"]}],
        "survey_amend": [{"p": {
            "survey_id": i["survey"],
            "answers": [{"question_id": q, "score": 2, "answer": ""} for q in shop.questions],
            "usage": "偶尔", "suggestion": "", "notes": "改口"}}],
        # revision 0021: inquiries and the customer's history
        "inquiry_log": [
            {"p": {"customer_id": i["customer"], "topic": "usage", "channel": "phone",
                   "product": "空调", "question": "滤网怎么清洗", "answer": "清水冲洗"}},
            {"p": {"customer": {"name": "新客户", "phone": "13900000009"}, "topic": "price",
                   "channel": "visit", "question": "换压缩机多少钱"}}],
        "customer_history": [{"p": {"customer_id": i["customer"],
                                    "kinds": ["ticket", "inquiry"], "offset": 0,
                                    "limit": 50}}],
        # revision 0021: a dealer's list of customers who bought
        "callback_import": [{"p": {
            "kind": "installation", "dealer": "苏宁文三路店", "file_name": "苏宁.xlsx",
            "rows": [{"row": 2, "dealer": "", "customer_name": "王秀英", "phone": "13957112345",
                      "address": "海淀区中关村1号", "region": "海淀", "product": "空调",
                      "brand": "格力", "model": "KFR-35GW", "serial": "GL0001",
                      "purchase_date": (today - timedelta(days=3)).isoformat(),
                      "due_on": (today + timedelta(days=1)).isoformat()}]}}],
        "settlement_totals": [{"p_lines": _settle_payload()["lines"], "p_discount": Decimal(5),
                               "p_discount_reason": "老客户", "p_payment_method": "cash",
                               "p_paid": Decimal(100), "p_default_payer": "customer",
                               "p_payer_reason": ""}],
        # revision 0021: the callback statistics
        "callback_stats": [{"p": {"from": (today - timedelta(days=90)).isoformat(),
                                  "to": today.isoformat(), "group": "service_mode",
                                  "technician_id": i["employee"], "service_mode": "repair"}}],
        "technician_satisfaction": [{"p_from": today - timedelta(days=365), "p_to": today}],
        # revision 0022: commission months (cm-month)
        "commission_month_run": [{"p": {"month": month, "part": 0}}],
        "commission_statement_act": [{"p": {"statement_id": i["statement"],
                                            "version": i["statement_version"],
                                            "action": "confirm"}}],
        "commission_month_settle": [{"p": {"month": last_month,
                                           "version": i["commission_period_version"]}}],
        "commission_periods": [{"p": {}}],
        "commission_statements": [{"p": {
            "month": month, "search": "李", "department_id": None,
            "state": "draft", "payee_kind": "employee", "order": "total", "offset": 0,
            "limit": 50}}],
        "commission_statement_get": [
            {"p": {"statement_id": i["statement"]}},
            {"p": {"month": month, "employee_id": i["employee"]}},
            {"p": {"month": month, "outlet_id": i["outlet"]}}],
        "commission_read_args": [{"p": {"month": month},
                                  "p_read": "statements"}],
        "commission_line_sums": [{"p_month": month, "p_employee": i["employee"],
                                  "p_outlet": None}],
        # revision 0022: a job's shares, rewards and penalties by hand (cm-lines)
        "job_shares_set": [{"p": {"job_id": i["work_job"], "version": i["work_job_version"],
                                  "shares": [{"employee_id": i["employee"], "share": "100"}]}},
                           {"p": {"job_id": i["work_job"], "version": i["work_job_version"],
                                  "shares": []}}],
        "commission_adjust_propose": [
            {"p": {"employee_id": i["employee"], "item_id": i["reward_item"],
                   "reason": "客户表扬", "ticket_id": i["ticket"]}},
            {"p": {"outlet_id": i["outlet"], "amount": "-20.50", "reason": "迟到",
                   "ticket_number": i["ticket_number"]}}],
        "commission_adjust_decide": [
            {"p": {"line_id": i["proposed_line"], "approve": True}},
            {"p": {"line_id": i["proposed_line"], "approve": False, "note": "证据不足"}}],
        "commission_pending": [{"p": {"state": "all", "offset": 0, "limit": 50}}],
        "commission_pending_args": [{"p": {"state": "decided", "offset": 10, "limit": 20}}],
        # revision 0022: the statements' print (cm-reports)
        "commission_print_args": [{"p": {"month": month, "statement_ids": [i["statement"]]}}],
        "commission_month_print": [{"p": {"month": month}},
                                   {"p": {"month": month, "statement_ids": [i["statement"]]}}],
    }


def _default(shop: Shop, name: str, type_name: str) -> Any:
    """A plausible value for an argument no base names."""
    if type_name in ("bigint", "integer", "smallint"):
        if name.endswith("version"):
            return shop.ids["ticket_version"]
        return shop.ids["ticket"] if type_name == "bigint" else 1
    return {"numeric": Decimal("1"), "text": "x", "date": shop.today, "boolean": True,
            "jsonb": {}, "uuid": str(uuid.uuid4()),
            "timestamp with time zone": f"{shop.today}T10:00:00+08:00"}.get(type_name)


def base_calls(shop: Shop, function: Function) -> list[list[Any]]:
    """The valid calls of `function`, as positional argument lists."""
    calls = []
    for base in _bases(shop).get(function.name) or [{}]:
        calls.append([base[name] if name in base else _default(shop, name, type_name)
                      for name, type_name in zip(function.arg_names, function.arg_types,
                                                 strict=True)])
    return calls


def _param(value: Any, type_name: str) -> Any:
    if type_name == "jsonb" and not isinstance(value, str) and value is not None:
        return json.dumps(value, default=str, ensure_ascii=False)  # as the client sends it
    if isinstance(value, date):
        return value.isoformat()
    return value


# -- the checks ----------------------------------------------------------------------------

def _bad_value_checks(cluster: TestCluster, db: str, operator: str
                      ) -> dict[str, list[tuple[str, str]]]:
    """table -> [(column, SQL condition that is true when the column's value is out of
    domain/limits.py)], for the app tables the operator can read."""
    found: dict[str, list[tuple[str, str]]] = {}
    rows = cluster.execute(db, """
        SELECT c.relname, a.attname, format_type(a.atttypid, NULL)
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
        WHERE c.relnamespace = 'app'::regnamespace AND c.relkind = 'r'
          AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
          AND has_table_privilege(%s, c.oid, 'SELECT')
        ORDER BY 1, a.attnum""", (operator,))
    for table, column, type_name in rows:
        ident = f'"{column}"'
        condition = None
        if type_name == "text":
            most = limits.TEXT_MAX.get(table, {}).get(column, 10_000)
            condition = f"length({ident}) > {most}"
        elif type_name == "numeric":
            least, most = limits.numeric_range(table, column)
            condition = f"({ident} = 'NaN' OR {ident} NOT BETWEEN {least} AND {most})"
        elif type_name == "date" or type_name.startswith("timestamp"):
            earliest, latest = limits.date_range(table, column)
            condition = (f"({ident} < '{earliest}'::date "
                         f"OR {ident} >= '{latest + timedelta(days=1)}'::date)")
        elif type_name == "jsonb":
            most = limits.JSON_MAX.get(table, {}).get(column, 10_000)
            condition = f"length({ident}::text) > {most}"
        if condition:
            found.setdefault(table, []).append((column, condition))
    return found


def _bad_values_written(shop: Shop, cur: psycopg2.extensions.cursor) -> list[str]:
    """Out-of-limit values in the rows this transaction wrote."""
    parts = []
    for table, checks in shop.bad_value_checks.items():
        cases = ", ".join(f"CASE WHEN {condition} THEN '{column}' END"
                          for column, condition in checks)
        parts.append(f"SELECT '{table}' AS t, array_remove(ARRAY[{cases}], NULL) AS bad "
                     f"FROM app.{table} WHERE xmin = pg_current_xact_id()::xid")
    cur.execute("SELECT t, bad FROM (" + " UNION ALL ".join(parts)
                + ") s WHERE cardinality(bad) > 0 LIMIT 5")
    return [f"{table}.{column}" for table, bad in cur.fetchall() for column in bad]


# Functions whose job is to refuse with the code they are given.
REFUSERS = {"refuse"}


def refusal_problem(error: psycopg2.Error, unconvertible: bool,
                    function: Function | None = None) -> str | None:
    """None when `error` is a refusal the operator can read; else what is wrong."""
    pgcode = error.pgcode or ""
    hint = error.diag.message_hint or ""
    primary = (error.diag.message_primary or str(error)).splitlines()[0][:120]
    if hint.startswith("aftersales:"):
        code = hint.removeprefix("aftersales:").partition(":")[0]
        refuser = function is not None and function.name in REFUSERS
        if code not in REFUSALS and code not in ("denied", "capability") and not refuser:
            return f"refusal code {code!r} is not in the catalogue"
    elif pgcode == "42501":
        # a capability the operator lacks, or a table it may not write: a refusal; a
        # function it may not call from inside one it may is a missing grant (a bug)
        if primary.startswith("permission denied for function"):
            return f"{pgcode}: {primary} (called from a function the operator may call)"
    elif pgcode.startswith("23"):
        constraint = error.diag.constraint_name or ""
        if pgcode != "23502" and constraint not in CONSTRAINTS:
            return f"{pgcode} constraint {constraint!r} has no field (domain/constraints.py)"
    elif pgcode == "22004":
        return f"{pgcode}: {primary}"  # "RAISE statement option cannot be null"
    elif pgcode.startswith("22") and (unconvertible or (function is not None
                                                        and not function.writes)):
        # a value the argument's type cannot hold; or a pure rule (it stores nothing)
        # saying its input is not one the client sends: the translator's "not valid"
        pass
    else:
        return f"{pgcode}: {primary}"
    if user_error(error) is None and not (function is not None and function.name in REFUSERS):
        return f"{pgcode}: the translator does not know it ({primary})"
    return None


@dataclass
class Report:
    calls: int = 0
    problems: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    # (seconds, call) of every call, for bench/bench_hostile.py
    timings: list[tuple[float, str]] = field(default_factory=list)
    # and, when `keep`, what each call was, so the bench can time the slowest again
    keep: bool = False
    kept: list[tuple[float, str, Function, list[Any], bool]] = field(default_factory=list)

    def add(self, problem: str) -> None:
        self.problems.append(problem)

    def check(self) -> None:
        shown = "\n".join(self.problems[:40])
        more = len(self.problems) - 40
        assert not self.problems, (
            f"{len(self.problems)} of {self.calls} hostile calls went wrong"
            f"{f' ({more} more not shown)' if more > 0 else ''}:\n{shown}")


def run_call(shop: Shop, conn: psycopg2.extensions.connection, function: Function,
             args: list[Any], what: str, report: Report, *, unconvertible: bool = False,
             null_argument: str | None = None) -> None:
    report.calls += 1
    params = tuple(_param(a, t) for a, t in zip(args, function.arg_types, strict=True))
    cur = conn.cursor()
    query = cur.mogrify(function.call_sql(), params)  # quoting 1 MB is the client's time
    started = time.perf_counter()
    try:
        cur.execute(query)
        elapsed = time.perf_counter() - started
        try:
            cur.fetchall()
        except (ValueError, OverflowError) as unreadable:  # a date past year 9999
            report.add(f"{what}: returned what psycopg2 cannot read ({unreadable})")
        bad = _bad_values_written(shop, cur)
        if bad:
            report.add(f"{what}: stored {', '.join(bad)}")
        elif (null_argument and function.writes
              and null_argument not in NULLABLE.get(function.name, set())):
            report.add(f"{what}: a NULL {null_argument} was taken as a value")
    except psycopg2.Error as error:
        elapsed = time.perf_counter() - started
        problem = refusal_problem(error, unconvertible, function)
        if problem:
            report.add(f"{what}: {problem}")
    finally:
        cur.close()
        conn.rollback()
    report.timings.append((elapsed, what))
    if report.keep:
        report.kept.append((elapsed, what, function, args, unconvertible))
    if elapsed > CALL_LIMIT_S:
        report.add(f"{what}: took {elapsed:.2f} s")
    if elapsed > report.slowest[0]:
        report.slowest = (elapsed, what)


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Shop:
    return _build_shop(cluster)


@pytest.fixture()
def conn(shop: Shop) -> Iterator[psycopg2.extensions.connection]:
    connection = shop.connect()
    yield connection
    connection.close()


def _describe(function: Function, index: int, detail: str) -> str:
    return f"{function.qualified} #{index} {detail}"


# -- the tests -----------------------------------------------------------------------------

def test_every_function_an_operator_may_execute_is_called(shop: Shop) -> None:
    """The enumeration finds the functions the screens call (so the others are not
    silently skipped), and each has a realistic base call."""
    names = {f.name for f in shop.functions}
    assert {"ticket_intake", "ticket_settle", "preorder_pickup", "customer_lookup",
            "add_working_days", "text_bigrams", "operator_create"} <= names
    assert "need" not in names and "next_number" not in names  # internal, not granted
    missing = sorted(names - set(_bases(shop)) - {"shop_today", "shop_midnight",
                                                  "ticket_board", "intake_context"})
    # every function either has a base above or takes only arguments that _default()
    # fills sensibly; a new writing function needs a realistic base to be tested well
    assert all(not f.writes or f.name not in missing for f in shop.functions), missing


def test_every_base_call_succeeds(shop: Shop, conn: psycopg2.extensions.connection) -> None:
    """The hostile calls change one thing in a call that works, so each base must work."""
    failures = []
    for function in shop.functions:
        for index, args in enumerate(base_calls(shop, function)):
            params = tuple(_param(a, t) for a, t in zip(args, function.arg_types, strict=True))
            try:
                with conn.cursor() as cur:
                    cur.execute(function.call_sql(), params)
                    cur.fetchall()
            except psycopg2.Error as error:
                if function.name in REFUSERS and error.pgcode == "P0001":
                    continue  # it refused, as it should
                failures.append(f"{function.qualified} #{index}: {error.pgcode} "
                                f"{error.diag.message_primary} {error.diag.message_hint}")
            finally:
                conn.rollback()
    assert not failures, "\n".join(failures)


def call_hostile_arguments(shop: Shop, conn: psycopg2.extensions.connection,
                           report: Report) -> None:
    """Every argument of every function, replaced in turn by each hostile value."""
    for function in shop.functions:
        for index, base in enumerate(base_calls(shop, function)):
            for position, (name, type_name) in enumerate(zip(
                    function.arg_names, function.arg_types, strict=True)):
                for hostile in _sql_values(type_name):
                    args = list(base)
                    args[position] = hostile.value
                    run_call(shop, conn, function, args,
                             _describe(function, index, f"{name}={hostile.label}"), report,
                             unconvertible=hostile.unconvertible,
                             null_argument=name if hostile.value is None else None)


def _mutations(value: Any, keys: dict[str, str | None], path: str = ""
               ) -> Iterator[tuple[str, Any]]:
    """(path, mutated copy) for every key of every object in `value`, and for each key
    the function reads that the base does not send."""
    if isinstance(value, dict):
        for key in sorted(set(value) | set(keys)):
            for hostile in _json_values(keys.get(key)):
                changed = dict(value)
                changed[key] = hostile.value
                yield f"{path}{key}={hostile.label}", changed
            inner = value.get(key)
            if isinstance(inner, dict | list):
                for inner_path, inner_changed in _mutations(inner, keys, f"{path}{key}."):
                    changed = dict(value)
                    changed[key] = inner_changed
                    yield inner_path, changed
    elif isinstance(value, list) and value:
        # the first element stands for all of them
        for inner_path, inner_changed in _mutations(value[0], keys, f"{path}0."):
            yield inner_path, [inner_changed, *value[1:]]


def call_hostile_json_fields(shop: Shop, conn: psycopg2.extensions.connection,
                             report: Report) -> None:
    """Every key a function reads from a jsonb argument, replaced in turn by each hostile
    value of the type the body casts it to."""
    for function in shop.functions:
        if "jsonb" not in function.arg_types:
            continue
        keys = json_keys(function.source)
        for index, base in enumerate(base_calls(shop, function)):
            for position, type_name in enumerate(function.arg_types):
                if type_name != "jsonb" or not isinstance(base[position], dict):
                    continue
                for path, changed in _mutations(base[position], keys):
                    args = list(base)
                    args[position] = changed
                    run_call(shop, conn, function, args, _describe(function, index, path),
                             report)


def test_hostile_arguments_are_refused(shop: Shop, conn: psycopg2.extensions.connection
                                       ) -> None:
    report = Report()
    call_hostile_arguments(shop, conn, report)
    print(f"{report.calls} calls, slowest {report.slowest[0] * 1000:.0f} ms: "
          f"{report.slowest[1]}")
    report.check()


def test_hostile_json_fields_are_refused(shop: Shop, conn: psycopg2.extensions.connection
                                         ) -> None:
    report = Report()
    call_hostile_json_fields(shop, conn, report)
    print(f"{report.calls} calls, slowest {report.slowest[0] * 1000:.0f} ms: "
          f"{report.slowest[1]}")
    report.check()


def test_null_ids_are_refused_not_raise_option_errors(
        shop: Shop, conn: psycopg2.extensions.connection) -> None:
    """A NULL id is a refusal ("the ticket no longer exists"), not PostgreSQL's "RAISE
    statement option cannot be null" from a refusal whose detail is the NULL id."""
    report = Report()
    for function in shop.functions:
        for index, base in enumerate(base_calls(shop, function)):
            for position, name in enumerate(function.arg_names):
                if not name.endswith("id") or function.arg_types[position] != "bigint":
                    continue
                args = list(base)
                args[position] = None
                report.calls += 1
                try:
                    with conn.cursor() as cur:
                        cur.execute(function.call_sql(), tuple(
                            _param(a, t) for a, t in zip(args, function.arg_types,
                                                         strict=True)))
                        cur.fetchall()
                    if function.writes:
                        report.add(_describe(function, index, f"{name}=NULL: not refused"))
                except psycopg2.Error as error:
                    if not (error.diag.message_hint or "").startswith("aftersales:"):
                        report.add(_describe(function, index, f"{name}=NULL: {error.pgcode} "
                                             f"{error.diag.message_primary}"))
                finally:
                    conn.rollback()
    assert report.calls > 10
    report.check()


def _writable_columns(shop: Shop) -> list[tuple[str, str, str]]:
    return [(str(t), str(c), str(k)) for t, c, k in shop.cluster.execute(shop.db, """
        SELECT c.relname, a.attname, format_type(a.atttypid, NULL)
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
        WHERE c.relnamespace = 'app'::regnamespace AND c.relkind = 'r'
          AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
          AND a.attidentity = ''
          AND format_type(a.atttypid, NULL) IN ('text', 'numeric', 'date', 'jsonb',
                                                'timestamp with time zone')
          AND has_column_privilege(%s, c.oid, a.attnum, 'UPDATE')
        ORDER BY 1, a.attnum""", (shop.admin,))]


def _direct_values(table: str, column: str, type_name: str) -> list[Hostile]:
    if type_name == "text":
        most = limits.TEXT_MAX.get(table, {}).get(column, 10_000)
        return [Hostile(f"{most + 1} characters", "字" * (most + 1)),
                Hostile("1 MB", MEGABYTE_TEXT)]
    if type_name == "numeric":
        least, most = limits.numeric_range(table, column)
        found = [Hostile("NaN", "NaN"), Hostile("Infinity", "Infinity", unconvertible=True),
                 Hostile("-Infinity", "-Infinity", unconvertible=True),
                 Hostile("1e20", "1e20", unconvertible=True)]
        if least >= 0:
            found.append(Hostile("-0.01", "-0.01"))
        if most < limits.MONEY_MAX:  # a narrower column (standard hours): just past it
            found.append(Hostile("past its most", str(most + 1), unconvertible=True))
        return found
    if type_name == "jsonb":
        return [Hostile("1 MB string", json.dumps(MEGABYTE_TEXT, ensure_ascii=False))]
    return [Hostile("year 1", "0001-01-01"), Hostile("year 9999", "9999-12-31"),
            Hostile("infinity", "infinity"),
            # a date, but past the last timestamp PostgreSQL has
            Hostile("year 5874897", "5874897-01-01", unconvertible=type_name != "date")]


def test_direct_writes_of_out_of_limit_values_are_refused(
        shop: Shop, conn: psycopg2.extensions.connection) -> None:
    """What an operator may UPDATE with plain SQL (master data, settings) holds the same
    limits: too long, NaN, infinite or implausible dates are refused by a constraint
    the translator names the field of."""
    report = Report()
    columns = _writable_columns(shop)
    tables = {table for table, _c, _t in columns}
    assert {"customer", "device", "employee", "region", "service_outlet", "shop_setting",
            "work_calendar", "item"} <= tables
    empty = [t for t in sorted(tables) if not shop.cluster.execute(
        shop.db, f"SELECT EXISTS (SELECT FROM app.{t})")[0][0]]
    for table, column, type_name in columns:
        if table in empty:
            continue
        for hostile in _direct_values(table, column, type_name):
            what = f"UPDATE app.{table} SET {column} = {hostile.label}"
            report.calls += 1
            started = time.perf_counter()
            try:
                with conn.cursor() as cur:
                    cur.execute(f'UPDATE app.{table} SET "{column}" = %s::{type_name} '
                                f"WHERE ctid = (SELECT ctid FROM app.{table} LIMIT 1)",
                                (hostile.value,))
                report.add(f"{what}: stored")
            except psycopg2.Error as error:
                problem = refusal_problem(error, hostile.unconvertible)
                if problem:
                    report.add(f"{what}: {problem}")
            finally:
                conn.rollback()
            if time.perf_counter() - started > CALL_LIMIT_S:
                report.add(f"{what}: took more than {CALL_LIMIT_S} s")
    report.check()
    # every editable table was tried
    assert not empty, f"no row to update in {empty}"



# Master-data amounts an operator with masterdata.edit (or the administrator) may write
# with a plain INSERT: (table, the columns of a valid row, the amount column)
MONEY_INSERTS = [
    ("item", {"code": "NAN1", "name": "电容", "kind": "part"}, "sale_price"),
    ("work_type", {"code": "NAN2", "name": "大修"}, "labour_fee"),
    ("work_type", {"code": "NAN3", "name": "中修"}, "standard_hours"),
    ("reward_penalty_item", {"code": "NAN4", "name": "好评"}, "amount"),
    ("overdue_rule", {"name": "逾期2"}, "amount_per_day"),
]


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e20"])
@pytest.mark.parametrize(("table", "row", "column"), MONEY_INSERTS,
                         ids=[f"{t}.{c}" for t, _r, c in MONEY_INSERTS])
def test_plain_inserts_of_non_finite_amounts_are_refused(
        shop: Shop, conn: psycopg2.extensions.connection, table: str,
        row: dict[str, str], column: str, value: str) -> None:
    """NaN compares greater than every number, so it passed each `>= 0` and was stored as
    an item's price; infinity and 1e20 are past numeric(12,2). Refused by a constraint
    the translator names the field of (or the type's overflow, which it maps too)."""
    columns = [*row, column]
    with conn.cursor() as cur:
        cur.execute("SELECT has_table_privilege(current_user, %s, 'INSERT')", (f"app.{table}",))
        assert cur.fetchone()[0], f"the operator may not INSERT into app.{table}"
        with pytest.raises(psycopg2.Error) as refused:
            cur.execute(f"INSERT INTO app.{table} ({', '.join(columns)}) VALUES "
                        f"({', '.join(['%s'] * len(columns))})", (*row.values(), value))
    conn.rollback()
    error = refused.value
    assert refusal_problem(error, unconvertible=value != "NaN") is None, error
    if value == "NaN":
        assert error.diag.constraint_name == f"{table}_{column}_finite"
    assert user_error(error) is not None


def test_plain_inserts_of_item_costs_and_wages_are_refused(
        shop: Shop, conn: psycopg2.extensions.connection) -> None:
    """The amounts kept apart for their grants (an item's cost, an employee's wage)."""
    for table, key, column in (("item_cost", "item_id", "cost_price"),
                               ("employee_wage", "employee_id", "post_wage")):
        owner = shop.ids["item"] if table == "item_cost" else shop.ids["employee"]
        for value in ("NaN", "Infinity"):
            with conn.cursor() as cur, pytest.raises(psycopg2.Error) as refused:
                # the row exists: the plain write is its upsert
                cur.execute(f"INSERT INTO app.{table} ({key}, {column}) VALUES (%s, %s) "
                            f"ON CONFLICT ({key}) DO UPDATE SET {column} = EXCLUDED.{column}",
                            (owner, value))
            conn.rollback()
            assert refusal_problem(refused.value, unconvertible=value != "NaN") is None
            assert user_error(refused.value) is not None


def test_a_refused_statement_is_not_written_to_the_server_log(
        shop: Shop, conn: psycopg2.extensions.connection) -> None:
    """Refusals are errors: with PostgreSQL's default every refused statement went to the
    server log whole (a refused intake's customer name and phone; 2 MB of log, and 30 ms,
    for each call with a 1 MB text). The log keeps the error, not the statement."""
    if shop.cluster.server is None:
        pytest.skip("an external server's log settings are its administrator's")
    said, sent = f"detail-{uuid.uuid4().hex}", f"statement-{uuid.uuid4().hex}"
    with conn.cursor() as cur, pytest.raises(psycopg2.Error):
        cur.execute(f"SELECT app.refuse('field_required', %s) /* {sent} */", (said,))
    conn.rollback()
    logs = shop.cluster.server.pgdata / "log"

    def written() -> str:
        return "".join(f.read_text(encoding="utf-8", errors="replace")
                       for f in logs.iterdir())

    deadline = time.monotonic() + 10
    while said not in written():  # the collector writes a moment later
        assert time.monotonic() < deadline, "the refusal itself is not in the log"
        time.sleep(0.1)
    assert sent not in written()


@pytest.mark.parametrize(("function_name", "where"), [
    ("ticket_settle", ("p", "lines", 0, "quantity")),
    ("preorder_create", ("p", "quantity")),
])
def test_a_quantity_that_rounds_to_nothing_is_refused(
        shop: Shop, conn: psycopg2.extensions.connection, function_name: str,
        where: tuple[Any, ...]) -> None:
    """0.004 passed `quantity > 0` and was stored as 0.00: a line or an order of nothing."""
    function = next(f for f in shop.functions if f.name == function_name)
    args = base_calls(shop, function)[0]
    position = function.arg_names.index(where[0])
    payload = json.loads(json.dumps(args[position], default=str))
    inner = payload
    for key in where[1:-1]:
        inner = inner[key]
    inner[where[-1]] = "0.004"
    args[position] = payload
    with conn.cursor() as cur, pytest.raises(psycopg2.Error) as refused:
        cur.execute(function.call_sql(), tuple(
            _param(a, t) for a, t in zip(args, function.arg_types, strict=True)))
    conn.rollback()
    assert refusal_problem(refused.value, unconvertible=False, function=function) is None
    assert user_error(refused.value) is not None
