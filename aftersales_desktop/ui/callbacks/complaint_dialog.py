"""One complaint (投诉): who complained about what, its deadline and owner, the survey
answers that opened it, its events, and the actions its state allows.

Read in one round trip (app.complaint_get). The actions are those the state takes and
the operator may take (domain.complaints.allowed_actions: complaint.handle; callback
staff may add a note); an operator without them sees none. Each action is one call to
app.complaint_act (some ask first: ui/callbacks/complaint_actions.py); the dialog then
reads the complaint again, and every open queue reloads (did_execute "complaints").
A refusal (someone else changed it first, a state that no longer takes the action)
shows in the dialog, which reloads to show what the complaint is now.

The customer's history (tickets, callbacks, complaints, inquiries) opens from here when
the customer history panel is installed (ui/callbacks/customer_history.py).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.complaints import EVENT_KINDS, SEVERITIES
from aftersales_desktop.services.callbacks import complaints
from aftersales_desktop.services.session import OperatorSession

from ..forms import ERROR_STYLE, OK_STYLE
from ..frontdesk.ticket import badge
from ..frontdesk.ticket_sections import EMPTY, RecordTable, value_block
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp
from .complaint_actions import ASKS_NOTHING, ComplaintActionDialog, owner_choices
from .complaint_rows import (
    ESCALATED_TEXT,
    SEVERITY_COLOURS,
    cell_text,
    escalated,
    hours_text,
    overdue,
    phone_text,
    question_text,
    summary_text,
    when,
)

HISTORY_MODULE = "aftersales_desktop.ui.callbacks.customer_history"
# action -> (English label, key)
ACTION_BUTTONS: dict[str, tuple[str, str]] = {
    "assign": (QT_TR_NOOP("Assign owner..."), "Ctrl+G"),
    "start": (QT_TR_NOOP("Start handling"), "Ctrl+T"),
    "pause": (QT_TR_NOOP("Wait for the customer..."), "Ctrl+P"),
    "resume": (QT_TR_NOOP("Resume"), "Ctrl+U"),
    "note": (QT_TR_NOOP("Add note..."), "Ctrl+N"),
    "resolve": (QT_TR_NOOP("Resolve..."), "Ctrl+R"),
    "close": (QT_TR_NOOP("Close..."), "Ctrl+L"),
    "reopen": (QT_TR_NOOP("Reopen..."), "Ctrl+Shift+O"),
}
DONE_TEXT: dict[str, str] = {
    "assign": QT_TR_NOOP("{number}: the owner is {owner}."),
    "start": QT_TR_NOOP("{number}: handling started."),
    "pause": QT_TR_NOOP("{number} waits for the customer; the clock is stopped."),
    "resume": QT_TR_NOOP("{number}: resumed, the clock runs again."),
    "note": QT_TR_NOOP("{number}: the note is added."),
    "resolve": QT_TR_NOOP("{number} is resolved."),
    "close": QT_TR_NOOP("{number} is closed."),
    "reopen": QT_TR_NOOP("{number} is reopened."),
}
BLOCKS: list[tuple[str, list[tuple[str, str]]]] = [
    (QT_TR_NOOP("Complaint"), [("summary", QT_TR_NOOP("Summary", "complaint")),
                               ("details", QT_TR_NOOP("Details")),
                               ("source", QT_TR_NOOP("Source")),
                               ("opened", QT_TR_NOOP("Opened", "complaint"))]),
    (QT_TR_NOOP("Customer and ticket"), [("customer", QT_TR_NOOP("Customer")),
                                         ("phone", QT_TR_NOOP("Phone")),
                                         ("ticket", QT_TR_NOOP("Ticket")),
                                         ("technician", QT_TR_NOOP("Technician"))]),
    (QT_TR_NOOP("Handling"), [("owner", QT_TR_NOOP("Owner")),
                              ("deadline", QT_TR_NOOP("Deadline")),
                              ("hours", QT_TR_NOOP("Open for")),
                              ("escalation", QT_TR_NOOP("Escalation"))]),
    (QT_TR_NOOP("Resolution"), [("resolution", QT_TR_NOOP("Resolution")),
                                ("resolved", QT_TR_NOOP("Resolved")),
                                ("accepted", QT_TR_NOOP("Customer accepted"))]),
]


def history_hook() -> Callable[[QWidget, int], Any] | None:
    """open_customer_history(window, customer_id), when the panel is installed."""
    if importlib.util.find_spec(HISTORY_MODULE) is None:
        return None
    hook = getattr(importlib.import_module(HISTORY_MODULE), "open_customer_history", None)
    return hook if callable(hook) else None


def event_note(event: Mapping[str, Any]) -> str:
    """An event's note, after whom it made the owner (assign, start) and the level it
    escalated to."""
    parts = []
    if event.get("owner"):
        parts.append(tr("Owner: {name}").format(name=event.get("owner_name") or event["owner"]))
    if event.get("kind") == "escalate" and event.get("level"):
        parts.append(tr("Level {level}").format(level=event["level"]))
    if event.get("note"):
        parts.append(str(event["note"]))
    return "  ".join(parts)


class ComplaintDialog(QDialog):
    """A complaint and its actions; non-modal, reloads itself after each action."""

    ticket_requested = Signal(int)
    acted = Signal(str)  # the action done

    def __init__(self, database: Database, session: OperatorSession, complaint_id: int, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaint_dialog")
        self.database = database
        self.session = session
        self.complaint_id = complaint_id
        self.owners: dict[str, str] = {}  # the complaint handlers, once read
        self.found: dict[str, Any] | None = None
        self.loaded_once = False
        self.action_dialog: ComplaintActionDialog | None = None
        self._history = history_hook()
        self._handlers_read = False
        self.setWindowTitle(tr("Complaint"))
        self.resize(900, 640)

        self.title = QLabel()
        self.title.setObjectName("complaint_title")
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badges = QLabel()
        self.badges.setObjectName("complaint_badges")
        self.badges.setTextFormat(Qt.TextFormat.RichText)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.badges)
        head.addStretch(1)

        self.values: dict[str, QLabel] = {}
        blocks = QGridLayout()
        for index, (title, rows) in enumerate(BLOCKS):
            blocks.addWidget(value_block(title, rows, self.values, prefix="complaint_value_"),
                             index // 2, index % 2)
        blocks.setColumnStretch(0, 1)
        blocks.setColumnStretch(1, 1)

        self.survey_box = QGroupBox(tr("Survey answers"))
        self.survey_box.setObjectName("complaint_survey")
        self.survey = RecordTable([QT_TR_NOOP("Question"), QT_TR_NOOP("Score"),
                                   QT_TR_NOOP("Answer", "survey")])
        self.survey.setObjectName("complaint_survey_answers")
        QVBoxLayout(self.survey_box).addWidget(self.survey)
        self.survey_box.hide()
        self.events = RecordTable([QT_TR_NOOP("Time"), QT_TR_NOOP("Event"),
                                   QT_TR_NOOP("By"), QT_TR_NOOP("Note")])
        self.events.setObjectName("complaint_events")
        events_box = QGroupBox(tr("Events"))
        QVBoxLayout(events_box).addWidget(self.events)

        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for action, (label, keys) in ACTION_BUTTONS.items():
            button = QPushButton(tr(label))
            button.setObjectName(f"complaint_{action}")
            button.setShortcut(keys)
            button.setToolTip(keys)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, a=action: self.ask(a))
            button.hide()  # until the complaint says which its state takes
            self.buttons[action] = button
            actions.addWidget(button)
        actions.addStretch(1)
        self.history_button = QPushButton(tr("Customer history..."))
        self.history_button.setObjectName("complaint_history")
        self.history_button.setAutoDefault(False)
        self.history_button.clicked.connect(self.open_history)
        self.history_button.setVisible(self._history is not None)
        self.ticket_button = QPushButton(tr("Open ticket"))
        self.ticket_button.setObjectName("complaint_open_ticket")
        self.ticket_button.setAutoDefault(False)
        self.ticket_button.clicked.connect(self.open_ticket)
        self.ticket_button.hide()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.history_button)
        bottom.addWidget(self.ticket_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        self.message = QLabel()
        self.message.setObjectName("complaint_dialog_message")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(blocks)
        layout.addWidget(self.survey_box)
        layout.addWidget(events_box, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.reload()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        complaint_id = self.complaint_id
        QueryOp(parent=self, database=self.database,
                op=lambda conn: complaints.get(conn, complaint_id),
                success=self._show).failure(self._failed).with_progress().run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self.loaded_once = True
        self.say(error_text(exc), ok=False)

    def complaint(self) -> dict[str, Any]:
        found = (self.found or {}).get("complaint")
        return found if isinstance(found, dict) else {}

    def _show(self, found: dict[str, Any] | None) -> None:
        self.loaded_once = True
        if found is None:
            self.found = None
            self.say(tr("The complaint does not exist, or you may not read it."), ok=False)
            for button in self.buttons.values():
                button.hide()
            return
        self.found = found
        c = self.complaint()
        number = str(c.get("number") or "")
        self.setWindowTitle(tr("Complaint {number}").format(number=number))
        self.title.setText(number)
        severity = str(c.get("severity") or "")
        background, foreground = SEVERITY_COLOURS.get(severity, ("#f0f0f0", "#262626"))
        badges = [badge(tr(SEVERITIES.get(severity, severity)), background,
                        dark_text=foreground != "#ffffff"),
                  badge(cell_text(c, "state"),
                        ESCALATED_TEXT if escalated(c) else "#d46b08" if overdue(c)
                        else "#f0f0f0", dark_text=not (escalated(c) or overdue(c)))]
        self.badges.setText(" ".join(badges))
        for key, text in self.field_texts(c).items():
            self.values[key].setText(text or EMPTY)
        self._show_survey(found.get("survey"))
        self.events.fill([
            (when(e.get("at")), tr(EVENT_KINDS.get(str(e.get("kind")), str(e.get("kind")))),
             str(e.get("by_name") or e.get("by_operator") or ""), event_note(e))
            for e in found.get("events") or []],
            [ESCALATED_TEXT if e.get("kind") == "escalate" else None
             for e in found.get("events") or []])
        allowed = set(complaints.actions_for(str(c.get("state") or ""),
                                             self.session.capabilities))
        for action, button in self.buttons.items():
            button.setVisible(action in allowed)
            button.setEnabled(action in allowed)
        self.ticket_button.setVisible(c.get("ticket_id") is not None)
        focused = self.focusWidget()
        if focused is None or focused.isHidden() or not focused.isEnabled():
            # keys first: Space presses the first action the state takes (Tab the next)
            first = next((b for a, b in self.buttons.items() if a in allowed), None)
            (first or self.close_button).setFocus()

    def field_texts(self, c: Mapping[str, Any]) -> dict[str, str]:
        opened_by = c.get("opened_by_name") or c.get("opened_by") or ""
        accepted = c.get("customer_accepted")
        level = int(c.get("escalation_level") or 0)
        deadline = when(c.get("deadline_at"))
        if c.get("state") == "waiting_customer" and c.get("paused_since"):
            deadline = tr("{deadline} (clock stopped since {since})").format(
                deadline=deadline, since=when(c.get("paused_since")))
        resolved_by = c.get("resolved_by_name") or c.get("resolved_by") or ""
        return {
            "summary": summary_text(dict(c)), "details": str(c.get("details") or ""),
            "source": cell_text(dict(c), "source"),
            "opened": f"{when(c.get('opened_at'))} {opened_by}".strip(),
            "customer": str(c.get("customer_name") or ""),
            "phone": phone_text(c.get("phone"), hidden=self._hidden()),
            "ticket": str(c.get("ticket_number") or ""),
            "technician": str(c.get("technician") or ""),
            "owner": cell_text(dict(c), "owner"), "deadline": deadline,
            "hours": hours_text(c.get("hours_open")),
            "escalation": (tr("Escalated ×{level}, last {at}").format(
                level=level, at=when(c.get("escalated_at"))) if level else tr("No")),
            "resolution": str(c.get("resolution") or ""),
            "resolved": f"{when(c.get('resolved_at'))} {resolved_by}".strip(),
            "accepted": "" if accepted is None else tr("Yes") if accepted else tr("No"),
        }

    def _hidden(self) -> bool:
        parent = self.parentWidget()
        window = parent.window() if parent is not None else None
        return bool(getattr(window, "sensitive_hidden", False))

    def _show_survey(self, survey: Any) -> None:
        answers = survey.get("answers") if isinstance(survey, dict) else None
        if not answers:
            self.survey_box.hide()
            return
        self.survey.fill([
            (question_text(a.get("code"), a.get("label")),
             "" if a.get("score") is None else str(a["score"]), str(a.get("answer") or ""))
            for a in answers],
            [ESCALATED_TEXT if isinstance(a.get("score"), int) and a["score"] <= 2 else None
             for a in answers])
        self.survey_box.show()

    # -- actions ---------------------------------------------------------------------------
    def ask(self, action: str) -> None:
        c = self.complaint()
        if not c or self.buttons[action].isHidden():
            return
        if action in ASKS_NOTHING:
            self.act(action, {})
            return
        if action == "assign" and not self._handlers_read:
            # who may own complaints: read when first asked (one round trip), then kept
            QueryOp(parent=self, database=self.database, op=complaints.handlers,
                    success=lambda found: self._handlers_known(found, action)).failure(
                        lambda _exc: self._handlers_known({}, action)).run_in_background()
            return
        owners = owner_choices(self.owners, self.session.code, self.session.name,
                               c.get("owner"))
        dialog = ComplaintActionDialog(action, str(c.get("number") or ""), owners=owners,
                                       current_owner=c.get("owner") or self.session.code,
                                       parent=self)
        self.action_dialog = dialog
        dialog.accepted.connect(lambda d=dialog: self.act(action, d.values()))
        dialog.finished.connect(lambda _r, d=dialog: self._action_dialog_closed(d))
        dialog.open()

    def _handlers_known(self, found: dict[str, str], action: str) -> None:
        self._handlers_read = True
        if found:
            self.owners = dict(found)  # only they: the server refuses anyone else
        self.ask(action)

    def _action_dialog_closed(self, dialog: QDialog) -> None:
        if self.action_dialog is dialog:
            self.action_dialog = None
        dialog.deleteLater()

    def act(self, action: str, values: dict[str, Any]) -> None:
        c = self.complaint()
        complaint_id, version = int(c["id"]), int(c["version"])
        number = str(c.get("number") or "")

        def done(row: dict[str, Any]) -> None:
            owner = cell_text(row, "owner") if row else values.get("owner", "")
            self.say(tr(DONE_TEXT[action]).format(number=number, owner=owner), ok=True)
            self.acted.emit(action)
            self.reload()

        def refused(exc: BaseException) -> None:
            self.say(error_text(exc), ok=False)
            self.reload()  # show what the complaint is now

        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: complaints.act(conn, complaint_id=complaint_id,
                                                    version=version, action=action,
                                                    **values),
                     changes=Changes.of("complaints") | Changes.record(
                         "complaint", complaint_id),
                     success=done).failure(refused).run_in_background()

    def open_ticket(self) -> None:
        ticket_id = self.complaint().get("ticket_id")
        if ticket_id is not None:
            self.ticket_requested.emit(int(ticket_id))

    def open_history(self) -> None:
        customer_id = self.complaint().get("customer_id")
        if self._history is None or customer_id is None:
            return
        parent = self.parentWidget()
        self._history(parent.window() if parent is not None else self, int(customer_id))

    def say(self, text: str, *, ok: bool | None = None) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("" if ok is None else OK_STYLE if ok else ERROR_STYLE)


def open_complaint(parent: QWidget, database: Database, session: OperatorSession,
                   complaint_id: int) -> ComplaintDialog:
    """Show complaint `complaint_id` (non-modal) over `parent`; the dialog is returned."""
    dialog = ComplaintDialog(database, session, complaint_id, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()  # not modal: the ticket and the customer's history open beside it
    return dialog
