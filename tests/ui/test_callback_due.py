"""The callback clerk's due list on screen (issue 13): a finished ticket's task is due,
a failed call is logged (the task moves, the counts change), a requested call-back
leaves the due groups and comes back when due, a survey with a low score is recorded
(the complaint opened for it is named), and the job's own technician is refused by the
database with its message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.domain.refusals import REFUSALS
from aftersales_desktop.ui.callbacks.attempt_dialog import AttemptDialog
from aftersales_desktop.ui.callbacks.due_list import CallbackDuePage
from aftersales_desktop.ui.callbacks.survey_dialog import SurveyDialog
from aftersales_desktop.ui.i18n import tr
from aftersales_desktop.ui.main_window import MainWindow
from tests.pg import TestCluster
from tests.ui.callback_helpers import (
    FinishedTask,
    due_page,
    finished_task,
    group_of_task,
    needs_survey_functions,
    reload,
    technician_who_calls,
)
from tests.ui.dispatch_helpers import Login, Shop, make_shop, open_sessions

pytestmark = [pytest.mark.gui, pytest.mark.db]

CALL_BACK, OVERDUE, TODAY = 0, 1, 2


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Shop:
    return make_shop(cluster)


@pytest.fixture
def sessions(qtbot: QtBot, shop: Shop) -> Iterator[Any]:
    yield from open_sessions(qtbot, shop)


@pytest.fixture
def staff(shop: Shop, sessions: Any) -> dict[str, Login]:
    return {"counter": sessions(shop.cluster.create_operator(shop.db, template="counter")),
            "dispatcher": sessions(shop.cluster.create_operator(shop.db,
                                                                template="dispatcher")),
            "clerk": sessions(shop.cluster.create_operator(shop.db, template="callback",
                                                           name="孙丽"))}


def make_task(qtbot: QtBot, shop: Shop, sessions: Any, staff: dict[str, Login],
              name: str) -> FinishedTask:
    return finished_task(qtbot, shop, sessions, technician_who_calls(shop, name),
                         staff["counter"], staff["dispatcher"])


def focus_page(qtbot: QtBot, page: CallbackDuePage) -> None:
    window = page.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    page.tasks.setFocus()


def attempt(qtbot: QtBot, page: CallbackDuePage, key: Qt.Key) -> AttemptDialog:
    focus_page(qtbot, page)
    qtbot.keyClick(page.tasks, key, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.attempt_dialog is not None, timeout=5_000)
    dialog = page.attempt_dialog
    assert isinstance(dialog, AttemptDialog)
    return dialog


def save_attempt(qtbot: QtBot, page: CallbackDuePage, dialog: AttemptDialog) -> None:
    page.loaded_once = False
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result_task is not None or bool(dialog.message.text()),
                    timeout=20_000)
    assert dialog.result_task is not None, dialog.message.text()
    qtbot.waitUntil(lambda: page.loaded_once and running_tasks() == 0, timeout=20_000)


def test_the_clerk_works_the_due_list(qtbot: QtBot, shop: Shop, sessions: Any,
                                      staff: dict[str, Login]) -> None:
    first = make_task(qtbot, shop, sessions, staff, "周师傅")
    second = make_task(qtbot, shop, sessions, staff, "吴师傅")
    shop.cluster.execute(shop.db, "UPDATE app.callback_task SET due_on = app.shop_today() - 2 "
                         "WHERE id = %s", (second.task_id,))

    window = MainWindow(*staff["clerk"])
    qtbot.addWidget(window)
    assert {"callback_due", "surveys", "callback_task_list"} <= set(window.module_actions)
    assert "callback_settings" not in window.module_actions  # no masterdata.edit
    window.close()

    page = due_page(qtbot, staff["clerk"])
    # overdue first, then today's; the counts say so
    assert group_of_task(page, second.task_id) == OVERDUE
    assert group_of_task(page, first.task_id) == TODAY
    before = page.counts()
    assert before["due"] >= 2 and before["overdue"] >= 1 and before["today"] >= 1
    row = page.tasks.tasks[first.task_id]
    assert row["ticket_number"] == first.number and row["phone"]  # contacts.view
    # the technician filter is the server's
    page.filter_bar.technician.setCurrentIndex(page.filter_bar.technician.findText("周师傅"))
    qtbot.waitUntil(lambda: running_tasks() == 0 and page.tasks.task_ids() == [first.task_id],
                    timeout=20_000)
    page.filter_bar.technician.setCurrentIndex(0)
    qtbot.waitUntil(lambda: running_tasks() == 0 and second.task_id in page.tasks.task_ids(),
                    timeout=20_000)

    # 未接通 (Ctrl+1): one failed call, still due; its last call shows
    assert page.tasks.select_task(first.task_id)
    dialog = attempt(qtbot, page, Qt.Key.Key_1)
    assert dialog.outcome.currentData() == "no_answer"
    assert not dialog.call_back_at.isVisibleTo(dialog)
    dialog.note.setText("无人接听")
    save_attempt(qtbot, page, dialog)
    row = page.tasks.tasks[first.task_id]
    assert row["attempts"] == 1 and row["state"] == "in_progress"
    assert row["last_outcome"] == "no_answer"
    assert "attempt 1 logged" in page.message.text()

    # 号码错误 (Ctrl+3): unreachable at once, out of the due list, one fewer due
    assert page.tasks.select_task(second.task_id)
    dialog = attempt(qtbot, page, Qt.Key.Key_3)
    assert dialog.outcome.currentData() == "wrong_number"
    save_attempt(qtbot, page, dialog)
    assert second.task_id not in page.tasks.task_ids()
    after = page.counts()
    assert after["due"] == before["due"] - 1 and after["overdue"] == before["overdue"] - 1
    assert "unreachable" in page.message.text()
    # the closed view lists it
    page.set_view("closed")
    qtbot.waitUntil(lambda: running_tasks() == 0 and second.task_id in page.tasks.task_ids(),
                    timeout=20_000)
    assert page.tasks.tasks[second.task_id]["state"] == "unreachable"
    assert page.export_button.isHidden()  # no data.export


def test_a_manager_exports_the_due_list(qtbot: QtBot, shop: Shop, sessions: Any,
                                        staff: dict[str, Login], tmp_path: Path) -> None:
    task = make_task(qtbot, shop, sessions, staff, "蒋师傅")
    manager = sessions(shop.cluster.create_operator(shop.db, template="manager"))
    page = due_page(qtbot, manager)
    assert task.task_id in page.tasks.task_ids()
    workbook = tmp_path / "due.xlsx"
    assert page.export_to_excel(workbook)
    qtbot.waitUntil(lambda: "exported" in page.message.text() or (running_tasks() == 0
                    and "Exporting" not in page.message.text()), timeout=20_000)
    assert "exported" in page.message.text(), page.message.text()
    cells = {str(c.value) for row in load_workbook(workbook).active.iter_rows() for c in row}
    assert task.number in cells and "Due today" not in cells


def test_a_call_back_leaves_the_due_list_until_it_is_due(
        qtbot: QtBot, shop: Shop, sessions: Any, staff: dict[str, Login]) -> None:
    task = make_task(qtbot, shop, sessions, staff, "郑师傅")
    page = due_page(qtbot, staff["clerk"])
    assert group_of_task(page, task.task_id) == TODAY
    due_before = page.counts()["due"]

    assert page.tasks.select_task(task.task_id)
    dialog = attempt(qtbot, page, Qt.Key.Key_4)  # 约定回拨
    assert dialog.outcome.currentData() == "call_back"
    assert dialog.call_back_at.isVisibleTo(dialog)
    wanted = dialog.chosen_call_back_at()
    assert wanted is not None
    save_attempt(qtbot, page, dialog)
    assert task.task_id not in page.tasks.task_ids()
    assert page.counts()["due"] == due_before - 1 and page.counts()["upcoming"] >= 1
    assert "call back at" in page.message.text()
    page.set_view("upcoming")
    qtbot.waitUntil(lambda: running_tasks() == 0 and task.task_id in page.tasks.task_ids(),
                    timeout=20_000)

    # the time comes: it is back, first, under 待回拨
    shop.cluster.execute(shop.db, "UPDATE app.callback_task SET call_back_at = now() - "
                         "interval '1 minute' WHERE id = %s", (task.task_id,))
    page.set_view("due")
    qtbot.waitUntil(lambda: running_tasks() == 0 and task.task_id in page.tasks.task_ids(),
                    timeout=20_000)
    assert group_of_task(page, task.task_id) == CALL_BACK
    assert page.tasks.task_ids()[0] == task.task_id
    assert page.counts()["call_back"] >= 1


def test_a_low_score_survey_names_the_complaint(qtbot: QtBot, shop: Shop, sessions: Any,
                                                 staff: dict[str, Login]) -> None:
    needs_survey_functions(shop)
    task = make_task(qtbot, shop, sessions, staff, "冯师傅")
    page = due_page(qtbot, staff["clerk"])
    assert page.tasks.select_task(task.task_id)
    focus_page(qtbot, page)
    qtbot.keyClick(page.tasks, Qt.Key.Key_Return)  # Enter opens the survey
    qtbot.waitUntil(lambda: isinstance(page.survey_dialog, SurveyDialog), timeout=5_000)
    dialog = page.survey_dialog
    assert isinstance(dialog, SurveyDialog)
    qtbot.waitUntil(lambda: dialog.mode == "new" and running_tasks() == 0, timeout=20_000)
    assert task.number in dialog.summary.text() and "冯师傅" in dialog.summary.text()
    assert "加氟" in dialog.summary.text()  # the work report's action
    assert len(dialog.score_rows) == 5

    # the digit keys: each row takes its score and passes on to the next
    rows = list(dialog.score_rows.values())
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    rows[0].setFocus()
    for digit in "15555":
        focused = dialog.focusWidget()
        assert focused in rows, focused
        qtbot.keyClicks(focused, digit)
    assert [row.score() for row in rows] == [1, 5, 5, 5, 5]
    dialog.suggestion.setText("师傅态度不好")
    recorded: list[dict[str, Any]] = []
    dialog.recorded.connect(recorded.append)
    dialog.save()
    qtbot.waitUntil(lambda: bool(recorded) or "Saving" not in dialog.message.text(),
                    timeout=20_000)
    assert recorded, dialog.message.text()
    survey = shop.cluster.execute(shop.db, "SELECT lowest_score, suggestion FROM app.survey "
                                  "WHERE task_id = %s", (task.task_id,))
    assert survey == [(1, "师傅态度不好")]
    assert dialog.complaint is not None, dialog.message.text()
    number = dialog.complaint[1]
    assert number.startswith("TS") and number in dialog.message.text()
    assert dialog.complaint_button.isVisible() and number in dialog.complaint_button.text()
    asked: list[int] = []
    dialog.complaint_requested.connect(asked.append)
    dialog.complaint_button.click()
    assert asked == [dialog.complaint[0]]
    qtbot.waitUntil(lambda: dialog.mode == "amend" and running_tasks() == 0, timeout=20_000)
    assert dialog.history.rowCount() >= 1
    dialog.close()
    reload(qtbot, page)
    assert task.task_id not in page.tasks.task_ids()
    assert shop.cluster.execute(shop.db, "SELECT state FROM app.callback_task WHERE id = %s",
                                (task.task_id,))[0][0] == "done"


def test_the_jobs_technician_is_refused_with_the_servers_message(
        qtbot: QtBot, shop: Shop, sessions: Any, staff: dict[str, Login]) -> None:
    needs_survey_functions(shop)
    task = make_task(qtbot, shop, sessions, staff, "陈师傅")
    own = sessions(task.technician_code)
    dialog = SurveyDialog(*own, task.task_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.mode == "new" and running_tasks() == 0, timeout=20_000)
    for row in dialog.score_rows.values():
        row.set_score(4)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog._saving and running_tasks() == 0, timeout=20_000)
    assert dialog.message.text() == tr(REFUSALS["survey_own_job"].message)
    assert dialog.isVisible()  # nothing was saved: the dialog stays
    assert shop.cluster.execute(shop.db, "SELECT count(*) FROM app.survey WHERE task_id = %s",
                                (task.task_id,))[0][0] == 0
