"""Operations: results reach live widgets only, writes are one transaction and say what
they changed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.ui.operations import Changes, CollectionOp, QueryOp, hub
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
