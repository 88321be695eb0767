"""Field-level validation feedback shared by every form: red border, reason, summary."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from aftersales_desktop.core.errors import ValidationError

from .i18n import tr, user_error_text
from .messages import error_text

INVALID_STYLE = "border: 1px solid #d9363e; border-radius: 2px;"
OK_STYLE = "color: #2f6f3e;"
ERROR_STYLE = "color: #d9363e;"


def confirm_discard(parent: QWidget, dirty: bool, question: str) -> bool:
    """True when there is nothing unsaved or the operator agrees to drop it."""
    if not dirty:
        return True
    answer = QMessageBox.question(parent, tr("Unsaved changes"), question)
    return answer == QMessageBox.StandardButton.Yes


class FieldFeedback:
    """Maps field names to widgets; shows a ValidationError at its field and in a summary."""

    def __init__(self, fields: dict[str, QWidget], summary: QLabel) -> None:
        self.fields = fields
        self.summary = summary
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.hide()

    def clear(self) -> None:
        for widget in self.fields.values():
            widget.setStyleSheet("")
            widget.setToolTip("")
            widget.setProperty("invalid", False)
        self.summary.clear()
        self.summary.hide()

    def show_message(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.show()

    def show(self, errors: list[ValidationError]) -> None:
        self.clear()
        lines = []
        first: QWidget | None = None
        for error in errors:
            text = user_error_text(error)
            lines.append(text)
            widget = self.fields.get(error.field)
            if widget is not None:
                widget.setStyleSheet(INVALID_STYLE)
                widget.setToolTip(text)
                widget.setProperty("invalid", True)
                first = first or widget
        self.show_message("\n".join(lines))
        if first is not None:
            first.setFocus()

    def show_saved(self) -> None:
        self.show_message(tr("Saved."))
        self.summary.setStyleSheet(OK_STYLE)

    def show_failure(self, exc: BaseException) -> None:
        """A refused save: at its field when it names one, else in the summary."""
        self.summary.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, ValidationError):
            self.show([exc])
        else:
            self.show_message(error_text(exc))

    def invalid_fields(self) -> list[str]:
        return [name for name, w in self.fields.items() if w.property("invalid")]
