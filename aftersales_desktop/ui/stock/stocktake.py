"""The stocktake sheet (盘点单): open a count, scan or type counts, post, decide the lines
whose item moved during the count.

The sheet is a document editor (ui/documents) with `entry_columns=()`, so a scan lands
the cursor on the next line at once and the scanner never waits; a scan of an item on the
sheet adds one to its count (an uncounted line counts from 0), and an item not on the
sheet adds a line. The counted column takes 0 (`allow_zero`): an empty shelf is a count.
Save (Ctrl+S) sends the counts changed since the sheet was shown, post (F9) sends those
and posts. A posted sheet with lines waiting for a decision shows them with two buttons:
adjust the book to the count, or keep the book.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.document_cells import QUANTITY_LIMIT
from aftersales_desktop.domain.documents import (
    ColumnKind,
    ColumnSpec,
    DocumentFlow,
    DocumentSpec,
    DocumentState,
    HeaderField,
    HeaderKind,
    Transition,
    code_column,
    quantity_column,
    text_column,
)
from aftersales_desktop.domain.stocktake import LINE_STATUSES
from aftersales_desktop.services.catalogue_lookup import find_items
from aftersales_desktop.services.importing import IMPORT_FILE_PATTERNS, ImportHasErrors
from aftersales_desktop.services.stock import stocktake as service

from ..documents import DocumentEditor, DocumentServices
from ..field_limits import limit_text
from ..forms import ERROR_STYLE, OK_STYLE
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp

if TYPE_CHECKING:
    from aftersales_desktop.core.db import Database
    from aftersales_desktop.services.session import OperatorSession

CAPABILITY = "stocktake"

STOCKTAKE_FLOW = DocumentFlow(
    initial="open",
    states=(DocumentState("open", QT_TR_NOOP("Counting"), editable=True),
            DocumentState("posted", QT_TR_NOOP("Posted")),
            DocumentState("cancelled", QT_TR_NOOP("Cancelled", "document state"))),
    transitions=(
        Transition("post", QT_TR_NOOP("Post"), ("open",), "posted", CAPABILITY,
                   QT_TR_NOOP("Post this stocktake now? Counted lines adjust the book at "
                              "once; lines whose item moved during the count wait for your "
                              "decision; lines not counted keep their book quantity."),
                   shortcut="F9"),
        Transition("cancel", QT_TR_NOOP("Cancel stocktake"), ("open",), "cancelled",
                   CAPABILITY, QT_TR_NOOP("Cancel this stocktake? Nothing is posted; the "
                                          "counts stay for the record."), sends_lines=False),
    ))


def _shown(key: str, title: str) -> ColumnSpec:
    return quantity_column(key, title, decimals=2, editable=False, default=None, total=False)


STOCKTAKE = DocumentSpec(
    kind="stocktake", title=QT_TR_NOOP("Stocktake"), entity="stock",
    header=(HeaderField("warehouse", QT_TR_NOOP("Warehouse"), HeaderKind.DISPLAY),
            HeaderField("category", QT_TR_NOOP("Category"), HeaderKind.DISPLAY),
            HeaderField("remarks", QT_TR_NOOP("Remarks"), HeaderKind.DISPLAY, stretch=True)),
    columns=(
        code_column(),
        text_column("name", QT_TR_NOOP("Name", "of a shop or thing"), from_item="name",
                    width=200),
        text_column("unit", QT_TR_NOOP("Unit"), from_item="unit", width=50),
        _shown("book", QT_TR_NOOP("Book")),
        # the count: 0 is a count (an empty shelf), blank is "not counted"; a scanned item
        # new to the sheet is one found
        ColumnSpec("counted", QT_TR_NOOP("Counted"), ColumnKind.QUANTITY, decimals=2,
                   allow_zero=True, maximum=QUANTITY_LIMIT, total=True, width=80,
                   default=Decimal(1)),
        _shown("moved", QT_TR_NOOP("Moved since")),
        ColumnSpec("adjustment", QT_TR_NOOP("Adjustment"), ColumnKind.QUANTITY,
                   editable=False, decimals=2, allow_negative=True, total=True, width=90),
        ColumnSpec("status", QT_TR_NOOP("Status"), ColumnKind.CHOICE, editable=False,
                   choices=tuple(LINE_STATUSES.items()), width=200),
    ),
    flow=STOCKTAKE_FLOW, quantity_column="counted", entry_columns=(), min_lines=0)


def stocktake_services() -> DocumentServices:
    return DocumentServices(
        lookup=find_items, load=service.load_document, save=service.save_counts,
        transitions={"post": service.post_document, "cancel": service.cancel_document},
        single_call=True)


class OpenStocktakeDialog(QDialog):
    """Which warehouse (and category) to count."""

    def __init__(self, warehouses: list[tuple[Any, str]], categories: list[tuple[Any, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("New stocktake"))
        self.setMinimumWidth(440)
        self.warehouse = QComboBox()
        for value, label in warehouses:
            self.warehouse.addItem(label, value)
        self.category = QComboBox()
        self.category.addItem(tr("All categories"), None)
        for value, label in categories:
            self.category.addItem(label, value)
        self.remarks = limit_text(QLineEdit(), "stocktake", "remarks")
        form = QFormLayout()
        form.addRow(tr("Warehouse"), self.warehouse)
        form.addRow(tr("Category (with its subcategories)"), self.category)
        form.addRow(tr("Remarks"), self.remarks)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Each line records the book quantity now; stock may "
                                   "keep moving while you count.")))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def choice(self) -> dict[str, Any]:
        return {"warehouse_id": self.warehouse.currentData(),
                "category_id": self.category.currentData(),
                "remarks": self.remarks.text()}


class StocktakePage(QWidget):
    """Sheets to choose from, the sheet in the document editor, and the decisions."""

    def __init__(self, database: Database, session: OperatorSession, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.sheets = QComboBox()
        self.sheets.setMinimumWidth(320)
        self.sheets.activated.connect(self._sheet_chosen)
        self.new_button = QPushButton(tr("New stocktake..."))
        self.new_button.clicked.connect(self.ask_new)
        self.excel_button = QPushButton(tr("Counts from Excel..."))
        self.excel_button.clicked.connect(self._ask_counts_file)
        self.editor = DocumentEditor(STOCKTAKE, stocktake_services(), database, session,
                                     parent=self)
        self.editor.loaded.connect(self._shown)
        self.decision_label = QLabel()
        self.decision_label.setWordWrap(True)
        self.adjust_button = QPushButton(tr("Adjust to the count"))
        self.adjust_button.clicked.connect(lambda: self.decide("adjust"))
        self.keep_button = QPushButton(tr("Keep the book"))
        self.keep_button.clicked.connect(lambda: self.decide("keep"))
        self.message = QLabel()
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Sheet")))
        top.addWidget(self.sheets)
        top.addWidget(self.new_button)
        top.addWidget(self.excel_button)
        top.addStretch(1)
        decisions = QHBoxLayout()
        decisions.addWidget(self.decision_label, 1)
        decisions.addWidget(self.adjust_button)
        decisions.addWidget(self.keep_button)
        self.decision_bar = QWidget()
        self.decision_bar.setLayout(decisions)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.decision_bar)
        layout.addWidget(self.message)
        self.new_button.setVisible(session.can(CAPABILITY))
        self._shown(self.editor.current)
        self.reload_sheets()

    # -- choosing a sheet -----------------------------------------------------------------
    def reload_sheets(self, select: int | None = None) -> None:
        QueryOp(parent=self, database=self.database, op=service.recent_stocktakes,
                success=lambda found: self._sheets_loaded(found, select)).run_in_background()

    def _sheets_loaded(self, found: list[service.SheetSummary], select: int | None) -> None:
        self.sheets.clear()
        for summary in found:
            text = f"{summary.number}  {summary.warehouse}  {tr(self._state(summary.state))}"
            if summary.awaiting:
                text += "  " + tr("{count} to decide").format(count=summary.awaiting)
            self.sheets.addItem(text, summary.id)
        wanted = select if select is not None else self.editor.current.id
        index = self.sheets.findData(wanted) if wanted is not None else -1
        if index >= 0:
            self.sheets.setCurrentIndex(index)
        elif found and self.editor.current.id is None:
            self.sheets.setCurrentIndex(0)
            self.editor.load(found[0].id)

    @staticmethod
    def _state(code: str) -> str:
        try:
            return STOCKTAKE_FLOW.state(code).label
        except KeyError:
            return code

    def _sheet_chosen(self, index: int) -> None:
        sheet_id = self.sheets.itemData(index)
        if sheet_id is not None:
            self.editor.load(int(sheet_id))

    def open_sheet(self, stocktake_id: int) -> None:
        self.editor.load(stocktake_id)

    def ask_new(self) -> None:
        QueryOp(parent=self, database=self.database,
                op=lambda conn: (list(service.warehouse_choices(conn)),
                                 list(service.category_choices(conn))),
                success=lambda choices: self._new_dialog(*choices)).run_in_background()

    def _new_dialog(self, warehouses: list[tuple[Any, str]],
                    categories: list[tuple[Any, str]]) -> None:
        dialog = OpenStocktakeDialog(warehouses, categories, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.start(**dialog.choice())

    def start(self, *, warehouse_id: int, category_id: int | None = None,
              remarks: str = "") -> None:
        """Open a new sheet (one call) and show it."""
        operation = service.new_operation_id()
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: service.open_stocktake(
                         conn, warehouse_id=warehouse_id, category_id=category_id,
                         remarks=remarks, operation_id=operation),
                     changes=Changes.of("stock"), success=self._opened).failure(
            self._failed).run_in_background()

    def _opened(self, sheet: service.Stocktake) -> None:
        self.editor.set_document(service.as_document(sheet))
        self.reload_sheets(sheet.id)
        self.editor.grid.setFocus()
        self.editor.grid.go_to_new_line()

    # -- what the sheet says ----------------------------------------------------------------
    def _shown(self, document: Any) -> None:
        awaiting = [line for line in document.lines
                    if line.values.get("status") == "awaiting"]
        self.decision_bar.setVisible(bool(awaiting) and self.session.can(CAPABILITY))
        self.decision_label.setText(tr(
            "{count} lines: the item moved during the count and the count disagrees with "
            "the book. Choose lines, then adjust the book to the count or keep the "
            "book.").format(count=len(awaiting)))
        self.excel_button.setVisible(document.state == "open" and document.id is not None
                                     and self.session.can(CAPABILITY))
        if document.id is not None and self.sheets.count():
            index = self.sheets.findData(document.id)
            if index >= 0:
                self.sheets.setCurrentIndex(index)

    def awaiting_rows(self, *, selected_only: bool = True) -> list[int]:
        """The line ids of the awaiting lines chosen in the grid (the current line when
        none is selected)."""
        rows = {index.row() for index in self.editor.grid.selectionModel().selectedIndexes()}
        if not rows and self.editor.grid.currentIndex().isValid():
            rows = {self.editor.grid.currentIndex().row()}
        lines = self.editor.lines.rows
        found = []
        for row in sorted(rows) if selected_only else range(len(lines)):
            if 0 <= row < len(lines) and lines[row].values.get("status") == "awaiting":
                line_id = lines[row].line_id
                if line_id is not None:
                    found.append(line_id)
        return found

    def decide(self, decision: str) -> None:
        document = self.editor.current
        lines = self.awaiting_rows()
        if document.id is None or not lines:
            self._say(tr("Choose a line that waits for a decision first."), ok=False)
            return
        sheet_id = document.id
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: service.decide(conn, sheet_id,
                                                    dict.fromkeys(lines, decision)),
                     changes=Changes.of("stock"), success=self._decided).failure(
            self._failed).run_in_background()

    def _decided(self, sheet: service.Stocktake) -> None:
        self.editor.set_document(service.as_document(sheet))
        self._say(tr("Decided. {count} lines still wait for a decision.").format(
            count=len(sheet.awaiting)), ok=True)
        self.reload_sheets(sheet.id)

    # -- counts from a workbook -------------------------------------------------------------
    def _ask_counts_file(self) -> None:
        patterns = " ".join(IMPORT_FILE_PATTERNS)
        path, _filter = QFileDialog.getOpenFileName(
            self, tr("Choose the workbook of counts"), "", f"Excel / CSV ({patterns})")
        if path:
            self.import_counts(path)

    def import_counts(self, path: str) -> None:
        """Read the workbook and send its counts (one call per 5,000 rows); a workbook
        with problems sends nothing and lists them."""
        document = self.editor.current
        if document.id is None:
            return
        sheet_id = document.id

        def work(conn: Any) -> service.Stocktake | service.CountPreview:
            preview = service.read_counts(path)
            try:
                return service.import_counts(conn, sheet_id, preview)
            except ImportHasErrors:
                return preview

        CollectionOp(parent=self, database=self.database, atomic=False, op=work,
                     changes=Changes.of("stock"), success=self._counts_imported).failure(
            self._failed).run_in_background()

    def _counts_imported(self, result: service.Stocktake | service.CountPreview) -> None:
        if isinstance(result, service.CountPreview):
            reasons = [tr("Row {row}: {reason}").format(row=e.row, reason=e.text(tr))
                       for e in result.errors[:5]]
            self._say("\n".join([tr("Nothing was counted: {count} rows have errors.").format(
                count=len(result.error_rows)), *reasons]), ok=False)
            return
        self.editor.set_document(service.as_document(result))
        self._say(tr("Counts imported."), ok=True)

    def _failed(self, exc: BaseException) -> None:
        self._say(error_text(exc), ok=False)

    def _say(self, text: str, *, ok: bool) -> None:
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message.setText(text)

    def has_unsaved_changes(self) -> bool:
        return self.editor.has_unsaved_changes()
