"""Errors the operator can cause or fix, kept apart from bugs.

A `UserError` carries an English source message (marked for translation) and
named arguments; the UI translates the message and then formats it, so the
operator reads it in their own language. Anything else is a bug and is shown
as "unexpected error" with details for support.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .i18n import QT_TR_NOOP


class UserError(Exception):
    """Something the operator did or can fix; nothing was changed."""

    default_message = QT_TR_NOOP("The operation could not be completed.")

    def __init__(self, message: str | None = None, /, **arguments: Any) -> None:
        self.message = message or self.default_message
        self.arguments = arguments
        super().__init__(self.text())

    def text(self, translate: Callable[[str], str] | None = None) -> str:
        source = translate(self.message) if translate else self.message
        try:
            return source.format(**self.arguments)
        except (KeyError, IndexError, ValueError):
            return source


class ValidationError(UserError):
    """A field holds a value that cannot be saved; `field` names it for the form."""

    def __init__(self, field: str, message: str, /, **arguments: Any) -> None:
        self.field = field
        super().__init__(message, **arguments)


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
    default_message = QT_TR_NOOP(
        "The connection to the server was lost. Your work is kept; it will be saved when "
        "the connection is back."
    )


class PermissionDenied(UserError):
    default_message = QT_TR_NOOP("You do not have permission for this action ({action}).")


class BugError(Exception):
    """A programming error: never shown as if the operator caused it."""
