"""The due list's filter bar: which tasks (the view), service mode, region, technician,
kind and a search. The values go to the server (app.callback_due): the page never
filters thousands of tasks on the client. `changed` says when to read again (a typed
search a moment after the last key, or at Enter).

The service modes, regions and technicians to choose from are read once when the page
opens (`fill_choices`, from services.callbacks.settings.filter_choices).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.callbacks import TASK_KINDS
from aftersales_desktop.services.callbacks.tasks import DUE_LIMIT_MAX, DueFilters

from ..field_limits import limit_search
from ..forms import set_choices
from ..i18n import tr

SEARCH_DELAY_MS = 400
# the views of app.callback_due the page offers; "due" is the worked list, in groups
VIEWS: list[tuple[str, str]] = [
    ("due", QT_TR_NOOP("Due now")),
    ("upcoming", QT_TR_NOOP("Upcoming")),
    ("open", QT_TR_NOOP("All open")),
    ("closed", QT_TR_NOOP("Closed")),
    ("all", QT_TR_NOOP("All tasks")),
]


class DueFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = QComboBox()
        self.view.setObjectName("due_view")
        for code, label in VIEWS:
            self.view.addItem(tr(label), code)
        self.service_mode = QComboBox()
        self.service_mode.setObjectName("due_service_mode")
        set_choices(self.service_mode, [], none_label=tr("All service modes"))
        self.region = QComboBox()
        self.region.setObjectName("due_region")
        set_choices(self.region, [], none_label=tr("All regions"))
        self.technician = QComboBox()
        self.technician.setObjectName("due_technician")
        set_choices(self.technician, [], none_label=tr("All technicians"))
        self.kind = QComboBox()
        self.kind.setObjectName("due_kind")
        set_choices(self.kind, [(code, tr(label)) for code, label in TASK_KINDS.items()],
                    none_label=tr("All kinds"))
        self.search = limit_search(QLineEdit())
        self.search.setObjectName("due_search")
        self.search.setPlaceholderText(tr("Ticket no., customer or phone"))
        self.search.setClearButtonEnabled(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.view)
        for label, widget in ((tr("Service mode"), self.service_mode),
                              (tr("Region"), self.region),
                              (tr("Technician"), self.technician), (tr("Kind"), self.kind)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.search, 1)
        self._typing = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._typing.timeout.connect(self.changed)
        for combo in (self.view, self.service_mode, self.region, self.technician, self.kind):
            combo.currentIndexChanged.connect(lambda *_a: self.changed.emit())
        self.search.textChanged.connect(lambda *_a: self._typing.start())
        self.search.returnPressed.connect(self._search_now)

    def _search_now(self) -> None:
        self._typing.stop()
        self.changed.emit()

    def values(self) -> DueFilters:
        return DueFilters(view=str(self.view.currentData()),
                          service_mode=self.service_mode.currentData(),
                          region_id=self.region.currentData(),
                          technician_id=self.technician.currentData(),
                          kind=self.kind.currentData(),
                          search=self.search.text().strip() or None, limit=DUE_LIMIT_MAX)

    def set_view(self, view: str) -> None:
        index = self.view.findData(view)
        if index >= 0:
            self.view.setCurrentIndex(index)

    def fill_choices(self, choices: dict[str, Any]) -> None:
        """The service modes, regions (by path) and technicians to filter by."""
        for combo, rows, none_label in (
                (self.service_mode, choices.get("service_modes") or [],
                 tr("All service modes")),
                (self.region, choices.get("regions") or [], tr("All regions")),
                (self.technician, choices.get("technicians") or [], tr("All technicians"))):
            chosen = combo.currentData()
            combo.blockSignals(True)
            set_choices(combo, [(row["key"], str(row["label"])) for row in rows],
                        none_label=none_label)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)
