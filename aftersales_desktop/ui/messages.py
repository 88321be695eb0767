"""How errors reach the operator: their language, what happened, what to do."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from aftersales_desktop.core.errors import UserError

from .i18n import tr, user_error_text

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, UserError):
        return user_error_text(exc)
    return tr("An unexpected error occurred. The details have been logged; please tell "
              "your administrator.") + f"\n\n{type(exc).__name__}: {exc}"


def show_error(parent: QWidget | None, exc: BaseException, *, title: str | None = None) -> None:
    if not isinstance(exc, UserError):
        log.error("unexpected error: %s", getattr(exc, "__traceback_text__", repr(exc)))
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if isinstance(exc, UserError)
                else QMessageBox.Icon.Critical)
    box.setWindowTitle(title or tr("After-sales Desktop"))
    box.setText(error_text(exc))
    details = getattr(exc, "__traceback_text__", None)
    if details and not isinstance(exc, UserError):
        box.setDetailedText(details)
    box.exec()
