"""The printed dispatch sheet (派工单): what it says, its codes, its papers (pure)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pypdfium2
import pytest
import zxingcpp

from aftersales_desktop.reports.dispatch_sheet import (
    DispatchSheet,
    SheetPart,
    render_dispatch_sheet,
    visit_text,
)
from aftersales_desktop.reports.receipts import ShopHeader

CST = timezone(timedelta(hours=8))
SHEET = DispatchSheet(
    shop=ShopHeader(name="钱塘家电维修服务部", address="杭州市文三路1号", phone="0571-88888888"),
    ticket_number="WX20261202-0007", customer_name="王建国", phone="138****5678",
    address="杭州市拱墅区莫干山路 100 号 502 室", product="空调", brand="格力",
    model="KFR-35GW", serial="GR35GW2026A0012345", fault="不制冷，外机异响",
    service_mode_label="On-site", assignee="张师傅", work_type="中修",
    printed_at=datetime(2026, 12, 2, 9, 40, tzinfo=CST),
    # 06:00 UTC is 14:00 on the shop's clock
    visit_start=datetime(2026, 12, 3, 6, 0, tzinfo=UTC),
    visit_end=datetime(2026, 12, 3, 8, 0, tzinfo=UTC), promised_date=date(2026, 12, 5),
    parts=(SheetPart("P-2001", "启动电容 35μF", "issue", Decimal(1), "个"),
           SheetPart("P-5020", "冷媒 R32", "issue", Decimal("0.5"), "千克")),
    work_types=("安装调试", "大修", "中修", "小修", "送货", "调换货", "清洁打包"))
WORDS = {"Dispatch sheet": "派工单", "Customer": "客户", "Phone": "电话",
         "Fault cause": "故障原因", "Action taken": "处理措施", "Satisfied": "满意",
         "Neutral": "一般", "Dissatisfied": "不满意", "Customer signature": "客户签名",
         "Ticket no.": "工单号", "Appointment": "预约"}


def _pages(pdf: bytes) -> list[tuple[str, set[str], tuple[int, int]]]:
    """Each page's text, the codes read off it and its size in millimetres."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            text = page.get_textpage().get_text_range().replace("\r\n", " ")
            image = page.render(scale=3).to_pil().convert("L")
            width, height = page.get_size()
            pages.append((text, {found.text for found in zxingcpp.read_barcodes(image)},
                          (round(width / 72 * 25.4), round(height / 72 * 25.4))))
        return pages
    finally:
        document.close()


@pytest.mark.parametrize(("paper", "size"), [("a4", (210, 297)), ("a5", (148, 210))])
def test_one_page_that_scans_back_to_the_ticket(paper: str, size: tuple[int, int]) -> None:
    pages = _pages(render_dispatch_sheet(SHEET, paper=paper,
                                         translate=lambda s: WORDS.get(s, s)))
    assert len(pages) == 1  # the usual sheet fits on one sheet of paper, A5 too
    text, codes, page_size = pages[0]
    assert page_size == size
    assert codes == {"WX20261202-0007"}  # QR and Code128 both carry the ticket number
    for expected in ("派工单", "工单号：WX20261202-0007", "客户：", "王建国", "电话：",
                     "138****5678", "空调 格力 KFR-35GW", "GR35GW2026A0012345",
                     "不制冷，外机异响", "2026-12-03 14:00–16:00", "张师傅", "P-2001 启动电容",
                     "0.5", "清洁打包", "故障原因：", "处理措施：", "满意", "一般", "不满意",
                     "客户签名：", "2026-12-05"):
        assert expected in text, expected


def test_a_reprint_shows_what_the_report_says() -> None:
    reported = replace(SHEET, done_work_types=frozenset({"中修", "上门费"}),
                       hours=Decimal("1.50"), result="needs_parts",
                       fault_cause="电容老化", action="更换启动电容")
    text, _codes, _size = _pages(render_dispatch_sheet(reported, paper="a5"))[0]
    for expected in ("1.5", "电容老化", "更换启动电容", "Needs parts",
                     "上门费"):  # a work type retired since still shows as done
        assert expected in text, expected


def test_no_parts_no_appointment_and_an_outlet() -> None:
    bare = replace(SHEET, parts=(), visit_start=None, visit_end=None, urgent=True,
                   assignee="滨江特约网点", outsourced=True)
    text, codes, _size = _pages(render_dispatch_sheet(bare, paper="a4"))[0]
    assert "No parts requisitioned yet." in text and "URGENT" in text
    assert "Service outlet: 滨江特约网点" in text and "Technician" not in text
    assert codes == {"WX20261202-0007"}


def test_the_visit_on_the_shops_clock() -> None:
    start = datetime(2026, 12, 3, 15, 30, tzinfo=UTC)  # 23:30 in Hangzhou
    assert visit_text(start, start + timedelta(hours=1)) == "2026-12-03 23:30–2026-12-04 00:30"
    assert visit_text(start, None) == "2026-12-03 23:30"
    assert visit_text(None, None) == ""


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="paper"):
        render_dispatch_sheet(SHEET, paper="roll80")


def test_the_screenshot_scans_back_to_its_ticket() -> None:
    """docs/screenshots/dispatch-sheet.png (tools/render_receipts.py) as a scanner reads it."""
    from pathlib import Path

    from PIL import Image

    shot = Path(__file__).parents[2] / "docs" / "screenshots" / "dispatch-sheet.png"
    with Image.open(shot) as image:
        found = {code.text for code in zxingcpp.read_barcodes(image.convert("L"))}
    assert found == {"WX20261202-0007"}
