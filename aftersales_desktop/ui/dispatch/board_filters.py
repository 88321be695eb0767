"""The dispatch board's filter bar: region, kind, assigned or not, a search, and how many
jobs match. The values go to the server (services.dispatch.reads.BoardFilters): the board
never filters thousands of jobs on the client. `changed` says when to read again (a
typed search half a second after the last key, or at Enter)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.tickets import VISITS

from ..field_limits import limit_search
from ..i18n import tr

# how many jobs one read shows at most: the filters narrow it, the count says how many
BOARD_LIMIT = 500
SEARCH_DELAY_MS = 400
ASSIGNED_FILTERS = [("all", QT_TR_NOOP("All jobs")), ("unassigned", QT_TR_NOOP("Unassigned")),
                    ("assigned", QT_TR_NOOP("Assigned"))]


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.region = QComboBox()
        self.region.setObjectName("filter_region")
        self.region.addItem(tr("All regions"), None)
        self.visit = QComboBox()
        self.visit.setObjectName("filter_visit")
        self.visit.addItem(tr("On-site and carry-in"), None)
        for code, label in VISITS.items():
            self.visit.addItem(tr(label), code)
        self.assigned = QComboBox()
        self.assigned.setObjectName("filter_assigned")
        for code, label in ASSIGNED_FILTERS:
            self.assigned.addItem(tr(label), code)
        self.search = limit_search(QLineEdit())
        self.search.setObjectName("filter_search")
        self.search.setPlaceholderText(tr("Ticket no., customer, address or fault"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("board_count")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for label, widget in ((tr("Region"), self.region), (tr("Kind"), self.visit),
                              (tr("Show"), self.assigned)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.search, 1)
        row.addWidget(self.count)
        self._typing = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._typing.timeout.connect(self.changed)
        for combo in (self.region, self.visit, self.assigned):
            combo.currentIndexChanged.connect(lambda *_a: self.changed.emit())
        self.search.textChanged.connect(lambda *_a: self._typing.start())
        self.search.returnPressed.connect(self._search_now)

    def _search_now(self) -> None:
        self._typing.stop()
        self.changed.emit()

    def values(self) -> dict[str, Any]:
        """What the server filters by (the fields of reads.BoardFilters)."""
        return {"region_id": self.region.currentData(), "visit": self.visit.currentData(),
                "assigned": self.assigned.currentData(), "search": self.search.text().strip(),
                "limit": BOARD_LIMIT}

    def show_board(self, board: dict[str, Any]) -> None:
        self._fill_regions(board)
        shown = len(board.get("jobs") or [])
        total = int(board.get("total") or shown)
        count = tr("{total} open jobs, {unassigned} unassigned, {overdue} overdue").format(
            total=total, unassigned=int(board.get("unassigned") or 0),
            overdue=int(board.get("overdue") or 0))
        if total > shown:
            count += " " + tr("(the first {shown} shown: narrow the filters)").format(
                shown=shown)
        self.count.setText(count)

    def _fill_regions(self, board: dict[str, Any]) -> None:
        """The region filter offers every region the board has named so far: those with
        open jobs, those the technicians cover and the outlets' (in path order)."""
        seen = {self.region.itemData(i): self.region.itemText(i)
                for i in range(1, self.region.count())}
        named = dict(seen)
        for group in board.get("regions") or []:
            if group.get("region_id") is not None:
                named[int(group["region_id"])] = str(group.get("region") or "")
        for technician in board.get("technicians") or []:
            for region in technician.get("regions") or []:
                named[int(region["id"])] = str(region.get("name") or "")
        for outlet in board.get("outlets") or []:
            if outlet.get("region_id") is not None:
                named[int(outlet["region_id"])] = str(outlet.get("region") or "")
        if named == seen:
            return
        chosen = self.region.currentData()
        self.region.blockSignals(True)
        while self.region.count() > 1:
            self.region.removeItem(1)
        for region_id, path in sorted(named.items(), key=lambda item: item[1]):
            self.region.addItem(path, region_id)
        self.region.setCurrentIndex(max(self.region.findData(chosen), 0))
        self.region.blockSignals(False)
