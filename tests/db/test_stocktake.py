"""Stocktake on real PostgreSQL, through operators' own connections: the adjustment is
counted − (book at opening + moves since), a line whose item moved during the count and
disagrees waits for a decision without blocking the others, a sheet posts once, and
every adjustment goes through the ledger (balance = sum of its moves)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import psycopg2
import pytest

from aftersales_desktop.core.errors import PermissionDenied, Refused
from aftersales_desktop.domain.stocktake import line_outcome
from aftersales_desktop.services.stock import stocktake
from aftersales_desktop.services.stock.stocktake import Count
from tests.pg import TEST_PASSWORD, TestCluster, operator_logins

pytestmark = pytest.mark.db

D = Decimal


@pytest.fixture(scope="module")
def db(cluster: TestCluster) -> str:
    return cluster.create_database()


@pytest.fixture(scope="module")
def login(cluster: TestCluster, db: str) -> Iterator[Callable[[list[str] | None], Any]]:
    yield from operator_logins(cluster, db)


@pytest.fixture(scope="module")
def clerk(login: Callable[[list[str] | None], Any]) -> Any:
    return login(["stocktake", "stock.post", "costs.view"])


class Shop:
    """Warehouses and items made by the superuser; stock moved by a clerk's postings."""

    def __init__(self, cluster: TestCluster, db: str, clerk: Any) -> None:
        self.cluster, self.db, self.clerk = cluster, db, clerk

    def run(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.cluster.execute(self.db, statement, params)

    def warehouse(self) -> int:
        code = uuid.uuid4().hex[:8]
        return int(self.run("INSERT INTO app.warehouse (code, name, type) "
                            "VALUES (%s, %s, 'parts') RETURNING id", code, "配件库" + code)[0][0])

    def category(self, name: str, parent: int | None = None) -> int:
        return int(self.run("INSERT INTO app.item_category (name, parent_id) VALUES (%s, %s) "
                            "RETURNING id", name + uuid.uuid4().hex[:6], parent)[0][0])

    def item(self, category: int | None = None, cost: str = "5") -> int:
        code = "P-" + uuid.uuid4().hex[:8]
        item = int(self.run("INSERT INTO app.item (code, name, category_id, sale_price) "
                            "VALUES (%s, %s, %s, 10) RETURNING id", code, "电容" + code,
                            category)[0][0])
        self.run("INSERT INTO app.item_cost (item_id, cost_price) VALUES (%s, %s)", item, cost)
        return item

    def post(self, kind: str, warehouse: int, lines: list[tuple[int, str, str | None]],
             **header: Any) -> dict[str, Any]:
        payload = {"operation_id": str(uuid.uuid4()), "kind": kind, "warehouse_id": warehouse,
                   "reason": header.pop("reason", "盘点测试"), **header,
                   "lines": [{"item_id": i, "quantity": q, "unit_cost": c}
                             for i, q, c in lines]}
        with self.clerk.read() as conn:
            return dict(conn.exec_driver_sql("SELECT app.stock_document_post(%s::jsonb)",
                                             (json.dumps(payload),)).scalar())

    def receive(self, warehouse: int, item: int, quantity: str, cost: str = "5.00") -> None:
        self.post("other_receipt", warehouse, [(item, quantity, cost)])

    def issue(self, warehouse: int, item: int, quantity: str) -> None:
        self.post("other_issue", warehouse, [(item, quantity, None)])

    def balance(self, warehouse: int, item: int) -> Decimal:
        rows = self.run("SELECT quantity FROM app.stock_balance WHERE item_id = %s "
                        "AND warehouse_id = %s", item, warehouse)
        return rows[0][0] if rows else D(0)

    def ledger_agrees(self, warehouse: int, item: int) -> None:
        rows = self.run("SELECT quantity, qty_before, qty_after FROM app.stock_move "
                        "WHERE item_id = %s AND warehouse_id = %s ORDER BY id", item, warehouse)
        after = D(0)
        for quantity, before, qty_after in rows:
            assert before == after and qty_after == before + quantity
            after = qty_after
        assert self.balance(warehouse, item) == after


@pytest.fixture(scope="module")
def shop(cluster: TestCluster, db: str, clerk: Any) -> Shop:
    return Shop(cluster, db, clerk)


def _open(clerk: Any, warehouse: int, **options: Any) -> stocktake.Stocktake:
    with clerk.read() as conn:
        return stocktake.open_stocktake(conn, warehouse_id=warehouse, **options)


def _count(clerk: Any, sheet: stocktake.Stocktake, counts: dict[int, str]) -> None:
    with clerk.read() as conn:
        stocktake.count(conn, sheet.id, [Count(i, D(q)) for i, q in counts.items()])


def _post(clerk: Any, sheet: stocktake.Stocktake, operation: str | None = None
          ) -> stocktake.Stocktake:
    with clerk.read() as conn:
        return stocktake.post_stocktake(conn, sheet.id, operation)


def test_book_10_two_issued_during_the_count_counted_8_adjusts_nothing(
        shop: Shop, clerk: Any) -> None:
    warehouse, item = shop.warehouse(), shop.item()
    shop.receive(warehouse, item, "10")
    sheet = _open(clerk, warehouse)
    assert [(line.item_id, line.book_qty) for line in sheet.lines] == [(item, D(10))]
    shop.issue(warehouse, item, "2")  # a requisition while the clerk counts
    _count(clerk, sheet, {item: "8"})
    posted = _post(clerk, sheet)
    line = posted.line_of_item(item)
    assert line is not None
    assert (line.moved_qty, line.moved_during, line.adjustment, line.status) == (
        D(-2), True, D(0), "agreed")
    assert posted.state == "posted" and posted.documents == ()  # nothing to move
    assert shop.balance(warehouse, item) == D(8)
    shop.ledger_agrees(warehouse, item)
    # the same rule in Python
    assert line_outcome(D(10), D(8), [D(-2)]).adjustment == 0


def test_a_flagged_line_does_not_block_the_others_and_its_decision_posts_later(
        shop: Shop, clerk: Any) -> None:
    warehouse = shop.warehouse()
    short, surplus, moved, kept, uncounted = (shop.item() for _ in range(5))
    for item in (short, surplus, moved, kept, uncounted):
        shop.receive(warehouse, item, "5", "4.00")
    sheet = _open(clerk, warehouse, remarks="年底盘点")
    assert sheet.number.startswith("PD") and len(sheet.lines) == 5
    shop.receive(warehouse, moved, "3", "4.00")  # arrives while counting
    shop.issue(warehouse, kept, "1")
    _count(clerk, sheet, {short: "3", surplus: "7", moved: "5", kept: "5"})
    posted = _post(clerk, sheet)

    by_item = {line.item_id: line for line in posted.lines}
    assert by_item[short].status == by_item[surplus].status == "adjusted"
    assert (by_item[short].adjustment, by_item[surplus].adjustment) == (D(-2), D(2))
    assert by_item[moved].status == by_item[kept].status == "awaiting"
    assert (by_item[moved].adjustment, by_item[kept].adjustment) == (D(-3), D(1))
    assert by_item[uncounted].status == "uncounted"
    assert len(posted.documents) == 1 and posted.documents[0][1].startswith("PY")
    assert shop.balance(warehouse, short) == D(3) and shop.balance(warehouse, surplus) == D(7)
    assert shop.balance(warehouse, moved) == D(8) and shop.balance(warehouse, kept) == D(4)
    assert shop.balance(warehouse, uncounted) == D(5)
    # a surplus comes in at the average cost: the value stays 4.00 a unit
    assert shop.run("SELECT unit_cost, value FROM app.stock_balance WHERE item_id = %s "
                    "AND warehouse_id = %s", surplus, warehouse)[0] == (D("4.0000"), D("28.00"))
    document = shop.run("SELECT kind, state, reason FROM app.stock_document WHERE id = %s",
                        posted.documents[0][0])[0]
    assert document == ("stocktake_adjustment", "posted", sheet.number)

    # more moves before the decision: "adjust" makes the book the count as it is then
    shop.issue(warehouse, moved, "1")
    with clerk.read() as conn:
        decided = stocktake.decide(conn, sheet.id, {by_item[moved].id: "adjust",
                                                    by_item[kept].id: "keep"})
    after = {line.item_id: line for line in decided.lines}
    assert (after[moved].status, after[moved].adjustment) == ("adjusted", D(-2))
    assert (after[kept].status, after[kept].adjustment) == ("kept", D(0))
    assert decided.awaiting == () and len(decided.documents) == 2
    assert shop.balance(warehouse, moved) == D(5) and shop.balance(warehouse, kept) == D(4)
    for item in (short, surplus, moved, kept, uncounted):
        shop.ledger_agrees(warehouse, item)

    with clerk.read() as conn:  # the same decision again changes nothing
        again = stocktake.decide(conn, sheet.id, {by_item[moved].id: "adjust"})
        assert len(again.documents) == 2
        with pytest.raises(Refused) as changed_mind:
            stocktake.decide(conn, sheet.id, {by_item[kept].id: "adjust"})
        assert changed_mind.value.code == "stocktake_line_decided"
        with pytest.raises(Refused) as not_flagged:
            stocktake.decide(conn, sheet.id, {by_item[short].id: "keep"})
        assert not_flagged.value.code == "stocktake_line_not_flagged"


def test_a_sheet_posts_once(shop: Shop, clerk: Any) -> None:
    warehouse, item = shop.warehouse(), shop.item()
    shop.receive(warehouse, item, "4")
    sheet = _open(clerk, warehouse)
    _count(clerk, sheet, {item: "1"})
    operation = str(uuid.uuid4())
    first = _post(clerk, sheet, operation)
    assert shop.balance(warehouse, item) == D(1)
    resent = _post(clerk, sheet, operation)  # the answer was lost: the same call again
    assert resent.documents == first.documents
    with pytest.raises(Refused) as twice:
        _post(clerk, sheet)
    assert twice.value.code == "stocktake_posted"
    with clerk.read() as conn, pytest.raises(Refused) as late:
        stocktake.count(conn, sheet.id, [Count(item, D(9))])
    assert late.value.code == "stocktake_not_open"
    with clerk.read() as conn, pytest.raises(Refused) as cancel:
        stocktake.cancel_stocktake(conn, sheet.id)
    assert cancel.value.code == "stocktake_posted"
    assert shop.balance(warehouse, item) == D(1)
    assert shop.run("SELECT count(*) FROM app.stock_move WHERE item_id = %s", item)[0][0] == 2


def test_two_clerks_posting_the_same_sheet_at_once_post_it_once(
        shop: Shop, clerk: Any, login: Callable[[list[str] | None], Any]) -> None:
    warehouse, item = shop.warehouse(), shop.item()
    shop.receive(warehouse, item, "6")
    sheet = _open(clerk, warehouse)
    _count(clerk, sheet, {item: "2"})
    other = login(["stocktake"])
    outcomes: list[str] = []

    def post(database: Any) -> None:
        try:
            _post(database, sheet)
            outcomes.append("posted")
        except Refused as refused:
            outcomes.append(refused.code)

    threads = [threading.Thread(target=post, args=(d,)) for d in (clerk, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["posted", "stocktake_posted"]
    assert shop.balance(warehouse, item) == D(2)


def test_opening_by_category_counts_and_added_lines(shop: Shop, clerk: Any) -> None:
    warehouse = shop.warehouse()
    parts = shop.category("配件")
    compressors = shop.category("压缩机", parts)
    other = shop.category("整机")
    inside, nested, outside = shop.item(parts), shop.item(compressors), shop.item(other)
    for item in (inside, nested, outside):
        shop.receive(warehouse, item, "2")
    sheet = _open(clerk, warehouse, category_id=parts)
    assert {line.item_id for line in sheet.lines} == {inside, nested}
    with pytest.raises(Refused) as second:
        _open(clerk, warehouse)
    assert second.value.code == "stocktake_open_exists"

    never_stocked = shop.item(parts)
    with clerk.read() as conn:  # scanning: +1 each time, an unknown item adds a line
        for item in (inside, inside, outside, never_stocked):
            stocktake.count(conn, sheet.id, [Count(item, D(1), add=True)])
        loaded = stocktake.load_stocktake(conn, sheet.id)
    by_item = {line.item_id: line for line in loaded.lines}
    assert by_item[inside].counted_qty == D(2) and not by_item[inside].added
    assert (by_item[outside].added, by_item[outside].book_qty) == (True, D(2))
    assert (by_item[never_stocked].added, by_item[never_stocked].book_qty) == (True, D(0))
    assert by_item[nested].counted_qty is None
    posted = _post(clerk, loaded)
    assert shop.balance(warehouse, outside) == D(1)
    assert shop.balance(warehouse, never_stocked) == D(1)
    # a found item that never had a balance comes in at its cost price
    assert shop.run("SELECT unit_cost FROM app.stock_balance WHERE item_id = %s",
                    never_stocked)[0][0] == D("5.0000")
    assert {line.status for line in posted.lines} == {"adjusted", "agreed", "uncounted"}


def test_cancelling_an_open_sheet_moves_nothing(shop: Shop, clerk: Any) -> None:
    warehouse, item = shop.warehouse(), shop.item()
    shop.receive(warehouse, item, "3")
    sheet = _open(clerk, warehouse)
    _count(clerk, sheet, {item: "0"})
    with clerk.read() as conn:
        cancelled = stocktake.cancel_stocktake(conn, sheet.id, "数错了")
        assert cancelled.state == "cancelled"
        with pytest.raises(Refused) as post:
            stocktake.post_stocktake(conn, sheet.id)
        assert post.value.code == "stocktake_not_open"
    assert shop.balance(warehouse, item) == D(3)
    _open(clerk, warehouse)  # the warehouse can be counted again


def test_counting_needs_the_capability(shop: Shop, clerk: Any,
                                       login: Callable[[list[str] | None], Any]) -> None:
    warehouse = shop.warehouse()
    outsider = login(["stock.post"])
    with outsider.read() as conn, pytest.raises(PermissionDenied):
        stocktake.open_stocktake(conn, warehouse_id=warehouse)
    sheet = _open(clerk, warehouse)
    with outsider.read() as conn, pytest.raises(PermissionDenied):
        stocktake.post_stocktake(conn, sheet.id)


def test_bad_counts_are_refused_naming_their_line(shop: Shop, clerk: Any) -> None:
    warehouse, item = shop.warehouse(), shop.item()
    shop.receive(warehouse, item, "3")
    sheet = _open(clerk, warehouse)
    with clerk.read() as conn:
        for counted, code in ((D(-1), "field_negative"), (D("1e12"), "field_amount_too_large")):
            with pytest.raises(Refused) as bad:
                stocktake.count(conn, sheet.id, [Count(item, counted, n=7)])
            assert bad.value.code == code
        with pytest.raises(Refused) as missing:
            stocktake.count(conn, sheet.id, [Count(item + 10**9, D(1), n=4)])
        assert missing.value.code == "reference_missing"
        assert getattr(missing.value, "line", None) == 4


def test_operators_cannot_write_sheets_directly(cluster: TestCluster, db: str,
                                                shop: Shop, clerk: Any) -> None:
    warehouse, item = shop.warehouse(), shop.item()
    sheet = _open(clerk, warehouse)
    code = cluster.create_operator(db, template="warehouse")
    conn = psycopg2.connect(**dict(cluster.base, dbname=db, user=code, password=TEST_PASSWORD))
    try:
        for statement in (
                f"UPDATE app.stocktake SET state = 'cancelled' WHERE id = {sheet.id}",
                f"INSERT INTO app.stocktake_line (stocktake_id, line_no, item_id, book_qty) "
                f"VALUES ({sheet.id}, 99, {item}, 0)",
                f"SELECT app.stocktake_adjust({sheet.id}, '{{}}')"):
            with conn.cursor() as cur, pytest.raises(psycopg2.Error) as denied:
                cur.execute(statement)
            assert denied.value.pgcode == "42501"
            conn.rollback()
        with conn.cursor() as cur:  # the warehouse template counts
            cur.execute("SELECT pg_has_role(session_user, 'as_cap_stocktake', 'MEMBER')")
            assert cur.fetchone()[0] is True
    finally:
        conn.close()


HOSTILE: list[tuple[str, Any]] = [
    ("null", None), ("NaN", "NaN"), ("Infinity", "Infinity"), ("huge", "1" + "0" * 400),
    ("1e15", 1e15), ("-1", -1), ("letters", "abc"), ("1 MB", "张a" * 500_000),
    ("object", {"a": 1}), ("array", [1]), ("past bigint", "9223372036854775808"),
]


def test_hostile_input_is_refused_quickly(cluster: TestCluster, db: str, shop: Shop,
                                          clerk: Any) -> None:
    """psql with the clerk's password: every value of every function is replaced by
    NULL, NaN, huge numbers and texts; each call ends in a refusal from the catalogue
    (or a harmless success) and answers within 50 ms (beyond the time its argument
    takes to arrive: a megabyte of text is a megabyte on the wire)."""
    from tests.db.test_hostile_input import refusal_problem

    warehouse, item = shop.warehouse(), shop.item()
    shop.receive(warehouse, item, "3")
    sheet = _open(clerk, warehouse)
    posted_wh = shop.warehouse()
    shop.receive(posted_wh, item, "3")
    posted = _open(clerk, posted_wh)
    _count(clerk, posted, {item: "1"})
    shop.issue(posted_wh, item, "1")
    posted = _post(clerk, posted)
    flagged = posted.awaiting[0].id
    bases: dict[str, dict[str, Any]] = {
        "stocktake_open": {"operation_id": str(uuid.uuid4()), "warehouse_id": shop.warehouse(),
                           "category_id": None, "remarks": "盘点"},
        "stocktake_count": {"id": sheet.id, "lines": [{"item_id": item, "counted": "2",
                                                        "add": False, "n": 1}]},
        "stocktake_post": {"id": sheet.id, "operation_id": str(uuid.uuid4())},
        "stocktake_cancel": {"id": sheet.id, "reason": "不盘了"},
        "stocktake_decide": {"id": posted.id,
                             "decisions": [{"line_id": flagged, "decision": "keep"}]},
    }
    code = cluster.create_operator(db, capabilities=["stocktake", "stock.post"])
    conn = psycopg2.connect(**dict(cluster.base, dbname=db, user=code, password=TEST_PASSWORD))
    problems: list[str] = []
    slowest = (0.0, "")
    calls = 0

    # the server's own time for a call, its argument already parsed (a megabyte takes
    # its time on the wire and in the parser whatever the function does with it)
    timer = psycopg2.connect(cluster.dsn(db))
    timer.autocommit = True
    timer.cursor().execute("""
        CREATE FUNCTION pg_temp.time_call(p_function text, p_argument jsonb)
        RETURNS float8 LANGUAGE plpgsql AS $t$
        DECLARE started timestamptz := clock_timestamp();
        BEGIN
            BEGIN
                EXECUTE format('SELECT app.%I($1)', p_function) USING p_argument;
            EXCEPTION WHEN OTHERS THEN NULL;
            END;
            RETURN extract(epoch FROM clock_timestamp() - started);
        END $t$""")

    def server_time(function: str, sent: Any) -> float:
        with timer.cursor() as cur:
            try:
                cur.execute("SELECT pg_temp.time_call(%s, %s::jsonb)", (function, sent))
            except psycopg2.Error:  # an argument that is no JSON at all: nothing ran
                return 0.0
            return float(cur.fetchone()[0])

    def attempt(function: str, argument: Any, what: str) -> None:
        nonlocal slowest, calls
        calls += 1
        sent = (argument if isinstance(argument, str) or argument is None
                else json.dumps(argument, ensure_ascii=False))
        cur = conn.cursor()
        started = time.perf_counter()
        try:
            cur.execute(f"SELECT app.{function}(%s::jsonb)", (sent,))
            cur.fetchall()
        except psycopg2.Error as error:
            if problem := refusal_problem(error, False):
                problems.append(f"{what}: {problem}")
        finally:
            conn.rollback()
            cur.close()
        if time.perf_counter() - started > 1.0:  # the wire included, on a loaded machine
            problems.append(f"{what}: took {time.perf_counter() - started:.2f} s")
        # the best of three on a machine other tests load too
        spent = min(server_time(function, sent) for _ in range(3))
        slowest = max(slowest, (spent, what))

    try:
        for function, base in bases.items():
            for raw in (None, "null", "[]", '"x"', "{}", "[" * 5000 + "]" * 5000):
                attempt(function, raw, f"{function}({raw!r:.20})")
            for key in base:
                for label, value in HOSTILE:
                    attempt(function, {**base, key: value}, f"{function} {key}={label}")
            lines_key = "lines" if "lines" in base else "decisions" if "decisions" in base else ""
            if lines_key:
                entry = base[lines_key][0]
                for key in entry:
                    for label, value in HOSTILE:
                        attempt(function, {**base, lines_key: [{**entry, key: value}]},
                                f"{function} {lines_key}[].{key}={label}")
                attempt(function, {**base, lines_key: [entry] * 5001}, f"{function} 5001 lines")
        cur = conn.cursor()
        for raw in ("NULL", "0", "-1", "9223372036854775807"):
            started = time.perf_counter()
            try:
                cur.execute(f"SELECT app.stocktake_get({raw})")
            except psycopg2.Error as error:
                problem = refusal_problem(error, False)
                if problem:
                    problems.append(f"stocktake_get({raw}): {problem}")
            finally:
                slowest = max(slowest, (time.perf_counter() - started, f"get {raw}"))
                conn.rollback()
    finally:
        conn.close()
        timer.close()
    print(f"{calls} hostile calls, slowest {slowest[0] * 1000:.1f} ms ({slowest[1]})")
    assert not problems, "\n".join(problems[:30])
    assert calls > 150
    assert slowest[0] < 0.05, slowest


def test_counts_from_a_workbook(shop: Shop, clerk: Any, tmp_path: Any) -> None:
    from openpyxl import Workbook

    from aftersales_desktop.services.importing import ImportHasErrors

    warehouse, first, second = shop.warehouse(), shop.item(), shop.item()
    shop.receive(warehouse, first, "4")
    barcode = "69" + uuid.uuid4().hex[:10]
    shop.run("UPDATE app.item SET barcode = %s WHERE id = %s", barcode, second)
    codes = {item: shop.run("SELECT code FROM app.item WHERE id = %s", item)[0][0]
             for item in (first, second)}
    sheet = _open(clerk, warehouse)

    def workbook(name: str, rows: list[list[Any]]) -> Any:
        book = Workbook()
        page = book.active
        assert page is not None
        page.append([c.header for c in stocktake.COUNT_COLUMNS])
        for row in rows:
            page.append(row)
        book.save(tmp_path / name)
        return tmp_path / name

    bad = stocktake.read_counts(workbook("bad.xlsx", [
        [codes[first], "", -1], [codes[first], "", 2], ["", "", 1]]))
    assert [(e.row, e.column) for e in bad.errors] == [(2, "counted"), (3, "code"), (4, "code")]
    unknown = stocktake.read_counts(workbook("unknown.xlsx", [[codes[first], "", 3],
                                                              ["NO-SUCH", "", 1]]))
    with clerk.read() as conn, pytest.raises(ImportHasErrors):
        stocktake.import_counts(conn, sheet.id, unknown)
    assert [(e.row, e.column) for e in unknown.database_errors] == [(3, "code")]

    good = stocktake.read_counts(workbook("good.xlsx", [[codes[first], "电容", 3],
                                                        [barcode, "", 0]]))
    with clerk.read() as conn:
        counted = stocktake.import_counts(conn, sheet.id, good)
        chooser = stocktake.recent_stocktakes(conn)
        categories = stocktake.category_choices(conn)
        warehouses = stocktake.warehouse_choices(conn)
    by_item = {line.item_id: line for line in counted.lines}
    assert by_item[first].counted_qty == D(3)
    assert (by_item[second].counted_qty, by_item[second].added) == (D(0), True)
    assert chooser[0].id == sheet.id or any(s.id == sheet.id for s in chooser)
    assert all(s.state == "open" for s in chooser[:1])
    assert (warehouse, shop.run("SELECT name FROM app.warehouse WHERE id = %s",
                                warehouse)[0][0]) in warehouses
    assert all(isinstance(label, str) for _id, label in categories)
