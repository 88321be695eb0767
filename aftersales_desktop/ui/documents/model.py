"""The line grid's model: a document's lines as typed, checked and looked up.

Every row keeps what the operator typed for a cell that does not parse (shown red with
its reason), the lines a lookup is still answering ("looking up..."), and the refusal a
server sent for the line. The last row is always an empty line to type into while the
document is editable; `lines()` leaves it out. Rows are addressed by a key that never
changes, so a lookup that answers after lines moved still lands on its own line.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from aftersales_desktop.core.errors import UserError, ValidationError
from aftersales_desktop.domain.documents import (
    NUMERIC_KINDS,
    ColumnKind,
    ColumnSpec,
    DocumentLine,
    DocumentSpec,
    LineItem,
    Totals,
    document_totals,
    format_price,
    format_quantity,
    normalize_code,
    parse_cell,
    replace_item,
    scan_outcome,
    with_computed,
)
from aftersales_desktop.domain.masking import MASK

from ..i18n import tr, user_error_text

ERROR_TEXT = QColor("#d9363e")
ERROR_BACKGROUND = QColor("#fdecec")
REFUSED_BACKGROUND = QColor("#fff4e0")
MUTED_TEXT = QColor("#7a7a7a")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

AnyIndex = QModelIndex | QPersistentModelIndex

_keys = itertools.count(1)


@dataclass
class LineRow:
    """One line of the grid as the operator sees it."""

    values: dict[str, Any] = field(default_factory=dict)
    item_id: int | None = None
    line_id: int | None = None
    locked: bool = False
    texts: dict[str, str] = field(default_factory=dict)  # typed text that did not parse
    errors: dict[str, UserError] = field(default_factory=dict)
    looking_up: str | None = None  # the code a lookup is answering
    refusal: UserError | None = None  # what the server said about this line
    key: int = field(default_factory=lambda: next(_keys))

    def blank(self) -> bool:
        return (self.item_id is None and self.line_id is None and not self.texts
                and self.looking_up is None
                and all(value in (None, "") for value in self.values.values()))

    def as_line(self) -> DocumentLine:
        return DocumentLine(dict(self.values), self.item_id, self.line_id, self.locked)


class DocumentLinesModel(QAbstractTableModel):
    """The lines of one document; columns from the spec, one row per line."""

    code_entered = Signal(int, str)  # row key, code to look up
    lines_changed = Signal()

    def __init__(self, spec: DocumentSpec, parent: Any = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.rows: list[LineRow] = []
        self.editable = False
        self.sensitive_hidden = False
        self._removed: list[tuple[int, LineRow]] = []
        # (row key, column) of the cell whose editor is open: Qt rewrites an open editor
        # on dataChanged, so a lookup answering while the operator types never touches it
        self.editing_cell: tuple[int, int] | None = None
        self._shown: dict[int, tuple[Any, ...]] = {}
        self._code_index = next((i for i, c in enumerate(spec.columns)
                                 if c.key == spec.code_column), None)
        # The name cell of an unresolved line says why (the line's message).
        self._message_index = next(
            (i for i, c in enumerate(spec.columns) if c.from_item == "name"), None)

    # -- filling and reading -------------------------------------------------------------
    def set_lines(self, lines: Sequence[DocumentLine], *, editable: bool) -> None:
        self.beginResetModel()
        self.rows = [LineRow(dict(line.values), line.item_id, line.line_id, line.locked)
                     for line in lines]
        self.editable = editable
        self._removed.clear()
        self._shown.clear()
        if editable:
            self.rows.append(LineRow())
        self.endResetModel()
        self.lines_changed.emit()

    def set_editable(self, editable: bool) -> None:
        if editable == self.editable:
            return
        self.editable = editable
        if editable:
            self._ensure_trailing_blank()
        elif self.rows and self.rows[-1].blank():
            last = len(self.rows) - 1
            self.beginRemoveRows(QModelIndex(), last, last)
            del self.rows[last]
            self.endRemoveRows()
        self._emit_all_changed()

    def lines(self) -> list[DocumentLine]:
        return [row.as_line() for row in self.rows if not row.blank()]

    def line_rows(self) -> list[int]:
        """Grid row of each line `lines()` returns: line n is at line_rows()[n - 1]."""
        return [i for i, row in enumerate(self.rows) if not row.blank()]

    def row_of(self, key: int) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.key == key), None)

    def trailing_row(self) -> int | None:
        return len(self.rows) - 1 if self.editable and self.rows else None

    def pending_lookups(self) -> list[int]:
        return [i for i, row in enumerate(self.rows) if row.looking_up is not None]

    def cell_errors(self) -> list[tuple[int, str, UserError]]:
        """(grid row, column key, error) for every cell holding what does not parse."""
        return [(i, key, error) for i, row in enumerate(self.rows) if not row.blank()
                for key, error in row.errors.items()]

    def totals(self) -> Totals:
        return document_totals(self.spec, [row.values for row in self.rows if not row.blank()])

    def snapshot(self) -> tuple[Any, ...]:
        """What the lines hold, to compare for unsaved changes."""
        return tuple((row.item_id, row.line_id, tuple(sorted(row.values.items(), key=str)),
                      tuple(sorted(row.texts.items())))
                     for row in self.rows if not row.blank())

    def column_spec(self, column: int) -> ColumnSpec:
        return self.spec.columns[column]

    def column_of(self, key: str) -> int | None:
        return next((i for i, c in enumerate(self.spec.columns) if c.key == key), None)

    # -- lookups -------------------------------------------------------------------------
    def resolve(self, key: int, item: LineItem) -> tuple[int | None, bool]:
        """Put a looked-up item on its line: (grid row it landed on, merged into another).

        A new line whose item is already on an open line adds its quantity there and goes
        away; a line that had an item takes the new one and keeps its quantity."""
        row_index = self.row_of(key)
        if row_index is None:  # the line was removed or the document replaced meanwhile
            return None, False
        row = self.rows[row_index]
        row.looking_up = None
        code_key = self.spec.code_column
        row.errors.pop(code_key, None)
        row.texts.pop(code_key, None)
        if row.item_id is not None:
            row.values = replace_item(self.spec, row.values, item)
            row.item_id = item.item_id
            self._row_changed(row_index)
            return row_index, False
        others = [r for r in self.rows if r is not row and not r.blank()]
        given = {k: v for k, v in row.values.items() if k != code_key}
        try:
            outcome = scan_outcome(self.spec, [r.as_line() for r in others], item,
                                   given=given)
        except ValidationError as error:  # the sum is too large for the line
            row.errors[self.spec.quantity_column or code_key] = error
            self._row_changed(row_index)
            return row_index, False
        if outcome.index is None or self.spec.quantity_column is None:
            row.values = dict(outcome.new_values or {})
            row.item_id = item.item_id
            self._row_changed(row_index)
            return row_index, False
        grown = others[outcome.index]
        grown.values[self.spec.quantity_column] = outcome.quantity
        grown.errors.pop(self.spec.quantity_column, None)
        self.beginRemoveRows(QModelIndex(), row_index, row_index)
        del self.rows[row_index]
        self.endRemoveRows()
        self._ensure_trailing_blank()
        target = self.row_of(grown.key)
        if target is not None:
            self._row_changed(target)
        return target, True

    def mark_unknown(self, key: int, error: UserError) -> int | None:
        row_index = self.row_of(key)
        if row_index is None:
            return None
        row = self.rows[row_index]
        row.looking_up = None
        row.errors[self.spec.code_column] = error
        self._row_changed(row_index)
        return row_index

    # -- removing and bringing back --------------------------------------------------------
    def can_remove(self, row_index: int) -> bool:
        if not self.editable or not 0 <= row_index < len(self.rows):
            return False
        row = self.rows[row_index]
        return not row.locked and not row.blank()

    def remove(self, row_index: int) -> bool:
        if not self.can_remove(row_index):
            return False
        self.beginRemoveRows(QModelIndex(), row_index, row_index)
        self._removed.append((row_index, self.rows.pop(row_index)))
        self.endRemoveRows()
        self._emit_all_changed()
        return True

    def undo_remove(self) -> int | None:
        """Bring back the last removed line where it was; its grid row, or None."""
        if not self._removed or not self.editable:
            return None
        row_index, row = self._removed.pop()
        row_index = min(row_index, len(self.rows) - 1 if self.rows and self.rows[-1].blank()
                        else len(self.rows))
        self.beginInsertRows(QModelIndex(), row_index, row_index)
        self.rows.insert(row_index, row)
        self.endInsertRows()
        self._emit_all_changed()
        return row_index

    @property
    def can_undo(self) -> bool:
        return bool(self._removed) and self.editable

    # -- refusals and problems -------------------------------------------------------------
    def set_problem(self, row_index: int, column_key: str | None, error: UserError) -> None:
        """A refusal or a check before sending, shown on the line (and cell) it names."""
        if not 0 <= row_index < len(self.rows):
            return
        row = self.rows[row_index]
        if column_key is not None and self.spec.has_column(column_key):
            row.errors[column_key] = error
        else:
            row.refusal = error
        self._row_changed(row_index)

    def clear_problems(self) -> None:
        """Forget refusals and required-cell marks; cells typed wrong keep their reason."""
        for index, row in enumerate(self.rows):
            kept = {key: error for key, error in row.errors.items()
                    if key in row.texts or (key == self.spec.code_column
                    and row.item_id is None and row.values.get(key))}
            if kept != row.errors or row.refusal is not None:
                row.errors = kept
                row.refusal = None
                self._row_changed(index)

    def set_sensitive_hidden(self, hidden: bool) -> None:
        if hidden != self.sensitive_hidden:
            self.sensitive_hidden = hidden
            self._emit_all_changed()

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            if role == Qt.ItemDataRole.TextAlignmentRole and orientation == (
                    Qt.Orientation.Horizontal) and self._numeric(section):
                return RIGHT
            return None
        if orientation == Qt.Orientation.Horizontal:
            return tr(self.spec.columns[section].title)
        if 0 <= section < len(self.rows) and self.rows[section].blank() and (
                section == len(self.rows) - 1 and self.editable):
            return "*"
        return str(section + 1)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.editable_cell(index.row(), index.column()):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def editable_cell(self, row_index: int, column: int) -> bool:
        if not self.editable or not 0 <= row_index < len(self.rows):
            return False
        spec = self.spec.columns[column]
        row = self.rows[row_index]
        if not spec.editable or spec.computed or row.locked:
            return False
        return not (column == self._code_index and row.looking_up is not None)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.spec.columns[index.column()]
        error = row.errors.get(column.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column(), column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if self._numeric(index.column()) else LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            if error is not None or self._shows_message(row, index.column()):
                return QBrush(ERROR_TEXT)
            if row.looking_up is not None or row.locked:
                return QBrush(MUTED_TEXT)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if error is not None:
                return QBrush(ERROR_BACKGROUND)
            if row.refusal is not None:
                return QBrush(REFUSED_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            shown = error or row.refusal
            return user_error_text(shown) if shown is not None else None
        return None

    def setData(self, index: AnyIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.editable_cell(index.row(),
                                                                      index.column()):
            return False
        row = self.rows[index.row()]
        column = self.spec.columns[index.column()]
        row.refusal = None
        if self.editing_cell == (row.key, index.column()):
            self.editing_cell = None  # the operator's own commit: its editor is closing
        if column.kind is ColumnKind.CODE:
            code = normalize_code(value)
            unchanged = (row.item_id is not None and code == row.values.get(column.key)
                         and column.key not in row.errors)
            if not code or unchanged:
                return False
            row.values[column.key] = code
            row.errors.pop(column.key, None)
            row.texts.pop(column.key, None)
            row.looking_up = code
            self._row_changed(index.row())
            self._ensure_trailing_blank()
            self.code_entered.emit(row.key, code)
            return True
        try:
            parsed = parse_cell(column, value)
        except ValidationError as error:
            # what was typed stays visible with its reason; the line counts nothing for it
            row.texts[column.key] = "" if value is None else str(value)
            row.errors[column.key] = error
            row.values.pop(column.key, None)
        else:
            row.values[column.key] = parsed
            row.texts.pop(column.key, None)
            row.errors.pop(column.key, None)
        self._row_changed(index.row())
        self._ensure_trailing_blank()
        return True

    # -- helpers -------------------------------------------------------------------------------
    def _numeric(self, column: int) -> bool:
        return self.spec.columns[column].kind in NUMERIC_KINDS

    def _shows_message(self, row: LineRow, column: int) -> bool:
        return (column == self._message_index and row.item_id is None
                and self.spec.code_column in row.errors)

    def _display(self, row: LineRow, column_index: int, column: ColumnSpec) -> str:
        if column.key in row.texts:
            return row.texts[column.key]
        if row.looking_up is not None and column_index == self._message_index:
            return tr("Looking up...")
        if self._shows_message(row, column_index):
            return user_error_text(row.errors[self.spec.code_column])
        value = (with_computed(self.spec, row.values).get(column.key) if column.computed
                 else row.values.get(column.key))
        if value is None or value == "":
            return ""
        if self.sensitive_hidden and column.sensitive:
            return MASK
        if column.kind is ColumnKind.MONEY and isinstance(value, Decimal | int):
            return format_price(value, column.decimals)
        if column.kind is ColumnKind.QUANTITY and isinstance(value, Decimal | int):
            return format_quantity(value)
        if column.kind is ColumnKind.CHOICE:
            return tr(column.choice_label(value))
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    def _edit_text(self, row: LineRow, column: ColumnSpec) -> Any:
        if column.key in row.texts:
            return row.texts[column.key]
        value = row.values.get(column.key)
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return format_quantity(value).replace(",", "") if column.kind is (
                ColumnKind.QUANTITY) else f"{value:f}"
        if isinstance(value, date):
            return value.isoformat()
        return value

    _ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
              Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole,
              Qt.ItemDataRole.ToolTipRole)

    def _cell_state(self, row_index: int, column: int) -> tuple[Any, ...]:
        index = self.index(row_index, column)
        return tuple(self._comparable(self.data(index, role)) for role in self._ROLES)

    @staticmethod
    def _comparable(value: Any) -> Any:
        return value.color().name() if isinstance(value, QBrush) else value

    def _row_changed(self, row_index: int) -> None:
        """dataChanged for the cells that look different now, never the open editor's."""
        if 0 <= row_index < len(self.rows):
            row = self.rows[row_index]
            states = tuple(self._cell_state(row_index, c) for c in range(self.columnCount()))
            before = self._shown.get(row.key)
            self._shown[row.key] = states
            for column, state in enumerate(states):
                if before is not None and before[column] == state:
                    continue
                if self.editing_cell == (row.key, column):
                    continue
                index = self.index(row_index, column)
                self.dataChanged.emit(index, index)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, row_index, row_index)
        self.lines_changed.emit()

    def _emit_all_changed(self) -> None:
        for row_index in range(len(self.rows)):
            self._row_changed(row_index)
        if self.rows:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self.rows) - 1)
        self.lines_changed.emit()

    def _ensure_trailing_blank(self) -> None:
        if self.editable and (not self.rows or not self.rows[-1].blank()):
            at = len(self.rows)
            self.beginInsertRows(QModelIndex(), at, at)
            self.rows.append(LineRow())
            self.endInsertRows()
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, at)

