"""The dispatch tab of the service settings: the travel buffer, the minutes a visit keeps
its technician booked after it ends (the database refuses a visit that starts inside
another's buffer). A shop setting: it saves with settings.admin, and shows read-only
without it."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.services import masterdata as service
from aftersales_desktop.services.masterdata.settings import TRAVEL_BUFFER_KEY, TRAVEL_BUFFER_RANGE

from ..forms import FieldFeedback
from ..i18n import tr
from ..operations import Changes, CollectionOp, QueryOp

SETTINGS_ADMIN = "settings.admin"


class DispatchSettingsTab(QWidget):
    def __init__(self, database: Database, session: Any, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.can_save = bool(session is not None and session.can(SETTINGS_ADMIN))
        self.loaded: int | None = None
        self.travel_buffer = QSpinBox()
        self.travel_buffer.setObjectName(TRAVEL_BUFFER_KEY)
        self.travel_buffer.setRange(*TRAVEL_BUFFER_RANGE)
        self.travel_buffer.setSuffix(tr(" min"))
        self.travel_buffer.setReadOnly(not self.can_save)
        note = QLabel(tr("After each on-site visit its technician stays booked for this "
                         "long (travel to the next customer): a visit starting sooner is "
                         "refused. Visits already booked keep the time they block."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Travel buffer"), self.travel_buffer)
        form.addRow("", note)
        if not self.can_save:
            form.addRow("", QLabel(tr("Changing it needs the capability "
                                      "\u201cChange shop settings\u201d.")))
        summary = QLabel()
        self.feedback = FieldFeedback({TRAVEL_BUFFER_KEY: self.travel_buffer}, summary)
        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        self.save_button.setVisible(self.can_save)
        buttons = QHBoxLayout()
        buttons.addWidget(summary, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.refresh()

    def refresh(self) -> None:
        QueryOp(parent=self, database=self.database, op=service.travel_buffer_minutes,
                success=self._show).failure(self.feedback.show_failure).run_in_background()

    def _show(self, minutes: int) -> None:
        self.loaded = minutes
        self.travel_buffer.setValue(minutes)
        self.save_button.setEnabled(self.can_save)

    def has_unsaved_changes(self) -> bool:
        return self.loaded is not None and self.travel_buffer.value() != self.loaded

    def is_ready(self) -> bool:
        return self.loaded is not None

    def save(self) -> None:
        if not (self.can_save and self.save_button.isEnabled()):
            return
        self.feedback.clear()
        self.save_button.setEnabled(False)
        minutes = self.travel_buffer.value()
        CollectionOp(parent=self, database=self.database,
                     op=lambda conn: service.save_travel_buffer_minutes(conn, minutes),
                     changes=Changes.of("shop_setting"),
                     success=self._saved).failure(self._save_failed).run_in_background()

    def _saved(self, minutes: int) -> None:
        self._show(minutes)
        self.feedback.show_saved()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.feedback.show_failure(exc)
