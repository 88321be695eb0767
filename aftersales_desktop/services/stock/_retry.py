"""One stock action, one server call: a deadlock or serialization failure is retried.

Stock functions lock balance rows in (item, warehouse) order, so two postings queue
rather than deadlock; but a server may still report one (a requisition and a stocktake
touching the same rows through other tables, a serializable transaction elsewhere).
Nothing of the failed attempt stays, and every stock action carries its operation id, so
trying again up to `ATTEMPTS` times is safe and the operator never sees the conflict.
Only when every attempt failed does the (translated) Conflict reach the screen.
"""

from __future__ import annotations

import random
import time
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from aftersales_desktop.services.errors import database_errors

ATTEMPTS = 3
RETRIED = frozenset({"40001", "40P01"})  # serialization failure, deadlock detected


def _autocommit(conn: Connection) -> bool:
    return bool(getattr(conn.connection.dbapi_connection, "autocommit", False))


def _retryable(exc: DBAPIError) -> bool:
    return str(getattr(exc.orig, "pgcode", "") or "") in RETRIED


def call(conn: Connection, sql: str, params: dict[str, Any] | None = None, *,
         attempts: int = ATTEMPTS) -> Any:
    """Run one function call and return its (jsonb-decoded) result, retrying a deadlock
    or serialization failure. On an autocommit connection the call is its own
    transaction; inside a transaction each attempt runs in a savepoint, so a failed one
    is undone alone."""
    statement = text(sql)
    autocommit = _autocommit(conn)
    for attempt in range(1, attempts + 1):
        try:
            with database_errors():
                try:
                    if autocommit:
                        return conn.execute(statement, params or {}).scalar()
                    with conn.begin_nested():
                        return conn.execute(statement, params or {}).scalar()
                except DBAPIError as exc:
                    if attempt < attempts and _retryable(exc):
                        raise _Again from exc
                    raise
        except _Again:
            time.sleep(random.uniform(0.005, 0.03) * attempt)  # jitter: two retries apart
    raise AssertionError("unreachable")  # the last attempt returns or raises


class _Again(Exception):
    """The attempt met a deadlock or serialization failure: try again."""
