"""Length limits of the callback forms: the column's limit from domain/limits.py (the
CHECKs revision 0021 writes), so a field stops where the database would refuse."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

from aftersales_desktop.domain import limits

from ..field_limits import limit_setting, limit_text

W = TypeVar("W", bound=QWidget)


def limited(widget: W, table: str, column: str, most: int) -> W:
    """`limit_text` where domain/limits.py knows the column; else `most` (the spec's
    length, until the table's limits are listed there)."""
    try:
        limits.max_length(table, column)
    except KeyError:
        return limit_setting(widget, most)
    return limit_text(widget, table, column)
