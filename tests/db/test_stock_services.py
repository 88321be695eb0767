"""services/stock/documents.py as the document editor uses it: one server call per action,
answering the editor's Document (number, version, state with who, lines with their ids,
costs only with costs.view); a stale save is StaleDocument; a line's refusal points at
its line and cell (domain.documents.refusal_target)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import PermissionDenied, Refused
from aftersales_desktop.domain.documents import (
    Document,
    DocumentLine,
    DocumentSpec,
    StaleDocument,
    Submission,
    amount_column,
    code_column,
    money_column,
    posting_flow,
    quantity_column,
    refusal_target,
)
from aftersales_desktop.services.stock import documents
from tests.db.stock_helpers import StockShop, make_shop
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

D = Decimal
SPEC = DocumentSpec(kind="other_issue", title="Other issue", header=(), entity="stock",
                    columns=(code_column(), quantity_column(),
                             money_column("price", "Unit cost", decimals=4),
                             amount_column()),
                    flow=posting_flow(post_capability="stock.post"))


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> StockShop:
    return make_shop(cluster, cluster.create_database())


@pytest.fixture
def login(shop: StockShop) -> Iterator[dict[str, Database]]:
    opened = {who: Database(shop.cluster.profile(shop.db), shop.operators[who], TEST_PASSWORD)
              for who in ("warehouse", "manager", "technician")}
    yield opened
    for database in opened.values():
        database.dispose()


def _submit(action: object, database: Database, document: Document, **kwargs: object
            ) -> Document:
    with database.read() as conn:  # one call, its own transaction (single_call)
        return action(conn, Submission(document, "x", str(uuid.uuid4())), **kwargs)  # type: ignore[operator]


def test_save_post_cancel_change_through_the_services(shop: StockShop,
                                                     login: dict[str, Database]) -> None:
    part, wh = shop.item("SV-1", "风扇电机"), shop.warehouses["PJ"]
    clerk = login["warehouse"]
    draft = Document("purchase_receipt", {"warehouse": wh, "supplier": " 美的 ",
                                          "remarks": "首批"},
                     (DocumentLine({"quantity": D(4), "price": D("12.3456")}, item_id=part),))
    saved = _submit(documents.save_document, clerk, draft)
    assert (saved.state, saved.number, saved.header["supplier"]) == ("draft", None, "美的")
    line = saved.lines[0]
    assert line.line_id is not None and line.values["code"] == "SV-1"
    assert line.values["price"] == D("12.3456") and line.values["amount"] == D("49.38")

    again = _submit(documents.save_document, clerk, saved)  # someone saves it meanwhile
    assert again.version == (saved.version or 0) + 1
    with pytest.raises(StaleDocument) as stale:
        _submit(documents.save_document, clerk, saved)
    assert shop.operators["warehouse"] in stale.value.text()

    posted = _submit(documents.post_document, clerk, again)
    assert posted.state == "posted" and str(posted.number).startswith("RK")
    assert posted.state_by == shop.operators["warehouse"] and posted.state_at is not None
    assert posted.header["date"] is not None

    with login["technician"].read() as conn:  # no costs.view: no costs in the answer
        seen = documents.load_document(conn, int(posted.id or 0))
    assert seen.lines[0].values["price"] is None and seen.lines[0].values["amount"] is None

    changed_lines = (DocumentLine({"quantity": D(5), "price": D("12.0000")}, item_id=part),)
    with pytest.raises(PermissionDenied):
        _submit(documents.change_document, clerk, Document(
            posted.kind, posted.header, changed_lines, id=posted.id, version=posted.version),
            reason="少点了一个")
    replacement = _submit(documents.change_document, login["manager"], Document(
        posted.kind, posted.header, changed_lines, id=posted.id, version=posted.version),
        reason="少点了一个")
    assert replacement.header["replaces_number"] == posted.number
    assert shop.balance(part, wh) == (D("5.00"), D("12.0000"), D("60.00"))

    cancelled = _submit(documents.cancel_document, clerk, replacement, reason="整单退回")
    assert cancelled.state == "cancelled" and cancelled.header["reversed_by_number"]
    assert shop.balance(part, wh)[0] == D("0.00")
    assert shop.ledger_problems() == []


def test_a_line_refusal_points_at_its_line(shop: StockShop,
                                           login: dict[str, Database]) -> None:
    part, other = shop.item("SV-2", "温控器"), shop.item("SV-3", "保险管")
    wh = shop.warehouses["PJ2"]
    _submit(documents.post_document, login["warehouse"], Document(
        "purchase_receipt", {"warehouse": wh, "supplier": "美的"},
        (DocumentLine({"quantity": D(9), "price": D(1)}, item_id=other),)))
    issue = Document("other_issue", {"warehouse": wh, "reason": "维修"},
                     (DocumentLine({"quantity": D(2)}, item_id=other),
                      DocumentLine({"quantity": D(1)}, item_id=part)))
    with pytest.raises(Refused) as refused:
        _submit(documents.post_document, login["warehouse"], issue)
    assert refused.value.code == "stock_insufficient"
    target = refusal_target(SPEC, refused.value)
    assert (target.line, target.column) == (2, "quantity")
    assert "SV-2" in refused.value.text() and "二号配件库" in refused.value.text()
    with login["warehouse"].read() as conn:
        assert documents.warehouse_choices(conn, ("scrap",)) == [
            (shop.warehouses["BS"], "报损库")]
        assert ("美的", "美的") in documents.supplier_choices(conn)
