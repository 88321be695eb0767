"""How errors reach the operator: their language, what happened, what to do.

A UserError is shown as its translated message. A database error that a worker let
through is translated on the way (services/errors.py). Anything else is a bug: the
operator reads one short sentence naming the log file, and the details (traceback,
driver text, SQL) go to that file only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.core.logs import report_unexpected
from aftersales_desktop.services.errors import user_error

from .i18n import tr, user_error_text


def error_text(exc: BaseException) -> str:
    known = user_error(exc)
    if known is not None:
        return user_error_text(known)
    path = report_unexpected(exc)
    return tr("An unexpected error occurred; the details were written to {path}.").format(
        path=path)


def show_error(parent: QWidget | None, exc: BaseException, *, title: str | None = None) -> None:
    known = isinstance(user_error(exc), UserError)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if known else QMessageBox.Icon.Critical)
    box.setWindowTitle(title or tr("After-sales Desktop"))
    box.setText(error_text(exc))
    box.exec()
