"""Dispatch over a shop's history: the board, an assignment, my jobs, the review queue.

    python -m bench.bench_dispatch                  # 1,000,000 tickets, 2,000 open jobs
    python -m bench.bench_dispatch --tickets 20000 --customers 5000 --open-jobs 300 \\
        --history 2000 --runs 5 --no-write          # smoke run

Against a throw-away embedded cluster with the real migrations (default settings): the
demo master data with `--customers` customers and `--tickets` tickets over three years
(as `bench_frontdesk` loads them: `services.demo_shop`, `bench/ticket_data.py`), then
`--technicians` technicians, five outlets, `--open-jobs` active jobs on open tickets and
`--history` finished jobs with their work reports (`bench/dispatch_data.py`). Every
action runs as an operator of the shop's templates through the application's calls, on
a warm connection in autocommit (`Database.read()`), through `bench/proxy.py` at each
added RTT:

- the board (`services.dispatch.reads.board`, dispatcher): all open work, 300 rows with
  every technician and outlet; also one district's and the unassigned only;
- an assignment (`services.dispatch.assign.assign` -> `app.dispatch_assign`, dispatcher):
  an unassigned carry-in ticket to a technician who may do its work type in its region
  (a different ticket each run);
- my jobs (`reads.my_jobs`, the technician with the most active jobs);
- the review queue (`reads.review_queue`, manager): everything waiting, and one
  technician's last week;
- one job as the dispatch sheet reads it (`reads.job`, dispatcher).

Each action: 3 warm-up runs, then `--runs` runs; p50/p95 of the time the caller waits,
the server CPU of the operator's backend, and the round trips the proxy counted. Targets
(issue 12): 1 round trip each, local p95 (at +0 ms) under 100 ms. A missed target gets
its plan (auto_explain, nested statements included) in the section.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import psycopg2

from aftersales_desktop.core.db import Database, dsn_engine
from aftersales_desktop.services import operators
from aftersales_desktop.services.dispatch import reads
from aftersales_desktop.services.dispatch.reads import BoardFilters, MyJobsFilters, ReviewFilters

from .bench_frontdesk import history_parser, history_shop
from .bench_stock import backend_cpu_ms, explain, slow_plans
from .common import StatementLog, load_average, machine, markdown_table, p50, p95, publish
from .dispatch_data import DispatchSummary, generate_dispatch
from .proxy import LatencyProxy

SECTION = "dispatch"
PASSWORD = "Dispatch-pass-2024"
DISPATCHER = "benchdispatcher"
MANAGER = "benchmanager"
TECH = "benchtech"
WARMUP = 3
TARGET_MS = 100.0
TARGET_TRIPS = 1
PLAN_LINES = 60  # of each missed action's plan in the section


@dataclass
class Series:
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    trips: list[int] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Action:
    name: str
    who: str
    run: Callable[[Any, int], str]
    writes: bool = False


@dataclass
class Samples:
    district: int
    district_name: str
    technician: int
    technician_name: str
    assignable: list[tuple[int, int]]  # (ticket, technician)
    jobs: list[int]


def has_assign() -> bool:
    try:
        from aftersales_desktop.services.dispatch import assign  # noqa: F401
    except ImportError:
        return False
    return True


def load(shop: Any, dsn: str, args: argparse.Namespace) -> DispatchSummary:
    """The operators, then the dispatch data; the technician operator is the technician
    with the most active jobs."""
    engine = dsn_engine(dsn)
    try:
        with engine.begin() as conn:
            for code, name, template in ((DISPATCHER, "基准调度", "dispatcher"),
                                         (MANAGER, "基准经理", "manager"),
                                         (TECH, "基准技师", "technician")):
                operators.create_operator(conn, code=code, name=name, password=PASSWORD,
                                          template=template)
    finally:
        engine.dispose()
    raw = psycopg2.connect(dsn)
    try:
        summary = generate_dispatch(raw, technicians=args.technicians,
                                    open_jobs=args.open_jobs, history=args.history,
                                    seed=args.seed)
        with raw.cursor() as cur:
            cur.execute("""UPDATE app.employee SET operator_code = %s WHERE id = (
                               SELECT technician_id FROM app.job
                               WHERE state IN ('assigned', 'started')
                                 AND technician_id IS NOT NULL
                               GROUP BY technician_id ORDER BY count(*) DESC,
                                        technician_id LIMIT 1)""", (TECH,))
    finally:
        raw.close()
    return summary


def make_samples(dsn: str, count: int, seed: int) -> Samples:
    rng = random.Random(seed)
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("""SELECT r.id, r.name, count(*) FROM app.ticket t
                           JOIN app.region r ON r.id = t.region_id
                           WHERE t.status IN ('pending', 'in_repair', 'waiting_parts',
                                              'hard_repair', 'at_factory')
                             AND r.level = 'district'
                           GROUP BY r.id, r.name ORDER BY 3 DESC LIMIT 1""")
            district, district_name, _n = cur.fetchone()
            cur.execute("SELECT id, name FROM app.employee WHERE operator_code = %s", (TECH,))
            technician, technician_name = cur.fetchone()
            # unassigned carry-in tickets and a technician who may do their work in their
            # region (no override needed)
            cur.execute("""
                SELECT t.id, (SELECT e.id FROM app.employee e
                              WHERE e.is_technician AND e.active
                                AND (t.work_type_id IS NULL OR EXISTS (
                                     SELECT 1 FROM app.employee_work_type w
                                     WHERE w.employee_id = e.id
                                       AND w.work_type_id = t.work_type_id))
                                AND (t.region_id IS NULL OR EXISTS (
                                     SELECT 1 FROM app.employee_region er
                                     WHERE er.employee_id = e.id
                                       AND er.region_id = t.region_id))
                              ORDER BY e.id LIMIT 1)
                FROM app.ticket t
                WHERE t.status IN ('pending', 'in_repair', 'waiting_parts', 'hard_repair')
                  AND t.visit = 'carry_in'
                  AND NOT EXISTS (SELECT 1 FROM app.job j WHERE j.ticket_id = t.id
                                  AND j.state IN ('assigned', 'started'))
                ORDER BY t.id""")
            assignable = [(t, e) for t, e in cur.fetchall() if e is not None]
            cur.execute("SELECT id FROM app.job WHERE state IN ('assigned', 'started', "
                        "'finished') ORDER BY id")
            jobs = [j for (j,) in cur.fetchall()]
    finally:
        conn.close()
    rng.shuffle(assignable)
    if len(assignable) < count:
        raise RuntimeError(f"only {len(assignable)} unassigned carry-in tickets to assign, "
                           f"{count} wanted: load more tickets or fewer open jobs")
    return Samples(district=district, district_name=district_name, technician=technician,
                   technician_name=technician_name, assignable=assignable[:count],
                   jobs=rng.sample(jobs, min(count, len(jobs))))


def make_actions(samples: Samples, today: Any, with_assign: bool) -> list[Action]:
    def board(filters: BoardFilters) -> Callable[[Any, int], str]:
        def run(conn: Any, _i: int) -> str:
            found = reads.board(conn, filters)
            return f"{len(found['jobs'])} of {found['total']:,}"
        return run

    def mine(conn: Any, _i: int) -> str:
        return f"{len(reads.my_jobs(conn, MyJobsFilters())['jobs'])}"

    def queue(filters: ReviewFilters) -> Callable[[Any, int], str]:
        def run(conn: Any, _i: int) -> str:
            found = reads.review_queue(conn, filters)
            return f"{len(found['jobs'])} of {found['total']:,}"
        return run

    def one_job(conn: Any, i: int) -> str:
        found = reads.job(conn, samples.jobs[i % len(samples.jobs)])
        return "1" if found else "0"

    pending = iter(samples.assignable)

    def assign_one(conn: Any, _i: int) -> str:
        from aftersales_desktop.services.dispatch import assign

        ticket, technician = next(pending)
        assign.assign(conn, ticket_id=ticket, technician_id=technician)
        return "1 job"

    actions = [
        Action("board: all open work", DISPATCHER, board(BoardFilters())),
        Action(f"board: district {samples.district_name}", DISPATCHER,
               board(BoardFilters(region_id=samples.district))),
        Action("board: unassigned", DISPATCHER, board(BoardFilters(assigned="unassigned"))),
    ]
    if with_assign:
        actions.append(Action("assign a carry-in ticket", DISPATCHER, assign_one, writes=True))
    actions += [
        Action(f"my jobs ({samples.technician_name})", TECH, mine),
        Action("review queue: all waiting", MANAGER, queue(ReviewFilters())),
        Action("review queue: one technician, last 7 days", MANAGER, queue(ReviewFilters(
            technician_id=samples.technician, since=today - timedelta(days=6), until=today))),
        Action("one job (the dispatch sheet)", DISPATCHER, one_job),
    ]
    return actions


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



Measured = dict[float, dict[str, Series]]
Statements = dict[str, list[tuple[str, Any]]]


def measure_at_delays(shop_profile: Any, password: str, who: Sequence[str],
                      delays: Sequence[float], actions: list[Action], runs: int
                      ) -> tuple[Measured, Statements]:
    """`measure` through the latency proxy at each added delay, one Database per operator
    in `who`: the series by delay and action, and each action's statements (for
    `explain`)."""
    log = StatementLog()
    statements: Statements = {}
    measured: Measured = {}
    try:
        for delay in delays:
            print(f"+{delay:g} ms:", flush=True)
            with LatencyProxy(shop_profile.host, shop_profile.port, delay_ms=delay) as proxy:
                profile = replace(shop_profile, port=proxy.port)
                databases = {code: Database(profile, code, password) for code in who}
                try:
                    measured[delay] = measure(databases, proxy, actions, runs, log, statements)
                finally:
                    for database in databases.values():
                        database.dispose()
    finally:
        log.close()
    return measured, statements


def action_rows(delay: float, series: dict[str, Series], actions: list[Action]
                ) -> list[list[object]]:
    """The table rows of one delay's actions: N, p50, p95, max, server CPU, round trips
    and the rows each answered."""
    rows: list[list[object]] = []
    for a in actions:
        s = series[a.name]
        found = sorted(set(s.rows), key=lambda x: (len(x), x))
        shown = found[0] if len(found) == 1 else f"{found[0]} .. {found[-1]}"
        rows.append([f"+{delay:g} ms", a.name, len(s.times), f"{p50(s.times):.1f}",
                     f"{p95(s.times):.1f}", f"{max(s.times):.1f}", f"{p50(s.cpu):.1f}",
                     "/".join(map(str, sorted(set(s.trips)))), shown])
    return rows

def main(argv: list[str] | None = None) -> int:
    parser = history_parser("python -m bench.bench_dispatch", __doc__.split("\n")[0])
    parser.add_argument("--technicians", type=int, default=100)
    parser.add_argument("--open-jobs", type=int, default=2000)
    parser.add_argument("--history", type=int, default=20000)
    args = parser.parse_args(argv)
    delays = [float(d) for d in args.delays.split(",")]
    with_assign = has_assign()
    load_before = load_average()

    with history_shop(args) as (shop, dsn, history):
        start = time.perf_counter()
        summary = load(shop, dsn, args)
        load_s = time.perf_counter() - start
        conn = psycopg2.connect(dsn)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT app.shop_today()")
                today = cur.fetchone()[0]
                cur.execute("""SELECT (SELECT count(*) FROM app.ticket WHERE status IN
                                  ('pending', 'in_repair', 'waiting_parts', 'hard_repair',
                                   'at_factory')),
                                  (SELECT count(*) FROM app.job),
                                  (SELECT count(*) FROM app.visit),
                                  (SELECT count(*) FROM app.job_event),
                                  current_setting('shared_buffers')""")
                board_tickets, jobs, visits, events, buffers = cur.fetchone()
        finally:
            conn.close()
        # every run assigns another ticket, at each added RTT
        samples = make_samples(dsn, len(delays) * (WARMUP + args.runs), args.seed)
        actions = make_actions(samples, today, with_assign)
        measured, statements = measure_at_delays(shop.profile, PASSWORD,
                                                 (DISPATCHER, MANAGER, TECH), delays, actions,
                                                 args.runs)
        local = measured[delays[0]]
        missed = [a for a in actions
                  if p95(local[a.name].times) >= TARGET_MS
                  or max(t for d in measured.values() for t in d[a.name].trips) > TARGET_TRIPS]
        plans = {a.name: explain(dsn, a.who, statements[a.name], write=a.writes)
                 for a in missed}
        info = machine(shop.server)
    load_after = load_average()

    rows = [row for delay in delays for row in action_rows(delay, measured[delay], actions)]
    table = markdown_table(["added RTT", "action", "N", "p50 ms", "p95 ms", "max ms",
                            "server CPU p50 ms", "round trips", "rows"], rows)
    generated = history.generated
    steps = ", ".join(f"{k} {v:.0f} s" for k, v in summary.timings.items())
    lines = [
        f"{generated.tickets:,} tickets over {generated.days} days for "
        f"{history.customers:,} customers (as `bench_frontdesk` loads them), "
        f"{board_tickets:,} of them open and needing work (every open status but ready); "
        f"{summary.technicians} technicians ({summary.technicians_added} added to the "
        f"demo's), {summary.outlets} service outlets, {summary.open_jobs:,} active jobs "
        f"({summary.open_visits:,} with a planned visit) and {summary.history:,} finished "
        f"jobs of the last 180 days with their reports ({summary.history_visits:,} done "
        f"visits; {summary.waiting_review:,} waiting for review): {jobs:,} jobs, "
        f"{visits:,} visits, {events:,} job events in all (`bench/dispatch_data.py`, seed "
        f"{args.seed}: computed in Python, COPY as the superuser with the audit triggers "
        f"off, then VACUUM ANALYZE; {load_s:.0f} s: {steps}). shared_buffers {buffers}.",
        "",
        f"Load average (1 min) {load_before} before the run and {load_after} after it "
        f"(2 cores; other helpers' work on the same machine moves the figures).",
        "",
        "Operators of the shop's templates (dispatcher, manager, technician), "
        f"`Database.read()` on a warm connection, through `bench/proxy.py`; {args.runs} "
        f"runs per action after {WARMUP} warm-ups. *Server CPU*: the operator's backend's "
        "CPU time for the action (Linux schedstat). *Rows*: the jobs the answer carries, of "
        "how many match.",
        "",
        table,
        "",
    ]
    if not with_assign:
        lines += ["The assignment is not measured: `services.dispatch.assign` was not in "
                  "the tree when this ran.", ""]
    lines += [f"Targets: {TARGET_TRIPS} round trip per action and local p95 (at +0 ms) under "
              f"{TARGET_MS:.0f} ms.", "",
              "Where the wall time is far above the server CPU, the difference is mostly the "
              "wait for a core on a loaded machine (the load average above) and the client "
              "decoding the answer (the board's 200 rows with every technician are about "
              "140 kB of JSON).", ""]
    if missed:
        lines += ["Missed:", ""]
        for a in missed:
            worst = max(t for d in measured.values() for t in d[a.name].trips)
            lines.append(f"- **missed**: {a.name}: local p95 {p95(local[a.name].times):.1f} ms, "
                         f"{worst} round trip(s)")
        lines.append("")
        for a in missed:
            lines += [f"Plan of \"{a.name}\" (auto_explain, nested statements included, which "
                      "makes it slower than the measured runs; the first lines):", "", "```",
                      *slow_plans(plans[a.name])[:PLAN_LINES], "```", ""]
    else:
        lines += ["Every action met both targets.", ""]
    publish(SECTION, f"Dispatch ({generated.tickets:,} tickets, {summary.open_jobs:,} open "
                     f"jobs, {summary.technicians} technicians)", "\n".join(lines), info,
            write=not args.no_write)
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
