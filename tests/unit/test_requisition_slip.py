"""The printed requisition slip (领料单): what it says, its codes, its arithmetic (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pypdfium2
import zxingcpp

from aftersales_desktop.domain.documents import Document, DocumentLine
from aftersales_desktop.reports.receipts import ShopHeader
from aftersales_desktop.reports.requisition_slip import (
    RequisitionSlip,
    SlipLine,
    render_requisition_slip,
    slip_from_document,
)

SHOP = ShopHeader(name="钱塘家电维修服务部", address="杭州市文三路1号", phone="0571-88888888")
AT = datetime(2026, 12, 2, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def _text_and_codes(pdf: bytes) -> tuple[str, set[str]]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        # a table cell may wrap: its words are compared with the line breaks taken out
        text = page.get_textpage().get_text_range().replace("\r\n", " ")
        image = page.render(scale=4).to_pil().convert("L")
        return text, {found.text for found in zxingcpp.read_barcodes(image)}
    finally:
        document.close()


def test_the_slip_from_a_saved_requisition() -> None:
    document = Document("requisition", {"ticket": "WX20261202-0007", "technician": "王师傅"}, (
        DocumentLine({"code": "P-1002", "name": "压缩机", "kind": "issue", "quantity": Decimal(2),
                      "price": Decimal("350.00"), "warehouse_name": "配件库",
                      "fitted_serial": "SN-A1", "removed_serial": "OLD-9"}, 1, 11),
        DocumentLine({"code": "P-1002", "name": "压缩机", "kind": "return",
                      "quantity": Decimal(1), "price": Decimal("350.00"),
                      "warehouse_name": "配件库"}, 1, 12),
        DocumentLine({"code": "C-7", "name": "电容", "kind": "removed", "quantity": Decimal(1),
                      "price": Decimal("12.50"), "warehouse_name": "报损库"}, 2, 13)),
        state="open", id=7, number="LL2026-000007", version=3)
    slip = slip_from_document(document, SHOP, AT)
    assert [line.amount for line in slip.lines] == [Decimal("700.00"), Decimal("-350.00"),
                                                    Decimal("0.00")]
    assert slip.total == Decimal("350.00")  # an old part adds nothing, a return takes off
    text, codes = _text_and_codes(render_requisition_slip(slip))
    for expected in ("Requisition slip", "LL2026-000007", "WX20261202-0007", "王师傅",
                     "P-1002 压缩机", "SN-A1", "OLD-9", "¥700.00", "¥350.00", "Return",
                     "Old part removed", "Requisitioned by", "Issued by (warehouse)",
                     "2026-12-02 09:30", "钱塘家电维修服务部"):
        assert expected in text, expected
    assert "WX20261202-0007" in codes  # a scan of the slip opens the ticket


def test_labels_are_translated_at_render_time() -> None:
    slip = RequisitionSlip(SHOP, "LL2026-000001", "WX20261202-0001", "王师傅", AT,
                           (SlipLine("P-1", "门封条", "issue", "配件库", Decimal("1.5"),
                                     Decimal("20")),))
    words = {"Requisition slip": "领料单", "Parts total": "配件合计", "Issue": "领料"}
    text, _codes = _text_and_codes(render_requisition_slip(
        slip, translate=lambda source: words.get(source, source)))
    assert "领料单" in text and "配件合计" in text and "¥30.00" in text
    assert "Requisition slip" not in text
