"""Cell editors of the line grid: a line edit for codes, text, numbers and dates, a combo
for choices. What is typed goes to the model as text; the model checks it (domain rules)
so a wrong value stays visible in its cell with the reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from aftersales_desktop.domain.documents import NUMERIC_KINDS, ColumnKind, DocumentSpec

from ..i18n import tr
from .model import DocumentLinesModel

AnyIndex = QModelIndex | QPersistentModelIndex


class CellDelegate(QStyledItemDelegate):
    """Creates the editor a column's kind asks for."""

    def __init__(self, spec: DocumentSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        model = index.model()
        if isinstance(model, DocumentLinesModel) and 0 <= index.row() < len(model.rows):
            model.editing_cell = (model.rows[index.row()].key, index.column())
        column = self.spec.columns[index.column()]
        if column.kind is ColumnKind.CHOICE:
            combo = QComboBox(parent)
            for value, label in column.choices:
                combo.addItem(tr(label), value)
            return combo
        edit = QLineEdit(parent)
        edit.setFrame(False)
        if column.kind in NUMERIC_KINDS:
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif column.kind is ColumnKind.DATE:
            edit.setPlaceholderText("yyyy-MM-dd")
        if column.kind in (ColumnKind.TEXT, ColumnKind.CODE):
            edit.setMaxLength(column.max_length)
        return edit

    def destroyEditor(self, editor: QWidget, index: AnyIndex) -> None:
        model = index.model()
        if isinstance(model, DocumentLinesModel):
            model.editing_cell = None
        super().destroyEditor(editor, index)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value: Any = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            found = editor.findData(value)
            editor.setCurrentIndex(found if found >= 0 else 0)
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
