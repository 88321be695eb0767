"""回访任务: the callback clerk's due list (a board that is a list with groups, UI.md).

The "due now" view groups the tasks to call: 待回拨 (call-backs the customer asked for,
now due), 已超期 (past their due day, oldest first) and 今日到期 (due today); the other
views list upcoming, open, closed or all tasks. The filters (service mode, region,
technician, kind, a search) are the server's (app.callback_due, one round trip); the
counts say how many are in each group.

Keys: Up/Down choose a task, Enter opens the survey (the task, its ticket and work
report, the questions); Ctrl+1 no answer, Ctrl+2 busy, Ctrl+3 wrong number, Ctrl+4 call
back later, Ctrl+5 declined open the attempt dialog with that outcome; Ctrl+O opens the
ticket, F5 reloads, Ctrl+E exports what the filters choose (data.export).

The list reloads after any write here (did_execute "callbacks") and when another client
changes a task (NOTIFY callbacks), half a second later, so a burst costs one reload.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.services.callbacks import settings, tasks
from aftersales_desktop.services.session import OperatorSession

from ..dispatch import board_export
from ..dispatch.page_button import page_button
from ..forms import ERROR_STYLE, OK_STYLE
from ..i18n import tr
from ..messages import error_text
from ..notifications import DatabaseNotifications
from ..operations import Changes, QueryOp, on_did_execute
from . import due_export
from .attempt_dialog import AttemptDialog
from .due_filters import VIEWS, DueFilterBar
from .due_rows import TaskTree

RELOAD_DELAY_MS = 500
CHANNEL = "callbacks"
SHOWS = ("callbacks", "ticket", "tickets", "complaints")
# the attempt keys: (outcome, key, button label)
ATTEMPT_KEYS: list[tuple[str, str, str]] = [
    ("no_answer", "Ctrl+1", QT_TR_NOOP("No answer (Ctrl+1)")),
    ("busy", "Ctrl+2", QT_TR_NOOP("Busy (Ctrl+2)")),
    ("wrong_number", "Ctrl+3", QT_TR_NOOP("Wrong number (Ctrl+3)")),
    ("call_back", "Ctrl+4", QT_TR_NOOP("Call back later (Ctrl+4)")),
    ("refused", "Ctrl+5", QT_TR_NOOP("Declined (Ctrl+5)")),
]


class CallbackDuePage(QWidget):
    """The due list; `open_ticket(ticket_id)` and `complaint_requested(complaint_id)` for
    the main window."""

    open_ticket = Signal(int)
    complaint_requested = Signal(int)

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callback_due")
        self.database = database
        self.session = session
        self.can_record = session.can("callback.record")
        self.answer: dict[str, Any] | None = None
        self.loaded_once = False
        self.phone_hidden = False  # Ctrl+H: the phones masked on screen
        self.attempt_dialog: AttemptDialog | None = None
        self.survey_dialog: QWidget | None = None
        self._loading = False
        self._again = False
        self._choices_read = False

        self.filter_bar = DueFilterBar()
        self.tasks = TaskTree()
        self.count = QLabel()
        self.count.setObjectName("due_count")
        self.message = QLabel()
        self.message.setObjectName("due_message")
        self.message.setWordWrap(True)

        self.survey_button = page_button(self, "due_survey", tr("Survey... (Enter)"), "",
                                         self.open_survey)
        self.attempt_buttons: dict[str, QPushButton] = {}
        for outcome, keys, label in ATTEMPT_KEYS:
            button = page_button(self, f"due_{outcome}", tr(label), keys,
                                 partial(self.log_attempt, outcome))
            button.setVisible(self.can_record)
            self.attempt_buttons[outcome] = button
        self.ticket_button = page_button(self, "due_ticket", tr("Open ticket (Ctrl+O)"),
                                         "Ctrl+O", self.open_selected_ticket)
        self.refresh_button = page_button(self, "due_refresh", tr("Refresh (F5)"), "F5",
                                          self.refresh)
        self.export_button = page_button(self, "due_export", tr("Export to Excel (Ctrl+E)"),
                                         "Ctrl+E", self.export_to_excel)
        self.export_button.setVisible(session.can("data.export"))

        buttons = QHBoxLayout()
        for button in (self.survey_button, *self.attempt_buttons.values(),
                       self.ticket_button, self.refresh_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # the counts on a line of their own: beside a wrapping message they were cut
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.tasks, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.count)
        layout.addWidget(self.message)

        self._reload = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload.timeout.connect(self.refresh)
        self.filter_bar.changed.connect(self.refresh)
        self.tasks.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.tasks.enter_pressed.connect(self.open_survey)
        self.tasks.itemDoubleClicked.connect(lambda *_a: self.open_survey())
        self.events = DatabaseNotifications(database, CHANNEL, parent=self)
        self.events.notified.connect(self._reload.start)
        on_did_execute(self, self._operation_did_execute)
        self._update_buttons()
        self.refresh()

    # -- loading ---------------------------------------------------------------------------
    def filters(self) -> tasks.DueFilters:
        return self.filter_bar.values()

    def _operation_did_execute(self, changes: Changes, _origin: object) -> None:
        if changes.touches(SHOWS):
            self._reload.start()

    def refresh(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        wanted = self.filters()
        with_choices = not self._choices_read

        def read(conn: Any) -> dict[str, Any]:
            answer = tasks.due(conn, wanted)
            if with_choices:
                answer["filter_choices"] = settings.filter_choices(conn)
            return answer

        QueryOp(parent=self, database=self.database, op=read, success=self._show).failure(
            self._failed).run_in_background()

    def load(self, _key: object = None) -> None:
        """main_window.open_record: the list has no record of its own; it reloads."""
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.say(error_text(exc), ok=False)
        if self._again:
            self._again = False
            self._reload.start()

    def today(self) -> date:
        found = (self.answer or {}).get("today")
        return date.fromisoformat(str(found)) if found else shop_time.today()

    def _show(self, answer: dict[str, Any]) -> None:
        self._loading = False
        if "filter_choices" in answer:
            self._choices_read = True
            self.filter_bar.fill_choices(answer.pop("filter_choices"))
        self.answer = answer
        self._render()
        self.loaded_once = True
        if self._again:
            self._again = False
            self.refresh()

    def _render(self) -> None:
        """The last answer on screen, the chosen task kept (or the one now at its place)."""
        answer = self.answer or {}
        keep = self.tasks.current_task_id()
        listed = self.tasks.task_ids()
        position = listed.index(keep) if keep in listed else 0
        self.tasks.fill(list(answer.get("rows") or []),
                        view=str(self.filter_bar.view.currentData()),
                        view_label=self.filter_bar.view.currentText(), today=self.today(),
                        phone_hidden=self.phone_hidden)
        if not self.tasks.select_task(keep):
            self.tasks.select_near(position)
        self._show_counts(answer, dict(answer.get("counts") or {}))
        self._update_buttons()

    def _show_counts(self, answer: dict[str, Any], counts: dict[str, Any]) -> None:
        numbers = {k: int(counts.get(k) or 0)
                   for k in ("due", "call_back", "overdue", "today", "upcoming")}
        text = tr("Due now {due}, of which call-backs {call_back}, overdue {overdue}, due "
                  "today {today}; upcoming {upcoming}").format(**numbers)
        shown, total = len(answer.get("rows") or []), int(answer.get("total") or 0)
        if total > shown:
            text += " " + tr("(the first {shown} of {total} shown: narrow the filters)").format(
                shown=shown, total=total)
        self.count.setText(text)

    def set_sensitive_hidden(self, hidden: bool) -> None:
        """The main window's Ctrl+H: phones show masked (138****5678) while hidden."""
        if hidden == self.phone_hidden:
            return
        self.phone_hidden = hidden
        if self.answer is not None:
            self._render()

    def counts(self) -> dict[str, int]:
        return {k: int(v or 0) for k, v in ((self.answer or {}).get("counts") or {}).items()}

    def set_view(self, view: str) -> None:
        """Show another view ("due", "upcoming", "open", "closed", "all")."""
        assert view in dict(VIEWS)
        self.filter_bar.set_view(view)

    # -- the chosen task -------------------------------------------------------------------
    def selected_task(self) -> dict[str, Any] | None:
        return self.tasks.current_task()

    def _update_buttons(self) -> None:
        task = self.selected_task()
        open_task = task is not None and task.get("state") in ("pending", "in_progress")
        self.survey_button.setEnabled(task is not None)
        for button in self.attempt_buttons.values():
            button.setEnabled(open_task and self.can_record)
        self.ticket_button.setEnabled(bool(task and task.get("ticket_id")))

    def log_attempt(self, outcome: str) -> AttemptDialog | None:
        task = self.selected_task()
        if task is None or not self.can_record:
            return None
        if task.get("state") not in ("pending", "in_progress"):
            self.say(tr("The task is closed."), ok=False)
            return None
        dialog = AttemptDialog(self.database, task, outcome, parent=self)
        self.attempt_dialog = dialog
        dialog.logged.connect(self._attempt_logged)
        dialog.finished.connect(lambda *_a, d=dialog: self._dialog_closed(d))
        dialog.open()
        return dialog

    def _attempt_logged(self, task: dict[str, Any]) -> None:
        state = str(task.get("state") or "")
        who = task.get("customer_name") or ""
        if state == "unreachable":
            self.say(tr("{customer}: unreachable, the task is closed.").format(customer=who),
                     ok=True)
        elif state == "done":
            self.say(tr("{customer} declined the survey; the task is closed.").format(
                customer=who), ok=True)
        elif task.get("call_back_at"):
            self.say(tr("{customer}: call back at {time}.").format(
                customer=who, time=shop_time.format_datetime(task["call_back_at"])), ok=True)
        else:
            self.say(tr("{customer}: attempt {attempts} logged.").format(
                customer=who, attempts=task.get("attempts") or 0), ok=True)

    def open_survey(self) -> QWidget | None:
        from .survey_dialog import SurveyDialog

        task = self.selected_task()
        if task is None:
            return None
        dialog = SurveyDialog(self.database, self.session, int(task["id"]), parent=self)
        self.survey_dialog = dialog
        dialog.complaint_requested.connect(self.complaint_requested)
        dialog.recorded.connect(self._survey_recorded)
        dialog.finished.connect(lambda *_a, d=dialog: self._dialog_closed(d))
        dialog.open()
        return dialog

    def _survey_recorded(self, answer: dict[str, Any]) -> None:
        number = answer.get("complaint_number")
        task = answer.get("task") or {}
        who = task.get("customer_name") or ""
        if number:
            self.say(tr("Survey of {customer} recorded; complaint {number} was opened.").format(
                customer=who, number=number), ok=True)
        else:
            self.say(tr("Survey of {customer} recorded.").format(customer=who), ok=True)

    def _dialog_closed(self, dialog: QWidget) -> None:
        if self.attempt_dialog is dialog:
            self.attempt_dialog = None
        if self.survey_dialog is dialog:
            self.survey_dialog = None
        dialog.deleteLater()
        self.window().activateWindow()  # the keys come back to the list
        self.tasks.setFocus()

    def open_selected_ticket(self) -> None:
        task = self.selected_task()
        if task is not None and task.get("ticket_id"):
            self.open_ticket.emit(int(task["ticket_id"]))

    def export_to_excel(self, path: Path | None = None) -> bool:
        """The tasks the view and filters choose, to a workbook (asks where unless `path`
        is given); False when nothing was started."""
        if self.export_button.isHidden():
            return False
        target = path or board_export.ask_path(self, title=due_export.TITLE)
        if target is None:
            return False
        self.say(tr("Exporting…"))
        QueryOp(parent=self, database=self.database,
                op=due_export.export_work(target, self.filters()),
                success=lambda count: self.say(tr("{count} tasks exported to {path}.").format(
                    count=count, path=target), ok=True)).failure(
                        lambda exc: self.say(error_text(exc), ok=False)).with_progress(
                            ).run_in_background()
        return True

    def say(self, text: str, *, ok: bool | None = None) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("" if ok is None else OK_STYLE if ok else ERROR_STYLE)
        self.message.setToolTip(text)
