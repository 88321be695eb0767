"""The rules of revision 0011 hold whoever writes: a counter clerk on psql with their own
password meets the same pre-order arithmetic, SMS recipient rule and purchase-date rule
as the form (tests/db/test_rules_agree.py compares the rules themselves). And two rules
the database applies inline in its actions, checked against their Python copies through
those actions: the repair warranty a pickup starts and the intake's promised date.

The purchase date is checked against the shop's day (app.shop_today(), the shop's time
zone setting), not the session's: the CHECK it replaces compared with current_date + 1,
and a client chooses its session's TimeZone.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import psycopg2
import pytest

from aftersales_desktop.core.errors import Refused, UserError
from aftersales_desktop.domain import tickets, warranty, workdays
from aftersales_desktop.services.errors import user_error
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

# the shop and the clerk's PC at either end of the date line: 25 hours apart
SHOP_ZONE = "Pacific/Pago_Pago"  # UTC-11
CLERK_ZONE = "Pacific/Kiritimati"  # UTC+14


@pytest.fixture(scope="module")
def enforced_db(cluster: TestCluster) -> str:
    db = cluster.create_database()
    cluster.execute(db, "UPDATE app.shop_setting SET value = to_jsonb(%s::text) "
                        "WHERE key = 'timezone'", (SHOP_ZONE,))
    cluster.execute(db, "INSERT INTO app.notice_channel (channel, config) VALUES "
                        "('sms', '{\"url\": \"https://sms.example.com/send\"}')")
    return db


@pytest.fixture(scope="module")
def clerk(cluster: TestCluster, enforced_db: str) -> Iterator[Any]:
    """A counter clerk's own psql session, its TimeZone set to the far side of the line."""
    code = cluster.create_operator(enforced_db, template="counter")
    conn = psycopg2.connect(**cluster.profile(enforced_db).connect_kwargs(code, TEST_PASSWORD))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SET TIME ZONE %s", (CLERK_ZONE,))
    yield conn
    conn.close()


def _one(conn: Any, statement: str, params: tuple[Any, ...] = ()) -> Any:
    with conn.cursor() as cur:
        cur.execute(statement, params)
        return cur.fetchone()[0]


def _refusal(conn: Any, statement: str, params: tuple[Any, ...] = ()) -> UserError:
    with pytest.raises(psycopg2.Error) as caught:
        _one(conn, statement, params)
    error = user_error(caught.value)
    assert error is not None, caught.value
    return error


@pytest.fixture(scope="module")
def customer(cluster: TestCluster, enforced_db: str) -> int:
    return int(cluster.execute(enforced_db, "INSERT INTO app.customer (code, name) VALUES "
                                            "('RULES1', '规则客户') RETURNING id")[0][0])


# ---- the purchase date: the shop's day ------------------------------------------------

def test_the_clerks_session_day_is_not_the_shops(clerk: Any) -> None:
    shop_today = _one(clerk, "SELECT app.shop_today()")
    assert _one(clerk, "SELECT current_date") - shop_today >= timedelta(days=1)


def test_a_device_bought_tomorrow_is_refused_whoever_writes_it(clerk: Any,
                                                               customer: int) -> None:
    shop_today: date = _one(clerk, "SELECT app.shop_today()")
    insert = ("INSERT INTO app.device (customer_id, product, purchase_date) "
              "VALUES (%s, '冰箱', %s) RETURNING id")
    # the old CHECK (current_date + 1 in the clerk's zone) let this through
    error = _refusal(clerk, insert, (customer, shop_today + timedelta(days=1)))
    assert (error.code, error.field) == ("purchase_in_future", "purchase_date")
    assert error.text() == "The purchase date cannot be in the future."
    device = _one(clerk, insert, (customer, shop_today))
    error = _refusal(clerk, "UPDATE app.device SET purchase_date = %s WHERE id = %s "
                            "RETURNING id", (shop_today + timedelta(days=1), device))
    assert error.code == "purchase_in_future"
    error = _refusal(clerk, insert, (customer, date(1969, 12, 31)))
    assert (error.code, error.text()) == (
        "purchase_too_old", "The purchase date 1969-12-31 is too far in the past; check the "
                            "year.")
    assert _one(clerk, insert, (customer, None)) is not None


def test_a_date_valid_when_stored_does_not_block_other_changes(
        cluster: TestCluster, enforced_db: str, clerk: Any, customer: int) -> None:
    """Only a purchase date being set is checked: a device stored with a date that is
    today's in another zone (or under an older rule) can still get its serial."""
    shop_today = _one(clerk, "SELECT app.shop_today()")
    conn = psycopg2.connect(cluster.dsn(enforced_db))
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SET LOCAL session_replication_role = replica")  # as restored
            cur.execute("INSERT INTO app.device (customer_id, product, purchase_date) "
                        "VALUES (%s, '电视', %s) RETURNING id",
                        (customer, shop_today + timedelta(days=1)))
            device = cur.fetchone()[0]  # type: ignore[index]
    finally:
        conn.close()
    assert _one(clerk, "UPDATE app.device SET serial = 'SN-1', purchase_date = purchase_date "
                       "WHERE id = %s RETURNING serial", (device,)) == "SN-1"


def test_the_check_is_a_trigger_now(cluster: TestCluster, enforced_db: str) -> None:
    assert cluster.execute(enforced_db, "SELECT conname FROM pg_constraint WHERE conrelid = "
                                        "'app.device'::regclass AND contype = 'c' AND "
                                        "conname = 'device_purchase_date_check'") == []
    assert cluster.execute(enforced_db, """
        SELECT t.tgname, p.proname, p.prosecdef FROM pg_trigger t
        JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE t.tgrelid = 'app.device'::regclass AND NOT t.tgisinternal
          AND p.proname = 'device_purchase_date_guard'""") == [
        ("device_purchase_date", "device_purchase_date_guard", True)]


# ---- the SMS recipient: a mobile, by the one phone rule ---------------------------------

@pytest.fixture(scope="module")
def ticket(clerk: Any) -> int:
    today = _one(clerk, "SELECT app.shop_today()")
    created = _one(clerk, "SELECT app.ticket_intake(%s::jsonb)", (json.dumps({
        "customer_name": "短信客户", "phone": "13900002222",
        "device": {"product": "空调", "serial": uuid.uuid4().hex[:10]},
        "fault": "不制冷", "promised_on": str(today + timedelta(days=7))}),))
    return int(created["id"])


def _notice(channel: str, recipient: str, ticket: int) -> str:
    return json.dumps({"kind": "repaired", "channel": channel, "recipient": recipient,
                       "body": "您的空调已修好", "ticket_id": ticket})


@pytest.mark.parametrize(("typed", "stored"), [
    ("+86 139 0000 2222", "13900002222"), ("１３９００００２２２２", "13900002222"),
    ("(139) 0000-2222", "13900002222")])
def test_an_sms_is_recorded_to_the_mobile_in_its_stored_form(
        cluster: TestCluster, enforced_db: str, clerk: Any, ticket: int, typed: str,
        stored: str) -> None:
    notice = _one(clerk, "SELECT app.notice_log(%s::jsonb)", (_notice("sms", typed, ticket),))
    assert cluster.execute(enforced_db, "SELECT recipient, status FROM app.customer_notice "
                                        "WHERE id = %s", (notice["id"],)) == [(stored, "sending")]


@pytest.mark.parametrize(("typed", "code"), [
    ("0571-88886666", "recipient_phone_invalid"), ("12345", "recipient_phone_invalid"),
    ("13900002222, 13900003333", "recipient_phone_invalid"), (" \t", "phone_required")])
def test_an_sms_to_no_mobile_is_refused_and_nothing_recorded(
        cluster: TestCluster, enforced_db: str, clerk: Any, ticket: int, typed: str,
        code: str) -> None:
    before = cluster.execute(enforced_db, "SELECT count(*) FROM app.customer_notice")
    error = _refusal(clerk, "SELECT app.notice_log(%s::jsonb)", (_notice("sms", typed, ticket),))
    assert (error.code, error.field) == (code, "recipient")
    assert cluster.execute(enforced_db, "SELECT count(*) FROM app.customer_notice") == before


def test_a_phone_call_to_a_landline_is_logged_as_given(
        cluster: TestCluster, enforced_db: str, clerk: Any, ticket: int) -> None:
    notice = _one(clerk, "SELECT app.notice_log(%s::jsonb)",
                  (_notice("phone", " 0571-88886666 ", ticket),))
    assert cluster.execute(enforced_db, "SELECT recipient, status FROM app.customer_notice "
                                        "WHERE id = %s", (notice["id"],)) == [
        ("0571-88886666", "sent")]


# ---- pre-orders: what is checked is what is stored -----------------------------------

def _preorder(customer: int, quantity: Any, price: Any, deposit: Any) -> str:
    return json.dumps({"customer_id": customer, "part_name": "门封条", "quantity": quantity,
                       "unit_price": price, "deposit": deposit})


def test_a_preorder_stores_the_rounded_amounts_it_checked(
        cluster: TestCluster, enforced_db: str, clerk: Any, customer: int) -> None:
    """A deposit of 10.004 on a price of 10.004 was refused as more than the price, yet
    both would have been stored as 10.00."""
    created = _one(clerk, "SELECT app.preorder_create(%s::jsonb)",
                   (_preorder(customer, "1", "10.004", "10.004"),))
    assert tickets.parse_number(created["number"])[0] == tickets.PREORDER_PREFIX
    assert cluster.execute(enforced_db, "SELECT quantity, unit_price, deposit FROM "
                                        "app.part_preorder WHERE id = %s", (created["id"],)) == [
        (Decimal("1.00"), Decimal("10.00"), Decimal("10.00"))]
    _one(clerk, "SELECT app.preorder_arrive(%s, 'manual')", (created["id"],))
    picked = _one(clerk, "SELECT app.preorder_pickup(%s, 'none', 0)", (created["id"],))
    assert Decimal(str(picked["change"])) == Decimal("0")


def test_pickup_asks_for_what_is_due(clerk: Any, customer: int) -> None:
    created = _one(clerk, "SELECT app.preorder_create(%s::jsonb)",
                   (_preorder(customer, "3", "0.335", "1.00"),))
    _one(clerk, "SELECT app.preorder_arrive(%s, 'manual')", (created["id"],))
    error = _refusal(clerk, "SELECT app.preorder_pickup(%s, 'cash', 0)", (created["id"],))
    assert (error.code, error.text()) == ("underpaid", "The customer has to pay at least 0.02.")
    picked = _one(clerk, "SELECT app.preorder_pickup(%s, 'cash', 1)", (created["id"],))
    assert Decimal(str(picked["change"])) == Decimal("0.98")


@pytest.mark.parametrize(("quantity", "price", "deposit", "code", "field"), [
    ("two", "45", "0", "quantity_invalid", "quantity"),
    ("1", "45", "-1", "negative_fee", "deposit"),
    ("1", "NaN", "0", "amount_not_a_number", "unit_price"),
    ("1", "45", "45.01", "deposit_above_total", "deposit"),
    ("1", "1e12", "0", "amount_too_large", "unit_price"),
])
def test_preorder_refusals_name_their_field(clerk: Any, customer: int, quantity: str,
                                            price: str, deposit: str, code: str,
                                            field: str) -> None:
    error = _refusal(clerk, "SELECT app.preorder_create(%s::jsonb)",
                     (_preorder(customer, quantity, price, deposit),))
    assert (error.code, error.field) == (code, field)


# ---- the repair warranty a pickup starts ----------------------------------------------

def _picked_up(clerk: Any, work_type: int | None) -> int:
    """An in-warranty ticket taken in, repaired, settled to the manufacturer, picked up."""
    today = _one(clerk, "SELECT app.shop_today()")
    created = _one(clerk, "SELECT app.ticket_intake(%s::jsonb)", (json.dumps({
        "customer_name": "保修客户", "phone": "13900004444", "work_type_id": work_type,
        "device": {"product": "洗衣机", "serial": uuid.uuid4().hex[:10], "has_proof": True,
                   "purchase_date": str(today - timedelta(days=30)), "warranty_months": 12},
        "fault": "不排水", "promised_on": str(today + timedelta(days=3))}),))
    assert created["warranty_class"] == "in_warranty"
    ticket = int(created["id"])
    _one(clerk, "SELECT app.ticket_set_status(%s, NULL, 'ready', '')", (ticket,))
    _one(clerk, "SELECT app.ticket_settle(%s, NULL, %s::jsonb)", (ticket, json.dumps({
        "payment_method": "none", "lines": [{"kind": "labour", "description": "换排水泵",
                                             "quantity": "1", "unit_price": "60.00",
                                             "billed_to": "manufacturer"}]})))
    _one(clerk, "SELECT app.ticket_set_status(%s, NULL, 'picked_up', '')", (ticket,))
    settled = _one(clerk, "SELECT s.number FROM app.settlement s WHERE s.ticket_id = %s",
                   (ticket,))
    for number, prefix in ((created["number"], tickets.TICKET_PREFIX),
                           (settled, tickets.SETTLEMENT_PREFIX)):
        assert tickets.parse_number(number)[0] == prefix
    return ticket


@pytest.mark.parametrize("days", [None, 30, 0])
def test_a_pickup_starts_the_repair_warranty_the_client_computes(
        cluster: TestCluster, enforced_db: str, clerk: Any, days: int | None) -> None:
    """app.ticket_set_status's repair warranty (the work type's days, else the shop's
    setting) is domain/warranty.py repair_warranty_until of the shop's day, which
    find_rework (and app.rework_of) compare with."""
    work_type = None
    if days is not None:
        work_type = cluster.execute(enforced_db, "INSERT INTO app.work_type (code, name, "
                                                 "repair_warranty_days) VALUES (%s, %s, %s) "
                                                 "RETURNING id",
                                    (f"RW{days}", f"保修{days}天", days))[0][0]
    ticket = _picked_up(clerk, work_type)
    today = _one(clerk, "SELECT app.shop_today()")
    setting = cluster.execute(enforced_db, "SELECT (value #>> '{}')::integer FROM "
                                           "app.shop_setting WHERE key = 'repair_warranty_days'")
    expected = warranty.repair_warranty_until(today, setting[0][0] if days is None else days)
    assert cluster.execute(enforced_db, "SELECT repair_warranty_until FROM app.ticket "
                                        "WHERE id = %s", (ticket,)) == [(expected,)]


# ---- the promised date an intake takes ------------------------------------------------

@pytest.mark.parametrize("offset", [None, -400, -1, 0, 1, 30])
def test_the_intake_checks_the_promised_date_as_the_form_does(clerk: Any,
                                                              offset: int | None) -> None:
    """app.ticket_intake's promised-date check is domain/workdays.py check_promised_date
    with the shop's day as the intake day: the same refusal, the same sentence."""
    today = _one(clerk, "SELECT app.shop_today()")
    promised = None if offset is None else today + timedelta(days=offset)
    try:
        workdays.check_promised_date(promised, today)
        expected = None
    except Refused as refused:
        expected = (refused.code, refused.field, refused.text())
    payload = json.dumps({"customer_name": "承诺客户", "phone": "13900005555",
                          "device": {"product": "微波炉", "serial": uuid.uuid4().hex[:10]},
                          "fault": "不加热",
                          "promised_on": None if promised is None else str(promised)})
    if expected is None:
        assert _one(clerk, "SELECT app.ticket_intake(%s::jsonb)", (payload,))["id"]
    else:
        error = _refusal(clerk, "SELECT app.ticket_intake(%s::jsonb)", (payload,))
        assert (error.code, error.field, error.text()) == expected
