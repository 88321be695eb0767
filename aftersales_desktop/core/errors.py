"""Errors the operator can cause or fix, kept apart from bugs.

A `UserError` carries an English source message (marked for translation) and
named arguments; the UI translates the message and then formats it, so the
operator reads it in their own language. Arguments named in `translated` hold
English source strings themselves (a status label, a field label) and are
translated too. Anything else is a bug and is shown as "unexpected error"; its
details go to the log file, never to the dialog.

Refusals of business rules carry a `code` from the one catalogue
(aftersales_desktop/domain/refusals.py), whether the rule refused on the client or
in the database, so both sides can be compared and tested case by case.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .i18n import QT_TR_NOOP


class _Arguments(dict[str, Any]):
    """Format arguments where a missing one reads "?" instead of breaking the sentence."""

    def __missing__(self, key: str) -> str:
        return "?"


_FORMATTER = string.Formatter()


def format_message(source: str, arguments: Mapping[str, Any]) -> str:
    try:
        return _FORMATTER.vformat(source, (), _Arguments(arguments))
    except (IndexError, ValueError, AttributeError):
        return source


class UserError(Exception):
    """Something the operator did or can fix; nothing was changed."""

    default_message = QT_TR_NOOP("The operation could not be completed.")
    code = ""
    field = ""

    def __init__(self, message: str | None = None, /, *,
                 translated: Iterable[str] = (), **arguments: Any) -> None:
        self.message = message or self.default_message
        self.arguments = arguments
        self.translated = frozenset(translated)
        super().__init__(self.text())

    def text(self, translate: Callable[[str], str] | None = None) -> str:
        if translate is None:
            return format_message(self.message, self.arguments)
        arguments = {key: translate(value) if key in self.translated and isinstance(value, str)
                     else value for key, value in self.arguments.items()}
        return format_message(translate(self.message), arguments)


class ValidationError(UserError):
    """A field holds a value that cannot be saved; `field` names it for the form."""

    def __init__(self, field: str, message: str, /, *, translated: Iterable[str] = (),
                 **arguments: Any) -> None:
        self.field = field
        super().__init__(message, translated=translated, **arguments)


class Refused(ValidationError):
    """A business rule refused the action; `code` names the rule in the catalogue.

    `field` is the form field to correct, or "" when the refusal concerns the whole
    action (the ticket is closed, the quote was already answered).
    """

    def __init__(self, code: str, field: str, message: str, /, *,
                 translated: Iterable[str] = (), **arguments: Any) -> None:
        self.code = code
        super().__init__(field, message, translated=translated, **arguments)


class ConnectError(UserError):
    """Logging in or reaching the server failed."""

    default_message = QT_TR_NOOP("Could not connect to the server.")


class WrongPassword(ConnectError):
    default_message = QT_TR_NOOP(
        "Wrong operator code or password. Check the code and try again "
        "(passwords are case-sensitive)."
    )


class LoginDisabled(ConnectError):
    default_message = QT_TR_NOOP(
        "Operator {code} is disabled and cannot log in. Ask a manager to enable the account."
    )


class NotAnOperator(ConnectError):
    default_message = QT_TR_NOOP(
        "{code} is not an operator of this shop database. Ask the administrator to add you."
    )


class ServerUnreachable(ConnectError):
    default_message = QT_TR_NOOP(
        "The server {server} cannot be reached. Check the network or VPN connection and "
        "that the server is running, then try again."
    )


class TlsFailed(ConnectError):
    default_message = QT_TR_NOOP(
        "A secure (TLS) connection to {server} could not be established: {detail}. "
        "Check the server's certificate and the CA file in the connection settings."
    )


class DatabaseMissing(ConnectError):
    default_message = QT_TR_NOOP(
        "The server {server} has no database named {database}. Check the connection settings."
    )


class SchemaTooOld(ConnectError):
    default_message = QT_TR_NOOP(
        "The shop database is older than this client (database version {found}, client needs "
        "{expected}). Ask the administrator to run \"aftersales-server upgrade\"."
    )


class SchemaTooNew(ConnectError):
    default_message = QT_TR_NOOP(
        "The shop database is newer than this client (database version {found}). "
        "Install the latest version of After-sales Desktop."
    )


class ConnectionLost(UserError):
    """The link to the server broke during the action (SQLSTATE class 08, a dropped
    socket). Whether the last statement committed is unknown: saves carry an
    operation id, so sending them again applies them once."""

    code = "connection_lost"
    default_message = QT_TR_NOOP(
        "The connection to the server was lost. Check the network, then try again; "
        "a save that reached the server is not applied twice."
    )


class PermissionDenied(UserError):
    """The operator lacks the capability; `action` is its English label (translated)."""

    code = "denied"
    default_message = QT_TR_NOOP("You do not have permission for this action ({action}).")

    def __init__(self, message: str | None = None, /, **arguments: Any) -> None:
        super().__init__(message, translated=("action",), **arguments)


class Conflict(UserError):
    """Another transaction got in the way (serialization failure, deadlock): nothing was
    saved and the same action may simply be tried again."""

    code = "conflict"
    retryable = True
    default_message = QT_TR_NOOP(
        "Another operator was changing the same records at the same moment. Nothing was "
        "saved; try again.")


class TimedOut(UserError):
    """The server cancelled a statement that ran longer than statement_timeout."""

    code = "timed_out"
    retryable = True
    default_message = QT_TR_NOOP(
        "The server took too long to answer and stopped. Nothing was changed; try again, "
        "or narrow the search.")


class InvalidValue(Refused):
    """The database could not take a value (a number too large, a malformed date); the
    field is named when the database said which one."""


class ConstraintViolated(Refused):
    """A table constraint refused a row; domain/constraints.py knows the field and the
    message. `constraint` is the constraint's name (for the log, never for the dialog)."""

    constraint = ""


class BugError(Exception):
    """A programming error: never shown as if the operator caused it."""
