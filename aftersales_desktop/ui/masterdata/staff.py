"""Staff: the department -> position tree and employees (list + form)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import BigInteger, Boolean, Date, Text, column, table, text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.core.work import run_in_background
from aftersales_desktop.data.listing import ListColumn, ListSource, SortKey
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.services import masterdata as service

from ..forms import ERROR_STYLE, OK_STYLE, FieldFeedback, confirm_discard
from ..i18n import tr, user_error_text
from ..listview import ListView
from ..messages import error_text

NO_DATE = QDate(1900, 1, 1)

employee_table = table(
    "employee", column("id", BigInteger), column("code", Text), column("name", Text),
    column("phone", Text), column("department_id", BigInteger),
    column("position_id", BigInteger), column("grade", Text), column("hire_date", Date),
    column("is_technician", Boolean), column("operator_code", Text),
    column("active", Boolean), schema="app")
department_table = table("department", column("id", BigInteger), column("name", Text),
                         schema="app")
position_table = table("staff_position", column("id", BigInteger), column("name", Text),
                       schema="app")


def _employees() -> ListSource:
    emp = employee_table.alias("e")
    dep = department_table.alias("d")
    pos = position_table.alias("p")
    return ListSource(
        name="employees",
        title=QT_TR_NOOP("Employees"),
        columns=(
            ListColumn("code", QT_TR_NOOP("Code"), emp.c.code, width=90),
            ListColumn("name", QT_TR_NOOP("Name"), emp.c.name, width=100),
            ListColumn("phone", QT_TR_NOOP("Phone"), emp.c.phone, ColumnKind.PHONE,
                       sensitive=True, width=110),
            ListColumn("department", QT_TR_NOOP("Department"), dep.c.name, width=110),
            ListColumn("position", QT_TR_NOOP("Position"), pos.c.name, width=100),
            ListColumn("grade", QT_TR_NOOP("Grade"), emp.c.grade, width=70),
            ListColumn("hire_date", QT_TR_NOOP("Hire date"), emp.c.hire_date, ColumnKind.DATE,
                       width=90),
            ListColumn("is_technician", QT_TR_NOOP("Technician"), emp.c.is_technician,
                       ColumnKind.BOOL, width=60),
            ListColumn("operator_code", QT_TR_NOOP("Operator"), emp.c.operator_code, width=90),
            ListColumn("active", QT_TR_NOOP("Active"), emp.c.active, ColumnKind.BOOL, width=60),
        ),
        from_clause=emp.outerjoin(dep, dep.c.id == emp.c.department_id)
        .outerjoin(pos, pos.c.id == emp.c.position_id),
        key=emp.c.id,
        default_sort=(SortKey("code"),),
    )


EMPLOYEES = _employees()

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def show_result(label: QLabel, message: str, *, ok: bool) -> None:
    """A one-line result next to a tree: green when done, red when refused."""
    label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
    label.setText(message)
    label.show()


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return user_error_text(exc)
    return error_text(exc)


@dataclass
class Organisation:
    """Departments (id, parent_id, name, active), positions, regions, operators."""

    departments: list[tuple[int, int | None, str, bool]] = field(default_factory=list)
    positions: list[tuple[int, int, str, bool]] = field(default_factory=list)
    regions: list[tuple[int, int | None, str]] = field(default_factory=list)
    operators: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class EmployeeRecord:
    id: int
    code: str
    name: str
    phone: str | None
    department_id: int | None
    position_id: int | None
    grade: str
    hire_date: date | None
    is_technician: bool
    operator_code: str | None
    active: bool
    regions: list[int]
    post_wage: Decimal | None


def region_paths(regions: list[tuple[int, int | None, str]]) -> list[tuple[int, str]]:
    """Each region as (id, "City / District / Area"), in path order."""
    by_id = {rid: (parent, name) for rid, parent, name in regions}

    def path(rid: int) -> str:
        names: list[str] = []
        seen: set[int] = set()
        current: int | None = rid
        while current is not None and current in by_id and current not in seen:
            seen.add(current)
            parent, name = by_id[current]
            names.append(name)
            current = parent
        return " / ".join(reversed(names))

    return sorted(((rid, path(rid)) for rid in by_id), key=lambda pair: pair[1])


class StaffPage(QWidget):
    """Departments and positions on the left, employees (list + form) on the right."""

    def __init__(self, database: Database, session: Any, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.can_see_wage = bool(session.can("commission.view_all")
                                 or session.can("masterdata.edit"))
        self.organisation = Organisation()
        self.record: EmployeeRecord | None = None
        self._dirty = False
        self._loaded = False

        # -- left: departments -> positions ----------------------------------------------
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr("Departments and positions")])
        self.node_name_edit = QLineEdit()
        self.node_name_edit.setPlaceholderText(tr("Name of the new department or position"))
        self.add_department_button = QPushButton(tr("Add department"))
        self.add_subdepartment_button = QPushButton(tr("Add under selected"))
        self.add_position_button = QPushButton(tr("Add position"))
        self.move_combo = QComboBox()
        self.move_button = QPushButton(tr("Move under..."))
        self.tree_message = QLabel()
        self.tree_message.setWordWrap(True)
        self.tree_message.hide()
        self.add_department_button.clicked.connect(
            lambda: self.add_department(self.node_name_edit.text(), None))
        self.add_subdepartment_button.clicked.connect(
            lambda: self.add_department(self.node_name_edit.text(),
                                        self.selected_department()))
        self.add_position_button.clicked.connect(self._add_position_clicked)
        self.move_button.clicked.connect(self._move_clicked)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.node_name_edit)
        add_row = QHBoxLayout()
        for button in (self.add_department_button, self.add_subdepartment_button,
                       self.add_position_button):
            add_row.addWidget(button)
        left_layout.addLayout(add_row)
        move_row = QHBoxLayout()
        move_row.addWidget(self.move_combo, 1)
        move_row.addWidget(self.move_button)
        left_layout.addLayout(move_row)
        left_layout.addWidget(self.tree_message)

        # -- right: employees --------------------------------------------------------------
        self.list = ListView(EMPLOYEES, database, parent=self)
        self.list.activated.connect(self.load)

        self.code_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.department_combo = QComboBox()
        self.position_combo = QComboBox()
        self.grade_edit = QLineEdit()
        self.hire_date_edit = QDateEdit()
        self.hire_date_edit.setCalendarPopup(True)
        self.hire_date_edit.setMinimumDate(NO_DATE)
        self.hire_date_edit.setSpecialValueText(tr("(not set)"))
        self.hire_date_edit.setDisplayFormat("yyyy-MM-dd")
        self.technician_box = QCheckBox(tr("Technician (does repairs)"))
        self.region_list = QListWidget()
        self.region_list.setMaximumHeight(120)
        self.operator_combo = QComboBox()
        self.wage_edit = QLineEdit()
        self.wage_edit.setPlaceholderText(tr("e.g. 3500.00"))
        self.active_box = QCheckBox(tr("Active"))

        form = QFormLayout()
        form.addRow(tr("Employee code") + " *", self.code_edit)
        form.addRow(tr("Name") + " *", self.name_edit)
        form.addRow(tr("Phone"), self.phone_edit)
        form.addRow(tr("Department"), self.department_combo)
        form.addRow(tr("Position"), self.position_combo)
        form.addRow(tr("Grade"), self.grade_edit)
        form.addRow(tr("Hire date"), self.hire_date_edit)
        form.addRow("", self.technician_box)
        form.addRow(tr("Regions served"), self.region_list)
        form.addRow(tr("Linked operator"), self.operator_combo)
        self.wage_label = QLabel(tr("Post wage"))
        form.addRow(self.wage_label, self.wage_edit)
        form.addRow("", self.active_box)
        self.wage_label.setVisible(self.can_see_wage)
        self.wage_edit.setVisible(self.can_see_wage)

        summary = QLabel()
        self.feedback = FieldFeedback(
            {"code": self.code_edit, "name": self.name_edit, "phone": self.phone_edit,
             "department_id": self.department_combo, "position_id": self.position_combo,
             "grade": self.grade_edit, "hire_date": self.hire_date_edit,
             "regions": self.region_list, "operator_code": self.operator_combo,
             "post_wage": self.wage_edit, "active": self.active_box}, summary)
        self.new_button = QPushButton(tr("New employee"))
        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.new_button.clicked.connect(self.new_employee)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        editor_layout.addWidget(self.title)
        editor_layout.addLayout(form)
        editor_layout.addWidget(summary)
        editor_layout.addLayout(buttons)
        editor_layout.addStretch(1)

        right = QSplitter(Qt.Orientation.Horizontal)
        right.addWidget(self.list)
        right.addWidget(editor)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        for edit in (self.code_edit, self.name_edit, self.phone_edit, self.grade_edit,
                     self.wage_edit):
            edit.textEdited.connect(self._mark_dirty)
        for combo in (self.department_combo, self.position_combo, self.operator_combo):
            combo.activated.connect(self._mark_dirty)
        self.hire_date_edit.dateChanged.connect(self._mark_dirty)
        self.technician_box.toggled.connect(self._mark_dirty)
        self.active_box.toggled.connect(self._mark_dirty)
        self.region_list.itemChanged.connect(self._mark_dirty)

        self.setEnabled(False)
        self.reload_tree()

    # -- the department tree ------------------------------------------------------------
    def is_loaded(self) -> bool:
        return self._loaded

    def reload_tree(self) -> None:
        self._loaded = False
        run_in_background(self._fetch_organisation, on_done=self._organisation_loaded,
                          on_error=self._failed)

    def _fetch_organisation(self) -> Organisation:
        with self.database.read() as conn:
            return Organisation(
                departments=[(int(r[0]), r[1], str(r[2]), bool(r[3])) for r in conn.execute(
                    text("SELECT id, parent_id, name, active FROM app.department "
                         "ORDER BY name, id"))],
                positions=[(int(r[0]), int(r[1]), str(r[2]), bool(r[3])) for r in conn.execute(
                    text("SELECT id, department_id, name, active FROM app.staff_position "
                         "ORDER BY name, id"))],
                regions=[(int(r[0]), r[1], str(r[2])) for r in conn.execute(
                    text("SELECT id, parent_id, name FROM app.region WHERE active "
                         "ORDER BY name, id"))],
                operators=[(str(r[0]), str(r[1])) for r in conn.execute(
                    text("SELECT code, name FROM app.operator ORDER BY code"))])

    def _organisation_loaded(self, organisation: Organisation) -> None:
        self.organisation = organisation
        selected = self.selected_department()
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for dep_id, _parent, name, active in organisation.departments:
            item = QTreeWidgetItem([name if active else name + tr(" (inactive)")])
            item.setData(0, KIND_ROLE, "department")
            item.setData(0, ID_ROLE, dep_id)
            items[dep_id] = item
        for dep_id, parent, _name, _active in organisation.departments:
            if parent is not None and parent in items:
                items[parent].addChild(items[dep_id])
            else:
                self.tree.addTopLevelItem(items[dep_id])
        for pos_id, dep_id, name, active in organisation.positions:
            if dep_id not in items:
                continue
            item = QTreeWidgetItem([name if active else name + tr(" (inactive)")])
            item.setData(0, KIND_ROLE, "position")
            item.setData(0, ID_ROLE, pos_id)
            item.setForeground(0, Qt.GlobalColor.darkBlue)
            items[dep_id].addChild(item)
        self.tree.expandAll()
        if selected is not None and selected in items:
            self.tree.setCurrentItem(items[selected])
        self._fill_combos()
        self._loaded = True
        if not self.isEnabled():
            self.setEnabled(True)
            self.new_employee()

    def _department_paths(self) -> list[tuple[int, str]]:
        return region_paths([(d, p, n) for d, p, n, _a in self.organisation.departments])

    def _fill_combos(self) -> None:
        paths = self._department_paths()
        self.move_combo.clear()
        self.move_combo.addItem(tr("(top level)"), None)
        for dep_id, path in paths:
            self.move_combo.addItem(path, dep_id)
        keep_dep = self.department_combo.currentData()
        keep_pos = self.position_combo.currentData()
        keep_op = self.operator_combo.currentData()
        for combo in (self.department_combo, self.position_combo, self.operator_combo):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("(none)"), None)
        for dep_id, path in paths:
            self.department_combo.addItem(path, dep_id)
        names = dict(paths)
        for pos_id, dep_id, name, _active in self.organisation.positions:
            self.position_combo.addItem(f"{names.get(dep_id, '?')} / {name}", pos_id)
        for code, name in self.organisation.operators:
            self.operator_combo.addItem(f"{code} {name}", code)
        for combo, keep in ((self.department_combo, keep_dep), (self.position_combo, keep_pos),
                            (self.operator_combo, keep_op)):
            combo.setCurrentIndex(max(combo.findData(keep), 0))
            combo.blockSignals(False)
        checked = set(self.checked_regions())
        self.region_list.blockSignals(True)
        self.region_list.clear()
        for region_id, path in region_paths(self.organisation.regions):
            item = QListWidgetItem(path, self.region_list)
            item.setData(Qt.ItemDataRole.UserRole, region_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if region_id in checked
                               else Qt.CheckState.Unchecked)
        self.region_list.blockSignals(False)

    def selected_department(self) -> int | None:
        item = self.tree.currentItem()
        while item is not None and item.data(0, KIND_ROLE) != "department":
            item = item.parent()
        return int(item.data(0, ID_ROLE)) if item is not None else None

    def select_department(self, department_id: int) -> None:
        for item in self.tree.findItems("*", Qt.MatchFlag.MatchWildcard
                                        | Qt.MatchFlag.MatchRecursive):
            if (item.data(0, KIND_ROLE) == "department"
                    and item.data(0, ID_ROLE) == department_id):
                self.tree.setCurrentItem(item)
                return

    def department_id(self, name: str) -> int | None:
        for dep_id, _parent, dep_name, _active in self.organisation.departments:
            if dep_name == name:
                return dep_id
        return None

    def _tree_work(self, work: Callable[[Any], Any], done_message: str) -> None:
        self.tree_message.hide()

        def run() -> Any:
            with self.database.transaction() as conn:
                return work(conn)

        def done(_result: Any) -> None:
            show_result(self.tree_message, done_message, ok=True)
            self.node_name_edit.clear()
            self.reload_tree()

        run_in_background(run, on_done=done,
                          on_error=lambda exc: show_result(self.tree_message,
                                                           describe_error(exc), ok=False))

    def add_department(self, name: str, parent_id: int | None) -> None:
        self._tree_work(lambda conn: service.save_department(conn, name=name,
                                                             parent_id=parent_id),
                        tr("Department added."))

    def add_position(self, name: str, department_id: int) -> None:
        self._tree_work(lambda conn: service.save_position(conn, name=name,
                                                           department_id=department_id),
                        tr("Position added."))

    def _add_position_clicked(self) -> None:
        department = self.selected_department()
        if department is None:
            show_result(self.tree_message, tr("Select the department the position belongs to."),
                        ok=False)
            return
        self.add_position(self.node_name_edit.text(), department)

    def move_department(self, department_id: int, new_parent_id: int | None) -> None:
        self._tree_work(lambda conn: service.move_department(conn, department_id,
                                                             new_parent_id),
                        tr("Department moved."))

    def _move_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is None or item.data(0, KIND_ROLE) != "department":
            show_result(self.tree_message, tr("Select the department to move."), ok=False)
            return
        target = self.move_combo.currentData()
        self.move_department(int(item.data(0, ID_ROLE)),
                             int(target) if target is not None else None)

    # -- the employee form --------------------------------------------------------------
    def checked_regions(self) -> list[int]:
        return [int(self.region_list.item(r).data(Qt.ItemDataRole.UserRole))
                for r in range(self.region_list.count())
                if self.region_list.item(r).checkState() == Qt.CheckState.Checked]

    def set_checked_regions(self, region_ids: list[int]) -> None:
        wanted = set(region_ids)
        self.region_list.blockSignals(True)
        for row in range(self.region_list.count()):
            item = self.region_list.item(row)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)
        self.region_list.blockSignals(False)

    def new_employee(self) -> None:
        if not self._confirm_discard():
            return
        self.record = None
        self.title.setText(tr("New employee"))
        for edit in (self.code_edit, self.name_edit, self.phone_edit, self.grade_edit,
                     self.wage_edit):
            edit.clear()
        for combo in (self.department_combo, self.position_combo, self.operator_combo):
            combo.setCurrentIndex(0)
        self.hire_date_edit.setDate(NO_DATE)
        self.technician_box.setChecked(False)
        self.active_box.setChecked(True)
        self.set_checked_regions([])
        self.feedback.clear()
        self._dirty = False
        self.code_edit.setFocus()

    def load(self, employee_id: Any) -> None:
        if not self._confirm_discard():
            return
        run_in_background(lambda: self._fetch(int(employee_id)), on_done=self._show,
                          on_error=self._failed)

    def _fetch(self, employee_id: int) -> EmployeeRecord:
        with self.database.read() as conn:
            row = conn.execute(text(
                "SELECT id, code, name, phone, department_id, position_id, grade, hire_date, "
                "is_technician, operator_code, active FROM app.employee WHERE id = :id"),
                {"id": employee_id}).one_or_none()
            if row is None:
                raise service.RecordMissing(what=str(employee_id))
            regions = service.employee_regions(conn, employee_id)
            wage = service.employee_wage(conn, employee_id) if self.can_see_wage else None
        (record_id, code, name, phone, department_id, position_id, grade, hire_date,
         is_technician, operator_code, active) = row
        return EmployeeRecord(int(record_id), code, name, phone, department_id, position_id,
                              grade, hire_date, bool(is_technician), operator_code,
                              bool(active), regions=regions, post_wage=wage)

    def _show(self, record: EmployeeRecord) -> None:
        self.record = record
        self.title.setText(tr("Employee {code}").format(code=record.code))
        self.code_edit.setText(record.code)
        self.name_edit.setText(record.name)
        self.phone_edit.setText(record.phone or "")
        self.department_combo.setCurrentIndex(
            max(self.department_combo.findData(record.department_id), 0))
        self.position_combo.setCurrentIndex(
            max(self.position_combo.findData(record.position_id), 0))
        self.operator_combo.setCurrentIndex(
            max(self.operator_combo.findData(record.operator_code), 0))
        self.grade_edit.setText(record.grade)
        hired = record.hire_date
        self.hire_date_edit.setDate(QDate(hired.year, hired.month, hired.day) if hired
                                    else NO_DATE)
        self.technician_box.setChecked(record.is_technician)
        self.active_box.setChecked(record.active)
        self.set_checked_regions(record.regions)
        self.wage_edit.setText("" if record.post_wage is None else str(record.post_wage))
        self.feedback.clear()
        self._dirty = False

    def hire_date(self) -> date | None:
        value = self.hire_date_edit.date()
        return None if value == NO_DATE else date(value.year(), value.month(), value.day())

    def values(self) -> dict[str, Any]:
        """The form as keyword arguments of save_employee."""
        def data(combo: QComboBox) -> Any:
            return combo.currentData()

        values: dict[str, Any] = {
            "code": self.code_edit.text(), "name": self.name_edit.text(),
            "id": self.record.id if self.record else None,
            "phone": self.phone_edit.text(), "department_id": data(self.department_combo),
            "position_id": data(self.position_combo), "grade": self.grade_edit.text(),
            "hire_date": self.hire_date(), "is_technician": self.technician_box.isChecked(),
            "operator_code": data(self.operator_combo), "active": self.active_box.isChecked(),
            "region_ids": self.checked_regions(),
        }
        if self.can_see_wage:
            values["post_wage"] = self.wage_edit.text()
        return values

    def save(self) -> None:
        self.feedback.clear()
        values = self.values()
        self.save_button.setEnabled(False)
        run_in_background(lambda: self._save(values), on_done=self._saved,
                          on_error=self._save_failed)

    def _save(self, values: dict[str, Any]) -> EmployeeRecord:
        with self.database.transaction() as conn:
            employee_id = service.save_employee(conn, **values)
        return self._fetch(employee_id)

    def _saved(self, record: EmployeeRecord) -> None:
        self.save_button.setEnabled(True)
        self._dirty = False
        self._show(record)
        self.feedback.show_saved()
        self.list.refresh()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.feedback.show_failure(exc)

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self._loaded = True
        self.feedback.summary.setStyleSheet(ERROR_STYLE)
        self.feedback.show_message(error_text(exc))

    def _mark_dirty(self, *_args: Any) -> None:
        self._dirty = True

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def _confirm_discard(self) -> bool:
        return confirm_discard(self, self._dirty,
                               tr("Discard the changes to this employee?"))

    def refresh(self) -> None:
        self.reload_tree()
        self.list.refresh()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.list.set_sensitive_hidden(hidden)
