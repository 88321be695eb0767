"""The dispatch sheet (派工单) of a job in the program's print preview (UI.md: preview
first), printed from there, on A4 or A5 as chosen in the preview (remembered).

`print_dispatch_sheet(parent, database, job_id)` is what the board, my jobs and the
review queue call: it reads the job (`app.job_get`, one round trip, in a worker) and
shows the sheet; the PDF stays in memory (ui/frontdesk/printing.py draws it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QToolBar, QWidget

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.data.dispatch_print import SheetData, sheet_data
from aftersales_desktop.domain.tickets import VISITS
from aftersales_desktop.reports.dispatch_sheet import (
    DispatchSheet,
    SheetPart,
    render_dispatch_sheet,
)
from aftersales_desktop.reports.receipts import ShopHeader

from ..frontdesk.printing import ReceiptPreview
from ..i18n import tr
from ..operations import QueryOp

SHEET_PAPER_KEY = "dispatch/sheet_paper"
SHEET_PAPERS = (("a4", "A4"), ("a5", "A5"))


def sheet_paper() -> str:
    paper = str(QSettings().value(SHEET_PAPER_KEY, "a4") or "a4")
    return paper if paper in dict(SHEET_PAPERS) else "a4"


def set_sheet_paper(paper: str) -> None:
    QSettings().setValue(SHEET_PAPER_KEY, paper)


def _moment(value: Any) -> datetime | None:
    return shop_time.parse(value) if value else None


def _decimal(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def _parts(requisition: Any) -> tuple[SheetPart, ...]:
    """The ticket's requisition as it stands: each issue net of its returns (an issue
    returned in full is left out, and so are the returns) and the old parts removed."""
    lines: Iterable[Mapping[str, Any]] = (
        requisition.get("lines") or [] if isinstance(requisition, Mapping)
        else requisition or [])
    parts = []
    for line in lines:
        kind = str(line.get("kind") or "issue")
        if kind == "return":
            continue
        quantity = Decimal(str(line.get("net_quantity") if kind == "issue"
                               and line.get("net_quantity") is not None
                               else line.get("quantity") or 0))
        if quantity <= 0:
            continue
        parts.append(SheetPart(code=str(line.get("item_code") or ""),
                               name=str(line.get("item_name") or ""), kind=kind,
                               quantity=quantity, unit=str(line.get("unit") or "")))
    return tuple(parts)


def dispatch_sheet(data: SheetData, *, printed_at: datetime | None = None) -> DispatchSheet:
    """The sheet of the job as `app.job_get` returned it: the ticket's fields at the top
    level, the job (assignee, visit, report) under "job" (labels translated now)."""
    ticket, shop = data.job, data.shop
    job: Mapping[str, Any] = ticket.get("job") or {}
    visit: Mapping[str, Any] = job.get("visit") or {}
    report: Mapping[str, Any] = job.get("report") or {}
    promised = ticket.get("promised_on")
    assignee = job.get("outlet") if job.get("assignee_kind") == "outlet" else job.get(
        "technician")
    phones = [str(phone) for phone in ticket.get("phones") or [] if phone]
    done = frozenset(str(w.get("name") or "") for w in report.get("work_types") or [])
    visit_kind = str(ticket.get("visit") or "")
    return DispatchSheet(
        shop=ShopHeader(name=shop.get("name") or tr("After-sales service"),
                        address=shop.get("address") or "", phone=shop.get("phone") or ""),
        ticket_number=str(ticket.get("number") or ""),
        customer_name=str(ticket.get("customer_name") or ""),
        phone=" / ".join(phones[:2]),  # the main one first, as the operator may see them
        address=str(ticket.get("address") or ""),
        product=str(ticket.get("product") or ""), brand=str(ticket.get("brand") or ""),
        model=str(ticket.get("model") or ""), serial=str(ticket.get("serial") or ""),
        fault=str(ticket.get("fault") or ""),
        service_mode_label=tr(VISITS.get(visit_kind, visit_kind)),
        assignee=str(assignee or ""),
        work_type=str(job.get("work_type") or ticket.get("work_type") or ""),
        printed_at=printed_at or datetime.now(UTC),
        visit_start=_moment(visit.get("start") or ticket.get("appointment_at")),
        visit_end=_moment(visit.get("end")),
        promised_date=date.fromisoformat(str(promised)[:10]) if promised else None,
        urgent=bool(ticket.get("urgent")), region=str(ticket.get("region") or ""),
        remarks=str(ticket.get("remarks") or ""), assigned_at=_moment(job.get("assigned_at")),
        parts=_parts(ticket.get("requisition")), work_types=tuple(data.work_types),
        done_work_types=done, hours=_decimal(report.get("hours")),
        result=report.get("result") or None, fault_cause=str(report.get("fault_cause") or ""),
        action=str(report.get("action") or ""),
        outsourced=job.get("assignee_kind") == "outlet")


class SheetPreview(ReceiptPreview):
    """The sheet as it will print, with the paper (A4 / A5) to choose in the toolbar."""

    def __init__(self, sheet: DispatchSheet, title: str, parent: QWidget | None = None
                 ) -> None:
        self.sheet = sheet
        self.paper = sheet_paper()
        super().__init__(self.render_sheet(self.paper), title, parent)
        self.paper_combo = QComboBox()
        self.paper_combo.setObjectName("sheet_paper")
        for value, label in SHEET_PAPERS:
            self.paper_combo.addItem(label, value)
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(self.paper)))
        self.paper_combo.currentIndexChanged.connect(
            lambda _index: self.choose_paper(str(self.paper_combo.currentData())))
        toolbar = self.findChild(QToolBar)
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addWidget(QLabel(tr("Paper")))
            toolbar.addWidget(self.paper_combo)

    def render_sheet(self, paper: str) -> bytes:
        return render_dispatch_sheet(self.sheet, paper=paper, translate=tr)

    def choose_paper(self, paper: str) -> None:
        if paper == self.paper:
            return
        self.paper = paper
        set_sheet_paper(paper)
        self.pdf = self.render_sheet(paper)
        widget = self.findChild(QPrintPreviewWidget)
        if widget is not None:
            widget.updatePreview()


def _show_sheet(sheet: DispatchSheet, title: str) -> None:
    preview = SheetPreview(sheet, title, QApplication.activeWindow())
    preview.resize(760, 900)
    preview.open()


# Tests replace this to look at the sheet instead of opening the preview.
show_sheet: Callable[[DispatchSheet, str], None] = _show_sheet


def print_dispatch_sheet(parent: QWidget, database: Database, job_id: int) -> None:
    """Read the job (one round trip, in a worker), then show its sheet in the preview."""
    def show(data: SheetData) -> None:
        sheet = dispatch_sheet(data)
        show_sheet(sheet, tr("Dispatch sheet {number}").format(number=sheet.ticket_number))

    QueryOp(parent=parent, database=database, op=lambda conn: sheet_data(conn, job_id),
            success=show).with_progress().run_in_background()
