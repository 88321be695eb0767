"""A completed ticket (已完工: its on-site job finished at the customer's) on a real
database, each step through an operator's own connection: it is closed for the counter's
edit, move and quote as a picked-up one is; it is under repair warranty from its
completion day; the same unit back within that warranty is a free rework of it; the
ticket list's summary counts it among the closed tickets (revision 0020)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.domain.tickets import CLOSED_STATUSES, OPEN_STATUSES, STATUSES
from aftersales_desktop.domain.warranty import find_rework
from aftersales_desktop.services import schema
from aftersales_desktop.services.frontdesk.intake import IntakeDraft, save_intake
from aftersales_desktop.services.frontdesk.tickets import (
    Location,
    add_quote,
    edit_ticket,
    move_ticket,
)
from aftersales_desktop.services.lookup import lookup_customers
from tests.db.stock_helpers import refusal
from tests.db.test_jobs import Floor, floor  # noqa: F401  (the module's shop floor)
from tests.pg import TestCluster

pytestmark = pytest.mark.db


def _draft(today: date, serial: str, visit: str, *, customer_id: int | None = None,
           device_id: int | None = None) -> IntakeDraft:
    on_site = visit == "on_site"
    return IntakeDraft(
        customer_id=customer_id, device_id=device_id,
        customer_name="钱塘", phone="13912340077", product="空调", brand="格力",
        model="KFR-35GW", serial=serial, purchase_date=today - timedelta(days=100),
        has_proof=True, warranty_months=12, fault="不制冷", accessories="", appearance="完好",
        promised_on=today + timedelta(days=7), visit=visit,
        address="杭州市西湖区文三路 9 号" if on_site else "",
        appointment_at=(datetime.now().astimezone() + timedelta(days=1)) if on_site else None)


def _completed(floor: Floor, serial: str) -> int:  # noqa: F811
    """An on-site ticket of `serial`, finished by its job: completed."""
    with floor.counter.read() as conn:
        ticket = save_intake(conn, _draft(floor.today, serial, "on_site"), floor.today).id
    job = floor.job(ticket, "tech_a")
    done = floor.call("tech_a", "job_report", floor.report(job["id"], finish=True))
    assert done["ticket_status"] == "completed"
    return ticket


def _closed_refusal(action: object) -> str:
    with pytest.raises(UserError) as caught:
        action()  # type: ignore[operator]
    return refusal(caught.value)


def test_the_closed_statuses_are_one_rule_in_both_homes(floor: Floor) -> None:  # noqa: F811
    in_sql = {status for status in STATUSES
              if floor.sql("SELECT app.ticket_is_closed(%s)", status)[0][0]}
    assert in_sql == CLOSED_STATUSES == {"picked_up", "completed", "cancelled"}
    assert "completed" not in OPEN_STATUSES


def test_a_completed_ticket_refuses_edit_move_and_quote(floor: Floor) -> None:  # noqa: F811
    ticket = _completed(floor, f"CP{uuid.uuid4().hex[:8].upper()}")
    version = int(floor.sql("SELECT version FROM app.ticket WHERE id = %s", ticket)[0][0])
    before = floor.sql("SELECT version, remarks, location_kind, quote_state FROM app.ticket "
                       "WHERE id = %s", ticket)
    with floor.counter.read() as conn:
        assert _closed_refusal(lambda: edit_ticket(conn, ticket, version,
                                                   remarks="再看看")) == "closed"
    with floor.counter.read() as conn:
        assert _closed_refusal(lambda: move_ticket(conn, ticket, Location("shelf", shelf="A1"),
                                                   version)) == "closed"
    with floor.counter.read() as conn:
        assert _closed_refusal(lambda: add_quote(conn, ticket, parts=Decimal("1"),
                                                 labour=Decimal("1"))) == "closed"
    assert floor.sql("SELECT version, remarks, location_kind, quote_state FROM app.ticket "
                     "WHERE id = %s", ticket) == before
    # an open ticket of the same counter is still edited (the refusal is the status's)
    with floor.counter.read() as conn:
        open_ = save_intake(conn, _draft(floor.today, f"OP{uuid.uuid4().hex[:8]}", "carry_in"),
                            floor.today)
    with floor.counter.read() as conn:
        assert edit_ticket(conn, open_.id, open_.version, remarks="加急") > open_.version


def test_completion_starts_the_repair_warranty(floor: Floor) -> None:  # noqa: F811
    floor.sql("UPDATE app.work_type SET repair_warranty_days = 45 WHERE id = %s",
              floor.work_types[0])
    ticket = _completed(floor, f"CW{uuid.uuid4().hex[:8].upper()}")
    days = floor.sql("SELECT coalesce(w.repair_warranty_days, "
                     "(app.setting('repair_warranty_days') #>> '{}')::integer, 90) "
                     "FROM app.ticket t LEFT JOIN app.work_type w ON w.id = t.work_type_id "
                     "WHERE t.id = %s", ticket)[0][0]
    assert floor.sql("SELECT repair_warranty_until, picked_up_at FROM app.ticket "
                     "WHERE id = %s", ticket) == [(floor.today + timedelta(days=days), None)]


def test_the_unit_back_within_the_warranty_is_a_free_rework_of_the_completed_ticket(
        floor: Floor) -> None:  # noqa: F811
    serial = f"CR{uuid.uuid4().hex[:8].upper()}"
    first = _completed(floor, serial)
    number = floor.sql("SELECT number FROM app.ticket WHERE id = %s", first)[0][0]
    # the same customer's same unit, chosen at the counter from the lookup
    customer, device = floor.sql("SELECT customer_id, device_id FROM app.ticket WHERE id = %s",
                                 first)[0]
    with floor.counter.read() as conn:
        again = save_intake(conn, _draft(floor.today, serial, "on_site", customer_id=customer,
                                         device_id=device), floor.today)
    # the intake form's hint sees it too (the customer lookup's last visits)
    with floor.counter.read() as conn:
        match = next(m for m in lookup_customers(conn, "13912340077") if m.id == customer)
    hint = find_rework(match.prior_repairs(device), floor.today)
    assert hint is not None and hint.ticket_id == first
    assert again.rework_of == number
    assert floor.sql("SELECT rework_of, rework_free FROM app.ticket WHERE id = %s",
                     again.id) == [(first, True)]
    # past the warranty it is a new repair
    floor.sql("UPDATE app.ticket SET repair_warranty_until = %s WHERE id = %s",
              floor.today - timedelta(days=1), first)
    with floor.counter.read() as conn:
        later = save_intake(conn, _draft(floor.today, serial, "on_site", customer_id=customer,
                                         device_id=device), floor.today)
    assert later.rework_of is None


def test_the_summary_counts_a_completed_ticket_as_closed(floor: Floor) -> None:  # noqa: F811
    ticket = _completed(floor, f"CT{uuid.uuid4().hex[:8].upper()}")
    tallied = dict(floor.sql(
        "SELECT status, sum(tickets)::int FROM (SELECT status, tickets FROM app.ticket_tally "
        "UNION ALL SELECT status, tickets FROM app.ticket_tally_change) x GROUP BY status"))
    counted = dict(floor.sql("SELECT status, count(*)::int FROM app.ticket GROUP BY status"))
    assert {s: n for s, n in tallied.items() if n} == counted
    assert counted.get("completed", 0) >= 1
    board = floor.sql("SELECT app.ticket_board()")[0][0]
    assert "completed" not in board["statuses"]
    assert floor.status(ticket) in CLOSED_STATUSES


def test_0020_gives_tickets_completed_before_it_their_warranty(cluster: TestCluster) -> None:
    db = cluster.create_database(target="0019")
    clerk = cluster.create_operator(db, template="counter")
    cluster.execute(db, """
        UPDATE app.shop_setting SET value = '30' WHERE key = 'repair_warranty_days';
        INSERT INTO app.customer (code, name) VALUES ('mig-c1', '迁移客户');
        INSERT INTO app.device (customer_id, product) SELECT id, '空调' FROM app.customer;
        INSERT INTO app.ticket (number, received_on, received_by, customer_id, device_id,
            customer_name, fault, promised_on, warranty_class, warranty_reason, status,
            status_at)
        SELECT n, '2026-01-05', %s, c.id, d.id, c.name, '不制冷', '2026-01-12',
               'in_warranty', 'in_warranty', s, '2026-01-10 10:00+08'
        FROM app.customer c JOIN app.device d ON d.customer_id = c.id,
             (VALUES ('mig-t1', 'completed'), ('mig-t2', 'in_repair')) v(n, s);
        """, (clerk,))
    schema.upgrade(cluster.dsn(db), "0020")
    assert cluster.execute(db, "SELECT number, repair_warranty_until FROM app.ticket "
                               "ORDER BY number") == [("mig-t1", date(2026, 2, 9)),
                                                      ("mig-t2", None)]
    schema.downgrade(cluster.dsn(db), "0019")
    assert cluster.execute(db, "SELECT repair_warranty_until FROM app.ticket "
                               "ORDER BY number") == [(None,), (None,)]
