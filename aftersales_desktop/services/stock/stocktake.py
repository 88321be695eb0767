"""Stocktake (盘点) sheets: open, count, post, decide flagged lines, cancel.

Each action is one server function call (db/sql/stock/stocktake_*.sql), so each is one
round trip and its own transaction when the caller runs it alone (the document editor's
`single_call`). A deadlock or serialization failure is retried (services/stock/_retry.py),
never shown.
The rule itself is in aftersales_desktop/domain/stocktake.py (and in the database).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, text

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.category_paths import category_paths
from aftersales_desktop.domain.document_cells import (
    QUANTITY_LIMIT,
    ColumnKind,
    ColumnSpec,
    parse_number,
)
from aftersales_desktop.domain.documents import Document, DocumentLine, Submission
from aftersales_desktop.domain.masterdata import validate_code
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.stocktake import MAX_LINES_PER_CALL
from aftersales_desktop.services.frontdesk._calls import as_json, call
from aftersales_desktop.services.importing._common import (
    ImportHasErrors,
    ImportPreview,
    RowChecker,
    RowError,
    cell_text,
    open_rows,
)
from aftersales_desktop.services.importing.columns import CellKind, ImportColumn
from aftersales_desktop.services.stock._retry import call as retry_call


@dataclass(frozen=True)
class StocktakeLine:
    id: int
    line_no: int
    item_id: int
    code: str
    name: str
    unit: str
    barcode: str | None
    book_qty: Decimal
    counted_qty: Decimal | None
    moved_qty: Decimal | None
    moved_during: bool | None
    adjustment: Decimal | None
    decision: str | None
    added: bool
    document_id: int | None
    status: str  # open, uncounted, agreed, adjusted, awaiting, kept

    @property
    def awaiting(self) -> bool:
        return self.status == "awaiting"


@dataclass(frozen=True)
class Stocktake:
    id: int
    number: str
    state: str  # open, posted, cancelled
    version: int
    warehouse_id: int
    warehouse: str
    category_id: int | None
    category: str | None
    remarks: str
    opened_at: datetime | None
    opened_by: str
    posted_at: datetime | None
    posted_by: str | None
    cancelled_at: datetime | None
    cancelled_by: str | None
    documents: tuple[tuple[int, str], ...]  # the adjustment documents (id, number)
    lines: tuple[StocktakeLine, ...]

    @property
    def awaiting(self) -> tuple[StocktakeLine, ...]:
        return tuple(line for line in self.lines if line.awaiting)

    def line_of_item(self, item_id: int) -> StocktakeLine | None:
        return next((line for line in self.lines if line.item_id == item_id), None)


@dataclass(frozen=True)
class Count:
    """One counted quantity: set it, or with `add` add to it (None clears it). `n` is
    the grid's line number, so a refusal lands on that line."""

    item_id: int
    counted: Decimal | None
    add: bool = False
    n: int | None = None


def new_operation_id() -> str:
    return str(uuid.uuid4())


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _time(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


def _line(row: Mapping[str, Any]) -> StocktakeLine:
    return StocktakeLine(
        id=int(row["id"]), line_no=int(row["line_no"]), item_id=int(row["item_id"]),
        code=str(row["code"]), name=str(row["name"]), unit=str(row.get("unit") or ""),
        barcode=row.get("barcode"), book_qty=Decimal(str(row["book_qty"])),
        counted_qty=_decimal(row.get("counted_qty")), moved_qty=_decimal(row.get("moved_qty")),
        moved_during=row.get("moved_during"), adjustment=_decimal(row.get("adjustment")),
        decision=row.get("decision"), added=bool(row.get("added")),
        document_id=row.get("document_id"), status=str(row["status"]))


def sheet_from_json(row: Mapping[str, Any]) -> Stocktake:
    return Stocktake(
        id=int(row["id"]), number=str(row["number"]), state=str(row["state"]),
        version=int(row["version"]), warehouse_id=int(row["warehouse_id"]),
        warehouse=str(row.get("warehouse") or ""), category_id=row.get("category_id"),
        category=row.get("category"), remarks=str(row.get("remarks") or ""),
        opened_at=_time(row.get("opened_at")), opened_by=str(row.get("opened_by") or ""),
        posted_at=_time(row.get("posted_at")), posted_by=row.get("posted_by"),
        cancelled_at=_time(row.get("cancelled_at")), cancelled_by=row.get("cancelled_by"),
        documents=tuple((int(d["id"]), str(d["number"])) for d in row.get("documents") or ()),
        lines=tuple(_line(line) for line in row.get("lines") or ()))


def _call(conn: Connection, function: str, payload: Mapping[str, Any]) -> Any:
    """One server call; a deadlock or serialization failure is run again
    (services/stock/_retry.py)."""
    return retry_call(conn, f"SELECT app.{function}(CAST(:p AS jsonb))",
                      {"p": as_json(dict(payload))})


def open_stocktake(conn: Connection, *, warehouse_id: int, category_id: int | None = None,
                   remarks: str = "", operation_id: str | None = None) -> Stocktake:
    """Open a sheet: one line per item with a balance in the warehouse (in the category
    and its subcategories when one is given), each with its book quantity now."""
    payload: dict[str, Any] = {"operation_id": operation_id or new_operation_id(),
                               "warehouse_id": warehouse_id, "remarks": remarks.strip()}
    if category_id is not None:
        payload["category_id"] = category_id
    return sheet_from_json(_call(conn, "stocktake_open", payload))


def count(conn: Connection, stocktake_id: int, counts: Iterable[Count]) -> Stocktake:
    """Send counted quantities (any number: they go in calls of at most 5,000 lines, each
    applied on its own). Returns the sheet as the last call left it."""
    entries = [{"item_id": c.item_id, "counted": c.counted, "add": c.add,
                **({"n": c.n} if c.n is not None else {})} for c in counts]
    result: Any = None
    for start in range(0, max(len(entries), 1), MAX_LINES_PER_CALL):
        part = entries[start:start + MAX_LINES_PER_CALL]
        result = _call(conn, "stocktake_count", {"id": stocktake_id, "lines": part})
    return sheet_from_json(result)


def post_stocktake(conn: Connection, stocktake_id: int,
                   operation_id: str | None = None) -> Stocktake:
    """Post the sheet: counted lines adjust, flagged lines wait for a decision."""
    return sheet_from_json(_call(conn, "stocktake_post", {
        "id": stocktake_id, "operation_id": operation_id or new_operation_id()}))


def decide(conn: Connection, stocktake_id: int, decisions: Mapping[int, str]) -> Stocktake:
    """Decide flagged lines: line id -> 'adjust' (the book becomes the count) or 'keep'."""
    return sheet_from_json(_call(conn, "stocktake_decide", {
        "id": stocktake_id,
        "decisions": [{"line_id": line, "decision": d} for line, d in decisions.items()]}))


def cancel_stocktake(conn: Connection, stocktake_id: int, reason: str = "") -> Stocktake:
    return sheet_from_json(_call(conn, "stocktake_cancel",
                                 {"id": stocktake_id, "reason": reason.strip()}))


def load_stocktake(conn: Connection, stocktake_id: int) -> Stocktake:
    return sheet_from_json(call(conn, "SELECT app.stocktake_get(:id)", {"id": stocktake_id}))


@dataclass(frozen=True)
class SheetSummary:
    id: int
    number: str
    state: str
    warehouse: str
    opened_at: datetime
    lines: int
    awaiting: int


def recent_stocktakes(conn: Connection, limit: int = 50) -> list[SheetSummary]:
    """The latest sheets, open ones first, for the stocktake screen's chooser."""
    rows = conn.execute(text(
        "SELECT s.id, s.number, s.state, w.name, s.opened_at, "
        " (SELECT count(*) FROM app.stocktake_line l WHERE l.stocktake_id = s.id), "
        " (SELECT count(*) FROM app.stocktake_line l WHERE l.stocktake_id = s.id "
        "   AND s.state = 'posted' AND l.decision IS NULL AND l.moved_during "
        "   AND l.adjustment <> 0) "
        "FROM app.stocktake s JOIN app.warehouse w ON w.id = s.warehouse_id "
        "ORDER BY s.state <> 'open', s.id DESC LIMIT :n"), {"n": limit}).all()
    return [SheetSummary(int(r[0]), str(r[1]), str(r[2]), str(r[3]), r[4], int(r[5]),
                         int(r[6])) for r in rows]


def warehouse_choices(conn: Connection) -> Sequence[tuple[Any, str]]:
    rows = conn.execute(text("SELECT id, name FROM app.warehouse WHERE active "
                             "ORDER BY code")).all()
    return [(int(r[0]), str(r[1])) for r in rows]


def category_choices(conn: Connection) -> Sequence[tuple[Any, str]]:
    """Every active category by its path (空调/配件)."""
    paths = category_paths()
    rows = conn.execute(select(paths.c.id, paths.c.path).where(paths.c.active)
                        .order_by(paths.c.path)).all()
    return [(int(r[0]), str(r[1])) for r in rows]


# -- the sheet in the document editor (ui/stock/stocktake.py) -------------------------------

LOADED = "_counted_loaded"  # the count a line had when the sheet was shown (not a column)


def as_document(sheet: Stocktake) -> Document:
    """The sheet as the document editor shows it: book, count, moves and adjustment per
    line, and the count as loaded, so a save sends only what changed (two clerks
    counting different aisles of one sheet do not overwrite each other)."""
    lines = tuple(DocumentLine({
        "code": line.code, "name": line.name, "unit": line.unit, "book": line.book_qty,
        "counted": line.counted_qty, "moved": line.moved_qty, "adjustment": line.adjustment,
        "status": line.status, LOADED: line.counted_qty}, line.item_id, line.id)
        for line in sheet.lines)
    state_by, state_at = sheet.opened_by, sheet.opened_at
    if sheet.state == "posted":
        state_by, state_at = sheet.posted_by or "", sheet.posted_at
    elif sheet.state == "cancelled":
        state_by, state_at = sheet.cancelled_by or "", sheet.cancelled_at
    return Document("stocktake", {"warehouse": sheet.warehouse, "category": sheet.category or "",
                                  "remarks": sheet.remarks}, lines, state=sheet.state,
                    id=sheet.id, number=sheet.number, version=sheet.version,
                    state_by=state_by, state_at=state_at)


def changed_counts(document: Document) -> list[Count]:
    """The counts of `document` that differ from what was loaded (new lines included),
    each with its grid line number."""
    found = []
    for n, line in enumerate(document.lines, start=1):
        if line.item_id is None:
            continue
        counted = line.values.get("counted")
        if line.line_id is None or LOADED not in line.values or counted != line.values[LOADED]:
            found.append(Count(line.item_id, counted, n=n))
    return found


def save_counts(conn: Connection, submission: Submission) -> Document:
    document = submission.document
    if document.id is None:
        raise refuse("stocktake_not_open", number="")
    return as_document(count(conn, document.id, changed_counts(document)))


def post_document(conn: Connection, submission: Submission) -> Document:
    """Posting from the editor: the counts typed since the last save go first (one call),
    then the post (one call)."""
    document = submission.document
    assert document.id is not None
    changed = changed_counts(document)
    if changed:
        count(conn, document.id, changed)
    return as_document(post_stocktake(conn, document.id, submission.operation_id))


def cancel_document(conn: Connection, submission: Submission) -> Document:
    assert submission.document.id is not None
    return as_document(cancel_stocktake(conn, submission.document.id))


def load_document(conn: Connection, stocktake_id: int) -> Document:
    return as_document(load_stocktake(conn, stocktake_id))


# -- counts from a workbook ---------------------------------------------------------------

COUNT_SHEET = "盘点 Counts"
COUNT_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("code", "物料编码", "Item code", True,
                 QT_TR_NOOP("Required: the code (or barcode) of a product or part."),
                 "P-1002", 14, CellKind.CODE),
    ImportColumn("name", "名称", "Name", False,
                 QT_TR_NOOP("Optional, for reading only: the code decides the item."),
                 "压缩机 1.5P", 20),
    ImportColumn("counted", "实盘数量", "Counted", True,
                 QT_TR_NOOP("Required: what is on the shelf, 0 or more, at most 2 "
                            "decimals. It replaces the line's count."), 8, 10,
                 CellKind.NUMBER),
)
_COUNTED = ColumnSpec("counted", QT_TR_NOOP("Counted"), ColumnKind.QUANTITY, decimals=2,
                      allow_zero=True, maximum=QUANTITY_LIMIT)


@dataclass
class CountPreview(ImportPreview):
    counts: list[tuple[int, str, Decimal]] = field(default_factory=list)  # row, code, qty

    @property
    def record_count(self) -> int:
        return len(self.counts)


def read_counts(path: str | Path) -> CountPreview:
    """Read a workbook of counts (no database): every row with its problem."""
    preview = CountPreview(path=Path(path))
    by_key = {c.key: c for c in COUNT_COLUMNS}
    opened: list[Any] = []
    seen: dict[str, int] = {}
    try:
        sheet = open_rows(preview.path, COUNT_COLUMNS, opened, preview)
        preview.sheet = sheet.title
        for row in sheet.rows:
            preview.rows_read += 1
            check = RowChecker(row.number, by_key, preview.file_errors, row.unreadable)
            values = row.values
            code = check.run("code", partial(_code, values.get("code")))
            counted = check.run("counted", partial(_counted, values.get("counted")))
            if code and (first := seen.setdefault(code, row.number)) != row.number:
                check.add("code", QT_TR_NOOP("Code {code} is already on row {row}."),
                          code=code, row=first)
            if not check.failed:
                preview.counts.append((row.number, code, counted))
    finally:
        for table in opened:
            table.close()
    return preview


def _code(raw: Any) -> str:
    return validate_code(cell_text(raw))


def _counted(raw: Any) -> Decimal:
    value = parse_number(raw, _COUNTED)
    if value is None:
        raise refuse("field_required", field="counted", label="counted")
    return value


def import_counts(conn: Connection, stocktake_id: int, preview: CountPreview) -> Stocktake:
    """Resolve the codes (or barcodes) and send every count in one call per 5,000 rows;
    an unknown code is a row error and nothing is sent."""
    if not preview.ok:
        raise ImportHasErrors(count=len(preview.error_rows))
    codes = sorted({code for _row, code, _q in preview.counts})
    found = {str(code): int(item) for item, code in conn.execute(text(
        "SELECT id, code FROM app.item WHERE code = ANY(CAST(:c AS text[])) "
        "UNION ALL SELECT id, barcode FROM app.item WHERE barcode = ANY(CAST(:c AS text[]))"),
        {"c": codes}).all()} if codes else {}
    header = COUNT_COLUMNS[0].header
    preview.database_errors = [
        RowError(row, "code", header, QT_TR_NOOP("No product or part has the code {value}."),
                 {"value": code}) for row, code, _q in preview.counts if code not in found]
    if preview.database_errors:
        raise ImportHasErrors(count=len(preview.error_rows))
    return count(conn, stocktake_id, [Count(found[code], counted)
                                      for _row, code, counted in preview.counts])
