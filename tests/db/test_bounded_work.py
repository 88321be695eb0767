"""Work that no input can make long (revision 0014), with the same answers as before:

- `app.text_bigrams` is linear and reads at most 3,000 characters: on realistic texts
  (the demo shop's names, serials, faults, addresses, whole search texts as long as a
  ticket can make them) it returns exactly what revision 0006's body returned, so the
  indexes and every search find the same rows; 40,000 characters no longer take seconds.
- `app.add_working_days` counts in one query: the same days as the domain rule also
  across a calendar that closes for months; 2,000,000,000 days is refused at once.
- the customer lookup searches at most 100 characters: a megabyte finds nothing, fast.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import date, timedelta

import psycopg2
import psycopg2.extensions
import pytest

from aftersales_desktop.core.sql_files import text_at
from aftersales_desktop.domain import limits
from aftersales_desktop.domain.workdays import WorkCalendar, add_working_days
from aftersales_desktop.services.demo_shop import GIVEN, SOURCES, SURNAMES
from tests.pg import TestCluster

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def cur(cluster: TestCluster) -> Iterator[psycopg2.extensions.cursor]:
    db = cluster.create_database()
    conn = psycopg2.connect(cluster.dsn(db))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SET statement_timeout = '5s'")  # a loop that never ends fails
        # revision 0006's body, as it was, next to the current one
        old = text_at("core/text_bigrams.sql", "0006")
        cursor.execute(old.replace("app.text_bigrams(", "pg_temp.text_bigrams_0006("))
        yield cursor
    conn.close()


def _corpus() -> list[str]:
    rng = random.Random(11)
    serials = [f"{rng.choice(['GR', 'MD', 'HR', 'KFR-35GW/'])}{rng.randrange(10**9):09d}"
               for _ in range(50)]
    names = [rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randrange(1, 3)))
             for _ in range(200)]
    faults = ["不制冷", "开机无反应，指示灯闪烁", "漏水 E4 报警", "噪音大/异响", "Wi-Fi 连不上",
              "遥控器失灵；面板按键无效", "😀 客户说摔过", "ÄÖÜ ß àé", "\t制冷\n慢 "]
    texts = [*serials, *names, *faults, *SOURCES, "", "a", "Ab", "  ", "WX20261201-0001"]
    # whole search texts as long as a ticket can make them
    longest = sum(limits.TEXT_MAX["ticket"][c] for c in (
        "number", "customer_name", "product", "brand", "model", "serial", "fault", "remarks",
        "address")) + 8
    for _ in range(20):
        pieces = [rng.choice(names), rng.choice(faults), rng.choice(serials), "北京路 12 号"]
        text = " ".join(pieces)
        texts.append((text * (longest // len(text) + 1))[:rng.randrange(100, longest + 1)])
    return texts


def test_character_pairs_are_those_of_revision_0006(cur: psycopg2.extensions.cursor) -> None:
    corpus = _corpus()
    cur.execute("SELECT t, app.text_bigrams(t) = pg_temp.text_bigrams_0006(t) "
                "FROM unnest(%s::text[]) t", (corpus,))
    differ = [text[:40] for text, same in cur.fetchall() if not same]
    assert not differ
    cur.execute("SELECT max(length(t)) FROM unnest(%s::text[]) t", (corpus,))
    assert cur.fetchone()[0] >= 2000  # the long ones were tried


def test_the_pairs_cover_the_longest_search_text_a_ticket_can_hold() -> None:
    # the cap must not drop a pair any stored row has: the generated search text joins
    # these columns with single spaces
    columns = ("number", "customer_name", "product", "brand", "model", "serial", "fault",
               "remarks", "address")
    longest = sum(limits.TEXT_MAX["ticket"][c] for c in columns) + len(columns) - 1
    assert longest <= 3000


def test_character_pairs_of_a_long_text_are_fast(cur: psycopg2.extensions.cursor) -> None:
    started = time.perf_counter()
    cur.execute("SELECT cardinality(app.text_bigrams(repeat('张a', 20000)))")
    assert cur.fetchone()[0] == 2
    assert time.perf_counter() - started < 0.5  # 0006: 4.5 s for these 40,000 characters


def test_working_days_across_a_long_closure_agree_with_the_domain(
        cur: psycopg2.extensions.cursor) -> None:
    start = date(2031, 1, 6)
    closed = {start + timedelta(days=d) for d in range(5, 95)}  # a quarter closed
    open_weekend = {date(2031, 5, 3), date(2031, 5, 4)}
    cur.execute("INSERT INTO app.work_calendar (day, working) SELECT d, false "
                "FROM unnest(%s::date[]) d", (sorted(closed),))
    cur.execute("INSERT INTO app.work_calendar (day, working) SELECT d, true "
                "FROM unnest(%s::date[]) d", (sorted(open_weekend),))
    calendar = WorkCalendar(holidays=frozenset(d for d in closed if d.weekday() < 5),
                            workdays=frozenset(open_weekend))
    for n in (0, 1, 3, 4, 5, 60, 150, 400):
        cur.execute("SELECT app.add_working_days(%s, %s)", (start, n))
        assert cur.fetchone()[0] == add_working_days(start, n, calendar), n


@pytest.mark.parametrize("days", [401, 2_000_000_000, -1])
def test_too_many_working_days_are_refused_at_once(cur: psycopg2.extensions.cursor,
                                                    days: int) -> None:
    started = time.perf_counter()
    with pytest.raises(psycopg2.Error) as refused:
        cur.execute("SELECT app.add_working_days(current_date, %s)", (days,))
    assert refused.value.diag.message_hint == "aftersales:field_out_of_range"
    assert time.perf_counter() - started < 0.5


def test_a_megabyte_lookup_finds_nothing_fast(cur: psycopg2.extensions.cursor) -> None:
    started = time.perf_counter()
    cur.execute("SELECT app.customer_lookup(%s, 20)", ("张a" * 500_000,))
    assert cur.fetchone()[0] == []
    assert time.perf_counter() - started < 0.5
