"""Render sample receipts, a stock slip, a label sheet, a dispatch sheet and a commission
statement (zh_CN) to docs/screenshots/ as PNG.

    python tools/render_receipts.py
    python tools/render_receipts.py commission-statement     # only that one

Labels are translated with resources/i18n/aftersales_zh_CN.qm where it has
them (English otherwise). Rasterizes with poppler's pdftoppm, or pypdfium2.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aftersales_desktop.domain.documents import Document, DocumentLine  # noqa: E402
from aftersales_desktop.reports.commission_statements import render_statements  # noqa: E402
from aftersales_desktop.reports.dispatch_sheet import (  # noqa: E402
    DispatchSheet,
    SheetPart,
    render_dispatch_sheet,
)
from aftersales_desktop.reports.fonts import cjk_fonts  # noqa: E402
from aftersales_desktop.reports.part_labels import PartLabel, render_part_labels  # noqa: E402
from aftersales_desktop.reports.receipts import (  # noqa: E402
    FeeLine,
    IntakeReceipt,
    SettlementReceipt,
    ShopHeader,
    render_intake_receipt,
    render_settlement_receipt,
)
from aftersales_desktop.reports.stock_slips import (  # noqa: E402
    render_stock_slip,
    slip_from_document,
)
from aftersales_desktop.services.commissions.printing import typed  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
QM = ROOT / "resources" / "i18n" / "aftersales_zh_CN.qm"
# a month's statements as app.commission_month_print answers (the unit tests' sample)
COMMISSION_MONTH = ROOT / "tests" / "data" / "commission_month_print.json"
CST = timezone(timedelta(hours=8))

SHOP = ShopHeader(
    name="杭州安心家电维修中心",
    address="杭州市西湖区文三路 398 号 1 楼",
    phone="0571-8888 6666",
    terms=(
        "1. 请凭本单取机，遗失请及时告知本店并出示有效证件。\n"
        "2. 维修完成通知后 30 天内未取机，本店不再承担保管责任。\n\n"
        "3. 保内维修以厂家政策为准；人为损坏、进液、私拆不在保修范围内。"
    ),
)

INTAKE = IntakeReceipt(
    shop=SHOP,
    number="WX20261123-0001",
    received_at=datetime(2026, 11, 23, 9, 41, tzinfo=CST),
    operator="李前台",
    customer_name="王建国",
    customer_phone="138****5678",
    product="空调",
    brand="格力",
    model="KFR-35GW",
    serial="GR35GW2026A0012345",
    fault="不制冷，外机异响；开机约十分钟后室内机显示 E1 故障代码，客户称上周清洗过滤网后出现。",
    accessories="遥控器 1 个",
    appearance="外壳轻微划痕，面板完好",
    remarks="客户希望周末上门，来电前请先发短信。",
    service_mode_label="上门",
    warranty_label="保内",
    urgent=True,
    promised_date=date(2026, 11, 26),
    address="杭州市拱墅区莫干山路 100 号 3 幢 502 室",
    appointment="2026-11-24 14:00–16:00",
)

SETTLEMENT = SettlementReceipt(
    shop=SHOP,
    number="JS20261123-0001",
    ticket_number="WX20261123-0001",
    settled_at=datetime(2026, 11, 25, 16, 5, tzinfo=CST),
    operator="李前台",
    customer_name="王建国",
    product="空调",
    model="格力 KFR-35GW",
    serial="GR35GW2026A0012345",
    lines=(
        FeeLine("压缩机启动电容 35μF", Decimal("1"), Decimal("85"), Decimal("85"), True),
        FeeLine("冷媒 R32 补充", Decimal("0.5"), Decimal("240"), Decimal("120")),
        FeeLine("上门服务费", Decimal("1"), Decimal("60"), Decimal("60")),
        FeeLine("检测及维修工时", Decimal("1.5"), Decimal("80"), Decimal("120")),
    ),
    subtotal=Decimal("385"),
    discount=Decimal("20"),
    discount_reason="老客户优惠",
    manufacturer_amount=Decimal("85"),
    customer_amount=Decimal("280"),
    payment_method_label="微信支付",
    paid=Decimal("300"),
    change=Decimal("20"),
)


PARTS = (
    ("P-1002", "压缩机 1.5P 格力原装", "6901234567890", "台", "2", "420.0000"),
    ("P-2001", "启动电容 35μF", "6901234567906", "个", "10", "3.2500"),
    ("P-3105", "室外风机电机 YDK-35", "6901234567913", "台", "1", "138.5000"),
    ("P-4410", "四通阀 DSF-9", "6901234567920", "个", "2", "56.8000"),
    ("P-5020", "冷媒 R32 (千克)", "", "千克", "5.5", "42.0000"),
)

RECEIPT = Document(
    "purchase_receipt",
    {"warehouse": 1, "supplier": "杭州某某电器配件有限公司", "date": date(2026, 12, 1),
     "remarks": "十二月备货，第一批", "created_by": "王仓管"},
    tuple(DocumentLine({"code": code, "name": name, "unit": unit, "quantity": Decimal(qty),
                        "price": Decimal(cost)}, item_id=n + 1)
          for n, (code, name, _barcode, unit, qty, cost) in enumerate(PARTS)),
    state="posted", id=1, number="RK2026-000123", state_by="王仓管",
    state_at=datetime(2026, 12, 1, 9, 30, tzinfo=CST))

LABELS = [PartLabel(code, name, barcode or None, copies=3)
          for code, name, barcode, _unit, _qty, _cost in PARTS]

DISPATCH = DispatchSheet(
    shop=SHOP,
    ticket_number="WX20261202-0007",
    customer_name="王建国",
    phone="138****5678",  # as an operator without contacts.view prints it
    address="杭州市拱墅区莫干山路 100 号 3 幢 502 室",
    product="空调",
    brand="格力",
    model="KFR-35GW",
    serial="GR35GW2026A0012345",
    fault="不制冷，外机异响；开机约十分钟后室内机显示 E1 故障代码。",
    service_mode_label="上门",
    assignee="张师傅",
    work_type="中修",
    printed_at=datetime(2026, 12, 2, 9, 40, tzinfo=CST),
    visit_start=datetime(2026, 12, 3, 14, 0, tzinfo=CST),
    visit_end=datetime(2026, 12, 3, 16, 0, tzinfo=CST),
    promised_date=date(2026, 12, 5),
    urgent=True,
    region="杭州市/拱墅区/莫干山",
    remarks="客户希望下午上门，来电前请先发短信。",
    assigned_at=datetime(2026, 12, 2, 9, 35, tzinfo=CST),
    parts=(SheetPart("P-2001", "启动电容 35μF", "issue", Decimal("1"), "个"),
           SheetPart("P-5020", "冷媒 R32 (千克)", "issue", Decimal("0.5"), "千克")),
    work_types=("安装调试", "大修", "中修", "小修", "送货", "调换货", "清洁打包"),
)


def chinese_translate() -> Callable[[str], str]:
    """Our zh_CN .qm through Qt's translator (context ""), or identity if absent."""
    if not QM.is_file():
        return lambda text: text
    from PySide6.QtCore import QCoreApplication, QTranslator

    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    translator = QTranslator(app)
    if not translator.load(str(QM)):
        return lambda text: text
    app.installTranslator(translator)
    # with the disambiguation a QT_TR_NOOP(text, disambiguation) carries, as ui/i18n.tr
    return lambda text: QCoreApplication.translate("", text,
                                                   getattr(text, "disambiguation", None))


def to_png(pdf: bytes, target: Path, resolution: int = 110) -> None:
    """The PDF's first page as a PNG at `resolution` dpi."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "receipt.pdf"
        source.write_bytes(pdf)
        if shutil.which("pdftoppm"):
            stem = Path(tmp) / "page"
            subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-singlefile",
                            str(source),
                            str(stem)], check=True)
            shutil.copyfile(stem.with_suffix(".png"), target)
        else:
            import pypdfium2

            document = pypdfium2.PdfDocument(str(source))
            document[0].render(scale=resolution / 72).to_pil().save(target)
            document.close()
    print(f"wrote {target}")


def commission_statement(translate: Callable[[str], str]) -> None:
    """The first page of a month's statements (the settled one of 王强), at 80 dpi."""
    month = typed(json.loads(COMMISSION_MONTH.read_text(encoding="utf-8")))
    to_png(render_statements(month, translate=translate,
                             printed_at=datetime(2026, 12, 2, 16, 40, tzinfo=CST)),
           OUT / "commission-statement.png", resolution=80)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    translate = chinese_translate()
    print(f"font: {cjk_fonts()}")
    if sys.argv[1:] == ["commission-statement"]:
        commission_statement(translate)
        return 0
    to_png(render_intake_receipt(INTAKE, paper="a5", translate=translate),
           OUT / "intake-receipt.png")
    to_png(render_intake_receipt(INTAKE, paper="roll80", translate=translate),
           OUT / "intake-receipt-roll.png")
    to_png(render_settlement_receipt(SETTLEMENT, paper="a5", translate=translate),
           OUT / "settlement-receipt.png")
    slip = slip_from_document(RECEIPT, SHOP, warehouse_names={1: "配件库"}, show_costs=True,
                              printed_at=datetime(2026, 12, 1, 9, 32, tzinfo=CST))
    to_png(render_stock_slip(slip, paper="a5", translate=translate), OUT / "stock-slip.png")
    to_png(render_part_labels(LABELS, layout="a4"), OUT / "part-labels.png")
    to_png(render_dispatch_sheet(DISPATCH, paper="a4", translate=translate),
           OUT / "dispatch-sheet.png")
    commission_statement(translate)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
