"""Opening stock (期初库存) from a workbook: one row per item and warehouse with its
quantity and unit cost, posted as 'opening' stock documents (QC numbers), one per
warehouse, through app.stock_document_post like every other document.

The same two steps as the master-data imports (services/importing):

1. `read_opening(path, progress, cancelled)` streams the file and checks each row
   (required cells, quantity > 0 with at most 2 decimals, unit cost not negative with
   at most 4); nothing touches the database.
2. `check_opening(conn, preview)` adds what only the database knows: unknown warehouse
   or item, the same item and warehouse twice, and whether the item already has stock
   moves in that warehouse. A row whose opening stock is posted already with the same
   quantity and cost is *already imported* and skipped, so importing the same workbook
   again adds nothing; any other item with moves is an error (an opening balance is only
   for an item × warehouse without moves, which the database enforces as well).
3. `commit_opening(conn, preview, progress, cancelled)` checks again and posts every
   document in the caller's transaction, or raises having posted nothing.
Posting needs stock.post, and reading what is posted already needs costs.view.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.core.errors import PermissionDenied
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.document_cells import money_column, parse_number, quantity_column
from aftersales_desktop.domain.masterdata import validate_code
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services.frontdesk._calls import as_json, call
from aftersales_desktop.services.importing._common import (
    Cancelled,
    ImportHasErrors,
    ImportPreview,
    Progress,
    RowChecker,
    RowError,
    Ticker,
    cell_text,
    open_rows,
)
from aftersales_desktop.services.importing.columns import CellKind, ImportColumn

OPENING_SHEET = "期初库存 Opening stock"
OPENING_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("warehouse", "仓库", "Warehouse", True,
                 QT_TR_NOOP("Required: the warehouse's code or name, as the warehouse list "
                            "shows it."), "配件库", 12),
    ImportColumn("code", "物料编码", "Item code", True,
                 QT_TR_NOOP("Required: the code of a product or part in the catalogue."),
                 "P-1002", 14, CellKind.CODE),
    ImportColumn("name", "名称", "Name", False,
                 QT_TR_NOOP("Optional, for reading only: the code decides the item."),
                 "压缩机 1.5P", 20),
    ImportColumn("quantity", "数量", "Quantity", True,
                 QT_TR_NOOP("Required: more than 0, at most 2 decimals."), 10, 10,
                 CellKind.NUMBER),
    ImportColumn("unit_cost", "单位成本", "Unit cost", True,
                 QT_TR_NOOP("Required: the cost of one unit, not negative, at most 4 "
                            "decimals. It becomes the item's average cost there."), 35.5, 12,
                 CellKind.MONEY),
)
_COLUMNS = {c.key: c for c in OPENING_COLUMNS}
_QUANTITY = quantity_column(decimals=2)
_COST = money_column("unit_cost", QT_TR_NOOP("Unit cost"), decimals=4)
LINES_PER_DOCUMENT = 500
# one namespace for the operation ids of opening documents: the same content sent
# again (a dropped connection, a second import) names the same document
_OPERATIONS = uuid.UUID("7d1f0a52-3c55-4d39-9f0b-0c2a6b1d5e11")


@dataclass
class OpeningRow:
    row: int
    warehouse: str
    code: str
    quantity: Decimal
    unit_cost: Decimal
    warehouse_id: int | None = None
    item_id: int | None = None
    imported: bool = False  # posted already with the same quantity and cost


@dataclass
class OpeningPreview(ImportPreview):
    rows: list[OpeningRow] = field(default_factory=list)

    @property
    def to_post(self) -> list[OpeningRow]:
        return [r for r in self.rows if not r.imported]

    @property
    def record_count(self) -> int:
        return len(self.to_post)

    @property
    def already_imported(self) -> int:
        return sum(1 for r in self.rows if r.imported)


def _bind(function: Callable[..., Any], *arguments: Any) -> Callable[[], Any]:
    return lambda: function(*arguments)


def _required(raw: Any, key: str) -> str:
    value = cell_text(raw)
    if not value:
        raise refuse("field_required", field=key, label=key)
    return value


def _number(raw: Any, column: Any) -> Decimal:
    value = parse_number(raw, column)
    if value is None:
        raise refuse("field_required", field=column.key, label=column.key)
    return value


def read_opening(path: str | Path, progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> OpeningPreview:
    """Read and check an opening-stock workbook (streamed) without the database."""
    preview = OpeningPreview(path=Path(path))
    opened: list[Any] = []
    try:
        sheet = open_rows(preview.path, OPENING_COLUMNS, opened, preview)
        preview.sheet = sheet.title
        ticker = Ticker(sheet.total, progress, cancelled)
        for row in sheet.rows:
            ticker.step()
            preview.rows_read += 1
            v = row.values
            check = RowChecker(row.number, _COLUMNS, preview.file_errors, row.unreadable)
            warehouse = check.run("warehouse", _bind(_required, v.get("warehouse"),
                                                     "warehouse"))
            code = check.run("code", _bind(validate_code, cell_text(v.get("code"))))
            quantity = check.run("quantity", _bind(_number, v.get("quantity"), _QUANTITY))
            cost = check.run("unit_cost", _bind(_number, v.get("unit_cost"), _COST))
            if not check.failed:
                preview.rows.append(OpeningRow(row.number, warehouse, code, quantity, cost))
        ticker.finish()
    finally:
        for table in opened:
            table.close()
    return preview


def _error(record: OpeningRow, key: str, message: str, **arguments: Any) -> RowError:
    return RowError(record.row, key, _COLUMNS[key].header, message, arguments)


def check_opening(conn: Connection, preview: OpeningPreview) -> None:
    """Resolve warehouses and items, find rows listed twice, rows already imported and
    items that have moves already. Replaces earlier database errors."""
    preview.database_errors = []
    errors = preview.database_errors
    warehouses: dict[str, int] = {}
    for wid, code, name in conn.execute(text(
            "SELECT id, code, name FROM app.warehouse WHERE active ORDER BY id")).all():
        warehouses.setdefault(str(name), int(wid))
        warehouses[str(code)] = int(wid)  # a code beats a name that looks like it
    codes = sorted({r.code for r in preview.rows})
    items = {str(c): int(i) for i, c in conn.execute(text(
        "SELECT id, code FROM app.item WHERE code = ANY(CAST(:c AS text[]))"),
        {"c": codes}).all()} if codes else {}
    first_row: dict[tuple[int, int], int] = {}
    for record in preview.rows:
        record.warehouse_id = warehouses.get(record.warehouse)
        record.item_id = items.get(record.code)
        record.imported = False
        if record.warehouse_id is None:
            errors.append(_error(record, "warehouse", QT_TR_NOOP(
                "No active warehouse has the code or name {value}."), value=record.warehouse))
        if record.item_id is None:
            errors.append(_error(record, "code", QT_TR_NOOP(
                "No product or part has the code {value}."), value=record.code))
        if record.warehouse_id is not None and record.item_id is not None:
            key = (record.item_id, record.warehouse_id)
            first = first_row.setdefault(key, record.row)
            if first != record.row:
                errors.append(_error(record, "code", QT_TR_NOOP(
                    "Item {code} in this warehouse is already on row {row}."),
                    code=record.code, row=first))
    resolved = [r for r in preview.rows if r.item_id is not None and r.warehouse_id is not None]
    if resolved:
        found = conn.execute(text(
            "SELECT x.item, x.warehouse,"
            " EXISTS (SELECT FROM app.stock_move m WHERE m.item_id = x.item"
            "         AND m.warehouse_id = x.warehouse),"
            " (SELECT array_agg(l.quantity::text || '@' || l.unit_cost::text)"
            "  FROM app.stock_document d JOIN app.stock_document_line l ON l.document_id = d.id"
            "  WHERE d.kind = 'opening' AND d.state = 'posted' AND d.warehouse_id = x.warehouse"
            "    AND l.item_id = x.item) "
            "FROM unnest(CAST(:i AS bigint[]), CAST(:w AS bigint[])) AS x (item, warehouse)"),
            {"i": [r.item_id for r in resolved], "w": [r.warehouse_id for r in resolved]}).all()
        state = {(int(i), int(w)): (bool(moved), list(openings or ()))
                 for i, w, moved, openings in found}
        for record in resolved:
            moved, openings = state[(record.item_id or 0, record.warehouse_id or 0)]
            mine = f"{record.quantity:f}@{record.unit_cost.quantize(Decimal('0.0001')):f}"
            if mine in openings:
                record.imported = True
            elif openings:
                errors.append(_error(record, "quantity", QT_TR_NOOP(
                    "The opening stock of {code} in this warehouse is posted already with "
                    "other figures; cancel that opening document to post it again."),
                    code=record.code))
            elif moved:
                errors.append(_error(record, "code", QT_TR_NOOP(
                    "{code} already has stock moves in this warehouse; opening stock is "
                    "only for items without any."), code=record.code))
    preview.checked = True


def _operation_id(warehouse: int, rows: list[OpeningRow]) -> str:
    content = ";".join(f"{r.item_id}:{r.quantity}:{r.unit_cost}" for r in rows)
    return str(uuid.uuid5(_OPERATIONS, f"opening:{warehouse}:{content}"))


def _may(conn: Connection, statement: str) -> bool:
    return bool(conn.execute(text(statement)).scalar())


def commit_opening(conn: Connection, preview: OpeningPreview,
                   progress: Progress | None = None,
                   cancelled: Cancelled | None = None) -> dict[str, int]:
    """Post the preview's opening documents in the caller's transaction, all or nothing.
    Returns counts: documents posted, lines posted, rows already imported (skipped)."""
    if not _may(conn, "SELECT has_column_privilege('app.stock_document_line', 'unit_cost', "
                      "'SELECT')"):
        raise PermissionDenied(action="costs.view")
    if not _may(conn, "SELECT pg_has_role(session_user, 'as_cap_stock_post', 'MEMBER')"):
        raise PermissionDenied(action="stock.post")
    check_opening(conn, preview)
    if not preview.ok:
        raise ImportHasErrors(count=len(preview.error_rows))
    rows = preview.to_post
    by_warehouse: dict[int, list[OpeningRow]] = {}
    for record in rows:
        by_warehouse.setdefault(record.warehouse_id or 0, []).append(record)
    ticker = Ticker(len(rows), progress, cancelled)
    ticker.check()
    counts = {"documents": 0, "lines": 0, "skipped": preview.already_imported}
    remarks = ("期初导入 " + preview.path.name)[:200]
    with conn.begin_nested():
        for warehouse, records in sorted(by_warehouse.items()):
            for start in range(0, len(records), LINES_PER_DOCUMENT):
                part = records[start:start + LINES_PER_DOCUMENT]
                payload = {"operation_id": _operation_id(warehouse, part), "kind": "opening",
                           "warehouse_id": warehouse, "remarks": remarks,
                           "lines": [{"item_id": r.item_id, "quantity": r.quantity,
                                      "unit_cost": r.unit_cost} for r in part]}
                call(conn, "SELECT app.stock_document_post(CAST(:p AS jsonb))",
                     {"p": as_json(payload)})
                counts["documents"] += 1
                counts["lines"] += len(part)
                ticker.step(len(part), force=True)
    ticker.finish()
    return counts
