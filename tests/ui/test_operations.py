"""Operations: results reach live widgets only, writes are one transaction and say what
they changed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import SIGNAL, QCoreApplication, QEvent, QThreadPool
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.ui.operations import (
    Changes,
    CollectionOp,
    Operation,
    QueryOp,
    hub,
    on_did_execute,
)
from tests.pg import TestCluster, operator_logins


@pytest.fixture()
def database(cluster: TestCluster, shop_db: str) -> Iterator[Database]:
    logins = operator_logins(cluster, shop_db)
    make = next(logins)
    yield make(None)  # an administrator
    for _ in logins:
        pass


def test_query_result_reaches_its_widget(qtbot: QtBot, database: Database) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    got: list[Any] = []
    QueryOp(parent=widget, database=database,
            op=lambda conn: conn.execute(text("SELECT 40 + 2")).scalar_one(),
            success=got.append).run_in_background()
    qtbot.waitUntil(lambda: got == [42])


def test_result_for_a_closed_widget_is_dropped(qtbot: QtBot, database: Database) -> None:
    widget = QWidget()
    got: list[Any] = []
    failures: list[BaseException] = []
    QueryOp(parent=widget, database=database,
            op=lambda conn: conn.execute(text("SELECT pg_sleep(0.3), 1")).all(),
            success=got.append).failure(failures.append).run_in_background()
    widget.deleteLater()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=10_000)
    qtbot.wait(50)
    assert got == [] and failures == []


def test_write_is_one_transaction_and_announces_changes(
        qtbot: QtBot, database: Database) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    announced: list[tuple[Changes, object]] = []
    def record(changes: Changes, origin: object) -> None:
        announced.append((changes, origin))

    hub().did_execute.connect(record)
    try:
        _write_and_check(qtbot, widget, database, announced)
    finally:
        hub().did_execute.disconnect(record)


def _write_and_check(qtbot: QtBot, widget: QWidget, database: Database,
                     announced: list[tuple[Changes, object]]) -> None:
    failures: list[BaseException] = []

    def write_then_fail(conn: Any) -> None:
        conn.execute(text("CREATE TEMP TABLE IF NOT EXISTS op_probe (n int)"))
        conn.execute(text("SELECT set_config('aftersales.op_probe', 'written', true)"))
        raise RuntimeError("the second half of the work failed")

    CollectionOp(parent=widget, database=database, op=write_then_fail,
                 changes=Changes.of("probe")).failure(failures.append).run_in_background()
    qtbot.waitUntil(lambda: bool(failures))
    assert announced == []  # a failed write changed nothing and says so

    def two_statements(conn: Any) -> tuple[int, int]:
        first = conn.execute(text("SELECT txid_current()")).scalar_one()
        return first, conn.execute(text("SELECT txid_current()")).scalar_one()

    done: list[tuple[int, int]] = []
    CollectionOp(parent=widget, database=database, op=two_statements,
                 changes=Changes.of("probe")).success(done.append).run_in_background()
    read: list[tuple[int, int]] = []
    QueryOp(parent=widget, database=database, op=two_statements,
            success=read.append).run_in_background()
    qtbot.waitUntil(lambda: bool(done) and bool(read))
    assert done[0][0] == done[0][1]  # both statements in one transaction
    assert read[0][0] != read[0][1]  # a read commits statement by statement
    assert [(c.entities, o) for c, o in announced] == [(frozenset({"probe"}), widget)]
    assert announced[0][0].touches("probe") and not announced[0][0].touches("ticket")


def test_changes_tell_what_they_touch() -> None:
    changes = Changes.of("customer", "device")
    assert changes.touches("device")
    assert changes.touches(["ticket", "customer"])
    assert not changes.touches("stock")
    assert not Changes()


def test_work_without_a_database_is_owned_too(qtbot: QtBot) -> None:
    """Logging in or starting the built-in server: no connection given, same ownership."""
    kept, closed = QWidget(), QWidget()
    qtbot.addWidget(kept)
    got: list[Any] = []
    Operation(parent=kept, work=lambda: "kept", success=got.append).run_in_background()
    def slow() -> str:
        time.sleep(0.2)
        return "closed"

    Operation(parent=closed, work=slow, success=got.append).run_in_background()
    closed.deleteLater()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=10_000)
    qtbot.wait(50)
    assert got == ["kept"]


def test_a_failure_without_a_handler_is_shown_over_its_widget(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from aftersales_desktop.ui import messages

    shown: list[tuple[object, BaseException]] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, exc: shown.append((parent, exc)))
    widget = QWidget()
    qtbot.addWidget(widget)

    def fail() -> None:
        raise ValueError("boom")

    Operation(parent=widget, work=fail).run_in_background()
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0][0] is widget and str(shown[0][1]) == "boom"


def test_changes_can_come_from_the_result(qtbot: QtBot, database: Database) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    heard: list[Changes] = []
    on_did_execute(widget, lambda changes, _origin: heard.append(changes))
    CollectionOp(parent=widget, database=database, op=lambda conn: 41 + 1,
                 changes=lambda result: Changes.record("ticket", result)).run_in_background()
    qtbot.waitUntil(lambda: bool(heard))
    assert heard[0].touches_record("ticket", 42) and not heard[0].touches_record("ticket", 1)


def test_an_op_that_returns_changes_announces_them(qtbot: QtBot, database: Database) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    heard: list[Changes] = []
    on_did_execute(widget, lambda changes, _origin: heard.append(changes))
    CollectionOp(parent=widget, database=database,
                 op=lambda conn: Changes.record("ticket", 5),
                 changes=Changes.of("notice")).run_in_background()
    qtbot.waitUntil(lambda: bool(heard))
    assert heard[0].touches_record("ticket", 5) and heard[0].touches("notice")


def test_a_deleted_view_hears_no_more(qtbot: QtBot) -> None:
    def receivers() -> int:
        return int(hub().receivers(SIGNAL("did_execute(PyObject,PyObject)")))

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # earlier tests'
    before = receivers()
    listening = QWidget()
    qtbot.addWidget(listening)
    heard: list[str] = []
    on_did_execute(listening, lambda _c, _o: heard.append("listening"))
    for _ in range(5):
        gone = QWidget()
        on_did_execute(gone, lambda _c, _o: heard.append("gone"))
        shiboken6.delete(gone)
    assert receivers() == before + 1  # the deleted views' connections went with them
    hub().did_execute.emit(Changes.of("probe"), None)
    assert heard == ["listening"]


def test_an_operation_can_run_on_a_pool_of_its_own(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    threads: list[str] = []
    Operation(parent=widget, work=lambda: threading.current_thread().name,
              success=threads.append).on_pool(pool).run_in_background()
    qtbot.waitUntil(lambda: bool(threads))
    assert pool.waitForDone(5_000)
    assert threads and threads[0] != threading.main_thread().name
