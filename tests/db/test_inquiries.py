"""Inquiries (咨询) and the customer's history on a real database, each call through an
operator's own connection (their own password, as `psql` would connect): the counter or
callback staff log an inquiry against a known customer or a new one made as the intake
makes one; the intake and the pre-order link an inquiry in their own transaction, once,
and only the customer's own; the history shows every kind newest first, paged, with
counts, to whoever works with customers and to nobody else."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import psycopg2
import psycopg2.extensions
import pytest
from sqlalchemy import text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import PermissionDenied, UserError
from aftersales_desktop.services.callbacks import inquiries
from aftersales_desktop.services.callbacks.inquiries import InquiryDraft
from aftersales_desktop.services.frontdesk.intake import IntakeDraft, save_intake
from aftersales_desktop.services.frontdesk.preorders import create_preorder
from tests.db.stock_helpers import refusal, run
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db


@dataclass
class Counter:
    cluster: TestCluster
    db: str
    today: date
    logins: dict[str, Database]
    codes: dict[str, str]
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

    def log(self, who: str = "counter", **fields: Any) -> inquiries.LoggedInquiry:
        draft = InquiryDraft(**({"question": "空调怎么清洗滤网？"} | fields))
        with self.logins[who].read() as conn:
            return inquiries.log_inquiry(conn, draft)

    def intake(self, customer_id: int, inquiry_id: int | None, **more: Any) -> int:
        draft = IntakeDraft(customer_id=customer_id, product="空调", brand="格力",
                            serial=f"GR{uuid.uuid4().hex[:8]}", fault="不制冷",
                            promised_on=self.today + timedelta(days=7),
                            inquiry_id=inquiry_id, **more)
        with self.logins["counter"].read() as conn:
            return save_intake(conn, draft, self.today).id

    def preorder(self, customer_id: int, inquiry_id: int | None) -> int:
        with self.logins["counter"].read() as conn:
            return create_preorder(conn, customer_id=customer_id, part_name="遥控器",
                                   quantity=Decimal(1), unit_price=Decimal("35"),
                                   inquiry_id=inquiry_id)[0]

    def history(self, who: str, customer_id: int, **more: Any) -> inquiries.CustomerHistory:
        with self.logins[who].read() as conn:
            return inquiries.customer_history(conn, customer_id, **more)

    def links(self, inquiry_id: int) -> tuple[Any, Any]:
        row = self.sql("SELECT ticket_id, preorder_id FROM app.inquiry WHERE id = %s",
                       inquiry_id)[0]
        return row[0], row[1]

    def customer(self, name: str, phone: str) -> int:
        found = int(self.sql("INSERT INTO app.customer (code, name) VALUES (%s, %s) "
                             "RETURNING id", f"T{uuid.uuid4().hex[:8]}", name)[0][0])
        self.sql("INSERT INTO app.customer_phone (customer_id, phone, is_primary) "
                 "VALUES (%s, %s, true)", found, phone)
        return found


@pytest.fixture(scope="module")
def counter(cluster: TestCluster) -> Iterator[Counter]:
    db = cluster.create_database()
    codes = {who: cluster.create_operator(db, template=template) for who, template in (
        ("counter", "counter"), ("callback", "callback"), ("technician", "technician"),
        ("manager", "manager"))}
    profile = cluster.profile(db)
    logins = {who: Database(profile, code, TEST_PASSWORD) for who, code in codes.items()}
    with logins["counter"].read() as conn:
        today = conn.execute(text("SELECT app.shop_today()")).scalar_one()
    found = Counter(cluster, db, today, logins, codes)
    yield found
    for conn in found.conns.values():
        conn.close()
    for database in logins.values():
        database.dispose()


def _refused(action: Any) -> UserError:
    with pytest.raises(UserError) as caught:
        action()
    return caught.value


def test_a_new_customer_is_made_as_the_intake_makes_one(counter: Counter) -> None:
    logged = counter.log(customer_name="李娜", phone="139 1111 2222", topic="usage",
                         channel="visit", product="空调 KFR-35GW", answer="拆下滤网用清水冲洗")
    code, name, phone, primary = counter.sql(
        "SELECT c.code, c.name, p.phone, p.is_primary FROM app.customer c "
        "JOIN app.customer_phone p ON p.customer_id = c.id WHERE c.id = %s",
        logged.customer_id)[0]
    assert (name, phone, primary) == ("李娜", "13911112222", True)
    assert code == f"C{logged.customer_id:06d}"
    # the intake's own new customer gets the same shape (one piece of SQL makes both)
    with counter.logins["counter"].read() as conn:
        ticket = save_intake(conn, IntakeDraft(
            customer_name="赵六", phone="13922223333", product="洗衣机", fault="不脱水",
            promised_on=counter.today + timedelta(days=3)), counter.today)
    made = counter.sql("SELECT c.id, c.code, p.phone FROM app.ticket t "
                       "JOIN app.customer c ON c.id = t.customer_id "
                       "JOIN app.customer_phone p ON p.customer_id = c.id WHERE t.id = %s",
                       ticket.id)[0]
    assert made[1:] == (f"C{made[0]:06d}", "13922223333")
    row = counter.sql("SELECT topic, channel, product, question, answer, answered_by, "
                      "ticket_id, preorder_id, version FROM app.inquiry WHERE id = %s",
                      logged.inquiry_id)[0]
    assert row == ("usage", "visit", "空调 KFR-35GW", "空调怎么清洗滤网？", "拆下滤网用清水冲洗",
                   counter.codes["counter"], None, None, 1)


def test_refusals_write_nothing(counter: Counter) -> None:
    before = counter.sql("SELECT (SELECT count(*) FROM app.customer), "
                         "(SELECT count(*) FROM app.inquiry)")[0]
    assert refusal(_refused(lambda: counter.call("counter", "inquiry_log", {
        "customer": {"name": "王五", "phone": "12"}, "question": "多少钱"}))) == "phone_invalid"
    assert refusal(_refused(lambda: counter.call("counter", "inquiry_log", {
        "customer": {"name": "王五", "phone": "13933334444"}, "question": "  "}))) \
        == "inquiry_question_required"
    assert refusal(_refused(lambda: counter.call("counter", "inquiry_log", {
        "customer": {"name": "", "phone": "13933334444"}, "question": "多少钱"}))) \
        == "customer_name_required"
    assert refusal(_refused(lambda: counter.call("counter", "inquiry_log", {
        "customer_id": 987654321, "question": "多少钱"}))) == "customer_missing"
    assert refusal(_refused(lambda: counter.call("counter", "inquiry_log", {
        "customer": {"name": "王五", "phone": "13933334444"}, "question": "多少钱",
        "topic": "gossip"}))) == "field_choice_invalid"
    assert refusal(_refused(lambda: counter.call("counter", "inquiry_log", {
        "customer": {"name": "王五", "phone": "13933334444"}, "question": "问" * 501}))) \
        == "field_too_long"
    assert counter.sql("SELECT (SELECT count(*) FROM app.customer), "
                       "(SELECT count(*) FROM app.inquiry)")[0] == before


def test_who_may_log_an_inquiry(counter: Counter) -> None:
    customer = counter.customer("钱七", "13944445555")
    assert counter.log("callback", customer_id=customer).customer_id == customer
    with pytest.raises(PermissionDenied):
        counter.log("technician", customer_id=customer)
    # the table itself is read-only to operators: only the functions write it
    with pytest.raises(psycopg2.Error), counter.conn("counter").cursor() as cur:
        cur.execute("INSERT INTO app.inquiry (customer_id, question) VALUES (%s, 'x')",
                    (customer,))


def test_an_intake_links_its_inquiry_once(counter: Counter) -> None:
    customer = counter.customer("孙八", "13955556666")
    logged = counter.log(customer_id=customer, question="冰箱不制冷能修吗")
    ticket = counter.intake(customer, logged.inquiry_id)
    assert counter.links(logged.inquiry_id) == (ticket, None)
    # already a ticket: neither a second ticket nor a pre-order may take it
    assert refusal(_refused(lambda: counter.intake(customer, logged.inquiry_id))) \
        == "inquiry_converted"
    assert refusal(_refused(lambda: counter.preorder(customer, logged.inquiry_id))) \
        == "inquiry_converted"
    assert counter.sql("SELECT count(*) FROM app.ticket WHERE customer_id = %s",
                       customer)[0][0] == 1


def test_another_customers_or_a_missing_inquiry_is_refused(counter: Counter) -> None:
    mine, theirs = counter.customer("周九", "13966667777"), counter.customer("吴十", "13977778888")
    logged = counter.log(customer_id=theirs)
    tickets = counter.sql("SELECT count(*) FROM app.ticket")[0][0]
    assert refusal(_refused(lambda: counter.intake(mine, logged.inquiry_id))) \
        == "inquiry_converted"
    assert refusal(_refused(lambda: counter.intake(mine, 987654321))) == "inquiry_missing"
    assert counter.sql("SELECT count(*) FROM app.ticket")[0][0] == tickets
    assert counter.links(logged.inquiry_id) == (None, None)
    # a refused intake (no promise) leaves the inquiry free for the next try
    assert refusal(_refused(lambda: counter.call("counter", "ticket_intake", {
        "customer_id": theirs, "device": {"product": "空调"}, "fault": "不制冷",
        "inquiry_id": logged.inquiry_id}))) == "promised_required"
    assert counter.links(logged.inquiry_id) == (None, None)


def test_a_preorder_links_its_inquiry(counter: Counter) -> None:
    customer = counter.customer("郑一", "13988889999")
    logged = counter.log(customer_id=customer, topic="part", question="遥控器有货吗")
    preorder = counter.preorder(customer, logged.inquiry_id)
    assert counter.links(logged.inquiry_id) == (None, preorder)
    assert refusal(_refused(lambda: counter.intake(customer, logged.inquiry_id))) \
        == "inquiry_converted"


def test_the_table_holds_one_outcome(counter: Counter) -> None:
    customer = counter.customer("王二", "13900001111")
    logged = counter.log(customer_id=customer)
    ticket, preorder = counter.intake(customer, None), counter.preorder(customer, None)
    with pytest.raises(psycopg2.errors.CheckViolation):
        counter.sql("UPDATE app.inquiry SET ticket_id = %s, preorder_id = %s WHERE id = %s",
                    ticket, preorder, logged.inquiry_id)


def test_the_history_shows_every_kind_newest_first(counter: Counter) -> None:
    customer = counter.customer("冯三", "13900002222")
    first = counter.log(customer_id=customer, question="第一次咨询")
    ticket = counter.intake(customer, first.inquiry_id)
    preorder = counter.preorder(customer, None)
    last = counter.log(customer_id=customer, question="第二次咨询")
    found = counter.history("counter", customer)
    assert found.customer_name == "冯三"
    assert found.counts["ticket"] == 1 and found.counts["preorder"] == 1
    assert found.counts["inquiry"] == 2 and found.total == 4
    assert [(r.kind, r.id) for r in found.rows] == [
        ("inquiry", last.inquiry_id), ("preorder", preorder), ("ticket", ticket),
        ("inquiry", first.inquiry_id)]
    linked = found.rows[-1]
    assert (linked.state, linked.ticket_id, linked.summary) == ("ticket", ticket, "第一次咨询")
    assert linked.number == counter.sql("SELECT number FROM app.ticket WHERE id = %s",
                                        ticket)[0][0]
    assert found.rows[2].summary == "不制冷" and found.rows[2].state == "pending"
    # a page, and one kind: the counts stay those of every kind
    page = counter.history("counter", customer, offset=1, limit=2)
    assert [r.id for r in page.rows] == [preorder, ticket]
    only = counter.history("callback", customer, kinds=["inquiry"])
    assert [r.kind for r in only.rows] == ["inquiry", "inquiry"]
    assert only.total == 2 and only.counts["ticket"] == 1


def test_callbacks_and_complaints_in_the_history(counter: Counter) -> None:
    """Callback tasks with their survey's scores, and complaints."""
    customer = counter.customer("陈四", "13900003333")
    ticket = counter.intake(customer, None)
    task = int(counter.sql(
        "INSERT INTO app.callback_task (kind, source, ticket_id, customer_id, due_on, "
        "expires_on, state, closed_at) VALUES ('service', 'ticket', %s, %s, %s, %s, "
        "'done', now()) RETURNING id", ticket, customer, counter.today,
        counter.today + timedelta(days=14))[0][0])
    # a survey corrected once: the history shows the correction's scores
    first = int(counter.sql(
        "INSERT INTO app.survey (task_id, ticket_id, customer_id, frozen_at, lowest_score) "
        "VALUES (%s, %s, %s, now() + interval '1 day', 2) RETURNING id", task, ticket,
        customer)[0][0])
    current = int(counter.sql(
        "INSERT INTO app.survey (task_id, ticket_id, customer_id, frozen_at, lowest_score, "
        "corrects_id) VALUES (%s, %s, %s, now() + interval '1 day', 4, %s) RETURNING id",
        task, ticket, customer, first)[0][0])
    questions = dict(counter.sql("SELECT code, id FROM app.survey_question"))
    for survey, scores in ((first, (2, 5)), (current, (4, 5))):
        for code, score in zip(("attitude", "quality"), scores, strict=True):
            counter.sql("INSERT INTO app.survey_answer (survey_id, question_id, score) "
                        "VALUES (%s, %s, %s)", survey, questions[code], score)
    complaint = int(counter.sql(
        "INSERT INTO app.complaint (number, customer_id, ticket_id, source, severity, "
        "summary, state, deadline_at) VALUES ('TS-T1', %s, %s, 'phone', 'high', '师傅迟到', "
        "'open', now() + interval '1 day') RETURNING id", customer, ticket)[0][0])
    found = counter.history("manager", customer)
    kinds = {r.kind: r for r in found.rows}
    assert found.counts["callback"] == 1 and found.counts["complaint"] == 1
    assert kinds["callback"].id == task and kinds["callback"].ticket_id == ticket
    assert kinds["callback"].state == "done"
    assert kinds["callback"].extra["survey_id"] == current
    assert kinds["callback"].extra["lowest_score"] == 4
    assert [(s["code"], s["score"]) for s in kinds["callback"].extra["scores"]] == [
        ("attitude", 4), ("quality", 5)]
    assert kinds["complaint"].id == complaint and kinds["complaint"].summary == "师傅迟到"


def test_who_may_read_the_history(counter: Counter) -> None:
    customer = counter.customer("褚五", "13900004444")
    assert counter.history("manager", customer).total == 0
    with pytest.raises(PermissionDenied):
        counter.history("technician", customer)
    assert refusal(_refused(lambda: counter.history("counter", 987654321))) \
        == "customer_missing"
    assert refusal(_refused(lambda: counter.call("counter", "customer_history", {
        "customer_id": customer, "kinds": ["ticket", "secrets"]}))) == "field_choice_invalid"
    assert refusal(_refused(lambda: counter.call("counter", "customer_history", {
        "customer_id": customer, "limit": 100000}))) == "field_out_of_range"
