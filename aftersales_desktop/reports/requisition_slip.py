"""The printed requisition slip (领料单) of a ticket (PDF bytes, reportlab; no Qt, no
database), on the receipts' paper, fonts and header (reports/receipts.py): the slip's
number, the ticket's number as QR and Code128 (a scan at the counter opens the ticket),
the lines as the database holds them (issues, returns, old parts with their serials),
the parts' total, and signature lines for the technician and the warehouse clerk.
Labels are English source strings (QT_TR_NOOP) translated through `translate`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer

from aftersales_desktop.core.i18n import QT_TR_NOOP, labelled
from aftersales_desktop.domain.documents import Document
from aftersales_desktop.domain.fees import round_money
from aftersales_desktop.domain.requisitions import KINDS

from .receipts import (
    _EMPTY,
    _GREY,
    ShopHeader,
    _Builder,
    _esc,
    _table,
    format_money,
    format_quantity,
)

TITLE = QT_TR_NOOP("Requisition slip")
Translate = Callable[[str], str]


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class SlipLine:
    code: str
    name: str
    kind: str  # issue / return / removed
    warehouse: str
    quantity: Decimal
    unit_price: Decimal
    fitted_serial: str = ""
    removed_serial: str = ""

    @property
    def amount(self) -> Decimal:
        """What the line adds to the parts (a return takes off, an old part adds nothing)."""
        sign = {"issue": 1, "return": -1}.get(self.kind, 0)
        return round_money(self.quantity * self.unit_price) * sign


@dataclass(frozen=True)
class RequisitionSlip:
    shop: ShopHeader
    number: str
    ticket_number: str
    technician: str
    printed_at: datetime
    lines: Sequence[SlipLine] = field(default_factory=tuple)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def slip_from_document(document: Document, shop: ShopHeader, printed_at: datetime
                       ) -> RequisitionSlip:
    """The slip of a saved requisition as the editor holds it (services/stock/requisitions)."""
    header: Mapping[str, Any] = document.header
    lines = [SlipLine(
        code=str(v.get("code") or ""), name=str(v.get("name") or ""),
        kind=str(v.get("kind") or "issue"), warehouse=str(v.get("warehouse_name") or ""),
        quantity=Decimal(str(v.get("quantity") or 0)),
        unit_price=Decimal(str(v.get("price") or 0)),
        fitted_serial=str(v.get("fitted_serial") or ""),
        removed_serial=str(v.get("removed_serial") or ""))
        for v in (line.values for line in document.lines)]
    return RequisitionSlip(shop=shop, number=document.number or "",
                           ticket_number=str(header.get("ticket") or ""),
                           technician=str(header.get("technician") or ""),
                           printed_at=printed_at, lines=tuple(lines))


def render_requisition_slip(slip: RequisitionSlip, *, translate: Translate = _identity
                            ) -> bytes:
    """The A5 slip (one page per 20 lines or so; the table's head repeats)."""
    b = _Builder("a5", translate)
    t = translate
    numbers = [(QT_TR_NOOP("Slip no."), slip.number or _EMPTY),
               (QT_TR_NOOP("Ticket no."), slip.ticket_number)]
    story: list[Flowable] = b.header(slip.shop, TITLE, [], False, numbers,
                                     slip.ticket_number)
    story += b.fields([(QT_TR_NOOP("Technician"), slip.technician),
                       (QT_TR_NOOP("Printed"), slip.printed_at.strftime("%Y-%m-%d %H:%M"))],
                      [])
    story += [Spacer(1, 3 * mm), _lines_table(b, slip, t), Spacer(1, 2 * mm)]
    story.append(_table([[b.p(t(QT_TR_NOOP("Parts total")), "big"),
                          b.p(format_money(slip.total), "bignum")]],
                        [47 * mm, 28 * mm], [("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black)],
                        hAlign="RIGHT"))
    story += _signatures(b, t)
    return b.build(story, watermark=[])


def _lines_table(b: _Builder, slip: RequisitionSlip, t: Translate) -> Flowable:
    rows: list[list[Any]] = [[b.p(t(text), style) for text, style in (
        (QT_TR_NOOP("Part"), "head"), (QT_TR_NOOP("Kind"), "head"),
        (QT_TR_NOOP("Warehouse"), "head"), (QT_TR_NOOP("Qty"), "numhead"),
        (QT_TR_NOOP("Unit price"), "numhead"), (QT_TR_NOOP("Amount"), "numhead"))]]
    small = b.paper.size - 1.5
    for line in slip.lines:
        text = _esc(f"{line.code} {line.name}")
        serials = [f"{t(label)} {value}" for label, value in (
            (QT_TR_NOOP("Fitted serial no."), line.fitted_serial),
            (QT_TR_NOOP("Old part's serial no."), line.removed_serial)) if value]
        if serials:
            text += f'<br/><font size="{small}" color="#555555">{_esc("  ".join(serials))}</font>'
        rows.append([Paragraph(text, b.styles["value"]),
                     b.p(t(KINDS.get(line.kind, line.kind)), "value"),
                     b.p(line.warehouse, "value"),
                     b.p(format_quantity(line.quantity), "num"),
                     b.p(format_money(line.unit_price), "num"),
                     b.p(format_money(line.amount), "num")])
    numbers = [20 * mm, 20 * mm, 12 * mm, 20 * mm, 20 * mm]
    return _table(rows, [b.width - sum(numbers), *numbers], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, _GREY),
    ], pad=(1, 1, 2, 2.5), repeatRows=1, hAlign="LEFT")


def _signatures(b: _Builder, t: Translate) -> list[Flowable]:
    """Who took the parts and who gave them out sign, each with the date."""
    taker, giver = (labelled(t(label)) for label in (QT_TR_NOOP("Requisitioned by"),
                                                  QT_TR_NOOP("Issued by (warehouse)")))
    taker_w, giver_w = (stringWidth(text, b.fonts.regular, b.paper.size) + 6
                        for text in (taker, giver))
    cells = [b.p(taker, "value"), "", "", b.p(giver, "value"), ""]
    line_w = (b.width - taker_w - giver_w - 8 * mm) / 2
    widths = [taker_w, line_w, 8 * mm, giver_w, line_w]
    line = (0.6, colors.black)
    return [Spacer(1, 6 * mm), _table(
        [cells], widths, [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                          ("LINEBELOW", (1, 0), (1, 0), *line),
                          ("LINEBELOW", (4, 0), (4, 0), *line)],
        pad=(0, 2, 0, 1), rowHeights=[10 * mm], hAlign="LEFT")]
