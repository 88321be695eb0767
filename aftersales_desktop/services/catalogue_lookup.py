"""Find a catalogue item by what is typed or scanned into a document's code cell.

One statement, one round trip, run on the autocommit reader (a `QueryOp`):

    with database.read() as conn:
        answer = find_items(conn, "6901234567890")
    answer.exact      # the item whose code or barcode this is, or None
    answer.candidates # otherwise: items whose code starts with it or whose name holds it

The exact branch uses the unique indexes on code and barcode; the fragment branch runs
only when nothing matched exactly (so a scan never pays for a name search). Inactive
items are not offered. Prices are the sale price; costs are not read here (they need
costs.view: a module that shows them looks them up itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.domain.documents import ItemLookup, LineItem, normalize_code
from aftersales_desktop.domain.masterdata import ITEM_KINDS

MIN_FRAGMENT = 2
MAX_CANDIDATES = 50

_COLUMNS = "id, code, name, unit, sale_price, barcode, kind, brand, model"

_FIND = text(f"""
WITH exact AS (
    SELECT {_COLUMNS}, true AS exact FROM app.item
    WHERE active AND kind = ANY(:kinds)
      AND (code = ANY(:codes) OR barcode = :q)
    ORDER BY (code = :q) DESC, (barcode = :q) DESC, code
    LIMIT 1)
SELECT * FROM exact
UNION ALL
(SELECT {_COLUMNS}, false FROM app.item
 WHERE :fragments AND NOT EXISTS (SELECT 1 FROM exact)
   AND active AND kind = ANY(:kinds)
   AND (code ILIKE :prefix ESCAPE '\\' OR name ILIKE :contains ESCAPE '\\'
        OR model ILIKE :contains ESCAPE '\\')
 ORDER BY (code ILIKE :prefix ESCAPE '\\') DESC, code
 LIMIT :limit)
""")


def _like(fragment: str) -> str:
    return fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _item(row: Any) -> LineItem:
    return LineItem(item_id=int(row.id), code=row.code, name=row.name, unit=row.unit,
                    price=Decimal(row.sale_price), barcode=row.barcode,
                    details={"kind": row.kind, "brand": row.brand, "model": row.model})


def find_items(conn: Connection, typed: str, *, kinds: Sequence[str] = ITEM_KINDS,
               limit: int = 10) -> ItemLookup:
    """The item whose code (any letter case) or barcode is `typed`, else candidates whose
    code starts with it or whose name or model contains it (2+ characters)."""
    query = normalize_code(typed)
    if not query:
        return ItemLookup()
    rows = conn.execute(_FIND, {
        "q": query, "codes": sorted({query, query.upper(), query.lower()}),
        "kinds": list(kinds), "fragments": len(query) >= MIN_FRAGMENT,
        "prefix": _like(query) + "%", "contains": "%" + _like(query) + "%",
        "limit": max(1, min(int(limit), MAX_CANDIDATES)),
    }).all()
    if rows and rows[0].exact:
        return ItemLookup(exact=_item(rows[0]))
    return ItemLookup(candidates=tuple(_item(row) for row in rows))
