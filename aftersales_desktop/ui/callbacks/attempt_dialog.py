"""A call that did not reach a survey (未接通, 忙线, 号码错误, 约定回拨, 拒访): its outcome,
for a call-back the time the customer asked for (on the shop's clock), and a note.

One server call (app.callback_attempt_log, services/callbacks/tasks.py) when OK is
pressed; a refusal (a call-back time missing or past the task's window, the task changed
or closed meanwhile) shows in the dialog, which stays open. `logged(task)` gives the
task as the server now has it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QDialog, QLabel, QLineEdit, QWidget

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.domain.callbacks import ATTEMPT_OUTCOMES, OUTCOMES
from aftersales_desktop.services.callbacks import tasks

from ..dialog_form import form, ok_cancel
from ..forms import ERROR_STYLE
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, CollectionOp
from .fields import limited

CALL_BACK_DEFAULT_HOURS = 2


def _qdatetime(value: datetime) -> QDateTime:
    wall = shop_time.to_shop_time(value)
    return QDateTime(QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute))


class AttemptDialog(QDialog):
    logged = Signal(object)

    def __init__(self, database: Database, task: dict[str, Any], outcome: str = "no_answer",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attempt_dialog")
        self.database = database
        self.task = task
        self.result_task: dict[str, Any] | None = None
        self.setWindowTitle(tr("Log a call: {customer}").format(
            customer=task.get("customer_name") or ""))
        self.outcome = QComboBox()
        self.outcome.setObjectName("attempt_outcome")
        for code in ATTEMPT_OUTCOMES:
            self.outcome.addItem(tr(OUTCOMES[code]), code)
        self.outcome.setCurrentIndex(max(self.outcome.findData(outcome), 0))
        self.call_back_at = QDateTimeEdit()
        self.call_back_at.setObjectName("attempt_call_back_at")
        self.call_back_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.call_back_at.setCalendarPopup(True)
        now = datetime.now(shop_time.zone())
        self.call_back_at.setMinimumDateTime(_qdatetime(now))
        later = (now + timedelta(hours=CALL_BACK_DEFAULT_HOURS)).replace(minute=0, second=0)
        self.call_back_at.setDateTime(_qdatetime(later))
        self.note = limited(QLineEdit(), "callback_attempt", "note", 500)
        self.note.setObjectName("attempt_note")
        self.message = QLabel()
        self.message.setObjectName("attempt_message")
        self.message.setWordWrap(True)
        about = QLabel(tr("{number} {customer} {phone}: attempt {attempt}").format(
            number=task.get("ticket_number") or task.get("dealer") or "",
            customer=task.get("customer_name") or "", phone=task.get("phone") or "",
            attempt=int(task.get("attempts") or 0) + 1))
        about.setWordWrap(True)
        self.buttons = ok_cancel(self, on_ok=self.save)
        self.fields = form([about, (tr("Outcome"), self.outcome),
                            (tr("Call back at") + " *", self.call_back_at),
                            (tr("Note"), self.note), self.message, self.buttons], parent=self)
        self.outcome.currentIndexChanged.connect(lambda *_a: self._outcome_changed())
        self._outcome_changed()
        self._saving = False

    def _outcome_changed(self) -> None:
        call_back = self.outcome.currentData() == "call_back"
        self.fields.setRowVisible(self.call_back_at, call_back)
        if call_back:
            self.call_back_at.setFocus()
        else:
            self.note.setFocus()

    def chosen_call_back_at(self) -> datetime | None:
        if self.outcome.currentData() != "call_back":
            return None
        value = self.call_back_at.dateTime()
        day, clock = value.date(), value.time()
        return shop_time.from_shop_wall_clock(datetime(day.year(), day.month(), day.day(),
                                                       clock.hour(), clock.minute()))

    def save(self) -> None:
        if self._saving:
            return
        self._saving = True
        task_id, version = int(self.task["id"]), int(self.task.get("version") or 0)
        outcome, when, note = (str(self.outcome.currentData()), self.chosen_call_back_at(),
                               self.note.text())
        self.message.setText("")
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: tasks.log_attempt(conn, task_id=task_id, version=version,
                                                       outcome=outcome, call_back_at=when,
                                                       note=note),
                     changes=Changes.of("callbacks"), success=self._saved).failure(
                         self._failed).run_in_background()

    def _saved(self, answer: dict[str, Any]) -> None:
        self._saving = False
        self.result_task = dict(answer.get("task") or {})
        self.logged.emit(self.result_task)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.message.setText(error_text(exc))
        self.message.setStyleSheet(ERROR_STYLE)
