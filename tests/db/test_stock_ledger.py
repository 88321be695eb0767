"""Stock documents and the ledger on a real PostgreSQL, each through an operator's own
connection: moving-average cost exact to the fen, cancellation by a reversal dated today
that leaves the original untouched, a second cancel refused, changing a posted document
only with stock.edit_posted (a reversal and a replacement in one transaction, both in
the change log), every kind of document, gapless numbers, opening balances only where
nothing moved, pre-orders arriving with a receipt, and what psql cannot do."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from decimal import Decimal

import psycopg2
import pytest

from aftersales_desktop.core.errors import PermissionDenied, Refused, UserError
from tests.db.stock_helpers import StockShop, document, make_shop, moves_of, post, run
from tests.pg import TestCluster

pytestmark = pytest.mark.db

D = Decimal


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> StockShop:
    return make_shop(cluster, cluster.create_database())


@pytest.fixture
def clerk(shop: StockShop) -> Iterator[psycopg2.extensions.connection]:
    conn = shop.connect("warehouse")
    yield conn
    conn.close()


def test_moving_average_and_a_cancelled_issue_restore_exactly(
        shop: StockShop, clerk: psycopg2.extensions.connection) -> None:
    part, wh = shop.item("AVG-1", "压缩机"), shop.warehouses["PJ"]
    post(clerk, "purchase_receipt", wh, [(part, 10, "5.00")], supplier="格力")
    post(clerk, "purchase_receipt", wh, [(part, 10, "7.00")], supplier="格力")
    assert shop.balance(part, wh) == (D("20.00"), D("6.0000"), D("120.00"))
    issue = post(clerk, "other_issue", wh, [(part, 5)], reason="样机")
    assert shop.balance(part, wh) == (D("15.00"), D("6.0000"), D("90.00"))
    assert D(str(issue["lines"][0]["unit_cost"])) == D("6.0000")
    assert D(str(issue["lines"][0]["amount"])) == D("30.00")
    run(clerk, "stock_document_cancel", {"id": issue["id"], "version": issue["version"],
                                         "reason": "开错", "operation_id": str(uuid.uuid4())})
    assert shop.balance(part, wh) == (D("20.00"), D("6.0000"), D("120.00"))
    assert shop.ledger_problems() == []


def test_rounding_leaves_no_value_behind(shop: StockShop,
                                        clerk: psycopg2.extensions.connection) -> None:
    """10.00 over 3 units: the issues take 3.33 each, the last unit out what is left."""
    part, wh = shop.item("AVG-3", "滤网"), shop.warehouses["PJ"]
    post(clerk, "purchase_receipt", wh, [(part, 3, "3.3333")], supplier="美的")
    assert shop.balance(part, wh) == (D("3.00"), D("3.3333"), D("10.00"))
    for _ in range(2):
        post(clerk, "other_issue", wh, [(part, 1)], reason="维修")
    assert shop.balance(part, wh) == (D("1.00"), D("3.3333"), D("3.34"))
    post(clerk, "other_issue", wh, [(part, 1)], reason="维修")
    assert shop.balance(part, wh) == (D("0.00"), D("3.3333"), D("0.00"))
    post(clerk, "purchase_receipt", wh, [(part, 2, "4.50")], supplier="美的")
    assert shop.balance(part, wh) == (D("2.00"), D("4.5000"), D("9.00"))


def test_cancel_leaves_the_original_and_a_second_cancel_is_refused(
        shop: StockShop, clerk: psycopg2.extensions.connection) -> None:
    part, wh = shop.item("CAN-1", "电机"), shop.warehouses["PJ"]
    receipt = post(clerk, "purchase_receipt", wh, [(part, 4, "12.50")], supplier="海尔")
    lines_before = shop.superuser("SELECT * FROM app.stock_document_line WHERE document_id = %s",
                                  receipt["id"])
    moves_before = list(moves_of(shop, receipt["id"]))
    cancelled = run(clerk, "stock_document_cancel", {
        "id": receipt["id"], "version": receipt["version"], "reason": "供应商退回",
        "operation_id": str(uuid.uuid4())})
    assert cancelled["state"] == "cancelled" and cancelled["cancel_reason"] == "供应商退回"
    for key in ("number", "kind", "warehouse_id", "supplier", "doc_date", "posted_at",
                "posted_by"):
        assert cancelled[key] == receipt[key]
    assert shop.superuser("SELECT * FROM app.stock_document_line WHERE document_id = %s",
                          receipt["id"]) == lines_before
    assert list(moves_of(shop, receipt["id"])) == moves_before
    reversal_row = shop.superuser(
        "SELECT id, number, state, doc_date = app.shop_today(), kind FROM app.stock_document "
        "WHERE reversal_of = %s", receipt["id"])[0]
    assert reversal_row[1].startswith("RK") and reversal_row[1] != receipt["number"]
    assert reversal_row[2:] == ("posted", True, "purchase_receipt")
    assert cancelled["reversed_by_number"] == reversal_row[1]
    assert [m[2] for m in moves_of(shop, reversal_row[0])] == [D("-4.00")]
    assert shop.balance(part, wh) == (D("0.00"), D("0.0000"), D("0.00"))  # as before it

    with pytest.raises(Refused) as second:
        run(clerk, "stock_document_cancel", {
            "id": receipt["id"], "version": cancelled["version"], "reason": "再退",
            "operation_id": str(uuid.uuid4())})
    assert second.value.code == "stock_document_cancelled"
    assert receipt["number"] in second.value.text()
    with pytest.raises(Refused) as of_reversal:
        run(clerk, "stock_document_cancel", {
            "id": reversal_row[0], "version": 2, "reason": "x",
            "operation_id": str(uuid.uuid4())})
    assert of_reversal.value.code in ("stock_document_is_reversal", "document_stale")
    assert shop.ledger_problems() == []


def test_the_same_operation_applies_once(shop: StockShop,
                                         clerk: psycopg2.extensions.connection) -> None:
    part, wh = shop.item("OP-1", "门封"), shop.warehouses["PJ"]
    body = document("purchase_receipt", wh, [(part, 3, "2.00")], supplier="海尔")
    first = run(clerk, "stock_document_post", body)
    again = run(clerk, "stock_document_post", body)
    assert again["id"] == first["id"] and again["number"] == first["number"]
    assert shop.balance(part, wh)[0] == D("3.00")
    cancel = {"id": first["id"], "version": first["version"], "reason": "错",
              "operation_id": str(uuid.uuid4())}
    run(clerk, "stock_document_cancel", cancel)
    assert run(clerk, "stock_document_cancel", cancel)["state"] == "cancelled"
    assert shop.balance(part, wh)[0] == D("0.00")
    assert shop.superuser("SELECT count(*) FROM app.stock_document WHERE reversal_of = %s",
                          first["id"]) == [(1,)]


def test_changing_a_posted_document_needs_edit_posted(shop: StockShop,
                                                      clerk: psycopg2.extensions.connection
                                                      ) -> None:
    part, wh = shop.item("CHG-1", "主板"), shop.warehouses["PJ"]
    receipt = post(clerk, "purchase_receipt", wh, [(part, 5, "100.00")], supplier="TCL")
    change = document("purchase_receipt", wh, [(part, 6, "95.00")], supplier="TCL",
                      id=receipt["id"], version=receipt["version"], change_reason="数量点错")
    with pytest.raises(PermissionDenied):
        run(clerk, "stock_document_change", change)
    assert shop.balance(part, wh) == (D("5.00"), D("100.0000"), D("500.00"))

    manager = shop.connect("manager")
    try:
        log_from = shop.superuser("SELECT coalesce(max(id), 0) FROM audit.change_log")[0][0]
        replacement = run(manager, "stock_document_change", change)
    finally:
        manager.close()
    assert replacement["state"] == "posted" and replacement["replaces"] == receipt["id"]
    assert replacement["number"] not in (None, receipt["number"])
    assert shop.balance(part, wh) == (D("6.00"), D("95.0000"), D("570.00"))
    original = shop.superuser("SELECT state, replaced_by, cancel_reason FROM app.stock_document "
                              "WHERE id = %s", receipt["id"])[0]
    assert original == ("cancelled", replacement["id"], "数量点错")
    logged = shop.superuser(
        "SELECT table_name, action, record_key FROM audit.change_log WHERE id > %s "
        "AND table_name LIKE 'app.stock_document%%' ORDER BY id", log_from)
    keys = {(table, action, key) for table, action, key in logged}
    reversal_id = shop.superuser("SELECT id FROM app.stock_document WHERE reversal_of = %s",
                                 receipt["id"])[0][0]
    assert ("app.stock_document", "insert", str(reversal_id)) in keys
    assert ("app.stock_document", "insert", str(replacement["id"])) in keys
    assert ("app.stock_document", "update", str(receipt["id"])) in keys
    assert sum(1 for t, a, _k in logged if t == "app.stock_document_line" and a == "insert") == 2
    assert shop.ledger_problems() == []


def test_too_little_stock_is_refused_with_the_numbers(
        shop: StockShop, clerk: psycopg2.extensions.connection) -> None:
    part, other = shop.item("P-1002", "压缩机"), shop.item("P-1003", "电容")
    wh = shop.warehouses["PJ"]
    post(clerk, "purchase_receipt", wh, [(part, 1, "300.00"), (other, 5, "2.00")],
         supplier="格力")
    with pytest.raises(Refused) as refused:
        post(clerk, "other_issue", wh, [(other, 1), (part, 2)], reason="维修")
    error = refused.value
    assert error.code == "stock_insufficient" and getattr(error, "line", None) == 2
    assert error.text() == ("Not enough in stock: part P-1002 压缩机, warehouse 配件库, "
                            "on hand 1, needed 2.")
    # nothing of the document stayed: not the other line's move, not a number
    assert shop.balance(other, wh)[0] == D("5.00")
    assert shop.superuser("SELECT count(*) FROM app.stock_document WHERE kind = 'other_issue' "
                          "AND reason = '维修' AND state = 'draft'") == [(0,)]


def test_transfer_scrap_and_merchant_return(shop: StockShop,
                                            clerk: psycopg2.extensions.connection) -> None:
    part = shop.item("TR-1", "显示屏")
    pj, pj2 = shop.warehouses["PJ"], shop.warehouses["PJ2"]
    scrap, returns = shop.warehouses["BS"], shop.warehouses["SF"]
    post(clerk, "purchase_receipt", pj, [(part, 3, "10.00")], supplier="京东方")
    post(clerk, "purchase_receipt", pj, [(part, 3, "11.00")], supplier="京东方")
    transfer = post(clerk, "transfer", pj, [(part, 2)], to_warehouse_id=pj2)
    assert shop.balance(part, pj) == (D("4.00"), D("10.5000"), D("42.00"))
    assert shop.balance(part, pj2) == (D("2.00"), D("10.5000"), D("21.00"))
    assert [m[2] for m in moves_of(shop, transfer["id"])] == [D("-2.00"), D("2.00")]
    with pytest.raises(Refused) as not_scrap:
        post(clerk, "scrap", pj, [(part, 1)], to_warehouse_id=pj2, reason="摔坏")
    assert not_scrap.value.code == "stock_target_not_scrap"
    with pytest.raises(Refused) as no_reason:
        post(clerk, "scrap", pj, [(part, 1)], to_warehouse_id=scrap)
    assert no_reason.value.code == "stock_reason_required"
    post(clerk, "scrap", pj, [(part, 1)], to_warehouse_id=scrap, reason="摔坏")
    assert shop.balance(part, scrap) == (D("1.00"), D("10.5000"), D("10.50"))
    post(clerk, "merchant_return", pj, [(part, 1)], to_warehouse_id=returns, supplier="京东方")
    assert shop.balance(part, returns)[0] == D("1.00")
    post(clerk, "merchant_return", returns, [(part, 1)], supplier="京东方")  # back to them
    assert shop.balance(part, returns) == (D("0.00"), D("10.5000"), D("0.00"))
    with pytest.raises(Refused) as not_returns:
        post(clerk, "merchant_return", pj, [(part, 1)], to_warehouse_id=scrap, supplier="x")
    assert not_returns.value.code == "stock_target_not_returns"
    cancelled = run(clerk, "stock_document_cancel", {
        "id": transfer["id"], "version": transfer["version"], "reason": "调错",
        "operation_id": str(uuid.uuid4())})
    assert cancelled["state"] == "cancelled"
    assert shop.balance(part, pj2) == (D("0.00"), D("0.0000"), D("0.00"))  # as before
    assert shop.balance(part, pj)[0] == D("4.00")
    assert shop.ledger_problems() == []


def test_opening_balance_only_without_moves(shop: StockShop,
                                            clerk: psycopg2.extensions.connection) -> None:
    part, wh = shop.item("OPN-1", "遥控器"), shop.warehouses["PJ2"]
    opening = post(clerk, "opening", wh, [(part, 7, "8.25")])
    assert opening["number"].startswith("QC")
    assert shop.balance(part, wh) == (D("7.00"), D("8.2500"), D("57.75"))
    with pytest.raises(Refused) as again:
        post(clerk, "opening", wh, [(part, 1, "8.25")])
    assert again.value.code == "stock_opening_has_moves"
    assert "OPN-1" in again.value.text() and "二号配件库" in again.value.text()
    assert getattr(again.value, "line", None) == 1


def test_numbers_are_gapless_per_prefix_and_year(shop: StockShop,
                                                 clerk: psycopg2.extensions.connection) -> None:
    part, wh = shop.item("NUM-1", "皮带"), shop.warehouses["PJ"]
    year = shop.superuser("SELECT extract(year FROM app.shop_today())::int")[0][0]
    numbers = [post(clerk, "other_receipt", wh, [(part, 1)], reason="盘盈")["number"]
               for _ in range(3)]
    with pytest.raises(Refused):  # a refused posting takes no number
        post(clerk, "other_receipt", wh, [(part, 0)], reason="盘盈")
    numbers.append(post(clerk, "other_receipt", wh, [(part, 1)], reason="盘盈")["number"])
    seqs = [int(n.split("-")[1]) for n in numbers]
    assert all(n.startswith(f"QR{year}-") for n in numbers)
    assert seqs == list(range(seqs[0], seqs[0] + 4))


def test_drafts_save_change_and_delete(shop: StockShop,
                                       clerk: psycopg2.extensions.connection) -> None:
    part, wh = shop.item("DRF-1", "轴承"), shop.warehouses["PJ"]
    draft = run(clerk, "stock_document_save",
                document("purchase_receipt", wh, [(part, 2, "1.50")], supplier="SKF"))
    assert draft["state"] == "draft" and draft["number"] is None
    assert shop.balance(part, wh)[0] == D(0)
    saved = run(clerk, "stock_document_save", document(
        "purchase_receipt", wh, [(part, 3, "1.50"), (part, 1, "2.00")], supplier="SKF",
        id=draft["id"], version=draft["version"]))
    assert [line["quantity"] for line in saved["lines"]] == [3, 1]
    with pytest.raises(Refused) as stale:
        run(clerk, "stock_document_save", document(
            "purchase_receipt", wh, [(part, 9, "1.50")], supplier="SKF", id=draft["id"],
            version=draft["version"]))
    assert stale.value.code == "document_stale"
    posted = run(clerk, "stock_document_post", {"id": saved["id"], "version": saved["version"],
                                                "operation_id": str(uuid.uuid4())})
    assert posted["state"] == "posted" and shop.balance(part, wh)[0] == D("4.00")
    with pytest.raises(Refused) as not_draft:
        run(clerk, "stock_document_delete", {"id": posted["id"], "version": posted["version"]})
    assert not_draft.value.code == "stock_document_posted"
    other = run(clerk, "stock_document_save",
                document("other_issue", wh, [(part, 1)], reason="借用"))
    run(clerk, "stock_document_delete", {"id": other["id"], "version": other["version"]})
    assert shop.superuser("SELECT count(*) FROM app.stock_document WHERE id = %s",
                          other["id"]) == [(0,)]


@pytest.mark.parametrize(("body", "code"), [
    ({"kind": "stocktake_adjustment"}, "stock_kind_invalid"),
    ({"kind": "nonsense"}, "stock_kind_invalid"),
    ({"warehouse_id": None}, "stock_warehouse_required"),
    ({"warehouse_id": 999999}, "reference_missing"),
    ({"supplier": ""}, "stock_supplier_required"),
    ({"lines": []}, "document_lines_required"),
    ({"lines": [{"item_id": 999999, "quantity": "1", "unit_cost": "1"}]},
     "stock_line_item_missing"),
    ({"lines": [{"item_id": "ITEM", "quantity": "1.005", "unit_cost": "1"}]},
     "stock_line_quantity_invalid"),
    ({"lines": [{"item_id": "ITEM", "quantity": "NaN", "unit_cost": "1"}]},
     "stock_line_quantity_invalid"),
    ({"lines": [{"item_id": "ITEM", "quantity": "-1", "unit_cost": "1"}]},
     "stock_line_quantity_invalid"),
    ({"lines": [{"item_id": "ITEM", "quantity": "1"}]}, "stock_line_cost_required"),
    ({"lines": [{"item_id": "ITEM", "quantity": "1", "unit_cost": "1.00001"}]},
     "stock_line_cost_invalid"),
    ({"lines": [{"item_id": "ITEM", "quantity": "1", "unit_cost": "-1"}]},
     "stock_line_cost_invalid"),
    ({"lines": [{"item_id": "ITEM", "quantity": "1", "unit_cost": "1",
                 "serial": "S" * 101}]}, "stock_line_serial_too_long"),
    ({"to_warehouse_id": "OTHER"}, "stock_target_not_allowed"),
    ({"supplier": "x" * 101}, "field_too_long"),
    ({"operation_id": "not-a-uuid"}, "field_malformed"),
])
def test_bad_input_is_refused_naming_what(shop: StockShop,
                                          clerk: psycopg2.extensions.connection,
                                          body: dict[str, object], code: str) -> None:
    part = shop.item("BAD-1", "螺丝")
    sent = document("purchase_receipt", shop.warehouses["PJ"], [(part, 1, "1.00")],
                    supplier="某厂")
    for key, value in body.items():
        if key == "lines":
            value = [{k: (part if v == "ITEM" else v) for k, v in line.items()}
                     for line in value]  # type: ignore[attr-defined]
        if value == "OTHER":
            value = shop.warehouses["PJ2"]
        sent[key] = value
    before = shop.superuser("SELECT count(*) FROM app.stock_document")
    with pytest.raises(UserError) as refused:
        run(clerk, "stock_document_post", sent)
    assert getattr(refused.value, "code", None) == code
    assert shop.superuser("SELECT count(*) FROM app.stock_document") == before


def test_a_receipt_marks_waiting_preorders_arrived(shop: StockShop,
                                                   clerk: psycopg2.extensions.connection
                                                   ) -> None:
    part, wh = shop.item("PRE-1", "洗衣机门锁"), shop.warehouses["PJ"]
    customer = shop.superuser("INSERT INTO app.customer (code, name) VALUES "
                              "('C-STOCK-1', '李雷') RETURNING id")[0][0]
    orders = [shop.superuser(
        "INSERT INTO app.part_preorder (number, customer_id, item_id, part_name, quantity, "
        "unit_price, ordered_at) VALUES (%s, %s, %s, '门锁', %s, 30, now() - %s::interval) "
        "RETURNING id", f"YD-STOCK-{n}", customer, part, qty, f"{10 - n} hours")[0][0]
        for n, qty in enumerate((2, 1, 5))]
    post(clerk, "purchase_receipt", wh, [(part, 2, "20.00"), (part, 2, "20.00")],
         supplier="海尔")  # 4 received: the first two (2 + 1) arrive, the third (5) waits
    states = shop.superuser("SELECT id, state, arrival_source FROM app.part_preorder "
                            "WHERE id = ANY(%s) ORDER BY id", orders)
    assert [s[1:] for s in states] == [("arrived", "receipt"), ("arrived", "receipt"),
                                       ("waiting", None)]
    assert shop.superuser("SELECT count(*) FROM app.customer_notice WHERE preorder_id = "
                          "ANY(%s) AND kind = 'parts_arrived' AND status = 'due'",
                          orders) == [(2,)]


def test_no_template_can_write_the_ledger_or_read_costs_without_costs_view(
        shop: StockShop, clerk: psycopg2.extensions.connection) -> None:
    part, wh = shop.item("SEC-1", "压缩机"), shop.warehouses["PJ"]
    receipt = post(clerk, "purchase_receipt", wh, [(part, 2, "50.00")], supplier="格力")
    move = shop.superuser("SELECT max(id) FROM app.stock_move")[0][0]
    writes = [
        "INSERT INTO app.stock_balance (item_id, warehouse_id, quantity) VALUES "
        f"({part}, {shop.warehouses['CP']}, 5)",
        f"UPDATE app.stock_balance SET quantity = quantity + 1 WHERE item_id = {part}",
        f"DELETE FROM app.stock_balance WHERE item_id = {part}",
        f"UPDATE app.stock_move SET quantity = 99 WHERE id = {move}",
        f"DELETE FROM app.stock_move WHERE id = {move}",
        "TRUNCATE app.stock_move",
        f"UPDATE app.stock_document SET state = 'draft' WHERE id = {receipt['id']}",
        f"UPDATE app.stock_document_line SET quantity = 1 WHERE document_id = {receipt['id']}",
        f"DELETE FROM app.stock_document WHERE id = {receipt['id']}",
        "INSERT INTO app.stock_counter VALUES ('RK', 2026, 0)",
        "SELECT app.stock_apply('" + json.dumps([{"item_id": part, "warehouse_id": wh,
                                                  "quantity": 5, "unit_cost": 1,
                                                  "source": "document"}]) + "')",
        f"SELECT app.stock_document_book({receipt['id']})",
        "SELECT app.stock_next_number('RK')",
    ]
    cost_reads = ["SELECT unit_cost FROM app.stock_balance",
                  "SELECT value FROM app.stock_balance", "SELECT * FROM app.stock_balance",
                  "SELECT avg_after FROM app.stock_move", "SELECT value_change FROM app.stock_move",
                  "SELECT unit_cost FROM app.stock_document_line",
                  "SELECT amount FROM app.stock_document_line"]
    for template, code in shop.operators.items():
        conn = shop.connect(code)
        try:
            for statement in writes:
                with pytest.raises(psycopg2.Error) as refused, conn.cursor() as cur:
                    cur.execute(statement)
                assert refused.value.pgcode in ("42501", "P0001"), (template, statement)
            costs = shop.superuser("SELECT pg_has_role(%s, 'as_cap_costs_view', 'MEMBER')",
                                   code)[0][0]
            for statement in cost_reads:
                with conn.cursor() as cur:
                    if costs:
                        cur.execute(statement)
                    else:
                        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                            cur.execute(statement)
            with conn.cursor() as cur:  # everyone reads quantities and documents
                cur.execute("SELECT item_id, warehouse_id, quantity FROM app.stock_balance")
                cur.execute("SELECT id, quantity, qty_after FROM app.stock_move")
                cur.execute("SELECT app.stock_document_get(%s)", (receipt["id"],))
                got = cur.fetchone()[0]
            assert (got["lines"][0]["unit_cost"] is not None) == costs, template
        finally:
            conn.close()
    # the owner cannot change a posted move either: only the trigger's owner could drop it
    with pytest.raises(psycopg2.Error) as owner:
        shop.superuser(f"UPDATE app.stock_move SET quantity = 99 WHERE id = {move}")
    assert "append-only" in str(owner.value)
    assert shop.ledger_problems() == []
