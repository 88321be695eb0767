"""Operator administration: each operator is a PostgreSQL login role with its own password.

Every change goes through SECURITY DEFINER functions in the database
(app.operator_*), which check operators.admin themselves; the client only
hashes passwords (SCRAM) so plaintext never reaches the server or its log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg2.extensions
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from aftersales_desktop.core.errors import ConstraintViolated
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.operators import normalize_code, validate_name, validate_password
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services.errors import translate

from .masterdata._common import StaleRecord
from .masterdata.versions import naming_who_changed


class StaleOperator(StaleRecord):
    default_message = QT_TR_NOOP(
        "Operator {code} was changed by someone else meanwhile. Reload it and apply your "
        "change again.")


@dataclass(frozen=True)
class OperatorDetails:
    """One operator as the administration screen shows it."""

    code: str
    name: str
    template: str | None
    active: bool
    version: int
    granted: frozenset[str]  # added on top of the template
    removed: frozenset[str]  # taken away from the template
    effective: frozenset[str]
    created_at: datetime
    password_changed_at: datetime | None


def _raw(conn: Connection) -> Any:
    return conn.connection.dbapi_connection


def hash_password(conn: Connection, code: str, password: str) -> str:
    return str(psycopg2.extensions.encrypt_password(password, code, _raw(conn), "scram-sha-256"))


def _translate_db_error(exc: DBAPIError, code: str) -> BaseException:
    """The operator functions' refusals (services/errors.py); a stale version names the
    operator, a bare foreign key the position template."""
    error = translate(exc, action="operators.admin", code=code)
    if getattr(error, "code", "") == "stale":
        return StaleOperator(code=code)
    if isinstance(error, ConstraintViolated) and error.code == "reference_missing":
        return refuse("template_unknown")
    return error


def _call(conn: Connection, statement: str, params: dict[str, Any], code: str) -> Any:
    try:
        with conn.begin_nested():
            return conn.execute(text(statement), params).scalar()
    except DBAPIError as exc:
        error = _translate_db_error(exc, code)
        if error is exc:
            raise
        raise error from exc


def known_capabilities(conn: Connection) -> list[str]:
    return list(conn.execute(text("SELECT code FROM app.capability ORDER BY sort_order")).scalars())


def _check_capabilities(conn: Connection, codes: Iterable[str]) -> list[str]:
    wanted = sorted(set(codes))
    unknown = set(wanted) - set(known_capabilities(conn))
    if unknown:
        raise refuse("capability_unknown", names=", ".join(sorted(unknown)))
    return wanted


def create_operator(
    conn: Connection,
    *,
    code: str,
    name: str,
    password: str,
    template: str | None = "administrator",
    grant: Iterable[str] = (),
    remove: Iterable[str] = (),
) -> str:
    """Create the login role, its operator row and capabilities, in the caller's transaction."""
    code = normalize_code(code)
    name = validate_name(name)
    validate_password(password, code=code)
    grants = _check_capabilities(conn, grant)
    removals = _check_capabilities(conn, remove)
    hashed = hash_password(conn, code, password)
    _call(conn, "SELECT app.operator_create(:c, :n, :h, :t)",
          {"c": code, "n": name, "h": hashed, "t": template}, code)
    for capability in grants:
        set_capability(conn, code, capability, True)
    for capability in removals:
        set_capability(conn, code, capability, False)
    return code


def update_operator(conn: Connection, *, code: str, name: str, template: str | None,
                    active: bool, version: int | None) -> int:
    """Save name, template and active flag; refuses a stale version. Returns the new one."""
    name = validate_name(name)
    return int(_call(conn, "SELECT app.operator_update(:c, :n, :t, :a, :v)",
                     {"c": code, "n": name, "t": template, "a": active, "v": version}, code))


def set_active(conn: Connection, code: str, active: bool) -> None:
    details = get_operator(conn, code)
    update_operator(conn, code=code, name=details.name, template=details.template,
                    active=active, version=None)


def set_capability(conn: Connection, code: str, capability: str, granted: bool | None) -> None:
    """granted True adds, False removes, None returns to what the template says."""
    _check_capabilities(conn, [capability])
    _call(conn, "SELECT app.operator_set_capability(:c, :cap, :g)",
          {"c": code, "cap": capability, "g": granted}, code)


def set_password(conn: Connection, code: str, password: str, *,
                 confirm: str | None = None) -> None:
    """Reset another operator's password (operators.admin) or change one's own."""
    validate_password(password, code=code, confirm=confirm)
    hashed = hash_password(conn, code, password)
    _call(conn, "SELECT app.operator_set_password(:c, :h)", {"c": code, "h": hashed}, code)


def get_operator(conn: Connection, code: str) -> OperatorDetails:
    row = conn.execute(text(
        """
        SELECT o.code, o.name, o.template, o.active, o.version, o.created_at,
               o.password_changed_at,
               coalesce(array_agg(x.capability) FILTER (WHERE x.granted), '{}') AS granted,
               coalesce(array_agg(x.capability) FILTER (WHERE NOT x.granted), '{}') AS removed,
               ARRAY(SELECT c.code FROM app.capability c
                     WHERE pg_has_role(o.code, c.role_name, 'MEMBER')
                     ORDER BY c.sort_order) AS effective
        FROM app.operator o
        LEFT JOIN app.operator_capability x ON x.operator = o.code
        WHERE o.code = :c
        GROUP BY o.code
        """), {"c": code}).mappings().first()
    if row is None:
        raise refuse("no_operator", code=code)
    return OperatorDetails(
        code=row["code"], name=row["name"], template=row["template"], active=row["active"],
        version=row["version"], granted=frozenset(row["granted"]),
        removed=frozenset(row["removed"]), effective=frozenset(row["effective"]),
        created_at=row["created_at"], password_changed_at=row["password_changed_at"],
    )


def templates(conn: Connection) -> list[tuple[str, str, frozenset[str]]]:
    """(code, English label, capabilities) of every position template."""
    rows = conn.execute(text(
        "SELECT t.code, t.label, coalesce(array_agg(c.capability) FILTER "
        "(WHERE c.capability IS NOT NULL), '{}') FROM app.position_template t "
        "LEFT JOIN app.template_capability c ON c.template = t.code "
        "GROUP BY t.code ORDER BY t.sort_order")).all()
    return [(code, label, frozenset(caps)) for code, label, caps in rows]


def operator_count(conn: Connection) -> int:
    return int(conn.execute(text("SELECT count(*) FROM app.operator")).scalar_one())


@dataclass(frozen=True)
class OperatorChange:
    """What the administration form asks to save, as one transaction."""

    code: str
    name: str
    template: str | None
    active: bool
    overrides: dict[str, bool | None]  # capability -> add / remove / as template
    version: int | None = None  # None for a new operator
    password: str | None = None  # required for a new operator
    confirm: str | None = None


def save_operator(conn: Connection, change: OperatorChange) -> OperatorDetails:
    """Create or update one operator with its capabilities, and reset the password of an
    existing one when a new password is given; all or nothing. A stale version raises
    StaleOperator, or ChangedMeanwhile when the change log names who changed it."""
    if change.version is None:
        if change.password is None:
            raise refuse("password_required")
        validate_password(change.password, code=change.code, confirm=change.confirm)
        code = create_operator(
            conn, code=change.code, name=change.name, password=change.password,
            template=change.template,
            grant=[c for c, g in change.overrides.items() if g is True],
            remove=[c for c, g in change.overrides.items() if g is False])
        if not change.active:
            set_active(conn, code, False)
        return get_operator(conn, code)
    with naming_who_changed(conn, "app.operator", change.code, change.code):
        update_operator(conn, code=change.code, name=change.name, template=change.template,
                        active=change.active, version=change.version)
    for capability, granted in change.overrides.items():
        set_capability(conn, change.code, capability, granted)
    if change.password:
        set_password(conn, change.code, change.password, confirm=change.confirm)
    return get_operator(conn, change.code)
