"""One database function call per action; its refusals become the operator's errors
(through the one translator, services/errors.py)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.core.errors import Refused
from aftersales_desktop.services.errors import StaleTicket, database_errors

__all__ = ["Refused", "StaleTicket", "as_json", "call"]


def call(conn: Connection, sql: str, params: dict[str, Any] | None = None) -> Any:
    """Run one function call and return its (jsonb-decoded) result."""
    with database_errors():
        return conn.execute(text(sql), params or {}).scalar()


def as_json(value: dict[str, Any]) -> str:
    """jsonb for a function argument: dates, Decimals and UUIDs as their text."""
    return json.dumps(value, default=str, ensure_ascii=False)
