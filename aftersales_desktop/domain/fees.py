"""Fee lines and the settlement of a repair ticket (pure; Decimal, never float).

Each line is billed to the customer, the manufacturer (warranty, claims) or the shop
(free rework): by default as the ticket's warranty class says (warranty.billed_to_default),
otherwise with a reason that the database records (and warranty.override). The customer
pays the customer lines less the discount; only cash may be overpaid (change is given
back). The database has the same arithmetic in app.settlement_totals;
tests/db/test_rules_agree.py runs the case tables of tests/unit/test_fees.py through both.

A parts pre-order's amounts (quantity x price, the deposit, what is due at pickup) are
`preorder_amounts`, the same rule as app.preorder_amounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.text import is_blank

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# amounts (a line, a total, a discount, a payment) stay below ten million
AMOUNT_LIMIT = Decimal("10000000")
# settlement_line.description (domain/limits.py; app.settlement_totals checks the same)
DESCRIPTION_MAX = 100

LINE_KINDS: dict[str, str] = {
    "part": QT_TR_NOOP("Parts"),
    "labour": QT_TR_NOOP("Labour"),
    "other": QT_TR_NOOP("Other"),
}

BILLED_TO: dict[str, str] = {
    "customer": QT_TR_NOOP("Customer"),
    "manufacturer": QT_TR_NOOP("Manufacturer"),
    "shop": QT_TR_NOOP("Shop"),
}

PAYMENT_METHODS: dict[str, str] = {
    "cash": QT_TR_NOOP("Cash"),
    "wechat": QT_TR_NOOP("WeChat Pay"),
    "alipay": QT_TR_NOOP("Alipay"),
    "card": QT_TR_NOOP("Bank card"),
    "transfer": QT_TR_NOOP("Bank transfer"),
    "none": QT_TR_NOOP("No payment"),
}


def round_money(value: Decimal) -> Decimal:
    """To the cent, halves away from zero (as PostgreSQL rounds numeric)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _decimal(value: object, name: str) -> Decimal:
    if not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
    return value


@dataclass(frozen=True)
class FeeLine:
    """One fee as typed. Quantity and unit price are stored to the cent (numeric(12,2)),
    so the amount is computed from the rounded values, as the database computes it."""

    kind: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    billed_to: str = "customer"

    @property
    def amount(self) -> Decimal:
        return round_money(round_money(self.quantity) * round_money(self.unit_price))


@dataclass(frozen=True)
class SettlementTotals:
    subtotal: Decimal
    customer_subtotal: Decimal
    manufacturer_amount: Decimal
    shop_amount: Decimal
    discount: Decimal
    customer_due: Decimal
    paid: Decimal
    change: Decimal
    # a line is billed to someone else than the ticket's warranty class says: the database
    # then wants warranty.override, and the reason is stored with the settlement
    payer_override: bool = False


def _check_line(n: int, line: FeeLine) -> None:
    quantity = _decimal(line.quantity, "quantity")
    unit_price = _decimal(line.unit_price, "unit_price")
    if is_blank(line.description):
        raise refuse("line_description_required", n=n)
    if len(line.description.strip()) > DESCRIPTION_MAX:
        raise refuse("line_description_too_long", n=n, max=DESCRIPTION_MAX)
    if line.kind not in LINE_KINDS:
        raise refuse("line_kind_invalid", n=n, kind=line.kind)
    if line.billed_to not in BILLED_TO:
        raise refuse("line_payer_invalid", n=n, billed_to=line.billed_to)
    if not quantity.is_finite() or not unit_price.is_finite():
        raise refuse("line_number_invalid", n=n)
    if round_money(quantity) <= 0:
        raise refuse("line_quantity_invalid", n=n)
    if round_money(unit_price) < 0:
        raise refuse("line_price_negative", n=n)
    if round_money(unit_price) >= AMOUNT_LIMIT or line.amount >= AMOUNT_LIMIT:
        raise refuse("line_amount_too_large", n=n)


def _money(value: Decimal, name: str) -> Decimal:
    """A discount or payment rounded to the cent, as it is stored; refused when it is not
    a number or too large."""
    if not _decimal(value, name).is_finite():
        raise refuse(f"{name}_invalid")
    rounded = round_money(value) + 0  # + 0 drops a negative zero
    if rounded >= AMOUNT_LIMIT:
        raise refuse(f"{name}_too_large")
    return rounded


def compute_settlement(lines: Sequence[FeeLine], *, discount: Decimal, discount_reason: str,
                       payment_method: str, paid: Decimal | None,
                       default_payer: str | None = None,
                       payer_reason: str = "") -> SettlementTotals:
    """Totals of a settlement, or the refusal naming the field to correct.

    Every amount is rounded to the cent before it is checked, so what is checked is what
    is stored. `default_payer` is who pays the ticket's fees by its warranty class
    (warranty.billed_to_default); a line billed to anyone else needs `payer_reason`.
    None leaves that rule to the database. The database computes the same totals with
    app.settlement_totals (tests/db/test_rules_agree.py runs both on the same cases).
    """
    if not lines:
        raise refuse("lines_required")
    for n, line in enumerate(lines, start=1):
        _check_line(n, line)
    sums = dict.fromkeys(BILLED_TO, ZERO)
    for line in lines:
        sums[line.billed_to] += line.amount
    subtotal = sum(sums.values(), ZERO)
    if subtotal >= AMOUNT_LIMIT:
        raise refuse("total_too_large")
    customer_subtotal = sums["customer"]
    payer_override = default_payer is not None and any(
        line.billed_to != default_payer for line in lines)
    if payer_override and is_blank(payer_reason):
        assert default_payer is not None
        other = next(line.billed_to for line in lines if line.billed_to != default_payer)
        raise refuse("payer_reason_required", payer=default_payer, billed_to=other)

    discount = _money(discount, "discount")
    if discount < 0:
        raise refuse("discount_negative")
    if discount > customer_subtotal:
        raise refuse("discount_above_total", discount=str(discount),
                     total=str(customer_subtotal))
    if discount > 0 and is_blank(discount_reason):
        raise refuse("discount_reason_required")

    customer_due = customer_subtotal - discount
    if payment_method not in PAYMENT_METHODS:
        raise refuse("payment_method_invalid")
    if customer_due == 0:
        received = ZERO
    else:
        if payment_method == "none":
            raise refuse("payment_method_invalid")
        if paid is None:
            if payment_method == "cash":
                raise refuse("paid_required")
            received = customer_due
        else:
            received = _money(paid, "paid")
        if received < customer_due:
            raise refuse("underpaid", due=str(customer_due))
        if payment_method != "cash" and received != customer_due:
            raise refuse("overpaid_non_cash")
    return SettlementTotals(
        subtotal=subtotal, customer_subtotal=customer_subtotal,
        manufacturer_amount=sums["manufacturer"], shop_amount=sums["shop"],
        discount=discount, customer_due=customer_due, paid=received,
        change=received - customer_due, payer_override=payer_override)


# ---- parts pre-orders -------------------------------------------------------------------

# a pre-order's quantity, price and deposit are numeric(12,2): ten digits before the point
PREORDER_LIMIT = Decimal("10000000000")


@dataclass(frozen=True)
class PreorderAmounts:
    """A pre-order's amounts as they are stored, each rounded to the cent."""

    quantity: Decimal
    unit_price: Decimal
    deposit: Decimal
    total: Decimal  # quantity x unit price
    due: Decimal  # what the customer pays at pickup: the total less the deposit


def _shown(value: Decimal) -> str:
    return "NaN" if value.is_nan() else str(value)  # as PostgreSQL writes a NaN


def _preorder_money(value: Decimal | None, field: str) -> Decimal:
    if value is None:
        return ZERO
    if not _decimal(value, field).is_finite():
        raise refuse("amount_not_a_number", field=field, value=_shown(value))
    rounded = round_money(value) + 0  # + 0 drops a negative zero
    if rounded < 0:
        raise refuse("negative_fee", field=field)
    if rounded >= PREORDER_LIMIT:
        raise refuse("amount_too_large", field=field)
    return rounded


def preorder_amounts(quantity: Decimal | None, unit_price: Decimal | None,
                     deposit: Decimal | None = ZERO) -> PreorderAmounts:
    """A pre-order's amounts, or the refusal naming the field to correct.

    Every amount is rounded to the cent before it is checked, as it is stored; a missing
    price or deposit is none. The database has the same rule in app.preorder_amounts,
    which app.preorder_create stores and app.preorder_pickup takes what is due from
    (tests/db/test_rules_agree.py runs both on the same cases).
    """
    if (quantity is None or not _decimal(quantity, "quantity").is_finite()
            or round_money(quantity) <= 0):
        raise refuse("quantity_invalid", field="quantity")
    rounded_quantity = round_money(quantity)
    if rounded_quantity >= PREORDER_LIMIT:
        raise refuse("quantity_too_large", field="quantity")
    price = _preorder_money(unit_price, "unit_price")
    paid_ahead = _preorder_money(deposit, "deposit")
    total = round_money(rounded_quantity * price)
    if total >= PREORDER_LIMIT:
        raise refuse("amount_too_large", field="unit_price")
    if paid_ahead > total:
        raise refuse("deposit_above_total", field="deposit")
    return PreorderAmounts(quantity=rounded_quantity, unit_price=price, deposit=paid_ahead,
                           total=total, due=total - paid_ahead)
