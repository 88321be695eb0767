"""Master data use cases, one savepoint each inside the caller's transaction.

Every function takes a SQLAlchemy Connection (from Database.transaction()), validates
with aftersales_desktop.domain.masterdata before any SQL, and raises UserErrors the
operator can act on (ValidationError on the field, StaleRecord, PermissionDenied);
a refused save changes nothing and leaves the caller's transaction usable.
"""

from ._common import RecordMissing, StaleRecord, translate_db_error
from .catalogue import (
    Item,
    SavedItem,
    categories,
    get_item,
    move_category,
    save_category,
    save_item,
    set_item_active,
)
from .customers import (
    Customer,
    CustomerPhone,
    Device,
    DeviceDraft,
    SavedCustomer,
    deactivate_customer,
    get_customer,
    get_device,
    save_customer,
    save_device,
    set_customer_active,
)
from .dictionaries import (
    DictionaryEntry,
    add_entry,
    entries,
    get_entry,
    learn,
    learn_optional,
    merge,
    restore,
    retire,
    save_entry,
    suggestions,
)
from .settings import (
    Warehouse,
    get_overdue_rule,
    get_reward_penalty_item,
    get_warehouse,
    get_work_type,
    save_overdue_rule,
    save_reward_penalty_item,
    save_travel_buffer_minutes,
    save_warehouse,
    save_work_type,
    travel_buffer_minutes,
    warehouse_types,
)
from .staff import (
    Employee,
    EmployeePay,
    Organisation,
    Outlet,
    Region,
    active_employees,
    employee_pay,
    employee_regions,
    employee_wage,
    employee_work_types,
    get_employee,
    get_outlet,
    move_department,
    move_region,
    organisation,
    regions,
    save_department,
    save_employee,
    save_outlet,
    save_position,
    save_region,
)
from .versions import ChangedMeanwhile

__all__ = [
    "ChangedMeanwhile", "Customer", "CustomerPhone", "Device", "DeviceDraft",
    "DictionaryEntry", "Employee", "EmployeePay", "Item", "Organisation", "Outlet",
    "RecordMissing", "Region",
    "SavedCustomer", "SavedItem", "StaleRecord", "Warehouse", "active_employees", "add_entry",
    "categories", "deactivate_customer", "employee_pay", "employee_regions", "employee_wage",
    "employee_work_types", "entries",
    "get_customer", "get_device", "get_employee", "get_entry", "get_item", "get_outlet",
    "get_overdue_rule", "get_reward_penalty_item", "get_warehouse", "get_work_type", "learn",
    "learn_optional", "merge", "move_category", "move_department", "move_region",
    "organisation", "regions", "restore", "retire", "save_category", "save_customer",
    "save_department", "save_device", "save_employee", "save_entry", "save_item",
    "save_outlet", "save_overdue_rule", "save_position", "save_region",
    "save_reward_penalty_item", "save_travel_buffer_minutes", "save_warehouse",
    "save_work_type", "set_customer_active",
    "set_item_active", "suggestions", "translate_db_error", "travel_buffer_minutes",
    "warehouse_types",
]
