"""What the commission settings and the pay fields take, before any SQL: numbers within
their column's range and scale, a rule's amount or rate by its kind, its days, a reward
item's trigger and threshold, an employee's hours."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.services.commissions.rules import checked_rule, parse_number
from aftersales_desktop.services.masterdata.settings import checked_automation
from aftersales_desktop.services.masterdata.staff import EmployeePay, checked_pay


def _refused(call: Any) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value


@pytest.mark.parametrize(("typed", "table", "column", "value"), [
    ("12.5", "commission_rule", "rate", Decimal("12.5000")),
    ("30%", "commission_rule", "rate", Decimal("30.0000")),
    ("¥1,234.50", "commission_rule", "amount", Decimal("1234.50")),
    (" 1.25 ", "commission_grade_factor", "factor", Decimal("1.250")),
    ("0", "hours_rule", "other_weight", Decimal("0.000")),
    (Decimal("160"), "employee_pay", "rated_hours", Decimal("160.00")),
    (3, "hours_rule", "rate_above_rated", Decimal("3.00")),
])
def test_numbers_as_typed(typed: Any, table: str, column: str, value: Decimal) -> None:
    assert parse_number(typed, table, column) == value


@pytest.mark.parametrize(("typed", "table", "column", "code"), [
    ("100.01", "commission_rule", "rate", "number_out_of_range"),
    ("12.34567", "commission_rule", "rate", "number_decimals"),
    ("-1", "commission_rule", "amount", "number_out_of_range"),
    ("100000", "commission_rule", "amount", "number_out_of_range"),
    ("1.5", "hours_rule", "other_weight", "number_out_of_range"),
    ("10.001", "commission_grade_factor", "factor", "number_out_of_range"),
    ("745", "employee_pay", "basic_hours", "number_out_of_range"),
    ("NaN", "commission_rule", "rate", "amount_not_a_number"),
    ("Infinity", "hours_rule", "supervisor_factor", "amount_not_a_number"),
    ("1e3", "commission_rule", "amount", "amount_not_a_number"),
    ("abc", "commission_rule", "amount", "amount_not_a_number"),
    ("", "commission_rule", "amount", "value_required"),
    (True, "commission_rule", "amount", "amount_not_a_number"),
])
def test_numbers_refused_at_their_field(typed: Any, table: str, column: str,
                                        code: str) -> None:
    error = _refused(lambda: parse_number(typed, table, column))
    assert (error.code, error.field) == (code, column)


def _rule(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"service_mode": "repair", "work_type_id": 7, "kind": "fixed",
                              "amount": "30", "rate": "99", "valid_from": date(2026, 1, 1),
                              "valid_to": None, "note": " 冬季 "}
    values.update(changes)
    return checked_rule(**values)


def test_a_rule_keeps_only_what_its_kind_takes() -> None:
    fixed = _rule()
    assert (fixed["amount"], fixed["rate"], fixed["note"]) == (Decimal("30.00"), None, "冬季")
    labour = _rule(kind="labour_pct", amount="30", rate="25")
    assert (labour["amount"], labour["rate"]) == (None, Decimal("25.0000"))
    assert _refused(lambda: _rule(kind="margin_pct", rate="")).field == "rate"
    assert _refused(lambda: _rule(amount=None)).field == "amount"
    assert _refused(lambda: _rule(kind="bonus")).field == "kind"


def test_a_rules_days() -> None:
    error = _refused(lambda: _rule(valid_to=date(2025, 12, 31)))
    assert (error.code, error.field) == ("valid_to_before_from", "valid_to")
    assert _rule(valid_to=date(2026, 1, 1))["valid_to"] == date(2026, 1, 1)  # one day
    assert _refused(lambda: _rule(valid_from=None)).field == "valid_from"
    assert _refused(lambda: _rule(valid_from=date(1999, 12, 31))).field == "valid_from"
    assert _refused(lambda: _rule(valid_to=date(2200, 1, 1))).field == "valid_to"


def test_reward_item_triggers() -> None:
    assert checked_automation(None, 3) == (None, None)
    assert checked_automation("survey_low", "2") == ("survey_low", 2)
    assert checked_automation("complaint", 4) == ("complaint", None)  # no score
    assert _refused(lambda: checked_automation("survey_high", None)).field == "threshold"
    assert _refused(lambda: checked_automation("survey_high", 6)).field == "threshold"
    assert _refused(lambda: checked_automation("late", None)).field == "auto"


def test_pay_hours() -> None:
    pay = checked_pay(scheme="hours", basic_hours="120", rated_hours="160", probation=True,
                      supervisor=False)
    assert pay == EmployeePay("hours", Decimal("120.00"), Decimal("160.00"), True, False)
    assert checked_pay(scheme="commission", basic_hours="", rated_hours=None,
                       probation=False, supervisor=False) == EmployeePay()
    error = _refused(lambda: checked_pay(scheme="hours", basic_hours="120",
                                         rated_hours="100", probation=False,
                                         supervisor=False))
    assert (error.code, error.field) == ("rated_below_basic_hours", "rated_hours")
    assert _refused(lambda: checked_pay(scheme="piecework", basic_hours=0, rated_hours=0,
                                        probation=False, supervisor=False)).field == "scheme"
