"""Demo technicians' pay (提成工资): rules, grade factors, pay schemes, last month settled
and this month in draft, made through the functions the screens call, by the demo's own
logins.

- With the master data (`load_commission_rules`, before any demo job is reviewed: a job's
  lines are made when it is reviewed, with the rules of the day it was finished): a rule
  for each service mode and work type the shop does (fixed amounts, % of the labour fee,
  % of the parts margin for an exchange), grade factors 初级 1.0 / 中级 1.1 / 高级 1.2,
  and pay schemes: 吴海涛 and 郑小龙 on the hours scheme (basic 120 h, rated 160 h; 郑小龙
  still on probation), 周建国 (技术主管) the supervisor of their department.
- After the jobs and the callbacks (`load_demo_commissions`): jobs reviewed as if last
  month (the counter takes them in, the dispatcher assigns, the technicians report, the
  manager 陈杰 reviews; the superuser then moves their days and lines back a month, the
  one thing no screen does), last month run, every statement confirmed and the month
  settled by 陈杰; this month run (its statements draft), a penalty 陈杰 proposed and the
  administrator approved (four eyes), and a reward proposed and waiting.

Loading twice changes nothing: nothing is made when the shop has a statement.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, text

from aftersales_desktop.core.db import dsn_engine

from .demo_jobs import DemoJob, job_shop, make_job
from .frontdesk._calls import as_json, call

LOGINS = ("zhangmin", "liuyang", "wangqiang", "zhaolei", "chenjie")
MANAGER = "chenjie"
RULES_FROM = date(2000, 1, 1)

# (service mode, work type code, kind, amount or rate, note)
RULES: list[tuple[str, str, str, str, str]] = [
    ("repair", "major", "labour_pct", "30", "大修按工时费 30%"),
    ("repair", "medium", "labour_pct", "30", "中修按工时费 30%"),
    ("repair", "minor", "fixed", "15.00", "小修每单 15 元"),
    ("repair", "exchange", "margin_pct", "20", "换机按配件毛利 20%"),
    ("repair", "delivery", "fixed", "8.00", ""),
    ("repair", "cleaning", "fixed", "5.00", ""),
    ("repair", "install", "fixed", "30.00", ""),
    ("installation", "install", "fixed", "40.00", "安装每台 40 元"),
    ("installation", "delivery", "fixed", "10.00", ""),
    ("installation", "cleaning", "fixed", "5.00", ""),
    ("installation", "medium", "labour_pct", "25", ""),
    ("installation", "minor", "fixed", "12.00", ""),
    ("outsourced", "major", "labour_pct", "20", "外协网点按工时费 20%"),
    ("outsourced", "medium", "labour_pct", "20", "外协网点按工时费 20%"),
    ("outsourced", "minor", "fixed", "10.00", ""),
    ("outsourced", "install", "fixed", "25.00", ""),
]
GRADE_FACTORS = [("初级", "1.000"), ("中级", "1.100"), ("高级", "1.200")]
# employee code -> (scheme, basic hours, rated hours, probation, supervisor)
PAY: dict[str, tuple[str, str, str, bool, bool]] = {
    "E006": ("commission", "0", "0", False, True),
    "E007": ("hours", "120", "160", False, False),
    "E008": ("hours", "120", "160", True, False),
}
# last month's jobs: (end, assignee, on site); reviewed, then moved back a month
LAST_MONTH_JOBS: list[DemoJob] = [
    DemoJob("reviewed", "E004", True, visit_day=-2, visit_hour=11),
    DemoJob("reviewed", "E005", False),
    DemoJob("reviewed", "E004", False),
    DemoJob("reviewed", "E007", False),
    DemoJob("reviewed", "E008", False),
    DemoJob("reviewed", "E005", True, visit_day=-3, visit_hour=11, late_days=2),
    DemoJob("reviewed", "outlet", True, visit_day=-4, visit_hour=11),
]


def load_commission_rules(conn: Connection) -> int:
    """The rules, the grade factors and the pay schemes (with the master data, as the
    superuser); skipped when the shop has a commission rule. Returns the rows added."""
    if conn.execute(text("SELECT EXISTS (SELECT FROM app.commission_rule)")).scalar():
        return 0
    work_types = {code: int(wid) for code, wid in conn.execute(text(
        "SELECT code, id FROM app.work_type"))}
    rules = [{"m": mode, "w": work_types[code], "k": kind,
              "a": value if kind == "fixed" else None,
              "r": None if kind == "fixed" else value, "f": RULES_FROM, "n": note}
             for mode, code, kind, value, note in RULES if code in work_types]
    conn.execute(text(
        "INSERT INTO app.commission_rule (service_mode, work_type_id, kind, amount, rate, "
        "valid_from, note) VALUES (:m, :w, :k, CAST(:a AS numeric), CAST(:r AS numeric), "
        ":f, :n)"), rules)
    factors = 0
    for grade, factor in GRADE_FACTORS:
        factors += conn.execute(text(
            "INSERT INTO app.commission_grade_factor (grade, factor) "
            "VALUES (:g, CAST(:f AS numeric)) ON CONFLICT (grade) DO NOTHING"),
            {"g": grade, "f": factor}).rowcount
    pay = 0
    for code, (scheme, basic, rated, probation, supervisor) in PAY.items():
        pay += conn.execute(text(
            "INSERT INTO app.employee_pay (employee_id, scheme, basic_hours, rated_hours, "
            "probation, supervisor) SELECT e.id, :s, CAST(:b AS numeric), "
            "CAST(:r AS numeric), :p, :v FROM app.employee e WHERE e.code = :c "
            "ON CONFLICT (employee_id) DO NOTHING"),
            {"c": code, "s": scheme, "b": basic, "r": rated, "p": probation,
             "v": supervisor}).rowcount
    return len(rules) + factors + pay


def _json(conn: Connection, function: str, payload: dict[str, Any]) -> Any:
    return call(conn, f"SELECT app.{function}(CAST(:p AS jsonb))", {"p": as_json(payload)})


def run_month(conn: Connection, month: date) -> int:
    """The month run, part after part, as the month page runs it; returns the payees."""
    part, parts, payees = 0, 1, 0
    while part < parts:
        found = _json(conn, "commission_month_run", {"month": month, "part": part})
        parts, payees = int(found["parts"]), int(found["total_payees"])
        part += 1
    return payees


def _statements(conn: Connection, month: date) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while True:
        found = _json(conn, "commission_statements", {"month": month, "offset": len(rows),
                                                      "limit": 200})
        rows += found["rows"]
        if len(rows) >= int(found["total"]) or not found["rows"]:
            return rows


def settle_month(conn: Connection, month: date) -> int:
    """Every statement of the month confirmed, then the month settled (as the manager);
    returns the statements settled."""
    for row in _statements(conn, month):
        if row["state"] == "draft":
            _json(conn, "commission_statement_act", {
                "statement_id": row["id"], "version": row["version"], "action": "confirm"})
    periods = _json(conn, "commission_periods", {})["rows"]
    version = next(int(p["version"]) for p in periods if str(p["month"])[:10] == str(month))
    settled = _json(conn, "commission_month_settle", {"month": month, "version": version})
    return int(settled["statements"])


def load_demo_commissions(superuser_dsn: str, password: str, *, seed: int = 14) -> str:
    """Last month settled, this month in draft (see the module's doc)."""
    from .demo_tickets import _dsn_as

    rng = random.Random(seed)
    logins = {who: dsn_engine(_dsn_as(superuser_dsn, who, password)) for who in LOGINS}
    admin = dsn_engine(superuser_dsn)
    try:
        with admin.connect() as su:
            su = su.execution_options(isolation_level="AUTOCOMMIT")
            if su.execute(text("SELECT EXISTS (SELECT FROM app.commission_statement)")
                          ).scalar():
                return "demo commissions already there"
            shop = job_shop(su)
            if shop is None:
                return "no demo commissions: load the demo shop first"
            conns = {who: engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                     for who, engine in logins.items()}
            try:
                this_month = shop.today.replace(day=1)
                last_month = (this_month - timedelta(days=1)).replace(day=1)
                tickets = [make_job(conns, su, demo, shop, rng) for demo in LAST_MONTH_JOBS]
                _move_back(admin, su, tickets, last_month)
                manager = conns[MANAGER]
                last_payees = run_month(manager, last_month)
                settled = settle_month(manager, last_month)
                adjusted = _adjustments(conns, su)
                payees = run_month(manager, this_month)
            finally:
                for conn in conns.values():
                    conn.close()
    finally:
        admin.dispose()
        for engine in logins.values():
            engine.dispose()
    return (f"demo commissions: {last_month:%Y-%m} settled ({last_payees} payees, {settled} "
            f"statements), {this_month:%Y-%m} in draft ({payees} payees, {adjusted} "
            "rewards and penalties)")


def _move_back(admin: Engine, su: Connection, tickets: list[int], month: date) -> None:
    """The tickets' jobs as if finished and reviewed in `month` (the 8th, 11th, ...), and
    their lines in its period: what reviewing them then would have made."""
    su.execute(text("SELECT app.commission_open_period(:d)"), {"d": month})
    jobs = [int(j) for j in su.execute(text(
        "SELECT id FROM app.job WHERE ticket_id = ANY(:t) AND state = 'reviewed' "
        "ORDER BY id"), {"t": tickets}).scalars()]
    with admin.begin() as tx:
        # the triggers off for this one move: no audit rows and no late-event lines
        # for what only the demo does
        tx.execute(text("SET LOCAL session_replication_role = replica"))
        for index, job in enumerate(jobs):
            back = month + timedelta(days=7 + 3 * index)
            tx.execute(text("""
                UPDATE app.job SET
                    finished_at = finished_at - (app.shop_today() - CAST(:d AS date))
                                  * interval '1 day',
                    reported_at = reported_at - (app.shop_today() - CAST(:d AS date))
                                  * interval '1 day',
                    reviewed_at = reviewed_at - (app.shop_today() - CAST(:d AS date) - 1)
                                  * interval '1 day'
                WHERE id = :j"""), {"d": back, "j": job})
        tx.execute(text("UPDATE app.commission_line SET period = :m, created_at = "
                        "created_at - (app.shop_today() - CAST(:m AS date) - 20) "
                        "* interval '1 day' WHERE job_id = ANY(:j)"),
                   {"m": month, "j": jobs})


def _adjustments(conns: dict[str, Connection], su: Connection) -> int:
    """This month: a penalty 陈杰 proposed and the administrator approved, a reward
    proposed and waiting for approval."""
    items: dict[str, int] = {str(c): int(i) for c, i in su.execute(text(
        "SELECT code, id FROM app.reward_penalty_item"))}
    staff: dict[str, int] = {str(c): int(i) for c, i in su.execute(text(
        "SELECT code, id FROM app.employee"))}
    ticket = su.execute(text(
        "SELECT j.ticket_id FROM app.job j JOIN app.employee e ON e.id = j.technician_id "
        "WHERE e.code = 'E005' AND j.state = 'reviewed' ORDER BY j.id DESC LIMIT 1")).scalar()
    manager = conns[MANAGER]
    penalty = _json(manager, "commission_adjust_propose", {
        "employee_id": staff["E005"], "item_id": items.get("timeliness"),
        "amount": "-20.00", "reason": "上门迟到 40 分钟，客户投诉", "ticket_id": ticket})
    # as the administrator, whose password the demo does not know on a shop server of its
    # own (`aftersales-server init --admin`): the superuser takes its session identity
    su.execute(text("SET SESSION AUTHORIZATION admin"))
    try:
        _json(su, "commission_adjust_decide", {
            "line_id": penalty["line_id"], "approve": True, "note": "属实"})
    finally:
        su.execute(text("RESET SESSION AUTHORIZATION"))
    _json(manager, "commission_adjust_propose", {
        "employee_id": staff["E004"], "item_id": items.get("contribution"),
        "amount": "50.00", "reason": "周末加班抢修商场空调"})
    return 2
