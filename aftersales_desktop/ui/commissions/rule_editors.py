"""The commission settings' editors of rules with validity days: the commission rules
(service mode x work type) and the rework charge-back rule; `ValidityEditor` is their
base and the hours scheme's (scheme_editors.py).

A rule's validity may not overlap another's of the same key: the refusal (the
service's, naming the rule in the way, or the database's exclusion constraint) shows at
Valid from. A rule that lines use says so: its lines keep what they were made with.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QMessageBox, QWidget

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.commission_lists import COMMISSION_RULES, REWORK_RULES
from aftersales_desktop.data.listing import ListSource
from aftersales_desktop.domain.audit_labels import SERVICE_MODES
from aftersales_desktop.domain.commissions import (
    PCT_RULE_KINDS,
    REWORK_KINDS,
    RULE_KINDS,
    rule_amount,
)
from aftersales_desktop.domain.masking import format_money
from aftersales_desktop.services.commissions import rules as service
from aftersales_desktop.services.commissions.rules import parse_number

from ..forms import set_choices
from ..i18n import tr
from ..operations import Changes
from ..record_editor import RecordEditor, record_value

HINT_STYLE = "color: #555;"
USED_STYLE = "color: #b35900;"  # orange: what a change does not touch


def plain_number(value: Any) -> str:
    """12.5000 as 12.5 (a rate or factor as the operator would type it); None as ""."""
    if value is None:
        return ""
    number = Decimal(str(value)).normalize()
    return f"{number:f}"


def date_edit(empty_text: str) -> QDateEdit:
    """A yyyy-MM-dd day with a calendar; its minimum shows `empty_text` (no day)."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setSpecialValueText(tr(empty_text))  # before the limits: the minimum means "none"
    return edit


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


class ValidityEditor(RecordEditor):
    """A rule editor whose records hold from a day (to a day, or open-ended)."""

    def add_validity(self) -> None:
        self.valid_from_edit = self.add_row(QT_TR_NOOP("Valid from"),
                                            date_edit(QT_TR_NOOP("(choose a day)")),
                                            name="valid_from", required=True,
                                            default=shop_time.today())
        self.valid_from_edit.setObjectName("valid_from")
        self.valid_to_edit = self.add_row(QT_TR_NOOP("Valid until"),
                                          date_edit(QT_TR_NOOP("(open-ended)")),
                                          name="valid_to")
        self.valid_to_edit.setObjectName("valid_to")
        self.valid_to_edit.setToolTip(tr("The last day the rule holds; leave it at "
                                         "(open-ended) for a rule without an end."))

    def number_edit(self, label: str, name: str, *, placeholder: str = "0",
                    default: str = "") -> QLineEdit:
        edit = self.add_row(label, QLineEdit(), name=name, required=True, default=default)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)  # numbers line up, as amounts do
        return edit

    def show_record(self, record: Any) -> None:
        super().show_record(record)
        for name, (widget, _default) in self._values.items():
            value = record_value(record, name, None)
            if isinstance(widget, QLineEdit) and isinstance(value, Decimal):
                widget.setText(plain_number(value))

    def delete_current(self, what: str, op: Any) -> None:
        """Ask, then delete the shown record with `op(conn, key, version)`."""
        if self.record is None:
            return
        answer = QMessageBox.question(self, tr("Delete"), tr("Delete {what}?").format(
            what=self.title.text() or what))
        if answer != QMessageBox.StandardButton.Yes:
            return
        key = self.record_key(self.record)
        version = record_value(self.record, "version", None)

        def deleted(_result: object) -> None:
            self._dirty = False
            self.new_record()
            self.feedback.show_message(tr("Deleted."), ok=True)

        self.write(lambda conn: op(conn, key, version), self.saves, deleted)


class KindedEditor(ValidityEditor):
    """A rule whose kind says whether it takes an amount or a rate (the other row is
    hidden and sent empty)."""

    kinds: ClassVar[dict[str, str]]
    rate_kinds: ClassVar[frozenset[str]]

    def add_kind(self) -> None:
        self.kind_combo = self.add_row(QT_TR_NOOP("Kind"), QComboBox(), name="kind",
                                       required=True, default=next(iter(self.kinds)))
        self.kind_combo.setObjectName("kind")
        for code, label in self.kinds.items():
            self.kind_combo.addItem(tr(label), code)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.show_kind())

    def add_amount_and_rate(self, amount_label: str) -> None:
        self.amount_edit = self.number_edit(amount_label, "amount", placeholder="0.00")
        self.rate_edit = self.number_edit(QT_TR_NOOP("Rate (%)"), "rate",
                                          placeholder=tr("e.g. 30 for 30 %"))
        self.show_kind()

    def is_rate(self) -> bool:
        return self.kind_combo.currentData() in self.rate_kinds

    def show_kind(self) -> None:
        rate = self.is_rate()
        self.form.setRowVisible(self.amount_edit, not rate)
        self.form.setRowVisible(self.rate_edit, rate)

    def show_record(self, record: Any) -> None:
        super().show_record(record)
        self.show_kind()

    def clear_form(self) -> None:
        super().clear_form()
        self.show_kind()

    def form_values(self) -> Any:
        values = super().form_values()
        if self.is_rate():
            values["amount"] = None
        else:
            values["rate"] = None
        return values


class CommissionRulesEditor(KindedEditor):
    """提成规则: what a reviewed job pays its technicians per service mode and work type."""

    new_label = QT_TR_NOOP("New commission rule")
    table = "commission_rule"
    saves = Changes.of("commission_rule")
    choice_watches = frozenset({"work_type", "service_mode"})
    kinds = RULE_KINDS
    rate_kinds = PCT_RULE_KINDS
    KIND_HINTS: ClassVar[dict[str, str]] = {
        "fixed": QT_TR_NOOP("Paid per unit of the work type done (its quantity on the work "
                            "report), times the technician's grade factor."),
        "labour_pct": QT_TR_NOOP("A share of the work type's labour fee times its quantity, "
                                 "times the technician's grade factor."),
        "margin_pct": QT_TR_NOOP("A share of the job's parts margin (parts sold less their "
                                 "cost), counted once per job, times the grade factor."),
    }

    def __init__(self, database: Database, *, source: ListSource = COMMISSION_RULES,
                 parent: QWidget | None = None) -> None:
        super().__init__(source, database, parent=parent)
        self.mode_combo = self.add_row(QT_TR_NOOP("Service mode"), QComboBox(),
                                       name="service_mode", required=True)
        self.mode_combo.setObjectName("service_mode")
        self.work_type_combo = self.add_row(QT_TR_NOOP("Work type"), QComboBox(),
                                            name="work_type_id", required=True)
        self.work_type_combo.setObjectName("work_type_id")
        self.add_kind()
        self.kind_hint = hint("")
        self.add_row("", self.kind_hint)
        self.add_amount_and_rate(QT_TR_NOOP("Amount per unit"))
        self.labour_fees: dict[int, Decimal] = {}
        self.example_label = hint("")
        self.example_label.setObjectName("rule_example")
        self.add_row("", self.example_label)
        for edit in (self.amount_edit, self.rate_edit):
            edit.textChanged.connect(lambda _text: self.show_example())
        self.work_type_combo.currentIndexChanged.connect(lambda _i: self.show_example())
        self.add_validity()
        self.note_edit = self.add_row(QT_TR_NOOP("Note"), QLineEdit(), name="note", default="")
        self.uses_label = QLabel()
        self.uses_label.setObjectName("rule_uses")
        self.uses_label.setWordWrap(True)
        self.uses_label.setStyleSheet(USED_STYLE)
        self.add_row("", self.uses_label)
        self.delete_button = self.add_button(
            QT_TR_NOOP("Delete"), lambda: self.delete_current(tr("the rule"),
                                                              service.delete_rule))
        self.start()

    def show_kind(self) -> None:
        super().show_kind()
        kind = self.kind_combo.currentData()
        self.kind_hint.setText(tr(self.KIND_HINTS.get(kind, "")))
        if hasattr(self, "example_label"):
            self.show_example()

    def show_example(self) -> None:
        """What the rule as typed pays (domain/commissions.py, the database's twin), for
        one unit at grade factor 1.000: the operator sees a wrong rate before saving."""
        self.example_label.setText(rule_example(
            self.kind_combo.currentData(), self.amount_edit.text(), self.rate_edit.text(),
            self.labour_fees.get(self.work_type_combo.currentData())))

    def load_choices(self, conn: Any) -> service.RuleChoices:
        return service.choices(conn)

    def apply_choices(self, choices: service.RuleChoices) -> None:
        set_choices(self.mode_combo, [(code, tr(SERVICE_MODES.get(code, label)))
                                      for code, label in choices.service_modes])
        set_choices(self.work_type_combo, [
            (wt_id, f"{name} ({code})" + ("" if active else tr(" (inactive)")))
            for wt_id, code, name, active in choices.work_types])
        self.labour_fees = dict(choices.labour_fees)

    def fetch(self, conn: Any, key: int) -> dict[str, Any]:
        return service.get_rule(conn, key)

    def store(self, conn: Any, values: dict[str, Any]) -> int:
        return service.save_rule(conn, **values)

    def new_title(self) -> str:
        return tr("New commission rule")

    def record_title(self, record: Any) -> str:
        mode = record_value(record, "service_mode", "")
        return tr("Commission rule: {mode} / {work_type}").format(
            mode=tr(SERVICE_MODES.get(mode, mode)),
            work_type=record_value(record, "work_type_name", ""))

    def show_record(self, record: Any) -> None:
        super().show_record(record)
        self.uses_label.setText(uses_text(record_value(record, "lines", None)))
        # only a rule known to be unused (lines counted, none) may go
        self.delete_button.setEnabled(record_value(record, "lines", None) == 0)

    def clear_form(self) -> None:
        super().clear_form()
        self.uses_label.setText("")
        self.delete_button.setEnabled(False)


EXAMPLE_MARGIN = Decimal("100.00")


def rule_example(kind: Any, amount: str, rate: str, labour_fee: Decimal | None) -> str:
    """"1 unit pays ¥24.00 (labour fee ¥80.00 x 30 %)" for the rule as typed; "" while
    what is typed is no number."""
    try:
        if kind == "fixed":
            paid = rule_amount("fixed", parse_number(amount, "commission_rule", "amount"),
                               None, Decimal(0), Decimal(1), Decimal(1))
            return tr("Example: 1 unit of the work type pays {paid} (grade factor 1.000)."
                      ).format(paid=format_money(paid))
        rate_value = parse_number(rate, "commission_rule", "rate")
        if kind == "labour_pct" and labour_fee is not None:
            paid = rule_amount(kind, None, rate_value, labour_fee, Decimal(1), Decimal(1))
            return tr("Example: 1 unit of the work type (labour fee {fee}) pays {paid} "
                      "(grade factor 1.000).").format(fee=format_money(labour_fee),
                                                      paid=format_money(paid))
        if kind == "margin_pct":
            paid = rule_amount(kind, None, rate_value, EXAMPLE_MARGIN, Decimal(1), Decimal(1))
            return tr("Example: a job with {margin} of parts margin pays {paid} (grade "
                      "factor 1.000).").format(margin=format_money(EXAMPLE_MARGIN),
                                               paid=format_money(paid))
    except ValidationError:
        pass
    return ""


def uses_text(lines: int | None) -> str:
    """What a change to a rule does to the lines made with it."""
    if lines is None:
        return ""
    if lines == 0:
        return tr("No commission line uses this rule yet.")
    return tr("{count} commission lines use this rule. They keep the amount or rate they "
              "were made with: a change applies only to jobs reviewed after it. To pay "
              "differently from a day on, end this rule (Valid until) and add a new one."
              ).format(count=lines)


class ReworkRuleEditor(KindedEditor):
    """返修扣款: what a free rework charges back to the first job's technicians."""

    new_label = QT_TR_NOOP("New rework rule")
    table = "rework_rule"
    saves = Changes.of("rework_rule")
    kinds = REWORK_KINDS
    rate_kinds = frozenset({"commission_pct"})

    def __init__(self, database: Database, *, parent: QWidget | None = None) -> None:
        super().__init__(REWORK_RULES, database, parent=parent)
        self.add_row("", hint(tr(
            "A free rework (返修) charges the technicians of the first job back: a fixed "
            "amount, or a share of the commission they had for that job (100 % takes "
            "it back in full). The rule valid on the day the rework is finished applies.")))
        self.add_kind()
        self.add_amount_and_rate(QT_TR_NOOP("Amount charged back"))
        self.add_validity()
        self.note_edit = self.add_row(QT_TR_NOOP("Note"), QLineEdit(), name="note", default="")
        self.start()

    def fetch(self, conn: Any, key: int) -> dict[str, Any]:
        return service.get_rework_rule(conn, key)

    def store(self, conn: Any, values: dict[str, Any]) -> int:
        return service.save_rework_rule(conn, **values)

    def new_title(self) -> str:
        return tr("New rework rule")

    def record_title(self, record: Any) -> str:
        return tr("Rework rule from {day}").format(day=record_value(record, "valid_from", ""))
