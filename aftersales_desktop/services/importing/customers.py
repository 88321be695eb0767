"""Import customers with their phones and devices from a workbook (one row per device).

Rows of one customer share its code and repeat the customer columns. A code already in
the database updates that customer (blank cells keep what is stored), phones are added
when the customer does not have them yet, and a device is added once per customer (by
serial, or by brand + model + purchase date when it has no serial), so importing the
same workbook again adds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.masterdata import (
    CUSTOMER_GRADES,
    normalize_phone,
    optional_text,
    validate_dictionary_value,
    validate_purchase_date,
    validate_warranty_months,
)
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services.masterdata.customers import DEFAULT_WARRANTY_MONTHS, DeviceDraft

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
    cell_date,
    cell_text,
    commit_checked,
    count_existing,
    has_privilege,
    in_chunks,
    learn_values,
    read_code_and_name,
    read_each_row,
)
from .columns import CUSTOMER_COLUMNS

_COLUMNS = {c.key: c for c in CUSTOMER_COLUMNS}
# The names a shop writes, and the labels the customer list shows (and exports) in
# Chinese; the English labels are the codes capitalised (matched case-insensitively).
GRADE_NAMES = {"个人": "individual", "经销商": "dealer", "商超": "hypermarket",
               "卖场": "hypermarket", "大卖场": "hypermarket", "企业": "corporate",
               "公司": "corporate", "集团客户": "corporate",
               **{code: code for code in CUSTOMER_GRADES}}
_GRADE_CODE = re.compile(r"^[a-z_]{2,30}$")
_PHONE_SPLIT = re.compile(r"[,，;；、/\n]+")


@dataclass(frozen=True, kw_only=True)
class DeviceRecord(DeviceDraft):
    """A device as a workbook row gives it: a new device (no id, no item) and its row."""

    row: int

    def key(self) -> tuple[object, ...]:
        if self.serial:
            return ("serial", self.serial)
        return ("brand-model-date", self.brand, self.model, self.purchase_date)


@dataclass
class CustomerRecord:
    row: int  # first row of the customer
    code: str
    name: str
    grade: str | None = None  # None: keep (or individual for a new customer)
    address: str = ""
    source: str = ""
    notes: str = ""
    active: bool | None = None  # None: keep (or active for a new customer)
    phones: list[str] = field(default_factory=list)  # the first is the main number
    devices: list[DeviceRecord] = field(default_factory=list)


@dataclass
class CustomerPreview(ImportPreview):
    customers: dict[str, CustomerRecord] = field(default_factory=dict)
    duplicate_devices: int = 0  # device rows repeated within the workbook (imported once)
    existing_customers: int = 0  # codes already in the database (filled by the check)

    @property
    def record_count(self) -> int:
        return len(self.customers)

    @property
    def device_count(self) -> int:
        return sum(len(c.devices) for c in self.customers.values())

    @property
    def phone_count(self) -> int:
        return sum(len(c.phones) for c in self.customers.values())


def _active(raw: Any) -> bool | None:
    return None if blank(raw) else cell_bool(raw, "active")


def _grade(raw: Any) -> str | None:
    if blank(raw):
        return None
    value = cell_text(raw)
    code = GRADE_NAMES.get(value, GRADE_NAMES.get(value.lower()))
    if code is None and _GRADE_CODE.match(value):
        code = value  # a grade added by the shop: checked against the database
    if code is None:
        raise refuse("grade_unknown", value=value)
    return code


def _phones(raw_main: Any, raw_other: Any, check: RowChecker) -> list[str]:
    phones: list[str] = []
    if not blank(raw_main):
        found = check.run("phone", lambda: normalize_phone(cell_text(raw_main), "phone"))
        if found:
            phones.append(found)
    for part in _PHONE_SPLIT.split(cell_text(raw_other)):
        if part.strip():
            found = check.run("other_phones", partial(normalize_phone, part, "other_phones"))
            if found and found not in phones:
                phones.append(found)
    return phones


def _dictionary(kind: str, raw: Any, key: str, check: RowChecker) -> str:
    if blank(raw):
        return ""
    return str(check.run(key, lambda: validate_dictionary_value(kind, cell_text(raw), key))
               or "")


def _device(number: int, values: dict[str, Any], check: RowChecker,
            today: date) -> DeviceRecord | None:
    keys = ("product", "brand", "model", "serial", "purchase_date", "purchase_place",
            "has_proof", "warranty_months")
    if all(blank(values.get(k)) for k in keys):
        return None
    purchase = check.run("purchase_date", lambda: validate_purchase_date(
        cell_date(values.get("purchase_date"), "purchase_date"), today))
    months_raw = values.get("warranty_months")
    months = None if blank(months_raw) else check.run(
        "warranty_months", lambda: validate_warranty_months(months_raw))
    return DeviceRecord(
        row=number,
        product=check.run("product", lambda: optional_text(
            cell_text(values.get("product")), "product", 100)) or "",
        brand=_dictionary("brand", values.get("brand"), "brand", check),
        model=_dictionary("model", values.get("model"), "model", check),
        serial=check.run("serial", lambda: optional_text(
            cell_text(values.get("serial")), "serial", 100)) or "",
        purchase_date=purchase,
        purchase_place=check.run("purchase_place", lambda: optional_text(
            cell_text(values.get("purchase_place")), "purchase_place", 200)) or "",
        has_proof=bool(check.run("has_proof", lambda: cell_bool(values.get("has_proof"),
                                                               "has_proof"))),
        warranty_months=months,
    )


def _merge(record: CustomerRecord, extra: CustomerRecord, check: RowChecker) -> None:
    if extra.name != record.name:
        check.add("name", QT_TR_NOOP("Code {code} is already used on row {row} for another "
                                     "customer ({name})."),
                  code=record.code, row=record.row, name=record.name)
        return
    record.grade = record.grade or extra.grade
    record.address = record.address or extra.address
    record.source = record.source or extra.source
    record.notes = record.notes or extra.notes
    record.active = record.active if record.active is not None else extra.active
    for phone in extra.phones:
        if phone not in record.phones:
            record.phones.append(phone)


def read_customers(path: str | Path, progress: Progress | None = None,
                   cancelled: Cancelled | None = None,
                   today: date | None = None) -> CustomerPreview:
    """Read and check a customer workbook (streamed) without touching the database."""
    today = today or shop_time.today()  # the shop's day, as the database checks it
    preview = CustomerPreview(path=Path(path))
    seen_devices: dict[str, set[tuple[object, ...]]] = {}

    def read_row(row: SheetRow) -> None:
        number, values = row.number, row.values
        errors: list[RowError] = []
        check = RowChecker(number, _COLUMNS, errors, row.unreadable)
        code, name = read_code_and_name(check, values)
        grade = check.run("grade", partial(_grade, values.get("grade")))
        record = CustomerRecord(
            row=number, code=code or "", name=name or "", grade=grade,
            address=check.run("address", partial(
                optional_text, cell_text(values.get("address")), "address", 200)) or "",
            source=_dictionary("customer_source", values.get("source"), "source", check),
            notes=check.run("notes", partial(
                optional_text, cell_text(values.get("notes")), "notes", 1000)) or "",
            active=check.run("active", partial(_active, values.get("active"))),
            phones=_phones(values.get("phone"), values.get("other_phones"), check))
        device = _device(number, values, check, today)
        if code and name and not check.failed:
            known = preview.customers.get(code)
            if known is None:
                preview.customers[code] = known = record
            else:
                _merge(known, record, check)
            if device is not None and not check.failed:
                keys = seen_devices.setdefault(code, set())
                if device.key() in keys:
                    preview.duplicate_devices += 1
                else:
                    keys.add(device.key())
                    known.devices.append(device)
        preview.file_errors.extend(errors)

    read_each_row(preview, CUSTOMER_COLUMNS, progress, cancelled, read_row)
    return preview


def check_customers(conn: Connection, preview: CustomerPreview) -> None:
    """Check the preview against the database: grades that do not exist (or are inactive);
    counts the customers that will be updated. Replaces earlier database errors."""
    preview.database_errors = []
    grades = {str(r[0]) for r in conn.execute(text(
        "SELECT code FROM app.customer_grade WHERE active"))}
    for record in preview.customers.values():
        if record.grade is not None and record.grade not in grades:
            preview.database_errors.append(RowError(
                record.row, "grade", _COLUMNS["grade"].header,
                QT_TR_NOOP("Unknown customer grade {value}."), {"value": record.grade}))
    preview.existing_customers = count_existing(conn, "app.customer", list(preview.customers))
    preview.checked = True


def commit_customers(conn: Connection, preview: CustomerPreview,
                     progress: Progress | None = None,
                     cancelled: Cancelled | None = None) -> dict[str, int]:
    """Write the preview in the caller's transaction, all or nothing. Refuses (writing
    nothing) when the preview or the database check finds errors. Returns counts of what
    was added: customers, updated, phones, devices."""
    return commit_checked(conn, preview, check_customers, {"masterdata.edit": (
        ("app.customer", "INSERT"), ("app.customer", "UPDATE"), ("app.device", "INSERT"))},
        partial(_write, conn, preview, progress, cancelled))


_CUSTOMER_ARRAYS = (
    "CAST(:code AS text[]), CAST(:name AS text[]), CAST(:grade AS text[]), "
    "CAST(:address AS text[]), CAST(:source AS text[]), CAST(:notes AS text[]), "
    "CAST(:active AS boolean[])")
_CUSTOMER_FIELDS = "code, name, grade, address, source, notes, active"


def _write(conn: Connection, preview: CustomerPreview, progress: Progress | None,
           cancelled: Cancelled | None) -> dict[str, int]:
    records = list(preview.customers.values())
    devices = [(r.code, d) for r in records for d in r.devices]
    ticker = Ticker(len(records) * 2 + len(devices), progress, cancelled)
    ticker.check()
    sources = learn_values(conn, "customer_source", {r.source for r in records if r.source})
    brands = learn_values(conn, "brand", {d.brand for _, d in devices if d.brand})
    models = learn_values(conn, "model", {d.model for _, d in devices if d.model})
    counts = {"customers": 0, "updated": 0, "phones": 0, "devices": 0}
    for part in in_chunks(records):
        values = {
            "code": [r.code for r in part], "name": [r.name for r in part],
            "grade": [r.grade for r in part],
            "address": [r.address or None for r in part],
            "source": [sources.get(r.source) if r.source else None for r in part],
            "notes": [r.notes or None for r in part],
            "active": [r.active for r in part]}
        counts["updated"] += conn.execute(text(
            "UPDATE app.customer c SET name = x.name, grade = coalesce(x.grade, c.grade), "
            "address = coalesce(x.address, c.address), source = coalesce(x.source, c.source), "
            "notes = coalesce(x.notes, c.notes), active = coalesce(x.active, c.active), "
            "version = c.version + 1 "
            f"FROM unnest({_CUSTOMER_ARRAYS}) AS x ({_CUSTOMER_FIELDS}) WHERE c.code = x.code "
            "AND (c.name, c.grade, c.address, c.source, c.notes, c.active) IS DISTINCT FROM "
            "(x.name, coalesce(x.grade, c.grade), coalesce(x.address, c.address), "
            "coalesce(x.source, c.source), coalesce(x.notes, c.notes), "
            "coalesce(x.active, c.active))"), values).rowcount
        counts["customers"] += conn.execute(text(
            "INSERT INTO app.customer (code, name, grade, address, source, notes, active) "
            "SELECT x.code, x.name, coalesce(x.grade, 'individual'), coalesce(x.address, ''), "
            "coalesce(x.source, ''), coalesce(x.notes, ''), coalesce(x.active, true) "
            f"FROM unnest({_CUSTOMER_ARRAYS}) AS x ({_CUSTOMER_FIELDS}) "
            "WHERE NOT EXISTS (SELECT 1 FROM app.customer c WHERE c.code = x.code) "
            "ON CONFLICT (code) DO NOTHING"), values).rowcount
        ticker.step(len(part), force=True)
    counts["phones"] = _write_phones(conn, records, ticker)
    counts["devices"] = _write_devices(conn, devices, brands, models, ticker)
    ticker.finish()
    return counts


def _write_phones(conn: Connection, records: list[CustomerRecord], ticker: Ticker) -> int:
    """Add the numbers a customer does not have yet; returns how many were added.

    The file's main number becomes the customer's main number (the old one stays as
    another number), so a number changed in an exported list applies. Without
    contacts.view the stored numbers cannot be read: a number already there is skipped by
    its unique index (ON CONFLICT DO NOTHING needs no SELECT), and the main number
    becomes the main one only for a customer added in this transaction."""
    can_read = has_privilege(conn, "app.customer_phone", "SELECT")
    added = 0
    for part in in_chunks(records):
        codes, phones, main = [], [], []
        for record in part:
            for index, phone in enumerate(record.phones):
                codes.append(record.code)
                phones.append(phone)
                main.append(index == 0)
        if not codes:
            ticker.step(len(part), force=True)
            continue
        values = {"code": codes, "phone": phones, "main": main}
        rows = ("FROM unnest(CAST(:code AS text[]), CAST(:phone AS text[]), "
                "CAST(:main AS boolean[])) AS x (code, phone, main) "
                "JOIN app.customer c ON c.code = x.code")
        if can_read:
            conn.execute(text(
                f"UPDATE app.customer_phone p SET is_primary = false {rows} "
                "WHERE x.main AND p.customer_id = c.id AND p.is_primary "
                "AND p.phone <> x.phone"), values)
            inserted = conn.execute(text(
                "INSERT INTO app.customer_phone (customer_id, phone, is_primary) "
                f"SELECT c.id, x.phone, x.main {rows} "
                "ON CONFLICT (customer_id, phone) DO UPDATE SET is_primary = true "
                "WHERE EXCLUDED.is_primary AND NOT app.customer_phone.is_primary "
                "RETURNING xmax = 0"), values).scalars().all()
            added += sum(1 for new in inserted if new)
        else:
            added += conn.execute(text(
                "INSERT INTO app.customer_phone (customer_id, phone, is_primary) "
                "SELECT c.id, x.phone, x.main AND c.created_at = now() "  # added just now
                f"{rows} ON CONFLICT DO NOTHING"), values).rowcount
        ticker.step(len(part), force=True)
    return added


def _write_devices(conn: Connection, devices: list[tuple[str, DeviceRecord]],
                   brands: dict[str, str], models: dict[str, str], ticker: Ticker) -> int:
    added = 0
    seen: set[tuple[object, ...]] = set()
    for part in in_chunks(devices):
        rows: dict[str, list[Any]] = {k: [] for k in (
            "code", "product", "brand", "model", "serial", "purchase_date", "place", "proof",
            "months")}
        for code, device in part:
            brand, model = brands.get(device.brand, device.brand), models.get(
                device.model, device.model)
            key = (code, device.serial) if device.serial else (
                code, brand, model, device.purchase_date)
            if key in seen:  # two spellings merged into one dictionary value
                continue
            seen.add(key)
            for name, value in (("code", code), ("product", device.product), ("brand", brand),
                                ("model", model), ("serial", device.serial),
                                ("purchase_date", device.purchase_date),
                                ("place", device.purchase_place), ("proof", device.has_proof),
                                ("months", device.warranty_months)):
                rows[name].append(value)
        if rows["code"]:
            added += conn.execute(text(
                "INSERT INTO app.device (customer_id, product, brand, model, serial, "
                "purchase_date, purchase_place, has_proof, warranty_months) "
                "SELECT c.id, x.product, x.brand, x.model, x.serial, x.purchase_date, x.place, "
                f"x.proof, coalesce(x.months, {DEFAULT_WARRANTY_MONTHS}) "
                "FROM unnest(CAST(:code AS text[]), CAST(:product AS text[]), "
                "CAST(:brand AS text[]), CAST(:model AS text[]), CAST(:serial AS text[]), "
                "CAST(:purchase_date AS date[]), CAST(:place AS text[]), "
                "CAST(:proof AS boolean[]), CAST(:months AS integer[])) AS x (code, product, "
                "brand, model, serial, purchase_date, place, proof, months) "
                "JOIN app.customer c ON c.code = x.code "
                "WHERE NOT EXISTS (SELECT 1 FROM app.device d WHERE d.customer_id = c.id AND "
                "CASE WHEN x.serial <> '' THEN d.serial = x.serial ELSE d.serial = '' AND "
                "d.brand = x.brand AND d.model = x.model AND "
                "d.purchase_date IS NOT DISTINCT FROM x.purchase_date END)"), rows).rowcount
        ticker.step(len(part), force=True)
    return added
