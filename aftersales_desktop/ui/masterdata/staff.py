"""Staff: the department -> position tree and employees (list + form), with the regions
they serve and the work types they may do (what the dispatch board matches a job to)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.masterdata_lists import EMPLOYEES
from aftersales_desktop.domain.commissions import DEFAULT_SCHEME, SCHEMES
from aftersales_desktop.services import masterdata as service

from ..commissions.rule_editors import plain_number
from ..field_limits import limit_text
from ..forms import set_choices, set_widget_value, widget_value
from ..i18n import tr
from ..operations import Changes
from ..record_editor import RecordEditor, record_value
from .tree_panel import Node, TreePanel, outline, paths


class StaffPage(RecordEditor):
    """Departments and positions on the left, employees (list + form) on the right."""

    new_label = QT_TR_NOOP("New employee")
    title_format = QT_TR_NOOP("Employee {code}")
    saver = service.save_employee
    choice_watches = frozenset({"department", "position", "region", "operator", "work_type"})
    table = "employee"
    columns: ClassVar[Mapping[str, tuple[str, str]]] = {
        "post_wage": ("employee_wage", "post_wage"),
        "basic_hours": ("employee_pay", "basic_hours"),
        "rated_hours": ("employee_pay", "rated_hours")}

    def __init__(self, database: Database, session: Any, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(EMPLOYEES, database, session=session, parent=parent)
        self.can_see_wage = bool(session.can("commission.view_all")
                                 or session.can("masterdata.edit"))
        self.organisation = service.Organisation()
        self._departments_tree()
        self.code_edit = self.add_row(QT_TR_NOOP("Employee code"), QLineEdit(), name="code",
                                      required=True)
        self.name_edit = self.add_row(QT_TR_NOOP("Name"), QLineEdit(), name="name",
                                      required=True)
        self.phone_edit = self.add_row(QT_TR_NOOP("Phone"), QLineEdit(), name="phone")
        self.department_combo = self.add_row(QT_TR_NOOP("Department"), QComboBox(),
                                             name="department_id")
        self.position_combo = self.add_row(QT_TR_NOOP("Position"), QComboBox(),
                                           name="position_id")
        self.grade_edit = self.add_row(QT_TR_NOOP("Grade"), QLineEdit(), name="grade")
        self.hire_date_edit = QDateEdit()
        self.hire_date_edit.setCalendarPopup(True)
        # its minimum (the day before the earliest the column takes) shows as "not set"
        self.hire_date_edit.setSpecialValueText(tr("(not set)"))
        self.hire_date_edit.setDisplayFormat("yyyy-MM-dd")
        self.add_row(QT_TR_NOOP("Hire date"), self.hire_date_edit, name="hire_date")
        self.technician_box = self.add_row("", QCheckBox(tr("Technician (does repairs)")),
                                           name="is_technician")
        self.region_list = QListWidget()
        self.region_list.setMinimumHeight(90)
        self.add_row(QT_TR_NOOP("Regions served"), self.region_list, name="region_ids")
        self.field("regions", self.region_list, value=False)
        self.work_type_list = QListWidget()
        self.work_type_list.setObjectName("work_types")
        self.work_type_list.setMinimumHeight(90)
        self.add_row(QT_TR_NOOP("Work types they may do"), self.work_type_list,
                     name="work_type_ids")
        self.field("work_types", self.work_type_list, value=False)
        self.operator_combo = self.add_row(QT_TR_NOOP("Linked operator"), QComboBox(),
                                           name="operator_code")
        self.wage_edit = QLineEdit()
        self.wage_edit.setPlaceholderText(tr("e.g. 3500.00"))
        if self.can_see_wage:  # else the wage is neither shown nor sent (nor replaced)
            self.add_row(QT_TR_NOOP("Post wage"), self.wage_edit, name="post_wage")
        self.active_box = self.add_row("", QCheckBox(tr("Active")), name="active", default=True)
        self._pay_fields()
        self.start()

    def _pay_fields(self) -> None:
        """How the employee is paid beyond the post wage (app.employee_pay): the scheme,
        the hours scheme's basic and rated hours, probation, and whether they supervise
        their department (提成: a supervisor's pay follows the members')."""
        heading = QLabel(tr("Pay"))
        heading.setStyleSheet("font-weight: bold;")
        self.add_row("", heading)
        self.scheme_combo = self.add_row(QT_TR_NOOP("Pay scheme"), QComboBox(), name="scheme",
                                         default=DEFAULT_SCHEME)
        self.scheme_combo.setObjectName("scheme")
        for code, label in SCHEMES.items():
            self.scheme_combo.addItem(tr(label), code)
        self.basic_hours_edit = self.add_row(QT_TR_NOOP("Basic hours a month"), QLineEdit(),
                                             name="basic_hours", default="0")
        self.rated_hours_edit = self.add_row(QT_TR_NOOP("Rated hours a month"), QLineEdit(),
                                             name="rated_hours", default="0")
        for edit in (self.basic_hours_edit, self.rated_hours_edit):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setPlaceholderText("0")
        self.basic_hours_edit.setToolTip(tr(
            "Hours scheme: no performance pay up to these assessed hours."))
        self.rated_hours_edit.setToolTip(tr(
            "Hours scheme: each hour above these pays the higher rate."))
        self.probation_box = self.add_row("", QCheckBox(tr(
            "On probation (no performance pay)")), name="probation")
        self.supervisor_box = self.add_row("", QCheckBox(tr(
            "Supervisor of the department")), name="supervisor")
        self.scheme_combo.currentIndexChanged.connect(lambda _i: self._show_scheme())
        self._show_scheme()

    def _show_scheme(self) -> None:
        hours = self.scheme_combo.currentData() == "hours"
        for edit in (self.basic_hours_edit, self.rated_hours_edit):
            edit.setEnabled(hours)

    def show_record(self, record: Any) -> None:
        super().show_record(record)
        pay = record_value(record, "pay", None) or service.EmployeePay()
        for name, value in pay.fields.items():
            widget = self._values[name][0]
            set_widget_value(widget, plain_number(value) if isinstance(value, Decimal)
                             else value)
        self._show_scheme()

    def clear_form(self) -> None:
        super().clear_form()
        self._show_scheme()

    def _departments_tree(self) -> None:
        self.departments = TreePanel(self, [tr("Departments and positions")],
                                     placeholder=tr("Name of the new department or position"))
        self.add_department_button = self.departments.add_button(
            QT_TR_NOOP("Add department"),
            lambda: self.add_department(self.departments.name_edit.text(), None))
        self.add_subdepartment_button = self.departments.add_button(
            QT_TR_NOOP("Add under selected"),
            lambda: self.add_department(self.departments.name_edit.text(),
                                        self.selected_department()))
        self.add_position_button = self.departments.add_button(
            QT_TR_NOOP("Add position"), self._add_position_clicked)
        self.departments.move_button.clicked.connect(self._move_clicked)
        # a department's and a position's name: the same length
        self.node_name_edit = limit_text(self.departments.name_edit, "department", "name")
        self.move_combo = self.departments.move_combo
        self.move_button = self.departments.move_button
        self.tree_message = self.departments.message
        self.add_side_panel(self.departments)

    # -- choices: the organisation (also the tree) -----------------------------------------
    def load_choices(self, conn: Any) -> service.Organisation:
        return service.organisation(conn)

    def apply_choices(self, choices: service.Organisation) -> None:
        self.organisation = choices
        department_paths = paths((d, p, n) for d, p, n, _a in choices.departments)
        names = dict(department_paths)
        position_colour = QColor(Qt.GlobalColor.darkBlue)
        self.departments.fill(
            [Node("department", d, ("department", p) if p is not None else None, (n,), a)
             for d, p, n, a in choices.departments]
            + [Node("position", pos, ("department", dep), (n,), a, position_colour)
               for pos, dep, n, a in choices.positions], department_paths)
        set_choices(self.department_combo, department_paths, none_label=tr("(none)"))
        set_choices(self.position_combo, [(pos, f"{names.get(dep, '?')} / {n}")
                                          for pos, dep, n, _a in choices.positions],
                    none_label=tr("(none)"))
        set_choices(self.operator_combo, [(code, f"{code} {name}")
                                          for code, name in choices.operators],
                    none_label=tr("(none)"))
        checked = set(self.checked_regions())
        self.region_list.clear()
        for region_id, indented, path in outline((r.id, r.parent_id, r.name)
                                                 for r in choices.regions):
            item = QListWidgetItem(indented, self.region_list)
            item.setToolTip(path)
            item.setData(Qt.ItemDataRole.UserRole, region_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if region_id in checked
                               else Qt.CheckState.Unchecked)
        self._fill_work_types(choices.work_types)

    def _fill_work_types(self, work_types: list[tuple[int, str, str, bool]]) -> None:
        """Every work type of the service settings, to tick; a retired one still shows
        (marked) so that saving the employee does not quietly take it away."""
        checked = set(self.checked_work_types())
        self.work_type_list.clear()
        for work_type_id, code, name, active in work_types:
            label = f"{name} ({code})" + ("" if active else tr(" (inactive)"))
            item = QListWidgetItem(label, self.work_type_list)
            item.setData(Qt.ItemDataRole.UserRole, work_type_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if work_type_id in checked
                               else Qt.CheckState.Unchecked)

    def is_loaded(self) -> bool:
        return self.is_ready()

    # -- the department tree ----------------------------------------------------------------
    def selected_department(self) -> int | None:
        return self.departments.selected("department")

    def select_department(self, department_id: int) -> None:
        self.departments.select("department", department_id)

    def department_id(self, name: str) -> int | None:
        return next((d for d, _p, n, _a in self.organisation.departments if n == name), None)

    def add_department(self, name: str, parent_id: int | None) -> None:
        self.departments.change(
            lambda conn: service.save_department(conn, name=name, parent_id=parent_id),
            Changes.of("department"), tr("Department added."))

    def add_position(self, name: str, department_id: int) -> None:
        self.departments.change(
            lambda conn: service.save_position(conn, name=name, department_id=department_id),
            Changes.of("position"), tr("Position added."))

    def _add_position_clicked(self) -> None:
        department = self.selected_department()
        if department is None:
            self.departments.say(tr("Select the department the position belongs to."),
                                 ok=False)
            return
        self.add_position(self.departments.name_edit.text(), department)

    def move_department(self, department_id: int, new_parent_id: int | None) -> None:
        self.departments.change(
            lambda conn: service.move_department(conn, department_id, new_parent_id),
            Changes.of("department"), tr("Department moved."))

    def _move_clicked(self) -> None:
        current = self.departments.current()
        if current is None or current[0] != "department":
            self.departments.say(tr("Select the department to move."), ok=False)
            return
        self.move_department(current[1], self.departments.move_target())

    # -- the employee form -------------------------------------------------------------------
    def checked_regions(self) -> list[int]:
        return list(widget_value(self.region_list))

    def checked_work_types(self) -> list[int]:
        return list(widget_value(self.work_type_list))

    def check_work_types(self, work_type_ids: set[int]) -> None:
        """Tick exactly these work types (as the operator clicks them)."""
        for row in range(self.work_type_list.count()):
            item = self.work_type_list.item(row)
            wanted = item.data(Qt.ItemDataRole.UserRole) in work_type_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def fetch(self, conn: Any, key: int) -> service.Employee:
        return service.get_employee(conn, key, with_wage=self.can_see_wage, with_pay=True)

    def values(self) -> dict[str, Any]:
        return self.form_values()
