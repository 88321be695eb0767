"""The parts every small dialog is built of: a form of labelled rows, a stack of parts,
and the OK/Cancel row (OK runs the dialog's own check before it closes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLayout,
    QVBoxLayout,
    QWidget,
)

Row = tuple[str, QWidget | QLayout] | QWidget | QLayout


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
    return buttons
