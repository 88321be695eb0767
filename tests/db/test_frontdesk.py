"""Front desk services against a real database, run as real operators: a whole repair,
the bad inputs that must change nothing, concurrent numbering, and the database's rules
compared with the pure domain rules on the same tables."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import PermissionDenied, UserError, ValidationError
from aftersales_desktop.data.listing import ListQuery, fetch_page
from aftersales_desktop.data.ticket_lists import TICKETS
from aftersales_desktop.domain import tickets as ticket_rules
from aftersales_desktop.domain.fees import FeeLine
from aftersales_desktop.services.frontdesk import notices, preorders, queries, settlement
from aftersales_desktop.services.frontdesk._calls import Refused
from aftersales_desktop.services.frontdesk.intake import IntakeDraft, save_intake
from aftersales_desktop.services.frontdesk.tickets import (
    Location,
    add_quote,
    decide_quote,
    move_ticket,
    set_status,
)
from tests.pg import TEST_PASSWORD, TestCluster
from tests.threads import in_threads
from tests.unit.test_warranty import WARRANTY_CASES
from tests.unit.test_workdays import ADD_WORKING_DAYS_CASES, CALENDARS

pytestmark = pytest.mark.db

TZ = timezone(timedelta(hours=8))


@dataclass
class Shop:
    cluster: TestCluster
    db: str
    counter: Database  # counter template
    manager: Database  # manager template
    viewer: Database  # reports.view only

    def count(self, table: str) -> int:
        return int(self.cluster.execute(self.db, f"SELECT count(*) FROM {table}")[0][0])

    def counts(self) -> dict[str, int]:
        return {t: self.count(t) for t in (
            "app.ticket", "app.customer", "app.device", "app.ticket_status",
            "app.settlement", "app.customer_notice", "app.part_preorder")}


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Iterator[Shop]:
    db = cluster.create_database()
    profile = cluster.profile(db)
    viewer = cluster.create_operator(db, capabilities=["reports.view"])
    found = Shop(cluster, db,
                 Database(profile, cluster.create_operator(db, template="counter"),
                          TEST_PASSWORD),
                 Database(profile, cluster.create_operator(db, template="manager"),
                          TEST_PASSWORD),
                 Database(profile, viewer, TEST_PASSWORD))
    yield found
    for database in (found.counter, found.manager, found.viewer):
        database.dispose()


def _today(shop: Shop) -> date:
    with shop.counter.read() as conn:
        return conn.execute(text("SELECT app.shop_today()")).scalar_one()  # type: ignore[no-any-return]


def _draft(today: date, **changes: object) -> IntakeDraft:
    values: dict[str, object] = dict(
        customer_name="周杰", phone="13912340001", product="空调", brand="格力",
        model="KFR-35GW", serial=f"GR{uuid.uuid4().hex[:8].upper()}",
        purchase_date=today - timedelta(days=100), has_proof=True, warranty_months=12,
        fault="不制冷", accessories="遥控器、电源线", appearance="外壳轻微划痕",
        promised_on=today + timedelta(days=7))
    values.update(changes)
    return IntakeDraft(**values)  # type: ignore[arg-type]


def test_walk_in_repair_from_intake_to_pickup(shop: Shop) -> None:
    today = _today(shop)
    with shop.counter.read() as conn:
        saved = save_intake(conn, _draft(today), today)
        assert saved.number.startswith("WX" + today.strftime("%Y%m%d") + "-")
        assert saved.warranty_class == "in_warranty"
        version = set_status(conn, saved.id, saved.version, "in_repair")
        move_ticket(conn, saved.id, Location(kind="shelf", shelf="A-03"))
        version = set_status(conn, saved.id, version + 1, "ready")
        detail = queries.ticket_detail(conn, saved.id)
        assert detail is not None
        assert [n["status"] for n in detail["notices"]] == ["due"]  # "repaired" falls due
        notice_id, delivered, _ = notices.send_notice(
            conn, kind="repaired", channel="phone", recipient="13912340001",
            body="周杰您好，您的空调已修复", ticket_id=saved.id)
        assert delivered
        detail = queries.ticket_detail(conn, saved.id)
        assert detail is not None
        assert detail["ticket"]["notice_count"] == 1
        assert [(n["id"], n["status"]) for n in detail["notices"]] == [(notice_id, "sent")]
        # in warranty the manufacturer pays; billing the labour to the customer is an
        # override (warranty.override and a reason): the manager settles
        with shop.manager.read() as manager:
            result = settlement.settle(
                manager, saved.id, detail["ticket"]["version"],
                [FeeLine("part", "压缩机电容", Decimal(1), Decimal("35.00"), "manufacturer"),
                 FeeLine("labour", "小修", Decimal(1), Decimal("50.00"), "customer")],
                discount=Decimal("10"), discount_reason="老客户", payment_method="cash",
                paid=Decimal("100"), default_payer="manufacturer",
                payer_reason="人工费不在保修范围")
        assert result.totals.customer_due == Decimal("40.00")
        assert result.totals.change == Decimal("60.00")
        set_status(conn, saved.id, None, "picked_up")
        detail = queries.ticket_detail(conn, saved.id)
    assert detail is not None
    ticket = detail["ticket"]
    assert ticket["status"] == "picked_up" and ticket["settled"]
    assert Decimal(str(ticket["fee_total"])) == Decimal("40.00")
    assert [h["to_status"] for h in detail["history"]] == [
        "pending", "in_repair", "ready", "picked_up"]
    assert {h["by_operator"] for h in detail["history"]} == {shop.counter.user}
    assert detail["customer"]["phones"] == ["13912340001"]  # counter has contacts.view


def test_out_of_warranty_needs_an_approved_quote(shop: Shop) -> None:
    today = _today(shop)
    with shop.counter.read() as conn:
        saved = save_intake(conn, _draft(today, has_proof=False), today)
        assert saved.warranty_class == "out_of_warranty"
        with pytest.raises(Refused) as refused:
            set_status(conn, saved.id, None, "in_repair")
        assert refused.value.code == "quote_required"
        quote = add_quote(conn, saved.id, parts=Decimal("120"), labour=Decimal("80"))
        with pytest.raises(Refused):
            set_status(conn, saved.id, None, "in_repair")  # still only pending
        decide_quote(conn, quote, approved=True, channel="phone", decided_on=today)
        set_status(conn, saved.id, None, "in_repair")


def test_rework_within_repair_warranty_is_flagged_and_free(shop: Shop) -> None:
    today = _today(shop)
    serial = "RW" + uuid.uuid4().hex[:6]
    with shop.counter.read() as conn:
        first = save_intake(conn, _draft(today, serial=serial), today)
        set_status(conn, first.id, None, "in_repair")
        set_status(conn, first.id, None, "ready")
        settlement.settle(conn, first.id, None,
                          [FeeLine("labour", "小修", Decimal(1), Decimal(0), "manufacturer")],
                          payment_method="none")
        set_status(conn, first.id, None, "picked_up")
        detail = queries.ticket_detail(conn, first.id)
        assert detail is not None
        again = save_intake(conn, _draft(
            today, customer_id=detail["customer"]["id"], device_id=detail["ticket"]["device_id"],
            has_proof=False), today)
    assert again.rework_of == first.number
    with shop.counter.read() as conn:
        detail = queries.ticket_detail(conn, again.id)
    assert detail is not None and detail["ticket"]["rework_free"]
    assert detail["rework_of_number"] == first.number
    # charging the rework needs warranty.override: counters lack it
    with shop.counter.read() as conn, pytest.raises(PermissionDenied):
        save_intake(conn, _draft(today, customer_id=detail["customer"]["id"],
                                 device_id=detail["ticket"]["device_id"], rework_free=False,
                                 rework_override_reason="客户自行拆修"), today)


def test_on_site_job(shop: Shop) -> None:
    today = _today(shop)
    with shop.counter.read() as conn:
        saved = save_intake(conn, _draft(
            today, visit="on_site", address="杭州市西湖区文三路100号",
            appointment_at=datetime.combine(today + timedelta(days=1), datetime.min.time(),
                                            tzinfo=TZ).replace(hour=14)), today)
        detail = queries.ticket_detail(conn, saved.id)
    assert detail is not None and detail["ticket"]["visit"] == "on_site"
    assert detail["locations"] == []


BAD_INTAKES = [
    ("missing phone and name", dict(customer_name="", phone=""), "customer_name"),
    ("malformed phone", dict(phone="12345"), "phone"),
    ("purchase in the future", dict(purchase_date=date.today() + timedelta(days=5)),
     "purchase_date"),
    ("promised before intake", dict(promised_on=date.today() - timedelta(days=3)),
     "promised_date"),
    ("no fault", dict(fault="  "), "fault"),
    ("on-site without address", dict(visit="on_site", address=""), "address"),
    ("override without reason", dict(warranty_class="in_warranty", has_proof=False),
     "warranty_override_reason"),
]


@pytest.mark.parametrize(("case", "changes", "field"), BAD_INTAKES, ids=[c[0] for c in BAD_INTAKES])
def test_bad_intake_says_which_field_and_saves_nothing(shop: Shop, case: str,
                                                       changes: dict[str, object],
                                                       field: str) -> None:
    today = _today(shop)
    before = shop.counts()
    with shop.counter.read() as conn, pytest.raises(ValidationError) as error:
        save_intake(conn, _draft(today, **changes), today)
    assert error.value.field == field
    assert shop.counts() == before


def test_database_refuses_bad_intake_sent_past_the_client(shop: Shop) -> None:
    """The same checks hold for a client that skips them (psql, a modified client)."""
    today = _today(shop)
    before = shop.counts()
    payloads = {
        "phone_invalid": {"customer_name": "甲", "phone": "12345",
                          "device": {"product": "空调"}, "fault": "x",
                          "promised_on": str(today)},
        "purchase_in_future": {"customer_name": "甲", "phone": "13900000000",
                               "device": {"product": "空调",
                                          "purchase_date": str(today + timedelta(days=2))},
                               "fault": "x", "promised_on": str(today)},
        "promised_before_intake": {"customer_name": "甲", "phone": "13900000000",
                                   "device": {"product": "空调"}, "fault": "x",
                                   "promised_on": str(today - timedelta(days=1))},
    }
    import json
    for code, payload in payloads.items():
        with shop.counter.read() as conn, pytest.raises(Exception) as error:
            conn.execute(text("SELECT app.ticket_intake(CAST(:p AS jsonb))"),
                         {"p": json.dumps(payload)})
        assert f"aftersales:{code}" in str(error.value.orig.diag.message_hint)  # type: ignore[union-attr]
    # overriding the warranty needs warranty.override, whatever the client sends
    with shop.counter.read() as conn, pytest.raises(Exception) as error:
        conn.execute(text("SELECT app.ticket_intake(CAST(:p AS jsonb))"), {"p": json.dumps({
            "customer_name": "甲", "phone": "13900000000", "device": {"product": "空调"},
            "fault": "x", "promised_on": str(today), "warranty_class": "in_warranty",
            "warranty_override_reason": "熟人"})})
    assert error.value.orig.pgcode == "42501"  # type: ignore[union-attr]
    assert shop.counts() == before


def test_settlement_refusals_change_nothing(shop: Shop) -> None:
    today = _today(shop)
    with shop.counter.read() as conn:
        saved = save_intake(conn, _draft(today), today)
    before = shop.counts()
    line = FeeLine("labour", "小修", Decimal(1), Decimal("50"))
    with shop.counter.read() as conn:
        with pytest.raises(ValidationError) as error:
            settlement.settle(conn, saved.id, None,
                              [FeeLine("part", "电容", Decimal(1), Decimal("-5"))],
                              payment_method="cash", paid=Decimal(0))
        assert error.value.field == "lines"
        with pytest.raises(ValidationError) as error:
            settlement.settle(conn, saved.id, None, [line], discount=Decimal("60"),
                              discount_reason="多给", payment_method="cash", paid=Decimal(0))
        assert error.value.field == "discount"
        # unsettled release without settlement.release_unsettled
        set_status(conn, saved.id, None, "in_repair")
        set_status(conn, saved.id, None, "ready")
        with pytest.raises(Refused) as refused:
            set_status(conn, saved.id, None, "picked_up", "客户急用")
        assert refused.value.code == "unsettled"
    after = shop.counts()
    assert after["app.settlement"] == before["app.settlement"]
    # the manager may release it unsettled, with a reason that is recorded
    with shop.manager.read() as conn:
        set_status(conn, saved.id, None, "picked_up", "客户急用，明日补款")
        detail = queries.ticket_detail(conn, saved.id)
    assert detail is not None and detail["ticket"]["released_unsettled"]
    assert detail["history"][-1]["reason"] == "客户急用，明日补款"


def test_cancelled_ticket_cannot_be_settled_and_void_keeps_both(shop: Shop) -> None:
    today = _today(shop)
    line = FeeLine("labour", "检测费", Decimal(1), Decimal("30"))
    with shop.manager.read() as conn:
        cancelled = save_intake(conn, _draft(today, has_proof=False), today)
        set_status(conn, cancelled.id, None, "cancelled", "客户不修了")
        with pytest.raises(Refused) as refused:
            settlement.settle(conn, cancelled.id, None, [line], payment_method="cash",
                              paid=Decimal(30))
        assert refused.value.code == "settle_cancelled"
        other = save_intake(conn, _draft(today, has_proof=False), today)  # the customer pays
        done = settlement.settle(conn, other.id, None, [line], payment_method="wechat")
    with shop.counter.read() as conn, pytest.raises(PermissionDenied):
        settlement.void_settlement(conn, done.id, "收错")
    with shop.manager.read() as conn:
        settlement.void_settlement(conn, done.id, "收错")
        detail = queries.ticket_detail(conn, other.id)
    assert detail is not None
    kinds = [(s["kind"], Decimal(str(s["customer_amount"])), bool(s["voided_at"]))
             for s in detail["settlements"]]
    assert kinds == [("sale", Decimal("30.00"), True), ("reversal", Decimal("-30.00"), False)]
    assert not detail["ticket"]["settled"]


def test_twenty_concurrent_intakes_get_consecutive_numbers(shop: Shop) -> None:
    today = _today(shop)
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)
    databases = [Database(shop.counter.profile, shop.counter.user, TEST_PASSWORD)
                 for _ in range(20)]

    def take_in(database: Database) -> None:
        try:
            with database.read() as conn:
                conn.execute(text("SELECT 1"))
                barrier.wait(timeout=30)
                numbers.append(save_intake(conn, _draft(today), today).number)
        except BaseException as exc:  # reported below
            errors.append(exc)

    in_threads(take_in, databases)
    for database in databases:
        database.dispose()
    assert errors == []
    assert len(set(numbers)) == 20
    sequences = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert sequences == list(range(sequences[0], sequences[0] + 20))


def test_resent_intake_applies_once(shop: Shop) -> None:
    today = _today(shop)
    draft = _draft(today)
    with shop.counter.read() as conn:
        first = save_intake(conn, draft, today)
        again = save_intake(conn, draft, today)
    assert (again.id, again.number, again.repeated) == (first.id, first.number, True)


def test_nobody_writes_tickets_directly(shop: Shop) -> None:
    with shop.manager.read() as conn, pytest.raises(Exception) as error:
        conn.execute(text("UPDATE app.ticket SET status = 'picked_up'"))
    assert error.value.orig.pgcode == "42501"  # type: ignore[union-attr]


def test_viewer_cannot_take_in(shop: Shop) -> None:
    today = _today(shop)
    with shop.viewer.read() as conn, pytest.raises(PermissionDenied):
        save_intake(conn, _draft(today), today)


def test_preorder_arrival_makes_a_notice_due(shop: Shop) -> None:
    today = _today(shop)
    with shop.counter.read() as conn:
        saved = save_intake(conn, _draft(today), today)
        detail = queries.ticket_detail(conn, saved.id)
        assert detail is not None
        order_id, number = preorders.create_preorder(
            conn, customer_id=detail["customer"]["id"], part_name="遥控器",
            quantity=Decimal(1), unit_price=Decimal("45"), deposit=Decimal("20"))
        assert number.startswith("YD")
        with pytest.raises(UserError):
            preorders.pick_up(conn, order_id, payment_method="cash", paid=Decimal(25))
        preorders.mark_arrived(conn, order_id)
        due = conn.execute(text("SELECT kind, status FROM app.customer_notice "
                                "WHERE preorder_id = :o"), {"o": order_id}).all()
        assert [tuple(r) for r in due] == [("parts_arrived", "due")]
        with pytest.raises(UserError):
            preorders.pick_up(conn, order_id, payment_method="cash", paid=Decimal(10))
        assert preorders.pick_up(conn, order_id, payment_method="cash",
                                 paid=Decimal(30)) == Decimal("5.00")


def test_ticket_list_filters_and_searches(shop: Shop) -> None:
    today = _today(shop)
    with shop.counter.read() as conn:
        saved = save_intake(conn, _draft(today, customer_name="欧阳娜娜", fault="显示屏花屏"),
                            today)
        page = fetch_page(conn, TICKETS, ListQuery(full_text="欧阳 花屏"))
        assert saved.id in page.keys and page.total == len(page.keys)
        page = fetch_page(conn, TICKETS, ListQuery(full_text=saved.number))
        assert page.keys == [saved.id]
        assert queries.find_ticket(conn, saved.number.lower()) == saved.id
        serial_part = _draft(today).serial  # a fresh serial: not this ticket's
        page = fetch_page(conn, TICKETS, ListQuery(full_text=serial_part[2:8].lower()))
        assert saved.id not in page.keys
        detail = queries.ticket_detail(conn, saved.id)
        assert detail is not None
        page = fetch_page(conn, TICKETS, ListQuery(full_text=detail["ticket"]["serial"][3:9]))
        assert page.keys == [saved.id]  # an ASCII fragment: the trigram path
        with pytest.raises(ValidationError):
            fetch_page(conn, TICKETS, ListQuery(full_text="王"))
        for typed in ("pending", "Pending"):  # the code or the label of a coded column
            page = fetch_page(conn, TICKETS, ListQuery(column_filters={"status": typed}))
            assert saved.id in page.keys
        page = fetch_page(conn, TICKETS, ListQuery(column_filters={"status": "ready"}))
        assert saved.id not in page.keys
        board = queries.ticket_board(conn)
    assert board.statuses.get("pending", 0) >= 1
    assert board.received_today >= 1


def test_board_counts_match_the_tickets(shop: Shop) -> None:
    with shop.viewer.read() as conn:
        board = queries.ticket_board(conn)
    rows = dict(shop.cluster.execute(shop.db, "SELECT status, count(*) FROM app.ticket "
                                              "WHERE status NOT IN ('picked_up', 'cancelled') "
                                              "GROUP BY status"))
    assert board.statuses == rows


# ---- the database's rules are the domain's rules ----------------------------------------

def test_transition_table_is_the_domain_table(shop: Shop) -> None:
    rows = shop.cluster.execute(shop.db, "SELECT from_status, to_status FROM app.ticket_transition")
    in_db: dict[str, set[str]] = {}
    for a, b in rows:
        in_db.setdefault(a, set()).add(b)
    assert in_db == {k: set(v) for k, v in ticket_rules.TRANSITIONS.items() if v}


# the cases the rule decides (input errors are refused by the form before the database)
DECIDED = [c for c in WARRANTY_CASES if isinstance(c[-1], tuple) and 0 <= c[1] <= 120]


@pytest.mark.parametrize("case", DECIDED, ids=lambda c: f"{c[0]}-{c[1]}-{c[5]}")
def test_database_warranty_rule_matches_domain(shop: Shop, case: tuple) -> None:  # type: ignore[type-arg]
    purchase, months, proof, damage, claim, today, expected = case
    rows = shop.cluster.execute(
        shop.db, "SELECT * FROM app.warranty_decision(%s, %s, %s, %s, %s, %s)",
        (purchase, months, proof, damage, claim, today))
    assert tuple(rows[0]) == (expected[0], expected[1],
                              expected[2] if purchase is not None else None)


def test_database_working_days_match_domain(shop: Shop) -> None:
    checked = 0
    for start, n, name, expected in ADD_WORKING_DAYS_CASES:
        calendar = CALENDARS[name]
        days = [(d, False) for d in calendar.holidays] + [(d, True) for d in calendar.workdays]
        conn_dsn = shop.cluster.dsn(shop.db)
        import psycopg2
        conn = psycopg2.connect(conn_dsn)
        try:
            with conn, conn.cursor() as cur:
                cur.execute("DELETE FROM app.work_calendar")
                for day, working in days:
                    cur.execute("INSERT INTO app.work_calendar (day, working) VALUES (%s, %s)",
                                (day, working))
                cur.execute("SELECT app.add_working_days(%s, %s)", (start, n))
                assert cur.fetchone()[0] == expected, (start, n, name)  # type: ignore[index]
                conn.rollback()
        finally:
            conn.close()
        checked += 1
    assert checked >= 5


def test_blank_fields_keep_a_returning_device(shop: Shop) -> None:
    today = _today(shop)
    with shop.counter.read() as conn:
        first = save_intake(conn, _draft(today, serial="KEEP-1"), today)
        detail = queries.ticket_detail(conn, first.id)
        assert detail is not None
        again = save_intake(conn, _draft(today, customer_id=detail["customer"]["id"],
                                         device_id=detail["ticket"]["device_id"], product="",
                                         brand="", model="", serial=""), today)
        second = queries.ticket_detail(conn, again.id)
    assert second is not None
    assert (second["ticket"]["product"], second["ticket"]["serial"]) == ("空调", "KEEP-1")
