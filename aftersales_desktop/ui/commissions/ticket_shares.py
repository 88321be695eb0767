"""The ticket tab's commission actions. Reward or penalty... (登记奖惩): the proposal
dialog (adjust_dialog.py) with the ticket's number and technician filled in. Shares...
(分成): the ticket's current job's shares, until the job is reviewed (shares_dialog.py).
Its job is the one the ticket's latest job event names (app.ticket_detail's
"job_events"); the action is disabled, saying why, when there is no job, or it is
reviewed or was unassigned. Importing this module registers both (ticket.py does); the
dispatch board's job menu opens the same shares dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QWidget

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.services.commissions import lines

from ..frontdesk.ticket_actions import TicketAction, register_action
from ..i18n import tr

if TYPE_CHECKING:
    from ..frontdesk.ticket import TicketPage

Detail = dict[str, Any]
# the last event of a job whose shares can no longer change
CLOSED_BY = {"review": QT_TR_NOOP("The ticket's job is reviewed: its shares can no longer "
                                  "change."),
             "unassign": QT_TR_NOOP("The ticket's job was unassigned; assign it first.")}


def current_job(detail: Detail) -> tuple[int, str] | None:
    """(job id, its latest event's kind) of the job the ticket's latest event names."""
    events = [e for e in detail.get("job_events") or [] if e.get("job_id") is not None]
    if not events:
        return None
    latest = max(events, key=lambda e: int(e.get("id") or 0))
    return int(latest["job_id"]), str(latest.get("kind") or "")


def shares_blocked(detail: Detail, _page: TicketPage | None = None) -> str | None:
    job = current_job(detail)
    if job is None:
        return tr("The ticket has no job yet.")
    closed = CLOSED_BY.get(job[1])
    return tr(closed) if closed else None


def open_job_shares(parent: QWidget, database: Database, job_id: int) -> QDialog:
    """The job's shares over `parent` (the ticket tab, the dispatch board)."""
    from .shares_dialog import JobSharesDialog

    dialog = JobSharesDialog(database, job_id, parent=parent)
    dialog.open()
    return dialog


def open_shares(page: TicketPage) -> None:
    job = current_job(page.detail or {})
    if job is not None:
        # tests find it here
        page.shares_dialog = open_job_shares(  # type: ignore[attr-defined]
            page, page.database, job[0])


def _closed_ticket(detail: Detail, _page: TicketPage | None = None) -> str | None:
    return None  # a reward or penalty may name any ticket, settled or not


def open_proposal(page: TicketPage) -> None:
    from .adjust_dialog import ProposeDialog

    ticket = (page.detail or {}).get("ticket") or {}
    technician = ticket.get("technician_id")
    dialog = ProposeDialog(page.database, ticket_number=str(ticket.get("number") or ""),
                           payee=("employee", int(technician)) if technician else None,
                           parent=page)
    page.propose_dialog = dialog  # type: ignore[attr-defined]  # tests find it here
    dialog.accepted.connect(lambda: page.message.setText(
        tr("The reward or penalty is proposed; it counts once it is approved.")))
    dialog.open()


register_action(TicketAction(
    "commission_propose", QT_TR_NOOP("Reward or penalty..."), "work", 48,
    lines.PROPOSE_CAPABILITIES, _closed_ticket, open_proposal))
register_action(TicketAction(
    "job_shares", QT_TR_NOOP("Shares..."), "work", 47, lines.SHARE_CAPABILITIES,
    shares_blocked, open_shares))
