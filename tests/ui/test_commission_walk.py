"""The walk of issue 14 ("Done when"), on screen against a real database, each operator on
a main window of their own login:

1. two technicians each finish a repair, which the manager reviews: the database makes
   their commission lines (a fixed 60.00 per major repair, 李师傅's grade factor 1.1);
   the lines are then moved into last month (the month a manager may settle);
2. the manager opens 月度结算, chooses last month, runs it (计算本月: the parts in a
   worker with a progress dialog), finds 李师傅's statement (post wage 2,000.00 +
   commission 66.00), checks its line (the ticket's number; it opens the ticket), confirms
   every statement and settles the month (结算本月, asked once): the month is locked;
3. 李师傅 logs in: 我的提成 shows his own settled statement of last month (its line opens
   his ticket), the month page is not in his menus, and the statement list the database
   gives him holds his row only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.domain.dispatch import WorkDone, WorkReport
from aftersales_desktop.services.commissions import month as months
from aftersales_desktop.services.dispatch import jobs
from aftersales_desktop.services.session import close_session, open_session
from aftersales_desktop.ui.commissions.month_page import CommissionMonthPage
from aftersales_desktop.ui.commissions.my_commission import MyCommissionPage
from aftersales_desktop.ui.frontdesk.ticket import TicketPage
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.main_window import MainWindow
from tests.pg import TEST_PASSWORD
from tests.ui.dispatch_helpers import (
    Assigned,
    Login,
    Shop,
    make_shop,
    open_sessions,
    take_in_and_assign,
    technician,
)
from tests.ui.helpers import off_gui

pytestmark = [pytest.mark.gui, pytest.mark.db]

Windows = Callable[[str, str | None], MainWindow]
RULE_AMOUNT = Decimal("60.00")
WAGE = Decimal("2000.00")


@pytest.fixture(scope="module")
def shop(cluster: Any) -> Shop:
    return make_shop(cluster)


@pytest.fixture
def sessions(qtbot: QtBot, shop: Shop) -> Iterator[Any]:
    yield from open_sessions(qtbot, shop)


@pytest.fixture
def windows(qtbot: QtBot, shop: Shop, monkeypatch: pytest.MonkeyPatch) -> Iterator[Windows]:
    """`open_window(template, code)` -> a main window of a new operator of that template
    (or of the operator `code`). Every question is answered Yes (the confirm and settle
    questions; closing the windows at the end)."""
    install_language("en")
    asked: list[str] = []

    def yes(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]) if len(args) > 2 else "")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    opened: list[MainWindow] = []

    def open_window(template: str, code: str | None = None) -> MainWindow:
        login = code or shop.cluster.create_operator(shop.db, template=template)
        database, session = off_gui(qtbot, lambda: open_session(
            shop.cluster.profile(shop.db), login, TEST_PASSWORD))
        window = MainWindow(database, session)
        window.asked = asked  # type: ignore[attr-defined]
        qtbot.addWidget(window)
        window.resize(1280, 760)
        window.show()
        opened.append(window)
        return window

    yield open_window
    for window in opened:
        off_gui(qtbot, lambda db=window.database: close_session(db))


def _settled(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30_000)


def _module(window: MainWindow, key: str) -> Any:
    from aftersales_desktop.ui.modules import MODULES

    return window.open_module(next(m for m in MODULES if m.key == key))


def _reviewed_job(qtbot: QtBot, shop: Shop, sessions: Any, tech: tuple[str, int],
                  counter: Login, dispatcher: Login, reviewer: Login) -> Assigned:
    """A carry-in repair of `tech`, finished (one major repair) and reviewed."""
    code, employee = tech
    assigned = take_in_and_assign(qtbot, shop, counter, dispatcher, employee, on_site=False)
    login = sessions(code)

    def version(conn: Any) -> int:
        return int(conn.exec_driver_sql(
            f"SELECT version FROM app.job WHERE id = {assigned.job_id}").scalar_one())

    def work() -> None:
        with login[0].transaction() as conn:
            jobs.start(conn, job_id=assigned.job_id, version=version(conn))
        with login[0].transaction() as conn:
            jobs.report(conn, WorkReport(
                job_id=assigned.job_id, version=version(conn),
                work_types=(WorkDone(shop.work_type, Decimal(1)),), hours=Decimal("2"),
                result="fixed", fault_cause="压缩机坏", action="换压缩机"), finish=True)
        with reviewer[0].transaction() as conn:
            jobs.review(conn, job_id=assigned.job_id, version=version(conn))

    off_gui(qtbot, work)
    return assigned


def test_the_issue_walk(qtbot: QtBot, shop: Shop, sessions: Any, windows: Windows) -> None:
    run = shop.cluster.execute
    today = shop_time.today()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    run(shop.db, "INSERT INTO app.commission_rule (service_mode, work_type_id, kind, "
        "amount, valid_from) VALUES ('repair', %s, 'fixed', %s, '2000-01-01')",
        (shop.work_type, RULE_AMOUNT))
    run(shop.db, "INSERT INTO app.commission_grade_factor (grade, factor) VALUES "
        "('中级', 1.1)")
    counter = sessions(shop.cluster.create_operator(shop.db, template="counter"))
    dispatcher = sessions(shop.cluster.create_operator(shop.db, template="dispatcher"))
    reviewer = sessions(shop.cluster.create_operator(shop.db, template="manager"))
    li = technician(shop, "李师傅")
    wang = technician(shop, "王师傅")
    run(shop.db, "UPDATE app.employee SET grade = '中级' WHERE id = %s", (li[1],))
    run(shop.db, "INSERT INTO app.employee_wage VALUES (%s, %s), (%s, 1800)",
        (li[1], WAGE, wang[1]))
    li_job = _reviewed_job(qtbot, shop, sessions, li, counter, dispatcher, reviewer)
    _reviewed_job(qtbot, shop, sessions, wang, counter, dispatcher, reviewer)
    lines = run(shop.db, "SELECT employee_id, kind, amount FROM app.commission_line "
                "WHERE ticket_id = %s", (li_job.ticket_id,))
    assert lines == [(li[1], "commission", RULE_AMOUNT * Decimal("1.1"))]
    # the review was this month; the walk settles a month that has ended
    run(shop.db, "INSERT INTO app.commission_period (month) VALUES (%s) "
        "ON CONFLICT DO NOTHING", (last_month,))
    run(shop.db, "UPDATE app.commission_line SET period = %s", (last_month,))

    # -- the manager: run last month, check 李师傅's statement, confirm, settle -----------
    manager = windows("manager", None)
    page = _module(manager, "commission_month")
    assert isinstance(page, CommissionMonthPage)
    qtbot.waitUntil(lambda: page.loaded_once, timeout=20_000)
    _settled(qtbot)
    assert page.chosen_month() == today.replace(day=1)  # the current month comes first
    assert page.run_button.isVisible() and page.settle_button.isVisible()
    assert not page.settle_button.isEnabled()  # the current month has not ended
    assert page.choose_month(last_month)
    qtbot.waitUntil(lambda: page.period.get("month") == last_month, timeout=20_000)
    _settled(qtbot)
    assert page.run_month()
    assert page.run is not None and page.run.dialog.maximum() == 0  # busy until part 0
    qtbot.waitUntil(lambda: page.run is None, timeout=60_000)
    _settled(qtbot)
    assert "computed" in page.message.text(), page.message.text()
    qtbot.waitUntil(lambda: page.period.get("run_at") is not None, timeout=20_000)
    names = {row["payee_name"]: row for row in page.rows}
    assert {"李师傅", "王师傅"} <= set(names)
    li_row = names["李师傅"]
    assert li_row["state"] == "draft" and not li_row["stale"]
    assert li_row["post_wage"] == WAGE and li_row["commissions"] == Decimal("66.00")
    assert li_row["total"] == WAGE + Decimal("66.00")
    assert page.summary["total"] == sum((r["total"] for r in page.rows), Decimal(0))

    # the search goes to the server
    page.search.setText("李师")
    page._search_now()
    qtbot.waitUntil(lambda: [r["payee_name"] for r in page.rows] == ["李师傅"], timeout=20_000)
    _settled(qtbot)
    assert page.select_payee("李师傅")
    view = page.view
    qtbot.waitUntil(lambda: view.statement() is not None
                    and view.statement().get("payee_name") == "李师傅", timeout=20_000)
    _settled(qtbot)
    statement = view.statement()
    assert statement is not None and statement["total"] == WAGE + Decimal("66.00")
    assert view.money["total"].text() == "¥2,066.00"
    assert view.money["commissions"].text() == "¥66.00"
    assert [(line["kind"], line["ticket_number"], line["amount"])
            for line in view.line_rows()] == [("commission", li_job.number, Decimal("66.00"))]
    assert view.lines.item(0, 1).text() == li_job.number
    # from the keyboard: Enter on the list goes to the lines, Enter on a line opens its
    # ticket
    manager.activateWindow()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(view.lines.hasFocus, timeout=5_000)
    assert view.select_ticket(li_job.number)
    qtbot.keyClick(view.lines, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(manager.tabs.currentWidget(), TicketPage),
                    timeout=5_000)
    ticket = manager.tabs.currentWidget()
    assert isinstance(ticket, TicketPage)
    qtbot.waitUntil(lambda: ticket.detail is not None, timeout=20_000)
    assert ticket.detail["ticket"]["id"] == li_job.ticket_id
    _settled(qtbot)
    manager.tabs.setCurrentWidget(page)

    # settling before every statement is confirmed is refused, with the payee's name
    page.search.clear()
    page._search_now()
    qtbot.waitUntil(lambda: len(page.rows) >= 2, timeout=20_000)
    _settled(qtbot)
    assert page.settle_month()
    qtbot.waitUntil(lambda: page.settle_button.isEnabled(), timeout=20_000)
    _settled(qtbot)
    refusal = page.message.text()
    assert any(name in refusal for name in ("李师傅", "王师傅")), refusal
    assert "aftersales" not in refusal and "statement_not_confirmed" not in refusal
    assert run(shop.db, "SELECT state FROM app.commission_period WHERE month = %s",
               (last_month,)) == [("open",)]

    # confirm every statement (F9 on the statement view asks once)
    for name in [row["payee_name"] for row in page.rows]:
        assert page.select_payee(name)
        qtbot.waitUntil(lambda n=name: view.statement() is not None
                        and view.statement().get("payee_name") == n
                        and view.confirm_button.isEnabled(), timeout=20_000)
        _settled(qtbot)
        assert view.confirm()
        qtbot.waitUntil(lambda n=name: view.statement() is not None
                        and view.statement().get("state") == "confirmed"
                        and view.statement().get("payee_name") == n, timeout=20_000)
        _settled(qtbot)
        assert "confirmed" in view.message.text().lower()
    qtbot.waitUntil(lambda: all(r["state"] == "confirmed" for r in page.rows),
                    timeout=20_000)
    assert page.settle_month()
    qtbot.waitUntil(lambda: page.period.get("state") == "settled", timeout=20_000)
    _settled(qtbot)
    assert any("locked" in text for text in manager.asked)  # type: ignore[attr-defined]
    assert "settled" in page.message.text()
    assert run(shop.db, "SELECT state FROM app.commission_period WHERE month = %s",
               (last_month,)) == [("settled",)]
    assert {state for (state,) in run(shop.db, "SELECT state FROM app.commission_statement "
                                      "WHERE period = %s", (last_month,))} == {"settled"}
    assert not page.run_button.isEnabled() and not page.settle_button.isEnabled()

    # -- 李师傅: his own statement only ---------------------------------------------------
    tech = windows("technician", li[0])
    keys = set(tech.module_actions)
    assert "my_commission" in keys and "commission_month" not in keys
    mine = _module(tech, "my_commission")
    assert isinstance(mine, MyCommissionPage)
    qtbot.waitUntil(lambda: mine.loaded_once, timeout=20_000)
    _settled(qtbot)
    assert mine.choose_month(last_month)
    qtbot.waitUntil(lambda: mine.view.statement() is not None
                    and mine.view.statement().get("state") == "settled", timeout=20_000)
    _settled(qtbot)
    own = mine.view.statement()
    assert own is not None and own["payee_name"] == "李师傅"
    assert own["total"] == WAGE + Decimal("66.00")
    assert [line["ticket_number"] for line in mine.view.line_rows()] == [li_job.number]
    assert not mine.view.confirm_button.isVisible()
    # his line opens the ticket (a technician reads the tickets of his own jobs)
    assert mine.view.select_ticket(li_job.number)
    mine.view.ticket_button.click()
    qtbot.waitUntil(lambda: isinstance(tech.tabs.currentWidget(), TicketPage), timeout=5_000)
    his_ticket = tech.tabs.currentWidget()
    assert isinstance(his_ticket, TicketPage)
    qtbot.waitUntil(lambda: his_ticket.detail is not None, timeout=20_000)
    assert his_ticket.detail["ticket"]["number"] == li_job.number
    _settled(qtbot)

    def listed() -> list[str]:
        with tech.database.read() as conn:
            found = months.statements(conn, months.StatementFilters(month=last_month))
        return [row["payee_name"] for row in found["rows"]]

    assert off_gui(qtbot, listed) == ["李师傅"]
