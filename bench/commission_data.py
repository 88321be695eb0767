"""A month of technicians' pay for benchmarks: technicians, rules and reviewed jobs whose
commission lines the database made.

    raw = psycopg2.connect(server.superuser_dsn(database))
    summary = generate_commissions(raw, technicians=100, jobs=30000, seed=2024)

Needs the demo master data and a ticket history first (`services.demo_shop`,
`bench/ticket_data.py`): `jobs` picked-up tickets of the last 180 days. Then:

- the dispatch data of `bench/dispatch_data.py` (`technicians` technicians, five outlets,
  `jobs` finished jobs on those tickets with their work types), as the superuser with the
  triggers off;
- the demo's commission rules and grade factors (`services.demo_commissions`), a post
  wage for every technician without one, a fifth of the technicians on the hours scheme
  (basic 120 h, rated 160 h; one in ten of those on probation) and their department's
  technical lead (E006) its supervisor, and two technicians' shares (60 / 40) on one job
  in ten;
- every job moved to this month (finished over its days so far, in the shop's time)
  and **reviewed in bulk**: one UPDATE of the jobs' state to 'reviewed' with the
  triggers on, so that cm-lines' review trigger (app.commission_job_reviewed) makes the
  lines, exactly as reviewing them one by one would (into this month's open period);
- then VACUUM ANALYZE.

Deterministic for a seed (the day is today).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aftersales_desktop.core.db import dsn_engine
from aftersales_desktop.services.demo_commissions import load_commission_rules

from .dispatch_data import DispatchSummary, _copy, _rows, generate_dispatch

HOURS_SHARE = 0.2  # of the technicians on the hours scheme
SHARED_JOBS = 0.1  # of the jobs done by two technicians (60 / 40)
SUPERVISOR = "E006"


@dataclass
class CommissionSummary:
    dispatch: DispatchSummary
    technicians: int
    jobs: int
    shared_jobs: int
    hours_scheme: int
    lines: int
    month: Any
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())

    def __str__(self) -> str:
        return (f"{self.technicians} technicians ({self.hours_scheme} on the hours scheme), "
                f"{self.jobs:,} jobs reviewed in {self.month:%Y-%m} ({self.shared_jobs:,} "
                f"shared), {self.lines:,} commission lines")


def generate_commissions(conn: Any, *, dsn: str, technicians: int = 100, jobs: int = 30000,
                         seed: int = 2024, log: Any = print) -> CommissionSummary:
    """Generate the month with a psycopg2 superuser connection (left in autocommit) and
    the same superuser's DSN (the rules are loaded through SQLAlchemy, as the demo loads
    them)."""
    say = log or (lambda _text: None)
    rng = random.Random(seed)
    dispatch = generate_dispatch(conn, technicians=technicians, open_jobs=0, history=jobs,
                                 seed=seed, log=log)
    timings: dict[str, float] = dict(dispatch.timings)
    started = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
        started = time.perf_counter()

    engine = dsn_engine(dsn)
    try:
        with engine.begin() as sa:
            load_commission_rules(sa)
    finally:
        engine.dispose()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SET work_mem = '256MB'")
        techs = [r for (r,) in _rows(cur, "SELECT id FROM app.employee WHERE is_technician "
                                          "AND active ORDER BY id")]
        cur.execute("""INSERT INTO app.employee_wage (employee_id, post_wage)
                       SELECT e.id, 3000 + (e.id % 8) * 100 FROM app.employee e
                       WHERE e.is_technician
                         AND NOT EXISTS (SELECT FROM app.employee_wage w
                                         WHERE w.employee_id = e.id)""")
        supervisor = _rows(cur, "SELECT id FROM app.employee WHERE code = %s", (SUPERVISOR,))
        hourly = sorted(rng.sample([t for t in techs if not supervisor
                                    or t != supervisor[0][0]],
                                   max(1, int(len(techs) * HOURS_SHARE))))
        pay_rows = [(t, "hours", "120", "160", "t" if n % 10 == 9 else "f", "f")
                    for n, t in enumerate(hourly)]
        cur.execute("DELETE FROM app.employee_pay WHERE employee_id = ANY(%s)", (hourly,))
        _copy(cur, "app.employee_pay", ("employee_id", "scheme", "basic_hours",
                                        "rated_hours", "probation", "supervisor"), pay_rows)
        if supervisor:
            cur.execute("""INSERT INTO app.employee_pay (employee_id, supervisor)
                           VALUES (%s, true) ON CONFLICT (employee_id)
                           DO UPDATE SET supervisor = true""", (supervisor[0][0],))
        cur.execute("SELECT date_trunc('month', app.shop_today())::date, app.shop_today(), "
                    "coalesce(app.setting('timezone') #>> '{}', 'Asia/Shanghai')")
        month, today, zone = cur.fetchone()
        lap("pay")

        # the finished jobs into this month, the shares of one in ten
        job_rows = _rows(cur, "SELECT id, technician_id FROM app.job "
                              "WHERE state IN ('finished', 'reviewed') "
                              "AND technician_id IS NOT NULL ORDER BY id")
        days = (today - month).days + 1
        cur.execute("SET session_replication_role = replica")
        cur.execute("CREATE TEMP TABLE bench_month_job (id bigint, finished_at timestamp)")
        _copy(cur, "bench_month_job", ("id", "finished_at"), (
            (job, f"{month + timedelta(days=rng.randrange(days))} "
                  f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}:00")
            for job, _tech in job_rows))
        cur.execute("""UPDATE app.job j SET state = 'finished', reviewed_at = NULL,
                           reviewed_by = NULL,
                           finished_at = least(now(), b.finished_at AT TIME ZONE %(z)s),
                           reported_at = least(now(), b.finished_at AT TIME ZONE %(z)s),
                           signed_at = least(now(), b.finished_at AT TIME ZONE %(z)s)
                       FROM bench_month_job b WHERE j.id = b.id""", {"z": zone})
        shared = []
        for job, tech in job_rows:
            if rng.random() < SHARED_JOBS:
                other = rng.choice([t for t in techs if t != tech])
                shared += [(job, tech, "60.00"), (job, other, "40.00")]
        _copy(cur, "app.job_share", ("job_id", "employee_id", "share"), shared)
        cur.execute("DROP TABLE bench_month_job")
        cur.execute("SET session_replication_role = origin")
        cur.execute("ANALYZE app.job, app.job_work_type, app.job_share, app.employee_pay")
        lap("month's jobs")
        say(f"commissions: {len(job_rows):,} jobs into {month:%Y-%m}, {len(shared) // 2:,} "
            "shared; reviewing them in bulk")

        # reviewed in bulk: the review trigger makes each job's lines
        cur.execute("""UPDATE app.job SET state = 'reviewed', reviewed_by = 'benchmanager',
                           reviewed_at = least(now(), finished_at + interval '1 day')
                       WHERE state = 'finished'""")
        lap("review (lines made)")
        lines = _rows(cur, "SELECT count(*) FROM app.commission_line WHERE period = %s",
                      (month,))[0][0]
        cur.execute("VACUUM ANALYZE app.commission_line, app.commission_period, app.job, "
                    "app.job_share, app.employee_pay, app.employee_wage")
        lap("vacuum analyze")
    summary = CommissionSummary(dispatch=dispatch, technicians=len(techs), jobs=len(job_rows),
                                shared_jobs=len(shared) // 2, hours_scheme=len(hourly),
                                lines=lines, month=month, timings=timings)
    say(f"commissions: {summary} in {summary.seconds:.0f} s")
    return summary
