"""The commission settings' editors of the multipliers and the hours scheme: 技术等级系数
(a grade's factor on every commission) and 工时方案 (app.hours_rule: how the hours of a
technician on the hours scheme are paid, and their supervisor)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.commission_lists import GRADE_FACTORS, HOURS_RULES
from aftersales_desktop.services.commissions import rules as service

from ..i18n import tr
from ..operations import Changes
from ..record_editor import record_value
from .rule_editors import ValidityEditor, hint


class GradeFactorsEditor(ValidityEditor):
    """技术等级系数: an employee's grade (as the staff page sets it) -> a multiplier on
    their commission; a grade not listed counts 1.000."""

    new_label = QT_TR_NOOP("New grade factor")
    key_type = str
    table = "commission_grade_factor"
    saves = Changes.of("commission_grade_factor")
    choice_watches = frozenset({"employee"})

    def __init__(self, database: Database, *, parent: QWidget | None = None) -> None:
        super().__init__(GRADE_FACTORS, database, parent=parent)
        self.add_row("", hint(tr(
            "Each commission is multiplied by the technician's grade factor (a grade as "
            "the staff page gives it). A grade not listed here counts 1.000.")))
        self.grade_combo = QComboBox()
        self.grade_combo.setEditable(True)  # the employees' grades offered, a new one typed
        self.grade_combo.setObjectName("grade")
        self.add_row(QT_TR_NOOP("Grade"), self.grade_combo, name="grade", required=True,
                     default="")
        self.factor_edit = self.number_edit(QT_TR_NOOP("Factor"), "factor",
                                            placeholder="1.000")
        self.add_button(QT_TR_NOOP("Delete"), lambda: self.delete_current(
            tr("the grade factor"), service.delete_grade_factor))
        self.start()

    def load_choices(self, conn: Any) -> service.RuleChoices:
        return service.choices(conn)

    def apply_choices(self, choices: service.RuleChoices) -> None:
        typed = self.grade_combo.currentText()
        self.grade_combo.clear()
        self.grade_combo.addItems(choices.grades)
        self.grade_combo.setEditText(typed)

    def record_key(self, record: Any) -> Any:
        return record_value(record, "grade")

    def fetch(self, conn: Any, key: str) -> dict[str, Any]:
        return service.get_grade_factor(conn, key)

    def store(self, conn: Any, values: dict[str, Any]) -> str:
        return service.save_grade_factor(conn, **values)

    def new_title(self) -> str:
        return tr("New grade factor")

    def record_title(self, record: Any) -> str:
        return tr("Grade {grade}").format(grade=record_value(record, "grade", ""))


class HoursRulesEditor(ValidityEditor):
    """工时方案: the seed's hours scheme, its numbers from a day on."""

    new_label = QT_TR_NOOP("New hours scheme")
    table = "hours_rule"
    saves = Changes.of("hours_rule")

    # (column, label, a new scheme's value: the seed's, as the table's defaults)
    NUMBERS = (
        ("other_weight", QT_TR_NOOP("Weight of other hours"), "0.5"),
        ("rate_basic_to_rated", QT_TR_NOOP("Pay per hour, basic to rated hours"), "1.5"),
        ("rate_above_rated", QT_TR_NOOP("Pay per hour above the rated hours"), "3"),
        ("supervisor_factor", QT_TR_NOOP("Supervisor factor"), "2"),
        ("supervisor_threshold", QT_TR_NOOP("Supervisor threshold (% of the quota)"), "70"),
    )

    def __init__(self, database: Database, *, parent: QWidget | None = None) -> None:
        super().__init__(HOURS_RULES, database, parent=parent)
        self.add_row("", hint(tr(
            "For technicians on the hours scheme. Assessed hours = repair hours + other "
            "hours x the weight. Nothing is paid on probation or up to the basic hours; "
            "from the basic to the rated hours each hour pays the first rate, each hour "
            "above the rated hours the second. A supervisor gets the factor x the "
            "average pay of the department's members when their assessed hours reach "
            "the threshold % of their rated hours.")))
        self.add_validity()
        self.number_edits = {name: self.number_edit(label, name, default=default)
                             for name, label, default in self.NUMBERS}
        self.start()

    def fetch(self, conn: Any, key: int) -> dict[str, Any]:
        return service.get_hours_rule(conn, key)

    def store(self, conn: Any, values: dict[str, Any]) -> int:
        return service.save_hours_rule(conn, **values)

    def new_title(self) -> str:
        return tr("New hours scheme")

    def record_title(self, record: Any) -> str:
        return tr("Hours scheme from {day}").format(day=record_value(record, "valid_from", ""))
