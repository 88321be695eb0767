"""Customers, their phone numbers and their devices.

Counter staff (intake.create) and master-data editors save customers. Phone numbers
are readable only with contacts.view: without it a customer's existing numbers are
neither shown nor replaced (adding them to a new customer is fine).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, text

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.errors import PermissionDenied
from aftersales_desktop.domain.masterdata import (
    normalize_phone_list,
    optional_text,
    require_text,
    validate_code,
    validate_purchase_date,
    validate_warranty_months,
)

from ._common import RecordMissing, check_version, require_row, saving
from .dictionaries import learn_optional
from .versions import naming_who_changed, set_active

DEFAULT_WARRANTY_MONTHS = 12


@dataclass(frozen=True)
class CustomerPhone:
    phone: str
    is_primary: bool = False


@dataclass(frozen=True)
class DeviceDraft:
    """A device as a form or an import row gives it (id None = new)."""

    id: int | None = None
    item_id: int | None = None
    product: str = ""
    brand: str = ""
    model: str = ""
    serial: str = ""
    purchase_date: date | None = None
    purchase_place: str = ""
    has_proof: bool = False
    warranty_months: int | None = None  # None: the item's default (or 12)


@dataclass(frozen=True)
class Device:
    id: int
    customer_id: int
    item_id: int | None
    product: str
    brand: str
    model: str
    serial: str
    purchase_date: date | None
    purchase_place: str
    has_proof: bool
    warranty_months: int


@dataclass(frozen=True)
class Customer:
    id: int
    code: str
    name: str
    grade: str
    address: str
    region_id: int | None
    source: str
    notes: str
    active: bool
    version: int
    phones: list[CustomerPhone] | None  # None: hidden (no contacts.view)
    devices: list[Device] = field(default_factory=list)


@dataclass(frozen=True)
class SavedCustomer:
    id: int
    code: str
    version: int
    device_ids: tuple[int, ...] = ()


def _can_read_phones(conn: Connection) -> bool:
    return bool(conn.execute(text(
        "SELECT has_table_privilege('app.customer_phone', 'SELECT')")).scalar())


def _new_customer_code(conn: Connection) -> tuple[int, str]:
    while True:
        new_id = int(conn.execute(text(
            "SELECT nextval(pg_get_serial_sequence('app.customer', 'id'))")).scalar_one())
        code = f"C{new_id:06d}"
        if conn.execute(text("SELECT 1 FROM app.customer WHERE code = :c"),
                        {"c": code}).first() is None:
            return new_id, code


def save_customer(
    conn: Connection,
    *,
    name: str,
    id: int | None = None,
    version: int | None = None,
    code: str | None = None,
    grade: str = "individual",
    address: str = "",
    region_id: int | None = None,
    source: str = "",
    notes: str = "",
    phones: Iterable[CustomerPhone | tuple[str, bool] | str] | None = None,
    devices: Sequence[DeviceDraft] = (),
    active: bool | None = None,
    today: date | None = None,
) -> SavedCustomer:
    """Add (id None) or update a customer with phones and devices, in one savepoint.

    `code` blank on a new customer: one is generated (C000123). `phones` None keeps the
    existing numbers; a list replaces them (one is the main number). `active` None keeps
    the flag (a new customer is active). `version` is the one the form loaded: a customer
    changed meanwhile raises StaleRecord (ChangedMeanwhile when the log names who).
    """
    name = require_text(name, "name", 100)
    code = validate_code(code) if code and code.strip() else None
    grade = require_text(grade, "grade", 30)
    address = optional_text(address, "address", 200)
    notes = optional_text(notes, "notes", 1000)
    phone_list = None if phones is None else normalize_phone_list(
        (p.phone, p.is_primary) if isinstance(p, CustomerPhone)
        else (p, False) if isinstance(p, str) else p
        for p in phones)
    today = today or shop_time.today()
    for draft in devices:
        _check_device(draft, today)

    with naming_who_changed(conn, "app.customer", id, code or name), \
            saving(conn, "intake.create"):
        source = learn_optional(conn, "customer_source", source)
        values = {"name": name, "grade": grade, "address": address, "region": region_id,
                  "source": source, "notes": notes, "active": active}
        if id is None:
            new_id, generated = _new_customer_code(conn) if code is None else (None, code)
            row = conn.execute(text(
                "INSERT INTO app.customer (id, code, name, grade, address, region_id, source, "
                "notes, active) OVERRIDING SYSTEM VALUE VALUES (coalesce(:id, nextval("
                "pg_get_serial_sequence('app.customer', 'id'))), :code, :name, :grade, "
                ":address, :region, :source, :notes, coalesce(:active, true)) "
                "RETURNING id, code, version"),
                dict(values, id=new_id, code=generated)).one()
        else:
            found = conn.execute(text(
                "UPDATE app.customer SET code = coalesce(:code, code), name = :name, "
                "grade = :grade, address = :address, region_id = :region, source = :source, "
                "notes = :notes, active = coalesce(:active, active), version = version + 1 "
                "WHERE id = :id AND (:version IS NULL OR version = :version) "
                "RETURNING id, code, version"),
                dict(values, id=id, code=code, version=version)).first()
            check_version(conn, "app.customer", id, name, None if found is None else found[2])
            assert found is not None
            row = found
        customer_id, saved_code, saved_version = int(row[0]), str(row[1]), int(row[2])
        if phone_list is not None:
            if id is not None:
                if not _can_read_phones(conn):
                    raise PermissionDenied(action="contacts.view")
                conn.execute(text("DELETE FROM app.customer_phone WHERE customer_id = :c"),
                             {"c": customer_id})
            for phone, primary in phone_list:
                conn.execute(text(
                    "INSERT INTO app.customer_phone (customer_id, phone, is_primary) "
                    "VALUES (:c, :p, :m)"), {"c": customer_id, "p": phone, "m": primary})
        device_ids = tuple(_save_device(conn, customer_id, draft, today) for draft in devices)
    return SavedCustomer(customer_id, saved_code, saved_version, device_ids)


def set_customer_active(conn: Connection, customer_id: int, active: bool,
                        version: int | None = None) -> int:
    """Deactivate (hide from lookups, keep history) or reactivate; returns the new version."""
    return set_active(conn, "app.customer", customer_id, active, version, "intake.create")


def deactivate_customer(conn: Connection, customer_id: int, version: int | None = None) -> int:
    return set_customer_active(conn, customer_id, False, version)


def _check_device(draft: DeviceDraft, today: date) -> None:
    for name, limit in (("product", 100), ("brand", 100), ("model", 100), ("serial", 100),
                        ("purchase_place", 200)):
        optional_text(getattr(draft, name), name, limit)
    validate_purchase_date(draft.purchase_date, today)
    if draft.warranty_months is not None:
        validate_warranty_months(draft.warranty_months)


def _save_device(conn: Connection, customer_id: int, draft: DeviceDraft, today: date) -> int:
    _check_device(draft, today)
    months = (None if draft.warranty_months is None
              else validate_warranty_months(draft.warranty_months))
    product, brand, model = draft.product.strip(), draft.brand, draft.model
    if draft.item_id is not None:
        item = require_row(conn.execute(text(
            "SELECT name, brand, model, default_warranty_months FROM app.item WHERE id = :i"),
            {"i": draft.item_id}).first(), str(draft.item_id))
        product = product or item[0]
        brand = brand if brand.strip() else item[1]
        model = model if model.strip() else item[2]
        if months is None and draft.id is None:
            months = int(item[3])
    if months is None and draft.id is None:
        months = DEFAULT_WARRANTY_MONTHS
    values = {
        "customer": customer_id, "item": draft.item_id, "product": product,
        "brand": learn_optional(conn, "brand", brand),
        "model": learn_optional(conn, "model", model),
        "serial": draft.serial.strip(), "purchase_date": draft.purchase_date,
        "place": draft.purchase_place.strip(), "proof": draft.has_proof, "months": months,
    }
    if draft.id is None:
        return int(conn.execute(text(
            "INSERT INTO app.device (customer_id, item_id, product, brand, model, serial, "
            "purchase_date, purchase_place, has_proof, warranty_months) VALUES (:customer, "
            ":item, :product, :brand, :model, :serial, :purchase_date, :place, :proof, "
            ":months) RETURNING id"), values).scalar_one())
    found = conn.execute(text(
        "UPDATE app.device SET item_id = :item, product = :product, brand = :brand, "
        "model = :model, serial = :serial, purchase_date = :purchase_date, "
        "purchase_place = :place, has_proof = :proof, "
        "warranty_months = coalesce(:months, warranty_months) "
        "WHERE id = :id AND customer_id = :customer RETURNING id"),
        dict(values, id=draft.id)).scalar()
    if found is None:
        raise RecordMissing(what=str(draft.id))
    return int(found)


def save_device(conn: Connection, customer_id: int, draft: DeviceDraft,
                today: date | None = None) -> int:
    """Add or update one device of a customer; brand and model join their dictionaries.
    Warranty months default to the item's default_warranty_months (else 12)."""
    with saving(conn, "intake.create"):
        return _save_device(conn, customer_id, draft, today or shop_time.today())


_DEVICE_COLUMNS = ("id, customer_id, item_id, product, brand, model, serial, purchase_date, "
                   "purchase_place, has_proof, warranty_months")


def _device(row: Sequence[object]) -> Device:
    return Device(*row)  # type: ignore[arg-type]


def get_device(conn: Connection, device_id: int) -> Device:
    row = conn.execute(text(f"SELECT {_DEVICE_COLUMNS} FROM app.device WHERE id = :i"),
                       {"i": device_id}).first()
    return _device(tuple(require_row(row, str(device_id))))


def get_customer(conn: Connection, customer_id: int) -> Customer:
    """A customer with devices, and phones when the operator may see them."""
    row = require_row(conn.execute(text(
        "SELECT id, code, name, grade, address, region_id, source, notes, active, version "
        "FROM app.customer WHERE id = :i"), {"i": customer_id}).first(), str(customer_id))
    phones: list[CustomerPhone] | None = None
    if _can_read_phones(conn):
        phones = [CustomerPhone(p, bool(m)) for p, m in conn.execute(text(
            "SELECT phone, is_primary FROM app.customer_phone WHERE customer_id = :i "
            "ORDER BY is_primary DESC, id"), {"i": customer_id})]
    devices = [_device(tuple(r)) for r in conn.execute(text(
        f"SELECT {_DEVICE_COLUMNS} FROM app.device WHERE customer_id = :i ORDER BY id"),
        {"i": customer_id})]
    return Customer(**dict(row._mapping), phones=phones, devices=devices)
