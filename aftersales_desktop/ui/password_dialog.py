"""Change one's own password: the current one is checked by logging in with it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.domain.operators import validate_password
from aftersales_desktop.services.session import change_own_password

from .dialog_form import form, ok_cancel, stack
from .field_limits import limit_secret
from .forms import FieldFeedback
from .i18n import tr
from .operations import Changes, CollectionOp


class ChangePasswordDialog(QDialog):
    """Every operator may change their own password."""

    def __init__(self, database: Database, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle(tr("Change my password"))
        self.current_edit = QLineEdit()  # as it was set, however long
        self.new_edit = limit_secret(QLineEdit())
        self.confirm_edit = limit_secret(QLineEdit())
        for edit in (self.current_edit, self.new_edit, self.confirm_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        summary = QLabel()
        self.feedback = FieldFeedback({"current": self.current_edit, "password": self.new_edit,
                                       "confirm": self.confirm_edit}, summary)
        self.buttons = ok_cancel(self, on_ok=self.submit)
        stack(self, form([(tr("Current password"), self.current_edit),
                          (tr("New password"), self.new_edit),
                          (tr("Repeat password"), self.confirm_edit)]), summary, self.buttons)

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
        database = self.database
        CollectionOp(parent=self, database=database,
                     op=lambda conn: change_own_password(conn, database, current, new, confirm),
                     changes=Changes.record("operator", database.user),
                     success=lambda _r: self.accept()).failure(
                         self._failed).run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.feedback.show_failure(exc)
