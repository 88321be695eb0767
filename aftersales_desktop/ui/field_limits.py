"""Form fields held, as the operator types, to what their column stores (domain/limits.py).

A text field stops at its column's length, a date editor offers only the days the
database takes, an amount or quantity field takes only finite numbers within the
column's range and scale (no `NaN`, no `1e20`, no third decimal, no minus where the
column cannot be negative). So the database's refusal of an out-of-limit value is
never met in normal use; it is still there for what does not come through a form.

Each limited widget carries the `column` property ("table.column", or "search" /
"secret" for a search box and a password), which tests/ui/test_field_limits.py reads
to check every text, date and amount field of every form against domain/limits.py.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from PySide6.QtCore import QDate, QObject
from PySide6.QtGui import QIntValidator, QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from aftersales_desktop.domain import limits

COLUMN = "column"  # the property naming what limits a widget
MAX_LENGTH = "maxLength"  # a QPlainTextEdit's limit (QLineEdit has its own)
SEARCH = "search"
SECRET = "secret"
SETTING = "setting"
W = TypeVar("W", bound=QWidget)

_NUMBER = re.compile(r"-?\d*(\.\d*)?")


class NumberValidator(QValidator):
    """A finite number between `least` and `most` with at most `scale` decimals, typed
    as `1234.5`, `1,234.50` or `¥1,234.50` (as MoneyEdit shows it); empty is allowed
    (the service reads it as nothing or zero)."""

    def __init__(self, least: Decimal, most: Decimal, scale: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.least, self.most, self.scale = least, most, scale

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        raw = text.replace("¥", "").replace(",", "").replace(" ", "")
        if not _NUMBER.fullmatch(raw) or (raw.startswith("-") and self.least >= 0):
            return QValidator.State.Invalid, text, pos
        _whole, _point, decimals = raw.partition(".")
        if len(decimals) > self.scale:
            return QValidator.State.Invalid, text, pos
        digits = raw.lstrip("-").rstrip(".")
        if not digits.strip("."):
            # nothing, or a sign or point the next key completes
            state = QValidator.State.Acceptable if not raw else QValidator.State.Intermediate
            return state, text, pos
        try:
            value = Decimal(raw.rstrip("."))
        except InvalidOperation:
            return QValidator.State.Invalid, text, pos
        if value > self.most or value < self.least:
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, text, pos


class _PlainTextLimit(QObject):
    """Keeps a QPlainTextEdit within `most` characters (it has no maxLength of its own):
    what is typed or pasted past it is cut off, the cursor stays where it was."""

    def __init__(self, edit: QPlainTextEdit, most: int) -> None:
        super().__init__(edit)
        self.edit, self.most = edit, most
        edit.textChanged.connect(self._cut)

    def _cut(self) -> None:
        text = self.edit.toPlainText()
        if len(text) <= self.most:
            return
        cursor = self.edit.textCursor()
        position = min(cursor.position(), self.most)
        self.edit.setPlainText(text[:self.most])
        cursor = self.edit.textCursor()
        cursor.setPosition(position)
        self.edit.setTextCursor(cursor)


def _set_max_length(widget: QWidget, most: int) -> None:
    if isinstance(widget, QComboBox):
        line = widget.lineEdit()
        if line is None:
            raise TypeError("a choice that cannot be typed in has no length")
        line.setMaxLength(most)
    elif isinstance(widget, QLineEdit):
        widget.setMaxLength(most)
    elif isinstance(widget, QPlainTextEdit):
        widget.setProperty(MAX_LENGTH, most)
        _PlainTextLimit(widget, most)
    else:
        raise TypeError(f"no length for a {type(widget).__name__}")


def limit_text(widget: W, table: str, column: str) -> W:
    """A line edit, an editable combo or a text box that stops at the column's length."""
    _set_max_length(widget, limits.max_length(table, column))
    widget.setProperty(COLUMN, f"{table}.{column}")
    return widget


def limit_text_list(widget: W, table: str, column: str) -> W:
    """A field of values separated by commas, each a `table.column`: room for
    LIST_MAX_ITEMS of them (each is checked on its own when saved)."""
    _set_max_length(widget, list_max_length(table, column))
    widget.setProperty(COLUMN, f"{table}.{column}[]")
    return widget


def list_max_length(table: str, column: str) -> int:
    """The most characters a field of `table.column` values separated by ", " takes."""
    return limits.LIST_MAX_ITEMS * (limits.max_length(table, column) + 2)


def limit_setting(widget: W, most: int = limits.SETTING_TEXT_MAX) -> W:
    """A text kept inside a JSON setting (limits.SETTING_TEXT_MAX, or the long one)."""
    _set_max_length(widget, most)
    widget.setProperty(COLUMN, SETTING)
    return widget


def limit_search(widget: W) -> W:
    """A search box: no stored value is longer than what it takes (SEARCH_MAX)."""
    _set_max_length(widget, limits.SEARCH_MAX)
    widget.setProperty(COLUMN, SEARCH)
    return widget


def limit_secret(widget: W) -> W:
    """A password box (hashed on the client: no column holds what is typed)."""
    _set_max_length(widget, limits.PASSWORD_MAX)
    widget.setProperty(COLUMN, SECRET)
    return widget


def limit_number(edit: W, table: str, column: str, *, not_negative: bool = False) -> W:
    """An amount or quantity field: finite, within the column's range and scale;
    `not_negative` where the form takes no negative value although the column does (a
    settlement's discount and payment: the column also holds a voided one's mirror)."""
    if not isinstance(edit, QLineEdit):
        raise TypeError(f"no number in a {type(edit).__name__}")
    least, most = limits.numeric_range(table, column)
    if not_negative:
        least = max(least, Decimal(0))
    edit.setValidator(NumberValidator(least, most, limits.numeric_scale(table, column), edit))
    edit.setProperty(COLUMN, f"{table}.{column}")
    return edit


def limit_count(edit: W, table: str, column: str) -> W:
    """A whole number typed as text, within its column's CHECK (limits.INTEGER_RANGES)."""
    if not isinstance(edit, QLineEdit):
        raise TypeError(f"no number in a {type(edit).__name__}")
    least, most = limits.INTEGER_RANGES[(table, column)]
    edit.setValidator(QIntValidator(least, most, edit))
    edit.setProperty(COLUMN, f"{table}.{column}")
    return edit


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def limit_date(edit: W, table: str, column: str, today: date | None = None) -> W:
    """A date (or date and time) editor offering only the column's days. An editor that
    shows "not set" at its minimum (a special value text) keeps that: its minimum is the
    day before the earliest, which widget_value reads as no date."""
    if not isinstance(edit, QDateEdit | QDateTimeEdit):
        raise TypeError(f"no date in a {type(edit).__name__}")
    earliest, latest = limits.date_range(table, column, today)
    if column in limits.TIME_COLUMNS.get(table, ()):
        # a time is bounded in UTC: the first day in the shop's zone may start before it
        earliest += timedelta(days=1)
    if edit.specialValueText():
        earliest -= timedelta(days=1)
    edit.setDateRange(_qdate(earliest), _qdate(latest))
    edit.setProperty(COLUMN, f"{table}.{column}")
    return edit


def column_kind(table: str, column: str) -> str | None:
    """"text", "number" or "date" for a column domain/limits.py bounds, else None."""
    if column in limits.TEXT_MAX.get(table, {}):
        return "text"
    if column in limits.NUMERIC_COLUMNS.get(table, ()):
        return "number"
    if (column in limits.DATE_COLUMNS.get(table, ())
            or column in limits.TIME_COLUMNS.get(table, ())):
        return "date"
    return None


def limit_field(widget: W, table: str, column: str, today: date | None = None) -> W:
    """Hold `widget` to `table.column`, whatever kind of column it is. A widget that
    cannot be typed in (a fixed choice, a check box, a list) is left as it is."""
    kind = column_kind(table, column)
    if kind == "text" and (isinstance(widget, QLineEdit | QPlainTextEdit)
                           or (isinstance(widget, QComboBox) and widget.isEditable())):
        return limit_text(widget, table, column)
    if kind == "number" and isinstance(widget, QLineEdit):
        return limit_number(widget, table, column)
    if kind == "date" and isinstance(widget, QDateEdit | QDateTimeEdit):
        return limit_date(widget, table, column, today)
    return widget


def max_length_of(widget: QWidget) -> int | None:
    """The most characters `widget` takes (None: no limit), whatever kind it is."""
    if isinstance(widget, QComboBox):
        line = widget.lineEdit()
        return line.maxLength() if line is not None else None
    if isinstance(widget, QLineEdit):
        return widget.maxLength()
    found = widget.property(MAX_LENGTH)
    return int(found) if found is not None else None
