"""A shop's stock history for benchmarks: 100,000 items and two million ledger rows.

    raw = psycopg2.connect(server.superuser_dsn(database))
    summary = generate_stock(raw, items=100_000, moves=2_000_000, seed=2024,
                             operator="benchkeeper")
    problems = check_stock(raw)        # {} when every invariant holds

Needs the demo master data first (`services.demo_shop.load_demo_shop`: the six
warehouses, one of each type, and the catalogue with its part categories). Adds parts
until there are `items` items (categories per part group and product, unique barcodes,
a minimum stock on a fifth of them, a cost price each), then posts, in time order over
the last `days` days, the documents a parts store sees: opening stock, purchase
receipts, other receipts, other issues (standing in for the day's requisitions), transfers
to the pending-repair and sample stores and back, scrap to 报损库 and returns to 商返库,
until the ledger has `moves` rows. Items are picked by a long-tailed popularity, so a
few parts (the ten "hot" parts, the demo's first ten spare parts) have many thousand
rows and most have a handful; an issue never takes more than the balance holds.

The documents are not posted through `app.stock_document_post`: two million calls would
take hours. This module computes, in Python with integer arithmetic (cents and
ten-thousandths, rounded half away from zero as PostgreSQL's `round` does), exactly what
`app.stock_apply` / `app.stock_move_value` would write for the same documents in the same
order: each row's quantity, average and value before and after (before = the previous
row's after), a receipt's new moving average, an issue at the average (the last unit
out takes what is left), a transfer's second leg carrying exactly the value its first
leg took; the lines' unit cost and amount as posted; gapless numbers per prefix and
year and the counters after them; one balance row per item x warehouse touched, equal
to its last ledger row. Then it loads the rows with COPY as the cluster superuser with
`session_replication_role = replica` (no audit rows for history nobody typed, no
row-by-row foreign-key triggers), the ledger's secondary indexes dropped for the load
and rebuilt from their own definitions, and VACUUM ANALYZE.

`check_stock` then proves the result is what posting would have produced: the DB
tests' ledger queries (tests/db/stock_helpers.py `ledger_problems`: every balance equals
the sum of its ledger and its last row, each row's before equals the previous row's
after, nothing is negative, no document half-posted) and more: every ledger row's cost,
value change and average after are what `app.stock_move_value` computes from its before
(the database's own arithmetic, row by row), each line's cost and amount are its first
move's, a transfer's two legs carry the same value, the numbers run without a gap, and
no reference dangles.
"""

from __future__ import annotations

import bisect
import io
import itertools
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from aftersales_desktop.services.demo_shop import PARTS, PRODUCTS

HOT_PARTS = 10
PART_GROUPS = ("制冷配件", "电气配件", "结构配件", "耗材")
ISSUE_REASONS = ("维修领用", "上门服务领用", "内部领用", "借出")
RECEIPT_REASONS = ("盘盈入库", "退回入库", "赠品入库")
SCRAP_REASONS = ("损坏报废", "过期报废", "检测不良")
SUPPLIERS = ("格力配件中心", "美的售后配件部", "海尔备件仓", "华南电器配件行", "鑫达五金")
MERCHANTS = ("格力售后", "美的售后", "海尔售后", "海信售后")
BRANDS = ("格力", "美的", "海尔", "海信", "TCL", "奥克斯", "志高", "长虹")
PART_NAMES = (*(name for name, _sale, _cost in PARTS),
    "电源板", "遥控接收板", "步进电机", "导风板", "过滤网", "蒸发器", "冷凝器", "电磁阀",
    "水位开关", "门锁", "皮带", "轴承", "离合器", "变频模块", "熔断器", "接线端子",
    "排水管", "进水管", "密封圈", "旋钮")

# (kind, source warehouse type, target type or None, share of documents, lines lo..hi)
MIX: tuple[tuple[str, str, str | None, float, int, int], ...] = (
    ("purchase_receipt", "parts", None, 0.12, 1, 40),
    ("purchase_receipt", "finished", None, 0.02, 1, 5),
    ("other_receipt", "parts", None, 0.02, 1, 3),
    ("other_issue", "parts", None, 0.58, 1, 3),
    ("other_issue", "finished", None, 0.03, 1, 2),
    ("transfer", "parts", "pending_repair", 0.06, 1, 5),
    ("transfer", "parts", "samples", 0.02, 1, 3),
    ("transfer", "pending_repair", "parts", 0.05, 1, 3),
    ("scrap", "parts", "scrap", 0.05, 1, 2),
    ("merchant_return", "parts", "merchant_returns", 0.05, 1, 3),
)
PREFIX = {"purchase_receipt": "RK", "other_receipt": "QR", "other_issue": "CK",
          "transfer": "DB", "scrap": "BS", "merchant_return": "TH", "opening": "QC"}
OPENING_LINES = 200


@dataclass
class StockSummary:
    items_added: int
    items: int
    documents: int
    lines: int
    moves: int
    balances: int
    days: int
    hot_items: list[int]
    by_kind: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())

    def __str__(self) -> str:
        kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(self.by_kind.items(),
                                                         key=lambda kv: -kv[1]))
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items())
        return (f"{self.items:,} items ({self.items_added:,} added), {self.documents:,} "
                f"documents ({kinds}), {self.lines:,} lines, {self.moves:,} ledger rows, "
                f"{self.balances:,} balances over {self.days} days; {self.seconds:.0f} s: "
                f"{steps}")


# -- numbers as PostgreSQL writes them -------------------------------------------------

def _half_up(num: int, den: int) -> int:
    """round(num / den) to an integer, half away from zero, for num >= 0 < den."""
    return (2 * num + den) // (2 * den)


def money(cents: int) -> str:
    """Cents as numeric(14,2) text (exact: a double holds these integers, and `.2f` rounds
    the nearest double of cents / 100 back to them)."""
    return f"{cents / 100:.2f}"


def cost4(units: int) -> str:
    """Ten-thousandths as numeric(14,4) text."""
    return f"{units / 10000:.4f}"


@dataclass
class Balance:
    qty: int = 0
    value: int = 0  # cents
    avg: int = 0  # ten-thousandths
    last_move: int | None = None


def receipt(b: Balance, q: int, cost: int) -> tuple[int, int, int]:
    """(unit cost, value change, average after) of receiving q at cost (1e-4)."""
    change = _half_up(q * cost, 100)
    avg = _half_up(b.value * 100 + q * cost, b.qty + q)
    return cost, change, avg


def receipt_of_value(b: Balance, q: int, given: int) -> tuple[int, int, int]:
    """A transfer's second leg: exactly `given` cents come in."""
    return _half_up(given * 100, q), given, _half_up((b.value + given) * 100, b.qty + q)


def issue(b: Balance, n: int) -> tuple[int, int, int]:
    """Issuing n (> 0) at the average; the last unit out takes what is left."""
    if b.qty - n == 0:
        return b.avg, -b.value, b.avg
    return b.avg, -min(_half_up(n * b.avg, 100), b.value), b.avg


# -- the simulation ------------------------------------------------------------------------

class _Writer:
    """COPY text rows per table, flushed in chunks."""

    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "app.stock_document": (
            "id", "number", "kind", "state", "warehouse_id", "to_warehouse_id", "supplier",
            "reason", "remarks", "doc_date", "version", "created_at", "created_by",
            "updated_at", "updated_by", "posted_at", "posted_by"),
        "app.stock_document_line": (
            "id", "document_id", "line_no", "item_id", "quantity", "unit_cost", "amount"),
        "app.stock_move": (
            "id", "moved_at", "item_id", "warehouse_id", "quantity", "qty_before", "qty_after",
            "unit_cost", "avg_before", "avg_after", "value_change", "value_before",
            "value_after", "source", "document_id", "document_line_id", "operator"),
    }

    def __init__(self, conn: Any, timings: dict[str, float], limit: int = 200_000) -> None:
        self.conn = conn
        self.timings = timings
        self.limit = limit
        self.rows: dict[str, list[str]] = {t: [] for t in self.COLUMNS}

    def add(self, table: str, values: Iterable[object]) -> None:
        rows = self.rows[table]
        rows.append("\t".join("\\N" if v is None else str(v) for v in values))
        if len(rows) >= self.limit:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        for name in [table] if table else list(self.rows):
            rows = self.rows[name]
            if not rows:
                continue
            start = time.perf_counter()
            data = io.StringIO("\n".join(rows) + "\n")
            with self.conn.cursor() as cur:
                cur.copy_expert(f"COPY {name} ({', '.join(self.COLUMNS[name])}) FROM STDIN",
                                data)
            self.timings["copy"] = self.timings.get("copy", 0.0) + time.perf_counter() - start
            rows.clear()


@dataclass
class _Item:
    id: int
    kind: str
    cost: int  # ten-thousandths


def _popularity(rng: random.Random, parts: list[_Item], hot: list[_Item]) -> tuple[
        list[_Item], list[float]]:
    """Parts in popularity order with cumulative weights: the hot ones first (each about
    half a percent of all lines), then a long tail."""
    hot_ids = {h.id for h in hot}
    rest = [p for p in parts if p.id not in hot_ids]
    rng.shuffle(rest)
    ordered = hot + rest
    weights = [0.005] * len(hot) + [1.0 / (r + 30) ** 1.05 for r in range(len(rest))]
    tail = sum(weights[len(hot):])
    weights[len(hot):] = [w * (1 - 0.005 * len(hot)) / tail for w in weights[len(hot):]]
    return ordered, list(itertools.accumulate(weights))


def _days_and_times(rng: random.Random, today: date, days: int, count: int,
                    tz: ZoneInfo) -> list[datetime]:
    """`count` posting times, in order, in opening hours of the last `days` days before
    today (busier lately); UTC."""
    weights = [1.0 + 0.5 * i / days for i in range(days)]
    total = sum(weights)
    times: list[datetime] = []
    first = today - timedelta(days=days)
    left = count
    for i, w in enumerate(weights):
        n = left if i == days - 1 else min(left, round(count * w / total))
        left -= n
        day = first + timedelta(days=i)
        opening = datetime(day.year, day.month, day.day, 8, 30, tzinfo=tz)
        stamps = sorted(rng.uniform(0, 9.5 * 3600) for _ in range(n))
        times += [(opening + timedelta(seconds=s)).astimezone(UTC) for s in stamps]
    return times


def generate_stock(conn: Any, *, items: int = 100_000, moves: int = 2_000_000,
                   seed: int = 2024, operator: str = "benchkeeper", days: int = 730,
                   log: Callable[[str], None] | None = print) -> StockSummary:
    """Generate the stock history with a psycopg2 superuser connection (left in autocommit)."""
    say = log or (lambda _text: None)
    rng = random.Random(seed)
    conn.autocommit = True
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def rows(sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return list(cur.fetchall()) if cur.description else []

    with conn.cursor() as cur:
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cur.fetchone()[0]:
            raise RuntimeError("generate_stock needs the cluster superuser")
        if rows("SELECT 1 FROM app.stock_move LIMIT 1"):
            raise RuntimeError("generate_stock loads an empty ledger only")
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET work_mem = '256MB'")

    # 1. the parts
    added = _add_items(conn, rows, items)
    timings["items"] = time.perf_counter() - started
    say(f"stock: {added:,} items added in {timings['items']:.1f} s")

    catalogue = [_Item(i, k, int(c * 10000)) for i, k, c in rows(
        "SELECT i.id, i.kind, coalesce(c.cost_price, 1) FROM app.item i "
        "LEFT JOIN app.item_cost c ON c.item_id = i.id WHERE i.active ORDER BY i.id")]
    parts = [c for c in catalogue if c.kind == "part"]
    products = [c for c in catalogue if c.kind == "product"]
    demo_parts = {code: i for code, i in rows(
        "SELECT code, id FROM app.item WHERE code ~ '^S[0-9]{4}$' ORDER BY code")}
    by_id = {c.id: c for c in catalogue}
    hot = [by_id[demo_parts[code]] for code in sorted(demo_parts)[:HOT_PARTS]]
    hot_ids = {h.id for h in hot}
    warehouses = dict(rows("SELECT DISTINCT ON (type) type, id FROM app.warehouse "
                           "WHERE active ORDER BY type, id"))
    missing = {"parts", "finished", "pending_repair", "samples", "scrap",
               "merchant_returns"} - set(warehouses)
    if missing:
        raise RuntimeError(f"no warehouse of type {sorted(missing)}: load the demo shop first")
    (today, tz_name), = rows("SELECT app.shop_today(), coalesce(app.setting('timezone') #>> "
                             "'{}', 'Asia/Shanghai')")
    tz = ZoneInfo(tz_name)

    # 2. the documents, in posting order
    sim_start = time.perf_counter()
    ordered, cumulative = _popularity(rng, parts, hot)
    product_weights = list(itertools.accumulate(1.0 for _ in products))
    (doc_id,), = rows("SELECT coalesce(max(id), 0) FROM app.stock_document")
    (line_id,), = rows("SELECT coalesce(max(id), 0) FROM app.stock_document_line")
    (move_id,), = rows("SELECT coalesce(max(id), 0) FROM app.stock_move")
    first_move = move_id + 1
    indexes = _drop_indexes(conn, rows)
    out = _Writer(conn, timings)
    balances: dict[tuple[int, int], Balance] = {}
    counters: dict[tuple[str, int], int] = {}
    stocked: dict[int, list[int]] = {w: [] for w in warehouses.values()}
    by_kind: dict[str, int] = {}
    written = 0
    lines_written = 0

    def pick(kind_of_items: str) -> _Item:
        if kind_of_items == "finished":
            return products[bisect.bisect(product_weights, rng.random() * product_weights[-1])]
        at = bisect.bisect(cumulative, rng.random() * cumulative[-1])
        return ordered[min(at, len(ordered) - 1)]

    def post(kind: str, warehouse: int, target: int | None, lines: list[tuple[_Item, int, int]],
             at: datetime, supplier: str = "", reason: str = "") -> None:
        """lines: (item, quantity, typed unit cost or 0 for issues)."""
        nonlocal doc_id, line_id, move_id, written, lines_written
        doc_id += 1
        day = at.astimezone(tz).date()
        key = (PREFIX[kind], day.year)
        counters[key] = counters.get(key, 0) + 1
        stamp = at.isoformat()
        created = (at - timedelta(seconds=rng.randrange(20, 600))).isoformat()
        out.add("app.stock_document", (
            doc_id, f"{key[0]}{key[1]}-{counters[key]:06d}", kind, "posted", warehouse,
            target, supplier, reason, "", day.isoformat(), 1, created, operator, stamp,
            operator, stamp, operator))
        by_kind[kind] = by_kind.get(kind, 0) + 1
        inbound = kind in ("purchase_receipt", "other_receipt", "opening")
        for no, (item, q, typed) in enumerate(lines, start=1):
            line_id += 1
            b = balances.setdefault((item.id, warehouse), Balance())
            if inbound:
                unit, change, avg = receipt(b, q, typed)
                if b.qty == 0 and b.last_move is None:
                    stocked[warehouse].append(item.id)
                signed = q
            else:
                unit, change, avg = issue(b, q)
                signed = -q
            first = _move(out, b, move_id := move_id + 1, stamp, item.id, warehouse, signed,
                          unit, change, avg, doc_id, line_id, operator)
            if target is not None:
                t = balances.setdefault((item.id, target), Balance())
                if t.last_move is None:
                    stocked[target].append(item.id)
                unit2, change2, avg2 = receipt_of_value(t, q, -change)
                _move(out, t, move_id := move_id + 1, stamp, item.id, target, q, unit2,
                      change2, avg2, doc_id, line_id, operator)
            out.add("app.stock_document_line", (line_id, doc_id, no, item.id, q,
                                                cost4(first[0]), money(abs(first[1]))))
            written += 2 if target is not None else 1
            lines_written += 1

    # opening stock: the popular parts in the parts store, every product in the finished
    # goods store, 200 lines a document, on the first day
    per_document = sum(m[3] * (m[4] + m[5]) / 2 * (2 if m[2] else 1) for m in MIX) / sum(
        m[3] for m in MIX)
    times = _days_and_times(rng, today, days, max(1, int(moves / per_document)), tz)
    last_at = datetime.now(UTC) - timedelta(minutes=5)
    opening_at = times[0] - timedelta(hours=1)
    first_parts = ordered[:min(len(ordered), max(OPENING_LINES, moves // 100))]
    for store, group in ((warehouses["parts"], first_parts), (warehouses["finished"], products)):
        for chunk in range(0, len(group), OPENING_LINES):
            lines = [(item, rng.randrange(1, 30) + (200 if item.id in hot_ids else 0),
                      _typed_cost(rng, item)) for item in group[chunk:chunk + OPENING_LINES]]
            post("opening", store, None, lines, opening_at)

    kinds = [m for m in MIX]
    shares = list(itertools.accumulate(m[3] for m in kinds))
    clock = iter(times)
    at = opening_at
    while written < moves:
        at = next(clock, None) or min(at + timedelta(seconds=3), last_at)
        kind, source_type, target_type, _share, lo, hi = kinds[
            bisect.bisect(shares, rng.random() * shares[-1])]
        source = warehouses[source_type]
        target = warehouses[target_type] if target_type else None
        want = rng.randint(lo, hi)
        chosen: dict[int, tuple[_Item, int, int]] = {}
        items_of = "finished" if source_type == "finished" else "parts"
        for _ in range(want * 3):
            if len(chosen) >= want:
                break
            if kind in ("purchase_receipt", "other_receipt"):
                item = pick(items_of)
                if item.id not in chosen:
                    big = item.id in hot_ids
                    q = rng.randrange(5, 60) if big else rng.randrange(1, 20)
                    chosen[item.id] = (item, q, _typed_cost(rng, item))
                continue
            if source_type in ("pending_repair", "samples"):
                pool = stocked[source]
                if not pool:
                    break
                item = by_id[rng.choice(pool)]
            else:
                item = pick(items_of)
            have = balances.get((item.id, source))
            if item.id in chosen or have is None or have.qty <= 0:
                continue
            chosen[item.id] = (item, min(have.qty, rng.randrange(1, 4)), 0)
        if not chosen:
            continue
        lines = list(chosen.values())
        per_line = 2 if target is not None else 1
        room = (moves - written) // per_line
        if room < 1:
            continue
        lines = lines[:room]
        supplier = (rng.choice(SUPPLIERS) if kind == "purchase_receipt"
                    else rng.choice(MERCHANTS) if kind == "merchant_return" else "")
        reason = (rng.choice(ISSUE_REASONS) if kind == "other_issue"
                  else rng.choice(RECEIPT_REASONS) if kind == "other_receipt"
                  else rng.choice(SCRAP_REASONS) if kind == "scrap" else "")
        post(kind, source, target, lines, at, supplier, reason)
        if written % 200_000 < per_line * len(lines):
            say(f"stock: {written:,} / {moves:,} ledger rows "
                f"({time.perf_counter() - sim_start:.0f} s)")
    out.flush()
    timings["documents"] = time.perf_counter() - sim_start - timings.get("copy", 0.0)

    # 3. balances, counters, identities
    start = time.perf_counter()
    data = io.StringIO("".join(
        f"{item}\t{wh}\t{b.qty}\t{cost4(b.avg)}\t{money(b.value)}\t{b.last_move}\n"
        for (item, wh), b in balances.items()))
    with conn.cursor() as cur:
        cur.copy_expert("COPY app.stock_balance (item_id, warehouse_id, quantity, unit_cost, "
                        "value, last_move_id) FROM STDIN", data)
        cur.executemany("INSERT INTO app.stock_counter AS c (prefix, year, last_seq) "
                        "VALUES (%s, %s, %s) ON CONFLICT (prefix, year) DO UPDATE "
                        "SET last_seq = greatest(c.last_seq, excluded.last_seq)",
                        [(p, y, n) for (p, y), n in counters.items()])
        for table in ("stock_document", "stock_document_line", "stock_move"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('app.{table}', 'id'), "
                        f"(SELECT max(id) FROM app.{table}))")
    timings["balances"] = time.perf_counter() - start
    say(f"stock: {written:,} ledger rows from move {first_move:,}, {len(balances):,} "
        f"balances")

    start = time.perf_counter()
    for name, definition in indexes:
        t0 = time.perf_counter()
        rows(definition)
        say(f"stock: {name} rebuilt in {time.perf_counter() - t0:.1f} s")
    with conn.cursor() as cur:
        cur.execute("SET session_replication_role = origin")
    timings["indexes"] = time.perf_counter() - start
    start = time.perf_counter()
    rows("VACUUM ANALYZE app.item, app.item_cost, app.item_category, app.stock_document, "
         "app.stock_document_line, app.stock_move, app.stock_balance, app.stock_counter")
    timings["vacuum analyze"] = time.perf_counter() - start
    (count,), = rows("SELECT count(*) FROM app.item")
    summary = StockSummary(items_added=added, items=count, documents=sum(by_kind.values()),
                           lines=lines_written, moves=written, balances=len(balances),
                           days=days, hot_items=[h.id for h in hot], by_kind=by_kind,
                           timings=timings)
    say(f"stock: {summary}")
    return summary


def _typed_cost(rng: random.Random, item: _Item) -> int:
    """A purchase price near the item's cost: mostly in cents, one in ten to 4 places."""
    cost = max(100, round(item.cost * rng.uniform(0.85, 1.15)))
    return cost if rng.random() < 0.1 else cost - cost % 100 or 100


def _move(out: _Writer, b: Balance, move_id: int, stamp: str, item: int, warehouse: int,
          q: int, unit: int, change: int, avg: int, doc: int, line: int,
          operator: str) -> tuple[int, int]:
    after_qty, after_value = b.qty + q, b.value + change
    if after_qty < 0 or after_value < 0 or (after_qty == 0 and after_value != 0):
        raise AssertionError(f"generator bug: item {item} warehouse {warehouse} "
                             f"would hold {after_qty} worth {after_value}")
    out.add("app.stock_move", (
        move_id, stamp, item, warehouse, q, b.qty, after_qty, cost4(unit), cost4(b.avg),
        cost4(avg), money(change), money(b.value), money(after_value), "document", doc, line,
        operator))
    b.qty, b.value, b.avg, b.last_move = after_qty, after_value, avg, move_id
    return unit, change


def _add_items(conn: Any, rows: Callable[..., list[tuple[Any, ...]]], items: int) -> int:
    """Parts up to `items` items: a category per part group and product (配件/电气配件/空调),
    brand and model, a unique barcode, a cost price, a minimum stock on every fifth."""
    (have,), = rows("SELECT count(*) FROM app.item")
    wanted = items - have
    if wanted <= 0:
        return 0
    groups = dict(rows("SELECT c.name, c.id FROM app.item_category c "
                       "JOIN app.item_category p ON p.id = c.parent_id AND p.name = '配件' "
                       "WHERE c.parent_id IS NOT NULL"))
    if set(PART_GROUPS) - set(groups):
        raise RuntimeError("no part categories: load the demo shop first")
    products = list(PRODUCTS)
    leaf: list[int] = []
    for group in PART_GROUPS:
        for product in products:
            found = rows("SELECT id FROM app.item_category WHERE parent_id = %s AND name = %s",
                         (groups[group], product))
            if not found:
                found = rows("INSERT INTO app.item_category (parent_id, name) VALUES (%s, %s) "
                             "RETURNING id", (groups[group], product))
            leaf.append(found[0][0])
    (start,), = rows("SELECT coalesce(max(id), 0) FROM app.item")
    rows("""
        INSERT INTO app.item (code, name, sale_price, kind, category_id, brand, model, unit,
                              barcode, default_warranty_months, min_stock)
        SELECT 'B' || lpad(g::text, 6, '0'),
               b.brand || p.product || n.part,
               round(c.cost * (1.3 + (g %% 7) * 0.1), 2),
               'part', (%(leaf)s::bigint[])[1 + (g %% 4) * %(np)s + (g / 4) %% %(np)s],
               b.brand, upper(substr(md5(g::text), 1, 3)) || '-' || (100 + g %% 900),
               CASE WHEN n.part LIKE '%%(米)' THEN '米' WHEN n.part LIKE '%%千克%%'
                    THEN '千克' ELSE '个' END,
               '68' || lpad(g::text, 11, '0'), 3,
               CASE WHEN g %% 5 = 0 THEN 2 + g %% 9 ELSE 0 END
        FROM generate_series(1, %(n)s) g
        CROSS JOIN LATERAL (SELECT (%(brands)s::text[])[1 + g %% %(nb)s] AS brand) b
        CROSS JOIN LATERAL (SELECT (%(products)s::text[])[1 + (g / 4) %% %(np)s] AS product) p
        CROSS JOIN LATERAL (SELECT (%(parts)s::text[])[1 + (g / 32) %% %(nparts)s] AS part) n
        CROSS JOIN LATERAL (SELECT round((1 + (hashint4(g) & 65535) / 65535.0 * 9)
                                         ^ 2.6, 2) AS cost) c
        """,
         {"leaf": leaf, "np": len(products), "n": wanted, "brands": list(BRANDS),
          "nb": len(BRANDS), "products": products, "parts": list(PART_NAMES),
          "nparts": len(PART_NAMES)})
    rows("""INSERT INTO app.item_cost (item_id, cost_price)
            SELECT i.id, round(i.sale_price / (1.3 + (substr(i.code, 2)::int %% 7) * 0.1), 2)
            FROM app.item i WHERE i.id > %s
            ON CONFLICT (item_id) DO NOTHING""", (start,))
    return wanted


def _drop_indexes(conn: Any, rows: Callable[..., list[tuple[Any, ...]]]) -> list[
        tuple[str, str]]:
    """The stock tables' secondary indexes (not those of a constraint), dropped; their
    definitions to rebuild them."""
    found = rows("""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid IN ('app.stock_move'::regclass, 'app.stock_document_line'::regclass,
                             'app.stock_document'::regclass, 'app.stock_balance'::regclass)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY 1""")
    for name, _definition in found:
        rows(f"DROP INDEX {name}")
    return [(str(n), str(d)) for n, d in found]


# -- the invariants --------------------------------------------------------------------------

CHECKS: dict[str, str] = {
    "balance differs from the sum of its ledger": """
        SELECT count(*) FROM app.stock_balance b
        LEFT JOIN (SELECT item_id, warehouse_id, sum(quantity) AS q, sum(value_change) AS v
                   FROM app.stock_move GROUP BY item_id, warehouse_id) m
               USING (item_id, warehouse_id)
        WHERE b.quantity <> coalesce(m.q, 0) OR b.value <> coalesce(m.v, 0)""",
    "ledger without a balance": """
        SELECT count(*) FROM (SELECT DISTINCT item_id, warehouse_id FROM app.stock_move) m
        WHERE NOT EXISTS (SELECT 1 FROM app.stock_balance b
                          WHERE (b.item_id, b.warehouse_id) = (m.item_id, m.warehouse_id))""",
    "balance differs from its last ledger row": """
        SELECT count(*) FROM app.stock_balance b
        LEFT JOIN app.stock_move m ON m.id = b.last_move_id
        WHERE b.last_move_id IS NOT NULL AND (m.id IS NULL
            OR (m.item_id, m.warehouse_id) <> (b.item_id, b.warehouse_id)
            OR m.qty_after <> b.quantity OR m.value_after <> b.value
            OR m.avg_after <> b.unit_cost
            OR m.id <> (SELECT max(id) FROM app.stock_move x
                        WHERE (x.item_id, x.warehouse_id) = (b.item_id, b.warehouse_id)))""",
    "row's before is not the previous row's after": """
        SELECT count(*) FROM (
            SELECT qty_before, value_before, avg_before,
                   lag(qty_after, 1, 0::numeric) OVER w AS q,
                   lag(value_after, 1, 0::numeric) OVER w AS v,
                   lag(avg_after, 1, 0::numeric) OVER w AS a
            FROM app.stock_move
            WINDOW w AS (PARTITION BY item_id, warehouse_id ORDER BY id)) c
        WHERE qty_before <> q OR value_before <> v OR avg_before <> a""",
    "negative or inconsistent row": """
        SELECT count(*) FROM app.stock_move
        WHERE qty_after < 0 OR value_after < 0 OR qty_after <> qty_before + quantity
           OR value_after <> value_before + value_change OR (qty_after = 0 AND value_after <> 0)
           OR moved_at > now()""",
    "negative balance": "SELECT count(*) FROM app.stock_balance WHERE quantity < 0 OR value < 0",
    "row not what app.stock_move_value computes": """
        SELECT count(*) FROM (
            SELECT m.unit_cost, m.value_change, m.avg_after, v.*
            FROM app.stock_move m
            JOIN app.stock_document d ON d.id = m.document_id
            CROSS JOIN LATERAL app.stock_move_value(
                m.qty_before, m.value_before, m.avg_before, m.quantity,
                CASE WHEN m.quantity > 0 AND d.kind IN ('purchase_receipt', 'other_receipt',
                                                        'opening') THEN m.unit_cost END,
                CASE WHEN m.quantity > 0 AND d.kind IN ('transfer', 'scrap',
                                                        'merchant_return')
                     THEN m.value_change END) v(u, c, a)) x
        WHERE unit_cost <> u OR value_change <> c OR avg_after <> a""",
    "transfer legs that do not carry the same value": """
        SELECT count(*) FROM (
            SELECT count(m.id) AS n, coalesce(sum(m.value_change), 1) AS v
            FROM app.stock_document_line l
            JOIN app.stock_document d ON d.id = l.document_id
                 AND d.kind IN ('transfer', 'scrap', 'merchant_return')
            LEFT JOIN app.stock_move m ON m.document_line_id = l.id
            GROUP BY l.id) x
        WHERE n <> 2 OR v <> 0""",
    "line cost or amount not its first move's": """
        SELECT count(*) FROM app.stock_document_line l
        JOIN (SELECT DISTINCT ON (document_line_id) document_line_id, unit_cost,
                     value_change, quantity
              FROM app.stock_move WHERE document_line_id IS NOT NULL
              ORDER BY document_line_id, id) m ON m.document_line_id = l.id
        WHERE l.unit_cost <> m.unit_cost OR l.amount <> abs(m.value_change)
           OR l.quantity <> abs(m.quantity)""",
    # the DB tests' (tests/db/stock_helpers.py ledger_problems) fourth query
    "half-posted document": """
        SELECT count(*) FROM app.stock_document d
        WHERE (d.state = 'draft') = EXISTS (SELECT FROM app.stock_move m
                                            WHERE m.document_id = d.id)
           OR (d.state <> 'draft' AND d.number IS NULL)""",
    "line without a move": """
        SELECT count(*) FROM app.stock_document_line l JOIN app.stock_document d
             ON d.id = l.document_id AND d.state <> 'draft'
        WHERE NOT EXISTS (SELECT 1 FROM app.stock_move m WHERE m.document_line_id = l.id)""",
    "dangling reference": """
        SELECT (SELECT count(*) FROM app.stock_move m WHERE m.document_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM app.stock_document d WHERE d.id = m.document_id))
             + (SELECT count(*) FROM app.stock_move m WHERE m.document_line_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM app.stock_document_line l
                                  WHERE l.id = m.document_line_id))
             + (SELECT count(*) FROM app.stock_move m
                  WHERE NOT EXISTS (SELECT 1 FROM app.item i WHERE i.id = m.item_id)
                     OR NOT EXISTS (SELECT 1 FROM app.warehouse w WHERE w.id = m.warehouse_id))
             + (SELECT count(*) FROM app.stock_document_line l
                  WHERE NOT EXISTS (SELECT 1 FROM app.stock_document d
                                    WHERE d.id = l.document_id))""",
    # posting order is commit order, but moved_at is when a posting's transaction began:
    # only the loaded history (documents without an operation id) is checked for it
    "loaded moves out of posting order": """
        SELECT count(*) FROM (SELECT m.moved_at, lag(m.moved_at) OVER (ORDER BY m.id) AS before
                              FROM app.stock_move m JOIN app.stock_document d
                                   ON d.id = m.document_id AND d.operation_id IS NULL) x
        WHERE moved_at < before""",
    "gap or repeat in the numbers": """
        SELECT count(*) FROM (
            SELECT c.prefix, c.year, c.last_seq, count(d.id) AS n,
                   count(DISTINCT d.number) AS distinct_n,
                   max(split_part(d.number, '-', 2)::int) AS top
            FROM app.stock_counter c
            JOIN (SELECT DISTINCT app.stock_kind_rules(k) ->> 'prefix' AS prefix
                  FROM unnest(%(kinds)s::text[]) k) p ON p.prefix = c.prefix
            LEFT JOIN app.stock_document d ON d.number LIKE c.prefix || c.year || '-%%'
            GROUP BY c.prefix, c.year, c.last_seq) x
        WHERE n <> last_seq OR distinct_n <> n OR top <> last_seq""",
}


def check_stock(conn: Any, log: Callable[[str], None] | None = print) -> dict[str, int]:
    """Every invariant above; returns {what: how many rows break it} for those broken."""
    say = log or (lambda _text: None)
    broken: dict[str, int] = {}
    with conn.cursor() as cur:
        cur.execute("SET work_mem = '256MB'")
        for name, sql in CHECKS.items():
            start = time.perf_counter()
            cur.execute(sql, {"kinds": [*PREFIX, "stocktake_adjustment"]})
            (count,) = cur.fetchone()
            say(f"check: {name}: {count} ({time.perf_counter() - start:.1f} s)")
            if count:
                broken[name] = int(count)
        cur.execute("RESET work_mem")
    return broken
