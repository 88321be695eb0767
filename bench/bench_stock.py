"""Stock over two million ledger rows: posting, balances, stock card, 50 clients at once.

    python -m bench.bench_stock                        # 100,000 items, 2,000,000 rows
    python -m bench.bench_stock --items 5000 --moves 50000 --runs 5 --clients 10 \\
        --seconds 5 --no-write                         # smoke run

Against a throw-away embedded cluster with the real migrations (default settings): the
demo master data (the six warehouses, one of each type) with `--customers` customers,
`--tickets` repair tickets (`bench/ticket_data.py`) to requisition parts against, then
`--items` items and `--moves` ledger rows of stock history (`bench/stock_data.py`: what
posting would write, bulk-loaded, then proved by its invariant checks). Every action runs
as an operator of the shop's own templates through the application's calls, on a warm
connection in autocommit (`Database.read()`), through `bench/proxy.py` at each added RTT:

- posting a 1-line requisition against a ticket (technician: `requisition.create`;
  `services.stock.requisitions.save_lines` -> `app.requisition_save`), or, while the
  requisitions are not in the schema, a 1-line other issue (`--no-requisitions`, said
  in the section);
- posting a 200-line purchase receipt (warehouse clerk: `services.stock.documents.
  post_document` -> `app.stock_document_post`), 200 different parts each run;
- the first page (200 rows) of the stock balances (`data.stock_lists`, with costs for the
  clerk), unfiltered, by warehouse, by category and below minimum;
- one item's stock card, first page: the part with the most ledger rows and a typical one.

Each action: 3 warm-up runs, then `--runs` runs; p50/p95 of the time the caller waits and
the round trips the proxy counted. Targets (issue 11): 1 round trip for each posting and
each list page; local p95 (at +0 ms) under 50 ms for the requisition, 300 ms for the
receipt and 100 ms for a list page. A missed target gets its plan (auto_explain, nested
statements included) in the section.

Then `--clients` technicians (one login role and connection each, plain psycopg2 in one
thread each) requisition the ten hot parts for `--seconds` at each
added RTT, without pauses, on their own tickets: 1-3 units of a random hot part per save,
while the clerk posts a receipt of `--refill` units of every hot part each second, so that
stock runs out and comes back all along. Counted: saves per second, taken and refused
(stock_insufficient, the only refusal expected), any other error (must be none), the
deadlock/serialization retries (the service layer's rule: up to 3 attempts), and afterwards
every invariant of `bench/stock_data.py` over the whole ledger and: no negative balance, the
units taken equal the requisition rows of the ledger.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import psycopg2

from aftersales_desktop.core.db import Database, dsn_engine
from aftersales_desktop.data.listing import ListQuery, fetch_page
from aftersales_desktop.services import operators
from aftersales_desktop.services.demo_shop import load_demo_shop

from .common import (
    StatementLog,
    machine,
    markdown_table,
    p50,
    p95,
    throwaway_shop,
    write_section,
)
from .proxy import LatencyProxy
from .stock_data import StockSummary, check_stock, generate_stock
from .ticket_data import generate_tickets

SECTION = "stock"
KEEPER = "benchkeeper"
TECH = "benchtech"
PASSWORD = "Stock-pass-2024"
WARMUP = 3
TARGETS = {"requisition": 50.0, "issue": 50.0, "receipt": 300.0, "list": 100.0}
TARGET_TRIPS = 1
RETRIED = {"40001", "40P01"}


@dataclass
class Series:
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # the server backend's CPU ms
    trips: list[int] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)


def backend_cpu_ms(pid: int) -> float:
    """CPU time the server process `pid` has run, in ms (Linux schedstat; the bench's
    server is on this machine). On a loaded machine the wall time includes waiting for a
    core; this is what the action itself cost the server."""
    try:
        with open(f"/proc/{pid}/schedstat", encoding="ascii") as fh:
            return int(fh.read().split()[0]) / 1e6
    except (OSError, ValueError, IndexError):
        return float("nan")


@dataclass(frozen=True)
class Action:
    name: str
    who: str  # KEEPER or TECH
    target_ms: float
    run: Callable[[Any, int], str]
    writes: bool = False


@dataclass
class Samples:
    parts_store: int
    warehouse_names: dict[str, str]
    tickets: list[int]
    hot: list[int]
    requisition_items: list[int]
    receipt_items: list[int]
    busiest: tuple[int, int, int]  # item, warehouse, rows
    typical: tuple[int, int, int]
    category: str


def has_requisitions(dsn: str) -> bool:
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT to_regprocedure('app.requisition_save(jsonb)') IS NOT NULL")
            return bool(cur.fetchone()[0])
    finally:
        conn.close()


# -- the shop --------------------------------------------------------------------------------

def load_shop(shop: Any, args: argparse.Namespace) -> tuple[StockSummary, dict[str, int]]:
    dsn = shop.server.superuser_dsn(shop.profile.database)
    engine = dsn_engine(dsn)
    try:
        with engine.begin() as conn:
            print(load_demo_shop(conn, customers=args.customers, seed=args.seed), flush=True)
            operators.create_operator(conn, code=KEEPER, name="基准仓管", password=PASSWORD,
                                      template="warehouse")
            operators.create_operator(conn, code=TECH, name="基准技师", password=PASSWORD,
                                      template="technician")
            for n in range(1, args.clients + 1):
                operators.create_operator(conn, code=f"{TECH}{n:02d}", name=f"基准技师{n}",
                                          password=PASSWORD, template="technician")
    finally:
        engine.dispose()
    raw = psycopg2.connect(dsn)
    try:
        raw.autocommit = True
        with raw.cursor() as cur:
            cur.execute("VACUUM ANALYZE app.customer, app.customer_phone, app.device")
        generate_tickets(raw, tickets=args.tickets, seed=args.seed, received_by=None)
        summary = generate_stock(raw, items=args.items, moves=args.moves, seed=args.seed,
                                 operator=KEEPER)
        broken = check_stock(raw)
    finally:
        raw.close()
    return summary, broken


def make_samples(dsn: str, summary: StockSummary, count: int, seed: int) -> Samples:
    rng = random.Random(seed)
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT type, id, name FROM app.warehouse ORDER BY id")
            stores = cur.fetchall()
            parts_store = next(i for t, i, _n in stores if t == "parts")
            names = {t: n for t, _i, n in stores}
            cur.execute("SELECT id FROM app.ticket WHERE status NOT IN ('picked_up', "
                        "'cancelled') AND NOT settled ORDER BY id")
            tickets = [r[0] for r in cur.fetchall()]
            # requisitioned parts: well stocked, not the hot ones (the concurrent run's)
            cur.execute("SELECT item_id FROM app.stock_balance WHERE warehouse_id = %s "
                        "AND quantity >= 5 AND NOT item_id = ANY(%s) ORDER BY item_id",
                        (parts_store, summary.hot_items))
            stocked = [r[0] for r in cur.fetchall()]
            cur.execute("SELECT id FROM app.item WHERE kind = 'part' AND active "
                        "AND NOT id = ANY(%s) ORDER BY id", (summary.hot_items,))
            parts = [r[0] for r in cur.fetchall()]
            cur.execute("""SELECT item_id, warehouse_id, count(*) FROM app.stock_move
                           GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 1""")
            busiest = cur.fetchone()
            cur.execute("""SELECT item_id, warehouse_id, n FROM (
                               SELECT item_id, warehouse_id, count(*) AS n,
                                      percent_rank() OVER (ORDER BY count(*)) AS r
                               FROM app.stock_move WHERE warehouse_id = %s
                               GROUP BY 1, 2) x
                           WHERE r >= 0.5 ORDER BY r, item_id LIMIT 1""", (parts_store,))
            typical = cur.fetchone()
            cur.execute("""SELECT p.name || '/' || c.name FROM app.item_category c
                           JOIN app.item_category p ON p.id = c.parent_id
                           JOIN app.item i ON i.category_id = c.id
                           GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""")
            category = cur.fetchone()[0]
    finally:
        conn.close()
    if len(tickets) < count:
        raise RuntimeError(f"only {len(tickets)} open tickets: raise --tickets")
    return Samples(parts_store=parts_store, warehouse_names=names,
                   tickets=rng.sample(tickets, len(tickets)),
                   hot=list(summary.hot_items),
                   requisition_items=rng.sample(stocked, min(len(stocked), 4 * count)),
                   receipt_items=parts, busiest=tuple(busiest), typical=tuple(typical),
                   category=category)


# -- actions ---------------------------------------------------------------------------------

def _page(conn: Any, source: Any, filters: dict[str, str] | None = None) -> str:
    page = fetch_page(conn, source, ListQuery(column_filters=dict(filters or {})))
    return f"{page.total}{'+' if page.capped else ''}"


def make_actions(samples: Samples, requisitions: bool, seed: int) -> list[Action]:
    from aftersales_desktop.data import stock_lists
    from aftersales_desktop.domain.documents import Document, DocumentLine, Submission
    from aftersales_desktop.services.stock.documents import post_document

    rng = random.Random(seed + 1)
    tickets = iter(samples.tickets)
    items = iter(samples.requisition_items)

    def requisition(conn: Any, _i: int) -> str:
        from aftersales_desktop.services.stock.requisitions import LineChange, save_lines

        found = save_lines(conn, next(tickets), [LineChange(
            item_id=next(items), quantity=Decimal(1), warehouse_id=samples.parts_store)])
        return f"{len(found.get('lines') or [])} line"

    def document(kind: str, lines: list[DocumentLine], **header: Any) -> Submission:
        return Submission(Document(kind=kind, header={
            "kind": kind, "warehouse": samples.parts_store, "to_warehouse": None,
            "supplier": "", "reason": "", "remarks": "", **header}, lines=tuple(lines)),
            "post", str(uuid.uuid4()))

    def other_issue(conn: Any, _i: int) -> str:
        posted = post_document(conn, document("other_issue", [DocumentLine(
            {"quantity": Decimal(1), "price": None, "serial": ""}, item_id=next(items))],
            reason="维修领用"))
        return f"{len(posted.lines)} line"

    def receipt(conn: Any, _i: int) -> str:
        chosen = rng.sample(samples.receipt_items, 200)
        posted = post_document(conn, document("purchase_receipt", [DocumentLine(
            {"quantity": Decimal(rng.randrange(1, 20)),
             "price": Decimal(rng.randrange(100, 50000)) / 100, "serial": ""}, item_id=i)
            for i in chosen], supplier="格力配件中心"))
        return f"{len(posted.lines)} lines"

    parts_name = samples.warehouse_names["parts"]
    busiest_item, busiest_store, busiest_rows = samples.busiest
    typical_item, typical_store, typical_rows = samples.typical
    balances = stock_lists.STOCK_BALANCES_WITH_COSTS

    def card(item: int, store: int) -> Callable[[Any, int], str]:
        # the stock card's source as the screen opens it (its name moved while issue 11
        # was built: either spelling)
        maker: Any = getattr(stock_lists, "stock_card_source", None)
        source = (maker(item, warehouse_id=store, can_see_costs=True) if maker else
                  stock_lists.stock_card(item, store, with_costs=True))  # type: ignore[attr-defined]
        return lambda conn, _i: _page(conn, source)

    below = next(c.key for c in balances.columns if c.key.startswith("below_min"))

    posting = (Action("requisition: 1 line", TECH, TARGETS["requisition"], requisition, True)
               if requisitions else
               Action("other issue: 1 line (for a requisition)", KEEPER, TARGETS["issue"],
                      other_issue, True))
    return [
        posting,
        Action("purchase receipt: 200 lines", KEEPER, TARGETS["receipt"], receipt, True),
        Action("stock balances: no filter", KEEPER, TARGETS["list"],
               lambda conn, _i: _page(conn, balances)),
        Action(f"stock balances: warehouse = {parts_name}", KEEPER, TARGETS["list"],
               lambda conn, _i: _page(conn, balances, {"warehouse": parts_name})),
        Action(f"stock balances: category {samples.category}", KEEPER, TARGETS["list"],
               lambda conn, _i: _page(conn, balances, {"category": samples.category})),
        Action("stock balances: below minimum", KEEPER, TARGETS["list"],
               lambda conn, _i: _page(conn, balances, {below: "是"})),
        Action(f"stock card: busiest part ({busiest_rows:,} rows)", KEEPER, TARGETS["list"],
               card(busiest_item, busiest_store)),
        Action(f"stock card: typical part ({typical_rows:,} rows)", KEEPER, TARGETS["list"],
               card(typical_item, typical_store)),
    ]


# -- measuring -------------------------------------------------------------------------------

def measure(databases: dict[str, Database], proxy: LatencyProxy, actions: list[Action],
            runs: int, log: StatementLog, statements: dict[str, list[tuple[str, Any]]]
            ) -> dict[str, Series]:
    results: dict[str, Series] = {}
    for action in actions:
        series = results.setdefault(action.name, Series())
        for i in range(WARMUP + runs):
            with databases[action.who].read() as conn:
                pid = int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() or 0)
                log.current = []
                proxy.reset_stats()
                cpu = backend_cpu_ms(pid)
                start = time.perf_counter()
                found = action.run(conn, i)
                elapsed = (time.perf_counter() - start) * 1000
                cpu = backend_cpu_ms(pid) - cpu
                stats = proxy.reset_stats()
            if i >= WARMUP:
                series.times.append(elapsed)
                series.cpu.append(cpu)
                series.trips.append(stats.round_trips)
                series.rows.append(found)
        statements[action.name] = list(log.current)
        print(f"  {action.name}: p50 {p50(series.times):.1f} ms, p95 {p95(series.times):.1f} ms,"
              f" server CPU p50 {p50(series.cpu):.1f} ms,"
              f" round trips {min(series.trips)}..{max(series.trips)}", flush=True)
    return results


def explain(dsn: str, role: str, statements: list[tuple[str, Any]], write: bool) -> list[str]:
    """EXPLAIN ANALYZE of the statements (nested ones too) via auto_explain, loaded by the
    superuser before becoming the operator (same rights, same plans). A posting runs again
    with a new operation id in a transaction that is rolled back."""
    conn = psycopg2.connect(dsn)
    lines: list[str] = []
    try:
        with conn.cursor() as cur:
            cur.execute("LOAD 'auto_explain'")
            for setting in ("log_min_duration = 0", "log_nested_statements = on",
                            "log_analyze = on", "log_buffers = on", "log_timing = on",
                            "log_level = notice"):
                cur.execute(f"SET auto_explain.{setting}")
            cur.execute(f"SET SESSION AUTHORIZATION {role}")
            conn.commit()
            conn.notices = collections.deque()  # the default list keeps only the last 50
            for statement, parameters in statements:
                if write and isinstance(parameters, dict) and "p" in parameters:
                    payload = json.loads(parameters["p"])
                    payload["operation_id"] = str(uuid.uuid4())
                    parameters = {**parameters, "p": json.dumps(payload, ensure_ascii=False)}
                cur.execute(statement, parameters)
            conn.rollback()
        for notice in conn.notices:
            lines.extend(line.rstrip() for line in notice.splitlines() if line.strip())
            lines.append("")
    finally:
        conn.close()
    return lines


def slow_plans(lines: list[str], min_ms: float = 2.0, width: int = 160,
               top: int = 6) -> list[str]:
    """The statements that took `min_ms` or more in all, grouped by their text (a posting
    runs the same statement once per line): count, total and slowest time, and the plan of
    the slowest run; the `top` groups by total time, each statement on one shortened line."""
    blocks: list[list[str]] = []
    block: list[str] = []
    for line in [*lines, "NOTICE:  end"]:
        if line.startswith("NOTICE:") and block:
            blocks.append(block)
            block = []
        block.append(line)
    groups: dict[str, list[tuple[float, list[str]]]] = {}
    for block in blocks:
        found = re.search(r"duration: ([0-9.]+) ms", block[0])
        if not found:
            continue
        query: list[str] = []
        plan: list[str] = []
        in_query = False
        for line in block[1:]:
            if line.startswith("Query Text:"):
                query, in_query = [line.removeprefix("Query Text:").strip()], True
            elif in_query and not ("(cost=" in line and not line.startswith(" ")):
                query.append(line)
            else:
                in_query = False
                if line:
                    plan.append(line)
        text = " ".join(" ".join(query).split())
        text = text if len(text) <= width else text[:width] + " ..."
        groups.setdefault(text, []).append((float(found.group(1)), plan))
    ranked = sorted(groups.items(), key=lambda kv: -sum(d for d, _p in kv[1]))
    kept: list[str] = []
    for text, runs in ranked[:top]:
        total = sum(d for d, _p in runs)
        if total < min_ms:
            continue
        slowest, plan = max(runs, key=lambda run: run[0])
        kept += [f"-- {len(runs)}x, {total:.1f} ms in all, slowest {slowest:.1f} ms: {text}",
                 *plan, ""]
    return kept or lines


# -- fifty technicians at once -----------------------------------------------------------------

@dataclass
class Tally:
    times: list[float] = field(default_factory=list)
    taken_units: int = 0
    taken: int = 0
    refused: int = 0
    retries: int = 0
    errors: list[str] = field(default_factory=list)


def _save(cur: Any, tally: Tally, payload: dict[str, Any]) -> bool | None:
    """One requisition save as the service layer sends it (retrying a deadlock or a
    serialization failure up to 3 attempts); True taken, False refused for stock, None
    anything else (recorded as an error)."""
    start = time.perf_counter()
    for attempt in range(1, 4):
        try:
            cur.execute("SELECT app.requisition_save(%s::jsonb)", (json.dumps(payload),))
            cur.fetchone()
        except psycopg2.Error as error:
            if error.pgcode in RETRIED and attempt < 3:
                tally.retries += 1
                continue
            hint = (error.diag.message_hint or "").removeprefix("aftersales:")
            if hint.startswith("stock_insufficient"):
                tally.refused += 1
                tally.times.append((time.perf_counter() - start) * 1000)
                return False
            tally.errors.append(f"{error.pgcode} {hint or str(error).splitlines()[0]}")
            return None
        tally.times.append((time.perf_counter() - start) * 1000)
        return True
    return None


def technician(dsn: dict[str, Any], code: str, ticket: int, samples: Samples, tally: Tally,
               start: threading.Barrier, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    try:
        conn = psycopg2.connect(**dict(dsn, user=code, password=PASSWORD))
    except psycopg2.Error as error:
        tally.errors.append(str(error).splitlines()[0])
        start.wait()
        return
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            start.wait()
            while not stop.is_set():
                quantity = rng.randint(1, 3)
                payload = {"ticket_id": ticket, "operation_id": str(uuid.uuid4()),
                           "lines": [{"item_id": rng.choice(samples.hot),
                                      "warehouse_id": samples.parts_store,
                                      "quantity": str(quantity)}], "deleted": []}
                if _save(cur, tally, payload):
                    tally.taken += 1
                    tally.taken_units += quantity
    finally:
        conn.close()


def refiller(dsn: dict[str, Any], samples: Samples, units: int, tally: Tally,
             start: threading.Barrier, stop: threading.Event) -> None:
    """The clerk: a purchase receipt of `units` of every hot part each second."""
    conn = psycopg2.connect(**dict(dsn, user=KEEPER, password=PASSWORD))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            start.wait()
            while not stop.wait(1.0):
                payload = {"operation_id": str(uuid.uuid4()), "kind": "purchase_receipt",
                           "warehouse_id": samples.parts_store, "supplier": "格力配件中心",
                           "lines": [{"item_id": i, "quantity": str(units),
                                      "unit_cost": "12.3400"} for i in samples.hot]}
                try:
                    cur.execute("SELECT app.stock_document_post(%s::jsonb)",
                                (json.dumps(payload),))
                    tally.taken += 1
                except psycopg2.Error as error:
                    tally.errors.append(f"receipt: {error.pgcode} "
                                        f"{str(error).splitlines()[0]}")
    finally:
        conn.close()


def drain(dsn: str, samples: Samples, keep: int) -> None:
    """Bring every hot part down to `keep` units in the parts store (an other issue,
    posted as the clerk posts one), so the run meets empty shelves soon."""
    conn = psycopg2.connect(dsn)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f"SET SESSION AUTHORIZATION {KEEPER}")
            cur.execute("SELECT item_id, quantity FROM app.stock_balance "
                        "WHERE warehouse_id = %s AND item_id = ANY(%s)",
                        (samples.parts_store, samples.hot))
            lines = [{"item_id": i, "quantity": str(q - keep)}
                     for i, q in cur.fetchall() if q > keep]
            if lines:
                cur.execute("SELECT app.stock_document_post(%s::jsonb)", (json.dumps({
                    "operation_id": str(uuid.uuid4()), "kind": "other_issue",
                    "warehouse_id": samples.parts_store, "reason": "基准: 热门配件清至少量",
                    "lines": lines}),))
    finally:
        conn.close()


@dataclass
class Crowd:
    delay: float
    seconds: float
    clients: list[Tally]
    clerk: Tally
    ledger_rows: int
    ledger_units: int
    negative: int
    low: int


def crowd(shop: Any, dsn: str, samples: Samples, delay: float, clients: int,
          seconds: float, refill: int, seed: int) -> Crowd:
    drain(dsn, samples, keep=refill)
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT coalesce(max(id), 0) FROM app.stock_move")
        (since,) = cur.fetchone()
    tickets = samples.tickets[-clients:]
    tallies = [Tally() for _ in range(clients)]
    clerk = Tally()
    start = threading.Barrier(clients + 2)
    stop = threading.Event()
    with LatencyProxy(shop.profile.host, shop.profile.port, delay_ms=delay) as proxy:
        base = {"host": "127.0.0.1", "port": proxy.port, "dbname": shop.profile.database}
        threads = [threading.Thread(target=technician, args=(
            base, f"{TECH}{n + 1:02d}", tickets[n], samples, tallies[n], start, stop,
            seed + n)) for n in range(clients)]
        threads.append(threading.Thread(target=refiller, args=(
            base, samples, refill, clerk, start, stop)))
        for t in threads:
            t.start()
        start.wait()
        began = time.perf_counter()
        time.sleep(seconds)
        stop.set()
        for t in threads:
            t.join(60)
        elapsed = time.perf_counter() - began
    with conn.cursor() as cur:
        cur.execute("""SELECT count(*), coalesce(-sum(quantity), 0) FROM app.stock_move
                       WHERE id > %s AND source = 'requisition'""", (since,))
        rows, units = cur.fetchone()
        cur.execute("SELECT count(*) FILTER (WHERE qty_after < 0), "
                    "count(*) FILTER (WHERE qty_after < 3) FROM app.stock_move "
                    "WHERE id > %s", (since,))
        negative, low = cur.fetchone()
    conn.close()
    return Crowd(delay, elapsed, tallies, clerk, int(rows), int(units), int(negative), int(low))


# -- main ----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_stock",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--moves", type=int, default=2_000_000)
    parser.add_argument("--customers", type=int, default=5_000)
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=40, help="runs per action and added RTT")
    parser.add_argument("--delays", default="0,50", help="added RTTs in ms (default 0,50)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0,
                        help="length of each concurrent run")
    parser.add_argument("--refill", type=int, default=20,
                        help="units of each hot part the clerk receives every second")
    parser.add_argument("--no-requisitions", action="store_true",
                        help="post a 1-line other issue instead of a requisition")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    delays = [float(d) for d in args.delays.split(",")]

    with throwaway_shop() as shop:
        dsn = shop.server.superuser_dsn(shop.profile.database)
        requisitions = has_requisitions(dsn) and not args.no_requisitions
        started = time.perf_counter()
        summary, broken = load_shop(shop, args)
        load_s = time.perf_counter() - started
        if broken:
            print(f"the generated stock breaks its invariants: {broken}", file=sys.stderr)
            return 2
        samples = make_samples(dsn, summary, (WARMUP + args.runs) * len(delays) + args.clients,
                               args.seed)
        actions = make_actions(samples, requisitions, args.seed)
        log = StatementLog()
        statements: dict[str, list[tuple[str, Any]]] = {}
        measured: dict[float, dict[str, Series]] = {}
        try:
            for delay in delays:
                print(f"+{delay:g} ms:", flush=True)
                with LatencyProxy(shop.profile.host, shop.profile.port,
                                  delay_ms=delay) as proxy:
                    profile = replace(shop.profile, port=proxy.port)
                    databases = {who: Database(profile, who, PASSWORD) for who in (KEEPER, TECH)}
                    try:
                        measured[delay] = measure(databases, proxy, actions, args.runs, log,
                                                  statements)
                    finally:
                        for database in databases.values():
                            database.dispose()
        finally:
            log.close()
        crowds = []
        if requisitions and args.clients:
            for delay in delays:
                print(f"{args.clients} clients at +{delay:g} ms for {args.seconds:g} s",
                      flush=True)
                crowds.append(crowd(shop, dsn, samples, delay, args.clients, args.seconds,
                                    args.refill, args.seed))
        raw = psycopg2.connect(dsn)
        try:
            raw.autocommit = True
            after = check_stock(raw)
            with raw.cursor() as cur:
                cur.execute("SELECT count(*), pg_size_pretty(pg_total_relation_size("
                            "'app.stock_move')), current_setting('shared_buffers'), "
                            "(SELECT count(*) FROM app.stock_balance), "
                            "(SELECT count(*) FROM app.stock_balance WHERE quantity > 0) "
                            "FROM app.stock_move")
                ledger_rows, ledger_size, buffers, balance_rows, stocked = cur.fetchone()
        finally:
            raw.close()
        local = measured[delays[0]]
        missed = [a for a in actions
                  if p95(local[a.name].times) >= a.target_ms
                  or max(t for d in measured.values() for t in d[a.name].trips) > TARGET_TRIPS]
        plans = {a.name: explain(dsn, a.who, statements[a.name], a.writes) for a in missed}
        info = machine(shop.server)

    body = report(args, summary, load_s, requisitions, actions, measured, delays, crowds,
                  missed, plans, after, (ledger_rows, ledger_size, buffers, balance_rows,
                                         stocked))
    print(body)
    if not args.no_write:
        path = write_section(SECTION, f"Stock ({args.moves:,} ledger rows)", body, info)
        print(f"written to {path}")
    failed = bool(missed) or bool(after) or any(
        c.negative or any(t.errors for t in c.clients) or c.clerk.errors
        or c.ledger_units != sum(t.taken_units for t in c.clients)
        or c.ledger_rows != sum(t.taken for t in c.clients) for c in crowds)
    return 1 if failed else 0


def _load_average() -> str:
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            return " ".join(fh.read().split()[:3])
    except OSError:
        return "?"


def report(args: argparse.Namespace, summary: StockSummary, load_s: float,
           requisitions: bool, actions: list[Action], measured: dict[float, dict[str, Series]],
           delays: list[float], crowds: list[Crowd], missed: list[Action],
           plans: dict[str, list[str]], after: dict[str, int], sizes: tuple[Any, ...]) -> str:
    ledger_rows, ledger_size, buffers, balance_rows, stocked = sizes
    rows = []
    for delay in delays:
        for a in actions:
            s = measured[delay][a.name]
            found = sorted(set(s.rows), key=lambda x: (len(x), x))
            shown = found[0] if len(found) == 1 else f"{found[0]}..{found[-1]}"
            rows.append([f"+{delay:g} ms", a.name, len(s.times), f"{p50(s.times):.1f}",
                         f"{p95(s.times):.1f}", f"{max(s.times):.1f}", f"{p50(s.cpu):.1f}",
                         "/".join(map(str, sorted(set(s.trips)))), f"{a.target_ms:.0f}",
                         shown])
    table = markdown_table(["added RTT", "action", "N", "p50 ms", "p95 ms", "max ms",
                            "server CPU p50 ms", "round trips", "target ms (local p95)",
                            "rows"], rows)
    lines = [
        f"Load average when the report was written: {_load_average()} (2 cores; other "
        "helpers' test suites were running on the same machine, so the figures are upper "
        "bounds).",
        "",
        f"{summary} (`bench/stock_data.py`, seed {args.seed}: computed in Python as "
        "`app.stock_apply` would post it, loaded with COPY as the superuser with the audit "
        "triggers off, then VACUUM ANALYZE), on top of the demo master data, "
        f"{args.customers:,} customers and {args.tickets:,} tickets; {load_s:.0f} s in all "
        "including the invariant checks, which all held (balance = sum of its ledger = its "
        "last row; before = previous after; nothing negative; every row's cost, value change "
        "and average = `app.stock_move_value` of its before; line cost and amount = its first "
        "move's; transfer legs carry the same value; gapless numbers). At the end: "
        f"{ledger_rows:,} ledger rows ({ledger_size}), {balance_rows:,} balances "
        f"({stocked:,} holding stock); shared_buffers {buffers}.",
        "",
        "Operators of the shop's templates (`warehouse` clerk with costs.view, "
        "`technician`), `Database.read()` on a warm connection, through `bench/proxy.py`; "
        f"{args.runs} runs per action after {WARMUP} warm-ups. List pages are the first 200 "
        "rows with the total, as the screens ask (`data.listing.fetch_page`). *Server CPU* is "
        "the CPU time the operator's server process spent on the action (Linux schedstat): "
        "on a busy machine the wall time also counts the wait for a core, this does not (nor "
        "the CPU of parallel workers a list query may start, nor the client's own work).",
        "",
    ]
    if not requisitions:
        lines += ["**Requisitions were not in the schema when this ran**: the 1-line posting "
                  "is a 1-line other issue (`app.stock_document_post`, the same "
                  "`app.stock_apply` underneath) and the concurrent run is skipped.", ""]
    lines += [table, ""]
    if crowds:
        crowd_rows = []
        for c in crowds:
            times = [t for tally in c.clients for t in tally.times]
            saves = sum(t.taken + t.refused for t in c.clients)
            taken = sum(t.taken for t in c.clients)
            errors = [e for t in c.clients for e in t.errors] + c.clerk.errors
            crowd_rows.append([
                f"+{c.delay:g} ms", f"{c.seconds:.1f}", len(c.clients),
                f"{saves / c.seconds:.0f}", f"{taken / c.seconds:.0f}", f"{taken:,}",
                f"{sum(t.refused for t in c.clients):,}", len(errors),
                sum(t.retries for t in c.clients), f"{p50(times):.1f}" if times else "-",
                f"{p95(times):.1f}" if times else "-", c.clerk.taken, c.negative,
                "yes" if (c.ledger_units, c.ledger_rows) == (
                    sum(t.taken_units for t in c.clients), taken) else "**no**"])
        lines += [
            f"{args.clients} technicians at once, each its own login and connection, "
            "requisitioning 1-3 units of one of the ten hot parts per save (no pause), "
            f"while the clerk receives {args.refill} of each every second; stock drained to "
            f"{args.refill} each before the run:",
            "",
            markdown_table(["added RTT", "seconds", "clients", "saves/s", "taken/s", "taken",
                            "refused (stock)", "other errors", "retries", "p50 ms", "p95 ms",
                            "receipts", "negative rows", "ledger rows, units = taken"],
                           crowd_rows),
            "",
        ]
        errors = sorted({e for c in crowds for t in c.clients for e in t.errors}
                        | {e for c in crowds for e in c.clerk.errors})
        if errors:
            lines += ["Errors other than the refusal:", "", *[f"- `{e}`" for e in errors[:20]],
                      ""]
    lines += [
        "Targets: 1 round trip per posting and per list page; local p95 under "
        f"{TARGETS['requisition']:.0f} ms (1-line posting), {TARGETS['receipt']:.0f} ms "
        f"(200-line receipt), {TARGETS['list']:.0f} ms (list pages).",
        "",
    ]
    if after:
        lines += ["**Invariants broken after the runs**: "
                  + ", ".join(f"{k}: {v}" for k, v in after.items()), ""]
    else:
        lines += ["After all runs every invariant still held over the whole ledger.", ""]
    if missed:
        lines += ["Missed:", ""]
        for a in missed:
            s = measured[delays[0]][a.name]
            worst = max(t for d in measured.values() for t in d[a.name].trips)
            lines.append(f"- **missed**: {a.name}: local p95 {p95(s.times):.1f} ms "
                         f"(target {a.target_ms:.0f}), {worst} round trip(s)")
        lines += ["", "Plans (auto_explain with per-node timing and nested statements, which "
                  "makes them slower than the measured runs; the statements that took most in "
                  "all, the plan of their slowest run):", ""]
        for a in missed:
            lines += [f"Plan of \"{a.name}\":", "", "```",
                      *slow_plans(plans.get(a.name, ["(no plan)"])), "```", ""]
    else:
        lines += ["Every action met both targets.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
