"""Callback tasks and surveys (issue 13) on a real database, each step through an
operator's own connection (their own password, as `psql` would connect).

- Finishing the work makes the tasks: an on-site job's finished report (completed), a
  carry-in ticket's pickup at the counter (after its job made it ready), one task per
  round of the service mode's rules, however often the finish or the pickup is sent,
  also at the same time from two connections.
- Attempts: no answer until the shop's number of attempts makes the customer
  unreachable; a wrong number at once; a requested call-back hides the task until its
  time and then it comes first; a refusal ends the task; the window expires it.
- The due list's filters and counts; phones masked without contacts.view; who may read
  and write.
- Surveys: the job's own technician cannot record its survey (the function, the missing
  INSERT privilege and the table's CHECK); a frozen survey cannot be changed, not even
  by the owner, and a correction is a new current row.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg2
import pytest

from aftersales_desktop.core.errors import PermissionDenied, UserError
from aftersales_desktop.domain import callbacks
from aftersales_desktop.domain.fees import FeeLine
from aftersales_desktop.services.frontdesk import settlement
from aftersales_desktop.services.frontdesk.intake import IntakeDraft, save_intake
from aftersales_desktop.services.frontdesk.tickets import set_status
from tests.db.stock_helpers import refusal, run
from tests.db.test_jobs import Floor, _employee, floor  # noqa: F401  (the module's floor)
from tests.pg import TEST_PASSWORD

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def shop(floor: Floor) -> Iterator[Floor]:  # noqa: F811
    """The jobs' floor with callback staff: `caller` (callback staff, phones shown),
    `blind_caller` (callback.record only: phones masked), `tech_caller` (a technician
    who also records surveys), and the counter clerk without callback.record."""
    for who, template in (("caller", "callback"),):
        floor.codes[who] = floor.cluster.create_operator(floor.db, template=template)
    floor.codes["blind_caller"] = floor.cluster.create_operator(
        floor.db, capabilities=["callback.record"])
    floor.codes["tech_caller"] = floor.cluster.create_operator(
        floor.db, capabilities=["callback.record"])
    _employee(floor, "tech_caller", floor.codes["tech_caller"])
    yield floor


def _draft(shop: Floor, *, visit: str = "carry_in", name: str = "周杰",
           phone: str = "13912340001", region_id: int | None = None) -> IntakeDraft:
    on_site = visit == "on_site"
    return IntakeDraft(
        customer_name=name, phone=phone, product="空调", brand="格力", model="KFR-35GW",
        serial=f"GR{uuid.uuid4().hex[:8].upper()}",
        purchase_date=shop.today - timedelta(days=100), has_proof=True,
        warranty_months=12, fault="不制冷", promised_on=shop.today + timedelta(days=7),
        visit=visit, address="杭州市西湖区文三路 1 号" if on_site else "",
        region_id=region_id,
        appointment_at=(datetime.now().astimezone() + timedelta(days=1)) if on_site else None)


def _ticket(shop: Floor, **draft: Any) -> int:
    with shop.counter.read() as conn:
        return save_intake(conn, _draft(shop, **draft), shop.today).id


def _finish(shop: Floor, ticket: int, technician: str = "tech_a") -> dict[str, Any]:
    job = shop.job(ticket, technician)
    return dict(shop.call(technician, "job_report", shop.report(job["id"], finish=True)))


def _settle(shop: Floor, ticket: int) -> None:
    """Settled at the counter (in warranty: the manufacturer pays), so it may be picked
    up."""
    with shop.counter.read() as conn:
        settlement.settle(conn, ticket, None, [FeeLine("labour", "维修费", Decimal(1),
                                                       Decimal("50.00"), "manufacturer")],
                          payment_method="none")


def _pickup(shop: Floor, ticket: int) -> None:
    with shop.counter.read() as conn:
        set_status(conn, ticket, None, "picked_up", "取机")


def _tasks(shop: Floor, ticket: int) -> list[tuple[Any, ...]]:
    return shop.sql("SELECT round, kind, state, due_on, expires_on, technician_id "
                     "FROM app.callback_task WHERE ticket_id = %s ORDER BY round", ticket)


def _task_id(shop: Floor, ticket: int, round_: int = 1) -> int:
    return int(shop.sql("SELECT id FROM app.callback_task WHERE ticket_id = %s AND round = %s",
                         ticket, round_)[0][0])


def _task(shop: Floor, who: str, task: int) -> dict[str, Any]:
    """The task's row as the due list shows it (the 'all' view, found by its number)."""
    number = shop.sql("SELECT t.number FROM app.callback_task k JOIN app.ticket t "
                       "ON t.id = k.ticket_id WHERE k.id = %s", task)[0][0]
    rows = shop.call(who, "callback_due", {"view": "all", "search": number})["rows"]
    (row,) = [r for r in rows if r["id"] == task]
    return dict(row)


def _refused(shop: Floor, who: str, function: str, body: Any) -> str:
    with pytest.raises(UserError) as caught:
        shop.call(who, function, body)
    return refusal(caught.value)


def _scores(shop: Floor, score: int = 4) -> list[dict[str, Any]]:
    return [{"question_id": i, "score": score} for (i,) in shop.sql(
        "SELECT id FROM app.survey_question WHERE active AND kind = 'score' ORDER BY id")]


def _open_task(shop: Floor, technician: str = "tech_a", **draft: Any) -> int:
    """A completed on-site ticket's callback task (round 1, due in 3 days), made due today."""
    ticket = _ticket(shop, visit="on_site", **draft)
    _finish(shop, ticket, technician)
    task = _task_id(shop, ticket)
    shop.sql("UPDATE app.callback_task SET due_on = %s WHERE id = %s", shop.today, task)
    return task


def _version(shop: Floor, task: int) -> int:
    return int(shop.sql("SELECT version FROM app.callback_task WHERE id = %s", task)[0][0])


def _attempt(shop: Floor, task: int, outcome: str, who: str = "caller",
             **more: Any) -> dict[str, Any]:
    body = {"task_id": task, "version": _version(shop, task), "outcome": outcome} | more
    return dict(shop.call(who, "callback_attempt_log", body)["task"])


def _record(shop: Floor, task: int, who: str = "caller", score: int = 4,
            **more: Any) -> dict[str, Any]:
    body = {"task_id": task, "version": _version(shop, task), "answers": _scores(shop, score),
            "usage": "每天使用", "suggestion": "", "notes": ""} | more
    return dict(shop.call(who, "survey_record", body))


# -- the tasks a finished ticket makes ----------------------------------------------------

def test_an_on_site_job_finished_makes_one_task_per_round(shop: Floor) -> None:
    ticket = _ticket(shop, visit="on_site")
    assert _tasks(shop, ticket) == []
    done = _finish(shop, ticket)
    assert done["ticket_status"] == "completed"
    technician = shop.employees["tech_a"]
    # repair: one round, service, due three days on, called for fourteen
    assert _tasks(shop, ticket) == [
        (1, "service", "pending", shop.today + timedelta(days=3),
         shop.today + timedelta(days=17), technician)]
    job = shop.sql("SELECT id FROM app.job WHERE ticket_id = %s", ticket)[0][0]
    assert shop.sql("SELECT job_id, source, service_mode FROM app.callback_task "
                    "WHERE ticket_id = %s", ticket) == [(job, "ticket", "repair")]
    # the finish sent again is refused (finished already) and makes nothing
    again = shop.report(done["id"], finish=True) | {"version": done["version"]}
    assert _refused(shop, "tech_a", "job_report", again) in ("job_state", "document_stale")
    # making them again (the trigger's function called twice) adds nothing
    assert shop.sql("SELECT app.callback_tasks_make(%s)", ticket) == [(0,)]
    assert len(_tasks(shop, ticket)) == 1


def test_the_service_modes_rules_set_the_rounds(shop: Floor) -> None:
    ticket = _ticket(shop, visit="on_site")
    shop.sql("UPDATE app.ticket SET service_mode = 'installation' WHERE id = %s", ticket)
    _finish(shop, ticket)
    assert [(r, k, d, e) for r, k, _s, d, e, _t in _tasks(shop, ticket)] == [
        (1, "installation", shop.today + timedelta(days=2), shop.today + timedelta(days=16)),
        (2, "usage", shop.today + timedelta(days=30), shop.today + timedelta(days=60))]


def test_a_carry_in_ticket_makes_its_task_when_picked_up(shop: Floor) -> None:
    ticket = _ticket(shop)
    done = _finish(shop, ticket)
    assert done["ticket_status"] == "ready"
    assert _tasks(shop, ticket) == []  # ready: the customer has not had it back yet
    _settle(shop, ticket)
    _pickup(shop, ticket)
    assert [(r, k, s) for r, k, s, *_ in _tasks(shop, ticket)] == [(1, "service", "pending")]
    # a second pickup is refused by the status machine and makes nothing
    with pytest.raises(UserError):
        _pickup(shop, ticket)
    assert len(_tasks(shop, ticket)) == 1


def _race(threads: int, action: Any) -> list[str]:
    """`action` run by `threads` threads at once: "ok" or the refusal code of each."""
    barrier = threading.Barrier(threads)
    outcomes: list[str] = []

    def one() -> None:
        barrier.wait()
        try:
            action()
            outcomes.append("ok")
        except UserError as exc:
            outcomes.append(refusal(exc))

    started = [threading.Thread(target=one) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return outcomes


def test_concurrent_pickups_make_one_task(shop: Floor) -> None:
    ticket = _ticket(shop)
    _finish(shop, ticket)
    _settle(shop, ticket)
    outcomes = _race(4, lambda: _pickup(shop, ticket))
    assert outcomes.count("ok") == 1, outcomes
    assert len(_tasks(shop, ticket)) == 1


def test_concurrent_finishes_make_one_task(shop: Floor) -> None:
    ticket = _ticket(shop, visit="on_site")
    job = shop.job(ticket, "tech_a")
    body = shop.report(job["id"], finish=True)

    def finish() -> None:  # each on a connection of its own
        conn = psycopg2.connect(**shop.cluster.profile(shop.db).connect_kwargs(
            shop.codes["tech_a"], TEST_PASSWORD))
        conn.autocommit = True
        try:
            run(conn, "job_report", body)
        finally:
            conn.close()

    outcomes = _race(3, finish)
    assert outcomes.count("ok") == 1, outcomes
    assert len(_tasks(shop, ticket)) == 1


# -- attempts -----------------------------------------------------------------------------

def test_no_answer_until_unreachable(shop: Floor) -> None:
    task = _open_task(shop)
    most = int(shop.sql("SELECT (app.setting('callback_max_attempts') #>> '{}')::int")[0][0])
    for n in range(1, most):
        row = _attempt(shop, task, "no_answer" if n % 2 else "busy", note=f"第{n}次")
        assert (row["state"], row["attempts"], row["last_outcome"]) == (
            "in_progress", n, "no_answer" if n % 2 else "busy")
        assert callbacks.next_state(row["last_outcome"], n - 1, most).state == "in_progress"
    row = _attempt(shop, task, "no_answer")
    assert (row["state"], row["attempts"]) == ("unreachable", most)
    assert row["closed_at"] is not None
    assert shop.sql("SELECT count(*) FROM app.callback_attempt WHERE task_id = %s",
                    task) == [(most,)]
    # closed: no more attempts, no survey
    assert _refused(shop, "caller", "callback_attempt_log", {
        "task_id": task, "version": _version(shop, task), "outcome": "busy"}) == "task_closed"
    assert _refused(shop, "caller", "survey_record", {
        "task_id": task, "version": _version(shop, task), "answers": _scores(shop)}
    ) == "task_closed"


def test_a_wrong_number_is_unreachable_at_once_and_a_refusal_ends_the_task(
        shop: Floor) -> None:
    task = _open_task(shop)
    assert _attempt(shop, task, "wrong_number")["state"] == "unreachable"
    other = _open_task(shop)
    row = _attempt(shop, other, "refused", note="不愿意回答")
    assert (row["state"], row["attempts"]) == ("done", 0)


def test_a_call_back_hides_the_task_until_its_time_then_it_comes_first(shop: Floor) -> None:
    name = f"回拨{uuid.uuid4().hex[:6]}"
    first, second = _open_task(shop, name=name), _open_task(shop, name=name)
    shop.sql("UPDATE app.callback_task SET due_on = %s WHERE id = %s",
             shop.today - timedelta(days=2), first)  # overdue: first by due day

    def due() -> list[int]:
        return [r["id"] for r in shop.call("caller", "callback_due",
                                           {"view": "due", "search": name})["rows"]]

    assert due() == [first, second]
    # asked to call back in an hour: hidden from the due list, upcoming meanwhile
    at = (datetime.now().astimezone() + timedelta(hours=1)).isoformat()
    row = _attempt(shop, second, "call_back", call_back_at=at, note="下午再打")
    assert (row["state"], row["attempts"]) == ("in_progress", 0)
    assert due() == [first]
    upcoming = shop.call("caller", "callback_due", {"view": "upcoming", "search": name})
    assert [r["id"] for r in upcoming["rows"]] == [second]
    assert upcoming["counts"]["due"] == 1 and upcoming["counts"]["upcoming"] == 1
    # its time comes: it is first, before the overdue one
    shop.sql("UPDATE app.callback_task SET call_back_at = now() - interval '1 minute' "
             "WHERE id = %s", second)
    assert due() == [second, first]
    counts = shop.call("caller", "callback_due", {"view": "due", "search": name})["counts"]
    assert counts == {"due": 2, "overdue": 1, "today": 1, "call_back": 1, "upcoming": 0}


def test_a_call_back_needs_a_time_within_the_window(shop: Floor) -> None:
    task = _open_task(shop)
    body = {"task_id": task, "version": _version(shop, task), "outcome": "call_back"}
    assert _refused(shop, "caller", "callback_attempt_log", body) == "call_back_time_required"
    past = (datetime.now().astimezone() - timedelta(hours=1)).isoformat()
    assert _refused(shop, "caller", "callback_attempt_log",
                    body | {"call_back_at": past}) == "call_back_time_range"
    expires = shop.sql("SELECT expires_on FROM app.callback_task WHERE id = %s", task)[0][0]
    late = datetime.combine(expires + timedelta(days=2), datetime.min.time()).astimezone()
    assert _refused(shop, "caller", "callback_attempt_log",
                    body | {"call_back_at": late.isoformat()}) == "call_back_time_range"
    assert _refused(shop, "caller", "callback_attempt_log",
                    body | {"outcome": "reached"}) == "attempt_outcome_invalid"
    assert _refused(shop, "caller", "callback_attempt_log",
                    body | {"version": body["version"] + 5, "outcome": "busy"}
                    ) == "document_stale"
    assert shop.sql("SELECT count(*) FROM app.callback_attempt WHERE task_id = %s",
                    task) == [(0,)]


def test_a_task_past_its_window_expires(shop: Floor) -> None:
    task = _open_task(shop)
    shop.sql("UPDATE app.callback_task SET due_on = %s, expires_on = %s WHERE id = %s",
             shop.today - timedelta(days=20), shop.today - timedelta(days=1), task)
    shop.call("caller", "callback_due", {"view": "due"})
    assert shop.sql("SELECT state, closed_at IS NOT NULL, attempts FROM app.callback_task "
                    "WHERE id = %s", task) == [("expired", True, 0)]


# -- the due list ---------------------------------------------------------------------------

def _region(shop: Floor, name: str, parent: int | None = None) -> int:
    return int(shop.sql("INSERT INTO app.region (parent_id, name, level) VALUES (%s, %s, %s) "
                        "RETURNING id", parent, f"{name}{uuid.uuid4().hex[:4]}",
                        "district" if parent else "city")[0][0])


def test_the_due_list_filters_and_counts(shop: Floor) -> None:
    name = f"筛选{uuid.uuid4().hex[:6]}"
    city = _region(shop, "杭州市")
    district = _region(shop, "西湖区", city)
    other = _region(shop, "宁波市")
    in_city = _open_task(shop, name=name, region_id=city)
    in_district = _open_task(shop, name=name, region_id=district, phone="13955550001")
    elsewhere = _open_task(shop, name=name, region_id=other, technician="tech_b")
    installation = _open_task(shop, name=name, region_id=other)
    shop.sql("UPDATE app.callback_task SET service_mode = 'installation', "
             "kind = 'installation' WHERE id = %s", installation)
    later = _open_task(shop, name=name, region_id=city)
    shop.sql("UPDATE app.callback_task SET due_on = %s WHERE id = %s",
             shop.today + timedelta(days=2), later)

    def ids(**request: Any) -> list[int]:
        found = shop.call("caller", "callback_due", {"search": name} | request)
        assert found["total"] == len(found["rows"])
        return sorted(r["id"] for r in found["rows"])

    assert ids() == sorted([in_city, in_district, elsewhere, installation])
    assert ids(region_id=city) == sorted([in_city, in_district])  # and the regions below
    assert ids(region_id=district) == [in_district]
    assert ids(technician_id=shop.employees["tech_b"]) == [elsewhere]
    assert ids(service_mode="installation") == [installation]
    assert ids(kind="installation") == [installation]
    assert ids(view="upcoming") == [later]
    assert ids(view="open") == sorted([in_city, in_district, elsewhere, installation, later])
    assert ids(view="overdue") == []
    assert ids(view="closed") == []
    # search by the ticket's number and by phone digits
    number = shop.sql("SELECT t.number FROM app.callback_task k JOIN app.ticket t "
                      "ON t.id = k.ticket_id WHERE k.id = %s", in_district)[0][0]
    assert [r["id"] for r in shop.call("caller", "callback_due", {"search": number})["rows"]
            ] == [in_district]
    assert in_district in [r["id"] for r in shop.call(
        "caller", "callback_due", {"search": "5555000"})["rows"]]
    found = shop.call("caller", "callback_due", {"search": name, "region_id": city})
    assert found["counts"] == {"due": 2, "overdue": 0, "today": 2, "call_back": 0,
                               "upcoming": 1}
    assert found["today"] == shop.today.isoformat()
    # paging
    page = shop.call("caller", "callback_due", {"search": name, "limit": 2, "offset": 1})
    assert page["total"] == 4 and len(page["rows"]) == 2
    row = next(r for r in found["rows"] if r["id"] == in_district)
    assert row["region"].endswith("/" + shop.sql("SELECT name FROM app.region WHERE id = %s",
                                                 district)[0][0])
    assert (row["product"], row["service_mode"], row["customer_name"], row["kind"]) == (
        "空调 格力 KFR-35GW", "repair", name, "service")
    assert row["technician"] == shop.sql("SELECT name FROM app.employee WHERE id = %s",
                                         shop.employees["tech_a"])[0][0]
    assert row["finished_on"] == shop.today.isoformat() and row["overdue_days"] == 0


def test_phones_are_masked_without_contacts_view(shop: Floor) -> None:
    task = _open_task(shop, phone="13912345678")
    assert _task(shop, "caller", task)["phone"] == "13912345678"
    masked = _task(shop, "blind_caller", task)["phone"]
    assert masked != "13912345678" and "5678" in masked and "*" in masked


def test_a_masked_phone_is_found_whole_or_by_its_last_digits_only(shop: Floor) -> None:
    # without contacts.view the search must not find a phone digit by digit (the customer
    # lookup's rule): the whole number or its last four digits, never a part of it
    phone = f"139{uuid.uuid4().int % 10**8:08d}"
    task = _open_task(shop, phone=phone)

    def found(who: str, search: str) -> bool:
        rows = shop.call(who, "callback_due", {"view": "open", "search": search})["rows"]
        return task in [r["id"] for r in rows]

    assert found("caller", phone[2:9]) and found("blind_caller", phone)
    assert found("blind_caller", phone[-4:])
    assert not found("blind_caller", phone[2:9]) and not found("blind_caller", phone[:7])


def test_who_may_read_and_write(shop: Floor) -> None:
    task = _open_task(shop)
    for function, body in (
            ("callback_due", {"view": "due"}),
            ("callback_attempt_log", {"task_id": task, "version": 1, "outcome": "busy"}),
            ("survey_record", {"task_id": task, "version": 1, "answers": []})):
        with pytest.raises(PermissionDenied):
            shop.call("counter", function, body)
    for table in ("callback_task", "callback_attempt", "survey", "survey_answer"):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            shop.rows("counter", f"SELECT count(*) FROM app.{table}")
    for table in ("callback_task", "callback_attempt", "survey_answer"):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            shop.rows("caller", f"DELETE FROM app.{table}")
    # the rules and questions are everybody's to read
    assert shop.rows("counter", "SELECT count(*) FROM app.callback_rule")[0][0] == 4
    assert [c for (c,) in shop.rows("counter", "SELECT code FROM app.survey_question "
                                               "ORDER BY sort_order")] == list(
        callbacks.QUESTION_LABELS)


# -- surveys --------------------------------------------------------------------------------

def test_a_survey_closes_the_task(shop: Floor) -> None:
    task = _open_task(shop)
    recorded = _record(shop, task, suggestion="师傅很专业")
    assert recorded["task"]["state"] == "done"
    assert recorded["task"]["last_outcome"] == "reached"
    assert recorded["complaint_id"] is None or isinstance(recorded["complaint_id"], int)
    survey = recorded["survey_id"]
    assert shop.sql("SELECT recorded_by, technician_operator, lowest_score, suggestion, "
                    "frozen_at - recorded_at FROM app.survey WHERE id = %s", survey) == [
        (shop.codes["caller"], shop.codes["tech_a"], 4, "师傅很专业", timedelta(hours=24))]
    assert shop.sql("SELECT count(*) FROM app.survey_answer WHERE survey_id = %s",
                    survey) == [(5,)]
    assert shop.sql("SELECT outcome FROM app.callback_attempt WHERE task_id = %s",
                    task) == [("reached",)]
    # recorded once: the task is closed now
    assert _refused(shop, "caller", "survey_record", {
        "task_id": task, "version": _version(shop, task), "answers": _scores(shop)}
    ) == "task_closed"


def test_a_survey_needs_every_score_within_range(shop: Floor) -> None:
    task = _open_task(shop)
    scores = _scores(shop)
    body = {"task_id": task, "version": _version(shop, task)}
    assert _refused(shop, "caller", "survey_record",
                    body | {"answers": scores[:-1]}) == "survey_incomplete"
    for bad in (0, 6, "3.5", "x", -1):
        assert _refused(shop, "caller", "survey_record", body | {"answers": [
            scores[0] | {"score": bad}, *scores[1:]]}) == "survey_score_range", bad
    assert _refused(shop, "caller", "survey_record", body | {"answers": [
        *scores, {"question_id": 999999, "score": 3}]}) == "reference_missing"
    assert _refused(shop, "caller", "survey_record", body | {"answers": [
        *scores, scores[0]]}) == "field_malformed"
    assert shop.sql("SELECT count(*) FROM app.survey WHERE task_id = %s", task) == [(0,)]


def test_the_jobs_own_technician_cannot_record_its_survey(shop: Floor) -> None:
    task = _open_task(shop, technician="tech_caller")
    assert _refused(shop, "tech_caller", "survey_record", {
        "task_id": task, "version": _version(shop, task), "answers": _scores(shop)}
    ) == "survey_own_job"
    # nor by hand: no INSERT for anyone (reads only) ...
    insert = ("INSERT INTO app.survey (task_id, customer_id, technician_operator, frozen_at) "
              "SELECT id, customer_id, %s, now() + interval '1 day' FROM app.callback_task "
              "WHERE id = %s")
    conn = shop.conn("tech_caller")
    with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn.cursor() as cur:
        cur.execute(insert, (shop.codes["tech_caller"], task))
    # ... and the table's CHECK holds even where an INSERT is allowed (the owner)
    owner = psycopg2.connect(shop.cluster.dsn(shop.db))
    try:
        with pytest.raises(psycopg2.errors.CheckViolation) as caught, owner.cursor() as cur:
            cur.execute("SET ROLE as_owner")
            cur.execute(insert.replace("(task_id,", "(recorded_by, task_id,").replace(
                "SELECT id,", "SELECT %s, id,"), (shop.codes["tech_caller"],
                                                   shop.codes["tech_caller"], task))
        assert caught.value.diag.constraint_name == "survey_not_own_technician"
    finally:
        owner.close()
    # another colleague records it
    assert _record(shop, task)["task"]["state"] == "done"


def test_a_frozen_survey_is_corrected_by_a_new_one(shop: Floor) -> None:
    task = _open_task(shop)
    survey = _record(shop, task, score=3)["survey_id"]
    owner = psycopg2.connect(shop.cluster.dsn(shop.db))
    owner.autocommit = True
    try:
        with owner.cursor() as cur:
            cur.execute("SET ROLE as_owner")
            # before the freeze the owner may change it (app.survey_amend does so) ...
            cur.execute("UPDATE app.survey SET notes = '补记' WHERE id = %s", (survey,))
            cur.execute("RESET ROLE")
            cur.execute("ALTER TABLE app.survey DISABLE TRIGGER survey_frozen")
            cur.execute("UPDATE app.survey SET recorded_at = now() - interval '2 days', "
                        "frozen_at = now() - interval '1 day' WHERE id = %s", (survey,))
            cur.execute("ALTER TABLE app.survey ENABLE TRIGGER survey_frozen")
            cur.execute("SET ROLE as_owner")
            for statement in (
                    "UPDATE app.survey SET notes = '改' WHERE id = %s",
                    "DELETE FROM app.survey WHERE id = %s",
                    "UPDATE app.survey SET frozen_at = now() + interval '1 day' WHERE id = %s",
                    "UPDATE app.survey_answer SET score = 5 WHERE survey_id = %s",
                    "DELETE FROM app.survey_answer WHERE survey_id = %s"):
                with pytest.raises(psycopg2.errors.RaiseException) as caught:
                    cur.execute(statement, (survey,))
                assert caught.value.diag.message_hint == "aftersales:survey_frozen", statement
    finally:
        owner.close()
    assert shop.sql("SELECT notes FROM app.survey WHERE id = %s", survey) == [("补记",)]
    # the correction: a new survey of the done task, naming the one it corrects
    corrected = _record(shop, task, score=5, corrects_id=survey, notes="客户更正")
    assert corrected["task"]["state"] == "done"
    current = shop.sql("SELECT s.id FROM app.survey s WHERE s.task_id = %s AND NOT EXISTS "
                       "(SELECT FROM app.survey c WHERE c.corrects_id = s.id)", task)
    assert current == [(corrected["survey_id"],)]
    assert shop.sql("SELECT lowest_score FROM app.survey WHERE id = %s",
                    corrected["survey_id"]) == [(5,)]
    # the original is corrected once; the correction itself can be corrected
    assert _refused(shop, "caller", "survey_record", {
        "task_id": task, "version": _version(shop, task), "answers": _scores(shop),
        "corrects_id": survey}) == "survey_corrected"
    assert _refused(shop, "caller", "survey_record", {
        "task_id": task, "version": _version(shop, task), "answers": _scores(shop),
        "corrects_id": 99999999}) == "survey_missing"
    again = _record(shop, task, corrects_id=corrected["survey_id"])
    assert shop.sql("SELECT corrects_id FROM app.survey WHERE id = %s",
                    again["survey_id"]) == [(corrected["survey_id"],)]


def test_the_attempt_rule_agrees_with_the_database(shop: Floor) -> None:
    for outcome in callbacks.OUTCOMES:
        for failed in range(0, 5):
            for most in (1, 2, 3, 5):
                python = callbacks.next_state(outcome, failed, most).state
                sql = shop.sql("SELECT app.callback_attempt_state(%s, %s, %s)",
                               outcome, failed, most)[0][0]
                assert python == sql, (outcome, failed, most)


def test_seeded_settings_and_labels(shop: Floor) -> None:
    assert shop.sql("SELECT key, value FROM app.shop_setting WHERE key IN "
                    "('callback_max_attempts', 'survey_freeze_hours') ORDER BY key") == [
        ("callback_max_attempts", callbacks.MAX_ATTEMPTS_DEFAULT),
        ("survey_freeze_hours", callbacks.FREEZE_HOURS_DEFAULT)]
    assert {c: label for c, label in shop.sql("SELECT code, label FROM app.survey_question")
            } == callbacks.QUESTION_LABELS
    assert callbacks.question_label("own_question", "自定义") == "自定义"
    assert date.fromisoformat(shop.call("caller", "callback_due", {})["today"]) == shop.today


# -- the survey dialog: reading a task, amending before the freeze ------------------------

def test_the_survey_dialog_reads_the_task_its_work_and_history(shop: Floor) -> None:
    task = _open_task(shop)
    _attempt(shop, task, "busy", note="占线")
    first = _record(shop, task, score=2, suggestion="太慢")
    with shop.conn("caller").cursor() as cur:
        cur.execute("SELECT app.survey_get(%s)", (task,))
        found = cur.fetchone()[0]
    assert found["task"]["id"] == task and found["task"]["state"] == "done"
    ticket = found["ticket"]
    assert (ticket["product"], ticket["result"], ticket["fault_cause"], ticket["action"],
            ticket["work_types"], ticket["status"]) == (
        "空调 格力 KFR-35GW", "fixed", "电容老化", "更换电容", ["安装调试"], "completed")
    assert ticket["technician"] == shop.sql("SELECT name FROM app.employee WHERE id = %s",
                                            shop.employees["tech_a"])[0][0]
    assert [q["code"] for q in found["questions"]] == list(callbacks.QUESTION_LABELS)
    assert [(a["outcome"], a["note"]) for a in found["attempts"]] == [
        ("busy", "占线"), ("reached", "")]
    (survey,) = found["surveys"]
    assert (survey["id"], survey["frozen"], survey["corrected"], survey["suggestion"],
            survey["lowest_score"]) == (first["survey_id"], False, False, "太慢", 2)
    assert sorted(a["score"] for a in survey["answers"]) == [2] * 5
    assert survey["recorded_by"] == shop.codes["caller"]
    # a correction shows as corrected / correcting
    _record(shop, task, corrects_id=first["survey_id"])
    with shop.conn("caller").cursor() as cur:
        cur.execute("SELECT app.survey_get(%s)", (task,))
        found = cur.fetchone()[0]
    assert [(s["corrected"], s["corrects_id"]) for s in found["surveys"]] == [
        (True, None), (False, first["survey_id"])]
    # who may read
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        shop.rows("counter", f"SELECT app.survey_get({task})")
    with pytest.raises(psycopg2.errors.RaiseException) as caught:
        shop.rows("caller", "SELECT app.survey_get(999999999)")
    assert caught.value.diag.message_hint == "aftersales:task_missing"


def test_a_survey_is_amended_before_it_freezes_only(shop: Floor) -> None:
    task = _open_task(shop)
    survey = _record(shop, task, score=4)["survey_id"]
    version = _version(shop, task)
    amended = shop.call("caller", "survey_amend", {
        "survey_id": survey, "answers": _scores(shop, 3), "usage": "偶尔",
        "suggestion": "改", "notes": "客户改口"})
    assert amended["survey_id"] == survey and amended["task"]["version"] > version
    assert shop.sql("SELECT usage, notes, lowest_score FROM app.survey WHERE id = %s",
                    survey) == [("偶尔", "客户改口", 3)]
    assert shop.sql("SELECT DISTINCT score FROM app.survey_answer WHERE survey_id = %s",
                    survey) == [(3,)]
    # the same checks as recording
    assert _refused(shop, "caller", "survey_amend", {
        "survey_id": survey, "answers": _scores(shop, 3)[1:]}) == "survey_incomplete"
    assert _refused(shop, "caller", "survey_amend", {
        "survey_id": survey, "answers": _scores(shop, 9)}) == "survey_score_range"
    # another caller may not (only its recorder, or a complaint handler)
    with pytest.raises(PermissionDenied):
        shop.call("blind_caller", "survey_amend", {"survey_id": survey,
                                                   "answers": _scores(shop, 5)})
    assert shop.call("manager", "survey_amend", {"survey_id": survey,
                                                 "answers": _scores(shop, 5)})["survey_id"]
    # frozen: refused, the answers stay
    shop.sql("ALTER TABLE app.survey DISABLE TRIGGER survey_frozen")
    shop.sql("UPDATE app.survey SET recorded_at = now() - interval '2 days', "
             "frozen_at = now() - interval '1 second' WHERE id = %s", survey)
    shop.sql("ALTER TABLE app.survey ENABLE TRIGGER survey_frozen")
    assert _refused(shop, "caller", "survey_amend", {
        "survey_id": survey, "answers": _scores(shop, 1)}) == "survey_frozen"
    assert shop.sql("SELECT DISTINCT score FROM app.survey_answer WHERE survey_id = %s",
                    survey) == [(5,)]
    assert _refused(shop, "caller", "survey_amend", {
        "survey_id": 999999999, "answers": _scores(shop, 1)}) == "survey_missing"
