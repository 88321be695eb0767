"""Server-side lists against a real PostgreSQL: paging, sorting, filtering, permissions."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg2
import pytest
from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Integer,
    Numeric,
    Text,
    column,
    event,
    func,
    select,
    table,
    text,
)
from sqlalchemy.exc import DBAPIError

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database, dsn_engine
from aftersales_desktop.core.errors import BugError, PermissionDenied, UserError, ValidationError
from aftersales_desktop.data import lists
from aftersales_desktop.data.listing import (
    ListColumn,
    ListQuery,
    ListSource,
    SortKey,
    fetch_page,
    iter_rows,
)
from aftersales_desktop.data.summary import (
    MAX_GROUPS,
    Summary,
    SummaryRow,
    fetch_summary,
    summary_columns,
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


# -- summary: grouped counts and totals -------------------------------------------------------

JOB_STATUS = {"open": "Open", "waiting": "Waiting", "done": "Done"}
JOB_WARRANTY = {"in": "In warranty", "out": "Out of warranty", "claim": "Claim"}
JOB_TABLE = table("job", column("id", Integer), column("status", Text),
                  column("warranty", Text), column("urgent", Boolean),
                  column("fee", Numeric(12, 2)), column("qty", Numeric(12, 2)),
                  column("price", Numeric(12, 2)),
                  column("note", Text), schema="public")
JOBS = ListSource(
    name="test_jobs", title="Jobs",
    columns=(
        ListColumn("id", "Id", JOB_TABLE.c.id, ColumnKind.INT),
        # choices listed in an order that is not alphabetical, to see the summary keep it
        ListColumn("status", "Status", JOB_TABLE.c.status, choices=JOB_STATUS),
        ListColumn("warranty", "Warranty", JOB_TABLE.c.warranty, choices=JOB_WARRANTY),
        ListColumn("urgent", "Urgent", JOB_TABLE.c.urgent, ColumnKind.BOOL),
        ListColumn("fee", "Fee", JOB_TABLE.c.fee, ColumnKind.MONEY),
        ListColumn("qty", "Qty", JOB_TABLE.c.qty, ColumnKind.QUANTITY),
        ListColumn("price", "Price", JOB_TABLE.c.price, ColumnKind.MONEY, sensitive=True),
        ListColumn("note", "Note", JOB_TABLE.c.note),
    ),
    from_clause=JOB_TABLE, key=JOB_TABLE.c.id, default_sort=(SortKey("id"),),
    where=JOB_TABLE.c.id <= 230,  # a fixed condition the summary must keep too
)
JOB_ROWS = 240


@dataclass(frozen=True)
class Job:
    id: int
    status: str | None
    warranty: str | None
    urgent: bool | None
    fee: Decimal | None
    qty: Decimal
    price: Decimal
    note: str

    def value(self, key: str) -> Any:
        return getattr(self, key)


def _job(i: int) -> Job:
    return Job(
        id=i,
        status=None if i % 17 == 0 else ["done", "open", "waiting"][i % 3],
        warranty=None if i % 11 == 0 else ["out", "in", "claim", "in"][i % 4],
        urgent=None if i % 13 == 0 else i % 5 == 0,
        fee=None if i % 7 == 0 else Decimal(i * 37 % 500) + Decimal("0.35"),
        qty=Decimal(i % 4) + Decimal("0.5"),
        price=Decimal(i) * Decimal("2.10"),
        note=["压缩机 更换", "清洗", "主板 维修", "压缩机 检查"][i % 4],
    )


@pytest.fixture(scope="module")
def jobs(cluster: TestCluster, shop: Shop) -> list[Job]:
    made = [_job(i) for i in range(1, JOB_ROWS + 1)]
    conn = psycopg2.connect(cluster.dsn(shop.db))
    try:
        with conn, conn.cursor() as cur:
            cur.execute("""CREATE TABLE public.job (id integer PRIMARY KEY, status text,
                           warranty text, urgent boolean, fee numeric(12,2), qty numeric(12,2),
                           price numeric(12,2), note text)""")
            cur.executemany("INSERT INTO public.job VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                            [(j.id, j.status, j.warranty, j.urgent, j.fee, j.qty, j.price,
                              j.note) for j in made])
    finally:
        conn.close()
    return [j for j in made if j.id <= 230]  # what the list's fixed condition leaves


def expected_summary(rows: list[Job], group_by: tuple[str, ...], totals: tuple[str, ...]
                     ) -> dict[tuple[Any, ...], tuple[int, tuple[Decimal, ...]]]:
    """Every group at every level (the finest, each first-column subtotal, all rows):
    values -> (count, sums), computed in Python."""
    found: dict[tuple[Any, ...], tuple[int, tuple[Decimal, ...]]] = {}
    for depth in range(len(group_by) + 1):
        for row in rows:
            values = tuple(row.value(k) for k in group_by[:depth])
            count, sums = found.get(values, (0, tuple(Decimal(0) for _ in totals)))
            found[values] = (count + 1, tuple(
                s + (row.value(k) or Decimal(0)) for s, k in zip(sums, totals, strict=True)))
    return found


def as_found(summary: Summary) -> dict[tuple[Any, ...], tuple[int, tuple[Decimal, ...]]]:
    found = {row.values: (row.count, row.totals) for row in summary.rows}
    assert len(found) == len(summary.rows)  # no group twice
    return found


def test_a_one_level_summary_counts_and_totals_each_group(conn: Connection,
                                                          jobs: list[Job]) -> None:
    summary = fetch_summary(conn, JOBS, ListQuery(), ["status"])
    assert summary.totals == ("fee", "qty", "price")  # amounts and quantities, by default
    assert as_found(summary) == expected_summary(jobs, ("status",), summary.totals)
    # the codes in the order the column lists them, no value last, the grand total after
    assert [r.values for r in summary.rows] == [("open",), ("waiting",), ("done",), (None,), ()]
    assert summary.grand_total.count == len(jobs) == 230
    assert summary.groups == summary.rows[:-1]


def test_a_two_level_summary_with_both_filters_has_subtotals(conn: Connection,
                                                              jobs: list[Job]) -> None:
    query = ListQuery(full_text="压缩机", column_filters={"fee": ">100"},
                      sort=(SortKey("fee", descending=True),), offset=40, limit=5)
    summary = fetch_summary(conn, JOBS, query, ["status", "warranty"], ["fee", "qty"])
    matching = [j for j in jobs if "压缩机" in j.note and j.fee is not None and j.fee > 100]
    assert 40 < len(matching) < 100  # the filters did narrow it, order and slice did not
    assert as_found(summary) == expected_summary(matching, ("status", "warranty"),
                                                 ("fee", "qty"))
    assert summary.grand_total.count == len(matching)
    levels = [r.level for r in summary.rows]
    assert levels[-1] == 0 and levels.count(0) == 1
    # each first-column group's groups, then its subtotal, in the choices' order
    firsts = [r.values[0] for r in summary.rows if r.level == 1]
    assert firsts == [s for s in ["open", "waiting", "done", None]
                      if any(j.status == s for j in matching)]
    for index, row in enumerate(summary.rows[:-1]):
        if row.level == 1:
            inside = [r for r in summary.rows[:index] if r.level == 2
                      and r.values[0] == row.values[0]]
            assert sum(r.count for r in inside) == row.count
            assert summary.rows[index - len(inside):index] == tuple(inside)
    warranty_order = [r.values[1] for r in summary.rows
                      if r.level == 2 and r.values[0] == "open"]
    assert warranty_order == sorted(warranty_order, key=lambda w: (
        w is None, list(JOB_WARRANTY).index(w) if w else 0))


def test_groups_without_a_value_are_their_own_group(conn: Connection, jobs: list[Job]) -> None:
    summary = fetch_summary(conn, JOBS, ListQuery(column_filters={"warranty": "claim"}),
                            ["status", "urgent"], ["fee"])
    found = as_found(summary)
    claims = [j for j in jobs if j.warranty == "claim"]
    assert found == expected_summary(claims, ("status", "urgent"), ("fee",))
    assert any(values[:1] == (None,) for values in found)  # status NULL
    assert any(len(values) == 2 and values[1] is None for values in found)  # urgent NULL
    # yes before no, no value last
    open_urgent = [r.values[1] for r in summary.rows if r.level == 2 and r.values[0] == "open"]
    assert open_urgent == [v for v in (True, False, None)
                           if any(j.status == "open" and j.urgent is v for j in claims)]


def test_a_summary_of_nothing_is_a_zero_grand_total(conn: Connection) -> None:
    summary = fetch_summary(conn, JOBS, ListQuery(full_text="no-such-note"), ["status"])
    assert summary.rows == (SummaryRow((), 0, (Decimal(0),) * 3),)


def test_a_summary_is_one_round_trip(conn: Connection) -> None:
    sent: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(conn, "before_cursor_execute", seen)
    try:
        fetch_summary(conn, JOBS, ListQuery(full_text="清洗", column_filters={"urgent": "否"}),
                      ["status", "warranty"])
    finally:
        event.remove(conn, "before_cursor_execute", seen)
    assert len(sent) == 1
    assert "GROUP BY" in sent[0].upper()


@pytest.mark.parametrize("group_by", [["fee"], ["note"], [], ["status", "warranty", "urgent"],
                                      ["status", "status"], ["colour"]])
def test_a_summary_groups_by_one_or_two_coded_columns_only(conn: Connection,
                                                           group_by: list[str]) -> None:
    with pytest.raises(BugError):
        fetch_summary(conn, JOBS, ListQuery(), group_by)


def test_only_amounts_and_quantities_are_totalled(conn: Connection) -> None:
    with pytest.raises(BugError):
        fetch_summary(conn, JOBS, ListQuery(), ["status"], ["id"])


def test_which_columns_a_list_groups_by_and_totals() -> None:
    assert [c.key for c in JOBS.groupable_columns()] == ["status", "warranty", "urgent"]
    assert [c.key for c in JOBS.total_columns()] == ["fee", "qty", "price"]
    declared = ListSource(name="declared", title="Declared", columns=(
        ListColumn("status", "Status", JOB_TABLE.c.status, choices=JOB_STATUS,
                   groupable=False),
        ListColumn("note", "Note", JOB_TABLE.c.note, groupable=True),
    ), from_clause=JOB_TABLE, key=JOB_TABLE.c.id)
    assert [c.key for c in declared.groupable_columns()] == ["note"]
    none = dataclasses.replace(JOBS, summary=False)
    assert none.groupable_columns() == ()
    with pytest.raises(BugError):
        summary_columns(none, ["status"], None)


def test_a_summary_checks_the_filters_as_the_list_does(conn: Connection) -> None:
    with pytest.raises(ValidationError) as caught:
        fetch_summary(conn, JOBS, ListQuery(column_filters={"fee": "cheap"}), ["status"])
    assert caught.value.field == "fee"


def test_too_many_groups_are_refused_in_words(conn: Connection) -> None:
    many = ListSource(name="many", title="Many", columns=(
        ListColumn("n", "N", GADGET_TABLE.c.id, ColumnKind.INT, groupable=True),
    ), from_clause=GADGET_TABLE, key=GADGET_TABLE.c.id)
    assert fetch_summary(conn, many, ListQuery(), ["n"]).grand_total.count == 60
    series = select(func.generate_series(1, MAX_GROUPS + 5).label("n")).subquery("g")
    wide = ListSource(name="wide", title="Wide", columns=(
        ListColumn("n", "N", series.c.n, ColumnKind.INT, groupable=True),),
        from_clause=series, key=series.c.n)
    with pytest.raises(UserError) as caught:
        fetch_summary(conn, wide, ListQuery(), ["n"])
    assert "groups" in caught.value.text()


# -- summary: amounts the operator may not see ------------------------------------------------

ITEM_TABLE = table("item", column("id", Integer), column("code", Text), column("kind", Text),
                   column("active", Boolean), column("sale_price", Numeric(12, 2)),
                   schema="app")
ITEM_COST_TABLE = table("item_cost", column("item_id", Integer),
                        column("cost_price", Numeric(12, 2)), schema="app")
ITEM_KINDS = {"product": "Product", "part": "Part"}


def item_source(*, with_costs: bool) -> ListSource:
    """Shaped as the catalogue is: the cost column, and its join, only for costs.view."""
    item, cost = ITEM_TABLE.alias("i"), ITEM_COST_TABLE.alias("k")
    columns = [
        ListColumn("code", "Code", item.c.code),
        ListColumn("kind", "Kind", item.c.kind, choices=ITEM_KINDS),
        ListColumn("sale_price", "Sale price", item.c.sale_price, ColumnKind.MONEY,
                   sensitive=True),
        ListColumn("active", "Active", item.c.active, ColumnKind.BOOL),
    ]
    from_clause: Any = item
    if with_costs:
        from_clause = item.outerjoin(cost, cost.c.item_id == item.c.id)
        columns.insert(3, ListColumn("cost_price", "Cost price", cost.c.cost_price,
                                     ColumnKind.MONEY, sensitive=True))
    return ListSource(name="test_items", title="Items", columns=tuple(columns),
                      from_clause=from_clause, key=item.c.id)


@pytest.fixture(scope="module")
def items(cluster: TestCluster, shop: Shop) -> list[tuple[str, str, bool, Decimal, Decimal | None]]:
    made = [(f"SUM-{i:03d}", "product" if i % 3 == 0 else "part", i % 4 != 0,
             Decimal(i) * Decimal("3.30"), None if i % 5 == 0 else Decimal(i) * Decimal("1.10"))
            for i in range(1, 41)]
    conn = psycopg2.connect(cluster.dsn(shop.db))
    try:
        with conn, conn.cursor() as cur:
            for code, kind, active, price, cost in made:
                cur.execute("INSERT INTO app.item (code, name, kind, active, sale_price) "
                            "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                            (code, f"配件 {code}", kind, active, price))
                (item_id,) = cur.fetchone()
                if cost is not None:
                    cur.execute("INSERT INTO app.item_cost VALUES (%s, %s)", (item_id, cost))
    finally:
        conn.close()
    return made


SUMMARY_ITEMS = ListQuery(column_filters={"code": "SUM-"})


def test_costs_are_totalled_only_for_an_operator_who_may_see_them(
        cluster: TestCluster, shop: Shop, items: list[Any]) -> None:
    def expected(kind: str | None, index: int) -> Decimal:
        return sum((row[index] or Decimal(0) for row in items
                    if kind is None or row[1] == kind), Decimal(0))

    counter = cluster.create_operator(shop.db, capabilities=["intake.create"])
    database, session = open_session(cluster.profile(shop.db), counter, TEST_PASSWORD)
    try:
        assert not session.can("costs.view")
        with database.read() as connection:
            plain = fetch_summary(connection, item_source(with_costs=False), SUMMARY_ITEMS,
                                  ["kind"])
            # the list this operator gets has no cost column, so no cost total either;
            # asking for one anyway is refused by the database, not answered
            with pytest.raises(PermissionDenied):
                fetch_summary(connection, item_source(with_costs=True), SUMMARY_ITEMS,
                              ["kind"])
            with pytest.raises(PermissionDenied):
                fetch_summary(connection, item_source(with_costs=True), SUMMARY_ITEMS,
                              ["kind"], ["sale_price"])  # the join alone reads item_cost
    finally:
        close_session(database)
    assert plain.totals == ("sale_price",)
    assert [(r.values, r.count, r.totals) for r in plain.rows] == [
        (("product",), 13, (expected("product", 3),)),
        (("part",), 27, (expected("part", 3),)),
        ((), 40, (expected(None, 3),))]

    buyer = cluster.create_operator(shop.db, capabilities=["costs.view"])
    database, session = open_session(cluster.profile(shop.db), buyer, TEST_PASSWORD)
    try:
        with database.read() as connection:
            costs = fetch_summary(connection, item_source(with_costs=True), SUMMARY_ITEMS,
                                  ["kind", "active"])
    finally:
        close_session(database)
    assert costs.totals == ("sale_price", "cost_price")
    assert costs.grand_total.totals == (expected(None, 3), expected(None, 4))
    by_kind = {r.values: r.totals for r in costs.rows if r.level == 1}
    assert by_kind == {(k,): (expected(k, 3), expected(k, 4)) for k in ("product", "part")}
    assert sum(r.count for r in costs.groups) == 40


def test_a_summary_runs_the_lists_prelude_in_its_round_trip(cluster: TestCluster,
                                                            shop: Shop) -> None:
    """The login history records the failed logins the server logged before each page;
    its summary counts them too."""
    code = cluster.create_operator(shop.db, capabilities=["log.view"])
    database, _session = open_session(cluster.profile(shop.db), code, TEST_PASSWORD)
    sent: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    try:
        with database.read() as connection:
            event.listen(connection, "before_cursor_execute", seen)
            summary = fetch_summary(connection, HISTORY, q(), ["event"])
            event.remove(connection, "before_cursor_execute", seen)
    finally:
        close_session(database)
    assert len(sent) == 1
    assert sent[0].startswith("SELECT app.record_failed_logins()")
    assert {r.values: r.count for r in summary.groups} == {
        ("login",): EVENTS // 2, ("logout",): EVENTS // 2}


def test_a_summary_the_database_refuses_is_permission_denied(cluster: TestCluster,
                                                             shop: Shop) -> None:
    code = cluster.create_operator(shop.db, capabilities=["intake.create"])
    database, _session = open_session(cluster.profile(shop.db), code, TEST_PASSWORD)
    try:
        with database.read() as connection, pytest.raises(PermissionDenied):
            fetch_summary(connection, HISTORY, ListQuery(), ["event"])
    finally:
        close_session(database)


# -- summary: the ticket list and its tally --------------------------------------------------

@dataclass
class Tickets:
    ids: list[int]
    database: Database


@pytest.fixture(scope="module")
def tickets(cluster: TestCluster, shop: Shop) -> Iterator[Tickets]:
    """24 tickets taken in by a counter operator, then moved on by the superuser (other
    states, late promises and fees: the app would need quotes, repairs and settlements)."""
    from aftersales_desktop.services.frontdesk.intake import IntakeDraft, save_intake

    code = cluster.create_operator(shop.db, template="counter")
    database, _session = open_session(cluster.profile(shop.db), code, TEST_PASSWORD)
    with database.read() as connection:
        today = connection.execute(text("SELECT app.shop_today()")).scalar_one()
        made = []
        for i in range(24):
            saved = save_intake(connection, IntakeDraft(
                customer_name=f"汇总客户{i % 5}", phone=f"1391234{i:04d}", product="空调",
                brand="格力", serial=f"SUMX{i:06d}",
                purchase_date=today - timedelta(days=100 if i % 3 else 2000),
                has_proof=i % 4 != 0, claim=i % 8 == 5,
                fault="不制冷" if i % 2 else "漏水", urgent=i % 6 == 0,
                promised_on=today + timedelta(days=3 + i % 5)), today)
            made.append(saved.id)
    ids = ",".join(map(str, made))
    cluster.execute(shop.db, f"UPDATE app.ticket SET status = CASE mod(id, 4) "
                             f"WHEN 1 THEN 'in_repair' WHEN 2 THEN 'waiting_parts' "
                             f"ELSE status END WHERE id IN ({ids})")
    cluster.execute(shop.db, f"UPDATE app.ticket SET promised_on = promised_on - 30, "
                             f"received_on = received_on - 40, "
                             f"received_at = received_at - interval '40 days' "
                             f"WHERE id IN ({ids}) AND mod(id, 3) = 0")
    cluster.execute(shop.db, f"UPDATE app.ticket SET fee_total = mod(id, 7) * 12.5 "
                             f"WHERE id IN ({ids}) AND mod(id, 2) = 1")
    yield Tickets(made, database)
    close_session(database)


TALLY_MATCHES_TICKETS = """
    SELECT (SELECT coalesce(array_agg(t ORDER BY t), '{}') FROM (
                SELECT status, warranty_class, visit, urgent, sum(tickets), sum(fee_total)
                FROM (SELECT status, warranty_class, visit, urgent, tickets, fee_total
                      FROM app.ticket_tally
                      UNION ALL
                      SELECT status, warranty_class, visit, urgent, tickets, fee_total
                      FROM app.ticket_tally_change) c
                GROUP BY 1, 2, 3, 4 HAVING sum(tickets) <> 0) t)::text
         = (SELECT coalesce(array_agg(t ORDER BY t), '{}') FROM (
                SELECT status, warranty_class, visit, urgent, count(*)::numeric,
                       sum(fee_total)
                FROM app.ticket GROUP BY 1, 2, 3, 4) t)::text"""


def tally_matches(cluster: TestCluster, shop: Shop) -> bool:
    return bool(cluster.execute(shop.db, TALLY_MATCHES_TICKETS)[0][0])


def test_the_ticket_list_summarizes_by_status_and_warranty(tickets: Tickets) -> None:
    from aftersales_desktop.data.ticket_lists import TICKETS

    with tickets.database.read() as connection:
        rows = connection.execute(text(
            "SELECT status, warranty_class, fault, fee_total, "
            "status IN ('pending', 'in_repair', 'waiting_parts', 'hard_repair', "
            "'at_factory') AND promised_on < app.shop_today() "
            "FROM app.ticket WHERE id = ANY(:ids)"), {"ids": tickets.ids}).all()
        query = ListQuery(full_text="不制冷", column_filters={"number": "WX"})
        by_status = fetch_summary(connection, TICKETS, query, ["status", "warranty_class"])
        by_overdue = fetch_summary(connection, TICKETS, query, ["overdue", "urgent"])
    cold = [r for r in rows if r[2] == "不制冷"]
    assert by_status.totals == ("fee_total",)
    expected: dict[tuple[Any, ...], list[Any]] = {}
    for status, warranty, _fault, fee, _late in cold:
        for values in ((status, warranty), (status,), ()):
            count, total = expected.get(values, (0, Decimal(0)))
            expected[values] = [count + 1, total + fee]
    assert {r.values: [r.count, r.totals[0]] for r in by_status.rows} == expected
    assert by_status.grand_total.count == len(cold) == 12
    late = {r.values[0]: r.count for r in by_overdue.rows if r.level == 1}
    assert late == {True: sum(1 for r in cold if r[4]), False: sum(1 for r in cold if not r[4])}
    assert late[True] > 0


TALLIED_SUMMARIES = [
    (["status", "warranty_class"], {}),
    (["visit", "urgent"], {}),
    (["status"], {"urgent": "否"}),
    (["warranty_class", "status"], {"status": "In repair", "visit": "carry"}),
    (["urgent"], {"warranty_class": "nothing-like-it"}),
]


@pytest.mark.parametrize(("group_by", "filters"), TALLIED_SUMMARIES)
def test_the_tally_answers_as_the_tickets_do(tickets: Tickets, group_by: list[str],
                                             filters: dict[str, str]) -> None:
    from aftersales_desktop.data.ticket_lists import TICKETS

    sent: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    with tickets.database.read() as connection:
        event.listen(connection, "before_cursor_execute", seen)
        tallied = fetch_summary(connection, TICKETS, ListQuery(column_filters=filters),
                                group_by)
        counted = fetch_summary(connection, TICKETS, ListQuery(column_filters=filters),
                                group_by, use_tally=False)
        event.remove(connection, "before_cursor_execute", seen)
    assert "app.ticket_tally" in sent[0] and "app.ticket " not in sent[0]
    assert "app.ticket_tally" not in sent[1]
    assert tallied == counted
    assert tallied.grand_total.count >= (24 if not filters else 0)


def test_summaries_the_tally_cannot_answer_read_the_tickets(tickets: Tickets) -> None:
    from aftersales_desktop.data.summary import summary_select
    from aftersales_desktop.data.ticket_lists import TICKETS

    def reads_tally(group_by: list[str], query: ListQuery) -> bool:
        return "ticket_tally" in str(summary_select(TICKETS, query, group_by))

    assert reads_tally(["status"], ListQuery(sort=(SortKey("fee_total"),), offset=5))
    assert not reads_tally(["technician"], ListQuery())  # not counted ahead
    assert not reads_tally(["status"], ListQuery(full_text="不制冷"))
    assert not reads_tally(["status"], ListQuery(column_filters={"received_at": "2026"}))
    assert reads_tally(["status"], ListQuery(column_filters={"received_at": " "}))


def test_the_tally_follows_every_change_and_folds_them(cluster: TestCluster, shop: Shop,
                                                       tickets: Tickets) -> None:
    ids = ",".join(map(str, tickets.ids))
    assert tally_matches(cluster, shop)
    # 25 rounds of two changes per ticket: past the fold at every 1000th change
    for round_ in range(25):
        cluster.execute(shop.db, f"UPDATE app.ticket SET fee_total = fee_total + {round_}, "
                                 f"urgent = NOT urgent WHERE id IN ({ids})")
        assert tally_matches(cluster, shop)
    pending = cluster.execute(shop.db, "SELECT count(*) FROM app.ticket_tally_change")[0][0]
    assert pending < 1000  # folded along the way
    # a change that touches no tallied column appends nothing
    cluster.execute(shop.db, f"UPDATE app.ticket SET notice_count = notice_count + 1 "
                             f"WHERE id IN ({ids})")
    assert cluster.execute(shop.db, "SELECT count(*) FROM app.ticket_tally_change")[0][0] \
        == pending
    # a deleted ticket leaves the tally
    gone = tickets.ids[-1]
    for referencing, column_ in cluster.execute(shop.db, """
            SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.contype = 'f' AND c.confrelid = 'app.ticket'::regclass"""):
        cluster.execute(shop.db, f"DELETE FROM {referencing} WHERE {column_} = {gone}")
    cluster.execute(shop.db, f"DELETE FROM app.ticket WHERE id = {gone}")
    tickets.ids.remove(gone)
    assert tally_matches(cluster, shop)
    # tickets written with the triggers off (a bulk load) are counted by a rebuild
    cluster.execute(shop.db, f"SET session_replication_role = replica; "
                             f"UPDATE app.ticket SET status = 'hard_repair' WHERE id IN ({ids})")
    assert not tally_matches(cluster, shop)
    assert cluster.execute(shop.db, "SELECT app.ticket_tally_rebuild()")[0][0] == \
        cluster.execute(shop.db, "SELECT count(*) FROM app.ticket")[0][0]
    assert tally_matches(cluster, shop)


def test_changes_to_the_tally_wait_for_nobody(cluster: TestCluster, shop: Shop,
                                              tickets: Tickets) -> None:
    """Two transactions moving tickets of the same counts neither block each other nor
    lose a change, even with a fold in between."""
    first, second = (psycopg2.connect(cluster.dsn(shop.db)) for _ in range(2))
    try:
        with first.cursor() as a, second.cursor() as b:
            b.execute("SET lock_timeout = '2s'")
            a.execute("UPDATE app.ticket SET status = 'ready' WHERE id = %s",
                      (tickets.ids[0],))
            b.execute("UPDATE app.ticket SET status = 'ready' WHERE id = %s",
                      (tickets.ids[1],))  # no wait: the first has not committed
            b.execute("SELECT app.ticket_tally_compact()")  # folds its own and older ones
            second.commit()
            # what others read meanwhile: the second's change, not the first's, in both
            assert tally_matches(cluster, shop)
            first.commit()
    finally:
        first.close()
        second.close()
    assert tally_matches(cluster, shop)


def test_operators_may_read_the_tally_but_not_write_it(cluster: TestCluster,
                                                        tickets: Tickets) -> None:
    with tickets.database.read() as connection:
        assert connection.execute(text("SELECT count(*) FROM app.ticket_tally")).scalar_one()
        for statement in ("DELETE FROM app.ticket_tally",
                          "INSERT INTO app.ticket_tally_change (status, warranty_class, "
                          "visit, urgent, tickets, fee_total) "
                          "VALUES ('ready', 'claim', 'carry_in', false, 1, 0)",
                          "SELECT app.ticket_tally_compact()",
                          "SELECT app.ticket_tally_rebuild()"):
            with pytest.raises(DBAPIError) as caught:
                connection.execute(text(statement))
            assert getattr(caught.value.orig, "pgcode", None) == "42501"
