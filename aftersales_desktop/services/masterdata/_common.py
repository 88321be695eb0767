"""Shared plumbing of the master-data services: one savepoint per save, database errors
turned into messages the operator can act on, optimistic version checks, tree moves."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from aftersales_desktop.core.errors import PermissionDenied, UserError, ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.masterdata import check_tree_move


class StaleRecord(UserError):
    default_message = QT_TR_NOOP(
        "{what} was changed by someone else meanwhile; reload it and apply your change again.")


class RecordMissing(UserError):
    default_message = QT_TR_NOOP("{what} no longer exists; it may have been deleted. Reload "
                                 "the list.")


# Unique constraints/indexes -> (field, message). The message may use {value}.
UNIQUE_MESSAGES: dict[str, tuple[str, str]] = {
    "customer_code_key": ("code", QT_TR_NOOP("Code {value} is already used.")),
    "customer_phone_unique_idx": ("phones", QT_TR_NOOP("A phone number is listed twice.")),
    "customer_primary_phone_idx": ("phones",
                                   QT_TR_NOOP("Mark only one phone number as the main one.")),
    "item_code_key": ("code", QT_TR_NOOP("Code {value} is already used.")),
    "item_barcode_key": ("barcode", QT_TR_NOOP("Barcode {value} is already used by another "
                                               "item.")),
    "item_category_name_idx": ("name", QT_TR_NOOP("There is already a category with this name "
                                                  "at this place.")),
    "region_name_idx": ("name", QT_TR_NOOP("There is already a region with this name at this "
                                           "place.")),
    "staff_position_department_id_name_key": (
        "name", QT_TR_NOOP("This department already has a position with this name.")),
    "employee_code_key": ("code", QT_TR_NOOP("Code {value} is already used.")),
    "employee_operator_code_key": (
        "operator_code", QT_TR_NOOP("Operator {value} is already linked to another employee.")),
    "employee_region_pkey": ("regions", QT_TR_NOOP("A region is listed twice.")),
    "service_outlet_code_key": ("code", QT_TR_NOOP("Code {value} is already used.")),
    "warehouse_code_key": ("code", QT_TR_NOOP("Code {value} is already used.")),
    "work_type_code_key": ("code", QT_TR_NOOP("Code {value} is already used.")),
    "reward_penalty_item_code_key": ("code", QT_TR_NOOP("Code {value} is already used.")),
    "dictionary_entry_kind_value_key": ("value", QT_TR_NOOP("{value} is already in the list.")),
}

_DETAIL_VALUE = re.compile(r"=\((.*)\) already exists")


def _field_from_constraint(table: str, constraint: str, suffix: str) -> str:
    name = constraint.removesuffix(suffix)
    if table and name.startswith(table + "_"):
        name = name[len(table) + 1:]
    return name or "value"


def translate_db_error(exc: DBAPIError, action: str) -> Exception:
    """A database refusal as a UserError on the right field; other errors unchanged."""
    pgcode = getattr(exc.orig, "pgcode", None)
    diag = getattr(exc.orig, "diag", None)
    constraint = str(getattr(diag, "constraint_name", "") or "")
    table = str(getattr(diag, "table_name", "") or "")
    if pgcode == "42501":
        return PermissionDenied(action=action)
    if pgcode == "23505":
        field, message = UNIQUE_MESSAGES.get(
            constraint, ("value", QT_TR_NOOP("{value} is already used.")))
        found = _DETAIL_VALUE.search(str(getattr(diag, "message_detail", "") or ""))
        value = found.group(1) if found else ""
        if ", " in value and constraint.endswith("_idx"):
            value = value.rsplit(", ", 1)[-1]
        return ValidationError(field, message, value=value)
    if pgcode == "23503":
        field = _field_from_constraint(table, constraint, "_fkey")
        detail = str(getattr(diag, "message_detail", "") or "")
        if "is still referenced" in detail:
            return ValidationError(field, QT_TR_NOOP(
                "This entry is still in use and cannot be removed; deactivate it instead."))
        return ValidationError(field, QT_TR_NOOP(
            "The selected entry no longer exists or is not allowed here; reload and choose "
            "again."))
    if pgcode == "23514":
        field = _field_from_constraint(table, constraint, "_check")
        return ValidationError(field, QT_TR_NOOP("The value is not allowed here."))
    if pgcode == "23502":
        field = str(getattr(diag, "column_name", "") or "value")
        return ValidationError(field, QT_TR_NOOP("This field is required."))
    if pgcode in ("22001", "22003"):
        field = str(getattr(diag, "column_name", "") or "value")
        return ValidationError(field, QT_TR_NOOP("The value is too long or too large."))
    return exc


@contextmanager
def saving(conn: Connection, action: str) -> Iterator[None]:
    """One savepoint around a save: a refusal leaves the caller's transaction usable
    (an import can go on with the next row) and is raised as a clear error."""
    try:
        with conn.begin_nested():
            yield
    except DBAPIError as exc:
        raise translate_db_error(exc, action) from None


def check_version(conn: Connection, table: str, record_id: int, what: object,
                  found: Any) -> int:
    """`found` is the new version from `UPDATE ... WHERE version = :v RETURNING version`.
    None means the row is gone or was changed meanwhile: tell which."""
    if found is not None:
        return int(found)
    exists = conn.execute(text(f"SELECT 1 FROM {table} WHERE id = :id"),
                          {"id": record_id}).first()
    if exists is None:
        raise RecordMissing(what=str(what))
    raise StaleRecord(what=str(what))


def require_row(found: Any, what: object) -> Any:
    if found is None:
        raise RecordMissing(what=str(what))
    return found


TREE_TABLES = ("app.region", "app.item_category", "app.department")


def move_in_tree(conn: Connection, table: str, node_id: int, new_parent_id: int | None,
                 what: str) -> None:
    """Move a node of a parent_id tree; refuses cycles. Moves in one tree are serialized
    (table lock) so two concurrent moves cannot build a cycle together."""
    if table not in TREE_TABLES:
        raise ValueError(table)
    with saving(conn, "masterdata.edit"):
        conn.execute(text(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE"))
        parent_of: Mapping[int, int | None] = {
            int(r[0]): r[1] for r in conn.execute(text(f"SELECT id, parent_id FROM {table}"))}
        if node_id not in parent_of:
            raise RecordMissing(what=what)
        check_tree_move(node_id, new_parent_id, parent_of)
        conn.execute(text(f"UPDATE {table} SET parent_id = :p WHERE id = :id"),
                     {"p": new_parent_id, "id": node_id})


def check_parent(conn: Connection, table: str, node_id: int | None,
                 parent_id: int | None) -> None:
    """On save of an existing node with a parent: same cycle rule as a move."""
    if node_id is None or parent_id is None:
        return
    if table not in TREE_TABLES:
        raise ValueError(table)
    conn.execute(text(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE"))
    parent_of: Mapping[int, int | None] = {
        int(r[0]): r[1] for r in conn.execute(text(f"SELECT id, parent_id FROM {table}"))}
    check_tree_move(node_id, parent_id, parent_of)
