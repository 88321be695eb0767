"""Change one's own password: the current one is checked by logging in with it."""

from __future__ import annotations

from dataclasses import replace

import psycopg2
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.core.work import run_in_background
from aftersales_desktop.domain.operators import validate_password
from aftersales_desktop.services import operators as service

from .forms import FieldFeedback
from .i18n import tr
from .messages import error_text


def change_own_password(database: Database, current: str, new: str, confirm: str) -> None:
    """Worker: prove the current password, then store the new one (hashed)."""
    validate_password(new, code=database.user, confirm=confirm)
    profile = replace(database.profile)
    try:
        psycopg2.connect(**profile.connect_kwargs(database.user, current)).close()
    except psycopg2.OperationalError:
        raise ValidationError("current", QT_TR_NOOP("The current password is wrong.")) from None
    with database.transaction() as conn:
        service.set_password(conn, database.user, new, confirm=confirm)


class ChangePasswordDialog(QDialog):
    """Every operator may change their own password."""

    def __init__(self, database: Database, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle(tr("Change my password"))
        self.current_edit = QLineEdit()
        self.new_edit = QLineEdit()
        self.confirm_edit = QLineEdit()
        for edit in (self.current_edit, self.new_edit, self.confirm_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(tr("Current password"), self.current_edit)
        form.addRow(tr("New password"), self.new_edit)
        form.addRow(tr("Repeat password"), self.confirm_edit)
        summary = QLabel()
        self.feedback = FieldFeedback({"current": self.current_edit, "password": self.new_edit,
                                       "confirm": self.confirm_edit}, summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(summary)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.feedback.clear()
        current, new, confirm = (self.current_edit.text(), self.new_edit.text(),
                                 self.confirm_edit.text())
        try:
            validate_password(new, code=self.database.user, confirm=confirm)
        except ValidationError as exc:
            self.feedback.show([exc])
            return
        self.buttons.setEnabled(False)
        run_in_background(lambda: change_own_password(self.database, current, new, confirm),
                          on_done=lambda _r: self.accept(), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.feedback.show([exc])
        else:
            self.feedback.show_message(error_text(exc))
