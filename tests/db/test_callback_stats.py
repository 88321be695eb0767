"""The callback statistics on known data (tests/db/callback_stats_shop.py): each case is a
request and the answer worked out by hand from the shop's tables of surveys, tasks and
complaints — averages, counts, low scores, hours to resolve without pauses, reach rates.

Corrections replace what they correct (s6 for s5, s9 for the chain s7 → s8 → s9, each in
the month of the first survey); s10's amend lowers its timeliness to 2 (a low survey);
s3 at 23:30 on 31 March is March's, s4 at 00:30 on 1 April April's (the shop's time)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg2
import pytest

from tests.db.callback_stats_shop import QUESTIONS, StatsShop, stats_shop
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

MARCH_APRIL = {"from": "2026-03-01", "to": "2026-04-30"}


def avg(*values: str) -> dict[str, Decimal]:
    """The five questions' averages in QUESTIONS' order."""
    return {code: Decimal(v) for code, v in zip(QUESTIONS, values, strict=True)}


# (request, [(label, surveys, low, overall_avg, averages)]) - by hand from SURVEYS
SATISFACTION = [
    ({**MARCH_APRIL, "group": "month"}, [
        # s1, s2, s3, s11: attitude 5+4+2+5, timeliness 5+4+3+5, quality 5+3+3+4, ...
        ("2026-03", 4, 1, "4.05", avg("4.00", "4.25", "3.75", "4.25", "4.00")),
        # s4, s6 (not s5), s9 (not s7, s8), s10 amended
        ("2026-04", 4, 1, "3.85", avg("4.25", "3.25", "4.00", "3.50", "4.25"))]),
    ({**MARCH_APRIL, "group": "technician"}, [
        ("王强", 4, 1, "3.95", avg("4.00", "4.00", "4.00", "3.75", "4.00")),  # s1 s2 s3 s9
        ("赵磊", 3, 1, "3.67", avg("4.00", "3.00", "3.67", "3.67", "4.00")),  # s4 s6 s10
        ("", 1, 0, "4.80", avg("5.00", "5.00", "4.00", "5.00", "5.00"))]),  # s11
    ({**MARCH_APRIL, "group": "service_mode"}, [
        ("Installation", 2, 2, "3.10", avg("3.00", "2.50", "3.50", "3.50", "3.00")),
        ("Repair", 5, 0, "4.12", avg("4.40", "4.00", "4.00", "3.80", "4.40")),
        ("", 1, 0, "4.80", avg("5.00", "5.00", "4.00", "5.00", "5.00"))]),
    # whole months: a period inside March reads March
    ({"from": "2026-03-15", "to": "2026-03-20", "group": "month"}, [
        ("2026-03", 4, 1, "4.05", avg("4.00", "4.25", "3.75", "4.25", "4.00"))]),
    ({**MARCH_APRIL, "group": "month", "technician_id": "A"}, [
        ("2026-03", 3, 1, "3.80", avg("3.67", "4.00", "3.67", "4.00", "3.67")),  # s1 s2 s3
        ("2026-04", 1, 0, "4.40", avg("5.00", "4.00", "5.00", "3.00", "5.00"))]),  # s9
    ({**MARCH_APRIL, "group": "technician", "service_mode": "installation"}, [
        ("王强", 1, 1, "2.60", avg("2.00", "3.00", "3.00", "3.00", "2.00")),  # s3
        ("赵磊", 1, 1, "3.60", avg("4.00", "2.00", "4.00", "4.00", "4.00"))]),  # s10
    ({"from": "2026-05-01", "to": "2026-05-31", "group": "month"}, []),
]

# (request, [(label, opened, resolved, open now, escalated, avg hours, accepted rate)])
COMPLAINT_CASES = [
    ({**MARCH_APRIL, "group": "technician"}, [
        ("王强", 2, 2, 0, 0, "13.0", "1.0000"),  # c1 20 h (24 - 4 paused), c2 6 h
        ("赵磊", 4, 2, 2, 2, "36.0", "0.5000"),  # c5 62 h, c8 10 h; c4 refused, c5 accepted
        ("", 1, 1, 0, 0, "1.5", "1.0000")]),  # c6
    ({**MARCH_APRIL, "group": "month"}, [
        ("2026-03", 3, 3, 0, 1, "29.3", "1.0000"),  # c1 c2 c5: (20 + 6 + 62) / 3
        ("2026-04", 4, 2, 2, 1, "5.8", "0.5000")]),  # c3 c4 c6 c8: (1.5 + 10) / 2
    ({**MARCH_APRIL, "group": "service_mode"}, [
        ("Installation", 2, 2, 0, 0, "8.0", None),  # c2 c8
        ("Repair", 4, 2, 2, 2, "41.0", "0.6667"),  # c1 c3 c4 c5
        ("", 1, 1, 0, 0, "1.5", "1.0000")]),
    ({"from": "2026-05-01", "to": "2026-05-31", "group": "technician"}, [
        ("王强", 1, 0, 1, 0, None, None)]),  # c7
]

# (request, totals (tasks, done, unreachable, expired, pending, reach rate),
#  [(label, tasks, done, unreachable, expired, pending, reach rate)])
CALLBACK_CASES = [
    ({**MARCH_APRIL, "group": "technician"}, (13, 8, 1, 1, 2, "0.8000"), [
        ("王强", 6, 4, 1, 0, 1, "0.8000"),
        ("赵磊", 6, 3, 0, 1, 1, "0.7500"),  # and one cancelled
        ("", 1, 1, 0, 0, 0, "1.0000")]),
    ({**MARCH_APRIL, "group": "month"}, (13, 8, 1, 1, 2, "0.8000"), [
        ("2026-03", 6, 4, 1, 0, 0, "0.8000"),
        ("2026-04", 7, 4, 0, 1, 2, "0.8000")]),
    ({**MARCH_APRIL, "group": "service_mode"}, (13, 8, 1, 1, 2, "0.8000"), [
        ("Installation", 3, 2, 0, 0, 1, "1.0000"),
        ("Repair", 9, 5, 1, 1, 1, "0.7143"),
        ("", 1, 1, 0, 0, 0, "1.0000")]),
    ({"from": "2026-05-01", "to": "2026-05-31"}, (1, 0, 0, 0, 1, None), [
        ("王强", 1, 0, 0, 0, 1, None)]),
]

# technician: (surveys, attitude, timeliness, quality, price, overall, low, complaints,
#              upheld) for March and April
TECHNICIAN_SATISFACTION = {
    "A": (4, "4.00", "4.00", "4.00", "3.75", "4.00", 1, 2, 1),
    "B": (3, "4.00", "3.00", "3.67", "3.67", "4.00", 1, 4, 1),
}


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> StatsShop:
    return stats_shop(cluster)


def _connect(shop: StatsShop, code: str) -> psycopg2.extensions.connection:
    return psycopg2.connect(shop.cluster.dsn(shop.db), user=code, password=TEST_PASSWORD)


@pytest.fixture(scope="module")
def manager(shop: StatsShop) -> Iterator[psycopg2.extensions.connection]:
    conn = _connect(shop, shop.operator)
    yield conn
    conn.close()


def _request(shop: StatsShop, request: dict[str, Any]) -> dict[str, Any]:
    found = dict(request)
    if found.get("technician_id") in shop.technicians:
        found["technician_id"] = shop.technicians[found["technician_id"]]
    return found


def _stats(shop: StatsShop, conn: psycopg2.extensions.connection,
           request: dict[str, Any]) -> dict[str, Any]:
    with conn.cursor() as cur:
        cur.execute("SELECT app.callback_stats(%s)", (json.dumps(_request(shop, request)),))
        answer: dict[str, Any] = cur.fetchone()[0]
    conn.rollback()
    return answer


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@pytest.mark.parametrize(("request_", "expected"), SATISFACTION)
def test_satisfaction(shop: StatsShop, manager: psycopg2.extensions.connection,
                      request_: dict[str, Any], expected: list[tuple[Any, ...]]) -> None:
    rows = _stats(shop, manager, request_)["satisfaction"]
    got = [(r["label"], r["surveys"], r["low"], _decimal(r["overall_avg"]),
            {code: _decimal(v) for code, v in r["avg"].items()}) for r in rows]
    assert got == [(label, n, low, Decimal(overall), averages)
                   for label, n, low, overall, averages in expected]


@pytest.mark.parametrize(("request_", "expected"), COMPLAINT_CASES)
def test_complaints(shop: StatsShop, manager: psycopg2.extensions.connection,
                    request_: dict[str, Any], expected: list[tuple[Any, ...]]) -> None:
    rows = _stats(shop, manager, request_)["complaints"]
    got = [(r["label"], r["opened"], r["resolved"], r["open_now"], r["escalated"],
            _decimal(r["avg_hours_to_resolve"]), _decimal(r["accepted_rate"])) for r in rows]
    assert got == [(*row[:5], _decimal(row[5]), _decimal(row[6])) for row in expected]


@pytest.mark.parametrize(("request_", "totals", "expected"), CALLBACK_CASES)
def test_callbacks(shop: StatsShop, manager: psycopg2.extensions.connection,
                   request_: dict[str, Any], totals: tuple[Any, ...],
                   expected: list[tuple[Any, ...]]) -> None:
    found = _stats(shop, manager, request_)["callbacks"]
    keys = ("tasks", "done", "unreachable", "expired", "pending")
    assert (*(found[k] for k in keys), _decimal(found["reach_rate"])) == (
        *totals[:5], _decimal(totals[5]))
    got = [(r["label"], *(r[k] for k in keys), _decimal(r["reach_rate"]))
           for r in found["rows"]]
    assert got == [(*row[:6], _decimal(row[6])) for row in expected]


def test_keys_name_what_was_grouped(shop: StatsShop,
                                    manager: psycopg2.extensions.connection) -> None:
    by_technician = _stats(shop, manager, {**MARCH_APRIL, "group": "technician"})
    assert [r["key"] for r in by_technician["satisfaction"]] == [
        shop.technicians["A"], shop.technicians["B"], None]
    by_mode = _stats(shop, manager, {**MARCH_APRIL, "group": "service_mode"})
    assert [r["key"] for r in by_mode["complaints"]] == ["installation", "repair", None]
    by_month = _stats(shop, manager, {**MARCH_APRIL, "group": "month"})
    assert [r["key"] for r in by_month["callbacks"]["rows"]] == ["2026-03-01", "2026-04-01"]
    assert [q["code"] for q in by_month["questions"]] == list(QUESTIONS)
    assert (by_month["first_month"], by_month["last_month"]) == ("2026-03-01", "2026-04-01")


def test_technician_satisfaction(shop: StatsShop,
                                 manager: psycopg2.extensions.connection) -> None:
    with manager.cursor() as cur:
        cur.execute("SELECT * FROM app.technician_satisfaction('2026-03-01', '2026-04-30')")
        rows = cur.fetchall()
    manager.rollback()
    by_id = {v: k for k, v in shop.technicians.items()}
    got = {by_id[r[0]]: r[1:] for r in rows}
    assert got == {key: (row[0], *(Decimal(v) for v in row[1:6]), *row[6:])
                   for key, row in TECHNICIAN_SATISFACTION.items()}


def _recomputed(shop: StatsShop) -> list[tuple[Any, ...]]:
    """The rollup as it should be, straight from the surveys that count."""
    return shop.sql("""
        WITH RECURSIVE chain AS (
            SELECT s.id, s.id AS root FROM app.survey s WHERE s.corrects_id IS NULL
            UNION ALL
            SELECT s.id, chain.root FROM app.survey s JOIN chain ON s.corrects_id = chain.id),
        counted AS (
            SELECT s.id, s.technician_id, t.service_mode, s.lowest_score,
                   date_trunc('month', r.recorded_at AT TIME ZONE 'Asia/Shanghai')::date AS m
            FROM chain JOIN app.survey s ON s.id = chain.id
            JOIN app.survey r ON r.id = chain.root
            JOIN app.callback_task t ON t.id = s.task_id
            WHERE NOT EXISTS (SELECT 1 FROM app.survey c WHERE c.corrects_id = s.id))
        SELECT c.m, c.technician_id, c.service_mode, a.question_id, count(*)::integer,
               sum(a.score)::integer, count(*) FILTER (WHERE a.score <= 2)::integer
        FROM counted c JOIN app.survey_answer a ON a.survey_id = c.id
        WHERE a.score IS NOT NULL GROUP BY 1, 2, 3, 4
        UNION ALL
        SELECT c.m, c.technician_id, c.service_mode, NULL, count(*)::integer, 0,
               count(*) FILTER (WHERE c.lowest_score <= 2)::integer
        FROM counted c GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3, 4""")


def _rollup(shop: StatsShop) -> list[tuple[Any, ...]]:
    return shop.sql("SELECT month, technician_id, service_mode, question_id, surveys, "
                    "score_sum, low_count FROM app.satisfaction_month WHERE surveys > 0 "
                    "ORDER BY 1, 2, 3, 4")


def test_the_rollup_is_what_the_surveys_say(shop: StatsShop) -> None:
    assert _rollup(shop) == _recomputed(shop)
    assert len(_rollup(shop)) > 10


def test_the_callback_rollup_is_what_the_tasks_say(shop: StatsShop) -> None:
    query = ("SELECT month, technician_id, service_mode, state, tasks FROM "
             "app.callback_task_month WHERE tasks > 0 ORDER BY 1, 2, 3, 4")
    recount = ("SELECT date_trunc('month', due_on)::date, technician_id, service_mode, "
               "state, count(*)::integer FROM app.callback_task GROUP BY 1, 2, 3, 4 "
               "ORDER BY 1, 2, 3, 4")
    assert shop.sql(query) == shop.sql(recount)
    conn = psycopg2.connect(shop.cluster.dsn(shop.db))
    try:
        with conn.cursor() as cur:
            # the in-progress task of 30 April reached: April's open count moves to done
            cur.execute("UPDATE app.callback_task SET state = 'done', closed_at = now() "
                        "WHERE state = 'in_progress' AND due_on = '2026-04-30'")
            cur.execute("SELECT state, sum(tasks)::integer FROM app.callback_task_month "
                        "WHERE month = '2026-04-01' AND technician_id = %s "
                        "GROUP BY state ORDER BY 1", (shop.technicians["A"],))
            assert cur.fetchall() == [("done", 2), ("in_progress", 0)]
    finally:
        conn.rollback()
        conn.close()


def test_a_survey_moved_to_another_month_moves_in_the_rollup(shop: StatsShop) -> None:
    """Only the superuser moves a survey (no function does): its chain moves with it."""
    conn = psycopg2.connect(shop.cluster.dsn(shop.db))
    try:
        with conn.cursor() as cur:
            # s7 (the first of the chain s7 -> s8 -> s9) back to March: s9 counts in March
            cur.execute("UPDATE app.survey SET recorded_at = recorded_at - interval "
                        "'40 days' WHERE id = %s",
                        (shop.surveys["s7"],))
            cur.execute("SELECT month, sum(surveys)::integer FROM app.satisfaction_month "
                        "WHERE technician_id = %s AND question_id IS NULL GROUP BY 1 "
                        "ORDER BY 1", (shop.technicians["A"],))
            assert cur.fetchall() == [(date(2026, 3, 1), 4), (date(2026, 4, 1), 0)]
    finally:
        conn.rollback()
        conn.close()


def test_a_complaint_moves_in_the_rollup_as_it_is_handled(shop: StatsShop) -> None:
    conn = psycopg2.connect(shop.cluster.dsn(shop.db))
    try:
        with conn.cursor() as cur:
            def april_b() -> tuple[Any, ...]:
                cur.execute("SELECT sum(opened), sum(resolved), sum(open_now), "
                            "sum(resolve_seconds), sum(accepted), sum(asked), sum(upheld) "
                            "FROM app.complaint_month WHERE month = '2026-04-01' "
                            "AND technician_id = %s", (shop.technicians["B"],))
                return tuple(cur.fetchone())
            # c3 c4 c8: c8 resolved in 10 hours, c4 refused once
            assert april_b() == (3, 1, 2, 36000, 0, 1, 0)
            # c3 (opened 5 April 08:00) resolved and closed two days later, accepted
            cur.execute("""UPDATE app.complaint SET state = 'closed', resolution = '已更换',
                               resolved_at = opened_at + interval '48 hours',
                               closed_at = opened_at + interval '49 hours',
                               customer_accepted = true
                           WHERE number = 'TSc3'""")
            assert april_b() == (3, 2, 1, 36000 + 48 * 3600, 1, 2, 1)
            cur.execute("UPDATE app.complaint SET owner = NULL WHERE number = 'TSc3'")
            assert april_b() == (3, 2, 1, 36000 + 48 * 3600, 1, 2, 1)
            cur.execute("DELETE FROM app.complaint WHERE number = 'TSc3'")
            assert april_b() == (2, 1, 1, 36000, 0, 1, 0)
    finally:
        conn.rollback()
        conn.close()


def test_deleting_a_correction_counts_the_corrected_survey_again(shop: StatsShop) -> None:
    """Done in a transaction that is rolled back: the shop's data stay as the cases say."""
    conn = psycopg2.connect(shop.cluster.dsn(shop.db))
    try:
        with conn.cursor() as cur:
            # the answers first, as the survey's foreign key asks
            cur.execute("DELETE FROM app.survey_answer WHERE survey_id = %s",
                        (shop.surveys["s9"],))
            cur.execute("DELETE FROM app.survey WHERE id = %s", (shop.surveys["s9"],))
            cur.execute("SELECT sum(surveys), sum(score_sum) FROM app.satisfaction_month "
                        "WHERE technician_id = %s AND month = '2026-04-01' "
                        "AND question_id IS NOT NULL", (shop.technicians["A"],))
            # s8 counts again instead of s9: 4 + 4 + 5 + 4 + 4
            assert cur.fetchone() == (5, 21)
    finally:
        conn.rollback()
        conn.close()


def test_only_reports_and_complaint_handlers_read_the_statistics(
        shop: StatsShop) -> None:
    counter = shop.cluster.create_operator(shop.db, template="counter")
    for code, allowed in ((counter, False), (shop.operator, True),
                          (shop.cluster.create_operator(shop.db, capabilities=[
                              "complaint.handle"]), True),
                          (shop.cluster.create_operator(shop.db, capabilities=[
                              "reports.view"]), True)):
        conn = _connect(shop, code)
        try:
            for call in ("SELECT app.callback_stats('{\"from\": \"2026-03-01\", "
                         "\"to\": \"2026-03-31\"}')",
                         "SELECT * FROM app.technician_satisfaction('2026-03-01', "
                         "'2026-03-31')"):
                with conn.cursor() as cur:
                    if allowed:
                        cur.execute(call)
                    else:
                        with pytest.raises(psycopg2.Error) as raised:
                            cur.execute(call)
                        assert raised.value.pgcode == "42501"
                conn.rollback()
            with conn.cursor() as cur, pytest.raises(psycopg2.Error):
                cur.execute("UPDATE app.satisfaction_month SET surveys = 0")
            conn.rollback()
        finally:
            conn.close()


@pytest.mark.parametrize(("request_", "code"), [
    ({"to": "2026-03-31"}, "field_required"),
    ({"from": "2026-03-01"}, "field_required"),
    ({"from": "2026-04-01", "to": "2026-03-31"}, "stats_period_order"),
    ({"from": "2020-01-01", "to": "2025-01-01"}, "stats_period_too_long"),
    ({"from": "infinity", "to": "2026-03-31"}, "field_date_invalid"),
    ({"from": "0001-01-01", "to": "2026-03-31"}, "field_date_invalid"),
    ({**MARCH_APRIL, "group": "customer"}, "field_choice_invalid"),
    ({**MARCH_APRIL, "group": "x" * 100_000}, "field_too_long"),
    ({**MARCH_APRIL, "technician_id": "NaN"}, "reference_missing"),
    ({**MARCH_APRIL, "technician_id": 999_999_999}, "reference_missing"),
    ({**MARCH_APRIL, "service_mode": "teleport"}, "reference_missing"),
])
def test_bad_requests_are_refused(shop: StatsShop, manager: psycopg2.extensions.connection,
                                  request_: dict[str, Any], code: str) -> None:
    with manager.cursor() as cur, pytest.raises(psycopg2.Error) as raised:
        cur.execute("SELECT app.callback_stats(%s)", (json.dumps(request_),))
    manager.rollback()
    assert raised.value.diag.message_hint == f"aftersales:{code}"


@pytest.mark.parametrize(("period", "code"), [
    ((None, "2026-03-31"), "field_required"),
    (("2026-03-31", "2026-03-01"), "stats_period_order"),
    (("2026-01-01", "infinity"), "field_date_invalid"),
    (("2000-01-01", "2199-12-31"), "stats_period_too_long"),
])
def test_bad_periods_are_refused(shop: StatsShop, manager: psycopg2.extensions.connection,
                                 period: tuple[str | None, str], code: str) -> None:
    with manager.cursor() as cur, pytest.raises(psycopg2.Error) as raised:
        cur.execute("SELECT * FROM app.technician_satisfaction(%s, %s)", period)
    manager.rollback()
    assert raised.value.diag.message_hint == f"aftersales:{code}"
