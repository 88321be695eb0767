"""Working days with the real Chinese holiday arrangements (调休) and promised dates.

Calendars follow the State Council notices (国务院办公厅关于2025年/2026年部分节假日安排的
通知). The case tables are module-level so the database tests can reuse them:
`from tests.unit.test_workdays import CN_2025_2026, ADD_WORKING_DAYS_CASES, ...`.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.domain.workdays import (
    PromiseRule,
    WorkCalendar,
    add_working_days,
    check_promised_date,
    is_working_day,
    promised_date,
    working_days_between,
)


def _days(*spans: tuple[date, date]) -> frozenset[date]:
    found = set()
    for first, last in spans:
        day = first
        while day <= last:
            found.add(day)
            day += timedelta(days=1)
    return frozenset(found)


def _weekdays(days: frozenset[date]) -> frozenset[date]:
    return frozenset(d for d in days if d.weekday() < 5)


# 2025: Spring Festival Jan 28 - Feb 4 (work Sun Jan 26, Sat Feb 8);
#       National Day + Mid-Autumn Oct 1 - 8 (work Sun Sep 28, Sat Oct 11)
CN_2025 = WorkCalendar(
    holidays=_weekdays(_days((date(2025, 1, 1), date(2025, 1, 1)),
                             (date(2025, 1, 28), date(2025, 2, 4)),
                             (date(2025, 10, 1), date(2025, 10, 8)))),
    workdays=frozenset({date(2025, 1, 26), date(2025, 2, 8), date(2025, 9, 28),
                        date(2025, 10, 11)}))
# 2026: New Year Jan 1-3 (work Sun Jan 4); Spring Festival Feb 15-23 (work Sat Feb 14,
# Sat Feb 28); Qingming Apr 4-6; Labour Day May 1-5 (work Sat May 9); Dragon Boat
# Jun 19-21; Mid-Autumn Sep 25-27; National Day Oct 1-7 (work Sun Sep 20, Sat Oct 10)
CN_2026 = WorkCalendar(
    holidays=_weekdays(_days((date(2026, 1, 1), date(2026, 1, 3)),
                             (date(2026, 2, 15), date(2026, 2, 23)),
                             (date(2026, 4, 4), date(2026, 4, 6)),
                             (date(2026, 5, 1), date(2026, 5, 5)),
                             (date(2026, 6, 19), date(2026, 6, 21)),
                             (date(2026, 9, 25), date(2026, 9, 27)),
                             (date(2026, 10, 1), date(2026, 10, 7)))),
    workdays=frozenset({date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28),
                        date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10)}))
CN_2025_2026 = WorkCalendar(CN_2025.holidays | CN_2026.holidays,
                            CN_2025.workdays | CN_2026.workdays)
PLAIN = WorkCalendar()

CALENDARS = {"plain": PLAIN, "cn2025": CN_2025, "cn2026": CN_2026, "cn": CN_2025_2026}

# (day, calendar name, working?)
IS_WORKING_DAY_CASES: list[tuple[date, str, bool]] = [
    (date(2026, 11, 23), "plain", True),     # Monday
    (date(2026, 11, 27), "plain", True),     # Friday
    (date(2026, 11, 28), "plain", False),    # Saturday
    (date(2026, 11, 29), "plain", False),    # Sunday
    (date(2026, 10, 1), "plain", True),      # no holidays in the plain calendar
    (date(2026, 10, 1), "cn2026", False),    # National Day, Thursday
    (date(2026, 10, 7), "cn2026", False),    # Wednesday, last day off
    (date(2026, 10, 8), "cn2026", True),
    (date(2026, 10, 10), "cn2026", True),    # make-up Saturday
    (date(2026, 10, 11), "cn2026", False),   # plain Sunday
    (date(2026, 9, 20), "cn2026", True),     # make-up Sunday
    (date(2026, 9, 25), "cn2026", False),    # Mid-Autumn Friday
    (date(2026, 2, 14), "cn2026", True),     # make-up Saturday before Spring Festival
    (date(2026, 2, 23), "cn2026", False),    # Monday, 初七
    (date(2026, 2, 24), "cn2026", True),
    (date(2026, 1, 4), "cn2026", True),      # make-up Sunday after New Year
    (date(2025, 1, 26), "cn2025", True),
    (date(2025, 2, 4), "cn2025", False),
    (date(2025, 10, 8), "cn2025", False),
    (date(2025, 10, 11), "cn2025", True),
]

# (start, n, calendar name, expected)
ADD_WORKING_DAYS_CASES: list[tuple[date, int, str, date]] = [
    (date(2026, 11, 23), 0, "plain", date(2026, 11, 23)),
    (date(2026, 11, 28), 0, "plain", date(2026, 11, 28)),    # n = 0 on a Saturday
    (date(2026, 10, 3), 0, "cn2026", date(2026, 10, 3)),     # n = 0 on a holiday
    (date(2026, 11, 23), 1, "plain", date(2026, 11, 24)),
    (date(2026, 11, 27), 1, "plain", date(2026, 11, 30)),    # over a weekend
    (date(2026, 11, 27), 3, "plain", date(2026, 12, 2)),
    (date(2026, 11, 28), 1, "plain", date(2026, 11, 30)),    # start on a Saturday
    (date(2026, 11, 29), 1, "plain", date(2026, 11, 30)),    # start on a Sunday
    (date(2026, 11, 28), 5, "plain", date(2026, 12, 4)),
    (date(2026, 11, 23), 5, "plain", date(2026, 11, 30)),
    (date(2026, 11, 23), 7, "plain", date(2026, 12, 2)),
    (date(2026, 12, 31), 1, "plain", date(2027, 1, 1)),
    # National Day 2026
    (date(2026, 9, 30), 1, "cn2026", date(2026, 10, 8)),
    (date(2026, 9, 29), 3, "cn2026", date(2026, 10, 9)),
    (date(2026, 9, 29), 4, "cn2026", date(2026, 10, 10)),    # make-up Saturday counts
    (date(2026, 9, 29), 5, "cn2026", date(2026, 10, 12)),
    (date(2026, 10, 3), 1, "cn2026", date(2026, 10, 8)),     # start inside the holiday
    (date(2026, 9, 18), 1, "cn2026", date(2026, 9, 20)),     # make-up Sunday counts
    (date(2026, 9, 18), 2, "cn2026", date(2026, 9, 21)),
    (date(2026, 9, 24), 1, "cn2026", date(2026, 9, 28)),     # Mid-Autumn Friday skipped
    (date(2026, 9, 24), 7, "cn2026", date(2026, 10, 12)),
    # Spring Festival 2026
    (date(2026, 2, 13), 1, "cn2026", date(2026, 2, 14)),
    (date(2026, 2, 13), 2, "cn2026", date(2026, 2, 24)),
    (date(2026, 2, 14), 1, "cn2026", date(2026, 2, 24)),     # start on a make-up Saturday
    (date(2026, 2, 24), 3, "cn2026", date(2026, 2, 27)),
    (date(2026, 2, 24), 4, "cn2026", date(2026, 2, 28)),
    (date(2026, 2, 24), 5, "cn2026", date(2026, 3, 2)),
    # Spring Festival 2025
    (date(2025, 1, 24), 1, "cn2025", date(2025, 1, 26)),
    (date(2025, 1, 24), 2, "cn2025", date(2025, 1, 27)),
    (date(2025, 1, 24), 3, "cn2025", date(2025, 2, 5)),
    (date(2025, 1, 27), 5, "cn2025", date(2025, 2, 10)),
    # New Year, across the two years; Labour Day
    (date(2025, 12, 31), 1, "cn", date(2026, 1, 4)),
    (date(2025, 12, 31), 2, "cn", date(2026, 1, 5)),
    (date(2026, 4, 30), 1, "cn2026", date(2026, 5, 6)),
    (date(2026, 4, 30), 4, "cn2026", date(2026, 5, 9)),
]

# (start, end, calendar name, working days d with start < d <= end)
BETWEEN_CASES: list[tuple[date, date, str, int]] = [
    (date(2026, 11, 23), date(2026, 11, 23), "plain", 0),
    (date(2026, 11, 30), date(2026, 11, 23), "plain", 0),
    (date(2026, 11, 27), date(2026, 11, 29), "plain", 0),
    (date(2026, 11, 27), date(2026, 11, 30), "plain", 1),
    (date(2026, 11, 23), date(2026, 11, 30), "plain", 5),
    (date(2026, 11, 28), date(2026, 12, 5), "plain", 5),
    (date(2026, 9, 30), date(2026, 10, 7), "cn2026", 0),
    (date(2026, 9, 30), date(2026, 10, 8), "cn2026", 1),
    (date(2026, 9, 30), date(2026, 10, 10), "cn2026", 3),
    (date(2026, 9, 18), date(2026, 9, 21), "cn2026", 2),
    (date(2026, 2, 13), date(2026, 2, 28), "cn2026", 6),
    (date(2025, 12, 31), date(2026, 1, 4), "cn", 1),
    (date(2025, 12, 31), date(2026, 1, 4), "plain", 2),
]


@pytest.mark.parametrize(("day", "calendar", "expected"), IS_WORKING_DAY_CASES)
def test_is_working_day(day: date, calendar: str, expected: bool) -> None:
    assert is_working_day(day, CALENDARS[calendar]) is expected
    assert CALENDARS[calendar].is_working_day(day) is expected


@pytest.mark.parametrize(("start", "n", "calendar", "expected"), ADD_WORKING_DAYS_CASES)
def test_add_working_days(start: date, n: int, calendar: str, expected: date) -> None:
    assert add_working_days(start, n, CALENDARS[calendar]) == expected
    if n:
        assert working_days_between(start, expected, CALENDARS[calendar]) == n
        assert is_working_day(expected, CALENDARS[calendar])


def test_add_negative_working_days() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 23), -1, PLAIN)


@pytest.mark.parametrize(("start", "end", "calendar", "expected"), BETWEEN_CASES)
def test_working_days_between(start: date, end: date, calendar: str, expected: int) -> None:
    assert working_days_between(start, end, CALENDARS[calendar]) == expected


def test_calendars_are_consistent() -> None:
    for calendar in (CN_2025, CN_2026):
        assert all(d.weekday() < 5 for d in calendar.holidays)
        assert all(d.weekday() >= 5 for d in calendar.workdays)
    assert date(2026, 9, 27) not in CN_2026.workdays  # Mid-Autumn Sunday, not a make-up day
    assert WorkCalendar() == PLAIN
    assert WorkCalendar().holidays == frozenset()


# (received, rule, calendar name, urgent, to_factory, expected)
PROMISED_CASES: list[tuple[date, PromiseRule, str, bool, bool, date]] = [
    (date(2026, 11, 23), PromiseRule(), "cn2026", False, False, date(2026, 12, 2)),
    (date(2026, 11, 23), PromiseRule(), "cn2026", True, False, date(2026, 11, 26)),
    (date(2026, 11, 23), PromiseRule(), "cn2026", False, True, date(2026, 12, 14)),
    (date(2026, 11, 23), PromiseRule(), "cn2026", True, True, date(2026, 12, 14)),
    (date(2026, 9, 30), PromiseRule(), "cn2026", False, False, date(2026, 10, 15)),
    (date(2026, 9, 30), PromiseRule(), "cn2026", True, False, date(2026, 10, 10)),
    (date(2026, 9, 30), PromiseRule(), "cn2026", False, True, date(2026, 10, 27)),
    (date(2026, 2, 13), PromiseRule(5, 1, 10), "cn2026", False, False, date(2026, 2, 27)),
    (date(2026, 2, 13), PromiseRule(5, 1, 10), "cn2026", True, False, date(2026, 2, 14)),
    (date(2026, 11, 28), PromiseRule(7, 0, 15), "plain", True, False, date(2026, 11, 28)),
]


@pytest.mark.parametrize(("received", "rule", "calendar", "urgent", "to_factory", "expected"),
                         PROMISED_CASES)
def test_promised_date(received: date, rule: PromiseRule, calendar: str, urgent: bool,
                       to_factory: bool, expected: date) -> None:
    assert promised_date(received, rule, CALENDARS[calendar], urgent=urgent,
                         to_factory=to_factory) == expected


def test_promise_rule_defaults() -> None:
    assert PromiseRule() == PromiseRule(normal_days=7, urgent_days=3, factory_days=15)


@pytest.mark.parametrize(("promised", "received", "message"), [
    (None, date(2026, 11, 23), "Enter the promised date."),
    (date(2026, 11, 22), date(2026, 11, 23),
     "The promised date cannot be before the intake date."),
    (date(2026, 11, 23), date(2026, 11, 23), None),
    (date(2026, 11, 28), date(2026, 11, 23), None),   # a Saturday is fine if agreed
])
def test_check_promised_date(promised: date | None, received: date, message: str | None) -> None:
    if message is None:
        check_promised_date(promised, received)
        return
    with pytest.raises(ValidationError) as caught:
        check_promised_date(promised, received)
    assert caught.value.field == "promised_date"
    assert str(caught.value) == message
