"""The stock lists through operators' own connections: balances with the below-minimum
flag, one item's stock card with its running balance, the documents, the valuation and
its summary by warehouse; costs only for an operator holding costs.view (the others'
lists have no cost column, and the database refuses them the lists that have)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import PermissionDenied
from aftersales_desktop.data import stock_lists
from aftersales_desktop.data.listing import ListQuery, fetch_page
from aftersales_desktop.data.summary import fetch_summary
from tests.db.stock_helpers import StockShop, make_shop, post
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

D = Decimal


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> StockShop:
    shop = make_shop(cluster, cluster.create_database())
    pump, seal = shop.item("L-PUMP", "排水泵"), shop.item("L-SEAL", "门封")
    shop.superuser("UPDATE app.item SET min_stock = 5 WHERE id = %s", pump)
    clerk = shop.connect("warehouse")
    try:
        post(clerk, "purchase_receipt", shop.warehouses["PJ"], [(pump, 10, "20.00"),
                                                               (seal, 4, "3.50")],
             supplier="海尔")
        post(clerk, "other_issue", shop.warehouses["PJ"], [(pump, 7)], reason="维修")
        post(clerk, "transfer", shop.warehouses["PJ"], [(seal, 1)],
             to_warehouse_id=shop.warehouses["PJ2"])
    finally:
        clerk.close()
    return shop


@pytest.fixture
def login(shop: StockShop) -> Iterator[dict[str, Database]]:
    opened = {who: Database(shop.cluster.profile(shop.db), shop.operators[who], TEST_PASSWORD)
              for who in ("warehouse", "technician")}
    yield opened
    for database in opened.values():
        database.dispose()


def _rows(database: Database, source: stock_lists.ListSource,
          query: ListQuery | None = None) -> list[dict[str, object]]:
    with database.read() as conn:
        page = fetch_page(conn, source, query or ListQuery())
    keys = [c.key for c in source.columns]
    return [dict(zip(keys, row, strict=True)) for row in page.rows]


def test_balances_flag_what_is_below_its_minimum(login: dict[str, Database]) -> None:
    rows = _rows(login["technician"], stock_lists.balances_source(False),
                 ListQuery(column_filters={"code": "L-"}))
    by_key = {(r["warehouse"], r["code"]): r for r in rows}
    assert by_key[("配件库", "L-PUMP")]["quantity"] == D("3.00")
    assert by_key[("配件库", "L-PUMP")]["below_minimum"] is True
    assert by_key[("配件库", "L-SEAL")]["below_minimum"] is False
    assert by_key[("二号配件库", "L-SEAL")]["quantity"] == D("1.00")
    assert "unit_cost" not in rows[0] and "stock_value" not in rows[0]
    flagged = _rows(login["technician"], stock_lists.STOCK_BALANCES,
                    ListQuery(column_filters={"below_minimum": "yes", "code": "L-"}))
    assert [r["code"] for r in flagged] == ["L-PUMP"]


def test_costs_only_with_costs_view(login: dict[str, Database]) -> None:
    for source in (stock_lists.balances_source(True), stock_lists.STOCK_VALUATION,
                   stock_lists.documents_source(True),
                   stock_lists.stock_card_source(1, can_see_costs=True)):
        with pytest.raises(PermissionDenied), login["technician"].read() as conn:
            fetch_page(conn, source, ListQuery())
    rows = _rows(login["warehouse"], stock_lists.balances_source(True),
                 ListQuery(column_filters={"code": "L-PUMP"}))
    assert (rows[0]["unit_cost"], rows[0]["stock_value"]) == (D("20.0000"), D("60.00"))


def test_stock_card_runs_the_balance(shop: StockShop, login: dict[str, Database]) -> None:
    pump = shop.items["L-PUMP"]
    rows = _rows(login["technician"], stock_lists.stock_card_source(pump))
    assert [(r["quantity"], r["qty_after"], r["kind"]) for r in rows] == [
        (D("10.00"), D("10.00"), "purchase_receipt"), (D("-7.00"), D("3.00"), "other_issue")]
    costs = _rows(login["warehouse"], stock_lists.stock_card_source(
        pump, warehouse_id=shop.warehouses["PJ"], can_see_costs=True))
    assert [(r["value_change"], r["value_after"]) for r in costs] == [
        (D("200.00"), D("200.00")), (D("-140.00"), D("60.00"))]
    other = _rows(login["technician"], stock_lists.stock_card_source(
        pump, warehouse_id=shop.warehouses["PJ2"]))
    assert other == []


def test_documents_and_valuation(login: dict[str, Database]) -> None:
    documents = _rows(login["warehouse"], stock_lists.documents_source(True),
                      ListQuery(column_filters={"supplier": "海尔"}))
    assert [(d["kind"], d["state"], d["lines"], d["amount"]) for d in documents] == [
        ("purchase_receipt", "posted", 2, D("214.00"))]
    assert str(documents[0]["number"]).startswith("RK")
    with login["warehouse"].read() as conn:
        summary = fetch_summary(conn, stock_lists.STOCK_VALUATION,
                                ListQuery(column_filters={"code": "L-"}), ["warehouse"])
    value = summary.totals.index("stock_value")
    totals = {group.values[0]: group.totals[value] for group in summary.groups}
    assert totals == {"配件库": D("70.50"), "二号配件库": D("3.50")}  # 3 x 20 + 3 x 3.50
