"""The lists of dispatches (派工单列表) and work reports (完工报告列表): the shared list view
over data/dispatch_lists.py (full-field and column filters, summary, Excel export) with
Print (Ctrl+P), the selected job's dispatch sheet, and Enter opening the job's ticket.
The rows are the jobs the operator's row security lets them read."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QToolButton, QWidget

from aftersales_desktop.core.db import Database
from aftersales_desktop.data.dispatch_print import job_ticket_id

from ..i18n import tr
from ..listview.widget import ListView
from ..operations import QueryOp
from ..stock.pages import ListPage
from . import printing


class DispatchListPage(ListPage):
    """One of the dispatch lists; its rows are jobs (the list's key is the job's id)."""

    open_ticket = Signal(int)

    def __init__(self, database: Database, view: ListView, *,
                 parent: QWidget | None = None) -> None:
        self.sheet_button = QToolButton()
        self.sheet_button.setObjectName("print_dispatch_sheet")
        self.sheet_button.setText(tr("Print dispatch sheet"))
        self.sheet_button.setToolTip(tr("The selected job's dispatch sheet (派工单), to take "
                                        "to the customer"))
        self.sheet_button.clicked.connect(lambda _checked=False: self.print_sheet())
        super().__init__(database, view, self.sheet_button, parent=parent)
        self.list.activated.connect(self._open_ticket_of)

    def current_job(self) -> int | None:
        index = self.list.table.currentIndex()
        return int(self.list.model.key_at(index.row())) if index.isValid() else None

    def print_sheet(self) -> None:
        job_id = self.current_job()
        if job_id is not None:
            printing.print_dispatch_sheet(self, self.database, job_id)

    def _open_ticket_of(self, key: Any) -> None:
        def found(ticket_id: int | None) -> None:
            if ticket_id is not None:
                self.open_ticket.emit(ticket_id)

        QueryOp(parent=self, database=self.database,
                op=lambda conn: job_ticket_id(conn, int(key)),
                success=found).with_progress().run_in_background()
