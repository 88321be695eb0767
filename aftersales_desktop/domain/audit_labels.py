"""Human names for what the change log records: tables, actions and fields.

Every business table and column an operator may see in the change log gets an
English label here (translated in the UI); unknown ones show their raw name.
"""

from __future__ import annotations

from aftersales_desktop.core.i18n import QT_TR_NOOP

TABLE_LABELS: dict[str, str] = {
    "app.operator": QT_TR_NOOP("Operator"),
    "app.operator_capability": QT_TR_NOOP("Operator capability"),
    "app.position_template": QT_TR_NOOP("Position template"),
    "app.template_capability": QT_TR_NOOP("Template capability"),
    "app.customer": QT_TR_NOOP("Customer"),
    "app.customer_phone": QT_TR_NOOP("Customer phone"),
    "app.item": QT_TR_NOOP("Product or part"),
    "app.item_cost": QT_TR_NOOP("Cost price"),
}

ACTION_LABELS: dict[str, str] = {
    "insert": QT_TR_NOOP("Added"),
    "update": QT_TR_NOOP("Changed"),
    "delete": QT_TR_NOOP("Deleted"),
}

FIELD_LABELS: dict[str, str] = {
    "code": QT_TR_NOOP("Code"),
    "name": QT_TR_NOOP("Name"),
    "active": QT_TR_NOOP("Active"),
    "template": QT_TR_NOOP("Position template"),
    "version": QT_TR_NOOP("Version"),
    "created_at": QT_TR_NOOP("Created"),
    "created_by": QT_TR_NOOP("Created by"),
    "updated_at": QT_TR_NOOP("Updated"),
    "password_changed_at": QT_TR_NOOP("Password changed"),
    "operator": QT_TR_NOOP("Operator"),
    "capability": QT_TR_NOOP("Capability"),
    "granted": QT_TR_NOOP("Granted"),
    "label": QT_TR_NOOP("Label"),
    "sort_order": QT_TR_NOOP("Order"),
    "id": QT_TR_NOOP("Number"),
    "customer_id": QT_TR_NOOP("Customer"),
    "phone": QT_TR_NOOP("Phone"),
    "is_primary": QT_TR_NOOP("Primary"),
    "item_id": QT_TR_NOOP("Product or part"),
    "sale_price": QT_TR_NOOP("Sale price"),
    "cost_price": QT_TR_NOOP("Cost price"),
}

# Values masked on screen while sensitive data is hidden (Ctrl+H).
SENSITIVE_FIELDS = frozenset({"phone", "sale_price", "cost_price"})

# Which screen can open a logged record: table -> module key.
RECORD_MODULES: dict[str, str] = {
    "app.operator": "operators",
    "app.operator_capability": "operators",
}


def operator_of(table: str, record_key: str) -> str:
    """The operator code a change to an operator table concerns ('code/capability' keys)."""
    return record_key.split("/", 1)[0] if table in RECORD_MODULES else ""
