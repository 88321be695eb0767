"""Working days of the shop and the promised repair date (pure).

Chinese public holidays move working days around (调休): a holiday may fall on a
weekday (the shop is closed) and a weekend day may become a working day. The shop's
calendar lists both; everything else follows Monday-Friday.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from aftersales_desktop.domain.refusals import refuse

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    """`holidays`: weekdays the shop is closed; `workdays`: weekend days it works."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, d: date) -> bool:
        return is_working_day(d, self)


NO_HOLIDAYS = WorkCalendar()


def is_working_day(d: date, calendar: WorkCalendar = NO_HOLIDAYS) -> bool:
    if d in calendar.workdays:
        return True
    return d.weekday() < 5 and d not in calendar.holidays


def add_working_days(start: date, n: int, calendar: WorkCalendar = NO_HOLIDAYS) -> date:
    """The n-th working day after `start` (which is not counted); `start` itself for 0."""
    if n < 0:
        raise ValueError(f"cannot add a negative number of working days ({n})")
    day = start
    remaining = n
    while remaining:
        day += _DAY
        if is_working_day(day, calendar):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, calendar: WorkCalendar = NO_HOLIDAYS) -> int:
    """Working days d with start < d <= end (0 when end <= start): "N working days late"."""
    if end <= start:
        return 0
    total = 0
    day = start + _DAY
    while day <= end:
        if is_working_day(day, calendar):
            total += 1
        day += _DAY
    return total


@dataclass(frozen=True)
class PromiseRule:
    """Working days the shop promises for a repair (shop settings)."""

    normal_days: int = 7
    urgent_days: int = 3
    factory_days: int = 15


def promised_date(received: date, rule: PromiseRule, calendar: WorkCalendar = NO_HOLIDAYS,
                  *, urgent: bool, to_factory: bool) -> date:
    """The default promised date: a return to the factory beats urgency."""
    if to_factory:
        days = rule.factory_days
    elif urgent:
        days = rule.urgent_days
    else:
        days = rule.normal_days
    return add_working_days(received, days, calendar)


def check_promised_date(promised: date | None, received: date) -> None:
    if promised is None:
        raise refuse("promised_required")
    if promised < received:
        raise refuse("promised_before_intake")
