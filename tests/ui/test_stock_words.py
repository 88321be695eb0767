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
