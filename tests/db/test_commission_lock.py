"""A settled month is locked (app.commission_locked, revision 0022): no write touches its
lines, its statements or its row, whoever tries over psql: every template's operator
(refused by their grants already), the owner the functions run as and the superuser
(refused by the trigger: commission_month_settled), TRUNCATE too; the same writes in an
open month go through for the owner. The events that come after it (a review, a
proposal, a reopened job) go into the next open month instead."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import pytest

from tests.db.commission_helpers import Shop, commission_shop
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

# one operator of each template, and an administrator (every capability)
OPERATORS = ("counter", "dispatcher", "tech_a", "warehouse", "callback", "manager", "admin")


@dataclass
class Locked:
    shop: Shop
    month: date  # settled
    open_month: date  # the next one
    job: int  # reviewed in the settled month
    line: int  # one of its lines
    open_line: int  # a line of the open month
    statement: bool  # the month's statements exist (cm-month's table)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


@pytest.fixture(scope="module")
def locked(cluster: TestCluster) -> Iterator[Locked]:
    for shop in commission_shop(cluster):
        work = shop.work_type()
        shop.rule(work, "fixed", "30.00")
        job = shop.job(shop.ticket(), "a", work=[(work, "1")])
        shop.review(job)
        (line,) = shop.job_lines(job)
        month = line["period"]
        statement = shop.sql("SELECT to_regclass('app.commission_statement') IS NOT NULL")[0][0]
        if statement:
            shop.sql("INSERT INTO app.commission_statement (period, employee_id) "
                     "VALUES (%s, %s)", month, shop.employees["a"])
        shop.settle_month(month)
        later = shop.job(shop.ticket(), "b", work=[(work, "1")])
        shop.review(later)
        (open_line,) = shop.job_lines(later)
        yield Locked(shop, month, _next_month(month), job, line["id"], open_line["id"],
                     bool(statement))


def _writes(lk: Locked) -> list[str]:
    """Every kind of write into the settled month."""
    a, m, n = lk.shop.employees["a"], lk.month, lk.open_month
    writes = [
        f"INSERT INTO app.commission_line (period, employee_id, kind, origin, source_key, "
        f"amount) VALUES ('{m}', {a}, 'reward', 'run', 'lock:new', 500)",
        f"UPDATE app.commission_line SET amount = 0 WHERE id = {lk.line}",
        f"UPDATE app.commission_line SET reason = 'x' WHERE period = '{m}'",
        f"DELETE FROM app.commission_line WHERE id = {lk.line}",
        # moved out of the paid month, or into it
        f"UPDATE app.commission_line SET period = '{n}' WHERE id = {lk.line}",
        f"UPDATE app.commission_line SET period = '{m}' WHERE id = {lk.open_line}",
        f"UPDATE app.commission_period SET state = 'open', settled_at = NULL "
        f"WHERE month = '{m}'",
        f"UPDATE app.commission_period SET run_by = 'x' WHERE month = '{m}'",
        f"DELETE FROM app.commission_period WHERE month = '{m}'",
        "TRUNCATE app.commission_line CASCADE",
        "TRUNCATE app.commission_period CASCADE",
    ]
    if lk.statement:
        writes += [
            f"INSERT INTO app.commission_statement (period, employee_id) "
            f"VALUES ('{m}', {lk.shop.employees['b']})",
            f"UPDATE app.commission_statement SET state = 'draft' WHERE period = '{m}'",
            f"DELETE FROM app.commission_statement WHERE period = '{m}'",
            "TRUNCATE app.commission_statement",
        ]
    return writes


def _attempt(conn: psycopg2.extensions.connection, statement: str,
             role: str | None = None) -> psycopg2.Error | None:
    """Run `statement` in a transaction rolled back after; the error it raised."""
    try:
        with conn.cursor() as cur:
            if role:
                cur.execute(f"SET LOCAL ROLE {role}")
            cur.execute(statement)
        return None
    except psycopg2.Error as error:
        return error
    finally:
        conn.rollback()


def _superuser(lk: Locked) -> psycopg2.extensions.connection:
    return psycopg2.connect(lk.shop.cluster.dsn(lk.shop.db))


def test_every_template_is_refused_any_write_into_a_settled_month(locked: Locked) -> None:
    problems = []
    for who in OPERATORS:
        conn = psycopg2.connect(**locked.shop.cluster.profile(locked.shop.db).connect_kwargs(
            locked.shop.codes[who], TEST_PASSWORD))
        try:
            for statement in _writes(locked):
                error = _attempt(conn, statement)
                if not isinstance(error, psycopg2.errors.InsufficientPrivilege):
                    problems.append(f"{who}: {statement}: {error!r}")
        finally:
            conn.close()
    assert problems == []


@pytest.mark.parametrize("role", ["as_owner", None], ids=["owner", "superuser"])
def test_the_owner_and_the_superuser_are_refused_by_the_lock(locked: Locked,
                                                             role: str | None) -> None:
    conn = _superuser(locked)
    problems = []
    try:
        for statement in _writes(locked):
            error = _attempt(conn, statement, role)
            hint = getattr(getattr(error, "diag", None), "message_hint", None)
            if hint != "aftersales:commission_month_settled":
                problems.append(f"{statement}: {error!r}")
    finally:
        conn.close()
    assert problems == []
    # and nothing changed
    assert locked.shop.lines("id = %s", locked.line)[0]["amount"] == Decimal("36.00")
    assert locked.shop.sql("SELECT state FROM app.commission_period WHERE month = %s",
                           locked.month) == [("settled",)]


def test_the_owner_writes_into_an_open_month(locked: Locked) -> None:
    """The lock is the month's, not the table's: the same writes of the open month go
    through (and are rolled back here)."""
    n = locked.open_month
    conn = _superuser(locked)
    try:
        for statement in (
                f"UPDATE app.commission_line SET amount = 0 WHERE id = {locked.open_line}",
                f"DELETE FROM app.commission_line WHERE id = {locked.open_line}",
                f"UPDATE app.commission_period SET run_by = 'x' WHERE month = '{n}'"):
            assert _attempt(conn, statement, "as_owner") is None, statement
    finally:
        conn.close()


def test_what_happens_after_the_settle_goes_into_the_next_month(locked: Locked) -> None:
    shop = locked.shop
    assert shop.sql("SELECT app.commission_open_period(%s)", locked.month) == [
        (locked.open_month,)]
    assert shop.lines("id = %s", locked.open_line)[0]["period"] == locked.open_month
    proposed = shop.call("manager", "commission_adjust_propose", {
        "employee_id": shop.employees["a"], "amount": "15", "reason": "加班"})
    assert proposed["period"] == locked.open_month.isoformat()
    # the job reviewed in the settled month, reopened: taken back in the open one
    shop.unreview(locked.job)
    (taken_back,) = shop.lines("reverses_line_id = %s", locked.line)
    assert (taken_back["period"], taken_back["amount"], taken_back["reason"]) == (
        locked.open_month, Decimal("-36.00"), "job_reopened")


def test_a_line_made_while_its_month_is_being_settled_goes_into_the_next(
        locked: Locked) -> None:
    """The settle holds the month's row for update; a proposal made meanwhile waits for
    it (app.commission_open_period reads the row FOR SHARE), then finds the month settled
    and goes into the next one: no line slips into a month as it is paid."""
    shop, month = locked.shop, locked.open_month
    settle = _superuser(locked)
    found: dict[str, object] = {}
    try:
        with settle.cursor() as cur:
            cur.execute("SELECT state FROM app.commission_period WHERE month = %s FOR UPDATE",
                        (month,))

        def propose() -> None:
            try:
                found["answer"] = shop.call("manager2", "commission_adjust_propose", {
                    "employee_id": shop.employees["b"], "amount": "-5", "reason": "迟到"})
            except Exception as error:  # reported by the assertion below
                found["error"] = error

        worker = threading.Thread(target=propose)
        worker.start()
        worker.join(1.0)
        assert worker.is_alive(), found  # waiting for the settle
        with settle.cursor() as cur:
            cur.execute("UPDATE app.commission_period SET state = 'settled', "
                        "settled_at = now() WHERE month = %s", (month,))
        settle.commit()
        worker.join(10)
    finally:
        settle.close()
    assert not worker.is_alive() and "error" not in found, found
    answer = found["answer"]
    assert isinstance(answer, dict) and answer["period"] == _next_month(month).isoformat()
    assert shop.sql("SELECT count(*) FROM app.commission_line WHERE period = %s "
                    "AND created_by = %s", month, shop.codes["manager2"]) == [(0,)]
