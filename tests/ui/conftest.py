"""GUI tests: offscreen, isolated QSettings, and no database call allowed on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from aftersales_desktop import APP_NAME
from aftersales_desktop.core.db import forbid_database_on_thread
from aftersales_desktop.core.work import running_tasks


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["aftersales-tests"]


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp: QApplication) -> Iterator[None]:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    qapp.setOrganizationName(APP_NAME)
    qapp.setApplicationName(APP_NAME + "-tests")
    yield


@pytest.fixture(autouse=True)
def gui_thread_has_no_database(qtbot) -> Iterator[None]:  # type: ignore[no-untyped-def]
    forbid_database_on_thread(threading.main_thread())
    try:
        yield
        # let workers started by the test deliver before the next test begins
        qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30_000)
    finally:
        forbid_database_on_thread(None)
