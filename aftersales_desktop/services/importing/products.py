"""Import products and parts (app.item) from a workbook, one row per item.

A code already in the database updates that item (blank cells keep what is stored), so
importing the same workbook again adds nothing. Categories must exist (written as a
path, 空调/配件). Cost prices go to app.item_cost and need costs.view.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, text

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.category_paths import category_paths
from aftersales_desktop.domain.masterdata import (
    ITEM_KINDS,
    parse_money,
    require_text,
    validate_code,
    validate_dictionary_value,
    validate_warranty_months,
)
from aftersales_desktop.domain.refusals import refuse

from ._common import (
    Cancelled,
    ImportPreview,
    Progress,
    RowChecker,
    RowError,
    SheetRow,
    Ticker,
    blank,
    cell_bool,
    cell_text,
    commit_checked,
    count_existing,
    in_chunks,
    learn_values,
    read_code_and_name,
    read_each_row,
)
from .columns import PRODUCT_COLUMNS

_COLUMNS = {c.key: c for c in PRODUCT_COLUMNS}
KIND_NAMES = {"成品": "product", "产品": "product", "整机": "product", "配件": "part",
              "零件": "part", **{kind: kind for kind in ITEM_KINDS}}
_PATH_SPLIT = re.compile(r"\s*[/／>＞\\]\s*")


@dataclass
class ItemRecord:
    row: int
    code: str
    name: str
    category: str | None = None  # normalized path; None: keep / no category
    kind: str | None = None
    brand: str | None = None
    model: str | None = None
    unit: str | None = None
    barcode: str | None = None
    sale_price: Decimal | None = None
    cost_price: Decimal | None = None
    warranty_months: int | None = None
    min_stock: Decimal | None = None
    active: bool | None = None  # None: keep (a new item is active)


@dataclass
class ProductPreview(ImportPreview):
    items: list[ItemRecord] = field(default_factory=list)
    categories: dict[str, int] = field(default_factory=dict)  # path -> id (by the check)
    existing_items: int = 0

    @property
    def record_count(self) -> int:
        return len(self.items)

    @property
    def has_costs(self) -> bool:
        return any(r.cost_price is not None for r in self.items)


def category_path(raw: Any) -> str:
    return "/".join(p for p in _PATH_SPLIT.split(cell_text(raw).strip(" /")) if p)


def _kind(raw: Any) -> str:
    value = cell_text(raw)
    kind = KIND_NAMES.get(value, KIND_NAMES.get(value.lower()))
    if kind is None:
        raise refuse("item_kind_unknown", value=value)
    return kind


def _dictionary(raw: Any, kind: str) -> str:
    return validate_dictionary_value(kind, cell_text(raw), kind)


def _unit(raw: Any) -> str:
    return require_text(cell_text(raw), "unit", 10)


def _active(raw: Any) -> bool:
    return cell_bool(raw, "active")


def _barcode(raw: Any) -> str:
    return validate_code(cell_text(raw), "barcode")


def _optional(check: RowChecker, key: str, raw: Any,
              parse: Callable[..., Any], *arguments: Any) -> Any:
    if blank(raw):
        return None
    return check.run(key, partial(parse, raw, *arguments))


def read_products(path: str | Path, progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> ProductPreview:
    """Read and check a product workbook (streamed) without touching the database."""
    preview = ProductPreview(path=Path(path))
    codes: dict[str, int] = {}
    barcodes: dict[str, int] = {}

    def read_row(row: SheetRow) -> None:
        number, v = row.number, row.values
        check = RowChecker(number, _COLUMNS, preview.file_errors, row.unreadable)
        code, name = read_code_and_name(check, v)
        record = ItemRecord(
            row=number, code=code or "", name=name or "",
            category=category_path(v.get("category")) or None,
            kind=_optional(check, "kind", v.get("kind"), _kind),
            brand=_optional(check, "brand", v.get("brand"), _dictionary, "brand"),
            model=_optional(check, "model", v.get("model"), _dictionary, "model"),
            unit=_optional(check, "unit", v.get("unit"), _unit),
            barcode=_optional(check, "barcode", v.get("barcode"), _barcode),
            sale_price=_optional(check, "sale_price", v.get("sale_price"), parse_money,
                                 "sale_price"),
            cost_price=_optional(check, "cost_price", v.get("cost_price"), parse_money,
                                 "cost_price"),
            warranty_months=_optional(check, "warranty_months", v.get("warranty_months"),
                                      validate_warranty_months),
            min_stock=_optional(check, "min_stock", v.get("min_stock"), parse_money,
                                "min_stock"),
            active=_optional(check, "active", v.get("active"), _active),
        )
        if code:
            first = codes.setdefault(code, number)
            if first != number:
                check.add("code", QT_TR_NOOP("Code {code} is already on row {row}."),
                          code=code, row=first)
        if record.barcode:
            first = barcodes.setdefault(record.barcode, number)
            if first != number:
                check.add("barcode", QT_TR_NOOP("Barcode {barcode} is already on row {row}."),
                          barcode=record.barcode, row=first)
        if not check.failed:
            preview.items.append(record)

    read_each_row(preview, PRODUCT_COLUMNS, progress, cancelled, read_row)
    return preview


def load_category_paths(conn: Connection) -> dict[str, int]:
    """Every active category by its path ("parent/child", as the catalogue list shows it)
    -> id."""
    paths = category_paths()
    rows = conn.execute(select(paths.c.path, paths.c.id).where(paths.c.active)).all()
    return {category_path(r[0]): int(r[1]) for r in rows}


def check_products(conn: Connection, preview: ProductPreview) -> None:
    """Check the preview against the database: unknown categories, barcodes used by other
    items. Replaces earlier database errors."""
    preview.database_errors = []
    preview.categories = load_category_paths(conn)
    header = {k: c.header for k, c in _COLUMNS.items()}
    for record in preview.items:
        if record.category is not None and record.category not in preview.categories:
            preview.database_errors.append(RowError(
                record.row, "category", header["category"],
                QT_TR_NOOP("Unknown category {path}."), {"path": record.category}))
    with_barcode = [r for r in preview.items if r.barcode]
    if with_barcode:
        used = {str(r[0]): str(r[1]) for r in conn.execute(text(
            "SELECT barcode, code FROM app.item WHERE barcode = ANY(CAST(:b AS text[]))"),
            {"b": [r.barcode for r in with_barcode]})}
        for record in with_barcode:
            owner = used.get(str(record.barcode))
            if owner is not None and owner != record.code:
                preview.database_errors.append(RowError(
                    record.row, "barcode", header["barcode"],
                    QT_TR_NOOP("Barcode {barcode} is already used by item {code}."),
                    {"barcode": record.barcode, "code": owner}))
    preview.existing_items = count_existing(conn, "app.item", [r.code for r in preview.items])
    preview.checked = True


def commit_products(conn: Connection, preview: ProductPreview,
                    progress: Progress | None = None,
                    cancelled: Cancelled | None = None) -> dict[str, int]:
    """Write the preview in the caller's transaction, all or nothing; refuses (writing
    nothing) when the preview or the database check finds errors. Returns counts: items
    added, items updated, costs written."""
    needs = {"masterdata.edit": (("app.item", "INSERT"), ("app.item", "UPDATE"))}
    if preview.has_costs:
        needs["costs.view"] = (("app.item_cost", "SELECT"), ("app.item_cost", "INSERT"))
    return commit_checked(conn, preview, check_products, needs,
                          partial(_write, conn, preview, progress, cancelled))


_ARRAYS = ("CAST(:code AS text[]), CAST(:name AS text[]), CAST(:kind AS text[]), "
           "CAST(:category AS bigint[]), CAST(:brand AS text[]), CAST(:model AS text[]), "
           "CAST(:unit AS text[]), CAST(:barcode AS text[]), CAST(:sale AS numeric[]), "
           "CAST(:months AS integer[]), CAST(:min_stock AS numeric[]), "
           "CAST(:active AS boolean[])")
_FIELDS = ("code, name, kind, category, brand, model, unit, barcode, sale, months, min_stock, "
           "active")
_UPDATED = {  # column -> new value (blank cells keep the stored one)
    "name": "x.name", "kind": "coalesce(x.kind, i.kind)",
    "category_id": "coalesce(x.category, i.category_id)",
    "brand": "coalesce(x.brand, i.brand)", "model": "coalesce(x.model, i.model)",
    "unit": "coalesce(x.unit, i.unit)", "barcode": "coalesce(x.barcode, i.barcode)",
    "sale_price": "coalesce(x.sale, i.sale_price)",
    "default_warranty_months": "coalesce(x.months, i.default_warranty_months)",
    "min_stock": "coalesce(x.min_stock, i.min_stock)",
    "active": "coalesce(x.active, i.active)",
}
_UPDATE = (
    "UPDATE app.item i SET " + ", ".join(f"{k} = {v}" for k, v in _UPDATED.items())
    + ", version = i.version + 1 "
    f"FROM unnest({_ARRAYS}) AS x ({_FIELDS}) WHERE i.code = x.code AND "
    f"({', '.join('i.' + k for k in _UPDATED)}) IS DISTINCT FROM ({', '.join(_UPDATED.values())})")
_INSERT = (
    "INSERT INTO app.item (code, name, kind, category_id, brand, model, unit, barcode, "
    "sale_price, default_warranty_months, min_stock, active) "
    "SELECT x.code, x.name, coalesce(x.kind, 'part'), x.category, coalesce(x.brand, ''), "
    "coalesce(x.model, ''), coalesce(x.unit, '个'), x.barcode, coalesce(x.sale, 0), "
    "coalesce(x.months, 12), coalesce(x.min_stock, 0), coalesce(x.active, true) "
    f"FROM unnest({_ARRAYS}) AS x ({_FIELDS}) "
    "WHERE NOT EXISTS (SELECT 1 FROM app.item i WHERE i.code = x.code) "
    "ON CONFLICT (code) DO NOTHING")
_COSTS = (
    "INSERT INTO app.item_cost (item_id, cost_price) SELECT i.id, x.cost "
    "FROM unnest(CAST(:code AS text[]), CAST(:cost AS numeric[])) AS x (code, cost) "
    "JOIN app.item i ON i.code = x.code "
    "ON CONFLICT (item_id) DO UPDATE SET cost_price = EXCLUDED.cost_price "
    "WHERE app.item_cost.cost_price IS DISTINCT FROM EXCLUDED.cost_price")


def _write(conn: Connection, preview: ProductPreview, progress: Progress | None,
           cancelled: Cancelled | None) -> dict[str, int]:
    items = preview.items
    ticker = Ticker(len(items), progress, cancelled)
    ticker.check()
    brands = learn_values(conn, "brand", {r.brand for r in items if r.brand})
    models = learn_values(conn, "model", {r.model for r in items if r.model})
    counts = {"items": 0, "updated": 0, "costs": 0}
    for part in in_chunks(items):
        values = {
            "code": [r.code for r in part], "name": [r.name for r in part],
            "kind": [r.kind for r in part],
            "category": [None if r.category is None else preview.categories[r.category]
                         for r in part],
            "brand": [None if r.brand is None else brands.get(r.brand, r.brand) for r in part],
            "model": [None if r.model is None else models.get(r.model, r.model) for r in part],
            "unit": [r.unit for r in part], "barcode": [r.barcode for r in part],
            "sale": [r.sale_price for r in part], "months": [r.warranty_months for r in part],
            "min_stock": [r.min_stock for r in part], "active": [r.active for r in part]}
        counts["updated"] += conn.execute(text(_UPDATE), values).rowcount
        counts["items"] += conn.execute(text(_INSERT), values).rowcount
        costs = [r for r in part if r.cost_price is not None]
        if costs:
            counts["costs"] += conn.execute(text(_COSTS), {
                "code": [r.code for r in costs], "cost": [r.cost_price for r in costs]}).rowcount
        ticker.step(len(part), force=True)
    ticker.finish()
    return counts
