"""The due list to Excel (Ctrl+E, UI.md: every board exports like a list): the tasks of
the view and filters as shown, up to the most one read gives (500), with their due day,
ticket, customer, phone, product, technician, calls and call-back time.

The list is read again on the worker with the filters as shown (one round trip) and the
workbook is written there too; the words are translated first, on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.audit_labels import SERVICE_MODES
from aftersales_desktop.domain.callbacks import OUTCOMES, TASK_KINDS, TASK_STATES
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.reports.excel import export_rows, export_words, word_key
from aftersales_desktop.services.callbacks import tasks

from ..dispatch.board_export import BoardColumn
from ..i18n import tr

TITLE = QT_TR_NOOP("Callback tasks")

COLUMNS: list[BoardColumn] = [
    BoardColumn("due_on", QT_TR_NOOP("Due", "callback due date"), ColumnKind.DATE, width=90),
    BoardColumn("overdue_days", QT_TR_NOOP("Days overdue"), ColumnKind.INT, width=70),
    BoardColumn("ticket_number", QT_TR_NOOP("Ticket no."), width=150),
    BoardColumn("customer_name", QT_TR_NOOP("Customer")),
    BoardColumn("phone", QT_TR_NOOP("Phone"), ColumnKind.PHONE),
    BoardColumn("address", QT_TR_NOOP("Address"), width=200),
    BoardColumn("region", QT_TR_NOOP("Region"), width=150),
    BoardColumn("product", QT_TR_NOOP("Product"), width=160),
    BoardColumn("dealer", QT_TR_NOOP("Dealer")),
    BoardColumn("technician", QT_TR_NOOP("Technician")),
    BoardColumn("service_mode", QT_TR_NOOP("Service mode"), choices=SERVICE_MODES),
    BoardColumn("kind", QT_TR_NOOP("Kind"), choices=TASK_KINDS),
    BoardColumn("state", QT_TR_NOOP("State"), choices=TASK_STATES),
    BoardColumn("attempts", QT_TR_NOOP("Attempts"), ColumnKind.INT, width=60),
    BoardColumn("last_outcome", QT_TR_NOOP("Last call"), choices=OUTCOMES),
    BoardColumn("last_attempt_at", QT_TR_NOOP("Last call at"), ColumnKind.DATETIME, width=130),
    BoardColumn("call_back_at", QT_TR_NOOP("Call back at"), ColumnKind.DATETIME, width=130),
    BoardColumn("expires_on", QT_TR_NOOP("Expires"), ColumnKind.DATE, width=90),
]


def task_row(task: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(task.get(column.key) for column in COLUMNS)


def export_work(path: Any, filters: tasks.DueFilters) -> Any:
    """The worker's part (a QueryOp's op): read the tasks, write the workbook, give the
    number written. Built on the GUI thread; runs on the worker."""
    translated = {word_key(w): tr(w) for w in export_words(TITLE, COLUMNS)}

    def work(conn: Any) -> int:
        answer = tasks.due(conn, filters)
        return export_rows(path, COLUMNS, (task_row(t) for t in answer.get("rows") or []),
                           title=TITLE, translate=lambda w: translated.get(word_key(w), w))

    return work
