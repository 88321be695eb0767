"""From launch to main window: embedded server, first administrator, login, logout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog

from aftersales_desktop.core import settings as store
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.paths import embedded_server_dir
from aftersales_desktop.core.profile import ConnectionProfile
from aftersales_desktop.server import provision
from aftersales_desktop.server.embedded import EmbeddedServer
from aftersales_desktop.services import demo as demo_data
from aftersales_desktop.services.session import OperatorSession, close_session, open_session

from .first_run import CreateAdministratorDialog
from .i18n import tr
from .login import LoginDialog
from .main_window import MainWindow
from .messages import show_error
from .operations import Operation


class Startup(QObject):
    """Owns the embedded server this client started and the current session."""

    finished = Signal()

    def __init__(self, *, demo: bool = False, data_dir: Path | None = None) -> None:
        super().__init__()
        self.demo = demo
        self.server = EmbeddedServer(data_dir or embedded_server_dir(demo=demo))
        self.started_server = False
        self.window: MainWindow | None = None
        self.login: LoginDialog | None = None
        self.first_run: CreateAdministratorDialog | None = None
        self.database: Database | None = None
        self._progress: QProgressDialog | None = None

    # -- embedded server -------------------------------------------------------
    def _wants_embedded(self) -> bool:
        return (self.demo or not store.load_profiles()
                or store.last_profile_name() == store.EMBEDDED_PROFILE)

    def begin(self) -> None:
        if self._wants_embedded():
            self._show_progress(tr("Starting the built-in database..."))
            Operation(parent=self, work=self._prepare_embedded,
                      success=self._embedded_ready).failure(
                          self._fatal).with_progress().run_in_background()
        else:
            self.show_login()

    def _prepare_embedded(self) -> bool:
        """Worker: init on first run, start, migrate; True when an administrator is needed."""
        if not self.server.initialized:
            self.server.init()
        if not self.server.is_running():
            self.server.start()
            self.started_server = True
        provision.prepare(self.server)
        dsn = self.server.superuser_dsn()
        if self.demo:
            demo_data.load_demo_dsn(dsn)
            return False
        return provision.needs_administrator(dsn)

    def _embedded_ready(self, needs_admin: bool) -> None:
        self._hide_progress()
        if not needs_admin:
            self.show_login()
            return
        dialog = CreateAdministratorDialog(create=self._create_admin)
        dialog.accepted.connect(lambda: self.show_login(preset_code=dialog.created_code))
        dialog.rejected.connect(self.shut_down)
        self.first_run = dialog
        dialog.open()

    def _create_admin(self, code: str, name: str, password: str) -> str:
        return provision.create_administrator(self.server.superuser_dsn(), code=code, name=name,
                                              password=password)

    def _open(self, profile: ConnectionProfile, code: str,
              password: str) -> tuple[Database, OperatorSession]:
        """Worker: start the embedded server on demand, then log in."""
        if profile.embedded and not self.server.is_running():
            self.server.start()
            self.started_server = True
            provision.prepare(self.server)
        return open_session(profile, code, password)

    def _profiles(self) -> list[ConnectionProfile]:
        profiles = []
        if self.server.initialized:
            profiles.append(self.server.profile(store.EMBEDDED_PROFILE))
        if not self.demo:
            profiles += store.load_profiles()
        return profiles

    # -- login / main window -----------------------------------------------------
    def show_login(self, preset_code: str = "") -> None:
        hint = ""
        if self.demo:
            hint = tr("Demo shop: log in as admin, zhangmin (counter), chenjie (manager) or lina "
                      "(warehouse); password {password}").format(password=demo_data.DEMO_PASSWORD)
        self.login = LoginDialog(profiles=self._profiles(), demo_hint=hint,
                                 preset_code=preset_code, opener=self._open)
        self.login.logged_in.connect(self._logged_in)
        self.login.rejected.connect(self.shut_down)
        self.login.language_changed.connect(self._relabel_login)
        self.login.show()

    def _relabel_login(self) -> None:
        """The language changed on the login window: the same window again, in it."""
        old = self.login
        if old is None:
            return
        old.rejected.disconnect(self.shut_down)
        old.hide()
        old.deleteLater()
        self.show_login(preset_code=old.code_edit.text())
        if self.login is not None:
            self.login.move(old.pos())

    def _logged_in(self, database: Database, session: OperatorSession) -> None:
        self.database = database
        self.window = MainWindow(database, session)
        self.window.logout_requested.connect(self._logout)
        self.window.closed.connect(self.shut_down)
        self.window.show()
        Operation(parent=self, work=database.prewarm).failure(
            lambda _e: None).run_in_background()

    def _logout(self) -> None:
        database, self.database = self.database, None
        if database is not None:
            Operation(parent=self, work=lambda: close_session(database)).failure(
                lambda _e: None).run_in_background()
        self.window = None
        self.show_login()

    # -- shutting down -----------------------------------------------------------
    def shut_down(self) -> None:
        database, self.database = self.database, None

        def work() -> None:
            if database is not None:
                close_session(database)
            if self.started_server:
                self.server.stop()

        Operation(parent=self, work=work, success=lambda _r: self.finished.emit()).failure(
            lambda _e: self.finished.emit()).run_in_background()

    def _fatal(self, exc: BaseException) -> None:
        self._hide_progress()
        show_error(None, exc, title=tr("The built-in database could not start"))
        self.shut_down()

    def _show_progress(self, text: str) -> None:
        self._progress = QProgressDialog(text, "", 0, 0)
        self._progress.setCancelButton(None)
        self._progress.setWindowTitle(tr("After-sales Desktop"))
        self._progress.setMinimumDuration(300)
        self._progress.setWindowModality(Qt.WindowModality.ApplicationModal)

    def _hide_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress = None
