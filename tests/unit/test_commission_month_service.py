"""services/commissions/month.py without a database: what the filters send, and how the
functions' JSON comes back typed (money and hours Decimal, times aware, months dates)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from aftersales_desktop.services.commissions import month as months


def test_filters_send_the_month_as_its_first_day_and_only_what_is_set() -> None:
    sent = months.StatementFilters(month=date(2026, 11, 17), search="  李  ",
                                   state="draft").payload()
    assert sent == {"month": "2026-11-01", "search": "李", "state": "draft",
                    "order": "payee", "offset": 0, "limit": months.LIMIT_MAX}


def test_filters_keep_the_page_within_what_the_server_takes() -> None:
    sent = months.StatementFilters(month=date(2026, 11, 1), offset=-5, limit=10_000,
                                   payee_kind="outlet", order="total").payload()
    assert sent["offset"] == 0 and sent["limit"] == months.LIMIT_MAX
    assert sent["payee_kind"] == "outlet" and sent["order"] == "total"


@pytest.mark.parametrize("field, value", [("state", "paid"), ("payee_kind", "team"),
                                          ("order", "name")])
def test_filters_refuse_a_code_the_server_does_not_know(field: str, value: str) -> None:
    with pytest.raises(ValueError):
        months.StatementFilters(month=date(2026, 11, 1), **{field: value}).payload()


def test_answers_come_back_typed() -> None:
    found = months.typed({
        "period": {"month": "2026-11-01", "state": "open", "version": 2,
                   "run_at": "2026-12-01T10:00:00+08:00"},
        "rows": [{"id": 1, "post_wage": 2000, "total": "2066.00", "line_count": 1,
                  "stale": False, "payee_name": "李师傅"}],
        "summary": {"total": 2066.5}, "current": "2026-12-01"})
    assert found["period"]["month"] == date(2026, 11, 1)
    assert found["period"]["run_at"] == datetime.fromisoformat("2026-12-01T10:00:00+08:00")
    assert found["period"]["version"] == 2
    row = found["rows"][0]
    assert row["post_wage"] == Decimal("2000") and row["total"] == Decimal("2066.00")
    assert row["line_count"] == 1 and row["stale"] is False
    assert found["summary"]["total"] == Decimal("2066.5")
    assert found["current"] == date(2026, 12, 1)


def test_a_line_keeps_its_numbers_exact() -> None:
    line = months.typed({"lines": [{"amount": "-0.10", "rate": "12.5000", "share": 33.33,
                                    "hours": "1.50", "reverses_period": "2026-10-01",
                                    "ticket_number": "WX20261103-0007"}]})["lines"][0]
    assert line["amount"] == Decimal("-0.10") and line["rate"] == Decimal("12.5000")
    assert line["share"] == Decimal("33.33") and line["hours"] == Decimal("1.50")
    assert line["reverses_period"] == date(2026, 10, 1)
    assert line["ticket_number"] == "WX20261103-0007"


def test_a_run_part_counts_from_zero_and_an_action_is_known() -> None:
    with pytest.raises(ValueError):
        months.run_part(None, date(2026, 11, 1), -1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        months.act(None, statement_id=1, version=1, action="settle")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        months.payee_statement(None, date(2026, 11, 1))  # type: ignore[arg-type]
