"""我的提成: the operator's own commission statement of a chosen month (commission.view_own),
read-only, with every line and its ticket (Enter opens it).

The months are those app.commission_periods names (the current one chosen); the
statement is read with the operator's own employee record (app.my_employee_id()) under
the database's row security, so nobody reads another's statement here. A month not
computed yet shows the preview its lines make.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from aftersales_desktop.core.db import Database
from aftersales_desktop.services.commissions import month as months
from aftersales_desktop.services.session import OperatorSession

from ..dispatch.page_button import page_button
from ..forms import ERROR_STYLE
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, QueryOp, on_did_execute
from .month_picker import MonthPicker
from .statement_view import StatementView


class MyCommissionPage(QWidget):
    """我的提成; `ticket_requested(ticket_id)` for the main window."""

    ticket_requested = Signal(int)

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("my_commission")
        self.database = database
        self.session = session
        self.loaded_once = False
        self.month = MonthPicker(parent=self)
        self.month.setObjectName("my_commission_month")
        self.month.currentIndexChanged.connect(lambda _i: self.refresh())
        self.view = StatementView(database, session, parent=self)
        # reading one's own statement confirms nothing (the buttons need commission.settle
        # and another's eyes)
        for button in (self.view.confirm_button, self.view.reopen_button):
            button.hide()
        self.view.ticket_requested.connect(self.ticket_requested)
        self.view.loaded.connect(self._shown)
        self.message = QLabel()
        self.message.setObjectName("my_commission_message")
        self.message.setStyleSheet(ERROR_STYLE)
        refresh = page_button(self, "my_commission_refresh", tr("Refresh (F5)"), "",
                              self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Month")))
        top.addWidget(self.month)
        top.addStretch(1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        on_did_execute(self, self._operation_did_execute)
        self.load_periods()

    def load_periods(self) -> None:
        QueryOp(parent=self, database=self.database, op=months.periods,
                success=self._periods_loaded).failure(self._failed).run_in_background()

    def _periods_loaded(self, found: dict[str, Any]) -> None:
        self.month.set_periods(found)
        self.refresh()

    def chosen_month(self) -> date | None:
        return self.month.chosen()

    def choose_month(self, month: date) -> bool:
        return self.month.choose(month)

    def refresh(self) -> None:
        month = self.chosen_month()
        if month is not None:
            self.message.clear()
            self.view.show_own(month)

    def load(self, _key: object = None) -> None:
        self.load_periods()

    def _shown(self) -> None:
        self.loaded_once = True

    def _failed(self, exc: BaseException) -> None:
        self.loaded_once = True
        self.message.setText(error_text(exc))

    def _operation_did_execute(self, changes: Changes, _origin: object) -> None:
        if changes.touches("commissions"):
            self.refresh()
