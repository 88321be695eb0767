"""Migrations both ways: every downgrade gives back the database its revision started
from, and a database taken down to nothing and up again works (audited writes too)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg2
import pytest

from aftersales_desktop.services import schema
from tests.db.catalog import differences, snapshot
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

REVISIONS = [rev.revision for rev in reversed(list(schema._scripts().walk_revisions()))]

# Who holds which role among the shop's operators: what the role syncs of 0002-0004 change.
OPERATOR_ROLES = """
    SELECT r.rolname || ' in ' || g.rolname, m.admin_option::text, r.rolcanlogin::text
    FROM pg_catalog.pg_auth_members m
    JOIN pg_catalog.pg_roles r ON r.oid = m.member
    JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
    WHERE r.rolname IN (SELECT code FROM app.operator)
    ORDER BY 1"""
# Shop data the revisions write (rather than the shop).
SEEDED = ["app.capability", "app.position_template", "app.template_capability",
          "app.operator_capability", "app.customer_grade", "app.warehouse_type",
          "app.service_mode", "app.work_type", "app.reward_penalty_item", "app.shop_setting",
          "app.notice_template", "app.ticket_transition"]


@pytest.fixture
def superuser(cluster: TestCluster) -> Iterator[tuple[str, psycopg2.extensions.cursor]]:
    db = cluster.create_database(migrate=False)
    conn = psycopg2.connect(cluster.dsn(db))
    conn.autocommit = True
    try:
        yield db, conn.cursor()
    finally:
        conn.close()


def _state(cur: psycopg2.extensions.cursor) -> dict[str, tuple[str, ...]]:
    found = snapshot(cur)
    cur.execute("SELECT to_regclass('app.operator') IS NOT NULL")
    if cur.fetchone()[0]:
        cur.execute(OPERATOR_ROLES)
        found.update({f"membership {key}": tuple(values) for key, *values in cur.fetchall()})
    for table in SEEDED:
        cur.execute("SELECT to_regclass(%s) IS NOT NULL", (table,))
        if cur.fetchone()[0]:
            cur.execute(f"SELECT t::text FROM {table} t ORDER BY 1")
            found[f"rows {table}"] = tuple(row for (row,) in cur.fetchall())
    return found


def _legacy_operator(cluster: TestCluster, cur: psycopg2.extensions.cursor, *,
                     active: bool) -> str:
    """An operator as revision 0001 made them: a superuser's grants, no template."""
    code = cluster.new_code("old")
    login = "LOGIN" if active else "NOLOGIN"
    cur.execute(f"CREATE ROLE {code} {login} PASSWORD %s IN ROLE as_operator", (TEST_PASSWORD,))
    cur.execute(f"GRANT as_cap_intake_create, as_cap_log_view TO {code}")
    cur.execute("INSERT INTO app.operator (code, name, active) VALUES (%s, %s, %s)",
                (code, "老员工", active))
    return code


def test_every_downgrade_restores_the_revision_before(
        cluster: TestCluster, superuser: tuple[str, psycopg2.extensions.cursor]) -> None:
    db, cur = superuser
    reached: dict[str, dict[str, tuple[str, ...]]] = {}
    for revision in REVISIONS:
        schema.upgrade(cluster.dsn(db), revision)
        if revision == REVISIONS[0]:
            _legacy_operator(cluster, cur, active=True)
            _legacy_operator(cluster, cur, active=False)
        reached[revision] = _state(cur)
    # a manager and a disabled clerk, made the way the shop makes them, that the
    # downgrades of the role syncs (0003's managers, 0004's disabled) must handle
    cluster.create_operator(db, template="manager")
    clerk = cluster.create_operator(db, template="counter")
    cur.execute("SELECT app.operator_update(%s, 'x', 'counter', false, NULL)", (clerk,))
    head = _state(cur)

    for revision, previous in reversed(list(zip(REVISIONS[1:], REVISIONS, strict=False))):
        schema.downgrade(cluster.dsn(db), previous)
        found = _state(cur)
        # the operators made at head are not in the snapshots taken on the way up
        expected = reached[previous]
        found = {k: v for k, v in found.items()
                 if not k.startswith("membership") or k in expected}
        assert differences(expected, found) == [], f"downgrade of {revision}"

    schema.downgrade(cluster.dsn(db), "base")
    cur.execute("SELECT to_regnamespace('app'), to_regnamespace('audit')")
    assert cur.fetchone() == (None, None)
    schema.upgrade(cluster.dsn(db))
    assert differences(_only_schema(head), _only_schema(_state(cur))) == []


def _only_schema(state: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {k: v for k, v in state.items() if not k.startswith(("membership", "rows app.operator"))}


def _audited_phone_write(cluster: TestCluster, db: str) -> tuple[object, object, object]:
    """A manager adds a customer with a phone; returns what the change log shows of the
    phone, what audit.sensitive_values gives back, and the customer's code."""
    manager = cluster.create_operator(db, template="manager")
    params = dict(cluster.base, dbname=db, user=manager, password=TEST_PASSWORD)
    conn = psycopg2.connect(**params)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("INSERT INTO app.customer (code, name) VALUES (%s, '王芳') RETURNING id",
                        (manager,))
            (customer,) = cur.fetchone()
            cur.execute("INSERT INTO app.customer_phone (customer_id, phone, is_primary) "
                        "VALUES (%s, '13812345678', true) RETURNING id", (customer,))
            (phone_id,) = cur.fetchone()
            cur.execute("SELECT id, new_values ->> 'phone', operator FROM audit.change_log "
                        "WHERE table_name = 'app.customer_phone' AND record_key = %s",
                        (str(phone_id),))
            entry, logged, who = cur.fetchone()
            cur.execute("SELECT new_values ->> 'phone' FROM audit.sensitive_values(%s)",
                        (entry,))
            (revealed,) = cur.fetchone()
    finally:
        conn.close()
    assert who == manager
    return logged, revealed, manager


def test_down_to_nothing_and_up_again_then_an_audited_write_works(
        cluster: TestCluster, superuser: tuple[str, psycopg2.extensions.cursor]) -> None:
    db, _ = superuser
    schema.upgrade(cluster.dsn(db))
    assert schema.downgrade(cluster.dsn(db), "base") == "-"
    assert schema.upgrade(cluster.dsn(db)) == schema.head_revision()
    logged, revealed, _ = _audited_phone_write(cluster, db)
    assert (logged, revealed) == ("***", "13812345678")


def test_phones_can_be_written_after_downgrading_to_0002(
        cluster: TestCluster, superuser: tuple[str, psycopg2.extensions.cursor]) -> None:
    """0003's downgrade used to leave its trigger function, which writes to the
    audit.sensitive_value table that the downgrade dropped."""
    db, cur = superuser
    schema.upgrade(cluster.dsn(db), "0003")
    cur.execute("SET ROLE as_owner")
    cur.execute("INSERT INTO app.customer (code, name) VALUES ('C1', '李雷') RETURNING id")
    (customer,) = cur.fetchone()
    cur.execute("INSERT INTO app.customer_phone (customer_id, phone) VALUES (%s, '13900001111')",
                (customer,))
    cur.execute("RESET ROLE")
    assert schema.downgrade(cluster.dsn(db), "0002") == "0002"

    cur.execute("SET ROLE as_owner")
    cur.execute("INSERT INTO app.customer_phone (customer_id, phone) VALUES (%s, '13900002222')",
                (customer,))
    cur.execute("RESET ROLE")
    # 0002 keeps the values in the log (and hides the rows with row security): the phone
    # written under 0003 gets its value back from the table the downgrade dropped
    cur.execute("SELECT new_values ->> 'phone' FROM audit.change_log "
                "WHERE table_name = 'app.customer_phone' ORDER BY id")
    assert [phone for (phone,) in cur.fetchall()] == ["13900001111", "13900002222"]


def test_0019_respells_the_dictionary_and_merges_what_then_collides(
        cluster: TestCluster, superuser: tuple[str, psycopg2.extensions.cursor]) -> None:
    db, cur = superuser
    schema.upgrade(cluster.dsn(db), "0018")
    cur.execute("SET ROLE as_owner")
    cur.execute("INSERT INTO app.dictionary_entry (kind, value) VALUES ('brand', '格力 空调'), "
                "('brand', '格力  空调'), ('model', 'KFR  35'), ('fault', '不制冷') RETURNING id")
    kept, doubled, lone, plain = (row for (row,) in cur.fetchall())
    cur.execute("RESET ROLE")
    schema.upgrade(cluster.dsn(db), "0019")
    cur.execute("SELECT id, value, active, merged_into FROM app.dictionary_entry ORDER BY id")
    assert cur.fetchall() == [(kept, "格力 空调", True, None), (doubled, "格力  空调", False, kept),
                              (lone, "KFR 35", True, None), (plain, "不制冷", True, None)]
