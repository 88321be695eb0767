"""The statement view (提成工资单) on screen, from a statement_get answer (no database):
the header's money as the shop shows it, every line with its ticket number, a stale
statement marked, a line not counted greyed, Confirm / Reopen by state and capability,
and a line opening its ticket."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from aftersales_desktop.services.commissions import month as months
from aftersales_desktop.ui.commissions.statement_view import (
    LINE_KEYS,
    NOT_COUNTED,
    StatementView,
    line_detail,
)
from aftersales_desktop.ui.i18n import install_language

pytestmark = pytest.mark.gui


class Session:
    def __init__(self, *capabilities: str) -> None:
        self.capabilities = frozenset(capabilities)
        self.code = "op"

    def can(self, capability: str) -> bool:
        return capability in self.capabilities


def _answer(state: str = "draft", stale: bool = False) -> dict[str, Any]:
    return months.typed({
        "statement": {"id": 5, "month": "2026-11-01", "payee_kind": "employee",
                      "payee_id": 3, "payee_code": "E003", "payee_name": "李师傅",
                      "scheme": "commission", "state": state, "post_wage": "2000.00",
                      "commissions": "1234.50", "hours_pay": "0", "rewards": "50",
                      "penalties": "0", "deductions": "-15.00", "adjustments": "-30.00",
                      "total": "3239.50", "line_count": 4, "stale": stale, "version": 3,
                      "computed_at": "2026-12-01T10:00:00+08:00",
                      "confirmed_at": "2026-12-01T11:00:00+08:00" if state != "draft"
                      else None, "confirmed_by": "chenjie" if state != "draft" else None},
        "lines": [
            {"id": 1, "kind": "commission", "origin": "review", "state": "active",
             "ticket_id": 11, "ticket_number": "WX20261103-0007", "work_type": "大修",
             "quantity": "1", "rate": None, "grade_factor": "1.100", "share": "100",
             "hours": "2.50", "amount": "1234.50", "reason": ""},
            {"id": 2, "kind": "overdue", "origin": "review", "state": "active",
             "ticket_id": 12, "ticket_number": "WX20261105-0002", "amount": "-15.00",
             "reason": ""},
            {"id": 3, "kind": "adjustment", "origin": "late", "state": "active",
             "ticket_id": 9, "ticket_number": "WX20261028-0003", "amount": "-30.00",
             "reason": "refund", "reverses_period": "2026-10-01"},
            {"id": 4, "kind": "penalty", "origin": "manual", "state": "proposed",
             "ticket_id": None, "ticket_number": None, "amount": "-20.00",
             "reason": "未穿工装"}]})


def _view(qtbot: QtBot, *capabilities: str) -> StatementView:
    install_language("en")
    view = StatementView(None, Session(*capabilities))  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.resize(1100, 400)
    view.show()
    return view


def test_the_header_and_the_lines(qtbot: QtBot) -> None:
    view = _view(qtbot, months.SETTLE)
    view.show_data(_answer(stale=True))
    assert "李师傅 (E003) 2026-11" in view.title.text()
    assert view.state.text() == "[Draft]"
    assert view.money["total"].text() == "¥3,239.50"
    assert view.money["commissions"].text() == "¥1,234.50"
    assert view.money["deductions"].text() == "-¥15.00"
    assert view.stale.isVisible()
    tickets = [view.lines.item(r, LINE_KEYS.index("ticket_number")).text()
               for r in range(view.lines.rowCount())]
    assert tickets == ["WX20261103-0007", "WX20261105-0002", "WX20261028-0003", ""]
    amount = LINE_KEYS.index("amount")
    assert view.lines.item(0, amount).text() == "¥1,234.50"
    assert view.lines.item(0, LINE_KEYS.index("grade_factor")).text() == "1.1"
    # the proposed penalty is shown but greyed: it is not in the totals
    assert view.lines.item(3, amount).foreground().color().name() == NOT_COUNTED
    assert "waiting for approval" in view.lines.item(3, LINE_KEYS.index("origin")).text().lower()


def test_an_adjustment_says_what_it_reverses(qtbot: QtBot) -> None:
    install_language("en")
    line = _answer()["lines"][2]
    assert "2026-10" in line_detail(line) and "refund" in line_detail(line).lower()


def test_a_line_s_details_in_chinese_take_the_full_width_semicolon(qtbot: QtBot) -> None:
    install_language("zh_CN")
    try:
        adjustment = {**_answer()["lines"][2], "kind": "adjustment"}
        assert "；" in line_detail(adjustment) and "; " not in line_detail(adjustment)
        rework = {"kind": "rework", "reason": "WX20261020-0031", "item": None}
        assert line_detail(rework) == "WX20261020-0031 的返修"
    finally:
        install_language("en")


def test_confirm_and_reopen_follow_the_state_and_the_capability(qtbot: QtBot) -> None:
    view = _view(qtbot, months.SETTLE)
    view.show_data(_answer("draft"))
    assert view.confirm_button.isEnabled() and not view.reopen_button.isEnabled()
    view.show_data(_answer("confirmed"))
    assert not view.confirm_button.isEnabled() and view.reopen_button.isEnabled()
    assert "chenjie" in view.who.text()
    view.show_data(_answer("settled"))
    assert not view.confirm_button.isEnabled() and not view.reopen_button.isEnabled()
    reader = _view(qtbot, months.VIEW_ALL)
    reader.show_data(_answer("draft"))
    assert not reader.confirm_button.isVisible() and not reader.reopen_button.isVisible()
    assert reader.confirm() is False


def test_a_preview_without_a_statement_confirms_nothing(qtbot: QtBot) -> None:
    view = _view(qtbot, months.SETTLE)
    answer = _answer()
    answer["statement"]["id"] = None
    view.show_data(answer)
    assert view.state.text() == "[Not computed yet]"
    assert not view.confirm_button.isEnabled()


def test_a_line_opens_its_ticket(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_data(_answer())
    assert view.select_ticket("WX20261105-0002")
    with qtbot.waitSignal(view.ticket_requested) as opened:
        view.ticket_button.click()
    assert opened.args == [12]
    view.lines.selectRow(3)  # a penalty of no ticket
    assert not view.ticket_button.isEnabled()


def test_pay_lines_say_what_they_are_computed_from(qtbot: QtBot) -> None:
    install_language("en")
    hours = months.typed({"kind": "hours_pay", "rule_kind": "hours", "reason": "",
                          "repair_hours": "150", "other_hours": "20", "basic_hours": "120",
                          "rated_hours": "160", "amount": "75.00"})
    assert line_detail(hours) == "repair 150 h, other 20 h, basic 120 h, rated 160 h"
    probation = dict(hours, reason="probation", amount=0)
    assert line_detail(probation).startswith("On probation")
    no_rule = {"kind": "hours_pay", "reason": "no_rule"}
    assert line_detail(no_rule) == "No hours rule for this month"
    assert "work type" in line_detail({"kind": "commission", "reason": "no_rule"})
    supervisor = months.typed({"kind": "supervisor_pay", "rule_kind": "supervisor",
                               "quantity": "3", "base": "80.00", "rate": "2",
                               "repair_hours": "400", "rated_hours": "480"})
    assert line_detail(supervisor) == ("3 members, average pay ¥80.00; department 400 h "
                                       "of 480 h")
    by_hours = {"kind": "commission", "rule_kind": "hours", "amount": "0"}
    assert line_detail(by_hours) == "Hours scheme"
