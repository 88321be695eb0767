"""Inquiries (咨询) and the customer's history (issue 13): log an inquiry (one call to
app.inquiry_log, which makes a new customer from a name and a phone as the intake does),
and read a customer's tickets, pre-orders, callbacks, complaints and inquiries together
(one call to app.customer_history). An inquiry becomes a ticket or a pre-order through
the intake (IntakeDraft.inquiry_id) or the pre-order (create_preorder(inquiry_id=)),
which link it in their own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from aftersales_desktop.data.tables import inquiry_table
from aftersales_desktop.domain.inquiries import HISTORY_KINDS
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.text import is_blank
from aftersales_desktop.services.frontdesk._calls import as_json, call

HISTORY_PAGE = 100


@dataclass(frozen=True)
class InquiryDraft:
    """What the counter typed. `customer_id` None: a new customer from the name and the
    phone."""

    question: str
    customer_id: int | None = None
    customer_name: str = ""
    phone: str = ""
    topic: str = "other"
    channel: str = "phone"
    product: str = ""
    answer: str = ""


@dataclass(frozen=True)
class LoggedInquiry:
    inquiry_id: int
    customer_id: int


def validate_inquiry(draft: InquiryDraft) -> InquiryDraft:
    """The draft trimmed, or the refusal the server would give, naming its field."""
    draft = replace(draft, question=draft.question.strip(), answer=draft.answer.strip(),
                    product=draft.product.strip(), customer_name=draft.customer_name.strip(),
                    phone=draft.phone.strip())
    if draft.customer_id is None and not draft.customer_name:
        raise refuse("customer_name_required")
    if draft.customer_id is None and not draft.phone:
        raise refuse("phone_required")
    if is_blank(draft.question):
        raise refuse("inquiry_question_required")
    # lengths and codes: the form stops typing at the limits, the server checks them
    return draft


def inquiry_payload(draft: InquiryDraft) -> dict[str, Any]:
    payload: dict[str, Any] = {"topic": draft.topic, "channel": draft.channel,
                               "product": draft.product, "question": draft.question,
                               "answer": draft.answer}
    if draft.customer_id is not None:
        payload["customer_id"] = draft.customer_id
    else:
        payload["customer"] = {"name": draft.customer_name, "phone": draft.phone}
    return payload


def log_inquiry(conn: Connection, draft: InquiryDraft) -> LoggedInquiry:
    """Save the inquiry: one round trip (intake.create or callback.record)."""
    draft = validate_inquiry(draft)
    row = call(conn, "SELECT app.inquiry_log(CAST(:p AS jsonb))",
               {"p": as_json(inquiry_payload(draft))})
    return LoggedInquiry(inquiry_id=int(row["inquiry_id"]), customer_id=int(row["customer_id"]))


@dataclass(frozen=True)
class HistoryRow:
    kind: str
    id: int
    at: datetime | None
    number: str
    summary: str
    state: str
    detail: str
    ticket_id: int | None
    extra: Mapping[str, Any] = field(default_factory=dict)  # the kind's own keys


@dataclass(frozen=True)
class CustomerHistory:
    customer_id: int
    customer_name: str
    counts: Mapping[str, int]
    total: int
    rows: tuple[HistoryRow, ...]


_ROW_KEYS = {"kind", "id", "at", "number", "summary", "state", "detail", "ticket_id"}


def _row(raw: Mapping[str, Any]) -> HistoryRow:
    at = raw.get("at")
    return HistoryRow(
        kind=str(raw["kind"]), id=int(raw["id"]),
        at=datetime.fromisoformat(at) if isinstance(at, str) else None,
        number=str(raw.get("number") or ""), summary=str(raw.get("summary") or ""),
        state=str(raw.get("state") or ""), detail=str(raw.get("detail") or ""),
        ticket_id=int(raw["ticket_id"]) if raw.get("ticket_id") is not None else None,
        extra={k: v for k, v in raw.items() if k not in _ROW_KEYS})


def customer_history(conn: Connection, customer_id: int, *,
                     kinds: Iterable[str] | None = None, offset: int = 0,
                     limit: int = HISTORY_PAGE) -> CustomerHistory:
    """The customer's history, newest first, one page: every kind, or `kinds` (of
    domain.inquiries.HISTORY_KINDS); counts of every kind whatever `kinds` says."""
    payload: dict[str, Any] = {"customer_id": customer_id, "offset": offset, "limit": limit}
    if kinds is not None:
        payload["kinds"] = [kind for kind in kinds if kind in HISTORY_KINDS]
    raw = call(conn, "SELECT app.customer_history(CAST(:p AS jsonb))", {"p": as_json(payload)})
    return CustomerHistory(
        customer_id=int(raw["customer"]["id"]), customer_name=str(raw["customer"]["name"]),
        counts={kind: int(raw["counts"].get(kind, 0)) for kind in HISTORY_KINDS},
        total=int(raw["total"]), rows=tuple(_row(r) for r in raw["rows"]))


def inquiry_customer(conn: Connection, inquiry_id: int) -> int | None:
    """The customer an inquiry is about (None when it is gone)."""
    found = conn.execute(select(inquiry_table.c.customer_id)
                         .where(inquiry_table.c.id == inquiry_id)).scalar()
    return int(found) if found is not None else None
