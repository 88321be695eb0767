"""What stock slips and part labels print besides the document: the shop's header, the
warehouses' names, the parts' barcodes (each one round trip)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select, text

from .tables import item_table


@dataclass(frozen=True)
class PrintContext:
    shop: dict[str, str]
    warehouses: dict[int, str]


def print_context(conn: Connection) -> PrintContext:
    """The shop's name, address and phone and every warehouse's name."""
    shop, names = conn.execute(text("""
        SELECT (SELECT value FROM app.shop_setting WHERE key = 'shop'),
               (SELECT coalesce(jsonb_object_agg(id, name), '{}') FROM app.warehouse)""")
    ).one()
    return PrintContext(shop={k: str(v) for k, v in (shop or {}).items()},
                        warehouses={int(k): str(v) for k, v in (names or {}).items()})


@dataclass(frozen=True)
class LabelItem:
    item_id: int
    code: str
    name: str
    barcode: str | None


def label_items(conn: Connection, item_ids: Sequence[int]) -> list[LabelItem]:
    """Code, name and barcode of the items, in the order asked (unknown ids left out)."""
    if not item_ids:
        return []
    item = item_table
    rows = conn.execute(select(item.c.id, item.c.code, item.c.name, item.c.barcode)
                        .where(item.c.id.in_(list(item_ids)))).all()
    found = {int(r.id): LabelItem(int(r.id), r.code, r.name, r.barcode) for r in rows}
    return [found[i] for i in item_ids if i in found]
