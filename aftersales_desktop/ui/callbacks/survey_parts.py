"""The parts of the survey dialog: a score row (1-5, a radio group, typed with the digit
keys), the summary of the task, its ticket and work report, and the history (calls,
earlier surveys, corrections).

They show what app.survey_get answered (services/callbacks/tasks.py), read with `.get`,
and say what the operator chose; the dialog (survey_dialog.py) decides what to save.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.audit_labels import SERVICE_MODES
from aftersales_desktop.domain.callbacks import (
    OUTCOMES,
    QUESTION_LABELS,
    SCORE_MAX,
    SCORE_MIN,
    TASK_KINDS,
    TASK_STATES,
)
from aftersales_desktop.domain.dispatch import RESULTS
from aftersales_desktop.domain.masking import group_phone

from ..i18n import tr

# what a score means, as the clerk reads it to the customer
SCORE_WORDS: dict[int, str] = {
    1: QT_TR_NOOP("1 very dissatisfied"),
    2: QT_TR_NOOP("2 dissatisfied"),
    3: QT_TR_NOOP("3 acceptable"),
    4: QT_TR_NOOP("4 satisfied"),
    5: QT_TR_NOOP("5 very satisfied"),
}
ROW_STYLE = ("QFrame#score_row { border: 1px solid transparent; }"
             "QFrame#score_row:focus { border: 1px solid #1677ff; background: #e6f4ff; }")
MISSING_STYLE = "QFrame#score_row { border: 1px solid #cf1322; }"
HISTORY_COLUMNS = [QT_TR_NOOP("When"), QT_TR_NOOP("What"), QT_TR_NOOP("By"),
                   QT_TR_NOOP("Detail")]


def question_text(question: Mapping[str, Any]) -> str:
    """A question's label as shown: a seeded one whose label is still the seeded English
    translated (by its code), one the shop typed or renamed as it stands."""
    code, label = str(question.get("code") or ""), str(question.get("label") or "")
    seeded = QUESTION_LABELS.get(code)
    return tr(seeded) if seeded is not None and label == seeded else label


class ScoreRow(QFrame):
    """One score question: five radio buttons; 1-5 on the keyboard chooses and moves on
    to the next field, Left/Right step."""

    changed = Signal()

    def __init__(self, question: Mapping[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("score_row")
        self.question_id = int(question["id"])
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(ROW_STYLE)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 1, 4, 1)
        low, high = SCORE_MIN, SCORE_MAX
        for score in range(low, high + 1):
            button = QRadioButton(tr(SCORE_WORDS[score]))
            button.setObjectName(f"score_{self.question_id}_{score}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the row takes the keys
            self.group.addButton(button, score)
            row.addWidget(button)
        row.addStretch(1)
        self.group.idToggled.connect(self._toggled)

    def _toggled(self, _score: int, on: bool) -> None:
        if on:
            self.setStyleSheet(ROW_STYLE)
            self.changed.emit()

    def score(self) -> int | None:
        chosen = self.group.checkedId()
        return chosen if chosen > 0 else None

    def set_score(self, score: int | None) -> None:
        if score is None:
            self.group.setExclusive(False)
            for button in self.group.buttons():
                button.setChecked(False)
            self.group.setExclusive(True)
            return
        button = self.group.button(int(score))
        if button is not None:
            button.setChecked(True)

    def set_read_only(self, read_only: bool) -> None:
        for button in self.group.buttons():
            button.setEnabled(not read_only)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus if read_only else Qt.FocusPolicy.StrongFocus)

    def mark_missing(self) -> None:
        self.setStyleSheet(ROW_STYLE + MISSING_STYLE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        low, high = SCORE_MIN, SCORE_MAX
        text = event.text()
        if text.isdigit() and low <= int(text) <= high and self.group.button(int(text)) \
                and self.group.button(int(text)).isEnabled():
            self.set_score(int(text))
            self.focusNextChild()
            return
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.isEnabled():
            step = -1 if event.key() == Qt.Key.Key_Left else 1
            current = self.score() or (high + 1 if step < 0 else low - 1)
            self.set_score(max(low, min(high, current + step)))
            return
        super().keyPressEvent(event)


def _day(value: Any) -> str:
    return str(value or "")[:10]


def _when(value: Any) -> str:
    return shop_time.format_datetime(value) if value else ""


def summary_text(task: Mapping[str, Any], ticket: Mapping[str, Any] | None) -> str:
    """The top of the dialog: who is called about what, and what the work was (rich
    text, every value escaped)."""
    from html import escape

    def line(label: str, *values: Any) -> str:
        shown = " ".join(str(v) for v in values if v not in (None, ""))
        return f"<b>{escape(label)}</b> {escape(shown)}" if shown else ""

    kind, state = str(task.get("kind") or ""), str(task.get("state") or "")
    mode = str(task.get("service_mode") or "")
    lines = [
        line(tr("Customer"), task.get("customer_name"), group_phone(task.get("phone")),
             task.get("address")),
        line(tr("Callback"), tr(TASK_KINDS.get(kind, kind)) if kind else "",
             tr("round {round}").format(round=task.get("round") or 1),
             tr(TASK_STATES.get(state, state)) if state else "",
             tr("due {day}").format(day=_day(task.get("due_on"))),
             tr("until {day}").format(day=_day(task.get("expires_on"))),
             tr("{count} calls").format(count=task.get("attempts") or 0)),
    ]
    if task.get("dealer"):
        lines.append(line(tr("Dealer"), task.get("dealer"), task.get("product")))
    if ticket:
        result = str(ticket.get("result") or "")
        work = ticket.get("work_types") or ""
        if isinstance(work, list):
            work = "、".join(str(w.get("name") if isinstance(w, Mapping) else w)
                            for w in work)
        lines += [
            line(tr("Ticket"), ticket.get("number"),
                 tr(SERVICE_MODES.get(mode, mode)) if mode else "", ticket.get("product"),
                 tr("received {day}").format(day=_day(ticket.get("received_on"))),
                 tr("finished {day}").format(day=_day(ticket.get("finished_on")))
                 if ticket.get("finished_on") else ""),
            line(tr("Fault"), ticket.get("fault")),
            line(tr("Work done"), ticket.get("technician") or task.get("technician"), work,
                 tr(RESULTS.get(result, result)) if result else "",
                 ticket.get("fault_cause"), ticket.get("action"),
                 tr("{hours} h").format(hours=ticket["hours"])
                 if ticket.get("hours") not in (None, "") else ""),
        ]
    elif task.get("technician"):
        lines.append(line(tr("Technician"), task.get("technician")))
    return "<br>".join(text for text in lines if text)


def scores_text(answers: Sequence[Mapping[str, Any]],
                questions: Mapping[int, Mapping[str, Any]]) -> str:
    """服务态度 5, 及时性 4, ...: a survey's answers in a line."""
    parts = []
    for answer in answers:
        question = questions.get(int(answer.get("question_id") or 0), {})
        label = question_text(question) if question else f"#{answer.get('question_id')}"
        value = answer.get("score") if answer.get("score") is not None else answer.get("answer")
        if value not in (None, ""):
            parts.append(f"{label} {value}")
    return ", ".join(parts)


class HistoryTable(QTableWidget):
    """The task's calls and surveys, oldest first."""

    def __init__(self) -> None:
        super().__init__(0, len(HISTORY_COLUMNS))
        self.setObjectName("survey_history")
        self.setHorizontalHeaderLabels([tr(c) for c in HISTORY_COLUMNS])
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.horizontalHeader().setStretchLastSection(True)
        self.setWordWrap(False)

    def show_history(self, attempts: Sequence[Mapping[str, Any]],
                     surveys: Sequence[Mapping[str, Any]],
                     questions: Mapping[int, Mapping[str, Any]]) -> None:
        rows: list[tuple[str, str, str, str]] = []
        for attempt in attempts:
            outcome = str(attempt.get("outcome") or "")
            detail = str(attempt.get("note") or "")
            if attempt.get("call_back_at"):
                detail = (tr("call back at {time}").format(time=_when(attempt["call_back_at"]))
                          + (f"; {detail}" if detail else ""))
            rows.append((str(attempt.get("at") or ""), tr(OUTCOMES.get(outcome, outcome)),
                         str(attempt.get("by_name") or attempt.get("by_operator") or ""),
                         detail))
        for survey in surveys:
            what = (tr("Correction of survey {id}").format(id=survey["corrects_id"])
                    if survey.get("corrects_id") else tr("Survey {id}").format(id=survey["id"]))
            flags = []
            if survey.get("corrected"):
                flags.append(tr("corrected"))
            if survey.get("frozen"):
                flags.append(tr("frozen"))
            else:
                flags.append(tr("can be changed until {time}").format(
                    time=_when(survey.get("frozen_at"))))
            if survey.get("complaint_number") or survey.get("complaint_id"):
                flags.append(tr("complaint {number}").format(
                    number=survey.get("complaint_number") or survey.get("complaint_id")))
            what += f" ({', '.join(flags)})"
            detail = scores_text(survey.get("answers") or [], questions)
            for label, key in ((tr("Usage"), "usage"), (tr("Suggestion"), "suggestion"),
                               (tr("Notes"), "notes")):
                if survey.get(key):
                    detail += f"; {label}: {survey[key]}"
            rows.append((str(survey.get("recorded_at") or ""), what,
                         str(survey.get("recorded_by_name") or survey.get("recorded_by") or ""),
                         detail))
        rows.sort(key=lambda r: r[0])
        self.setRowCount(len(rows))
        for index, (at, what, by, detail) in enumerate(rows):
            for column, text in enumerate((_when(at), what, by, detail)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.setItem(index, column, item)
        self.resizeColumnsToContents()
        for column in range(len(HISTORY_COLUMNS) - 1):
            self.setColumnWidth(column, min(self.columnWidth(column), 260))


def plain_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
