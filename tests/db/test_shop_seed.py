"""A new shop's seeded work types, rewards and overdue rule are named in Chinese."""

from __future__ import annotations

import psycopg2

from aftersales_desktop.server.provision import name_seeded_rows
from aftersales_desktop.services.shop_seed import (
    OVERDUE_RULE_NAMES,
    REWARD_PENALTY_NAMES,
    WORK_TYPE_NAMES,
)
from tests.pg import TestCluster


def _names(cluster: TestCluster, db: str, sql: str) -> set[str]:
    conn = psycopg2.connect(cluster.dsn(db))
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql)
            return {row[0] for row in cur.fetchall()}
    finally:
        conn.close()


def test_provisioning_names_the_seeded_rows_in_chinese(cluster: TestCluster) -> None:
    db = cluster.create_database()
    assert "Major repair" in _names(cluster, db, "SELECT name FROM app.work_type")
    assert name_seeded_rows(cluster.dsn(db)) == (
        len(WORK_TYPE_NAMES) + len(REWARD_PENALTY_NAMES) + len(OVERDUE_RULE_NAMES))
    assert _names(cluster, db, "SELECT name FROM app.work_type") == {
        chinese for _code, _english, chinese in WORK_TYPE_NAMES}
    assert _names(cluster, db, "SELECT name FROM app.reward_penalty_item") == {
        chinese for _code, _english, chinese in REWARD_PENALTY_NAMES}
    assert _names(cluster, db, "SELECT name FROM app.overdue_rule") == {
        chinese for _english, chinese in OVERDUE_RULE_NAMES}
    assert name_seeded_rows(cluster.dsn(db)) == 0


def test_a_name_the_shop_changed_stays(cluster: TestCluster) -> None:
    db = cluster.create_database()
    conn = psycopg2.connect(cluster.dsn(db))
    try:
        with conn, conn.cursor() as cur:
            cur.execute("UPDATE app.work_type SET name = 'Big job' WHERE code = 'major'")
    finally:
        conn.close()
    name_seeded_rows(cluster.dsn(db))
    names = _names(cluster, db, "SELECT name FROM app.work_type")
    assert "Big job" in names and "中修" in names and "Major repair" not in names
