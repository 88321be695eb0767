"""Importing a dealer's list of customers who bought (导入商场客户档案) for installation and
usage calls: the master-data import dialog's flow (template, preview with every row's
problem, all or nothing) for services/importing/dealer_list.py, with the list's kind and
dealer chosen first; and the page that opens it, with the lists imported lately."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.dealer_list import KINDS
from aftersales_desktop.reports.import_templates import write_dealer_template
from aftersales_desktop.services.importing import dealer_list

from ..i18n import tr
from ..masterdata.import_dialog import CustomerImportDialog, ImportFlow
from ..messages import error_text
from ..operations import Changes, QueryOp

TEMPLATE_NAME = QT_TR_NOOP("dealer customer list template")
RECENT_LISTS = 20


class DealerImportDialog(CustomerImportDialog):
    """Template, preview and import of a dealer's list as callback tasks
    (callback.record)."""

    changes = Changes.of("callbacks", "customer", "device", "dictionary")

    def __init__(self, database: Database, *, parent: QWidget | None = None) -> None:
        super().__init__(database, parent=parent)
        self.setWindowTitle(tr("Import a dealer's customer list"))
        self.kind_combo = QComboBox()
        for code, label in KINDS.items():
            self.kind_combo.addItem(tr(label), code)
        self.dealer_edit = QLineEdit()
        self.dealer_edit.setMaxLength(100)
        self.dealer_edit.setPlaceholderText(tr("For rows that name no dealer"))
        form = QFormLayout()
        form.addRow(tr("Calls for"), self.kind_combo)
        form.addRow(tr("Dealer"), self.dealer_edit)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, form)
        # what the worker reads: taken from the form when the work starts
        self._dealer = ""
        self._kind = "installation"
        # the flow commits with the kind and dealer of the form
        self.flow = ImportFlow(TEMPLATE_NAME, write_dealer_template,
                               dealer_list.read_dealer_list, self._commit_preview)

    def load_file(self, path: str | Path) -> None:
        self._dealer = self.dealer_edit.text().strip()
        super().load_file(path)

    def _read(self, conn: Any, path: Path) -> Any:
        preview = self.flow.read(path, self.progressed.emit, self._cancelled)
        dealer_list.check_dealer_list(conn, preview, self._dealer)
        return preview

    def commit(self) -> None:
        self._dealer = self.dealer_edit.text().strip()
        self._kind = str(self.kind_combo.currentData())
        super().commit()

    def _commit_preview(self, conn: Any, preview: Any, progress: Any, cancelled: Any
                        ) -> dict[str, int]:
        return dealer_list.commit_dealer_list(conn, preview, self._kind, self._dealer,
                                              progress, cancelled)

    def _summary(self, preview: Any) -> str:
        return tr("{rows} rows read: {tasks} calls to {customers} customers.").format(
            rows=preview.rows_read, tasks=len(preview.rows),
            customers=len(preview.customers))

    def _result(self, counts: dict[str, int]) -> str:
        return tr("Imported: {tasks} callback tasks, {customers} new customers, {devices} "
                  "devices; {skipped} rows were imported before.").format(
            tasks=counts.get("tasks", 0), customers=counts.get("customers_new", 0),
            devices=counts.get("devices_new", 0), skipped=counts.get("skipped", 0))



class DealerImportPage(QWidget):
    """What a dealer's list is for, the button that imports one, and the lists imported
    lately (who, when, how many calls)."""

    def __init__(self, database: Database, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        explanation = QLabel(tr(
            "A store or dealer that sells the products the shop services hands back its "
            "list of customers who bought (商场交回的客户档案). Imported here, each row "
            "becomes an installation or usage call in the callback due list; a customer "
            "the shop knows by the phone number is not added again, and importing the same "
            "list twice adds nothing."))
        explanation.setWordWrap(True)
        self.import_button = QPushButton(tr("Import a dealer's list..."))
        self.import_button.clicked.connect(self.open_dialog)
        self.recent = QTableWidget(0, 6)
        self.recent.setHorizontalHeaderLabels([
            tr("Imported"), tr("Dealer"), tr("Calls for"), tr("Rows"), tr("Calls"),
            tr("Imported by")])
        self.recent.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.recent.verticalHeader().hide()
        self.recent.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.import_button)
        layout.addWidget(QLabel(tr("Lists imported lately")))
        layout.addWidget(self.recent, 1)
        layout.addWidget(self.status)
        self.dialog: DealerImportDialog | None = None
        self.refresh()

    def refresh(self) -> None:
        QueryOp(parent=self, database=self.database,
                op=lambda conn: dealer_list.recent_lists(conn, RECENT_LISTS),
                success=self._show).failure(
            lambda exc: self.status.setText(error_text(exc))).run_in_background()

    def _show(self, rows: list[dealer_list.ImportedList]) -> None:
        self.recent.setRowCount(len(rows))
        for index, batch in enumerate(rows):
            values = (shop_time.format_datetime(batch.at), batch.dealer,
                      tr(KINDS.get(batch.kind, batch.kind)), str(batch.rows),
                      str(batch.tasks), batch.by)
            for column, value in enumerate(values):
                self.recent.setItem(index, column, QTableWidgetItem(value))
        self.recent.resizeColumnsToContents()

    def open_dialog(self) -> DealerImportDialog:
        self.dialog = DealerImportDialog(self.database, parent=self)
        self.dialog.finished.connect(lambda _result: self.refresh())
        self.dialog.show()
        return self.dialog

