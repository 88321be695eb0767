"""The dispatch board (调度台, F4): open jobs by region, the technicians and service
outlets they go to, and assigning them by keyboard or drag.

On the left the open jobs under their region (unassigned first, then overdue, then by
promised date: the server's order), on-site and carry-in told apart, urgent and overdue
marked. On the right the technicians (grade, regions, work types, load, today's visits,
this week's count) with the chosen one's day under them, and the service outlets for
outsourced work. The filters (region, kind, assigned or not, a search) go to the server:
the board never filters thousands of jobs on the client.

Keys: choose a job (Up/Down), Enter goes to the technician box; type part of a name,
Enter opens the assign dialog for that technician (Up/Down choose among the matches).
Dragging a job onto a technician or an outlet opens the same dialog. Ctrl+R reassigns,
Delete unassigns (both ask why), Ctrl+P prints the dispatch sheet, a double-click opens
the ticket, Ctrl+E exports the jobs matching the filters to Excel.

Everything is read in one round trip (services.dispatch.reads.board) on a worker, again
after any write here (did_execute "dispatch" / "ticket") and when another client changes
a ticket (NOTIFY aftersales_tickets), half a second later, so a burst costs one reload.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QToolButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services.dispatch import assign as dispatch
from aftersales_desktop.services.dispatch import reads
from aftersales_desktop.services.frontdesk.queries import TICKET_EVENTS
from aftersales_desktop.services.masterdata import settings
from aftersales_desktop.services.session import OperatorSession

from ..field_limits import limit_search
from ..forms import ERROR_STYLE, OK_STYLE
from ..frontdesk.dialogs import ReasonDialog
from ..i18n import tr
from ..messages import error_text
from ..notifications import DatabaseNotifications
from ..operations import Changes, CollectionOp, QueryOp, on_did_execute
from . import board_export
from .assign_dialog import AssignDialog, dispatch_changes
from .assignees import (
    OUTLET_COLUMNS,
    TECHNICIAN_COLUMNS,
    AssigneeTable,
    DayList,
    outlet_cells,
    technician_cells,
)
from .board_filters import FilterBar
from .board_panels import JobTree, active_job, assignee_name, time_range

RELOAD_DELAY_MS = 500
# what the board shows: jobs and tickets, and the master data of its technicians and outlets
SHOWS = ("dispatch", "tickets", "ticket", "employee", "service_outlet", "region", "work_type")
PRINT_MODULE = "aftersales_desktop.ui.dispatch.printing"


def print_hook() -> Callable[[QWidget, Database, int], None] | None:
    """The dispatch sheet's print function (ui/dispatch/printing.py), when it is there."""
    if importlib.util.find_spec(PRINT_MODULE) is None:
        return None
    hook = getattr(importlib.import_module(PRINT_MODULE), "print_dispatch_sheet", None)
    return hook if callable(hook) else None


class DispatchBoardPage(QWidget):
    """F4: the dispatcher's board."""

    open_ticket = Signal(int)

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dispatch_board")
        self.database = database
        self.session = session
        self.can_assign = session.can("dispatch.assign")
        self.board: dict[str, Any] | None = None
        self.assign_dialog: AssignDialog | None = None
        self.unassign_dialog: ReasonDialog | None = None
        self.shares_dialog: QDialog | None = None  # the job's shares (分成), issue 14
        self._assignee: tuple[str, int] | None = None
        self._loading = False
        self._again = False
        self._print = print_hook()
        self._work_types: list[dict[str, Any]] | None = None

        self.filter_bar = FilterBar()
        # the filters, as the tests and the keys reach them
        self.region, self.visit = self.filter_bar.region, self.filter_bar.visit
        self.assigned, self.search = self.filter_bar.assigned, self.filter_bar.search
        self.count = self.filter_bar.count

        self.jobs = JobTree()
        self.technician_filter = limit_search(QLineEdit())
        self.technician_filter.setObjectName("technician_filter")
        self.technician_filter.setPlaceholderText(
            tr("Technician: type part of a name, Enter assigns"))
        self.technicians = AssigneeTable("technician", TECHNICIAN_COLUMNS)
        self.technicians.setObjectName("dispatch_technicians")
        self.day_title = QLabel()
        self.day_title.setObjectName("day_title")
        self.day = DayList()
        self.outlets = AssigneeTable("outlet", OUTLET_COLUMNS)
        self.outlets.setObjectName("dispatch_outlets")
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(tr("Technicians")))
        column.addWidget(self.technician_filter)
        column.addWidget(self.technicians, 3)
        column.addWidget(self.day_title)
        column.addWidget(self.day, 2)
        column.addWidget(QLabel(tr("Service outlets (outsourced work)")))
        column.addWidget(self.outlets, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.jobs)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.message = QLabel()
        self.message.setObjectName("board_message")
        self.message.setWordWrap(True)
        self._build_actions()
        buttons = QHBoxLayout()
        for action in (self.assign_action, self.reassign_action, self.unassign_action,
                       self.print_action, self.open_action, self.export_action):
            if not action.isVisible():
                continue
            button = QToolButton()
            button.setDefaultAction(action)
            button.setObjectName(f"button_{action.objectName()}")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self._reload = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload.timeout.connect(self.refresh)
        self.filter_bar.changed.connect(self.refresh)
        self.jobs.currentItemChanged.connect(lambda *_a: self._update_actions())
        self.jobs.enter_pressed.connect(self._enter_on_job)
        self.jobs.itemDoubleClicked.connect(self._double_clicked)
        self.jobs.customContextMenuRequested.connect(self._job_menu)
        self.technician_filter.textChanged.connect(self._filter_technicians)
        self.technician_filter.returnPressed.connect(self.assign_selected)
        self.technician_filter.installEventFilter(self)
        for table in (self.technicians, self.outlets):
            table.itemSelectionChanged.connect(lambda t=table: self._assignee_chosen(t))
            table.job_dropped.connect(self.job_dropped)
            table.enter_pressed.connect(self.assign_selected)
        self.events = DatabaseNotifications(database, TICKET_EVENTS, parent=self)
        self.events.notified.connect(self._reload.start)
        on_did_execute(self, self._operation_did_execute)
        self._update_actions()
        self.refresh()

    def _build_actions(self) -> None:
        def action(name: str, label: str, run: Callable[[], object],
                   keys: QKeySequence | None = None, *, on: QWidget | None = None) -> QAction:
            made = QAction(label, on or self)
            made.setObjectName(name)
            if keys is not None:
                made.setShortcut(keys)
                made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            made.triggered.connect(lambda _checked=False: run())
            (on or self).addAction(made)
            return made

        self.assign_action = action("assign", tr("Assign... (Enter)"), self.assign_selected)
        self.reassign_action = action("reassign", tr("Reassign..."), self.reassign_selected,
                                      QKeySequence("Ctrl+R"))
        self.unassign_action = action("unassign", tr("Unassign..."), self.unassign_selected,
                                      QKeySequence(QKeySequence.StandardKey.Delete),
                                      on=self.jobs)
        self.unassign_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.shares_action = action("job_shares", tr("Shares..."), self.shares_selected)
        self.print_action = action("print_sheet", tr("Print dispatch sheet"),
                                   self.print_selected, QKeySequence("Ctrl+P"))
        self.open_action = action("open_ticket", tr("Open ticket"), self.open_selected,
                                  QKeySequence("Ctrl+O"))
        self.export_action = action("export", tr("Export to Excel"),
                                    lambda: self.export_to_excel(), QKeySequence("Ctrl+E"))
        self.export_action.setVisible(self.session.can("data.export"))
        for writer in (self.assign_action, self.reassign_action, self.unassign_action,
                       self.shares_action):
            writer.setVisible(self.can_assign)
        self.print_action.setVisible(self._print is not None)

    # -- loading ---------------------------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        """What the server filters by (services.dispatch.reads.BoardFilters)."""
        return self.filter_bar.values()

    def _operation_did_execute(self, changes: Changes, _origin: object) -> None:
        if changes.touches("work_type"):
            self._work_types = None  # the standard hours may have changed
        if changes.touches(SHOWS):
            self._reload.start()

    def refresh(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        filters = self.filters()

        known_work_types = self._work_types

        def read(conn: Any) -> dict[str, Any]:
            board: dict[str, Any] = reads.board(conn, reads.BoardFilters(**filters))
            if "work_types" not in board:
                # the assign dialog's standard hours: read once while the page is open
                board["work_types"] = (known_work_types if known_work_types is not None
                                       else settings.active_work_types(conn))
            return board

        QueryOp(parent=self, database=self.database, op=read,
                success=self._show).failure(self._failed).run_in_background()

    def load(self, _key: object = None) -> None:
        """main_window.open_record: the board has no record of its own; it reloads."""
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.say(error_text(exc), ok=False)
        if self._again:
            self._again = False
            self._reload.start()

    def _show(self, board: dict[str, Any]) -> None:
        self._loading = False
        keep_job = self.jobs.current_ticket_id()
        keep_assignee = self._assignee
        self.board = board
        self._work_types = list(board.get("work_types") or [])
        self.filter_bar.show_board(board)
        self.jobs.fill(list(board.get("jobs") or []), board.get("regions") or [])
        self.technicians.fill(board.get("technicians") or [], technician_cells)
        self.outlets.fill(board.get("outlets") or [], outlet_cells)
        self._filter_technicians(self.technician_filter.text())
        if not self.jobs.select_ticket(keep_job):
            self.jobs.select_first_job()
        if keep_assignee is not None:
            table = self.technicians if keep_assignee[0] == "technician" else self.outlets
            if not table.select_key(keep_assignee):
                self._assignee = None
        self._show_day()
        self._update_actions()
        if self._again:
            self._again = False
            self.refresh()

    # -- choosing --------------------------------------------------------------------------
    def selected_job(self) -> dict[str, Any] | None:
        return self.jobs.current_job()

    def selected_assignee(self) -> tuple[str, int] | None:
        return self._assignee

    def technician(self, technician_id: int) -> dict[str, Any] | None:
        return next((t for t in (self.board or {}).get("technicians") or []
                     if int(t["id"]) == technician_id), None)

    def _assignee_chosen(self, table: AssigneeTable) -> None:
        key = table.current_key()
        if key is None:
            return
        self._assignee = key
        other = self.outlets if table is self.technicians else self.technicians
        other.blockSignals(True)
        other.clearSelection()
        other.blockSignals(False)
        self._show_day()
        self._update_actions()

    def _show_day(self) -> None:
        key = self._assignee
        technician = self.technician(key[1]) if key and key[0] == "technician" else None
        if technician is None:
            self.day_title.setText(tr("Choose a technician to see their day."))
            self.day.show_day([])
            return
        visits = technician.get("today") or []
        self.day_title.setText(tr("Today: {name}, {count} visits").format(
            name=technician.get("name"), count=len(visits)))
        self.day.show_day(visits)

    def _filter_technicians(self, text: str) -> None:
        """Type part of a name (or code): the technicians narrow, the first match is chosen."""
        wanted = text.strip().lower()
        table = self.technicians
        for row, technician in enumerate(table.rows):
            names = f"{technician.get('name') or ''} {technician.get('code') or ''}".lower()
            table.setRowHidden(row, bool(wanted) and wanted not in names)
        visible = table.visible_rows()
        current = table.current_key()
        if wanted and visible and (current is None or table.isRowHidden(
                table.currentRow())):
            table.selectRow(visible[0])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down in the technician box move among the matching technicians
        if watched is self.technician_filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self._step_technician(-1 if event.key() == Qt.Key.Key_Up else 1)
                return True
        return super().eventFilter(watched, event)

    def _step_technician(self, step: int) -> None:
        visible = self.technicians.visible_rows()
        if not visible:
            return
        current = self.technicians.currentRow()
        position = visible.index(current) + step if current in visible else 0
        self.technicians.selectRow(visible[max(0, min(position, len(visible) - 1))])

    def _enter_on_job(self) -> None:
        """Enter on a job: on to the technician box (assign from there), or straight to
        the dialog when an assignee is chosen already."""
        if self.selected_job() is None or not self.can_assign:
            return
        if self._assignee is None:
            self.technician_filter.setFocus()
            self.technician_filter.selectAll()
            self.say(tr("Type part of the technician's name and press Enter."))
            return
        self.assign_selected()

    def _update_actions(self) -> None:
        job = self.selected_job()
        active = active_job(job) if job is not None else None
        self.assign_action.setEnabled(job is not None)
        self.reassign_action.setEnabled(active is not None)
        self.unassign_action.setEnabled(active is not None)
        self.print_action.setEnabled(active is not None)
        self.shares_action.setEnabled(active is not None
                                      and active.get("assignee_kind") == "technician")
        self.open_action.setEnabled(job is not None)

    # -- assigning -------------------------------------------------------------------------
    def assign_selected(self) -> None:
        job = self.selected_job()
        if job is None:
            self.say(tr("Choose a job first."), ok=False)
            return
        self.open_assign(job, self._assignee)

    def reassign_selected(self) -> None:
        job = self.selected_job()
        if job is None or active_job(job) is None:
            self.say(tr("The job is not assigned yet: use Assign."), ok=False)
            return
        self.open_assign(job, self._assignee)

    def shares_selected(self) -> None:
        """The active job's shares (分成, ui/commissions/shares_dialog.py)."""
        from ..commissions.ticket_shares import open_job_shares

        active = active_job(self.selected_job() or {})
        if active is not None and active.get("assignee_kind") == "technician":
            self.shares_dialog = open_job_shares(self, self.database, int(active["id"]))

    def job_dropped(self, ticket_id: int, assignee: tuple[str, int]) -> None:
        """A job dragged onto a technician or an outlet: the same dialog, prefilled."""
        job = self.jobs.jobs.get(ticket_id)
        if job is None or not self.can_assign:
            return
        self.jobs.select_ticket(ticket_id)
        self._assignee = assignee
        self.open_assign(job, assignee)

    def open_assign(self, job: dict[str, Any], assignee: tuple[str, int] | None) -> None:
        if not self.can_assign:
            return
        board = self.board or {}
        dialog = AssignDialog(self.database, job, technicians=list(board.get("technicians") or []),
                              outlets=list(board.get("outlets") or []),
                              work_types=list(board.get("work_types") or []),
                              assignee=assignee, parent=self)
        self.assign_dialog = dialog
        dialog.accepted.connect(lambda d=dialog: self._assigned(d))
        dialog.finished.connect(lambda *_a, d=dialog: self._dialog_closed(d))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.assign_dialog is dialog:
            self.assign_dialog = None
        if self.unassign_dialog is dialog:
            self.unassign_dialog = None
        dialog.deleteLater()
        self.window().activateWindow()  # the keys come back to the board
        self.jobs.setFocus()

    def _assigned(self, dialog: AssignDialog) -> None:
        job = dialog.assigned_job or {}
        key = dialog.assignee.currentData()
        if key is not None:
            self._assignee = key
        name = dialog.assignee.currentText()
        visit = (job.get("job") or job).get("visit") or {}
        when = time_range(visit.get("start"), visit.get("end")) if isinstance(visit, dict) \
            else ""
        if not when and dialog.needs_visit():
            start, end = dialog.visit_times()
            when = time_range(start.isoformat(), end.isoformat())
        number = dialog.job.get("number") or ""
        self.say(tr("{number} assigned to {name}, visit {time}.").format(
            number=number, name=name, time=when) if when else
            tr("{number} assigned to {name}.").format(number=number, name=name), ok=True)

    def unassign_selected(self) -> None:
        job = self.selected_job()
        active = active_job(job) if job is not None else None
        if job is None or active is None or not self.can_assign:
            self.say(tr("The job is not assigned."), ok=False)
            return
        dialog = ReasonDialog(
            tr("Unassign {number}").format(number=job.get("number") or ""),
            tr("{number} goes back to the unassigned jobs and {name}'s visit is cancelled: "
               "say why.").format(number=job.get("number") or "", name=assignee_name(active)),
            lambda: refuse("dispatch_reason_required", field="reason"), parent=self,
            column=("job_event", "reason"))
        dialog.setObjectName("unassign_dialog")
        self.unassign_dialog = dialog
        job_id, version = int(active["id"]), active.get("version")
        ticket_id, number = int(job["ticket_id"]), str(job.get("number") or "")
        dialog.accepted.connect(lambda: self._unassign(job_id, version, ticket_id, number,
                                                       dialog.reason.text().strip()))
        dialog.finished.connect(lambda *_a, d=dialog: self._dialog_closed(d))
        dialog.open()

    def _unassign(self, job_id: int, version: Any, ticket_id: int, number: str,
                  reason: str) -> None:
        def unassign(conn: Any) -> dict[str, Any]:
            result: dict[str, Any] = dispatch.unassign(conn, job_id=job_id, version=version,
                                                       reason=reason)
            return result

        CollectionOp(parent=self, database=self.database, op=unassign, atomic=False,
                     changes=dispatch_changes(ticket_id),
                     success=lambda _r: self.say(tr("{number} is unassigned.").format(
                         number=number), ok=True)).failure(
                             lambda exc: self.say(error_text(exc), ok=False)).run_in_background()

    # -- the ticket and its sheet ----------------------------------------------------------
    def open_selected(self) -> None:
        ticket_id = self.jobs.current_ticket_id()
        if ticket_id is not None:
            self.open_ticket.emit(ticket_id)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        ticket_id = item.data(0, Qt.ItemDataRole.UserRole)
        if ticket_id is not None:
            self.open_ticket.emit(int(ticket_id))

    def print_selected(self) -> None:
        job = self.selected_job()
        active = active_job(job) if job is not None else None
        if active is None or self._print is None:
            self.say(tr("Only an assigned job has a dispatch sheet."), ok=False)
            return
        self._print(self, self.database, int(active["id"]))

    def export_to_excel(self, path: Path | None = None) -> bool:
        """The jobs matching the filters to a workbook (asks where unless `path` is given);
        False when nothing was started."""
        if not self.export_action.isVisible():
            return False
        target = path or board_export.ask_path(self)
        if target is None:
            return False
        self.say(tr("Exporting…"))
        QueryOp(parent=self, database=self.database,
                op=board_export.export_work(target, self.filters()),
                success=lambda count: self.say(tr("{count} jobs exported to {path}.").format(
                    count=count, path=target), ok=True)).failure(
                        lambda exc: self.say(error_text(exc), ok=False)).with_progress(
                            ).run_in_background()
        return True

    def _job_menu(self, position: QPoint) -> None:
        menu = self.job_menu_at(position)
        if menu is not None:
            menu.popup(self.jobs.viewport().mapToGlobal(position))

    def job_menu_at(self, position: QPoint) -> QMenu | None:
        """The context menu of the job at `position` (viewport coordinates), made current."""
        item = self.jobs.itemAt(position)
        if item is None or item.data(0, Qt.ItemDataRole.UserRole) is None:
            return None
        self.jobs.setCurrentItem(item)
        menu = QMenu(self)
        for action in (self.assign_action, self.reassign_action, self.unassign_action,
                       self.shares_action, self.print_action, self.open_action):
            if action.isVisible():
                menu.addAction(action)
        menu.aboutToHide.connect(menu.deleteLater)
        return menu

    def say(self, text: str, *, ok: bool | None = None) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("" if ok is None else OK_STYLE if ok else ERROR_STYLE)
