"""A list header with a filter box under each column title."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTableView

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.data.listing import ListColumn
from aftersales_desktop.domain.filters import help_text, parse_filter
from aftersales_desktop.ui.i18n import tr, user_error_text

from ..field_limits import limit_search

DEBOUNCE_MS = 300
_PADDING = 2
_INVALID_STYLE = "QLineEdit { border: 1px solid #d9363e; background: #fff4f4; }"


class ColumnFilterEdit(QLineEdit):
    """One column's filter box; checks what is typed against the column's kind as it is typed."""

    def __init__(self, column: ListColumn, *, parent: QHeaderView | None = None) -> None:
        super().__init__(parent)
        self.column = column
        self.error: str | None = None
        self.setPlaceholderText(tr("Filter"))
        self.setClearButtonEnabled(True)
        self.setObjectName(f"filter_{column.key}")
        limit_search(self)
        self._hint = tr(help_text(column.kind))
        self.setToolTip(self._hint)
        self.textChanged.connect(self._check)

    @property
    def valid_text(self) -> str:
        """What to filter on: the text if it parses, else nothing (the old rows stay honest)."""
        return "" if self.error else self.text().strip()

    def _check(self, text: str) -> None:
        try:
            parse_filter(self.column.kind, text, field=self.column.key)
        except ValidationError as exc:
            self.error = user_error_text(exc)
            self.setStyleSheet(_INVALID_STYLE)
            self.setToolTip(self.error)
        else:
            self.error = None
            self.setStyleSheet("")
            self.setToolTip(self._hint)


class FilterHeader(QHeaderView):
    """The horizontal header of a list table, with a `ColumnFilterEdit` per column.

    The editors live in a band below the section titles (a bottom viewport
    margin) and follow their sections as they are resized, moved, hidden or
    scrolled. `filters_changed` fires once typing pauses, or at once on Enter.
    """

    filters_changed = Signal()

    def __init__(self, columns: Sequence[ListColumn], *, parent: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        table = parent
        self._editors = [ColumnFilterEdit(column, parent=self) for column in columns]
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.filters_changed)
        for editor in self._editors:
            editor.textChanged.connect(lambda _text: self._debounce.start())
            editor.returnPressed.connect(self.apply_now)
        self.setSectionsMovable(True)
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.setSortIndicatorShown(True)
        self.setStretchLastSection(True)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.sectionResized.connect(self._place_editors)
        self.sectionMoved.connect(self._place_editors)
        self.sectionCountChanged.connect(self._place_editors)
        table.horizontalScrollBar().valueChanged.connect(self._place_editors)

    def editor(self, key: str) -> ColumnFilterEdit:
        for editor in self._editors:
            if editor.column.key == key:
                return editor
        raise KeyError(key)

    def editors(self) -> list[ColumnFilterEdit]:
        return list(self._editors)

    def filters(self) -> dict[str, str]:
        """Column key -> filter text, for every column whose filter is set and valid."""
        return {e.column.key: e.valid_text for e in self._editors if e.valid_text}

    def clear_filters(self) -> None:
        for editor in self._editors:
            editor.clear()

    def apply_now(self) -> None:
        self._debounce.stop()
        self.filters_changed.emit()

    # -- layout -------------------------------------------------------------------------------

    def _band_height(self) -> int:
        if not self._editors:
            return 0
        return self._editors[0].sizeHint().height() + _PADDING

    def sizeHint(self) -> QSize:
        size = super().sizeHint()
        size.setHeight(size.height() + self._band_height())
        return size

    def updateGeometries(self) -> None:
        self.setViewportMargins(0, 0, 0, self._band_height())
        super().updateGeometries()
        self._place_editors()

    def _place_editors(self) -> None:
        top = self.viewport().geometry().bottom() + 1
        height = self._band_height() - _PADDING
        for logical, editor in enumerate(self._editors):
            if logical >= self.count() or self.isSectionHidden(logical):
                editor.hide()
                continue
            x = self.sectionViewportPosition(logical)
            editor.setGeometry(x + 1, top, max(0, self.sectionSize(logical) - 2), height)
            editor.show()
