"""The stock screens speak a Chinese warehouse's words, not the counter's: one English
word that means two things there has a disambiguation, and each meaning its own 中文."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aftersales_desktop.domain import stock
from aftersales_desktop.domain.audit_labels import WAREHOUSE_TYPES
from aftersales_desktop.ui.i18n import install_language, tr


@pytest.fixture
def chinese() -> Iterator[None]:
    install_language("zh_CN")
    try:
        yield
    finally:
        install_language("en")


def test_a_scrap_document_is_not_the_scrap_warehouse(chinese: None) -> None:
    """报损单 is the document a clerk writes; 报损库 is the warehouse it sends goods to."""
    assert tr(stock.KIND_LABELS["scrap"]) == "报损单"
    assert tr(WAREHOUSE_TYPES["scrap"]) == "报损库"


def test_a_cancelled_stock_document_is_voided_not_a_cancelled_ticket(chinese: None) -> None:
    assert tr(stock.STATE_LABELS["cancelled"]) == "已作废"
    assert tr("Cancelled") == "已撤销"  # a ticket the customer called off


def test_every_kind_of_stock_document_is_named_as_a_document(chinese: None) -> None:
    """The kinds title the printed slips and the editor (采购入库单 RK2026-000123)."""
    names = {kind: tr(label) for kind, label in stock.KIND_LABELS.items()}
    assert names == {
        "purchase_receipt": "采购入库单", "other_receipt": "其他入库单",
        "other_issue": "其他出库单", "transfer": "调拨单", "scrap": "报损单",
        "merchant_return": "商返单", "opening": "期初入库单",
        "stocktake_adjustment": "盘点调整单",
    }
    assert tr(stock.STATE_LABELS["posted"]) == "已过账"
    assert tr(stock.STATE_LABELS["draft"]) == "草稿"


def test_the_document_list_says_when_it_was_posted_beside_its_state(chinese: None) -> None:
    """"Posted" is the state (已过账) and, as a column of times, 过账时间; the Excel
    export keeps the two apart although they are equal as text."""
    from aftersales_desktop.data.stock_lists import STOCK_DOCUMENTS
    from aftersales_desktop.reports.excel import export_words, word_key

    titles = {c.key: tr(c.label) for c in STOCK_DOCUMENTS.columns}
    assert titles["posted_at"] == "过账时间"
    assert titles["number"] == "单号"
    assert titles["created_by"] == "制单人"
    translated = {word_key(w): tr(w) for w in export_words(STOCK_DOCUMENTS.title,
                                                           STOCK_DOCUMENTS.columns)}
    state = STOCK_DOCUMENTS.column("state").choices
    assert state is not None
    assert translated[word_key(state["posted"])] == "已过账"
    assert translated[word_key(STOCK_DOCUMENTS.column("posted_at").label)] == "过账时间"
    assert translated[word_key(state["cancelled"])] == "已作废"


def test_a_balance_is_worth_money_not_a_value(chinese: None) -> None:
    from aftersales_desktop.data.stock_lists import STOCK_VALUATION

    assert tr(STOCK_VALUATION.column("stock_value").label) == "库存金额"


def test_a_transfer_slip_is_signed_by_who_sent_and_who_received_the_goods(
        chinese: None) -> None:
    """Not the counter's 接机人 (who took a repair in) nor a notice's 发送人."""
    from aftersales_desktop.reports.stock_slips import SIGNATURES

    assert [tr(label) for label in SIGNATURES["transfer"]] == ["制单人", "发货人", "收货人"]
    assert [tr(label) for label in SIGNATURES["other_issue"]] == ["制单人", "仓管员", "收货人"]
    assert tr("Received by") == "接机人"


def test_a_requisition_issues_and_returns_parts(chinese: None) -> None:
    """领料 / 退料 / 拆下旧件 on the requisition, its slip and the ticket's history; its
    items have a 名称 (not a person's 姓名); its Open button opens (打开), and a
    requisition still taking changes is 进行中."""
    from aftersales_desktop.domain.requisitions import KINDS, LINE_STATES
    from aftersales_desktop.ui.stock.requisitions import REQUISITION

    assert [tr(KINDS[k]) for k in ("issue", "return", "removed")] == [
        "领料", "退料", "拆下旧件"]
    assert tr(LINE_STATES["deleted"]) == "已删除"
    assert tr(next(c.title for c in REQUISITION.columns if c.key == "name")) == "名称"
    assert tr("Open", "open a record") == "打开"
    assert tr("Open", "a requisition still taking changes") == "进行中"


def test_a_stocktake_is_voided_and_its_items_have_names(chinese: None) -> None:
    from aftersales_desktop.domain.audit_labels import field_label
    from aftersales_desktop.domain.stocktake import SHEET_STATES
    from aftersales_desktop.ui.stock.stocktake import STOCKTAKE

    assert tr(SHEET_STATES["cancelled"]) == "已作废"
    assert tr(STOCKTAKE.flow.state("cancelled").label) == "已作废"
    assert tr(next(c.title for c in STOCKTAKE.columns if c.key == "name")) == "名称"
    for table in ("app.stocktake", "app.stock_document"):
        assert tr(field_label(table, "cancelled_at") or "") == "已作废"
        assert tr(field_label(table, "posted_at") or "") == "过账时间"
    assert tr(field_label("app.ticket", "cancelled_at") or "") == "已撤销"
