"""The walk of issue 13 ("Done when"), on screen against a real database, each operator on
a main window of their own login:

1. a technician finishes an on-site repair, so the database makes its callback task;
2. the callback clerk works the due list (F6): the task is there, today's; a failed
   attempt (Ctrl+1, no answer) is logged from the keyboard, then the survey (Enter) is
   recorded with a low score for service attitude, and the dialog names the complaint
   the score opened;
3. the manager finds that complaint in the complaint queue (待处理) and in the
   customer's history, next to the ticket and the callback;
4. a counter clerk logs the customer's inquiry and turns it into a ticket (转维修单): the
   intake comes prefilled and its save links the inquiry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.services.session import close_session, open_session
from aftersales_desktop.ui.callbacks.attempt_dialog import AttemptDialog
from aftersales_desktop.ui.callbacks.complaints import ComplaintQueuePage
from aftersales_desktop.ui.callbacks.customer_history import CustomerHistoryPanel
from aftersales_desktop.ui.callbacks.due_list import CallbackDuePage
from aftersales_desktop.ui.callbacks.inquiry_dialog import InquiryPage
from aftersales_desktop.ui.callbacks.survey_dialog import SurveyDialog
from aftersales_desktop.ui.frontdesk.intake import IntakePage
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.main_window import MainWindow
from tests.pg import TEST_PASSWORD
from tests.ui.callback_helpers import finished_task
from tests.ui.dispatch_helpers import Shop, make_shop, open_sessions, technician
from tests.ui.helpers import off_gui

pytestmark = [pytest.mark.gui, pytest.mark.db]

Windows = Callable[[str], MainWindow]


@pytest.fixture(scope="module")
def shop(cluster: Any) -> Shop:
    return make_shop(cluster)


@pytest.fixture
def sessions(qtbot: QtBot, shop: Shop) -> Iterator[Any]:
    yield from open_sessions(qtbot, shop)


@pytest.fixture
def windows(qtbot: QtBot, shop: Shop, monkeypatch: pytest.MonkeyPatch) -> Iterator[Windows]:
    """`open_window(template)` -> a main window of a new operator of that template."""
    install_language("en")
    # closing the windows at the end asks nothing about unsaved forms
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    opened: list[Any] = []

    def open_window(template: str) -> MainWindow:
        code = shop.cluster.create_operator(shop.db, template=template)
        database, session = off_gui(qtbot, lambda: open_session(
            shop.cluster.profile(shop.db), code, TEST_PASSWORD))
        window = MainWindow(database, session)
        qtbot.addWidget(window)
        window.resize(1280, 760)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        opened.append(window)
        return window

    yield open_window
    for window in opened:
        off_gui(qtbot, lambda db=window.database: close_session(db))


def _settled(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)


def _module(window: MainWindow, key: str) -> Any:
    from aftersales_desktop.ui.modules import MODULES

    return window.open_module(next(m for m in MODULES if m.key == key))


def test_the_issue_walk(qtbot: QtBot, shop: Shop, sessions: Any, windows: Windows) -> None:
    run = shop.cluster.execute
    counter_login = sessions(shop.cluster.create_operator(shop.db, template="counter"))
    dispatcher = sessions(shop.cluster.create_operator(shop.db, template="dispatcher"))
    finished = finished_task(qtbot, shop, sessions, technician(shop, "刘师傅"), counter_login,
                             dispatcher)
    customer_id = run(shop.db, "SELECT customer_id FROM app.ticket WHERE id = %s",
                      (finished.ticket_id,))[0][0]

    # -- the callback clerk: F6, the task due today ------------------------------------
    clerk = windows("callback")
    qtbot.keyClick(QApplication.focusWidget() or clerk, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: isinstance(clerk.tabs.currentWidget(), CallbackDuePage),
                    timeout=5_000)
    due = clerk.tabs.currentWidget()
    assert isinstance(due, CallbackDuePage)
    qtbot.waitUntil(lambda: due.loaded_once, timeout=20_000)
    _settled(qtbot)
    assert finished.task_id in due.tasks.task_ids()
    assert due.tasks.select_task(finished.task_id)
    due.tasks.setFocus()

    # a failed attempt: no answer (Ctrl+1), a note, OK
    qtbot.keyClick(due.tasks, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: due.attempt_dialog is not None, timeout=5_000)
    attempt = due.attempt_dialog
    assert isinstance(attempt, AttemptDialog)
    assert attempt.outcome.currentData() == "no_answer"
    attempt.note.setText("响铃无人接听")
    attempt.save()
    qtbot.waitUntil(lambda: due.attempt_dialog is None, timeout=20_000)
    _settled(qtbot)
    assert run(shop.db, "SELECT state, attempts FROM app.callback_task WHERE id = %s",
               (finished.task_id,)) == [("in_progress", 1)]
    assert run(shop.db, "SELECT outcome, note FROM app.callback_attempt WHERE task_id = %s",
               (finished.task_id,)) == [("no_answer", "响铃无人接听")]

    # the customer answers the next call: the survey (Enter), attitude scored 1
    qtbot.waitUntil(lambda: finished.task_id in due.tasks.task_ids(), timeout=20_000)
    assert due.tasks.select_task(finished.task_id)
    due.tasks.setFocus()
    qtbot.keyClick(due.tasks, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: due.survey_dialog is not None, timeout=5_000)
    survey = due.survey_dialog
    assert isinstance(survey, SurveyDialog)
    qtbot.waitUntil(lambda: survey.data is not None and bool(survey.score_rows),
                    timeout=20_000)
    codes = {int(q["id"]): q["code"] for q in survey.data["questions"]}
    for question_id, row in survey.score_rows.items():
        row.setFocus()
        score = Qt.Key.Key_1 if codes[question_id] == "attitude" else Qt.Key.Key_4
        qtbot.keyClick(row, score)  # the digit keys score a row
    assert [survey.score_rows[q].score() for q in survey.score_rows] == [
        1 if codes[q] == "attitude" else 4 for q in survey.score_rows]
    survey.usage.setText("使用正常")
    survey.suggestion.setText("师傅说话不耐烦")
    survey.save()
    qtbot.waitUntil(lambda: survey.complaint is not None, timeout=20_000)
    complaint_id, number = survey.complaint
    assert number in survey.message.text()
    assert run(shop.db, "SELECT state FROM app.callback_task WHERE id = %s",
               (finished.task_id,)) == [("done",)]
    assert run(shop.db, """
        SELECT c.source, c.severity, c.state, c.ticket_id, c.technician_id, s.recorded_by
        FROM app.complaint c JOIN app.survey s ON s.id = c.survey_id WHERE c.id = %s""",
               (complaint_id,)) == [("survey", "high", "open", finished.ticket_id,
                                     finished.technician_id, clerk.session.code)]
    survey.reject()
    _settled(qtbot)

    # -- the manager: the complaint in the queue and in the customer's history -------------
    manager = windows("manager")
    queue = _module(manager, "complaints")
    assert isinstance(queue, ComplaintQueuePage)
    qtbot.waitUntil(lambda: queue.loaded_once, timeout=20_000)
    _settled(qtbot)
    assert queue.view() == "open"
    listed = {row["number"]: row for row in queue.rows}
    assert number in listed
    assert listed[number]["customer_id"] == customer_id
    assert listed[number]["ticket_number"] == finished.number

    history = CustomerHistoryPanel(manager.database, manager.session, parent=manager)
    qtbot.addWidget(history)
    history.show_customer(customer_id)
    qtbot.waitUntil(lambda: {r.kind for r in history.rows} >= {"ticket", "callback",
                                                                "complaint"}, timeout=20_000)
    complaint_row = next(r for r in history.rows if r.kind == "complaint")
    assert complaint_row.id == complaint_id and complaint_row.number == number

    # -- a counter clerk: the customer calls again; the inquiry becomes a ticket --------
    counter = windows("counter")
    qtbot.keyClick(QApplication.focusWidget() or counter, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: isinstance(counter.tabs.currentWidget(), InquiryPage),
                    timeout=5_000)
    inquiry = counter.tabs.currentWidget()
    assert isinstance(inquiry, InquiryPage)
    qtbot.waitUntil(inquiry.search.hasFocus, timeout=5_000)
    qtbot.keyClicks(inquiry.search, "13957166666")  # the customer's phone
    qtbot.keyClick(inquiry.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: inquiry.customer is not None or inquiry.matches.count() > 0,
                    timeout=20_000)
    if inquiry.customer is None:
        inquiry.matches.setFocus()
        inquiry.matches.setCurrentRow(0)
        qtbot.keyClick(inquiry.matches, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: inquiry.customer is not None, timeout=5_000)
    assert inquiry.customer.id == customer_id
    inquiry.question.setFocus()
    inquiry.question.insertPlainText("空调外机又有异响")
    inquiry.answer.setFocus()
    inquiry.answer.insertPlainText("请送修或预约上门检查")
    inquiry.to_ticket()
    qtbot.waitUntil(lambda: isinstance(counter.tabs.currentWidget(), IntakePage),
                    timeout=20_000)
    intake = counter.tabs.currentWidget()
    assert isinstance(intake, IntakePage)
    qtbot.waitUntil(lambda: intake.context is not None, timeout=20_000)
    assert inquiry.logged is not None
    inquiry_id = inquiry.logged.inquiry_id
    assert intake.inquiry_id == inquiry_id
    assert intake.customer is not None and intake.customer.id == customer_id
    assert intake.fault.currentText() == "空调外机又有异响"
    intake.save_button.click()
    qtbot.waitUntil(lambda: intake.last_saved is not None or (
        intake.summary.isVisible() and not intake._saving), timeout=20_000)
    assert intake.last_saved is not None, intake.summary.text()
    _settled(qtbot)
    assert run(shop.db, "SELECT ticket_id, customer_id, answered_by FROM app.inquiry "
                        "WHERE id = %s", (inquiry_id,)) == [
        (intake.last_saved.id, customer_id, counter.session.code)]
