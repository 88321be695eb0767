"""Returning-customer lookup: latency and round trips over 200,000 customers.

    python -m bench.bench_lookup                      # 200,000 customers, N=200, writes docs
    python -m bench.bench_lookup --customers 20000 --runs 50 --no-write   # quick look

Against a throw-away embedded cluster with the real migrations: the demo master data
(`services.demo_shop.load_demo_shop`, COPY) with `--customers` customers, their phones
and devices, then VACUUM ANALYZE (a shop in use has autovacuum; it also empties the GIN
pending lists the bulk load filled). The lookups run as an operator with the `counter`
template (contacts.view: phones in full), through the application's read path
(`Database.read()`, autocommit, SQLAlchemy over psycopg2) and `bench/proxy.py` at each
added RTT, on a warm connection. Queries, seeded: 4-digit fragments of real phone
numbers (half the last four digits, half from anywhere in the number), then names and
serial fragments. Round trips are counted per lookup by the proxy.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass, field, replace

import psycopg2

from aftersales_desktop.core.db import Database, dsn_engine
from aftersales_desktop.services import operators
from aftersales_desktop.services.demo_shop import load_demo_shop
from aftersales_desktop.services.lookup import lookup_customers

from .common import machine, markdown_table, p50, p95, publish, throwaway_shop
from .proxy import LatencyProxy

SECTION = "lookup"
TITLE = "Returning-customer lookup"
CLERK = "benchcounter"
CLERK_PASSWORD = "Counter-pass-2024"


@dataclass
class Series:
    times: list[float] = field(default_factory=list)
    trips: list[int] = field(default_factory=list)
    hits: list[int] = field(default_factory=list)


def make_queries(dsn: str, runs: int, seed: int) -> list[tuple[str, str]]:
    """(kind, text): 70% phone fragments, 15% names, 15% serial fragments."""
    rng = random.Random(seed)
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT setseed(%s)", ((seed % 1000) / 1000,))
            cur.execute("SELECT phone FROM app.customer_phone ORDER BY random() LIMIT %s",
                        (runs,))
            phones = [r[0].replace("-", "") for r in cur.fetchall()]
            cur.execute("SELECT name FROM app.customer ORDER BY random() LIMIT %s", (runs,))
            names = [r[0] for r in cur.fetchall()]
            cur.execute("SELECT serial FROM app.device ORDER BY random() LIMIT %s", (runs,))
            serials = [r[0] for r in cur.fetchall()]
    finally:
        conn.close()
    n_phone = round(runs * 0.7)
    n_name = round(runs * 0.15)
    queries = []
    for i, phone in enumerate(phones[:n_phone]):
        if i % 2 == 0:
            queries.append(("phone: last 4 digits", phone[-4:]))
        else:
            start = rng.randrange(len(phone) - 3)
            queries.append(("phone: 4 digits anywhere", phone[start:start + 4]))
    for i, name in enumerate(names[:n_name]):
        queries.append(("name", name if i % 2 == 0 else name[:2]))
    for serial in serials[:runs - len(queries)]:
        start = rng.randrange(len(serial) - 5)
        queries.append(("serial: 6 characters", serial[start:start + 6]))
    rng.shuffle(queries)
    return queries


def phone_plan(dsn: str, fragment: str) -> list[str]:
    """The scan nodes of the lookup's statements (auto_explain, nested), for the docs."""
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("LOAD 'auto_explain'")
            for setting in ("log_min_duration = 0", "log_nested_statements = on",
                            "log_analyze = on", "log_level = notice"):
                cur.execute(f"SET auto_explain.{setting}")
            cur.execute("SELECT app.customer_lookup(%s)", (fragment,))
            cur.execute("SELECT app.customer_lookup(%s)", (fragment,))
        notices = conn.notices[-3:]
    finally:
        conn.close()
    lines = []
    for notice in notices[:1]:  # the phone search statement
        for line in notice.splitlines():
            if "Scan" in line or "Index Cond" in line:
                lines.append(line.strip().replace("->  ", ""))
    return lines


def measure(database: Database, proxy: LatencyProxy, queries: list[tuple[str, str]],
            warmup: int = 5) -> dict[str, Series]:
    with database.read() as conn:
        for _kind, query in queries[:warmup]:
            lookup_customers(conn, query)
    results: dict[str, Series] = {}
    for kind, query in queries:
        with database.read() as conn:
            proxy.reset_stats()
            start = time.perf_counter()
            found = lookup_customers(conn, query)
            elapsed = (time.perf_counter() - start) * 1000
            stats = proxy.reset_stats()
        for key in (kind, "all"):
            series = results.setdefault(key, Series())
            series.times.append(elapsed)
            series.trips.append(stats.round_trips)
            series.hits.append(len(found))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_lookup",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=200, help="lookups per added RTT")
    parser.add_argument("--delays", default="0,50", help="added RTTs in ms (default 0,50)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    delays = [float(d) for d in args.delays.split(",")]

    with throwaway_shop() as shop:
        dsn = shop.server.superuser_dsn(shop.profile.database)
        engine = dsn_engine(dsn)
        try:
            start = time.perf_counter()
            with engine.begin() as conn:
                summary = load_demo_shop(conn, customers=args.customers, seed=args.seed)
            load_s = time.perf_counter() - start
            start = time.perf_counter()
            raw = psycopg2.connect(dsn)
            raw.autocommit = True
            with raw.cursor() as cur:
                cur.execute("VACUUM ANALYZE app.customer, app.customer_phone, app.device")
                cur.execute("SELECT (SELECT count(*) FROM app.customer), "
                            "(SELECT count(*) FROM app.customer_phone), "
                            "(SELECT count(*) FROM app.device)")
                sizes = cur.fetchone()
            raw.close()
            vacuum_s = time.perf_counter() - start
            with engine.begin() as conn:
                operators.create_operator(conn, code=CLERK, name="基准前台",
                                          password=CLERK_PASSWORD, template="counter")
        finally:
            engine.dispose()
        print(f"{summary}; loaded in {load_s:.1f} s, VACUUM ANALYZE {vacuum_s:.1f} s; "
              f"{sizes[0]} customers, {sizes[1]} phones, {sizes[2]} devices", flush=True)

        queries = make_queries(dsn, args.runs, args.seed)
        sample = next(q for k, q in queries if k == "phone: 4 digits anywhere")
        plan = phone_plan(dsn, sample)
        measured: dict[float, dict[str, Series]] = {}
        for delay in delays:
            with LatencyProxy(shop.profile.host, shop.profile.port, delay_ms=delay) as proxy:
                database = Database(replace(shop.profile, port=proxy.port), CLERK,
                                    CLERK_PASSWORD)
                try:
                    measured[delay] = measure(database, proxy, queries)
                finally:
                    database.dispose()
            overall = measured[delay]["all"]
            print(f"+{delay:g} ms: p50 {p50(overall.times):.1f} ms, p95 "
                  f"{p95(overall.times):.1f} ms, round trips {min(overall.trips)}.."
                  f"{max(overall.trips)}", flush=True)
        info = machine(shop.server)

    kinds = ["all", "phone: last 4 digits", "phone: 4 digits anywhere", "name",
             "serial: 6 characters"]
    rows = []
    for delay in delays:
        for kind in kinds:
            series = measured[delay].get(kind)
            if not series:
                continue
            trips = sorted(set(series.trips))
            rows.append([f"+{delay:g} ms", kind, len(series.times),
                         f"{p50(series.times):.1f}", f"{p95(series.times):.1f}",
                         f"{max(series.times):.1f}", "/".join(map(str, trips)),
                         f"{sum(series.hits) / len(series.hits):.1f}"])
    table = markdown_table(["added RTT", "query", "N", "p50 ms", "p95 ms", "max ms",
                            "round trips", "matches"], rows)
    ok = all(t == 1 for d in measured.values() for t in d["all"].trips)
    local = measured[delays[0]]
    body = "\n".join([
        f"`lookup_customers()` -> `app.customer_lookup(text, 20)` (revision 0006) over "
        f"{sizes[0]:,} customers, {sizes[1]:,} phones and {sizes[2]:,} devices "
        f"(`services.demo_shop`, seed {args.seed}; COPY load {load_s:.0f} s, then VACUUM "
        f"ANALYZE). Operator with the `counter` template (contacts.view), "
        "`Database.read()` on a warm connection, through `bench/proxy.py`. Each query "
        "returns up to 20 customers with phones, devices and last visits as one jsonb.",
        "",
        table,
        "",
        f"Target: a 4-digit phone fragment, p95 under 50 ms on the local database, one round "
        f"trip. Local p95: last 4 digits "
        f"{p95(local['phone: last 4 digits'].times):.1f} ms, 4 digits anywhere "
        f"{p95(local['phone: 4 digits anywhere'].times):.1f} ms; every lookup "
        f"{'was exactly 1 round trip' if ok else 'was NOT 1 round trip'}, so at +50 ms the "
        "wait is the local time + one RTT.",
        "",
        f"Plan of the phone search for `{sample}` (auto_explain, nested statement):",
        "",
        "```",
        *plan,
        "```",
        "",
        "Notes: pg_trgm ignores CJK characters in the C-locale database (`show_trgm('张三丰')` "
        "is empty), so names use the character-bigram GIN index of revision 0006. A "
        "3-digit fragment matches a few thousand phones (measured while tuning: p95 about "
        "30 ms); joining app.customer to filter inactive customers made the planner hash "
        "all customers (60 ms), so the function checks `active` with a scalar subquery.",
    ])
    publish(SECTION, TITLE, body, info, write=not args.no_write)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
