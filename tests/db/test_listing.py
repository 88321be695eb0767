"""Server-side lists against a real PostgreSQL: paging, sorting, filtering, permissions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg2
import pytest
from sqlalchemy import Boolean, Connection, Date, DateTime, Integer, Numeric, Text, column, table

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import dsn_engine
from aftersales_desktop.core.errors import BugError, PermissionDenied, ValidationError
from aftersales_desktop.data import lists
from aftersales_desktop.data.listing import (
    ListColumn,
    ListQuery,
    ListSource,
    SortKey,
    fetch_page,
    iter_rows,
)
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.services.session import close_session, open_session
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

EVENTS = 300
APPLICATION = "listing-test"
NAMES = ["张三", "李四", "王五", "Zhao 100% sure", "O'Brien_x", "赵六"]
SPECIAL_WORKSTATIONS = {
    10: "100% sure", 11: "100 percent", 20: "under_score", 21: "underXscore",
    30: "quote'd", 31: "back\\slash", 32: "bang!x", 33: "bangx",
}


@dataclass
class Event:
    id: int
    at: datetime
    operator: str
    operator_name: str | None
    event: str
    workstation: str
    client_addr: str

    def haystack(self) -> str:
        """What the operator sees in the row, as the full-field filter should search it."""
        local = shop_time.format_datetime(self.at)  # the shop's clock, whatever the PC's
        return " ".join([local, self.operator, self.operator_name or "", self.event,
                         self.workstation, APPLICATION, self.client_addr]).lower()


@dataclass
class Shop:
    db: str
    events: list[Event]
    codes: list[str]


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Shop:
    """A database of our own, so totals are exact (the shared shop_db fills up with logins)."""
    db = cluster.create_database()
    codes = [cluster.new_code("lst") for _ in NAMES]
    ghost = cluster.new_code("ghost")  # logged in once, since removed from app.operator
    base = datetime(2026, 10, 25, 8, 0).astimezone()
    events: list[Event] = []
    conn = psycopg2.connect(cluster.dsn(db))
    try:
        with conn, conn.cursor() as cur:
            for code, name in zip(codes, NAMES, strict=True):
                cur.execute("INSERT INTO app.operator (code, name) VALUES (%s, %s)", (code, name))
            for i in range(EVENTS):
                # Two events share each timestamp, so sorting by time needs the tie-breaker.
                at = base + timedelta(hours=3 * (i // 2))
                code = ghost if i % 50 == 49 else codes[i % len(codes)]
                name = None if code == ghost else NAMES[codes.index(code)]
                workstation = SPECIAL_WORKSTATIONS.get(i, f"WS-{i % 7}")
                addr = f"10.0.{i % 3}.{i % 250}"
                cur.execute(
                    "INSERT INTO audit.login_event (at, operator, event, workstation, application,"
                    " client_addr) VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                    (at, code, "login" if i % 2 == 0 else "logout", workstation, APPLICATION,
                     addr))
                (key,) = cur.fetchone()
                events.append(Event(key, at, code, name, "login" if i % 2 == 0 else "logout",
                                    workstation, addr))
            cur.execute("""
                CREATE TABLE public.gadget (
                    id integer PRIMARY KEY, name text, price numeric(12,2), bought date,
                    seen timestamptz, ok boolean, phone text)""")
            for i in range(1, 61):
                phone = f"138{i:08d}"
                if i % 5 == 0:
                    phone = f"{phone[:3]} {phone[3:7]} {phone[7:]}"
                cur.execute("INSERT INTO public.gadget VALUES (%s, %s, %s, %s, %s, %s, %s)",
                            (i, f"Gadget {i}", Decimal(i) * Decimal("1.25"),
                             date(2026, 10, 20) + timedelta(days=i), base + timedelta(days=i),
                             i % 3 == 0, phone))
    finally:
        conn.close()
    return Shop(db=db, events=events, codes=codes)


@pytest.fixture
def conn(cluster: TestCluster, shop: Shop) -> Iterator[Connection]:
    engine = dsn_engine(cluster.dsn(shop.db))
    with engine.connect() as connection:
        yield connection
    engine.dispose()


HISTORY = lists.LOGIN_HISTORY
MINE = {"application": APPLICATION}  # leaves out the logins the permission tests add


def q(**kwargs: Any) -> ListQuery:
    kwargs.setdefault("column_filters", MINE)
    kwargs.setdefault("limit", 1000)
    return ListQuery(**kwargs)


def keys(conn: Connection, source: ListSource, query: ListQuery) -> list[Any]:
    return fetch_page(conn, source, query).keys


def paged_keys(conn: Connection, source: ListSource, query: ListQuery, size: int) -> list[Any]:
    found: list[Any] = []
    offset = 0
    while True:
        page = fetch_page(conn, source, ListQuery(query.full_text, query.column_filters,
                                                  query.sort, offset, size))
        found.extend(page.keys)
        offset += size
        if offset >= page.total:
            return found


# -- paging -----------------------------------------------------------------------------------

def test_first_page_has_the_total_and_default_order(conn: Connection, shop: Shop) -> None:
    page = fetch_page(conn, HISTORY, q(limit=50))
    newest_first = sorted(shop.events, key=lambda e: (e.at, e.id), reverse=True)
    assert page.total == EVENTS
    assert page.offset == 0
    assert page.keys == [e.id for e in newest_first[:50]]
    first = page.rows[0]
    assert len(first) == len(HISTORY.columns)
    assert first[0] == newest_first[0].at
    assert first[1] == newest_first[0].operator
    assert first[6] == newest_first[0].client_addr  # host(): no "/32"


def test_pages_are_consecutive_slices_with_the_same_total(conn: Connection, shop: Shop) -> None:
    everything = keys(conn, HISTORY, q())
    assert len(everything) == EVENTS
    for offset in range(0, EVENTS + 70, 70):
        page = fetch_page(conn, HISTORY, q(offset=offset, limit=70))
        assert page.total == EVENTS
        assert page.keys == everything[offset:offset + 70]


def test_past_the_end_is_empty_but_still_counts(conn: Connection) -> None:
    page = fetch_page(conn, HISTORY, q(offset=5000, limit=10))
    assert page.rows == [] and page.keys == []
    assert page.total == EVENTS


def test_no_match_is_empty_with_total_zero(conn: Connection) -> None:
    page = fetch_page(conn, HISTORY, q(full_text="no-such-thing-anywhere"))
    assert (page.rows, page.total) == ([], 0)


@pytest.mark.parametrize("query", [ListQuery(offset=-1), ListQuery(limit=0)])
def test_a_bad_slice_is_a_bug(conn: Connection, query: ListQuery) -> None:
    with pytest.raises(BugError):
        fetch_page(conn, HISTORY, query)


# -- sorting ----------------------------------------------------------------------------------

@pytest.mark.parametrize("key", [c.key for c in HISTORY.columns])
def test_sorting_is_stable_across_pages_and_directions(conn: Connection, key: str) -> None:
    ascending = keys(conn, HISTORY, q(sort=(SortKey(key),)))
    descending = keys(conn, HISTORY, q(sort=(SortKey(key, descending=True),)))
    assert len(set(ascending)) == EVENTS
    assert descending == ascending[::-1]
    assert paged_keys(conn, HISTORY, q(sort=(SortKey(key),)), 23) == ascending
    assert paged_keys(conn, HISTORY, q(sort=(SortKey(key, descending=True),)), 23) == descending


def test_sort_by_time_breaks_ties_by_key(conn: Connection, shop: Shop) -> None:
    ascending = keys(conn, HISTORY, q(sort=(SortKey("at"),)))
    assert ascending == [e.id for e in sorted(shop.events, key=lambda e: (e.at, e.id))]


def test_sort_by_operator_code(conn: Connection, shop: Shop) -> None:
    descending = keys(conn, HISTORY, q(sort=(SortKey("operator", descending=True),)))
    expected = sorted(shop.events, key=lambda e: (e.operator, e.id), reverse=True)
    assert descending == [e.id for e in expected]


def test_unknown_sort_column_is_a_bug(conn: Connection) -> None:
    with pytest.raises(BugError):
        fetch_page(conn, HISTORY, q(sort=(SortKey("nope"),)))


# -- full-field filter ------------------------------------------------------------------------

def expected_matches(shop: Shop, text: str) -> set[int]:
    words = text.lower().split()
    return {e.id for e in shop.events if all(w in e.haystack() for w in words)}


@pytest.mark.parametrize("text", [
    "张三",                # operator name, only through the join
    "ws-3",                # workstation, case-insensitive
    "张三 WS-3",           # every word must match, in any column
    "logout 李四",
    "2026-11-01",          # the time as the operator reads it (the shop's clock)
    "10.0.2.",             # client address
    "<first code>",        # operator code (the cluster's counter decides its digits)
])
def test_full_field_filter_matches_any_column(conn: Connection, shop: Shop, text: str) -> None:
    text = text.replace("<first code>", shop.codes[0])
    expected = expected_matches(shop, text)
    assert expected, f"test data should contain {text!r}"
    page = fetch_page(conn, HISTORY, q(full_text=text))
    assert set(page.keys) == expected
    assert page.total == len(expected)


@pytest.mark.parametrize(("text", "workstations"), [
    ("100%", {"100% sure"}),
    ("under_score", {"under_score"}),
    ("quote'd", {"quote'd"}),
    ("back\\slash", {"back\\slash"}),
    ("g!x", {"bang!x"}),
])
def test_wildcards_and_quotes_are_literal(conn: Connection, shop: Shop, text: str,
                                          workstations: set[str]) -> None:
    expected = expected_matches(shop, text)
    rows = fetch_page(conn, HISTORY, q(full_text=text)).rows
    assert {r[4] for r in rows if text in r[4]} == workstations
    assert len(rows) == len(expected)


def test_percent_matches_names_with_a_percent_sign_only(conn: Connection, shop: Shop) -> None:
    rows = fetch_page(conn, HISTORY, q(full_text="100%")).rows
    assert rows
    assert all("100%" in (r[2] or "") or "100%" in r[4] for r in rows)


# -- column filters ---------------------------------------------------------------------------

def history(conn: Connection, **filters: str) -> set[Any]:
    return set(keys(conn, HISTORY, q(column_filters={**MINE, **filters})))


def test_text_column_filter(conn: Connection, shop: Shop) -> None:
    assert history(conn, workstation="ws-3") == {
        e.id for e in shop.events if "ws-3" in e.workstation.lower()}
    assert history(conn, workstation="_") == {
        e.id for e in shop.events if "_" in e.workstation}


def test_filters_on_several_columns_all_apply(conn: Connection, shop: Shop) -> None:
    found = history(conn, operator_name="李四", event="logout")
    assert found == {e.id for e in shop.events
                     if e.operator_name == "李四" and e.event == "logout"}
    assert found


@pytest.mark.parametrize("typed", ["2026-11", ">2026-11-05", "2026-10-28..2026-11-02",
                                   "<=2026-10-26", "2026-11-01"])
def test_datetime_filter_uses_the_shops_days(conn: Connection, shop: Shop, typed: str) -> None:
    def local_day(e: Event) -> date:
        return shop_time.shop_date(e.at)

    checks = {
        "2026-11": lambda d: (d.year, d.month) == (2026, 11),
        ">2026-11-05": lambda d: d > date(2026, 11, 5),
        "2026-10-28..2026-11-02": lambda d: date(2026, 10, 28) <= d <= date(2026, 11, 2),
        "<=2026-10-26": lambda d: d <= date(2026, 10, 26),
        "2026-11-01": lambda d: d == date(2026, 11, 1),
    }
    expected = {e.id for e in shop.events if checks[typed](local_day(e))}
    assert expected
    assert history(conn, at=typed) == expected


def test_injection_attempts_are_just_text(conn: Connection, cluster: TestCluster,
                                          shop: Shop) -> None:
    hostile = "'; DELETE FROM audit.login_event; --"
    assert history(conn, workstation=hostile) == set()
    assert fetch_page(conn, HISTORY, q(full_text=hostile)).total == 0
    count = cluster.execute(shop.db, "SELECT count(*) FROM audit.login_event "
                                     "WHERE application = %s", (APPLICATION,))
    assert count == [(EVENTS,)]


GADGET_TABLE = table("gadget", column("id", Integer), column("name", Text),
                     column("price", Numeric(12, 2)), column("bought", Date),
                     column("seen", DateTime(timezone=True)), column("ok", Boolean),
                     column("phone", Text), schema="public")
GADGETS = ListSource(
    name="test_gadgets", title="Gadgets",
    columns=(
        ListColumn("id", "Id", GADGET_TABLE.c.id, ColumnKind.INT),
        ListColumn("name", "Name", GADGET_TABLE.c.name),
        ListColumn("price", "Price", GADGET_TABLE.c.price, ColumnKind.MONEY, sensitive=True),
        ListColumn("bought", "Bought", GADGET_TABLE.c.bought, ColumnKind.DATE),
        ListColumn("seen", "Seen", GADGET_TABLE.c.seen, ColumnKind.DATETIME),
        ListColumn("ok", "OK", GADGET_TABLE.c.ok, ColumnKind.BOOL),
        ListColumn("phone", "Phone", GADGET_TABLE.c.phone, ColumnKind.PHONE, sensitive=True),
    ),
    from_clause=GADGET_TABLE, key=GADGET_TABLE.c.id, default_sort=(SortKey("id"),),
)


def gadgets(conn: Connection, **filters: str) -> list[int]:
    return keys(conn, GADGETS, ListQuery(column_filters=filters, limit=1000))


@pytest.mark.parametrize(("filters", "expected"), [
    ({"id": ">50"}, list(range(51, 61))),
    ({"id": "10..20"}, list(range(10, 21))),
    ({"id": "<3"}, [1, 2]),
    ({"id": "7"}, [7]),
    ({"price": "<=10"}, list(range(1, 9))),        # 8 * 1.25 = 10.00
    ({"price": "12.50"}, [10]),
    ({"price": "¥12.5"}, [10]),
    ({"price": ">74"}, [60]),                     # 60 * 1.25 = 75.00
    ({"price": "1000.."}, []),
    ({"bought": "2026-11"}, list(range(12, 42))),  # 2026-10-20 + 12 days = 11-01
    ({"bought": ">=2026-12-15"}, list(range(56, 61))),
    ({"ok": "是"}, list(range(3, 61, 3))),
    ({"ok": "no"}, [i for i in range(1, 61) if i % 3]),
    ({"phone": "0012"}, [12]),
    ({"phone": "138 0000 0050"}, [50]),           # stored grouped, typed grouped
    ({"phone": "13800000050"}, [50]),             # stored grouped, typed plain
    ({"id": "10..20", "ok": "yes"}, [12, 15, 18]),
    ({"name": "gadget 5"}, [5, *range(50, 60)]),
    ({"name": "   "}, list(range(1, 61))),
])
def test_column_filters_by_kind(conn: Connection, filters: dict[str, str],
                                expected: list[int]) -> None:
    assert gadgets(conn, **filters) == expected


def test_money_sort_and_values_are_decimal(conn: Connection) -> None:
    page = fetch_page(conn, GADGETS, ListQuery(sort=(SortKey("price", descending=True),),
                                               limit=2))
    assert page.keys == [60, 59]
    assert page.rows[0][2] == Decimal("75.00") and isinstance(page.rows[0][2], Decimal)


def test_full_field_filter_reads_money_dates_and_skips_booleans(conn: Connection) -> None:
    assert keys(conn, GADGETS, ListQuery(full_text="18.75")) == [15]
    assert keys(conn, GADGETS, ListQuery(full_text="2026-11-04")) == [10, 15]  # seen, bought
    assert keys(conn, GADGETS, ListQuery(full_text="true")) == []


def test_a_bad_column_filter_names_the_column(conn: Connection) -> None:
    with pytest.raises(ValidationError) as caught:
        gadgets(conn, price="cheap")
    assert caught.value.field == "price"


def test_an_unknown_filter_column_is_a_bug(conn: Connection) -> None:
    with pytest.raises(BugError):
        gadgets(conn, colour="red")


# -- export reading ---------------------------------------------------------------------------

def test_iter_rows_streams_every_match_in_a_transaction(conn: Connection) -> None:
    query = ListQuery(column_filters={"ok": "否"}, sort=(SortKey("price", descending=True),),
                      offset=10, limit=5)  # the slice is ignored: an export takes everything
    with conn.begin():
        rows = list(iter_rows(conn, GADGETS, query, chunk=7))
    assert [r[0] for r in rows] == [i for i in range(60, 0, -1) if i % 3]
    assert len(rows[0]) == len(GADGETS.columns)


def test_iter_rows_pages_on_an_autocommit_connection(cluster: TestCluster, shop: Shop) -> None:
    engine = dsn_engine(cluster.dsn(shop.db))
    try:
        with engine.connect() as connection:
            auto = connection.execution_options(isolation_level="AUTOCOMMIT")
            rows = list(iter_rows(auto, HISTORY, q(full_text="ws-3"), chunk=9))
            expected = fetch_page(auto, HISTORY, q(full_text="ws-3")).rows
    finally:
        engine.dispose()
    assert rows == expected
    assert len(rows) > 9


# -- as real operators ------------------------------------------------------------------------

def test_an_operator_with_log_view_reads_login_history(cluster: TestCluster,
                                                       shop: Shop) -> None:
    code = cluster.create_operator(shop.db, capabilities=["log.view"])
    database, _session = open_session(cluster.profile(shop.db), code, TEST_PASSWORD)
    try:
        with database.read() as connection:
            mine = fetch_page(connection, HISTORY, q(limit=10))
            own_login = fetch_page(connection, HISTORY, ListQuery(
                column_filters={"operator": code, "event": "login"}))
        assert mine.total == EVENTS
        assert own_login.total == 1
        assert own_login.rows[0][2] == "测试操作员"
    finally:
        close_session(database)


def test_an_operator_without_log_view_is_refused_by_the_database(cluster: TestCluster,
                                                                 shop: Shop) -> None:
    code = cluster.create_operator(shop.db, capabilities=["intake.create"])
    database, session = open_session(cluster.profile(shop.db), code, TEST_PASSWORD)
    try:
        assert not session.can("log.view")
        with database.read() as connection:
            with pytest.raises(PermissionDenied) as caught:
                fetch_page(connection, HISTORY, ListQuery())
            assert getattr(caught.value.__cause__.orig, "pgcode", None) == "42501"  # type: ignore[union-attr]
            with pytest.raises(PermissionDenied):
                list(iter_rows(connection, HISTORY, ListQuery()))
            # Every operator may read the operator list.
            operators = fetch_page(connection, lists.OPERATORS,
                                   ListQuery(column_filters={"code": "lst"}))
        assert sorted(r[0] for r in operators.rows) == sorted(shop.codes)
        assert {r[1] for r in operators.rows} == set(NAMES)
        assert all(r[2] is True for r in operators.rows)
    finally:
        close_session(database)
