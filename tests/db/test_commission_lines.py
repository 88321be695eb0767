"""Commission lines on a real database (revision 0022, db/sql/commissions/): what a review
makes (every kind: commission by each rule kind, overdue, rework; shares, grade factors,
an outlet, no rule, the parts margin counted once), that editing a rule changes no line,
that shares in any order give the same lines, what a reopened job, a refund and a
settlement after it leave (an adjustment in the open month referring to the original,
however long ago its month was settled), who reads which lines, and the operators'
actions: a job's shares, rewards and penalties proposed and decided (four eyes).

Tests that settle a month come last: from then on every line goes to the next one, which
the tests read from app.commission_open_period instead of assuming the calendar's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import psycopg2
import psycopg2.errors
import pytest

from aftersales_desktop.core.errors import PermissionDenied, UserError
from tests.db.commission_helpers import Shop, commission_shop
from tests.db.stock_helpers import refusal
from tests.pg import TestCluster

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Iterator[Shop]:
    yield from commission_shop(cluster)


def _refused(shop: Shop, who: str, function: str, body: Any) -> str:
    with pytest.raises(UserError) as caught:
        shop.call(who, function, body)
    return refusal(caught.value)


def _amounts(lines: list[dict[str, Any]]) -> dict[tuple[str, Any], Decimal]:
    return {(line["kind"], line["employee_id"] or ("o", line["outlet_id"])): line["amount"]
            for line in lines}


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


# ---- what a review makes -----------------------------------------------------------------

def test_a_review_makes_one_frozen_line_per_work_type(shop: Shop) -> None:
    fixed = shop.work_type(standard_hours="2.00")
    labour = shop.work_type(labour_fee="100.00", standard_hours="1.00", hours_kind="other")
    fixed_rule = shop.rule(fixed, "fixed", "30.00")
    labour_rule = shop.rule(labour, "labour_pct", "10")
    job = shop.job(shop.ticket(), "a", work=[(fixed, "2"), (labour, "1.5")])
    assert shop.job_lines(job) == []
    shop.review(job)
    lines = shop.job_lines(job)
    a = shop.employees["a"]
    assert [(line["kind"], line["origin"], line["state"], line["employee_id"],
             line["work_type_id"], line["rule_kind"], line["rule_id"], line["rule_version"],
             line["quantity"], line["base"], line["rate"], line["grade_factor"],
             line["share"], line["hours"], line["hours_kind"], line["amount"], line["reason"])
            for line in lines] == [
        # fixed: 30 x 2 x 1.2 (高级); 2 units x 2 standard hours
        ("commission", "review", "active", a, fixed, "fixed", fixed_rule, 1, Decimal("2.00"),
         Decimal("30.00"), None, Decimal("1.200"), Decimal("100.00"), Decimal("4.00"),
         "repair", Decimal("72.00"), ""),
        # labour_pct: 10 % of 1.5 x 100 = 15, x 1.2
        ("commission", "review", "active", a, labour, "labour_pct", labour_rule, 1,
         Decimal("1.50"), Decimal("150.00"), Decimal("10.0000"), Decimal("1.200"),
         Decimal("100.00"), Decimal("1.50"), "other", Decimal("18.00"), "")]
    assert {line["period"] for line in lines} == {shop.open_period()}
    assert [line["source_key"] for line in lines] == [
        f"job:{job}:wt:{fixed}:e:{a}", f"job:{job}:wt:{labour}:e:{a}"]
    ticket = shop.sql("SELECT ticket_id FROM app.job WHERE id = %s", job)[0][0]
    assert {line["ticket_id"] for line in lines} == {ticket}


def test_editing_a_rule_changes_no_line_already_made(shop: Shop) -> None:
    work = shop.work_type()
    rule = shop.rule(work, "fixed", "20.00")
    first = shop.job(shop.ticket(), "c", work=[(work, "1")])
    shop.review(first)
    before = shop.job_lines(first)
    shop.sql("UPDATE app.commission_rule SET amount = 25 WHERE id = %s", rule)
    assert shop.job_lines(first) == before
    assert [(line["amount"], line["rule_version"]) for line in before] == [
        (Decimal("20.00"), 1)]
    # the next review uses the rule as it is now, and says which version
    second = shop.job(shop.ticket(), "c", work=[(work, "1")])
    shop.review(second)
    assert [(line["amount"], line["base"], line["rule_version"])
            for line in shop.job_lines(second)] == [(Decimal("25.00"), Decimal("25.00"), 2)]


def test_the_rule_is_the_one_valid_on_the_day_the_job_was_finished(shop: Shop) -> None:
    work = shop.work_type()
    old = shop.rule(work, "fixed", "10.00", valid_to="2025-12-31")
    new = shop.rule(work, "fixed", "40.00", valid_from="2026-01-01")
    late_finish = shop.job(shop.ticket(), "c", work=[(work, "1")],
                           finished_at=datetime.fromisoformat("2025-12-31 23:30:00+08"))
    early_finish = shop.job(shop.ticket(), "c", work=[(work, "1")],
                            finished_at=datetime.fromisoformat("2026-01-01 00:30:00+08"))
    for job in (late_finish, early_finish):
        shop.review(job)
    # the shop's day (Asia/Shanghai), not UTC's
    assert [(line["rule_id"], line["amount"]) for line in shop.job_lines(late_finish)] == [
        (old, Decimal("10.00"))]
    assert [(line["rule_id"], line["amount"]) for line in shop.job_lines(early_finish)] == [
        (new, Decimal("40.00"))]


def test_shares_in_any_order_give_the_same_lines(shop: Shop) -> None:
    for who in ("d", "e", "f"):
        if who not in shop.employees:
            shop.technician(who)
    work = shop.work_type(standard_hours="3.00")
    shop.rule(work, "fixed", "10.00")
    orders = ([("d", "33.33"), ("e", "33.33"), ("f", "33.34")],
              [("f", "33.34"), ("d", "33.33"), ("e", "33.33")],
              [("e", "33.33"), ("f", "33.34"), ("d", "33.33")])
    made = []
    for order in orders:
        job = shop.job(shop.ticket(), "d", work=[(work, "1")])
        shop.shares(job, order)
        shop.review(job)
        made.append([(line["employee_id"], line["share"], line["amount"], line["hours"])
                     for line in sorted(shop.job_lines(job), key=lambda x: x["employee_id"])])
    d, e, f = (shop.employees[w] for w in ("d", "e", "f"))
    # 10.00 split: 3.33 each and the fen left over to the largest remainder (33.34 %)
    assert made[0] == [(d, Decimal("33.33"), Decimal("3.33"), Decimal("1.00")),
                       (e, Decimal("33.33"), Decimal("3.33"), Decimal("1.00")),
                       (f, Decimal("33.34"), Decimal("3.34"), Decimal("1.00"))]
    assert made[1] == made[0] and made[2] == made[0]
    assert sum(amount for _e, _s, amount, _h in made[0]) == Decimal("10.00")


def test_each_payees_part_is_multiplied_by_their_grade_factor(shop: Shop) -> None:
    work = shop.work_type()
    shop.rule(work, "fixed", "100.00")
    job = shop.job(shop.ticket(), "a", work=[(work, "1")])
    shop.shares(job, [("a", "50"), ("b", "30"), ("c", "20")])
    shop.review(job)
    a, b, c = (shop.employees[w] for w in ("a", "b", "c"))
    assert {(line["employee_id"], line["grade_factor"], line["amount"])
            for line in shop.job_lines(job)} == {
        (a, Decimal("1.200"), Decimal("60.00")),  # 50 x 1.2 (高级)
        (b, Decimal("1.100"), Decimal("33.00")),  # 30 x 1.1 (中级)
        (c, Decimal("1.000"), Decimal("20.00"))}  # no grade: 1


def test_an_outlets_job_pays_the_outlet_in_full(shop: Shop) -> None:
    work = shop.work_type()
    shop.rule(work, "fixed", "45.00", mode="outsourced")
    job = shop.job(shop.ticket(mode="outsourced"), None, outlet=True, work=[(work, "2")])
    shop.review(job)
    assert [(line["employee_id"], line["outlet_id"], line["share"], line["grade_factor"],
             line["amount"], line["source_key"]) for line in shop.job_lines(job)] == [
        (None, shop.outlet, Decimal("100.00"), Decimal("1.000"), Decimal("90.00"),
         f"job:{job}:wt:{work}:o:{shop.outlet}")]


def test_a_work_type_without_a_rule_makes_a_zero_line_that_says_so(shop: Shop) -> None:
    work = shop.work_type(standard_hours="1.50")
    shop.rule(work, "fixed", "99.00", mode="installation")  # another mode's rule
    job = shop.job(shop.ticket(), "c", work=[(work, "2")])
    shop.review(job)
    assert [(line["rule_id"], line["rule_kind"], line["amount"], line["reason"],
             line["hours"]) for line in shop.job_lines(job)] == [
        (None, None, Decimal("0.00"), "no_rule", Decimal("3.00"))]


def test_a_payee_on_the_hours_scheme_gets_hours_not_commission(shop: Shop) -> None:
    shop.technician("hours", scheme="hours")
    shop.technician("wage", scheme="none")
    work = shop.work_type(standard_hours="2.00")
    shop.rule(work, "fixed", "50.00")
    job = shop.job(shop.ticket(), "hours", work=[(work, "1")])
    shop.shares(job, [("hours", "50"), ("wage", "25"), ("c", "25")])
    shop.review(job)
    by_employee = {line["employee_id"]: line for line in shop.job_lines(job)}
    hours, wage, c = (by_employee[shop.employees[w]] for w in ("hours", "wage", "c"))
    assert (hours["rule_kind"], hours["rule_id"], hours["amount"], hours["hours"]) == (
        "hours", None, Decimal("0.00"), Decimal("1.00"))
    assert (wage["rule_kind"], wage["amount"], wage["hours"]) == (
        "none", Decimal("0.00"), Decimal("0.50"))
    assert (c["rule_kind"], c["amount"]) == ("fixed", Decimal("12.50"))


def _issue_parts(shop: Shop, ticket: int, *, quantity: str, price: str, cost: str) -> None:
    """Parts issued on the ticket's requisition, as app.requisition_save leaves them."""
    warehouse = shop.sql("INSERT INTO app.warehouse (code, name, type) VALUES (%s, '配件库', "
                         "'parts') RETURNING id", f"PJ{ticket}")[0][0]
    item = shop.sql("INSERT INTO app.item (code, name, kind, sale_price) VALUES (%s, '电容', "
                    "'part', %s) RETURNING id", f"P{ticket}", price)[0][0]
    shop.sql("SELECT app.stock_apply(jsonb_build_array(jsonb_build_object('item_id', %s, "
             "'warehouse_id', %s, 'quantity', 100, 'unit_cost', %s, 'source', 'document')))",
             item, warehouse, cost)
    shop.sql("INSERT INTO app.requisition (ticket_id) VALUES (%s) ON CONFLICT DO NOTHING",
             ticket)
    line = shop.sql("INSERT INTO app.requisition_line (ticket_id, kind, item_id, warehouse_id, "
                    "quantity, unit_price, billed_to) VALUES (%s, 'issue', %s, %s, %s, %s, "
                    "'customer') RETURNING id", ticket, item, warehouse, quantity, price)[0][0]
    shop.sql("SELECT app.stock_apply(jsonb_build_array(jsonb_build_object('item_id', %s, "
             "'warehouse_id', %s, 'quantity', -%s::numeric, 'source', 'requisition', "
             "'ticket_id', %s, 'requisition_line_id', %s)))", item, warehouse, quantity,
             ticket, line)


def test_the_parts_margin_is_counted_once(shop: Shop) -> None:
    low = shop.work_type()
    high = shop.work_type()
    shop.rule(low, "margin_pct", "10")
    shop.rule(high, "margin_pct", "50")
    ticket = shop.ticket()
    # 2 parts sold at 50.00 that cost 20.00 each: a margin of 60.00
    _issue_parts(shop, ticket, quantity="2", price="50.00", cost="20.00")
    first = shop.job(ticket, "c", work=[(high, "1"), (low, "1")])
    shop.review(first)
    assert sorted((line["work_type_id"], line["base"], line["amount"])
                  for line in shop.job_lines(first)) == sorted([
        (low, Decimal("60.00"), Decimal("6.00")),  # the lowest work type takes it
        (high, Decimal("0.00"), Decimal("0.00"))])
    assert shop.sql("SELECT app.commission_margin(%s)", first) == [(Decimal("60.00"),)]
    # a later job on the same ticket: that margin was paid already
    second = shop.job(ticket, "c", work=[(low, "1")])
    shop.review(second)
    assert [(line["base"], line["amount"]) for line in shop.job_lines(second)] == [
        (Decimal("0.00"), Decimal("0.00"))]


def test_a_late_job_is_charged_by_its_service_modes_overdue_rule(shop: Shop) -> None:
    shop.sql("INSERT INTO app.overdue_rule (name, amount_per_day, grace_days, service_mode) "
             "VALUES ('安装超期', 10, 0, 'installation')")
    work = shop.work_type()
    shop.rule(work, "fixed", "100.00")
    shop.rule(work, "fixed", "100.00", mode="installation")
    # repair: the rule for every mode (seeded: 5.00 a day after 1 day's grace)
    if "d" not in shop.employees:
        shop.technician("d")
    repair = shop.job(shop.ticket(), "c", work=[(work, "1")], days_late=4)
    shop.shares(repair, [("c", "50"), ("d", "50")])
    shop.review(repair)
    overdue = [line for line in shop.job_lines(repair) if line["kind"] == "overdue"]
    assert sorted((line["employee_id"], line["share"], line["amount"]) for line in overdue) == [
        (shop.employees["c"], Decimal("50.00"), Decimal("-7.50")),
        (shop.employees["d"], Decimal("50.00"), Decimal("-7.50"))]
    assert {(line["rule_kind"], line["quantity"], line["base"]) for line in overdue} == {
        ("overdue", Decimal("3.00"), Decimal("5.00"))}
    assert all(line["source_key"] == f"job:{repair}:overdue:e:{line['employee_id']}"
               for line in overdue)
    # installation: its own rule, no grace
    installation = shop.job(shop.ticket(mode="installation"), "c", work=[(work, "1")],
                            days_late=4)
    shop.review(installation)
    assert [(line["amount"], line["rule_version"]) for line in shop.job_lines(installation)
            if line["kind"] == "overdue"] == [(Decimal("-40.00"), 1)]
    # on time: none
    on_time = shop.job(shop.ticket(), "c", work=[(work, "1")])
    shop.review(on_time)
    assert [line["kind"] for line in shop.job_lines(on_time)] == ["commission"]


def test_a_free_rework_charges_the_first_jobs_commission_back(shop: Shop) -> None:
    work = shop.work_type()
    shop.rule(work, "fixed", "50.00")
    first_ticket = shop.ticket()
    first = shop.job(first_ticket, "a", work=[(work, "1")])
    shop.review(first)
    assert [line["amount"] for line in shop.job_lines(first)] == [Decimal("60.00")]
    rework_ticket = shop.ticket(rework_of=first_ticket)
    rework = shop.job(rework_ticket, "b", work=[(work, "1")])
    shop.review(rework)
    number = shop.sql("SELECT number FROM app.ticket WHERE id = %s", first_ticket)[0][0]
    charged = [line for line in shop.job_lines(rework) if line["kind"] == "rework"]
    # the seeded rework rule: 100 % of the first job's commission, from its technician
    assert [(line["employee_id"], line["ticket_id"], line["rule_kind"], line["base"],
             line["amount"], line["reason"], line["reverses_line_id"]) for line in charged] == [
        (shop.employees["a"], rework_ticket, "commission_pct", Decimal("60.00"),
         Decimal("-60.00"), number, None)]


# ---- a job's shares ----------------------------------------------------------------------

def test_shares_are_checked_and_saved(shop: Shop) -> None:
    job = shop.job(shop.ticket(), "a")
    saved = shop.shares(job, [("b", "40"), ("a", "60")], who="dispatcher")
    assert [(s["employee_id"], Decimal(str(s["share"]))) for s in saved["shares"]] == sorted(
        [(shop.employees["a"], Decimal("60.00")), (shop.employees["b"], Decimal("40.00"))])
    assert saved["version"] == shop.version(job)
    assert shop.rows("tech_a", "SELECT employee_id, share FROM app.job_share WHERE job_id = %s "
                     "ORDER BY employee_id", job) == sorted(
        [(shop.employees["a"], Decimal("60.00")), (shop.employees["b"], Decimal("40.00"))])
    # the shares are read as the job is: tech_b holds one but the job is tech_a's
    assert shop.rows("tech_b", "SELECT count(*) FROM app.job_share WHERE job_id = %s",
                     job) == [(0,)]
    body = {"job_id": job, "version": shop.version(job)}
    a, b = shop.employees["a"], shop.employees["b"]
    for shares, code in (
            ([{"employee_id": a, "share": "60"}, {"employee_id": b, "share": "30"}],
             "job_shares_sum"),
            ([{"employee_id": a, "share": "50"}, {"employee_id": a, "share": "50"}],
             "job_shares_duplicate"),
            ([{"employee_id": a, "share": "0"}, {"employee_id": b, "share": "100"}],
             "field_out_of_range"),
            ([{"employee_id": a, "share": "NaN"}], "field_amount_invalid"),
            ([{"employee_id": a, "share": "100.01"}], "field_out_of_range"),
            ([{"employee_id": a}] * 11, "field_malformed"),
            ("a,b", "field_malformed")):
        assert _refused(shop, "manager", "job_shares_set", body | {"shares": shares}) == code
    counter_employee = shop.sql("INSERT INTO app.employee (code, name) VALUES ('K1', '收银员') "
                                "RETURNING id")[0][0]
    assert _refused(shop, "manager", "job_shares_set", body | {"shares": [
        {"employee_id": a, "share": "50"}, {"employee_id": counter_employee, "share": "50"}]}
    ) == "job_shares_not_technician"
    # a stale version, a technician, the counter
    assert _refused(shop, "manager", "job_shares_set", body | {
        "version": body["version"] - 1, "shares": []}) == "document_stale"
    for who in ("tech_a", "counter"):
        with pytest.raises(PermissionDenied):
            shop.call(who, "job_shares_set", body | {"shares": []})
    # [] clears them: 100 % to the technician again
    shop.call("checker", "job_shares_set", body | {"shares": []})
    assert shop.sql("SELECT count(*) FROM app.job_share WHERE job_id = %s", job) == [(0,)]


def test_a_reviewed_or_an_outlets_job_takes_no_shares(shop: Shop) -> None:
    job = shop.job(shop.ticket(), "a")
    shop.review(job)
    assert _refused(shop, "manager", "job_shares_set", {
        "job_id": job, "version": shop.version(job), "shares": []}) == "job_reviewed"
    outlet_job = shop.job(shop.ticket(mode="outsourced"), None, outlet=True)
    assert _refused(shop, "manager", "job_shares_set", {
        "job_id": outlet_job, "version": shop.version(outlet_job), "shares": []}
    ) == "job_shares_outlet"


# ---- who reads which lines -----------------------------------------------------------------

def test_a_technician_reads_only_their_own_lines(shop: Shop) -> None:
    work = shop.work_type()
    shop.rule(work, "fixed", "10.00")
    job = shop.job(shop.ticket(), "a", work=[(work, "1")])
    shop.shares(job, [("a", "50"), ("b", "50")])
    shop.review(job)
    a, b = shop.employees["a"], shop.employees["b"]
    for who, employee in (("tech_a", a), ("tech_b", b)):
        seen = shop.rows(who, "SELECT DISTINCT employee_id FROM app.commission_line")
        assert seen == [(employee,)], who
    every = {r[0] for r in shop.rows("manager", "SELECT DISTINCT employee_id "
                                                "FROM app.commission_line")}
    assert {a, b, shop.employees["c"]} <= every
    # view_own without an employee record: nothing; no commission capability: no table
    assert shop.rows("counter", "SELECT count(*) FROM app.commission_line") == [(0,)]
    for who in ("dispatcher", "warehouse", "callback"):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            shop.rows(who, "SELECT count(*) FROM app.commission_line")
    # the months are the shop's calendar: everybody reads them
    assert shop.rows("dispatcher", "SELECT count(*) FROM app.commission_period")[0][0] >= 1


def test_nobody_writes_lines_shares_or_months_directly(shop: Shop) -> None:
    job = shop.job(shop.ticket(), "a")
    month = shop.open_period()
    for who in ("counter", "dispatcher", "tech_a", "warehouse", "callback", "manager",
                "admin"):
        for statement in (
                f"INSERT INTO app.commission_line (period, employee_id, kind, origin, "
                f"source_key, amount) VALUES ('{month}', {shop.employees['a']}, 'reward', "
                f"'run', 'x', 1000)",
                "UPDATE app.commission_line SET amount = amount * 2",
                "DELETE FROM app.commission_line",
                f"INSERT INTO app.job_share VALUES ({job}, {shop.employees['a']}, 100)",
                "DELETE FROM app.job_share",
                "INSERT INTO app.commission_period (month) VALUES ('2031-01-01')",
                "UPDATE app.commission_period SET state = 'open'"):
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                shop.rows(who, statement)


# ---- rewards and penalties by hand -------------------------------------------------------

def test_a_reward_is_proposed_then_approved_by_another_manager(shop: Shop) -> None:
    item = shop.sql("INSERT INTO app.reward_penalty_item (code, name, amount) "
                    "VALUES ('CL-good', '表扬', 80) RETURNING id")[0][0]
    ticket = shop.ticket()
    made = shop.call("manager", "commission_adjust_propose", {
        "employee_id": shop.employees["b"], "item_id": item, "reason": "客户来信表扬",
        "ticket_id": ticket})
    assert made["period"] == shop.open_period().isoformat()
    (line,) = shop.lines("id = %s", made["line_id"])
    assert (line["kind"], line["origin"], line["state"], line["amount"], line["ticket_id"]) == (
        "reward", "manual", "proposed", Decimal("80.00"), ticket)
    # four eyes: not the proposer
    assert _refused(shop, "manager", "commission_adjust_decide", {
        "line_id": made["line_id"], "approve": True}) == "adjust_own_proposal"
    decided = shop.call("manager2", "commission_adjust_decide", {
        "line_id": made["line_id"], "approve": True})
    assert decided["state"] == "active"
    assert shop.sql("SELECT decided_by FROM app.commission_line WHERE id = %s",
                    made["line_id"]) == [(shop.codes["manager2"],)]
    assert _refused(shop, "manager2", "commission_adjust_decide", {
        "line_id": made["line_id"], "approve": False, "note": "重复"}) == "adjust_not_proposed"


def test_a_penalty_is_rejected_with_a_note(shop: Shop) -> None:
    made = shop.call("checker", "commission_adjust_propose", {
        "outlet_id": shop.outlet, "amount": "-30.5", "reason": "上门迟到"})
    (line,) = shop.lines("id = %s", made["line_id"])
    assert (line["kind"], line["outlet_id"], line["amount"]) == (
        "penalty", shop.outlet, Decimal("-30.50"))
    assert _refused(shop, "manager", "commission_adjust_decide", {
        "line_id": made["line_id"], "approve": False}) == "adjust_note_required"
    # a reviewer proposes but does not decide
    with pytest.raises(PermissionDenied):
        shop.call("checker", "commission_adjust_decide", {"line_id": made["line_id"],
                                                          "approve": True})
    shop.call("manager", "commission_adjust_decide", {
        "line_id": made["line_id"], "approve": False, "note": "客户原因"})
    assert shop.sql("SELECT state, decision_note FROM app.commission_line WHERE id = %s",
                    made["line_id"]) == [("rejected", "客户原因")]


def test_a_proposal_is_checked(shop: Shop) -> None:
    a = shop.employees["a"]
    for body, code in (
            ({"amount": "10", "reason": "x"}, "adjust_payee_required"),
            ({"employee_id": a, "outlet_id": shop.outlet, "amount": "10", "reason": "x"},
             "adjust_payee_required"),
            ({"employee_id": a, "amount": "0", "reason": "x"}, "adjust_amount_zero"),
            ({"employee_id": a, "amount": "0.001", "reason": "x"}, "adjust_amount_zero"),
            ({"employee_id": a, "amount": "100000", "reason": "x"}, "field_out_of_range"),
            ({"employee_id": a, "amount": "Infinity", "reason": "x"}, "field_amount_invalid"),
            ({"employee_id": a, "reason": "x"}, "field_required"),
            ({"employee_id": a, "amount": "10", "reason": "  "}, "adjust_reason_required"),
            ({"employee_id": a, "amount": "10", "reason": "长" * 201}, "field_too_long"),
            ({"employee_id": 999999999, "amount": "10", "reason": "x"}, "reference_missing"),
            ({"employee_id": a, "item_id": 999999999, "reason": "x"}, "reference_missing")):
        assert _refused(shop, "manager", "commission_adjust_propose", body) == code, body
    for who in ("tech_a", "counter", "dispatcher"):
        with pytest.raises(PermissionDenied):
            shop.call(who, "commission_adjust_propose", {"employee_id": a, "amount": "10",
                                                         "reason": "x"})


def test_the_pending_list_pages_and_shows_each_reader_what_they_may_see(shop: Shop) -> None:
    made = [shop.call("checker", "commission_adjust_propose", {
        "employee_id": shop.employees["c"], "amount": str(n), "reason": f"加班{n}"})["line_id"]
        for n in (1, 2, 3)]
    listed = shop.call("manager", "commission_pending", {"state": "proposed", "limit": 2})
    assert listed["total"] >= 3 and len(listed["rows"]) == 2
    everything = shop.call("manager", "commission_pending", {"state": "proposed",
                                                             "limit": 200})["rows"]
    ids = [row["line_id"] for row in everything]
    assert ids.index(made[0]) < ids.index(made[1]) < ids.index(made[2])  # oldest first
    row = next(r for r in everything if r["line_id"] == made[0])
    assert (row["payee"], row["amount"], row["reason"], row["state"], row["created_by"]) == (
        {"kind": "employee", "id": shop.employees["c"], "name": "技师c"}, 1.0, "加班1",
        "proposed", shop.codes["checker"])
    # a reviewer reads their own proposals only
    own = shop.call("checker", "commission_pending", {"state": "all", "limit": 200})["rows"]
    assert {r["created_by"] for r in own} == {shop.codes["checker"]}
    shop.call("manager", "commission_adjust_decide", {"line_id": made[0], "approve": True})
    decided = shop.call("manager", "commission_pending", {"state": "decided"})["rows"]
    assert decided[0]["line_id"] == made[0] and decided[0]["decided_by"] == shop.codes["manager"]
    for body, code in (({"state": "open"}, "field_choice_invalid"),
                       ({"limit": 201}, "field_out_of_range"),
                       ({"offset": -1}, "field_out_of_range")):
        assert _refused(shop, "manager", "commission_pending", body) == code
    with pytest.raises(PermissionDenied):
        shop.call("tech_a", "commission_pending", {})


# ---- late events (these settle months: they come last) -----------------------------------

def test_a_job_reopened_in_an_open_month_loses_its_lines_until_reviewed_again(
        shop: Shop) -> None:
    work = shop.work_type()
    shop.rule(work, "fixed", "10.00")
    job = shop.job(shop.ticket(), "c", work=[(work, "1")], days_late=3)
    shop.review(job)
    assert sorted(line["kind"] for line in shop.job_lines(job)) == ["commission", "overdue"]
    shop.unreview(job)
    assert shop.job_lines(job) == []
    shop.review(job)
    assert sorted((line["kind"], line["amount"]) for line in shop.job_lines(job)) == [
        ("commission", Decimal("10.00")), ("overdue", Decimal("-10.00"))]


def test_a_refund_takes_the_commission_back_and_settling_again_reinstates_it(
        shop: Shop) -> None:
    work = shop.work_type()
    shop.rule(work, "fixed", "30.00")
    ticket = shop.ticket()
    job = shop.job(ticket, "c", work=[(work, "1")])
    shop.review(job)
    (original,) = shop.job_lines(job)
    sale = shop.settle(ticket)
    shop.void(sale)
    refunds = shop.lines("reverses_line_id = %s", original["id"])
    assert [(line["kind"], line["origin"], line["reason"], line["amount"],
             line["employee_id"]) for line in refunds] == [
        ("adjustment", "late", "refund", Decimal("-30.00"), shop.employees["c"])]
    shop.settle(ticket)
    again = shop.lines("reverses_line_id = %s", refunds[0]["id"])
    assert [(line["reason"], line["amount"]) for line in again] == [
        ("resettled", Decimal("30.00"))]
    assert sum(line["amount"] for line in shop.lines("ticket_id = %s", ticket)) == Decimal(
        "30.00")


def test_a_ticket_refunded_before_its_review_pays_nothing(shop: Shop) -> None:
    work = shop.work_type()
    shop.rule(work, "fixed", "30.00")
    ticket = shop.ticket()
    shop.void(shop.settle(ticket))
    job = shop.job(ticket, "c", work=[(work, "1")])
    shop.review(job)
    lines = shop.lines("ticket_id = %s", ticket)
    assert sorted((line["kind"], line["amount"]) for line in lines) == [
        ("adjustment", Decimal("-30.00")), ("commission", Decimal("30.00"))]


def test_a_refund_after_the_month_was_settled_goes_into_the_next_month(shop: Shop) -> None:
    work = shop.work_type()
    shop.rule(work, "fixed", "40.00")
    ticket = shop.ticket()
    job = shop.job(ticket, "c", work=[(work, "1")])
    shop.review(job)
    sale = shop.settle(ticket)
    (original,) = shop.job_lines(job)
    month = original["period"]
    shop.settle_month(month)
    assert shop.open_period() == _next_month(month)
    shop.void(sale)
    (refund,) = shop.lines("reverses_line_id = %s", original["id"])
    assert (refund["period"], refund["kind"], refund["reason"], refund["amount"]) == (
        _next_month(month), "adjustment", "refund", Decimal("-40.00"))
    # the paid month is as it was
    assert shop.lines("id = %s", original["id"]) == [original]


def test_a_job_reopened_after_its_month_was_settled_is_taken_back_in_the_open_month(
        shop: Shop) -> None:
    work = shop.work_type(standard_hours="2.00")
    shop.rule(work, "fixed", "25.00")
    job = shop.job(shop.ticket(), "c", work=[(work, "1")])
    shop.review(job)
    (original,) = shop.job_lines(job)
    shop.settle_month(original["period"])
    shop.unreview(job)
    taken_back = shop.lines("reverses_line_id = %s", original["id"])
    assert [(line["period"], line["kind"], line["origin"], line["reason"], line["amount"],
             line["hours"]) for line in taken_back] == [
        (shop.open_period(), "adjustment", "late", "job_reopened", Decimal("-25.00"),
         Decimal("-2.00"))]
    assert shop.lines("id = %s", original["id"]) == [original]
    # reviewed again: new lines in the open month, the old ones stay as paid
    shop.review(job)
    assert [(line["period"], line["amount"]) for line in shop.job_lines(job)
            if line["kind"] == "commission"] == [
        (original["period"], Decimal("25.00")), (shop.open_period(), Decimal("25.00"))]
    assert sum(line["amount"] for line in shop.job_lines(job)) == Decimal("25.00")
