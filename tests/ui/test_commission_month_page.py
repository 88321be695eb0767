"""月度结算 on screen against a real database (the walk of the issue is in
test_commission_walk.py): the month run in parts with its progress and a Cancel between
parts, the server's paging and total row, a statement gone stale refusing its confirmation
in the operator's words, reopening, print and export of the month, and what a reader
without commission.settle is shown."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.ui.commissions import month_output, month_page
from aftersales_desktop.ui.commissions.month_page import CommissionMonthPage
from tests.pg import TestCluster
from tests.ui.helpers import Login, OpenAs, operator_sessions

pytestmark = [pytest.mark.gui, pytest.mark.db]

TECHNICIANS = 30  # more than one part of 25


@pytest.fixture(scope="module")
def month_db(cluster: TestCluster) -> str:
    db = cluster.create_database()
    cluster.execute(db, """
        INSERT INTO app.employee (code, name, is_technician)
        SELECT 'T' || lpad(n::text, 3, '0'), '技师' || lpad(n::text, 3, '0'), true
        FROM generate_series(1, %s) n""", (TECHNICIANS,))
    cluster.execute(db, "INSERT INTO app.employee_wage SELECT id, 1500 FROM app.employee")
    return db


@pytest.fixture
def open_as(qtbot: QtBot, cluster: TestCluster, month_db: str) -> Iterator[OpenAs]:
    yield from operator_sessions(qtbot, cluster, month_db)


def _settled(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30_000)


def _page(qtbot: QtBot, login: Login) -> CommissionMonthPage:
    page = CommissionMonthPage(*login)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitUntil(lambda: page.loaded_once, timeout=20_000)
    _settled(qtbot)
    return page


def _run(qtbot: QtBot, page: CommissionMonthPage, *, cancel: bool = False) -> None:
    assert page.run_month()
    run = page.run
    assert run is not None
    if cancel:
        run.cancel()  # while part 0 runs: it finishes, the next does not start
    qtbot.waitUntil(lambda: page.run is None, timeout=60_000)
    _settled(qtbot)


def test_the_run_goes_in_parts_and_stops_between_them(
        qtbot: QtBot, open_as: OpenAs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(month_page, "PAGE_SIZE", 20)
    page = _page(qtbot, open_as(["commission.settle", "commission.view_all"]))
    assert page.chosen_month() == shop_time.today().replace(day=1)
    _run(qtbot, page, cancel=True)
    assert "Stopped after 1 of 2 parts" in page.message.text(), page.message.text()
    qtbot.waitUntil(lambda: page.total == 25, timeout=20_000)  # part 0's payees
    _run(qtbot, page)
    assert "30 payees" in page.message.text(), page.message.text()
    qtbot.waitUntil(lambda: page.total == TECHNICIANS, timeout=20_000)
    # a page of 20 and the server's sums of all 30 in the total row
    assert len(page.rows) == 20 and page.next_button.isEnabled()
    assert page.summary["total"] == Decimal(1500 * TECHNICIANS)
    total_row = page.table.rowCount() - 1
    assert page.table.item(total_row, 1).text() == "Total: 30 payees"
    assert page.table.item(total_row, month_page.KEYS.index("total")).text() == "¥45,000.00"
    assert "1-20 of 30" in page.count.text()
    page.next_button.click()
    qtbot.waitUntil(lambda: page.offset == 20 and len(page.rows) == 10, timeout=20_000)
    assert "21-30 of 30" in page.count.text() and not page.next_button.isEnabled()
    # the state filter is the server's
    page.state.setCurrentIndex(page.state.findData("confirmed"))
    qtbot.waitUntil(lambda: page.total == 0 and page.offset == 0, timeout=20_000)
    _settled(qtbot)
    assert page.view.statement() is None


def test_a_stale_statement_is_marked_and_its_confirmation_refused(
        qtbot: QtBot, open_as: OpenAs, cluster: TestCluster, month_db: str) -> None:
    page = _page(qtbot, open_as(["commission.settle", "commission.view_all"]))
    _run(qtbot, page)
    page.search.setText("技师007")
    page._search_now()
    qtbot.waitUntil(lambda: [r["payee_code"] for r in page.rows] == ["T007"], timeout=20_000)
    _settled(qtbot)
    month = page.chosen_month()
    # a line the statement does not know yet (as a late event would add it)
    cluster.execute(month_db, """
        INSERT INTO app.commission_line (period, employee_id, kind, origin, source_key,
                                         amount, reason, decided_at, decided_by)
        SELECT %s, id, 'reward', 'manual', 'test:stale', 88, '测试', now(), 'boss'
        FROM app.employee
        WHERE code = 'T007'""", (month,))
    page.refresh()
    qtbot.waitUntil(lambda: bool(page.rows) and page.rows[0]["stale"], timeout=20_000)
    _settled(qtbot)
    view = page.view
    qtbot.waitUntil(lambda: view.statement() is not None and view.stale.isVisible(),
                    timeout=20_000)
    assert "stale" in page.table.item(0, month_page.KEYS.index("state")).text()
    assert view.confirm(ask=False)
    qtbot.waitUntil(lambda: bool(view.message.text()), timeout=20_000)
    _settled(qtbot)
    assert "aftersales" not in view.message.text() and "error" not in view.message.text()
    assert view.statement()["state"] == "draft"  # type: ignore[index]
    # run again: the statement takes the line, confirms, and reopens
    _run(qtbot, page)
    qtbot.waitUntil(lambda: bool(page.rows) and not page.rows[0]["stale"]
                    and page.rows[0]["rewards"] == Decimal("88.00"), timeout=20_000)
    qtbot.waitUntil(lambda: view.statement() is not None
                    and not view.stale.isVisible(), timeout=20_000)
    _settled(qtbot)
    assert view.confirm(ask=False)
    qtbot.waitUntil(lambda: view.statement() is not None
                    and view.statement()["state"] == "confirmed", timeout=20_000)
    _settled(qtbot)
    assert view.reopen_button.isEnabled() and view.reopen()
    qtbot.waitUntil(lambda: view.statement() is not None
                    and view.statement()["state"] == "draft", timeout=20_000)
    _settled(qtbot)
    assert "reopened" in view.message.text()


def test_print_and_export_the_month(qtbot: QtBot, open_as: OpenAs, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[bytes, str]] = []
    monkeypatch.setattr(month_output, "show_pdf", lambda pdf, title: shown.append((pdf, title)))
    page = _page(qtbot, open_as(["commission.settle", "commission.view_all",
                                 "data.export"]))
    _run(qtbot, page)
    qtbot.waitUntil(lambda: page.total == TECHNICIANS, timeout=20_000)
    assert page.print_month()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    _settled(qtbot)
    pdf, title = shown[0]
    assert pdf.startswith(b"%PDF") and page.month.currentText()[:7] in title
    target = tmp_path / "month.xlsx"
    assert page.export_month(target)
    qtbot.waitUntil(lambda: target.exists() and "Exported" in page.message.text(),
                    timeout=30_000)
    _settled(qtbot)
    book = load_workbook(target, read_only=True)
    summary = book.worksheets[0]
    names = {str(row[2]) for row in summary.iter_rows(values_only=True) if row[2]}
    assert {"技师001", "技师030"} <= names


def test_a_reader_runs_confirms_and_settles_nothing(qtbot: QtBot, open_as: OpenAs) -> None:
    page = _page(qtbot, open_as(["commission.view_all"]))
    for button in (page.run_button, page.settle_button, page.view.confirm_button,
                   page.view.reopen_button):
        assert not button.isVisible()
    assert not page.run_month() and not page.settle_month(ask=False)
    qtbot.waitUntil(lambda: page.total > 0 or page.loaded_once, timeout=20_000)
    assert page.print_button.isVisible()
    assert not page.export_button.isVisible()  # no data.export
    assert not page.export_month("/nowhere.xlsx")
