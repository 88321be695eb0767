"""One commission statement (提成工资单), read-only: the header with the payee, the month,
the state (who confirmed or settled it and when) and the totals, then every line of the
month with its ticket number. Enter, a double-click or Ctrl+O on a line opens its ticket.

With commission.settle it also confirms a draft statement (F9, asks once) and reopens a
confirmed one; each is one server call (app.commission_statement_act) and the view reads
the statement again afterwards. A statement whose lines changed after it was computed is
marked stale (run the month again before confirming: the database refuses otherwise).

The month page shows it under its list; 我的提成 shows the operator's own statement.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.commissions import (
    LINE_KINDS,
    LINE_ORIGINS,
    LINE_REASONS,
    LINE_STATES,
    NO_RULE_REASON,
    SCHEMES,
    STATEMENT_STATES,
)
from aftersales_desktop.domain.masking import format_money
from aftersales_desktop.services.commissions import month as months
from aftersales_desktop.services.session import OperatorSession

from ..dispatch.page_button import page_button
from ..forms import ERROR_STYLE, OK_STYLE
from ..i18n import tr
from ..listview.display import format_quantity
from ..messages import error_text
from ..operations import CollectionOp, QueryOp

Data = dict[str, Any]  # app.commission_statement_get's answer: {"statement", "lines"}

# the header's money, in MONEY_KEYS order
MONEY_LABELS: dict[str, str] = {
    "post_wage": QT_TR_NOOP("Post wage"),
    "commissions": QT_TR_NOOP("Commissions"),
    "hours_pay": QT_TR_NOOP("Hours pay"),
    "rewards": QT_TR_NOOP("Rewards"),
    "penalties": QT_TR_NOOP("Penalties"),
    "deductions": QT_TR_NOOP("Deductions"),
    "adjustments": QT_TR_NOOP("Adjustments"),
    "total": QT_TR_NOOP("Total", "commission statement"),
}
# (key, header) of the lines' columns
LINE_COLUMNS: list[tuple[str, str]] = [
    ("kind", QT_TR_NOOP("Kind")),
    ("ticket_number", QT_TR_NOOP("Ticket")),
    ("work_type", QT_TR_NOOP("Work type")),
    ("quantity", QT_TR_NOOP("Quantity")),
    ("base", QT_TR_NOOP("Base")),
    ("rate", QT_TR_NOOP("Rate")),
    ("grade_factor", QT_TR_NOOP("Grade factor")),
    ("share", QT_TR_NOOP("Share")),
    ("hours", QT_TR_NOOP("Hours")),
    ("amount", QT_TR_NOOP("Amount")),
    ("detail", QT_TR_NOOP("Detail")),
    ("origin", QT_TR_NOOP("Origin")),
]
LINE_KEYS = [key for key, _label in LINE_COLUMNS]
RIGHT_ALIGNED = {"quantity", "base", "rate", "grade_factor", "share", "hours", "amount"}
STATE_COLOURS = {"draft": "#8c8c8c", "confirmed": "#1d39c4", "settled": "#2f6f3e"}
STALE_STYLE = "color: #d46b08; font-weight: bold;"
NOT_COUNTED = "#8c8c8c"  # a proposed or rejected line: shown, not in the totals
NEGATIVE = "#a8071a"
ROW_ROLE = Qt.ItemDataRole.UserRole


def month_text(value: Any) -> str:
    """2026-11 for the month 2026-11-01."""
    if isinstance(value, (date, datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    return str(value or "")[:7]


def _number(value: Any) -> str:
    return format_quantity(value) if isinstance(value, (Decimal, int)) else ""


def _moment(value: Any) -> str:
    return shop_time.format_datetime(value) if isinstance(value, (datetime, str)) and value \
        else ""


# reasons the month run gives its pay lines (cm-month), besides domain's LINE_REASONS
RUN_REASONS: dict[str, str] = {
    "probation": QT_TR_NOOP("On probation: no hours pay"),
}
NO_HOURS_RULE = QT_TR_NOOP("No hours rule for this month")


def _reason_text(line: dict[str, Any]) -> str:
    reason = str(line.get("reason") or "")
    if not reason:
        return ""
    if line.get("kind") == "rework":
        # a rework charge-back's reason is the first ticket's number (as the print says)
        return tr("rework of {number}").format(number=reason)
    if reason == NO_RULE_REASON and line.get("kind") in ("hours_pay", "supervisor_pay"):
        return tr(NO_HOURS_RULE)
    labels = {**LINE_REASONS, **RUN_REASONS}
    return tr(labels[reason]) if reason in labels else reason


def line_detail(line: dict[str, Any]) -> str:
    """What a line is for, in words: the reason code's label, the item, an adjustment's
    original month, the hours a pay line is computed from."""
    parts: list[str] = []
    item = line.get("item")
    if isinstance(item, dict) and item.get("name"):
        parts.append(str(item["name"]))
    elif isinstance(item, str) and item:
        parts.append(item)
    reason = _reason_text(line)
    if reason:
        parts.append(reason)
    rule_kind = str(line.get("rule_kind") or "")
    if line.get("kind") == "commission" and rule_kind in SCHEMES:
        parts.append(tr(SCHEMES[rule_kind]))  # paid by the hours scheme, or no commission
    if line.get("reverses_period"):
        parts.append(tr("reverses a line of {month}").format(
            month=month_text(line["reverses_period"])))
    if line.get("kind") == "hours_pay" and line.get("rated_hours") is not None:
        parts.append(tr("repair {repair} h, other {other} h, basic {basic} h, "
                        "rated {rated} h").format(
            repair=_number(line.get("repair_hours") or 0),
            other=_number(line.get("other_hours") or 0),
            basic=_number(line.get("basic_hours") or 0),
            rated=_number(line.get("rated_hours") or 0)))
    elif line.get("kind") == "supervisor_pay" and line.get("rated_hours") is not None:
        # the run's supervisor line: quantity = members averaged, base = their average
        # pay, rate = the factor, repair_hours = their assessed hours, rated = the quota
        parts.append(tr("{members} members, average pay {average}; department "
                        "{assessed} h of {quota} h").format(
            members=_number(line.get("quantity") or 0),
            average=format_money(line.get("base") or Decimal(0)),
            assessed=_number(line.get("repair_hours") or 0),
            quota=_number(line.get("rated_hours") or 0)))
    # Chinese details take the full-width semicolon, as on the printed statement
    wide = any("\u3000" <= char <= "\u9fff" for part in parts for char in part)
    return ("；" if wide else "; ").join(parts)


def line_texts(line: dict[str, Any]) -> list[str]:
    kind = str(line.get("kind") or "")
    origin = str(line.get("origin") or "")
    state = str(line.get("state") or "active")
    rate = line.get("rate")
    origin_text = tr(LINE_ORIGINS.get(origin, origin)) if origin else ""
    if state != "active":
        origin_text = f"{origin_text} ({tr(LINE_STATES.get(state, state))})"
    values = {
        "kind": tr(LINE_KINDS.get(kind, kind)),
        "ticket_number": str(line.get("ticket_number") or ""),
        "work_type": str(line.get("work_type") or ""),
        "quantity": _number(line.get("quantity")),
        "base": format_money(line["base"]) if line.get("base") is not None else "",
        "rate": f"{_number(rate)}%" if isinstance(rate, (Decimal, int)) else "",
        "grade_factor": _number(line.get("grade_factor")),
        "share": f"{_number(line['share'])}%" if line.get("share") is not None else "",
        "hours": _number(line.get("hours")),
        "amount": format_money(line.get("amount") or Decimal(0)),
        "detail": line_detail(line),
        "origin": origin_text,
    }
    return [values[key] for key in LINE_KEYS]


class StatementView(QWidget):
    """A statement and its lines; `ticket_requested(ticket_id)` for the main window,
    `acted(statement)` after a confirm or reopen went through."""

    ticket_requested = Signal(int)
    acted = Signal(object)
    loaded = Signal()

    def __init__(self, database: Database, session: OperatorSession, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statement_view")
        self.database = database
        self.session = session
        self.can_act = session.can(months.SETTLE)
        self.data: Data | None = None
        self.loaded_once = False
        self._asked = 0  # the newest request: an older answer arriving late is dropped
        self._again: Callable[[], None] | None = None
        self._note_for: int | None = None  # the statement the message is about

        self.title = QLabel()
        self.title.setObjectName("statement_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.state = QLabel()
        self.state.setObjectName("statement_state")
        self.who = QLabel()
        self.who.setObjectName("statement_who")
        self.stale = QLabel(tr("The lines changed after this statement was computed: "
                               "run the month again before confirming it."))
        self.stale.setObjectName("statement_stale")
        self.stale.setStyleSheet(STALE_STYLE)
        self.stale.setWordWrap(True)
        self.stale.hide()
        self.money: dict[str, QLabel] = {}
        totals = QGridLayout()
        totals.setHorizontalSpacing(18)
        for index, key in enumerate(months.MONEY_KEYS):
            caption = QLabel(tr(MONEY_LABELS[key]))
            value = QLabel()
            value.setObjectName(f"statement_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if key == "total":
                bold = value.font()
                bold.setBold(True)
                value.setFont(bold)
                caption.setFont(bold)
            row, column = divmod(index, 4)
            totals.addWidget(caption, row, column * 2)
            totals.addWidget(value, row, column * 2 + 1)
            self.money[key] = value
        self.lines = QTableWidget(0, len(LINE_COLUMNS))
        self.lines.setObjectName("statement_lines")
        self.lines.setHorizontalHeaderLabels([tr(label) for _key, label in LINE_COLUMNS])
        self.lines.verticalHeader().hide()
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines.setAlternatingRowColors(True)
        self.lines.setWordWrap(False)
        self.lines.itemActivated.connect(lambda _item: self.open_ticket())
        self.lines.itemSelectionChanged.connect(self._update_buttons)
        self.message = QLabel()
        self.message.setObjectName("statement_message")
        self.message.setWordWrap(True)

        self.ticket_button = page_button(self, "statement_ticket", tr("Open ticket (Ctrl+O)"),
                                         "Ctrl+O", self.open_ticket)
        self.confirm_button = page_button(self, "statement_confirm", tr("Confirm (F9)"),
                                          "F9", self.confirm)
        self.reopen_button = page_button(self, "statement_reopen", tr("Reopen"), "",
                                         self.reopen)
        for button in (self.confirm_button, self.reopen_button):
            button.setVisible(self.can_act)

        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.state)
        heading.addStretch(1)
        heading.addWidget(self.who)
        buttons = QHBoxLayout()
        buttons.addWidget(self.ticket_button)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.reopen_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.stale)
        layout.addLayout(totals)
        layout.addWidget(self.lines, 1)
        layout.addLayout(buttons)
        self.clear()

    # -- loading ---------------------------------------------------------------------------
    def clear(self, text: str = "") -> None:
        """No statement shown (`text` says why)."""
        self._asked += 1
        self.data = None
        self._again = None
        self.title.setText(text or tr("No statement chosen"))
        self.state.clear()
        self.who.clear()
        self.stale.hide()
        for label in self.money.values():
            label.clear()
        self.lines.setRowCount(0)
        self.show_message("")
        self._update_buttons()

    def show_statement(self, statement_id: int) -> None:
        """Read statement `statement_id` and show it."""
        self._load(lambda conn: months.statement(conn, statement_id),
                   lambda: self.show_statement(statement_id))

    def show_payee(self, month: date, *, employee_id: int | None = None,
                   outlet_id: int | None = None) -> None:
        """A payee's statement of `month` (a preview from the lines when it has none)."""
        self._load(lambda conn: months.payee_statement(conn, month, employee_id=employee_id,
                                                       outlet_id=outlet_id),
                   lambda: self.show_payee(month, employee_id=employee_id,
                                           outlet_id=outlet_id))

    def show_own(self, month: date) -> None:
        """The operator's own statement of `month`."""
        self._load(lambda conn: months.own_statement(conn, month),
                   lambda: self.show_own(month))

    def reload(self) -> None:
        if self._again is not None:
            self._again()

    def _load(self, op: Callable[[Any], Data | None], again: Callable[[], None]) -> None:
        self._asked += 1
        asked = self._asked
        self._again = again
        QueryOp(parent=self, database=self.database, op=op,
                success=lambda found: self._loaded(asked, found)).failure(
                    lambda exc: self._failed(asked, exc)).with_progress().run_in_background()

    def _loaded(self, asked: int, found: Data | None) -> None:
        if asked != self._asked:
            return
        again = self._again
        if not found or not isinstance(found.get("statement"), dict):
            self.clear(tr("No statement for this month"))
        else:
            self.show_data(found)
        self._again = again
        self.loaded_once = True
        self.loaded.emit()

    def _failed(self, asked: int, exc: BaseException) -> None:
        if asked != self._asked:
            return
        self.loaded_once = True
        self.show_message(error_text(exc), ok=False)
        self.loaded.emit()

    def show_data(self, data: Data) -> None:
        """Show an answer of app.commission_statement_get."""
        self.data = data
        statement: dict[str, Any] = data["statement"]
        payee = str(statement.get("payee_name") or "")
        code = str(statement.get("payee_code") or "")
        self.title.setText(tr("Commission statement {payee} {month}").format(
            payee=f"{payee} ({code})" if code else payee,
            month=month_text(statement.get("period") or statement.get("month"))))
        state = str(statement.get("state") or "draft")
        if statement.get("id") is None:
            self.state.setText("[" + tr("Not computed yet") + "]")
            self.state.setStyleSheet(f"color: {STATE_COLOURS['draft']};")
        else:
            self.state.setText(f"[{tr(STATEMENT_STATES.get(state, state))}]")
            self.state.setStyleSheet(f"color: {STATE_COLOURS.get(state, '')}; "
                                     "font-weight: bold;")
        self.who.setText(self._who_text(statement))
        self.stale.setVisible(bool(statement.get("stale")))
        for key, label in self.money.items():
            value = statement.get(key)
            label.setText(format_money(value if value is not None else Decimal(0)))
            negative = isinstance(value, Decimal) and value < 0
            label.setStyleSheet(f"color: {NEGATIVE};" if negative else "")
        self._fill_lines(list(data.get("lines") or []))
        if statement.get("id") is None or statement.get("id") != self._note_for:
            self._note_for = None
            self.show_message("")
        self._update_buttons()

    @staticmethod
    def _who_text(statement: dict[str, Any]) -> str:
        parts = []
        scheme = str(statement.get("scheme") or "")
        if scheme:
            parts.append(tr(SCHEMES.get(scheme, scheme)))
        if statement.get("department"):
            parts.append(str(statement["department"]))
        for key, label in (("computed_at", tr("computed {at}")),
                           ("confirmed_at", tr("confirmed by {by} {at}")),
                           ("settled_at", tr("settled by {by} {at}"))):
            if statement.get(key):
                by = statement.get(key.replace("_at", "_by")) or ""
                parts.append(label.format(by=by, at=_moment(statement[key])).strip())
        return "  ·  ".join(parts)

    def _fill_lines(self, lines: list[dict[str, Any]]) -> None:
        self.lines.setRowCount(len(lines))
        for row, line in enumerate(lines):
            counted = str(line.get("state") or "active") == "active"
            amount = line.get("amount")
            for column, text in enumerate(line_texts(line)):
                key = LINE_KEYS[column]
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 0:
                    item.setData(ROW_ROLE, line)
                if key in RIGHT_ALIGNED:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if not counted:
                    item.setForeground(QColor(NOT_COUNTED))
                elif key == "amount" and isinstance(amount, Decimal) and amount < 0:
                    item.setForeground(QColor(NEGATIVE))
                self.lines.setItem(row, column, item)
        self.lines.resizeColumnsToContents()
        header = self.lines.horizontalHeader()
        detail = LINE_KEYS.index("detail")
        header.resizeSection(detail, min(max(header.sectionSize(detail), 160), 320))
        header.setSectionResizeMode(len(LINE_KEYS) - 1, QHeaderView.ResizeMode.Stretch)
        if lines:
            self.lines.selectRow(0)

    # -- the lines -------------------------------------------------------------------------
    def statement(self) -> dict[str, Any] | None:
        found = self.data.get("statement") if self.data else None
        return found if isinstance(found, dict) else None

    def line_rows(self) -> list[dict[str, Any]]:
        return list(self.data.get("lines") or []) if self.data else []

    def selected_line(self) -> dict[str, Any] | None:
        row = self.lines.currentRow()
        item = self.lines.item(row, 0) if row >= 0 else None
        found = item.data(ROW_ROLE) if item is not None else None
        return found if isinstance(found, dict) else None

    def select_ticket(self, number: str) -> bool:
        for row, line in enumerate(self.line_rows()):
            if line.get("ticket_number") == number:
                self.lines.selectRow(row)
                return True
        return False

    def open_ticket(self) -> None:
        line = self.selected_line()
        if line is not None and line.get("ticket_id") is not None:
            self.ticket_requested.emit(int(line["ticket_id"]))

    def _update_buttons(self) -> None:
        line = self.selected_line()
        self.ticket_button.setEnabled(line is not None and line.get("ticket_id") is not None)
        statement = self.statement()
        state = str(statement.get("state")) if statement else ""
        has_id = statement is not None and statement.get("id") is not None
        self.confirm_button.setEnabled(self.can_act and has_id and state == "draft")
        self.reopen_button.setEnabled(self.can_act and has_id and state == "confirmed")

    def show_message(self, text: str, *, ok: bool | None = None) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("" if ok is None else OK_STYLE if ok else ERROR_STYLE)

    # -- confirm / reopen ------------------------------------------------------------------
    def confirm(self, *, ask: bool = True) -> bool:
        """Confirm the draft statement (asks once); False when nothing was sent."""
        statement = self.statement()
        if statement is None or not self.can_act or not self.confirm_button.isEnabled():
            return False
        if ask and QMessageBox.question(
                self, tr("Confirm the statement"),
                tr("Confirm the statement of {payee}, total {total}?").format(
                    payee=statement.get("payee_name") or "",
                    total=format_money(statement.get("total") or Decimal(0)))
                ) != QMessageBox.StandardButton.Yes:
            return False
        return self._act("confirm")

    def reopen(self) -> bool:
        """Put a confirmed statement back to draft; False when nothing was sent."""
        if self.statement() is None or not self.can_act or not self.reopen_button.isEnabled():
            return False
        return self._act("reopen")

    def _act(self, action: str) -> bool:
        statement = self.statement()
        assert statement is not None
        statement_id, version = int(statement["id"]), int(statement.get("version") or 0)
        self.confirm_button.setEnabled(False)
        self.reopen_button.setEnabled(False)
        CollectionOp(parent=self, database=self.database,
                     op=lambda conn: months.act(conn, statement_id=statement_id,
                                                version=version, action=action),
                     changes=months.CHANGES, atomic=False).success(
                         lambda row: self._acted(statement_id, action, row)).failure(
                         self._act_failed).run_in_background()
        return True

    def _acted(self, statement_id: int, action: str, row: dict[str, Any]) -> None:
        # the message stays while this statement is shown (the reloads it causes)
        self._note_for = statement_id
        self.show_message(tr("Statement confirmed.") if action == "confirm"
                          else tr("Statement reopened."), ok=True)
        self.show_statement(statement_id)
        self.acted.emit(row)

    def _act_failed(self, exc: BaseException) -> None:
        statement = self.statement()
        self._note_for = int(statement["id"]) if statement and statement.get("id") else None
        self.show_message(error_text(exc), ok=False)
        self._update_buttons()
