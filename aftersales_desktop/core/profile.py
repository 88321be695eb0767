"""Where to connect: a server profile holds everything but the password."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field, replace
from typing import Any

from aftersales_desktop import __version__

SSL_MODES = ("disable", "prefer", "require", "verify-ca", "verify-full")
DEFAULT_DATABASE = "aftersales"


@dataclass(frozen=True)
class ConnectionProfile:
    """A named server the client can log in to (kept in QSettings, never a password)."""

    name: str
    host: str = "127.0.0.1"
    port: int = 5432
    database: str = DEFAULT_DATABASE
    sslmode: str = "prefer"
    sslrootcert: str = ""
    embedded: bool = False
    # Session limits that keep a dropped VPN from holding locks or hanging forever.
    statement_timeout_ms: int = 30_000
    idle_in_transaction_timeout_ms: int = 60_000
    connect_timeout_s: int = 10
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def server_label(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def is_local(self) -> bool:
        return self.host in ("127.0.0.1", "localhost", "::1", "")

    def with_port(self, port: int) -> ConnectionProfile:
        return replace(self, port=port)

    def connect_kwargs(self, user: str, password: str | None) -> dict[str, Any]:
        """psycopg2.connect() keyword arguments for this profile and operator."""
        options = (
            f"-c statement_timeout={self.statement_timeout_ms} "
            f"-c idle_in_transaction_session_timeout={self.idle_in_transaction_timeout_ms}"
        )
        kwargs: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "dbname": self.database,
            "user": user,
            "connect_timeout": self.connect_timeout_s,
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 10,
            "keepalives_count": 3,
            "application_name": f"aftersales-desktop/{__version__}@{workstation_name()}"[:63],
            "options": options,
            "sslmode": self.sslmode,
        }
        if password is not None:
            kwargs["password"] = password
        if self.sslrootcert:
            kwargs["sslrootcert"] = self.sslrootcert
        kwargs.update(self.extra)
        return kwargs


def workstation_name() -> str:
    return socket.gethostname() or "unknown"
