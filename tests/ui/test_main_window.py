"""The main window shell: capabilities shape the menus, keys work, the link is watched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from aftersales_desktop.services.session import close_session, open_session
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.main_window import MainWindow
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import off_gui


@pytest.fixture
def make_window(qtbot: QtBot, cluster: TestCluster,
                shop_db: str) -> Iterator:  # type: ignore[type-arg]
    install_language("en")
    opened = []

    def make(capabilities: list[str] | None) -> MainWindow:
        code = cluster.create_operator(shop_db, capabilities=capabilities)
        database, session = off_gui(
            qtbot, lambda: open_session(cluster.profile(shop_db), code, TEST_PASSWORD))
        window = MainWindow(database, session)
        qtbot.addWidget(window)
        window.show()
        opened.append((window, database))
        return window

    yield make
    for _window, database in opened:
        off_gui(qtbot, lambda db=database: close_session(db))


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_menus_follow_capabilities(make_window) -> None:  # type: ignore[no-untyped-def]
    admin = make_window(None)
    clerk = make_window(["intake.create"])
    auditor = make_window(["log.view"])
    assert set(admin.module_actions) == {
        "operators", "change_log", "login_history", "customers", "catalogue", "warehouses",
        "staff", "regions", "service_settings", "dictionaries", "intake", "tickets",
        "preorders", "front_desk_settings", "stock_balances", "stock_documents",
        "stock_valuation", "requisitions", "stocktake", "opening_stock", "dispatches",
        "work_reports", "dispatch_board", "my_jobs", "review_queue",
        "complaints", "complaint_phone", "inquiry", "inquiries",
        # callbacks (cb-ui-due)
        "callback_due", "surveys", "callback_task_list", "callback_settings", "callback_stats",
        "dealer_import",
        # commissions (issue 14)
        "commission_adjustments", "commission_month", "my_commission",
        "commission_settings"}
    assert "&System" in _menu_titles(admin)
    assert set(clerk.module_actions) == {"customers", "intake", "tickets", "preorders",
                                         "complaint_phone", "inquiry", "inquiries"}
    assert "&System" not in _menu_titles(clerk)
    assert set(auditor.module_actions) == {"change_log", "login_history"}
    # nothing is shown disabled "for show"
    for window in (admin, clerk, auditor):
        for action in window.module_actions.values():
            assert action.isEnabled()


def test_opening_a_module_twice_reuses_its_tab(qtbot: QtBot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(["log.view"])
    window.module_actions["login_history"].trigger()
    window.module_actions["login_history"].trigger()
    assert window.tabs.count() == 2  # start page + one list
    assert window.close_tab(1)
    assert window.tabs.count() == 1
    assert not window.close_tab(0)  # the start page stays


def test_sensitive_toggle(qtbot: QtBot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(["log.view"])
    shown = window.sensitive_label.text()
    window.sensitive_action.trigger()
    assert window.sensitive_hidden
    assert window.sensitive_label.text() != shown
    window.sensitive_action.trigger()
    assert not window.sensitive_hidden


def test_lost_connection_bar(qtbot: QtBot, make_window, cluster: TestCluster,  # type: ignore[no-untyped-def]
                             shop_db: str) -> None:
    window = make_window(["log.view"])
    code = window.session.code
    # cut this operator's connections from the server side, as a dropped VPN would
    cluster.execute(shop_db, f'ALTER ROLE "{code}" NOLOGIN')
    cluster.execute(shop_db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE usename = %s", (code,))
    window.monitor.check_now()
    qtbot.waitUntil(lambda: window.connection_bar.isVisible(), timeout=20_000)
    assert window.link_label.text() == "Disconnected"
    cluster.execute(shop_db, f'ALTER ROLE "{code}" LOGIN')
    window.monitor.check_now()
    qtbot.waitUntil(lambda: not window.connection_bar.isVisible(), timeout=20_000)
    assert window.link_label.text() == "Connected"
