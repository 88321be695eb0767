"""My jobs (我的派工): the technician's home.

The caller's jobs as `app.my_jobs` returns them: the database's row security decides
which jobs those are (a technician sees only their own), the page never filters by
technician itself. Grouped as UI.md's boards are: today's visits (and what is already
late), the other open jobs, and the ones finished in the last days. Overdue jobs show
their days late in orange. The actions work on the selected job: Start (job_start),
Requisition parts (the ticket's requisition in the stock module's editor, as the ticket
tab opens it), Report work (the work report dialog) and open the ticket.
"""

from __future__ import annotations

import importlib
import importlib.util
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.dispatch import ACTIVE_STATES, JOB_STATES
from aftersales_desktop.domain.masking import mask_phone
from aftersales_desktop.services.dispatch import jobs, reads
from aftersales_desktop.services.session import OperatorSession

from ..field_limits import limit_search
from ..forms import ERROR_STYLE, OK_STYLE
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp, on_did_execute
from .page_button import page_button

Row = dict[str, Any]  # one row of app.dispatch_rows
Job = dict[str, Any]  # its "job"
OVERDUE_COLOUR = "#d46b08"  # UI.md: overdue = orange row text
DONE_COLOUR = "#8c8c8c"
REQUISITION_CAPABILITIES = ("requisition.create", "requisition.edit")
# what a write here changes; the page reloads after any write that touches them
SHOWS = ("dispatch", "ticket")
PRINTING = "aftersales_desktop.ui.dispatch.printing"

COLUMNS = [QT_TR_NOOP("Ticket"), QT_TR_NOOP("Visit"), QT_TR_NOOP("Customer"),
           QT_TR_NOOP("Address"), QT_TR_NOOP("Phone"), QT_TR_NOOP("Fault"),
           QT_TR_NOOP("Work type"), QT_TR_NOOP("State"), QT_TR_NOOP("Late")]
GROUPS = [("today", QT_TR_NOOP("Today")), ("open", QT_TR_NOOP("Other open jobs")),
          ("finished", QT_TR_NOOP("Finished recently"))]
ROW_ROLE = Qt.ItemDataRole.UserRole


def job_of(row: Row) -> Job:
    """The job of a dispatch row (app.dispatch_rows: the ticket's fields, its job nested)."""
    job = row.get("job")
    return job if isinstance(job, dict) else {}


def job_state(row: Row) -> str:
    return str(job_of(row).get("state") or "")


def visit_text(row: Row) -> str:
    """'2026-12-02 09:00–11:00' for an on-site visit, else the promised date."""
    visit = job_of(row).get("visit") or {}
    start, end = visit.get("start"), visit.get("end")
    if start:
        text = shop_time.format_datetime(start)
        if end:
            same_day = shop_time.shop_date(end) == shop_time.shop_date(start)
            text += "–" + (shop_time.format_datetime(end)[-5:] if same_day
                           else shop_time.format_datetime(end))
        return text
    promised = row.get("promised_on")
    return tr("promised {date}").format(date=promised) if promised else ""


def late_text(row: Row) -> str:
    """'3 days late' for an overdue job (a missed appointment is late on day 0)."""
    days = int(row.get("days_late") or 0)
    if not (row.get("overdue") or days > 0):
        return ""
    # the board's words (ui/dispatch/board_panels.py), one translation for both
    return tr("{days} day(s) late").format(days=days) if days else tr("Visit missed")


def job_group(row: Row, today: date) -> str:
    """Which group of the page a job belongs to: its visit (or its promise, without a
    visit) is today or already past -> today; other open ones -> open; else finished."""
    if job_state(row) not in ACTIVE_STATES:
        return "finished"
    start = (job_of(row).get("visit") or {}).get("start")
    day = shop_time.shop_date(start) if start else None
    if day is None and isinstance(row.get("promised_on"), date):
        day = row["promised_on"]
    if day is not None and day <= today:
        return "today"
    return "open"


def state_text(row: Row) -> str:
    state = job_state(row)
    return tr(JOB_STATES.get(state, state))


def phones_text(row: Row, *, hidden: bool = False) -> str:
    """The customer's phones as the server sent them (masked unless the operator may see
    them), masked here too while sensitive data is hidden (Ctrl+H)."""
    phones = [str(p) for p in row.get("phones") or []]
    return " / ".join(mask_phone(p) if hidden else p for p in phones)


def row_texts(row: Row, *, hide_phone: bool = False) -> list[str]:
    work_type = job_of(row).get("work_type") or row.get("work_type") or ""
    return [str(row.get("number") or ""), visit_text(row),
            str(row.get("customer_name") or ""), str(row.get("address") or ""),
            phones_text(row, hidden=hide_phone), str(row.get("fault") or ""),
            str(work_type), state_text(row), late_text(row)]


class MyJobsPage(QWidget):
    """The caller's jobs; reloads after every write that touches a job or a ticket."""

    ticket_requested = Signal(int)  # open this ticket in a tab

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.rows: list[Row] = []
        self.today = shop_time.today()
        self.loaded_once = False
        self.sensitive_hidden = False
        self.report_dialog: QWidget | None = None  # the open report (tests find it here)
        self.requisition_dialog: QWidget | None = None

        self.filter_edit = limit_search(QLineEdit())
        self.filter_edit.setObjectName("my_jobs_filter")
        self.filter_edit.setPlaceholderText(tr("Search ticket, customer, address, fault"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda _text: self._fill())
        self.summary = QLabel()
        self.summary.setObjectName("my_jobs_summary")
        self.tree = QTreeWidget()
        self.tree.setObjectName("my_jobs")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([tr(c) for c in COLUMNS])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemActivated.connect(lambda _item, _column: self.open_ticket())
        self.message = QLabel()
        self.message.setObjectName("my_jobs_message")
        self.message.setWordWrap(True)

        self.start_button = self._button("my_jobs_start", tr("Start", "start a job"), "Ctrl+T",
                                         self.start)
        self.requisition_button = self._button(
            "my_jobs_requisition", tr("Requisition parts..."), "Ctrl+L", self.requisition)
        self.requisition_button.setVisible(
            any(session.can(c) for c in REQUISITION_CAPABILITIES))
        self.report_button = self._button("my_jobs_report", tr("Report work..."), "Ctrl+R",
                                          self.report)
        self.ticket_button = self._button("my_jobs_ticket", tr("Open ticket"), "", self.open_ticket)
        self.print_button = self._button("my_jobs_print", tr("Print dispatch sheet"), "Ctrl+P",
                                         self.print_sheet)
        # the sheet's printing (ui/dispatch/printing.py) is its own module: no button
        # "for show" where it is not there
        self.print_button.setVisible(importlib.util.find_spec(PRINTING) is not None)
        refresh = QPushButton(tr("Refresh (F5)"))
        refresh.clicked.connect(self.refresh)

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.summary)
        top.addWidget(refresh)
        actions = QHBoxLayout()
        for button in (self.start_button, self.requisition_button, self.report_button,
                       self.ticket_button, self.print_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self._update_buttons()
        on_did_execute(self, self._operation_did_execute)
        self.refresh()

    def _button(self, name: str, text: str, keys: str, slot: Any) -> QPushButton:
        return page_button(self, name, f"{text} ({keys})" if keys else text, keys, slot)

    # -- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        QueryOp(parent=self, database=self.database,
                op=lambda conn: reads.my_jobs(conn),
                success=self._loaded).failure(self._failed).with_progress().run_in_background()

    def _operation_did_execute(self, changes: Changes, _origin: object) -> None:
        if changes.touches(*SHOWS):
            self.refresh()

    def _loaded(self, found: dict[str, Any]) -> None:
        self.rows = [row for row in found.get("jobs") or [] if job_of(row)]
        if isinstance(found.get("today"), date):
            self.today = found["today"]
        self.loaded_once = True
        self._fill()

    def _failed(self, exc: BaseException) -> None:
        self.show_message(error_text(exc), ok=False)

    def show_message(self, text: str, *, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.sensitive_hidden = hidden
        self._fill()

    @staticmethod
    def _matches(row: Row, needle: str) -> bool:
        return not needle or any(needle in text.casefold() for text in row_texts(row))

    def _fill(self) -> None:
        keep = self.selected_row()
        keep_id = job_of(keep).get("id") if keep else None
        needle = self.filter_edit.text().strip().casefold()
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        counts = {key: 0 for key, _label in GROUPS}
        overdue = 0
        for key, label in GROUPS:
            item = QTreeWidgetItem([tr(label)])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            item.setFirstColumnSpanned(True)
            groups[key] = item
        select: QTreeWidgetItem | None = None
        for row in self.rows:
            if not self._matches(row, needle):
                continue
            group = job_group(row, self.today)
            counts[group] += 1
            item = QTreeWidgetItem(row_texts(row, hide_phone=self.sensitive_hidden))
            item.setData(0, ROW_ROLE, row)
            late = bool(late_text(row)) and group != "finished"
            overdue += late
            colour = OVERDUE_COLOUR if late else DONE_COLOUR if group == "finished" else None
            if colour:
                for column in range(len(COLUMNS)):
                    item.setForeground(column, QColor(colour))
            if row.get("urgent"):
                item.setText(0, item.text(0) + " " + tr("(urgent)"))
            groups[group].addChild(item)
            if keep_id is not None and job_of(row).get("id") == keep_id:
                select = item
        for key, label in GROUPS:
            item = groups[key]
            item.setText(0, f"{tr(label)} ({counts[key]})")
            if counts[key] or key != "finished":
                self.tree.addTopLevelItem(item)
                item.setFirstColumnSpanned(True)
                item.setExpanded(True)
        for column in range(len(COLUMNS) - 1):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, min(self.tree.columnWidth(column), 260))
        if select is None:
            select = next((groups[k].child(0) for k, _l in GROUPS if groups[k].childCount()),
                          None)
        if select is not None:
            self.tree.setCurrentItem(select)
        self.summary.setText(tr("{today} today, {open} other open, {late} late").format(
            today=counts["today"], open=counts["open"], late=overdue))
        nothing = tr("No jobs are assigned to you.")
        if self.loaded_once and not self.rows:
            self.show_message(nothing, ok=True)
        elif self.message.text() == nothing:
            self.message.clear()
        self._update_buttons()

    # -- the selected job ------------------------------------------------------------------
    def selected_row(self) -> Row | None:
        item = self.tree.currentItem()
        found = item.data(0, ROW_ROLE) if item is not None else None
        return found if isinstance(found, dict) and job_of(found) else None

    def select_ticket(self, number: str) -> bool:
        """Select the job of ticket `number` (True when it is listed)."""
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            for child in range(group.childCount() if group is not None else 0):
                item = group.child(child) if group is not None else None
                row = item.data(0, ROW_ROLE) if item is not None else None
                if item is not None and isinstance(row, dict) and row.get("number") == number:
                    self.tree.setCurrentItem(item)
                    return True
        return False

    def listed_tickets(self) -> list[str]:
        return [str(row.get("number")) for row in self.rows]

    def _update_buttons(self) -> None:
        row = self.selected_row()
        state = job_state(row) if row else None
        self._enable(self.start_button, state == "assigned",
                     None if row is None or state == "assigned" else
                     tr("The job is {state}; only an assigned job can be started.").format(
                         state=state_text(row)))
        self._enable(self.requisition_button, state in ACTIVE_STATES,
                     None if row is None or state in ACTIVE_STATES else
                     tr("Parts are requisitioned for an open job only."))
        self._enable(self.report_button, state is not None and state != "cancelled", None)
        self._enable(self.ticket_button, row is not None, None)
        self._enable(self.print_button, row is not None, None)

    @staticmethod
    def _enable(button: QPushButton, enabled: bool, reason: str | None) -> None:
        button.setEnabled(enabled)
        button.setToolTip("" if enabled else reason or "")

    # -- actions ---------------------------------------------------------------------------
    def start(self) -> None:
        row = self.selected_row()
        if row is None or job_state(row) != "assigned":
            return
        job = job_of(row)
        job_id, version, ticket_id = int(job["id"]), int(job["version"]), int(row["ticket_id"])
        number = row.get("number") or ""
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: jobs.start(conn, job_id=job_id, version=version),
                     changes=Changes.of("dispatch") | Changes.record("ticket", ticket_id),
                     success=lambda _job: self.show_message(
                         tr("Job {number} started.").format(number=number), ok=True),
                     ).failure(self._failed).run_in_background()

    def requisition(self) -> None:
        """The ticket's requisition in the stock module's editor, over this page."""
        from ..stock.requisitions import RequisitionDialog

        row = self.selected_row()
        if row is None or job_state(row) not in ACTIVE_STATES:
            return
        dialog = RequisitionDialog(self.database, self.session, int(row["ticket_id"]),
                                   parent=self)
        dialog.setObjectName("requisition_dialog")
        self.requisition_dialog = dialog
        dialog.open()

    def report(self) -> None:
        from .report_dialog import WorkReportDialog

        row = self.selected_row()
        if row is None or job_state(row) == "cancelled":
            return
        dialog = WorkReportDialog(self.database, self.session, int(job_of(row)["id"]),
                                  parent=self)
        dialog.finished_job.connect(lambda number: self.show_message(
            tr("Work on {number} reported as finished.").format(number=number), ok=True))
        self.report_dialog = dialog
        dialog.open()

    def print_sheet(self) -> None:
        """The job's dispatch sheet (派工单) in the print preview."""
        row = self.selected_row()
        if row is None:
            return
        printing = importlib.import_module(PRINTING)
        printing.print_dispatch_sheet(self, self.database, int(job_of(row)["id"]))

    def open_ticket(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.ticket_requested.emit(int(row["ticket_id"]))
