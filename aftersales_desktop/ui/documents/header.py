"""A document's header form, built from its HeaderField specs.

Label/field pairs on one grid, `columns` pairs per row (a `stretch` field, such as the
remarks, takes the rest of its row). Enter moves to the next field; Enter on the last
one emits `finished` (the editor moves on to the lines). Choices loaded from the
database arrive through `set_choices`; a value set before its choices arrived is kept
and shown when they come, so a document loaded early never loses its warehouse or
supplier.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from aftersales_desktop.domain.documents import HeaderField, HeaderKind

from ..i18n import tr

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class HeaderForm(QWidget):
    """The header fields of one document kind."""

    changed = Signal()
    finished = Signal()  # Enter on the last field

    def __init__(self, fields: Sequence[HeaderField], *, columns: int = 3,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = tuple(fields)
        self.widgets: dict[str, QWidget] = {}
        self._display_values: dict[str, Any] = {}
        self._pending: dict[str, Any] = {}
        self._loaded_choices: set[str] = set()
        self._read_only = False
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(8)
        row = position = 0
        for spec in self.fields:
            widget = self._make(spec)
            self.widgets[spec.key] = widget
            label = QLabel(tr(spec.label) + (" *" if spec.required else ""))
            label.setBuddy(widget)
            layout.addWidget(label, row, position * 2)
            span = (columns - position) * 2 - 1 if spec.stretch else 1
            layout.addWidget(widget, row, position * 2 + 1, 1, span)
            position = columns if spec.stretch else position + 1
            if position >= columns:
                row, position = row + 1, 0
        for index in range(columns):
            layout.setColumnStretch(index * 2 + 1, 1)

    def _make(self, spec: HeaderField) -> QWidget:
        widget: QWidget
        if spec.kind is HeaderKind.CHOICE:
            combo = QComboBox()
            combo.setPlaceholderText(tr("(choose)"))
            for value, label in spec.choices:
                combo.addItem(tr(label), value)
            if spec.choices:
                self._loaded_choices.add(spec.key)
            combo.setCurrentIndex(-1)
            combo.currentIndexChanged.connect(self.changed)
            widget = combo
        elif spec.kind is HeaderKind.DATE:
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate.currentDate())
            edit.dateChanged.connect(self.changed)
            widget = edit
        elif spec.kind is HeaderKind.DISPLAY:
            widget = QLabel()
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        else:
            line = QLineEdit()
            line.setMaxLength(spec.max_length)
            line.textChanged.connect(self.changed)
            widget = line
        widget.setObjectName(f"header_{spec.key}")
        widget.installEventFilter(self)
        return widget

    # -- values ------------------------------------------------------------------------------
    def set_values(self, values: Mapping[str, Any]) -> None:
        self.blockSignals(True)
        try:
            for spec in self.fields:
                self._set(spec, values.get(spec.key))
        finally:
            self.blockSignals(False)

    def _set(self, spec: HeaderField, value: Any) -> None:
        widget = self.widgets[spec.key]
        if isinstance(widget, QComboBox):
            if spec.key not in self._loaded_choices:
                self._pending[spec.key] = value
            found = widget.findData(value) if value is not None else -1
            if found < 0 and value is not None and spec.key in self._loaded_choices:
                # no longer offered (a warehouse made inactive): still the document's own
                widget.addItem(str(value), value)
                found = widget.count() - 1
            widget.setCurrentIndex(found)
        elif isinstance(widget, QDateEdit):
            widget.setDate(QDate(value.year, value.month, value.day) if isinstance(
                value, date) else QDate.currentDate())
        elif isinstance(widget, QLabel):
            self._display_values[spec.key] = value
            if value is None and spec.placeholder:
                widget.setText(tr(spec.placeholder))
                widget.setEnabled(False)  # greyed: a note, not the value
            else:
                widget.setText("" if value is None else str(value))
                widget.setEnabled(True)
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.widgets[spec.key]
            if isinstance(widget, QComboBox):
                result[spec.key] = (self._pending[spec.key] if spec.key in self._pending
                                    else widget.currentData())
            elif isinstance(widget, QDateEdit):
                result[spec.key] = widget.date().toPython()
            elif isinstance(widget, QLabel):
                result[spec.key] = self._display_values.get(spec.key)
            elif isinstance(widget, QLineEdit):
                result[spec.key] = widget.text()
        return result

    def set_choices(self, key: str, choices: Sequence[tuple[Any, str]]) -> None:
        """The combo's choices (value, already translated label); keeps the value shown."""
        widget = self.widgets.get(key)
        if not isinstance(widget, QComboBox):
            return
        wanted = self._pending.pop(key, widget.currentData())
        self._loaded_choices.add(key)
        widget.blockSignals(True)
        try:
            widget.clear()
            for value, label in choices:
                widget.addItem(label, value)
        finally:
            widget.blockSignals(False)
        spec = next(f for f in self.fields if f.key == key)
        self.blockSignals(True)
        try:
            self._set(spec, wanted)
        finally:
            self.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in self.widgets.values():
            if isinstance(widget, QLineEdit | QDateEdit):
                # read-only text stays selectable (to copy a remark); it looks read-only
                widget.setReadOnly(read_only)
                palette = widget.palette()
                normal = self.style().standardPalette()
                palette.setColor(QPalette.ColorRole.Base, normal.color(
                    QPalette.ColorRole.Window if read_only else QPalette.ColorRole.Base))
                widget.setPalette(palette)
            elif isinstance(widget, QComboBox):
                widget.setEnabled(not read_only)

    def focus_first(self) -> bool:
        for widget in self._typed_widgets():
            widget.setFocus()
            return True
        return False

    def focus_last(self) -> bool:
        typed = self._typed_widgets()
        if typed:
            typed[-1].setFocus()
        return bool(typed)

    def _typed_widgets(self) -> list[QWidget]:
        if self._read_only:
            return []
        return [w for w in self.widgets.values() if not isinstance(w, QLabel)]

    # -- Enter moves on ----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in ENTER_KEYS and isinstance(watched, QWidget)):
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False
            typed = self._typed_widgets()
            if watched in typed:
                position = typed.index(watched)
                if position + 1 < len(typed):
                    typed[position + 1].setFocus()
                else:
                    self.finished.emit()
                return True
        return super().eventFilter(watched, event)
