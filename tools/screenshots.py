"""Render the main screens (zh_CN) to docs/screenshots/ from a throw-away demo shop.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py

Needs a CJK font (Debian: fonts-noto-cjk) so the Chinese text renders; on a machine
without one, name a font file (e.g. wqy-microhei.ttc taken out of its .deb) in
AFTERSALES_SCREENSHOT_FONT and the screenshots use it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from aftersales_desktop import APP_NAME
from aftersales_desktop.core.db import forbid_database_on_thread
from aftersales_desktop.core.errors import WrongPassword
from aftersales_desktop.server import provision
from aftersales_desktop.server.embedded import EmbeddedServer
from aftersales_desktop.services import demo
from aftersales_desktop.services.session import close_session, open_session

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def wait(app: QApplication, condition, timeout_ms: int = 20_000) -> None:  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("screen did not settle")
        app.processEvents()
        time.sleep(0.02)


def save(widget: QWidget, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")


def screenshot_font() -> str:
    """The family to render with: the font file named in AFTERSALES_SCREENSHOT_FONT, else
    the system's Noto Sans CJK SC."""
    path = os.environ.get("AFTERSALES_SCREENSHOT_FONT")
    if path:
        families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(path))
        if families:
            return families[0]
        print(f"cannot load the font {path}", file=sys.stderr)
    return "Noto Sans CJK SC"


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="aftersales-shots-"))
    server = EmbeddedServer(tmp / "server")
    server.init()
    provision.prepare(server)
    demo.load_demo_dsn(server.superuser_dsn())

    app = QApplication([sys.argv[0]])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "cfg"))
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setFont(QFont(screenshot_font(), 10))
    from aftersales_desktop.ui.i18n import install_language
    from aftersales_desktop.ui.login import LoginDialog
    from aftersales_desktop.ui.main_window import MainWindow
    from aftersales_desktop.ui.modules import MODULES

    install_language("zh_CN")
    forbid_database_on_thread(threading.main_thread())
    try:
        profile = server.profile("embedded")
        login = LoginDialog(profiles=[profile], preset_code="zhangmin",
                            demo_hint="演示账号: admin / zhangmin / chenjie, 密码 demo1234")
        login.password_edit.setText("demo1234")
        login.show()
        app.processEvents()
        save(login, "login")
        login.close()

        forbid_database_on_thread(None)
        # two failed attempts, which the login history shows (read from the server log)
        for code in ("zhangmin", "zhangming"):
            with contextlib.suppress(WrongPassword):
                open_session(profile, code, "not-the-password")
        database, session = open_session(profile, "admin", demo.DEMO_PASSWORD)
        forbid_database_on_thread(threading.main_thread())
        window = MainWindow(database, session)
        window.resize(1280, 760)
        window.show()
        app.processEvents()
        save(window, "main-window")
        view = window.open_module(next(m for m in MODULES if m.key == "login_history"))
        model = getattr(view, "model", None)
        wait(app, lambda: model is not None and model.rowCount() > 0)
        QTimer.singleShot(0, lambda: None)
        app.processEvents()
        save(window, "login-history")
        modules = {m.key: m for m in MODULES}
        operators_page = window.open_module(modules["operators"])
        wait(app, lambda: operators_page.isEnabled())
        operators_page.load("zhangmin")
        wait(app, lambda: operators_page.details is not None)
        wait(app, lambda: operators_page.list.model.rowCount() > 0)
        app.processEvents()
        save(window, "operators")
        log_page = window.open_module(modules["change_log"])
        wait(app, lambda: log_page.list.model.rowCount() > 0)
        log_page.list.table.setCurrentIndex(log_page.list.model.index(0, 0))
        wait(app, lambda: log_page.entry is not None)
        app.processEvents()
        save(window, "change-log")
        customers = window.open_module(modules["customers"])
        wait(app, lambda: customers.isEnabled() and customers.list.model.rowCount() > 0)
        customers.load(customers.list.model.key_at(0))
        wait(app, lambda: customers.record is not None)
        app.processEvents()
        save(window, "customers")
        catalogue = window.open_module(modules["catalogue"])
        wait(app, lambda: catalogue.list.model.rowCount() > 0)
        catalogue.load(catalogue.list.model.key_at(0))
        wait(app, lambda: catalogue.record is not None)
        app.processEvents()
        save(window, "catalogue")
        intake = window.open_module(modules["intake"])
        wait(app, lambda: intake.context is not None)
        name_column = customers.list.model.source.index_of("name")
        intake.search.setText(str(customers.list.model.row_values(0)[name_column]))
        intake._lookup()
        wait(app, lambda: intake.matches.isVisible() and intake.matches.count() > 0)
        intake.matches.itemActivated.emit(intake.matches.item(0))
        intake.fault.setCurrentText("不制冷")
        intake.accessories.setCurrentText("遥控器")
        app.processEvents()
        save(window, "intake")
        tickets = window.open_module(modules["tickets"])
        wait(app, lambda: tickets.model.rowCount() > 0)
        wait(app, lambda: window.board is not None and window.board.board is not None)
        app.processEvents()
        save(window, "tickets")
        summary = tickets.summary
        assert summary is not None
        summary.set_group_by(["status", "urgent"])
        tickets.set_summary_mode(True)
        wait(app, lambda: summary.model.rowCount() > 0)
        app.processEvents()
        save(window, "ticket-summary")
        tickets.set_summary_mode(False)
        tickets.set_column_filter("status", "ready")
        wait(app, lambda: tickets.model.rowCount() > 0 and not tickets.model.is_loading)
        page = window.open_ticket(int(tickets.model.key_at(0)))
        wait(app, lambda: page.detail is not None)
        app.processEvents()
        save(window, "ticket")
        intake.clear()  # else closing asks about its unsaved form
        window.monitor.stop()
        forbid_database_on_thread(None)
        close_session(database)
        window.close()
    finally:
        forbid_database_on_thread(None)
        server.destroy()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
