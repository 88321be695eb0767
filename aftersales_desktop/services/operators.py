"""Creating operators: each one is a PostgreSQL login role with its own password."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import psycopg2.extensions
from psycopg2 import sql
from sqlalchemy import Connection, text

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.operators import normalize_code, validate_name, validate_password


def _raw(conn: Connection) -> Any:
    return conn.connection.dbapi_connection


def _execute(conn: Connection, statement: sql.Composable, params: tuple[Any, ...] = ()) -> None:
    raw = _raw(conn)
    with raw.cursor() as cur:
        cur.execute(statement, params)


def capability_roles(conn: Connection, codes: Iterable[str] | None) -> list[str]:
    rows = conn.execute(
        text("SELECT code, role_name FROM app.capability ORDER BY sort_order")).all()
    if codes is None:
        return [role for _code, role in rows]
    wanted = set(codes)
    known = {code: role for code, role in rows}
    unknown = wanted - known.keys()
    if unknown:
        raise ValidationError("capabilities", QT_TR_NOOP("Unknown capability: {names}"),
                              names=", ".join(sorted(unknown)))
    return [known[c] for c in sorted(wanted)]


def create_operator(
    conn: Connection,
    *,
    code: str,
    name: str,
    password: str,
    capabilities: Iterable[str] | None = None,
) -> str:
    """Create the login role and its operator row in the caller's transaction.

    `capabilities=None` grants the whole catalogue (the first administrator).
    The password is hashed (SCRAM) here, so plaintext never reaches the server log.
    """
    code = normalize_code(code)
    name = validate_name(name)
    validate_password(password, code=code)
    taken = conn.execute(text("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = :c"),
                         {"c": code}).first()
    if taken:
        raise ValidationError("code", QT_TR_NOOP("Operator {code} already exists."), code=code)
    roles = capability_roles(conn, capabilities)
    hashed = psycopg2.extensions.encrypt_password(password, code, _raw(conn), "scram-sha-256")
    _execute(conn, sql.SQL("CREATE ROLE {} LOGIN PASSWORD %s IN ROLE as_operator").format(
        sql.Identifier(code)), (hashed,))
    for role in roles:
        _execute(conn, sql.SQL("GRANT {} TO {}").format(sql.Identifier(role), sql.Identifier(code)))
    conn.execute(text("INSERT INTO app.operator (code, name) VALUES (:c, :n)"),
                 {"c": code, "n": name})
    return code


def operator_count(conn: Connection) -> int:
    return int(conn.execute(text("SELECT count(*) FROM app.operator")).scalar_one())
