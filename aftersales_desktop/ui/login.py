"""The login dialog: choose a server, type operator code and password."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop import __version__
from aftersales_desktop.core import settings as store
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError, WrongPassword
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.core.profile import ConnectionProfile
from aftersales_desktop.domain.operators import normalize_code
from aftersales_desktop.services.session import OperatorSession, open_session

from .forms import FieldFeedback
from .i18n import LANGUAGES, choose_language, chosen_language, tr
from .messages import error_text
from .operations import Operation
from .profile_dialog import ProfileDialog

Opener = Callable[[ConnectionProfile, str, str], tuple[Database, OperatorSession]]


class LoginDialog(QDialog):
    """Logs an operator in with their own PostgreSQL role; the result is in `.outcome`."""

    logged_in = Signal(object, object)  # Database, OperatorSession
    language_changed = Signal(str)  # chosen, saved and installed; rebuild the dialog

    def __init__(self, *, profiles: list[ConnectionProfile], demo_hint: str = "",
                 preset_code: str = "", opener: Opener = open_session,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("After-sales Desktop - Log in"))
        self.setMinimumWidth(420)
        self.outcome: tuple[Database, OperatorSession] | None = None
        self._opener = opener
        self._given = list(profiles)  # offered by the caller (the built-in server, tests)
        self._busy = False
        self._focus_before: QWidget | None = None

        title = QLabel(tr("After-sales Desktop"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel(tr("Repair shop service management, version {version}").format(
            version=__version__))
        subtitle.setStyleSheet("color: palette(mid);")
        self.language_combo = QComboBox()
        for language, name in LANGUAGES.items():
            self.language_combo.addItem(name, language)
        self.language_combo.setCurrentIndex(self.language_combo.findData(chosen_language()))
        self.language_combo.setToolTip(tr("Language"))
        self.language_combo.currentIndexChanged.connect(
            lambda: self._language_picked(str(self.language_combo.currentData())))
        title_row = QHBoxLayout()
        title_row.addWidget(title, 1)
        title_row.addWidget(self.language_combo, 0, Qt.AlignmentFlag.AlignTop)

        self.profile_combo = QComboBox()
        self.profile_button = QToolButton()
        self.profile_button.setText(tr("Servers..."))
        self.profile_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.profile_button)
        menu.addAction(tr("Add a server..."), self._add_profile)
        self.edit_profile_action = menu.addAction(tr("Edit this server..."), self._edit_profile)
        self.remove_profile_action = menu.addAction(tr("Remove this server"), self._remove_profile)
        self.profile_button.setMenu(menu)
        server_row = QHBoxLayout()
        server_row.addWidget(self.profile_combo, 1)
        server_row.addWidget(self.profile_button)

        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(tr("e.g. zhangmin"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_box = QCheckBox(tr("Remember my password on this computer"))

        form = QFormLayout()
        form.addRow(tr("Server"), server_row)
        form.addRow(tr("Operator code"), self.code_edit)
        form.addRow(tr("Password"), self.password_edit)
        form.addRow("", self.remember_box)

        self.status_label = QLabel()
        self.feedback = FieldFeedback({"code": self.code_edit, "password": self.password_edit},
                                      self.status_label)
        self.hint_label = QLabel(demo_hint)
        self.hint_label.setVisible(bool(demo_hint))
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #2f6f3e;")

        self.buttons = QDialogButtonBox()
        self.login_button = self.buttons.addButton(tr("Log in"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = self.buttons.addButton(tr("Quit"),
                                                  QDialogButtonBox.ButtonRole.RejectRole)
        # Enter always means "log in" (keyPressEvent), whatever has focus: no button may
        # become the default by taking focus. While a login runs the fields are disabled,
        # focus fell to 退出, and an auto-default 退出 then took the next Enter and quit.
        for button in (self.login_button, self.quit_button):
            button.setAutoDefault(False)
        self.login_button.setDefault(True)
        self.buttons.accepted.connect(self.attempt_login)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addWidget(subtitle)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

        self._reload_profiles(store.last_profile_name())
        self.profile_combo.currentIndexChanged.connect(self._profile_changed)
        self._profile_changed()
        if preset_code:
            self.code_edit.setText(preset_code)
        self.code_edit.returnPressed.connect(self.password_edit.setFocus)
        (self.password_edit if self.code_edit.text() else self.code_edit).setFocus()

    def _language_picked(self, language: str) -> None:
        choose_language(language)
        self.language_changed.emit(language)

    # -- profiles ------------------------------------------------------------
    def _all_profiles(self) -> list[ConnectionProfile]:
        given = {p.name for p in self._given}
        return self._given + [p for p in store.load_profiles() if p.name not in given]

    def _is_stored(self, profile: ConnectionProfile | None) -> bool:
        return profile is not None and any(p.name == profile.name for p in store.load_profiles())

    def _reload_profiles(self, select: str) -> None:
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        for profile in self._all_profiles():
            label = (tr("This computer (built-in database)") if profile.embedded
                     else f"{profile.name}  ({profile.server_label})")
            self.profile_combo.addItem(label, profile)
        index = next((i for i in range(self.profile_combo.count())
                      if self.profile_combo.itemData(i).name == select), 0)
        self.profile_combo.setCurrentIndex(index)
        self.profile_combo.blockSignals(False)

    def current_profile(self) -> ConnectionProfile | None:
        data = self.profile_combo.currentData()
        return data if isinstance(data, ConnectionProfile) else None

    def _profile_changed(self) -> None:
        profile = self.current_profile()
        editable = self._is_stored(profile)
        self.edit_profile_action.setEnabled(editable)
        self.remove_profile_action.setEnabled(editable)
        if profile is None:
            return
        code = store.last_operator(profile.name)
        self.code_edit.setText(code)
        remembered = store.remembered_password(profile, code) if code else None
        self.password_edit.setText(remembered or "")
        self.remember_box.setChecked(remembered is not None)

    def _add_profile(self) -> None:
        dialog = ProfileDialog(existing=[p.name for p in self._all_profiles()], parent=self)
        if dialog.exec() and dialog.profile is not None:
            self._store_profiles([*store.load_profiles(), dialog.profile], dialog.profile.name)

    def _edit_profile(self) -> None:
        current = self.current_profile()
        if current is None or not self._is_stored(current):
            return
        dialog = ProfileDialog(profile=current, parent=self,
                               existing=[p.name for p in self._all_profiles()
                                         if p.name != current.name])
        if dialog.exec() and dialog.profile is not None:
            self._store_profiles([dialog.profile if p.name == current.name else p
                                  for p in store.load_profiles()], dialog.profile.name)

    def _remove_profile(self) -> None:
        current = self.current_profile()
        if current is None or not self._is_stored(current):
            return
        self._store_profiles([p for p in store.load_profiles() if p.name != current.name],
                             store.EMBEDDED_PROFILE)

    def _store_profiles(self, profiles: list[ConnectionProfile], select: str) -> None:
        store.save_profiles(profiles)
        self._reload_profiles(select)
        self._profile_changed()

    # -- logging in -----------------------------------------------------------
    def attempt_login(self) -> None:
        if self._busy:
            return
        self.feedback.clear()
        profile = self.current_profile()
        if profile is None:
            self.feedback.show_message(tr("Add a server first (Servers... > Add a server)."))
            return
        try:
            code = normalize_code(self.code_edit.text())
        except ValidationError as exc:
            self.feedback.show([exc])
            return
        password = self.password_edit.text()
        if not password:
            self.feedback.show([ValidationError("password", QT_TR_NOOP("Enter your password."))])
            return
        self._set_busy(True)
        self.status_label.setStyleSheet("")
        self.status_label.setText(tr("Connecting to {server}...").format(
            server=profile.server_label))
        self.status_label.show()
        Operation(parent=self, work=lambda: self._opener(replace(profile), code, password),
                  success=lambda result: self._logged_in(profile, code, password, result),
                  ).failure(self._failed).with_progress().run_in_background()

    def _set_busy(self, busy: bool) -> None:
        if busy:
            self._focus_before = self.focusWidget()
        self._busy = busy
        for widget in (self.code_edit, self.password_edit, self.profile_combo,
                       self.profile_button, self.login_button, self.remember_box):
            widget.setEnabled(not busy)

    def _logged_in(self, profile: ConnectionProfile, code: str, password: str,
                   result: tuple[Database, OperatorSession]) -> None:
        self._set_busy(False)
        store.set_last_profile_name(profile.name)
        store.set_last_operator(profile.name, code)
        store.remember_password(profile, code, password if self.remember_box.isChecked() else None)
        self.outcome = result
        self.logged_in.emit(*result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status_label.setStyleSheet("color: #d9363e;")
        self.status_label.setText(error_text(exc))
        self.status_label.show()
        if isinstance(exc, WrongPassword):
            self.password_edit.selectAll()
            self.password_edit.setFocus()
        elif self._focus_before is not None:
            self._focus_before.setFocus()  # not 退出, where the disabled fields left it

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # Enter in the code field moves on; anywhere else it logs in (never quits).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.code_edit.hasFocus():
                self.password_edit.setFocus()
            else:
                self.attempt_login()
            return
        super().keyPressEvent(event)
