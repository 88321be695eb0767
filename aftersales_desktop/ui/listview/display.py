"""How one list value reads on screen (also what "copy selection" puts on the clipboard)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt

from aftersales_desktop.core import shop_time
from aftersales_desktop.data.listing import ListColumn
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.domain.masking import MASK, format_money, group_phone, mask_phone
from aftersales_desktop.reports.excel import NO_VALUE
from aftersales_desktop.ui.i18n import tr

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter


def display_text(column: ListColumn, value: Any, *, hidden: bool = False) -> str:
    """The text a cell shows; `hidden` masks a sensitive column's value."""
    if value is None:
        return ""
    kind = column.kind
    if hidden and column.sensitive:
        return mask_phone(str(value)) if kind is ColumnKind.PHONE else MASK
    if kind is ColumnKind.MONEY and isinstance(value, (Decimal, int)):
        return format_money(value)
    if kind is ColumnKind.QUANTITY and isinstance(value, (Decimal, int)):
        return format_quantity(value)
    if kind is ColumnKind.DATETIME and isinstance(value, datetime):
        # Stored aware (timestamptz); shown on the shop's clock, whatever the PC's zone.
        return shop_time.format_datetime(value)
    if kind in (ColumnKind.DATE, ColumnKind.DATETIME) and isinstance(value, date):
        return value.isoformat()
    if kind is ColumnKind.BOOL:
        return tr("Yes") if value else tr("No")
    if kind is ColumnKind.PHONE:
        return group_phone(str(value))
    if column.choices and value in column.choices:
        return tr(column.choices[value])
    return str(value)


def format_quantity(value: Decimal | int) -> str:
    """A count of parts or hours as a number: `2`, `1.5`, `1,200` (no currency, no .00)."""
    amount = Decimal(value)
    if amount == amount.to_integral_value():
        return f"{amount.to_integral_value():,f}"
    return f"{amount.normalize():,f}"


def group_label(column: ListColumn, value: Any) -> str:
    """A summary group's value as the list shows it; rows without a value are a group too."""
    return tr(NO_VALUE) if value is None else display_text(column, value)


def alignment(column: ListColumn) -> Qt.AlignmentFlag:
    if column.kind in (ColumnKind.INT, ColumnKind.MONEY, ColumnKind.QUANTITY):
        return RIGHT
    if column.kind is ColumnKind.BOOL:
        return CENTER
    return LEFT
