"""The demo shop's callbacks, loaded twice into an empty shop (a server of its own, as
`aftersales --demo` loads it): tasks in every state made by finishing tickets, attempts
of every outcome, surveys mostly good and some low, complaints in every state (one
escalated, those of the low scores opened by themselves), inquiries (one a ticket, one
a pre-order) and a dealer's list; the second load changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.db.demo_shop import DemoShop as Shop
from tests.db.demo_shop import loaded_twice

pytestmark = pytest.mark.db

TABLES = ("callback_task", "callback_attempt", "survey", "survey_answer", "complaint",
          "complaint_event", "inquiry", "callback_import_batch", "customer", "ticket",
          "job", "part_preorder")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Shop, dict[str, int]]]:
    yield from loaded_twice(tmp_path_factory, "demo-callbacks", TABLES,
                            empty="callback_task")


def test_loading_twice_changes_nothing(loaded: tuple[Shop, dict[str, int]]) -> None:
    shop, first = loaded
    assert shop.counts() == first


def test_tasks_in_every_state_made_by_finishing_tickets(
        loaded: tuple[Shop, dict[str, int]]) -> None:
    shop, _first = loaded
    states = dict(shop.sql("SELECT state, count(*) FROM app.callback_task GROUP BY state"))
    for state in ("pending", "in_progress", "done", "unreachable", "expired"):
        assert states.get(state, 0) >= 1, states
    # every ticket task belongs to a finished ticket; the dealer's rows to the batch
    assert shop.sql("""
        SELECT count(*) FROM app.callback_task k JOIN app.ticket t ON t.id = k.ticket_id
        WHERE t.status NOT IN ('picked_up', 'completed')""") == [(0,)]
    dealer, with_technician = shop.sql("""
        SELECT count(*) FILTER (WHERE import_batch_id IS NOT NULL),
               count(*) FILTER (WHERE technician_id IS NOT NULL)
        FROM app.callback_task""")[0]
    assert dealer == 6 and with_technician >= 10
    due = shop.sql("""
        SELECT count(*) FILTER (WHERE call_back_at <= now()),
               count(*) FILTER (WHERE call_back_at > now()),
               count(*) FILTER (WHERE due_on < app.shop_today() AND call_back_at IS NULL),
               count(*) FILTER (WHERE due_on = app.shop_today()),
               count(*) FILTER (WHERE due_on > app.shop_today())
        FROM app.callback_task WHERE state IN ('pending', 'in_progress')""")[0]
    assert all(n >= 1 for n in due), due


def test_attempts_of_every_outcome_by_the_callback_clerk(
        loaded: tuple[Shop, dict[str, int]]) -> None:
    shop, _first = loaded
    outcomes = dict(shop.sql("SELECT outcome, count(*) FROM app.callback_attempt "
                             "GROUP BY outcome"))
    for outcome in ("no_answer", "busy", "wrong_number", "call_back", "refused", "reached"):
        assert outcomes.get(outcome, 0) >= 1, outcomes
    assert shop.sql("SELECT DISTINCT by_operator FROM app.callback_attempt") == [("sunli",)]


def test_surveys_mostly_good_the_low_ones_opened_complaints(
        loaded: tuple[Shop, dict[str, int]]) -> None:
    shop, _first = loaded
    good, low, recorders = shop.sql("""
        SELECT count(*) FILTER (WHERE lowest_score >= 3),
               count(*) FILTER (WHERE lowest_score <= 2),
               array_agg(DISTINCT recorded_by) FROM app.survey""")[0]
    assert good > low >= 3 and recorders == ["sunli"]
    assert shop.sql("""
        SELECT count(*) FROM app.survey s
        WHERE s.lowest_score <= 2 AND NOT EXISTS (
            SELECT FROM app.complaint c WHERE c.survey_id = s.id AND c.source = 'survey')
        """) == [(0,)]
    # nobody recorded the survey of their own job
    assert shop.sql("SELECT count(*) FROM app.survey WHERE recorded_by = technician_operator"
                    ) == [(0,)]


def test_complaints_in_every_state_one_escalated(loaded: tuple[Shop, dict[str, int]]) -> None:
    shop, _first = loaded
    states = dict(shop.sql("SELECT state, count(*) FROM app.complaint GROUP BY state"))
    for state in ("open", "in_progress", "waiting_customer", "resolved", "closed"):
        assert states.get(state, 0) >= 1, states
    sources = {s for (s,) in shop.sql("SELECT DISTINCT source FROM app.complaint")}
    assert {"survey", "counter", "phone", "callback"} <= sources
    assert shop.sql("SELECT count(*) FROM app.complaint WHERE escalation_level >= 1"
                    )[0][0] >= 1
    assert shop.sql("SELECT count(*) FROM app.complaint WHERE state = 'closed' "
                    "AND customer_accepted") == [(1,)]


def test_inquiries_some_became_a_ticket_and_a_pre_order(
        loaded: tuple[Shop, dict[str, int]]) -> None:
    shop, _first = loaded
    topics, tickets, preorders, by = shop.sql("""
        SELECT count(DISTINCT topic), count(ticket_id), count(preorder_id),
               array_agg(DISTINCT answered_by) FROM app.inquiry""")[0]
    assert (topics, tickets, preorders, by) == (4, 1, 1, ["zhangmin"])


def test_a_dealer_list_was_imported(loaded: tuple[Shop, dict[str, int]]) -> None:
    shop, _first = loaded
    batches = shop.sql("SELECT dealer, kind, rows, tasks, by_operator "
                       "FROM app.callback_import_batch")
    assert batches == [("苏宁文三路店", "installation", 6, 6, "sunli")]
    assert shop.sql("SELECT count(DISTINCT dealer) FROM app.callback_task "
                    "WHERE source = 'dealer'") == [(2,)]
