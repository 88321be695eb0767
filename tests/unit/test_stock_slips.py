"""Stock slips and part labels: rendered for real, read back with pdfium and zxing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from aftersales_desktop.domain.documents import Document, DocumentLine
from aftersales_desktop.reports import fonts
from aftersales_desktop.reports.part_labels import PartLabel, render_part_labels
from aftersales_desktop.reports.receipts import ShopHeader
from aftersales_desktop.reports.stock_slips import (
    SIGNATURES,
    TITLES,
    render_stock_slip,
    slip_from_document,
)
from aftersales_desktop.ui.stock.specs import DOCUMENT_KINDS, document_spec
from tests.unit.test_receipts import pdf_fonts

CST = timezone(timedelta(hours=8))
SHOP = ShopHeader("杭州安心家电维修中心", "杭州市西湖区文三路 398 号", "0571-88886666")
ZH = {"Purchase receipt": "采购入库单", "Other issue": "其他出库单", "Stock transfer": "调拨单",
      "Prepared by": "制单", "Storekeeper": "仓管", "Received by": "领用人",
      "Delivered by": "送货人", "Unit cost": "单价", "Amount": "金额", "Quantity": "数量",
      "Page {page} of {pages}": "第 {page} / {pages} 页", "CANCELLED": "已作废",
      "From warehouse": "出库仓库", "To warehouse": "调入仓库", "Reason": "原因"}


def zh(text: str) -> str:
    return ZH.get(text, text)


def lines(count: int) -> tuple[DocumentLine, ...]:
    return tuple(DocumentLine({"code": f"P-{1000 + n}", "name": f"压缩机 1.5P 第{n}号",
                               "unit": "个", "quantity": Decimal(n + 1),
                               "price": Decimal("420.1234")}, item_id=n + 1)
                 for n in range(count))


def document(kind: str, count: int = 3, state: str = "posted", **header: object) -> Document:
    values = {"warehouse": 1, "to_warehouse": 2 if kind in ("transfer", "scrap") else None,
              "supplier": "杭州某某电器" if kind in ("purchase_receipt", "merchant_return")
              else "", "reason": "样机领用" if kind in ("other_issue", "scrap") else "",
              "date": date(2026, 12, 1), "remarks": "月初备货", "created_by": "王仓管",
              **header}
    return Document(kind, values, lines(count), state=state, id=7,
                    number=f"RK2026-{count:06d}" if state != "draft" else None,
                    state_by="王仓管", state_at=datetime(2026, 12, 1, 9, 30, tzinfo=CST))


def render(kind: str, *, count: int = 3, paper: str = "a4", costs: bool = True,
           state: str = "posted", **header: object) -> bytes:
    slip = slip_from_document(document(kind, count, state, **header), SHOP,
                              warehouse_names={1: "配件库", 2: "报损库"}, show_costs=costs)
    return render_stock_slip(slip, paper=paper, translate=zh)


def pages(pdf: bytes, scale: float = 3) -> list[tuple[str, Image.Image]]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [(page.get_textpage().get_text_range(),
                 page.render(scale=scale).to_pil().convert("L")) for page in document]
    finally:
        document.close()


@pytest.fixture(autouse=True)
def _bundled_font() -> Iterator[None]:
    """The shipped font: Chinese must print without a font on the machine."""
    fonts.reset_fonts()
    fonts.use_bundled_font()
    yield
    fonts.reset_fonts()


@pytest.mark.parametrize("paper", ["a4", "a5"])
@pytest.mark.parametrize("kind", [*DOCUMENT_KINDS, "stocktake_adjustment"])
def test_every_kind_renders_with_its_number_scannable(kind: str, paper: str) -> None:
    pdf = render(kind, paper=paper)
    ((text, image),) = pages(pdf)
    assert TITLES[kind] in text or zh(TITLES[kind]) in text
    found = {r.format.name: r.text for r in zxingcpp.read_barcodes(image)}
    assert found.get("Code128") == "RK2026-000003"
    assert found.get("QRCode") == "RK2026-000003"
    for signer in SIGNATURES[kind]:
        assert zh(signer) in text
    assert "压缩机 1.5P 第2号" in text
    used = pdf_fonts(pdf)
    assert used and all(used.values()), f"fonts named but not embedded: {used}"


def test_a5_is_a_landscape_half_sheet_and_a4_portrait() -> None:
    for paper, (width, height) in (("a4", (595, 842)), ("a5", (595, 420))):
        pdf = pypdfium2.PdfDocument(render("purchase_receipt", paper=paper))
        try:
            w, h = pdf[0].get_size()
        finally:
            pdf.close()
        assert (round(w), round(h)) == (width, height)


def test_chinese_prints_with_the_shipped_font() -> None:
    pdf = render("other_issue")
    ((text, _image),) = pages(pdf)
    for expected in ("其他出库单", "出库仓库", "配件库", "领用人：", "制单：王仓管", "样机领用",
                     "第 1 / 1 页"):
        assert expected in text
    # a Chinese label takes the full-width colon, not ASCII ":"
    assert not re.search(r"[\u4e00-\u9fff]:", text)
    printed = "".join(text.split())
    assert not fonts.missing_characters(fonts.cjk_fonts().path, printed)
    assert all(name.endswith(("AftersalesSansSC-Regular", "AftersalesSansSC-Bold"))
               for name in pdf_fonts(pdf))


def test_costs_print_only_when_the_document_carries_them() -> None:
    with_costs, _ = pages(render("purchase_receipt", count=2))[0]
    without, _ = pages(render("purchase_receipt", count=2, costs=False))[0]
    assert "¥420.1234" in with_costs and "¥1,260.37" in with_costs  # 1 + 2 at 420.1234
    assert "单价" in with_costs
    assert "¥" not in without and "单价" not in without and "金额" not in without


def test_long_document_runs_over_pages_with_numbers_and_titles_repeated() -> None:
    pdf = render("purchase_receipt", count=90, paper="a5")
    read = pages(pdf, scale=1)
    assert len(read) >= 3
    for number, (text, _image) in enumerate(read, start=1):
        assert f"第 {number} / {len(read)} 页" in text
        assert "数量" in text  # the column titles repeat on every page
    everything = "".join(text for text, _ in read)
    assert all(f"P-{1000 + n}" in everything for n in range(90))
    assert everything.count("Total: 90 lines") == 1
    assert "Total: 90 lines" in read[-1][0]


def test_cancelled_and_draft_slips_say_so() -> None:
    cancelled, _ = pages(render("transfer", state="cancelled",
                                cancel_reason="数量录错"))[0]
    assert "已作废" in cancelled and "数量录错" in cancelled
    draft_pdf = render("transfer", state="draft")
    ((draft, image),) = pages(draft_pdf)
    assert "DRAFT" in draft
    assert not [r for r in zxingcpp.read_barcodes(image) if r.format.name == "QRCode"]


def test_reversal_names_its_original() -> None:
    text, _ = pages(render("other_issue", reversal_of_number="CK2026-000009"))[0]
    assert "REVERSAL" in text and "CK2026-000009" in text


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="paper"):
        render("opening", paper="letter")


def test_specs_hide_costs_without_costs_view() -> None:
    for kind in DOCUMENT_KINDS:
        costly = {c.key for c in document_spec(kind, with_costs=True).columns}
        plain = {c.key for c in document_spec(kind, with_costs=False).columns}
        assert {"price", "amount"} <= costly
        assert not {"price", "amount"} & plain
    receipt = document_spec("purchase_receipt", with_costs=True)
    assert receipt.column("price").editable and receipt.column("price").decimals == 4
    assert not document_spec("other_issue", with_costs=True).column("price").editable
    assert {f.key for f in document_spec("transfer", with_costs=False).header} >= {
        "warehouse", "to_warehouse"}


# -- labels --------------------------------------------------------------------------------

LONG_NAME = "压缩机 1.5P 格力原装 KFR-35GW 变频外机专用加长型号（适用于 2019 年以后的全部机型）"
LABELS = [PartLabel("P-1002", LONG_NAME, "6901234567890", copies=2),
          PartLabel("P-2001", "启动电容 35uF"),
          PartLabel("FAN-LONGCODE-000123", "风扇电机", "FAN2026000123456")]


def test_labels_scan_back_as_barcode_or_code() -> None:
    pdf = render_part_labels(LABELS, layout="roll")
    read = pages(pdf, scale=8)
    assert len(read) == 4  # one label a page, the first twice
    scanned = []
    for text, image in read:
        found = [r for r in zxingcpp.read_barcodes(image) if r.format.name == "Code128"]
        assert len(found) == 1, text
        scanned.append(found[0].text)
    assert scanned == ["6901234567890", "6901234567890", "P-2001", "FAN2026000123456"]
    assert "启动电容 35uF" in read[2][0] and "P-2001" in read[2][0]
    assert "…" in read[0][0]  # a name longer than two lines is cut, not run off the label
    used = pdf_fonts(pdf)
    assert used and all(used.values())


def test_label_sheet_holds_24_and_skips_used_ones() -> None:
    many = [replace(label, copies=10) for label in LABELS]  # 30 labels
    pdf = render_part_labels(many, layout="a4", skip=5)
    read = pages(pdf, scale=4)
    assert len(read) == 2
    first = [r.text for r in zxingcpp.read_barcodes(read[0][1])]
    second = [r.text for r in zxingcpp.read_barcodes(read[1][1])]
    assert len(first) == 24 - 5 and len(second) == 30 - 19
    assert first.count("6901234567890") == 10


def test_unknown_label_layout_is_refused() -> None:
    with pytest.raises(ValueError, match="layout"):
        render_part_labels(LABELS, layout="letter")


def test_a_printed_list_repeats_its_titles_and_embeds_its_font() -> None:
    from aftersales_desktop.reports.list_print import PrintColumn, render_list

    columns = [PrintColumn("仓库"), PrintColumn("编码"), PrintColumn("名称", weight=3),
               PrintColumn("现有", right=True)]
    rows = [["配件库", f"S{n:04d}", f"压缩机 第{n}号", str(n)] for n in range(120)]
    pdf = render_list("库存查询", columns, rows, note="筛选: 压缩机", translate=zh)
    read = pages(pdf, scale=1)
    assert len(read) >= 3
    for number, (text, _image) in enumerate(read, start=1):
        assert "名称" in text and f"第 {number} / {len(read)} 页" in text
    everything = "".join(text for text, _ in read)
    assert all(f"S{n:04d}" in everything for n in range(120))
    used = pdf_fonts(pdf)
    assert used and all(used.values())
