"""A job's shares on screen (分成, issue 14): from the review queue a manager splits a
finished job between two technicians, with what is left of 100 % shown as typed and an
even split; a sum other than 100 % is refused before any round trip; a stale job offers
to reload; a reviewed job's shares are read-only; the ticket tab has the same action."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.domain.commission_shares import even_shares
from aftersales_desktop.services.commissions import lines
from aftersales_desktop.services.dispatch import jobs
from aftersales_desktop.ui.commissions.shares_dialog import JobSharesDialog
from aftersales_desktop.ui.commissions.ticket_shares import current_job, shares_blocked
from aftersales_desktop.ui.frontdesk.ticket import TicketPage
from tests.pg import TestCluster
from tests.ui.dispatch_helpers import Shop, assign_two_jobs, make_shop, open_sessions
from tests.ui.helpers import off_gui
from tests.ui.test_review import finish, queue

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Shop:
    return make_shop(cluster)


@pytest.fixture
def sessions(qtbot: QtBot, shop: Shop) -> Iterator[Any]:
    yield from open_sessions(qtbot, shop)


@pytest.fixture
def two_jobs(qtbot: QtBot, shop: Shop, sessions: Any) -> dict[str, Any]:
    return assign_two_jobs(qtbot, shop, sessions)


def shares_in_db(shop: Shop, job_id: int) -> dict[str, Decimal]:
    """The job's shares by the technicians' operator codes (every test of the module
    has its own 李师傅 and 王师傅)."""
    return {code: Decimal(share) for code, share in shop.cluster.execute(
        shop.db, "SELECT e.operator_code, s.share FROM app.job_share s JOIN app.employee e "
        "ON e.id = s.employee_id WHERE s.job_id = %s", (job_id,))}


def employee_of(shop: Shop, code: str) -> int:
    return int(shop.cluster.execute(
        shop.db, "SELECT id FROM app.employee WHERE operator_code = %s", (code,))[0][0])


def choose(row: Any, employee_id: int) -> None:
    index = row.technician.findData(employee_id)
    assert index >= 0
    row.technician.setCurrentIndex(index)


def loaded(qtbot: QtBot, dialog: JobSharesDialog) -> JobSharesDialog:
    qtbot.waitUntil(lambda: dialog.job is not None and running_tasks() == 0, timeout=20_000)
    return dialog


def names(dialog: JobSharesDialog) -> list[tuple[str, str]]:
    return [(row.technician.currentText(), row.share.text()) for row in dialog.rows]


def test_a_manager_splits_a_finished_job_from_the_review_queue(
        qtbot: QtBot, shop: Shop, sessions: Any, two_jobs: dict[str, Any]) -> None:
    job_a = two_jobs["job_a"]
    finish(qtbot, sessions(two_jobs["a"]), job_a.job_id, shop.work_type)
    manager = sessions(shop.cluster.create_operator(shop.db, template="manager"))
    page = queue(qtbot, manager)
    assert page.select_ticket(job_a.number)
    assert page.shares_button.isEnabled()
    page.shares_button.click()
    dialog = page.shares_dialog
    assert isinstance(dialog, JobSharesDialog)
    loaded(qtbot, dialog)
    # no shares yet: the job's technician has it all
    assert names(dialog) == [("李师傅", "100.00")]
    assert dialog.left.text() == "Shares add up to 100 %"
    assert dialog.save_button.isEnabled() and dialog.editable

    # a second technician: what is left shows as it is typed
    dialog.add_row()
    assert dialog.rows[1].employee_id() != dialog.rows[0].employee_id()  # one not listed
    choose(dialog.rows[1], employee_of(shop, two_jobs["b"]))
    dialog.rows[0].share.setText("60")
    assert dialog.left.text() == "Left to share: 40.00 %"
    dialog.rows[1].share.setText("50")
    assert dialog.left.text() == "Over 100 % by 10.00 %"
    # refused here, before any round trip: the server is not asked
    dialog.save_button.click()
    assert dialog.isVisible() and "100" in dialog.summary.text(), dialog.summary.text()
    assert shares_in_db(shop, job_a.job_id) == {}
    dialog.even_button.click()
    assert names(dialog) == [("李师傅", "50.00"), ("王师傅", "50.00")]
    assert dialog.left.text() == "Shares add up to 100 %"
    version = int(shop.cluster.execute(
        shop.db, "SELECT version FROM app.job WHERE id = %s", (job_a.job_id,))[0][0])
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=20_000)
    assert not dialog.isVisible()
    assert shares_in_db(shop, job_a.job_id) == {two_jobs["a"]: Decimal("50.00"),
                                                two_jobs["b"]: Decimal("50.00")}
    assert int(shop.cluster.execute(shop.db, "SELECT version FROM app.job WHERE id = %s",
                                    (job_a.job_id,))[0][0]) > version
    qtbot.waitUntil(lambda: "shares of" in page.message.text(), timeout=20_000)

    # opened again, the saved shares show; back to the technician alone clears them
    qtbot.waitUntil(lambda: running_tasks() == 0 and page.select_ticket(job_a.number),
                    timeout=20_000)
    page.shares_button.click()
    again = page.shares_dialog
    assert isinstance(again, JobSharesDialog) and again is not dialog
    loaded(qtbot, again)
    assert names(again) == [("李师傅", "50.00"), ("王师傅", "50.00")]
    again.remove_row(again.rows[1])
    assert again.left.text() == "Left to share: 50.00 %"
    again.remove_row(again.rows[0])
    assert again.left.text() == "No shares: 李师傅 gets it all" and again.check() == []
    again.add_row()
    choose(again.rows[0], employee_of(shop, two_jobs["a"]))
    again.rows[0].share.setText("100")
    assert again.check() == []  # the default: sent as no shares
    again.save_button.click()
    qtbot.waitUntil(lambda: again.saved is not None, timeout=20_000)
    assert shares_in_db(shop, job_a.job_id) == {}


def test_a_stale_job_offers_to_reload_and_a_reviewed_one_is_read_only(
        qtbot: QtBot, shop: Shop, sessions: Any, two_jobs: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    job_b = two_jobs["job_b"]
    tech_b = sessions(two_jobs["b"])
    manager = sessions(shop.cluster.create_operator(shop.db, template="manager"))
    dialog = JobSharesDialog(manager[0], job_b.job_id)
    qtbot.addWidget(dialog)
    dialog.show()
    loaded(qtbot, dialog)
    assert dialog.editable and names(dialog) == [("王师傅", "100.00")]  # assigned: it may
    # the technician finishes the job meanwhile: the version the dialog read is stale
    finish(qtbot, tech_b, job_b.job_id, shop.work_type)
    choose(dialog.add_row(), employee_of(shop, two_jobs["a"]))
    dialog.split_evenly()
    asked: list[str] = []

    def answer(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
    assert "Reload" in asked[0] and "changed" in asked[0], asked
    qtbot.waitUntil(lambda: running_tasks() == 0 and len(dialog.rows) == 1, timeout=20_000)
    assert names(dialog) == [("王师傅", "100.00")]  # reloaded: nothing was saved
    assert shares_in_db(shop, job_b.job_id) == {}
    # now it saves
    choose(dialog.add_row(), employee_of(shop, two_jobs["a"]))
    dialog.split_evenly()
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=20_000)
    assert shares_in_db(shop, job_b.job_id) == {two_jobs["b"]: Decimal("50.00"),
                                                two_jobs["a"]: Decimal("50.00")}

    # reviewed: the shares are frozen in its lines, the dialog only shows them
    def review() -> None:
        with manager[0].transaction() as conn:
            version = conn.exec_driver_sql(
                f"SELECT version FROM app.job WHERE id = {job_b.job_id}").scalar_one()
            jobs.review(conn, job_id=job_b.job_id, version=version)

    off_gui(qtbot, review)
    frozen = JobSharesDialog(manager[0], job_b.job_id)
    qtbot.addWidget(frozen)
    loaded(qtbot, frozen)
    assert not frozen.editable and not frozen.save_button.isEnabled()
    assert not frozen.even_button.isEnabled() and not frozen.rows[0].share.isEnabled()
    assert "Reviewed" in frozen.about.text()
    # and the server refuses it all the same
    with pytest.raises(Exception) as refused:
        off_gui(qtbot, lambda: _set(manager, job_b.job_id))
    assert getattr(refused.value, "code", "") in ("job_reviewed", "job_state")


def _set(login: Any, job_id: int) -> Any:
    with login[0].read() as conn:
        version = conn.exec_driver_sql(
            f"SELECT version FROM app.job WHERE id = {job_id}").scalar_one()
    with login[0].transaction() as conn:
        return lines.set_shares(conn, job_id=job_id, version=version, shares=[])


def test_the_ticket_tab_opens_the_shares_of_its_job(
        qtbot: QtBot, shop: Shop, sessions: Any, two_jobs: dict[str, Any]) -> None:
    job_a = two_jobs["job_a"]
    manager = sessions(shop.cluster.create_operator(shop.db, template="manager"))
    page = TicketPage(*manager)
    qtbot.addWidget(page)
    page.show()
    page.load(job_a.ticket_id)
    qtbot.waitUntil(lambda: page.detail is not None and running_tasks() == 0, timeout=20_000)
    assert current_job(page.detail or {}) == (job_a.job_id, "assign")
    button = page.buttons["job_shares"]
    assert button.isEnabled(), button.toolTip()
    button.click()
    dialog = getattr(page, "shares_dialog", None)
    assert isinstance(dialog, JobSharesDialog)
    loaded(qtbot, dialog)
    assert dialog.job is not None and dialog.job["id"] == job_a.job_id
    assert names(dialog) == [("李师傅", "100.00")]
    dialog.reject()
    # the counter clerk may not share a job: no button
    clerk = sessions(shop.cluster.create_operator(shop.db, template="counter"))
    plain = TicketPage(*clerk)
    qtbot.addWidget(plain)
    assert "job_shares" not in plain.buttons


def test_the_dispatch_board_opens_the_shares_of_an_assigned_job(
        qtbot: QtBot, shop: Shop, sessions: Any, two_jobs: dict[str, Any]) -> None:
    """Two technicians sent out together: the dispatcher shares the job when assigning."""
    from aftersales_desktop.ui.dispatch.board import DispatchBoardPage

    job_a = two_jobs["job_a"]
    dispatcher = sessions(shop.cluster.create_operator(shop.db, template="dispatcher"))
    board = DispatchBoardPage(*dispatcher)
    qtbot.addWidget(board)
    board.show()
    qtbot.waitUntil(lambda: board.board is not None and running_tasks() == 0,
                    timeout=20_000)
    board.jobs.select_ticket(job_a.ticket_id)
    assert board.shares_action.isVisible() and board.shares_action.isEnabled()
    board.shares_action.trigger()
    dialog = board.shares_dialog
    assert isinstance(dialog, JobSharesDialog)
    loaded(qtbot, dialog)
    assert dialog.editable and names(dialog) == [("李师傅", "100.00")]
    choose(dialog.add_row(), employee_of(shop, two_jobs["b"]))
    dialog.rows[0].share.setText("70")
    dialog.rows[1].share.setText("30")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=20_000)
    assert shares_in_db(shop, job_a.job_id) == {two_jobs["a"]: Decimal("70.00"),
                                                two_jobs["b"]: Decimal("30.00")}


def test_why_the_ticket_action_is_disabled() -> None:
    assert shares_blocked({"job_events": []}) == "The ticket has no job yet."
    events = [{"id": 1, "job_id": 4, "kind": "assign"}, {"id": 3, "job_id": 4, "kind": "review"}]
    assert "reviewed" in (shares_blocked({"job_events": events}) or "")
    events.append({"id": 4, "job_id": 4, "kind": "unreview"})
    assert shares_blocked({"job_events": events}) is None
    events.append({"id": 5, "job_id": 4, "kind": "unassign"})
    assert "unassigned" in (shares_blocked({"job_events": events}) or "")
    events.append({"id": 6, "job_id": 9, "kind": "assign"})
    assert current_job({"job_events": events}) == (9, "assign")


def test_an_even_split_always_sums_to_a_hundred() -> None:
    assert even_shares(3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert even_shares(7)[0] == Decimal("14.29") and sum(even_shares(7)) == 100
    assert all(sum(even_shares(n)) == 100 for n in range(1, 11))
    assert even_shares(0) == []
