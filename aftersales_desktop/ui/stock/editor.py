"""One stock document in a tab: the document editor with the stock kind's spec.

The editor (ui/documents/) does the typing, scanning, checking, saving and posting;
this page supplies the kind's `DocumentSpec` (ui/stock/specs.py, with or without the
cost columns by costs.view), the server calls (services/stock/documents.py), the
cancel reason, the slip paper and the labels of the document's parts.

- Post (F9) asks once and saves + posts in one server call.
- Cancel asks for the reason (the one question) and posts the reversal dated today.
- Change (stock.edit_posted) makes a posted document editable; saving posts a reversal
  and the replacement in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_CEILING, Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.domain.documents import Document, EditMode, Submission
from aftersales_desktop.services.catalogue_lookup import find_items
from aftersales_desktop.services.session import OperatorSession
from aftersales_desktop.services.stock import documents as stock_documents

from ..documents import DocumentEditor, DocumentServices
from ..i18n import tr
from . import printing
from .specs import COSTS_CAPABILITY, RULES, spec_for

Connection = Any


def ask_reason(parent: QWidget, title: str, prompt: str) -> str | None:
    """The reason for a cancel, or None when the operator backs out (tests replace it)."""
    text, ok = QInputDialog.getText(parent, title, prompt)
    return text.strip() if ok else None


class StockDocumentEditor(DocumentEditor):
    """The document editor, with a reason asked before a cancel."""

    def __init__(self, kind: str, database: Database, session: OperatorSession, *,
                 print_document: Callable[[Document], None],
                 parent: QWidget | None = None) -> None:
        calls = stock_documents
        rules = RULES[kind]
        choices: dict[str, Callable[[Connection], Any]] = {
            "warehouse": calls.warehouse_choices}
        if rules.to_warehouse_label is not None:
            target = (rules.to_warehouse_type,) if rules.to_warehouse_type else None
            choices["to_warehouse"] = lambda conn: calls.warehouse_choices(conn, target)

        def save(conn: Connection, submission: Submission) -> Document:
            # a posted document being changed: reversal + replacement (stock.edit_posted)
            if submission.document.state == "posted":
                return calls.change_document(conn, submission, self.change_reason)
            return calls.save_document(conn, submission)

        def cancel(conn: Connection, submission: Submission) -> Document:
            return calls.cancel_document(
                conn, submission, self.cancel_reason)

        services = DocumentServices(
            lookup=find_items, load=calls.load_document, save=save,
            transitions={"post": calls.post_document, "cancel": cancel},
            choices=choices,
            print_document=print_document, single_call=True)
        super().__init__(spec_for(kind, session.capabilities), services, database, session,
                         parent=parent)
        self.cancel_reason = ""  # what the operator gave as the reason, for `cancel`
        self.change_reason = ""  # and for saving a changed posted document

    def save(self) -> None:
        if self.current.state == "posted" and self.edit_mode() is EditMode.EDIT:
            reason = ask_reason(self, tr("Change", "amend a posted document"), tr(
                "Why is {number} changed? Saving posts a reversal and the changed document "
                "in one go.").format(number=self.current.number or ""))
            if reason is None:
                return
            self.change_reason = reason
        super().save()

    def run_transition(self, action: str) -> None:
        if action == "cancel" and self.current.state == "posted":
            reason = ask_reason(self, tr("Cancel document"), tr(
                "Why is {number} cancelled? A reversing document dated today is posted; "
                "the original stays as it is.").format(number=self.current.number or ""))
            if not reason:
                if reason is not None:
                    self.feedback.show_message(tr("Enter the reason for the cancel."))
                return
            self.cancel_reason = reason
        super().run_transition(action)


class StockDocumentPage(QWidget):
    """A stock document of one kind: the editor, the slip paper, labels of its parts."""

    loaded = Signal(object)  # the Document shown (after load, save or a transition)

    def __init__(self, kind: str, database: Database, session: OperatorSession, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.database = database
        self.session = session
        self.sensitive_hidden = False
        self.editor = StockDocumentEditor(kind, database, session,
                                          print_document=self.print_slip, parent=self)
        self.paper = QComboBox()
        self.paper.setObjectName("slip_paper")
        for value, label in printing.SLIP_PAPERS:
            self.paper.addItem(label, value)
        self.paper.setCurrentIndex(max(0, self.paper.findData(printing.slip_paper())))
        self.paper.currentIndexChanged.connect(
            lambda _i: printing.set_slip_paper(str(self.paper.currentData())))
        self.labels_button = QPushButton(tr("Print labels"))
        self.labels_button.setObjectName("print_labels")
        self.labels_button.setToolTip(tr("Barcode labels for the parts on this document, "
                                         "one per unit"))
        self.labels_button.clicked.connect(self.print_labels)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addStretch(1)
        bar.addWidget(QLabel(tr("Slip paper")))
        bar.addWidget(self.paper)
        bar.addWidget(self.labels_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addLayout(bar)
        self.editor.loaded.connect(self.loaded)

    # the main window's hooks for a tab
    def has_unsaved_changes(self) -> bool:
        return self.editor.has_unsaved_changes()

    def refresh(self) -> None:
        self.editor.refresh()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.sensitive_hidden = hidden  # the slip then leaves the costs out too
        self.editor.set_sensitive_hidden(hidden)

    def load(self, document_id: int) -> None:
        self.editor.load(document_id)

    def new_document(self) -> bool:
        return self.editor.new_document({})

    def print_slip(self, document: Document) -> None:
        printing.preview_slip(self, self.database, document,
                              show_costs=self.session.can(COSTS_CAPABILITY)
                              and not self.sensitive_hidden)

    def print_labels(self) -> None:
        """One label per unit of each line (at least one), in line order."""
        copies: dict[int, int] = {}
        for line in self.editor.document().lines:
            if line.item_id is None:
                continue
            quantity = line.values.get("quantity")
            count = int(Decimal(quantity).to_integral_value(ROUND_CEILING)) if isinstance(
                quantity, Decimal) else 1
            copies[line.item_id] = copies.get(line.item_id, 0) + max(1, min(count, 500))
        if copies:
            printing.preview_labels(self, self.database, list(copies.items()))
