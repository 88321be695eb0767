"""Pickup and settlement: the fee lines add up on the client first (domain/fees.py),
then the database adds them up again and refuses anything else.

The parts of a ticket with a requisition are its requisitioned parts (revision 0016): the
database takes them itself; the client adds them to its totals (`parts`, from
domain.requisitions.settlement_part_lines) and says which requisition it added up
(`requisition_version`), so a requisition changed meanwhile is refused, not billed unseen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Connection

from aftersales_desktop.domain.fees import FeeLine, SettlementTotals, compute_settlement
from aftersales_desktop.domain.refusals import refuse

from ._calls import as_json, call
from .intake import new_operation_id


@dataclass(frozen=True)
class SettlementResult:
    id: int
    number: str
    totals: SettlementTotals
    repeated: bool


def settle(conn: Connection, ticket_id: int, version: int | None, lines: Sequence[FeeLine], *,
           discount: Decimal = Decimal(0), discount_reason: str = "",
           payment_method: str = "cash", paid: Decimal | None = None,
           default_payer: str | None = None, payer_reason: str = "",
           operation_id: str | None = None, parts: Sequence[FeeLine] = (),
           requisition_version: int | None = None) -> SettlementResult:
    """Settle the ticket. `default_payer` (who pays by the ticket's warranty class) lets the
    client ask for `payer_reason` before the database does; billing anyone else needs
    warranty.override, which only the database checks."""
    totals = compute_settlement([*lines, *parts], discount=discount,
                                discount_reason=discount_reason, payment_method=payment_method,
                                paid=paid, default_payer=default_payer,
                                payer_reason=payer_reason)
    payload = {
        "operation_id": operation_id or new_operation_id(),
        "lines": [{"kind": line.kind, "description": line.description.strip(),
                   "quantity": line.quantity, "unit_price": line.unit_price,
                   "billed_to": line.billed_to} for line in lines],
        "discount": totals.discount, "discount_reason": discount_reason.strip(),
        "payment_method": payment_method, "paid": totals.paid,
        "payer_reason": payer_reason.strip(), "requisition_version": requisition_version}
    row = call(conn, "SELECT app.ticket_settle(:id, :v, CAST(:p AS jsonb))",
               {"id": ticket_id, "v": version, "p": as_json(payload)})
    return SettlementResult(id=int(row["id"]), number=row["number"], totals=totals,
                            repeated=bool(row.get("repeated")))


def void_settlement(conn: Connection, settlement_id: int, reason: str) -> None:
    if not reason.strip():
        raise refuse("void_reason_required")
    call(conn, "SELECT app.settlement_void(:id, :r)", {"id": settlement_id, "r": reason.strip()})
