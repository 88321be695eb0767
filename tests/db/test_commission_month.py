"""The commission month (revision 0022's MONTH_ section): the month run (parts, hours
pay with the seed's cases, supervisor pay, automatic rewards and penalties, the post
wage), a rerun of a draft month that changes nothing, confirming, reopening and
settling with each refusal, the lock of a settled month, and the reads as a manager, a
viewer and a technician (only their own statement), one round trip each.

Each test takes its own month (months before the shop's today), so that the tests do not
see each other's lines."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import psycopg2
import pytest
from sqlalchemy import event, text

from aftersales_desktop.core.db import Database
from tests.db.commission_month_shop import (
    HOURS_TEAM,
    MonthShop,
    Refused,
    money,
    month_shop,
    months_before,
)
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Iterator[MonthShop]:
    yield from month_shop(cluster)


def _refused(code: str, call: Any, *args: Any, **kwargs: Any) -> Refused:
    with pytest.raises(Refused) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value
    return caught.value


def _hours(shop: MonthShop, month: Any, name: str, repair: str, other: str = "0") -> None:
    shop.line(month, name, hours=repair, hours_kind="repair")
    if other != "0":
        shop.line(month, name, hours=other, hours_kind="other")


def _hours_key(shop: MonthShop, name: str) -> str:
    return f"run:hours:e:{shop.employees[name]}"


def _sup_key(shop: MonthShop, name: str) -> str:
    return f"run:sup:e:{shop.employees[name]}"


# -- the run -------------------------------------------------------------------------------

def test_hours_pay_follows_the_seeds_cases_and_the_supervisor_gets_his_share(
        shop: MonthShop) -> None:
    month = months_before(shop.today, 2)
    # 甲 at or below basic, 乙 between basic and rated, 丙 at rated (repair + other / 2),
    # 丁 above rated, 戊 above rated on probation
    for name, repair, other in (("甲", "100", "0"), ("乙", "140", "0"), ("丙", "150", "20"),
                                ("丁", "180", "0"), ("戊", "180", "0")):
        _hours(shop, month, name, repair, other)
    shop.run(month)
    expected = {"甲": "0.00", "乙": "30.00", "丙": "60.00", "丁": "120.00", "戊": "0.00"}
    for name, pay in expected.items():
        (line,) = shop.run_lines(month, name).values()
        assert line["kind"] == "hours_pay" and line["origin"] == "run"
        assert money(line["amount"]) == Decimal(pay), name
        assert money(line["basic_hours"]) == 120 and money(line["rated_hours"]) == 160
        assert line["hours"] is None  # the pay adds no hours of its own
        statement = shop.statement(month, name)
        assert money(statement["hours_pay"]) == Decimal(pay)
        assert money(statement["post_wage"]) == Decimal("2000.00")
        assert money(statement["total"]) == Decimal("2000.00") + Decimal(pay)
        assert statement["scheme"] == "hours" and statement["line_count"] == (
            3 if name == "丙" else 2)
    third = shop.run_lines(month, "丙")[_hours_key(shop, "丙")]
    assert (money(third["repair_hours"]), money(third["other_hours"])) == (150, 20)
    probation = shop.run_lines(month, "戊")[_hours_key(shop, "戊")]
    assert probation["reason"] == "probation"

    # the supervisor: the members' assessed 760 h >= 70 % of the quota 800 h; twice the
    # average pay of the members not on probation (0, 30, 60, 120)
    supervisor = shop.run_lines(month, "组长")
    team = supervisor[_sup_key(shop, "组长")]
    assert team["kind"] == "supervisor_pay"
    assert money(team["amount"]) == Decimal("105.00")
    assert money(team["repair_hours"]) == 760 and money(team["rated_hours"]) == 800
    assert money(team["base"]) == Decimal("52.50") and Decimal(str(team["quantity"])) == 4
    assert money(supervisor[_hours_key(shop, "组长")]["amount"]) == 0
    statement = shop.statement(month, "组长")
    assert money(statement["hours_pay"]) == Decimal("105.00")
    assert money(statement["total"]) == Decimal("4105.00")


def test_a_supervisor_below_the_threshold_gets_nothing(shop: MonthShop) -> None:
    month = months_before(shop.today, 3)
    _hours(shop, month, "丁", "180")  # 180 h of a quota of 800 h: below 70 %
    shop.run(month)
    pay = shop.run_lines(month, "组长")[_sup_key(shop, "组长")]
    assert money(pay["amount"]) == 0
    assert money(shop.run_lines(month, "丁")[
        _hours_key(shop, "丁")]["amount"]) == Decimal("120.00")


def test_surveys_and_complaints_make_the_automatic_items(shop: MonthShop) -> None:
    month = months_before(shop.today, 4)
    before, after = months_before(shop.today, 5), months_before(shop.today, 3)
    high = shop.survey("王强", month, 3, 5)
    low = shop.survey("王强", month, 4, 2)
    shop.survey("王强", month, 5, 3)  # neither
    corrected = shop.survey("王强", month, 6, 1)
    shop.survey("王强", month, 7, 4, corrects=corrected)  # the correction: neither
    shop.survey("王强", before, 20, 1)  # another month
    complaint = shop.complaint("王强", month, 10)
    shop.complaint("王强", after, 1)
    shop.survey("赵磊", month, 8, 5)
    shop.run(month)
    items = shop.items
    lines = shop.run_lines(month, "王强")
    assert sorted(lines) == sorted([
        f"run:item:{items['survey_high']}:survey:{high}",
        f"run:item:{items['survey_low']}:survey:{low}",
        f"run:item:{items['complaint']}:complaint:{complaint}"])
    reward = lines[f"run:item:{items['survey_high']}:survey:{high}"]
    assert (reward["kind"], money(reward["amount"]), reward["survey_id"]) == (
        "reward", Decimal("20.00"), high)
    penalty = lines[f"run:item:{items['complaint']}:complaint:{complaint}"]
    assert (penalty["kind"], money(penalty["amount"]), penalty["complaint_id"]) == (
        "penalty", Decimal("-50.00"), complaint)
    statement = shop.statement(month, "王强")
    assert (money(statement["rewards"]), money(statement["penalties"])) == (
        Decimal("20.00"), Decimal("-80.00"))
    assert money(statement["total"]) == Decimal("2940.00")  # 3000 post wage
    assert len(shop.run_lines(month, "赵磊")) == 1

    # editing the item changes no line made already; an item switched off takes its
    # lines away at the next run
    ids = {key: line["id"] for key, line in lines.items()}
    shop.sql("UPDATE app.reward_penalty_item SET amount = 99 WHERE id = %s",
             items["survey_high"])
    try:
        shop.run(month)
        again = shop.run_lines(month, "王强")
        assert {key: line["id"] for key, line in again.items()} == ids
        assert again == lines
        shop.sql("UPDATE app.reward_penalty_item SET active = false WHERE id = %s",
                 items["complaint"])
        shop.run(month)
        assert sorted(shop.run_lines(month, "王强")) == sorted(
            key for key in lines if ":complaint:" not in key)
        assert money(shop.statement(month, "王强")["penalties"]) == Decimal("-30.00")
    finally:
        shop.sql("UPDATE app.reward_penalty_item SET amount = 20, active = true "
                 "WHERE id IN (%s, %s)", items["survey_high"], items["complaint"])


def test_a_rerun_of_a_draft_month_changes_nothing(shop: MonthShop) -> None:
    month = months_before(shop.today, 6)
    for name, repair in (("甲", "130"), ("乙", "170"), ("丁", "200")):
        _hours(shop, month, name, repair)
    shop.line(month, "王强", amount="88.00")
    shop.line(month, None, amount="120.00", outlet=True)
    shop.survey("赵磊", month, 9, 5)
    shop.complaint("王强", month, 11)
    first = shop.run(month)
    assert sum(part["changed"] for part in first) > 0
    snapshot = shop.snapshot(month)
    second = shop.run(month)
    assert [part["changed"] for part in second] == [0] * len(second)
    assert shop.snapshot(month) == snapshot  # ids, versions, computed_at included

    # one payee's input changes: only their lines and statement move, in place
    hours_key = _hours_key(shop, "甲")
    line_before = shop.run_lines(month, "甲")[hours_key]
    statement_before = shop.statement(month, "甲")
    others_before = {name: shop.statement(month, name) for name in ("乙", "王强", "组长")}
    _hours(shop, month, "甲", "20")  # 150 h now
    third = shop.run(month)
    assert sum(part["changed"] for part in third) == 2  # 甲 and the supervisor
    line_after = shop.run_lines(month, "甲")[hours_key]
    assert line_after["id"] == line_before["id"]
    assert money(line_after["amount"]) == Decimal("45.00")
    statement_after = shop.statement(month, "甲")
    assert statement_after["id"] == statement_before["id"]
    assert statement_after["version"] == statement_before["version"] + 1
    assert {name: shop.statement(month, name) for name in ("乙", "王强")} == {
        name: others_before[name] for name in ("乙", "王强")}
    assert shop.statement(month, "组长")["id"] == others_before["组长"]["id"]


def test_the_outlet_and_every_technician_get_a_statement(shop: MonthShop) -> None:
    month = months_before(shop.today, 7)
    shop.line(month, None, amount="300.00", outlet=True)
    shop.run(month)
    rows = shop.call("manager", "commission_statements",
                     {"month": month, "limit": 200})["rows"]
    kinds = [(row["payee_kind"], row["payee_name"]) for row in rows]
    assert kinds[-1] == ("outlet", "城东网点")
    names = {name for kind, name in kinds if kind == "employee"}
    assert {"王强", "赵磊", "组长", *HOURS_TEAM} <= names
    outlet = rows[-1]
    assert money(outlet["commissions"]) == Decimal("300.00")
    assert outlet["post_wage"] == 0 and outlet["scheme"] is None
    assert money(outlet["total"]) == Decimal("300.00")


def test_the_run_goes_in_parts_of_25(shop: MonthShop) -> None:
    month = months_before(shop.today, 8)
    before = shop.call("manager", "commission_month_run", {"month": month})
    extra = max(0, 26 - before["total_payees"])
    for n in range(extra):
        shop.sql("INSERT INTO app.employee (code, name, is_technician) VALUES (%s, %s, true)",
                 f"CM-X{n}", f"技师{n}")
    try:
        answers = shop.run(month)
        total = answers[0]["total_payees"]
        assert total >= 26 and answers[0]["parts"] == (total + 24) // 25
        assert [a["part"] for a in answers] == list(range(answers[0]["parts"]))
        assert [a["payees"] for a in answers[:-1]] == [25] * (len(answers) - 1)
        assert sum(a["payees"] for a in answers) == total
        assert int(shop.one("SELECT count(*) FROM app.commission_statement "
                            "WHERE period = %s", month)) == total
        _refused("field_out_of_range", shop.call, "manager", "commission_month_run",
                 {"month": month, "part": answers[0]["parts"]})
        assert shop.one("SELECT run_at IS NOT NULL FROM app.commission_period "
                        "WHERE month = %s", month)
    finally:
        shop.sql("UPDATE app.employee SET active = false WHERE code LIKE 'CM-X%%'")
    # whoever is no longer a payee loses their draft statement at the next run
    shop.run(month)
    assert int(shop.one("SELECT count(*) FROM app.commission_statement s JOIN app.employee e "
                        "ON e.id = s.employee_id WHERE s.period = %s AND e.code LIKE 'CM-X%%'",
                        month)) == 0


def test_the_run_needs_commission_settle_and_a_month_that_has_begun(shop: MonthShop) -> None:
    month = months_before(shop.today, 0)
    _refused("denied", shop.call, "viewer", "commission_month_run", {"month": month})
    _refused("denied", shop.call, "tech", "commission_month_run", {"month": month})
    next_month = months_before(shop.today, -1)
    _refused("commission_month_future", shop.call, "manager", "commission_month_run",
             {"month": next_month})
    _refused("field_required", shop.call, "manager", "commission_month_run", {})
    # the current month may be run (a draft to look at), any day of it names it
    answer = shop.call("manager", "commission_month_run",
                       {"month": month + timedelta(days=5)})
    assert answer["month"] == month.isoformat()


def test_two_runs_of_a_month_take_turns(shop: MonthShop) -> None:
    """The run locks the month's period row first: a second run (or a settling) waits
    for the first to commit and then finds nothing left to change."""
    month = months_before(shop.today, 14)
    shop.line(month, "王强", amount="33.00")
    _hours(shop, month, "丙", "165")
    first = psycopg2.connect(**dict(shop.cluster.base, dbname=shop.db,
                                    user=shop.codes["manager"], password=TEST_PASSWORD))
    try:
        with first.cursor() as cur:
            cur.execute("SELECT app.commission_month_run(%s::jsonb)",
                        (f'{{"month": "{month}"}}',))
            parts = cur.fetchone()[0]["parts"]
        answers: list[Any] = []
        waiting = threading.Thread(target=lambda: answers.append(shop.call(
            "manager", "commission_month_run", {"month": month})))
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive()  # waits for the first run's transaction
        first.commit()
        waiting.join(10.0)
        assert not waiting.is_alive()
    finally:
        first.close()
    assert parts == 1 and answers[0]["parts"] == 1
    assert answers[0]["changed"] == 0  # the first run had done it all
    count = shop.one("SELECT count(*) FROM app.commission_statement WHERE period = %s",
                     month)
    assert count == answers[0]["total_payees"]


# -- confirming, reopening, settling ----------------------------------------------------------

def _row(shop: MonthShop, month: Any, who: str, name: str) -> dict[str, Any]:
    rows = shop.call(who, "commission_statements",
                     {"month": month, "search": name, "limit": 200})["rows"]
    (row,) = [r for r in rows if r["payee_name"] == name]
    return row


def test_confirm_reopen_and_settle_lock_the_month(shop: MonthShop) -> None:
    month = months_before(shop.today, 9)
    shop.line(month, "王强", amount="150.00")
    _hours(shop, month, "乙", "150")
    shop.run(month)
    row = _row(shop, month, "manager", "王强")
    assert row["state"] == "draft" and not row["stale"]
    act = lambda **p: shop.call("manager", "commission_statement_act",  # noqa: E731
                                {"statement_id": row["id"], **p})
    _refused("statement_changed", act, version=row["version"] + 1, action="confirm")
    _refused("field_choice_invalid", act, version=row["version"], action="settle")
    _refused("denied", shop.call, "viewer", "commission_statement_act",
             {"statement_id": row["id"], "version": row["version"], "action": "confirm"})
    _refused("statement_state", act, version=row["version"], action="reopen")
    confirmed = act(version=row["version"], action="confirm")
    assert confirmed["state"] == "confirmed" and confirmed["confirmed_at"]
    assert confirmed["confirmed_by"] == shop.codes["manager"]
    _refused("statement_state", act, version=confirmed["version"], action="confirm")
    reopened = act(version=confirmed["version"], action="reopen")
    assert reopened["state"] == "draft" and reopened["confirmed_at"] is None
    act(version=reopened["version"], action="confirm")
    # a confirmed statement is left alone by the run
    snapshot = shop.statement(month, "王强")
    shop.run(month)
    assert shop.statement(month, "王强") == snapshot

    shop.confirm_all(month)
    version = shop.period_version(month)
    _refused("commission_period_changed", shop.call, "manager", "commission_month_settle",
             {"month": month, "version": version + 1})
    _refused("denied", shop.call, "viewer", "commission_month_settle",
             {"month": month, "version": version})
    settled = shop.call("manager", "commission_month_settle",
                        {"month": month, "version": version})
    count, total = shop.sql("SELECT count(*), sum(total) FROM app.commission_statement "
                            "WHERE period = %s", month)[0]
    assert (settled["month"], settled["statements"]) == (month.isoformat(), count)
    assert money(settled["total"]) == money(total)
    assert shop.one("SELECT state FROM app.commission_period WHERE month = %s",
                    month) == "settled"
    assert {s for (s,) in shop.sql("SELECT DISTINCT state FROM app.commission_statement "
                                   "WHERE period = %s", month)} == {"settled"}

    # settled: no rerun, no reopening, no second settling, no write from psql
    _refused("commission_month_settled", shop.run, month)
    row = _row(shop, month, "manager", "王强")
    _refused("statement_state", shop.call, "manager", "commission_statement_act",
             {"statement_id": row["id"], "version": row["version"], "action": "reopen"})
    _refused("commission_month_settled", shop.call, "manager", "commission_month_settle",
             {"month": month, "version": shop.period_version(month)})
    for statement in ("UPDATE app.commission_statement SET total = total WHERE id = %s",
                      "DELETE FROM app.commission_statement WHERE id = %s"):
        with pytest.raises(psycopg2.Error) as caught:
            shop.sql(statement, row["id"])
        assert caught.value.diag.message_hint == "aftersales:commission_month_settled"


def test_settling_refuses_each_unfinished_month(shop: MonthShop) -> None:
    month = months_before(shop.today, 10)
    settle = lambda: shop.call("manager", "commission_month_settle",  # noqa: E731
                               {"month": month, "version": shop.period_version(month)})
    _refused("commission_month_not_ended", shop.call, "manager", "commission_month_settle",
             {"month": months_before(shop.today, 0), "version": 1})
    shop.period(month)
    _refused("commission_month_not_run", settle)
    shop.line(month, "王强", amount="60.00")
    shop.run(month)
    not_confirmed = _refused("statement_not_confirmed", settle)
    assert not_confirmed.detail  # the payee's name

    # a manual reward waiting for approval
    proposed = shop.line(month, "赵磊", kind="reward", amount="10.00", origin="manual",
                         state="proposed")
    assert _refused("adjustment_pending", settle).detail == "1"
    shop.sql("UPDATE app.commission_line SET state = 'rejected', decided_at = now() "
             "WHERE id = %s", proposed)

    shop.confirm_all(month)
    # a line after confirming: the statement no longer matches its lines
    shop.line(month, "王强", amount="5.00")
    assert _refused("statement_stale", settle).detail == "王强"
    row = _row(shop, month, "manager", "王强")
    assert row["stale"]
    shop.call("manager", "commission_statement_act",
              {"statement_id": row["id"], "version": row["version"], "action": "reopen"})
    reopened = _row(shop, month, "manager", "王强")
    _refused("statement_stale", shop.call, "manager", "commission_statement_act",
             {"statement_id": reopened["id"], "version": reopened["version"],
              "action": "confirm"})
    shop.run(month)
    shop.confirm_all(month)
    # a payee with lines but no statement (the outlet's line came after the run)
    shop.line(month, None, amount="40.00", outlet=True)
    assert _refused("statement_missing", settle).detail == "城东网点"
    shop.run(month)
    shop.confirm_all(month)
    assert settle()["statements"] >= 3


# -- the reads ---------------------------------------------------------------------------------

def test_a_technician_reads_only_their_own_statement(shop: MonthShop) -> None:
    month = months_before(shop.today, 11)
    shop.line(month, "王强", amount="70.00")
    shop.line(month, "赵磊", amount="90.00")
    shop.run(month)
    own = shop.call("tech", "commission_statements", {"month": month})
    assert [row["payee_name"] for row in own["rows"]] == ["王强"]
    assert own["total"] == 1 and money(own["summary"]["total"]) == Decimal("3070.00")
    mine = own["rows"][0]
    got = shop.call("tech", "commission_statement_get", {"statement_id": mine["id"]})
    assert got["statement"]["id"] == mine["id"]
    assert [money(line["amount"]) for line in got["lines"]] == [Decimal("70.00")]
    other = _row(shop, month, "manager", "赵磊")
    _refused("statement_unknown", shop.call, "tech", "commission_statement_get",
             {"statement_id": other["id"]})
    _refused("denied", shop.call, "tech", "commission_statement_get",
             {"month": month, "employee_id": shop.employees["赵磊"]})
    _refused("denied", shop.call, "tech", "commission_statement_get",
             {"month": month, "outlet_id": shop.outlet})
    by_month = shop.call("tech", "commission_statement_get",
                         {"month": month, "employee_id": shop.employees["王强"]})
    assert by_month["statement"]["id"] == mine["id"]
    assert shop.call("tech", "commission_statement_get", {"month": month}) == by_month
    periods = shop.call("tech", "commission_periods", {})
    (this,) = [r for r in periods["rows"] if r["month"] == month.isoformat()]
    assert this["statements"] == 1
    _refused("denied", shop.call, "nobody", "commission_statements", {"month": month})
    # over psql the tables say the same
    conn = shop.connect("tech")
    with conn.cursor() as cur:
        cur.execute("SELECT DISTINCT employee_id FROM app.commission_statement")
        assert cur.fetchall() == [(shop.employees["王强"],)]


def test_the_list_filters_orders_pages_and_sums(shop: MonthShop) -> None:
    month = months_before(shop.today, 12)
    shop.line(month, "王强", amount="500.00")
    shop.line(month, "赵磊", amount="10.00")
    shop.line(month, None, amount="70.00", outlet=True)
    shop.run(month)
    everything = shop.call("viewer", "commission_statements", {"month": month, "limit": 200})
    assert everything["period"]["month"] == month.isoformat()
    assert everything["period"]["version"] == shop.period_version(month)
    assert everything["total"] == len(everything["rows"])
    for column in ("post_wage", "commissions", "total"):
        assert money(everything["summary"][column]) == sum(
            money(row[column]) for row in everything["rows"])
    by_total = shop.call("viewer", "commission_statements",
                         {"month": month, "order": "total", "limit": 2})
    assert by_total["total"] == everything["total"] and len(by_total["rows"]) == 2
    totals = [money(row["total"]) for row in by_total["rows"]]
    assert totals == sorted(totals, reverse=True)
    assert totals[0] == max(money(row["total"]) for row in everything["rows"])
    page = shop.call("viewer", "commission_statements",
                     {"month": month, "offset": 1, "limit": 1})
    assert page["rows"] == everything["rows"][1:2]
    outlets = shop.call("viewer", "commission_statements",
                        {"month": month, "payee_kind": "outlet"})
    assert [row["payee_kind"] for row in outlets["rows"]] == ["outlet"]
    team = shop.call("viewer", "commission_statements",
                     {"month": month, "department_id": shop.department, "limit": 200})
    assert {row["payee_name"] for row in team["rows"]} == {*HOURS_TEAM, "组长"}
    assert shop.call("viewer", "commission_statements",
                     {"month": month, "search": "CM-B"})["rows"][0]["payee_name"] == "赵磊"
    assert shop.call("viewer", "commission_statements",
                     {"month": month, "search": "%"})["total"] == 0
    assert shop.call("viewer", "commission_statements",
                     {"month": month, "state": "settled"})["total"] == 0
    for bad in ({"state": "paid"}, {"order": "name"}, {"payee_kind": "team"},
                {"limit": 201}, {"search": "x" * 51}):
        with pytest.raises(Refused):
            shop.call("viewer", "commission_statements", {"month": month, **bad})


def test_a_statement_shows_its_lines_and_hides_a_margin_without_costs(
        shop: MonthShop) -> None:
    month = months_before(shop.today, 13)
    shop.line(month, "赵磊", amount="12.00", rule_kind="margin_pct", base="100.00")
    shop.line(month, "赵磊", amount="30.00", rule_kind="fixed", base="0")
    shop.line(month, "赵磊", kind="penalty", amount="-5.00", origin="manual")
    # no statement yet: a preview from the lines
    preview = shop.call("viewer", "commission_statement_get",
                        {"month": month, "employee_id": shop.employees["赵磊"]})
    assert preview["statement"]["id"] is None and preview["statement"]["state"] == "draft"
    assert money(preview["statement"]["commissions"]) == Decimal("42.00")
    assert money(preview["statement"]["total"]) == Decimal("37.00")
    shop.run(month)
    row = _row(shop, month, "viewer", "赵磊")
    blind = shop.call("viewer", "commission_statement_get", {"statement_id": row["id"]})
    seeing = shop.call("viewer_costs", "commission_statement_get", {"statement_id": row["id"]})
    assert [line["kind"] for line in blind["lines"]] == ["commission", "commission",
                                                         "penalty"]
    margin = [line for line in blind["lines"] if line["rule_kind"] == "margin_pct"]
    assert margin[0]["base"] is None
    assert [money(line["base"]) for line in seeing["lines"]
            if line["rule_kind"] == "margin_pct"] == [Decimal("100.00")]
    assert blind["statement"] == seeing["statement"] == row


def test_the_periods_list_the_last_24_months(shop: MonthShop) -> None:
    answer = shop.call("viewer", "commission_periods", {})
    current = months_before(shop.today, 0)
    assert answer["current"] == current.isoformat()
    months = [row["month"] for row in answer["rows"]]
    assert months == sorted(months, reverse=True)
    assert months[0] >= current.isoformat()
    assert months_before(shop.today, 23).isoformat() in months
    assert len(months) >= 24


def test_every_read_is_one_round_trip(cluster: TestCluster, shop: MonthShop) -> None:
    month = months_before(shop.today, 2)
    database = Database(cluster.profile(shop.db), shop.codes["manager"], TEST_PASSWORD)
    sent: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    try:
        with database.read() as conn:
            statement_id = conn.execute(text(
                "SELECT (app.commission_statements(CAST(:p AS jsonb)) -> 'rows' -> 0 "
                "->> 'id')::bigint"), {"p": f'{{"month": "{month}"}}'}).scalar_one()
            event.listen(conn, "before_cursor_execute", seen)
            try:
                for function, payload in (
                        ("commission_periods", "{}"),
                        ("commission_statements", f'{{"month": "{month}"}}'),
                        ("commission_statement_get", f'{{"statement_id": {statement_id}}}')):
                    sent.clear()
                    answer = conn.execute(text(f"SELECT app.{function}(CAST(:p AS jsonb))"),
                                          {"p": payload}).scalar_one()
                    assert answer and len(sent) == 1, function
            finally:
                event.remove(conn, "before_cursor_execute", seen)
    finally:
        database.dispose()
