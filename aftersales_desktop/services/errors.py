"""The one translator: any database error becomes a typed error the operator can read.

    refusal of a rule (P0001, HINT aftersales:<code>)   -> Refused (the catalogue's message)
    missing capability (42501)                          -> PermissionDenied
    constraint (23xxx)                                  -> ConstraintViolated on its field
    serialization failure, deadlock, lock timeout       -> Conflict (try again)
    statement timeout (57014)                           -> TimedOut
    connection lost (08xxx, a dropped socket)           -> ConnectionLost
    value the database cannot take (22xxx)              -> InvalidValue
    server out of resources, read-only                  -> Refused (server_busy, read_only)

Nothing of the driver's text reaches the message: PostgreSQL's DETAIL of a CHECK
violation lists the whole failing row (a customer's name and phone), and its wording is
English SQL talk. The message comes from the catalogue (domain/refusals.py,
domain/constraints.py); only the field and, for our own refusals, the DETAIL that
app.refuse() was given are read. Anything else (a bug, an unknown code) is not
translated: the caller re-raises it, the UI logs it and says where the log is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import psycopg2
from sqlalchemy.exc import DBAPIError

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.errors import (
    Conflict,
    ConnectionLost,
    ConstraintViolated,
    InvalidValue,
    LoginDisabled,
    NotAnOperator,
    PermissionDenied,
    Refused,
    TimedOut,
    UserError,
)
from aftersales_desktop.domain.capabilities import CAPABILITY_LABELS
from aftersales_desktop.domain.constraints import CONSTRAINTS, ConstraintRule
from aftersales_desktop.domain.documents import StaleDocument
from aftersales_desktop.domain.refusals import REFUSALS, arguments_from_detail, refuse

HINT_PREFIX = "aftersales:"

_KEY_VALUE = re.compile(r"\)=\((.*)\)")
_QUOTED = re.compile(r'"([^"]+)"')


class StaleTicket(Refused):
    """The ticket changed since the form loaded it (someone else saved first)."""


def _driver_error(exc: BaseException) -> BaseException | None:
    if isinstance(exc, DBAPIError):
        return exc.orig
    if isinstance(exc, psycopg2.Error):
        return exc
    return None


def _diag(error: BaseException, name: str) -> str:
    return str(getattr(getattr(error, "diag", None), name, "") or "")


def _capability_label(capability: str) -> str:
    return CAPABILITY_LABELS.get(capability, capability or "?")


def user_error(exc: BaseException, *, action: str = "",
               context: Mapping[str, Any] | None = None) -> UserError | None:
    """The operator's error for a database error, or None when it is not one we know
    (a bug: the caller lets it propagate, the UI logs it).

    `action` names the capability the call needed (for a bare 42501); `context` holds
    message arguments the caller knows (the operator code it was saving).
    """
    if isinstance(exc, UserError):
        return exc
    error = _driver_error(exc)
    if error is None:
        return None
    pgcode = str(getattr(error, "pgcode", "") or "")
    hint = _diag(error, "message_hint")
    if hint.startswith(HINT_PREFIX):
        return _refusal(hint.removeprefix(HINT_PREFIX), _diag(error, "message_detail"),
                        pgcode, context or {})
    if pgcode == "42501":
        return PermissionDenied(action=_capability_label(action))
    if pgcode.startswith("23"):
        return _constraint(error, pgcode)
    if pgcode in ("40001", "40P01", "55P03"):
        return Conflict()
    if pgcode == "57014":
        return TimedOut()
    if pgcode.startswith("08") or pgcode in ("57P01", "57P02", "57P03"):
        return ConnectionLost()
    if pgcode.startswith("22") and pgcode != "22012":  # dividing by zero is our bug
        return _data_error(error, pgcode)
    if pgcode.startswith("53"):
        return refuse("server_busy")
    if pgcode == "25006":
        return refuse("read_only")
    if not pgcode and (isinstance(error, psycopg2.OperationalError | psycopg2.InterfaceError)
                       or (isinstance(exc, DBAPIError) and exc.connection_invalidated)):
        return ConnectionLost()
    return None


def _refusal(code: str, detail: str, pgcode: str, context: Mapping[str, Any]) -> UserError | None:
    # 'capability:operators.admin': the capability follows the code
    code, _, tail = code.partition(":")
    if code in ("denied", "capability") or pgcode == "42501":
        return PermissionDenied(action=_capability_label(tail or detail))
    if code == "not_an_operator":
        return NotAnOperator(code=context.get("code", "?"))
    if code == "operator_disabled":
        return LoginDisabled(code=context.get("code", "?"))
    entry = REFUSALS.get(code)
    if entry is None:
        return None  # a code without a message is a bug; the catalogue test prevents it
    # the DETAIL app.refuse() was given (our own words, never the driver's) stays at hand
    # for callers that place a refusal, e.g. the document editor's "line 2: quantity"
    arguments: dict[str, Any] = {**context, "detail": detail}
    parsed: Any = None
    if detail.startswith("{"):
        try:
            parsed = json.loads(detail)
        except ValueError:
            parsed = None
    if isinstance(parsed, dict):
        arguments.update(parsed)
    else:
        arguments.update(arguments_from_detail(entry, detail))
    if code in ("stale", "document_stale"):
        # someone saved first: the screens offer to reload on these two classes
        arguments["when"] = _shop_clock(str(arguments.get("when", "")))
        return refuse(code, error_class=StaleTicket if code == "stale" else StaleDocument,
                      **arguments)
    error = refuse(code, **arguments)
    # a fee line's number (JSON DETAIL {"n": 2}), a stock document line's ({"line": 2})
    for key in ("n", "line"):
        if isinstance(arguments.get(key), int) and not isinstance(arguments[key], bool):
            error.line = arguments[key]  # type: ignore[attr-defined]
    return error


def _shop_clock(when: str) -> str:
    """A time the server wrote as text (in its session's zone) on the shop's clock."""
    try:
        return shop_time.format_datetime(when)
    except ValueError:
        return when[:16]


def _constraint(error: BaseException, pgcode: str) -> UserError:
    name = _diag(error, "constraint_name")
    table = _diag(error, "table_name")
    column = _diag(error, "column_name")
    rule = CONSTRAINTS.get(name)
    if pgcode == "23502" or rule is None:
        # NOT NULL (or a constraint added without a map entry: still no row data shown)
        field = column or (rule.field if rule else "")
        generic = {"23502": "field_required", "23505": "field_taken", "23503": "reference_missing"}
        rule = ConstraintRule(field, generic.get(pgcode, "record_inconsistent"))
    arguments: dict[str, Any] = dict(rule.arguments)
    code = rule.code
    if pgcode == "23503" and _parent_side(error, table):
        code = "still_in_use"
    if rule.field:
        arguments.setdefault("label", rule.field)  # refuse() shows the field's label
    if code == "field_taken":
        key = _KEY_VALUE.search(_diag(error, "message_detail")) if rule.echo_key else None
        arguments["value"] = key.group(1) if key and ", " not in key.group(1) else ""
    violated = refuse(code, field=rule.field, error_class=ConstraintViolated, **arguments)
    violated.constraint = name  # type: ignore[attr-defined]
    return violated


def _parent_side(error: BaseException, table: str) -> bool:
    """A foreign key refused deleting (or re-keying) a row that others still reference.

    PostgreSQL reports the referencing table either way; the primary message names the
    table being changed first ("update or delete on table "region" violates ..."), in any
    server language.
    """
    quoted = _QUOTED.findall(_diag(error, "message_primary"))
    return bool(quoted) and bool(table) and quoted[0] != table


_DATA_CODES = {"22001": "data_too_long", "22003": "data_number_too_large",
               "22P02": "data_malformed", "22007": "data_datetime_invalid",
               "22008": "data_datetime_invalid"}


def _data_error(error: BaseException, pgcode: str) -> UserError:
    column = _diag(error, "column_name")
    return refuse(_DATA_CODES.get(pgcode, "data_invalid"), field=column,
                  error_class=InvalidValue)


def translate(exc: BaseException, *, action: str = "", **context: Any) -> BaseException:
    """`exc` as the operator's error when it is a database error we know, else `exc`."""
    return user_error(exc, action=action, context=context) or exc


@contextmanager
def database_errors(action: str = "", **context: Any) -> Iterator[None]:
    """Database errors raised inside become typed UserErrors; others pass unchanged."""
    try:
        yield
    except DBAPIError as exc:
        error = user_error(exc, action=action, context=context)
        if error is None:
            raise
        raise error from exc
