"""Operations own their work in the main window: a write announces what it changed and
the open views that show it reload themselves (the ticket list when next shown, the
board, the ticket's own tab); a tab closed while it loads drops its result."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.services.frontdesk import queries
from aftersales_desktop.services.frontdesk.intake import IntakeDraft, save_intake
from aftersales_desktop.services.session import close_session
from aftersales_desktop.ui.frontdesk.ticket import TicketPage
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.listview import ListView
from aftersales_desktop.ui.main_window import MainWindow
from aftersales_desktop.ui.operations import alive
from tests.pg import TestCluster
from tests.ui.helpers import off_gui, open_operator

COUNTER = ["intake.create", "intake.edit", "notice.send", "settlement.collect",
           "contacts.view"]


@pytest.fixture
def window(qtbot: QtBot, cluster: TestCluster, shop_db: str) -> Iterator[MainWindow]:
    install_language("en")
    database, session = open_operator(qtbot, cluster, shop_db, COUNTER)
    shown = MainWindow(database, session)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.board is not None and shown.board.board is not None,
                    timeout=20_000)
    yield shown
    shown.board.shutdown()  # type: ignore[union-attr]
    off_gui(qtbot, lambda: close_session(database))


def _new_ticket(qtbot: QtBot, window: MainWindow) -> int:
    def save() -> int:
        with window.database.read() as conn:
            today = queries.intake_context(conn).today
            draft = IntakeDraft(customer_name="刷新", phone="13912345678", product="空调",
                                fault="不制冷", serial=f"RF{uuid.uuid4().hex[:8].upper()}",
                                purchase_date=today - timedelta(days=100), has_proof=True,
                                promised_on=today + timedelta(days=7))
            return save_intake(conn, draft, today).id

    return off_gui(qtbot, save)


def _opened_ticket(qtbot: QtBot, window: MainWindow, ticket_id: int) -> TicketPage:
    page = window.open_ticket(ticket_id)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=20_000)
    return page


def _statements(window: MainWindow) -> list[str]:
    """Every statement the window's connections send from now on, in order (but the
    connection monitor's heartbeat)."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement != "SELECT 1":
            sent.append(statement)

    for engine in (window.database._reader, window.database._writer):
        event.listen(engine, "before_cursor_execute", record)
    return sent


def _status_in_list(view: ListView, ticket_id: int) -> Any:
    model = view.model
    keys = [model.key_at(row) for row in range(model.rowCount())]
    return model.row_values(keys.index(ticket_id))[view.source.index_of("status")]


def test_a_status_change_refreshes_the_ticket_list_the_board_and_the_tab(
        qtbot: QtBot, window: MainWindow) -> None:
    ticket_id, other_id = _new_ticket(qtbot, window), _new_ticket(qtbot, window)
    tickets = window._ticket_list()
    assert tickets is not None
    qtbot.waitUntil(lambda: tickets.model.rowCount() > 0 and not tickets.model.is_loading,
                    timeout=20_000)
    assert _status_in_list(tickets, ticket_id) == "pending"
    other = _opened_ticket(qtbot, window, other_id)
    page = _opened_ticket(qtbot, window, ticket_id)
    board = window.board
    assert board is not None and board.board is not None
    in_repair = board.board.statuses.get("in_repair", 0)
    list_loads: list[int] = []
    tickets.model.loaded.connect(list_loads.append)
    other_detail, before = other.detail, page.detail
    statements = _statements(window)

    button = page.findChild(QPushButton, "status_in_repair")
    assert button is not None
    button.click()
    qtbot.waitUntil(lambda: page.detail is not before, timeout=20_000)
    assert page.detail is not None and page.detail["ticket"]["status"] == "in_repair"
    qtbot.waitUntil(lambda: board.board is not None
                    and board.board.statuses.get("in_repair", 0) == in_repair + 1,
                    timeout=20_000)
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)
    assert other.detail is other_detail  # another ticket's tab was not touched
    assert list_loads == []  # the list is in a background tab: no round trip yet
    # one round trip for the action, one for the tab's reload, the board's own (its
    # did_execute and this client's NOTIFY are one reload unless they arrive far apart)
    # (the tab's reload and the board's run on different pools: either may come first)
    assert statements[0] == "SELECT app.ticket_set_status(%(id)s, %(v)s, %(s)s, %(r)s)"
    after = sorted(statements[1:])
    assert after in (
        ["SELECT app.ticket_board()", "SELECT app.ticket_detail(%(id)s)"],
        ["SELECT app.ticket_board()"] * 2 + ["SELECT app.ticket_detail(%(id)s)"])

    window.tabs.setCurrentWidget(tickets)
    qtbot.waitUntil(lambda: bool(list_loads) and not tickets.model.is_loading, timeout=20_000)
    assert _status_in_list(tickets, ticket_id) == "in_repair"


def test_closing_a_ticket_tab_while_it_loads_is_clean(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    ticket_id = _new_ticket(qtbot, window)
    real_detail = queries.ticket_detail

    def slow_detail(conn: Any, tid: int) -> Any:
        time.sleep(0.5)  # the operator closes the tab before the answer comes
        return real_detail(conn, tid)

    monkeypatch.setattr(queries, "ticket_detail", slow_detail)
    shown: list[object] = []
    monkeypatch.setattr(TicketPage, "_show", lambda self, detail: shown.append(detail))
    page = window.open_ticket(ticket_id)
    tabs = window.tabs.count()
    assert window.close_tab(window.tabs.indexOf(page))
    assert window.tabs.count() == tabs - 1
    qtbot.waitUntil(lambda: not alive(page), timeout=5_000)
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)
    qtbot.wait(50)
    assert shown == []  # the answer for the closed tab was dropped, nothing raised


def test_another_counters_intake_reaches_the_board(qtbot: QtBot, window: MainWindow) -> None:
    """No operation of this window ran: the NOTIFY at commit alone reloads the board."""
    board = window.board
    assert board is not None and board.board is not None
    assert board.events.listener.listening.wait(10)
    received = board.board.received_today
    _new_ticket(qtbot, window)  # as another client would: not through an operation
    qtbot.waitUntil(lambda: board.board is not None
                    and board.board.received_today == received + 1, timeout=20_000)


def test_the_board_stops_without_waiting(qtbot: QtBot, window: MainWindow) -> None:
    board = window.board
    assert board is not None
    assert board.events.listener.listening.wait(10)
    started = time.monotonic()
    board.shutdown()
    assert time.monotonic() - started < 0.05
    qtbot.waitUntil(lambda: not board.events.is_running(), timeout=2_000)
