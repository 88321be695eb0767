"""The due list's tree: the tasks under their group (UI.md: boards are lists with
groups). In the "due now" view the groups are 待回拨 (call-backs the customer asked for,
now due), 已超期 (past their due day) and 今日到期 (due today), in the server's order;
the other views are one group.

What each row shows comes from app.callback_due's rows (services/callbacks/tasks.py),
read with `.get` so a field the server leaves out shows empty instead of breaking the
list. Overdue rows are orange (UI.md), call-backs blue.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.audit_labels import SERVICE_MODES
from aftersales_desktop.domain.callbacks import OUTCOMES, TASK_KINDS, TASK_STATES
from aftersales_desktop.domain.masking import group_phone, mask_phone

from ..i18n import tr

Row = dict[str, Any]
KEY = Qt.ItemDataRole.UserRole
OVERDUE_COLOUR = QColor("#d46b08")
CALL_BACK_COLOUR = QColor("#1677ff")

GROUPS: list[tuple[str, str]] = [
    ("call_back", QT_TR_NOOP("Call back now")),
    ("overdue", QT_TR_NOOP("Overdue")),
    ("today", QT_TR_NOOP("Due today")),
]
COLUMNS: list[tuple[str, str]] = [
    ("due_on", QT_TR_NOOP("Due", "callback due date")),
    ("number", QT_TR_NOOP("Ticket no.")),
    ("customer", QT_TR_NOOP("Customer")),
    ("phone", QT_TR_NOOP("Phone")),
    ("product", QT_TR_NOOP("Product")),
    ("technician", QT_TR_NOOP("Technician")),
    ("attempts", QT_TR_NOOP("Attempts")),
    ("last_outcome", QT_TR_NOOP("Last call")),
    ("call_back_at", QT_TR_NOOP("Call back at")),
    ("kind", QT_TR_NOOP("Kind")),
    ("service_mode", QT_TR_NOOP("Service mode")),
    ("region", QT_TR_NOOP("Region")),
    ("address", QT_TR_NOOP("Address")),
    ("state", QT_TR_NOOP("State")),
    ("expires_on", QT_TR_NOOP("Expires")),
]


def group_of(row: Row, today: date) -> str:
    """Which group of the due view a due task is in."""
    if row.get("call_back_at"):
        return "call_back"
    due_on = row.get("due_on")
    if due_on and str(due_on) < today.isoformat():
        return "overdue"
    return "today"


def _when(value: Any) -> str:
    return shop_time.format_datetime(value) if value else ""


def row_texts(row: Row, *, phone_hidden: bool = False) -> list[str]:
    kind, state = str(row.get("kind") or ""), str(row.get("state") or "")
    mode = str(row.get("service_mode") or "")
    outcome = str(row.get("last_outcome") or "")
    last = tr(OUTCOMES.get(outcome, outcome)) if outcome else ""
    if last and row.get("last_attempt_at"):
        last = f"{last} {_when(row['last_attempt_at'])}"
    days = int(row.get("overdue_days") or 0)
    due = str(row.get("due_on") or "")
    if days > 0:
        due = tr("{day} ({days} days overdue)").format(day=due, days=days)
    product = " ".join(p for p in (str(row.get("product") or ""),
                                   str(row.get("dealer") or "")) if p)
    shown_phone = mask_phone if phone_hidden else group_phone
    phone = shown_phone(str(row.get("phone") or ""))
    values = {
        "due_on": due, "number": str(row.get("ticket_number") or ""),
        "customer": str(row.get("customer_name") or ""), "phone": phone,
        "product": product, "technician": str(row.get("technician") or ""),
        "attempts": str(row.get("attempts") or 0), "last_outcome": last,
        "call_back_at": _when(row.get("call_back_at")),
        "kind": tr(TASK_KINDS.get(kind, kind)) if kind else "",
        "service_mode": tr(SERVICE_MODES.get(mode, mode)) if mode else "",
        "region": str(row.get("region") or ""), "address": str(row.get("address") or ""),
        "state": tr(TASK_STATES.get(state, state)) if state else "",
        "expires_on": str(row.get("expires_on") or ""),
    }
    return [values[key] for key, _label in COLUMNS]


class TaskTree(QTreeWidget):
    """Groups with their tasks; Enter on a task says so (the page opens the survey)."""

    enter_pressed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("due_tasks")
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels([tr(label) for _key, label in COLUMNS])
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setRootIsDecorated(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tasks: dict[int, Row] = {}

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_task():
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)

    def fill(self, rows: list[Row], *, view: str, view_label: str, today: date,
             phone_hidden: bool = False) -> None:
        """The rows under their groups; each group says how many it lists (the page's
        status line has the server's counts)."""
        self.clear()
        self.tasks = {int(r["id"]): r for r in rows if r.get("id") is not None}
        bold = QFont(self.font())
        bold.setBold(True)
        groups: list[tuple[str, str]] = GROUPS if view == "due" else [(view, view_label)]
        parents: dict[str, QTreeWidgetItem] = {}
        for key, label in groups:
            item = QTreeWidgetItem([tr(label) if view == "due" else label])
            item.setFirstColumnSpanned(False)
            item.setFont(0, bold)
            item.setData(0, KEY, None)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(item)
            parents[key] = item
        shown: dict[str, int] = dict.fromkeys(parents, 0)
        for row in rows:
            key = group_of(row, today) if view == "due" else view
            parent = parents[key]
            item = QTreeWidgetItem(parent, row_texts(row, phone_hidden=phone_hidden))
            item.setData(0, KEY, int(row["id"]))
            colour = None
            if row.get("call_back_at") and key == "call_back":
                colour = CALL_BACK_COLOUR
            elif int(row.get("overdue_days") or 0) > 0:
                colour = OVERDUE_COLOUR
            for column in range(len(COLUMNS)):
                item.setToolTip(column, item.text(column))
                if colour is not None:
                    item.setForeground(column, QBrush(colour))
            shown[key] += 1
        for key, parent in parents.items():
            parent.setText(0, f"{parent.text(0)}  {shown[key]}")
        self.expandAll()
        for column in range(len(COLUMNS)):
            self.resizeColumnToContents(column)
            self.setColumnWidth(column, min(self.columnWidth(column), 220))

    def current_task_id(self) -> int | None:
        item = self.currentItem()
        value = item.data(0, KEY) if item is not None else None
        return int(value) if value is not None else None

    def current_task(self) -> Row | None:
        task_id = self.current_task_id()
        return self.tasks.get(task_id) if task_id is not None else None

    def _groups(self) -> list[QTreeWidgetItem]:
        found = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        return [item for item in found if item is not None]

    def _task_items(self, group: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        found = [group.child(i) for i in range(group.childCount())]
        return [item for item in found if item is not None]

    def task_ids(self) -> list[int]:
        """The listed tasks in their order (top to bottom)."""
        return [int(item.data(0, KEY)) for group in self._groups()
                for item in self._task_items(group)]

    def group_task_ids(self, group: int) -> list[int]:
        """The tasks of the `group`-th group (in the due view: call back, overdue, today)."""
        groups = self._groups()
        return [int(item.data(0, KEY)) for item in self._task_items(groups[group])]

    def select_task(self, task_id: int | None) -> bool:
        if task_id is None:
            return False
        for group in self._groups():
            for item in self._task_items(group):
                if item.data(0, KEY) == task_id:
                    self.setCurrentItem(item)
                    return True
        return False

    def select_first(self) -> None:
        for group in self._groups():
            for item in self._task_items(group):
                self.setCurrentItem(item)
                return

    def select_near(self, position: int) -> None:
        """After a task left the list: the task now at its place, else the last one."""
        ids = self.task_ids()
        if ids:
            self.select_task(ids[min(position, len(ids) - 1)])
