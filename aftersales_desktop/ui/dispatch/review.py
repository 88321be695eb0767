"""The review queue (审核): finished jobs waiting for a manager, by technician and date.

The filters go to the server (`app.review_queue`): a technician, the days the jobs were
finished, and whether to list the jobs waiting for review or the ones already reviewed
(to undo a review). A job's report opens read-only with the ticket's requisitioned parts
and its photos. Approve (review.approve) freezes the report and the requisition; Undo
review (review.undo) asks for a reason. Both are one server call; the list reloads after.
"""

from __future__ import annotations

import importlib
import importlib.util
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.listing import ListQuery
from aftersales_desktop.domain.dispatch import RESULTS
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services.dispatch import jobs, reads
from aftersales_desktop.services.session import OperatorSession

from ..field_limits import limit_date
from ..forms import ERROR_STYLE, OK_STYLE, set_choices
from ..frontdesk.dialogs import ReasonDialog
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp, on_did_execute
from .my_jobs import OVERDUE_COLOUR, job_of, job_state, late_text
from .page_button import page_button

Row = dict[str, Any]  # one row of app.dispatch_rows, its job nested
COLUMNS = [QT_TR_NOOP("Ticket"), QT_TR_NOOP("Technician"),
           QT_TR_NOOP("Finished", "time"),
           QT_TR_NOOP("Result"), QT_TR_NOOP("Work done"), QT_TR_NOOP("Hours"),
           QT_TR_NOOP("Late"), QT_TR_NOOP("Customer"),
           QT_TR_NOOP("Reviewed", "time")]
SHOWS = ("dispatch",)
DEFAULT_DAYS = 31
LISTS = "aftersales_desktop.data.dispatch_lists"
ROW_ROLE = Qt.ItemDataRole.UserRole


def report_of(row: Row) -> dict[str, Any]:
    report = job_of(row).get("report")
    return report if isinstance(report, dict) else {}


def work_done_text(report: dict[str, Any]) -> str:
    """'大修 ×1, 送货 ×2' from the work types a report lists."""
    return ", ".join(f"{work.get('name') or ''} ×{_plain(work.get('quantity'))}"
                     for work in report.get("work_types") or [])


def _plain(value: Any) -> str:
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except InvalidOperation:
        return str(value or "")


def row_texts(row: Row) -> list[str]:
    job, report = job_of(row), report_of(row)
    result = str(report.get("result") or "")
    reviewed = ""
    if report.get("reviewed_at"):
        reviewed = (f"{shop_time.format_datetime(report['reviewed_at'])} "
                    f"{report.get('reviewed_by') or ''}")
    assignee = job.get("technician") or job.get("outlet") or ""
    return [str(row.get("number") or ""), str(assignee),
            shop_time.format_datetime(job["finished_at"]) if job.get("finished_at") else "",
            tr(RESULTS.get(result, result)) if result else "", work_done_text(report),
            _plain(report["hours"]) if report.get("hours") is not None else "",
            late_text(row), str(row.get("customer_name") or ""), reviewed.strip()]


class ReviewQueuePage(QWidget):
    """Finished jobs to review; the filters are the server's."""

    ticket_requested = Signal(int)

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.rows: list[Row] = []
        self.loaded_once = False
        self.report_dialog: QDialog | None = None  # the open report (tests find it here)
        self.reason_dialog: ReasonDialog | None = None
        self.shares_dialog: QDialog | None = None  # the job's shares (分成), issue 14
        self.technicians: dict[int, str] = {}  # every technician a load has named
        today = shop_time.today()

        self.technician = QComboBox()
        self.technician.setObjectName("review_technician")
        set_choices(self.technician, [], none_label=tr("All technicians"))
        self.date_from = limit_date(QDateEdit(), "job", "finished_at", today)
        self.date_from.setObjectName("review_from")
        self.date_to = limit_date(QDateEdit(), "job", "finished_at", today)
        self.date_to.setObjectName("review_to")
        for edit, day in ((self.date_from, today - timedelta(days=DEFAULT_DAYS)),
                          (self.date_to, today)):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.setDate(QDate(day.year, day.month, day.day))
        self.state = QComboBox()
        self.state.setObjectName("review_state")
        self.state.addItem(tr("Waiting for review"), "finished")
        self.state.addItem(tr("Reviewed"), "reviewed")
        for signal in (self.technician.currentIndexChanged, self.date_from.dateChanged,
                       self.date_to.dateChanged, self.state.currentIndexChanged):
            signal.connect(lambda *_args: self.refresh())
        self.count = QLabel()
        self.count.setObjectName("review_count")

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("review_queue")
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.open_report())
        self.message = QLabel()
        self.message.setObjectName("review_message")
        self.message.setWordWrap(True)

        self.open_button = self._button("review_open", tr("Open report"), "",
                                        self.open_report)
        self.approve_button = self._button("review_approve", tr("Approve (Ctrl+Enter)"),
                                           "Ctrl+Return", self.approve)
        self.approve_button.setVisible(session.can("review.approve"))
        self.shares_button = self._button("review_shares", tr("Shares..."), "",
                                          self.open_shares)
        self.shares_button.setVisible(session.can("review.approve"))
        self.undo_button = self._button("review_undo", tr("Undo review..."), "",
                                        self.ask_undo)
        self.undo_button.setVisible(session.can("review.undo"))
        self.ticket_button = self._button("review_ticket", tr("Open ticket"), "",
                                          self.open_ticket)
        self.export_button = self._button("review_export", tr("Export to Excel (Ctrl+E)"),
                                          "Ctrl+E", self.export_to_excel)
        # the workbook is the list framework's (data/dispatch_lists.py), for data.export
        self.export_button.setVisible(session.can("data.export")
                                      and importlib.util.find_spec(LISTS) is not None)
        self._export: Any = None
        refresh = QPushButton(tr("Refresh (F5)"))
        refresh.clicked.connect(self.refresh)

        filters = QHBoxLayout()
        for label, widget in ((tr("Technician"), self.technician), (tr("Finished from"),
                              self.date_from), (tr("to"), self.date_to), (None, self.state)):
            if label:
                filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count)
        filters.addWidget(refresh)
        actions = QHBoxLayout()
        for button in (self.open_button, self.approve_button, self.shares_button,
                       self.undo_button,
                       self.ticket_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self._update_buttons()
        on_did_execute(self, self._operation_did_execute)
        self.refresh()

    def _button(self, name: str, text: str, keys: str, slot: Any) -> QPushButton:
        return page_button(self, name, text, keys, slot)

    # -- loading -------------------------------------------------------------------------
    def filters(self) -> reads.ReviewFilters:
        def day(edit: QDateEdit) -> date:
            value = edit.date()
            return date(value.year(), value.month(), value.day())

        return reads.ReviewFilters(technician_id=self.technician.currentData(),
                                   since=day(self.date_from), until=day(self.date_to),
                                   state=str(self.state.currentData()))

    def refresh(self) -> None:
        wanted = self.filters()
        QueryOp(parent=self, database=self.database,
                op=lambda conn: reads.review_queue(conn, wanted),
                success=self._loaded).failure(self._failed).with_progress().run_in_background()

    def _operation_did_execute(self, changes: Changes, _origin: object) -> None:
        if changes.touches(*SHOWS):
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.show_message(error_text(exc), ok=False)

    def show_message(self, text: str, *, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def _loaded(self, found: dict[str, Any]) -> None:
        # the server counts the technicians of the matching jobs: the choice keeps
        # every one seen, so choosing one does not drop the others
        named = {int(t["technician_id"]): str(t["name"]) for t in found.get("technicians") or []
                 if t.get("technician_id") is not None}
        if set(named) - set(self.technicians):
            self.technicians.update(named)
            self.technician.blockSignals(True)
            set_choices(self.technician, sorted(self.technicians.items(), key=lambda t: t[1]),
                        none_label=tr("All technicians"))
            self.technician.blockSignals(False)
        keep = self.selected_row()
        self.rows = [r for r in found.get("jobs") or [] if job_of(r)]
        self.table.setRowCount(len(self.rows))
        select = 0
        for row, data in enumerate(self.rows):
            late = bool(late_text(data))
            for column, text in enumerate(row_texts(data)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 0:
                    item.setData(ROW_ROLE, data)
                if late:
                    item.setForeground(QColor(OVERDUE_COLOUR))
                if column in (5, 6):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            if keep is not None and job_of(data).get("id") == job_of(keep).get("id"):
                select = row
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.resizeSection(column, min(header.sectionSize(column), 260))
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        if self.rows:
            self.table.selectRow(select)
        total = found.get("total", len(self.rows))
        self.count.setText(tr("Jobs: {count}").format(count=total))
        self.loaded_once = True
        self._update_buttons()

    # -- the selected job ------------------------------------------------------------------
    def selected_row(self) -> Row | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        found = item.data(ROW_ROLE) if item is not None else None
        return found if isinstance(found, dict) else None

    def select_ticket(self, number: str) -> bool:
        for row, data in enumerate(self.rows):
            if data.get("number") == number:
                self.table.selectRow(row)
                return True
        return False

    def listed_tickets(self) -> list[str]:
        return [str(data.get("number")) for data in self.rows]

    def _update_buttons(self) -> None:
        row = self.selected_row()
        state = job_state(row) if row else None
        self.open_button.setEnabled(row is not None)
        self.ticket_button.setEnabled(row is not None)
        self.approve_button.setEnabled(state == "finished")
        # shares change until the job is reviewed (the lines freeze them)
        self.shares_button.setEnabled(state == "finished"
                                      and job_of(row or {}).get("technician_id") is not None)
        self.undo_button.setEnabled(state == "reviewed")

    # -- actions ---------------------------------------------------------------------------
    def open_report(self) -> None:
        from .report_dialog import WorkReportDialog

        row = self.selected_row()
        if row is None:
            return
        dialog = WorkReportDialog(self.database, self.session, int(job_of(row)["id"]),
                                  read_only=True, parent=self)
        self.report_dialog = dialog
        dialog.open()

    def open_shares(self) -> None:
        """The selected job's shares (分成) before it is reviewed (ui/commissions)."""
        from ..commissions.shares_dialog import JobSharesDialog

        row = self.selected_row()
        if row is None or job_state(row) != "finished":
            return
        number = row["number"]
        dialog = JobSharesDialog(self.database, int(job_of(row)["id"]), parent=self)
        self.shares_dialog = dialog
        dialog.accepted.connect(lambda: self.show_message(
            tr("The shares of {number} are saved.").format(number=number), ok=True))
        dialog.open()

    def approve(self) -> None:
        row = self.selected_row()
        if row is None or job_state(row) != "finished":
            return
        job = job_of(row)
        job_id, version, number = int(job["id"]), int(job["version"]), row["number"]
        ticket_id = int(row["ticket_id"])
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: jobs.review(conn, job_id=job_id, version=version),
                     changes=Changes.of("dispatch") | Changes.record("ticket", ticket_id),
                     success=lambda _job: self.show_message(
                         tr("The work on {number} is reviewed.").format(number=number),
                         ok=True)).failure(self._failed).run_in_background()

    def ask_undo(self) -> None:
        row = self.selected_row()
        if row is None or job_state(row) != "reviewed":
            return
        dialog = ReasonDialog(
            tr("Undo review"),
            tr("The review of {number} is undone: its report and requisition can change "
               "again and it leaves the commission basis. Say why.").format(
                number=row["number"]),
            lambda: refuse("unreview_reason_required"), parent=self,
            column=("job_event", "reason"))
        self.reason_dialog = dialog
        dialog.accepted.connect(lambda: self.undo(row, dialog.reason.text().strip()))
        dialog.open()

    def undo(self, row: Row, reason: str) -> None:
        job = job_of(row)
        job_id, version, number = int(job["id"]), int(job["version"]), row["number"]
        ticket_id = int(row["ticket_id"])
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: jobs.unreview(conn, job_id=job_id, version=version,
                                                   reason=reason),
                     changes=Changes.of("dispatch") | Changes.record("ticket", ticket_id),
                     success=lambda _job: self.show_message(
                         tr("The review of {number} is undone.").format(number=number),
                         ok=True)).failure(self._failed).run_in_background()

    # -- export ----------------------------------------------------------------------------
    def export_query(self) -> tuple[Any, ListQuery]:
        """The list source and query that give the rows the page's filters choose: the
        review queue's (waiting) or the work reports' (reviewed), finished on those days,
        of the chosen technician."""
        lists = importlib.import_module(LISTS)
        wanted = self.filters()
        source = lists.REVIEW_QUEUE if wanted.state == "finished" else lists.WORK_REPORTS
        columns = {"finished_at": f"{wanted.since}..{wanted.until}"}
        if wanted.technician_id is not None:
            columns["assignee"] = self.technicians.get(wanted.technician_id, "")
        if wanted.state != "finished":
            columns["state"] = str(wanted.state)
        return source, ListQuery(column_filters=columns, sort=tuple(source.default_sort))

    def export_to_excel(self, path: str | Path | None = None) -> bool:
        """Every job the filters choose, as the list's workbook; asks for a file unless
        `path` is given. False when nothing was started."""
        if self._export is not None or self.export_button.isHidden():
            return False
        target = Path(path) if path else self._ask_export_path()
        if target is None:
            return False
        from ..listview.export import ExcelExport

        source, query = self.export_query()
        export = ExcelExport(self.database, source, query, list(source.columns), target,
                             masked_keys=set())
        export.finished.connect(self._exported)
        export.failed.connect(self._export_failed)
        self._export = export
        self.show_message(tr("Exporting…"), ok=True)
        export.start()
        return True

    def _ask_export_path(self) -> Path | None:
        title = tr("Review queue")
        suggested = f"{title}-{shop_time.today():%Y%m%d}.xlsx"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, tr("Export to Excel"), suggested, tr("Excel workbook (*.xlsx)"))
        if not chosen:
            return None
        target = Path(chosen)
        return target if target.suffix.lower() == ".xlsx" else target.with_name(
            target.name + ".xlsx")

    def _exported(self, path: str, count: int) -> None:
        self._export = None
        self.show_message(tr("Exported {count} rows to {path}").format(count=count, path=path),
                          ok=True)

    def _export_failed(self, exc: BaseException) -> None:
        self._export = None
        self.show_message(tr("Export failed: {message}").format(message=error_text(exc)),
                          ok=False)

    def open_ticket(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.ticket_requested.emit(int(row["ticket_id"]))
