"""Receipts: rendered for real, rasterized with pdfium, barcodes read back with zxing."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from aftersales_desktop.reports import fonts
from aftersales_desktop.reports.receipts import (
    FeeLine,
    IntakeReceipt,
    SettlementReceipt,
    ShopHeader,
    format_money,
    render_intake_receipt,
    render_settlement_receipt,
)

MM = 72 / 25.4
SCALE = 3
CST = timezone(timedelta(hours=8))
SHOP = ShopHeader("杭州安心家电维修中心", "杭州市西湖区文三路 398 号", "0571-88886666",
                  terms="1. 请凭本单取机。\n2. 超过 30 天未取机，本店不承担保管责任。")
INTAKE = IntakeReceipt(
    shop=SHOP, number="WX20261123-0001", received_at=datetime(2026, 11, 23, 9, 41, tzinfo=CST),
    operator="李前台", customer_name="张三丰", customer_phone="138****5678",
    product="空调", brand="格力", model="KFR-35GW", serial="GR35GW2026A0012345",
    fault="不制冷，外机异响", accessories="遥控器", appearance="完好", remarks="",
    service_mode_label="送修", warranty_label="保内", urgent=False,
    promised_date=date(2026, 11, 26),
)
SETTLEMENT = SettlementReceipt(
    shop=SHOP, number="JS20261123-0007", ticket_number="WX20261123-0001",
    settled_at=datetime(2026, 11, 25, 16, 5, tzinfo=CST), operator="李前台",
    customer_name="张三丰", product="空调", model="格力 KFR-35GW", serial="GR35GW2026A0012345",
    lines=(
        FeeLine("压缩机启动电容", Decimal("1"), Decimal("85"), Decimal("85"), True),
        FeeLine("整机大修", Decimal("1"), Decimal("1234.5"), Decimal("1234.5")),
    ),
    subtotal=Decimal("1319.5"), discount=Decimal("20"), discount_reason="老客户优惠",
    manufacturer_amount=Decimal("85"), customer_amount=Decimal("1214.5"),
    payment_method_label="微信支付", paid=Decimal("1220"), change=Decimal("5.5"),
)


@dataclass
class Page:
    text: str = field(repr=False)
    image: Image.Image = field(repr=False)  # grayscale, SCALE pixels per point
    width: float  # points
    height: float
    # (char, (left, bottom, right, top)) in points
    char_boxes: list[tuple[str, tuple[float, float, float, float]]] = field(repr=False)

    def pixel_box(self, box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        left, bottom, right, top = box
        return (int(left * SCALE), int((self.height - top) * SCALE),
                int(right * SCALE) + 1, int((self.height - bottom) * SCALE) + 1)


def read_pages(pdf: bytes) -> list[Page]:
    assert pdf.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            boxes = [(textpage.get_text_range(i, 1), textpage.get_charbox(i))
                     for i in range(textpage.count_chars())]
            width, height = page.get_size()
            image = page.render(scale=SCALE).to_pil().convert("L")
            pages.append(Page(textpage.get_text_range(), image, width, height, boxes))
        return pages
    finally:
        document.close()


def darkest(image: Image.Image) -> int:
    """The lowest gray level in the image (255: blank paper)."""
    low, _high = image.getextrema()
    assert isinstance(low, int)
    return low


def barcodes(page: Page) -> dict[str, str]:
    return {found.format.name: found.text for found in zxingcpp.read_barcodes(page.image)}


@pytest.fixture(autouse=True)
def _fresh_fonts() -> Iterator[None]:
    fonts.reset_fonts()
    yield
    fonts.reset_fonts()


@pytest.fixture(params=["machine", "bundled"])
def font_path(request: pytest.FixtureRequest) -> str:
    if request.param == "bundled":
        chosen = fonts.use_bundled_font()
        assert chosen.bundled
    else:
        chosen = fonts.cjk_fonts()
        if chosen.bundled:
            pytest.skip("this machine has no TrueType Chinese family with a bold face")
    return str(request.param)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0"), "¥0.00"),
        (Decimal("1234.5"), "¥1,234.50"),
        (Decimal("-12.345"), "-¥12.35"),
        (Decimal("0.005"), "¥0.01"),
        (Decimal("-0.001"), "¥0.00"),
        (Decimal("1234567.891"), "¥1,234,567.89"),
    ],
)
def test_format_money(value: Decimal, text: str) -> None:
    assert format_money(value) == text


@pytest.mark.parametrize("paper", ["a5", "roll80"])
def test_intake_ticket_number_scans_back(paper: str) -> None:
    (page,) = read_pages(render_intake_receipt(INTAKE, paper=paper))
    assert barcodes(page) == {"QRCode": INTAKE.number, "Code128": INTAKE.number}
    assert INTAKE.number in page.text
    if paper == "a5":
        assert (round(page.width / MM), round(page.height / MM)) == (148, 210)
    else:
        assert round(page.width / MM) == 80


@pytest.mark.parametrize("paper", ["a5", "roll80"])
def test_settlement_scans_back_to_the_ticket(paper: str) -> None:
    (page,) = read_pages(render_settlement_receipt(SETTLEMENT, paper=paper))
    assert barcodes(page) == {"QRCode": "WX20261123-0001", "Code128": "WX20261123-0001"}
    text = page.text
    for expected in ("JS20261123-0007", "WX20261123-0001", "¥1,234.50", "¥1,319.50",
                     "-¥20.00", "老客户优惠", "¥1,214.50", "微信支付", "¥5.50",
                     "Billed to manufacturer", "Customer pays"):
        assert expected in text


def test_chinese_text_is_printed(font_path: str) -> None:
    pdf = render_intake_receipt(INTAKE, paper="roll80")
    (page,) = read_pages(pdf)
    assert "张三丰" in page.text
    assert "不制冷，外机异响" in page.text
    assert "2026-11-23 09:41" in page.text  # the receipt's own timezone, not the machine's
    assert b"/FontFile2" in pdf  # the TrueType subset travels with the file
    start = page.text.index("张三丰")
    for char, box in page.char_boxes[start:start + 3]:
        assert char in "张三丰"
        ink = darkest(page.image.crop(page.pixel_box(box)))
        assert ink < 100, f"no glyph drawn for {char}"


def test_copy_mark_only_on_reprints() -> None:
    (original,) = read_pages(render_intake_receipt(INTAKE))
    (reprint,) = read_pages(render_intake_receipt(INTAKE, copy=True))
    assert "COPY" not in original.text
    assert "COPY" in reprint.text
    assert barcodes(reprint)["QRCode"] == INTAKE.number  # the watermark does not hide it


def test_void_mark_on_voided_settlement() -> None:
    (valid,) = read_pages(render_settlement_receipt(SETTLEMENT))
    (voided,) = read_pages(render_settlement_receipt(replace(SETTLEMENT, voided=True)))
    assert "VOID" not in valid.text
    assert "VOID" in voided.text


def test_urgent_and_on_site_rows() -> None:
    on_site = replace(INTAKE, urgent=True, service_mode_label="上门", address="莫干山路 100 号",
                      appointment="2026-11-24 14:00")
    (page,) = read_pages(render_intake_receipt(on_site, paper="roll80"))
    for expected in ("URGENT", "莫干山路 100 号", "Appointment", "2026-11-24 14:00", "上门"):
        assert expected in page.text
    (plain,) = read_pages(render_intake_receipt(INTAKE, paper="roll80"))
    assert "URGENT" not in plain.text and "Appointment" not in plain.text


def test_labels_go_through_translate() -> None:
    chinese = {"Repair intake receipt": "维修接机单", "Customer": "客户", "Fault": "故障描述"}
    (page,) = read_pages(render_intake_receipt(INTAKE, translate=lambda s: chinese.get(s, s)))
    assert "维修接机单" in page.text and "故障描述" in page.text
    assert "Repair intake receipt" not in page.text
    assert "Received" in page.text  # untranslated labels stay English


def test_long_text_wraps_inside_the_roll() -> None:
    long_fault = ("开机后约十分钟室内机显示 E1 故障代码，外机风扇转动但压缩机不启动，" * 6
                  + "customer reports intermittent noise " * 4 + "SN" + "0123456789" * 6)
    (short,) = read_pages(render_intake_receipt(INTAKE, paper="roll80"))
    (long,) = read_pages(render_intake_receipt(replace(INTAKE, fault=long_fault),
                                               paper="roll80"))
    assert long.height > short.height + 40 * MM
    right_margin = long.width - 4 * MM
    drawn = [(c, box) for c, box in long.char_boxes if c.strip()]
    assert drawn and max(box[2] for _c, box in drawn) <= right_margin + 0.5
    strip = long.image.crop((int(right_margin * SCALE) + 2, 0, long.image.width,
                             long.image.height))
    assert darkest(strip) >= 250, "something is drawn in the right margin"
    assert barcodes(long)["Code128"] == INTAKE.number


def test_a5_overflows_onto_more_pages() -> None:
    essay = replace(INTAKE, fault="不制冷，外机异响。" * 600, remarks="line\n" * 80)
    pages = read_pages(render_intake_receipt(essay, paper="a5"))
    assert len(pages) >= 3
    assert barcodes(pages[0])["QRCode"] == INTAKE.number
    assert sum(page.text.count("不制冷") for page in pages) == 600


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="paper"):
        render_intake_receipt(INTAKE, paper="letter")


def pdf_fonts(pdf: bytes) -> dict[str, bool]:
    """Every font a PDF names (BaseFont), and whether its outlines travel inside it."""
    objects = {int(m.group(1)): m.group(2) for m in
               re.finditer(rb"(\d+) 0 obj\s*<<(.*?)>>\s*(?:stream|endobj)", pdf, re.S)}
    found: dict[str, bool] = {}
    for body in objects.values():
        if not re.search(rb"/Type\s*/Font\b", body):
            continue
        base = re.search(rb"/BaseFont\s*/([^\s/<>\[\]]+)", body)
        assert base, body[:200]
        descriptor = re.search(rb"/FontDescriptor\s+(\d+) 0 R", body)
        embedded = bool(descriptor) and re.search(
            rb"/FontFile2\s+\d+ 0 R", objects.get(int(descriptor.group(1)), b"")) is not None
        found[base.group(1).decode()] = embedded
    return found


RECEIPTS = {
    "intake a5 urgent copy": lambda: render_intake_receipt(
        replace(INTAKE, urgent=True), paper="a5", copy=True),
    "intake roll on site": lambda: render_intake_receipt(
        replace(INTAKE, service_mode_label="上门", address="莫干山路 100 号",
                appointment="2026-11-24 14:00"), paper="roll80"),
    "settlement a5 void": lambda: render_settlement_receipt(
        replace(SETTLEMENT, voided=True), paper="a5"),
    "settlement roll copy": lambda: render_settlement_receipt(
        SETTLEMENT, paper="roll80", copy=True),
}


@pytest.mark.parametrize("receipt", list(RECEIPTS))
def test_every_font_is_embedded(receipt: str, font_path: str) -> None:
    pdf = RECEIPTS[receipt]()
    used = pdf_fonts(pdf)
    assert used, "no font at all?"
    assert all(used.values()), f"fonts named but not embedded: {used}"
    chosen = fonts.cjk_fonts()
    assert len(used) == 2 and chosen.regular != chosen.bold  # a real bold face beside it


def test_latin_digits_and_mark_spaces_have_glyphs(font_path: str) -> None:
    """Through any viewer: ticket number, phone and dates drawn; no box beside 加急 / 副本."""
    chinese = {"URGENT": "加急", "COPY": "副本"}
    alphabet = string.digits + string.ascii_uppercase + string.ascii_lowercase
    source = replace(INTAKE, urgent=True, fault=" ".join(alphabet))
    pdf = render_intake_receipt(source, paper="a5", copy=True,
                                translate=lambda s: chinese.get(s, s))
    (page,) = read_pages(pdf)
    assert set(alphabet) <= set(page.text)
    for expected in (INTAKE.number, "2026-11-23 09:41", "138****5678", "加急", "副本"):
        assert expected in page.text
    for char, box in page.char_boxes:
        if char.isascii() and char.isalnum():
            assert darkest(page.image.crop(page.pixel_box(box))) < 100, f"{char} not drawn"
    # The marks are "&nbsp;加急&nbsp;" on black and "&nbsp;副本&nbsp;" on grey: a missing
    # no-break space is a .notdef box, an outline in the other colour beside the word.
    title = page.text.index("加急 副本")  # the watermark and the priority row say them too
    for start, mark, background_is_dark in ((title, "加急", True), (title + 3, "副本", False)):
        assert page.text[start:start + 2] == mark
        first, last = page.char_boxes[start][1], page.char_boxes[start + 1][1]
        height = first[3] - first[1]
        for left, right in ((first[0] - 0.18 * height, first[0] - 0.5),
                            (last[2] + 0.5, last[2] + 0.18 * height)):
            beside = page.image.crop(page.pixel_box((left, first[1], right, first[3])))
            low, high = beside.getextrema()
            if background_is_dark:
                assert high < 100, f"something light drawn beside {mark}"
            else:
                assert low > 150, f"something dark drawn beside {mark}"
    printed = "".join(page.text.split())  # pdfium's line breaks are no characters of ours
    assert not fonts.missing_characters(fonts.cjk_fonts().path, "\u00a0加急副本" + printed)
