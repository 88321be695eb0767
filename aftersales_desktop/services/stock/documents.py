"""Stock documents (进出仓单): save, post, cancel, change, delete, load — each one server
call (db/sql/stock/stock_document_*.sql), returning the editor's `Document`.

The editor (ui/documents/) hands these a `Submission`; what comes back is the document
as the server now has it (number, version, state with who and when, lines with their
ids, unit costs and amounts only for an operator holding costs.view). A refusal is the
catalogue's error (domain/refusals.py): a line's refusal carries `line` (the editor puts
it on that line), a document someone else changed meanwhile is `StaleDocument`.

The document's header keys: kind, warehouse (id), to_warehouse (id), supplier, reason,
remarks, and, shown only: date, and the numbers of the documents it reverses or that
reverse, replace or are replaced by it. Line keys: code, name, unit, quantity,
price (the unit cost), amount, serial.

    document = post_document(conn, Submission(draft, "post", operation_id))
    document.number           # 'RK2026-000123'
    cancel_document(conn, Submission(document, "cancel", other_id), reason="错单")
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.domain.documents import Document, DocumentLine, Submission
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.stock import KIND_RULES, Need

from ._retry import call

__all__ = [
    "cancel_document", "change_document", "delete_document", "from_server", "load_document",
    "payload", "post_document", "save_document", "supplier_choices", "warehouse_choices",
]

# what the header shows besides what is sent
_SHOWN = ("reversal_of_number", "reversed_by_number", "replaced_by_number",
          "replaces_number", "cancel_reason", "posted_by", "posted_at", "cancelled_by",
          "cancelled_at", "created_by", "costs_visible")


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _time(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


def from_server(row: Mapping[str, Any]) -> Document:
    """The editor's Document for what app.stock_document_get returns."""
    header: dict[str, Any] = {
        "kind": row["kind"], "warehouse": row["warehouse_id"],
        "to_warehouse": row.get("to_warehouse_id"), "supplier": row.get("supplier") or "",
        "reason": row.get("reason") or "", "remarks": row.get("remarks") or "",
        "date": date.fromisoformat(row["doc_date"]) if row.get("doc_date") else None,
        "warehouse_name": row.get("warehouse"), "to_warehouse_name": row.get("to_warehouse"),
    }
    for key in _SHOWN:
        header[key] = row.get(key)
    lines = tuple(
        DocumentLine(
            {"code": line["item_code"], "name": line["item_name"], "unit": line["unit"],
             "quantity": _decimal(line["quantity"]), "price": _decimal(line.get("unit_cost")),
             "amount": _decimal(line.get("amount")), "serial": line.get("serial") or ""},
            item_id=int(line["item_id"]), line_id=int(line["id"]))
        for line in row.get("lines") or ())
    state = str(row["state"])
    by, at = {"posted": ("posted_by", "posted_at"),
              "cancelled": ("cancelled_by", "cancelled_at")}.get(
        state, ("updated_by", "updated_at"))
    return Document(kind=str(row["kind"]), header=header, lines=lines, state=state,
                    id=int(row["id"]), number=row.get("number"), version=int(row["version"]),
                    state_by=str(row.get(by) or ""), state_at=_time(row.get(at)))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def payload(document: Document, operation_id: str, **extra: Any) -> dict[str, Any]:
    """The JSON a save, post or change sends: header and the full line list."""
    header = document.header
    kind = str(header.get("kind") or document.kind)
    rule = KIND_RULES.get(kind)
    # an issue's cost is the average when it posts: what the screen shows is not sent
    sends_cost = rule is None or rule.cost is not Need.NONE
    lines = [{"item_id": line.item_id, "quantity": line.values.get("quantity"),
              "unit_cost": line.values.get("price") if sends_cost else None,
              "serial": _text(line.values.get("serial")) or None}
             for line in document.lines]
    body: dict[str, Any] = {
        "operation_id": operation_id, "kind": kind,
        "warehouse_id": header.get("warehouse"), "to_warehouse_id": header.get("to_warehouse"),
        "supplier": _text(header.get("supplier")), "reason": _text(header.get("reason")),
        "remarks": _text(header.get("remarks")), "lines": lines,
    }
    if document.id is not None:
        body["id"] = document.id
        body["version"] = document.version
    body.update(extra)
    return body


def _as_json(value: Mapping[str, Any]) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def _run(conn: Connection, function: str, body: Mapping[str, Any]) -> Document:
    # a document saved by someone else meanwhile arrives as StaleDocument (services/errors)
    row = call(conn, f"SELECT app.{function}(CAST(:p AS jsonb))", {"p": _as_json(body)})
    return from_server(row)


def load_document(conn: Connection, document_id: int) -> Document:
    row = conn.execute(text("SELECT app.stock_document_get(:id)"), {"id": document_id}).scalar()
    if row is None:
        raise refuse("stock_document_missing")
    return from_server(row)


def save_document(conn: Connection, submission: Submission) -> Document:
    """A draft saved as it is on the screen (nothing moves yet)."""
    return _run(conn, "stock_document_save",
                payload(submission.document, submission.operation_id))


def post_document(conn: Connection, submission: Submission) -> Document:
    """Saved and posted in one call: stock moves, the document takes its number."""
    return _run(conn, "stock_document_post",
                payload(submission.document, submission.operation_id))


def cancel_document(conn: Connection, submission: Submission,
                    reason: str | None = None) -> Document:
    """A reversing document dated today; answers the original, now cancelled. The
    reason is `reason`, or the header's `cancel_reason` (the editor's question puts it
    there)."""
    document = submission.document
    why = reason if reason is not None else _text(document.header.get("cancel_reason"))
    return _run(conn, "stock_document_cancel", {
        "id": document.id, "version": document.version, "reason": why,
        "operation_id": submission.operation_id})


def change_document(conn: Connection, submission: Submission,
                    reason: str | None = None) -> Document:
    """A posted document changed (stock.edit_posted): reversed and replaced in one
    transaction; answers the replacement."""
    document = submission.document
    why = reason if reason is not None else _text(document.header.get("change_reason"))
    return _run(conn, "stock_document_change",
                payload(document, submission.operation_id, change_reason=why))


def delete_document(conn: Connection, document_id: int, version: int) -> None:
    """A draft removed with its lines."""
    call(conn, "SELECT app.stock_document_delete(CAST(:p AS jsonb))",
         {"p": _as_json({"id": document_id, "version": version})})


def warehouse_choices(conn: Connection, types: Sequence[str] | None = None
                      ) -> list[tuple[int, str]]:
    """Active warehouses (of `types`, e.g. ("scrap",) for a scrap document's target)."""
    rows = conn.execute(text(
        "SELECT id, name FROM app.warehouse WHERE active "
        "AND (CAST(:types AS text[]) IS NULL OR type = ANY(CAST(:types AS text[]))) "
        "ORDER BY code"), {"types": list(types) if types is not None else None}).all()
    return [(int(row.id), str(row.name)) for row in rows]


def supplier_choices(conn: Connection, limit: int = 200) -> list[tuple[str, str]]:
    """The suppliers earlier documents named, most recent first (a supplier is typed
    text; the list offers what was typed before)."""
    rows = conn.execute(text(
        "SELECT supplier FROM app.stock_document WHERE supplier <> '' "
        "GROUP BY supplier ORDER BY max(id) DESC LIMIT :limit"), {"limit": limit}).all()
    return [(str(row.supplier), str(row.supplier)) for row in rows]
