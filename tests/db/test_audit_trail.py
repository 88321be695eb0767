"""The audit trail: every app table is audited, and the log says who changed what.

Writes go through bare psycopg2 connections as real operators (what someone with psql
could do), and the log is read back as the superuser.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import psycopg2
import psycopg2.extensions
import pytest
from psycopg2 import sql

from aftersales_desktop.core.errors import LoginDisabled
from aftersales_desktop.services import schema
from aftersales_desktop.services.session import close_session, open_session
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def audit_db(cluster: TestCluster) -> str:
    """This module's own migrated database, so the log holds only this module's writes.

    Named, like its operators, without the cluster's counter (TestCluster.new_code): other
    modules' expectations depend on which numbers that hands out.
    """
    name = fresh_code(cluster, "audit")
    conn = psycopg2.connect(cluster.dsn("postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'")
                        .format(sql.Identifier(name)))
    finally:
        conn.close()
    cluster.databases.append(name)  # dropped with the cluster
    schema.upgrade(cluster.dsn(name), "head")
    return name


def fresh_code(cluster: TestCluster, hint: str) -> str:
    return f"{cluster.prefix}{hint}{secrets.token_hex(3)}"


def create_operator(cluster: TestCluster, db: str, capabilities: list[str] | None) -> str:
    return cluster.create_operator(db, capabilities=capabilities,
                                   code=fresh_code(cluster, "aud"))

Connection = psycopg2.extensions.connection

# tgtype bits (pg_trigger.h)
ROW, BEFORE, INSERT, DELETE, UPDATE, INSTEAD = 1, 2, 4, 8, 16, 64
# Tables that hold only counts of audited rows, kept by a trigger (revision 0013): a
# change to them is a change to app.ticket, which the log already holds.
DERIVED = {"app.ticket_tally", "app.ticket_tally_change",
           # the stock ledger is its own history (append-only: who, when, which document,
           # before and after), and a balance is the sum of its ledger (revision 0015)
           "app.stock_move", "app.stock_balance",
           # the callback statistics' monthly rollups: sums of the surveys, tasks and
           # complaints (each audited), written only by their triggers (revision 0021)
           "app.satisfaction_month", "app.callback_task_month", "app.complaint_month"}


def trigger_arguments(raw: bytes | memoryview, count: int) -> tuple[list[str], list[str], str]:
    """audit.log_change(keys, redacted columns, capability): comma-separated lists."""
    args = [a.decode() for a in bytes(raw).split(b"\x00")[:count]] + ["", "", ""]
    return ([k for k in args[0].split(",") if k], [c for c in args[1].split(",") if c],
            args[2])


def audit_gaps(conn: Connection, schema: str = "app") -> list[str]:
    """Base tables of `schema` whose audit_change trigger is missing or wrong."""
    with conn.cursor() as cur:
        cur.execute(
            """
            SELECT c.oid::regclass::text,
                   t.tgtype, t.tgenabled, t.tgargs, t.tgnargs, t.tgfoid::regproc::text,
                   ARRAY(SELECT a.attname::text
                         FROM pg_index i
                         CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                         WHERE i.indrelid = c.oid AND i.indisprimary ORDER BY k.n),
                   ARRAY(SELECT a.attname::text FROM pg_attribute a
                         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                   has_table_privilege('as_operator', c.oid, 'SELECT')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND t.tgname = 'audit_change'
            WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            ORDER BY 1
            """, (schema,))
        found = cur.fetchall()
        cur.execute("SELECT code, role_name FROM app.capability")
        capabilities = dict(cur.fetchall())
    gaps = []
    for (table, tgtype, enabled, raw, count, function, primary_key, columns,
         everybody_reads) in found:
        if table in DERIVED:
            continue
        if tgtype is None:
            gaps.append(f"{table}: no audit_change trigger")
            continue
        wanted = ROW | INSERT | UPDATE | DELETE
        if tgtype & wanted != wanted or tgtype & (BEFORE | INSTEAD):
            gaps.append(f"{table}: audit_change is not AFTER INSERT OR UPDATE OR DELETE "
                        f"FOR EACH ROW (tgtype {tgtype})")
        if enabled == "D":
            gaps.append(f"{table}: audit_change is disabled")
        if function != "audit.log_change":
            gaps.append(f"{table}: audit_change calls {function}")
        keys, redacted, capability = trigger_arguments(raw, count)
        if keys != list(primary_key):
            gaps.append(f"{table}: audit_change keys {keys} are not the primary key "
                        f"{list(primary_key)}")
        if set(redacted) - set(columns):
            gaps.append(f"{table}: audit_change redacts unknown columns "
                        f"{sorted(set(redacted) - set(columns))}")
        if redacted and capability not in capabilities:
            gaps.append(f"{table}: audit_change names unknown capability {capability!r}")
        if not everybody_reads and not redacted:
            # guarded by a capability, yet log.view would show its values
            gaps.append(f"{table}: only a capability may read it, but the log redacts nothing")
    return gaps


def test_every_app_table_is_audited(cluster: TestCluster, audit_db: str) -> None:
    conn = psycopg2.connect(cluster.dsn(audit_db))
    try:
        tables = cluster.execute(audit_db, "SELECT count(*) FROM pg_tables "
                                          "WHERE schemaname = 'app'")[0][0]
        assert tables >= 9
        assert audit_gaps(conn) == []
    finally:
        conn.close()


def test_audit_gaps_are_found(cluster: TestCluster, audit_db: str) -> None:
    """The checker itself: seeded gaps, rolled back."""
    conn = psycopg2.connect(cluster.dsn(audit_db))
    try:
        with conn.cursor() as cur:
            every = "AFTER INSERT OR UPDATE OR DELETE"
            for statement in (
                "CREATE TABLE app.untracked (id integer PRIMARY KEY)",
                "CREATE TABLE app.half (id integer PRIMARY KEY)",
                "CREATE TRIGGER audit_change AFTER INSERT ON app.half "
                "FOR EACH ROW EXECUTE FUNCTION audit.log_change('id')",
                "CREATE TABLE app.wrong_key (id integer PRIMARY KEY, code text)",
                f"CREATE TRIGGER audit_change {every} ON app.wrong_key "
                "FOR EACH ROW EXECUTE FUNCTION audit.log_change('code')",
                "CREATE TABLE app.salary (id integer PRIMARY KEY, amount numeric)",
                f"CREATE TRIGGER audit_change {every} ON app.salary "
                "FOR EACH ROW EXECUTE FUNCTION audit.log_change('id', '', '')",
                "CREATE TABLE app.bonus (id integer PRIMARY KEY, amount numeric)",
                f"CREATE TRIGGER audit_change {every} ON app.bonus "
                "FOR EACH ROW EXECUTE FUNCTION audit.log_change('id', 'amont', 'no.such')",
                "GRANT SELECT ON app.untracked, app.half, app.wrong_key, app.bonus "
                "TO as_operator",
                "ALTER TABLE app.item DISABLE TRIGGER audit_change",
            ):
                cur.execute(statement)
        gaps = audit_gaps(conn)
    finally:
        conn.rollback()
        conn.close()
    assert sorted(gaps) == sorted([
        "app.untracked: no audit_change trigger",
        "app.half: audit_change is not AFTER INSERT OR UPDATE OR DELETE FOR EACH ROW "
        "(tgtype 5)",
        "app.wrong_key: audit_change keys ['code'] are not the primary key ['id']",
        "app.salary: only a capability may read it, but the log redacts nothing",
        "app.bonus: audit_change redacts unknown columns ['amont']",
        "app.bonus: audit_change names unknown capability 'no.such'",
        "app.item: audit_change is disabled",
    ])


# -- what an operator's writes leave in the log -----------------------------------------------

def _connect(cluster: TestCluster, db: str, code: str, application: str) -> Connection:
    kwargs = cluster.profile(db).connect_kwargs(code, TEST_PASSWORD)
    kwargs["application_name"] = application
    return psycopg2.connect(**kwargs)


def _log(cluster: TestCluster, db: str, where: str, params: tuple[Any, ...]) -> list[dict]:
    rows = cluster.execute(
        db, "SELECT id, at, tx, operator, application, client_addr, table_name, record_key, "
            "action, changed, old_values, new_values FROM audit.change_log "
            f"WHERE {where} ORDER BY id", params)
    keys = ("id", "at", "tx", "operator", "application", "client_addr", "table_name",
            "record_key", "action", "changed", "old_values", "new_values")
    return [dict(zip(keys, row, strict=True)) for row in rows]


@pytest.fixture(scope="module")
def clerk(cluster: TestCluster, audit_db: str) -> str:
    return create_operator(cluster, audit_db, ["masterdata.edit", "contacts.view"])


@pytest.fixture
def application() -> str:
    return f"audit-test-{secrets.token_hex(4)}"


def test_operator_writes_are_logged_with_changed_fields(cluster: TestCluster, audit_db: str,
                                                        clerk: str, application: str) -> None:
    before = cluster.execute(audit_db, "SELECT clock_timestamp()")[0][0]
    code = f"AT-{secrets.token_hex(3)}"
    conn = _connect(cluster, audit_db, clerk, application)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("INSERT INTO app.customer (code, name) VALUES (%s, '李雷') RETURNING id",
                        (code,))
            customer_id = cur.fetchone()[0]
            cur.execute("UPDATE app.customer SET name = '李雷雷' WHERE id = %s", (customer_id,))
            cur.execute("SELECT txid_current()")
            tx = cur.fetchone()[0]
        with conn, conn.cursor() as cur:
            cur.execute("INSERT INTO app.customer_phone (customer_id, phone, is_primary) "
                        "VALUES (%s, '13700001234', true) RETURNING id", (customer_id,))
            phone_id = cur.fetchone()[0]
            cur.execute("DELETE FROM app.customer_phone WHERE id = %s", (phone_id,))
    finally:
        conn.close()

    customer = _log(cluster, audit_db, "table_name = 'app.customer' AND record_key = %s",
                    (str(customer_id),))
    assert [(r["action"], r["operator"], r["application"]) for r in customer] == [
        ("insert", clerk, application), ("update", clerk, application)]
    inserted, updated = customer
    assert inserted["changed"] == _columns(cluster, audit_db, "customer")  # the whole row
    assert inserted["old_values"] is None
    assert {k: inserted["new_values"][k] for k in ("id", "code", "name")} == {
        "id": customer_id, "code": code, "name": "李雷"}
    assert updated["changed"] == ["name"]
    assert updated["old_values"] == {"name": "李雷"}
    assert updated["new_values"] == {"name": "李雷雷"}
    assert inserted["tx"] == updated["tx"] == tx
    assert isinstance(inserted["at"], datetime) and inserted["at"] >= before
    assert updated["at"] >= inserted["at"]
    assert inserted["client_addr"] is not None

    phone = _log(cluster, audit_db, "table_name = 'app.customer_phone' AND record_key = %s",
                 (str(phone_id),))
    assert [(r["action"], r["operator"]) for r in phone] == [("insert", clerk),
                                                            ("delete", clerk)]
    assert phone[0]["tx"] == phone[1]["tx"] != tx
    deleted = phone[1]
    assert deleted["changed"] == ["customer_id", "id", "is_primary", "phone"]
    assert deleted["new_values"] is None
    assert deleted["old_values"] == {"id": phone_id, "customer_id": customer_id,
                                     "phone": "***", "is_primary": True}
    # the number itself is kept apart, for log.view + contacts.view only
    assert cluster.execute(
        audit_db, "SELECT capability, old_values, new_values FROM audit.sensitive_value "
                 "WHERE change_id = %s", (deleted["id"],)) == [
        ("contacts.view", {"phone": "13700001234"}, None)]


def test_update_that_changes_nothing_logs_nothing(cluster: TestCluster, audit_db: str,
                                                  clerk: str, application: str) -> None:
    conn = _connect(cluster, audit_db, clerk, application)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("INSERT INTO app.item (code, name, sale_price) VALUES (%s, '滤芯', 35) "
                        "RETURNING id", (f"AT-{secrets.token_hex(3)}",))
            item_id = cur.fetchone()[0]
        with conn, conn.cursor() as cur:
            cur.execute("UPDATE app.item SET name = name, sale_price = 35.00 WHERE id = %s",
                        (item_id,))
            assert cur.rowcount == 1
            cur.execute("UPDATE app.item SET sale_price = 36 WHERE id = %s", (item_id,))
    finally:
        conn.close()
    rows = _log(cluster, audit_db, "table_name = 'app.item' AND record_key = %s",
                (str(item_id),))
    assert [(r["action"], r["changed"]) for r in rows] == [
        ("insert", _columns(cluster, audit_db, "item")), ("update", ["sale_price"])]
    assert rows[1]["old_values"] == {"sale_price": 35} and rows[1]["new_values"] == {
        "sale_price": 36}


def test_log_names_the_login_role_not_the_application_name(cluster: TestCluster,
                                                          audit_db: str, clerk: str) -> None:
    """application_name is informative only: a forged one does not change who it was."""
    conn = _connect(cluster, audit_db, clerk, "aftersales-desktop@boss-pc")
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SET application_name = 'admin'")
            cur.execute("INSERT INTO app.customer (code, name) VALUES (%s, '韩梅梅') RETURNING id",
                        (f"AT-{secrets.token_hex(3)}",))
            customer_id = cur.fetchone()[0]
        # a capability role has no privileges of the operator group: SET ROLE to one
        # cannot be used to write under another name either
        with conn.cursor() as cur:
            cur.execute("SET ROLE as_cap_masterdata_edit")
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute("UPDATE app.customer SET name = '冒名' WHERE id = %s",
                            (customer_id,))
        conn.rollback()
    finally:
        conn.close()
    rows = _log(cluster, audit_db, "table_name = 'app.customer' AND record_key = %s",
                (str(customer_id),))
    assert [(r["operator"], r["application"]) for r in rows] == [(clerk, "admin")]


def test_log_redacts_whatever_only_a_capability_may_read(cluster: TestCluster,
                                                         audit_db: str) -> None:
    """For every table a plain operator cannot read, a log.view reader without the
    guarding capability sees its redacted columns as *** and gets no real values."""
    cluster.execute(audit_db, """
        WITH c AS (INSERT INTO app.customer (code, name) VALUES (%s, '审计') RETURNING id),
             i AS (INSERT INTO app.item (code, name) VALUES (%s, '审计') RETURNING id),
             p AS (INSERT INTO app.customer_phone (customer_id, phone) SELECT id, '13600000000'
                   FROM c)
        INSERT INTO app.item_cost (item_id, cost_price) SELECT id, 3 FROM i
        """, (f"AT-{secrets.token_hex(3)}", f"AT-{secrets.token_hex(3)}"))
    cluster.execute(audit_db, """
        WITH e AS (INSERT INTO app.employee (code, name) VALUES (%s, '审计') RETURNING id)
        INSERT INTO app.employee_wage (employee_id, post_wage) SELECT id, 3000 FROM e
        """, (f"AT-{secrets.token_hex(3)}",))
    # technicians' pay terms (0022)
    cluster.execute(audit_db, """
        WITH e AS (INSERT INTO app.employee (code, name) VALUES (%s, '审计') RETURNING id)
        INSERT INTO app.employee_pay (employee_id, scheme, basic_hours, rated_hours)
        SELECT id, 'hours', 120, 160 FROM e
        """, (f"AT-{secrets.token_hex(3)}",))
    cluster.execute(audit_db, """
        INSERT INTO app.notice_channel (channel, config)
        VALUES ('sms', '{"url": "http://sms.example", "api_key": "k"}')
        ON CONFLICT (channel) DO UPDATE SET config = excluded.config
        """)
    cluster.execute(audit_db, """
        WITH c AS (INSERT INTO app.customer (code, name) VALUES (%s, '审计') RETURNING id),
             o AS (INSERT INTO app.part_preorder (number, customer_id, part_name, quantity,
                                                  unit_price)
                   SELECT %s, id, '滤网', 1, 10 FROM c RETURNING id)
        INSERT INTO app.customer_notice (preorder_id, kind, channel, recipient, status)
        SELECT id, 'preorder_waiting', 'phone', '13600000001', 'sent' FROM o
        """, (f"AT-{secrets.token_hex(3)}", f"YD-{secrets.token_hex(3)}"))
    cluster.execute(audit_db, """
        WITH w AS (INSERT INTO app.warehouse (code, name, type) VALUES (%s, '审计库', 'parts')
                   RETURNING id),
             i AS (INSERT INTO app.item (code, name) VALUES (%s, '审计') RETURNING id),
             d AS (INSERT INTO app.stock_document (kind, warehouse_id, supplier)
                   SELECT 'purchase_receipt', id, '审计' FROM w RETURNING id)
        INSERT INTO app.stock_document_line (document_id, line_no, item_id, quantity,
                                             unit_cost, amount)
        SELECT d.id, 1, i.id, 2, 3.5, 7 FROM d, i
        """, (f"AT-{secrets.token_hex(3)}", f"AT-{secrets.token_hex(3)}"))
    cluster.execute(audit_db, """
        WITH c AS (INSERT INTO app.customer (code, name) VALUES (%s, '审计') RETURNING id),
             k AS (INSERT INTO app.complaint (number, customer_id, source, summary, details,
                                              deadline_at)
                   SELECT %s, id, 'phone', '审计', '投诉内容', now() FROM c RETURNING id)
        INSERT INTO app.complaint_event (complaint_id, kind, note)
        SELECT id, 'note', '处理备注' FROM k
        """, (f"AT-{secrets.token_hex(3)}", f"TS-{secrets.token_hex(3)}"))
    # callbacks (0021): a dealer's task with an attempt, and its survey with an answer
    cluster.execute(audit_db, """
        WITH c AS (INSERT INTO app.customer (code, name) VALUES (%s, '审计') RETURNING id),
             k AS (INSERT INTO app.callback_task (kind, source, customer_id, dealer, product,
                                                  due_on, expires_on)
                   SELECT 'usage', 'dealer', id, '国美', '空调', current_date, current_date
                   FROM c RETURNING id, customer_id),
             a AS (INSERT INTO app.callback_attempt (task_id, outcome, note)
                   SELECT id, 'busy', '忙' FROM k),
             s AS (INSERT INTO app.survey (task_id, customer_id, usage, frozen_at)
                   SELECT id, customer_id, '每天', now() + interval '1 day' FROM k
                   RETURNING id)
        INSERT INTO app.survey_answer (survey_id, question_id, score)
        SELECT s.id, q.id, 4 FROM s, app.survey_question q WHERE q.code = 'overall'
        """, (f"AT-{secrets.token_hex(3)}",))
    cluster.execute(audit_db, "INSERT INTO app.callback_import_batch (kind, dealer, file_name, "
                              "rows) VALUES ('usage', '国美', '国美.xlsx', 1)")
    # commission lines (0022): a month's reward line of an employee
    cluster.execute(audit_db, "INSERT INTO app.commission_period (month) VALUES ('2026-01-01') "
                              "ON CONFLICT DO NOTHING")
    cluster.execute(audit_db, """
        WITH e AS (INSERT INTO app.employee (code, name) VALUES (%s, '审计') RETURNING id)
        INSERT INTO app.commission_line (period, employee_id, kind, origin, source_key, amount)
        SELECT '2026-01-01', id, 'reward', 'run', 'audit:' || id, 50 FROM e
        """, (f"AT-{secrets.token_hex(3)}",))
    # a commission statement (0022) of that employee
    cluster.execute(audit_db, """
        INSERT INTO app.commission_statement (period, employee_id, rewards, total)
        SELECT '2026-01-01', max(l.employee_id), 50, 50 FROM app.commission_line l
        WHERE starts_with(l.source_key, 'audit:')
        ON CONFLICT DO NOTHING""")
    guarded = {}
    for table, raw, count in cluster.execute(audit_db, """
            SELECT c.oid::regclass::text, t.tgargs, t.tgnargs
            FROM pg_class c JOIN pg_trigger t ON t.tgrelid = c.oid AND t.tgname = 'audit_change'
            WHERE c.relnamespace = 'app'::regnamespace
              AND NOT has_table_privilege('as_operator', c.oid, 'SELECT')"""):
        _keys, redacted, capability = trigger_arguments(raw, count)
        guarded[table] = (redacted, capability)
    assert {"app.customer_phone", "app.item_cost"} <= set(guarded)

    reader = create_operator(cluster, audit_db, ["log.view"])
    conn = _connect(cluster, audit_db, reader, "audit-reader")
    try:
        with conn.cursor() as cur:
            for table, (redacted, _capability) in guarded.items():
                cur.execute("SELECT id, old_values, new_values FROM audit.change_log "
                            "WHERE table_name = %s", (table,))
                rows = cur.fetchall()
                assert rows, f"no log rows of {table}"
                for change_id, old, new in rows:
                    for values in (old, new):
                        for column in redacted:
                            assert (values or {}).get(column, "***") == "***", (table, column)
                    cur.execute("SELECT * FROM audit.sensitive_values(%s)", (change_id,))
                    assert cur.fetchall() == [], (table, change_id)
    finally:
        conn.close()


def _columns(cluster: TestCluster, db: str, table: str) -> list[str]:
    """Every column of app.<table>, sorted as the log lists changed fields."""
    rows = cluster.execute(db, "SELECT column_name FROM information_schema.columns "
                               "WHERE table_schema = 'app' AND table_name = %s", (table,))
    return sorted(name for (name,) in rows)


# -- operator administration ----------------------------------------------------------------

@pytest.fixture(scope="module")
def admin(cluster: TestCluster, audit_db: str) -> str:
    return create_operator(cluster, audit_db, None)


def _as(cluster: TestCluster, db: str, code: str, statement: str,
        params: tuple[Any, ...] = ()) -> list[tuple]:
    conn = _connect(cluster, db, code, "audit-admin-test")
    try:
        with conn, conn.cursor() as cur:
            cur.execute(statement, params)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


def test_operator_administration_is_logged_as_the_admin(cluster: TestCluster, audit_db: str,
                                                         admin: str) -> None:
    """The functions run as as_role_admin, but the log names the administrator."""
    first = cluster.execute(audit_db, "SELECT coalesce(max(id), 0) FROM audit.change_log")[0][0]
    target = fresh_code(cluster, "tgt")
    conn = _connect(cluster, audit_db, admin, "audit-admin-test")
    try:
        verifier = psycopg2.extensions.encrypt_password(TEST_PASSWORD, target, conn,
                                                        "scram-sha-256")
        with conn, conn.cursor() as cur:
            cur.execute("SELECT app.operator_create(%s, '新员工', %s, 'technician')",
                        (target, verifier))
        with conn, conn.cursor() as cur:
            cur.execute("SELECT app.operator_update(%s, '新员工甲', 'technician', true, NULL)",
                        (target,))
            cur.execute("SELECT app.operator_set_capability(%s, 'reports.view', true)",
                        (target,))
    finally:
        conn.close()

    rows = _log(cluster, audit_db, "id > %s AND (record_key = %s OR record_key LIKE %s)",
                (first, target, target + "/%"))
    assert rows, "no log rows for the operator administration"
    assert {r["operator"] for r in rows} == {admin}
    assert {r["application"] for r in rows} == {"audit-admin-test"}
    summary = [(r["table_name"], r["action"], r["record_key"]) for r in rows]
    assert summary[0] == ("app.operator", "insert", target)
    assert ("app.operator", "update", target) in summary
    assert ("app.operator_capability", "insert", f"{target}/reports.view") in summary
    created = rows[0]["new_values"]
    assert (created["created_by"], created["template"], created["active"]) == (
        admin, "technician", True)
    renamed = next(r for r in rows if r["action"] == "update" and "name" in r["changed"])
    assert renamed["old_values"]["name"] == "新员工"
    assert renamed["new_values"]["name"] == "新员工甲"
    assert "active" not in renamed["changed"]
    assert not cluster.execute(audit_db, "SELECT FROM audit.change_log WHERE id > %s "
                                        "AND operator = 'as_role_admin'", (first,))


def test_disabled_operator_cannot_log_in_and_history_stays(cluster: TestCluster, audit_db: str,
                                                           admin: str) -> None:
    profile = cluster.profile(audit_db)
    worker = create_operator(cluster, audit_db, ["masterdata.edit"])
    database, _session = open_session(profile, worker, TEST_PASSWORD)
    close_session(database)
    customer_id = _as(cluster, audit_db, worker,
                      "INSERT INTO app.customer (code, name) VALUES (%s, '离职前') RETURNING id",
                      (f"AT-{secrets.token_hex(3)}",))[0][0]

    def history() -> tuple[list[tuple], list[tuple]]:
        logins = cluster.execute(audit_db, "SELECT id, event FROM audit.login_event "
                                          "WHERE operator = %s ORDER BY id", (worker,))
        changes = cluster.execute(audit_db, "SELECT id, table_name, record_key "
                                           "FROM audit.change_log WHERE operator = %s "
                                           "ORDER BY id", (worker,))
        return logins, changes

    logins, changes = history()
    assert [e for _, e in logins] == ["login", "logout"]
    assert changes == [(changes[0][0], "app.customer", str(customer_id))]

    _as(cluster, audit_db, admin, "SELECT app.operator_update(code, name, template, false, NULL) "
                                 "FROM app.operator WHERE code = %s", (worker,))

    with pytest.raises(LoginDisabled):
        open_session(profile, worker, TEST_PASSWORD)
    with pytest.raises(psycopg2.OperationalError, match="not permitted to log in"):
        psycopg2.connect(**profile.connect_kwargs(worker, TEST_PASSWORD)).close()

    assert history() == (logins, changes)
    assert cluster.execute(audit_db, "SELECT active FROM app.operator WHERE code = %s",
                           (worker,)) == [(False,)]
    disabled = _log(cluster, audit_db, "table_name = 'app.operator' AND record_key = %s "
                                      "AND action = 'update'", (worker,))
    assert [(r["operator"], r["old_values"]["active"], r["new_values"]["active"])
            for r in disabled if "active" in r["changed"]] == [(admin, True, False)]

    # enabled again, the same operator logs in with the same history
    _as(cluster, audit_db, admin, "SELECT app.operator_update(code, name, template, true, NULL) "
                                 "FROM app.operator WHERE code = %s", (worker,))
    database, session = open_session(profile, worker, TEST_PASSWORD)
    close_session(database)
    assert session.capabilities == frozenset({"masterdata.edit"})
    logins_after, changes_after = history()
    assert logins_after[:2] == logins and changes_after == changes


@pytest.fixture
def open_connection(cluster: TestCluster, audit_db: str) -> Iterator[tuple[str, Connection]]:
    worker = create_operator(cluster, audit_db, ["masterdata.edit"])
    conn = _connect(cluster, audit_db, worker, "still-open")
    conn.autocommit = True
    try:
        yield worker, conn
    finally:
        conn.close()


def test_disabling_stops_an_open_session(cluster: TestCluster, audit_db: str, admin: str,
                                         open_connection: tuple[str, Connection]) -> None:
    worker, conn = open_connection
    _as(cluster, audit_db, admin, "SELECT app.operator_update(code, name, template, false, NULL) "
                                 "FROM app.operator WHERE code = %s", (worker,))
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("INSERT INTO app.customer (code, name) VALUES ({}, '已停用')")
                        .format(sql.Literal(f"AT-{secrets.token_hex(3)}")))
    except psycopg2.Error:
        return  # refused or disconnected: what a disabled operator should get
    raise AssertionError("a disabled operator's open session could still write")
