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
    entries,
    learn,
    learn_optional,
    merge,
    restore,
    retire,
    suggestions,
)
from .settings import (
    save_overdue_rule,
    save_reward_penalty_item,
    save_warehouse,
    save_work_type,
)
from .staff import (
    employee_regions,
    employee_wage,
    move_department,
    move_region,
    save_department,
    save_employee,
    save_outlet,
    save_position,
    save_region,
)

__all__ = [
    "Customer", "CustomerPhone", "Device", "DeviceDraft", "DictionaryEntry", "Item",
    "RecordMissing", "SavedCustomer", "SavedItem", "StaleRecord", "deactivate_customer",
    "employee_regions", "employee_wage", "entries", "get_customer", "get_device", "get_item",
    "learn", "learn_optional", "merge", "move_category", "move_department", "move_region",
    "restore", "retire", "save_category", "save_customer", "save_department", "save_device",
    "save_employee", "save_item", "save_outlet", "save_overdue_rule", "save_position",
    "save_region", "save_reward_penalty_item", "save_warehouse", "save_work_type",
    "set_customer_active", "set_item_active", "suggestions", "translate_db_error",
]
