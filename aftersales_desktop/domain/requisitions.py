"""Parts requisitioned against a repair ticket (领料): the rules the screens apply (pure).

The database decides (app.requisition_save, app.ticket_settle, revision 0016); these are
the same rules for the screens, so they show what the server will do before it is asked,
and tests/db/test_requisitions.py runs them against the database on the same cases:

- `settlement_part_lines`: a ticket's requisition as the part lines of its settlement:
  every issue line with parts still out after its returns, at the price stored on the
  line, billed to whom the ticket's warranty class says (warranty.billed_to_default);
- `may_change_line`: who may change or delete a saved line: someone with
  requisition.edit, or the technician (requisition.create) who made it, on the shop day
  they made it (docs/permissions.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.fees import DESCRIPTION_MAX, FeeLine

KINDS: dict[str, str] = {
    # a requisition's issue (领料) and return (退料) of parts, not a problem or a refund
    "issue": QT_TR_NOOP("Issue", "requisition line"),
    "return": QT_TR_NOOP("Return", "requisition line"),
    "removed": QT_TR_NOOP("Old part removed"),
}
LINE_STATES: dict[str, str] = {
    "active": QT_TR_NOOP("Active"),
    "deleted": QT_TR_NOOP("Deleted", "line state"),
}
# the warehouse types an old part (旧件) may go to: 报损库, 商返库
OLD_PART_WAREHOUSE_TYPES = ("scrap", "merchant_returns")


def part_description(item_code: str, item_name: str) -> str:
    """A requisitioned part on the bill: its code and name (as the settlement stores it)."""
    return f"{item_code} {item_name}"[:DESCRIPTION_MAX]


def settlement_part_lines(lines: Iterable[Mapping[str, Any]], billed_to: str
                          ) -> list[FeeLine]:
    """The part lines a settlement takes from these requisition lines (as
    app.requisition_lines returns them: kind, item_code, item_name, net_quantity,
    unit_price), in the order they were made."""
    parts: list[FeeLine] = []
    for line in lines:
        if line.get("kind") != "issue" or line.get("state", "active") != "active":
            continue
        out = Decimal(str(line.get("net_quantity") or 0))
        if out <= 0:
            continue
        parts.append(FeeLine("part", part_description(str(line["item_code"]),
                                                      str(line["item_name"])),
                             out, Decimal(str(line["unit_price"])), billed_to))
    return parts


def may_change_line(*, created_by: str, created_on: date, operator: str, today: date,
                    capabilities: Iterable[str]) -> bool:
    """Whether `operator` may change or delete a saved line made by `created_by` on the
    shop day `created_on` (`today` is the shop's day now)."""
    held = set(capabilities)
    if "requisition.edit" in held:
        return True
    return ("requisition.create" in held and created_by == operator
            and created_on == today)
