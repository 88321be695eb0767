"""Demo jobs in every state (on-site and carried in, with visits, work reports, photos,
reviews, a few overdue), made through the functions the screens call, as the demo's
counter clerk, dispatcher, technicians and manager."""

from __future__ import annotations

import random
import struct
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import dsn_engine
from aftersales_desktop.core.errors import Refused
from aftersales_desktop.domain.dispatch import WorkDone, WorkReport

from .demo_dispatch import causes_for
from .dispatch import assign, jobs
from .frontdesk.intake import IntakeDraft, save_intake
from .frontdesk.tickets import add_quote, decide_quote


@dataclass(frozen=True)
class DemoJob:
    """One demo job: how far it goes, to whom, on-site or carried in, and how many days
    ago the customer was promised the repair (>0: overdue)."""

    end: str  # unassigned, assigned, started, finished, reviewed
    assignee: str | None  # employee code, 'outlet', or None (unassigned)
    on_site: bool
    late_days: int = 0
    result: str = "fixed"
    visit_day: int = 0  # the visit's day from today
    visit_hour: int = 14


DEMO_JOBS: list[DemoJob] = [
    DemoJob("unassigned", None, True, visit_day=1),
    DemoJob("unassigned", None, True, late_days=2),
    DemoJob("unassigned", None, False),
    DemoJob("assigned", "E004", True, visit_day=1, visit_hour=9),
    DemoJob("assigned", "E005", True, visit_day=1, visit_hour=14),
    DemoJob("assigned", "E006", False, late_days=3),
    DemoJob("assigned", "outlet", True, visit_day=2),
    DemoJob("started", "E004", True, visit_day=0, visit_hour=8),
    DemoJob("started", "E005", False),
    DemoJob("finished", "E005", True, visit_day=-1, visit_hour=9),
    DemoJob("finished", "E004", False, late_days=1),
    DemoJob("finished", "E007", False, result="needs_parts"),
    DemoJob("reviewed", "E004", True, visit_day=-2, visit_hour=9),
    DemoJob("reviewed", "E005", False),
]
DEMO_JOB_FAULTS = {"空调": ["不制冷", "外机不转", "漏水", "E1故障代码"],
                   "冰箱": ["冷藏室结冰", "不制冷"], "洗衣机": ["不排水", "不进水"],
                   "热水器": ["不加热", "点不着火"], "电视": ["黑屏", "背光不亮"]}


def _png() -> bytes:
    """A small photo for a work report (a grey 8x8 PNG): the demo has no camera."""
    raw = b"".join(b"\x00" + b"\x80\x80\x80" * 8 for _ in range(8))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@dataclass(frozen=True)
class JobShop:
    """What making demo jobs needs of the shop: technicians (code -> employee id,
    operator), the first outlet, work types by code, the time zone, the shop's day and
    customers with an address in a technician's district and a device of a demo product."""

    staff: dict[str, tuple[int, str | None]]
    outlet: int | None
    work_types: dict[str, int]
    zone: str
    today: date
    customers: list[Any]


def job_shop(su: Connection) -> JobShop | None:
    """The demo shop as the job makers see it; None before the demo shop is loaded."""
    staff = {code: (int(eid), operator) for code, eid, operator in su.execute(text(
        "SELECT code, id, operator_code FROM app.employee WHERE is_technician"))}
    outlet = su.execute(text("SELECT id FROM app.service_outlet WHERE active "
                             "ORDER BY code LIMIT 1")).scalar()
    work_types = {code: int(wid) for code, wid in su.execute(text(
        "SELECT code, id FROM app.work_type WHERE active"))}
    zone = su.execute(text("SELECT coalesce(app.setting('timezone') #>> '{}', "
                           "'Asia/Shanghai')")).scalar_one()
    today = su.execute(text("SELECT app.shop_today()")).scalar_one()
    customers = list(su.execute(text("""
        SELECT c.id, c.address, c.region_id, d.id, d.product, d.purchase_date,
               d.warranty_months
        FROM app.customer c JOIN app.device d ON d.customer_id = c.id
        WHERE c.active AND c.region_id IS NOT NULL AND btrim(c.address) <> ''
          AND d.product = ANY(:products)
          AND EXISTS (SELECT 1 FROM app.employee_region er
                      WHERE er.region_id = c.region_id)
        ORDER BY c.id LIMIT 200"""), {"products": list(DEMO_JOB_FAULTS)}).all())
    if not customers or not staff:
        return None
    return JobShop(staff, outlet, work_types, zone, today, customers)


def load_demo_jobs(superuser_dsn: str, password: str, *, seed: int = 12) -> str:
    """The demo's jobs in every state, through the functions the screens call: the
    counter (张敏) takes the units in, the dispatcher (刘洋) assigns them, the technicians
    王强 and 赵磊 start and report their own (the dispatcher reports for the technicians
    without a login, from the returned paper sheet), the manager (陈杰) reviews. A few
    tickets were promised days ago (the demo backdates them as the superuser, as if
    taken in earlier) so that the board and my jobs show overdue work."""
    from .demo_tickets import _dsn_as

    rng = random.Random(seed)
    logins = {who: dsn_engine(_dsn_as(superuser_dsn, who, password))
              for who in ("zhangmin", "liuyang", "wangqiang", "zhaolei", "chenjie")}
    admin = dsn_engine(superuser_dsn)
    made = 0
    try:
        with admin.connect() as su:
            su = su.execution_options(isolation_level="AUTOCOMMIT")
            if su.execute(text("SELECT EXISTS (SELECT 1 FROM app.job)")).scalar():
                return "demo jobs already there"
            shop = job_shop(su)
            if shop is None:
                return "no demo jobs: load the demo shop first"
            conns = {who: engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                     for who, engine in logins.items()}
            try:
                for demo in DEMO_JOBS:
                    make_job(conns, su, demo, shop, rng)
                    made += 1
            finally:
                for conn in conns.values():
                    conn.close()
    finally:
        admin.dispose()
        for engine in logins.values():
            engine.dispose()
    return f"{made} demo jobs"


def make_job(conns: dict[str, Connection], su: Connection, demo: DemoJob, shop: JobShop,
             rng: random.Random, customer: Any = None) -> int:
    """One demo job as `demo` says, for `customer` (a row of shop.customers; a random
    one when None); returns its ticket's id. `conns` are the demo logins by code."""
    return _one_job(conns, su, demo, customer or rng.choice(shop.customers), shop.staff,
                    shop.outlet, shop.work_types, shop.zone, shop.today, rng)


def _one_job(conns: dict[str, Connection], su: Connection, demo: DemoJob, customer: Any,
             staff: dict[str, tuple[int, str | None]], outlet: int | None,
             work_types: dict[str, int], zone: str, today: date,
             rng: random.Random) -> int:
    customer_id, address, region_id, device_id, product, bought, months = customer
    at = shop_time.named_zone(zone)
    visit_start = (datetime.combine(today + timedelta(days=demo.visit_day), time(
        demo.visit_hour), tzinfo=at) if demo.on_site else None)
    saved = save_intake(conns["zhangmin"], IntakeDraft(
        customer_id=customer_id, device_id=device_id, purchase_date=bought,
        warranty_months=months, has_proof=True, fault=rng.choice(DEMO_JOB_FAULTS[product]),
        visit="on_site" if demo.on_site else "carry_in",
        address=address if demo.on_site else "", region_id=region_id,
        appointment_at=visit_start, promised_on=today + timedelta(days=3),
        shelf="" if demo.on_site else f"B-{rng.randint(1, 12):02d}"), today)
    if demo.late_days:
        # as if taken in earlier: promised `late_days` days ago
        su.execute(text("UPDATE app.ticket SET received_on = received_on - :d - 3, "
                        "received_at = received_at - make_interval(days => :d + 3), "
                        "promised_on = :p WHERE id = :t"),
                   {"d": demo.late_days, "p": today - timedelta(days=demo.late_days),
                    "t": saved.id})
    if demo.end == "unassigned":
        return saved.id
    dispatcher = conns["liuyang"]
    employee, operator = staff.get(demo.assignee or "", (None, None))
    work_type = work_types["install" if product in ("热水器",) and demo.on_site else "medium"
                           if demo.on_site else "minor"]
    if demo.assignee == "outlet":
        placed = assign.assign(dispatcher, ticket_id=saved.id, outlet_id=outlet,
                               work_type_id=work_type)
    else:
        visit_end = visit_start + timedelta(minutes=90) if visit_start else None
        try:
            placed = assign.assign(dispatcher, ticket_id=saved.id, technician_id=employee,
                                   work_type_id=work_type, visit_start=visit_start,
                                   visit_end=visit_end)
        except Refused as refused:
            # as the dispatcher does when the board says the technician lacks the work
            # type or the region: assign anyway, saying why
            if refused.code not in ("dispatch_work_type_mismatch", "dispatch_region_mismatch"):
                raise
            placed = assign.assign(dispatcher, ticket_id=saved.id, technician_id=employee,
                                   work_type_id=work_type, visit_start=visit_start,
                                   visit_end=visit_end, override_reason="临时顶班，客户急修")
    job = placed.get("job", placed)
    job_id, version = int(job["id"]), int(job["version"])
    if demo.end == "assigned":
        return saved.id
    if saved.warranty_class == "out_of_warranty":
        # repairs the customer pays for start after the customer approved the quote
        quote = add_quote(conns["zhangmin"], saved.id, parts=Decimal("180"),
                          labour=Decimal("100"))
        decide_quote(conns["zhangmin"], quote, approved=True, channel="phone",
                     decided_on=today)
    # the technician's own login, or the dispatcher from the returned paper sheet
    worker = conns.get(operator or "", dispatcher)
    version = int(jobs.start(worker, job_id=job_id, version=version)["version"])
    if demo.end == "started":
        return saved.id
    cause, action = rng.choice(causes_for(product))
    if demo.result == "needs_parts":
        cause, action = "压缩机损坏", "待配件到货后更换压缩机"
    done = [WorkDone(work_type)]
    if rng.random() < 0.5:
        done.append(WorkDone(work_types["cleaning"]))
    if demo.on_site:
        jobs.add_photo(worker, job_id=job_id, content=_png(), mime="image/png",
                       caption="维修后铭牌")
    signed = datetime.now(at).replace(microsecond=0)
    finished = jobs.report(worker, WorkReport(
        job_id=job_id, version=version, work_types=done,
        hours=Decimal(rng.choice(("0.50", "1.00", "1.50", "2.00"))), result=demo.result,
        fault_cause=cause, action=action, notes="已向客户说明使用注意事项",
        customer_signed=demo.result == "fixed", signed_at=signed), finish=True)
    version = int(finished["version"])
    if demo.end == "reviewed":
        jobs.review(conns["chenjie"], job_id=job_id, version=version, note="维修规范，同意")
    return saved.id
