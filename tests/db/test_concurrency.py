"""Two counters at once: lost updates and the ticket-number counter.

- Moving a unit takes the version the screen loaded: of two clients that loaded the same
  ticket, the second to move it is refused as stale, also when both press at the same
  moment (the second waits for the first's row lock, then sees the new version).
- Every editable record has a version that the database moves (a trigger): a plain
  `UPDATE` from psql bumps it, so a client's later save with the version it loaded
  changes nothing; a version the client sets is ignored; counters the server keeps (how
  often a dictionary value was used, how many notices a ticket had) do not count as
  edits.
- An intake does all its work before it takes the day's ticket number, so the counter row
  is locked only for the ticket's own inserts (numbers stay gapless: the lock is held
  until commit), and an intake refused for a long serial never waits for the counter.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import psycopg2
import psycopg2.extensions
import pytest

from aftersales_desktop.core.db import Database
from aftersales_desktop.services.masterdata._common import StaleRecord
from aftersales_desktop.services.masterdata.customers import save_customer
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

# Tables an operator may UPDATE that are not records of their own: the lines of a
# customer's phone list, an employee's regions, an operator's or a template's
# capabilities, an item's cost and an employee's wage (apart for their grants) are saved
# with (and versioned by) the record they belong to.
LINK_TABLES = {"customer_phone", "employee_region", "operator_capability",
               "template_capability", "item_cost", "employee_wage"}
# Records written only through functions, with a version the functions check.
FUNCTION_RECORDS = {"ticket", "part_preorder", "operator"}
# Columns the server keeps by itself; changing only these is not an edit of the record.
SERVER_COUNTERS = {"ticket": "notice_count", "dictionary_entry": "uses"}


@dataclass
class Shop:
    cluster: TestCluster
    db: str
    counters: tuple[str, str]  # two counter operators
    today: date

    def connect(self, code: str) -> psycopg2.extensions.connection:
        return psycopg2.connect(**dict(self.cluster.base, dbname=self.db, user=code,
                                       password=TEST_PASSWORD))

    def superuser(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.cluster.execute(self.db, sql, params)


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Shop:
    db = cluster.create_database()
    counters = (cluster.create_operator(db, template="counter"),
                cluster.create_operator(db, template="counter"))
    today = cluster.execute(db, "SELECT app.shop_today()")[0][0]
    return Shop(cluster, db, counters, today)


def _intake_payload(today: date, **changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "operation_id": str(uuid.uuid4()), "customer_name": "赵六",
        "phone": "13700000001",
        "device": {"product": "洗衣机", "brand": "海尔", "model": "XQG",
                   "serial": f"HR{uuid.uuid4().hex[:8]}",
                   "purchase_date": (today - timedelta(days=30)).isoformat(),
                   "has_proof": True, "warranty_months": 12},
        "fault": "不脱水", "accessories": "进水管", "appearance": "完好",
        "promised_on": (today + timedelta(days=7)).isoformat(), "shelf": "C-01"}
    payload.update(changes)
    return payload


def _call(conn: psycopg2.extensions.connection, sql: str, *params: Any) -> Any:
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


def _intake(shop: Shop, conn: psycopg2.extensions.connection, **changes: Any
            ) -> dict[str, Any]:
    result = _call(conn, "SELECT app.ticket_intake(%s::jsonb)",
                   json.dumps(_intake_payload(shop.today, **changes)))
    conn.commit()
    return result  # type: ignore[no-any-return]


@pytest.fixture()
def two(shop: Shop) -> Iterator[tuple[psycopg2.extensions.connection,
                                      psycopg2.extensions.connection]]:
    first, second = (shop.connect(code) for code in shop.counters)
    yield first, second
    first.close()
    second.close()


def _move(conn: psycopg2.extensions.connection, ticket_id: int, version: int,
          shelf: str) -> dict[str, Any]:
    return _call(conn, "SELECT app.ticket_move(%s, %s, %s::jsonb)", ticket_id,  # type: ignore[no-any-return]
                 version, json.dumps({"kind": "shelf", "shelf": shelf}))


def _hint(error: psycopg2.Error) -> str:
    return error.diag.message_hint or ""


def test_second_client_moving_the_same_unit_is_refused_as_stale(
        shop: Shop, two: tuple[psycopg2.extensions.connection,
                               psycopg2.extensions.connection]) -> None:
    first, second = two
    ticket = _intake(shop, first)
    loaded = ticket["version"]  # both screens show this version
    moved = _move(first, ticket["id"], loaded, "B-01")
    first.commit()
    assert moved["version"] == loaded + 1
    with pytest.raises(psycopg2.Error) as refused:
        _move(second, ticket["id"], loaded, "B-02")
    second.rollback()
    assert _hint(refused.value) == "aftersales:stale"
    shelf = shop.superuser("SELECT location_label, version FROM app.ticket WHERE id = %s",
                           ticket["id"])[0]
    assert shelf == ("B-01", loaded + 1)
    # with the version it reloads, the second client's move goes through
    assert _move(second, ticket["id"], loaded + 1, "B-02")["version"] == loaded + 2
    second.commit()


def test_simultaneous_moves_one_wins_the_other_is_stale(
        shop: Shop, two: tuple[psycopg2.extensions.connection,
                               psycopg2.extensions.connection]) -> None:
    first, second = two
    ticket = _intake(shop, first)
    loaded = ticket["version"]
    _move(first, ticket["id"], loaded, "D-01")  # holds the ticket's row, not committed
    outcome: list[BaseException | dict[str, Any]] = []

    def second_moves() -> None:
        try:
            outcome.append(_move(second, ticket["id"], loaded, "D-02"))
        except psycopg2.Error as error:
            outcome.append(error)
        finally:
            second.rollback()

    waiting = threading.Thread(target=second_moves)
    waiting.start()
    deadline = time.monotonic() + 10
    while not shop.superuser(
            "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE usename = %s "
            "AND wait_event_type = 'Lock')", shop.counters[1])[0][0]:
        assert time.monotonic() < deadline, "the second move did not wait for the first"
        time.sleep(0.02)
    first.commit()
    waiting.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], psycopg2.Error), outcome
    assert _hint(outcome[0]) == "aftersales:stale"
    assert shop.superuser("SELECT location_label FROM app.ticket WHERE id = %s",
                          ticket["id"])[0][0] == "D-01"


def _editable_tables(shop: Shop) -> list[str]:
    granted = {row[0] for row in shop.superuser("""
        SELECT DISTINCT c.relname FROM pg_class c
        CROSS JOIN LATERAL aclexplode(c.relacl) a
        JOIN pg_roles r ON r.oid = a.grantee
        WHERE c.relnamespace = 'app'::regnamespace AND c.relkind = 'r'
          AND a.privilege_type = 'UPDATE' AND r.rolname LIKE 'as\\_%%'
          AND r.rolname <> 'as_owner'
        UNION
        SELECT DISTINCT c.relname FROM pg_attribute t
        JOIN pg_class c ON c.oid = t.attrelid
        CROSS JOIN LATERAL aclexplode(t.attacl) a
        JOIN pg_roles r ON r.oid = a.grantee
        WHERE c.relnamespace = 'app'::regnamespace AND c.relkind = 'r'
          AND a.privilege_type = 'UPDATE' AND r.rolname <> 'as_owner'""")}
    return sorted((granted | FUNCTION_RECORDS) - LINK_TABLES)


def _fill(shop: Shop) -> None:
    """One row in every editable table."""
    run = shop.superuser
    if run("SELECT EXISTS (SELECT FROM app.region)")[0][0]:
        return
    region = run("INSERT INTO app.region (name, level) VALUES ('西湖', 'district') "
                 "RETURNING id")[0][0]
    department = run("INSERT INTO app.department (name) VALUES ('维修部') RETURNING id")[0][0]
    run("INSERT INTO app.staff_position (department_id, name) VALUES (%s, '技师')", department)
    employee = run("INSERT INTO app.employee (code, name) VALUES ('E9', '钱工') "
                   "RETURNING id")[0][0]
    run("INSERT INTO app.employee_wage (employee_id, post_wage) VALUES (%s, 3000)", employee)
    run("INSERT INTO app.service_outlet (code, name, region_id) VALUES ('O9', '网点', %s)",
        region)
    run("INSERT INTO app.item_category (name) VALUES ('配件')")
    item = run("INSERT INTO app.item (code, name, kind, sale_price) "
               "VALUES ('I9', '皮带', 'part', 20) RETURNING id")[0][0]
    run("INSERT INTO app.item_cost (item_id, cost_price) VALUES (%s, 10)", item)
    run("INSERT INTO app.warehouse (code, name, type) VALUES ('W9', '成品库', 'finished')")
    work_type = run("INSERT INTO app.work_type (code, name, labour_fee) "
                    "VALUES ('WT9', '大修', 120) RETURNING id")[0][0]
    # technicians' pay rules (0022); the hours scheme and the rework rule are seeded
    run("INSERT INTO app.commission_rule (service_mode, work_type_id, kind, amount, "
        "valid_from) VALUES ('repair', %s, 'fixed', 20, '2026-01-01')", work_type)
    run("INSERT INTO app.commission_grade_factor (grade, factor) VALUES ('高级', 1.2)")
    run("INSERT INTO app.employee_pay (employee_id, scheme, basic_hours, rated_hours) "
        "VALUES (%s, 'hours', 120, 160)", employee)
    run("INSERT INTO app.reward_penalty_item (code, name, amount) VALUES ('R9', '好评', 5)")
    # one active overdue rule per service mode (0022): the seed's is every mode's
    run("INSERT INTO app.overdue_rule (name, amount_per_day, grace_days, service_mode) "
        "VALUES ('逾期', 1, 3, 'repair')")
    run("INSERT INTO app.work_calendar (day, working) VALUES (current_date + 40, false)")
    run("INSERT INTO app.notice_channel (channel, config) VALUES ('email', '{}')")
    customer = run("SELECT customer_id FROM app.ticket LIMIT 1")[0][0]
    run("INSERT INTO app.part_preorder (number, customer_id, part_name, quantity, unit_price) "
        "VALUES ('YD-TEST-1', %s, '皮带', 1, 20)", customer)


# tables whose first number cannot simply grow by 1 (a weight of at most 1, a rate that
# is NULL for the seeded rule's kind)
CHANGES = {"hours_rule": "rate_above_rated = rate_above_rated + 1",
           "rework_rule": "rate = rate - 1"}


def _a_change(cur: psycopg2.extensions.cursor, table: str) -> str:
    """A SET clause that really changes a row of `table` and keeps it valid: flip a
    flag, else add to an amount, else wrap a JSON value, else shorten a text (the test
    rolls it all back)."""
    cur.execute("""
        SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_attribute a
        WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped
          AND a.attgenerated = '' AND a.attidentity = '' AND a.attname <> 'version'
          AND a.attname <> ALL (SELECT k.attname FROM pg_index i
                                JOIN pg_attribute k ON k.attrelid = i.indrelid
                                 AND k.attnum = ANY (i.indkey)
                                WHERE i.indrelid = a.attrelid)
        ORDER BY a.attnum""", (f"app.{table}",))
    columns = cur.fetchall()
    if table in CHANGES:
        return CHANGES[table]
    for wanted, change in (("boolean", '"{c}" = NOT "{c}"'), ("numeric", '"{c}" = "{c}" + 1'),
                           ("jsonb", '"{c}" = jsonb_build_array("{c}")'),
                           ("text", '"{c}" = \'#\' || left("{c}", 50)')):
        for column, type_name in columns:
            if type_name == wanted and column not in ("uses", "notice_count"):
                return change.format(c=column)
    raise AssertionError(f"no column of app.{table} to change: {columns}")


def test_every_editable_record_has_a_version_the_database_moves(shop: Shop) -> None:
    with shop.connect(shop.counters[0]) as conn:
        _intake(shop, conn)
    _fill(shop)
    tables = _editable_tables(shop)
    assert {"customer", "employee", "department", "staff_position", "region",
            "service_outlet", "shop_setting", "work_calendar", "notice_template",
            "notice_channel", "work_type", "ticket", "item"} <= set(tables)
    problems = []
    conn = psycopg2.connect(shop.cluster.dsn(shop.db))  # the superuser: every table
    try:
        with conn.cursor() as cur:
            for table in tables:
                cur.execute("SAVEPOINT one")
                try:
                    problems += _version_problems(cur, table)
                except psycopg2.Error as error:
                    problems.append(f"app.{table}: {error.pgcode} {error.diag.message_primary}")
                cur.execute("ROLLBACK TO SAVEPOINT one")
    finally:
        conn.rollback()
        conn.close()
    assert not problems, "\n".join(problems)


def _version_problems(cur: psycopg2.extensions.cursor, table: str) -> list[str]:
    cur.execute("SELECT EXISTS (SELECT FROM pg_attribute WHERE attrelid = %s::regclass "
                "AND attname = 'version' AND NOT attisdropped)", (f"app.{table}",))
    if not cur.fetchone()[0]:
        return [f"app.{table} has no version"]
    cur.execute(f"SELECT ctid::text, version FROM app.{table} LIMIT 1")
    row = cur.fetchone()
    if row is None:
        return [f"app.{table} has no row to update"]
    ctid, before = row
    change = _a_change(cur, table)
    steps = [  # (what, SET clause, the version it must leave)
        ("a plain UPDATE", change, before + 1),
        ("an UPDATE that sets version = 1", f"{change}, version = 1", before + 2),
        ("an UPDATE that changes nothing", "version = version", before + 2),
        # a touch: the service that saves a customer's phones touches the customer
        ("an UPDATE that only sets version + 1", "version = version + 1", before + 3),
    ]
    problems = []
    for what, clause, wanted in steps:
        cur.execute(f"UPDATE app.{table} SET {clause} WHERE ctid = %s::tid "
                    "RETURNING version, ctid::text", (ctid,))
        found, ctid = cur.fetchone()
        if found != wanted:
            problems.append(f"app.{table}: {what} left version {found}, not {wanted}")
    return problems


def test_server_counters_are_not_edits(shop: Shop) -> None:
    """A notice sent or a dictionary value used again does not make an open form stale."""
    with shop.connect(shop.counters[0]) as conn:
        ticket = _intake(shop, conn)
        _call(conn, "SELECT app.notice_log(%s::jsonb)", json.dumps(
            {"kind": "repaired", "channel": "phone", "recipient": "13700000001",
             "body": "您好", "ticket_id": ticket["id"]}))
        conn.commit()
    assert shop.superuser("SELECT notice_count, version FROM app.ticket WHERE id = %s",
                          ticket["id"])[0] == (1, ticket["version"])
    before = shop.superuser("SELECT uses, version FROM app.dictionary_entry "
                            "WHERE kind = 'brand' AND value = '海尔'")[0]
    with shop.connect(shop.counters[1]) as conn:
        _intake(shop, conn)
    assert shop.superuser("SELECT uses, version FROM app.dictionary_entry "
                          "WHERE kind = 'brand' AND value = '海尔'")[0] == (before[0] + 1,
                                                                          before[1])


def test_a_save_over_a_plain_sql_update_is_refused(shop: Shop) -> None:
    """The client loaded version v; someone changed the customer with plain SQL; the
    client's save with v is refused instead of overwriting that change."""
    with shop.connect(shop.counters[0]) as conn:
        ticket = _intake(shop, conn)
    customer_id = ticket["customer_id"]
    loaded = shop.superuser("SELECT version FROM app.customer WHERE id = %s", customer_id)[0][0]
    with shop.connect(shop.counters[1]) as conn:
        with conn.cursor() as cur:
            cur.execute("UPDATE app.customer SET notes = '电话里说要发票' WHERE id = %s",
                        (customer_id,))
        conn.commit()
    database = Database(shop.cluster.profile(shop.db), shop.counters[0], TEST_PASSWORD)
    try:
        with database.transaction() as conn, pytest.raises(StaleRecord):
            save_customer(conn, id=customer_id, version=loaded, name="赵六",
                          notes="")
    finally:
        database.dispose()
    assert shop.superuser("SELECT notes FROM app.customer WHERE id = %s",
                          customer_id)[0][0] == "电话里说要发票"


def _locks_of(shop: Shop, pid: int) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for relation, mode in shop.superuser(
            "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = %s AND l.granted AND c.relnamespace = 'app'::regnamespace", pid):
        found.setdefault(relation, set()).add(mode)
    return found


def _hold_the_counter(shop: Shop, prefix: str = "WX") -> psycopg2.extensions.connection:
    """Another intake's transaction, between taking today's number and committing."""
    holder = psycopg2.connect(shop.cluster.dsn(shop.db))
    with holder.cursor() as cur:
        cur.execute("INSERT INTO app.ticket_counter AS c (prefix, day, last_seq) "
                    "VALUES (%s, app.shop_today(), 1) ON CONFLICT (prefix, day) "
                    "DO UPDATE SET last_seq = c.last_seq RETURNING last_seq", (prefix,))
    return holder


def test_an_intake_takes_the_number_after_all_its_other_work(shop: Shop) -> None:
    holder = _hold_the_counter(shop)
    conn = shop.connect(shop.counters[0])
    pid = conn.get_backend_pid()
    result: list[Any] = []
    taking_in = threading.Thread(target=lambda: result.append(_intake(
        shop, conn, customer_name="孙七", phone="13700000002")))
    try:
        taking_in.start()
        deadline = time.monotonic() + 10
        while not shop.superuser("SELECT wait_event_type = 'Lock' FROM pg_stat_activity "
                                 "WHERE pid = %s", pid)[0][0]:
            assert time.monotonic() < deadline, "the intake did not wait for the counter"
            time.sleep(0.02)
        locks = _locks_of(shop, pid)
    finally:
        holder.rollback()
        holder.close()
        taking_in.join(10)
        conn.close()
    assert result and result[0]["number"]
    written = {table for table, modes in locks.items() if "RowExclusiveLock" in modes}
    # the customer, the device and the dictionary are done while it waits...
    assert {"customer", "customer_phone", "device", "dictionary_entry"} <= written, locks
    # ...and the ticket's own rows come after the number
    assert not written & {"ticket", "ticket_status", "ticket_location"}, locks


def test_an_intake_with_a_long_serial_is_refused_without_waiting_for_the_counter(
        shop: Shop) -> None:
    holder = _hold_the_counter(shop)
    try:
        with shop.connect(shop.counters[1]) as conn:
            with conn.cursor() as cur:
                cur.execute("SET lock_timeout = '2s'")
            started = time.perf_counter()
            with pytest.raises(psycopg2.Error) as refused:
                _intake(shop, conn, device={"product": "电视", "serial": "S" * 1_000_000})
            elapsed = time.perf_counter() - started
            conn.rollback()
    finally:
        holder.rollback()
        holder.close()
    assert refused.value.pgcode != "55P03", "it waited for the counter"
    assert refused.value.diag.constraint_name == "device_serial_length" or (
        _hint(refused.value).startswith("aftersales:")), refused.value
    assert elapsed < 1.0
