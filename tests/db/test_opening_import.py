"""Opening stock from Excel on real PostgreSQL: the template reads back, every bad row is
reported and nothing is posted until all rows are right, the rows post as one 'opening'
document per warehouse, and importing the same workbook again adds nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from aftersales_desktop.core.errors import PermissionDenied
from aftersales_desktop.reports.import_templates import write_template
from aftersales_desktop.services.importing import ImportHasErrors
from aftersales_desktop.services.stock import opening_import
from aftersales_desktop.services.stock.opening_import import (
    OPENING_COLUMNS,
    OPENING_SHEET,
    check_opening,
    commit_opening,
    read_opening,
)
from tests.pg import TestCluster, operator_logins

pytestmark = pytest.mark.db

D = Decimal
HEADER = [c.header for c in OPENING_COLUMNS]


@pytest.fixture(scope="module")
def db(cluster: TestCluster) -> str:
    return cluster.create_database()


@pytest.fixture(scope="module")
def login(cluster: TestCluster, db: str) -> Iterator[Callable[[list[str] | None], Any]]:
    yield from operator_logins(cluster, db)


@pytest.fixture(scope="module")
def clerk(login: Callable[[list[str] | None], Any]) -> Any:
    return login(["stock.post", "costs.view"])


def _workbook(path: Path, rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "期初库存"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


class Place:
    def __init__(self, cluster: TestCluster, db: str) -> None:
        tag = uuid.uuid4().hex[:6]
        run = lambda sql, *p: cluster.execute(db, sql, p)  # noqa: E731
        self.run = run
        self.parts = f"PJ{tag}"
        self.parts_id = run("INSERT INTO app.warehouse (code, name, type) VALUES (%s, %s, "
                            "'parts') RETURNING id", self.parts, f"配件库{tag}")[0][0]
        self.goods_name = f"成品库{tag}"
        self.goods_id = run("INSERT INTO app.warehouse (code, name, type) VALUES (%s, %s, "
                            "'finished') RETURNING id", f"CP{tag}", self.goods_name)[0][0]
        self.items = [f"P{tag}-{n}" for n in range(3)]
        for code in self.items:
            run("INSERT INTO app.item (code, name) VALUES (%s, %s)", code, "件" + code)

    def balance(self, code: str, warehouse: int) -> tuple[Decimal, Decimal] | None:
        rows = self.run("SELECT b.quantity, b.unit_cost FROM app.stock_balance b "
                        "JOIN app.item i ON i.id = b.item_id WHERE i.code = %s "
                        "AND b.warehouse_id = %s", code, warehouse)
        return (rows[0][0], rows[0][1]) if rows else None

    def openings(self) -> int:
        return int(self.run("SELECT count(*) FROM app.stock_document WHERE kind = 'opening' "
                            "AND warehouse_id IN (%s, %s)", self.parts_id, self.goods_id)[0][0])


def test_the_template_reads_back(tmp_path: Path) -> None:
    path = write_template(tmp_path / "opening.xlsx", OPENING_COLUMNS, OPENING_SHEET,
                          "Opening stock import template")
    preview = read_opening(path)
    assert preview.ok and preview.rows == [] and preview.sheet == OPENING_SHEET


def test_bad_rows_post_nothing_then_all_post_once(cluster: TestCluster, db: str, clerk: Any,
                                                  tmp_path: Path) -> None:
    place = Place(cluster, db)
    a, b, c = place.items
    good = [[place.parts, a, "压缩机", 10, 35.5], [place.goods_name, a, "", 2, "12.25"],
            [place.parts, b, "", "3.5", 0]]
    bad = [*good, [place.parts, "NO-SUCH", "", 1, 1], ["不存在的库", c, "", 1, 1],
           [place.parts, c, "", 0, 1], [place.parts, c, "", 1, -2],
           [place.parts, c, "", "1.234", 1], [place.parts, a, "", 4, 1]]
    path = _workbook(tmp_path / "bad.xlsx", bad)
    preview = read_opening(path)
    assert [e.row for e in preview.file_errors] == [7, 8, 9]  # 0, negative cost, 3 decimals
    with clerk.read() as conn:
        check_opening(conn, preview)
    assert [(e.row, e.column) for e in preview.database_errors] == [
        (5, "code"), (6, "warehouse"), (10, "code")]  # unknown item, warehouse; a twice
    with clerk.transaction() as conn, pytest.raises(ImportHasErrors):
        commit_opening(conn, preview)
    assert place.openings() == 0 and place.balance(a, place.parts_id) is None

    path = _workbook(tmp_path / "good.xlsx", good)
    with clerk.transaction() as conn:
        counts = commit_opening(conn, read_opening(path))
    assert counts == {"documents": 2, "lines": 3, "skipped": 0}
    assert place.balance(a, place.parts_id) == (D("10.00"), D("35.5000"))
    assert place.balance(a, place.goods_id) == (D("2.00"), D("12.2500"))
    assert place.balance(b, place.parts_id) == (D("3.50"), D("0.0000"))
    numbers = place.run("SELECT number FROM app.stock_document WHERE kind = 'opening' "
                        "AND warehouse_id IN (%s, %s)", place.parts_id, place.goods_id)
    assert all(n.startswith("QC") for (n,) in numbers)

    with clerk.transaction() as conn:  # the same workbook again: nothing new
        again = commit_opening(conn, read_opening(path))
    assert again == {"documents": 0, "lines": 0, "skipped": 3}
    assert place.openings() == 2

    # a changed figure for an item already opened, or an item with moves, is an error
    changed = _workbook(tmp_path / "changed.xlsx", [[place.parts, a, "", 11, 35.5]])
    with clerk.transaction() as conn, pytest.raises(ImportHasErrors):
        commit_opening(conn, read_opening(changed))
    assert place.balance(a, place.parts_id) == (D("10.00"), D("35.5000"))


def test_an_item_with_moves_gets_no_opening(cluster: TestCluster, db: str, clerk: Any,
                                            tmp_path: Path) -> None:
    place = Place(cluster, db)
    a, b, _c = place.items
    first = _workbook(tmp_path / "first.xlsx", [[place.parts, a, "", 1, 1]])
    with clerk.transaction() as conn:
        commit_opening(conn, read_opening(first))
    # another workbook naming the same item with other figures and a new one: refused whole
    mixed = _workbook(tmp_path / "mixed.xlsx", [[place.parts, b, "", 5, 2],
                                                [place.parts, a, "", 3, 1]])
    preview = read_opening(mixed)
    with clerk.read() as conn:
        check_opening(conn, preview)
    assert [(e.row, e.column) for e in preview.database_errors] == [(3, "quantity")]
    with clerk.transaction() as conn, pytest.raises(ImportHasErrors):
        commit_opening(conn, preview)
    assert place.balance(b, place.parts_id) is None


def test_posting_opening_stock_needs_its_capabilities(
        cluster: TestCluster, db: str, login: Callable[[list[str] | None], Any],
        tmp_path: Path) -> None:
    place = Place(cluster, db)
    path = _workbook(tmp_path / "o.xlsx", [[place.parts, place.items[0], "", 1, 1]])
    for capabilities in (["stock.post"], ["costs.view"]):
        with login(capabilities).transaction() as conn, pytest.raises(PermissionDenied):
            commit_opening(conn, read_opening(path))
    assert place.openings() == 0
    assert opening_import.LINES_PER_DOCUMENT >= 100
