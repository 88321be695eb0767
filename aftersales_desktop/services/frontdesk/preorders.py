"""Parts pre-orders: ordered, arrived (a "parts arrived" notice falls due), picked up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Connection

from aftersales_desktop.domain.fees import preorder_amounts, round_money
from aftersales_desktop.domain.refusals import refuse

from ._calls import as_json, call
from .intake import new_operation_id


def create_preorder(conn: Connection, *, customer_id: int, part_name: str, quantity: Decimal,
                    unit_price: Decimal, deposit: Decimal = Decimal(0),
                    item_id: int | None = None, ticket_id: int | None = None,
                    expected_on: date | None = None,
                    operation_id: str | None = None,
                    inquiry_id: int | None = None) -> tuple[int, str]:
    """Order a part for the customer: (id, YD number). `inquiry_id`: the inquiry (咨询)
    it comes from, which the server links in the same transaction."""
    if not part_name.strip():
        raise refuse("part_required")
    amounts = preorder_amounts(quantity, unit_price, deposit)  # app.preorder_amounts' rule
    payload = {"operation_id": operation_id or new_operation_id(), "customer_id": customer_id,
               "part_name": part_name.strip(), "quantity": amounts.quantity,
               "unit_price": amounts.unit_price, "deposit": amounts.deposit,
               "item_id": item_id, "ticket_id": ticket_id, "expected_on": expected_on,
               "inquiry_id": inquiry_id}
    row = call(conn, "SELECT app.preorder_create(CAST(:p AS jsonb))",
               {"p": as_json({k: v for k, v in payload.items() if v is not None})})
    return int(row["id"]), str(row["number"])


def mark_arrived(conn: Connection, preorder_id: int) -> None:
    call(conn, "SELECT app.preorder_arrive(:id, 'manual')", {"id": preorder_id})


def pick_up(conn: Connection, preorder_id: int, *, payment_method: str, paid: Decimal) -> Decimal:
    """Hand the part over; returns the change."""
    row = call(conn, "SELECT app.preorder_pickup(:id, :m, :p)",
               {"id": preorder_id, "m": payment_method, "p": round_money(paid)})
    return Decimal(str(row["change"]))


def cancel_preorder(conn: Connection, preorder_id: int, reason: str) -> None:
    if not reason.strip():
        raise refuse("reason_required")
    call(conn, "SELECT app.preorder_cancel(:id, :r)", {"id": preorder_id, "r": reason.strip()})
