"""The stock benchmark's history (bench/stock_data.py) is what posting would have written:
its ledger passes every invariant check (the stock DB tests' ledger queries among them,
and each row recomputed by app.stock_move_value), posting through app.stock_document_post
carries on from it exactly, and the checks do catch a balance that left its ledger."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

import psycopg2
import pytest

from aftersales_desktop.core.db import dsn_engine
from aftersales_desktop.services.demo_shop import load_demo_shop
from bench.stock_data import Balance, check_stock, generate_stock, issue, receipt
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db


def _balance(cur: psycopg2.extensions.cursor, item: int, warehouse: int) -> Balance:
    cur.execute("SELECT quantity, value, unit_cost, last_move_id FROM app.stock_balance "
                "WHERE item_id = %s AND warehouse_id = %s", (item, warehouse))
    qty, value, avg, last = cur.fetchone()
    return Balance(int(qty), int(value * 100), int(avg * 10000), last)


def test_generated_history_is_what_posting_writes(cluster: TestCluster) -> None:
    db = cluster.create_database()
    engine = dsn_engine(cluster.dsn(db))
    try:
        with engine.begin() as conn:
            load_demo_shop(conn, customers=20, seed=7)
    finally:
        engine.dispose()
    clerk = cluster.create_operator(db, template="warehouse")
    raw = psycopg2.connect(cluster.dsn(db))
    try:
        summary = generate_stock(raw, items=1_500, moves=12_000, seed=7, operator=clerk,
                                 days=60, log=None)
        assert summary.moves == 12_000
        assert {"opening", "purchase_receipt", "other_issue", "transfer", "scrap",
                "merchant_return"} <= set(summary.by_kind)
        with raw.cursor() as cur:
            cur.execute("SELECT count(*), count(DISTINCT document_id) FROM app.stock_move")
            assert cur.fetchone() == (12_000, summary.documents)
        assert check_stock(raw, log=None) == {}

        # posting carries on from the generated balances as the generator computes it
        hot = summary.hot_items[0]
        with raw.cursor() as cur:
            cur.execute("SELECT id FROM app.warehouse WHERE type = 'parts'")
            (store,) = cur.fetchone()
            before = _balance(cur, hot, store)
        assert before.qty > 2
        operator = psycopg2.connect(**dict(cluster.base, dbname=db, user=clerk,
                                           password=TEST_PASSWORD))
        operator.autocommit = True
        try:
            with operator.cursor() as cur:
                for kind, line in (("other_issue", {"quantity": "2"}),
                                   ("purchase_receipt", {"quantity": "3",
                                                         "unit_cost": "17.2345"})):
                    cur.execute("SELECT app.stock_document_post(%s::jsonb)", (json.dumps({
                        "operation_id": str(uuid.uuid4()), "kind": kind,
                        "warehouse_id": store, "supplier": "供应商", "reason": "测试",
                        "lines": [{"item_id": hot, **line}]}),))
        finally:
            operator.close()
        _unit, taken, _avg = issue(before, 2)
        after_issue = Balance(before.qty - 2, before.value + taken, before.avg)
        _unit, added, avg = receipt(after_issue, 3, 172345)
        with raw.cursor() as cur:
            now = _balance(cur, hot, store)
        assert (now.qty, now.value, now.avg) == (after_issue.qty + 3,
                                                 after_issue.value + added, avg)
        assert check_stock(raw, log=None) == {}

        # the checks notice a balance that no longer matches its ledger
        with raw.cursor() as cur:
            cur.execute("SET session_replication_role = replica")
            cur.execute("UPDATE app.stock_balance SET quantity = quantity + 1, "
                        "value = value + %s WHERE item_id = %s AND warehouse_id = %s",
                        (Decimal("0.01"), hot, store))
        broken = check_stock(raw, log=None)
        assert broken.get("balance differs from the sum of its ledger") == 1
        assert broken.get("balance differs from its last ledger row") == 1
    finally:
        raw.close()
