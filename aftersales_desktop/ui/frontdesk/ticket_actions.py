"""What can be done to a ticket, each action in a fixed place on the ticket tab.

The ticket tab builds one button per action once, in the order of this list. An action
the operator may never take (a capability they lack) is not shown at all; one they may
take but not now (the status does not allow it) stays where it is, disabled, and its
tooltip says why. So a button never moves under the cursor when the status changes.

A later module adds its own actions (requisition parts, dispatch, work report) with
`register_action`, in a group of its own or an existing one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.tickets import (
    CLOSED_STATUSES,
    STATUSES,
    transition_capability,
    transition_refusal,
)

from ..i18n import tr

if TYPE_CHECKING:
    from .ticket import TicketPage

Detail = dict[str, Any]

# (key, English title), in the order the groups stand on the tab
GROUPS: list[tuple[str, str]] = [
    ("status", QT_TR_NOOP("Status")),
    ("work", QT_TR_NOOP("Quote, notice, payment")),
    ("print", QT_TR_NOOP("Print")),
]


@dataclass(frozen=True)
class TicketAction:
    """One action. `blocked(detail, page)` is None when it can be done now, else the
    translated reason; `run(page)` does it (usually through a dialog)."""

    key: str  # the button's object name
    label: str  # English (QT_TR_NOOP)
    group: str
    order: int
    capability: str | tuple[str, ...] | None  # a tuple: any one of them
    blocked: Callable[[Detail, TicketPage], str | None]
    run: Callable[[TicketPage], None]


ACTIONS: list[TicketAction] = []


def register_action(action: TicketAction) -> None:
    """Add an action to every ticket tab opened from now on (a module does this once)."""
    if any(a.key == action.key for a in ACTIONS):
        raise ValueError(f"ticket action {action.key} is registered twice")
    ACTIONS.append(action)
    ACTIONS.sort(key=lambda a: ([g for g, _t in GROUPS].index(a.group), a.order))


def actions_for(can: Callable[[str], bool]) -> list[TicketAction]:
    """The actions an operator with these capabilities sees, in their places."""
    def allowed(action: TicketAction) -> bool:
        wanted = action.capability
        if wanted is None:
            return True
        return any(can(c) for c in ((wanted,) if isinstance(wanted, str) else wanted))

    return [a for a in ACTIONS if allowed(a)]


# -- reasons --------------------------------------------------------------------------------

def _ticket(detail: Detail) -> dict[str, Any]:
    return detail["ticket"]


def _closed(detail: Detail, _page: TicketPage) -> str | None:
    t = _ticket(detail)
    if t["status"] in CLOSED_STATUSES:
        return refuse("closed", current=t["status"]).text(tr)
    return None


def _status_blocked(target: str) -> Callable[[Detail, TicketPage], str | None]:
    def blocked(detail: Detail, page: TicketPage) -> str | None:
        t = _ticket(detail)
        # The reason is asked when the button is pressed, and the shop's quote rule is
        # the server's to apply: only what the ticket itself says blocks the button.
        code = transition_refusal(
            t["status"], target, warranty_class=t["warranty_class"],
            quote_state=t.get("quote_state"), quote_required=False,
            rework_free=bool(t.get("rework_free")), settled=bool(t["settled"]),
            may_release_unsettled=page.session.can("settlement.release_unsettled"),
            reason="(asked)")
        if code is None:
            return None
        return refuse(code, current=t["status"], target=target).text(tr)
    return blocked


def _answer_blocked(detail: Detail, page: TicketPage) -> str | None:
    if (closed := _closed(detail, page)) is not None:
        return closed
    if _ticket(detail).get("quote_state") != "pending":
        return tr("No quote is waiting for the customer's answer.")
    return None


def _cancelled(detail: Detail, _page: TicketPage) -> str | None:
    """A cancelled ticket is neither settled nor notified (a picked-up one still may be)."""
    t = _ticket(detail)
    if t["status"] == "cancelled":
        return refuse("closed", current=t["status"]).text(tr)
    return None


def _settle_blocked(detail: Detail, page: TicketPage) -> str | None:
    if (cancelled := _cancelled(detail, page)) is not None:
        return cancelled
    if _ticket(detail)["settled"]:
        return tr("Already settled.")
    return None


def _settlement_print_blocked(detail: Detail, _page: TicketPage) -> str | None:
    from . import printing

    return None if printing.latest_settlement(detail) else tr("Not settled yet.")


def _never(_detail: Detail, _page: TicketPage) -> str | None:
    return None


# -- the built-in actions --------------------------------------------------------------------

STATUS_ACTIONS: dict[str, str] = {
    "in_repair": QT_TR_NOOP("Start repair"), "waiting_parts": QT_TR_NOOP("Waiting for parts"),
    "hard_repair": QT_TR_NOOP("Hard to repair"), "at_factory": QT_TR_NOOP("Returned to factory"),
    "ready": QT_TR_NOOP("Repaired: ready for pickup"),
    "picked_up": QT_TR_NOOP("Hand over to the customer"),
    "cancelled": QT_TR_NOOP("Cancel the ticket"),
}


def _status_run(target: str) -> Callable[[TicketPage], None]:
    return lambda page: page.ask_status(target)


for _order, _target in enumerate(s for s in STATUSES if s in STATUS_ACTIONS):
    register_action(TicketAction(
        f"status_{_target}", STATUS_ACTIONS[_target], "status", _order,
        transition_capability(_target), _status_blocked(_target), _status_run(_target)))

for _action in (
    TicketAction("quote", QT_TR_NOOP("Quote..."), "work", 10, "intake.edit", _closed,
                 lambda page: page.ask_quote()),
    TicketAction("quote_answer", QT_TR_NOOP("Customer's answer..."), "work", 20,
                 "intake.edit", _answer_blocked, lambda page: page.ask_quote_answer()),
    TicketAction("promise", QT_TR_NOOP("Change the promised date..."), "work", 30,
                 "intake.edit", _closed, lambda page: page.ask_promise()),
    TicketAction("notify", QT_TR_NOOP("Notify..."), "work", 40, "notice.send",
                 _cancelled, lambda page: page.ask_notice()),
    TicketAction("settle", QT_TR_NOOP("Settle..."), "work", 50, "settlement.collect",
                 _settle_blocked, lambda page: page.ask_settle()),
    TicketAction("print_intake", QT_TR_NOOP("Reprint receipt"), "print", 10, None, _never,
                 lambda page: page.print_intake()),
    TicketAction("print_settlement", QT_TR_NOOP("Print settlement"), "print", 20, None,
                 _settlement_print_blocked, lambda page: page.print_settlement()),
):
    register_action(_action)
