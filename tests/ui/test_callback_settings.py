"""The callback settings page (回访设置): a master-data editor changes a rule of a service
mode, adds a survey question and puts it first, deactivates one, renames one, and a
manager (settings.admin) sets the thresholds; each save reaches the database, and an
operator without the capability sees no Save."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.ui.callbacks.callback_settings import CallbackSettingsPage
from tests.pg import TestCluster
from tests.ui.dispatch_helpers import Login, Shop, make_shop, open_sessions

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Shop:
    return make_shop(cluster)


@pytest.fixture
def sessions(qtbot: QtBot, shop: Shop) -> Iterator[Any]:
    yield from open_sessions(qtbot, shop)


def settings_page(qtbot: QtBot, login: Login) -> CallbackSettingsPage:
    page = CallbackSettingsPage(*login)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitUntil(lambda: page.loaded_once and running_tasks() == 0, timeout=20_000)
    return page


def saved(qtbot: QtBot, page: CallbackSettingsPage, button: Any) -> None:
    page.loaded_once = False
    page.message.clear()
    button.click()
    qtbot.waitUntil(lambda: page.loaded_once or (bool(page.message.text())
                    and "saved" not in page.message.text()), timeout=20_000)
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)
    assert "saved" in page.message.text(), page.message.text()


def rule_row(page: CallbackSettingsPage, mode: str, round_: int) -> int:
    for row, known in enumerate(page.rules_rows):
        if known and known["service_mode"] == mode and known["round"] == round_:
            return row
    raise AssertionError(f"no rule {mode} {round_}")


def test_rules_questions_and_thresholds_are_saved(qtbot: QtBot, shop: Shop,
                                                  sessions: Any) -> None:
    run = shop.cluster.execute
    editor = sessions(shop.cluster.create_operator(shop.db, capabilities=["masterdata.edit"]))
    page = settings_page(qtbot, editor)
    assert not page.save_rules_button.isHidden()
    assert page.save_thresholds_button.isHidden()  # no settings.admin

    # the repair callback five days after instead of three
    row = rule_row(page, "repair", 1)
    page.rules.cellWidget(row, 3).setValue(5)
    saved(qtbot, page, page.save_rules_button)
    assert run(shop.db, "SELECT delay_days FROM app.callback_rule WHERE service_mode = "
               "'repair' AND round = 1")[0][0] == 5
    # a second round for repairs: a usage callback after 60 days
    new = page.add_rule()
    page.rules.cellWidget(new, 0).setCurrentIndex(
        page.rules.cellWidget(new, 0).findData("repair"))
    page.rules.cellWidget(new, 1).setValue(2)
    page.rules.cellWidget(new, 2).setCurrentIndex(
        page.rules.cellWidget(new, 2).findData("usage"))
    page.rules.cellWidget(new, 3).setValue(60)
    saved(qtbot, page, page.save_rules_button)
    assert run(shop.db, "SELECT kind, delay_days FROM app.callback_rule WHERE service_mode = "
               "'repair' AND round = 2") == [("usage", 60)]

    # a new question, asked first; the price question no longer asked
    new = page.add_question()
    page.questions.cellWidget(new, 0).setText("上门是否准时")
    page.questions.cellWidget(new, 1).setText("on_time")
    for _ in range(new):
        page.questions.setCurrentCell(page.questions.currentRow(), 0)
        page.move_question(-1)
    assert page.questions.cellWidget(0, 1).text() == "on_time"
    price = next(r for r in range(page.questions.rowCount())
                 if page.questions.cellWidget(r, 1).text() == "price")
    page.questions.cellWidget(price, 4).setChecked(False)
    saved(qtbot, page, page.save_questions_button)
    order = run(shop.db, "SELECT code, active FROM app.survey_question ORDER BY sort_order, id")
    assert order[0] == ("on_time", True)
    assert ("price", False) in order and len(order) == 6
    # a rename keeps the code
    row = next(r for r in range(page.questions.rowCount())
               if page.questions.cellWidget(r, 1).text() == "overall")
    page.questions.cellWidget(row, 0).setText("总体满意度")
    saved(qtbot, page, page.save_questions_button)
    assert run(shop.db, "SELECT label FROM app.survey_question WHERE code = 'overall'") == [
        ("总体满意度",)]

    # the thresholds are settings.admin's (a manager's)
    manager = sessions(shop.cluster.create_operator(shop.db, template="manager"))
    page = settings_page(qtbot, manager)
    assert not page.save_thresholds_button.isHidden()
    page.threshold_spins["callback_max_attempts"].setValue(4)
    page.threshold_spins["complaint_score_threshold"].setValue(1)
    page.deadline_spins["critical"].setValue(4)
    saved(qtbot, page, page.save_thresholds_button)
    values = dict(run(shop.db, "SELECT key, value FROM app.shop_setting WHERE key IN "
                      "('callback_max_attempts', 'complaint_score_threshold', "
                      "'complaint_deadline_hours')"))
    assert values["callback_max_attempts"] == 4 and values["complaint_score_threshold"] == 1
    assert values["complaint_deadline_hours"]["critical"] == 4


def test_a_clerk_cannot_change_the_settings(qtbot: QtBot, shop: Shop, sessions: Any) -> None:
    clerk = sessions(shop.cluster.create_operator(shop.db, template="callback"))
    page = settings_page(qtbot, clerk)
    for button in (page.save_rules_button, page.save_questions_button,
                   page.save_thresholds_button):
        assert button.isHidden()
