"""月度结算: a month's commission statements, for the manager who runs, checks and settles
them (commission.settle) and for who reads them (commission.view_all).

A month picker (the months app.commission_periods names, newest first; the current one
chosen), 计算本月 (the month run, part after part with a progress dialog: month_run.py),
the month's statements a page at a time (the server filters: a search of the payee's
name or code, a state; a total row under them from the server's summary), the chosen
statement under the list (statement_view.py: its lines, each opening its ticket, Confirm
and Reopen), 结算本月 (asks once; every statement must be confirmed), print and export of
the month's statements (the PDF with one page per payee, the workbook).

Keys: Ctrl+F the search, Up/Down choose a statement, Enter its first line, F5 reloads
(the main window's key calls refresh()), Ctrl+P prints, Ctrl+E exports. The page
reloads after any commission write.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.commissions import PERIOD_STATES, SCHEMES, STATEMENT_STATES
from aftersales_desktop.domain.masking import format_money
from aftersales_desktop.services.commissions import month as months
from aftersales_desktop.services.session import OperatorSession

from ..dispatch.page_button import page_button
from ..field_limits import limit_search
from ..forms import ERROR_STYLE, OK_STYLE, set_choices
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp, on_did_execute
from . import month_output
from .month_picker import MonthPicker
from .month_run import MonthRun
from .statement_view import MONEY_LABELS, STALE_STYLE, STATE_COLOURS, StatementView, month_text

SHOWS = ("commissions",)
PAGE_SIZE = 100
SEARCH_PAUSE_MS = 400
ROW_ROLE = Qt.ItemDataRole.UserRole
# (key, header) of the list's columns; the money columns follow MONEY_KEYS
COLUMNS: list[tuple[str, str]] = [
    ("payee_code", QT_TR_NOOP("Code")),
    ("payee_name", QT_TR_NOOP("Payee")),
    ("department", QT_TR_NOOP("Department")),
    ("scheme", QT_TR_NOOP("Pay scheme")),
    ("state", QT_TR_NOOP("State")),
    *[(key, MONEY_LABELS[key]) for key in months.MONEY_KEYS],
    ("line_count", QT_TR_NOOP("Lines")),
]
KEYS = [key for key, _label in COLUMNS]


def row_texts(row: dict[str, Any]) -> list[str]:
    state = str(row.get("state") or "")
    scheme = str(row.get("scheme") or "")
    texts = {"payee_code": str(row.get("payee_code") or ""),
             "payee_name": str(row.get("payee_name") or ""),
             "department": str(row.get("department") or ""),
             "scheme": tr(SCHEMES.get(scheme, scheme)) if scheme else "",
             "state": tr(STATEMENT_STATES.get(state, state)) if state else "",
             "line_count": str(row.get("line_count") or 0)}
    if row.get("stale"):
        stale = tr("stale", "a statement whose lines changed since its run")
        texts["state"] = f"{texts['state']} ⚠ {stale}"
    for key in months.MONEY_KEYS:
        texts[key] = format_money(row.get(key) if row.get(key) is not None else Decimal(0))
    return [texts[key] for key in KEYS]


class CommissionMonthPage(QWidget):
    """月度结算; `ticket_requested(ticket_id)` for the main window."""

    ticket_requested = Signal(int)

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commission_month")
        self.database = database
        self.session = session
        self.can_settle = session.can(months.SETTLE)
        self.periods: list[dict[str, Any]] = []
        self.current: date | None = None
        self.period: dict[str, Any] = {}
        self.rows: list[dict[str, Any]] = []
        self.summary: dict[str, Any] = {}
        self.total = 0
        self.offset = 0
        self.loaded_once = False
        self.run: MonthRun | None = None
        self._loading = False
        self._again = False
        self._busy: str | None = None  # print / export running

        self.month = MonthPicker(parent=self)
        self.month.setObjectName("commission_month_picker")
        self.month.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.period_label = QLabel()
        self.period_label.setObjectName("commission_period")
        self.run_button = page_button(self, "commission_run", tr("Run the month"), "",
                                      self.run_month)
        self.settle_button = page_button(self, "commission_settle", tr("Settle the month..."),
                                         "", self.settle_month)
        for button in (self.run_button, self.settle_button):
            button.setVisible(self.can_settle)
        self.print_button = page_button(self, "commission_print", tr("Print (Ctrl+P)"),
                                        "Ctrl+P", self.print_month)
        self.export_button = page_button(self, "commission_export",
                                         tr("Export to Excel (Ctrl+E)"), "Ctrl+E",
                                         self.export_month)
        # a workbook leaves the database's row security behind: data.export, as every list
        self.export_button.setVisible(session.can("data.export"))
        self.refresh_button = page_button(self, "commission_refresh", tr("Refresh (F5)"), "",
                                          self.refresh)

        self.search = limit_search(QLineEdit())
        self.search.setObjectName("commission_search")
        self.search.setPlaceholderText(tr("Payee name or code (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self._search_pause = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self._filters_changed)
        self.search.textEdited.connect(lambda _t: self._search_pause.start())
        self.search.returnPressed.connect(self._search_now)
        focus_search = QAction(self)
        focus_search.setShortcut(QKeySequence("Ctrl+F"))
        focus_search.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        focus_search.triggered.connect(self._focus_search)
        self.addAction(focus_search)
        self.state = QComboBox()
        self.state.setObjectName("commission_state")
        set_choices(self.state, [(code, tr(label)) for code, label in STATEMENT_STATES.items()],
                    none_label=tr("All states"))
        self.state.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.count = QLabel()
        self.count.setObjectName("commission_count")
        self.previous_button = page_button(self, "commission_previous", tr("Previous page"), "",
                                           lambda: self._page(-1))
        self.next_button = page_button(self, "commission_next", tr("Next page"), "",
                                       lambda: self._page(1))

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("commission_statements")
        self.table.setHorizontalHeaderLabels([tr(label) for _key, label in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.view = StatementView(database, session, parent=self)
        self.table.itemActivated.connect(lambda _item: self.view.lines.setFocus())
        self.view.ticket_requested.connect(self.ticket_requested)
        self.message = QLabel()
        self.message.setObjectName("commission_message")
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Month")))
        top.addWidget(self.month)
        top.addWidget(self.period_label, 1)
        for button in (self.run_button, self.settle_button, self.print_button,
                       self.export_button, self.refresh_button):
            top.addWidget(button)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(QLabel(tr("State")))
        filters.addWidget(self.state)
        filters.addWidget(self.count)
        filters.addWidget(self.previous_button)
        filters.addWidget(self.next_button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(filters)
        upper_layout.addWidget(self.table, 1)
        split = self.split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(self.view)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        on_did_execute(self, self._operation_did_execute)
        self._update_buttons()
        self.load_periods()

    # -- the months ------------------------------------------------------------------------
    def load_periods(self) -> None:
        QueryOp(parent=self, database=self.database, op=months.periods,
                success=self._periods_loaded).failure(self._failed).run_in_background()

    def _periods_loaded(self, found: dict[str, Any]) -> None:
        self.month.set_periods(found)
        self.current = self.month.current
        self.periods = list(self.month.periods.values())
        self._filters_changed()

    def chosen_month(self) -> date | None:
        return self.month.chosen()

    def choose_month(self, month: date) -> bool:
        return self.month.choose(month)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- the statements --------------------------------------------------------------------
    def filters(self) -> months.StatementFilters | None:
        month = self.chosen_month()
        if month is None:
            return None
        return months.StatementFilters(month=month, search=self.search.text(),
                                       state=self.state.currentData(), offset=self.offset,
                                       limit=PAGE_SIZE)

    def _filters_changed(self) -> None:
        self.offset = 0
        self.refresh()

    def _search_now(self) -> None:
        self._search_pause.stop()
        self._filters_changed()

    def _page(self, step: int) -> None:
        self.offset = max(0, self.offset + step * PAGE_SIZE)
        self.refresh()

    def refresh(self) -> None:
        wanted = self.filters()
        if wanted is None:
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        QueryOp(parent=self, database=self.database,
                op=lambda conn: months.statements(conn, wanted),
                success=self._loaded).failure(self._failed).with_progress().run_in_background()

    def load(self, _key: object = None) -> None:
        """main_window.open_record: the page reloads."""
        self.load_periods()

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

    def _loaded(self, found: dict[str, Any]) -> None:
        self._loading = False
        self.period = dict(found.get("period") or {})
        self.summary = dict(found.get("summary") or {})
        self.total = int(found.get("total") or 0)
        keep = self.selected_row()
        self.rows = list(found.get("rows") or [])
        self._fill(keep.get("id") if keep else None)
        self._show_period()
        if not self.loaded_once and self.isVisible():
            self.table.setFocus()
        self.loaded_once = True
        self._update_buttons()
        self._again_if_asked()

    def _fill(self, keep_id: Any) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows) + (1 if self.rows else 0))
        select = 0
        for index, row in enumerate(self.rows):
            for column, text in enumerate(row_texts(row)):
                key = KEYS[column]
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 0:
                    item.setData(ROW_ROLE, row)
                if key in months.MONEY_KEYS or key == "line_count":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if key == "state":
                    colour = "#d46b08" if row.get("stale") else STATE_COLOURS.get(
                        str(row.get("state")), "")
                    if colour:
                        item.setForeground(QColor(colour))
                self.table.setItem(index, column, item)
            if keep_id is not None and row.get("id") == keep_id:
                select = index
        if self.rows:
            self._fill_summary(len(self.rows))
        self.table.resizeColumnsToContents()
        # the spare width goes to the payee's name, not to the narrow count at the end
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(KEYS.index("payee_name"), QHeaderView.ResizeMode.Stretch)
        if self.rows:
            self.table.selectRow(select)
        self.table.blockSignals(False)
        if self.rows:
            # the chosen statement read again: the reload may have changed it
            self._selection_changed()
        else:
            self.view.clear(tr("No statements for this month: run the month.")
                            if self.can_settle else tr("No statements for this month."))

    def _fill_summary(self, index: int) -> None:
        """The server's sums of every statement the filters choose (not only this page)."""
        bold = QFont(self.table.font())
        bold.setBold(True)
        texts = {key: "" for key in KEYS}
        texts["payee_name"] = tr("Total: {count} payees").format(count=self.total)
        for key in months.MONEY_KEYS:
            value = self.summary.get(key)
            texts[key] = format_money(value if value is not None else Decimal(0))
        if self.summary.get("line_count") is not None:
            texts["line_count"] = str(self.summary["line_count"])
        for column, key in enumerate(KEYS):
            item = QTableWidgetItem(texts[key])
            item.setFont(bold)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if key in months.MONEY_KEYS or key == "line_count":
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(index, column, item)

    def _show_period(self) -> None:
        state = str(self.period.get("state") or "open")
        parts = [tr(PERIOD_STATES.get(state, state))]
        if self.period.get("run_at"):
            parts.append(tr("run {at} by {by}").format(
                at=_moment(self.period["run_at"]), by=self.period.get("run_by") or ""))
        else:
            parts.append(tr("not run yet"))
        if self.period.get("settled_at"):
            parts.append(tr("settled {at} by {by}").format(
                at=_moment(self.period["settled_at"]), by=self.period.get("settled_by") or ""))
        stale = sum(1 for row in self.rows if row.get("stale"))
        if stale:
            parts.append(tr("{count} stale statements: run the month again").format(
                count=stale))
        self.period_label.setText("  ·  ".join(parts))
        self.period_label.setStyleSheet(STALE_STYLE if stale else "")
        first = self.offset + 1 if self.rows else 0
        self.count.setText(tr("{first}-{last} of {total}").format(
            first=first, last=self.offset + len(self.rows), total=self.total))
        self.previous_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + len(self.rows) < self.total)

    def show_message(self, text: str, *, ok: bool | None = None) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("" if ok is None else OK_STYLE if ok else ERROR_STYLE)

    # -- the chosen statement --------------------------------------------------------------
    def selected_row(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        found = item.data(ROW_ROLE) if item is not None else None
        return found if isinstance(found, dict) else None

    def select_payee(self, name: str) -> bool:
        for index, row in enumerate(self.rows):
            if row.get("payee_name") == name or row.get("payee_code") == name:
                self.table.selectRow(index)
                return True
        return False

    def _selection_changed(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row.get("id") is not None:
            self.view.show_statement(int(row["id"]))
        elif self.chosen_month() is not None:
            kind = "employee_id" if row.get("payee_kind") == "employee" else "outlet_id"
            self.view.show_payee(self.chosen_month(),  # type: ignore[arg-type]
                                 **{kind: int(row["payee_id"])})

    def _update_buttons(self) -> None:
        month = self.chosen_month()
        open_month = str(self.period.get("state") or "open") == "open"
        running = self.run is not None
        current = self.current
        self.run_button.setEnabled(self.can_settle and month is not None and open_month
                                   and not running
                                   and (current is None or month <= current))
        self.settle_button.setEnabled(self.can_settle and month is not None and open_month
                                      and not running
                                      and bool(self.rows)
                                      and (current is None or month < current))
        has_rows = bool(self.rows) and self._busy is None
        self.print_button.setEnabled(has_rows)
        self.export_button.setEnabled(has_rows)

    # -- 计算本月 ------------------------------------------------------------------------------
    def run_month(self) -> bool:
        """Compute the chosen month, part after part; False when nothing was started."""
        month = self.chosen_month()
        if month is None or self.run is not None or not self.run_button.isEnabled():
            return False
        self.run = MonthRun(self.database, month, parent=self)
        self.run.finished.connect(self._run_finished)
        self.run.failed.connect(self._run_failed)
        self.show_message(tr("Computing {month}…").format(month=month_text(month)))
        self._update_buttons()
        self.run.start()
        return True

    def _run_finished(self, outcome: dict[str, Any]) -> None:
        self.run = None
        if outcome["cancelled"]:
            self.show_message(tr("Stopped after {done} of {parts} parts: run the month again "
                                 "to compute the rest.").format(**outcome), ok=False)
        else:
            self.show_message(tr("The month is computed: {payees} payees, {changed} "
                                 "statements changed.").format(**outcome), ok=True)
        self.load_periods()

    def _run_failed(self, exc: BaseException) -> None:
        self.run = None
        self.show_message(error_text(exc), ok=False)
        self.load_periods()

    # -- 结算本月 ------------------------------------------------------------------------------
    def settle_month(self, *, ask: bool = True) -> bool:
        """Settle the chosen month after one question; False when nothing was sent."""
        month = self.chosen_month()
        if month is None or not self.settle_button.isEnabled():
            return False
        if ask and QMessageBox.question(
                self, tr("Settle the month"),
                tr("Settle the commissions of {month}: {count} statements, total {total}?\n"
                   "A settled month is locked: none of its lines or statements can change "
                   "afterwards, later corrections go to the next month.").format(
                    month=month_text(month), count=self.total,
                    total=format_money(self.summary.get("total") or Decimal(0)))
                ) != QMessageBox.StandardButton.Yes:
            return False
        version = int(self.period.get("version") or 0)
        self.settle_button.setEnabled(False)
        CollectionOp(parent=self, database=self.database,
                     op=lambda conn: months.settle(conn, month=month, version=version),
                     changes=months.CHANGES, atomic=False).success(
                         self._settled).failure(self._settle_failed).run_in_background()
        return True

    def _settled(self, answer: dict[str, Any]) -> None:
        self.show_message(tr("{month} is settled: {count} statements, total {total}.").format(
            month=month_text(answer.get("month") or self.chosen_month()),
            count=answer.get("statements") or 0,
            total=format_money(answer.get("total") or Decimal(0))), ok=True)
        self.load_periods()

    def _settle_failed(self, exc: BaseException) -> None:
        self.show_message(error_text(exc), ok=False)
        self._update_buttons()

    # -- print / export --------------------------------------------------------------------
    def print_month(self) -> bool:
        """The month's statements in the print preview: all of them, or with a search or
        a state chosen the ones listed."""
        return self._output("print")

    def export_month(self, path: Any = None) -> bool:
        """The month's statements to a workbook (asks where unless `path` is given)."""
        return self._output("export", path)

    def _output(self, what: str, path: Any = None) -> bool:
        month = self.chosen_month()
        if month is None or self._busy is not None or not self.rows:
            return False
        if what == "export" and self.export_button.isHidden():
            return False
        if what == "export":
            path = path or month_output.ask_workbook_path(self, month)
            if path is None:
                return False
        ids = [int(r["id"]) for r in self.rows if r.get("id") is not None] \
            if self.search.text().strip() or self.state.currentData() else None
        self._busy = what
        self._update_buttons()
        self.show_message(tr("Preparing the statements…"))
        QueryOp(parent=self, database=self.database,
                op=month_output.work(what, month, ids, path),
                success=lambda result: self._output_done(what, result)).failure(
                    self._output_failed).with_progress().run_in_background()
        return True

    def _output_done(self, what: str, result: Any) -> None:
        self._busy = None
        self._update_buttons()
        if what == "print":
            self.show_message("")
            month_output.show_pdf(result, tr("Commission statements {month}").format(
                month=month_text(self.chosen_month())))
        else:
            self.show_message(tr("Exported to {path}").format(path=result), ok=True)

    def _output_failed(self, exc: BaseException) -> None:
        self._busy = None
        self._update_buttons()
        self.show_message(error_text(exc), ok=False)


def _moment(value: Any) -> str:
    return shop_time.format_datetime(value) if value else ""
