"""First start of a new shop database: create the administrator account."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.domain.operators import normalize_code, validate_name, validate_password

from .dialog_form import form, ok_cancel, stack
from .forms import FieldFeedback
from .i18n import tr
from .operations import Operation

CreateAdmin = Callable[[str, str, str], str]


class CreateAdministratorDialog(QDialog):
    """Asks for the first administrator; `create(code, name, password)` runs in a worker."""

    def __init__(self, *, create: CreateAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Create the administrator"))
        self.setMinimumWidth(440)
        self._create = create
        self.created_code = ""

        intro = QLabel(tr("This is a new shop database. Create the administrator account: it "
                          "can add the other operators and set their permissions."))
        intro.setWordWrap(True)
        self.code_edit = QLineEdit("admin")
        self.name_edit = QLineEdit(tr("Administrator"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        summary = QLabel()
        self.feedback = FieldFeedback({"code": self.code_edit, "name": self.name_edit,
                                       "password": self.password_edit,
                                       "confirm": self.confirm_edit}, summary)
        self.buttons = ok_cancel(self, on_ok=self.submit)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Create"))
        stack(self, intro, form([
            (tr("Operator code") + " *", self.code_edit), (tr("Name") + " *", self.name_edit),
            (tr("Password") + " *", self.password_edit),
            (tr("Repeat password") + " *", self.confirm_edit)]), summary, self.buttons)
        self.password_edit.setFocus()

    def validate(self) -> tuple[str, str, str] | list[ValidationError]:
        errors: list[ValidationError] = []
        code = name = ""
        try:
            code = normalize_code(self.code_edit.text())
        except ValidationError as exc:
            errors.append(exc)
        try:
            name = validate_name(self.name_edit.text())
        except ValidationError as exc:
            errors.append(exc)
        try:
            validate_password(self.password_edit.text(), code=code or self.code_edit.text(),
                              confirm=self.confirm_edit.text())
        except ValidationError as exc:
            errors.append(exc)
        return errors if errors else (code, name, self.password_edit.text())

    def submit(self) -> None:
        checked = self.validate()
        if isinstance(checked, list):
            self.feedback.show(checked)
            return
        self.feedback.clear()
        code, name, password = checked
        self.ok_button.setEnabled(False)
        Operation(parent=self, work=lambda: self._create(code, name, password),
                  success=self._created).failure(self._failed).with_progress(
                  ).run_in_background()

    def _created(self, code: str) -> None:
        self.created_code = code
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.feedback.show_failure(exc)
