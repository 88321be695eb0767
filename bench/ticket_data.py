"""A shop's ticket history for benchmarks: up to a million repair tickets in SQL.

    raw = psycopg2.connect(server.superuser_dsn(database))
    summary = generate_tickets(raw, tickets=1_000_000, seed=2024, received_by="benchcounter")

Needs the demo master data first (`services.demo_shop.load_demo_shop`: customers with
devices, technicians, regions, work types). Tickets are spread over the last `days`
days (3 years), more in summer (air conditioners) and in recent years (a growing
shop); each day's numbers run WX<yyyymmdd>-0001, -0002... in the order the units
came in, continuing after any number the day already has (app.ticket_counter), and
the counters are raised so that later intakes never repeat a number.

Every ticket belongs to a customer and one of their devices (customers without a
device get one first), with the same snapshot columns an intake writes. Status by age:
nearly all of the last few days' tickets are still open, older ones are picked up
(~97% overall), ~1% cancelled, and ~2% open (pending / in repair / waiting for parts /
hard repair / at the factory / ready), some of them for months (waiting for parts,
uncollected). Warranty class follows the rule of `app.warranty_decision` on the
device's purchase date and proof, plus claim units and human damage; ~3% are on-site
visits (address and appointment), ~5% urgent. Each ticket also gets its status
history (intake, ready, picked up / cancelled) and, when carried in, its shelf.

The load runs as the superuser with `session_replication_role = replica`: the audit
triggers (and the foreign-key triggers) are skipped. The benchmark measures reads and
single intakes, not bulk loading, and a million audit rows for work nobody did would
only slow the load down; the generated rows are consistent by construction. The
ticket tally's trigger is skipped too, so the tally is counted once at the end
(`app.ticket_tally_rebuild()`). The
ticket table's secondary indexes (the GIN character-pair index above all) are dropped
for the load and rebuilt from their own definitions afterwards, which is much faster
than maintaining them row by row. Then VACUUM ANALYZE (a shop in use has autovacuum).

Runs in autocommit, one statement (and transaction) per chunk of `chunk` tickets.
Deterministic for a seed as far as PostgreSQL's `setseed` makes it (the day is today).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aftersales_desktop.services.demo_shop import BRAND_CODES, product_models

# product -> faults the customer reports (as typed at the counter)
FAULTS: dict[str, list[str]] = {
    "空调": ["不制冷", "制冷效果差", "不制热", "漏水", "室内机滴水", "噪音大", "外机不转",
           "遥控失灵", "E4故障代码", "E1故障代码", "F0故障代码", "开机无反应", "有异味",
           "频繁停机", "出风口结霜", "显示屏不亮"],
    "冰箱": ["不制冷", "冷藏室结冰", "冷冻室不冷", "噪音大", "漏水", "门封不严", "开机无反应",
           "压缩机不停机", "显示屏花屏", "E5故障代码", "有异味", "灯不亮"],
    "洗衣机": ["不脱水", "不进水", "不排水", "漏水", "噪音大", "震动大", "门打不开", "开机无反应",
            "E4故障代码", "E21故障代码", "滚筒不转", "显示屏花屏"],
    "热水器": ["不加热", "水不热", "漏水", "点不着火", "E1故障代码", "E4故障代码", "开机无反应",
            "温度忽高忽低", "有异响", "显示屏不亮"],
    "油烟机": ["吸力小", "噪音大", "漏油", "开机无反应", "灯不亮", "按键失灵", "震动大", "有异响"],
    "燃气灶": ["点不着火", "打火后熄火", "火力小", "漏气味", "打火针不打火", "旋钮松动"],
    "电视": ["开机无反应", "显示屏花屏", "有声音无图像", "黑屏", "遥控失灵", "无信号", "屏幕有竖线",
           "自动关机", "WiFi连不上", "背光不亮"],
    "微波炉": ["不加热", "转盘不转", "开机无反应", "打火花", "按键失灵", "门关不上", "E4故障代码"],
}
GENERAL_FAULTS = ["开机无反应", "噪音大", "漏水", "不加热", "遥控失灵", "显示屏花屏",
                  "E4故障代码", "有异味", "按键失灵"]
ACCESSORIES = ["", "", "", "", "遥控器", "遥控器、电源线", "电源线", "底座", "包装箱",
               "遥控器、说明书"]
APPEARANCES = ["", "", "外观完好", "外观完好", "外壳轻微划痕", "面板有磕碰", "旧机，外观一般",
               "侧板凹陷"]
REMARKS = ["", "", "", "", "", "", "", "", "客户要求尽快修好", "请先电话联系", "发票在客户处",
           "上次维修过同类故障", "客户自行拆过机", "周末才能取机"]
CANCEL_REASONS = ["客户不修了", "报价过高，客户放弃维修", "配件停产，无法维修", "客户已换新机"]

# P(still open) by age in days: (up to age, probability), the rest falls through
OPEN_BY_AGE = [(2, 0.95), (7, 0.70), (14, 0.35), (30, 0.20), (180, 0.025)]
OPEN_OLDER = 0.0005
CANCELLED = 0.01
ON_SITE = 0.03
URGENT = 0.05
CLAIM = 0.04
HUMAN_DAMAGE = 0.03
SETTLED = 0.97


@dataclass
class TicketSummary:
    tickets: int
    devices_added: int
    days: int
    first_id: int
    last_id: int
    statuses: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())

    def __str__(self) -> str:
        parts = ", ".join(f"{k} {v:,}" for k, v in sorted(self.statuses.items(),
                                                           key=lambda kv: -kv[1]))
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items())
        return (f"{self.tickets:,} tickets over {self.days} days ({parts}); "
                f"{self.devices_added:,} devices added; {self.seconds:.0f} s: {steps}")


def _open_probability(age: str) -> str:
    cases = " ".join(f"WHEN {age} <= {limit} THEN {p}" for limit, p in OPEN_BY_AGE)
    return f"CASE {cases} ELSE {OPEN_OLDER} END"


# Which open status, by age: the young ones mostly still pending, the old ones waiting
# for parts, at the factory, hard repairs or ready and not collected.
OPEN_STATUS = """
CASE WHEN age <= 2 THEN CASE
        WHEN r_kind < 0.55 THEN 'pending' WHEN r_kind < 0.80 THEN 'in_repair'
        WHEN r_kind < 0.90 THEN 'waiting_parts' ELSE 'ready' END
     WHEN age <= 14 THEN CASE
        WHEN r_kind < 0.15 THEN 'pending' WHEN r_kind < 0.45 THEN 'in_repair'
        WHEN r_kind < 0.65 THEN 'waiting_parts' WHEN r_kind < 0.70 THEN 'hard_repair'
        WHEN r_kind < 0.80 THEN 'at_factory' ELSE 'ready' END
     ELSE CASE
        WHEN r_kind < 0.03 THEN 'pending' WHEN r_kind < 0.13 THEN 'in_repair'
        WHEN r_kind < 0.38 THEN 'waiting_parts' WHEN r_kind < 0.50 THEN 'hard_repair'
        WHEN r_kind < 0.70 THEN 'at_factory' ELSE 'ready' END
END"""

INSERT_TICKETS = f"""
INSERT INTO app.ticket (number, received_at, received_on, received_by, customer_id,
    device_id, customer_name, product, brand, model, serial, purchase_date, has_proof,
    fault, accessories, appearance, remarks, visit, service_mode, address, region_id,
    appointment_at, urgent, promised_on, warranty_class, warranty_reason, human_damage,
    claim, technician_id, work_type_id, status, status_at, location_kind, location_label,
    quote_state, notice_count, fee_total, settled, released_unsettled, picked_up_at,
    repair_warranty_until)
SELECT app.format_number('WX', x.day, x.seq), x.at, x.day, %(by)s, x.customer_id,
    x.device_id, x.name, x.product, x.brand, x.model, x.serial, x.purchase, x.has_proof,
    x.fault,
    CASE WHEN x.visit = 'carry_in' THEN (%(accessories)s::text[])[1 + floor(x.r_acc
        * array_length(%(accessories)s::text[], 1))::int] ELSE '' END,
    (%(appearances)s::text[])[1 + floor(x.r_look * array_length(%(appearances)s::text[], 1))::int],
    (%(remarks)s::text[])[1 + floor(x.r_note * array_length(%(remarks)s::text[], 1))::int],
    x.visit,
    CASE WHEN x.visit = 'on_site' AND x.r_note < 0.3 THEN 'installation' ELSE 'repair' END,
    CASE WHEN x.visit = 'on_site' THEN x.address ELSE '' END,
    CASE WHEN x.visit = 'on_site' OR x.r_region < 0.3 THEN x.region_id END,
    CASE WHEN x.visit = 'on_site' THEN ((x.day + 1 + floor(x.r_appt * 3)::int)::timestamp
        + interval '9 hours' + floor(x.r_hour * 8) * interval '1 hour')
        AT TIME ZONE %(tz)s END,
    x.urgent,
    x.day + CASE WHEN x.urgent THEN 3 WHEN x.status = 'at_factory' THEN 15 ELSE 7 END,
    x.wclass, x.wreason, x.human_damage, x.claim,
    CASE WHEN x.status = 'pending' AND x.r_tech < 0.7 THEN NULL
         ELSE (%(techs)s::bigint[])[1 + floor(x.r_tech2
             * array_length(%(techs)s::bigint[], 1))::int]
    END,
    CASE WHEN x.status IN ('pending', 'cancelled') THEN NULL
         ELSE (%(work_types)s::bigint[])[1 + floor(x.r_work
             * array_length(%(work_types)s::bigint[], 1))::int] END,
    x.status, x.status_at,
    CASE WHEN x.status IN ('picked_up', 'cancelled') THEN 'customer'
         WHEN x.status = 'at_factory' THEN 'factory'
         WHEN x.visit = 'on_site' THEN 'technician' ELSE 'shelf' END,
    CASE WHEN x.status IN ('picked_up', 'cancelled') THEN ''
         WHEN x.status = 'at_factory' THEN '厂家: ' || x.brand
         WHEN x.visit = 'on_site' THEN '上门'
         ELSE chr(65 + floor(x.r_shelf * 6)::int) || '-'
              || lpad((1 + floor(x.r_hour * 40))::int::text, 2, '0') END,
    CASE WHEN x.wclass <> 'out_of_warranty' THEN NULL
         WHEN x.status = 'cancelled' THEN 'declined'
         WHEN x.status = 'pending' THEN CASE WHEN x.r_note < 0.5 THEN 'pending' END
         ELSE 'approved' END,
    CASE WHEN x.status = 'picked_up' THEN 1
         WHEN x.status = 'ready' THEN 1 + (x.age > 30)::int ELSE 0 END,
    CASE WHEN x.status = 'picked_up' AND x.wclass = 'out_of_warranty'
         THEN round((40 + 1460 * x.r_fee * x.r_fee)::numeric, 0)
         WHEN x.status = 'picked_up' AND x.visit = 'on_site' AND x.r_fee < 0.2 THEN 30
         ELSE 0 END,
    x.status = 'picked_up' AND x.r_settle < {SETTLED},
    x.status = 'picked_up' AND x.r_settle >= {SETTLED},
    x.picked_up_at,
    CASE WHEN x.status = 'picked_up' THEN (x.picked_up_at AT TIME ZONE %(tz)s)::date + 90 END
FROM (
    SELECT w.*,
        CASE WHEN w.status = 'picked_up' THEN w.done_at END AS picked_up_at,
        CASE WHEN w.status IN ('picked_up', 'cancelled') THEN w.done_at
             WHEN w.status = 'pending' THEN w.at
             ELSE w.at + (now() - w.at) * (0.2 + 0.6 * w.r_turn) END AS status_at
    FROM (
        SELECT v.*,
            CASE WHEN v.r_open < {_open_probability("v.age")} THEN {OPEN_STATUS}
                 WHEN v.r_cancel < {CANCELLED} THEN 'cancelled' ELSE 'picked_up' END
                AS status,
            -- picked up / cancelled after a turnaround of half a day to three weeks,
            -- during opening hours, never after now
            CASE WHEN v.done_plan < now() THEN v.done_plan
                 ELSE v.at + (now() - v.at) * v.r_turn END AS done_at,
            CASE WHEN v.r_claim < {CLAIM} THEN 'claim'
                 WHEN v.human_damage OR v.purchase IS NULL OR NOT v.has_proof
                      OR v.day > (v.purchase + make_interval(months => v.warranty_months))::date - 1
                 THEN 'out_of_warranty' ELSE 'in_warranty' END AS wclass,
            CASE WHEN v.r_claim < {CLAIM} THEN 'claim_unit'
                 WHEN v.human_damage THEN 'human_damage'
                 WHEN v.purchase IS NULL THEN 'no_purchase_date'
                 WHEN NOT v.has_proof THEN 'no_proof'
                 WHEN v.day > (v.purchase + make_interval(months => v.warranty_months))::date - 1
                 THEN 'expired' ELSE 'in_warranty' END AS wreason,
            v.r_claim < {CLAIM} AS claim
        FROM (
            SELECT s.*, d.device_id, d.customer_id, d.name, d.address, d.region_id,
                d.product, d.brand, d.model, d.serial, d.has_proof, d.warranty_months,
                -- the device snapshot as of the intake: a device the records say was
                -- bought later had (by the customer's word) been bought whole years earlier
                CASE WHEN d.purchase_date IS NULL OR d.purchase_date <= s.day
                     THEN d.purchase_date
                     ELSE (d.purchase_date - make_interval(years =>
                           ceil((d.purchase_date - s.day) / 365.0)::int))::date END
                    AS purchase,
                coalesce(%(faults)s::jsonb -> d.product, %(general)s::jsonb)
                    ->> floor(s.r_fault * jsonb_array_length(coalesce(
                        %(faults)s::jsonb -> d.product, %(general)s::jsonb)))::int AS fault,
                CASE WHEN s.r_visit < {ON_SITE} AND btrim(d.address) <> ''
                     THEN 'on_site' ELSE 'carry_in' END AS visit,
                s.r_urgent < {URGENT} AS urgent,
                s.r_damage < {HUMAN_DAMAGE} AS human_damage,
                (%(today)s::date - s.day) AS age,
                greatest(s.at + interval '30 minutes',
                         (((s.at AT TIME ZONE %(tz)s)
                           + interval '1 day' * (0.5 + 20 * s.r_turn * s.r_turn))::date
                          + interval '9 hours' + s.r_pick * interval '9 hours')
                         AT TIME ZONE %(tz)s) AS done_plan
            FROM (
                SELECT k.n, k.day, k.at, k.seq,
                    1 + floor(random() * %(devices)s)::int AS pick,
                    random() AS r_open, random() AS r_kind, random() AS r_cancel,
                    random() AS r_visit, random() AS r_urgent, random() AS r_claim,
                    random() AS r_damage, random() AS r_tech, random() AS r_tech2,
                    random() AS r_region, random() AS r_fee, random() AS r_settle,
                    random() AS r_turn, random() AS r_fault, random() AS r_acc,
                    random() AS r_look, random() AS r_note, random() AS r_appt,
                    random() AS r_shelf, random() AS r_hour, random() AS r_work,
                    random() AS r_pick
                FROM bench_skeleton k
                WHERE k.n BETWEEN %(lo)s AND %(hi)s
                OFFSET 0) s
            JOIN bench_device d ON d.n = s.pick) v) w) x
ORDER BY x.n
"""

INSERT_HISTORY = """
INSERT INTO app.ticket_status (ticket_id, from_status, to_status, reason, at, by_operator)
SELECT t.id, v.from_status, v.to_status, v.reason, v.at, t.received_by
FROM app.ticket t CROSS JOIN LATERAL (VALUES
    (1, NULL, 'pending', '', t.received_at),
    (2, 'pending', CASE WHEN t.status = 'picked_up' THEN 'ready' ELSE t.status END,
        CASE WHEN t.status = 'cancelled'
             THEN (%(reasons)s::text[])[(1 + t.id %% array_length(%(reasons)s::text[], 1))::int]
             ELSE '' END,
        CASE WHEN t.status = 'picked_up'
             THEN t.received_at + (t.picked_up_at - t.received_at) * 0.7
             ELSE t.status_at END),
    (3, 'ready', 'picked_up', '', t.picked_up_at)) v(k, from_status, to_status, reason, at)
WHERE t.id BETWEEN %(lo)s AND %(hi)s
  AND (v.k = 1 OR (v.k = 2 AND t.status <> 'pending') OR (v.k = 3 AND t.status = 'picked_up'))
ORDER BY t.id, v.k
"""

INSERT_SHELVES = """
INSERT INTO app.ticket_location (ticket_id, kind, shelf, label, at, by_operator)
SELECT t.id, 'shelf', s.shelf, s.shelf, t.received_at, t.received_by
FROM app.ticket t CROSS JOIN LATERAL (SELECT CASE WHEN t.location_kind = 'shelf'
    THEN t.location_label ELSE chr(65 + (t.id %% 6)::int) || '-'
         || lpad((1 + t.id %% 40)::text, 2, '0') END AS shelf) s
WHERE t.id BETWEEN %(lo)s AND %(hi)s AND t.visit = 'carry_in'
ORDER BY t.id
"""


def generate_tickets(conn: Any, tickets: int = 1_000_000, *, seed: int = 2024,
                     received_by: str | None = None, days: int = 1095,
                     chunk: int = 100_000,
                     log: Callable[[str], None] | None = print) -> TicketSummary:
    """Generate `tickets` tickets with a psycopg2 superuser connection (left in autocommit)."""
    say = log or (lambda _text: None)
    conn.autocommit = True
    timings: dict[str, float] = {}

    def step(name: str, sql: str, params: dict[str, Any] | None = None) -> int:
        start = time.perf_counter()
        with conn.cursor() as cur:
            cur.execute(sql, params)
            count = cur.rowcount
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
        return count

    def one(sql: str, params: dict[str, Any] | None = None) -> Any:
        with conn.cursor() as cur:
            cur.execute(sql, params or {})
            return cur.fetchone()

    with conn.cursor() as cur:
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cur.fetchone()[0]:
            raise RuntimeError("generate_tickets needs the cluster superuser")
        # Bulk load: skip the audit (and foreign-key) triggers, see the module docstring.
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET work_mem = '256MB'")
        cur.execute("SELECT setseed(%s)", ((seed % 10007) / 10007,))
    today, tz = one("SELECT app.shop_today(), coalesce(app.setting('timezone') #>> '{}', "
                    "'Asia/Shanghai')")
    if received_by is None:
        received_by = one("SELECT code FROM app.operator ORDER BY code LIMIT 1")[0]
    techs = [r for (r,) in _rows(conn, "SELECT id FROM app.employee "
                                       "WHERE is_technician AND active ORDER BY id")] or [None]
    work_types = [r for (r,) in _rows(conn, "SELECT id FROM app.work_type "
                                            "WHERE active ORDER BY id")] or [None]

    # 1. every customer has a device to bring in
    templates = [(i + 1, p, b, m, BRAND_CODES.get(b, "XX"), w)
                 for i, (p, b, m, w) in enumerate(product_models())]
    step("devices", "CREATE TEMP TABLE bench_template (n int PRIMARY KEY, product text, "
                    "brand text, model text, code text, months int)")
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO bench_template VALUES (%s, %s, %s, %s, %s, %s)", templates)
    added = step("devices", """
        INSERT INTO app.device (customer_id, item_id, product, brand, model, serial,
                                purchase_date, purchase_place, has_proof, warranty_months)
        SELECT c.id, (SELECT i.id FROM app.item i WHERE i.kind = 'product'
                      AND i.brand = t.brand AND i.model = t.model ORDER BY i.id LIMIT 1),
               t.product, t.brand, t.model,
               t.code || to_char(c.bought, 'YYMM') || chr(65 + floor(c.r * 26)::int)
                   || lpad(floor(c.r3 * 1e7)::int::text, 7, '0'),
               c.bought, '本店', c.r2 < 0.7, t.months
        FROM (SELECT c.id, 1 + floor(random() * %(n)s)::int AS k, random() AS r,
                     random() AS r2, random() AS r3,
                     %(today)s::date - floor(random() * 1460)::int AS bought
              FROM app.customer c
              WHERE c.active AND NOT EXISTS (SELECT 1 FROM app.device d
                                             WHERE d.customer_id = c.id)
              OFFSET 0) c
        JOIN bench_template t ON t.n = c.k""", {"n": len(templates), "today": today})
    step("devices", """
        CREATE TEMP TABLE bench_device AS
        SELECT row_number() OVER (ORDER BY d.id)::int AS n, d.id AS device_id,
               d.customer_id, c.name, c.address, c.region_id, d.product, d.brand, d.model,
               d.serial, d.purchase_date, d.has_proof, d.warranty_months
        FROM app.device d JOIN app.customer c ON c.id = d.customer_id WHERE c.active""")
    step("devices", "CREATE UNIQUE INDEX ON bench_device (n); ANALYZE bench_device")
    devices = one("SELECT count(*) FROM bench_device")[0]
    if not devices:
        raise RuntimeError("no customers to take tickets from: load the demo shop first")
    say(f"tickets: {added:,} devices added for customers without one; {devices:,} to pick from")

    # 2. the days and how many units came in on each, then every ticket's day, time and
    #    number, in the order they came in
    step("skeleton", """
        CREATE TEMP TABLE bench_day AS
        WITH d AS (
            SELECT %(today)s::date - g.i AS day,
                   (1.0 + 0.6 * (extract(month FROM %(today)s::date - g.i) IN (6, 7, 8))::int
                        + 0.25 * (extract(month FROM %(today)s::date - g.i) IN (5, 9))::int
                        + 0.4 * (1 - g.i::numeric / %(days)s))
                   * CASE WHEN extract(isodow FROM %(today)s::date - g.i) >= 6
                          THEN 1.15 ELSE 1 END AS w
            FROM generate_series(0, %(days)s - 1) g(i)),
        e AS (SELECT day, %(n)s * w / sum(w) OVER () AS exact FROM d),
        f AS (SELECT day, floor(exact)::int AS base, exact - floor(exact) AS frac FROM e)
        SELECT f.day, f.base + (row_number() OVER (ORDER BY f.frac DESC, f.day)
                                <= %(n)s - sum(f.base) OVER ())::int AS units,
               coalesce((SELECT c.last_seq FROM app.ticket_counter c
                         WHERE c.prefix = 'WX' AND c.day = f.day), 0) AS seq_from
        FROM f""", {"today": today, "days": days, "n": tickets})
    step("skeleton", """
        CREATE TEMP TABLE bench_skeleton AS
        SELECT row_number() OVER (ORDER BY x.at, x.day, x.k)::int AS n, x.day, x.at,
               (x.seq_from + row_number() OVER (PARTITION BY x.day ORDER BY x.at, x.k))::int
                   AS seq
        FROM (SELECT b.day, g.k, b.seq_from,
                     CASE WHEN b.day = %(today)s::date
                          THEN (b.day + (least(now() AT TIME ZONE %(tz)s,
                                               b.day + interval '18 hours') - b.day)
                                        * random()) AT TIME ZONE %(tz)s
                          ELSE (b.day + interval '8 hours 30 minutes'
                                + random() * interval '9 hours 30 minutes') AT TIME ZONE %(tz)s
                     END AS at
              FROM bench_day b, generate_series(1, b.units) g(k)
              OFFSET 0) x""", {"today": today, "tz": tz})
    step("skeleton", "CREATE UNIQUE INDEX ON bench_skeleton (n); ANALYZE bench_skeleton")
    say(f"tickets: {tickets:,} days and numbers laid out in {timings['skeleton']:.1f} s")

    # 3. the tickets, without the secondary indexes
    indexes = _rows(conn, """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = 'app.ticket'::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY 1""")
    for name, _definition in indexes:
        step("tickets", f"DROP INDEX {name}")
    first_id = one("SELECT coalesce(max(id), 0) + 1 FROM app.ticket")[0]
    params = {"by": received_by, "tz": tz, "today": today, "devices": devices,
              "techs": techs, "work_types": work_types, "accessories": ACCESSORIES,
              "appearances": APPEARANCES, "remarks": REMARKS,
              "faults": json.dumps(FAULTS, ensure_ascii=False),
              "general": json.dumps(GENERAL_FAULTS, ensure_ascii=False)}
    done = 0
    for lo in range(1, tickets + 1, chunk):
        hi = min(lo + chunk - 1, tickets)
        done += step("tickets", INSERT_TICKETS, {**params, "lo": lo, "hi": hi})
        say(f"tickets: {done:,} / {tickets:,} ({timings['tickets']:.0f} s)")
    last_id = one("SELECT coalesce(max(id), 0) FROM app.ticket")[0]

    # 4. history and shelves of the new tickets
    for lo in range(first_id, last_id + 1, 2 * chunk):
        hi = min(lo + 2 * chunk - 1, last_id)
        step("history", INSERT_HISTORY, {"lo": lo, "hi": hi, "reasons": CANCEL_REASONS})
        step("history", INSERT_SHELVES, {"lo": lo, "hi": hi})
    say(f"tickets: status history and shelves in {timings.get('history', 0):.0f} s")

    # 5. numbers go on after the generated ones
    step("counters", """
        INSERT INTO app.ticket_counter AS c (prefix, day, last_seq)
        SELECT 'WX', day, max(seq) FROM bench_skeleton GROUP BY day
        ON CONFLICT (prefix, day) DO UPDATE SET last_seq = greatest(c.last_seq,
                                                                    excluded.last_seq)""")

    # 6. the ticket tally (revision 0013) counted again: its trigger was off as well
    step("tally", "SELECT app.ticket_tally_rebuild()")

    # 7. the indexes back, from their own definitions
    for name, definition in indexes:
        start = time.perf_counter()
        step("indexes", definition)
        say(f"tickets: {name} rebuilt in {time.perf_counter() - start:.1f} s")
    for table in ("bench_template", "bench_device", "bench_day", "bench_skeleton"):
        step("indexes", f"DROP TABLE {table}")
    with conn.cursor() as cur:
        cur.execute("SET session_replication_role = origin")

    step("vacuum analyze", "VACUUM ANALYZE app.ticket, app.ticket_status, app.ticket_location, "
                           "app.ticket_counter, app.device, app.ticket_tally")
    statuses = dict(_rows(conn, "SELECT status, count(*) FROM app.ticket "
                                "WHERE id BETWEEN %(lo)s AND %(hi)s GROUP BY status",
                          {"lo": first_id, "hi": last_id}))
    summary = TicketSummary(tickets=done, devices_added=added, days=days, first_id=first_id,
                            last_id=last_id, statuses=statuses, timings=timings)
    say(f"tickets: {summary}")
    return summary


def _rows(conn: Any, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute(sql, params or {})
        return list(cur.fetchall())
