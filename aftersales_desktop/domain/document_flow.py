"""A document's states and the transitions between them (pure).

draft -> posted -> cancelled for stock documents, draft -> confirmed -> settled for
commission statements, open -> frozen for requisitions. The editor shows the transitions
an operator may start from the current state; the database decides whether they happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from aftersales_desktop.core.errors import PermissionDenied, Refused
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.capabilities import CAPABILITY_LABELS
from aftersales_desktop.domain.refusals import refuse


@dataclass(frozen=True)
class DocumentState:
    code: str
    label: str  # English source for the badge
    editable: bool = False
    amendable: bool = False  # may change with the spec's edit_posted capability


@dataclass(frozen=True)
class Transition:
    action: str  # the name of the module's callable in DocumentServices.transitions
    label: str
    sources: tuple[str, ...]
    target: str
    capability: str | None = None
    question: str | None = None  # asked once before the call
    shortcut: str = ""
    sends_lines: bool = True  # post sends the whole document; cancel only its id/version


class TransitionRefused(Refused):
    """The action is not one the document's state allows (refusal document_state)."""


class EditMode(Enum):
    EDIT = "edit"
    AMEND = "amend"  # read-only until "Change"; the save replaces the posted document
    READ_ONLY = "read_only"


@dataclass(frozen=True)
class DocumentFlow:
    states: tuple[DocumentState, ...]
    transitions: tuple[Transition, ...]
    initial: str = "draft"

    def state(self, code: str) -> DocumentState:
        for state in self.states:
            if state.code == code:
                return state
        raise KeyError(code)

    def available(self, state: str, capabilities: frozenset[str]) -> tuple[Transition, ...]:
        """The transitions an operator holding `capabilities` may start from `state`."""
        return tuple(t for t in self.transitions if state in t.sources
                     and (t.capability is None or t.capability in capabilities))

    def check(self, action: str, state: str, capabilities: frozenset[str]) -> Transition:
        """The transition `action` from `state`, or the refusal the operator reads."""
        label = self.state(state).label
        for transition in self.transitions:
            if transition.action == action and state in transition.sources:
                if transition.capability and transition.capability not in capabilities:
                    raise PermissionDenied(action=CAPABILITY_LABELS.get(
                        transition.capability, transition.capability))
                return transition
        raise refuse("document_state", error_class=TransitionRefused, state=label)


DRAFT = DocumentState("draft", QT_TR_NOOP("Draft"), editable=True)
POSTED = DocumentState("posted", QT_TR_NOOP("Posted"), amendable=True)
CANCELLED = DocumentState("cancelled", QT_TR_NOOP("Cancelled", "document state"))


def posting_flow(*, post_capability: str | None,
                 cancel_capability: str | None = None) -> DocumentFlow:
    """Stock documents: draft -> posted -> cancelled (cancelling posts a reversal today)."""
    return DocumentFlow(states=(DRAFT, POSTED, CANCELLED), transitions=(
        Transition("post", QT_TR_NOOP("Post"), ("draft",), "posted", post_capability,
                   QT_TR_NOOP("Post this document now? Stock moves at once; afterwards the "
                              "document can only be cancelled by a reversal."),
                   shortcut="F9"),
        Transition("cancel", QT_TR_NOOP("Cancel document"), ("posted",), "cancelled",
                   cancel_capability or post_capability,
                   QT_TR_NOOP("Cancel this document? A reversing document dated today is "
                              "posted; the original stays as it is."), sends_lines=False),
    ))


def settlement_flow(*, confirm_capability: str | None,
                    settle_capability: str | None) -> DocumentFlow:
    """Commission statements: draft -> confirmed -> settled; a settled month is locked."""
    return DocumentFlow(
        states=(DRAFT, DocumentState("confirmed", QT_TR_NOOP("Confirmed")),
                DocumentState("settled", QT_TR_NOOP("Settled"))),
        transitions=(
            Transition("confirm", QT_TR_NOOP("Confirm"), ("draft",), "confirmed",
                       confirm_capability, QT_TR_NOOP("Confirm this statement?"),
                       shortcut="F9"),
            Transition("reopen", QT_TR_NOOP("Reopen"), ("confirmed",), "draft",
                       confirm_capability, sends_lines=False),
            Transition("settle", QT_TR_NOOP("Settle"), ("confirmed",), "settled",
                       settle_capability, QT_TR_NOOP("Settle this statement? A settled month "
                                                     "can no longer change."),
                       sends_lines=False),
        ))


def live_flow() -> DocumentFlow:
    """Requisitions: every save moves stock; frozen once the ticket is settled."""
    return DocumentFlow(initial="open", transitions=(), states=(
        DocumentState("open", QT_TR_NOOP("Open", "a requisition still taking changes"),
                      editable=True),
        DocumentState("frozen", QT_TR_NOOP("Frozen"))))
