"""Organisation: departments (tree), positions, employees with wage, regions served and
the work types they may do (the dispatch board's skill check), regions (city > district >
area tree) and outside service outlets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.core.errors import PermissionDenied
from aftersales_desktop.domain.commissions import DEFAULT_SCHEME, SCHEMES
from aftersales_desktop.domain.masterdata import (
    REGION_LEVELS,
    normalize_phone,
    optional_text,
    parse_money,
    require_text,
    validate_choice,
    validate_code,
)
from aftersales_desktop.domain.refusals import refuse

from ._common import (
    RecordMissing,
    move_in_tree,
    save_named_node,
    save_row,
    saving,
)


@dataclass(frozen=True)
class Region:
    id: int
    parent_id: int | None
    name: str
    level: str
    active: bool


@dataclass(frozen=True)
class Organisation:
    """What the staff page offers: departments (id, parent_id, name, active), positions
    (id, department_id, name, active), active regions, operators (code, name) and work
    types (id, code, name, active: a retired one stays listed, so an employee who may do
    it still shows it)."""

    departments: list[tuple[int, int | None, str, bool]] = field(default_factory=list)
    positions: list[tuple[int, int, str, bool]] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    operators: list[tuple[str, str]] = field(default_factory=list)
    work_types: list[tuple[int, str, str, bool]] = field(default_factory=list)


@dataclass(frozen=True)
class Employee:
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
    region_ids: list[int]  # the regions served
    post_wage: Decimal | None  # None: not set, or not asked for
    work_type_ids: list[int] = field(default_factory=list)  # the work types they may do
    pay: EmployeePay | None = None  # technicians' pay; None: not asked for


@dataclass(frozen=True)
class EmployeePay:
    """How an employee is paid beyond the post wage (app.employee_pay, revision 0022); an
    employee without a row: the commission scheme, no hours, not on probation."""

    scheme: str = DEFAULT_SCHEME
    basic_hours: Decimal = Decimal("0.00")
    rated_hours: Decimal = Decimal("0.00")
    probation: bool = False
    supervisor: bool = False

    # the staff form's fields, as the record editor reads a record's attributes
    @property
    def fields(self) -> dict[str, Any]:
        return {"scheme": self.scheme, "basic_hours": self.basic_hours,
                "rated_hours": self.rated_hours, "probation": self.probation,
                "supervisor": self.supervisor}


@dataclass(frozen=True)
class Outlet:
    id: int
    code: str
    name: str
    contact: str
    phone: str | None
    address: str
    region_id: int | None
    settlement_terms: str
    active: bool


def organisation(conn: Connection) -> Organisation:
    return Organisation(
        departments=[(int(r[0]), r[1], str(r[2]), bool(r[3])) for r in conn.execute(text(
            "SELECT id, parent_id, name, active FROM app.department ORDER BY name, id"))],
        positions=[(int(r[0]), int(r[1]), str(r[2]), bool(r[3])) for r in conn.execute(text(
            "SELECT id, department_id, name, active FROM app.staff_position "
            "ORDER BY name, id"))],
        regions=[r for r in regions(conn) if r.active],
        operators=[(str(r[0]), str(r[1])) for r in conn.execute(text(
            "SELECT code, name FROM app.operator ORDER BY code"))],
        work_types=[(int(r[0]), str(r[1]), str(r[2]), bool(r[3])) for r in conn.execute(text(
            "SELECT id, code, name, active FROM app.work_type ORDER BY code, id"))])


def regions(conn: Connection) -> list[Region]:
    """Every region, active or not, by name."""
    return [Region(int(r[0]), r[1], str(r[2]), str(r[3]), bool(r[4])) for r in conn.execute(
        text("SELECT id, parent_id, name, level, active FROM app.region ORDER BY name, id"))]


def active_employees(conn: Connection) -> list[tuple[int, str]]:
    """(id, "name (code)") of the active employees, e.g. to choose a warehouse keeper."""
    return [(int(r[0]), f"{r[2]} ({r[1]})") for r in conn.execute(text(
        "SELECT id, code, name FROM app.employee WHERE active ORDER BY code"))]


def get_employee(conn: Connection, employee_id: int, *, with_wage: bool,
                 with_pay: bool = False) -> Employee:
    """One employee with the regions served and the work types they may do; the wage only
    when asked (it needs commission.view_all or masterdata.edit), the pay scheme too
    (masterdata.edit, commission.rules, .settle or .view_all)."""
    row = conn.execute(text(
        "SELECT id, code, name, phone, department_id, position_id, grade, hire_date, "
        "is_technician, operator_code, active FROM app.employee WHERE id = :id"),
        {"id": employee_id}).mappings().first()
    if row is None:
        raise RecordMissing(what=str(employee_id))
    return Employee(**dict(row), region_ids=employee_regions(conn, employee_id),
                    post_wage=employee_wage(conn, employee_id) if with_wage else None,
                    work_type_ids=employee_work_types(conn, employee_id),
                    pay=employee_pay(conn, employee_id) if with_pay else None)


def get_outlet(conn: Connection, outlet_id: int) -> Outlet:
    row = conn.execute(text(
        "SELECT id, code, name, contact, phone, address, region_id, settlement_terms, active "
        "FROM app.service_outlet WHERE id = :id"), {"id": outlet_id}).mappings().first()
    if row is None:
        raise RecordMissing(what=str(outlet_id))
    return Outlet(**dict(row))


def _optional_phone(raw: str | None) -> str | None:
    return normalize_phone(raw) if raw is not None and str(raw).strip() else None


# -- departments and positions ------------------------------------------------------------

def save_department(conn: Connection, *, name: str, id: int | None = None,
                    parent_id: int | None = None, active: bool = True) -> int:
    return save_named_node(conn, "app.department", name=name, id=id, parent_id=parent_id,
                           active=active)


def move_department(conn: Connection, department_id: int, new_parent_id: int | None) -> None:
    move_in_tree(conn, "app.department", department_id, new_parent_id, str(department_id))


def save_position(conn: Connection, *, department_id: int, name: str,
                  id: int | None = None, active: bool = True) -> int:
    name = require_text(name, "name", 50)
    return save_row(conn, "app.staff_position",
                    {"department_id": department_id, "name": name, "active": active}, id, name)


# -- employees ----------------------------------------------------------------------------

def save_employee(
    conn: Connection,
    *,
    code: str,
    name: str,
    id: int | None = None,
    phone: str | None = None,
    department_id: int | None = None,
    position_id: int | None = None,
    grade: str = "",
    hire_date: date | None = None,
    is_technician: bool = False,
    operator_code: str | None = None,
    active: bool = True,
    post_wage: Any = None,
    region_ids: Iterable[int] | None = None,
    work_type_ids: Iterable[int] | None = None,
    scheme: str | None = None,
    basic_hours: Any = None,
    rated_hours: Any = None,
    probation: bool | None = None,
    supervisor: bool | None = None,
) -> int:
    """Add or update an employee. `post_wage` None leaves the wage alone (it is written to
    app.employee_wage); `region_ids` None leaves the regions served alone, and
    `work_type_ids` None the work types the employee may do; `scheme` None leaves the pay
    (scheme, hours, probation, supervisor: app.employee_pay) alone."""
    values = {
        "code": validate_code(code), "name": require_text(name, "name", 50),
        "phone": _optional_phone(phone), "department_id": department_id,
        "position_id": position_id, "grade": optional_text(grade, "grade", 30),
        "hire_date": hire_date, "is_technician": is_technician,
        "operator_code": (operator_code.strip() if operator_code and operator_code.strip()
                          else None),
        "active": active,
    }
    wage = None if post_wage is None or (isinstance(post_wage, str) and not post_wage.strip()) \
        else parse_money(post_wage, "post_wage")
    regions = None if region_ids is None else sorted(set(region_ids))
    work_types = None if work_type_ids is None else sorted(set(work_type_ids))
    pay = None if scheme is None else checked_pay(
        scheme=scheme, basic_hours=basic_hours, rated_hours=rated_hours,
        probation=bool(probation), supervisor=bool(supervisor))
    with saving(conn, "masterdata.edit"):
        employee_id = save_row(conn, "app.employee", values, id, values["name"])
        if wage is not None:
            conn.execute(text(
                "INSERT INTO app.employee_wage (employee_id, post_wage) VALUES (:e, :w) "
                "ON CONFLICT (employee_id) DO UPDATE SET post_wage = EXCLUDED.post_wage"),
                {"e": employee_id, "w": wage})
        if regions is not None:
            conn.execute(text("DELETE FROM app.employee_region WHERE employee_id = :e"),
                         {"e": employee_id})
            for region in regions:
                conn.execute(text("INSERT INTO app.employee_region (employee_id, region_id) "
                                  "VALUES (:e, :r)"), {"e": employee_id, "r": region})
        if work_types is not None:
            _replace_work_types(conn, employee_id, work_types)
        if pay is not None:
            _write_pay(conn, employee_id, pay)
    return employee_id


def checked_pay(*, scheme: Any, basic_hours: Any, rated_hours: Any, probation: bool,
                supervisor: bool) -> EmployeePay:
    """The pay fields as stored: a scheme of domain.commissions, hours within
    employee_pay's columns (empty: 0), the rated hours not below the basic ones."""
    from aftersales_desktop.services.commissions.rules import parse_number

    basic = parse_number(basic_hours, "employee_pay", "basic_hours", required=False)
    rated = parse_number(rated_hours, "employee_pay", "rated_hours", required=False)
    basic, rated = basic or Decimal("0.00"), rated or Decimal("0.00")
    if rated < basic:
        raise refuse("rated_below_basic_hours", field="rated_hours")
    return EmployeePay(scheme=validate_choice(scheme or DEFAULT_SCHEME, SCHEMES, "scheme"),
                       basic_hours=basic, rated_hours=rated, probation=probation,
                       supervisor=supervisor)


def _write_pay(conn: Connection, employee_id: int, pay: EmployeePay) -> None:
    """Only a change is written (the change log shows what changed); an employee paid
    as one without a row is left without one."""
    if pay == EmployeePay() and conn.execute(text(
            "SELECT 1 FROM app.employee_pay WHERE employee_id = :e"),
            {"e": employee_id}).first() is None:
        return
    conn.execute(text(
        "INSERT INTO app.employee_pay AS p (employee_id, scheme, basic_hours, rated_hours, "
        "probation, supervisor) VALUES (:e, :scheme, :basic_hours, :rated_hours, "
        ":probation, :supervisor) ON CONFLICT (employee_id) DO UPDATE SET "
        "scheme = EXCLUDED.scheme, basic_hours = EXCLUDED.basic_hours, "
        "rated_hours = EXCLUDED.rated_hours, probation = EXCLUDED.probation, "
        "supervisor = EXCLUDED.supervisor WHERE (p.scheme, p.basic_hours, p.rated_hours, "
        "p.probation, p.supervisor) IS DISTINCT FROM (EXCLUDED.scheme, "
        "EXCLUDED.basic_hours, EXCLUDED.rated_hours, EXCLUDED.probation, "
        "EXCLUDED.supervisor)"), dict(pay.fields, e=employee_id))


def employee_pay(conn: Connection, employee_id: int) -> EmployeePay:
    """The employee's pay scheme (the defaults without a row)."""
    row = conn.execute(text(
        "SELECT scheme, basic_hours, rated_hours, probation, supervisor "
        "FROM app.employee_pay WHERE employee_id = :e"), {"e": employee_id}).mappings().first()
    return EmployeePay(**dict(row)) if row is not None else EmployeePay()


def _replace_work_types(conn: Connection, employee_id: int, work_types: list[int]) -> None:
    """Only the rows that change are written (the change log shows what was added or
    taken away, not the whole set again)."""
    conn.execute(text(
        "DELETE FROM app.employee_work_type WHERE employee_id = :e "
        "AND NOT (work_type_id = ANY(:w))"), {"e": employee_id, "w": work_types})
    if work_types:
        conn.execute(text(
            "INSERT INTO app.employee_work_type (employee_id, work_type_id) "
            "SELECT :e, unnest(CAST(:w AS bigint[])) ON CONFLICT DO NOTHING"),
            {"e": employee_id, "w": work_types})


def employee_regions(conn: Connection, employee_id: int) -> list[int]:
    return list(conn.execute(text(
        "SELECT region_id FROM app.employee_region WHERE employee_id = :e ORDER BY region_id"),
        {"e": employee_id}).scalars())


def employee_work_types(conn: Connection, employee_id: int) -> list[int]:
    return list(conn.execute(text(
        "SELECT work_type_id FROM app.employee_work_type WHERE employee_id = :e "
        "ORDER BY work_type_id"), {"e": employee_id}).scalars())


def employee_wage(conn: Connection, employee_id: int) -> Any:
    """The post wage (Decimal or None); needs commission.view_all or masterdata.edit."""
    if not conn.execute(text("SELECT has_table_privilege('app.employee_wage', 'SELECT')")
                        ).scalar():
        raise PermissionDenied(action="commission.view_all")
    return conn.execute(text("SELECT post_wage FROM app.employee_wage WHERE employee_id = :e"),
                        {"e": employee_id}).scalar()


# -- regions ------------------------------------------------------------------------------

def save_region(conn: Connection, *, name: str, level: str, id: int | None = None,
                parent_id: int | None = None, active: bool = True) -> int:
    name = require_text(name, "name", 50)
    level = validate_choice(level, REGION_LEVELS, "level")
    return save_row(conn, "app.region", {"parent_id": parent_id, "name": name, "level": level,
                                         "active": active}, id, name, tree=True)


def move_region(conn: Connection, region_id: int, new_parent_id: int | None) -> None:
    move_in_tree(conn, "app.region", region_id, new_parent_id, str(region_id))


# -- service outlets ----------------------------------------------------------------------

def save_outlet(
    conn: Connection,
    *,
    code: str,
    name: str,
    id: int | None = None,
    contact: str = "",
    phone: str | None = None,
    address: str = "",
    region_id: int | None = None,
    settlement_terms: str = "",
    active: bool = True,
) -> int:
    values = {
        "code": validate_code(code), "name": require_text(name, "name", 100),
        "contact": optional_text(contact, "contact", 50), "phone": _optional_phone(phone),
        "address": optional_text(address, "address", 200), "region_id": region_id,
        "settlement_terms": optional_text(settlement_terms, "settlement_terms", 500),
        "active": active,
    }
    return save_row(conn, "app.service_outlet", values, id, values["name"])
