"""The complaint queue to Excel (Ctrl+E, data.export): every complaint the view and the
filters choose, read a page at a time from app.complaint_queue on the worker and written
there; the words are translated first, on the GUI thread. Phones are as the server gives
them (masked without contacts.view) and masked when the screen hides them (Ctrl+H)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.complaints import SEVERITIES, SOURCES, STATES
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.reports.excel import export_rows, export_words, word_key
from aftersales_desktop.services.callbacks import complaints

from ..dispatch import board_export
from ..i18n import tr

TITLE = QT_TR_NOOP("Complaints")
EXPORT_MAX = 20_000  # more than any shop's complaints in a year; the export stops there


# a column of the export: the board's kind (reports.excel's ExportColumn)
ComplaintColumn = board_export.BoardColumn

COLUMNS: list[ComplaintColumn] = [
    ComplaintColumn("number", QT_TR_NOOP("Complaint no."), width=130),
    ComplaintColumn("severity", QT_TR_NOOP("Severity"), width=70, choices=SEVERITIES),
    ComplaintColumn("state", QT_TR_NOOP("State"), width=90, choices=STATES),
    ComplaintColumn("escalation_level", QT_TR_NOOP("Escalations"), ColumnKind.INT, width=70),
    ComplaintColumn("overdue", QT_TR_NOOP("Overdue"), ColumnKind.BOOL, width=60),
    ComplaintColumn("source", QT_TR_NOOP("Source"), width=90, choices=SOURCES),
    ComplaintColumn("summary", QT_TR_NOOP("Summary", "complaint"), width=260),
    ComplaintColumn("customer_name", QT_TR_NOOP("Customer")),
    ComplaintColumn("phone", QT_TR_NOOP("Phone"), ColumnKind.PHONE),
    ComplaintColumn("ticket_number", QT_TR_NOOP("Ticket"), width=150),
    ComplaintColumn("technician", QT_TR_NOOP("Technician")),
    ComplaintColumn("owner_name", QT_TR_NOOP("Owner")),
    ComplaintColumn("opened_at", QT_TR_NOOP("Opened", "complaint"), ColumnKind.DATETIME,
                    width=130),
    ComplaintColumn("deadline_at", QT_TR_NOOP("Deadline"), ColumnKind.DATETIME, width=130),
    ComplaintColumn("hours_open", QT_TR_NOOP("Hours open"), ColumnKind.QUANTITY, width=70),
    ComplaintColumn("resolved_at", QT_TR_NOOP("Resolved"), ColumnKind.DATETIME, width=130),
    ComplaintColumn("customer_accepted", QT_TR_NOOP("Customer accepted"), ColumnKind.BOOL,
                    width=70),
]


def complaint_row(row: Mapping[str, Any]) -> tuple[Any, ...]:
    values = {**row, "owner_name": row.get("owner_name") or row.get("owner")}
    return tuple(values.get(column.key) for column in COLUMNS)


def ask_path(parent: Any) -> Path | None:
    """The workbook to write, chosen by the operator (the lists' remembered folder)."""
    return board_export.ask_path(parent, title=TITLE)


def all_rows(conn: Any, filters: complaints.QueueFilters) -> Iterator[dict[str, Any]]:
    """Every row the filters choose, a page of QUEUE_LIMIT_MAX at a time."""
    offset = 0
    while offset < EXPORT_MAX:
        page = complaints.queue(conn, replace(filters, offset=offset,
                                              limit=complaints.QUEUE_LIMIT_MAX))
        rows = list(page.get("rows") or [])
        yield from rows
        offset += len(rows)
        if not rows or offset >= int(page.get("total") or 0):
            return


def export_work(path: Path, filters: complaints.QueueFilters, *, hidden: bool) -> Any:
    """The worker's part (a QueryOp's op): read the complaints, write the workbook, give
    the number written. Built on the GUI thread; runs on the worker."""
    translated = {word_key(w): tr(w) for w in export_words(TITLE, COLUMNS)}

    def work(conn: Any) -> int:
        return export_rows(path, COLUMNS, (complaint_row(r) for r in all_rows(conn, filters)),
                           title=TITLE, masked_keys={"phone"} if hidden else frozenset(),
                           translate=lambda w: translated.get(word_key(w), w))

    return work
