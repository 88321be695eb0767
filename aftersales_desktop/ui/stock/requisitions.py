"""Requisitions against a repair ticket (领料) in the one document editor.

The requisition of a ticket is a document (docs/document-editor.md) with `live_flow()`:
open while the ticket is not settled, every save moves stock at once
(services/stock/requisitions.py, app.requisition_save), frozen afterwards. It opens from
the ticket tab (its 领料 section and the Requisition parts action,
ui/frontdesk/ticket_requisitions.py) and from the requisition screen here (a ticket number
typed or scanned). A scanned part already on an issue line of the same payer adds one to
it (merge_on); a line the operator may not change (someone else's, or made on an earlier
day, without requisition.edit) is locked. Ctrl+P prints the slip (reports/requisition_slip).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.documents import (
    ColumnKind,
    ColumnSpec,
    Document,
    DocumentSpec,
    HeaderField,
    HeaderKind,
    amount_column,
    choice_column,
    code_column,
    live_flow,
    money_column,
    quantity_column,
    text_column,
)
from aftersales_desktop.domain.fees import BILLED_TO
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.requisitions import KINDS
from aftersales_desktop.reports.receipts import ShopHeader
from aftersales_desktop.reports.requisition_slip import (
    render_requisition_slip,
    slip_from_document,
)
from aftersales_desktop.services import catalogue_lookup
from aftersales_desktop.services.stock import requisitions

from ..documents import DocumentEditor, DocumentServices
from ..field_limits import limit_text
from ..forms import ERROR_STYLE, confirm_discard
from ..frontdesk import printing
from ..i18n import tr
from ..messages import error_text
from ..operations import QueryOp

if TYPE_CHECKING:
    from aftersales_desktop.core.db import Database
    from aftersales_desktop.services.session import OperatorSession

REQUISITION = DocumentSpec(
    kind=requisitions.KIND, title=QT_TR_NOOP("Requisition"), entity="ticket",
    header=(HeaderField("ticket", QT_TR_NOOP("Ticket"), HeaderKind.DISPLAY),
            HeaderField("technician", QT_TR_NOOP("Technician"), HeaderKind.DISPLAY),
            HeaderField("warehouse", QT_TR_NOOP("Warehouse"), HeaderKind.CHOICE,
                        required=True),
            HeaderField("removed_to", QT_TR_NOOP("Old parts go to"), HeaderKind.CHOICE)),
    columns=(code_column(),
             text_column("name", QT_TR_NOOP("Name", "of a shop or thing"), from_item="name"),
             choice_column("kind", QT_TR_NOOP("Kind"), tuple(KINDS.items()), default="issue",
                           width=90),
             quantity_column(decimals=2),
             money_column("price", QT_TR_NOOP("Unit price"), editable=False,
                          from_item="price", required=False),
             amount_column(),
             text_column("fitted_serial", QT_TR_NOOP("Fitted part's serial no."),
                         editable=True, width=140),
             text_column("removed_serial", QT_TR_NOOP("Old part's serial no."),
                         editable=True, width=140),
             text_column("warehouse_name", QT_TR_NOOP("Warehouse"), width=90),
             ColumnSpec("billed_to", QT_TR_NOOP("Billed to"), ColumnKind.CHOICE,
                        editable=False, choices=tuple(BILLED_TO.items()), width=90)),
    flow=live_flow(),
    # a scan adds to an issue line of the same payer; a return or an old part stays apart
    merge_on=("billed_to", "kind"),
    # continuous scanning: a scan lands on the next line at once (Tab reaches the rest)
    entry_columns=())


def print_requisition(document: Document) -> None:
    """The slip of the saved requisition, in the print preview."""
    shop = dict(document.header.get("shop") or {})
    header = ShopHeader(name=shop.get("name") or tr("After-sales service"),
                        address=shop.get("address") or "", phone=shop.get("phone") or "")
    slip = slip_from_document(document, header, datetime.now(shop_time.zone()))
    printing.show_pdf(render_requisition_slip(slip, translate=tr), tr("Requisition slip"))


def requisition_services(session: OperatorSession) -> DocumentServices:
    operator, capabilities = session.code, tuple(session.capabilities)

    def load(conn: Any, ticket_id: int) -> Document:
        return requisitions.load(conn, ticket_id, operator=operator,
                                 capabilities=capabilities)

    def save(conn: Any, submission: Any) -> Document:
        return requisitions.save_document(conn, submission, operator=operator,
                                          capabilities=capabilities)

    def lookup(conn: Any, typed: str) -> Any:
        return catalogue_lookup.find_items(conn, typed, kinds=("part",))

    return DocumentServices(
        lookup=lookup, load=load, save=save,
        choices={"warehouse": requisitions.warehouse_choices,
                 "removed_to": requisitions.old_part_warehouse_choices},
        print_document=print_requisition, single_call=True)


def requisition_editor(database: Database, session: OperatorSession,
                       parent: QWidget | None = None) -> DocumentEditor:
    return DocumentEditor(REQUISITION, requisition_services(session), database, session,
                          parent=parent)


class RequisitionDialog(QDialog):
    """A ticket's requisition over the ticket tab; closing with unsaved lines asks first."""

    def __init__(self, database: Database, session: OperatorSession, ticket_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Requisition"))
        self.resize(1100, 560)
        self.editor = requisition_editor(database, session, parent=self)
        self.editor.setObjectName("requisition_editor")
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)
        self.editor.load(ticket_id)

    def done(self, result: int) -> None:
        if confirm_discard(self, self.editor.has_unsaved_changes(), tr(
                "This document has unsaved changes. Discard them?")):
            super().done(result)

    def closeEvent(self, event: Any) -> None:
        if confirm_discard(self, self.editor.has_unsaved_changes(), tr(
                "This document has unsaved changes. Discard them?")):
            event.accept()
        else:
            event.ignore()


class RequisitionsPage(QWidget):
    """The requisition screen: a ticket number (typed or scanned) opens its requisition."""

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.ticket_number = limit_text(QLineEdit(), "ticket", "number")
        self.ticket_number.setObjectName("requisition_ticket_number")
        self.ticket_number.setPlaceholderText(tr("Ticket number (type or scan), then Enter"))
        self.ticket_number.returnPressed.connect(self.open_typed)
        open_button = QPushButton(tr("Open", "open a record"))  # not the state "Open"
        open_button.clicked.connect(self.open_typed)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.editor = requisition_editor(database, session, parent=self)
        self.editor.setObjectName("requisition_editor")
        self.editor.setEnabled(False)  # until a ticket is opened
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Ticket")))
        top.addWidget(self.ticket_number, 1)
        top.addWidget(open_button)
        top.addWidget(self.message, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)

    def open_typed(self) -> None:
        number = self.ticket_number.text().strip()
        if not number:
            return
        self.message.clear()
        QueryOp(parent=self, database=self.database,
                op=lambda conn: requisitions.ticket_by_number(conn, number),
                success=lambda found: self._found(number, found)).failure(
            lambda exc: self.message.setText(error_text(exc))).run_in_background()

    def _found(self, number: str, ticket_id: int | None) -> None:
        if ticket_id is None:
            self.message.setText(refuse("ticket_missing").text(tr) + f" ({number})")
            return
        self.load(ticket_id)

    def load(self, ticket_id: int | str) -> None:
        self.editor.setEnabled(True)
        self.editor.load(int(ticket_id))
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
