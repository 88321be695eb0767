"""One ticket in a tab: what was taken in, where the unit is, its history, and the
actions the operator may take now (status, quote, notice, settle, pickup, print)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.tickets import STATUSES, TRANSITIONS, VISITS, transition_capability
from aftersales_desktop.domain.warranty import WARRANTY_CLASSES
from aftersales_desktop.reports.receipts import format_money
from aftersales_desktop.services.frontdesk import notices, queries, settlement, tickets
from aftersales_desktop.services.frontdesk.tickets import QUOTE_CHANNELS
from aftersales_desktop.services.session import OperatorSession

from ..forms import ERROR_STYLE, OK_STYLE
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp, on_did_execute
from . import printing
from .dialogs import NoticeDialog, SettleDialog

QUOTE_STATE_LABELS = {
    "pending": QT_TR_NOOP("awaiting the customer's answer"),
    "approved": QT_TR_NOOP("approved"), "declined": QT_TR_NOOP("declined"),
    "superseded": QT_TR_NOOP("replaced by a newer quote"),
}
ACTION_LABELS = {
    "in_repair": QT_TR_NOOP("Start repair"), "waiting_parts": QT_TR_NOOP("Waiting for parts"),
    "hard_repair": QT_TR_NOOP("Hard to repair"), "at_factory": QT_TR_NOOP("Returned to factory"),
    "ready": QT_TR_NOOP("Repaired: ready for pickup"),
    "picked_up": QT_TR_NOOP("Hand over to the customer"),
    "cancelled": QT_TR_NOOP("Cancel the ticket"),
}


class TicketPage(QWidget):
    """One ticket; it reloads itself whenever a write (here or in another tab) touched it."""

    loaded = Signal(str)  # the ticket number, for the tab title

    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.detail: dict[str, Any] | None = None
        self.ticket_id: int | None = None
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.action_bar = QHBoxLayout()
        self.history = QTableWidget(0, 4)
        self.history.setHorizontalHeaderLabels([tr("Time"), tr("Status"), tr("By"),
                                                tr("Reason")])
        self.history.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addLayout(self.action_bar)
        layout.addWidget(self.message)
        layout.addWidget(self.history, 1)
        on_did_execute(self, self._operation_did_execute)

    def _operation_did_execute(self, changes: Changes, _origin: object) -> None:
        if self.ticket_id is not None and changes.touches_record("ticket", self.ticket_id):
            self.refresh()

    # -- loading ---------------------------------------------------------------------
    def load(self, ticket_id: int | str) -> None:
        self.ticket_id = tid = int(ticket_id)
        QueryOp(parent=self, database=self.database,
                op=lambda conn: queries.ticket_detail(conn, tid),
                success=self._show).failure(self._failed).with_progress().run_in_background()

    def refresh(self) -> None:
        if self.ticket_id is not None:
            self.load(self.ticket_id)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))
        self.message.setStyleSheet(ERROR_STYLE)

    def _show(self, detail: dict[str, Any] | None) -> None:
        if detail is None:
            self._failed(LookupError(tr("The ticket no longer exists.")))
            return
        self.detail = detail
        t = detail["ticket"]
        self.title.setText(f"{t['number']}  {tr(STATUSES[t['status']])}"
                           + ("  " + tr("URGENT") if t["urgent"] else ""))
        quote = (detail.get("quotes") or [None])[-1]
        rows = [
            (tr("Customer"), f"{t['customer_name']}  {' / '.join(detail['customer']['phones'])}"),
            (tr("Device"), f"{t['product']} {t['brand']} {t['model']}  {t['serial']}"),
            (tr("Fault"), t["fault"]),
            (tr("Warranty"), tr(WARRANTY_CLASSES[t["warranty_class"]])
             + ("  (" + tr("rework of {number}").format(number=detail["rework_of_number"]) + ")"
                if detail.get("rework_of_number") else "")),
            (tr("Carry-in or on-site"), tr(VISITS[t["visit"]]) + " " + t["address"]),
            (tr("Promised date"), t["promised_on"]),
            (tr("Where the unit is"), t["location_label"] or t["location_kind"]),
            (tr("Quote"), "" if quote is None else format_money(
                sum((Decimal(str(quote[k])) for k in ("parts_amount", "labour_amount",
                                                      "other_amount")), Decimal(0)))
             + " " + tr(QUOTE_STATE_LABELS.get(quote["state"], quote["state"]))),
            (tr("Notices"), str(t["notice_count"])),
            (tr("Settled"), format_money(Decimal(str(t["fee_total"]))) if t["settled"]
             else tr("No")),
        ]
        self.facts.setText("<br>".join(f"<b>{k}</b>: {v}" for k, v in rows))
        self.message.setText(self._warning(detail))
        self.message.setStyleSheet("color: #d46b08; font-weight: bold;")
        self.history.setRowCount(len(detail["history"]))
        for row, entry in enumerate(detail["history"]):
            for col, value in enumerate((shop_time.format_datetime(entry["at"]),
                                         tr(STATUSES[entry["to_status"]]),
                                         entry["by_operator"], entry["reason"])):
                self.history.setItem(row, col, QTableWidgetItem(value))
        self.history.resizeColumnsToContents()
        self.history.horizontalHeader().setStretchLastSection(True)
        self._build_actions()
        self.loaded.emit(t["number"])

    @staticmethod
    def _warning(detail: dict[str, Any]) -> str:
        """The seed's checks at pickup: past the promised date, or ready and not collected."""
        t = detail["ticket"]
        today = date.fromisoformat(detail["today"])
        if t["status"] in ("picked_up", "cancelled"):
            return ""
        if t["status"] == "ready":
            waiting = (today - shop_time.shop_date(t["status_at"])).days
            if waiting >= int(detail.get("uncollected_days") or 30):
                return tr("Ready for {days} days and not collected: call the customer.").format(
                    days=waiting)
            return ""
        late = (today - date.fromisoformat(t["promised_on"])).days
        if late > 0:
            return tr("{days} days past the promised date {date}.").format(
                days=late, date=t["promised_on"])
        return ""

    def _build_actions(self) -> None:
        while self.action_bar.count():
            item = self.action_bar.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        assert self.detail is not None
        t = self.detail["ticket"]
        can = self.session.can
        buttons: list[tuple[str, str, Callable[[], object]]] = []
        for target in sorted(TRANSITIONS.get(t["status"], ()), key=list(STATUSES).index):
            if can(transition_capability(target)):
                buttons.append((f"status_{target}", tr(ACTION_LABELS[target]),
                                self._status_action(target)))
        if t["status"] not in ("picked_up", "cancelled") and can("intake.edit"):
            buttons.append(("quote", tr("Quote..."), self.ask_quote))
            if t.get("quote_state") == "pending":
                buttons.append(("quote_yes", tr("Customer approved..."),
                                lambda: self.ask_quote_answer(True)))
                buttons.append(("quote_no", tr("Customer declined..."),
                                lambda: self.ask_quote_answer(False)))
        if can("notice.send"):
            buttons.append(("notify", tr("Notify..."), self.ask_notice))
        if not t["settled"] and t["status"] != "cancelled" and can("settlement.collect"):
            buttons.append(("settle", tr("Settle..."), self.ask_settle))
        buttons.append(("print_intake", tr("Reprint receipt"),
                        lambda: printing.print_intake(self.detail or {}, copy=True)))
        if printing.latest_settlement(self.detail):
            buttons.append(("print_settlement", tr("Print settlement"),
                            lambda: printing.print_settlement(self.detail or {})))
        for name, label, slot in buttons:
            button = QPushButton(label)
            button.setObjectName(name)
            button.clicked.connect(slot)
            self.action_bar.addWidget(button)
        self.action_bar.addStretch(1)

    def _status_action(self, target: str) -> Callable[[], None]:
        return lambda: self.ask_status(target)

    # -- actions ---------------------------------------------------------------------
    def _run(self, action: Callable[[Any], Any], done_text: str,
             also: Changes | None = None) -> None:
        """One server call (its own transaction); the reload follows from did_execute."""
        assert self.ticket_id is not None

        def done(_result: Any) -> None:
            self.message.setText(done_text)
            self.message.setStyleSheet(OK_STYLE)

        CollectionOp(parent=self, database=self.database, op=action, atomic=False,
                     changes=Changes.record("ticket", self.ticket_id) | (also or Changes()),
                     success=done).failure(self._failed).run_in_background()

    def change_status(self, target: str, reason: str = "") -> None:
        assert self.detail is not None
        tid, version = self.detail["ticket"]["id"], self.detail["ticket"]["version"]
        self._run(lambda conn: tickets.set_status(conn, tid, version, target, reason),
                  tr("Status changed to {status}.").format(status=tr(STATUSES[target])))

    def ask_status(self, target: str) -> None:
        reason = ""
        needs_reason = target == "cancelled" or (
            target == "picked_up" and not (self.detail or {})["ticket"]["settled"])
        if needs_reason:
            reason, ok = QInputDialog.getText(self, tr(ACTION_LABELS[target]), tr("Reason"))
            if not ok:
                return
        self.change_status(target, reason)

    def add_quote(self, parts: Decimal, labour: Decimal, other: Decimal = Decimal(0)) -> None:
        tid = self.ticket_id
        assert tid is not None
        self._run(lambda conn: tickets.add_quote(conn, tid, parts=parts, labour=labour,
                                                 other=other), tr("Quote recorded."))

    def ask_quote(self) -> None:
        parts, ok = QInputDialog.getDouble(self, tr("Quote"), tr("Parts"), 0, 0, 1e7, 2)
        if not ok:
            return
        labour, ok = QInputDialog.getDouble(self, tr("Quote"), tr("Labour"), 0, 0, 1e7, 2)
        if ok:
            self.add_quote(Decimal(str(parts)), Decimal(str(labour)))

    def answer_quote(self, approved: bool, channel: str) -> None:
        assert self.detail is not None
        quote_id = self.detail["quotes"][-1]["id"]
        today = date.fromisoformat(self.detail["today"])
        self._run(lambda conn: tickets.decide_quote(conn, quote_id, approved=approved,
                                                    channel=channel, decided_on=today),
                  tr("The customer's answer is recorded."))

    def ask_quote_answer(self, approved: bool) -> None:
        labels = [tr(label) for label in QUOTE_CHANNELS.values()]
        chosen, ok = QInputDialog.getItem(self, tr("How did the customer answer?"),
                                          tr("Channel"), labels, 0, False)
        if ok:
            self.answer_quote(approved, list(QUOTE_CHANNELS)[labels.index(chosen)])

    def send_notice(self, kind: str, channel: str, recipient: str, body: str) -> None:
        tid = self.ticket_id

        def send(conn: Any) -> Any:
            return notices.send_notice(conn, kind=kind, channel=channel, recipient=recipient,
                                       body=body, subject=tr("Your repair"), ticket_id=tid)

        self._run(send, tr("Notice recorded."), also=Changes.of("notice"))

    def ask_notice(self) -> None:
        assert self.detail is not None
        dialog = NoticeDialog(self.detail, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.send_notice(**dialog.values())

    def settle(self, values: dict[str, Any]) -> None:
        assert self.detail is not None
        tid, version = self.detail["ticket"]["id"], self.detail["ticket"]["version"]
        self._run(lambda conn: settlement.settle(conn, tid, version, **values),
                  tr("Settled."))

    def ask_settle(self) -> None:
        assert self.detail is not None
        dialog = SettleDialog(self.detail, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_values:
            self.settle(dialog.result_values)
