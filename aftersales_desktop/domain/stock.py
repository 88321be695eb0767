"""Stock rules the forms need at once (pure): the kinds of stock documents, what each
needs, and the moving-average arithmetic.

The database is the one home of these rules (`app.stock_kind_rules`, `app.stock_move_value`
in db/sql/stock/, revision 0015): it checks every document again when it saves or posts
it and values every move itself. This copy lets a form show the supplier or reason field
only for the kinds that need one, mark them required, offer only scrap warehouses as a
scrap document's target, and preview an issue's value; tests/db/test_stock_rules_agree.py
runs both copies on the same cases and requires the same answers.

Quantities are `numeric(12,2)`, unit costs and averages `numeric(14,4)` (4 decimals),
values `numeric(14,2)`; all Decimal, rounded half-up as PostgreSQL's round() does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from aftersales_desktop.core.i18n import QT_TR_NOOP

CENT = Decimal("0.01")
COST_STEP = Decimal("0.0001")
QUANTITY_STEP = Decimal("0.01")
# a document holds at most this many lines (the database refuses more: bounded work)
MAX_LINES = 1000


class Direction(StrEnum):
    IN = "in"  # a receipt into the warehouse
    OUT = "out"  # an issue out of it
    TRANSFER = "transfer"  # out of the warehouse and into the target, one transaction
    ADJUST = "adjust"  # a stocktake adjustment: each line by its sign


class Need(StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    NONE = "none"


@dataclass(frozen=True)
class KindRule:
    """What one kind of stock document needs and does (app.stock_kind_rules)."""

    prefix: str  # its numbers' prefix: RK2026-000123
    direction: Direction
    target: Need  # the target warehouse (to_warehouse_id)
    target_type: str | None  # the warehouse type the target must have
    supplier: bool  # the header's supplier is required
    reason: bool  # the header's reason is required
    cost: Need  # the lines' unit cost (NONE: valued at the average when posted)
    typed: bool  # operators write it (a stocktake adjustment is the stocktake's)


KIND_RULES: Mapping[str, KindRule] = {
    "purchase_receipt": KindRule("RK", Direction.IN, Need.NONE, None, True, False,
                                 Need.REQUIRED, True),
    "other_receipt": KindRule("QR", Direction.IN, Need.NONE, None, False, True,
                              Need.OPTIONAL, True),
    "other_issue": KindRule("CK", Direction.OUT, Need.NONE, None, False, True, Need.NONE,
                            True),
    "transfer": KindRule("DB", Direction.TRANSFER, Need.REQUIRED, None, False, False,
                         Need.NONE, True),
    "scrap": KindRule("BS", Direction.TRANSFER, Need.REQUIRED, "scrap", False, True,
                      Need.NONE, True),
    "merchant_return": KindRule("TH", Direction.TRANSFER, Need.OPTIONAL, "merchant_returns",
                                True, False, Need.NONE, True),
    "opening": KindRule("QC", Direction.IN, Need.NONE, None, False, False, Need.REQUIRED,
                        True),
    "stocktake_adjustment": KindRule("PY", Direction.ADJUST, Need.NONE, None, False, False,
                                     Need.NONE, False),
}

KIND_LABELS: Mapping[str, str] = {
    "purchase_receipt": QT_TR_NOOP("Purchase receipt"),
    "other_receipt": QT_TR_NOOP("Other receipt"),
    "other_issue": QT_TR_NOOP("Other issue"),
    "transfer": QT_TR_NOOP("Transfer"),
    # a scrap document (报损单), not the scrap warehouse type (报损库)
    "scrap": QT_TR_NOOP("Scrap", "kind of stock document"),
    "merchant_return": QT_TR_NOOP("Return to merchant"),
    "opening": QT_TR_NOOP("Opening balance"),
    "stocktake_adjustment": QT_TR_NOOP("Stocktake adjustment"),
}
STATE_LABELS: Mapping[str, str] = {
    "draft": QT_TR_NOOP("Draft"), "posted": QT_TR_NOOP("Posted"),
    # a cancelled document (已作废), not a cancelled ticket (已撤销)
    "cancelled": QT_TR_NOOP("Cancelled", "document state"),
}
SOURCE_LABELS: Mapping[str, str] = {
    "document": QT_TR_NOOP("Stock document"), "requisition": QT_TR_NOOP("Requisition"),
    "stocktake": QT_TR_NOOP("Stocktake"),
}
# the kinds an operator picks for a new document
TYPED_KINDS: tuple[str, ...] = tuple(k for k, rule in KIND_RULES.items() if rule.typed)


def kind_rule(kind: str) -> KindRule:
    """The rule of `kind` (KeyError for an unknown kind: a bug, the form lists them)."""
    return KIND_RULES[kind]


def prefix_of(kind: str) -> str:
    return KIND_RULES[kind].prefix


def format_number(prefix: str, year: int, seq: int) -> str:
    """RK2026-000123, as app.stock_next_number numbers documents (more digits past
    999999)."""
    if seq < 1:
        raise ValueError(f"sequence must be at least 1, not {seq}")
    return f"{prefix}{year}-{seq:06d}"


def _round(value: Decimal, step: Decimal) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MoveValue:
    """A move's unit cost, its value change and the balance's average after it."""

    unit_cost: Decimal
    value_change: Decimal
    avg_after: Decimal


def move_value(qty: Decimal, value: Decimal, avg: Decimal, quantity: Decimal,
               unit_cost: Decimal | None = None,
               value_change: Decimal | None = None) -> MoveValue:
    """Moving-average arithmetic of one move (`quantity` signed) on a balance of `qty`
    units worth `value` at average `avg`, as app.stock_move_value computes it.

    A receipt at `unit_cost` (None: the average) adds round(q * cost, 2) and the average
    becomes round((value + q * cost) / (qty + q), 4); with `value_change` (a transfer's
    second leg, a reversed issue) exactly that is added. An issue takes
    round(q * average, 2), never more than the balance is worth, and the last unit out
    takes what is left; the average stays unless `value_change` is given (a reversed
    receipt).
    """
    if quantity == 0:
        raise ValueError("a move needs a quantity other than 0")
    if quantity > 0:
        if value_change is not None:
            cost = unit_cost if unit_cost is not None else _round(value_change / quantity,
                                                                  COST_STEP)
            return MoveValue(cost, value_change,
                             _round((value + value_change) / (qty + quantity), COST_STEP))
        cost = avg if unit_cost is None else unit_cost
        return MoveValue(cost, _round(quantity * cost, CENT),
                         _round((value + quantity * cost) / (qty + quantity), COST_STEP))
    if -quantity > qty:
        raise ValueError("an issue of more than the balance holds")
    cost = avg if unit_cost is None else unit_cost
    if qty + quantity == 0:
        change = -value
    elif value_change is not None:
        change = max(value_change, -value)
    else:
        change = -min(_round(-quantity * avg, CENT), value)
    if value_change is not None and qty + quantity > 0:
        after = _round((value + change) / (qty + quantity), COST_STEP)
    else:
        after = avg
    return MoveValue(cost, change, after)


def issue_value(qty: Decimal, value: Decimal, avg: Decimal, quantity: Decimal) -> Decimal:
    """What issuing `quantity` (positive) from the balance takes (a positive amount)."""
    return -move_value(qty, value, avg, -quantity).value_change
