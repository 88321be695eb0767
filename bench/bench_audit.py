"""Audit trail overhead: inserts and updates per second with and without the trigger.

    python -m bench.bench_audit                  # 7 runs per row after a warm-up, writes docs
    python -m bench.bench_audit --runs 2 --single 300 --batches 3 --no-write   # quick look

Against a throw-away embedded cluster with the real migrations. The writes come from
an operator with the `counter` template plus `masterdata.edit` (not a superuser, not
an administrator), through the application's own write path (`Database.transaction()`,
SQLAlchemy over psycopg2, straight to the server on loopback):

- single INSERT: one row per transaction, committed one by one (one save = one
  transaction: BEGIN, INSERT, COMMIT);
- batched INSERT: `--batch-size` rows per transaction in one `execute_values` statement;
- single UPDATE: one column of one existing row per transaction;
- batched UPDATE: `--batch-size` rows per transaction in one `UPDATE ... FROM (VALUES ...)`.

Each operation runs WITHOUT the trigger (`ALTER TABLE ... DISABLE TRIGGER audit_change`
as the superuser) and WITH it (re-enabled), the two back to back and their order
alternated from run to run, so drift in the machine hits both alike. The audit trail
starts with `--history` earlier entries (as a shop in use has; analyzed), and every run
starts from the same state: the table truncated (updates: rows preloaded), the audit
entries of earlier runs deleted, both vacuumed, a CHECKPOINT. The trigger is re-enabled
on every table at the end, whatever happens.

Why not simply truncate the audit tables: a change_log that was VACUUM ANALYZEd while
empty gets planned as empty, and the foreign-key check audit.sensitive_value ->
audit.change_log then scans the whole change_log for every audited row (seen: sensitive
batches 30x slower than plain ones, getting slower batch by batch) - a bench artifact, not
what a shop with a populated, analyzed audit trail sees.

Tables: app.customer and app.item (plain rows), and app.customer_phone, whose `phone`
the trigger redacts to "***" in audit.change_log and copies to audit.sensitive_value
(revision 0003), so each audited row there costs a second insert.

Also reported, in a separate pass after `VACUUM FULL` (so no free space is reused): how
much the audit trail (audit.change_log + audit.sensitive_value) grows per audited row
(pg_total_relation_size delta / rows: heap + indexes + TOAST), next to how much the
audited table itself grows per inserted row.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg2
from psycopg2.extras import execute_values
from sqlalchemy import text

from aftersales_desktop.core.db import Database, dsn_engine
from aftersales_desktop.services import operators
from aftersales_desktop.services.session import close_session, open_session

from .common import Shop, machine, markdown_table, throwaway_shop, write_section

SECTION = "audit"
TITLE = "Audit trail overhead"
CLERK = "benchclerk"
CLERK_PASSWORD = "Clerk-pass-2024"


# -- what is written ----------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """One audited table and the statements the bench sends to it."""

    table: str
    insert_one: str  # SQLAlchemy text, :code :name [:price]
    insert_many: str  # execute_values, VALUES %s
    insert_template: str
    update_one: str  # :id :value
    update_many: str  # execute_values, FROM (VALUES %s) AS v(id, value)
    update_template: str
    preload: str  # superuser, %s = number of rows
    row: Callable[[int], dict[str, Any]]  # n -> insert parameters
    new_value: Callable[[int], Any]  # n -> the updated column's new value
    label: str = ""  # how the report names it (default: the table)
    truncate: str = ""  # superuser, before every run (default: the table, CASCADE)
    setup: str = ""  # superuser, after the truncate (rows the target refers to)
    sensitive: bool = False  # every audited row also writes audit.sensitive_value

    @property
    def name(self) -> str:
        return self.label or self.table

    def insert_tuple(self, n: int) -> tuple[Any, ...]:
        return tuple(self.row(n).values())


CUSTOMER = Target(
    table="app.customer",
    insert_one="INSERT INTO app.customer (code, name) VALUES (:code, :name)",
    insert_many="INSERT INTO app.customer (code, name) VALUES %s",
    insert_template="(%s, %s)",
    update_one="UPDATE app.customer SET name = :value WHERE id = :id",
    update_many="UPDATE app.customer AS t SET name = v.value "
                "FROM (VALUES %s) AS v(id, value) WHERE t.id = v.id",
    update_template="(%s::bigint, %s::text)",
    preload="INSERT INTO app.customer (code, name) "
            "SELECT 'P' || lpad(g::text, 8, '0'), '预载客户 ' || g FROM generate_series(1, %s) g",
    row=lambda n: {"code": f"C{n:08d}", "name": f"张三丰维修客户 {n}"},
    new_value=lambda n: f"李四修改后的客户 {n}",
)

ITEM = Target(
    table="app.item",
    insert_one="INSERT INTO app.item (code, name, sale_price) VALUES (:code, :name, :price)",
    insert_many="INSERT INTO app.item (code, name, sale_price) VALUES %s",
    insert_template="(%s, %s, %s::numeric)",
    update_one="UPDATE app.item SET sale_price = :value WHERE id = :id",
    update_many="UPDATE app.item AS t SET sale_price = v.value "
                "FROM (VALUES %s) AS v(id, value) WHERE t.id = v.id",
    update_template="(%s::bigint, %s::numeric)",
    preload="INSERT INTO app.item (code, name, sale_price) "
            "SELECT 'P' || lpad(g::text, 8, '0'), '预载配件 ' || g, 10 + g %% 500 "
            "FROM generate_series(1, %s) g",
    row=lambda n: {"code": f"I{n:08d}", "name": f"洗衣机排水泵 型号{n % 97}",
                   "price": f"{50 + n % 900}.50"},
    new_value=lambda n: f"{60 + n % 900}.00",
)

# A column the trigger redacts in change_log ("***") and copies to audit.sensitive_value.
PHONES = 1000  # customers the phones belong to
CUSTOMER_PHONE = Target(
    table="app.customer_phone",
    label="app.customer_phone (sensitive)",
    insert_one="INSERT INTO app.customer_phone (customer_id, phone) VALUES (:customer, :phone)",
    insert_many="INSERT INTO app.customer_phone (customer_id, phone) VALUES %s",
    insert_template="(%s::bigint, %s)",
    update_one="UPDATE app.customer_phone SET phone = :value WHERE id = :id",
    update_many="UPDATE app.customer_phone AS t SET phone = v.value "
                "FROM (VALUES %s) AS v(id, value) WHERE t.id = v.id",
    update_template="(%s::bigint, %s::text)",
    preload="INSERT INTO app.customer_phone (customer_id, phone) "
            f"SELECT 1 + g % {PHONES}, '139' || lpad(g::text, 8, '0') "
            "FROM generate_series(1, %s) g".replace("g % ", "g %% "),
    row=lambda n: {"customer": 1 + n % PHONES, "phone": f"138{n % 10**8:08d}"},
    new_value=lambda n: f"137{n % 10**8:08d}",
    truncate="TRUNCATE app.customer, app.customer_phone RESTART IDENTITY CASCADE",
    setup="INSERT INTO app.customer (code, name) SELECT 'H' || g, '电话客户 ' || g "
          f"FROM generate_series(1, {PHONES}) g",
    sensitive=True,
)

TARGETS = {"customer": CUSTOMER, "item": ITEM, "customer_phone": CUSTOMER_PHONE}
AUDIT_TABLES = ("audit.change_log", "audit.sensitive_value")  # the second since 0003


# -- results -------------------------------------------------------------------------------

@dataclass
class Series:
    """One operation on one table, with or without the trigger: rows/s of every run."""

    rates: list[float] = field(default_factory=list)  # rows (= transactions for single) / s

    @property
    def median(self) -> float:
        return statistics.median(self.rates)


@dataclass(frozen=True)
class Growth:
    """Bytes per audited row, measured on compacted tables."""

    log_insert: float  # audit trail, per inserted row
    table_insert: float  # the audited table itself, per inserted row
    log_update: float  # audit trail, per one-column update


@dataclass
class Operation:
    key: str
    label: str
    unit: str  # "tx/s" or "rows/s"
    action: str  # "insert" / "update"
    run: Callable[[Database, Target, int, int], int]  # (db, target, first n, count) -> rows
    prepare_rows: Callable[[int], int]  # count -> rows to preload (updates)
    off: Series = field(default_factory=Series)
    on: Series = field(default_factory=Series)


def _single_insert(db: Database, t: Target, first: int, count: int) -> int:
    statement = text(t.insert_one)
    for n in range(first, first + count):
        with db.transaction() as conn:
            conn.execute(statement, t.row(n))
    return count


def _single_update(db: Database, t: Target, first: int, count: int) -> int:
    statement = text(t.update_one)
    for row_id in range(1, count + 1):  # each preloaded row once
        with db.transaction() as conn:
            conn.execute(statement, {"id": row_id, "value": t.new_value(first + row_id)})
    return count


def _batches(batch: int) -> tuple[Callable[..., int], Callable[..., int]]:
    def insert(db: Database, t: Target, first: int, count: int) -> int:
        n = first
        for _ in range(count):
            rows = [t.insert_tuple(i) for i in range(n, n + batch)]
            n += batch
            with db.transaction() as conn, conn.connection.cursor() as cur:
                execute_values(cur, t.insert_many, rows, template=t.insert_template,
                               page_size=batch)
        return count * batch

    def update(db: Database, t: Target, first: int, count: int) -> int:
        row_id = 1
        for _ in range(count):
            rows = [(i, t.new_value(first + i)) for i in range(row_id, row_id + batch)]
            row_id += batch
            with db.transaction() as conn, conn.connection.cursor() as cur:
                execute_values(cur, t.update_many, rows, template=t.update_template,
                               page_size=batch)
        return count * batch

    return insert, update


# -- the superuser's side -------------------------------------------------------------------

class Admin:
    """Superuser connection (autocommit): resets, trigger switch, sizes."""

    def __init__(self, dsn: str) -> None:
        self.conn = psycopg2.connect(dsn)
        self.conn.autocommit = True

    def value(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        with self.conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchone()[0]

    def run(self, sql: str, params: Sequence[Any] | None = None) -> None:
        with self.conn.cursor() as cur:
            cur.execute(sql, params)

    def set_trigger(self, table: str, enabled: bool) -> None:
        self.run(f"ALTER TABLE {table} {'ENABLE' if enabled else 'DISABLE'} TRIGGER audit_change")

    def trigger_enabled(self, table: str) -> bool:
        return self.value("SELECT tgenabled <> 'D' FROM pg_trigger "
                          "WHERE tgrelid = %s::regclass AND tgname = 'audit_change'",
                          (table,))

    def audit_tables(self) -> list[str]:
        return [name for name in AUDIT_TABLES
                if self.value("SELECT to_regclass(%s) IS NOT NULL", (name,))]

    def seed_history(self, entries: int) -> int:
        """Earlier audit entries, as in a shop in use (1 in 10 with a sensitive value);
        returns the last id: everything after it belongs to the bench and is deleted."""
        if entries:
            self.run(
                "INSERT INTO audit.change_log (at, operator, application, table_name, "
                "record_key, action, changed, old_values, new_values) "
                "SELECT now() - g * interval '1 minute', 'op' || g % 20, 'aftersales-desktop', "
                "t.name, g::text, CASE WHEN g % 3 = 0 THEN 'insert' ELSE 'update' END, "
                "'{code,name}', CASE WHEN g % 3 = 0 THEN NULL ELSE "
                "jsonb_build_object('name', '旧名称 ' || g) END, "
                "jsonb_build_object('code', 'H' || g, 'name', '历史记录 ' || g) "
                "FROM generate_series(1, %s) g, "
                "LATERAL (SELECT (ARRAY['app.customer', 'app.item', 'app.customer_phone'])"
                "[1 + g % 3] AS name) t".replace("%", "%%").replace("%%s", "%s"),
                (entries,))
            if "audit.sensitive_value" in self.audit_tables():
                self.run("INSERT INTO audit.sensitive_value (change_id, capability, new_values) "
                         "SELECT id, 'contacts.view', jsonb_build_object('phone', '13900000000') "
                         "FROM audit.change_log WHERE id % 10 = 0")
        for table in self.audit_tables():
            self.run(f"VACUUM (ANALYZE) {table}")
        return int(self.value("SELECT coalesce(max(id), 0) FROM audit.change_log"))

    def reset(self, t: Target, preload: int, mark: int) -> None:
        self.run(t.truncate or f"TRUNCATE {t.table} RESTART IDENTITY CASCADE")
        if t.setup:
            self.run(t.setup)
        if preload:
            self.set_trigger(t.table, False)
            self.run(t.preload, (preload,))
        # sensitive_value goes with it (ON DELETE CASCADE)
        self.run("DELETE FROM audit.change_log WHERE id > %s", (mark,))
        for table in self.audit_tables():
            self.run(f"VACUUM {table}")
        self.run(f"VACUUM (ANALYZE) {t.table}")
        self.run("CHECKPOINT")

    def compact(self, t: Target) -> None:
        for table in (t.table, *self.audit_tables()):
            self.run(f"VACUUM (FULL, ANALYZE) {table}")
        self.run("CHECKPOINT")

    def size(self, relation: str) -> int:
        return int(self.value("SELECT pg_total_relation_size(%s::regclass)", (relation,)))

    def audit_size(self) -> int:
        return sum(self.size(name) for name in self.audit_tables())

    def new_entries(self, mark: int) -> dict[str, int]:
        counts = {"audit.change_log": int(self.value(
            "SELECT count(*) FROM audit.change_log WHERE id > %s", (mark,)))}
        if "audit.sensitive_value" in self.audit_tables():
            counts["audit.sensitive_value"] = int(self.value(
                "SELECT count(*) FROM audit.sensitive_value WHERE change_id > %s", (mark,)))
        return counts

    def close(self) -> None:
        self.conn.close()


def _create_clerk(shop: Shop) -> None:
    engine = dsn_engine(shop.server.superuser_dsn())
    try:
        with engine.begin() as conn:
            operators.create_operator(conn, code=CLERK, name="基准录入员", password=CLERK_PASSWORD,
                                      template="counter", grant=["masterdata.edit"])
    finally:
        engine.dispose()


# -- the measurement --------------------------------------------------------------------------

def _check(admin: Admin, t: Target, what: str, enabled: bool, rows: int,
           mark: int) -> None:
    """The trigger did (or did not) write what it should: one entry per row."""
    expected = rows if enabled else 0
    for relation, found in admin.new_entries(mark).items():
        wanted = expected if relation == "audit.change_log" or t.sensitive else 0
        if found != wanted:
            raise RuntimeError(f"{t.table} {what} trigger={'on' if enabled else 'off'}: "
                               f"{found} new rows in {relation}, expected {wanted}")


def _one_run(db: Database, admin: Admin, t: Target, op: Operation, count: int,
             enabled: bool, serial: list[int], mark: int) -> float:
    """Reset, switch the trigger, run `count` units; rows (= transactions if single) / s."""
    admin.reset(t, op.prepare_rows(count), mark)
    admin.set_trigger(t.table, enabled)
    started = time.perf_counter()
    rows = op.run(db, t, serial[0], count)
    elapsed = time.perf_counter() - started
    serial[0] += rows + 1
    _check(admin, t, op.key, enabled, rows, mark)
    return rows / elapsed


def _growth(db: Database, admin: Admin, t: Target, batches: int, batch: int,
            serial: list[int], mark: int) -> Growth:
    """Batched inserts, then updates of the same rows, on compacted tables (no free space
    to reuse, so pg_total_relation_size grows by what the rows take)."""
    insert, update = _batches(batch)
    admin.reset(t, 0, mark)
    admin.set_trigger(t.table, True)
    admin.compact(t)
    log0, table0 = admin.audit_size(), admin.size(t.table)
    rows = insert(db, t, serial[0], batches)
    serial[0] += rows + 1
    _check(admin, t, "growth insert", True, rows, mark)
    log1, table1 = admin.audit_size(), admin.size(t.table)
    update(db, t, serial[0], batches)  # ids 1..rows: the rows just inserted
    serial[0] += rows + 1
    _check(admin, t, "growth update", True, 2 * rows, mark)
    log2 = admin.audit_size()
    return Growth(log_insert=(log1 - log0) / rows, table_insert=(table1 - table0) / rows,
                  log_update=(log2 - log1) / rows)


def measure(shop: Shop, targets: Sequence[Target], *, runs: int, single: int, batches: int,
            batch: int, history: int, log: Callable[[str], None],
            ) -> tuple[dict[str, list[Operation]], dict[str, Growth]]:
    _create_clerk(shop)
    db, session = open_session(shop.profile, CLERK, CLERK_PASSWORD)
    if not session.can("masterdata.edit") or session.can("operators.admin"):
        raise RuntimeError(f"{CLERK} should have masterdata.edit and not be an administrator")
    admin = Admin(shop.server.superuser_dsn())
    batch_insert, batch_update = _batches(batch)
    results: dict[str, list[Operation]] = {}
    growth: dict[str, Growth] = {}
    serial = [1]
    try:
        mark = admin.seed_history(history)
        for t in targets:
            ops = [
                Operation("single_insert", "single-row INSERT, 1 row per transaction", "tx/s",
                          "insert", _single_insert, lambda _n: 0),
                Operation("batch_insert", f"batched INSERT, {batch:,} rows per transaction",
                          "rows/s", "insert", batch_insert, lambda _n: 0),
                Operation("single_update", "single-row UPDATE (1 column), 1 row per transaction",
                          "tx/s", "update", _single_update, lambda n: n),
                Operation("batch_update", f"batched UPDATE (1 column), {batch:,} rows per "
                          "transaction", "rows/s", "update", batch_update,
                          lambda n, b=batch: n * b),
            ]
            results[t.name] = ops
            for op in ops:
                count = single if op.key.startswith("single") else batches
                warm = max(1, count // 5)
                for enabled in (False, True):  # warm-up, not recorded
                    _one_run(db, admin, t, op, warm, enabled, serial, mark)
                for i in range(runs):
                    order = (False, True) if i % 2 == 0 else (True, False)
                    for enabled in order:
                        rate = _one_run(db, admin, t, op, count, enabled, serial, mark)
                        (op.on if enabled else op.off).rates.append(rate)
                    log(f"{t.name:31} {op.key:14} run {i + 1}/{runs}: "
                        f"without {op.off.rates[-1]:9,.0f}  with {op.on.rates[-1]:9,.0f} "
                        f"{op.unit}")
            growth[t.name] = _growth(db, admin, t, batches, batch, serial, mark)
            g = growth[t.name]
            log(f"{t.name:31} audit trail bytes per row: insert {g.log_insert:,.0f} "
                f"(table {g.table_insert:,.0f}), update {g.log_update:,.0f}")
    finally:
        try:
            for t in TARGETS.values():
                admin.set_trigger(t.table, True)
            still_off = [t.table for t in TARGETS.values() if not admin.trigger_enabled(t.table)]
            if still_off:
                raise RuntimeError(f"audit trigger still disabled on {still_off}")
        finally:
            admin.close()
            close_session(db)
            db.dispose()
    return results, growth


# -- report -------------------------------------------------------------------------------------

def _rate(series: Series) -> str:
    low, high = min(series.rates), max(series.rates)
    return f"{series.median:,.0f} ({low:,.0f}-{high:,.0f})"


def _pairs(op: Operation) -> list[tuple[float, float]]:
    """(without, with) of the same run: measured back to back, so they share the load."""
    return list(zip(op.off.rates, op.on.rates, strict=True))


def overhead_runs(op: Operation) -> list[float]:
    return [(off / on - 1) * 100 for off, on in _pairs(op)]


def overhead_pct(op: Operation) -> float:
    """Extra time per row with the trigger, in % of the time without it (median of pairs)."""
    return statistics.median(overhead_runs(op))


def extra_us(op: Operation) -> float:
    return statistics.median([(1 / on - 1 / off) * 1e6 for off, on in _pairs(op)])


def report(results: dict[str, list[Operation]], growth: dict[str, Growth], *, runs: int,
           single: int, batches: int, batch: int, history: int) -> str:
    rows = []
    for table, ops in results.items():
        for op in ops:
            rows.append([f"{table}: {op.label} ({op.unit})", _rate(op.off), _rate(op.on),
                         f"{overhead_pct(op):+.0f} % ({min(overhead_runs(op)):+.0f} to "
                         f"{max(overhead_runs(op)):+.0f})", f"{extra_us(op):.0f}"])
    main = markdown_table(["operation", "without trigger", "with trigger", "overhead",
                           "extra µs per row"], rows)
    growth_rows = [[table, f"{g.log_insert:,.0f}", f"{g.table_insert:,.0f}",
                    f"{g.log_update:,.0f}"] for table, g in growth.items()]
    growth_table = markdown_table(["table", "audit trail bytes per inserted row",
                                   "the table's own bytes per inserted row",
                                   "audit trail bytes per 1-column update"], growth_rows)
    return "\n".join([
        f"Each figure: median of {runs} runs (min-max in brackets), after a warm-up run; "
        f"single-row runs are {single:,} transactions, batched runs {batches} transactions "
        f"of {batch:,} rows. The writes come from an operator with the `counter` template + "
        "`masterdata.edit` through the application's write path (`Database.transaction()`: "
        "SQLAlchemy + psycopg2, BEGIN / statement / COMMIT), on loopback with no added "
        "latency and the server's default `synchronous_commit = on`. *Without trigger*: "
        "`ALTER TABLE ... DISABLE TRIGGER audit_change` by the superuser; with and without "
        "run back to back, their order alternating. The audit trail holds "
        f"{history:,} earlier entries (analyzed, as in a shop in use); every run starts "
        "from the same state: the table truncated (updates: the rows preloaded, each "
        "updated once), the previous runs' audit entries deleted, VACUUM, CHECKPOINT. "
        "`app.customer_phone.phone` is a sensitive column (revision 0003): the trigger "
        "writes \"***\" to audit.change_log and the value to audit.sensitive_value, a "
        "second insert (and a foreign-key check) per row. "
        "*Overhead* = extra time per row with the trigger, in % of the time without it "
        "(without / with - 1), taken run by run from the two back-to-back measurements "
        "and reported as the median of the runs (min to max in brackets), so load that "
        "comes and goes on the machine cancels out; *extra µs per row* = 1/with - "
        "1/without, the same way.",
        "",
        main,
        "",
        f"Growth per row ({batches * batch:,} rows inserted in batches, then each updated "
        "once, on tables compacted by VACUUM FULL first so no free space is reused): "
        "pg_total_relation_size delta (heap + indexes + TOAST) of the audit trail, "
        "`audit.change_log` + `audit.sensitive_value`, and of the audited table itself:",
        "",
        growth_table,
    ])


def _span(values: Sequence[float], fmt: str) -> str:
    low, high = min(values), max(values)
    a, b = format(low, fmt), format(high, fmt)
    return a if a == b else f"{a} to {b}"


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def interpretation(results: dict[str, list[Operation]], growth: dict[str, Growth],
                   targets: Sequence[Target]) -> str:
    """Two or three sentences from the figures, so a re-run keeps the text true."""
    sensitive = {t.name for t in targets if t.sensitive}
    groups: dict[bool, list[Operation]] = {False: [], True: []}
    for name, ops in results.items():
        groups[name in sensitive].extend(ops)

    def pick(ops: list[Operation], prefix: str) -> list[Operation]:
        return [op for op in ops if op.key.startswith(prefix)]

    def single_text(ops: list[Operation]) -> str:
        return (f"{_span([overhead_pct(op) for op in ops], '+.0f')} % "
                f"({_span([extra_us(op) for op in ops], '.0f')} µs)")

    def batch_text(ops: list[Operation]) -> str:
        return (f"{_span([op.off.median / op.on.median for op in ops], '.1f')} times "
                f"slower ({_span([extra_us(op) for op in ops], '.0f')} µs per row)")

    every = groups[False] + groups[True]
    single = pick(every, "single")
    plain = [t.table for t in targets if not t.sensitive]
    secret = [t.table for t in targets if t.sensitive]
    first = ("For what an operator does, one save = one transaction, the trigger adds "
             f"{single_text(pick(groups[bool(not plain)], 'single'))} on "
             f"{_names(plain or secret)}")
    if plain and secret:
        first += (f", and {single_text(pick(groups[True], 'single'))} on {_names(secret)} "
                  "(the redacted column costs a second insert, into audit.sensitive_value)")
    first += (f", to a transaction of {_span([1000 / op.off.median for op in single], '.2f')} ms "
              "on loopback; a save also costs at least three VPN round trips of 30-100 ms "
              "each, so no operator can notice it, and one connection still commits over "
              f"{min(op.on.median for op in single):,.0f} audited saves a second.")
    second = ("In bulk the row itself is cheap and the trigger dominates: batched inserts "
              f"and updates run {batch_text(pick(groups[bool(not plain)], 'batch'))}")
    if plain and secret:
        second += f", {batch_text(pick(groups[True], 'batch'))} with the sensitive column"
    second += (", spent in the PL/pgSQL function (to_jsonb of the row, the field diff, the "
               "redaction) and in the audit inserts and their indexes; that matters for "
               "imports and mass price changes, not at the counter.")
    ins = [g.log_insert for g in growth.values()]
    upd = [g.log_update for g in growth.values()]
    ratio = [g.log_insert / g.table_insert for g in growth.values() if g.table_insert > 0]
    third = (f"The audit trail grows {_span(ins, ',.0f')} bytes per inserted row "
             f"({_span(ratio, '.1f')} times what the row itself takes) and "
             f"{_span(upd, ',.0f')} bytes per one-column update: the figure to size disk "
             "and retention by.")
    return " ".join([first, second, third])


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "?"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per row (7)")
    parser.add_argument("--single", type=int, default=2000,
                        help="transactions per single-row run (2000)")
    parser.add_argument("--batches", type=int, default=20,
                        help="transactions per batched run (20)")
    parser.add_argument("--batch-size", type=int, default=1000, help="rows per batch (1000)")
    parser.add_argument("--tables", default=",".join(TARGETS),
                        help=f"comma-separated, of {','.join(TARGETS)} (all)")
    parser.add_argument("--history", type=int, default=100_000,
                        help="earlier entries in the audit trail (100000)")
    parser.add_argument("--no-write", action="store_true", help="leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.tables.split(",") if n.strip()]
    unknown = [n for n in names if n not in TARGETS]
    if (unknown or not names or args.history < 0
            or min(args.runs, args.single, args.batches, args.batch_size) < 1):
        parser.error(f"bad arguments (tables: {','.join(TARGETS)})")

    def log(line: str) -> None:
        print(line, flush=True)

    targets = [TARGETS[n] for n in names]
    load_before = _load()
    with throwaway_shop() as shop:
        info = machine(shop.server)
        results, growth = measure(shop, targets, runs=args.runs, single=args.single,
                                  batches=args.batches, batch=args.batch_size,
                                  history=args.history, log=log)
    # Other work on the machine moves these figures; say how busy it was.
    info["load average (1 min), start / end"] = f"{load_before} / {_load()}"
    body = "\n\n".join([
        report(results, growth, runs=args.runs, single=args.single, batches=args.batches,
               batch=args.batch_size, history=args.history),
        interpretation(results, growth, targets),
    ])
    print()
    print(body)
    if not args.no_write:
        path = write_section(SECTION, TITLE, body, info)
        print(f"\nwritten: {path}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
