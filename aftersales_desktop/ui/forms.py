"""What every form shares: field feedback (red border, reason, summary; green when saved),
the discard question, the combos and amount fields forms are built from, and reading and
writing a field's value whatever widget shows it."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QWidget,
)

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.domain.masking import format_money

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
    """Maps field names to widgets; shows a ValidationError at its field and in a summary.

    Errors are red, "Saved." is green; a field's error goes (from the field and from the
    summary) as soon as the operator changes that field.
    """

    def __init__(self, fields: dict[str, QWidget], summary: QLabel) -> None:
        self.fields = fields
        self.summary = summary
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.hide()
        self._field_errors: list[tuple[QWidget, str]] = []
        self._general: list[str] = []

    def clear(self) -> None:
        for widget in self.fields.values():
            self._unmark(widget)
        self._field_errors.clear()
        self._general.clear()
        self.summary.clear()
        self.summary.hide()

    def show_message(self, text: str, *, ok: bool = False) -> None:
        self.summary.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.summary.setText(text)
        self.summary.show()

    def show(self, errors: list[ValidationError]) -> None:
        self.clear()
        first: QWidget | None = None
        for error in errors:
            text = user_error_text(error)
            widget = self.fields.get(error.field)
            if widget is None:
                self._general.append(text)
                continue
            self._field_errors.append((widget, text))
            widget.setStyleSheet(INVALID_STYLE)
            widget.setToolTip(text)
            widget.setProperty("invalid", True)
            first = first or widget
        self._show_errors()
        if first is not None:
            first.setFocus()

    def field_changed(self, widget: QWidget) -> None:
        """The operator changed `widget`: its error is fixed or being fixed, so it goes."""
        if not any(marked is widget for marked, _text in self._field_errors):
            return
        self._field_errors = [(w, t) for w, t in self._field_errors if w is not widget]
        self._unmark(widget)
        self._show_errors()

    def show_saved(self) -> None:
        self.clear()
        self.show_message(tr("Saved."), ok=True)

    def show_failure(self, exc: BaseException) -> None:
        """A refused save: at its field when it names one, else in the summary."""
        if isinstance(exc, ValidationError):
            self.show([exc])
        else:
            self.clear()
            self.show_message(error_text(exc))

    def invalid_fields(self) -> list[str]:
        return [name for name, w in self.fields.items() if w.property("invalid")]

    def _show_errors(self) -> None:
        lines = self._general + [text for _widget, text in self._field_errors]
        if lines:
            self.show_message("\n".join(lines))
        else:
            self.summary.clear()
            self.summary.hide()

    @staticmethod
    def _unmark(widget: QWidget) -> None:
        widget.setStyleSheet("")
        widget.setToolTip("")
        widget.setProperty("invalid", False)


def dictionary_combo(values: Iterable[str] = ()) -> QComboBox:
    """An editable combo with type-ahead over a dictionary; a new value is accepted."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    if completer is not None:
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    set_suggestions(combo, values)
    return combo


def set_suggestions(combo: QComboBox, values: Iterable[str]) -> None:
    """Replace an editable combo's suggestions; what is typed in it stays."""
    typed = combo.currentText()
    combo.clear()
    combo.addItems(list(values))
    combo.setCurrentIndex(-1)
    combo.setEditText(typed)


def set_choices(combo: QComboBox, choices: Iterable[tuple[Any, str]], *,
                none_label: str | None = None) -> None:
    """Replace a combo's (data, label) choices, keeping the chosen one where it still is;
    `none_label` adds a first "(none)" choice whose data is None."""
    keep = combo.currentData()
    combo.clear()
    if none_label is not None:
        combo.addItem(none_label, None)
    for data, label in choices:
        combo.addItem(label, data)
    select_data(combo, keep)


def select_data(combo: QComboBox, data: Any) -> None:
    """Choose the entry holding `data`, else the first one."""
    combo.setCurrentIndex(max(combo.findData(data), 0))


class MoneyEdit(QLineEdit):
    """An amount typed as `1234.5` or `¥1,234.50`, shown right-aligned as `¥1,234.50`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("¥0.00")
        self.editingFinished.connect(self._tidy)

    def set_amount(self, value: Decimal | None) -> None:
        self.setText(format_money(value) if value is not None else "")

    def _tidy(self) -> None:
        raw = self.text().replace("¥", "").replace(",", "").strip()
        # Left as typed when it is no amount: the save shows the reason at the field.
        with suppress(ArithmeticError):
            self.setText(format_money(Decimal(raw)) if raw else "")


def widget_value(widget: QWidget) -> Any:
    """What a field holds, as a service takes it: text as typed (the service parses and
    checks it), a choice's data, a flag, a number, a date (None when not set: the date
    edit's minimum), the data of the ticked entries of a list."""
    if isinstance(widget, QComboBox):
        return widget.currentText() if widget.isEditable() else widget.currentData()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QDateEdit):
        value = widget.date()
        return None if value == widget.minimumDate() else date(value.year(), value.month(),
                                                                 value.day())
    if isinstance(widget, QListWidget):
        return [widget.item(row).data(Qt.ItemDataRole.UserRole) for row in range(widget.count())
                if widget.item(row).checkState() == Qt.CheckState.Checked]
    raise TypeError(f"no value in a {type(widget).__name__}")


def set_widget_value(widget: QWidget, value: Any) -> None:
    """Show `value` in a field (None: empty). A choice the combo does not offer (an entry
    retired meanwhile) is added, so showing a record never changes it."""
    if isinstance(widget, QComboBox):
        if widget.isEditable():
            widget.setEditText("" if value is None else str(value))
            return
        if value is not None and widget.findData(value) < 0:
            widget.addItem(str(value), value)
        select_data(widget, value)
    elif isinstance(widget, MoneyEdit):
        widget.set_amount(value)
    elif isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText("" if value is None else str(value))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QSpinBox):
        widget.setValue(widget.minimum() if value is None else int(value))
    elif isinstance(widget, QDateEdit):
        widget.setDate(widget.minimumDate() if value is None
                       else QDate(value.year, value.month, value.day))
    elif isinstance(widget, QListWidget):
        wanted = set(value or ())
        for row in range(widget.count()):
            item = widget.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                               in wanted else Qt.CheckState.Unchecked)
    else:
        raise TypeError(f"no value in a {type(widget).__name__}")


def change_signal(widget: QWidget) -> Any:
    """The signal that says `widget`'s value changed."""
    if isinstance(widget, QComboBox):
        return widget.editTextChanged if widget.isEditable() else widget.currentIndexChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):
        return widget.textChanged
    if isinstance(widget, QDateEdit):
        return widget.dateChanged
    if isinstance(widget, QSpinBox):
        return widget.valueChanged
    if isinstance(widget, (QListWidget, QTableWidget)):
        return widget.itemChanged
    raise TypeError(f"no change signal for {type(widget).__name__}")
