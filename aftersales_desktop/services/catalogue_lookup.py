"""Find a catalogue item by what is typed or scanned into a document's code cell.

One statement, one round trip, run on the autocommit reader (a `QueryOp`):

    with database.read() as conn:
        answer = find_items(conn, "6901234567890")
    answer.exact      # the item whose code or barcode this is, or None
    answer.candidates # otherwise: items whose code starts with it or whose name holds it

The exact branch uses the unique indexes on code and barcode; the fragment branches run
only when nothing matched exactly (so a scan never pays for a name search). Measured
with 100,000 items on a local server under load: an exact code or barcode about 1 ms
(p95 2 ms); a fragment about 10-15 ms (p95 under 35 ms), a mistyped scan that matches
nothing about 8 ms: names are read in full, as no index helps with CJK in the C locale. Inactive
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

# Codes are ASCII and the database collates in C, so a code prefix is an index range
# scan. Names are searched with LIKE as typed (and upper-cased when the fragment has
# Latin letters): ILIKE costs about eight times as much on CJK text, which has no case.
# That branch stops at `limit` matches, unsorted; Python orders what came back.
_FIND = text(f"""
WITH exact AS (
    SELECT {_COLUMNS}, 0 AS rank FROM app.item
    WHERE active AND kind = ANY(:kinds)
      AND (code = ANY(:codes) OR barcode = :q)
    ORDER BY (code = :q) DESC, (barcode = :q) DESC, code
    LIMIT 1),
by_code AS (
    SELECT {_COLUMNS}, 1 AS rank FROM app.item
    WHERE :fragments AND NOT EXISTS (SELECT 1 FROM exact)
      AND active AND kind = ANY(:kinds)
      AND (code LIKE :prefix OR code LIKE :prefix_upper)
    ORDER BY code
    LIMIT :limit),
by_name AS (
    SELECT {_COLUMNS}, 2 AS rank FROM app.item
    WHERE :fragments AND NOT EXISTS (SELECT 1 FROM exact)
      AND active AND kind = ANY(:kinds)
      AND name LIKE ANY(:contains)
    LIMIT :limit)
SELECT * FROM exact
UNION ALL SELECT * FROM by_code
UNION ALL SELECT * FROM by_name
""")


def _like(fragment: str) -> str:
    """`fragment` matched literally by LIKE (whose escape character is the backslash)."""
    return fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _item(row: Any) -> LineItem:
    return LineItem(item_id=int(row.id), code=row.code, name=row.name, unit=row.unit,
                    price=Decimal(row.sale_price), barcode=row.barcode,
                    details={"kind": row.kind, "brand": row.brand, "model": row.model})


def find_items(conn: Connection, typed: str, *, kinds: Sequence[str] = ITEM_KINDS,
               limit: int = 10) -> ItemLookup:
    """The item whose code (any letter case) or barcode is `typed`, else candidates whose
    code starts with it or whose name contains it (2+ characters)."""
    query = normalize_code(typed)
    if not query:
        return ItemLookup()
    limit = max(1, min(int(limit), MAX_CANDIDATES))
    fragment = _like(query)
    rows = conn.execute(_FIND, {
        "q": query, "codes": sorted({query, query.upper(), query.lower()}),
        "kinds": list(kinds), "fragments": len(query) >= MIN_FRAGMENT,
        "prefix": fragment + "%", "prefix_upper": fragment.upper() + "%",
        "contains": sorted({f"%{fragment}%", f"%{fragment.upper()}%"}),
        "limit": limit,
    }).all()
    if rows and rows[0].rank == 0:
        return ItemLookup(exact=_item(rows[0]))
    seen: set[int] = set()
    ranked = []
    for row in sorted(rows, key=lambda row: (row.rank, row.code)):
        if row.id not in seen:  # a code match whose name matches too comes once
            seen.add(row.id)
            ranked.append(row)
    return ItemLookup(candidates=tuple(_item(row) for row in ranked[:limit]))
