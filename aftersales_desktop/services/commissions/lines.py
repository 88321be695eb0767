"""Rewards and penalties by hand (奖惩登记) and a job's shares (分成): one server call each
(revision 0022, helper cm-lines: app.commission_adjust_propose, app.commission_adjust_decide,
app.commission_pending, app.job_shares_set). The database checks who may (commission.settle,
commission.view_all or review.approve to propose; commission.settle to decide, never
one's own proposal; review.approve or dispatch.assign for shares), the state and the
version; the checks here are the same rules for instant feedback.

The answers are the functions' JSON with times (`*_at`) as aware datetimes and amounts
and shares as Decimals.

    line = propose(conn, Proposal(payee=("employee", 7), item_id=2, amount=None,
                                  reason="客户表扬"))
    page = proposals(conn, ProposalFilters(state="proposed"))
    decide(conn, line_id=line["line_id"], approve=False, note="证据不足")
    set_shares(conn, job_id=5, version=3, shares=[(7, Decimal("60")), (8, Decimal("40"))])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.domain.commission_shares import Share, check_shares
from aftersales_desktop.domain.masterdata import parse_money
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.text import is_blank
from aftersales_desktop.services.dispatch.reads import typed
from aftersales_desktop.services.errors import database_errors
from aftersales_desktop.services.frontdesk._calls import as_json, call

# who may do what (the functions check it; the screens show only what can work)
SETTLE = "commission.settle"
PROPOSE_CAPABILITIES = (SETTLE, "commission.view_all", "review.approve")
DECIDE_CAPABILITIES = (SETTLE,)
SHARE_CAPABILITIES = ("review.approve", "dispatch.assign")
SHARE_STATES = ("assigned", "started", "finished")  # a job whose shares may change
PROPOSAL_STATES = ("proposed", "decided", "all")
PAGE_LIMIT_MAX = 200
AMOUNT_MAX = Decimal("99999.99")
PAYEE_KINDS = ("employee", "outlet")

_MONEY = frozenset({"amount", "share", "default_amount"})


def _typed(raw: Any) -> Any:
    """A function's JSON typed: times by reads.typed, money and shares as Decimals."""
    if isinstance(raw, list):
        return [_typed(v) for v in raw]
    if not isinstance(raw, Mapping):
        return raw
    found = typed(raw)
    for key, value in found.items():
        if key in _MONEY and value is not None and not isinstance(value, Decimal):
            found[key] = Decimal(str(value))
        elif isinstance(value, list | Mapping):
            found[key] = _typed(value)
    return found


def _call(conn: Connection, function: str, payload: Mapping[str, Any]) -> Any:
    return _typed(call(conn, f"SELECT app.{function}(CAST(:p AS jsonb))",
                       {"p": as_json(dict(payload))}))


# -- proposing, deciding, the list -------------------------------------------------------------

@dataclass(frozen=True)
class Proposal:
    """A reward (amount > 0) or penalty (< 0) for a technician or an outlet: `payee` is
    (kind, id) with kind "employee" or "outlet"; the amount may be left out when an item
    is chosen (the item's amount); `ticket_number` optional."""

    payee: tuple[str, int] | None
    item_id: int | None
    amount: str | Decimal | None  # as typed ("¥-50.00", "50") or a Decimal
    reason: str
    ticket_number: str = ""

    def payload(self) -> dict[str, Any]:
        """What app.commission_adjust_propose takes, or the refusal of the field to fix."""
        if self.payee is None or self.payee[0] not in PAYEE_KINDS:
            raise refuse("adjust_payee_required")
        kind, payee_id = self.payee
        values: dict[str, Any] = {f"{kind}_id": int(payee_id)}
        if self.item_id is not None:
            values["item_id"] = int(self.item_id)
        typed_amount = self.amount
        if isinstance(typed_amount, str) and not typed_amount.strip():
            typed_amount = None
        if typed_amount is None:
            if self.item_id is None:
                raise refuse("amount_required", field="amount")
        else:
            amount = parse_money(typed_amount, "amount", allow_negative=True)
            if amount == 0:
                raise refuse("adjust_amount_zero")
            if abs(amount) > AMOUNT_MAX:
                raise refuse("amount_too_large", field="amount")
            values["amount"] = amount
        if is_blank(self.reason):
            raise refuse("adjust_reason_required")
        values["reason"] = self.reason.strip()
        number = self.ticket_number.strip()
        if number:
            values["ticket_number"] = number
        return values


def propose(conn: Connection, proposal: Proposal) -> dict[str, Any]:
    """Propose a reward or penalty: {"line_id", "period"} (waits for approval). The
    ticket is given by its number (an unknown one: ticket_number_unknown)."""
    found: dict[str, Any] = _call(conn, "commission_adjust_propose", proposal.payload())
    return found


def decide(conn: Connection, *, line_id: int, approve: bool, note: str = "") -> dict[str, Any]:
    """Approve or reject a proposal (commission.settle; not one's own). Rejecting needs
    a note."""
    if not approve and is_blank(note):
        raise refuse("adjust_note_required")
    found: dict[str, Any] = _call(conn, "commission_adjust_decide", {
        "line_id": int(line_id), "approve": bool(approve), "note": note.strip()})
    return found


@dataclass(frozen=True)
class ProposalFilters:
    """Which proposals: waiting ("proposed"), decided, or all; a page of them."""

    state: str = "proposed"
    offset: int = 0
    limit: int = PAGE_LIMIT_MAX

    def payload(self) -> dict[str, Any]:
        if self.state not in PROPOSAL_STATES:
            raise ValueError(f"unknown proposal state {self.state!r}")
        return {"state": self.state, "offset": max(0, int(self.offset)),
                "limit": max(1, min(int(self.limit), PAGE_LIMIT_MAX))}


def proposals(conn: Connection, filters: ProposalFilters | None = None) -> dict[str, Any]:
    """A page of the manual lines: {"rows": [...], "total"} (app.commission_pending;
    each row: line_id, period, payee {kind, id, name}, item {id, name}, amount, reason,
    ticket_number, created_at/by, state, decided_at/by, note)."""
    found: dict[str, Any] = _call(conn, "commission_pending",
                                  (filters or ProposalFilters()).payload())
    return found


_CHOICES = text("""
SELECT jsonb_build_object(
  'technicians', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', e.id, 'code', e.code,
        'name', e.name) ORDER BY e.name, e.id), '[]')
      FROM app.employee e WHERE e.is_technician AND e.active),
  'outlets', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'code', o.code,
        'name', o.name) ORDER BY o.name, o.id), '[]')
      FROM app.service_outlet o WHERE o.active),
  'items', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'code', i.code,
        'name', i.name, 'amount', i.amount) ORDER BY i.amount DESC, i.code), '[]')
      FROM app.reward_penalty_item i WHERE i.active))""")


def proposal_choices(conn: Connection) -> dict[str, Any]:
    """Whom a reward or penalty may go to and the configured items, in one query:
    {"technicians": [{id, code, name}], "outlets": [...], "items": [{id, code, name,
    amount}]} (active ones; the items' amounts signed: > 0 reward, < 0 penalty)."""
    with database_errors():
        found: dict[str, Any] = _typed(dict(conn.execute(_CHOICES).scalar_one()))
    return found


# -- a job's shares -------------------------------------------------------------------------------

_SHARES = text("""
SELECT jsonb_build_object(
  'job', jsonb_build_object('id', j.id, 'state', j.state, 'version', j.version,
        'assignee_kind', j.assignee_kind, 'technician_id', j.technician_id,
        'technician', (SELECT e.name FROM app.employee e WHERE e.id = j.technician_id),
        'outlet', (SELECT o.name FROM app.service_outlet o WHERE o.id = j.outlet_id),
        'ticket_id', t.id, 'ticket_number', t.number),
  'shares', (SELECT coalesce(jsonb_agg(jsonb_build_object('employee_id', s.employee_id,
        'share', s.share) ORDER BY s.share DESC, s.employee_id), '[]')
      FROM app.job_share s WHERE s.job_id = j.id),
  'technicians', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', e.id, 'code', e.code,
        'name', e.name, 'grade', e.grade) ORDER BY e.name, e.id), '[]')
      FROM app.employee e WHERE e.is_technician AND e.active))
FROM app.job j JOIN app.ticket t ON t.id = j.ticket_id
WHERE j.id = :job""")


def job_shares(conn: Connection, job_id: int) -> dict[str, Any]:
    """One job's shares and whom they may go to, in one query: {"job": {id, state,
    version, assignee_kind, technician_id, technician, outlet, ticket_id, ticket_number},
    "shares": [{employee_id, share}], "technicians": [{id, code, name, grade}]}. No
    shares: 100 % to the job's technician. The job as the caller's row security shows it
    (job_missing when there is none)."""
    with database_errors():
        raw = conn.execute(_SHARES, {"job": int(job_id)}).scalar()
    if raw is None:
        raise refuse("job_missing")
    found: dict[str, Any] = _typed(dict(raw))
    return found


def set_shares(conn: Connection, *, job_id: int, version: int,
               shares: Sequence[Share], names: dict[int, str] | None = None) -> dict[str, Any]:
    """Replace the job's shares (an empty list clears them): the job's brief plus
    "shares". Refused while the job is reviewed or cancelled, or stale."""
    checked = check_shares(shares, names)
    found: dict[str, Any] = _call(conn, "job_shares_set", {
        "job_id": int(job_id), "version": int(version),
        "shares": [{"employee_id": e, "share": s} for e, s in checked]})
    return found


__all__ = ["AMOUNT_MAX", "DECIDE_CAPABILITIES", "PROPOSAL_STATES", "PROPOSE_CAPABILITIES",
           "SETTLE", "SHARE_CAPABILITIES", "SHARE_STATES", "Proposal", "ProposalFilters",
           "decide", "job_shares", "proposal_choices", "proposals", "propose", "set_shares"]
