"""The sections under a ticket's summary: its timeline, quotes, notices and fees, and
whatever later modules add (parts requisitions, dispatch and work report, callbacks).

A section is a widget with `show_ticket(detail) -> int | None`: it shows what
`app.ticket_detail` returned (or loads its own rows with a QueryOp, using the page's
database and ticket id) and returns how many entries it has, for its tab's title.
A module adds its section with `register_section` when it is imported; the ticket tab
shows the sections the operator may see, in order, and nothing for a module that is not
there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.fees import BILLED_TO, PAYMENT_METHODS
from aftersales_desktop.domain.notices import CHANNEL_LABELS, NOTICE_KINDS
from aftersales_desktop.domain.tickets import (
    LOCATION_KINDS,
    QUOTE_CHANNELS,
    QUOTE_STATE_LABELS,
    STATUSES,
)
from aftersales_desktop.reports.receipts import format_money, format_quantity

from ..i18n import tr

if TYPE_CHECKING:
    from .ticket import TicketPage

Detail = dict[str, Any]


class Section(Protocol):
    def show_ticket(self, detail: Detail) -> int | None: ...


@dataclass(frozen=True)
class TicketSection:
    key: str
    title: str  # English (QT_TR_NOOP)
    order: int
    make: Callable[[TicketPage], QWidget]  # the widget also has show_ticket (Section)
    capabilities: tuple[str, ...] = ()  # any one of them; () = every operator


SECTIONS: list[TicketSection] = []
Event = tuple[str, str, str, str, str | None]  # ISO time, what, who, details, colour
# What later modules add to the ticket's history (the requisition's lines, ...): each
# takes the detail and returns its events.
EVENT_SOURCES: list[Callable[[Detail], list[Event]]] = []


def register_section(section: TicketSection) -> None:
    """Add a section to every ticket tab opened from now on (a module does this once)."""
    if any(s.key == section.key for s in SECTIONS):
        raise ValueError(f"ticket section {section.key} is registered twice")
    SECTIONS.append(section)
    SECTIONS.sort(key=lambda s: s.order)


def sections_for(can: Callable[[str], bool]) -> list[TicketSection]:
    return [s for s in SECTIONS if not s.capabilities or any(can(c) for c in s.capabilities)]


# -- shared pieces ---------------------------------------------------------------------------

EMPTY = "—"


def when(value: str | None) -> str:
    """A time from the server (ISO text) as the lists show it: on the shop's clock."""
    return shop_time.format_datetime(value) if value else ""


def amount(value: Any) -> str:
    return format_money(Decimal(str(value or 0)))


def value_block(title: str, rows: Sequence[tuple[str, str]], values: dict[str, QLabel], *,
                prefix: str = "value_") -> QGroupBox:
    """A titled block of read-only `(key, English label)` rows; each value label (named
    prefix + key, selectable, wrapping) is put in `values` under its key."""
    box = QGroupBox(tr(title))
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    for key, label in rows:
        value = QLabel(EMPTY)
        value.setObjectName(f"{prefix}{key}")
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        values[key] = value
        form.addRow(tr(label), value)
    return box


class RecordTable(QTableWidget):
    """A read-only table of a section's rows: the last column takes the spare width."""

    def __init__(self, headers: Sequence[str], *, money_columns: Sequence[int] = ()) -> None:
        super().__init__(0, len(headers))
        self.setHorizontalHeaderLabels([tr(h) for h in headers])
        self.money_columns = set(money_columns)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                    | Qt.AlignmentFlag.AlignVCenter)

    def fill(self, rows: Sequence[Sequence[str]], colours: Sequence[str | None] = ()) -> None:
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c in self.money_columns:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if r < len(colours) and colours[r]:
                    item.setForeground(QColor(colours[r]))
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        for c in range(self.columnCount() - 1):
            header.resizeSection(c, min(header.sectionSize(c), 260))
        header.setSectionResizeMode(self.columnCount() - 1, QHeaderView.ResizeMode.Stretch)


def _stack(owner: QWidget, *widgets: QWidget) -> None:
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 4, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QTableWidget) else 0)


# -- timeline ----------------------------------------------------------------------------------

class TimelineSection(QWidget):
    """Everything that happened to the ticket, in order: status changes, where the unit
    went, quotes and answers, notices, settlements."""

    def __init__(self, _page: TicketPage) -> None:
        super().__init__()
        self.table = RecordTable([QT_TR_NOOP("Time"), QT_TR_NOOP("What"), QT_TR_NOOP("By"),
                                  QT_TR_NOOP("Details")])
        self.table.setObjectName("ticket_timeline")
        _stack(self, self.table)

    @staticmethod
    def events(detail: Detail) -> list[tuple[str, str, str, str, str | None]]:
        """(ISO time, what, who, details, colour) of every event, oldest first."""
        events: list[tuple[str, str, str, str, str | None]] = []
        for s in detail.get("history") or []:
            what = (tr("Received: {status}") if s.get("from_status") is None
                    else tr("Status: {status}")).format(status=tr(STATUSES[s["to_status"]]))
            events.append((s["at"], what, s["by_operator"], s.get("reason") or "", None))
        for moved in (detail.get("locations") or [])[1:]:  # the first is the intake's shelf
            where = tr(LOCATION_KINDS.get(moved["kind"], moved["kind"]))
            events.append((moved["at"], tr("Moved: {where}").format(where=where),
                           moved["by_operator"], moved.get("label") or "", "#595959"))
        for q in detail.get("quotes") or []:
            total = sum((Decimal(str(q[k] or 0)) for k in ("parts_amount", "labour_amount",
                                                           "other_amount")), Decimal(0))
            answer = tr(QUOTE_STATE_LABELS.get(q["state"], q["state"]))
            if q.get("decided_by"):  # the answer has a day, not a time: told with the quote
                answer += "  " + " ".join(part for part in (
                    tr(QUOTE_CHANNELS.get(q.get("channel") or "", "")), q.get("decided_on")
                    or "", q["decided_by"]) if part)
            events.append((q["created_at"], tr("Quote {amount}").format(
                amount=format_money(total)), q["created_by"], answer, None))
        for n in detail.get("notices") or []:
            if n.get("sent_at"):
                events.append((n["sent_at"], tr("Notice: {kind}").format(
                    kind=tr(NOTICE_KINDS.get(n["kind"], n["kind"]))), n.get("sent_by") or "",
                    tr(CHANNEL_LABELS.get(n.get("channel") or "", "")), None))
        for s in detail.get("settlements") or []:
            what = (tr("Settled {amount}") if s["kind"] == "sale"
                    else tr("Settlement reversed {amount}")).format(
                amount=amount(s["customer_amount"]))
            events.append((s["settled_at"], what, s["settled_by"], s["number"], "#389e0d"))
        for source in EVENT_SOURCES:
            events += source(detail)
        events.sort(key=lambda e: datetime.fromisoformat(e[0]))
        return events

    def show_ticket(self, detail: Detail) -> int | None:
        events = self.events(detail)
        self.table.fill([(when(at), what, who, note) for at, what, who, note, _c in events],
                        [colour for *_rest, colour in events])
        return None


# -- quotes ------------------------------------------------------------------------------------

class QuotesSection(QWidget):
    def __init__(self, _page: TicketPage) -> None:
        super().__init__()
        self.empty = QLabel(tr("No quote yet: out-of-warranty repairs need one the customer "
                               "approves."))
        self.table = RecordTable([QT_TR_NOOP("Quoted"), QT_TR_NOOP("Parts", "fee"),
                                  QT_TR_NOOP("Labour"), QT_TR_NOOP("Other"),
                                  QT_TR_NOOP("Total"), QT_TR_NOOP("Answer"),
                                  QT_TR_NOOP("Note")], money_columns=(1, 2, 3, 4))
        self.table.setObjectName("ticket_quotes")
        _stack(self, self.empty, self.table)

    def show_ticket(self, detail: Detail) -> int | None:
        quotes = list(reversed(detail.get("quotes") or []))
        rows = []
        for q in quotes:
            parts, labour, other = (Decimal(str(q[k] or 0)) for k in (
                "parts_amount", "labour_amount", "other_amount"))
            answer = tr(QUOTE_STATE_LABELS.get(q["state"], q["state"]))
            if q.get("channel"):
                answer += f" ({tr(QUOTE_CHANNELS.get(q['channel'], q['channel']))})"
            rows.append((f"{when(q['created_at'])}  {q['created_by']}", format_money(parts),
                         format_money(labour), format_money(other),
                         format_money(parts + labour + other), answer,
                         q.get("note") or q.get("decision_note") or ""))
        self.table.fill(rows)
        self.empty.setVisible(not quotes)
        return len(quotes)


# -- notices -----------------------------------------------------------------------------------

NOTICE_STATES = {"due": QT_TR_NOOP("Due"), "sending": QT_TR_NOOP("Sending"),
                 "sent": QT_TR_NOOP("Sent"), "failed": QT_TR_NOOP("Failed")}


class NoticesSection(QWidget):
    def __init__(self, _page: TicketPage) -> None:
        super().__init__()
        self.empty = QLabel(tr("The customer has not been notified yet."))
        self.table = RecordTable([QT_TR_NOOP("Time"), QT_TR_NOOP("Notice"),
                                  QT_TR_NOOP("Channel"), QT_TR_NOOP("To"),
                                  QT_TR_NOOP("State"), QT_TR_NOOP("Text")])
        self.table.setObjectName("ticket_notices")
        _stack(self, self.empty, self.table)

    def show_ticket(self, detail: Detail) -> int | None:
        notices = list(reversed(detail.get("notices") or []))
        rows, colours = [], []
        for n in notices:
            rows.append((when(n.get("sent_at") or n.get("due_at")),
                         tr(NOTICE_KINDS.get(n["kind"], n["kind"])),
                         tr(CHANNEL_LABELS.get(n.get("channel") or "", EMPTY)),
                         n.get("recipient") or "", tr(NOTICE_STATES.get(n["status"], "")),
                         (n.get("body") or "") + (f" [{n['detail']}]" if n.get("detail")
                                                 else "")))
            colours.append("#d9363e" if n["status"] == "failed" else None)
        self.table.fill(rows, colours)
        self.empty.setVisible(not notices)
        return len(notices)


# -- fees --------------------------------------------------------------------------------------

class FeesSection(QWidget):
    """The settlement's lines and totals (a voided one marked), or what is still open."""

    def __init__(self, _page: TicketPage) -> None:
        super().__init__()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("ticket_fees_summary")
        self.table = RecordTable([QT_TR_NOOP("Settlement no."), QT_TR_NOOP("Item"),
                                  QT_TR_NOOP("Qty"), QT_TR_NOOP("Unit price"),
                                  QT_TR_NOOP("Amount"), QT_TR_NOOP("Billed to")],
                                 money_columns=(2, 3, 4))
        self.table.setObjectName("ticket_fees")
        _stack(self, self.summary, self.table)

    def show_ticket(self, detail: Detail) -> int | None:
        sales = [s for s in detail.get("settlements") or [] if s["kind"] == "sale"]
        rows, colours = [], []
        for s in reversed(sales):
            voided = bool(s.get("voided_at"))
            for line in s.get("lines") or []:
                rows.append((s["number"] + (" " + tr("(voided)") if voided else ""),
                             line["description"],
                             format_quantity(Decimal(str(line["quantity"]))),
                             amount(line["unit_price"]), amount(line["amount"]),
                             tr(BILLED_TO.get(line["billed_to"], line["billed_to"]))))
                colours.append("#8c8c8c" if voided else None)
        self.table.fill(rows, colours)
        active = next((s for s in reversed(sales) if not s.get("voided_at")), None)
        if active is None:
            self.summary.setText(tr("Not settled yet."))
        else:
            method = tr(PAYMENT_METHODS.get(active["payment_method"], active["payment_method"]))
            others = "".join(f" {tr(label)} {amount(active[key])}" for key, label in (
                ("manufacturer_amount", QT_TR_NOOP("Billed to manufacturer")),
                ("shop_amount", QT_TR_NOOP("Borne by the shop")))
                if Decimal(str(active[key] or 0)))
            self.summary.setText(tr(
                "Subtotal {subtotal}, discount {discount}, customer pays {due} by {method}; "
                "received {paid}, change {change}. Settled {time} by {who}.").format(
                subtotal=amount(active["subtotal"]), discount=amount(active["discount"]),
                due=amount(active["customer_amount"]), method=method,
                paid=amount(active["paid"]), change=amount(active["change_given"]),
                time=when(active["settled_at"]), who=active["settled_by"]) + others)
        self.table.setVisible(bool(rows))
        return len(sales) or None


for _section in (
    TicketSection("timeline", QT_TR_NOOP("History"), 10, TimelineSection),
    TicketSection("quotes", QT_TR_NOOP("Quotes"), 20, QuotesSection),
    TicketSection("notices", QT_TR_NOOP("Notices"), 30, NoticesSection),
    TicketSection("fees", QT_TR_NOOP("Fees"), 40, FeesSection),
):
    register_section(_section)
