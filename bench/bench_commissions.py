"""Technicians' pay over a month of 30,000 reviewed jobs: the month run, the statement
list, one statement, the print.

    python -m bench.bench_commissions               # 100 technicians, 30,000 jobs
    python -m bench.bench_commissions --tickets 30000 --customers 8000 --jobs 3000 \\
        --runs 5 --no-write                         # smoke run

Against a throw-away embedded cluster with the real migrations (default settings): the
demo master data with `--customers` customers and `--tickets` tickets over three years
(as `bench_frontdesk` loads them), then `--technicians` technicians with `--jobs` jobs
finished this month and reviewed in bulk, so that the database makes their commission
lines (`bench/commission_data.py`). Every action runs as an operator of the shop's
templates on a warm connection in autocommit (`Database.read()`), through
`bench/proxy.py` at each added RTT:

- the month run (`app.commission_month_run`, the manager): every part of the month, as
  the month page runs it (one round trip a part); the first run (it makes the hours pay,
  the supervisor's pay and every statement) at +0 ms, then reruns with nothing changed;
  target: the whole run under 2 s;
- the statement list (`app.commission_statements`, the manager): the first page of 100
  by payee, and by total;
- one statement (`app.commission_statement_get`, the manager): the payee with the most
  lines; and the technician's own (我的提成);
- the print (`services.commissions.printing.month_print`, the manager): the first 20
  statements with their lines, and the whole month (no target: a once-a-month action).

Each read: 3 warm-up runs, then `--runs` runs; p50/p95 of the time the caller waits, the
server CPU of the operator's backend, and the round trips the proxy counted. Targets
(issue 14): the reads 1 round trip each, local p95 (at +0 ms) under 100 ms; the month run
under 2 s. The PDF and the workbook of the whole month are timed once, on the client.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import psycopg2
from sqlalchemy import Connection, text

from aftersales_desktop.core.db import Database, dsn_engine
from aftersales_desktop.reports.commission_statements import (
    statements_pdf,
    statements_workbook,
)
from aftersales_desktop.services import operators
from aftersales_desktop.services.commissions.printing import month_print

from .bench_dispatch import Action, action_rows, measure_at_delays
from .bench_frontdesk import history_parser, history_shop
from .bench_stock import backend_cpu_ms, explain, slow_plans
from .commission_data import CommissionSummary, generate_commissions
from .common import load_average, machine, markdown_table, p50, p95, publish
from .proxy import LatencyProxy

SECTION = "commissions"
PASSWORD = "Commission-pass-2024"
MANAGER = "benchmanager"
TECH = "benchtech"
WARMUP = 3
TARGET_MS = 100.0
TARGET_TRIPS = 1
TARGET_RUN_S = 2.0
RERUNS = 5
PLAN_LINES = 60
PAGE = 100


@dataclass
class Samples:
    month: Any
    busiest: int  # the statement with the most lines
    busiest_lines: int
    technician: int  # TECH's employee id
    first_ids: list[int]


def load(dsn: str, args: Any) -> CommissionSummary:
    """The operators, then the month; the technician operator is the technician with the
    most jobs."""
    engine = dsn_engine(dsn)
    try:
        with engine.begin() as conn:
            for code, name, template in ((MANAGER, "基准经理", "manager"),
                                         (TECH, "基准技师", "technician")):
                operators.create_operator(conn, code=code, name=name, password=PASSWORD,
                                          template=template)
    finally:
        engine.dispose()
    raw = psycopg2.connect(dsn)
    try:
        summary = generate_commissions(raw, dsn=dsn, technicians=args.technicians,
                                       jobs=args.jobs, seed=args.seed)
        with raw.cursor() as cur:
            cur.execute("""UPDATE app.employee SET operator_code = %s WHERE id = (
                               SELECT employee_id FROM app.commission_line
                               WHERE employee_id IS NOT NULL GROUP BY employee_id
                               ORDER BY count(*) DESC, employee_id LIMIT 1)""", (TECH,))
    finally:
        raw.close()
    return summary


def _call(conn: Connection, function: str, payload: dict[str, Any]) -> Any:
    return conn.execute(text(f"SELECT app.{function}(CAST(:p AS jsonb))"),
                        {"p": json.dumps(payload, default=str)}).scalar_one()


def run_month(conn: Connection, month: Any) -> tuple[int, int, int]:
    """Every part of the month run; (parts, payees, statements changed)."""
    part, parts, payees, changed = 0, 1, 0, 0
    while part < parts:
        found = _call(conn, "commission_month_run", {"month": month, "part": part})
        parts, payees = int(found["parts"]), int(found["total_payees"])
        changed += int(found.get("changed") or 0)
        part += 1
    return parts, payees, changed


def make_samples(dsn: str, month: Any) -> Samples:
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("""SELECT s.id, s.line_count FROM app.commission_statement s
                           WHERE s.period = %s ORDER BY s.line_count DESC, s.id LIMIT 1""",
                        (month,))
            busiest, lines = cur.fetchone()
            cur.execute("SELECT id FROM app.employee WHERE operator_code = %s", (TECH,))
            technician = cur.fetchone()[0]
            cur.execute("""SELECT s.id FROM app.commission_statement s WHERE s.period = %s
                           ORDER BY s.employee_id IS NULL, s.payee_code, s.id LIMIT 20""",
                        (month,))
            first = [i for (i,) in cur.fetchall()]
    finally:
        conn.close()
    return Samples(month, busiest, lines, technician, first)


def make_actions(samples: Samples) -> list[Action]:
    month = samples.month

    def statements(order: str) -> Callable[[Connection, int], str]:
        def run(conn: Connection, _i: int) -> str:
            found = _call(conn, "commission_statements", {
                "month": month, "order": order, "offset": 0, "limit": PAGE})
            return f"{len(found['rows'])} of {found['total']:,}"
        return run

    def statement(payload: dict[str, Any]) -> Callable[[Connection, int], str]:
        def run(conn: Connection, _i: int) -> str:
            found = _call(conn, "commission_statement_get", payload)
            return f"{len(found['lines']):,} lines"
        return run

    def printed(ids: list[int] | None) -> Callable[[Connection, int], str]:
        def run(conn: Connection, _i: int) -> str:
            found = month_print(conn, month, ids)
            lines = sum(len(s["lines"]) for s in found["statements"])
            return f"{len(found['statements'])} statements, {lines:,} lines"
        return run

    return [
        Action("statement list: first page by payee", MANAGER, statements("payee")),
        Action("statement list: first page by total", MANAGER, statements("total")),
        Action(f"one statement (the busiest, {samples.busiest_lines:,} lines)", MANAGER,
               statement({"statement_id": samples.busiest})),
        Action("my statement (the technician)", TECH,
               statement({"month": month, "employee_id": samples.technician})),
        Action("print: 20 statements", MANAGER, printed(samples.first_ids)),
    ]


@dataclass
class RunFigures:
    first_s: float
    first_parts: int
    payees: int
    reruns: dict[float, list[float]]
    rerun_cpu: dict[float, list[float]]
    rerun_trips: dict[float, list[int]]
    changed_on_rerun: int


def measure_runs(shop: Any, month: Any, delays: list[float]) -> RunFigures:
    """The first month run at +0 ms, then RERUNS reruns at each added RTT."""
    first_s = 0.0
    parts = payees = changed_total = 0
    reruns: dict[float, list[float]] = {}
    cpus: dict[float, list[float]] = {}
    trips: dict[float, list[int]] = {}
    for delay in delays:
        with LatencyProxy(shop.profile.host, shop.profile.port, delay_ms=delay) as proxy:
            database = Database(replace(shop.profile, port=proxy.port), MANAGER, PASSWORD)
            try:
                with database.read() as conn:
                    pid = int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() or 0)
                    if not first_s:
                        start = time.perf_counter()
                        parts, payees, _changed = run_month(conn, month)
                        first_s = time.perf_counter() - start
                        print(f"  first month run: {first_s:.2f} s, {parts} parts, "
                              f"{payees} payees", flush=True)
                    for _n in range(RERUNS):
                        proxy.reset_stats()
                        cpu = backend_cpu_ms(pid)
                        start = time.perf_counter()
                        _parts, _payees, changed = run_month(conn, month)
                        reruns.setdefault(delay, []).append(time.perf_counter() - start)
                        cpus.setdefault(delay, []).append(backend_cpu_ms(pid) - cpu)
                        trips.setdefault(delay, []).append(proxy.reset_stats().round_trips)
                        changed_total += changed
                print(f"  +{delay:g} ms rerun: p50 {p50(reruns[delay]):.2f} s", flush=True)
            finally:
                database.dispose()
    return RunFigures(first_s, parts, payees, reruns, cpus, trips, changed_total)


def time_files(shop: Any, month: Any) -> tuple[float, float, float, int, int, int]:
    """The whole month fetched, then as the PDF and the workbook (client seconds)."""
    database = Database(shop.profile, MANAGER, PASSWORD)
    try:
        with database.read() as conn:
            start = time.perf_counter()
            data = month_print(conn, month)
            fetch_s = time.perf_counter() - start
    finally:
        database.dispose()
    with tempfile.TemporaryDirectory(prefix="bench-commissions-") as folder:
        start = time.perf_counter()
        statements_pdf(data, Path(folder) / "month.pdf")
        pdf_s = time.perf_counter() - start
        pdf_kib = (Path(folder) / "month.pdf").stat().st_size // 1024
        start = time.perf_counter()
        _count, lines = statements_workbook(data, Path(folder) / "month.xlsx")
        book_s = time.perf_counter() - start
    return fetch_s, pdf_s, book_s, len(data["statements"]), lines, pdf_kib


def main(argv: list[str] | None = None) -> int:
    parser = history_parser("python -m bench.bench_commissions", __doc__.split("\n")[0])
    parser.set_defaults(tickets=250_000, customers=60_000)
    parser.add_argument("--technicians", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=30_000)
    args = parser.parse_args(argv)
    delays = [float(d) for d in args.delays.split(",")]
    load_before = load_average()

    with history_shop(args) as (shop, dsn, history):
        start = time.perf_counter()
        summary = load(dsn, args)
        load_s = time.perf_counter() - start
        month = summary.month
        print("month run:", flush=True)
        runs = measure_runs(shop, month, delays)
        samples = make_samples(dsn, month)
        actions = make_actions(samples)
        conn = psycopg2.connect(dsn)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT count(*), pg_size_pretty(pg_total_relation_size("
                            "'app.commission_line')), current_setting('shared_buffers') "
                            "FROM app.commission_line WHERE period = %s", (month,))
                lines, line_size, buffers = cur.fetchone()
                cur.execute("SELECT count(*) FROM app.commission_statement WHERE period = %s",
                            (month,))
                statements = cur.fetchone()[0]
        finally:
            conn.close()
        measured, logged = measure_at_delays(shop.profile, PASSWORD, (MANAGER, TECH), delays,
                                             actions, args.runs)
        files = time_files(shop, month)
        local = measured[delays[0]]
        checked = [a for a in actions if not a.name.startswith("print")]
        missed = [a for a in checked
                  if p95(local[a.name].times) >= TARGET_MS
                  or max(t for d in measured.values() for t in d[a.name].trips) > TARGET_TRIPS]
        plans = {a.name: explain(dsn, a.who, logged[a.name], write=False) for a in missed}
        info = machine(shop.server)
    load_after = load_average()

    rows = []
    for delay in delays:
        s_run = runs.reruns[delay]
        rows.append([f"+{delay:g} ms", f"month run, again with nothing changed "
                     f"({runs.first_parts} parts)", len(s_run), f"{p50(s_run) * 1000:.0f}",
                     f"{p95(s_run) * 1000:.0f}", f"{max(s_run) * 1000:.0f}",
                     f"{p50(runs.rerun_cpu[delay]):.0f}",
                     "/".join(map(str, sorted(set(runs.rerun_trips[delay])))),
                     f"{runs.payees} payees"])
        rows += action_rows(delay, measured[delay], actions)
    table = markdown_table(["added RTT", "action", "N", "p50 ms", "p95 ms", "max ms",
                            "server CPU p50 ms", "round trips", "rows"], rows)
    generated = history.generated
    steps = ", ".join(f"{k} {v:.0f} s" for k, v in summary.timings.items())
    run_ok = runs.first_s < TARGET_RUN_S and p95(runs.reruns[delays[0]]) < TARGET_RUN_S
    fetch_s, pdf_s, book_s, printed, printed_lines, pdf_kib = files
    lines_md = [
        f"{generated.tickets:,} tickets over {generated.days} days for "
        f"{history.customers:,} customers (as `bench_frontdesk` loads them); {summary} "
        f"(`bench/commission_data.py`, seed {args.seed}: the dispatch data as the superuser "
        "with the triggers off, then the jobs reviewed in bulk with the triggers on, so "
        f"the review trigger made every line; {load_s:.0f} s: {steps}). {lines:,} lines "
        f"({line_size}) and {statements} statements in {month:%Y-%m}; shared_buffers "
        f"{buffers}.",
        "",
        f"Load average (1 min) {load_before} before the run and {load_after} after it "
        "(2 cores; other helpers' tests and benches ran on the same machine: the figures "
        "are those of a loaded machine).",
        "",
        f"**The month run** (the manager, every part, one round trip a part): the first run "
        f"of the month (hours pay, supervisor pay and {runs.payees} statements made) "
        f"{runs.first_s:.2f} s at +0 ms; run again with nothing changed, as below "
        f"({runs.changed_on_rerun} statements changed by the reruns). Target: under "
        f"{TARGET_RUN_S:.0f} s — {'met' if run_ok else '**missed**'}.",
        "",
        f"Reads: operators of the shop's templates (manager, technician), `Database.read()` "
        f"on a warm connection, through `bench/proxy.py`; {args.runs} runs per action after "
        f"{WARMUP} warm-ups. *Server CPU*: the operator's backend's CPU time for the action "
        "(Linux schedstat).",
        "",
        table,
        "",
        f"The whole month for the print (`month_print`, one round trip): {fetch_s:.2f} s "
        f"for {printed} statements and {printed_lines:,} lines; the PDF of them "
        f"{pdf_s:.1f} s ({pdf_kib:,} KiB), the workbook {book_s:.1f} s (on the client, "
        "once).",
        "",
        f"Targets: {TARGET_TRIPS} round trip per read and local p95 (at +0 ms) under "
        f"{TARGET_MS:.0f} ms (the print has none); the month run under {TARGET_RUN_S:.0f} s.",
        "",
    ]
    if missed:
        lines_md += ["Missed:", ""]
        for a in missed:
            worst = max(t for d in measured.values() for t in d[a.name].trips)
            lines_md.append(f"- **missed**: {a.name}: local p95 "
                            f"{p95(local[a.name].times):.1f} ms, {worst} round trip(s)")
        lines_md.append("")
        for a in missed:
            lines_md += [f"Plan of \"{a.name}\" (auto_explain, nested statements included, "
                         "which makes it slower than the measured runs; the first lines):",
                         "", "```", *slow_plans(plans[a.name])[:PLAN_LINES], "```", ""]
    elif run_ok:
        lines_md += ["Every action met its targets.", ""]
    publish(SECTION, f"Commissions ({summary.technicians} technicians, {summary.jobs:,} "
                     f"reviewed jobs in a month)", "\n".join(lines_md), info,
            write=not args.no_write)
    return 0 if not missed and run_ok else 1


if __name__ == "__main__":
    sys.exit(main())
