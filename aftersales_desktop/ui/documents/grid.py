"""The line grid: typed, not clicked.

Typing or F2 edits the current cell; Enter commits and moves along the document's entry
columns, then to the code of the next line; Tab visits every editable cell; Delete
removes the current line (the editor offers Ctrl+Z to bring it back). A name fragment
typed into the code cell opens `CandidatePopup` (Up/Down/Enter, Esc).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QWidget,
)

from aftersales_desktop.domain.documents import DocumentSpec, LineItem, format_price

from ..i18n import tr
from .delegates import CellDelegate
from .model import DocumentLinesModel

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class LineGrid(QTableView):
    """A QTableView over DocumentLinesModel with the keys of docs/document-editor.md."""

    remove_requested = Signal(int)  # grid row
    leave_backwards = Signal()  # Shift+Tab on the first cell: back to the header

    def __init__(self, model: DocumentLinesModel, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = model
        self.spec: DocumentSpec = model.spec
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self.spec, self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        stretch = next((i for i, c in enumerate(self.spec.columns) if c.from_item == "name"),
                       None)
        for index, column in enumerate(self.spec.columns):
            if column.width:
                self.setColumnWidth(index, column.width)
            if index == stretch:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch)

    # -- where the cursor goes -----------------------------------------------------------
    def _sequence(self, enter: bool) -> list[int]:
        """Columns in the order Enter (or Tab) visits them on a line."""
        keys = [c.key for c in self.spec.columns]
        if enter:
            order = [self.spec.code_column, *self.spec.enter_order()]
            return [keys.index(k) for k in order if k in keys]
        return [i for i, c in enumerate(self.spec.columns) if c.editable and not c.computed]

    def next_cell(self, index: QModelIndex, *, enter: bool = True) -> QModelIndex | None:
        """The cell after `index`: along the line, then the first cell of the next line."""
        sequence = self._sequence(enter)
        row, column = index.row(), index.column()
        after = (sequence[sequence.index(column) + 1:] if column in sequence
                 else [c for c in sequence if c > column])
        for candidate in after:
            if self.lines.editable_cell(row, candidate):
                return self.lines.index(row, candidate)
        for next_row in range(row + 1, self.lines.rowCount()):
            for candidate in sequence:
                if self.lines.editable_cell(next_row, candidate):
                    return self.lines.index(next_row, candidate)
        return None

    def previous_cell(self, index: QModelIndex) -> QModelIndex | None:
        sequence = self._sequence(enter=False)
        row, column = index.row(), index.column()
        for candidate in reversed([c for c in sequence if c < column]):
            if self.lines.editable_cell(row, candidate):
                return self.lines.index(row, candidate)
        for previous_row in range(row - 1, -1, -1):
            for candidate in reversed(sequence):
                if self.lines.editable_cell(previous_row, candidate):
                    return self.lines.index(previous_row, candidate)
        return None

    def go_to(self, index: QModelIndex | None) -> None:
        if index is not None and index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def go_to_new_line(self) -> None:
        row = self.lines.trailing_row()
        code = self.lines.column_of(self.spec.code_column)
        if row is not None and code is not None:
            self.go_to(self.lines.index(row, code))

    def advance(self, *, enter: bool = True) -> None:
        current = self.currentIndex()
        if current.isValid():
            self.go_to(self.next_cell(current, enter=enter))

    # -- keys ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                          | Qt.KeyboardModifier.AltModifier))
        if self.state() != QAbstractItemView.State.EditingState and plain:
            if key in ENTER_KEYS:
                self.advance(enter=True)
                return
            if key == Qt.Key.Key_Tab:
                self.advance(enter=False)
                return
            if key == Qt.Key.Key_Backtab:
                previous = self.previous_cell(self.currentIndex())
                if previous is None:
                    self.leave_backwards.emit()
                else:
                    self.go_to(previous)
                return
            if key == Qt.Key.Key_Delete and self.currentIndex().isValid():
                self.remove_requested.emit(self.currentIndex().row())
                return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab inside the grid moves between cells (keyPressEvent), not out of the grid.
        return False

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        moves = {QAbstractItemDelegate.EndEditHint.SubmitModelCache: True,
                 QAbstractItemDelegate.EndEditHint.EditNextItem: False}
        backwards = hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if hint in moves:
            self.advance(enter=moves[hint])
        elif backwards:
            self.go_to(self.previous_cell(self.currentIndex()))

    def cell_bottom_left(self, row: int, column: int, within: QWidget) -> QPoint:
        """Where a list under the cell goes, in `within`'s coordinates."""
        rect = self.visualRect(self.lines.index(row, column))
        return self.viewport().mapTo(within, rect.bottomLeft())


class CandidatePopup(QListWidget):
    """Items matching a name fragment, under the code cell: Up/Down/Enter picks, Esc not.

    A child of the editor floating over the grid, not a popup window: nothing grabs the
    keyboard, and leaving it (a click elsewhere) counts as Esc."""

    chosen = Signal(object)  # LineItem, or None when dismissed

    def __init__(self, items: Sequence[LineItem], *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QListWidget.Shape.Box)
        self._answered = False
        for item in items:
            price = format_price(item.price) if item.price is not None else ""
            entry = QListWidgetItem(f"{item.code}    {item.name}    {price}".rstrip())
            entry.setData(Qt.ItemDataRole.UserRole, item)
            self.addItem(entry)
        self.setCurrentRow(0)
        self.itemActivated.connect(self._pick)
        self.setMinimumWidth(360)
        self.setToolTip(tr("Up/Down to choose, Enter to take it, Esc to go back"))
        self.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in ENTER_KEYS and self.currentItem() is not None:
                self._pick(self.currentItem())
                return True
            if event.key() == Qt.Key.Key_Escape:
                self._answer(None)
                return True
        return super().eventFilter(watched, event)

    def _pick(self, entry: QListWidgetItem) -> None:
        self._answer(entry.data(Qt.ItemDataRole.UserRole))

    def focusOutEvent(self, event: QFocusEvent) -> None:  # a click elsewhere
        super().focusOutEvent(event)
        if not self._answered:
            self._answer(None)

    def _answer(self, item: LineItem | None) -> None:
        if not self._answered:
            self._answered = True
            self.chosen.emit(item)
        self.hide()
        self.deleteLater()
