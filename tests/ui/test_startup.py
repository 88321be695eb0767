"""The embedded default end to end: first start creates the server and the administrator,
the operator logs in, closing the client stops the server it started."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import PySide6
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase, QRawFont
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from aftersales_desktop.server.embedded import EmbeddedServer
from aftersales_desktop.services import self_check
from aftersales_desktop.ui import app, chinese_font, qt_libraries
from aftersales_desktop.ui.i18n import SETTINGS_KEY, chosen_language, install_language, tr
from aftersales_desktop.ui.startup import Startup

W = TypeVar("W", bound=QWidget)


def shown(qtbot: QtBot, widget: Callable[[], W | None], timeout: int) -> W:
    """Wait until the startup has shown `widget()` and return it."""
    qtbot.waitUntil(lambda: (w := widget()) is not None and w.isVisible(), timeout=timeout)
    found = widget()
    assert found is not None
    return found


def test_first_run_creates_admin_and_logs_in(qtbot: QtBot, tmp_path: Path) -> None:
    install_language("en")
    root = tmp_path / "server"
    startup = Startup(data_dir=root)
    startup.begin()
    dialog = shown(qtbot, lambda: startup.first_run, timeout=120_000)
    server = EmbeddedServer(root)
    assert server.is_running()

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
    login = shown(qtbot, lambda: startup.login, timeout=30_000)
    assert login.code_edit.text() == "owner"
    login.password_edit.setText("Owner-pass-1")
    login.attempt_login()
    window = shown(qtbot, lambda: startup.window, timeout=30_000)
    assert window.session.name == "店长"
    assert "operators" in window.module_actions

    with qtbot.waitSignal(startup.finished, timeout=60_000):
        window.close()
    assert not server.is_running()


def test_demo_starts_with_demo_operators(qtbot: QtBot, tmp_path: Path) -> None:
    install_language("en")
    startup = Startup(demo=True, data_dir=tmp_path / "demo")
    startup.begin()
    login = shown(qtbot, lambda: startup.login, timeout=120_000)
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


# -- a new machine ---------------------------------------------------------------------

def _python(code: str, tmp_path: Path, **env: str) -> str:
    """Run `code` in a fresh interpreter with its own (empty) settings and the given locale."""
    environ = {key: value for key, value in os.environ.items()
               if not key.startswith(("LC_", "LANG"))}
    environ.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"), **env)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=environ, timeout=120, check=True, cwd=Path(__file__).parents[2])
    return run.stdout.strip()


@pytest.mark.parametrize(("locale", "language"), [
    ("C.UTF-8", "zh_CN"), ("de_DE.UTF-8", "zh_CN"), ("zh_CN.UTF-8", "zh_CN"),
    ("en_US.UTF-8", "en"),
])
def test_the_client_starts_in_chinese_unless_the_system_is_english(
        tmp_path: Path, locale: str, language: str) -> None:
    code = ("from PySide6.QtCore import QCoreApplication as A; a = A(['x']); "
            "a.setOrganizationName('AftersalesDesktopTests'); "
            "from aftersales_desktop.ui.i18n import chosen_language; print(chosen_language())")
    assert _python(code, tmp_path, LANG=locale, LC_ALL=locale) == language


def test_the_language_is_chosen_on_the_login_window(qtbot: QtBot, tmp_path: Path) -> None:
    install_language("zh_CN")
    startup = Startup(data_dir=tmp_path / "no-server")
    startup.show_login()
    first = startup.login
    assert first is not None
    qtbot.addWidget(first)
    assert first.login_button.text() == tr("Log in") != "Log in"
    first.code_edit.setText("zhangmin")
    try:
        with qtbot.assertNotEmitted(startup.finished):
            first.language_combo.setCurrentIndex(first.language_combo.findData("en"))
            qtbot.waitUntil(lambda: startup.login is not first, timeout=5_000)
        again = startup.login
        assert again is not None
        qtbot.addWidget(again)
        assert again.isVisible() and not first.isVisible()
        assert again.login_button.text() == "Log in"
        assert again.code_edit.text() == "zhangmin"  # what was typed stays
        assert again.language_combo.currentData() == "en"
        assert QSettings().value(SETTINGS_KEY) == "en" and chosen_language() == "en"
    finally:
        install_language("en")


def test_missing_x11_libraries_are_named_in_one_line(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the xcb plugin is Linux's")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(qt_libraries, "missing_xcb_libraries",
                        lambda: ["libxcb-cursor.so.0", "libxcb-icccm.so.4"])
    assert app.main([]) == 1  # before any window, and before Qt's own abort
    (line,) = capsys.readouterr().err.splitlines()
    assert "libxcb-cursor.so.0" in line and "apt-get install libxcb-cursor0 libxcb-icccm4" in line


@pytest.mark.parametrize(("environ", "platform", "checked"), [
    ({}, "linux", True),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({}, "win32", False),
])
def test_the_x11_check_runs_only_where_qt_would_use_xcb(
        environ: dict[str, str], platform: str, checked: bool) -> None:
    assert qt_libraries.wants_xcb(environ, platform) is checked


def test_the_x11_list_is_what_the_xcb_plugin_links_against() -> None:
    """Read the plugin's own dependencies (ldd): our list misses none, and what this
    machine lacks is what the check reports."""
    if shutil.which("ldd") is None or not sys.platform.startswith("linux"):
        pytest.skip("needs Linux's ldd")
    qt = Path(PySide6.__file__).parent / "Qt"
    linked: dict[str, bool] = {}
    for library in (qt / "plugins" / "platforms" / "libqxcb.so", *qt.glob("lib/libQt6XcbQpa.so*")):
        out = subprocess.run(["ldd", str(library)], capture_output=True, text=True,
                             check=True).stdout
        for line in out.splitlines():
            name, _, where = line.strip().partition(" => ")
            if name.startswith(("libxcb", "libX11-xcb", "libxkbcommon")):
                linked[name] = "not found" not in where
    assert "libxcb-cursor.so.0" in linked
    assert set(linked) <= set(qt_libraries.XCB_LIBRARIES)
    absent = {name for name, found in linked.items() if not found}
    assert absent <= set(qt_libraries.missing_xcb_libraries())


def test_self_check_passes_on_this_install(tmp_path: Path) -> None:
    out = _python("from aftersales_desktop.ui.app import main; raise SystemExit(main(["
                  "'--self-check']))", tmp_path, QT_QPA_PLATFORM="offscreen")
    assert "self-check ok" in out
    modules = int(out.split("(")[1].split(" modules")[0])
    assert modules == len(self_check.all_modules()) > 50


def test_windows_write_chinese_on_a_machine_without_a_chinese_font() -> None:
    had_one = chinese_font.has_chinese_font()
    assert chinese_font.ensure_chinese_font()
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not had_one:  # this machine: the shipped font is what Qt falls back on
        assert "Aftersales Sans SC" in families
    raw = QRawFont.fromFont(QFont("Aftersales Sans SC" if not had_one else families[0]),
                            QFontDatabase.WritingSystem.SimplifiedChinese)
    assert raw.isValid() and all(raw.supportsCharacter(ord(c)) for c in "维修接机单")
