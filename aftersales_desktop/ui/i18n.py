"""Translation for the GUI: English source strings, zh_CN from resources/i18n.

All strings use the empty context so a message marked with QT_TR_NOOP in a
service and the same words in a widget share one translation. The language
follows the operator's choice (the login window, saved in settings), else the system
locale: English for an English one, Chinese for any other.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.core.paths import i18n_dir

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
SETTINGS_KEY = "ui/language"

_installed: list[QTranslator] = []


def tr(text: str, disambiguation: str | None = None) -> str:
    """`text` in the operator's language; `disambiguation` (or the one a
    QT_TR_NOOP(text, disambiguation) marker carries) picks one of its meanings."""
    return QCoreApplication.translate(
        "", text, disambiguation or getattr(text, "disambiguation", None))


def user_error_text(exc: UserError) -> str:
    return exc.text(tr)


def chosen_language(settings: QSettings | None = None) -> str:
    settings = settings or QSettings()
    value = str(settings.value(SETTINGS_KEY, "") or "")
    if value in LANGUAGES:
        return value
    return language_for_locale(QLocale.system().name())


def language_for_locale(name: str) -> str:
    """English for an English system, else Chinese: the shop's language (C.UTF-8 too)."""
    return "en" if name.startswith("en") else "zh_CN"


def choose_language(language: str, settings: QSettings | None = None) -> bool:
    """Remember the operator's choice and switch to it; False if its translation is missing."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    (settings or QSettings()).setValue(SETTINGS_KEY, language)
    return install_language(language)


def install_language(language: str) -> bool:
    """Load our .qm and Qt's own (dialog buttons) for `language`; English needs none."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    ours = QTranslator(app)
    if not ours.load(str(i18n_dir() / f"aftersales_{language}.qm")):
        return False
    app.installTranslator(ours)
    _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    QLocale.setDefault(QLocale(language))
    return True
