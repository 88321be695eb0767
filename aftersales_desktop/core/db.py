"""One operator's connection to the shop database.

Two small pools: reads run in autocommit (one round trip per query, nothing to
roll back), writes run in explicit transactions. Every checkout refuses to run
on the GUI thread once the GUI has declared itself, so a slip that would
freeze the window fails loudly in tests instead.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg2
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.postgresql.psycopg2 import PGDialect_psycopg2
from sqlalchemy.engine.interfaces import IsolationLevel
from sqlalchemy.pool import QueuePool

from .errors import BugError
from .profile import ConnectionProfile

_gui_thread: threading.Thread | None = None


def forbid_database_on_thread(thread: threading.Thread | None) -> None:
    """Declare the GUI thread; any database checkout on it raises BugError."""
    global _gui_thread
    _gui_thread = thread


def _check_thread() -> None:
    if _gui_thread is not None and threading.current_thread() is _gui_thread:
        raise BugError("database call on the GUI thread; run it in a worker")


class LeanPsycopg2Dialect(PGDialect_psycopg2):
    """psycopg2 dialect that learns the server from libpq instead of asking it.

    The stock dialect sends four queries when an engine first connects (version,
    current schema, isolation level, standard_conforming_strings): four round
    trips on a VPN before the operator sees anything. libpq already has the
    version and the string setting from the connection handshake, and our
    schema and isolation level are fixed.
    """

    supports_statement_cache = True

    def _get_server_version_info(self, connection: Any) -> tuple[int, ...]:
        number = int(connection.connection.dbapi_connection.server_version)
        return (number // 10000, number % 10000)

    def _get_default_schema_name(self, connection: Any) -> str:
        return "public"

    def get_default_isolation_level(self, dbapi_conn: Any) -> IsolationLevel:
        return "READ COMMITTED"

    def _set_backslash_escapes(self, connection: Any) -> None:
        setting = connection.connection.dbapi_connection.get_parameter_status(
            "standard_conforming_strings")
        self._backslash_escapes = setting == "off"


registry.register("postgresql.aftersales", __name__, "LeanPsycopg2Dialect")


def make_engine(connect_kwargs: dict[str, Any], *, autocommit: bool, pool_size: int = 2) -> Engine:
    def creator() -> Any:
        _check_thread()
        return psycopg2.connect(**connect_kwargs)

    options: dict[str, Any] = {}
    if autocommit:
        options["isolation_level"] = "AUTOCOMMIT"  # client-side flag, no round trip
    # Writers keep the server default (READ COMMITTED): naming it would cost a
    # SET SESSION CHARACTERISTICS + COMMIT on every new connection.
    return create_engine(
        "postgresql+aftersales://",
        creator=creator,
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=2,
        pool_pre_ping=False,
        # hstore discovery costs a round trip on every new connection; we use jsonb.
        use_native_hstore=False,
        **options,
    )


class Database:
    """The logged-in operator's handle on the shop database."""

    def __init__(self, profile: ConnectionProfile, user: str, password: str | None) -> None:
        self.profile = profile
        self.user = user
        kwargs = profile.connect_kwargs(user, password)
        # for a listener's own connection (LISTEN needs one that stays open)
        self.connect_kwargs: dict[str, Any] = dict(kwargs)
        self._reader = make_engine(kwargs, autocommit=True)
        self._writer = make_engine(kwargs, autocommit=False)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for queries; each statement commits on its own."""
        _check_thread()
        with self._reader.connect() as conn:
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        _check_thread()
        with self._writer.begin() as conn:
            yield conn

    def prewarm(self) -> None:
        """Open the write connection now (in a worker) so the first save does not pay
        for a TCP handshake and authentication."""
        with self._writer.connect():
            pass

    def dispose(self) -> None:
        self._reader.dispose()
        self._writer.dispose()


def dsn_engine(dsn: str) -> Engine:
    """A one-off engine for a maintenance DSN (superuser or owner), no pooling."""
    from sqlalchemy.pool import NullPool

    return create_engine("postgresql+aftersales://", poolclass=NullPool,
                         creator=lambda: psycopg2.connect(dsn), use_native_hstore=False)
