"""A dealer's list read from a workbook made from the template: the Chinese headers are
found, every bad row is listed with its row and column before anything is sent, the
database adds unknown regions, and the clean list imports as callback tasks through
app.callback_import (and a second time adds nothing)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from aftersales_desktop.core.errors import PermissionDenied
from aftersales_desktop.reports.import_templates import write_dealer_template
from aftersales_desktop.services.importing import ImportHasErrors
from aftersales_desktop.services.importing.dealer_list import (
    DEALER_COLUMNS,
    check_dealer_list,
    commit_dealer_list,
    read_dealer_list,
)
from tests.pg import TestCluster, operator_logins

pytestmark = pytest.mark.db

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def db(cluster: TestCluster) -> str:
    db = cluster.create_database()
    cluster.execute(db, "INSERT INTO app.region (name, level) VALUES ('拱墅区', 'district')")
    return db


@pytest.fixture(scope="module")
def login(cluster: TestCluster, db: str) -> Iterator[Callable[[list[str] | None], Any]]:
    yield from operator_logins(cluster, db)


def _list(path: Path, rows: list[dict[str, Any]]) -> Path:
    """The template, filled in below its header as a dealer would."""
    write_dealer_template(path)
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    keys = [c.key for c in DEALER_COLUMNS]
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    workbook.save(path)
    return path


def _row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"dealer": "国美上塘店", "customer_name": "陈丽", "phone": "13867001234",
                           "address": "杭州市拱墅区上塘路15号", "region": "拱墅区",
                           "product": "洗衣机", "brand": "小天鹅", "model": "TG100V",
                           "serial": "XT20261101", "purchase_date": date(2026, 11, 2)}
    row.update(changes)
    return row


def test_every_bad_row_is_listed_with_its_row_and_column(tmp_path: Path) -> None:
    path = _list(tmp_path / "国美.xlsx", [
        _row(),
        _row(phone="12345"),                                     # row 3
        _row(customer_name=None, purchase_date=TODAY + timedelta(days=3)),  # row 4
        _row(product=None, brand=None, model=None),              # row 5
        _row(due_on=TODAY - timedelta(days=1), phone=13867001235),  # row 6
        _row(purchase_date="上个月"),                            # row 7
    ])
    preview = read_dealer_list(path, today=TODAY)
    assert preview.rows_read == 6 and len(preview.rows) == 1
    found = {(e.row, e.column) for e in preview.errors}
    assert found == {(3, "phone"), (4, "customer_name"), (4, "purchase_date"), (5, "product"),
                     (6, "due_on"), (7, "purchase_date")}
    assert not preview.ok
    first = preview.rows[0]
    assert first == {"row": 2, "customer_name": "陈丽", "phone": "13867001234",
                     "dealer": "国美上塘店", "address": "杭州市拱墅区上塘路15号",
                     "region": "拱墅区",
                     "product": "洗衣机", "brand": "小天鹅", "model": "TG100V",
                     "serial": "XT20261101", "purchase_date": "2026-11-02", "due_on": None}


def test_a_clean_list_imports_once(tmp_path: Path, login: Callable[[list[str] | None], Any],
                                   cluster: TestCluster, db: str) -> None:
    path = _list(tmp_path / "list.xlsx", [
        _row(), _row(phone="138 6700 1234", serial="XT20261102"),
        _row(dealer=None, customer_name="赵敏", phone="0571-87650000", region="下城区",
             serial=None, model=None)])
    today = cluster.execute(db, "SELECT app.shop_today()")[0][0]
    preview = read_dealer_list(path, today=today)
    assert preview.ok and len(preview.rows) == 3 and len(preview.customers) == 2
    clerk = login(["callback.record"])
    with clerk.read() as conn:
        check_dealer_list(conn, preview, dealer="")
    # the third row names a region the shop lacks and no dealer
    assert {(e.row, e.column) for e in preview.errors} == {(4, "region"), (4, "dealer")}
    with clerk.transaction() as conn, pytest.raises(ImportHasErrors):
        commit_dealer_list(conn, preview, "usage", "")

    path = _list(tmp_path / "fixed.xlsx", [
        _row(), _row(phone="138 6700 1234", serial="XT20261102"),
        _row(dealer=None, customer_name="赵敏", phone="0571-87650000", region=None,
             serial=None, model=None)])
    preview = read_dealer_list(path, today=today)
    with clerk.transaction() as conn:
        counts = commit_dealer_list(conn, preview, "usage", "国美")
    assert (counts["tasks"], counts["customers_new"], counts["devices_new"],
            counts["skipped"]) == (3, 2, 2, 0)
    assert cluster.execute(db, "SELECT dealer, file_name, rows FROM app.callback_import_batch "
                               "WHERE id = %s", (counts["batch_id"],)) == [
        ("国美", "fixed.xlsx", 3)]
    assert sorted(r[0] for r in cluster.execute(
        db, "SELECT dealer FROM app.callback_task WHERE import_batch_id = %s",
        (counts["batch_id"],))) == ["国美", "国美上塘店", "国美上塘店"]
    with clerk.transaction() as conn:
        again = commit_dealer_list(conn, read_dealer_list(path, today=today), "usage", "国美")
    assert (again["tasks"], again["skipped"]) == (0, 3)

    counter = login(["intake.create"])
    with counter.transaction() as conn, pytest.raises(PermissionDenied):
        commit_dealer_list(conn, read_dealer_list(path, today=today), "usage", "国美")
