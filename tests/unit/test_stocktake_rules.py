"""The stocktake rule in Python (domain/stocktake.py; the database's twin is run on the
same cases in tests/db/test_stocktake.py) and the sheet's editor spec."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales_desktop.domain.documents import Document, DocumentLine, LineItem, apply_scan
from aftersales_desktop.domain.stocktake import LINE_STATUSES, line_outcome
from aftersales_desktop.services.stock.stocktake import Count, changed_counts
from aftersales_desktop.ui.stock.stocktake import STOCKTAKE

D = Decimal


@pytest.mark.parametrize(("book", "counted", "moves", "adjustment", "moved", "flagged"), [
    (D(10), D(8), [D(-2)], D(0), True, False),  # issued during the count: agrees
    (D(10), D(8), [], D(-2), False, False),  # short by two
    (D(5), D(7), [], D(2), False, False),  # found two
    (D(5), D(5), [D(3)], D(-3), True, True),  # received while counting: which is right?
    (D(5), D(5), [D(2), D(-2)], D(0), True, False),  # in and out again
    (D(5), None, [D(1)], None, True, False),  # not counted: the book stands
    (D(0), D(0), [], D(0), False, False),
])
def test_line_outcome(book: Decimal, counted: Decimal | None, moves: list[Decimal],
                      adjustment: Decimal | None, moved: bool, flagged: bool) -> None:
    outcome = line_outcome(book, counted, moves)
    assert (outcome.adjustment, outcome.moved_during, outcome.flagged) == (
        adjustment, moved, flagged)


def test_the_sheet_scans_continuously_and_counts_zero() -> None:
    assert STOCKTAKE.entry_columns == ()
    assert STOCKTAKE.quantity_column == "counted"
    counted = STOCKTAKE.column("counted")
    assert counted.allow_zero and counted.editable and not counted.required
    assert {c.key for c in STOCKTAKE.columns if c.editable} == {"code", "counted"}
    status = STOCKTAKE.column("status")
    assert {value for value, _label in status.choices} == set(LINE_STATUSES)


def test_a_scan_of_an_uncounted_line_counts_from_zero() -> None:
    item = LineItem(7, "P-7", "阀")
    lines = (DocumentLine({"code": "P-7", "counted": None}, 7, 70),)
    after, index = apply_scan(STOCKTAKE, lines, item)
    assert index == 0 and after[0].values["counted"] == D(1) and len(after) == 1
    after, _ = apply_scan(STOCKTAKE, after, item)
    assert after[0].values["counted"] == D(2)
    other, index = apply_scan(STOCKTAKE, after, LineItem(8, "P-8", "阀2"))
    assert index == 1 and other[1].values["counted"] == D(1)  # new to the sheet: one found


def test_a_save_sends_only_the_counts_that_changed() -> None:
    lines = (
        DocumentLine({"counted": D(3), "_counted_loaded": D(3)}, 1, 10),  # as loaded
        DocumentLine({"counted": D(4), "_counted_loaded": D(3)}, 2, 20),  # changed
        DocumentLine({"counted": None, "_counted_loaded": D(1)}, 3, 30),  # cleared
        DocumentLine({"counted": D(1)}, 4, None),  # scanned, new to the sheet
        DocumentLine({"counted": D(1)}, None, None),  # an unknown code: nothing to send
    )
    sent = changed_counts(Document("stocktake", {}, lines, state="open", id=1))
    assert sent == [Count(2, D(4), n=2), Count(3, None, n=3), Count(4, D(1), n=4)]
