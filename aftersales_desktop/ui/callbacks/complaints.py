"""The complaint queue (投诉处理): the complaints to handle, by view, for managers and
callback staff.

Views (tabs, Alt+1..Alt+6) 待处理 / 我的 / 已升级 / 已超期 / 已解决 / 全部, each with its count;
the filters (severity, technician, a search: number, customer, phone, ticket) go to the
server (`app.complaint_queue`, one round trip, which escalates what is past its deadline
first), a page of rows at a time. The severity is a coloured cell; an escalated complaint
is bold on a pale red row, an overdue one in orange.

Keys: Up/Down choose, Enter opens the complaint (its dialog has the actions), Ctrl+N opens
one by hand (a phone call), Ctrl+O the ticket, Ctrl+E exports what the filters choose,
Ctrl+F goes to the search, F5 reloads. The page reloads after any write here and when
another client changes a complaint (NOTIFY complaints), half a second later.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.complaints import SEVERITIES
from aftersales_desktop.services.callbacks import complaints
from aftersales_desktop.services.session import OperatorSession

from ..dispatch.page_button import page_button
from ..field_limits import limit_search
from ..forms import ERROR_STYLE, OK_STYLE, set_choices
from ..frontdesk.ticket_sections import RecordTable
from ..i18n import tr
from ..messages import error_text
from ..notifications import DatabaseNotifications
from ..operations import Changes, QueryOp, on_did_execute
from . import complaint_export
from .complaint_rows import (
    COLUMNS,
    ESCALATED_BACKGROUND,
    KEYS,
    SEVERITY_COLOURS,
    Row,
    escalated,
    row_colour,
    row_texts,
)

# (view, label): the views in the order of their tabs (app.complaint_queue's views)
VIEWS: list[tuple[str, str]] = [
    ("open", QT_TR_NOOP("To handle")),
    ("mine", QT_TR_NOOP("Mine")),
    ("escalated", QT_TR_NOOP("Escalated", "complaint view")),
    ("overdue", QT_TR_NOOP("Overdue", "complaint view")),
    ("resolved", QT_TR_NOOP("Resolved", "complaint view")),
    ("all", QT_TR_NOOP("All", "complaint view")),
]
CHANNEL = "complaints"  # NOTIFY channel of app.complaint_* writes
SHOWS = ("complaints", "complaint")
RELOAD_DELAY_MS = 500
SEARCH_PAUSE_MS = 400
PAGE_SIZE = 200
ROW_ROLE = Qt.ItemDataRole.UserRole
WIDE_COLUMNS = {"summary": 260, "customer_name": 120}


class ComplaintQueuePage(QWidget):
    """投诉处理: the complaints, by view, filtered on the server."""

    ticket_requested = Signal(int)

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaint_queue")
        self.database = database
        self.session = session
        self.rows: list[Row] = []
        self.counts: dict[str, int] = {}
        self.total = 0
        self.offset = 0
        self.loaded_once = False
        self.sensitive_hidden = False
        self.technicians: dict[int, str] = {}
        self.complaint_dialog: QWidget | None = None  # the open one (tests find it here)
        self.open_dialog: QWidget | None = None
        self._loading = False
        self._again = False
        self._export: Any = None

        self.views = QTabBar()
        self.views.setObjectName("complaint_views")
        self.views.setExpanding(False)
        for _view, label in VIEWS:
            self.views.addTab(tr(label))
        self.views.currentChanged.connect(lambda _i: self._filters_changed())
        for index in range(len(VIEWS)):
            switch = QAction(self)
            switch.setShortcut(QKeySequence(f"Alt+{index + 1}"))
            switch.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            switch.triggered.connect(lambda _c=False, i=index: self.views.setCurrentIndex(i))
            self.addAction(switch)

        self.severity = QComboBox()
        self.severity.setObjectName("complaint_severity")
        set_choices(self.severity, [(code, tr(label)) for code, label in SEVERITIES.items()],
                    none_label=tr("All severities"))
        self.technician = QComboBox()
        self.technician.setObjectName("complaint_technician")
        set_choices(self.technician, [], none_label=tr("All technicians"))
        self.search = limit_search(QLineEdit())
        self.search.setObjectName("complaint_search")
        self.search.setPlaceholderText(tr("Complaint no., customer, phone or ticket (Ctrl+F)"))
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
        for combo in (self.severity, self.technician):
            combo.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.count = QLabel()
        self.count.setObjectName("complaint_count")

        self.table = RecordTable([label for _key, label in COLUMNS])
        self.table.setObjectName("complaint_table")
        self.table.setAlternatingRowColors(False)  # the rows' own colours carry meaning
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.open_selected())
        self.message = QLabel()
        self.message.setObjectName("complaint_message")
        self.message.setWordWrap(True)

        self.open_button = self._button("complaint_open", tr("Open (Enter)"), "",
                                        self.open_selected)
        self.new_button = self._button("complaint_new", tr("New complaint... (Ctrl+N)"),
                                       "Ctrl+N", self.new_complaint)
        self.new_button.setVisible(any(session.can(c) for c in complaints.OPEN_CAPABILITIES))
        self.ticket_button = self._button("complaint_ticket", tr("Open ticket (Ctrl+O)"),
                                          "Ctrl+O", self.open_ticket)
        self.export_button = self._button("complaint_export", tr("Export to Excel (Ctrl+E)"),
                                          "Ctrl+E", self.export_to_excel)
        self.export_button.setVisible(session.can("data.export"))
        self.previous_button = self._button("complaint_previous", tr("Previous page"), "",
                                            lambda: self._page(-1))
        self.next_button = self._button("complaint_next", tr("Next page"), "",
                                        lambda: self._page(1))
        refresh = QPushButton(tr("Refresh (F5)"))
        refresh.clicked.connect(self.refresh)

        filters = QHBoxLayout()
        filter_rows: list[tuple[str | None, QWidget]] = [
            (tr("Severity"), self.severity), (tr("Technician"), self.technician),
            (None, self.search)]
        for caption, widget in filter_rows:
            if caption:
                filters.addWidget(QLabel(caption))
            filters.addWidget(widget, 1 if widget is self.search else 0)
        filters.addWidget(self.count)
        filters.addWidget(refresh)
        actions = QHBoxLayout()
        for button in (self.open_button, self.ticket_button, self.new_button,
                       self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.previous_button)
        actions.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.views)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)

        self._reload = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload.timeout.connect(self.refresh)
        self.events = DatabaseNotifications(database, CHANNEL, parent=self)
        self.events.notified.connect(self._reload.start)
        on_did_execute(self, self._operation_did_execute)
        self._update_buttons()
        self.refresh()

    def _button(self, name: str, text: str, keys: str, slot: Any) -> QPushButton:
        return page_button(self, name, text, keys, slot)

    # -- loading ---------------------------------------------------------------------------
    def view(self) -> str:
        return VIEWS[max(self.views.currentIndex(), 0)][0]

    def set_view(self, view: str) -> None:
        self.views.setCurrentIndex([v for v, _label in VIEWS].index(view))

    def filters(self) -> complaints.QueueFilters:
        return complaints.QueueFilters(
            view=self.view(), severity=self.severity.currentData(),
            technician_id=self.technician.currentData(), search=self.search.text(),
            offset=self.offset, limit=PAGE_SIZE)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

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
        if self._loading:
            self._again = True
            return
        self._loading = True
        wanted = self.filters()
        QueryOp(parent=self, database=self.database,
                op=lambda conn: complaints.queue(conn, wanted),
                success=self._loaded).failure(self._failed).with_progress().run_in_background()

    def load(self, _key: object = None) -> None:
        """main_window.open_record: the queue reloads."""
        self.refresh()

    def _operation_did_execute(self, changes: Changes, _origin: object) -> None:
        if changes.touches(*SHOWS):
            self._reload.start()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.loaded_once = True
        self.show_message(error_text(exc), ok=False)
        self._again_if_asked()

    def _again_if_asked(self) -> None:
        if self._again:
            self._again = False
            self.refresh()

    def show_message(self, text: str, *, ok: bool | None = None) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("" if ok is None else OK_STYLE if ok else ERROR_STYLE)

    def _loaded(self, found: dict[str, Any]) -> None:
        self._loading = False
        self.counts = {str(k): int(v or 0) for k, v in (found.get("counts") or {}).items()}
        self.total = int(found.get("total") or 0)
        self._remember_names(found)
        keep = self.selected_row()
        self.rows = list(found.get("rows") or [])
        self._fill(keep.get("id") if keep else None)
        self._show_counts()
        if not self.loaded_once and self.isVisible():
            self.table.setFocus()  # Up/Down and Enter work at once
        self.loaded_once = True
        self._update_buttons()
        self._again_if_asked()

    def _remember_names(self, found: dict[str, Any]) -> None:
        """The technician choice keeps every technician the loads have named, so choosing
        one does not drop the others."""
        named = {int(r["technician_id"]): str(r.get("technician") or "")
                 for r in found.get("rows") or [] if r.get("technician_id") is not None}
        if set(named) - set(self.technicians):
            self.technicians.update(named)
            self.technician.blockSignals(True)
            chosen = self.technician.currentData()
            set_choices(self.technician, sorted(self.technicians.items(), key=lambda t: t[1]),
                        none_label=tr("All technicians"))
            self.technician.setCurrentIndex(max(self.technician.findData(chosen), 0))
            self.technician.blockSignals(False)

    def _fill(self, keep_id: Any) -> None:
        self.table.setRowCount(len(self.rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        select = 0
        for index, row in enumerate(self.rows):
            colour = row_colour(row)
            stands_out = escalated(row)
            for column, text in enumerate(row_texts(row, hidden=self.sensitive_hidden)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                key = KEYS[column]
                if column == 0:
                    item.setData(ROW_ROLE, row)
                if key == "severity":
                    background, foreground = SEVERITY_COLOURS.get(
                        str(row.get("severity")), ("", ""))
                    if background:
                        item.setBackground(QBrush(QColor(background)))
                        item.setForeground(QBrush(QColor(foreground)))
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                else:
                    if stands_out:
                        item.setBackground(QBrush(QColor(ESCALATED_BACKGROUND)))
                    if colour:
                        item.setForeground(QBrush(QColor(colour)))
                if stands_out and key in ("number", "state", "deadline_at"):
                    item.setFont(bold)
                if key == "hours_open":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, column, item)
            if keep_id is not None and row.get("id") == keep_id:
                select = index
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column, key in enumerate(KEYS[:-1]):
            header.resizeSection(column, min(header.sectionSize(column),
                                             WIDE_COLUMNS.get(key, 180)))
        header.setSectionResizeMode(len(KEYS) - 1, QHeaderView.ResizeMode.Stretch)
        if self.rows:
            self.table.selectRow(select)

    def _show_counts(self) -> None:
        for index, (view, label) in enumerate(VIEWS):
            count = self.counts.get(view)
            text = tr(label) if count is None else f"{tr(label)} ({count})"
            self.views.setTabText(index, text)
            if view in ("escalated", "overdue"):
                self.views.setTabTextColor(index, QColor(
                    "#a8071a" if view == "escalated" else "#d46b08") if count else QColor())
        first = self.offset + 1 if self.rows else 0
        self.count.setText(tr("{first}-{last} of {total}").format(
            first=first, last=self.offset + len(self.rows), total=self.total))
        self.previous_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + len(self.rows) < self.total)

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.sensitive_hidden = hidden
        keep = self.selected_row()
        self._fill(keep.get("id") if keep else None)

    # -- the selected complaint ------------------------------------------------------------
    def selected_row(self) -> Row | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        found = item.data(ROW_ROLE) if item is not None else None
        return found if isinstance(found, dict) else None

    def select_number(self, number: str) -> bool:
        for index, row in enumerate(self.rows):
            if row.get("number") == number:
                self.table.selectRow(index)
                return True
        return False

    def listed_numbers(self) -> list[str]:
        return [str(row.get("number")) for row in self.rows]

    def row_of(self, number: str) -> Row | None:
        return next((row for row in self.rows if row.get("number") == number), None)

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.open_button.setEnabled(row is not None)
        self.ticket_button.setEnabled(row is not None and row.get("ticket_id") is not None)

    # -- actions ---------------------------------------------------------------------------
    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_complaint(int(row["id"]))

    def open_complaint(self, complaint_id: int) -> QWidget:
        from .complaint_dialog import ComplaintDialog

        dialog = ComplaintDialog(self.database, self.session, complaint_id, parent=self)
        dialog.ticket_requested.connect(self.ticket_requested)
        self.complaint_dialog = dialog
        dialog.finished.connect(lambda _r, d=dialog: self._dialog_closed(d))
        dialog.show()  # not modal: the ticket and the customer's history open beside it
        return dialog

    def _dialog_closed(self, dialog: QWidget) -> None:
        if self.complaint_dialog is dialog:
            self.complaint_dialog = None
        if self.open_dialog is dialog:
            self.open_dialog = None  # it deletes itself on close
        else:
            dialog.deleteLater()
        self.table.setFocus()

    def new_complaint(self) -> None:
        """A complaint by hand, here a phone call: the customer is looked up by phone."""
        from .complaint_open_dialog import open_complaint_dialog

        dialog = open_complaint_dialog(self, self.database, self.session, source="phone")
        self.open_dialog = dialog
        dialog.opened.connect(lambda complaint_id, number: self.show_message(
            tr("Complaint {number} is opened.").format(number=number), ok=True))
        dialog.finished.connect(lambda _r, d=dialog: self._dialog_closed(d))

    def open_ticket(self) -> None:
        row = self.selected_row()
        if row is not None and row.get("ticket_id") is not None:
            self.ticket_requested.emit(int(row["ticket_id"]))

    # -- export ----------------------------------------------------------------------------
    def export_to_excel(self, path: Any = None) -> bool:
        """Every complaint the view and filters choose, to a workbook (asks where unless
        `path` is given); False when nothing was started."""
        if self._export is not None or self.export_button.isHidden():
            return False
        target = path or complaint_export.ask_path(self)
        if target is None:
            return False
        self._export = target
        self.show_message(tr("Exporting…"))
        QueryOp(parent=self, database=self.database,
                op=complaint_export.export_work(target, self.filters(),
                                                hidden=self.sensitive_hidden),
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
