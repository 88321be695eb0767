"""The ticket tab's parts requisition (领料): a section listing the parts taken for the job
(issues, returns, old parts with their serials) and the action that opens the
requisition editor over the tab (Requisition parts..., Ctrl+L; ui/stock/requisitions.py).
A settled ticket's requisition is frozen: the section still lists it, the action says why
it is disabled. Importing this module registers both (ticket.py does).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.fees import BILLED_TO
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.requisitions import KINDS
from aftersales_desktop.reports.receipts import format_quantity

from ..i18n import tr
from .ticket_actions import TicketAction, register_action
from .ticket_sections import (
    EVENT_SOURCES,
    RecordTable,
    TicketSection,
    amount,
    register_section,
    when,
)

if TYPE_CHECKING:
    from .ticket import TicketPage

Detail = dict[str, Any]
SHORTCUT = "Ctrl+L"
CAPABILITIES = ("requisition.create", "requisition.edit")


def requisition_blocked(detail: Detail, _page: TicketPage | None = None) -> str | None:
    """Why the requisition cannot be changed now (None: it can)."""
    t = detail["ticket"]
    if t["status"] == "cancelled":
        return refuse("closed", current=t["status"]).text(tr)
    if t["settled"]:
        return refuse("requisition_frozen", number=t["number"]).text(tr)
    return None


def open_requisition(page: TicketPage) -> None:
    """The ticket's requisition in the editor, over the tab; the tab reloads after a save
    (the editor's write announces the ticket changed)."""
    from ..stock.requisitions import RequisitionDialog

    if page.ticket_id is None or not any(page.session.can(c) for c in CAPABILITIES):
        return
    dialog = RequisitionDialog(page.database, page.session, page.ticket_id, parent=page)
    dialog.setObjectName("requisition_dialog")
    page.requisition_dialog = dialog  # type: ignore[attr-defined]  # tests find it here
    dialog.open()


def line_texts(line: dict[str, Any]) -> tuple[str, ...]:
    """What the section shows of one requisition line."""
    serials = "  ".join(f"{tr(label)} {line[key]}" for key, label in (
        ("fitted_serial", QT_TR_NOOP("Fitted part's serial no.")),
        ("removed_serial", QT_TR_NOOP("Old part's serial no."))) if line.get(key))
    where = line.get("warehouse_name") or ""
    if line["kind"] == "issue" and line.get("removed_to_name"):
        where += " → " + line["removed_to_name"]
    quantity = Decimal(str(line["quantity"]))
    return (when(line["created_at"]), tr(KINDS.get(line["kind"], line["kind"])),
            f"{line['item_code']} {line['item_name']}", format_quantity(quantity),
            amount(line["unit_price"]) if line["kind"] != "removed" else "",
            amount(quantity * Decimal(str(line["unit_price"])))
            if line["kind"] != "removed" else "",
            where, tr(BILLED_TO.get(line["billed_to"], line["billed_to"])), serials,
            line["created_by"])


class RequisitionsSection(QWidget):
    """The parts requisitioned for the ticket, newest last, and the button to change them."""

    def __init__(self, page: TicketPage) -> None:
        super().__init__()
        self.page = page
        self.summary = QLabel()
        self.summary.setObjectName("ticket_requisition_summary")
        self.button = QPushButton(tr("Requisition parts...") + f" ({SHORTCUT})")
        self.button.setObjectName("ticket_requisition_open")
        self.button.clicked.connect(lambda _checked=False: open_requisition(page))
        self.table = RecordTable([QT_TR_NOOP("Time"), QT_TR_NOOP("Kind"), QT_TR_NOOP("Part"),
                                  QT_TR_NOOP("Qty"), QT_TR_NOOP("Unit price"),
                                  QT_TR_NOOP("Amount"), QT_TR_NOOP("Warehouse"),
                                  QT_TR_NOOP("Billed to"), QT_TR_NOOP("Serial no."),
                                  QT_TR_NOOP("By")], money_columns=(3, 4, 5))
        self.table.setObjectName("ticket_requisitions")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        shortcut = QAction(page)
        shortcut.setShortcut(QKeySequence(SHORTCUT))
        shortcut.triggered.connect(self._shortcut)
        page.addAction(shortcut)

    def _shortcut(self) -> None:
        if self.button.isEnabled():
            open_requisition(self.page)

    def show_ticket(self, detail: Detail) -> int | None:
        found = detail.get("requisition") or {}
        lines = list(found.get("lines") or [])
        self.table.fill([line_texts(line) for line in lines],
                        ["#8c8c8c" if line["kind"] != "issue" else None for line in lines])
        blocked = requisition_blocked(detail)
        self.button.setEnabled(blocked is None)
        self.button.setToolTip(blocked or "")
        if not lines:
            self.summary.setText(tr("No parts requisitioned yet."))
        else:
            parts = sum((Decimal(str(line["net_quantity"])) * Decimal(str(line["unit_price"]))
                         for line in lines if line["kind"] == "issue"), Decimal(0))
            self.summary.setText(tr("Requisition {number}: parts {amount}").format(
                number=found.get("number") or "", amount=amount(parts))
                + ("  " + tr("(frozen: the ticket is settled or its job reviewed)")
                   if found.get("state") == "frozen" else ""))
        return len(lines) or None


def requisition_events(detail: Detail) -> list[tuple[str, str, str, str, str | None]]:
    """The requisition's lines as history events: (ISO time, what, who, details, colour)."""
    found = detail.get("requisition") or {}
    events: list[tuple[str, str, str, str, str | None]] = []
    for line in [*(found.get("lines") or []), *(found.get("deleted_lines") or [])]:
        quantity = format_quantity(Decimal(str(line["quantity"])))
        part = f"{line['item_code']} {line['item_name']} × {quantity}"
        kind = tr(KINDS.get(line["kind"], line["kind"]))
        events.append((line["created_at"], tr("Requisition: {kind}").format(kind=kind),
                       line["created_by"], part, "#1677ff"))
        if line.get("state") == "deleted":
            events.append((line["updated_at"], tr("Requisition line deleted"),
                           line["updated_by"], part, "#8c8c8c"))
        elif line.get("version", 1) > 1:
            events.append((line["updated_at"], tr("Requisition line changed"),
                           line["updated_by"], part, "#1677ff"))
    return events


EVENT_SOURCES.append(requisition_events)
register_section(TicketSection("requisitions", QT_TR_NOOP("Requisition parts"), 35,
                               RequisitionsSection, capabilities=()))
register_action(TicketAction(
    "requisition", QT_TR_NOOP("Requisition parts..."), "work", 45, "requisition.create",
    requisition_blocked, open_requisition))
