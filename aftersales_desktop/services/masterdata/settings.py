"""Service settings: warehouses, work types, reward/penalty items, overdue rules."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.domain.masterdata import (
    WAREHOUSE_TYPES,
    parse_money,
    require_text,
    validate_choice,
    validate_code,
    validate_whole_number,
)
from aftersales_desktop.domain.refusals import refuse

from ._common import require_row, saving


def _save(conn: Connection, table: str, columns: list[str], values: dict[str, Any],
          record_id: int | None, what: object) -> int:
    with saving(conn, "masterdata.edit"):
        if record_id is None:
            names = ", ".join(columns)
            params = ", ".join(f":{c}" for c in columns)
            return int(conn.execute(text(
                f"INSERT INTO {table} ({names}) VALUES ({params}) RETURNING id"),
                values).scalar_one())
        sets = ", ".join(f"{c} = :{c}" for c in columns)
        found = conn.execute(text(
            f"UPDATE {table} SET {sets} WHERE id = :id RETURNING id"),
            dict(values, id=record_id)).scalar()
        return int(require_row(found, str(what)))


def save_warehouse(conn: Connection, *, code: str, name: str, type: str,
                   id: int | None = None, keeper_id: int | None = None,
                   active: bool = True) -> int:
    values = {"code": validate_code(code), "name": require_text(name, "name", 50),
              "type": validate_choice(type, WAREHOUSE_TYPES, "type"),
              "keeper_id": keeper_id, "active": active}
    return _save(conn, "app.warehouse", list(values), values, id, values["name"])


def save_work_type(conn: Connection, *, code: str, name: str, labour_fee: Any,
                   standard_hours: Any = 0, id: int | None = None,
                   active: bool = True) -> int:
    hours = parse_money(standard_hours, "standard_hours")
    if hours >= 10000:  # numeric(6,2)
        raise refuse("amount_too_large", field="standard_hours")
    values = {"code": validate_code(code), "name": require_text(name, "name", 50),
              "labour_fee": parse_money(labour_fee, "labour_fee"),
              "standard_hours": hours, "active": active}
    return _save(conn, "app.work_type", list(values), values, id, values["name"])


def save_reward_penalty_item(conn: Connection, *, code: str, name: str, amount: Any,
                             id: int | None = None, active: bool = True) -> int:
    """A reward (positive amount) or penalty (negative amount)."""
    values = {"code": validate_code(code), "name": require_text(name, "name", 50),
              "amount": parse_money(amount, "amount", allow_negative=True), "active": active}
    return _save(conn, "app.reward_penalty_item", list(values), values, id, values["name"])


def save_overdue_rule(conn: Connection, *, name: str, amount_per_day: Any,
                      grace_days: Any = 0, id: int | None = None,
                      active: bool = True) -> int:
    values = {"name": require_text(name, "name", 50),
              "amount_per_day": parse_money(amount_per_day, "amount_per_day"),
              "grace_days": validate_whole_number(grace_days, "grace_days", 0, 365),
              "active": active}
    return _save(conn, "app.overdue_rule", list(values), values, id, values["name"])
