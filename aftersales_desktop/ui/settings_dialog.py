"""Workstation settings: the interface language (server profiles live on the login dialog)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QWidget,
)

from .dialog_form import form, ok_cancel, stack
from .i18n import LANGUAGES, SETTINGS_KEY, chosen_language, install_language, tr


class SettingsDialog(QDialog):
    """Language choice; applied now for new windows and fully on the next start."""

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Settings"))
        self.language_combo = QComboBox()
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        current = chosen_language()
        self.language_combo.setCurrentIndex(list(LANGUAGES).index(current))
        note = QLabel(tr("Open windows switch to the new language after a restart."))
        note.setWordWrap(True)
        stack(self, form([(tr("Language"), self.language_combo)]), note,
              ok_cancel(self, on_ok=self.save, ok=QDialogButtonBox.StandardButton.Save))

    def save(self) -> None:
        language = str(self.language_combo.currentData())
        QSettings().setValue(SETTINGS_KEY, language)
        install_language(language)
        self.accept()
