"""The survey (回访) of one callback task: what was done (the task, its ticket and work
report) at the top, a 1-5 row per score question (the digit keys choose and move on),
the text questions, the customer's usage (使用情况), suggestion (建议) and notes, and the
task's history (calls, earlier surveys, corrections) at the bottom.

Everything is read in one call (app.survey_get) and saved in one (app.survey_record, or
app.survey_amend for a survey not frozen yet). The database decides who may: the job's
own technician is refused (survey_own_job) and the message shows here. A frozen survey
(survey_freeze_hours after it was recorded) shows read-only; 更正 (Correct) makes a
correction, a new survey that replaces it.

A score at or below the shop's threshold opens a complaint in the same transaction:
after the save the dialog says its number and offers to open it
(`complaint_requested(complaint_id)`: the main window's open_complaint). A complaint can
also be opened by hand (ui/callbacks/complaint_open_dialog.py, when installed).
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.domain.callbacks import OPEN_STATES
from aftersales_desktop.services.callbacks import tasks
from aftersales_desktop.services.session import OperatorSession

from ..forms import ERROR_STYLE, OK_STYLE
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp
from .fields import limited
from .survey_parts import HistoryTable, ScoreRow, plain_label, question_text, summary_text

OPEN_COMPLAINT_MODULE = "aftersales_desktop.ui.callbacks.complaint_open_dialog"


def current_survey(surveys: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The survey no other survey corrects (the newest such, to be safe)."""
    current = [s for s in surveys if not s.get("corrected")]
    return current[-1] if current else None


class SurveyDialog(QDialog):
    recorded = Signal(object)  # the answer of survey_record / survey_amend
    complaint_requested = Signal(int)

    def __init__(self, database: Database, session: OperatorSession, task_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("survey_dialog")
        self.database = database
        self.session = session
        self.task_id = task_id
        self.data: dict[str, Any] | None = None
        self.mode = "loading"  # new | amend | correct | read
        self.complaint: tuple[int, str] | None = None
        self.score_rows: dict[int, ScoreRow] = {}
        self.text_answers: dict[int, QLineEdit] = {}
        self._saving = False
        self.setWindowTitle(tr("Survey"))
        self.resize(820, 720)

        self.summary = plain_label("")
        self.summary.setObjectName("survey_summary")
        self.state_label = QLabel()
        self.state_label.setObjectName("survey_state")
        self.state_label.setWordWrap(True)
        self.questions_box = QGroupBox(tr("Scores (type 1-5)"))
        self.questions_form = QFormLayout(self.questions_box)
        self.usage = limited(QLineEdit(), "survey", "usage", 500)
        self.usage.setObjectName("survey_usage")
        self.suggestion = limited(QLineEdit(), "survey", "suggestion", 500)
        self.suggestion.setObjectName("survey_suggestion")
        self.notes = limited(QPlainTextEdit(), "survey", "notes", 1000)
        self.notes.setObjectName("survey_notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)
        others = QFormLayout()
        others.addRow(tr("Usage"), self.usage)
        others.addRow(tr("Suggestion"), self.suggestion)
        others.addRow(tr("Notes"), self.notes)
        self.history = HistoryTable()
        self.history.setMinimumHeight(110)
        self.message = QLabel()
        self.message.setObjectName("survey_message")
        self.message.setWordWrap(True)

        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.save_button.setObjectName("survey_save")
        self.save_button.clicked.connect(self.save)
        self.correct_button = QPushButton(tr("Correct..."))
        self.correct_button.setObjectName("survey_correct")
        self.correct_button.clicked.connect(self.start_correction)
        self.complaint_button = QPushButton()
        self.complaint_button.setObjectName("survey_open_complaint")
        self.complaint_button.clicked.connect(self.open_complaint)
        self.new_complaint_button = QPushButton(tr("Open a complaint..."))
        self.new_complaint_button.setObjectName("survey_new_complaint")
        self.new_complaint_button.clicked.connect(self.new_complaint)
        self.close_button = QPushButton(tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.correct_button, self.complaint_button,
                       self.new_complaint_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.summary)
        column.addWidget(self.state_label)
        column.addWidget(self.questions_box)
        column.addLayout(others)
        column.addWidget(QLabel(tr("History", "of a callback task")))
        column.addWidget(self.history)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys go to the score rows
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        save_key = QShortcut(QKeySequence.StandardKey.Save, self)
        save_key.activated.connect(self._save_key)
        for button in (self.save_button, self.correct_button, self.complaint_button,
                       self.new_complaint_button):
            button.setAutoDefault(False)
            button.hide()
        self.load()

    # -- loading ---------------------------------------------------------------------------
    def load(self) -> None:
        task_id = self.task_id
        QueryOp(parent=self, database=self.database,
                op=lambda conn: tasks.survey_get(conn, task_id),
                success=self._show).failure(self._failed).with_progress().run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.say(error_text(exc), ok=False)

    def say(self, text: str, *, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def _show(self, data: dict[str, Any]) -> None:
        self.data = data
        task = dict(data.get("task") or {})
        self.setWindowTitle(tr("Survey: {customer} {number}").format(
            customer=task.get("customer_name") or "",
            number=task.get("ticket_number") or task.get("dealer") or ""))
        self.summary.setText(summary_text(task, data.get("ticket")))
        self._build_questions(list(data.get("questions") or []))
        surveys = list(data.get("surveys") or [])
        questions = {int(q["id"]): q for q in data.get("questions") or []}
        self.history.show_history(list(data.get("attempts") or []), surveys, questions)
        current = current_survey(surveys)
        if current is not None:
            self._fill(current)
            if current.get("complaint_id") and self.complaint is None:
                self._show_complaint(int(current["complaint_id"]),
                                     str(current.get("complaint_number") or ""))
        can_record = self.session.can("callback.record")
        if current is None:
            self.mode = "new" if task.get("state") in OPEN_STATES and can_record else "read"
        elif not current.get("frozen") and (
                current.get("recorded_by") == self.session.code
                or self.session.can("complaint.handle")):
            self.mode = "amend"
        else:
            self.mode = "read"
        self._apply_mode()

    def _build_questions(self, questions: list[dict[str, Any]]) -> None:
        while self.questions_form.rowCount():
            self.questions_form.removeRow(0)
        self.score_rows.clear()
        self.text_answers.clear()
        for question in questions:
            label = question_text(question)
            if question.get("kind") == "score":
                row = ScoreRow(question)
                self.score_rows[int(question["id"])] = row
                self.questions_form.addRow(label + " *", row)
            else:
                edit = limited(QLineEdit(), "survey_answer", "answer", 500)
                edit.setObjectName(f"answer_{question['id']}")
                self.text_answers[int(question["id"])] = edit
                self.questions_form.addRow(label, edit)

    def _fill(self, survey: dict[str, Any]) -> None:
        for answer in survey.get("answers") or []:
            question_id = int(answer.get("question_id") or 0)
            if question_id in self.score_rows:
                self.score_rows[question_id].set_score(answer.get("score"))
            elif question_id in self.text_answers:
                self.text_answers[question_id].setText(str(answer.get("answer") or ""))
        self.usage.setText(str(survey.get("usage") or ""))
        self.suggestion.setText(str(survey.get("suggestion") or ""))
        self.notes.setPlainText(str(survey.get("notes") or ""))

    def current(self) -> dict[str, Any] | None:
        return current_survey(list((self.data or {}).get("surveys") or []))

    def _apply_mode(self) -> None:
        editable = self.mode in ("new", "amend", "correct")
        for row in self.score_rows.values():
            row.set_read_only(not editable)
        for edit in (*self.text_answers.values(), self.usage, self.suggestion):
            edit.setReadOnly(not editable)
        self.notes.setReadOnly(not editable)
        current = self.current()
        task = (self.data or {}).get("task") or {}
        self.save_button.setVisible(editable)
        self.correct_button.setVisible(self.mode == "read" and current is not None
                                       and self.session.can("callback.record"))
        self.new_complaint_button.setVisible(
            importlib.util.find_spec(OPEN_COMPLAINT_MODULE) is not None
            and self.session.can("callback.record") and self.complaint is None)
        self.complaint_button.setVisible(self.complaint is not None)
        texts = {
            "new": tr("Record the customer's answers."),
            "amend": tr("Recorded; it can still be changed until {time}.").format(
                time=_time(current.get("frozen_at")) if current else ""),
            "correct": tr("Correcting the survey: saving records a correction that "
                          "replaces it."),
            "read": (tr("The survey is frozen; Correct makes a correction.")
                     if current is not None and current.get("frozen") else
                     tr("Recorded by {who}.").format(who=current.get("recorded_by_name")
                                                     or current.get("recorded_by") or "")
                     if current is not None else
                     tr("The task is closed ({state}); it has no survey.").format(
                         state=task.get("state") or "")),
        }
        self.state_label.setText(texts.get(self.mode, ""))
        if editable:
            first = next(iter(self.score_rows.values()), None)
            (first or self.usage).setFocus()

    def start_correction(self) -> None:
        if self.current() is None:
            return
        self.mode = "correct"
        self._apply_mode()

    # -- saving ----------------------------------------------------------------------------
    def _save_key(self) -> None:
        if self.save_button.isVisible() and self.save_button.isEnabled():
            self.save()

    def answers(self) -> list[tasks.Answer]:
        found = [tasks.Answer(question_id, score=row.score())
                 for question_id, row in self.score_rows.items() if row.score() is not None]
        found += [tasks.Answer(question_id, answer=edit.text())
                  for question_id, edit in self.text_answers.items() if edit.text().strip()]
        return found

    def missing_scores(self) -> list[int]:
        return [q for q, row in self.score_rows.items() if row.score() is None]

    def save(self) -> None:
        if self._saving or self.mode not in ("new", "amend", "correct") or self.data is None:
            return
        missing = self.missing_scores()
        if missing:
            for question_id in missing:
                self.score_rows[question_id].mark_missing()
            self.score_rows[missing[0]].setFocus()
            self.say(tr("Give every score question a score from 1 to 5."), ok=False)
            return
        task = dict(self.data.get("task") or {})
        answers, usage = self.answers(), self.usage.text()
        suggestion, notes = self.suggestion.text(), self.notes.toPlainText()
        current = self.current()
        mode = self.mode

        def work(conn: Any) -> dict[str, Any]:
            if mode == "amend" and current is not None:
                return tasks.survey_amend(conn, survey_id=int(current["id"]), answers=answers,
                                          usage=usage, suggestion=suggestion, notes=notes)
            return tasks.survey_record(
                conn, task_id=int(task["id"]), version=int(task.get("version") or 0),
                answers=answers, usage=usage, suggestion=suggestion, notes=notes,
                corrects_id=int(current["id"]) if mode == "correct" and current else None)

        self._saving = True
        self.say(tr("Saving…"), ok=True)
        CollectionOp(parent=self, database=self.database, op=work, atomic=False,
                     changes=Changes.of("callbacks", "complaints"),
                     success=self._saved).failure(self._failed).run_in_background()

    def _saved(self, answer: dict[str, Any]) -> None:
        self._saving = False
        self.recorded.emit(answer)
        if answer.get("complaint_id"):
            number = str(answer.get("complaint_number") or "")
            self._show_complaint(int(answer["complaint_id"]), number)
            self.say(tr("Saved. Complaint {number} was opened automatically for the low "
                        "score.").format(number=number), ok=True)
            self.load()  # the survey as recorded, with the complaint in its history
            self.complaint_button.setFocus()
            return
        self.accept()

    # -- complaints ------------------------------------------------------------------------
    def open_complaint(self) -> None:
        if self.complaint is not None:
            self.complaint_requested.emit(self.complaint[0])

    def new_complaint(self) -> QWidget | None:
        """The complaint dialog of cb-ui-complaints, prefilled with the customer, ticket,
        technician and task."""
        if importlib.util.find_spec(OPEN_COMPLAINT_MODULE) is None or self.data is None:
            return None
        module = importlib.import_module(OPEN_COMPLAINT_MODULE)
        task = dict(self.data.get("task") or {})
        dialog: QWidget = module.open_complaint_dialog(
            self, self.database, self.session, customer_id=int(task["customer_id"]),
            ticket_id=task.get("ticket_id"), technician_id=task.get("technician_id"),
            task_id=int(task["id"]), source="callback",
            customer_name=str(task.get("customer_name") or ""),
            ticket_number=str(task.get("ticket_number") or ""))
        opened = getattr(dialog, "opened", None)
        if opened is not None:
            opened.connect(self._complaint_opened)
        return dialog

    def _show_complaint(self, complaint_id: int, number: str) -> None:
        self.complaint = (complaint_id, number)
        self.complaint_button.setText(tr("Open complaint {number}").format(number=number)
                                      if number else tr("Open the complaint"))
        self.complaint_button.setVisible(True)
        self.new_complaint_button.setVisible(False)  # one complaint per survey

    def _complaint_opened(self, complaint_id: int, number: str) -> None:
        self._show_complaint(int(complaint_id), str(number))
        self.say(tr("Complaint {number} was opened.").format(number=number), ok=True)
        self._apply_mode()

    def keyPressEvent(self, event: Any) -> None:
        # Enter in a field does not close the dialog (Ctrl+S saves)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)


def _time(value: Any) -> str:
    from aftersales_desktop.core import shop_time

    return shop_time.format_datetime(value) if value else ""
