"""A dispatching shop for benchmarks: technicians, outlets, open jobs and a job history.

    raw = psycopg2.connect(server.superuser_dsn(database))
    summary = generate_dispatch(raw, technicians=100, open_jobs=2000, history=20000, seed=2024)

Needs the demo master data and a ticket history first (`services.demo_shop`,
`bench/ticket_data.py`). Adds technicians until `technicians` are active (grade, one to
three regions, the work types of their grade: `services.demo_dispatch`), five service
outlets, then:

- `open_jobs` active jobs on open tickets that need work (every open status but ready,
  on-site ones first): 5% to an outlet, the rest to a technician of the ticket's region
  where there is one; pending tickets' jobs assigned, the others started. Each on-site
  job with a technician has a planned 90-minute visit between two days ago and five days
  ahead, in the first free slot of the technician's day (9:00, 11:00, 13:00, 15:00: the
  30-minute travel buffer never overlaps the next one; the exclusion constraint checks);
- `history` finished jobs on tickets picked up in the last 180 days, each with a work
  report (result, hours, a fault cause and action of its product, work types done,
  signed), those finished more than a week ago reviewed; done visits for on-site ones;
- a job event per step (assign, start, finish, review).

Rows are computed in Python and loaded with COPY through staging tables (the job ids are
chosen here, so visits and work types can name them), as the superuser with
`session_replication_role = replica` (no audit rows for work nobody did; the exclusion
and check constraints still hold every row); the tickets of active jobs get their
technician and work type; then VACUUM ANALYZE. Deterministic for a seed (the day is today).
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aftersales_desktop.services.demo_dispatch import GRADE_WORK_TYPES, causes_for
from aftersales_desktop.services.demo_shop import GIVEN, SURNAMES

BOARD_STATUSES = ("pending", "in_repair", "waiting_parts", "hard_repair", "at_factory")
GRADES = ("初级", "中级", "中级", "高级", "高级", "技师")
SLOTS = (9, 11, 13, 15)  # visit starts; 90 minutes + 30 minutes' travel fit between
VISIT = timedelta(minutes=90)
BUFFER = timedelta(minutes=30)
OUTLETS = [("WD01", "西湖家电特约维修站", "西湖区"), ("WD02", "滨江格力特约网点", "滨江区"),
           ("WD03", "萧山美的服务中心", "萧山区"), ("WD04", "余杭海尔专卖维修部", "余杭区"),
           ("WD05", "拱墅综合家电维修", "拱墅区")]
RESULTS = [("fixed", 90), ("not_fixed", 3), ("needs_parts", 5), ("factory", 2)]


@dataclass
class DispatchSummary:
    technicians: int
    technicians_added: int
    outlets: int
    open_jobs: int
    open_visits: int
    history: int
    history_visits: int
    waiting_review: int
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


def _copy(cur: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v).replace("\t", " ")
                               for v in row))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return count


def _rows(cur: Any, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
    cur.execute(sql, params)
    return list(cur.fetchall())


class _Calendar:
    """Each technician's booked slots (day, slot index), so that no two visits of one
    technician overlap (with the travel buffer)."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self.booked: set[tuple[int, date, int]] = set()

    def book(self, technician: int, day: date,
             rng: random.Random) -> tuple[datetime, datetime]:
        """The first free slot of the technician from `day` on."""
        for offset in range(60):
            wanted = day + timedelta(days=offset)
            for slot in rng.sample(range(len(SLOTS)), len(SLOTS)):
                key = (technician, wanted, slot)
                if key not in self.booked:
                    self.booked.add(key)
                    start = datetime(wanted.year, wanted.month, wanted.day, SLOTS[slot],
                                     tzinfo=self.zone)
                    return start, start + VISIT
        raise RuntimeError(f"technician {technician} has no free slot near {day}")


def _range(start: datetime, end: datetime) -> str:
    return f"[{start.isoformat()},{end.isoformat()})"


def generate_dispatch(conn: Any, *, technicians: int = 100, open_jobs: int = 2000,
                      history: int = 20000, seed: int = 2024,
                      log: Any = print) -> DispatchSummary:
    """Generate the dispatch data with a psycopg2 superuser connection (left in autocommit)."""
    say = log or (lambda _text: None)
    rng = random.Random(seed)
    conn.autocommit = True
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
        started = time.perf_counter()

    with conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET work_mem = '256MB'")
        zone_name, today = _rows(cur, "SELECT coalesce(app.setting('timezone') #>> '{}', "
                                      "'Asia/Shanghai'), app.shop_today()")[0]
        zone = ZoneInfo(zone_name)
        now = datetime.now(zone)
        regions = _rows(cur, "SELECT id, name, parent_id FROM app.region WHERE active "
                             "ORDER BY id")
        districts = {name: rid for rid, name, parent in regions if parent is not None
                     and any(p == parent and q is None for p, _n, q in regions)}
        areas = [rid for rid, _n, parent in regions if parent in districts.values()]
        work_types = dict(_rows(cur, "SELECT code, id FROM app.work_type"))

        # 1. technicians up to `technicians`, each with regions and work types
        existing = [r for (r,) in _rows(cur, "SELECT id FROM app.employee "
                                             "WHERE is_technician AND active ORDER BY id")]
        department = _rows(cur, "SELECT department_id, position_id FROM app.employee "
                                "WHERE is_technician ORDER BY id LIMIT 1")
        dept, position = department[0] if department else (None, None)
        added = max(0, technicians - len(existing))
        first = _rows(cur, "SELECT coalesce(max(id), 0) + 1 FROM app.employee")[0][0]
        new_ids = list(range(first, first + added))
        cur.execute("CREATE TEMP TABLE bench_employee (LIKE app.employee INCLUDING DEFAULTS)")
        _copy(cur, "bench_employee", ("id", "code", "name", "phone", "grade", "department_id",
                                      "position_id", "is_technician", "hire_date", "active"), (
            (eid, f"BT{n + 1:03d}", rng.choice(SURNAMES) + "".join(
                rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
             f"1380571{n:04d}", rng.choice(GRADES), dept, position, "t",
             today - timedelta(days=rng.randrange(60, 3000)), "t")
            for n, eid in enumerate(new_ids)))
        cur.execute("INSERT INTO app.employee OVERRIDING SYSTEM VALUE SELECT * FROM bench_employee")
        cur.execute("SELECT setval(pg_get_serial_sequence('app.employee', 'id'), "
                    "(SELECT max(id) FROM app.employee))")
        techs = existing + new_ids
        tech_regions: dict[int, list[int]] = {}
        tech_grade = dict(_rows(cur, "SELECT id, grade FROM app.employee WHERE id = ANY(%s)",
                                (techs,)))
        region_rows, skill_rows = [], []
        for eid in new_ids:
            picked = rng.sample(list(districts.values()), rng.choice((1, 1, 2)))
            if areas and rng.random() < 0.3:
                picked.append(rng.choice(areas))
            tech_regions[eid] = picked
            region_rows += [(eid, r) for r in picked]
            grade = tech_grade.get(eid) or "中级"
            skill_rows += [(eid, work_types[c]) for c in GRADE_WORK_TYPES.get(
                grade, GRADE_WORK_TYPES["中级"]) if c in work_types]
        for eid in existing:
            tech_regions[eid] = [r for (r,) in _rows(
                cur, "SELECT region_id FROM app.employee_region WHERE employee_id = %s",
                (eid,))]
            if not _rows(cur, "SELECT 1 FROM app.employee_work_type WHERE employee_id = %s",
                         (eid,)):
                skill_rows += [(eid, work_types[c]) for c in GRADE_WORK_TYPES["高级"]
                               if c in work_types]
        _copy(cur, "app.employee_region", ("employee_id", "region_id"), region_rows)
        _copy(cur, "app.employee_work_type", ("employee_id", "work_type_id"), skill_rows)
        by_region: dict[int, list[int]] = {}
        for eid, rids in tech_regions.items():
            for rid in rids:
                by_region.setdefault(rid, []).append(eid)
        outlet_ids = []
        for code, name, district in OUTLETS:
            found = _rows(cur, "SELECT id FROM app.service_outlet WHERE code = %s", (code,))
            if not found:
                found = _rows(cur, "INSERT INTO app.service_outlet (code, name, region_id, "
                                   "contact, phone) VALUES (%s, %s, %s, '负责人', "
                                   "'0571-86000000') RETURNING id",
                              (code, name, districts.get(district)))
            outlet_ids.append(found[0][0])
        lap("technicians")
        say(f"dispatch: {len(techs)} technicians ({added} added), {len(outlet_ids)} outlets")

        # 2. active jobs on open tickets that need work, on-site ones first
        tickets = _rows(cur, """
            SELECT t.id, t.status, t.visit, t.region_id, t.received_at, t.product,
                   t.work_type_id
            FROM app.ticket t
            WHERE t.status = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM app.job j WHERE j.ticket_id = t.id
                              AND j.state IN ('assigned', 'started'))
            ORDER BY t.visit = 'on_site' DESC, t.id""", (list(BOARD_STATUSES),))
        on_site = [t for t in tickets if t[2] == "on_site"]
        carry_in = [t for t in tickets if t[2] != "on_site"]
        rng.shuffle(carry_in)
        chosen = (on_site + carry_in)[:open_jobs]
        job_id = _rows(cur, "SELECT coalesce(max(id), 0) + 1 FROM app.job")[0][0]
        calendar = _Calendar(zone)
        jobs: list[tuple[Any, ...]] = []
        visits: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        work_done: list[tuple[Any, ...]] = []
        ticket_updates: list[tuple[Any, ...]] = []
        minor = work_types.get("minor")
        for ticket_id, status, visit, region_id, received_at, _product, wt in chosen:
            outlet = rng.random() < 0.05
            candidates = by_region.get(region_id) or techs
            tech = None if outlet else rng.choice(candidates)
            state = "assigned" if status == "pending" else "started"
            assigned_at = min(now - timedelta(minutes=5),
                              received_at + timedelta(hours=rng.uniform(0.5, 30)))
            started_at = (min(now - timedelta(minutes=1), assigned_at + timedelta(
                hours=rng.uniform(0.5, 20))) if state == "started" else None)
            work_type = wt or minor
            jobs.append((job_id, ticket_id, state, "outlet" if outlet else "technician", tech,
                         rng.choice(outlet_ids) if outlet else None, work_type, "",
                         assigned_at, "benchdispatcher", started_at, None, None, None, "", "",
                         "f", None, None, None, 0, None, None))
            events.append((job_id, ticket_id, "assign", tech, None, assigned_at))
            if started_at:
                events.append((job_id, ticket_id, "start", tech, None, started_at))
            if visit == "on_site" and tech is not None:
                start, end = calendar.book(tech, today + timedelta(days=rng.randrange(-2, 6)),
                                           rng)
                visits.append((job_id, ticket_id, tech, _range(start, end),
                               _range(start, end + BUFFER), "planned", assigned_at))
            ticket_updates.append((ticket_id, tech, work_type))
            job_id += 1
        open_count, open_visits = len(jobs), len(visits)
        lap("open jobs")

        # 3. the history: finished jobs on tickets picked up in the last 180 days
        done = _rows(cur, """
            SELECT t.id, t.visit, t.region_id, t.received_at, t.picked_up_at, t.product,
                   t.promised_on, t.work_type_id
            FROM app.ticket t
            WHERE t.status = 'picked_up' AND t.picked_up_at >= now() - interval '180 days'
              AND NOT EXISTS (SELECT 1 FROM app.job j WHERE j.ticket_id = t.id)
            ORDER BY t.id""")
        done = rng.sample(done, min(history, len(done)))
        done.sort()
        results = [r for r, share in RESULTS for _ in range(share)]
        week_ago = now - timedelta(days=7)
        waiting = 0
        for ticket_id, visit, region_id, received_at, picked_up_at, product, promised, wt \
                in done:
            tech = rng.choice(by_region.get(region_id) or techs)
            finished_at = received_at + (picked_up_at - received_at) * rng.uniform(0.3, 0.8)
            assigned_at = received_at + (finished_at - received_at) * 0.2
            started_at = received_at + (finished_at - received_at) * 0.6
            reviewed = finished_at < week_ago and rng.random() < 0.97
            waiting += not reviewed
            cause, action = rng.choice(causes_for(product))
            late = max(0, (finished_at.astimezone(zone).date() - promised).days)
            work_type = wt or minor
            jobs.append((job_id, ticket_id, "reviewed" if reviewed else "finished",
                         "technician", tech, None, work_type, "", assigned_at,
                         "benchdispatcher", started_at, finished_at,
                         rng.choice(("0.50", "1.00", "1.50", "2.00", "3.00")),
                         rng.choice(results), cause, action, "t", finished_at, finished_at,
                         "benchtech", late, finished_at + timedelta(days=2) if reviewed
                         else None, "benchmanager" if reviewed else None))
            work_done.append((job_id, work_type, "1"))
            if rng.random() < 0.2 and work_types.get("cleaning") not in (None, work_type):
                work_done.append((job_id, work_types["cleaning"], "1"))
            events += [(job_id, ticket_id, "assign", tech, None, assigned_at),
                       (job_id, ticket_id, "start", tech, None, started_at),
                       (job_id, ticket_id, "finish", tech, None, finished_at)]
            if reviewed:
                events.append((job_id, ticket_id, "review", tech, None,
                               finished_at + timedelta(days=2)))
            if visit == "on_site":
                start, end = calendar.book(tech, started_at.astimezone(zone).date(), rng)
                visits.append((job_id, ticket_id, tech, _range(start, end),
                               _range(start, end + BUFFER), "done", assigned_at))
            job_id += 1
        history_count = len(jobs) - open_count
        history_visits = len(visits) - open_visits
        lap("history")

        # 4. load: staging tables with the ids chosen here, then the real tables
        cur.execute("CREATE TEMP TABLE bench_job (LIKE app.job INCLUDING DEFAULTS)")
        _copy(cur, "bench_job", (
            "id", "ticket_id", "state", "assignee_kind", "technician_id", "outlet_id",
            "work_type_id", "override_reason", "assigned_at", "assigned_by", "started_at",
            "finished_at", "hours", "result", "fault_cause", "action", "customer_signed",
            "signed_at", "reported_at", "reported_by", "days_late", "reviewed_at",
            "reviewed_by"), jobs)
        cur.execute("INSERT INTO app.job OVERRIDING SYSTEM VALUE SELECT * FROM bench_job")
        cur.execute("SELECT setval(pg_get_serial_sequence('app.job', 'id'), "
                    "(SELECT max(id) FROM app.job))")
        _copy(cur, "app.job_work_type", ("job_id", "work_type_id", "quantity"), work_done)
        _copy(cur, "app.visit", ("job_id", "ticket_id", "technician_id", "during", "blocked",
                                 "state", "created_at"), visits)
        _copy(cur, "app.job_event", ("job_id", "ticket_id", "kind", "technician_id",
                                     "outlet_id", "at"), events)
        cur.execute("CREATE TEMP TABLE bench_ticket_job (id bigint, technician_id bigint, "
                    "work_type_id bigint)")
        _copy(cur, "bench_ticket_job", ("id", "technician_id", "work_type_id"),
              ticket_updates)
        cur.execute("UPDATE app.ticket t SET technician_id = b.technician_id, "
                    "work_type_id = b.work_type_id FROM bench_ticket_job b WHERE t.id = b.id")
        for table in ("bench_employee", "bench_job", "bench_ticket_job"):
            cur.execute(f"DROP TABLE {table}")
        cur.execute("SET session_replication_role = origin")
        lap("load")
        cur.execute("VACUUM ANALYZE app.job, app.visit, app.job_event, app.job_work_type, "
                    "app.employee, app.employee_region, app.employee_work_type, app.ticket")
        lap("vacuum analyze")
    summary = DispatchSummary(
        technicians=len(techs), technicians_added=added, outlets=len(outlet_ids),
        open_jobs=open_count, open_visits=open_visits, history=history_count,
        history_visits=history_visits, waiting_review=waiting, timings=timings)
    say(f"dispatch: {open_count:,} open jobs ({open_visits:,} visits), {history_count:,} "
        f"finished ({history_visits:,} visits, {waiting:,} waiting for review) in "
        f"{summary.seconds:.0f} s")
    return summary
