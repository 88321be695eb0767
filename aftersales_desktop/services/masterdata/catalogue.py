"""The catalogue: items (products and parts) with their category tree.

Cost prices live in app.item_cost (written with masterdata.edit, read only with
costs.view): an item is saved without touching costs unless a cost is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.core.errors import PermissionDenied
from aftersales_desktop.domain.masterdata import (
    ITEM_KINDS,
    optional_text,
    parse_money,
    require_text,
    validate_choice,
    validate_code,
    validate_warranty_months,
)

from ._common import (
    check_version,
    move_in_tree,
    require_row,
    save_named_node,
    saving,
)
from .dictionaries import learn_optional
from .versions import naming_who_changed, set_active


@dataclass(frozen=True)
class SavedItem:
    id: int
    version: int


@dataclass(frozen=True)
class Item:
    id: int
    code: str
    name: str
    kind: str
    category_id: int | None
    brand: str
    model: str
    unit: str
    barcode: str | None
    sale_price: Decimal
    default_warranty_months: int
    min_stock: Decimal
    active: bool
    version: int
    cost_price: Decimal | None  # None: not set, or hidden (no costs.view)


def _can_read_costs(conn: Connection) -> bool:
    return bool(conn.execute(text(
        "SELECT has_table_privilege('app.item_cost', 'SELECT')")).scalar())


def save_item(
    conn: Connection,
    *,
    code: str,
    name: str,
    id: int | None = None,
    version: int | None = None,
    kind: str = "part",
    category_id: int | None = None,
    brand: str = "",
    model: str = "",
    unit: str = "个",
    barcode: str | None = None,
    sale_price: Any = Decimal("0.00"),
    cost_price: Any = None,
    default_warranty_months: Any = 12,
    min_stock: Any = Decimal("0.00"),
    active: bool = True,
) -> SavedItem:
    """Add or update an item; `cost_price` None leaves app.item_cost untouched.

    Without costs.view a cost can be given for a new item only (changing an existing
    item's cost raises PermissionDenied: it would overwrite a value one cannot see)."""
    values = {
        "code": validate_code(code),
        "name": require_text(name, "name", 100),
        "kind": validate_choice(kind, ITEM_KINDS, "kind"),
        "category": category_id,
        "unit": require_text(unit, "unit", 10),
        "barcode": (validate_code(barcode, "barcode")
                    if barcode is not None and str(barcode).strip() else None),
        "sale": parse_money(sale_price, "sale_price"),
        "months": validate_warranty_months(default_warranty_months, "default_warranty_months"),
        "min_stock": parse_money(min_stock, "min_stock"),
        "active": active,
    }
    brand = optional_text(brand, "brand", 100)
    model = optional_text(model, "model", 100)
    cost = None if cost_price is None or (isinstance(cost_price, str) and not cost_price.strip()) \
        else parse_money(cost_price, "cost_price")
    with naming_who_changed(conn, "app.item", id, values["code"]), \
            saving(conn, "masterdata.edit"):
        values["brand"] = learn_optional(conn, "brand", brand)
        values["model"] = learn_optional(conn, "model", model)
        if id is None:
            row = conn.execute(text(
                "INSERT INTO app.item (code, name, kind, category_id, brand, model, unit, "
                "barcode, sale_price, default_warranty_months, min_stock, active) VALUES "
                "(:code, :name, :kind, :category, :brand, :model, :unit, :barcode, :sale, "
                ":months, :min_stock, :active) RETURNING id, version"), values).one()
            item_id, new_version = int(row[0]), int(row[1])
            if cost is not None:
                conn.execute(text("INSERT INTO app.item_cost (item_id, cost_price) "
                                  "VALUES (:i, :c)"), {"i": item_id, "c": cost})
        else:
            found = conn.execute(text(
                "UPDATE app.item SET code = :code, name = :name, kind = :kind, "
                "category_id = :category, brand = :brand, model = :model, unit = :unit, "
                "barcode = :barcode, sale_price = :sale, default_warranty_months = :months, "
                "min_stock = :min_stock, active = :active, version = version + 1 "
                "WHERE id = :id AND (:version IS NULL OR version = :version) "
                "RETURNING version"), dict(values, id=id, version=version)).scalar()
            item_id = id
            new_version = check_version(conn, "app.item", id, values["code"], found)
            if cost is not None:
                # Replacing a cost one cannot see needs costs.view (the upsert reads the row).
                if not _can_read_costs(conn):
                    raise PermissionDenied(action="costs.view")
                conn.execute(text(
                    "INSERT INTO app.item_cost (item_id, cost_price) VALUES (:i, :c) "
                    "ON CONFLICT (item_id) DO UPDATE SET cost_price = EXCLUDED.cost_price"),
                    {"i": item_id, "c": cost})
    return SavedItem(item_id, new_version)


def set_item_active(conn: Connection, item_id: int, active: bool,
                    version: int | None = None) -> int:
    return set_active(conn, "app.item", item_id, active, version, "masterdata.edit")


def get_item(conn: Connection, item_id: int) -> Item:
    row = require_row(conn.execute(text(
        "SELECT id, code, name, kind, category_id, brand, model, unit, barcode, sale_price, "
        "default_warranty_months, min_stock, active, version FROM app.item WHERE id = :i"),
        {"i": item_id}).first(), str(item_id))
    cost = None
    if _can_read_costs(conn):
        cost = conn.execute(text("SELECT cost_price FROM app.item_cost WHERE item_id = :i"),
                            {"i": item_id}).scalar()
    return Item(**dict(row._mapping), cost_price=cost)


def save_category(conn: Connection, *, name: str, id: int | None = None,
                  parent_id: int | None = None, active: bool = True) -> int:
    """Add or update an item category; a new parent must not be the node or below it."""
    return save_named_node(conn, "app.item_category", name=name, id=id, parent_id=parent_id,
                           active=active)


def move_category(conn: Connection, category_id: int, new_parent_id: int | None) -> None:
    move_in_tree(conn, "app.item_category", category_id, new_parent_id, str(category_id))


def categories(conn: Connection) -> list[tuple[int, str]]:
    """The active item categories as (id, name), for the form's category choice."""
    return [(int(r[0]), str(r[1])) for r in conn.execute(text(
        "SELECT id, name FROM app.item_category WHERE active ORDER BY name, id"))]
