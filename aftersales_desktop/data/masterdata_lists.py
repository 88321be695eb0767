"""The lists of the master-data pages: customers, catalogue, warehouses, staff, outlets,
service settings and dictionaries, with the labels of their coded columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_
from sqlalchemy.sql.expression import TableClause

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.audit_labels import SERVICE_MODES
from aftersales_desktop.domain.commissions import AUTO_TRIGGERS, HOURS_KINDS
from aftersales_desktop.domain.filters import ColumnKind

from .category_paths import category_paths
from .listing import ListColumn, ListSource, SortKey
from .tables import (
    customer_phone_table,
    customer_table,
    department_table,
    dictionary_entry_table,
    employee_table,
    item_cost_table,
    item_table,
    overdue_rule_table,
    region_table,
    reward_penalty_item_table,
    service_outlet_table,
    staff_position_table,
    warehouse_table,
    work_type_table,
)

GRADE_LABELS: dict[str, str] = {
    "individual": QT_TR_NOOP("Individual"), "dealer": QT_TR_NOOP("Dealer"),
    "hypermarket": QT_TR_NOOP("Hypermarket"), "corporate": QT_TR_NOOP("Corporate"),
}
ITEM_KIND_LABELS = {"product": QT_TR_NOOP("Product"), "part": QT_TR_NOOP("Part")}
WAREHOUSE_TYPE_LABELS = {
    "finished": QT_TR_NOOP("Finished goods"), "pending_repair": QT_TR_NOOP("Pending repair"),
    "samples": QT_TR_NOOP("Samples"), "scrap": QT_TR_NOOP("Scrap"),
    "merchant_returns": QT_TR_NOOP("Merchant returns"),
    "parts": QT_TR_NOOP("Parts", "warehouse type"),  # 配件库, not the parts on a bill
}
REGION_LEVEL_LABELS = {"city": QT_TR_NOOP("City"), "district": QT_TR_NOOP("District"),
                       "area": QT_TR_NOOP("Area")}
DICTIONARY_KIND_LABELS = {
    "brand": QT_TR_NOOP("Brand"), "model": QT_TR_NOOP("Model"), "fault": QT_TR_NOOP("Fault"),
    "accessory": QT_TR_NOOP("Accessory"), "appearance": QT_TR_NOOP("Appearance"),
    "customer_source": QT_TR_NOOP("Customer source"),
    # the work report's fault analysis (故障原因 / 处理措施, revision 0018)
    "fault_cause": QT_TR_NOOP("Fault cause"), "repair_action": QT_TR_NOOP("Action taken"),
}


def _by_code(name: str, title: str, columns: list[ListColumn], from_clause: Any,
             key: Any, entities: tuple[str, ...], sort: str = "code") -> ListSource:
    """A list in code order that reloads when a write touches one of `entities`."""
    return ListSource(name=name, title=title, columns=tuple(columns), from_clause=from_clause,
                      key=key, default_sort=(SortKey(sort),), entities=entities)


def _code_column(table: Any, width: int = 90) -> ListColumn:
    """A master-data list's first column: the record's code, its key for the operator."""
    return ListColumn("code", QT_TR_NOOP("Code"), table.c.code, width=width)


def _active_column(table: Any) -> ListColumn:
    """Whether the record is still offered in forms (a master-data list's last column, but
    in the dictionaries)."""
    return ListColumn("active", QT_TR_NOOP("Active"), table.c.active, ColumnKind.BOOL, width=60)


def _customers(with_phones: bool) -> ListSource:
    """Customers; with the main phone number only for operators with contacts.view."""
    cust = customer_table.alias("c")
    columns = [
        _code_column(cust),
        ListColumn("name", QT_TR_NOOP("Name"), cust.c.name, width=120),
        ListColumn("grade", QT_TR_NOOP("Grade"), cust.c.grade, width=80, choices=GRADE_LABELS),
    ]
    from_clause: Any = cust
    if with_phones:
        phone = customer_phone_table.alias("p")
        columns.append(ListColumn("phone", QT_TR_NOOP("Phone"), phone.c.phone,
                                  ColumnKind.PHONE, sensitive=True, width=110))
        from_clause = cust.outerjoin(phone, and_(phone.c.customer_id == cust.c.id,
                                                 phone.c.is_primary))
    columns += [
        ListColumn("address", QT_TR_NOOP("Address"), cust.c.address, width=200),
        _active_column(cust),
    ]
    return _by_code("customers" if with_phones else "customers_no_phone",
                    QT_TR_NOOP("Customers"), columns, from_clause, cust.c.id, ("customer",))


def _catalogue(with_costs: bool) -> ListSource:
    """The catalogue; `with_costs` adds the cost column (and only then joins item_cost, which
    the database refuses to operators without costs.view)."""
    item = item_table.alias("i")
    category = category_paths()  # shown and exported as 空调/配件, as the import reads it
    from_clause: Any = item.outerjoin(category, category.c.id == item.c.category_id)
    columns = [
        _code_column(item, width=100),
        ListColumn("name", QT_TR_NOOP("Product name"), item.c.name, width=160),
        ListColumn("kind", QT_TR_NOOP("Kind"), item.c.kind, width=60, choices=ITEM_KIND_LABELS),
        ListColumn("category", QT_TR_NOOP("Category"), category.c.path, width=140),
        ListColumn("brand", QT_TR_NOOP("Brand"), item.c.brand, width=90),
        ListColumn("model", QT_TR_NOOP("Model"), item.c.model, width=90),
        ListColumn("unit", QT_TR_NOOP("Unit"), item.c.unit, width=50),
        ListColumn("barcode", QT_TR_NOOP("Barcode"), item.c.barcode, width=120),
        ListColumn("sale_price", QT_TR_NOOP("Sale price"), item.c.sale_price, ColumnKind.MONEY,
                   sensitive=True, width=90, totalled=False),
    ]
    if with_costs:
        cost = item_cost_table.alias("k")
        from_clause = from_clause.outerjoin(cost, cost.c.item_id == item.c.id)
        columns.append(ListColumn("cost_price", QT_TR_NOOP("Cost price"), cost.c.cost_price,
                                  ColumnKind.MONEY, sensitive=True, width=90,
                                  totalled=False))
    columns.append(_active_column(item))
    return _by_code("catalogue_costs" if with_costs else "catalogue", QT_TR_NOOP("Catalogue"),
                    columns, from_clause, item.c.id, ("item", "item_category"))


def _warehouses() -> ListSource:
    wh = warehouse_table.alias("w")
    keeper = employee_table.alias("e")
    return _by_code("warehouses", QT_TR_NOOP("Warehouses"), [
        _code_column(wh),
        ListColumn("name", QT_TR_NOOP("Warehouse name"), wh.c.name, width=140),
        ListColumn("type", QT_TR_NOOP("Type"), wh.c.type, width=100,
                   choices=WAREHOUSE_TYPE_LABELS),
        ListColumn("keeper", QT_TR_NOOP("Keeper"), keeper.c.name, width=100),
        _active_column(wh),
    ], wh.outerjoin(keeper, keeper.c.id == wh.c.keeper_id), wh.c.id, ("warehouse", "employee"))


def _employees() -> ListSource:
    emp = employee_table.alias("e")
    dep = department_table.alias("d")
    pos = staff_position_table.alias("p")
    return _by_code("employees", QT_TR_NOOP("Employees"), [
        _code_column(emp),
        ListColumn("name", QT_TR_NOOP("Name"), emp.c.name, width=100),
        ListColumn("phone", QT_TR_NOOP("Phone"), emp.c.phone, ColumnKind.PHONE, sensitive=True,
                   width=110),
        ListColumn("department", QT_TR_NOOP("Department"), dep.c.name, width=110),
        ListColumn("position", QT_TR_NOOP("Position"), pos.c.name, width=100),
        ListColumn("grade", QT_TR_NOOP("Grade"), emp.c.grade, width=70),
        ListColumn("hire_date", QT_TR_NOOP("Hire date"), emp.c.hire_date, ColumnKind.DATE,
                   width=90),
        ListColumn("is_technician", QT_TR_NOOP("Technician"), emp.c.is_technician,
                   ColumnKind.BOOL, width=60),
        ListColumn("operator_code", QT_TR_NOOP("Operator"), emp.c.operator_code, width=90),
        _active_column(emp),
    ], emp.outerjoin(dep, dep.c.id == emp.c.department_id)
        .outerjoin(pos, pos.c.id == emp.c.position_id), emp.c.id,
        ("employee", "department", "position"))


def _outlets() -> ListSource:
    outlet = service_outlet_table.alias("o")
    region = region_table.alias("r")
    return _by_code("service_outlets", QT_TR_NOOP("Service outlets"), [
        _code_column(outlet),
        ListColumn("name", QT_TR_NOOP("Outlet name"), outlet.c.name, width=140),
        ListColumn("contact", QT_TR_NOOP("Contact"), outlet.c.contact, width=90),
        ListColumn("phone", QT_TR_NOOP("Phone"), outlet.c.phone, ColumnKind.PHONE,
                   sensitive=True, width=110),
        ListColumn("region", QT_TR_NOOP("Region"), region.c.name, width=100),
        ListColumn("address", QT_TR_NOOP("Address"), outlet.c.address, width=160),
        _active_column(outlet),
    ], outlet.outerjoin(region, region.c.id == outlet.c.region_id), outlet.c.id,
        ("service_outlet", "region"))


def _setting_list(name: str, title: str, source: TableClause,
                  columns: list[tuple[str, str, ColumnKind]
                                | tuple[str, str, ColumnKind, Mapping[str, str]]]
                  ) -> ListSource:
    """A service-setting table listed column by column as declared (a coded column with
    its labels); its entity is the table's name."""
    return _by_code(name, title, [ListColumn(key, label, source.c[key], kind, width=100,
                                             choices=choices[0] if choices else None)
                                  for key, label, kind, *choices in columns],
                    source, source.c.id, (source.name,),
                    "code" if "code" in source.c else "name")


def _dictionary_entries() -> ListSource:
    entry = dictionary_entry_table.alias("d")
    target = dictionary_entry_table.alias("t")
    return ListSource(
        name="dictionary_entries", title=QT_TR_NOOP("Dictionaries"),
        columns=(
            ListColumn("kind", QT_TR_NOOP("Dictionary"), entry.c.kind, width=100,
                       choices=DICTIONARY_KIND_LABELS),
            ListColumn("value", QT_TR_NOOP("Value"), entry.c.value, width=180),
            ListColumn("uses", QT_TR_NOOP("Uses"), entry.c.uses, ColumnKind.INT, width=60),
            _active_column(entry),
            ListColumn("merged_into", QT_TR_NOOP("Merged into"), target.c.value, width=140),
        ),
        from_clause=entry.outerjoin(target, target.c.id == entry.c.merged_into),
        key=entry.c.id,
        default_sort=(SortKey("kind"), SortKey("uses", descending=True), SortKey("value")),
        entities=("dictionary",),
    )


CUSTOMERS = _customers(with_phones=True)
CUSTOMERS_WITHOUT_PHONES = _customers(with_phones=False)
CATALOGUE = _catalogue(with_costs=False)
CATALOGUE_WITH_COSTS = _catalogue(with_costs=True)
WAREHOUSES = _warehouses()
EMPLOYEES = _employees()
SERVICE_OUTLETS = _outlets()
WORK_TYPES = _setting_list("work_types", QT_TR_NOOP("Work types"), work_type_table, [
    ("code", QT_TR_NOOP("Code"), ColumnKind.TEXT),
    ("name", QT_TR_NOOP("Label"), ColumnKind.TEXT),
    ("labour_fee", QT_TR_NOOP("Labour fee"), ColumnKind.MONEY),
    ("standard_hours", QT_TR_NOOP("Standard hours"), ColumnKind.QUANTITY),
    ("hours_kind", QT_TR_NOOP("Hours count as"), ColumnKind.TEXT, HOURS_KINDS),
    ("active", QT_TR_NOOP("Active"), ColumnKind.BOOL)])
REWARD_PENALTY_ITEMS = _setting_list(
    "reward_penalty_items", QT_TR_NOOP("Rewards and penalties"), reward_penalty_item_table, [
        ("code", QT_TR_NOOP("Code"), ColumnKind.TEXT),
        ("name", QT_TR_NOOP("Label"), ColumnKind.TEXT),
        ("amount", QT_TR_NOOP("Amount"), ColumnKind.MONEY),
        ("auto", QT_TR_NOOP("Applied automatically"), ColumnKind.TEXT, AUTO_TRIGGERS),
        ("threshold", QT_TR_NOOP("Score threshold"), ColumnKind.INT),
        ("active", QT_TR_NOOP("Active"), ColumnKind.BOOL)])
OVERDUE_RULES = _setting_list("overdue_rules", QT_TR_NOOP("Overdue rules"), overdue_rule_table, [
    ("name", QT_TR_NOOP("Label"), ColumnKind.TEXT),
    ("amount_per_day", QT_TR_NOOP("Amount per day"), ColumnKind.MONEY),
    ("grace_days", QT_TR_NOOP("Grace days"), ColumnKind.INT),
    ("service_mode", QT_TR_NOOP("Service mode"), ColumnKind.TEXT, SERVICE_MODES),
    ("active", QT_TR_NOOP("Active"), ColumnKind.BOOL)])
DICTIONARY_ENTRIES = _dictionary_entries()


def catalogue_source(can_see_costs: bool) -> ListSource:
    return CATALOGUE_WITH_COSTS if can_see_costs else CATALOGUE
