"""The printed dispatch sheet (派工单) of a job (PDF bytes, reportlab; no Qt, no database).

What the technician takes to the customer and brings back filled in: the shop's header,
the ticket number as text, QR and Code128 (a returned sheet scans straight back to its
job), the customer, address and phone (as the operator may see it: masked without
contacts.view), the device and its fault, the appointment on the shop's clock, the
technician and the work type, the parts already requisitioned for the ticket, boxes for
the work done (every work type of the service settings, hours, the result), lines for
the fault cause and the action taken, the customer's signature and date, and how
satisfied the customer is. A reprint of a reported job shows its report ticked in.

Two papers on the receipts' fonts and header (reports/receipts.py): "a4" and "a5", both
portrait. Labels are English source strings (QT_TR_NOOP) translated through `translate`
at render time, each followed by a colon in its translation's script.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP, labelled
from aftersales_desktop.domain.dispatch import RESULTS  # the result boxes, in this order
from aftersales_desktop.domain.requisitions import KINDS

from .receipts import (
    _EMPTY,
    _GREY,
    ShopHeader,
    _Builder,
    _table,
    format_quantity,
)

Translate = Callable[[str], str]
PAPERS = ("a4", "a5")

TITLE = QT_TR_NOOP("Dispatch sheet")
URGENT_MARK = QT_TR_NOOP("URGENT")
SATISFACTION = (QT_TR_NOOP("Satisfied"), QT_TR_NOOP("Neutral", "customer satisfaction"),
                QT_TR_NOOP("Dissatisfied"))


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class SheetPart:
    """A requisition line of the ticket as it stands (an issue net of its returns)."""

    code: str
    name: str
    kind: str  # issue / return / removed
    quantity: Decimal
    unit: str = ""


@dataclass(frozen=True)
class DispatchSheet:
    shop: ShopHeader
    ticket_number: str
    customer_name: str
    phone: str  # as the operator may see it (masked without contacts.view)
    address: str
    product: str
    brand: str
    model: str
    serial: str
    fault: str
    service_mode_label: str  # on-site / carry-in, translated
    assignee: str  # the technician, or the service outlet of an outsourced job (外协)
    work_type: str
    printed_at: datetime
    visit_start: datetime | None = None
    visit_end: datetime | None = None
    promised_date: date | None = None
    urgent: bool = False
    region: str = ""
    remarks: str = ""
    assigned_at: datetime | None = None
    parts: tuple[SheetPart, ...] = ()
    work_types: tuple[str, ...] = ()  # the boxes: every work type of the service settings
    # a reprint of a reported job: what the report says, ticked in
    done_work_types: frozenset[str] = field(default_factory=frozenset)
    hours: Decimal | None = None
    result: str | None = None
    fault_cause: str = ""
    action: str = ""
    outsourced: bool = False  # the assignee is a service outlet


def visit_text(start: datetime | None, end: datetime | None) -> str:
    """'2026-12-03 14:00–16:00' on the shop's clock; the end's day too when it differs."""
    if start is None:
        return ""
    begin = shop_time.format_datetime(start)
    if end is None:
        return begin
    finish = shop_time.to_shop_time(end)
    same_day = shop_time.to_shop_time(start).date() == finish.date()
    return f"{begin}–{finish.strftime('%H:%M' if same_day else shop_time.MINUTES)}"


def render_dispatch_sheet(sheet: DispatchSheet, *, paper: str = "a4",
                          translate: Translate = _identity) -> bytes:
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}, not {paper!r}")
    b = _Builder(paper, translate)
    s, t = sheet, translate
    marks = [(URGENT_MARK, True)] if s.urgent else []
    numbers = [(QT_TR_NOOP("Ticket no."), s.ticket_number),
               (QT_TR_NOOP("Printed"), shop_time.format_datetime(s.printed_at))]
    story: list[Flowable] = b.header(s.shop, TITLE, marks, False, numbers, s.ticket_number)
    narrow = [
        (QT_TR_NOOP("Customer"), s.customer_name),
        (QT_TR_NOOP("Phone"), s.phone),
        (QT_TR_NOOP("Device"), " ".join(p for p in (s.product, s.brand, s.model) if p)),
        (QT_TR_NOOP("Serial no."), s.serial),
        (QT_TR_NOOP("Service mode"), s.service_mode_label),
        (QT_TR_NOOP("Work type"), s.work_type),
        (QT_TR_NOOP("Service outlet") if s.outsourced else QT_TR_NOOP("Technician"),
         s.assignee),
        (QT_TR_NOOP("Promised date"), s.promised_date.isoformat() if s.promised_date else ""),
        (QT_TR_NOOP("Region"), s.region),
        (QT_TR_NOOP("Dispatched"),
         shop_time.format_datetime(s.assigned_at) if s.assigned_at else ""),
    ]
    wide = [(QT_TR_NOOP("Appointment"), visit_text(s.visit_start, s.visit_end)),
            (QT_TR_NOOP("Address"), s.address), (QT_TR_NOOP("Fault"), s.fault)]
    if s.remarks:
        wide.append((QT_TR_NOOP("Remarks"), s.remarks))
    gap = (2.5 if _roomy(b) else 1.5) * mm
    story += _fields(b, narrow, wide)
    story += [Spacer(1, gap), _section(b, t(QT_TR_NOOP("Parts requisitioned"))),
              _parts(b, s.parts)]
    story += [Spacer(1, gap), _section(b, t(QT_TR_NOOP("Work done"))), *_work_done(b, s)]
    story += [Spacer(1, gap), *_customer(b)]
    return b.build(story, watermark=[])


def _roomy(b: _Builder) -> bool:
    """A4 has room for taller writing lines; A5 must keep the sheet on one page."""
    return b.paper.width > 160 * mm


def _fields(b: _Builder, narrow: list[tuple[str, str]], wide: list[tuple[str, str]]
            ) -> list[Flowable]:
    """Two short label/value pairs a row, then a full row for each long text."""
    def pair(label: str, value: str) -> list[Any]:
        return [b.p(labelled(b.t(label)), "label"), b.p(value or _EMPTY, "value")]

    def table(rows: list[list[Any]], widths: list[float]) -> Flowable:
        return _table(rows, widths, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LINEBELOW", (0, 0), (-1, -1), 0.25, _GREY)],
                      pad=(1, 3, *((2, 2) if _roomy(b) else (1.3, 1.3))), hAlign="LEFT",
                      splitInRow=1)

    label_w = max(stringWidth(labelled(b.t(label)), b.fonts.regular, b.paper.size - 0.5)
                  for label, _value in [*narrow, *wide]) + 5
    rows = []
    for i in range(0, len(narrow), 2):
        row = [cell for label, value in narrow[i:i + 2] for cell in pair(label, value)]
        rows.append(row + [""] * (4 - len(row)))
    value_w = b.width / 2 - label_w
    return [table(rows, [label_w, value_w, label_w, value_w]),
            table([pair(label, value) for label, value in wide],
                  [label_w, b.width - label_w])]


def _section(b: _Builder, title: str) -> Flowable:
    return _table([[b.p(title, "head")]], [b.width],
                  [("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eeeeee")),
                   ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black)],
                  pad=(2, 2, 1.5, 2), hAlign="LEFT")


def _parts(b: _Builder, parts: Sequence[SheetPart]) -> Flowable:
    t = b.t
    if not parts:
        return b.p(t(QT_TR_NOOP("No parts requisitioned yet.")), "label")
    rows: list[list[Any]] = [[b.p(t(QT_TR_NOOP("Part")), "head"),
                              b.p(t(QT_TR_NOOP("Kind")), "head"),
                              b.p(t(QT_TR_NOOP("Qty")), "numhead"),
                              b.p(t(QT_TR_NOOP("Unit")), "head")]]
    for part in parts:
        rows.append([b.p(f"{part.code} {part.name}", "value"),
                     b.p(t(KINDS.get(part.kind, part.kind)), "value"),
                     b.p(format_quantity(part.quantity), "num"), b.p(part.unit, "value")])
    numbers = [26 * mm, 16 * mm, 14 * mm]
    return _table(rows, [b.width - sum(numbers), *numbers], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, _GREY),
    ], pad=(1, 1, 1.5, 2), repeatRows=1, hAlign="LEFT")


def _work_done(b: _Builder, s: DispatchSheet) -> list[Flowable]:
    """The work types to tick, hours and result, then lines to write the cause and action."""
    t, size = b.t, b.paper.size
    names = list(s.work_types) + sorted(s.done_work_types - set(s.work_types))
    work = _Choices([(name, name in s.done_work_types) for name in names], b.fonts.regular,
                    size)
    results = _Choices([(t(label), key == s.result) for key, label in RESULTS.items()],
                       b.fonts.regular, size)
    hours = "" if s.hours is None else format_quantity(s.hours)
    label_w = max(stringWidth(labelled(t(label)), b.fonts.regular, size)
                  for label in (QT_TR_NOOP("Work types done"), QT_TR_NOOP("Result"),
                                QT_TR_NOOP("Hours"), QT_TR_NOOP("Fault cause"),
                                QT_TR_NOOP("Action taken"))) + 6
    line = (0.5, colors.black)
    rows = [
        [b.p(labelled(t(QT_TR_NOOP("Work types done"))), "value"), work],
        [b.p(labelled(t(QT_TR_NOOP("Hours"))), "value"), b.p(hours, "value")],
        [b.p(labelled(t(QT_TR_NOOP("Result"))), "value"), results],
        [b.p(labelled(t(QT_TR_NOOP("Fault cause"))), "value"), b.p(s.fault_cause, "value")],
        [b.p(labelled(t(QT_TR_NOOP("Action taken"))), "value"), b.p(s.action, "value")],
    ]
    row_h = (8 if _roomy(b) else 6) * mm
    if _roomy(b):  # a second line for the action
        rows.append(["", ""])
    table = _table(rows, [label_w, b.width - label_w], [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("VALIGN", (0, 0), (-1, 0), "TOP"),
        # the written-in answers get a line each, as on a paper form
        ("LINEBELOW", (1, 1), (1, 1), *line), ("LINEBELOW", (1, 3), (1, -1), *line),
    ], pad=(1, 2, 2, 1.5), rowHeights=[None, row_h, None, *[row_h] * (len(rows) - 3)],
        hAlign="LEFT")
    return [table]


def _customer(b: _Builder) -> list[Flowable]:
    """The customer's signature and date, and the satisfaction boxes."""
    t, size = b.t, b.paper.size
    sign, when = labelled(t(QT_TR_NOOP("Customer signature"))), labelled(t(QT_TR_NOOP("Date")))
    satisfaction = labelled(t(QT_TR_NOOP("Satisfaction")))
    sign_w, date_w, satisfied_w = (stringWidth(text, b.fonts.regular, size) + 6
                                   for text in (sign, when, satisfaction))
    boxes = _Choices([(t(label), False) for label in SATISFACTION], b.fonts.regular, size)
    line = (0.6, colors.black)
    signature = _table([[b.p(sign, "value"), "", "", b.p(when, "value"), ""]],
                       [sign_w, b.width - sign_w - date_w - 48 * mm, 8 * mm, date_w, 40 * mm],
                       [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                        ("LINEBELOW", (1, 0), (1, 0), *line),
                        ("LINEBELOW", (4, 0), (4, 0), *line)],
                       pad=(0, 0, 0, 1), rowHeights=[(12 if _roomy(b) else 9) * mm],
                       hAlign="LEFT")
    rating = _table([[b.p(satisfaction, "value"), boxes]], [satisfied_w, b.width - satisfied_w],
                    [("VALIGN", (0, 0), (-1, -1), "MIDDLE")], pad=(0, 0, 3, 1),
                    hAlign="LEFT")
    return [_section(b, t(QT_TR_NOOP("Customer confirmation"))), rating, signature]


class _Choices(Flowable):
    """Tick boxes with their labels, left to right, wrapping onto more lines as needed;
    a checked one carries a tick."""

    def __init__(self, options: Sequence[tuple[str, bool]], font: str, size: float) -> None:
        super().__init__()
        self.options = list(options)
        self.font, self.size = font, size
        self.box = size * 0.95
        self.gap = size * 0.4  # between a box and its label
        self.spacing = size * 1.6  # between one option and the next
        self.line_height = size * 1.75
        self.lines: list[list[tuple[str, bool, float]]] = []

    def _width(self, label: str) -> float:
        return self.box + self.gap + stringWidth(label, self.font, self.size)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.lines = [[]]
        x = 0.0
        for label, checked in self.options:
            width = self._width(label)
            if self.lines[-1] and x + width > avail_width:
                self.lines.append([])
                x = 0.0
            self.lines[-1].append((label, checked, x))
            x += width + self.spacing
        self.width = avail_width
        self.height = self.line_height * max(1, len(self.lines))
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineWidth(0.7)
        canvas.setFont(self.font, self.size)
        for number, line in enumerate(self.lines):
            baseline = self.height - (number + 1) * self.line_height + self.size * 0.45
            for label, checked, x in line:
                bottom = baseline - self.size * 0.12
                canvas.rect(x, bottom, self.box, self.box, stroke=1, fill=0)
                if checked:
                    canvas.setLineWidth(1.1)
                    canvas.lines([(x + self.box * 0.18, bottom + self.box * 0.52,
                                   x + self.box * 0.42, bottom + self.box * 0.2),
                                  (x + self.box * 0.42, bottom + self.box * 0.2,
                                   x + self.box * 0.86, bottom + self.box * 0.85)])
                    canvas.setLineWidth(0.7)
                canvas.drawString(x + self.box + self.gap, baseline, label)

