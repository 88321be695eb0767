"""Opening stock from Excel: the master-data import dialog's flow (template, preview with
every row's problem, all or nothing) for services/stock/opening_import.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.reports.import_templates import write_template
from aftersales_desktop.services.stock import opening_import

from ..i18n import tr
from ..masterdata.import_dialog import CustomerImportDialog, ImportFlow
from ..operations import Changes

TEMPLATE_TITLE = QT_TR_NOOP("Opening stock import template")


def _write_template(path: str | Path, translate: Callable[[str], str]) -> Path:
    return write_template(path, opening_import.OPENING_COLUMNS, opening_import.OPENING_SHEET,
                          TEMPLATE_TITLE, translate)


OPENING_IMPORT = ImportFlow(QT_TR_NOOP("opening stock template"), _write_template,
                            opening_import.read_opening, opening_import.commit_opening)


class OpeningStockDialog(CustomerImportDialog):
    """Template, preview and import of opening stock (stock.post and costs.view)."""

    flow = OPENING_IMPORT
    changes = Changes.of("stock")

    def __init__(self, database: Database, *, parent: QWidget | None = None) -> None:
        super().__init__(database, parent=parent)
        self.setWindowTitle(tr("Opening stock from Excel"))

    def _read(self, conn: Any, path: Path) -> Any:
        preview = self.flow.read(path, self.progressed.emit, self._cancelled)
        opening_import.check_opening(conn, preview)
        return preview

    def _summary(self, preview: Any) -> str:
        return tr("{rows} rows read: {new} to post, {done} posted already (skipped).").format(
            rows=preview.rows_read, new=len(preview.to_post), done=preview.already_imported)

    def _result(self, counts: dict[str, int]) -> str:
        return tr("Posted {documents} opening documents with {lines} lines; {skipped} rows "
                  "were posted already.").format(**counts)


class OpeningStockPage(QWidget):
    """What opening stock is for, and the button that imports it."""

    def __init__(self, database: Database, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        explanation = QLabel(tr(
            "Opening stock records what each warehouse holds when the shop starts keeping "
            "stock here: one row per item and warehouse with its quantity and unit cost. "
            "It is posted as opening documents (QC), only for items without stock moves in "
            "that warehouse; importing the same workbook again adds nothing."))
        explanation.setWordWrap(True)
        self.import_button = QPushButton(tr("Import opening stock..."))
        self.import_button.clicked.connect(self.open_dialog)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.import_button)
        layout.addStretch(1)
        self.dialog: OpeningStockDialog | None = None

    def open_dialog(self) -> OpeningStockDialog:
        self.dialog = OpeningStockDialog(self.database, parent=self)
        self.dialog.show()
        return self.dialog
