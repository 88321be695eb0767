"""The assignees of the dispatch board: the technicians and the service outlets a job is
given to (a table each; a job dragged from the board is dropped on a row) and the chosen
technician's visits of the day."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from aftersales_desktop.core.i18n import QT_TR_NOOP

from ..i18n import tr
from .board_panels import KEY, dragged_ticket, joined, time_range

# the counts before the long lists of regions and work types, so they stay on screen
TECHNICIAN_COLUMNS = [QT_TR_NOOP("Name"), QT_TR_NOOP("Grade"), QT_TR_NOOP("Load"),
                      QT_TR_NOOP("Today"), QT_TR_NOOP("This week"), QT_TR_NOOP("Regions"),
                      QT_TR_NOOP("Work types")]
OUTLET_COLUMNS = [QT_TR_NOOP("Service outlet"), QT_TR_NOOP("Region"), QT_TR_NOOP("Load")]
DAY_COLUMNS = [QT_TR_NOOP("Time"), QT_TR_NOOP("Ticket no."), QT_TR_NOOP("Customer"),
               QT_TR_NOOP("Address")]


def _cell(text: Any, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class AssigneeTable(QTableWidget):
    """Technicians or service outlets, one a row keyed ("technician" | "outlet", id); a
    job dropped on a row asks to assign it there, Enter asks to assign the current job
    to the current row."""

    job_dropped = Signal(int, object)  # ticket id, (kind, id)
    enter_pressed = Signal()

    def __init__(self, kind: str, columns: list[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self.kind = kind
        self.setHorizontalHeaderLabels([tr(c) for c in columns])
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)
        self.horizontalHeader().setStretchLastSection(True)
        self.rows: list[dict[str, Any]] = []

    def fill(self, rows: Iterable[dict[str, Any]], cells: Any) -> None:
        """`cells(row)` gives each row's texts (numbers as ints: right-aligned)."""
        keep = self.current_key()
        self.rows = list(rows)
        self.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            for column, value in enumerate(cells(row)):
                item = _cell(value, right=isinstance(value, int))
                if column == 0:
                    item.setData(KEY, (self.kind, int(row["id"])))
                self.setItem(index, column, item)
        self.resizeColumnsToContents()
        if keep is not None:
            self.select_key(keep, quiet=True)

    def key_at(self, row: int) -> tuple[str, int] | None:
        item = self.item(row, 0)
        return item.data(KEY) if item is not None else None

    def current_key(self) -> tuple[str, int] | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return self.key_at(rows[0].row()) if rows else None

    def current_row_data(self) -> dict[str, Any] | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return self.rows[rows[0].row()] if rows else None

    def select_key(self, key: tuple[str, int], *, quiet: bool = False) -> bool:
        for row in range(self.rowCount()):
            if self.key_at(row) == key and not self.isRowHidden(row):
                if quiet:
                    self.blockSignals(True)
                self.selectRow(row)
                self.setCurrentCell(row, 0)
                if quiet:
                    self.blockSignals(False)
                return True
        return False

    def visible_rows(self) -> list[int]:
        return [r for r in range(self.rowCount()) if not self.isRowHidden(r)]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    # a job from the tree is the only thing that may be dropped here
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dragged_ticket(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if dragged_ticket(event.mimeData()) is not None and \
                self.indexAt(event.position().toPoint()).isValid():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        ticket_id = dragged_ticket(event.mimeData())
        index: QModelIndex = self.indexAt(event.position().toPoint())
        key = self.key_at(index.row()) if index.isValid() else None
        if ticket_id is None or key is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.selectRow(index.row())
        self.job_dropped.emit(ticket_id, key)

    def row_centre(self, row: int) -> QPoint:
        """Where a drop on `row` lands (viewport coordinates)."""
        return self.visualRect(self.model().index(row, 0)).center()


def technician_cells(technician: dict[str, Any]) -> list[Any]:
    today = technician.get("today") or []
    return [str(technician.get("name") or ""), str(technician.get("grade") or ""),
            int(technician.get("load") or 0),
            " ".join(time_range(v.get("start"), v.get("end")) for v in today),
            int(technician.get("week") or 0),
            joined(technician.get("regions")), joined(technician.get("work_types"))]


def outlet_cells(outlet: dict[str, Any]) -> list[Any]:
    return [str(outlet.get("name") or ""),
            str(outlet.get("region") or ""),
            int(outlet.get("load") or 0)]


class DayList(QTableWidget):
    """The selected technician's visits today, by time (the board's day timeline)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(DAY_COLUMNS), parent)
        self.setObjectName("technician_today")
        self.setHorizontalHeaderLabels([tr(c) for c in DAY_COLUMNS])
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.horizontalHeader().setStretchLastSection(True)

    def show_day(self, visits: Sequence[dict[str, Any]]) -> None:
        ordered = sorted(visits, key=lambda v: str(v.get("start") or ""))
        self.setRowCount(len(ordered))
        for row, visit in enumerate(ordered):
            values = [time_range(visit.get("start"), visit.get("end")),
                      visit.get("number") or "", visit.get("customer_name") or "",
                      visit.get("address") or ""]
            for column, value in enumerate(values):
                item = _cell(value)
                if column == 0:
                    item.setData(KEY, visit.get("ticket_id"))
                self.setItem(row, column, item)
        self.resizeColumnsToContents()

    def numbers(self) -> list[str]:
        cells = (self.item(r, 1) for r in range(self.rowCount()))
        return [cell.text() for cell in cells if cell is not None]
