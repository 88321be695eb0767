"""Receipts from what ticket_detail returns, rendered by reports/receipts.py and shown in
the system PDF viewer (print preview first, as UI.md asks)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from aftersales_desktop.domain.fees import PAYMENT_METHODS
from aftersales_desktop.domain.tickets import VISITS
from aftersales_desktop.domain.warranty import WARRANTY_CLASSES
from aftersales_desktop.reports import receipts

from ..i18n import tr


def _open_in_viewer(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


# Tests replace this to look at the PDF instead of launching a viewer.
open_pdf: Callable[[Path], None] = _open_in_viewer


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
        appointment=(datetime.fromisoformat(appointment).strftime("%Y-%m-%d %H:%M")
                     if appointment else ""))


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


def print_intake(detail: dict[str, Any], *, paper: str = "a5", copy: bool = False) -> Path:
    data = receipts.render_intake_receipt(intake_receipt(detail), paper=paper, copy=copy,
                                          translate=tr)
    path = receipts.receipt_pdf_path(data, detail["ticket"]["number"])
    open_pdf(path)
    return path


def print_settlement(detail: dict[str, Any], *, paper: str = "a5",
                     copy: bool = False) -> Path | None:
    receipt = settlement_receipt(detail)
    if receipt is None:
        return None
    data = receipts.render_settlement_receipt(receipt, paper=paper, copy=copy, translate=tr)
    path = receipts.receipt_pdf_path(data, receipt.number)
    open_pdf(path)
    return path
