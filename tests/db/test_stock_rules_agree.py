"""The stock rules of domain/stock.py and of the database (app.stock_kind_rules,
app.stock_move_value, app.stock_next_number) give the same answers on the same cases:
what each kind of document needs, its prefix, the moving-average arithmetic to the last
digit (half-up ties included), and the number format."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales_desktop.domain import stock
from tests.pg import TestCluster
from tests.unit.test_stock_rules import MOVE_CASES

pytestmark = pytest.mark.db


def test_every_kind_needs_the_same_on_both_sides(cluster: TestCluster, shop_db: str) -> None:
    kinds = {kind for (kind,) in cluster.execute(shop_db, """
        SELECT unnest(regexp_matches(pg_get_constraintdef(oid), '''([a-z_]+)''', 'g'))
        FROM pg_constraint WHERE conname = 'stock_document_kind_choice'""")}
    assert kinds == set(stock.KIND_RULES)
    for kind, rule in stock.KIND_RULES.items():
        row = cluster.execute(shop_db, "SELECT app.stock_kind_rules(%s)", (kind,))[0][0]
        assert row == {"prefix": rule.prefix, "direction": rule.direction.value,
                       "target": rule.target.value, "target_type": rule.target_type,
                       "supplier": rule.supplier, "reason": rule.reason,
                       "cost": rule.cost.value, "typed": rule.typed}, kind
    assert cluster.execute(shop_db, "SELECT app.stock_kind_rules('nonsense')") == [(None,)]


@pytest.mark.parametrize(("given", "wanted"), MOVE_CASES)
def test_the_moving_average_is_the_same_arithmetic(
        cluster: TestCluster, shop_db: str, given: tuple[Decimal | None, ...],
        wanted: tuple[Decimal, Decimal, Decimal]) -> None:
    row = cluster.execute(shop_db, "SELECT * FROM app.stock_move_value(%s, %s, %s, %s, %s, %s)",
                          given)[0]
    python = stock.move_value(*given)  # type: ignore[arg-type]
    assert tuple(row) == (python.unit_cost, python.value_change, python.avg_after) == wanted


def test_numbers_look_the_same(cluster: TestCluster, shop_db: str) -> None:
    year = cluster.execute(shop_db, "SELECT extract(year FROM app.shop_today())::int")[0][0]
    first = cluster.execute(shop_db, "SELECT app.stock_next_number('ZT')")[0][0]
    second = cluster.execute(shop_db, "SELECT app.stock_next_number('ZT')")[0][0]
    assert (first, second) == (stock.format_number("ZT", year, 1),
                               stock.format_number("ZT", year, 2))
