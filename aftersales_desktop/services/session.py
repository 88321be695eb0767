"""Logging in as an operator: connect with their own role, check the schema, start a session."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import psycopg2
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from aftersales_desktop import __version__
from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import (
    ConnectError,
    DatabaseMissing,
    LoginDisabled,
    NotAnOperator,
    SchemaTooOld,
    ServerUnreachable,
    TlsFailed,
    WrongPassword,
)
from aftersales_desktop.core.profile import ConnectionProfile, workstation_name
from aftersales_desktop.domain.operators import normalize_code, validate_password
from aftersales_desktop.domain.refusals import refuse

from . import operators, schema

APPLICATION = f"aftersales-desktop {__version__}"


@dataclass(frozen=True)
class OperatorSession:
    """Who is logged in, what they may do, and where."""

    code: str
    name: str
    capabilities: frozenset[str]
    revision: str
    server_time: str
    encrypted: bool
    profile: ConnectionProfile
    timezone: str = shop_time.DEFAULT_ZONE  # the shop's; every time shown is in it

    def can(self, capability: str) -> bool:
        return capability in self.capabilities


def classify_connect_error(exc: BaseException, profile: ConnectionProfile,
                           code: str) -> ConnectError:
    """Turn libpq's English failure text into the operator-facing error."""
    message = str(exc)
    server = profile.server_label
    lowered = message.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return WrongPassword()
    if "not permitted to log in" in lowered:
        return LoginDisabled(code=code)
    if re.search(r'database ".*" does not exist', lowered):
        return DatabaseMissing(server=server, database=profile.database)
    if "permission denied for database" in lowered:
        return NotAnOperator(code=code)
    if "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
        detail = message.strip().splitlines()[-1] if message.strip() else "?"
        return TlsFailed(server=server, detail=detail)
    return ServerUnreachable(server=server)


def _session_error(exc: DBAPIError, code: str) -> ConnectError:
    orig: Any = exc.orig
    pgcode = getattr(orig, "pgcode", None)
    hint = getattr(getattr(orig, "diag", None), "message_hint", None) or ""
    if hint == "aftersales:operator_disabled":
        return LoginDisabled(code=code)
    if hint == "aftersales:not_an_operator":
        return NotAnOperator(code=code)
    if pgcode in ("3F000", "42883", "42P01"):  # schema, function or table missing
        return SchemaTooOld(found="-", expected=schema.head_revision())
    raise exc


def open_session(profile: ConnectionProfile, code: str,
                 password: str) -> tuple[Database, OperatorSession]:
    """Connect as the operator; one round trip after the handshake. Runs in a worker."""
    code = normalize_code(code)
    database = Database(profile, code, password)
    try:
        with database.read() as conn:
            try:
                row = conn.execute(text("SELECT app.session_start(:ws, :app)"),
                                   {"ws": workstation_name(), "app": APPLICATION}).scalar_one()
            except DBAPIError as exc:
                if exc.connection_invalidated or isinstance(exc.orig, psycopg2.OperationalError):
                    raise
                raise _session_error(exc, code) from None
    except DBAPIError as exc:
        database.dispose()
        if isinstance(exc.orig, psycopg2.OperationalError):
            raise classify_connect_error(exc.orig, profile, code) from None
        raise
    except BaseException:
        database.dispose()
        raise
    try:
        schema.check_revision(row.get("revision"))
    except ConnectError:
        database.dispose()
        raise
    session = OperatorSession(
        code=row["code"],
        name=row["name"],
        capabilities=frozenset(row["capabilities"]),
        revision=row["revision"],
        server_time=str(row["server_time"]),
        encrypted=bool(row["ssl"]),
        profile=profile,
        timezone=row["timezone"],
    )
    shop_time.use_zone(session.timezone, timedelta(seconds=int(row["utc_offset_s"])))
    return database, session


def close_session(database: Database) -> None:
    """Record the logout (best effort: a dead link must not stop the client closing)."""
    try:
        with database.read() as conn:
            conn.execute(text("SELECT app.session_end(:ws, :app)"),
                         {"ws": workstation_name(), "app": APPLICATION})
    except DBAPIError:
        pass
    finally:
        database.dispose()


def log_denied(conn: Connection, action: str) -> None:
    """Record that the database refused this operator something (audit.login_event)."""
    conn.execute(text("SELECT app.log_denied(:action, :ws)"),
                 {"action": action, "ws": workstation_name()})


def ping(conn: Connection) -> None:
    """The cheapest question the server answers: is the link up?"""
    conn.execute(text("SELECT 1"))


def prove_password(database: Database, password: str) -> None:
    """Log in once more with `password` on a connection of its own (then close it);
    ValidationError on the `current` field when it is not the operator's password."""
    try:
        psycopg2.connect(**database.profile.connect_kwargs(database.user, password)).close()
    except psycopg2.OperationalError:
        raise refuse("current_password_wrong") from None


def change_own_password(conn: Connection, database: Database, current: str, new: str,
                        confirm: str) -> None:
    """Prove the current password, then store the new one (hashed on this side) through
    `conn`, a transaction of the operator's own."""
    validate_password(new, code=database.user, confirm=confirm)
    prove_password(database, current)
    operators.set_password(conn, database.user, new, confirm=confirm)
