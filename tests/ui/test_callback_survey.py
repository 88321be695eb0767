"""The survey dialog after a survey is recorded (issue 13): its recorder changes it
until it freezes (survey_amend); a frozen survey shows read-only, and 更正 records a
correction that replaces it (survey_record with corrects_id); the history lists the
calls and both surveys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.services.callbacks import tasks
from aftersales_desktop.ui.callbacks.survey_dialog import SurveyDialog
from tests.pg import TestCluster
from tests.ui.callback_helpers import finished_task, needs_survey_functions, technician_who_calls
from tests.ui.dispatch_helpers import Login, Shop, make_shop, open_sessions
from tests.ui.helpers import off_gui

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Shop:
    return make_shop(cluster)


@pytest.fixture
def sessions(qtbot: QtBot, shop: Shop) -> Iterator[Any]:
    yield from open_sessions(qtbot, shop)


def survey_dialog(qtbot: QtBot, login: Login, task_id: int, mode: str) -> SurveyDialog:
    dialog = SurveyDialog(*login, task_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.mode != "loading" and running_tasks() == 0,
                    timeout=20_000)
    assert dialog.mode == mode, dialog.state_label.text()
    return dialog


def saved(qtbot: QtBot, dialog: SurveyDialog) -> dict[str, Any]:
    recorded: list[dict[str, Any]] = []
    dialog.recorded.connect(recorded.append)
    dialog.save()
    qtbot.waitUntil(lambda: bool(recorded) or "Saving" not in dialog.message.text(),
                    timeout=20_000)
    assert recorded, dialog.message.text()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)
    return recorded[0]


def test_amend_then_correct_a_frozen_survey(qtbot: QtBot, shop: Shop, sessions: Any) -> None:
    needs_survey_functions(shop)
    counter = sessions(shop.cluster.create_operator(shop.db, template="counter"))
    dispatcher = sessions(shop.cluster.create_operator(shop.db, template="dispatcher"))
    clerk = sessions(shop.cluster.create_operator(shop.db, template="callback", name="孙丽"))
    task = finished_task(qtbot, shop, sessions, technician_who_calls(shop, "褚师傅"),
                         counter, dispatcher)
    run = shop.cluster.execute

    # a failed call first, then the survey
    def call_once() -> None:
        with clerk[0].read() as conn:
            row = tasks.due(conn, tasks.DueFilters(view="all", search=task.number))["rows"][0]
            tasks.log_attempt(conn, task_id=int(row["id"]), version=int(row["version"]),
                              outcome="busy")

    off_gui(qtbot, call_once)
    dialog = survey_dialog(qtbot, clerk, task.task_id, "new")
    for row in dialog.score_rows.values():
        row.set_score(4)
    dialog.usage.setText("使用正常")
    saved(qtbot, dialog)
    assert not dialog.isVisible()  # no complaint: the dialog closed

    # its recorder changes it before it freezes
    dialog = survey_dialog(qtbot, clerk, task.task_id, "amend")
    assert dialog.usage.text() == "使用正常"
    assert [r.score() for r in dialog.score_rows.values()] == [4, 4, 4, 4, 4]
    last = list(dialog.score_rows.values())[-1]
    last.set_score(5)
    saved(qtbot, dialog)
    assert run(shop.db, "SELECT count(*), max(a.score) FROM app.survey s JOIN "
               "app.survey_answer a ON a.survey_id = s.id WHERE s.task_id = %s",
               (task.task_id,)) == [(5, 5)]

    # frozen: read-only, 更正 makes a correction
    # (time passes: the freeze trigger would refuse this very change, so it is off for it)
    run(shop.db, "SET session_replication_role = replica; UPDATE app.survey SET frozen_at = "
        "recorded_at WHERE task_id = %s", (task.task_id,))
    dialog = survey_dialog(qtbot, clerk, task.task_id, "read")
    assert dialog.save_button.isHidden() and not dialog.correct_button.isHidden()
    assert "frozen" in dialog.state_label.text()
    assert dialog.history.rowCount() >= 2  # the busy call and the survey
    dialog.correct_button.click()
    assert dialog.mode == "correct" and not dialog.save_button.isHidden()
    next(iter(dialog.score_rows.values())).set_score(3)
    saved(qtbot, dialog)
    surveys = run(shop.db, "SELECT id, corrects_id, lowest_score FROM app.survey "
                  "WHERE task_id = %s ORDER BY id", (task.task_id,))
    assert len(surveys) == 2 and surveys[1][1] == surveys[0][0] and surveys[1][2] == 3
