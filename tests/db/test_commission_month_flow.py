"""The month from a review to a settled statement, through the real writers: a job
reviewed makes its commission lines (cm-lines' trigger), the month run turns them into
the technician's statement, a reopened job takes its line back and makes the statement
stale until the month is run again, and the statement view names the ticket."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import psycopg2
import pytest

from tests.db.dispatch_helpers import Dispatch, dispatch_shop
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Iterator[Dispatch]:
    yield from dispatch_shop(cluster)


def _call(d: Dispatch, code: str, function: str, payload: dict[str, Any]) -> Any:
    conn = psycopg2.connect(**dict(d.cluster.base, dbname=d.db, user=code,
                                   password=TEST_PASSWORD))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(f"SELECT app.{function}(%s::jsonb)", (json.dumps(payload, default=str),))
            return cur.fetchone()[0]
    finally:
        conn.close()


def test_a_reviewed_job_reaches_the_statement_and_a_reopened_one_leaves_it(
        shop: Dispatch) -> None:
    d = shop
    manager = d.cluster.create_operator(d.db, template="manager")
    minor = d.work_types["minor"]
    d.sql("INSERT INTO app.commission_rule (service_mode, work_type_id, kind, amount, "
          "valid_from) SELECT m.code, %s, 'fixed', 50, '2000-01-01' FROM app.service_mode m",
          minor)
    ticket = d.ticket()
    job = d.job(ticket, "王强", state="finished",
                finished_at=d.sql("SELECT now() - interval '1 hour'")[0][0])
    d.sql("UPDATE app.job SET state = 'reviewed', reviewed_at = now(), reviewed_by = 'manager' "
          "WHERE id = %s", job)
    lines = d.sql("SELECT period, amount FROM app.commission_line WHERE job_id = %s", job)
    assert lines, "the review made no commission line"
    month = lines[0][0]
    made = sum((Decimal(amount) for _period, amount in lines), Decimal(0))
    assert made > 0

    answer = _call(d, manager, "commission_month_run", {"month": month})
    for part in range(1, answer["parts"]):
        _call(d, manager, "commission_month_run", {"month": month, "part": part})
    employee = d.technicians["王强"]
    got = _call(d, manager, "commission_statement_get", {"month": month,
                                                         "employee_id": employee})
    statement = got["statement"]
    assert statement["id"] is not None and not statement["stale"]
    assert Decimal(str(statement["commissions"])) == made
    assert Decimal(str(statement["total"])) == Decimal(str(statement["post_wage"])) + made
    (number,) = d.sql("SELECT number FROM app.ticket WHERE id = %s", ticket)[0]
    assert [line["ticket_number"] for line in got["lines"]
            if line["job_id"] == job] == [number] * len(lines)

    # the job reopened (unreviewed) in the open month: its lines go, the statement is
    # stale until the month runs again
    d.sql("UPDATE app.job SET state = 'finished', reviewed_at = NULL, reviewed_by = NULL "
          "WHERE id = %s", job)
    row = _call(d, manager, "commission_statement_get", {"statement_id": statement["id"]})
    assert row["statement"]["stale"]
    _call(d, manager, "commission_month_run", {"month": month})
    after = _call(d, manager, "commission_statement_get", {"statement_id": statement["id"]})
    assert not after["statement"]["stale"]
    assert Decimal(str(after["statement"]["commissions"])) == 0


def test_an_automatic_line_names_its_ticket_and_a_new_wage_makes_the_statement_stale(
        shop: Dispatch) -> None:
    d = shop
    manager = d.cluster.create_operator(d.db, template="manager")
    employee = d.technicians["王强"]
    ticket = d.ticket()
    (customer, number) = d.sql("SELECT customer_id, number FROM app.ticket WHERE id = %s",
                               ticket)[0]
    (month,) = d.sql("SELECT date_trunc('month', app.shop_today())::date")[0]
    task = d.sql("INSERT INTO app.callback_task (kind, source, ticket_id, customer_id, "
                 "technician_id, due_on, expires_on) VALUES ('service', 'ticket', %s, %s, "
                 "%s, app.shop_today(), app.shop_today() + 14) RETURNING id",
                 ticket, customer, employee)[0][0]
    survey = d.sql("INSERT INTO app.survey (task_id, ticket_id, technician_id, customer_id, "
                   "recorded_by, frozen_at, lowest_score) VALUES (%s, %s, %s, %s, 'clerk', "
                   "now() + interval '1 day', 1) RETURNING id",
                   task, ticket, employee, customer)[0][0]

    def run() -> None:
        answer = _call(d, manager, "commission_month_run", {"month": month})
        for part in range(1, answer["parts"]):
            _call(d, manager, "commission_month_run", {"month": month, "part": part})

    run()
    got = _call(d, manager, "commission_statement_get", {"month": month,
                                                         "employee_id": employee})
    (penalty,) = [line for line in got["lines"] if line["survey_id"] == survey]
    assert (penalty["kind"], penalty["ticket_id"], penalty["ticket_number"]) == (
        "penalty", ticket, number)

    # the post wage changed after the run: stale, so neither confirmed nor settled at
    # the old amount, until the month runs again
    statement = got["statement"]
    old_wage = Decimal(str(statement["post_wage"]))
    new_wage = old_wage + Decimal("123.45")
    d.sql("INSERT INTO app.employee_wage (employee_id, post_wage) VALUES (%s, %s) "
          "ON CONFLICT (employee_id) DO UPDATE SET post_wage = excluded.post_wage",
          employee, new_wage)
    row = _call(d, manager, "commission_statement_get", {"statement_id": statement["id"]})
    assert row["statement"]["stale"]
    with pytest.raises(psycopg2.Error) as caught:
        _call(d, manager, "commission_statement_act",
              {"statement_id": statement["id"], "version": row["statement"]["version"],
               "action": "confirm"})
    assert caught.value.diag.message_hint == "aftersales:statement_stale"
    run()
    after = _call(d, manager, "commission_statement_get", {"statement_id": statement["id"]})
    assert not after["statement"]["stale"]
    assert Decimal(str(after["statement"]["post_wage"])) == new_wage
