"""Importing customers (with devices) or products from Excel: template, preview, commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.reports.import_templates import (
    write_customer_template,
    write_product_template,
)
from aftersales_desktop.services import importing

from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp

EXCEL_FILTER = "Excel (*.xlsx)"
IMPORT_FILTER = f"Excel / CSV ({' '.join(importing.IMPORT_FILE_PATTERNS)})"
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ImportFlow:
    """The import service's steps for one kind of record, as a dialog runs them."""

    template_name: str  # English source, translated when shown
    write_template: Callable[[str | Path, Callable[[str], str]], Path]
    read: Callable[[Path, Progress, Cancelled], Any]  # -> the preview
    commit: Callable[[Any, Any, Progress, Cancelled], dict[str, int]]  # (conn, preview)


CUSTOMER_IMPORT = ImportFlow(QT_TR_NOOP("customer import template"), write_customer_template,
                             importing.read_customers, importing.commit_customers)
PRODUCT_IMPORT = ImportFlow(QT_TR_NOOP("product import template"), write_product_template,
                            importing.read_products, importing.commit_products)


class CustomerImportDialog(QDialog):
    """Download the template, read a workbook into a preview, import it when it is clean."""

    progressed = Signal(int, int)
    flow = CUSTOMER_IMPORT
    changes = Changes.of("customer", "device", "dictionary")  # what an import writes

    def __init__(self, database: Database, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.preview: Any = None
        self.result_counts: dict[str, int] | None = None
        self._cancel = False
        self._busy = False
        self.setWindowTitle(tr("Import customers from Excel"))
        self.resize(720, 480)

        self.template_button = QPushButton(tr("Download template..."))
        self.choose_button = QPushButton(tr("Choose workbook..."))
        self.path_label = QLabel(tr("No workbook chosen."))
        self.path_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        self.errors_table = QTableWidget(0, 3)
        self.errors_table.setHorizontalHeaderLabels([tr("Row"), tr("Column"), tr("Reason")])
        self.errors_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors_table.verticalHeader().hide()
        self.errors_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self.import_button = QPushButton(tr("Import"))
        self.import_button.setEnabled(False)
        self.close_button = QPushButton(tr("Close"))

        top = QHBoxLayout()
        top.addWidget(self.template_button)
        top.addWidget(self.choose_button)
        top.addStretch(1)
        bar = QHBoxLayout()
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel_button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.path_label)
        layout.addLayout(bar)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.errors_table, 1)
        layout.addLayout(bottom)

        self.template_button.clicked.connect(self._ask_template_path)
        self.choose_button.clicked.connect(self._ask_file)
        self.cancel_button.clicked.connect(self.cancel)
        self.import_button.clicked.connect(self.commit)
        self.close_button.clicked.connect(self.reject)
        self.progressed.connect(self._on_progress)

    # -- template -------------------------------------------------------------------
    def _ask_template_path(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, tr("Save the import template"), tr(self.flow.template_name) + ".xlsx",
            EXCEL_FILTER)
        if path:
            self.save_template(path)

    def save_template(self, path: str | Path) -> bool:
        """Write the customer template (no database work); False with a message on error."""
        try:
            written = self.flow.write_template(path, tr)
        except Exception as exc:  # shown to the operator
            self.counts_label.setText(error_text(exc))
            return False
        self.counts_label.setText(tr("Template saved as {path}.").format(path=str(written)))
        return True

    # -- reading --------------------------------------------------------------------
    def _ask_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, tr("Choose the workbook to import"), "", IMPORT_FILTER)
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        """Read and check the workbook in a worker; the preview shows when done."""
        self.preview = None
        self.result_counts = None
        self.path_label.setText(str(path))
        self.errors_table.setRowCount(0)
        self.counts_label.setText(tr("Reading the workbook..."))
        self._start()
        QueryOp(parent=self, database=self.database,
                op=lambda conn: self._read(conn, Path(path)), success=self._read_done
                ).failure(self._work_failed).run_in_background()

    # -- what the flow's service does not say ------------------------------------------
    def _summary(self, preview: Any) -> str:
        return tr("{rows} rows read: {customers} customers ({existing} already known, "
                  "updated), {devices} devices, {phones} phone numbers.").format(
            rows=preview.rows_read, customers=len(preview.customers),
            existing=preview.existing_customers, devices=preview.device_count,
            phones=preview.phone_count)

    def _result(self, counts: dict[str, int]) -> str:
        return tr(
            "Imported: {customers} new customers, {updated} updated, {phones} phone numbers, "
            "{devices} devices.").format(
            customers=counts.get("customers", 0), updated=counts.get("updated", 0),
            phones=counts.get("phones", 0), devices=counts.get("devices", 0))

    # -- reading (continued) --------------------------------------------------------
    def _read(self, conn: Any, path: Path) -> Any:
        preview = self.flow.read(path, self.progressed.emit, self._cancelled)
        importing.check_against_database(conn, preview)
        return preview

    def _read_done(self, preview: Any) -> None:
        self._stop()
        self.preview = preview
        self._fill_progress()
        errors = preview.errors
        # Warnings (a number in a code column) follow the errors and do not block.
        listed = [(e, e.text(tr)) for e in errors] + [
            (w, tr("Check: {reason}").format(reason=w.text(tr))) for w in preview.warnings]
        self.errors_table.setRowCount(len(listed))
        for row, (error, reason) in enumerate(listed):
            for col, value in enumerate((str(error.row), tr(error.header) if error.header
                                         else error.column, reason)):
                self.errors_table.setItem(row, col, QTableWidgetItem(value))
        self.errors_table.resizeColumnToContents(0)
        self.errors_table.resizeColumnToContents(1)
        counts = self._summary(preview)
        if errors:
            counts += "\n" + tr("{count} rows have errors; correct them in the workbook and "
                                "choose it again.").format(count=len(preview.error_rows))
        if preview.warnings:
            counts += "\n" + tr("{count} rows have a number in a code or phone column: "
                                "leading zeros may have been lost. Check them before "
                                "importing.").format(count=len(preview.warning_rows))
        self.counts_label.setText(counts)
        self.import_button.setEnabled(preview.ok and preview.record_count > 0)

    # -- committing -----------------------------------------------------------------
    def commit(self) -> None:
        preview = self.preview
        if preview is None or not preview.ok:
            return
        self.counts_label.setText(tr("Importing..."))
        self._start()
        CollectionOp(parent=self, database=self.database,
                     op=lambda conn: self.flow.commit(conn, preview, self.progressed.emit,
                                                      self._cancelled),
                     changes=self.changes,
                     success=self._committed).failure(self._work_failed).run_in_background()

    def _committed(self, counts: dict[str, int]) -> None:
        self._stop()
        self._fill_progress()
        self.result_counts = counts
        self.preview = None
        self.counts_label.setText(self._result(counts))

    # -- progress and cancel ----------------------------------------------------------
    def _cancelled(self) -> bool:
        return self._cancel

    def cancel(self) -> None:
        self._cancel = True

    def _start(self) -> None:
        self._cancel = False
        self._busy = True
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)

    def _stop(self) -> None:
        self._busy = False
        self.cancel_button.setEnabled(False)
        self.choose_button.setEnabled(True)

    def _fill_progress(self) -> None:
        maximum = max(self.progress.maximum(), 1)
        self.progress.setRange(0, maximum)
        self.progress.setValue(maximum)

    def _on_progress(self, done: int, total: int) -> None:
        if not self._busy:
            return
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)

    def _work_failed(self, exc: BaseException) -> None:
        self._stop()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.counts_label.setText(error_text(exc))
        if self.preview is not None:
            self.import_button.setEnabled(self.preview.ok)

    def is_busy(self) -> bool:
        return self._busy

    def reject(self) -> None:
        if self._busy:
            self.cancel()
            return
        super().reject()

    def done_counts(self) -> Any:
        return self.result_counts


class ProductImportDialog(CustomerImportDialog):
    """The same flow for products and parts (cost prices need costs.view)."""

    flow = PRODUCT_IMPORT
    changes = Changes.of("item", "item_category", "dictionary")

    def __init__(self, database: Database, *, parent: QWidget | None = None) -> None:
        super().__init__(database, parent=parent)
        self.setWindowTitle(tr("Import products and parts from Excel"))

    def _summary(self, preview: Any) -> str:
        return tr("{rows} rows read: {items} products and parts ({existing} already known, "
                  "updated).").format(rows=preview.rows_read, items=len(preview.items),
                                      existing=preview.existing_items)

    def _result(self, counts: dict[str, int]) -> str:
        return tr("Imported: {items} new products and parts, {updated} updated, "
                  "{costs} cost prices.").format(items=counts.get("items", 0),
                                                 updated=counts.get("updated", 0),
                                                 costs=counts.get("costs", 0))
