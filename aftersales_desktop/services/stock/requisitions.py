"""Parts requisitioned against a repair ticket (领料): one server call per action.

`app.requisition_save` takes the line changes of one ticket at once (new lines take
stock, changed quantities move the difference, deleted lines give it back, all in one
transaction) and returns the requisition as `app.requisition_lines` does; `load`, `save`
and `save_document` turn that into the document editor's `Document`
(docs/document-editor.md, ui/stock/requisitions.py). A deadlock or serialization failure
is sent again with the same operation id, which applies once (`_retry.call`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.domain.documents import Document, DocumentLine, Submission
from aftersales_desktop.domain.requisitions import may_change_line
from aftersales_desktop.services.frontdesk._calls import as_json, call

from . import _retry

KIND = "requisition"


@dataclass(frozen=True)
class LineChange:
    """A line as it is sent: a new one (no id) or a saved one (id, version)."""

    item_id: int
    quantity: Decimal
    warehouse_id: int | None = None
    kind: str = "issue"
    id: int | None = None
    version: int | None = None
    fitted_serial: str | None = None
    removed_serial: str | None = None
    removed_to_warehouse_id: int | None = None
    return_of: int | None = None

    def payload(self) -> dict[str, Any]:
        return {key: value for key, value in {
            "id": self.id, "version": self.version, "kind": self.kind,
            "item_id": self.item_id, "warehouse_id": self.warehouse_id,
            "quantity": self.quantity, "fitted_serial": self.fitted_serial,
            "removed_serial": self.removed_serial,
            "removed_to_warehouse_id": self.removed_to_warehouse_id,
            "return_of": self.return_of}.items() if value is not None}


def requisition(conn: Connection, ticket_id: int) -> dict[str, Any] | None:
    """The ticket's requisition as the server has it (None: no such ticket)."""
    found = call(conn, "SELECT app.requisition_lines(:t)", {"t": ticket_id})
    return dict(found) if found is not None else None


def save_lines(conn: Connection, ticket_id: int, lines: Sequence[LineChange] = (), *,
               deleted: Sequence[tuple[int, int | None]] = (), version: int | None = None,
               complete: bool = False, operation_id: str | None = None) -> dict[str, Any]:
    """Send the line changes of one ticket in one call; the requisition as it is now."""
    payload = {
        "ticket_id": ticket_id, "operation_id": operation_id or str(uuid.uuid4()),
        "version": version, "complete": complete,
        "lines": [line.payload() for line in lines],
        "deleted": [{"id": line_id, "version": line_version}
                    for line_id, line_version in deleted]}
    return dict(_retry.call(conn, "SELECT app.requisition_save(CAST(:p AS jsonb))",
                            {"p": as_json(payload)}))


# -- the document editor's side ----------------------------------------------------------

def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def document(found: Mapping[str, Any], *, operator: str = "",
             capabilities: Sequence[str] = ()) -> Document:
    """The requisition as the editor shows it: a line the operator may not change is
    locked (domain.requisitions.may_change_line; the server decides again)."""
    today = date.fromisoformat(str(found["today"])) if found.get("today") else None
    lines = []
    for line in found.get("lines") or []:
        locked = today is not None and not may_change_line(
            created_by=line["created_by"], created_on=date.fromisoformat(line["created_on"]),
            operator=operator, today=today, capabilities=capabilities)
        lines.append(DocumentLine({
            "code": line["item_code"], "name": line["item_name"], "kind": line["kind"],
            "quantity": _decimal(line["quantity"]), "price": _decimal(line["unit_price"]),
            "billed_to": line["billed_to"], "warehouse_name": line["warehouse_name"],
            "fitted_serial": line.get("fitted_serial") or "",
            "removed_serial": line.get("removed_serial") or "",
            "removed_to_name": line.get("removed_to_name") or "",
            # not columns: what a save sends back for the line
            "warehouse_id": line["warehouse_id"], "version": line["version"],
            "removed_to_warehouse_id": line.get("removed_to_warehouse_id"),
            "return_of": line.get("return_of")},
            item_id=int(line["item_id"]), line_id=int(line["id"]), locked=locked))
    updated = found.get("updated_at")
    return Document(
        KIND, {"ticket": found.get("ticket_number") or "",
               "technician": found.get("technician") or "",
               "billed_to": found.get("billed_to") or "",
               "warehouse": found.get("warehouse_id"),
               "removed_to": found.get("removed_to_warehouse_id"),
               # not fields: what the printed slip shows of the shop
               "shop": found.get("shop") or {}},
        tuple(lines), state=str(found.get("state") or "open"), id=int(found["ticket_id"]),
        number=found.get("number"), version=found.get("version"),
        state_by=str(found.get("updated_by") or ""),
        state_at=datetime.fromisoformat(str(updated)) if updated else None)


def ticket_by_number(conn: Connection, number: str) -> int | None:
    """The ticket with this number (the requisition screen opens it), or None."""
    found = conn.execute(text("SELECT id FROM app.ticket WHERE number = :n"),
                         {"n": number.strip().upper()[:30]}).scalar()
    return int(found) if found is not None else None


def load(conn: Connection, ticket_id: int, *, operator: str = "",
         capabilities: Sequence[str] = ()) -> Document:
    found = requisition(conn, ticket_id)
    if found is None:
        from aftersales_desktop.domain.refusals import refuse

        raise refuse("ticket_missing")
    return document(found, operator=operator, capabilities=capabilities)


def changes_of(submitted: Document) -> list[LineChange]:
    """The editor's lines as line changes: every line it shows (the save is `complete`, so
    a saved line it no longer shows is deleted). A new line takes the header's warehouse,
    and the header's old-part warehouse when it names an old part."""
    warehouse = submitted.header.get("warehouse")
    removed_to = submitted.header.get("removed_to")
    changes = []
    for line in submitted.lines:
        values = line.values
        kind = str(values.get("kind") or "issue")
        removed_serial = str(values.get("removed_serial") or "").strip() or None
        line_removed_to = values.get("removed_to_warehouse_id")
        if line.line_id is None and (removed_serial or kind == "removed"):
            line_removed_to = removed_to
        assert line.item_id is not None  # the editor sends resolved lines only
        changes.append(LineChange(
            item_id=line.item_id, quantity=values["quantity"], kind=kind,
            warehouse_id=values.get("warehouse_id") if line.line_id is not None
            else (removed_to if kind == "removed" else warehouse),
            id=line.line_id, version=values.get("version") if line.line_id else None,
            fitted_serial=str(values.get("fitted_serial") or "").strip() or None,
            removed_serial=removed_serial, removed_to_warehouse_id=line_removed_to,
            return_of=values.get("return_of") if line.line_id else None))
    return changes


def save_document(conn: Connection, submission: Submission, *, operator: str = "",
                  capabilities: Sequence[str] = ()) -> Document:
    """The editor's save: every line it shows, in one call."""
    submitted = submission.document
    assert submitted.id is not None  # a requisition always belongs to its ticket
    found = save_lines(conn, submitted.id, changes_of(submitted), version=submitted.version,
                       complete=True, operation_id=submission.operation_id)
    return document(found, operator=operator, capabilities=capabilities)


def warehouse_choices(conn: Connection) -> list[tuple[int, str]]:
    """Warehouses parts are taken from (every active one; the parts warehouse first)."""
    rows = conn.execute(text(
        "SELECT id, name FROM app.warehouse WHERE active "
        "ORDER BY (type <> 'parts'), name")).all()
    return [(int(r.id), str(r.name)) for r in rows]


def old_part_warehouse_choices(conn: Connection) -> list[tuple[int, str]]:
    """Where an old part (旧件) goes: the scrap and merchant-returns warehouses."""
    rows = conn.execute(text(
        "SELECT id, name FROM app.warehouse WHERE active "
        "AND type IN ('scrap', 'merchant_returns') ORDER BY type DESC, name")).all()
    return [(int(r.id), str(r.name)) for r in rows]
