"""Real errors from the real database through the one translator (services/errors.py):
each becomes a typed error naming the field, and its message holds no SQL, no row data
and no English driver text. The constraint map knows every constraint of the schema."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import psycopg2
import pytest

from aftersales_desktop.core.errors import (
    Conflict,
    ConnectionLost,
    InvalidValue,
    PermissionDenied,
    Refused,
    TimedOut,
    UserError,
)
from aftersales_desktop.domain.constraints import CONSTRAINTS
from aftersales_desktop.services.errors import user_error
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

# What a message must never contain: SQL and driver words, and the row's own data.
CUSTOMER = "秦淑芬"
PHONE = "13677778888"
FORBIDDEN = ("INSERT", "UPDATE", "SELECT", "violates", "constraint", "relation", "Failing row",
             "DETAIL", "syntax", "psycopg2", "ERROR", "integer", "numeric", "app.", "NaN",
             "check", CUSTOMER, PHONE)


@pytest.fixture(scope="module")
def errors_db(cluster: TestCluster) -> str:
    return cluster.create_database()


@pytest.fixture(scope="module")
def connect(cluster: TestCluster, errors_db: str) -> Iterator[Callable[..., Any]]:
    """connect(template or capabilities) -> a psycopg2 connection of a new operator."""
    opened: list[Any] = []

    def make(template: str | None = None, capabilities: list[str] | None = None) -> Any:
        code = cluster.create_operator(errors_db, template=template, capabilities=capabilities)
        conn = psycopg2.connect(**cluster.profile(errors_db).connect_kwargs(code, TEST_PASSWORD))
        conn.autocommit = True
        opened.append(conn)
        return conn

    yield make
    for conn in opened:
        conn.close()


def translated(conn: Any, statement: str, params: tuple[Any, ...] = ()) -> UserError:
    with pytest.raises(psycopg2.Error) as caught, conn.cursor() as cur:
        cur.execute(statement, params)
    error = user_error(caught.value)
    assert error is not None, caught.value
    text = error.text()
    assert not [word for word in FORBIDDEN if word in text], text
    return error


def _intake(**changes: Any) -> str:
    payload: dict[str, Any] = {
        "customer_name": CUSTOMER, "phone": PHONE, "device": {"product": "冰箱"},
        "fault": "不制冷", "promised_on": (date.today() + timedelta(days=30)).isoformat(),
        "remarks": "带发票"}
    payload.update(changes)
    return json.dumps(payload, ensure_ascii=False)


def test_too_long_text_names_the_field_and_its_limit(connect: Callable[..., Any]) -> None:
    counter = connect("counter")
    error = translated(counter, "SELECT app.ticket_intake(%s::jsonb)",
                       (_intake(remarks=f"{CUSTOMER} {PHONE} " + "很长" * 600),))
    # refused by app.arg_text before the row is written (revision 0014), in the words of
    # the column's constraint
    assert isinstance(error, Refused)
    assert (error.field, error.code) == ("remarks", "field_too_long")
    assert error.text() == "Remarks is too long (at most 1000 characters)."
    chinese = {"Remarks": "备注",
               "{label} is too long (at most {max} characters).": "{label}太长（最多{max}个字）。"}
    assert error.text(lambda s: chinese.get(s, s)) == "备注太长（最多1000个字）。"


def test_not_a_number_is_refused_without_echoing_it(connect: Callable[..., Any]) -> None:
    counter = connect("counter")
    error = translated(counter, "SELECT app.ticket_intake(%s::jsonb)", (_intake(
        device={"product": "冰箱", "warranty_months": "NaN"}),))
    # read through app.arg_int (revision 0014): refused naming the field and its range
    assert isinstance(error, Refused)
    assert (error.code, error.field) == ("field_out_of_range", "warranty_months")
    assert error.text() == "Warranty months must be between 0 and 120."


def test_a_number_too_large(connect: Callable[..., Any]) -> None:
    manager = connect("manager")
    error = translated(manager, "INSERT INTO app.item (code, name, sale_price) "
                                "VALUES ('BIG1', %s, 1e12)", (CUSTOMER,))
    assert isinstance(error, InvalidValue) and error.code == "data_number_too_large"


def test_a_nan_settlement_amount_is_refused_at_its_line(connect: Callable[..., Any]) -> None:
    counter = connect("counter")
    with counter.cursor() as cur:
        cur.execute("SELECT app.ticket_intake(%s::jsonb)", (_intake(
            device={"product": "冰箱", "has_proof": False}),))
        ticket = cur.fetchone()[0]  # type: ignore[index]
    error = translated(counter, "SELECT app.ticket_settle(%s, NULL, %s::jsonb)", (
        ticket["id"], json.dumps({"payment_method": "cash", "paid": "10", "lines": [
            {"kind": "part", "description": "电容", "quantity": "NaN", "unit_price": "5"}]})))
    assert isinstance(error, Refused)
    assert (error.code, error.field, error.text()) == (
        "line_number_invalid", "lines", "Line 1: enter a number.")


def test_permission_denied_names_the_capability(connect: Callable[..., Any]) -> None:
    viewer = connect(capabilities=["reports.view"])
    error = translated(viewer, "SELECT app.ticket_intake(%s::jsonb)", (_intake(),))
    assert isinstance(error, PermissionDenied)
    assert error.text() == "You do not have permission for this action (Take in repairs)."
    assert error.text(lambda s: {"Take in repairs": "前台接单"}.get(s, s)).endswith("(前台接单).")
    # writing a table directly: a bare 42501 from the grants
    error = translated(viewer, "INSERT INTO app.customer (code, name) VALUES ('X9', %s)",
                       (CUSTOMER,))
    assert isinstance(error, PermissionDenied)


def test_unique_key_echoes_only_the_typed_code(connect: Callable[..., Any]) -> None:
    manager = connect("manager")
    with manager.cursor() as cur:
        cur.execute("INSERT INTO app.customer (code, name) VALUES ('DUP1', %s)", (CUSTOMER,))
    error = translated(manager, "INSERT INTO app.customer (code, name) VALUES ('DUP1', %s)",
                       (CUSTOMER,))
    assert (error.field, error.code, error.text()) == ("code", "field_taken",
                                                       "Code DUP1 is already used.")
    with manager.cursor() as cur:
        cur.execute("SELECT id FROM app.customer WHERE code = 'DUP1'")
        customer = cur.fetchone()[0]  # type: ignore[index]
        cur.execute("INSERT INTO app.customer_phone (customer_id, phone) VALUES (%s, %s)",
                    (customer, PHONE))
    # a key of two columns (the customer and the phone) is not repeated
    error = translated(manager, "INSERT INTO app.customer_phone (customer_id, phone) "
                                "VALUES (%s, %s)", (customer, PHONE))
    assert (error.field, error.code) == ("phones", "field_listed_twice")


def test_foreign_keys_tell_missing_from_in_use(connect: Callable[..., Any]) -> None:
    manager = connect("manager")
    error = translated(manager, "INSERT INTO app.customer (code, name, region_id) "
                                "VALUES ('FK1', %s, 999999)", (CUSTOMER,))
    assert (error.field, error.code) == ("region_id", "reference_missing")
    with manager.cursor() as cur:
        cur.execute("INSERT INTO app.region (name, level) VALUES ('余杭区', 'district') "
                    "RETURNING id")
        region = cur.fetchone()[0]  # type: ignore[index]
        cur.execute("INSERT INTO app.customer (code, name, region_id) VALUES ('FK2', %s, %s)",
                    (CUSTOMER, region))
    error = translated(manager, "DELETE FROM app.region WHERE id = %s", (region,))
    assert error.code == "still_in_use"


def test_not_null_names_the_column(connect: Callable[..., Any]) -> None:
    manager = connect("manager")
    error = translated(manager, "INSERT INTO app.customer (code, name) VALUES ('NN1', NULL)")
    assert (error.field, error.text()) == ("name", "Name: enter a value.")


def test_a_bad_phone_is_refused_by_the_same_rule_as_the_form(connect: Callable[..., Any]) -> None:
    manager = connect("manager")
    with manager.cursor() as cur:
        cur.execute("INSERT INTO app.customer (code, name) VALUES ('PH1', 'x') RETURNING id")
        customer = cur.fetchone()[0]  # type: ignore[index]
    error = translated(manager, "INSERT INTO app.customer_phone (customer_id, phone) "
                                "VALUES (%s, '011-12345678')", (customer,))
    assert (error.field, error.code) == ("phones", "field_phone_format")
    # the stored form only: the form would have turned "138 1234 5678" into 13812345678
    error = translated(manager, "INSERT INTO app.customer_phone (customer_id, phone) "
                                "VALUES (%s, '138 1234 5678')", (customer,))
    assert error.code == "field_phone_format"


def test_statement_timeout(connect: Callable[..., Any]) -> None:
    counter = connect("counter")
    with counter.cursor() as cur:
        cur.execute("SET statement_timeout = 50")
    error = translated(counter, "SELECT pg_sleep(2)")
    assert isinstance(error, TimedOut) and error.retryable


def test_serialization_failure_is_a_conflict(cluster: TestCluster, errors_db: str,
                                             connect: Callable[..., Any]) -> None:
    manager = connect("manager")
    with manager.cursor() as cur:
        cur.execute("INSERT INTO app.item (code, name) VALUES ('SER1', 'x')")
    other = psycopg2.connect(cluster.dsn(errors_db))
    try:
        manager.autocommit = False
        other.autocommit = False
        with manager.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cur.execute("SELECT name FROM app.item WHERE code = 'SER1'")
        with other.cursor() as cur:
            cur.execute("UPDATE app.item SET name = 'y' WHERE code = 'SER1'")
        other.commit()
        error = translated(manager, "UPDATE app.item SET name = 'z' WHERE code = 'SER1'")
        assert isinstance(error, Conflict) and error.retryable
    finally:
        manager.rollback()
        manager.autocommit = True
        other.close()


def test_a_dropped_connection(cluster: TestCluster, errors_db: str,
                              connect: Callable[..., Any]) -> None:
    counter = connect("counter")
    pid = counter.get_backend_pid()
    cluster.execute(errors_db, "SELECT pg_terminate_backend(%s)", (pid,))
    threading.Event().wait(timedelta(milliseconds=200).total_seconds())
    error = translated(counter, "SELECT 1")
    assert isinstance(error, ConnectionLost)


def test_a_refusal_reads_as_its_catalogue_entry(connect: Callable[..., Any]) -> None:
    counter = connect("counter")
    error = translated(counter, "SELECT app.ticket_intake(%s::jsonb)", (_intake(phone="12345"),))
    assert (error.code, error.field) == ("phone_invalid", "phone")
    assert error.text().startswith("12345 is not a valid phone number.")


def test_an_unknown_code_or_a_bug_is_not_dressed_up(cluster: TestCluster, errors_db: str) -> None:
    conn = psycopg2.connect(cluster.dsn(errors_db))
    try:
        for statement in ("SELECT app.refuse('no_such_rule', 'x')", "SELECT 1 / 0",
                          "SELECT * FROM app.no_such_table"):
            with pytest.raises(psycopg2.Error) as caught, conn.cursor() as cur:
                cur.execute(statement)
            conn.rollback()
            assert user_error(caught.value) is None, statement
    finally:
        conn.close()


def test_every_constraint_has_its_meaning(cluster: TestCluster, errors_db: str) -> None:
    rows = cluster.execute(errors_db, """
        SELECT conname FROM pg_constraint
        WHERE connamespace = 'app'::regnamespace AND contype IN ('c', 'u', 'f', 'p', 'x')
        UNION
        SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE i.relnamespace = 'app'::regnamespace AND x.indisunique
          AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = x.indexrelid)""")
    in_db = {name for (name,) in rows}
    assert len(in_db) > 200
    assert sorted(in_db - set(CONSTRAINTS)) == []  # a new constraint needs its entry
    assert sorted(set(CONSTRAINTS) - in_db) == []  # and a dropped one leaves none behind


def test_a_stale_document_is_the_editors_stale_document(cluster: TestCluster,
                                                        errors_db: str) -> None:
    """The document editor offers to reload on StaleDocument: the database's refusal
    document_stale must arrive as that class, naming who saved and when on the shop's clock."""
    from aftersales_desktop.domain.documents import StaleDocument

    conn = psycopg2.connect(cluster.dsn(errors_db))
    try:
        with pytest.raises(psycopg2.Error) as caught, conn.cursor() as cur:
            cur.execute("SELECT app.refuse('document_stale', %s)",
                        (json.dumps({"who": "李娜", "when": "2026-12-02 02:00:00+00"}),))
    finally:
        conn.close()
    error = user_error(caught.value)
    assert isinstance(error, StaleDocument)
    assert "李娜" in error.text() and "10:00" in error.text()
