"""The parts of the dispatch board: the job tree (grouped by region, a job can be dragged),
the assignee tables a job is dropped on (technicians, service outlets) and the selected
technician's day.

They only show what the board read and say what the operator did (signals); the page
(board.py) decides what follows. What each row shows comes from the answer of
app.dispatch_board (services/dispatch/reads.py `board()`): plain JSON, read here with
`.get` so a field the server leaves out shows as empty instead of breaking the board.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.tickets import VISITS

from ..i18n import tr

# what a dragged job carries: its ticket (a job is on the board once per ticket)
JOB_MIME = "application/x-aftersales-dispatch-job"
KEY = Qt.ItemDataRole.UserRole
# UI.md: urgent = red badge, overdue = orange (the days late in red: they cost money)
URGENT_BACKGROUND = QColor("#cf1322")
LATE_COLOUR = QColor("#cf1322")
OVERDUE_ROW = QColor("#d46b08")
ON_SITE_COLOUR = QColor("#1677ff")
UNASSIGNED_COLOUR = QColor("#8c8c8c")

# who has the job and when come before the long texts: at 1280 px they stay on screen
JOB_COLUMNS: list[tuple[str, str]] = [
    ("number", QT_TR_NOOP("Ticket no.")),
    ("visit", QT_TR_NOOP("Kind")),
    ("urgent", QT_TR_NOOP("Urgent")),
    ("late", QT_TR_NOOP("Late")),
    ("assignee", QT_TR_NOOP("Assigned to")),
    ("appointment", QT_TR_NOOP("Appointment")),
    ("customer", QT_TR_NOOP("Customer")),
    ("address", QT_TR_NOOP("Address")),
    ("device", QT_TR_NOOP("Device and fault")),
    ("work_type", QT_TR_NOOP("Work type")),
    ("promised", QT_TR_NOOP("Promised")),
]
WIDEST_COLUMN = 220  # px; a longer address or fault is read in full in its tooltip
COLUMN = {key: index for index, (key, _label) in enumerate(JOB_COLUMNS)}

# -- reading the board's answer -------------------------------------------------------------

def active_job(job: dict[str, Any]) -> dict[str, Any] | None:
    """The ticket's active job (assigned or started), None while it is unassigned."""
    active = job.get("job")
    return active if isinstance(active, dict) and active.get("id") is not None else None


def assignee_name(active: dict[str, Any] | None) -> str:
    if active is None:
        return ""
    if active.get("assignee_kind") == "outlet":
        return tr("{outlet} (outlet)").format(outlet=active.get("outlet") or "?")
    return str(active.get("technician") or "?")


def assignee_key(active: dict[str, Any] | None) -> tuple[str, int] | None:
    """("technician", id) or ("outlet", id) of the active job."""
    if active is None:
        return None
    if active.get("assignee_kind") == "outlet" and active.get("outlet_id") is not None:
        return ("outlet", int(active["outlet_id"]))
    if active.get("technician_id") is not None:
        return ("technician", int(active["technician_id"]))
    return None


def moment(value: Any) -> datetime | None:
    """A time of the answer (typed, or its ISO text) on the shop's clock; None if absent."""
    if not value:
        return None
    if isinstance(value, datetime):
        return shop_time.to_shop_time(value)
    return shop_time.parse(str(value))


def time_range(start: Any, end: Any) -> str:
    """'14:00-16:00' on the visit's day; with the day when it is not today."""
    first, last = moment(start), moment(end)
    if first is None:
        return ""
    text = first.strftime("%H:%M")
    if first.date() != shop_time.today():
        text = first.strftime("%m-%d %H:%M")
    if last is not None:
        text += "-" + last.strftime("%H:%M")
    return text


def booked_visit(active: dict[str, Any] | None) -> dict[str, Any] | None:
    """The active job's latest visit that was not cancelled, None without one."""
    visit = (active or {}).get("visit")
    return visit if isinstance(visit, dict) and visit.get("start") else None


def device_text(job: dict[str, Any]) -> str:
    device = " ".join(str(job.get(k) or "") for k in ("brand", "product", "model")).strip()
    fault = str(job.get("fault") or "")
    return f"{device}: {fault}" if device and fault else device or fault


def late_text(job: dict[str, Any]) -> str:
    """'3 days late' past the promised day; 'visit missed' when the booked visit ended
    without the job being started."""
    days = int(job.get("days_late") or 0)
    if days > 0:
        return tr("{days} day(s) late").format(days=days)
    if job.get("appointment_missed"):
        return tr("Visit missed")
    return ""


def visit_text(active: dict[str, Any] | None, job: dict[str, Any]) -> str:
    """The job's booked visit, else the appointment the customer was given."""
    visit = booked_visit(active)
    if visit is not None:
        return time_range(visit.get("start"), visit.get("end"))
    appointment = moment(job.get("appointment_at"))
    return shop_time.format_datetime(appointment) if appointment is not None else ""


def joined(values: Any) -> str:
    """A list of names (or of {name} objects) as one cell: '西湖区、拱墅区'."""
    if not values:
        return ""
    if isinstance(values, str):
        return values
    names = [str(v.get("name") or v.get("path") or "") if isinstance(v, dict) else str(v)
             for v in values]
    return "、".join(n for n in names if n)


# -- the job tree ---------------------------------------------------------------------------

class JobTree(QTreeWidget):
    """Open jobs under their region; Enter asks to assign the current job, a job can be
    dragged onto a technician or an outlet."""

    enter_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dispatch_jobs")
        self.setColumnCount(len(JOB_COLUMNS))
        self.setHeaderLabels([tr(label) for _key, label in JOB_COLUMNS])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.jobs: dict[int, dict[str, Any]] = {}  # ticket id -> the board's job

    def fill(self, jobs: Sequence[dict[str, Any]],
             regions: Sequence[dict[str, Any]] = ()) -> None:
        """Groups by region path in name order ("no region" last), the server's order
        (unassigned first, then overdue, then promised date) inside each. `regions` are
        the server's counts per region (all matching jobs, also those past the limit)."""
        self.clear()
        self.jobs = {}
        counts = {r.get("region_id"): r for r in regions}
        groups: dict[Any, list[dict[str, Any]]] = {}
        for job in jobs:
            groups.setdefault(job.get("region_id"), []).append(job)
        bold = QFont(self.font())
        bold.setBold(True)
        names = {key: str(members[0].get("region") or "") for key, members in groups.items()}
        for key in sorted(groups, key=lambda k: (not names[k], names[k])):
            members = groups[key]
            count = counts.get(key) or {}
            header = QTreeWidgetItem([tr(
                "{region}  ({count} jobs, {unassigned} unassigned, {overdue} overdue)").format(
                region=names[key] or tr("No region"),
                count=int(count.get("jobs") or len(members)),
                unassigned=int(count.get("unassigned")
                               or sum(1 for j in members if active_job(j) is None)),
                overdue=int(count.get("overdue") or sum(1 for j in members if j.get("overdue"))))])
            header.setFont(0, bold)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not selected, not dragged
            header.setData(0, KEY, None)
            self.addTopLevelItem(header)
            header.setFirstColumnSpanned(True)
            header.addChildren([self._job_item(job) for job in members])
        self.expandAll()
        for column in range(len(JOB_COLUMNS) - 1):
            self.resizeColumnToContents(column)
            self.setColumnWidth(column, min(self.columnWidth(column), WIDEST_COLUMN))

    def _job_item(self, job: dict[str, Any]) -> QTreeWidgetItem:
        ticket_id = int(job["ticket_id"])
        self.jobs[ticket_id] = job
        active = active_job(job)
        late = late_text(job)
        on_site = job.get("visit") == "on_site"
        texts = {
            "number": str(job.get("number") or ""),
            "visit": tr(VISITS.get(str(job.get("visit")), str(job.get("visit") or ""))),
            "urgent": tr("URGENT") if job.get("urgent") else "",
            "late": late,
            "customer": str(job.get("customer_name") or ""),
            "address": str(job.get("address") or ""),
            "device": device_text(job),
            "work_type": str(job.get("work_type") or ""),
            "promised": str(job.get("promised_on") or ""),  # a date: yyyy-MM-dd
            "appointment": visit_text(active, job),
            "assignee": assignee_name(active) or tr("Unassigned"),
        }
        item = QTreeWidgetItem([texts[key] for key, _label in JOB_COLUMNS])
        item.setData(0, KEY, ticket_id)
        for key in ("address", "device"):
            item.setToolTip(COLUMN[key], texts[key])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                      | Qt.ItemFlag.ItemIsDragEnabled)
        style = self.style()
        item.setIcon(COLUMN["visit"], style.standardIcon(
            QStyle.StandardPixmap.SP_DirHomeIcon if on_site
            else QStyle.StandardPixmap.SP_ComputerIcon))
        if on_site:
            item.setForeground(COLUMN["visit"], QBrush(ON_SITE_COLOUR))
        if job.get("overdue"):
            for column in range(len(JOB_COLUMNS)):
                item.setForeground(column, QBrush(OVERDUE_ROW))
            item.setForeground(COLUMN["late"], QBrush(LATE_COLOUR))
            font = QFont(self.font())
            font.setBold(True)
            item.setFont(COLUMN["late"], font)
        if job.get("urgent"):
            item.setBackground(COLUMN["urgent"], QBrush(URGENT_BACKGROUND))
            item.setForeground(COLUMN["urgent"], QBrush(Qt.GlobalColor.white))
        if active is None:
            item.setForeground(COLUMN["assignee"], QBrush(UNASSIGNED_COLOUR))
        return item

    # -- what the page asks ----------------------------------------------------------------
    def current_ticket_id(self) -> int | None:
        item = self.currentItem()
        value = item.data(0, KEY) if item is not None else None
        return int(value) if value is not None else None

    def current_job(self) -> dict[str, Any] | None:
        ticket_id = self.current_ticket_id()
        return self.jobs.get(ticket_id) if ticket_id is not None else None

    def groups(self) -> list[QTreeWidgetItem]:
        found = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [item for item in found if item is not None]

    def job_items(self) -> list[QTreeWidgetItem]:
        """The jobs' rows, group by group, as shown."""
        found = (group.child(i) for group in self.groups() for i in range(group.childCount()))
        return [item for item in found if item is not None]

    def item_of(self, ticket_id: int) -> QTreeWidgetItem | None:
        return next((item for item in self.job_items() if item.data(0, KEY) == ticket_id),
                    None)

    def select_ticket(self, ticket_id: int | None) -> bool:
        item = self.item_of(ticket_id) if ticket_id is not None else None
        if item is None:
            return False
        self.setCurrentItem(item)
        self.scrollToItem(item)
        return True

    def select_first_job(self) -> None:
        items = self.job_items()
        if items:
            self.setCurrentItem(items[0])

    def group_titles(self) -> list[str]:
        return [group.text(0) for group in self.groups()]

    # -- keys and drag ---------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.enter_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def mimeTypes(self) -> list[str]:
        return [JOB_MIME]

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        data = QMimeData()
        ids = [int(item.data(0, KEY)) for item in items if item.data(0, KEY) is not None]
        if ids:
            data.setData(JOB_MIME, json.dumps({"ticket_id": ids[0]}).encode())
        return data


def dragged_ticket(data: QMimeData | None) -> int | None:
    """The ticket of a job dragged from the board, None for anything else."""
    if data is None or not data.hasFormat(JOB_MIME):
        return None
    try:
        return int(json.loads(bytes(data.data(JOB_MIME).data()).decode())["ticket_id"])
    except (ValueError, KeyError, TypeError):
        return None
