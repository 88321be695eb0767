"""咨询记录: the inquiries list (data/inquiry_lists.py) on the shared list view, with
Print (Ctrl+P), 咨询登记 to log the next one, and Enter (or a double-click) opening the
inquiry's customer history (the inquiry, and the ticket or pre-order it became)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QToolButton, QWidget

from aftersales_desktop.core.db import Database
from aftersales_desktop.services.callbacks.inquiries import inquiry_customer

from ..i18n import tr
from ..listview.widget import ListView
from ..operations import QueryOp
from ..stock.pages import ListPage
from .customer_history import open_customer_history


class InquiriesPage(ListPage):
    """Every inquiry, newest first; the list's key is the inquiry's id."""

    new_requested = Signal()

    def __init__(self, database: Database, view: ListView, *,
                 parent: QWidget | None = None) -> None:
        self.new_button = QToolButton()
        self.new_button.setObjectName("inquiry_new")
        self.new_button.setText(tr("Log an inquiry (F7)"))
        self.new_button.clicked.connect(lambda _checked=False: self.new_requested.emit())
        super().__init__(database, view, self.new_button, parent=parent)
        self.list.activated.connect(self.open_history)

    def open_history(self, key: Any) -> None:
        def found(customer_id: int | None) -> None:
            if customer_id is not None:
                open_customer_history(self, customer_id)

        QueryOp(parent=self, database=self.database,
                op=lambda conn: inquiry_customer(conn, int(key)),
                success=found).with_progress().run_in_background()
