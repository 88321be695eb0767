"""Complaints (投诉) on a real database, each step through an operator's own connection
(their own password, as `psql` would connect): the counter and callback staff open them,
only complaint.handle works on them (callback staff may add a note), an owner must be an
active complaint handler, the state machine refuses what a state does not take, closing
needs a resolution and the customer's acceptance (a refusal reopens), waiting for the
customer stops the clock (resuming moves the deadline by the pause, the hours open leave
it out), a deadline that passes escalates one level at a time up to 3 when the queue is
read, and the queue's views and counts. A low survey score opens a complaint in the
survey's own transaction (app.survey_record, helper cb-tasks)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import psycopg2
import psycopg2.extensions
import pytest
from sqlalchemy import text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import PermissionDenied, UserError
from aftersales_desktop.services.frontdesk.intake import IntakeDraft, save_intake
from tests.db.stock_helpers import refusal, run
from tests.db.test_hostile_input import CALL_LIMIT_S
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

PHONE = "13812345678"


@dataclass
class Shop:
    cluster: TestCluster
    db: str
    today: date
    codes: dict[str, str] = field(default_factory=dict)  # who -> operator code
    conns: dict[str, psycopg2.extensions.connection] = field(default_factory=dict)
    technician: int = 0
    counter_login: Database | None = None

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
        started = time.perf_counter()
        try:
            return run(self.conn(who), function, body)
        finally:
            assert time.perf_counter() - started < CALL_LIMIT_S

    def get(self, who: str, complaint_id: int) -> dict[str, Any]:
        with self.conn(who).cursor() as cur:
            cur.execute("SELECT app.complaint_get(%s)", (complaint_id,))
            return cur.fetchone()[0]  # type: ignore[no-any-return]

    def customer(self, name: str) -> int:
        """A ticket of a new customer called `name`, taken in at the counter; its id."""
        draft = IntakeDraft(
            customer_name=name, phone=PHONE, product="空调", brand="格力", model="KFR-35GW",
            serial=f"GR{uuid.uuid4().hex[:8].upper()}", fault="不制冷",
            promised_on=self.today + timedelta(days=7))
        assert self.counter_login is not None
        with self.counter_login.read() as conn:
            ticket = save_intake(conn, draft, self.today).id
        self.sql("UPDATE app.ticket SET technician_id = %s WHERE id = %s", self.technician,
                 ticket)
        return ticket

    def open(self, who: str = "counter", **changes: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"ticket_id": self.customer(f"客户{uuid.uuid4().hex[:6]}"),
                                "source": "counter", "severity": "normal",
                                "summary": "维修后仍不制冷", "details": "客户第二次来电"}
        body.update(changes)
        return self.call(who, "complaint_open", body)  # type: ignore[no-any-return]

    def act(self, who: str, complaint: dict[str, Any], action: str, **fields: Any
            ) -> dict[str, Any]:
        version = self.sql("SELECT version FROM app.complaint WHERE id = %s",
                           complaint["id"])[0][0]
        return self.call(who, "complaint_act", {  # type: ignore[no-any-return]
            "complaint_id": complaint["id"], "version": version, "action": action, **fields})

    def events(self, complaint_id: int) -> list[tuple[Any, ...]]:
        return self.sql("SELECT kind, level, owner, by_operator FROM app.complaint_event "
                        "WHERE complaint_id = %s ORDER BY id", complaint_id)


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Iterator[Shop]:
    db = cluster.create_database()
    codes = {who: cluster.create_operator(db, template=template) for who, template in (
        ("counter", "counter"), ("callback", "callback"), ("manager", "manager"),
        ("manager2", "manager"), ("technician", "technician"), ("dispatcher", "dispatcher"))}
    codes["reports"] = cluster.create_operator(db, capabilities=["reports.view"])
    shop = Shop(cluster, db, date.today(), codes)
    shop.counter_login = Database(cluster.profile(db), codes["counter"], TEST_PASSWORD)
    with shop.counter_login.read() as conn:
        shop.today = conn.execute(text("SELECT app.shop_today()")).scalar_one()
    shop.technician = int(shop.sql(
        "INSERT INTO app.employee (code, name, is_technician, operator_code) "
        "VALUES ('T1', '王强', true, %s) RETURNING id", codes["technician"])[0][0])
    yield shop
    for conn in shop.conns.values():
        conn.close()
    shop.counter_login.dispose()


def _row(shop: Shop, complaint_id: int) -> dict[str, Any]:
    (found,) = shop.sql("SELECT to_jsonb(c) FROM app.complaint c WHERE id = %s", complaint_id)
    return found[0]  # type: ignore[no-any-return]


def _ago(shop: Shop, complaint_id: int, **columns: timedelta) -> None:
    """Set timestamp columns of a complaint to now() less the given time (as the owner:
    the test's clock)."""
    sets = ", ".join(f"{column} = now() - %s" for column in columns)
    shop.sql(f"UPDATE app.complaint SET {sets} WHERE id = %s", *columns.values(),
             complaint_id)


# -- opening ---------------------------------------------------------------------------------

def test_the_counter_opens_a_complaint_about_a_ticket(shop: Shop) -> None:
    opened = shop.open("counter")
    complaint = opened["complaint"]
    assert opened["complaint_id"] == complaint["id"]
    assert opened["number"] == complaint["number"]
    assert opened["number"].startswith("TS" + shop.today.strftime("%Y%m%d") + "-")
    ticket = shop.sql("SELECT customer_id, number FROM app.ticket WHERE id = %s",
                      complaint["ticket_id"])[0]
    assert (complaint["customer_id"], complaint["ticket_number"]) == ticket
    assert complaint["technician_id"] == shop.technician  # the ticket's
    assert complaint["technician"] == "王强"
    assert complaint["state"] == "open" and complaint["source"] == "counter"
    assert complaint["phone"] == PHONE  # the counter holds contacts.view
    # a reader without contacts.view sees it masked
    assert shop.get("reports", complaint["id"])["complaint"]["phone"] == "138****5678"
    row = _row(shop, complaint["id"])
    assert row["opened_by"] == shop.codes["counter"]
    hours = shop.sql("SELECT extract(epoch FROM deadline_at - opened_at) / 3600 "
                     "FROM app.complaint WHERE id = %s", complaint["id"])[0][0]
    assert hours == 48  # normal
    assert shop.events(complaint["id"]) == [("open", 0, None, shop.codes["counter"])]


def test_callback_staff_open_one_with_its_severity_deadline(shop: Shop) -> None:
    customer = shop.sql("SELECT customer_id FROM app.ticket WHERE id = %s",
                        shop.customer("回访客户"))[0][0]
    opened = shop.call("callback", "complaint_open", {
        "customer_id": customer, "source": "callback", "severity": "critical",
        "summary": "上门迟到三小时"})
    complaint = opened["complaint"]
    assert complaint["ticket_id"] is None and complaint["customer_name"] == "回访客户"
    assert complaint["phone"] == PHONE  # callback staff hold contacts.view
    hours = shop.sql("SELECT extract(epoch FROM deadline_at - opened_at) / 3600 "
                     "FROM app.complaint WHERE id = %s", complaint["id"])[0][0]
    assert hours == 8


def test_opening_refuses_what_the_form_would(shop: Shop) -> None:
    ticket = shop.customer("拒绝客户")
    other = shop.sql("SELECT customer_id FROM app.ticket WHERE id = %s",
                     shop.customer("别的客户"))[0][0]
    before = shop.sql("SELECT count(*) FROM app.complaint")[0][0]
    counter_before = shop.sql("SELECT coalesce(sum(last_seq), 0) FROM app.ticket_counter "
                              "WHERE prefix = 'TS'")[0][0]
    cases = [
        ({"summary": "  \t "}, "complaint_summary_required"),
        ({"summary": "x" * 201}, "field_too_long"),
        ({"source": "survey"}, "field_choice_invalid"),  # only the survey opens those
        ({"severity": "urgent"}, "field_choice_invalid"),
        ({"customer_id": other}, "reference_missing"),  # not the ticket's customer
        ({"ticket_id": None}, "field_required"),
        ({"ticket_id": 999999999}, "reference_missing"),
        ({"technician_id": 999999999}, "reference_missing"),
    ]
    for changes, code in cases:
        body = {"ticket_id": ticket, "source": "phone", "severity": "high",
                "summary": "态度差", **changes}
        with pytest.raises(UserError) as refused:
            shop.call("counter", "complaint_open", body)
        assert refusal(refused.value) == code, changes
    # naming an owner is the handlers' (the counter may not assign)
    with pytest.raises(PermissionDenied):
        shop.call("counter", "complaint_open", {"ticket_id": ticket, "source": "phone",
                                                "summary": "态度差",
                                                "owner": shop.codes["manager"]})
    # a refused opening leaves no complaint and uses no number
    assert shop.sql("SELECT count(*) FROM app.complaint")[0][0] == before
    assert shop.sql("SELECT coalesce(sum(last_seq), 0) FROM app.ticket_counter "
                    "WHERE prefix = 'TS'")[0][0] == counter_before


def test_a_handler_opens_one_with_an_owner(shop: Shop) -> None:
    opened = shop.open("manager", source="phone", owner=shop.codes["manager2"])
    complaint = opened["complaint"]
    assert complaint["owner"] == shop.codes["manager2"]
    assert [e[0] for e in shop.events(complaint["id"])] == ["open", "assign"]
    with pytest.raises(UserError) as refused:
        shop.open("manager", owner=shop.codes["counter"])  # does not handle complaints
    assert refusal(refused.value) == "complaint_owner_unknown"


def test_who_may_not_open_or_read_complaints(shop: Shop) -> None:
    complaint = shop.open()["complaint"]
    for who in ("technician",):
        with pytest.raises(PermissionDenied):
            shop.open(who)
        with pytest.raises(PermissionDenied):
            shop.call(who, "complaint_queue", {})
        with pytest.raises(psycopg2.Error):
            shop.get(who, complaint["id"])
        shop.conn(who).rollback()
    # the reports reader (the dispatcher holds reports.view) reads, but does not act
    assert shop.get("dispatcher", complaint["id"])["complaint"]["id"] == complaint["id"]
    with pytest.raises(PermissionDenied):
        shop.act("dispatcher", complaint, "start")
    # and nobody writes the tables with plain SQL
    for who in ("manager", "counter"):
        with shop.conn(who).cursor() as cur, pytest.raises(psycopg2.Error) as denied:
            cur.execute("UPDATE app.complaint SET state = 'closed' WHERE id = %s",
                        (complaint["id"],))
        assert denied.value.pgcode == "42501"
        with shop.conn(who).cursor() as cur, pytest.raises(psycopg2.Error) as denied:
            cur.execute("INSERT INTO app.complaint_event (complaint_id, kind) "
                        "VALUES (%s, 'note')", (complaint["id"],))
        assert denied.value.pgcode == "42501"


# -- working on a complaint ----------------------------------------------------------------

def test_only_complaint_handlers_act_and_callback_staff_add_notes(shop: Shop) -> None:
    complaint = shop.open()["complaint"]
    for who in ("counter", "callback", "technician"):
        with pytest.raises(PermissionDenied):
            shop.act(who, complaint, "start")
    with pytest.raises(PermissionDenied):
        shop.act("counter", complaint, "note", note="客户又来电")
    noted = shop.act("callback", complaint, "note", note="客户又来电")
    assert noted["state"] == "open"
    with pytest.raises(UserError) as refused:
        shop.act("callback", complaint, "note", note=" ")
    assert refusal(refused.value) == "field_required"
    started = shop.act("manager", complaint, "start")
    assert started["state"] == "in_progress"
    assert started["owner"] == shop.codes["manager"]  # nobody owned it: the starter does
    assert started["version"] > complaint["version"]
    assert [e[:3] for e in shop.events(complaint["id"])] == [
        ("open", 0, None), ("note", 0, None), ("start", 0, shop.codes["manager"])]


def test_an_owner_is_an_active_complaint_handler(shop: Shop) -> None:
    complaint = shop.open()["complaint"]
    for owner in (shop.codes["counter"], "nobody_here", "", None):
        with pytest.raises(UserError) as refused:
            shop.act("manager", complaint, "assign", owner=owner)
        assert refusal(refused.value) == "complaint_owner_unknown", owner
    assigned = shop.act("manager", complaint, "assign", owner=shop.codes["manager2"])
    assert assigned["owner"] == shop.codes["manager2"]
    assert assigned["owner_name"] == "测试操作员"
    assert assigned["state"] == "open"
    inactive = cluster_operator(shop, "manager")
    with pytest.raises(UserError) as refused:
        shop.act("manager", complaint, "assign", owner=inactive)
    assert refusal(refused.value) == "complaint_owner_unknown"


def cluster_operator(shop: Shop, template: str) -> str:
    """A new operator of `template`, deactivated."""
    code = shop.cluster.create_operator(shop.db, template=template)
    shop.sql("UPDATE app.operator SET active = false WHERE code = %s", code)
    return code


def test_the_state_machine_and_closing_with_the_customers_acceptance(shop: Shop) -> None:
    complaint = shop.open()["complaint"]
    for action in ("close", "reopen", "resume"):
        with pytest.raises(UserError) as refused:
            shop.act("manager", complaint, action, customer_accepted=True)
        assert refusal(refused.value) == "complaint_state", action
    with pytest.raises(UserError) as refused:
        shop.act("manager", complaint, "resolve", resolution=" \u3000")
    assert refusal(refused.value) == "complaint_resolution_required"
    resolved = shop.act("manager", complaint, "resolve", resolution="上门更换压缩机，免人工费")
    assert resolved["state"] == "resolved" and resolved["resolved_at"] is not None
    for action in ("start", "pause", "assign", "resolve"):
        with pytest.raises(UserError) as refused:
            shop.act("manager", complaint, action, owner=shop.codes["manager"],
                     resolution="再次")
        assert refusal(refused.value) == "complaint_state", action
    with pytest.raises(UserError) as refused:
        shop.act("manager", complaint, "close")
    assert refusal(refused.value) == "complaint_acceptance_required"
    with pytest.raises(UserError) as refused:
        shop.act("manager", complaint, "close", customer_accepted="maybe")
    assert refusal(refused.value) == "field_yes_no"

    _ago(shop, complaint["id"], deadline_at=timedelta(hours=1))
    reopened = shop.act("manager", complaint, "close", customer_accepted=False,
                        note="客户不接受")
    assert reopened["state"] == "in_progress" and reopened["customer_accepted"] is False
    assert reopened["resolved_at"] is None and reopened["overdue"] is False  # a new deadline
    shop.act("manager", complaint, "resolve", resolution="更换整机")
    closed = shop.act("manager", complaint, "close", customer_accepted=True)
    assert closed["state"] == "closed" and closed["customer_accepted"] is True
    assert closed["closed_at"] is not None
    assert [e[0] for e in shop.events(complaint["id"])] == [
        "open", "resolve", "reopen", "resolve", "close"]
    detail = shop.get("manager", complaint["id"])
    assert detail["complaint"]["resolution"] == "更换整机"
    assert detail["events"][2]["note"] == "客户不接受"
    assert detail["survey"] is None
    # a closed complaint takes notes only
    with pytest.raises(UserError) as refused:
        shop.act("manager", complaint, "reopen")
    assert refusal(refused.value) == "complaint_state"
    assert shop.act("manager", complaint, "note", note="客户表扬")["state"] == "closed"


def test_a_stale_version_is_refused(shop: Shop) -> None:
    complaint = shop.open()["complaint"]
    shop.act("manager", complaint, "start")
    with pytest.raises(UserError) as refused:
        shop.call("manager2", "complaint_act", {"complaint_id": complaint["id"],
                                                "version": complaint["version"],
                                                "action": "pause"})
    assert refusal(refused.value) == "document_stale"
    with pytest.raises(UserError) as refused:
        shop.call("manager", "complaint_act", {"complaint_id": 999999999, "version": 1,
                                               "action": "start"})
    assert refusal(refused.value) == "complaint_missing"


# -- the clock: pauses, hours open, escalation ---------------------------------------------

def test_waiting_for_the_customer_stops_the_clock(shop: Shop) -> None:
    complaint = shop.open()["complaint"]
    shop.act("manager", complaint, "start")
    paused = shop.act("manager", complaint, "pause", note="等客户回电")
    assert paused["state"] == "waiting_customer" and paused["paused_since"] is not None
    deadline = _row(shop, complaint["id"])["deadline_at"]
    # opened 5 hours ago, waiting for 2 of them: 3 hours open, the deadline still ahead
    _ago(shop, complaint["id"], opened_at=timedelta(hours=5), paused_since=timedelta(hours=2))
    assert shop.get("manager", complaint["id"])["complaint"]["hours_open"] == 3.0
    resumed = shop.act("manager", complaint, "resume")
    assert resumed["state"] == "in_progress" and resumed["paused_since"] is None
    moved = shop.sql("SELECT extract(epoch FROM deadline_at - %s::timestamptz), "
                     "paused_seconds FROM app.complaint WHERE id = %s", deadline,
                     complaint["id"])[0]
    assert 7200 <= moved[0] < 7205 and 7200 <= moved[1] < 7205
    assert resumed["hours_open"] == 3.0
    # the resolution stops the hours, the second pause leaves them out as well
    shop.act("manager", complaint, "pause")
    _ago(shop, complaint["id"], paused_since=timedelta(hours=1))
    resolved = shop.act("manager", complaint, "resolve", resolution="客户同意换机")
    assert resolved["hours_open"] == 2.0
    assert 10800 <= _row(shop, complaint["id"])["paused_seconds"] < 10805


def _escalate_by_queue(shop: Shop, complaint_id: int) -> dict[str, Any]:
    """Read the queue as a handler (it escalates first); the complaint's row."""
    number = shop.sql("SELECT number FROM app.complaint WHERE id = %s", complaint_id)[0][0]
    answer = shop.call("manager", "complaint_queue", {"view": "all", "search": number})
    (row,) = answer["rows"]
    return row  # type: ignore[no-any-return]


def test_a_complaint_past_its_deadline_escalates_one_level_at_a_time(shop: Shop) -> None:
    complaint = shop.open()["complaint"]
    _ago(shop, complaint["id"], deadline_at=timedelta(minutes=1))
    row = _escalate_by_queue(shop, complaint["id"])
    assert row["escalation_level"] == 1 and row["escalated_at"] is not None
    hours = shop.sql("SELECT extract(epoch FROM deadline_at - now()) / 3600 "
                     "FROM app.complaint WHERE id = %s", complaint["id"])[0][0]
    assert 23.9 < hours <= 24
    assert row["overdue"] is False
    assert [e[:2] for e in shop.events(complaint["id"])] == [("open", 0), ("escalate", 1)]
    # idempotent: nothing more until the new deadline passes
    assert _escalate_by_queue(shop, complaint["id"])["escalation_level"] == 1
    for level in (2, 3):
        _ago(shop, complaint["id"], deadline_at=timedelta(minutes=1))
        assert _escalate_by_queue(shop, complaint["id"])["escalation_level"] == level
    # at the top it stays, overdue
    _ago(shop, complaint["id"], deadline_at=timedelta(minutes=1))
    row = _escalate_by_queue(shop, complaint["id"])
    assert row["escalation_level"] == 3 and row["overdue"] is True
    assert [e[:2] for e in shop.events(complaint["id"])][1:] == [
        ("escalate", 1), ("escalate", 2), ("escalate", 3)]
    number = row["number"]
    overdue = shop.call("manager", "complaint_queue", {"view": "overdue", "search": number})
    assert [r["id"] for r in overdue["rows"]] == [complaint["id"]]
    assert overdue["counts"]["overdue"] == 1 and overdue["counts"]["escalated"] == 1


def test_a_waiting_complaint_does_not_escalate_and_resuming_moves_its_deadline(
        shop: Shop) -> None:
    complaint = shop.open()["complaint"]
    shop.act("manager", complaint, "pause")
    # the deadline passed while it waited 3 hours: its clock stood still
    _ago(shop, complaint["id"], deadline_at=timedelta(hours=1),
         paused_since=timedelta(hours=3))
    row = _escalate_by_queue(shop, complaint["id"])
    assert row["escalation_level"] == 0 and row["overdue"] is False
    resumed = shop.act("manager", complaint, "resume")
    assert resumed["overdue"] is False  # two hours left, as when it was paused
    hours = shop.sql("SELECT extract(epoch FROM deadline_at - now()) / 3600 "
                     "FROM app.complaint WHERE id = %s", complaint["id"])[0][0]
    assert 1.99 < hours <= 2.01
    assert _escalate_by_queue(shop, complaint["id"])["escalation_level"] == 0


def test_escalation_runs_by_itself_and_twice_changes_nothing(shop: Shop) -> None:
    complaint = shop.open()["complaint"]
    _ago(shop, complaint["id"], deadline_at=timedelta(seconds=1))
    assert shop.sql("SELECT app.complaint_escalate_due()")[0][0] >= 1
    assert shop.sql("SELECT app.complaint_escalate_due()")[0][0] == 0
    assert _row(shop, complaint["id"])["escalation_level"] == 1
    # operators cannot run it themselves (the queue does)
    with shop.conn("manager").cursor() as cur, pytest.raises(psycopg2.Error) as denied:
        cur.execute("SELECT app.complaint_escalate_due()")
    assert denied.value.pgcode == "42501"


def test_the_queue_never_waits_for_a_complaint_being_saved(shop: Shop) -> None:
    """A complaint another transaction holds is escalated by the next read, not waited for
    (and never twice: the holder's save and the escalation do not both apply)."""
    complaint = shop.open()["complaint"]
    _ago(shop, complaint["id"], deadline_at=timedelta(minutes=1))
    holder = psycopg2.connect(shop.cluster.dsn(shop.db))  # a handler's save, in flight
    try:
        with holder.cursor() as cur:
            cur.execute("SELECT id FROM app.complaint WHERE id = %s FOR UPDATE",
                        (complaint["id"],))
            started = time.perf_counter()
            assert _escalate_by_queue(shop, complaint["id"])["escalation_level"] == 0
            assert time.perf_counter() - started < 1
        holder.rollback()
    finally:
        holder.close()
    assert _escalate_by_queue(shop, complaint["id"])["escalation_level"] == 1


def test_open_queues_are_told_on_channel_complaints(shop: Shop) -> None:
    listener = psycopg2.connect(shop.cluster.dsn(shop.db))
    listener.autocommit = True
    try:
        with listener.cursor() as cur:
            cur.execute("LISTEN complaints")
        complaint = shop.open()["complaint"]
        shop.act("manager", complaint, "start")
        _ago(shop, complaint["id"], deadline_at=timedelta(minutes=1))
        _escalate_by_queue(shop, complaint["id"])
        time.sleep(0.1)
        listener.poll()
        told = [json.loads(n.payload) for n in listener.notifies]
    finally:
        listener.close()
    assert [(t.get("number"), t["event"]) for t in told[:2]] == [
        (complaint["number"], "open"), (complaint["number"], "start")]
    assert told[1]["state"] == "in_progress"
    assert told[2]["event"] == "escalate" and told[2]["count"] >= 1


# -- the queue -------------------------------------------------------------------------------

def test_the_queue_views_and_counts(shop: Shop) -> None:
    tag = f"队列{uuid.uuid4().hex[:4]}"

    def opened(**changes: Any) -> dict[str, Any]:
        ticket = shop.customer(f"{tag}客户")
        return shop.open("manager", ticket_id=ticket, **changes)["complaint"]  # type: ignore[no-any-return]

    waiting = opened(severity="low")
    mine = opened(severity="high", owner=shop.codes["manager"])
    theirs = opened(owner=shop.codes["manager2"])
    escalated = opened(severity="critical")
    resolved = opened()
    closed = opened()
    shop.act("manager", waiting, "pause")
    shop.act("manager", resolved, "resolve", resolution="已解决")
    shop.act("manager", closed, "resolve", resolution="已解决")
    shop.act("manager", closed, "close", customer_accepted=True)
    _ago(shop, escalated["id"], deadline_at=timedelta(minutes=5))

    def view(name: str, who: str = "manager", **filters: Any) -> dict[str, Any]:
        return shop.call(who, "complaint_queue",  # type: ignore[no-any-return]
                         {"view": name, "search": tag, **filters})

    everything = view("all")
    assert everything["counts"] == {"open": 4, "mine": 1, "escalated": 1, "overdue": 0,
                                    "resolved": 1}
    assert everything["total"] == 6
    ids = {name: c["id"] for name, c in (("waiting", waiting), ("mine", mine),
                                         ("theirs", theirs), ("escalated", escalated),
                                         ("resolved", resolved), ("closed", closed))}
    # open views: the most escalated first, then by deadline (critical 8 h, high 24 h,
    # normal 48 h, low 72 h)
    assert [r["id"] for r in view("open")["rows"]] == [
        ids["escalated"], ids["mine"], ids["theirs"], ids["waiting"]]
    assert [r["id"] for r in view("mine")["rows"]] == [ids["mine"]]
    assert [r["id"] for r in view("mine", who="manager2")["rows"]] == [ids["theirs"]]
    assert view("mine", who="manager2")["counts"]["mine"] == 1
    assert [r["id"] for r in view("escalated")["rows"]] == [ids["escalated"]]
    assert view("overdue")["rows"] == []
    assert [r["id"] for r in view("resolved")["rows"]] == [ids["resolved"]]
    assert [r["id"] for r in view("closed")["rows"]] == [ids["closed"]]
    assert [r["id"] for r in view("all", severity="high")["rows"]] == [ids["mine"]]
    paged = view("all", offset=1, limit=2)
    assert paged["total"] == 6 and len(paged["rows"]) == 2
    assert [r["id"] for r in paged["rows"]] == [r["id"] for r in everything["rows"][1:3]]
    # the technician filter, the phone's digits, and callback staff read it too
    assert view("all", technician_id=shop.technician)["total"] == 6
    assert view("all", technician_id=999999999)["total"] == 0
    by_phone = shop.call("callback", "complaint_queue", {"view": "all", "search": "2345678"})
    assert by_phone["total"] >= 6
    row = next(r for r in view("open")["rows"] if r["id"] == ids["waiting"])
    assert row["state"] == "waiting_customer" and row["overdue"] is False
    assert set(row) >= {"id", "version", "number", "state", "severity", "source", "summary",
                        "customer_id", "customer_name", "phone", "ticket_id",
                        "ticket_number", "technician_id", "technician", "owner",
                        "owner_name", "opened_at", "deadline_at", "overdue",
                        "escalation_level", "resolved_at", "customer_accepted",
                        "hours_open"}


def test_the_queue_refuses_what_no_screen_sends(shop: Shop) -> None:
    for body, code in (({"view": "bogus"}, "field_choice_invalid"),
                       ({"severity": "bogus"}, "field_choice_invalid"),
                       ({"limit": 501}, "field_out_of_range"),
                       ({"offset": -1}, "field_out_of_range"),
                       ({"search": "字" * 101}, "field_too_long"),
                       ({"technician_id": "abc"}, "reference_missing"),
                       ([], "field_malformed")):
        with pytest.raises(UserError) as refused:
            shop.call("manager", "complaint_queue", body)
        assert refusal(refused.value) == code, body
    # a search is text, not a pattern
    assert shop.call("manager", "complaint_queue", {"view": "all", "search": "%"})[
        "total"] == 0


# -- a survey's low score (app.survey_record, helper cb-tasks) -----------------------------

def _survey_task(shop: Shop) -> int:
    """A callback task of a picked-up ticket (made by the database when the ticket was
    finished)."""
    ticket = shop.customer(f"回访{uuid.uuid4().hex[:4]}")
    shop.sql("UPDATE app.ticket SET status = 'picked_up', picked_up_at = now() "
             "WHERE id = %s", ticket)
    found = shop.sql("SELECT id FROM app.callback_task WHERE ticket_id = %s", ticket)
    if not found:
        customer = shop.sql("SELECT customer_id FROM app.ticket WHERE id = %s", ticket)[0][0]
        found = shop.sql("INSERT INTO app.callback_task (kind, source, ticket_id, customer_id, "
                         "technician_id, due_on, expires_on) VALUES ('service', 'ticket', %s, "
                         "%s, %s, %s, %s) RETURNING id", ticket, customer, shop.technician,
                         shop.today, shop.today + timedelta(days=14))
    return int(found[0][0])


def _survey(shop: Shop, task: int, scores: dict[str, int], **more: Any) -> dict[str, Any]:
    version = shop.sql("SELECT version FROM app.callback_task WHERE id = %s", task)[0][0]
    questions = dict(shop.sql("SELECT code, id FROM app.survey_question WHERE active"))
    answers = [{"question_id": questions[code], "score": scores.get(code, 5)}
               for code, kind in shop.sql("SELECT code, kind FROM app.survey_question "
                                          "WHERE active") if kind == "score"]
    return shop.call("callback", "survey_record", {  # type: ignore[no-any-return]
        "task_id": task, "version": version, "answers": answers, "usage": "正常",
        "suggestion": "师傅态度要好", "notes": "", **more})


@pytest.fixture()
def surveys(shop: Shop) -> Shop:
    return shop


def test_a_low_score_opens_a_complaint_in_the_surveys_transaction(surveys: Shop) -> None:
    shop = surveys
    task = _survey_task(shop)
    recorded = _survey(shop, task, {"attitude": 1, "timeliness": 2})
    complaint_id = recorded["complaint_id"]
    assert complaint_id is not None
    row = _row(shop, complaint_id)
    assert recorded["complaint_number"] == row["number"]
    assert row["source"] == "survey" and row["severity"] == "high"
    assert row["survey_id"] == recorded["survey_id"] and row["task_id"] == task
    assert row["opened_by"] == shop.codes["callback"]
    assert "1/5" in row["summary"] and "2/5" in row["summary"]
    assert row["details"] == "师傅态度要好"
    detail = shop.get("manager", complaint_id)
    assert {a["score"] for a in detail["survey"]["answers"]} >= {1, 2}


def test_a_score_above_the_threshold_opens_none(surveys: Shop) -> None:
    shop = surveys
    before = shop.sql("SELECT count(*) FROM app.complaint")[0][0]
    recorded = _survey(shop, _survey_task(shop), {"attitude": 3})
    assert recorded["complaint_id"] is None and recorded["complaint_number"] is None
    assert shop.sql("SELECT count(*) FROM app.complaint")[0][0] == before
    # a 2 is at the threshold: a complaint, normal
    recorded = _survey(shop, _survey_task(shop), {"quality": 2})
    assert _row(shop, recorded["complaint_id"])["severity"] == "normal"


def test_a_correction_opens_no_second_complaint_while_the_first_is_open(
        surveys: Shop) -> None:
    shop = surveys
    task = _survey_task(shop)
    first = _survey(shop, task, {"attitude": 1})
    corrected = _survey(shop, task, {"attitude": 2}, corrects_id=first["survey_id"])
    assert corrected["complaint_id"] is None
    assert shop.sql("SELECT count(*) FROM app.complaint WHERE task_id = %s", task)[0][0] == 1
    # once that complaint is closed, a correction still low opens a new one
    complaint = {"id": first["complaint_id"]}
    shop.act("manager", complaint, "resolve", resolution="道歉并回访")
    shop.act("manager", complaint, "close", customer_accepted=True)
    again = _survey(shop, task, {"quality": 1}, corrects_id=corrected["survey_id"])
    assert again["complaint_id"] not in (None, first["complaint_id"])


def test_a_failing_survey_leaves_no_complaint(surveys: Shop) -> None:
    shop = surveys
    before = shop.sql("SELECT count(*) FROM app.complaint")[0][0]
    task = _survey_task(shop)
    with pytest.raises(UserError):
        _survey(shop, task, {"attitude": 1, "quality": 9})  # out of range: refused
    assert shop.sql("SELECT count(*) FROM app.complaint")[0][0] == before


def test_the_survey_function_is_internal(shop: Shop) -> None:
    with shop.conn("manager").cursor() as cur, pytest.raises(psycopg2.Error) as denied:
        cur.execute("SELECT app.complaint_from_survey(1)")
    assert denied.value.pgcode == "42501"


def test_answers_are_json(shop: Shop) -> None:
    """What the UI's services read: ISO times, numbers as numbers."""
    complaint = shop.open()["complaint"]
    detail = shop.get("manager", complaint["id"])
    json.dumps(detail)
    datetime.fromisoformat(detail["complaint"]["deadline_at"])
    assert isinstance(detail["complaint"]["hours_open"], int | float)
