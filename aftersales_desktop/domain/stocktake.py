"""Stocktake (盘点) rules, pure: what a counted line adjusts and when it waits for a
decision. The database applies the same rule when it posts (db/sql/stock/stocktake_post.sql);
tests/db/test_stocktake.py runs the cases through both.

A line records the book quantity and the item's ledger position when the sheet opens.
When it posts, the moves of the item in that warehouse since then are known, and

    adjustment = counted − (book at opening + moves since)

that is: counted − the balance as it is at posting. If the item moved during the count
and the count disagrees with the ledger, nobody knows whether the clerk counted before
or after the move: the line is *flagged* and waits for a decision (adjust the book to
the count, or keep the book), while every other line posts. A line whose item moved but
whose count agrees with the ledger now (book 10, 2 issued during the count, counted 8)
has nothing to decide: its adjustment is 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from aftersales_desktop.core.i18n import QT_TR_NOOP

SHEET_STATES: dict[str, str] = {
    "open": QT_TR_NOOP("Counting"),
    "posted": QT_TR_NOOP("Posted"),
    "cancelled": QT_TR_NOOP("Cancelled", "document state"),  # 已作废, not a ticket's 已撤销
}
# a line's status as app.stocktake_get reports it
LINE_STATUSES: dict[str, str] = {
    "open": QT_TR_NOOP("Counting"),
    "uncounted": QT_TR_NOOP("Not counted: book kept"),
    "agreed": QT_TR_NOOP("Agrees with the book"),
    "adjusted": QT_TR_NOOP("Adjusted"),
    "awaiting": QT_TR_NOOP("Moved during the count: decide"),
    "kept": QT_TR_NOOP("Book kept"),
}
DECISIONS: dict[str, str] = {
    "adjust": QT_TR_NOOP("Adjust to the count"),
    "keep": QT_TR_NOOP("Keep the book"),
}
# the most entries one count or decision call takes (app.stocktake_count)
MAX_LINES_PER_CALL = 5000


@dataclass(frozen=True)
class Outcome:
    """What posting does with one line."""

    adjustment: Decimal | None  # None: not counted, the book stands
    moved_during: bool
    flagged: bool  # waits for a decision; posts nothing now


def line_outcome(book: Decimal, counted: Decimal | None, moves_since: list[Decimal]
                 ) -> Outcome:
    """The rule app.stocktake_post applies to a line: `moves_since` are the signed
    quantities of the item's moves in the warehouse since the line's ledger position."""
    moved = bool(moves_since)
    if counted is None:
        return Outcome(None, moved, False)
    adjustment = counted - (book + sum(moves_since, Decimal(0)))
    return Outcome(adjustment, moved, moved and adjustment != 0)
