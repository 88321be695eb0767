"""The embedded default end to end: first start creates the server and the administrator,
the operator logs in, closing the client stops the server it started."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from aftersales_desktop.server.embedded import EmbeddedServer
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.startup import Startup


def test_first_run_creates_admin_and_logs_in(qtbot: QtBot, tmp_path: Path) -> None:
    install_language("en")
    root = tmp_path / "server"
    startup = Startup(data_dir=root)
    startup.begin()
    qtbot.waitUntil(lambda: startup.first_run is not None and startup.first_run.isVisible(),
                    timeout=120_000)
    server = EmbeddedServer(root)
    assert server.is_running()
    dialog = startup.first_run
    assert dialog is not None

    # bad input first: nothing is created
    dialog.password_edit.setText("short")
    dialog.confirm_edit.setText("short")
    dialog.submit()
    assert "at least 8" in dialog.feedback.summary.text()
    assert dialog.isVisible()
    dialog.code_edit.setText("owner")
    dialog.name_edit.setText("店长")
    dialog.password_edit.setText("Owner-pass-1")
    dialog.confirm_edit.setText("Owner-pass-2")
    dialog.submit()
    assert dialog.confirm_edit.property("invalid")

    dialog.confirm_edit.setText("Owner-pass-1")
    dialog.submit()
    qtbot.waitUntil(lambda: startup.login is not None and startup.login.isVisible(),
                    timeout=30_000)
    login = startup.login
    assert login is not None
    assert login.code_edit.text() == "owner"
    login.password_edit.setText("Owner-pass-1")
    login.attempt_login()
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible(),
                    timeout=30_000)
    window = startup.window
    assert window is not None
    assert window.session.name == "店长"
    assert "operators" in window.module_actions

    with qtbot.waitSignal(startup.finished, timeout=60_000):
        window.close()
    assert not server.is_running()


def test_demo_starts_with_demo_operators(qtbot: QtBot, tmp_path: Path) -> None:
    install_language("en")
    startup = Startup(demo=True, data_dir=tmp_path / "demo")
    startup.begin()
    qtbot.waitUntil(lambda: startup.login is not None and startup.login.isVisible(),
                    timeout=120_000)
    login = startup.login
    assert login is not None
    assert "demo1234" in login.hint_label.text()
    login.code_edit.setText("chenjie")
    login.password_edit.setText("demo1234")
    login.attempt_login()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=30_000)
    window = startup.window
    assert window is not None
    assert window.session.name == "陈杰"
    assert {"operators", "change_log", "login_history", "customers"} <= set(
        window.module_actions)
    with qtbot.waitSignal(startup.finished, timeout=60_000):
        window.close()
    assert not EmbeddedServer(tmp_path / "demo").is_running()
