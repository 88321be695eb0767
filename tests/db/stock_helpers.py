"""A small stock shop for the stock tests: warehouses of every purpose, parts, operators of
the position templates, and the helpers to post documents through an operator's own
connection and to check the ledger's invariants (shared by the stock, requisition and
stocktake tests)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import psycopg2
import psycopg2.extensions
import psycopg2.extras

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.services.errors import user_error
from tests.pg import TEST_PASSWORD, TestCluster

TEMPLATES = ("counter", "dispatcher", "technician", "warehouse", "callback", "manager",
             "administrator")


@dataclass
class StockShop:
    cluster: TestCluster
    db: str
    warehouses: dict[str, int] = field(default_factory=dict)  # code -> id
    items: dict[str, int] = field(default_factory=dict)  # code -> id
    operators: dict[str, str] = field(default_factory=dict)  # template -> code

    def superuser(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.cluster.execute(self.db, sql, params)

    def connect(self, who: str) -> psycopg2.extensions.connection:
        """An autocommit connection of the operator of template `who` (or operator code)."""
        code = self.operators.get(who, who)
        conn = psycopg2.connect(**dict(self.cluster.base, dbname=self.db, user=code,
                                       password=TEST_PASSWORD))
        conn.autocommit = True
        return conn

    def item(self, code: str, name: str = "配件", *, price: str = "10.00") -> int:
        """A part (created once per code)."""
        if code not in self.items:
            self.items[code] = self.superuser(
                "INSERT INTO app.item (code, name, sale_price) VALUES (%s, %s, %s) "
                "RETURNING id", code, name, price)[0][0]
        return self.items[code]

    def warehouse(self, code: str, name: str, kind: str = "parts") -> int:
        if code not in self.warehouses:
            self.warehouses[code] = self.superuser(
                "INSERT INTO app.warehouse (code, name, type) VALUES (%s, %s, %s) "
                "RETURNING id", code, name, kind)[0][0]
        return self.warehouses[code]

    def balance(self, item: int, warehouse: int) -> tuple[Decimal, Decimal, Decimal]:
        """(quantity, average, value); zeros when the item never moved there."""
        rows = self.superuser("SELECT quantity, unit_cost, value FROM app.stock_balance "
                              "WHERE item_id = %s AND warehouse_id = %s", item, warehouse)
        return rows[0] if rows else (Decimal(0), Decimal(0), Decimal(0))

    def ledger_problems(self) -> list[str]:
        """Every way the balances and the ledger disagree (empty when they agree)."""
        problems = [f"balance {r}" for r in self.superuser("""
            SELECT b.item_id, b.warehouse_id, b.quantity, b.value, m.qty, m.value
            FROM app.stock_balance b
            LEFT JOIN (SELECT item_id, warehouse_id, sum(quantity) AS qty,
                              sum(value_change) AS value
                       FROM app.stock_move GROUP BY 1, 2) m USING (item_id, warehouse_id)
            WHERE b.quantity <> coalesce(m.qty, 0) OR b.value <> coalesce(m.value, 0)
               OR b.quantity < 0 OR b.value < 0""")]
        problems += [f"chain {r}" for r in self.superuser("""
            SELECT id, item_id, warehouse_id FROM (
                SELECT m.*, lag(qty_after) OVER w AS prev_qty, lag(avg_after) OVER w AS prev_avg,
                       lag(value_after) OVER w AS prev_value
                FROM app.stock_move m
                WINDOW w AS (PARTITION BY item_id, warehouse_id ORDER BY id)) x
            WHERE qty_before <> coalesce(prev_qty, 0) OR value_before <> coalesce(prev_value, 0)
               OR avg_before <> coalesce(prev_avg, 0) OR qty_after < 0 OR value_after < 0""")]
        problems += [f"last move {r}" for r in self.superuser("""
            SELECT b.item_id, b.warehouse_id FROM app.stock_balance b
            LEFT JOIN app.stock_move m ON m.id = b.last_move_id
            WHERE b.last_move_id IS DISTINCT FROM (
                      SELECT max(id) FROM app.stock_move x
                      WHERE x.item_id = b.item_id AND x.warehouse_id = b.warehouse_id)
               OR m.qty_after <> b.quantity OR m.value_after <> b.value
               OR m.avg_after <> b.unit_cost""")]
        problems += [f"half-posted {r}" for r in self.superuser("""
            SELECT d.id, d.state FROM app.stock_document d
            WHERE (d.state = 'draft') = EXISTS (
                      SELECT FROM app.stock_move m WHERE m.document_id = d.id)
               OR (d.state <> 'draft' AND d.number IS NULL)""")]
        return problems


def make_shop(cluster: TestCluster, db: str) -> StockShop:
    shop = StockShop(cluster, db)
    shop.warehouse("PJ", "配件库")
    shop.warehouse("PJ2", "二号配件库")
    shop.warehouse("BS", "报损库", "scrap")
    shop.warehouse("SF", "商返库", "merchant_returns")
    shop.warehouse("CP", "成品库", "finished")
    for template in TEMPLATES:
        shop.operators[template] = cluster.create_operator(db, template=template)
    return shop


def run(conn: psycopg2.extensions.connection, function: str, body: dict[str, Any]) -> Any:
    """Call app.<function>(jsonb) as the connection's operator; a database refusal comes
    back as the operator's UserError (through the one translator)."""
    try:
        with conn.cursor() as cur:
            cur.execute(f"SELECT app.{function}(%s::jsonb)", (json.dumps(body, default=str),))
            return cur.fetchone()[0]
    except psycopg2.Error as exc:
        error = user_error(exc)
        if error is None:
            raise
        raise error from exc


def document(kind: str, warehouse: int, lines: list[tuple[int, Any] | tuple[int, Any, Any]],
             **header: Any) -> dict[str, Any]:
    """A document body: lines as (item, quantity) or (item, quantity, unit cost)."""
    return {"operation_id": str(uuid.uuid4()), "kind": kind, "warehouse_id": warehouse,
            "lines": [{"item_id": line[0], "quantity": str(line[1]),
                       **({"unit_cost": str(line[2])} if len(line) > 2 else {})}
                      for line in lines], **header}


def post(conn: psycopg2.extensions.connection, kind: str, warehouse: int,
         lines: list[Any], **header: Any) -> dict[str, Any]:
    return run(conn, "stock_document_post", document(kind, warehouse, lines, **header))


def refusal(error: UserError) -> str:
    return str(getattr(error, "code", type(error).__name__))


def moves_of(shop: StockShop, document_id: int) -> Iterator[tuple[Any, ...]]:
    yield from shop.superuser(
        "SELECT item_id, warehouse_id, quantity, unit_cost, value_change FROM app.stock_move "
        "WHERE document_id = %s ORDER BY id", document_id)
