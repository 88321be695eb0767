"""A dealer's list of customers who bought (商场交回的客户档案) from a workbook, for
installation and usage callbacks: one row per product sold, imported by
app.callback_import as callback tasks of source 'dealer'.

The same steps as the master-data imports (see the package's docstring):

1. `read_dealer_list(path, progress, cancelled)` streams the file (.xlsx, .xls or CSV)
   and checks each row with the domain validators (a name and a phone number that is
   one, a product, brand or model, dates that are days: the purchase not in the future,
   the call within a year); nothing touches the database.
2. `check_dealer_list(conn, preview, dealer)` adds what only the database knows:
   regions that the shop does not have (or has twice), and rows naming no dealer when
   the list is given none either.
3. `commit_dealer_list(conn, preview, kind, dealer, ...)` checks again and sends every
   row in one call; the server reads them all again and imports all or nothing, finding
   customers by their phone number and importing a row already imported not again.
Importing needs callback.record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.dealer_list import KINDS, ROWS_MAX
from aftersales_desktop.domain.masterdata import (
    normalize_phone,
    optional_text,
    require_text,
    validate_purchase_date,
)
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services.frontdesk._calls import as_json, call

from ._common import (
    Cancelled,
    ImportHasErrors,
    ImportPreview,
    Progress,
    RowChecker,
    RowError,
    SheetRow,
    Ticker,
    cell_date,
    cell_text,
    read_each_row,
)
from .columns import CellKind, ImportColumn

DEALER_SHEET = "客户档案 Customers who bought"
DEALER_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("dealer", "商场/经销商", "Dealer", False,
                 QT_TR_NOOP("The store or dealer that sold the product; blank: the dealer "
                            "chosen when importing."), "苏宁文三路店", 16),
    ImportColumn("customer_name", "客户姓名", "Customer name", True,
                 QT_TR_NOOP("Required, at most 100 characters."), "王秀英", 12),
    ImportColumn("phone", "电话", "Phone", True,
                 QT_TR_NOOP("Required: an 11-digit mobile or a landline with its area code. "
                            "A customer the shop knows by this number is not added again."),
                 "13957112345", 16, CellKind.PHONE),
    ImportColumn("address", "地址", "Address", False, QT_TR_NOOP("At most 200 characters."),
                 "杭州市西湖区文三路8号", 28),
    ImportColumn("region", "区域", "Region", False,
                 QT_TR_NOOP("A region of the shop, by its name (as the region list shows "
                            "it)."), "西湖区", 10),
    ImportColumn("product", "产品", "Product", False,
                 QT_TR_NOOP("Product, brand or model: at least one of them."), "空调", 10),
    ImportColumn("brand", "品牌", "Brand", False, "", "格力", 10),
    ImportColumn("model", "型号", "Model", False, "", "KFR-35GW", 14, CellKind.CODE),
    ImportColumn("serial", "序列号", "Serial", False,
                 QT_TR_NOOP("With a serial or a model the customer's device is recorded "
                            "too."), "GL2026110001", 16, CellKind.CODE),
    ImportColumn("purchase_date", "购买日期", "Purchase date", False,
                 QT_TR_NOOP("A date (2026-05-01), not in the future. The call is due the "
                            "callback rule's days after it."), None, 14, CellKind.DATE),
    ImportColumn("due_on", "回访日期", "Call on", False,
                 QT_TR_NOOP("Optional: the day to call, from today to a year ahead."), None,
                 14, CellKind.DATE),
)
_COLUMNS = {c.key: c for c in DEALER_COLUMNS}
_TEXTS = (("dealer", 100), ("address", 200), ("region", 100), ("product", 100),
          ("brand", 100), ("model", 100), ("serial", 100))
CALL_AHEAD_DAYS = 365


@dataclass
class DealerPreview(ImportPreview):
    rows: list[dict[str, Any]] = field(default_factory=list)  # as app.callback_import takes

    @property
    def record_count(self) -> int:
        return len(self.rows)

    @property
    def customers(self) -> set[str]:
        """The phone numbers of the list: its customers, each once."""
        return {str(r["phone"]) for r in self.rows}


def _due(raw: Any, today: date) -> date | None:
    day = cell_date(raw, "due_on")
    if day is not None and not today <= day <= today + timedelta(days=CALL_AHEAD_DAYS):
        raise refuse("field_date_invalid", field="due_on", label="due_on",
                     min=today.isoformat(),
                     max=(today + timedelta(days=CALL_AHEAD_DAYS)).isoformat())
    return day


def read_dealer_list(path: str | Path, progress: Progress | None = None,
                     cancelled: Cancelled | None = None,
                     today: date | None = None) -> DealerPreview:
    """Read and check a dealer's list (streamed) without touching the database."""
    today = today or shop_time.today()
    preview = DealerPreview(path=Path(path))

    def read_row(row: SheetRow) -> None:
        values = row.values
        check = RowChecker(row.number, _COLUMNS, preview.file_errors, row.unreadable)
        record: dict[str, Any] = {"row": row.number}
        record["customer_name"] = check.run("customer_name", partial(
            require_text, cell_text(values.get("customer_name")), "customer_name", 100))
        record["phone"] = check.run("phone", partial(
            normalize_phone, cell_text(values.get("phone")), "phone"))
        for key, most in _TEXTS:
            record[key] = check.run(key, partial(
                optional_text, cell_text(values.get(key)), key, most)) or ""
        if not (record["product"] or record["brand"] or record["model"]) \
                and not check.failed:
            check.add("product", QT_TR_NOOP("Enter the product, its brand or its model."))
        purchase = check.run("purchase_date", lambda: validate_purchase_date(
            cell_date(values.get("purchase_date"), "purchase_date"), today))
        due = check.run("due_on", partial(_due, values.get("due_on"), today))
        record["purchase_date"] = purchase.isoformat() if purchase else None
        record["due_on"] = due.isoformat() if due else None
        if not check.failed:
            preview.rows.append(record)

    read_each_row(preview, DEALER_COLUMNS, progress, cancelled, read_row)
    if len(preview.rows) > ROWS_MAX:
        preview.file_errors.append(RowError(
            preview.rows[ROWS_MAX]["row"], "customer_name",
            _COLUMNS["customer_name"].header,
            QT_TR_NOOP("A list takes at most {max} rows; import the rest as another list."),
            {"max": ROWS_MAX}))
    return preview


def _error(record: dict[str, Any], key: str, message: str, **arguments: Any) -> RowError:
    return RowError(int(record["row"]), key, _COLUMNS[key].header, message, arguments)


def check_dealer_list(conn: Connection, preview: DealerPreview, dealer: str = "") -> None:
    """Regions the shop does not have, or has more than once by that name; rows without
    a dealer when `dealer` (the list's) is blank. Replaces earlier database errors."""
    preview.database_errors = []
    names = sorted({str(r["region"]) for r in preview.rows if r["region"]})
    found = {str(name): int(count) for name, count in conn.execute(text(
        "SELECT r.name, count(*) FROM app.region r WHERE r.active "
        "AND r.name = ANY(CAST(:n AS text[])) GROUP BY r.name"), {"n": names})} if names else {}
    for record in preview.rows:
        region = record["region"]
        if region and found.get(region, 0) == 0:
            preview.database_errors.append(_error(record, "region", QT_TR_NOOP(
                "The shop has no region {value}; add it to the regions or correct the "
                "row."), value=region))
        elif region and found[region] > 1:
            preview.database_errors.append(_error(record, "region", QT_TR_NOOP(
                "The shop has more than one region {value}; leave the cell blank or "
                "rename one of them."), value=region))
        if not record["dealer"] and not dealer.strip():
            preview.database_errors.append(_error(record, "dealer", QT_TR_NOOP(
                "Name the dealer in this row, or choose the list's dealer before "
                "importing.")))
    preview.checked = True


def commit_dealer_list(conn: Connection, preview: DealerPreview, kind: str, dealer: str = "",
                       progress: Progress | None = None,
                       cancelled: Cancelled | None = None) -> dict[str, int]:
    """Import the preview's rows as callback tasks of `kind` in one call, all or nothing.
    Returns the server's counts: tasks, customers_new, devices_new, skipped (rows imported
    before) and the batch_id."""
    if kind not in KINDS:
        raise refuse("field_choice_invalid", field="kind", label="kind")
    check_dealer_list(conn, preview, dealer)
    if not preview.ok:
        raise ImportHasErrors(count=len(preview.error_rows))
    ticker = Ticker(len(preview.rows), progress, cancelled)
    ticker.check()
    payload = {"kind": kind, "dealer": dealer.strip(), "file_name": preview.path.name[:200],
               "rows": preview.rows}
    answer = call(conn, "SELECT app.callback_import(CAST(:p AS jsonb))",
                  {"p": as_json(payload)})
    ticker.step(len(preview.rows), force=True)
    ticker.finish()
    return {key: int(answer[key]) for key in ("batch_id", "tasks", "customers_new",
                                              "devices_new", "skipped")}


@dataclass(frozen=True)
class ImportedList:
    """One list imported: when, whose, for which calls, its rows and the tasks made."""

    at: datetime
    dealer: str
    kind: str
    rows: int
    tasks: int
    by: str  # the operator's name


def recent_lists(conn: Connection, limit: int = 20) -> list[ImportedList]:
    """The lists imported lately, newest first."""
    return [ImportedList(*row) for row in conn.execute(text(
        "SELECT b.at, b.dealer, b.kind, b.rows, b.tasks, coalesce(o.name, b.by_operator) "
        "FROM app.callback_import_batch b LEFT JOIN app.operator o ON o.code = b.by_operator "
        "ORDER BY b.at DESC, b.id DESC LIMIT :n"), {"n": limit})]
