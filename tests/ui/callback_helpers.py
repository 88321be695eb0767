"""What the callback GUI tests share: a ticket worked by a technician and finished on
site (so the database made its callback task), the task brought due today, a callback
clerk's session, and the due list page shown and loaded."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pytestqt.qtbot import QtBot

from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.domain.dispatch import WorkDone, WorkReport
from aftersales_desktop.services.dispatch import jobs
from aftersales_desktop.ui.callbacks.due_list import CallbackDuePage
from tests.ui.dispatch_helpers import Login, Shop, take_in_and_assign, technician
from tests.ui.helpers import off_gui


@dataclass
class FinishedTask:
    task_id: int
    ticket_id: int
    number: str
    technician_code: str
    technician_id: int


def technician_who_calls(shop: Shop, name: str) -> tuple[str, int]:
    """A technician who may also record callbacks (the shop's small staff): the database
    still refuses their survey of their own job. (operator code, employee id)."""
    return technician(shop, name, capabilities=["callback.record"])


def finished_task(qtbot: QtBot, shop: Shop, sessions: Any, technician: tuple[str, int],
                  counter: Login, dispatcher: Login) -> FinishedTask:
    """An on-site ticket assigned to `technician`, who finishes it (fixed): the ticket is
    completed and the database makes its callback task; the task is then made due today
    (the rule says three days later)."""
    code, employee = technician
    assigned = take_in_and_assign(qtbot, shop, counter, dispatcher, employee, on_site=True)
    login = sessions(code)

    def finish() -> None:
        with login[0].transaction() as conn:
            version = conn.exec_driver_sql(
                f"SELECT version FROM app.job WHERE id = {assigned.job_id}").scalar_one()
            jobs.start(conn, job_id=assigned.job_id, version=version)
        with login[0].transaction() as conn:
            version = conn.exec_driver_sql(
                f"SELECT version FROM app.job WHERE id = {assigned.job_id}").scalar_one()
            jobs.report(conn, WorkReport(
                job_id=assigned.job_id, version=version,
                work_types=(WorkDone(shop.work_type, Decimal(1)),), hours=Decimal("1.5"),
                result="fixed", fault_cause="缺氟", action="加氟"), finish=True)

    off_gui(qtbot, finish)
    run = shop.cluster.execute
    task = run(shop.db, "SELECT id FROM app.callback_task WHERE ticket_id = %s AND round = 1",
               (assigned.ticket_id,))
    assert task, "finishing the ticket made no callback task"
    run(shop.db, "UPDATE app.callback_task SET due_on = app.shop_today() WHERE id = %s",
        (task[0][0],))
    return FinishedTask(int(task[0][0]), assigned.ticket_id, assigned.number, code, employee)


def needs_survey_functions(shop: Shop) -> None:
    """Skip (saying why) while app.survey_get / app.survey_amend (helper cb-tasks) are
    not installed: the survey dialog reads and saves through them."""
    import pytest

    missing = shop.cluster.execute(shop.db, """
        SELECT string_agg(f, ', ') FROM unnest(ARRAY['app.survey_get(bigint)',
               'app.survey_amend(jsonb)']) f WHERE to_regprocedure(f) IS NULL""")[0][0]
    if missing:
        pytest.skip(f"not installed yet: {missing}")


def due_page(qtbot: QtBot, login: Login) -> CallbackDuePage:
    page = CallbackDuePage(*login)
    qtbot.addWidget(page)
    page.resize(1280, 700)
    page.show()
    qtbot.waitUntil(lambda: page.loaded_once and running_tasks() == 0, timeout=20_000)
    return page


def reload(qtbot: QtBot, page: CallbackDuePage) -> None:
    page.loaded_once = False
    page.refresh()
    qtbot.waitUntil(lambda: page.loaded_once and running_tasks() == 0, timeout=20_000)


def group_of_task(page: CallbackDuePage, task_id: int) -> int | None:
    """Which group (0 call back, 1 overdue, 2 today in the due view) lists the task."""
    for group in range(page.tasks.topLevelItemCount()):
        if task_id in page.tasks.group_task_ids(group):
            return group
    return None
