"""Rewards and penalties by hand on screen (奖惩登记, issue 14): a manager proposes a
penalty from a configured item (its amount filled in) for a technician and a reward for
an outlet on a ticket; the proposer's own approval is refused by the server, whose
message shows; another manager approves one and rejects the other (a note required);
the lists are the server's pages; a reviewer without commission.settle proposes but
cannot decide."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services.commissions import lines
from aftersales_desktop.ui.commissions import adjustments
from aftersales_desktop.ui.commissions.adjust_dialog import ProposeDialog
from aftersales_desktop.ui.commissions.adjustments import CommissionAdjustmentsPage
from aftersales_desktop.ui.i18n import tr
from aftersales_desktop.ui.main_window import MainWindow
from tests.pg import TestCluster
from tests.ui.dispatch_helpers import (
    Login,
    Shop,
    make_shop,
    open_sessions,
    take_in_and_assign,
    technician,
)
from tests.ui.helpers import off_gui

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Shop:
    shop = make_shop(cluster)
    cluster.execute(shop.db, "INSERT INTO app.service_outlet (code, name) "
                    "VALUES ('W01', '城西网点')")
    return shop


@pytest.fixture
def sessions(qtbot: QtBot, shop: Shop) -> Iterator[Any]:
    yield from open_sessions(qtbot, shop)


def page_of(qtbot: QtBot, login: Login) -> CommissionAdjustmentsPage:
    page = CommissionAdjustmentsPage(*login)
    qtbot.addWidget(page)
    page.resize(1200, 500)
    page.show()
    qtbot.waitUntil(lambda: page.loaded_once and running_tasks() == 0, timeout=20_000)
    return page


def reloaded(qtbot: QtBot, page: CommissionAdjustmentsPage) -> None:
    page.loaded_once = False
    page.refresh()
    qtbot.waitUntil(lambda: page.loaded_once and running_tasks() == 0, timeout=20_000)


def propose_dialog(qtbot: QtBot, page: CommissionAdjustmentsPage) -> ProposeDialog:
    page.new_button.click()
    dialog = page.propose_dialog
    assert isinstance(dialog, ProposeDialog)
    qtbot.waitUntil(lambda: dialog.loaded and running_tasks() == 0, timeout=20_000)
    return dialog


def choose(combo: Any, text: str) -> None:
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    combo.setCurrentIndex(index)


def lines_in_db(shop: Shop) -> list[tuple[Any, ...]]:
    return shop.cluster.execute(
        shop.db, "SELECT kind, origin, state, amount, reason, employee_id, outlet_id, "
        "ticket_id, created_by, decided_by FROM app.commission_line ORDER BY id")


def test_proposing_approving_and_rejecting(qtbot: QtBot, shop: Shop, sessions: Any,
                                           tmp_path: Path) -> None:
    _code, employee = technician(shop, "李师傅")
    counter = sessions(shop.cluster.create_operator(shop.db, template="counter"))
    dispatcher = sessions(shop.cluster.create_operator(shop.db, template="dispatcher"))
    job = take_in_and_assign(qtbot, shop, counter, dispatcher, employee, on_site=False)
    proposer = sessions(shop.cluster.create_operator(shop.db, template="manager"))
    decider = sessions(shop.cluster.create_operator(shop.db, template="manager"))

    window = MainWindow(*proposer)
    qtbot.addWidget(window)
    assert "commission_adjustments" in window.module_actions
    window.close()

    page = page_of(qtbot, proposer)
    assert page.listed_lines() == [] and page.count.text() == "0-0 of 0"
    dialog = propose_dialog(qtbot, page)
    assert dialog.payee.currentText() == f"李师傅 (E{_code})"
    # the configured item fills in its amount: a penalty
    choose(dialog.item, "Complaint")
    assert dialog.amount.text() == "-¥50.00" and dialog.sign.text() == "Penalty"
    dialog.reason.clear()
    dialog.ok_button.click()  # no reason: refused at the field, nothing sent
    assert dialog.isVisible() and dialog.reason.property("invalid")
    assert lines_in_db(shop) == []
    dialog.reason.setText("客户投诉服务态度")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.proposed is not None, timeout=20_000)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: "recorded for" in page.message.text(), timeout=20_000)

    # a reward for the outlet, typed by hand, on a ticket
    dialog = propose_dialog(qtbot, page)
    dialog.choose_payee("outlet", int(shop.cluster.execute(
        shop.db, "SELECT id FROM app.service_outlet WHERE code = 'W01'")[0][0]))
    assert dialog.payee.currentText() == "城西网点 (W01)"
    dialog.amount.setText("0")
    dialog.reason.setText("上门及时")
    dialog.ok_button.click()  # zero is neither a reward nor a penalty
    assert dialog.isVisible() and dialog.amount.property("invalid")
    dialog.amount.setText("88.50")
    assert dialog.sign.text() == "Reward"
    dialog.ticket.setText("WX19990101-0001")  # no such ticket: the server says so
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: running_tasks() == 0 and bool(dialog.ticket.property("invalid")),
                    timeout=20_000)
    assert "There is no ticket WX19990101-0001" in dialog.summary.text()
    assert dialog.isVisible() and len(lines_in_db(shop)) == 1
    dialog.ticket.setText(job.number)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.proposed is not None, timeout=20_000)

    qtbot.waitUntil(lambda: running_tasks() == 0 and len(page.rows) == 2, timeout=20_000)
    found = lines_in_db(shop)
    assert [(k, o, s, a) for k, o, s, a, *_rest in found] == [
        ("penalty", "manual", "proposed", Decimal("-50.00")),
        ("reward", "manual", "proposed", Decimal("88.50"))]
    assert found[0][5] == employee and found[1][6] is not None
    assert found[1][7] == job.ticket_id
    texts = {page.table.item(r, 1).text(): [page.table.item(r, c).text() for c in range(
        page.table.columnCount())] for r in range(page.table.rowCount())}
    assert texts["李师傅"][3] == "-¥50.00" and texts["城西网点"][5] == job.number

    # one's own proposal: the server refuses (four eyes) and its message shows
    page.select_line(page.rows[0]["line_id"])
    assert page.approve_button.isEnabled()
    page.approve_button.click()
    qtbot.waitUntil(lambda: bool(page.message.text()) and "recorded" not in
                    page.message.text(), timeout=20_000)
    assert page.message.text() == refuse("adjust_own_proposal").text(tr), page.message.text()
    assert [s for _k, _o, s, *_r in lines_in_db(shop)] == ["proposed", "proposed"]

    # another manager approves the penalty and rejects the reward, with a note
    other = page_of(qtbot, decider)
    assert len(other.rows) == 2
    penalty = next(r for r in other.rows if Decimal(str(r["amount"])) < 0)
    reward = next(r for r in other.rows if Decimal(str(r["amount"])) > 0)
    assert other.select_line(penalty["line_id"])
    other.approve_button.click()
    qtbot.waitUntil(lambda: "Approved" in other.message.text(), timeout=20_000)
    qtbot.waitUntil(lambda: running_tasks() == 0 and other.listed_lines()
                    == [reward["line_id"]], timeout=20_000)
    assert other.select_line(reward["line_id"])
    other.reject_button.click()
    reject = other.reject_dialog
    assert reject is not None
    reject.accept()  # no note: refused at the field, the dialog stays
    assert reject.isVisible() and reject.reason.property("invalid")
    reject.reason.setText("无工单记录")
    reject.accept()
    qtbot.waitUntil(lambda: "Rejected" in other.message.text(), timeout=20_000)
    qtbot.waitUntil(lambda: running_tasks() == 0 and other.listed_lines() == [],
                    timeout=20_000)
    found = lines_in_db(shop)
    assert [s for _k, _o, s, *_r in found] == ["active", "rejected"]
    assert found[0][9] == decider[1].code and found[0][8] == proposer[1].code

    # the decided ones
    other.set_view("decided")
    qtbot.waitUntil(lambda: running_tasks() == 0 and len(other.rows) == 2, timeout=20_000)
    states = {other.table.item(r, 8).text() for r in range(other.table.rowCount())}
    assert states == {"Approved", "Rejected"}
    assert not other.approve_button.isEnabled() and not other.reject_button.isEnabled()

    # Ctrl+E: the view's proposals, amounts as numbers
    workbook = tmp_path / "proposals.xlsx"
    assert other.export_to_excel(workbook)
    qtbot.waitUntil(lambda: other.message.text().startswith("Export")
                    and not other.message.text().startswith("Exporting"), timeout=20_000)
    assert other.message.text().startswith("Exported 2 rows"), other.message.text()
    values = [[c.value for c in row] for row in load_workbook(workbook).active.iter_rows()]
    assert any(Decimal("-50") == Decimal(str(v)) for row in values[1:] for v in row[3:4])
    assert {"Approved", "Rejected"} <= {str(v) for row in values for v in row}


def test_the_list_is_the_servers_pages_and_a_reviewer_only_proposes(
        qtbot: QtBot, shop: Shop, sessions: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _code, employee = technician(shop, "赵师傅")
    # a reviewer (no commission.settle, no view_all) reads the proposals they made
    reviewer = sessions(shop.cluster.create_operator(shop.db, capabilities=["review.approve"]))

    def many() -> None:
        for index in range(7):
            with reviewer[0].transaction() as conn:
                lines.propose(conn, lines.Proposal(payee=("employee", employee), item_id=None,
                                                   amount=Decimal(index + 1),
                                                   reason=f"加班 {index}"))

    off_gui(qtbot, many)
    monkeypatch.setattr(adjustments, "PAGE_SIZE", 3)
    page = page_of(qtbot, reviewer)
    waiting = page.total
    assert waiting == 7 and len(page.rows) == 3
    assert page.count.text() == f"1-3 of {waiting}"
    assert page.next_button.isEnabled() and not page.previous_button.isEnabled()
    first = page.listed_lines()
    page.next_button.click()
    qtbot.waitUntil(lambda: running_tasks() == 0 and page.offset == 3
                    and page.listed_lines() != first, timeout=20_000)
    assert not set(first) & set(page.listed_lines())
    assert page.previous_button.isEnabled()
    # no commission.settle: no Approve, no Reject; proposing is open
    assert page.approve_button.isHidden() and page.reject_button.isHidden()
    assert not page.new_button.isHidden()
    dialog = propose_dialog(qtbot, page)
    assert dialog.payee.count() >= 1
    dialog.reject()


def test_the_ticket_tab_proposes_for_its_ticket_and_technician(
        qtbot: QtBot, shop: Shop, sessions: Any) -> None:
    from aftersales_desktop.ui.frontdesk.ticket import TicketPage

    _code, employee = technician(shop, "钱师傅")
    counter = sessions(shop.cluster.create_operator(shop.db, template="counter"))
    dispatcher = sessions(shop.cluster.create_operator(shop.db, template="dispatcher"))
    job = take_in_and_assign(qtbot, shop, counter, dispatcher, employee, on_site=False)
    manager = sessions(shop.cluster.create_operator(shop.db, template="manager"))
    page = TicketPage(*manager)
    qtbot.addWidget(page)
    page.show()
    page.load(job.ticket_id)
    qtbot.waitUntil(lambda: page.detail is not None and running_tasks() == 0, timeout=20_000)
    button = page.buttons["commission_propose"]
    assert button.isEnabled()
    button.click()
    dialog = getattr(page, "propose_dialog", None)
    assert isinstance(dialog, ProposeDialog)
    qtbot.waitUntil(lambda: dialog.loaded and running_tasks() == 0, timeout=20_000)
    assert dialog.ticket.text() == job.number
    assert dialog.payee_kind.currentData() == "employee"
    assert dialog.payee.currentData() == employee and "钱师傅" in dialog.payee.currentText()
    choose(dialog.item, "Contribution")
    assert dialog.amount.text() == "¥50.00" and dialog.sign.text() == "Reward"
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.proposed is not None, timeout=20_000)
    assert "proposed" in page.message.text()
    found = shop.cluster.execute(
        shop.db, "SELECT kind, amount, reason, ticket_id FROM app.commission_line "
        "WHERE id = %s", (dialog.proposed["line_id"],))
    assert found == [("reward", Decimal("50.00"), "Contribution", job.ticket_id)]
    # a counter clerk proposes nothing
    clerk = TicketPage(*counter)
    qtbot.addWidget(clerk)
    assert "commission_propose" not in clerk.buttons
