"""Fee lines and the settlement of a repair ticket (pure; Decimal, never float).

Each line is billed to the customer, the manufacturer (warranty, claims) or the shop
(free rework). The customer pays the customer lines less the discount; only cash may
be overpaid (change is given back). The database checks the same rules (revision 0009);
tests compare both on the case tables of tests/unit/test_fees.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# amounts (a line, a total, a discount, a payment) stay below ten million
AMOUNT_LIMIT = Decimal("10000000")

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
    kind: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    billed_to: str = "customer"

    @property
    def amount(self) -> Decimal:
        return round_money(self.quantity * self.unit_price)


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


def _check_line(n: int, line: FeeLine) -> None:
    quantity = _decimal(line.quantity, "quantity")
    unit_price = _decimal(line.unit_price, "unit_price")
    if not line.description.strip():
        raise ValidationError("lines", QT_TR_NOOP("Line {n}: enter what the fee is for."), n=n)
    if line.kind not in LINE_KINDS:
        raise ValidationError("lines", QT_TR_NOOP("Line {n}: unknown kind of fee {kind}."),
                              n=n, kind=line.kind)
    if line.billed_to not in BILLED_TO:
        raise ValidationError("lines", QT_TR_NOOP("Line {n}: unknown payer {billed_to}."),
                              n=n, billed_to=line.billed_to)
    if not quantity.is_finite() or not unit_price.is_finite():
        raise ValidationError("lines", QT_TR_NOOP("Line {n}: enter a number."), n=n)
    if quantity <= 0:
        raise ValidationError("lines",
                              QT_TR_NOOP("Line {n}: the quantity must be more than zero."), n=n)
    if unit_price < 0:
        raise ValidationError("lines", QT_TR_NOOP("Line {n}: a fee cannot be negative."), n=n)
    if unit_price >= AMOUNT_LIMIT or line.amount >= AMOUNT_LIMIT:
        raise ValidationError("lines", QT_TR_NOOP("Line {n}: the amount is too large."), n=n)


def _money(value: Decimal, field: str) -> Decimal:
    """A discount or payment: finite, at most 2 decimals, below the limit."""
    if not value.is_finite() or value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValidationError(field, QT_TR_NOOP("An amount has at most 2 decimals."))
    if value >= AMOUNT_LIMIT:
        raise ValidationError(field, QT_TR_NOOP("The amount is too large."))
    return round_money(value) + 0  # + 0 drops a negative zero


def compute_settlement(lines: Sequence[FeeLine], *, discount: Decimal, discount_reason: str,
                       payment_method: str, paid: Decimal | None) -> SettlementTotals:
    """Totals of a settlement, or ValidationError naming the field to correct."""
    if not lines:
        raise ValidationError("lines", QT_TR_NOOP("Add at least one fee line."))
    for n, line in enumerate(lines, start=1):
        _check_line(n, line)
    sums = dict.fromkeys(BILLED_TO, ZERO)
    for line in lines:
        sums[line.billed_to] += line.amount
    subtotal = sum(sums.values(), ZERO)
    if subtotal >= AMOUNT_LIMIT:
        raise ValidationError("lines", QT_TR_NOOP("The total is too large."))
    customer_subtotal = sums["customer"]

    discount = _money(_decimal(discount, "discount"), "discount")
    if discount < 0:
        raise ValidationError("discount", QT_TR_NOOP("The discount cannot be negative."))
    if discount > customer_subtotal:
        raise ValidationError(
            "discount",
            QT_TR_NOOP("The discount ({discount}) is more than the customer's total ({total})."),
            discount=str(discount), total=str(customer_subtotal))
    if discount > 0 and not discount_reason.strip():
        raise ValidationError("discount_reason", QT_TR_NOOP("Give a reason for the discount."))

    customer_due = customer_subtotal - discount
    if payment_method not in PAYMENT_METHODS:
        raise ValidationError("payment_method",
                              QT_TR_NOOP("Unknown payment method {method}."),
                              method=payment_method)
    if customer_due == 0:
        received = ZERO
    else:
        if payment_method == "none":
            raise ValidationError("payment_method", QT_TR_NOOP("Choose how the customer pays."))
        if paid is None:
            if payment_method == "cash":
                raise ValidationError("paid", QT_TR_NOOP("Enter the amount received."))
            received = customer_due
        else:
            received = _money(_decimal(paid, "paid"), "paid")
        if received < customer_due:
            raise ValidationError("paid", QT_TR_NOOP("The customer paid {paid}, less than {due}."),
                                  paid=str(received), due=str(customer_due))
        if payment_method != "cash" and received != customer_due:
            raise ValidationError("paid", QT_TR_NOOP("Only cash can be overpaid."))
    return SettlementTotals(
        subtotal=subtotal, customer_subtotal=customer_subtotal,
        manufacturer_amount=sums["manufacturer"], shop_amount=sums["shop"],
        discount=discount, customer_due=customer_due, paid=received,
        change=received - customer_due)
