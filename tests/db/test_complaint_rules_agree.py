"""The complaint rules the database enforces and the dialog copies, run on the same cases
through both (the pattern of tests/db/test_rules_agree.py): which action each state
takes (app.complaint_next_state, domain/complaints.py next_state) and the hours a
complaint has been open without its pauses (app.complaint_hours_open, hours_open)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

import psycopg2
import pytest

from aftersales_desktop.domain import complaints
from tests.pg import TestCluster
from tests.unit.test_complaint_rules import ACTION_CASES, HOURS_CASES

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def sql(cluster: TestCluster, shop_db: str) -> Iterator[Callable[..., Any]]:
    conn = psycopg2.connect(cluster.dsn(shop_db))
    conn.autocommit = True

    def run(statement: str, params: tuple[Any, ...] = ()) -> Any:
        with conn.cursor() as cur:
            cur.execute(statement, params)
            return cur.fetchone()[0]  # type: ignore[index]

    yield run
    conn.close()


@pytest.mark.parametrize(("action", "state", "_expected"), ACTION_CASES)
def test_next_states_agree(sql: Callable[..., Any], action: str, state: str,
                           _expected: str | None) -> None:
    assert (sql("SELECT app.complaint_next_state(%s, %s)", (state, action))
            == complaints.next_state(state, action))


@pytest.mark.parametrize(("opened", "now", "resolved", "paused", "since", "_expected"),
                         HOURS_CASES)
def test_hours_open_agree(sql: Callable[..., Any], opened: datetime, now: datetime,
                          resolved: datetime | None, paused: int, since: datetime | None,
                          _expected: Decimal) -> None:
    found = sql("SELECT app.complaint_hours_open(%s, %s, %s, %s, %s)",
                (opened, resolved, since, paused, now))
    assert found == complaints.hours_open(opened, now, resolved_at=resolved,
                                          paused_seconds=paused, paused_since=since)


def test_the_states_and_codes_are_the_tables(sql: Callable[..., Any]) -> None:
    """The domain's codes are the ones the table's CHECKs take."""
    def choices(column: str, table: str = "complaint") -> set[str]:
        definition = sql("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                         "WHERE conname = %s", (f"{table}_{column}_choice",))
        return {part.split("'")[1] for part in definition.split("ARRAY[")[1].split(",")}

    assert choices("state") == set(complaints.STATES)
    assert choices("severity") == set(complaints.SEVERITIES)
    assert choices("source") == set(complaints.SOURCES)
    assert choices("kind", "complaint_event") == set(complaints.EVENT_KINDS)
