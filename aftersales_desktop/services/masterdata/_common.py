"""Shared plumbing of the master-data services: one savepoint per save (its database
errors turned into the operator's errors by services/errors.py), optimistic version
checks, tree moves."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.masterdata import check_tree_move, require_text
from aftersales_desktop.services.errors import database_errors, translate


class StaleRecord(UserError):
    default_message = QT_TR_NOOP(
        "{what} was changed by someone else meanwhile; reload it and apply your change again.")


class RecordMissing(UserError):
    default_message = QT_TR_NOOP("{what} no longer exists; it may have been deleted. Reload "
                                 "the list.")


def translate_db_error(exc: DBAPIError, action: str) -> BaseException:
    """A database refusal as the operator's error (services/errors.py); others unchanged."""
    return translate(exc, action=action)


@contextmanager
def saving(conn: Connection, action: str) -> Iterator[None]:
    """One savepoint around a save: a refusal leaves the caller's transaction usable
    (an import can go on with the next row) and is raised as a clear error."""
    with database_errors(action), conn.begin_nested():
        yield


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


# Trees whose nodes carry only a name (regions also have a level: staff.save_region).
NAMED_TREES = ("app.item_category", "app.department")


def save_row(conn: Connection, table: str, values: Mapping[str, Any], record_id: int | None,
             what: object, *, tree: bool = False) -> int:
    """Add `values` (column -> value) as a new row of `table` (record_id None) or write
    them over row `record_id`, in one savepoint; returns the row's id. `tree`: the table
    is a tree, and the row's new parent (values["parent_id"]) must not be the row or below
    it. A
    row gone meanwhile is RecordMissing naming `what`. `table` and the columns are the
    service's constants, never input."""
    columns = list(values)
    with saving(conn, "masterdata.edit"):
        if tree:
            check_parent(conn, table, record_id, values["parent_id"])
        if record_id is None:
            names = ", ".join(columns)
            params = ", ".join(f":{c}" for c in columns)
            return int(conn.execute(text(
                f"INSERT INTO {table} ({names}) VALUES ({params}) RETURNING id"),
                values).scalar_one())
        sets = ", ".join(f"{c} = :{c}" for c in columns)
        found = conn.execute(text(
            f"UPDATE {table} SET {sets} WHERE id = :id RETURNING id"),
            dict(values, id=record_id)).scalar()
        return int(require_row(found, str(what)))


def save_named_node(conn: Connection, table: str, *, name: str, id: int | None,
                    parent_id: int | None, active: bool) -> int:
    """Add (id None) or update a node of a named tree; a new parent must not be the node
    or below it."""
    if table not in NAMED_TREES:
        raise ValueError(table)
    name = require_text(name, "name", 50)
    return save_row(conn, table, {"parent_id": parent_id, "name": name, "active": active}, id,
                    name, tree=True)
