"""One ticket in a tab: the job's home.

On top the number and badges (status, urgent, warranty) and what needs attention (past
the promised date, not collected). Under it what was taken in, in the intake form's
blocks (客户 / 机器 / 故障 / 服务), and the sections: history, quotes, notices, fees and
whatever later modules register (ticket_sections.py). On the right the actions, each in
a fixed place (ticket_actions.py): one the operator may not take is not there, one that
cannot be taken now is disabled and says why.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.tickets import CLOSED_STATUSES, STATUSES, VISITS, location_text
from aftersales_desktop.domain.warranty import WARRANTY_CLASSES, WARRANTY_REASONS, covered_until
from aftersales_desktop.services.frontdesk import notices, queries, settlement, tickets
from aftersales_desktop.services.session import OperatorSession

from ..callbacks import (
    ticket_complaint,  # noqa: F401  (registers 登记投诉)
    ticket_history,  # noqa: F401  (registers 客户历史)
)
from ..commissions import ticket_shares  # noqa: F401  (registers the job's 分成 action)
from ..forms import ERROR_STYLE, OK_STYLE
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp, on_did_execute
from . import (
    printing,
    ticket_jobs,  # noqa: F401  (registers the jobs' events in the history)
    ticket_requisitions,  # noqa: F401  (registers the 领料 section and action)
)
from .dialogs import (
    NoticeDialog,
    PromiseDialog,
    QuoteAnswerDialog,
    QuoteDialog,
    ReasonDialog,
    SettleDialog,
)
from .ticket_actions import GROUPS, TicketAction, actions_for
from .ticket_sections import EMPTY, amount, sections_for, value_block, when

# UI.md: urgent = red, overdue = orange, ready for pickup = green, waiting for parts = blue,
# hard to repair = grey; the others in quiet colours of their own.
STATUS_COLOURS = {
    "pending": "#595959", "in_repair": "#08979c", "waiting_parts": "#1677ff",
    "hard_repair": "#8c8c8c", "at_factory": "#722ed1", "ready": "#389e0d",
    "picked_up": "#bfbfbf", "completed": "#bfbfbf", "cancelled": "#bfbfbf",
}
URGENT_COLOUR = "#cf1322"
WARNING_STYLE = "color: #d46b08; font-weight: bold;"

# block -> (field key, English label), as the intake form groups them
BLOCKS: list[tuple[str, list[tuple[str, str]]]] = [
    (QT_TR_NOOP("Customer"), [
        ("customer_name", QT_TR_NOOP("Name")), ("phones", QT_TR_NOOP("Phone")),
        ("customer_address", QT_TR_NOOP("Address")), ("customer_code", QT_TR_NOOP("Code"))]),
    (QT_TR_NOOP("Device"), [
        ("product", QT_TR_NOOP("Product")), ("brand", QT_TR_NOOP("Brand")),
        ("model", QT_TR_NOOP("Model")), ("serial", QT_TR_NOOP("Serial no.")),
        ("purchase", QT_TR_NOOP("Purchase date")), ("warranty_months", QT_TR_NOOP("Warranty"))]),
    (QT_TR_NOOP("Fault"), [
        ("fault", QT_TR_NOOP("Fault")), ("accessories", QT_TR_NOOP("Accessories received")),
        ("appearance", QT_TR_NOOP("Appearance")), ("remarks", QT_TR_NOOP("Customer's remarks")),
        ("flags", QT_TR_NOOP("Noted")), ("warranty", QT_TR_NOOP("Warranty decision"))]),
    (QT_TR_NOOP("Service"), [
        ("visit", QT_TR_NOOP("Carry-in or on-site")), ("on_site", QT_TR_NOOP("On-site visit")),
        ("promised", QT_TR_NOOP("Promised date")), ("technician", QT_TR_NOOP("Technician")),
        ("work_type", QT_TR_NOOP("Work type")), ("location", QT_TR_NOOP("Where the unit is"))]),
]
ACTIONS_WIDTH = 190


def badge(text: str, colour: str, *, dark_text: bool = False) -> str:
    """Rich text: `text` as a coloured label (Qt's rich text has no rounded corners)."""
    fg = "#262626" if dark_text else "#ffffff"
    return (f'<span style="background-color:{colour}; color:{fg};">'
            f"&nbsp;{text}&nbsp;</span>")


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
        self.title.setObjectName("ticket_title")
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badges = QLabel()
        self.badges.setObjectName("ticket_badges")
        self.badges.setTextFormat(Qt.TextFormat.RichText)
        self.received = QLabel()
        self.received.setObjectName("ticket_received")
        self.received.setStyleSheet("color: palette(mid);")
        self.warning = QLabel()
        self.warning.setObjectName("ticket_warning")
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("ticket_message")
        self.message.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.badges)
        head.addWidget(self.received)
        head.addWidget(self.warning, 1)

        self.values: dict[str, QLabel] = {}
        blocks = QGridLayout()
        for index, (title, rows) in enumerate(BLOCKS):
            blocks.addWidget(self._block(title, rows), index // 2, index % 2)
        blocks.setColumnStretch(0, 1)
        blocks.setColumnStretch(1, 1)

        self.sections = QTabWidget()
        self.sections.setObjectName("ticket_sections")
        self.section_widgets: dict[str, QWidget] = {}
        self._section_titles: dict[str, str] = {}
        for section in sections_for(session.can):
            widget = section.make(self)
            widget.setObjectName(f"section_{section.key}")
            self.section_widgets[section.key] = widget
            self._section_titles[section.key] = section.title
            self.sections.addTab(widget, tr(section.title))

        left = QVBoxLayout()
        left.addLayout(blocks)  # as tall as what was taken in; the sections get the rest
        left.addWidget(self.sections, 1)

        self.buttons: dict[str, QPushButton] = {}
        self.action_specs: dict[str, TicketAction] = {}
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self._action_panel())
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        on_did_execute(self, self._operation_did_execute)

    # -- construction ----------------------------------------------------------------------
    def _block(self, title: str, rows: list[tuple[str, str]]) -> QGroupBox:
        return value_block(title, rows, self.values)

    def _action_panel(self) -> QWidget:
        """Every action the operator may take, in its group, in a place that never changes."""
        panel = QWidget()
        panel.setObjectName("ticket_actions")
        panel.setFixedWidth(ACTIONS_WIDTH)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        available = actions_for(self.session.can)
        for group, title in GROUPS:
            members = [a for a in available if a.group == group]
            if not members:
                continue
            heading = QLabel(tr(title))
            heading.setStyleSheet("font-weight: bold; margin-top: 6px;")
            column.addWidget(heading)
            for action in members:
                button = QPushButton(tr(action.label))
                button.setObjectName(action.key)
                button.setEnabled(False)  # until the ticket is loaded
                button.clicked.connect(lambda _checked=False, a=action: a.run(self))
                self.buttons[action.key] = button
                self.action_specs[action.key] = action
                column.addWidget(button)
        column.addStretch(1)
        return panel

    # -- loading ---------------------------------------------------------------------------
    def _operation_did_execute(self, changes: Changes, _origin: object) -> None:
        if self.ticket_id is not None and changes.touches_record("ticket", self.ticket_id):
            self.refresh()

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
        self.title.setText(t["number"])
        status = t["status"]
        badges = [badge(tr(STATUSES[status]), STATUS_COLOURS[status],
                        dark_text=status in CLOSED_STATUSES)]
        if t["urgent"]:
            badges.append(badge(tr("URGENT"), URGENT_COLOUR))
        badges.append(badge(tr(WARRANTY_CLASSES[t["warranty_class"]]), "#f0f0f0",
                            dark_text=True))
        self.badges.setText(" ".join(badges))
        self.warning.setText(self._warning(detail))
        texts = self.field_texts(detail)
        for key, label in self.values.items():
            label.setText(texts[key] or EMPTY)
        self.received.setText(tr("Received {received}").format(received=texts["received"]))
        for key, widget in self.section_widgets.items():
            count = widget.show_ticket(detail)  # type: ignore[attr-defined]
            title = tr(self._section_titles[key])
            self.sections.setTabText(self.sections.indexOf(widget),
                                     f"{title} ({count})" if count else title)
        self._update_actions()
        self.loaded.emit(t["number"])

    @staticmethod
    def field_texts(detail: dict[str, Any]) -> dict[str, str]:
        """What each field of the blocks shows."""
        t = detail["ticket"]
        customer = detail.get("customer") or {}
        months = detail.get("device_warranty_months")
        purchase = t.get("purchase_date")
        proof = tr("proof of purchase seen") if t.get("has_proof") else tr("no proof of purchase")
        reason = WARRANTY_REASONS.get(t.get("warranty_reason") or "", "")
        until = (covered_until(date.fromisoformat(purchase), int(months))
                 if purchase and months is not None else None)
        decision = tr(WARRANTY_CLASSES[t["warranty_class"]])
        if reason:
            decision = tr("{decision}: {reason}").format(
                decision=decision, reason=tr(reason).format(
                    date=until.isoformat() if until else "?"))
        if detail.get("rework_of_number"):
            decision += "; " + tr("rework of {number}").format(number=detail["rework_of_number"])
            if t.get("rework_free"):
                decision += " " + tr("(free)")
        if t.get("warranty_override_reason"):
            decision += "; " + tr("overridden: {reason}").format(
                reason=t["warranty_override_reason"])
        flags = [tr(label) for key, label in (("human_damage", QT_TR_NOOP("Human damage")),
                                               ("claim", QT_TR_NOOP("Claim unit")),
                                               ("urgent", QT_TR_NOOP("Urgent")))
                 if t.get(key)]
        on_site = t["visit"] == "on_site"
        return {
            "customer_name": t["customer_name"],
            "phones": " / ".join(customer.get("phones") or []),
            "customer_address": customer.get("address") or "",
            "customer_code": customer.get("code") or "",
            "product": t["product"], "brand": t["brand"], "model": t["model"],
            "serial": t["serial"],
            "purchase": tr("{date}, {proof}").format(date=purchase or tr("unknown"),
                                                     proof=proof),
            "warranty_months": tr("{months} months").format(months=months)
            if months is not None else "",
            "fault": t["fault"], "accessories": t["accessories"],
            "appearance": t["appearance"], "remarks": t["remarks"],
            "flags": "、".join(flags), "warranty": decision,
            "visit": tr(VISITS[t["visit"]]),
            "on_site": "  ".join(part for part in (
                t["address"], detail.get("region") or "",
                tr("appointment {time}").format(time=when(t["appointment_at"]))
                if t.get("appointment_at") else "") if part) if on_site else "",
            "promised": t["promised_on"], "technician": detail.get("technician") or "",
            "work_type": detail.get("work_type") or "",
            "location": location_text(t["location_kind"], t["location_label"], tr),
            "received": f"{when(t['received_at'])}  {t['received_by']}",
        }

    def summary_text(self) -> str:
        """Everything the blocks show, one field a line (for tests and copying)."""
        return "\n".join(label.text() for label in self.values.values())

    @staticmethod
    def _warning(detail: dict[str, Any]) -> str:
        """The seed's checks at pickup: past the promised date, or ready and not collected."""
        t = detail["ticket"]
        today = date.fromisoformat(detail["today"])
        if t["status"] in CLOSED_STATUSES:
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

    def _update_actions(self) -> None:
        """Each button stays where it is: enabled, or disabled with the reason."""
        assert self.detail is not None
        for key, button in self.buttons.items():
            reason = self.action_specs[key].blocked(self.detail, self)
            button.setEnabled(reason is None)
            button.setToolTip(reason or "")
            button.setStatusTip(reason or "")

    # -- actions ---------------------------------------------------------------------------
    def _run(self, action: Any, done_text: str, also: Changes | None = None) -> None:
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
        assert self.detail is not None
        unsettled = target == "picked_up" and not self.detail["ticket"]["settled"]
        if target == "cancelled" or unsettled:
            dialog = ReasonDialog(
                tr(self.action_specs[f"status_{target}"].label),
                tr("The ticket is cancelled: say why.") if target == "cancelled" else
                tr("The unit is handed over without a settlement: say why."),
                (lambda: refuse("cancel_reason_required")) if target == "cancelled"
                else (lambda: refuse("release_reason_required")), parent=self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            self.change_status(target, dialog.reason.text())
            return
        self.change_status(target)

    def add_quote(self, parts: Decimal, labour: Decimal, other: Decimal = Decimal(0),
                  note: str = "") -> None:
        tid = self.ticket_id
        assert tid is not None
        self._run(lambda conn: tickets.add_quote(conn, tid, parts=parts, labour=labour,
                                                 other=other, note=note),
                  tr("Quote recorded."))

    def ask_quote(self) -> None:
        assert self.detail is not None
        dialog = QuoteDialog(self.detail["ticket"]["number"], parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_values:
            self.add_quote(**dialog.result_values)

    def answer_quote(self, approved: bool, channel: str, note: str = "") -> None:
        assert self.detail is not None
        quote_id = self.detail["quotes"][-1]["id"]
        today = date.fromisoformat(self.detail["today"])
        self._run(lambda conn: tickets.decide_quote(conn, quote_id, approved=approved,
                                                    channel=channel, decided_on=today,
                                                    note=note),
                  tr("The customer's answer is recorded."))

    def ask_quote_answer(self) -> None:
        assert self.detail is not None
        quote = self.detail["quotes"][-1]
        total = sum((Decimal(str(quote[k] or 0)) for k in ("parts_amount", "labour_amount",
                                                           "other_amount")), Decimal(0))
        dialog = QuoteAnswerDialog(amount(total), parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.answer_quote(**dialog.values())

    def change_promise(self, promised_on: date) -> None:
        assert self.detail is not None
        tid, version = self.detail["ticket"]["id"], self.detail["ticket"]["version"]
        done = (tr("The promised date is now {date}: use Notify... to tell the customer.")
                if self.session.can("notice.send") else tr("The promised date is now {date}."))
        self._run(lambda conn: tickets.edit_ticket(conn, tid, version, promised_on=promised_on),
                  done.format(date=promised_on.isoformat()))

    def ask_promise(self) -> None:
        assert self.detail is not None
        t = self.detail["ticket"]
        dialog = PromiseDialog(date.fromisoformat(t["received_on"]),
                               date.fromisoformat(t["promised_on"]), parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.change_promise(dialog.value())

    def send_notice(self, kind: str, channel: str, recipient: str, body: str) -> None:
        tid = self.ticket_id

        def send(conn: Any) -> Any:
            return notices.send_notice(conn, kind=kind, channel=channel, recipient=recipient,
                                       body=body, subject=tr("Your repair"), ticket_id=tid)

        self._run(send, tr("Notice recorded."), also=Changes.of("notice"))

    def ask_notice(self) -> None:
        assert self.detail is not None
        # the notice the status suggests; the operator may choose another
        kind = {"ready": "repaired", "waiting_parts": "waiting_parts"}.get(
            self.detail["ticket"]["status"], "period_extended")
        dialog = NoticeDialog(self.detail, kind=kind, parent=self)
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

    def print_intake(self) -> None:
        printing.print_intake(self.detail or {}, copy=True)

    def print_settlement(self) -> None:
        printing.print_settlement(self.detail or {})
