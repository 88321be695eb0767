"""The parts every small dialog is built of: a form of labelled rows, a stack of parts,
and the OK/Cancel row (OK runs the dialog's own check before it closes).

A dialog with an OK/Cancel row is at least DIALOG_MIN_WIDTH wide and grows taller when a
message in it wraps onto more lines: left to itself a form of line edits is about 200
pixels wide, and an error shown after it opened is cut off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLayout,
    QVBoxLayout,
    QWidget,
)

Row = tuple[str, QWidget | QLayout] | QWidget | QLayout
DIALOG_MIN_WIDTH = 440


def form(rows: Iterable[Row], *, parent: QWidget | None = None) -> QFormLayout:
    """A QFormLayout of `(label, field)` rows; a bare widget or layout spans the row."""
    layout = QFormLayout(parent) if parent is not None else QFormLayout()
    for row in rows:
        if isinstance(row, tuple):
            label, field = row
            if isinstance(field, QLayout):  # two overloads: a layout or a widget
                layout.addRow(label, field)
            else:
                layout.addRow(label, field)
        else:
            layout.addRow(row)
    return layout


def stack(owner: QWidget, *parts: QWidget | QLayout) -> QVBoxLayout:
    """`owner`'s layout: the parts one under the other."""
    layout = QVBoxLayout(owner)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return layout


def ok_cancel(dialog: QDialog, *, on_ok: Callable[[], object] | None = None,
              ok: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
              ) -> QDialogButtonBox:
    """OK (or Save) runs `on_ok` (the dialog's `accept` unless given), Cancel rejects."""
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    fit_text(dialog)
    return buttons


class _GrowsWithText(QObject):
    """Makes its dialog taller whenever its content (a wrapped message) needs it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and isinstance(watched, QWidget):
            layout = watched.layout()
            if layout is not None and layout.hasHeightForWidth():
                needed = layout.totalHeightForWidth(watched.width())
                if needed > watched.height():
                    watched.resize(watched.width(), needed)
        return False


def fit_text(dialog: QDialog) -> None:
    """`dialog` is wide enough to read and grows to show every line of its messages."""
    dialog.setMinimumWidth(max(dialog.minimumWidth(), DIALOG_MIN_WIDTH))
    if dialog.findChild(_GrowsWithText) is None:
        dialog.installEventFilter(_GrowsWithText(dialog))
