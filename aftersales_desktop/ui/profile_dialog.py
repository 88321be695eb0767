"""Edit one server profile: where the shop database is and how to reach it safely."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.core.profile import DEFAULT_DATABASE, SSL_MODES, ConnectionProfile

from .dialog_form import form, ok_cancel, stack
from .forms import FieldFeedback
from .i18n import tr


def ssl_mode_label(mode: str) -> str:
    labels = {
        "disable": tr("No encryption (server on this computer only)"),
        "prefer": tr("Encrypt if the server can"),
        "require": tr("Always encrypt"),
        "verify-ca": tr("Encrypt and check the shop's CA"),
        "verify-full": tr("Encrypt, check CA and server name (remote / VPN)"),
    }
    return labels.get(mode, mode)


class ProfileDialog(QDialog):
    """Create or edit a server profile; never asks for or stores a password."""

    def __init__(self, *, profile: ConnectionProfile | None = None,
                 existing: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Server connection"))
        self.profile: ConnectionProfile | None = None
        self._existing = set(existing or [])
        base = profile or ConnectionProfile(name="", host="", sslmode="verify-full")

        self.name_edit = QLineEdit(base.name)
        self.host_edit = QLineEdit(base.host)
        self.host_edit.setPlaceholderText(tr("e.g. 192.168.1.10 or server.shop.lan"))
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(base.port)
        self.database_edit = QLineEdit(base.database or DEFAULT_DATABASE)
        self.ssl_combo = QComboBox()
        for mode in SSL_MODES:
            self.ssl_combo.addItem(ssl_mode_label(mode), mode)
        self.ssl_combo.setCurrentIndex(SSL_MODES.index(base.sslmode))
        self.ca_edit = QLineEdit(base.sslrootcert)
        browse = QPushButton(tr("Browse..."))
        browse.clicked.connect(self._browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(browse)

        note = QLabel(tr("Passwords are never stored here. Remote and VPN connections should use "
                         "\"Encrypt, check CA and server name\" with the shop's CA file."))
        note.setWordWrap(True)
        summary = QLabel()
        self.feedback = FieldFeedback({"name": self.name_edit, "host": self.host_edit,
                                       "database": self.database_edit, "ca": self.ca_edit}, summary)
        stack(self, form([(tr("Server name") + " *", self.name_edit),
                          (tr("Server address") + " *", self.host_edit),
                          (tr("Port"), self.port_spin), (tr("Database"), self.database_edit),
                          (tr("Encryption"), self.ssl_combo),
                          (tr("CA certificate file"), ca_row)]),
              note, summary,
              ok_cancel(self, on_ok=self.save, ok=QDialogButtonBox.StandardButton.Save))
        self.name_edit.setFocus()

    def _browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("CA certificate file"), "",
                                              tr("Certificates (*.crt *.pem);;All files (*)"))
        if path:
            self.ca_edit.setText(path)

    def validate(self) -> list[ValidationError]:
        errors = []
        name = self.name_edit.text().strip()
        if not name:
            errors.append(ValidationError("name", QT_TR_NOOP("Enter a name for this server.")))
        elif name in self._existing or name == "embedded":
            errors.append(ValidationError("name", QT_TR_NOOP("A server named {name} already "
                                                             "exists."), name=name))
        host = self.host_edit.text().strip()
        if not host or " " in host:
            errors.append(ValidationError("host", QT_TR_NOOP("Enter the server's address.")))
        if not self.database_edit.text().strip():
            errors.append(ValidationError("database", QT_TR_NOOP("Enter the database name.")))
        mode = self.ssl_combo.currentData()
        if mode in ("verify-ca", "verify-full") and not self.ca_edit.text().strip():
            errors.append(ValidationError("ca", QT_TR_NOOP(
                "Choose the shop's CA certificate file to check the server.")))
        return errors

    def save(self) -> None:
        errors = self.validate()
        if errors:
            self.feedback.show(errors)
            return
        self.profile = ConnectionProfile(
            name=self.name_edit.text().strip(), host=self.host_edit.text().strip(),
            port=self.port_spin.value(), database=self.database_edit.text().strip(),
            sslmode=str(self.ssl_combo.currentData()), sslrootcert=self.ca_edit.text().strip(),
        )
        self.accept()
