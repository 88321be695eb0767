"""奖惩登记 to Excel (Ctrl+E, data.export): every proposal of the chosen view (waiting,
decided, all), read a page at a time from app.commission_pending on the worker and
written there; the words are translated first, on the GUI thread. Amounts are numbers
(yuan), a penalty negative."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.reports.excel import export_rows, export_words, word_key
from aftersales_desktop.services.commissions import lines

from ..dispatch import board_export
from ..i18n import tr

TITLE = QT_TR_NOOP("Rewards and penalties", "commission page")
EXPORT_MAX = 20_000  # far more than a shop proposes in a year; the export stops there
STATES = {"proposed": QT_TR_NOOP("Waiting", "proposal state"),
          "active": QT_TR_NOOP("Approved", "proposal state"),
          "rejected": QT_TR_NOOP("Rejected", "proposal state")}

Column = board_export.BoardColumn
COLUMNS: list[Column] = [
    Column("month", QT_TR_NOOP("Month"), width=70),
    Column("payee", QT_TR_NOOP("Payee")),
    Column("item", QT_TR_NOOP("Item")),
    Column("amount", QT_TR_NOOP("Amount"), ColumnKind.MONEY, width=90),
    Column("reason", QT_TR_NOOP("Reason"), width=240),
    Column("ticket_number", QT_TR_NOOP("Ticket"), width=150),
    Column("created_by", QT_TR_NOOP("Proposed by")),
    Column("created_at", QT_TR_NOOP("Proposed at"), ColumnKind.DATETIME, width=130),
    Column("state", QT_TR_NOOP("State"), width=80, choices=STATES),
    Column("decided_by", QT_TR_NOOP("Decided by")),
    Column("decided_at", QT_TR_NOOP("Decided at"), ColumnKind.DATETIME, width=130),
    Column("note", QT_TR_NOOP("Note"), width=200),
]


def _name(value: Any) -> str:
    return str(value.get("name") or "") if isinstance(value, Mapping) else str(value or "")


def export_row(row: Mapping[str, Any]) -> tuple[Any, ...]:
    values = {**row, "month": str(row.get("period") or "")[:7],
              "payee": _name(row.get("payee")), "item": _name(row.get("item"))}
    return tuple(values.get(column.key) for column in COLUMNS)


def ask_path(parent: Any) -> Path | None:
    return board_export.ask_path(parent, title=TITLE)


def all_rows(conn: Any, filters: lines.ProposalFilters) -> Iterator[dict[str, Any]]:
    """Every proposal of the view, a page of PAGE_LIMIT_MAX at a time."""
    offset = 0
    while offset < EXPORT_MAX:
        page = lines.proposals(conn, replace(filters, offset=offset,
                                             limit=lines.PAGE_LIMIT_MAX))
        rows = list(page.get("rows") or [])
        yield from rows
        offset += len(rows)
        if not rows or offset >= int(page.get("total") or 0):
            return


def export_work(path: Path, filters: lines.ProposalFilters) -> Any:
    """The worker's part (a QueryOp's op): read the proposals, write the workbook, give
    the number written. Built on the GUI thread; runs on the worker."""
    translated = {word_key(w): tr(w) for w in export_words(TITLE, COLUMNS)}

    def work(conn: Any) -> int:
        return export_rows(path, COLUMNS, (export_row(r) for r in all_rows(conn, filters)),
                           title=TITLE, masked_keys=frozenset(),
                           translate=lambda w: translated.get(word_key(w), w))

    return work
