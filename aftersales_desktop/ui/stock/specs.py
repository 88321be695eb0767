"""The stock documents as `DocumentSpec`s of the one document editor (docs/document-editor.md).

Pure data (no Qt widgets, no database): one spec per document kind, each in two shapes,
with and without the cost columns. An operator without costs.view never gets a unit cost
or amount column (the database would not hand them the values anyway); the slip prints
what the document holds.

Header keys (what `services/stock/documents.py` exchanges with the editor):
`warehouse` (the source of an issue or transfer, the target of a receipt),
`to_warehouse` (transfer target; the 报损库 of a scrap; the 商返库 of a merchant return),
`supplier`, `reason`, `remarks`, and `date` (the shop day of posting, shown, never typed:
nothing is backdated). Line keys: `code`, `name`, `unit`, `quantity`, `price` (the unit
cost), `amount`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.document_flow import CANCELLED, DRAFT, POSTED
from aftersales_desktop.domain.documents import (
    ColumnSpec,
    DocumentFlow,
    DocumentSpec,
    HeaderField,
    HeaderKind,
    Transition,
    amount_column,
    code_column,
    money_column,
    quantity_column,
    text_column,
)
from aftersales_desktop.domain.stock import (
    KIND_LABELS,
    KIND_RULES,
    TYPED_KINDS,
    Direction,
    KindRule,
    Need,
)

POST_CAPABILITY = "stock.post"
EDIT_POSTED_CAPABILITY = "stock.edit_posted"
COSTS_CAPABILITY = "costs.view"
ENTITY = "stock"

# The kinds an operator enters in the stock document editor, in menu order. Stocktake
# adjustments are posted by the stocktake sheet (ui/stock/stocktake.py), never typed.
DOCUMENT_KINDS: tuple[str, ...] = TYPED_KINDS
KIND_TITLES: Mapping[str, str] = KIND_LABELS

_CANCEL_TRANSITION = Transition(
    "cancel", QT_TR_NOOP("Cancel document"), ("posted",), "cancelled", POST_CAPABILITY,
    # no question here: the reason dialog (ui/stock/editor.py) is the one question asked
    None, sends_lines=False)

FLOW = DocumentFlow(states=(DRAFT, POSTED, CANCELLED), transitions=(
    Transition("post", QT_TR_NOOP("Post"), ("draft",), "posted", POST_CAPABILITY,
               QT_TR_NOOP("Post this document now? Stock moves at once; afterwards the "
                          "document can only be cancelled by a reversal."),
               shortcut="F9"),
    _CANCEL_TRANSITION,
))


@dataclass(frozen=True)
class KindRules:
    """What a kind's header asks for."""

    warehouse_label: str
    to_warehouse_label: str | None = None  # None: the kind has no second warehouse
    to_warehouse_required: bool = False
    to_warehouse_type: str | None = None  # only warehouses of this type are offered
    supplier: bool = False
    supplier_required: bool = False
    reason_required: bool = False
    reason: bool = False
    cost_typed: bool = False  # receipts: the unit cost is entered
    cost_required: bool = False


_TARGET_LABELS = {None: QT_TR_NOOP("To warehouse"), "scrap": QT_TR_NOOP("Scrap warehouse"),
                  "merchant_returns": QT_TR_NOOP("Merchant-return warehouse")}
# a reason the database does not require but the header still offers (the merchant's RMA)
_OPTIONAL_REASON = frozenset({"merchant_return"})


def _rules(kind: str, rule: KindRule) -> KindRules:
    """The header a kind needs, from the one copy of the stock rules (domain/stock.py)."""
    return KindRules(
        warehouse_label=(QT_TR_NOOP("Into warehouse") if rule.direction is Direction.IN
                         else QT_TR_NOOP("Warehouse") if rule.direction is Direction.ADJUST
                         else QT_TR_NOOP("From warehouse")),
        to_warehouse_label=(None if rule.target is Need.NONE
                            else _TARGET_LABELS.get(rule.target_type, _TARGET_LABELS[None])),
        to_warehouse_required=rule.target is Need.REQUIRED,
        to_warehouse_type=rule.target_type, supplier=rule.supplier,
        supplier_required=rule.supplier, reason=rule.reason or kind in _OPTIONAL_REASON,
        reason_required=rule.reason, cost_typed=rule.cost is not Need.NONE,
        cost_required=rule.cost is Need.REQUIRED)


RULES: dict[str, KindRules] = {kind: _rules(kind, rule) for kind, rule in KIND_RULES.items()}


def _header(kind: str) -> tuple[HeaderField, ...]:
    rules = RULES[kind]
    fields = [HeaderField("warehouse", rules.warehouse_label, HeaderKind.CHOICE, required=True)]
    if rules.to_warehouse_label is not None:
        fields.append(HeaderField("to_warehouse", rules.to_warehouse_label, HeaderKind.CHOICE,
                                  required=rules.to_warehouse_required))
    if rules.supplier:
        label = QT_TR_NOOP("Merchant") if kind == "merchant_return" else QT_TR_NOOP(
            "Supplier")
        fields.append(HeaderField("supplier", label, required=rules.supplier_required,
                                  max_length=100))
    if rules.reason:
        fields.append(HeaderField("reason", QT_TR_NOOP("Reason"),
                                  required=rules.reason_required, max_length=200))
    fields.append(HeaderField("date", QT_TR_NOOP("Date"), HeaderKind.DISPLAY,
                              placeholder=QT_TR_NOOP("Dated when posted")))
    fields.append(HeaderField("remarks", QT_TR_NOOP("Remarks"), stretch=True, max_length=500))
    return tuple(fields)


def _columns(kind: str, with_costs: bool) -> tuple[ColumnSpec, ...]:
    rules = RULES[kind]
    columns: list[ColumnSpec] = [
        code_column(),
        text_column("name", QT_TR_NOOP("Name", "of a shop or thing"), from_item="name",
                    width=220),
        text_column("unit", QT_TR_NOOP("Unit"), from_item="unit", width=50),
        quantity_column(decimals=2),
    ]
    if with_costs and rules.cost_typed:
        columns += [money_column("price", QT_TR_NOOP("Unit cost"), decimals=4,
                                 required=rules.cost_required, sensitive=True),
                    amount_column(sensitive=True)]
    elif with_costs:
        # issues take the moving average at posting: shown once the server has it
        columns += [money_column("price", QT_TR_NOOP("Unit cost"), decimals=4,
                                 editable=False, sensitive=True),
                    amount_column(sensitive=True)]
    return tuple(columns)


def document_spec(kind: str, *, with_costs: bool) -> DocumentSpec:
    """The editor's spec for one stock document kind; `with_costs` for costs.view."""
    if kind not in RULES:
        raise KeyError(kind)
    rules = RULES[kind]
    # a receipt visits quantity and cost after a scan; an issue only the quantity
    entry = ("quantity", "price") if with_costs and rules.cost_typed else ("quantity",)
    return DocumentSpec(kind=kind, title=KIND_TITLES[kind], entity=ENTITY,
                        header=_header(kind), columns=_columns(kind, with_costs), flow=FLOW,
                        entry_columns=entry, edit_posted_capability=EDIT_POSTED_CAPABILITY)


SPECS: dict[tuple[str, bool], DocumentSpec] = {
    (kind, costs): document_spec(kind, with_costs=costs)
    for kind in RULES for costs in (True, False)}


def spec_for(kind: str, capabilities: frozenset[str]) -> DocumentSpec:
    return SPECS[(kind, COSTS_CAPABILITY in capabilities)]
