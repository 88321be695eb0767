"""The month picker of 月度结算 and 我的提成: the months app.commission_periods names
(newest first, each with its state), the current open month added when it has no row."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from aftersales_desktop.domain.commissions import PERIOD_STATES
from aftersales_desktop.services.commissions import month as months

from ..i18n import tr
from .statement_view import month_text


class MonthPicker(QComboBox):
    """A month per item (its data the month's ISO day, so that Qt compares plain text)."""

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.periods: dict[date, dict[str, Any]] = {}
        self.current: date | None = None

    def set_periods(self, found: dict[str, Any]) -> None:
        """Fill from app.commission_periods' answer; the chosen month stays chosen, else
        the current one. Emits no change (the caller reloads once)."""
        chosen = self.chosen()
        current = found.get("current")
        self.current = current if isinstance(current, date) else None
        rows = {p["month"]: p for p in found.get("rows") or []
                if isinstance(p.get("month"), date)}
        if self.current is not None and self.current not in rows:
            rows[self.current] = {"month": self.current, "state": "open"}
        self.periods = rows
        self.blockSignals(True)
        self.clear()
        for month in sorted(rows, reverse=True):
            state = str(rows[month].get("state") or "open")
            self.addItem(f"{month_text(month)}  {tr(PERIOD_STATES.get(state, state))}",
                         month.isoformat())
        wanted = chosen or self.current
        index = self.findData(wanted.isoformat()) if wanted is not None else -1
        self.setCurrentIndex(index if index >= 0 else 0)
        self.blockSignals(False)

    def chosen(self) -> date | None:
        value = self.currentData()
        return date.fromisoformat(value) if isinstance(value, str) and value else None

    def choose(self, month: date) -> bool:
        """Choose `month` (any day of it); False when the picker does not offer it."""
        index = self.findData(months.month_of(month).isoformat())
        if index >= 0:
            self.setCurrentIndex(index)
        return index >= 0
