"""The "Import from Excel..." button of the pages whose records can be imported."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.services.session import OperatorSession

from ..record_editor import RecordEditor


def offer_import(page: RecordEditor, session: OperatorSession, dialog: str) -> QPushButton | None:
    """A button opening the import dialog named `dialog`, for operators with
    masterdata.edit (None for the others: only what they may do is shown). The page's
    list refreshes by itself when the import announces what it wrote."""
    if not session.can("masterdata.edit"):
        return None

    def open_dialog() -> None:
        from . import import_dialog  # openpyxl is loaded when it is needed

        getattr(import_dialog, dialog)(page.database, parent=page).open()

    return page.add_button(QT_TR_NOOP("Import from Excel..."), open_dialog)
