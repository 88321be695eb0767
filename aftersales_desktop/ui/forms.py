"""Field-level validation feedback shared by every form: red border, reason, summary."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from aftersales_desktop.core.errors import ValidationError

from .i18n import user_error_text

INVALID_STYLE = "border: 1px solid #d9363e; border-radius: 2px;"


class FieldFeedback:
    """Maps field names to widgets; shows a ValidationError at its field and in a summary."""

    def __init__(self, fields: dict[str, QWidget], summary: QLabel) -> None:
        self.fields = fields
        self.summary = summary
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #d9363e;")
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

    def invalid_fields(self) -> list[str]:
        return [name for name, w in self.fields.items() if w.property("invalid")]
