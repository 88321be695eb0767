"""Rewards and penalties by hand (奖惩登记): the proposals and their approval.

The list (app.commission_pending, a page at a time from the server) shows the proposals
waiting for approval, the decided ones or all of them: the month they count in, the
payee, the item, the amount (a penalty in red), the reason, the ticket, who proposed it
and who decided it. New... (Ctrl+N) proposes one (adjust_dialog.py); Ctrl+E exports the
view (data.export, adjustment_export.py). With commission.settle: Approve (Ctrl+Enter)
and Reject... (a note is required); the server refuses one's own proposal (four eyes)
and says so here. The page reloads after every write that touches commissions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabBar,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.reports.receipts import format_money
from aftersales_desktop.services.commissions import lines
from aftersales_desktop.services.session import OperatorSession

from ..dispatch.page_button import page_button
from ..forms import ERROR_STYLE, OK_STYLE
from ..frontdesk.dialogs import ReasonDialog
from ..frontdesk.ticket_sections import RecordTable
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp, on_did_execute
from .adjust_dialog import CHANGES, ProposeDialog

Row = dict[str, Any]
# (state filter, tab label) in the order of the tabs
VIEWS: list[tuple[str, str]] = [
    ("proposed", QT_TR_NOOP("Waiting for approval")),
    ("decided", QT_TR_NOOP("Decided", "proposals")),
    ("all", QT_TR_NOOP("All", "proposals")),
]
STATES = {"proposed": QT_TR_NOOP("Waiting", "proposal state"),
          "active": QT_TR_NOOP("Approved", "proposal state"),
          "rejected": QT_TR_NOOP("Rejected", "proposal state")}
COLUMNS = [QT_TR_NOOP("Month"), QT_TR_NOOP("Payee"), QT_TR_NOOP("Item"),
           QT_TR_NOOP("Amount"), QT_TR_NOOP("Reason"), QT_TR_NOOP("Ticket"),
           QT_TR_NOOP("Proposed by"), QT_TR_NOOP("Proposed at"), QT_TR_NOOP("State"),
           QT_TR_NOOP("Decided by"), QT_TR_NOOP("Note")]
AMOUNT_COLUMN = 3
PENALTY_COLOUR = "#cf1322"
MUTED_COLOUR = "#8c8c8c"
PAGE_SIZE = 50
ROW_ROLE = Qt.ItemDataRole.UserRole
SHOWS = ("commissions",)
# where a rejection's note is kept (its limit: domain/limits.py)
NOTE_COLUMN = ("commission_line", "decision_note")


def _name(value: Any) -> str:
    return str(value.get("name") or "") if isinstance(value, dict) else str(value or "")


def month_text(value: Any) -> str:
    return str(value or "")[:7]


def row_texts(row: Row) -> list[str]:
    amount = Decimal(str(row.get("amount") or 0))
    decided = ""
    if row.get("decided_by"):
        decided = str(row["decided_by"])
        if row.get("decided_at"):
            decided += " " + shop_time.format_datetime(row["decided_at"])
    state = str(row.get("state") or "")
    return [month_text(row.get("period")), _name(row.get("payee")), _name(row.get("item")),
            format_money(amount), str(row.get("reason") or ""),
            str(row.get("ticket_number") or ""), str(row.get("created_by") or ""),
            shop_time.format_datetime(row["created_at"]) if row.get("created_at") else "",
            tr(STATES.get(state, state)) if state else "", decided,
            str(row.get("note") or "")]


class CommissionAdjustmentsPage(QWidget):
    """奖惩登记: propose rewards and penalties, approve or reject them."""

    ticket_requested = Signal(int)

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commission_adjustments")
        self.database = database
        self.session = session
        self.rows: list[Row] = []
        self.total = 0
        self.offset = 0
        self.loaded_once = False
        self.propose_dialog: ProposeDialog | None = None  # the open ones (tests find them)
        self.reject_dialog: ReasonDialog | None = None
        self._loading = False
        self._again = False
        self.may_decide = any(session.can(c) for c in lines.DECIDE_CAPABILITIES)

        self.views = QTabBar()
        self.views.setObjectName("adjustment_views")
        self.views.setExpanding(False)
        for _state, label in VIEWS:
            self.views.addTab(tr(label))
        self.views.currentChanged.connect(lambda _i: self._filters_changed())
        self.count = QLabel()
        self.count.setObjectName("adjustment_count")
        self.table = RecordTable(COLUMNS, money_columns=(AMOUNT_COLUMN,))
        self.table.setObjectName("adjustment_table")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.message = QLabel()
        self.message.setObjectName("adjustment_message")
        self.message.setWordWrap(True)

        self.new_button = self._button("adjustment_new", tr("New reward or penalty... (Ctrl+N)"),
                                       "Ctrl+N", self.propose)
        self.approve_button = self._button("adjustment_approve",
                                           tr("Approve (Ctrl+Enter)", "a reward or penalty"),
                                           "Ctrl+Return", self.approve)
        self.reject_button = self._button("adjustment_reject", tr("Reject..."), "",
                                          self.ask_reject)
        for button in (self.approve_button, self.reject_button):
            button.setVisible(self.may_decide)
        self.export_button = self._button("adjustment_export", tr("Export to Excel (Ctrl+E)"),
                                          "Ctrl+E", self.export_to_excel)
        self.export_button.setVisible(session.can("data.export"))
        self._export: Any = None
        self.ticket_button = self._button("adjustment_ticket", tr("Open ticket (Ctrl+O)"),
                                          "Ctrl+O", self.open_ticket)
        self.previous_button = self._button("adjustment_previous", tr("Previous page"), "",
                                            lambda: self._page(-1))
        self.next_button = self._button("adjustment_next", tr("Next page"), "",
                                        lambda: self._page(1))
        refresh = self._button("adjustment_refresh", tr("Refresh (F5)"), "F5", self.refresh)

        top = QHBoxLayout()
        top.addWidget(self.views)
        top.addStretch(1)
        top.addWidget(self.count)
        top.addWidget(refresh)
        actions = QHBoxLayout()
        for button in (self.new_button, self.approve_button, self.reject_button,
                       self.ticket_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.previous_button)
        actions.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        on_did_execute(self, self._operation_did_execute)
        self._update_buttons()
        self.refresh()

    def _button(self, name: str, text: str, keys: str, slot: Any) -> QPushButton:
        return page_button(self, name, text, keys, slot)

    # -- loading ---------------------------------------------------------------------------
    def state(self) -> str:
        return VIEWS[max(self.views.currentIndex(), 0)][0]

    def set_view(self, state: str) -> None:
        self.views.setCurrentIndex([s for s, _label in VIEWS].index(state))

    def filters(self) -> lines.ProposalFilters:
        return lines.ProposalFilters(state=self.state(), offset=self.offset, limit=PAGE_SIZE)

    def _filters_changed(self) -> None:
        self.offset = 0
        self.refresh()

    def _page(self, step: int) -> None:
        self.offset = max(0, self.offset + step * PAGE_SIZE)
        self.refresh()

    def refresh(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        wanted = self.filters()
        QueryOp(parent=self, database=self.database,
                op=lambda conn: lines.proposals(conn, wanted),
                success=self._loaded).failure(self._failed).with_progress().run_in_background()

    def load(self, _key: object = None) -> None:
        """main_window.open_record: the list reloads."""
        self.refresh()

    def _operation_did_execute(self, changes: Changes, _origin: object) -> None:
        if changes.touches(*SHOWS):
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.loaded_once = True
        self.show_message(error_text(exc), ok=False)
        self._again_if_asked()

    def _again_if_asked(self) -> None:
        if self._again:
            self._again = False
            self.refresh()

    def show_message(self, text: str, *, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def _loaded(self, found: dict[str, Any]) -> None:
        self._loading = False
        self.total = int(found.get("total") or 0)
        keep = self.selected_row()
        rows = list(found.get("rows") or [])
        if not rows and self.offset > 0 and self.total > 0:
            # the last row of the last page was decided: the page before
            self.offset = max(0, self.offset - PAGE_SIZE)
            self.loaded_once = True
            self.refresh()
            return
        self.rows = rows
        self._fill(keep.get("line_id") if keep else None)
        first = self.offset + 1 if self.rows else 0
        self.count.setText(tr("{first}-{last} of {total}").format(
            first=first, last=self.offset + len(self.rows), total=self.total))
        self.previous_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + len(self.rows) < self.total)
        self.loaded_once = True
        self._update_buttons()
        self._again_if_asked()

    def _fill(self, keep_id: Any) -> None:
        self.table.setRowCount(len(self.rows))
        select = 0
        for index, row in enumerate(self.rows):
            negative = Decimal(str(row.get("amount") or 0)) < 0
            muted = row.get("state") == "rejected"
            for column, text in enumerate(row_texts(row)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 0:
                    item.setData(ROW_ROLE, row)
                if column == AMOUNT_COLUMN:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                    if negative and not muted:
                        item.setForeground(QColor(PENALTY_COLOUR))
                if muted:
                    item.setForeground(QColor(MUTED_COLOUR))
                self.table.setItem(index, column, item)
            if keep_id is not None and row.get("line_id") == keep_id:
                select = index
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.resizeSection(column, min(header.sectionSize(column), 220))
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        if self.rows:
            self.table.selectRow(select)

    # -- the selected proposal -------------------------------------------------------------
    def selected_row(self) -> Row | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        found = item.data(ROW_ROLE) if item is not None else None
        return found if isinstance(found, dict) else None

    def select_line(self, line_id: int) -> bool:
        for index, row in enumerate(self.rows):
            if row.get("line_id") == line_id:
                self.table.selectRow(index)
                return True
        return False

    def listed_lines(self) -> list[int]:
        return [int(row["line_id"]) for row in self.rows]

    def _update_buttons(self) -> None:
        row = self.selected_row()
        waiting = row is not None and row.get("state") == "proposed"
        self.approve_button.setEnabled(waiting)
        self.reject_button.setEnabled(waiting)
        self.ticket_button.setEnabled(row is not None and row.get("ticket_id") is not None)

    # -- actions ---------------------------------------------------------------------------
    def propose(self) -> ProposeDialog:
        dialog = ProposeDialog(self.database, parent=self)
        self.propose_dialog = dialog
        dialog.accepted.connect(lambda: self._proposed(dialog))
        dialog.open()
        return dialog

    def _proposed(self, dialog: ProposeDialog) -> None:
        found = dialog.proposed or {}
        self.show_message(tr("The proposal is recorded for {month}; it counts once it is "
                             "approved.").format(month=month_text(found.get("period"))),
                          ok=True)

    def approve(self) -> None:
        row = self.selected_row()
        if row is None or row.get("state") != "proposed":
            return
        self.decide(row, approve=True, note="")

    def ask_reject(self) -> None:
        row = self.selected_row()
        if row is None or row.get("state") != "proposed":
            return
        dialog = ReasonDialog(
            tr("Reject the proposal"),
            tr("{payee}: {amount}, {reason}. The proposal is rejected and does not count; "
               "say why.").format(payee=_name(row.get("payee")),
                                  amount=format_money(Decimal(str(row.get("amount") or 0))),
                                  reason=row.get("reason") or ""),
            lambda: refuse("adjust_note_required", field="reason"), parent=self,
            column=NOTE_COLUMN)
        self.reject_dialog = dialog
        dialog.accepted.connect(lambda: self.decide(row, approve=False,
                                                    note=dialog.reason.text().strip()))
        dialog.open()

    def decide(self, row: Row, *, approve: bool, note: str) -> None:
        line_id = int(row["line_id"])
        done = (tr("Approved: {payee} {amount}.") if approve
                else tr("Rejected: {payee} {amount}.")).format(
                    payee=_name(row.get("payee")),
                    amount=format_money(Decimal(str(row.get("amount") or 0))))
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: lines.decide(conn, line_id=line_id, approve=approve,
                                                  note=note),
                     changes=CHANGES,
                     success=lambda _found: self.show_message(done, ok=True)).failure(
                         self._failed_decision).run_in_background()

    def _failed_decision(self, exc: BaseException) -> None:
        self.show_message(error_text(exc), ok=False)

    # -- export ----------------------------------------------------------------------------
    def export_to_excel(self, path: Any = None) -> bool:
        """Every proposal of the view, to a workbook (asks where unless `path` is given);
        False when nothing was started."""
        from . import adjustment_export

        if self._export is not None or self.export_button.isHidden():
            return False
        target = path or adjustment_export.ask_path(self)
        if target is None:
            return False
        self._export = target
        self.show_message(tr("Exporting…"), ok=True)
        QueryOp(parent=self, database=self.database,
                op=adjustment_export.export_work(target, self.filters()),
                success=lambda count: self._exported(target, count)).failure(
                    self._export_failed).with_progress().run_in_background()
        return True

    def _exported(self, path: Any, count: int) -> None:
        self._export = None
        self.show_message(tr("Exported {count} rows to {path}").format(count=count, path=path),
                          ok=True)

    def _export_failed(self, exc: BaseException) -> None:
        self._export = None
        self.show_message(tr("Export failed: {message}").format(message=error_text(exc)),
                          ok=False)

    def open_ticket(self) -> None:
        row = self.selected_row()
        if row is not None and row.get("ticket_id") is not None:
            self.ticket_requested.emit(int(row["ticket_id"]))
