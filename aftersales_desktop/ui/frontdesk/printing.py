"""Receipts from what ticket_detail returns, rendered by reports/receipts.py and shown in
the program's own print preview (UI.md: preview first), printed from there.

The PDF stays in memory: pdfium draws its pages onto the printer (or the preview),
so no viewer has to be installed and no file is left behind. QtPdf is not part of
PySide6-Essentials; pypdfium2 is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

import pypdfium2
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QWidget

from aftersales_desktop.core import shop_time
from aftersales_desktop.domain.fees import PAYMENT_METHODS
from aftersales_desktop.domain.tickets import VISITS
from aftersales_desktop.domain.warranty import WARRANTY_CLASSES
from aftersales_desktop.reports import receipts

from ..i18n import tr

# Pages are drawn as images at the printer's resolution, but not finer: 300 dpi keeps
# 0.2 mm barcode bars at 2+ pixels and an A5 page near 4 million pixels.
MAX_DPI = 300


def page_sizes(pdf: bytes) -> list[QSizeF]:
    """Each page's size in points."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [QSizeF(*page.get_size()) for page in document]
    finally:
        document.close()


def page_images(pdf: bytes, dpi: float) -> Iterator[QImage]:
    """The PDF's pages as images at `dpi` (one at a time: a long roll is large)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        for page in document:
            bitmap = page.render(scale=dpi / 72, prefer_bgrx=True)  # BGRx: QImage's RGB32
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB32)
            yield image.copy()  # detached from pdfium's buffer, which goes with the page
    finally:
        document.close()


def paint_pdf(pdf: bytes, printer: QPrinter) -> None:
    """Draw every page of `pdf` on `printer`, one printer page each, edge to edge."""
    sizes = page_sizes(pdf)
    if not sizes:
        return
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(QPageSize(sizes[0], QPageSize.Unit.Point),
                                      QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        dpi = min(float(printer.resolution()), MAX_DPI)
        for index, image in enumerate(page_images(pdf, dpi)):
            if index:
                printer.newPage()
            painter.drawImage(QRectF(painter.viewport()), image)
    finally:
        painter.end()


class ReceiptPreview(QPrintPreviewDialog):
    """The receipt as it will print; the toolbar's printer button prints it."""

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None) -> None:
        self.receipt_printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        super().__init__(self.receipt_printer, parent)
        self.pdf = pdf
        self.receipt_printer.setDocName(title)
        self.setWindowTitle(tr("Print preview: {title}").format(title=title))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.paintRequested.connect(lambda printer: paint_pdf(self.pdf, printer))


def _show_preview(pdf: bytes, title: str) -> None:
    preview = ReceiptPreview(pdf, title, QApplication.activeWindow())
    preview.resize(720, 860)
    preview.open()


# Tests replace this to look at the PDF instead of opening the preview.
show_pdf: Callable[[bytes, str], None] = _show_preview


def _shop(detail: dict[str, Any]) -> receipts.ShopHeader:
    shop = detail.get("shop") or {}
    return receipts.ShopHeader(name=shop.get("name") or tr("After-sales service"),
                               address=shop.get("address") or "",
                               phone=shop.get("phone") or "", terms=shop.get("terms") or "")


def intake_receipt(detail: dict[str, Any]) -> receipts.IntakeReceipt:
    t = detail["ticket"]
    phones = detail["customer"].get("phones") or [""]
    appointment = t.get("appointment_at") or ""
    return receipts.IntakeReceipt(
        shop=_shop(detail), number=t["number"],
        received_at=datetime.fromisoformat(t["received_at"]), operator=t["received_by"],
        customer_name=t["customer_name"], customer_phone=phones[0], product=t["product"],
        brand=t["brand"], model=t["model"], serial=t["serial"], fault=t["fault"],
        accessories=t["accessories"], appearance=t["appearance"], remarks=t["remarks"],
        service_mode_label=tr(VISITS.get(t["visit"], t["visit"])),
        warranty_label=tr(WARRANTY_CLASSES.get(t["warranty_class"], t["warranty_class"])),
        urgent=bool(t["urgent"]),
        promised_date=datetime.fromisoformat(t["promised_on"]).date(),
        address=t.get("address") or "",
        appointment=shop_time.format_datetime(appointment) if appointment else "")


def latest_settlement(detail: dict[str, Any]) -> dict[str, Any] | None:
    sales = [s for s in detail.get("settlements") or [] if s["kind"] == "sale"]
    return sales[-1] if sales else None


def settlement_receipt(detail: dict[str, Any]) -> receipts.SettlementReceipt | None:
    s = latest_settlement(detail)
    if s is None:
        return None
    t = detail["ticket"]
    lines = tuple(receipts.FeeLine(
        description=line["description"], quantity=Decimal(str(line["quantity"])),
        unit_price=Decimal(str(line["unit_price"])), amount=Decimal(str(line["amount"])),
        billed_to_manufacturer=line["billed_to"] != "customer") for line in s["lines"])
    return receipts.SettlementReceipt(
        shop=_shop(detail), number=s["number"], ticket_number=t["number"],
        settled_at=datetime.fromisoformat(s["settled_at"]), operator=s["settled_by"],
        customer_name=t["customer_name"], product=t["product"], model=t["model"],
        serial=t["serial"], lines=lines, subtotal=Decimal(str(s["subtotal"])),
        discount=Decimal(str(s["discount"])), discount_reason=s["discount_reason"],
        manufacturer_amount=Decimal(str(s["manufacturer_amount"]))
        + Decimal(str(s["shop_amount"])),
        customer_amount=Decimal(str(s["customer_amount"])),
        payment_method_label=tr(PAYMENT_METHODS.get(s["payment_method"], s["payment_method"])),
        paid=Decimal(str(s["paid"])), change=Decimal(str(s["change_given"])),
        voided=bool(s.get("voided_at")))


def print_intake(detail: dict[str, Any], *, paper: str = "a5", copy: bool = False) -> bytes:
    data = receipts.render_intake_receipt(intake_receipt(detail), paper=paper, copy=copy,
                                          translate=tr)
    show_pdf(data, detail["ticket"]["number"])
    return data


def print_settlement(detail: dict[str, Any], *, paper: str = "a5",
                     copy: bool = False) -> bytes | None:
    receipt = settlement_receipt(detail)
    if receipt is None:
        return None
    data = receipts.render_settlement_receipt(receipt, paper=paper, copy=copy, translate=tr)
    show_pdf(data, receipt.number)
    return data
