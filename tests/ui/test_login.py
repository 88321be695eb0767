"""Logging in through the real dialog against a real PostgreSQL, and its error messages."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aftersales_desktop.core import settings as store
from aftersales_desktop.server.embedded import free_port
from aftersales_desktop.services.session import close_session
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.login import LoginDialog
from aftersales_desktop.ui.main_window import MainWindow
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import off_gui


def _login(qtbot: QtBot, dialog: LoginDialog, code: str, password: str) -> None:
    dialog.show()
    dialog.code_edit.clear()
    if code.isascii():
        qtbot.keyClicks(dialog.code_edit, code)
    else:  # QTest types ASCII only; an input method would deliver this text at once
        dialog.code_edit.setText(code)
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def _wait_failed(qtbot: QtBot, dialog: LoginDialog) -> str:
    qtbot.waitUntil(lambda: dialog.login_button.isEnabled() and
                    "..." not in dialog.status_label.text(), timeout=20_000)
    assert dialog.outcome is None
    assert dialog.isVisible()
    return dialog.status_label.text()


@pytest.fixture
def english() -> None:
    install_language("en")


def test_login_shows_main_window(qtbot: QtBot, cluster: TestCluster, shop_db: str,
                                 english: None) -> None:
    code = cluster.create_operator(shop_db, capabilities=["log.view"], name="张敏")
    dialog = LoginDialog(profiles=[cluster.profile(shop_db)])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.focusWidget() in (dialog.code_edit, dialog.password_edit)
    _login(qtbot, dialog, code, TEST_PASSWORD)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
    database, session = dialog.outcome
    window = MainWindow(database, session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "张敏" in window.operator_label.text()
    assert "log.view" in session.capabilities
    assert set(window.module_actions) == {"change_log", "login_history"}
    # the code (not the password) is remembered for next time
    assert store.last_operator("test") == code
    assert store.remembered_password(cluster.profile(shop_db), code) is None
    window.monitor.stop()
    off_gui(qtbot, lambda: close_session(database))


def test_remember_password_uses_keyring_only(qtbot: QtBot, cluster: TestCluster, shop_db: str,
                                             english: None) -> None:
    code = cluster.create_operator(shop_db, capabilities=[])
    profile = cluster.profile(shop_db)
    dialog = LoginDialog(profiles=[profile])
    qtbot.addWidget(dialog)
    dialog.remember_box.setChecked(True)
    _login(qtbot, dialog, code, TEST_PASSWORD)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
    database = dialog.outcome[0]
    off_gui(qtbot, lambda: close_session(database))
    assert store.remembered_password(profile, code) == TEST_PASSWORD
    again = LoginDialog(profiles=[profile])
    qtbot.addWidget(again)
    assert again.code_edit.text() == code
    assert again.password_edit.text() == TEST_PASSWORD
    assert again.remember_box.isChecked()
    from PySide6.QtCore import QSettings

    stored = " ".join(str(QSettings().value(k)) for k in QSettings().allKeys())
    assert TEST_PASSWORD not in stored


def test_wrong_password_message(qtbot: QtBot, cluster: TestCluster, shop_db: str,
                                english: None) -> None:
    code = cluster.create_operator(shop_db, capabilities=[])
    dialog = LoginDialog(profiles=[cluster.profile(shop_db)])
    qtbot.addWidget(dialog)
    dialog.show()
    _login(qtbot, dialog, code, "wrong-password")
    assert "Wrong operator code or password" in _wait_failed(qtbot, dialog)
    assert dialog.focusWidget() is dialog.password_edit


def test_stopped_server_message(qtbot: QtBot, cluster: TestCluster, shop_db: str,
                                english: None) -> None:
    profile = replace(cluster.profile(shop_db), port=free_port(), connect_timeout_s=3)
    dialog = LoginDialog(profiles=[profile])
    qtbot.addWidget(dialog)
    _login(qtbot, dialog, "zhangmin", TEST_PASSWORD)
    text = _wait_failed(qtbot, dialog)
    assert "cannot be reached" in text and str(profile.port) in text


def test_outdated_schema_message(qtbot: QtBot, cluster: TestCluster, shop_db: str,
                                 english: None) -> None:
    code = cluster.create_operator(shop_db, capabilities=[])
    empty = cluster.create_database(migrate=False)
    dialog = LoginDialog(profiles=[cluster.profile(empty)])
    qtbot.addWidget(dialog)
    _login(qtbot, dialog, code, TEST_PASSWORD)
    assert "aftersales-server upgrade" in _wait_failed(qtbot, dialog)


def test_bad_code_is_refused_before_connecting(qtbot: QtBot, cluster: TestCluster,
                                               shop_db: str, english: None) -> None:
    dialog = LoginDialog(profiles=[cluster.profile(shop_db)])
    qtbot.addWidget(dialog)
    _login(qtbot, dialog, "张 敏", TEST_PASSWORD)
    assert "operator code" in dialog.status_label.text()
    assert dialog.code_edit.property("invalid")
    assert dialog.login_button.isEnabled()


def test_messages_in_chinese(qtbot: QtBot, cluster: TestCluster, shop_db: str) -> None:
    assert install_language("zh_CN")
    try:
        code = cluster.create_operator(shop_db, capabilities=[])
        dialog = LoginDialog(profiles=[cluster.profile(shop_db)])
        qtbot.addWidget(dialog)
        assert dialog.login_button.text() == "登录"
        _login(qtbot, dialog, code, "wrong-password")
        assert "密码" in _wait_failed(qtbot, dialog)
    finally:
        install_language("en")


def test_enter_logs_in_after_a_wrong_password(qtbot: QtBot, cluster: TestCluster, shop_db: str,
                                              english: None) -> None:
    # A failed attempt disables the buttons while it runs; Qt then made 退出 (Quit) the
    # default button, so the right password + Enter quit the application.
    code = cluster.create_operator(shop_db, capabilities=[])
    dialog = LoginDialog(profiles=[cluster.profile(shop_db)])
    qtbot.addWidget(dialog)
    _login(qtbot, dialog, code, "wrong-password")
    _wait_failed(qtbot, dialog)
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, TEST_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.isVisible(), "Enter quit the login window"
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
    assert dialog.result() == dialog.DialogCode.Accepted
    off_gui(qtbot, lambda: close_session(dialog.outcome[0]))
