"""Documents with a header and lines: specs, states, line arithmetic, the scan rule (pure).

Stock documents, requisitions, the stocktake sheet and commission statements are all
a header plus lines (docs/document-editor.md). What they share is here, without Qt or
SQL, so the editor (`ui/documents/`) and the modules' services use one copy. Cells
(`document_cells`) and states (`document_flow`) have their own files; everything is
importable from here:

- `ColumnSpec` / `HeaderField` / `DocumentSpec`: what a module's document looks like;
- `parse_cell`: a typed cell checked for instant feedback (quantity, money, date, ...);
- `line_amount`, `document_totals`: Decimal arithmetic, each line rounded to the fen;
- `scan_outcome`: a scanned item already on the document adds one to its line;
- `DocumentFlow`: draft -> posted -> cancelled (or draft -> confirmed -> settled);
- `refusal_target`: which line and cell a server refusal points at.

The database stays authoritative: it checks every line again when it posts, and its
refusals come back through `refusal_target` to the line they name. Every refusal here is
a code of the one catalogue (domain/refusals.py), raised through its `refuse`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from aftersales_desktop.core.errors import Refused, ValidationError
from aftersales_desktop.domain.refusals import REFUSALS, refuse

from .document_cells import (
    CENT,
    MONEY_LIMIT,
    NUMERIC_KINDS,
    ONE,
    QUANTITY_LIMIT,
    ColumnKind,
    ColumnSpec,
    amount_column,
    choice_column,
    code_column,
    date_column,
    format_price,
    format_quantity,
    line_amount,
    money_column,
    normalize_code,
    parse_cell,
    parse_date,
    parse_number,
    percent_amount,
    quantity_column,
    text_column,
)
from .document_flow import (
    CANCELLED,
    DRAFT,
    POSTED,
    DocumentFlow,
    DocumentState,
    EditMode,
    Transition,
    TransitionRefused,
    live_flow,
    posting_flow,
    settlement_flow,
)

__all__ = [
    "CANCELLED", "CENT", "DRAFT", "MONEY_LIMIT", "NUMERIC_KINDS", "ONE", "POSTED",
    "QUANTITY_LIMIT", "ColumnKind", "ColumnSpec", "Document", "DocumentFlow", "DocumentLine",
    "DocumentSpec", "DocumentState", "EditMode", "HeaderField", "HeaderKind", "ItemLookup",
    "LineItem", "Problem", "RefusalTarget", "ScanOutcome", "StaleDocument", "Submission",
    "Totals", "Transition", "TransitionRefused", "amount_column", "apply_scan",
    "check_document", "choice_column", "code_column", "date_column", "document_totals",
    "format_price", "format_quantity", "line_amount", "line_errors", "live_flow",
    "money_column", "new_line_values", "normalize_code", "parse_cell", "parse_date",
    "parse_header", "parse_number", "percent_amount", "posting_flow", "quantity_column",
    "refusal_target", "replace_item", "scan_outcome", "settlement_flow", "text_column",
    "with_computed",
]


# -- header fields and the document -------------------------------------------------------

class HeaderKind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"  # static choices, or loaded by the module (DocumentServices.choices)
    DATE = "date"
    DISPLAY = "display"  # shown, never typed (the ticket of a requisition)


@dataclass(frozen=True)
class HeaderField:
    key: str
    label: str  # English source, QT_TR_NOOP
    kind: HeaderKind = HeaderKind.TEXT
    required: bool = False
    max_length: int = 200
    choices: tuple[tuple[Any, str], ...] = ()  # static (value, English label)
    stretch: bool = False  # takes the rest of the row (remarks)
    # what a DISPLAY field says while it has no value (English source, QT_TR_NOOP): a
    # draft's date is set when it is posted, and an empty box looked like a missing date
    placeholder: str = ""


# -- the document and what a lookup finds ------------------------------------------------

@dataclass(frozen=True)
class DocumentSpec:
    """Everything the editor needs to know about one kind of document."""

    kind: str  # "stock_receipt", "requisition", "commission_statement"
    title: str  # English source, QT_TR_NOOP
    header: tuple[HeaderField, ...]
    columns: tuple[ColumnSpec, ...]
    flow: DocumentFlow
    entity: str  # what a successful write changed (operations.Changes)
    code_column: str = "code"
    quantity_column: str | None = "quantity"  # what a repeated scan adds to
    scan_step: Decimal = ONE
    merge_on: tuple[str, ...] = ()  # columns that must match too for a scan to add up
    # The cells Enter visits after a line's code, in order (None: every editable column).
    # () sends a scan straight to the next line: continuous scanning.
    entry_columns: tuple[str, ...] | None = None
    edit_posted_capability: str | None = None
    min_lines: int = 1

    def column(self, key: str) -> ColumnSpec:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def has_column(self, key: str) -> bool:
        return any(column.key == key for column in self.columns)

    def enter_order(self) -> tuple[str, ...]:
        if self.entry_columns is not None:
            return self.entry_columns
        return tuple(c.key for c in self.columns if c.editable and not c.computed
                     and c.key != self.code_column)


@dataclass(frozen=True)
class LineItem:
    """An item a lookup found: what fills a line (name, unit, price, module details)."""

    item_id: int
    code: str
    name: str
    unit: str = ""
    price: Decimal | None = None
    barcode: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)  # e.g. on hand in the warehouse

    def value(self, key: str) -> Any:
        if key in ("item_id", "code", "name", "unit", "price", "barcode"):
            return getattr(self, key)
        return self.details.get(key)


@dataclass(frozen=True)
class ItemLookup:
    """A lookup's answer: one exact code/barcode match, or candidates for a fragment."""

    exact: LineItem | None = None
    candidates: tuple[LineItem, ...] = ()

    @property
    def found(self) -> bool:
        return self.exact is not None or bool(self.candidates)


@dataclass(frozen=True)
class DocumentLine:
    values: Mapping[str, Any]  # column key -> parsed value (computed columns left out)
    item_id: int | None = None
    line_id: int | None = None  # the server's line, None until saved
    locked: bool = False  # computed by the server (commission lines): never typed over


@dataclass(frozen=True)
class Document:
    kind: str
    header: Mapping[str, Any]
    lines: tuple[DocumentLine, ...] = ()
    state: str = "draft"
    id: int | None = None
    number: str | None = None  # the server's gapless number, from the first save on
    version: int | None = None
    state_by: str = ""  # who posted / cancelled / settled
    state_at: datetime | None = None


@dataclass(frozen=True)
class Submission:
    """What the editor hands a module's save or transition callable."""

    document: Document
    action: str  # "save" or a transition's action
    operation_id: str  # the same when the same content is sent again (applies once)


class StaleDocument(Refused):
    """Someone else saved the document since it was loaded: refusal document_stale of the
    catalogue, whose sentence names `who` and `when`. The editor offers to reload.

    ``StaleDocument(who=..., when=...)`` and
    ``refuse("document_stale", error_class=StaleDocument, ...)`` are the same error."""

    def __init__(self, *entry: str, translated: Iterable[str] = (), **arguments: Any) -> None:
        stale = REFUSALS["document_stale"]
        code, field_name, message = entry or (stale.code, stale.field, stale.message)
        super().__init__(code, field_name, message, translated=translated, **arguments)


def parse_header(spec: DocumentSpec, values: Mapping[str, Any]) -> tuple[
        dict[str, Any], list[ValidationError]]:
    """The header as it will be sent, and what is wrong with it (empty when fine)."""
    parsed: dict[str, Any] = {}
    errors: list[ValidationError] = []
    for spec_field in spec.header:
        raw = values.get(spec_field.key)
        value: Any = raw
        try:
            if spec_field.kind is HeaderKind.DATE:
                value = parse_date(raw, spec_field.key)
            elif spec_field.kind is HeaderKind.TEXT:
                value = "" if raw is None else str(raw).strip()
                if len(value) > spec_field.max_length:
                    raise refuse("value_too_long", field=spec_field.key,
                                 max_len=spec_field.max_length)
            if spec_field.required and value in (None, ""):
                raise refuse("value_required", field=spec_field.key)
        except ValidationError as error:
            errors.append(error)
            continue
        parsed[spec_field.key] = value
    return parsed, errors


def with_computed(spec: DocumentSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """The line's values with its computed columns (amount, stock after) filled in."""
    result = dict(values)
    for column in spec.columns:
        if column.compute is not None:
            result[column.key] = column.compute(result)
    return result


@dataclass(frozen=True)
class Totals:
    lines: int
    sums: Mapping[str, Decimal]


def document_totals(spec: DocumentSpec, lines: Sequence[Mapping[str, Any]]) -> Totals:
    """Line count and the sum of every `total` column; amounts are the rounded line amounts,
    so the total is what the slip and the database add up."""
    sums = {c.key: Decimal("0") for c in spec.columns if c.total}
    for values in lines:
        full = with_computed(spec, values)
        for key in sums:
            value = full.get(key)
            if isinstance(value, Decimal | int):
                sums[key] += value
    for column in spec.columns:
        if column.key in sums:
            sums[column.key] = sums[column.key].quantize(
                Decimal(1).scaleb(-column.decimals)) + 0
    return Totals(len(lines), sums)


# -- the scan rule -----------------------------------------------------------------------

def new_line_values(spec: DocumentSpec, item: LineItem,
                    given: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A new line for `item`: its columns from the item, defaults, then what was typed
    (a price typed while the lookup ran beats the item's; the code is the item's)."""
    values: dict[str, Any] = {}
    for column in spec.columns:
        if column.computed:
            continue
        if column.from_item is not None:
            values[column.key] = item.value(column.from_item)
        elif column.default is not None:
            values[column.key] = column.default
    for key, value in (given or {}).items():
        if value is not None and key != spec.code_column:
            values[key] = value
    return values


def replace_item(spec: DocumentSpec, values: Mapping[str, Any], item: LineItem
                 ) -> dict[str, Any]:
    """A line whose code was retyped: the new item's columns, the rest as they were."""
    result = dict(values)
    for column in spec.columns:
        if column.from_item is not None:
            result[column.key] = item.value(column.from_item)
        elif result.get(column.key) is None and column.default is not None:
            result[column.key] = column.default
    return result


@dataclass(frozen=True)
class ScanOutcome:
    """Where a scanned item goes: onto line `index` (quantity grows) or a new line."""

    index: int | None
    quantity: Decimal | None = None  # the grown line's new quantity
    new_values: Mapping[str, Any] | None = None


def scan_outcome(spec: DocumentSpec, lines: Sequence[DocumentLine], item: LineItem, *,
                 given: Mapping[str, Any] | None = None) -> ScanOutcome:
    """A scanned item already on an open line (same item, same `merge_on` values, a valid
    quantity) adds the scanned quantity to it; otherwise it is a new line. Where the
    quantity may be zero (a stocktake's count), a line not counted yet counts from 0.

    `given` holds what the operator typed on the scanned line already (quantity, billed
    to); its quantity is what is added. Raises ValidationError when the sum is too large.
    """
    candidate = new_line_values(spec, item, given)
    key = spec.quantity_column
    if key is None:
        return ScanOutcome(None, new_values=candidate)
    given_quantity = candidate.get(key)
    added = given_quantity if isinstance(given_quantity, Decimal) else spec.scan_step
    counted_from_nothing = spec.column(key).allow_zero  # a stocktake's uncounted line
    for index, line in enumerate(lines):
        current = line.values.get(key)
        if current is None and counted_from_nothing and line.item_id is not None:
            current = Decimal(0)
        if (line.item_id == item.item_id and not line.locked
                and isinstance(current, Decimal)
                and all(line.values.get(k) == candidate.get(k) for k in spec.merge_on)):
            return ScanOutcome(index, parse_number(current + added, spec.column(key)))
    return ScanOutcome(None, new_values=candidate)


def apply_scan(spec: DocumentSpec, lines: Sequence[DocumentLine], item: LineItem
               ) -> tuple[tuple[DocumentLine, ...], int]:
    """`lines` after scanning `item`, and the index of the line it landed on."""
    outcome = scan_outcome(spec, lines, item)
    result = list(lines)
    if outcome.index is not None and spec.quantity_column is not None:
        line = result[outcome.index]
        result[outcome.index] = DocumentLine(
            {**line.values, spec.quantity_column: outcome.quantity}, line.item_id,
            line.line_id, line.locked)
        return tuple(result), outcome.index
    result.append(DocumentLine(dict(outcome.new_values or {}), item.item_id))
    return tuple(result), len(result) - 1


# -- checking a whole document before it is sent -----------------------------------------

@dataclass(frozen=True)
class Problem:
    line: int | None  # 1-based, as the grid numbers lines; None for the header
    error: ValidationError


def line_errors(spec: DocumentSpec, line: DocumentLine) -> list[ValidationError]:
    """Required cells left empty, and a line without an item (its code never resolved)."""
    errors: list[ValidationError] = []
    if spec.has_column(spec.code_column) and line.item_id is None and not line.locked:
        code = line.values.get(spec.code_column)
        errors.append(refuse("item_code_unknown", field=spec.code_column, code=code) if code
                      else refuse("code_required", field=spec.code_column))
    for column in spec.columns:
        if (column.required and column.key != spec.code_column and not line.locked
                and line.values.get(column.key) in (None, "")):
            errors.append(refuse("value_required", field=column.key))
    return errors


def check_document(spec: DocumentSpec, header: Mapping[str, Any],
                   lines: Sequence[DocumentLine]) -> list[Problem]:
    """Everything that would stop the document being sent, header first."""
    problems = [Problem(None, error) for error in parse_header(spec, header)[1]]
    if len(lines) < spec.min_lines:
        problems.append(Problem(None, refuse("document_lines_required")))
    for number, line in enumerate(lines, start=1):
        problems.extend(Problem(number, error) for error in line_errors(spec, line))
    return problems


# -- where a server refusal points -------------------------------------------------------

@dataclass(frozen=True)
class RefusalTarget:
    line: int | None = None  # 1-based
    column: str | None = None  # a line column
    header_field: str | None = None


_FIELD_LINE = re.compile(r"^lines?\s*[\[.:#]\s*(\d+)\s*\]?(?:\s*[.:]\s*(\w+))?$")
_DETAIL_LINE = re.compile(r"^\s*(?:line|第)\s*#?\s*(\d+)\s*行?\s*(?:[:：.,/ ]\s*([a-z_]+))?",
                          re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\s*(\d+)\s*$")


def refusal_target(spec: DocumentSpec, error: BaseException) -> RefusalTarget:
    """The line and cell (or header field) a refusal names, when it names one.

    A refusal names line 3 by an attribute `line = 3`, a field `lines[3].quantity` or
    `lines.3`, a DETAIL `line 3` / `line 3: quantity`, or field `lines` with DETAIL `3`
    (the front-desk functions' convention). Lines are numbered from 1 in grid order.
    """
    field_name = str(getattr(error, "field", "") or "")
    arguments = getattr(error, "arguments", {}) or {}
    detail = str(arguments.get("detail", "") or "")
    columns = {c.key for c in spec.columns}
    line: int | None = None
    column: str | None = None
    explicit = getattr(error, "line", None)
    if isinstance(explicit, int) and not isinstance(explicit, bool):
        line = explicit
        column = getattr(error, "column", None)
    elif (found := _FIELD_LINE.match(field_name)) or (found := _DETAIL_LINE.match(detail)):
        line, column = int(found.group(1)), found.group(2)
    elif field_name in ("lines", "line") and (found := _BARE_NUMBER.match(detail)):
        line = int(found.group(1))
    if line is not None:
        if column not in columns:
            column = field_name if field_name in columns else None
        return RefusalTarget(line=line, column=column)
    if field_name in {f.key for f in spec.header}:
        return RefusalTarget(header_field=field_name)
    if field_name in columns:
        return RefusalTarget(column=field_name)
    return RefusalTarget()
