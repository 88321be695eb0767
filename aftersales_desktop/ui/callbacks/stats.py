"""The callback statistics page (回访统计): satisfaction, complaints and callbacks of a
period, grouped by technician, service mode or month, for managers (reports.view or
complaint.handle).

The period (with quick choices: this month, last month, this year, the last twelve
months), the grouping and the filters (a technician, a service mode) go to the server as
one request (`app.callback_stats`, one round trip, in a worker); the answer fills three
tables and brings the filters' choices along. Excel (data.export) writes the tables as
shown to a workbook, Print shows the PDF summary in the print preview; both are made on
a worker from the answer on screen (reports/callback_stats.py), without another read.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QSettings, QStandardPaths, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.audit_labels import SERVICE_MODES
from aftersales_desktop.reports.callback_stats import (
    TEXT,
    StatsTable,
    export_stats,
    format_value,
    render_stats,
    satisfaction_note,
    stats_tables,
)
from aftersales_desktop.services.callbacks.stats import GROUPS, StatsRequest, callback_stats
from aftersales_desktop.services.session import OperatorSession

from ..dispatch.page_button import page_button
from ..field_limits import limit_date
from ..forms import ERROR_STYLE, OK_STYLE, set_choices
from ..frontdesk import printing
from ..i18n import tr
from ..listview.widget import EXPORT_DIR_KEY
from ..messages import error_text
from ..operations import Operation, QueryOp

TITLE = QT_TR_NOOP("Callback statistics")
GROUP_CHOICES = {"technician": QT_TR_NOOP("By technician"),
                 "service_mode": QT_TR_NOOP("By service mode"),
                 "month": QT_TR_NOOP("By month")}
PERIODS = {"this_month": QT_TR_NOOP("This month"), "last_month": QT_TR_NOOP("Last month"),
           "this_year": QT_TR_NOOP("This year"),
           "last_12_months": QT_TR_NOOP("Last 12 months"), "custom": QT_TR_NOOP("Custom")}
TABLE_NAMES = ("stats_satisfaction", "stats_complaints", "stats_callbacks")


def period_days(period: str, today: date) -> tuple[date, date]:
    """The first and last day of a quick period choice (custom: this month)."""
    first = today.replace(day=1)
    if period == "last_month":
        last = first - timedelta(days=1)
        return last.replace(day=1), last
    if period == "this_year":
        return today.replace(month=1, day=1), today
    if period == "last_12_months":  # this month and the eleven before it
        year, month = divmod(first.year * 12 + first.month - 1 - 11, 12)
        return date(year, month + 1, 1), today
    return first, today


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def _set_day(edit: QDateEdit, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


class CallbackStatsPage(QWidget):
    """The statistics of a period; every change of the filters reads them again."""

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.answer: dict[str, Any] | None = None
        self.tables: list[StatsTable] = []
        self.shown_request: StatsRequest | None = None
        self.loads = 0  # answers shown (tests wait on it)
        today = shop_time.today()

        self.period = QComboBox()
        self.period.setObjectName("stats_period")
        for key, label in PERIODS.items():
            self.period.addItem(tr(label), key)
        self.date_from = QDateEdit()
        self.date_from.setObjectName("stats_from")
        self.date_to = QDateEdit()
        self.date_to.setObjectName("stats_to")
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            # the shop's days, as a callback task's due day takes them
            limit_date(edit, "callback_task", "due_on")
            edit.setDateRange(QDate(2000, 1, 1), QDate(2199, 12, 31))
        first, last = period_days("this_month", today)
        _set_day(self.date_from, first)
        _set_day(self.date_to, last)
        self.group = QComboBox()
        self.group.setObjectName("stats_group")
        for key in GROUPS:
            self.group.addItem(tr(GROUP_CHOICES[key]), key)
        self.technician = QComboBox()
        self.technician.setObjectName("stats_technician")
        set_choices(self.technician, [], none_label=tr("All technicians"))
        self.service_mode = QComboBox()
        self.service_mode.setObjectName("stats_service_mode")
        set_choices(self.service_mode, [(code, tr(label)) for code, label in
                                        SERVICE_MODES.items()],
                    none_label=tr("All service modes"))

        self.period.currentIndexChanged.connect(self._period_chosen)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._dates_edited)
        for combo in (self.group, self.technician, self.service_mode):
            combo.currentIndexChanged.connect(lambda *_args: self.refresh())

        refresh = page_button(self, "stats_refresh", tr("Refresh (F5)"), "F5", self.refresh)
        self.export_button = page_button(self, "stats_export", tr("Export to Excel (Ctrl+E)"),
                                         "Ctrl+E", self.export_to_excel)
        self.export_button.setVisible(session.can("data.export"))
        self.print_button = page_button(self, "stats_print", tr("Print (Ctrl+P)"), "Ctrl+P",
                                        self.print_summary)

        filters = QHBoxLayout()
        labelled: list[tuple[str | None, QWidget]] = [
            (tr("Period"), self.period), (tr("From"), self.date_from),
            (tr("to"), self.date_to), (None, self.group),
            (tr("Technician"), self.technician), (tr("Service mode"), self.service_mode)]
        for caption, widget in labelled:
            if caption:
                filters.addWidget(QLabel(caption))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(refresh)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        self.note = QLabel()
        self.note.setObjectName("stats_note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.headings: list[QLabel] = []
        self.grids: list[QTableWidget] = []
        for name in TABLE_NAMES:
            heading = QLabel()
            bold = QFont(heading.font())
            bold.setBold(True)
            heading.setFont(bold)
            grid = QTableWidget(0, 0)
            grid.setObjectName(name)
            grid.verticalHeader().hide()
            grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            grid.setAlternatingRowColors(True)
            layout.addWidget(heading)
            layout.addWidget(grid, 1)
            self.headings.append(heading)
            self.grids.append(grid)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.print_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.message = QLabel()
        self.message.setObjectName("stats_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self._update_buttons()
        self.refresh()

    # -- the request ---------------------------------------------------------------------
    def request(self) -> StatsRequest:
        return StatsRequest(_day(self.date_from), _day(self.date_to),
                            str(self.group.currentData()),
                            technician_id=self.technician.currentData(),
                            service_mode=self.service_mode.currentData())

    def _period_chosen(self) -> None:
        key = str(self.period.currentData())
        if key == "custom":
            return
        first, last = period_days(key, shop_time.today())
        for edit, day in ((self.date_from, first), (self.date_to, last)):
            edit.blockSignals(True)
            _set_day(edit, day)
            edit.blockSignals(False)
        self.refresh()

    def _dates_edited(self) -> None:
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData("custom"))
        self.period.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        wanted = self.request()
        if wanted.day_to < wanted.day_from:
            self.show_message(tr("The period ends before it starts."), ok=False)
            return
        QueryOp(parent=self, database=self.database,
                op=lambda conn: callback_stats(conn, wanted),
                success=lambda found: self._loaded(wanted, found)
                ).failure(self._failed).with_progress().run_in_background()

    # -- the answer ----------------------------------------------------------------------
    def _failed(self, exc: BaseException) -> None:
        self.show_message(error_text(exc), ok=False)

    def show_message(self, text: str, *, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def _loaded(self, wanted: StatsRequest, found: dict[str, Any]) -> None:
        if wanted != self.request():
            return  # the filters changed meanwhile: their own load is on its way
        self.answer = found
        self.shown_request = wanted
        self._fill_choices(found)
        self.tables = stats_tables(self._labelled(found), translate=tr)
        for heading, grid, table in zip(self.headings, self.grids, self.tables, strict=True):
            heading.setText(table.heading)
            self._fill(grid, table)
        self.note.setText(satisfaction_note(found, tr))
        self.message.clear()
        self.loads += 1
        self._update_buttons()

    def _labelled(self, found: dict[str, Any]) -> dict[str, Any]:
        """The answer with the seeded service modes' labels in the operator's language
        (a mode the shop added reads as typed)."""
        if found.get("group") != "service_mode":
            return found

        def relabel(row: dict[str, Any]) -> dict[str, Any]:
            code = row.get("key")
            return {**row, "label": tr(SERVICE_MODES[code])} if code in SERVICE_MODES else row

        callbacks = dict(found.get("callbacks") or {})
        callbacks["rows"] = [relabel(r) for r in callbacks.get("rows") or []]
        return {**found, "satisfaction": [relabel(r) for r in found["satisfaction"]],
                "complaints": [relabel(r) for r in found["complaints"]],
                "callbacks": callbacks}

    def _fill_choices(self, found: dict[str, Any]) -> None:
        for combo, choices in (
                (self.technician, [(int(t["id"]), str(t["name"]))
                                   for t in found.get("technicians") or []]),
                (self.service_mode, [(str(m["code"]), tr(SERVICE_MODES.get(
                    m["code"], m["label"]))) for m in found.get("service_modes") or []])):
            if [combo.itemData(i) for i in range(1, combo.count())] == [c for c, _ in choices]:
                continue
            combo.blockSignals(True)
            set_choices(combo, choices, none_label=combo.itemText(0))
            combo.blockSignals(False)

    @staticmethod
    def _fill(grid: QTableWidget, table: StatsTable) -> None:
        lines = [*table.rows, *([table.total] if table.total else [])]
        grid.clear()
        grid.setColumnCount(len(table.columns))
        grid.setHorizontalHeaderLabels([c.label for c in table.columns])
        grid.setRowCount(len(lines))
        for row, values in enumerate(lines):
            for column, (spec, value) in enumerate(zip(table.columns, values, strict=True)):
                item = QTableWidgetItem(format_value(spec.kind, value))
                if spec.kind != TEXT:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if values is table.total:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                grid.setItem(row, column, item)
        grid.resizeColumnsToContents()
        grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _update_buttons(self) -> None:
        for button in (self.export_button, self.print_button):
            button.setEnabled(self.answer is not None)

    # -- Excel and print -----------------------------------------------------------------
    def notes(self) -> list[str]:
        """The period, grouping and filters in words, for the workbook and the PDF."""
        wanted = self.shown_request or self.request()
        words = [tr("Period: {start} to {end}").format(start=wanted.day_from.isoformat(),
                                                       end=wanted.day_to.isoformat()),
                 self.group.currentText()]
        if wanted.technician_id is not None:
            words.append(tr("Technician: {name}").format(name=self.technician.currentText()))
        if wanted.service_mode:
            words.append(tr("Service mode: {name}").format(
                name=self.service_mode.currentText()))
        return ["; ".join(words), self.note.text()]

    def export_to_excel(self) -> None:
        if self.answer is None:
            return
        settings = QSettings()
        folder = str(settings.value(EXPORT_DIR_KEY, "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation))
        suggested = f"{tr(TITLE)}-{shop_time.today():%Y%m%d}.xlsx"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, tr("Export to Excel"), str(Path(folder) / suggested),
            tr("Excel workbook (*.xlsx)"))
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, target: Path) -> None:
        """Write the tables on screen to `target` (.xlsx added), on a worker."""
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        QSettings().setValue(EXPORT_DIR_KEY, str(target.parent))
        tables, title, notes = list(self.tables), tr(TITLE), self.notes()
        Operation(parent=self, work=lambda: export_stats(str(target), tables, title=title,
                                                         notes=notes),
                  success=lambda _rows: self.show_message(
                      tr("Saved {path}.").format(path=str(target)), ok=True)
                  ).failure(self._failed).with_progress().run_in_background()

    def print_summary(self) -> None:
        """The PDF summary, made on a worker, in the print preview."""
        if self.answer is None:
            return
        tables, notes, title = list(self.tables), self.notes(), tr(TITLE)
        words = {w: tr(w) for w in (QT_TR_NOOP("Nothing in this period."),
                                    QT_TR_NOOP("Page {page} of {pages}"),
                                    QT_TR_NOOP("Printed {time}"))}
        printed_at = datetime.now(UTC)
        Operation(parent=self, work=lambda: render_stats(
                      tables, title=title, notes=notes, printed_at=printed_at,
                      translate=lambda w: words.get(w, w)),
                  success=lambda pdf: printing.show_pdf(pdf, tr(TITLE))
                  ).failure(self._failed).run_in_background()


def open_stats_page(window: Any) -> QWidget:
    """The module's page (ui/modules.py)."""
    return CallbackStatsPage(window.database, window.session, parent=window)


__all__ = ["CallbackStatsPage", "open_stats_page", "period_days"]

