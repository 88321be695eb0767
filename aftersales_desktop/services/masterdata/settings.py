"""Service settings: warehouses, work types, reward/penalty items, overdue rules, and the
dispatch board's travel buffer (the minutes a visit blocks its technician after it ends)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.domain.commissions import (
    AUTO_TRIGGERS,
    HOURS_KINDS,
    SURVEY_TRIGGERS,
    THRESHOLD_MAX,
    THRESHOLD_MIN,
)
from aftersales_desktop.domain.masterdata import (
    WAREHOUSE_TYPES,
    parse_money,
    require_text,
    validate_choice,
    validate_code,
    validate_whole_number,
)
from aftersales_desktop.domain.refusals import refuse

from ._common import RecordMissing, check_version, save_row, saving
from .versions import naming_who_changed

# shop_setting 'travel_buffer_minutes' (revision 0018): at most four hours
TRAVEL_BUFFER_KEY = "travel_buffer_minutes"
TRAVEL_BUFFER_RANGE = (0, 240)
TRAVEL_BUFFER_DEFAULT = 30

# The columns each settings form reads and writes (also the only tables `_read` accepts).
SETTING_COLUMNS: dict[str, tuple[str, ...]] = {
    "app.warehouse": ("code", "name", "type", "keeper_id", "active"),
    # with what technicians' pay (revision 0022) reads of them, and the version a save
    # carries (a stale save is refused, naming who changed it)
    "app.work_type": ("code", "name", "labour_fee", "standard_hours", "active", "hours_kind",
                      "version"),
    "app.reward_penalty_item": ("code", "name", "amount", "active", "auto", "threshold",
                                "version"),
    "app.overdue_rule": ("name", "amount_per_day", "grace_days", "active", "service_mode",
                         "version"),
}
# a keyword left out: the column keeps what it holds (a caller that knows nothing of it)
UNCHANGED: Any = object()


@dataclass(frozen=True)
class Warehouse:
    id: int
    code: str
    name: str
    type: str
    keeper_id: int | None
    active: bool


def _read(conn: Connection, table: str, record_id: int) -> dict[str, Any]:
    columns = ", ".join(("id",) + SETTING_COLUMNS[table])
    row = conn.execute(text(f"SELECT {columns} FROM {table} WHERE id = :id"),
                       {"id": record_id}).mappings().first()
    if row is None:
        raise RecordMissing(what=str(record_id))
    return dict(row)


def get_warehouse(conn: Connection, warehouse_id: int) -> Warehouse:
    return Warehouse(**_read(conn, "app.warehouse", warehouse_id))


def warehouse_types(conn: Connection) -> list[tuple[str, str]]:
    """(code, English label) of the active warehouse types, in their order."""
    return [(str(r[0]), str(r[1])) for r in conn.execute(text(
        "SELECT code, label FROM app.warehouse_type WHERE active ORDER BY sort_order, code"))]


def get_work_type(conn: Connection, record_id: int) -> dict[str, Any]:
    return _read(conn, "app.work_type", record_id)


def active_work_types(conn: Connection) -> list[dict[str, Any]]:
    """{id, code, name, standard_hours} of the active work types, by code (the dispatch
    board's assign dialog: a visit lasts the work type's standard hours)."""
    return [dict(row) for row in conn.execute(text(
        "SELECT id, code, name, standard_hours FROM app.work_type WHERE active "
        "ORDER BY code, id")).mappings()]


def get_reward_penalty_item(conn: Connection, record_id: int) -> dict[str, Any]:
    return _read(conn, "app.reward_penalty_item", record_id)


def get_overdue_rule(conn: Connection, record_id: int) -> dict[str, Any]:
    return _read(conn, "app.overdue_rule", record_id)


def save_warehouse(conn: Connection, *, code: str, name: str, type: str,
                   id: int | None = None, keeper_id: int | None = None,
                   active: bool = True) -> int:
    values = {"code": validate_code(code), "name": require_text(name, "name", 50),
              "type": validate_choice(type, WAREHOUSE_TYPES, "type"),
              "keeper_id": keeper_id, "active": active}
    return save_row(conn, "app.warehouse", values, id, values["name"])


def _save_versioned(conn: Connection, table: str, values: dict[str, Any],
                    record_id: int | None, version: int | None, what: str) -> int:
    """Add a row, or write over row `record_id` at `version` (None: whatever is stored);
    a stale save names who changed the row and when (the change log, with log.view)."""
    values = {k: v for k, v in values.items() if v is not UNCHANGED}
    if record_id is None:
        return save_row(conn, table, values, None, what)
    sets = ", ".join(f"{c} = :{c}" for c in values)
    with naming_who_changed(conn, table, record_id, what), saving(conn, "masterdata.edit"):
        found = conn.execute(text(
            f"UPDATE {table} SET {sets} WHERE id = :id "
            "AND (CAST(:version AS integer) IS NULL OR version = :version) "
            "RETURNING version"), dict(values, id=record_id, version=version)).scalar()
        check_version(conn, table, record_id, what, found)
    return record_id


def save_work_type(conn: Connection, *, code: str, name: str, labour_fee: Any,
                   standard_hours: Any = 0, id: int | None = None,
                   active: bool = True, hours_kind: Any = UNCHANGED,
                   version: int | None = None) -> int:
    """`hours_kind`: whether its hours count as repair hours or other hours (the hours
    scheme weighs the other ones; a new work type: repair)."""
    hours = parse_money(standard_hours, "standard_hours")
    if hours >= 10000:  # numeric(6,2)
        raise refuse("amount_too_large", field="standard_hours")
    values = {"code": validate_code(code), "name": require_text(name, "name", 50),
              "labour_fee": parse_money(labour_fee, "labour_fee"),
              "standard_hours": hours, "active": active,
              "hours_kind": (hours_kind if hours_kind is UNCHANGED
                             else validate_choice(hours_kind or "repair", HOURS_KINDS,
                                                  "hours_kind"))}
    return _save_versioned(conn, "app.work_type", values, id, version, str(values["name"]))


def checked_automation(auto: Any, threshold: Any) -> tuple[str | None, int | None]:
    """An item's trigger (None: by hand only) and the score a survey trigger compares
    the survey's lowest score with (1..5; none for the others)."""
    if auto in (None, ""):
        return None, None
    trigger = validate_choice(auto, AUTO_TRIGGERS, "auto")
    if trigger not in SURVEY_TRIGGERS:
        return trigger, None
    if threshold in (None, ""):
        raise refuse("auto_threshold_required", field="threshold")
    return trigger, validate_whole_number(threshold, "threshold", THRESHOLD_MIN, THRESHOLD_MAX)


def save_reward_penalty_item(conn: Connection, *, code: str, name: str, amount: Any,
                             id: int | None = None, active: bool = True,
                             auto: Any = UNCHANGED, threshold: Any = UNCHANGED,
                             version: int | None = None) -> int:
    """A reward (positive amount) or penalty (negative amount); `auto` makes the month
    run apply it by itself (a survey's low or high score, a complaint)."""
    values: dict[str, Any] = {
        "code": validate_code(code), "name": require_text(name, "name", 50),
        "amount": parse_money(amount, "amount", allow_negative=True), "active": active}
    if auto is not UNCHANGED:
        values["auto"], values["threshold"] = checked_automation(
            auto, None if threshold is UNCHANGED else threshold)
    return _save_versioned(conn, "app.reward_penalty_item", values, id, version,
                           str(values["name"]))


def save_overdue_rule(conn: Connection, *, name: str, amount_per_day: Any,
                      grace_days: Any = 0, id: int | None = None,
                      active: bool = True, service_mode: Any = UNCHANGED,
                      version: int | None = None) -> int:
    """`service_mode`: the tickets it deducts for (None: every mode without a rule of its
    own); one active rule a mode."""
    values = {"name": require_text(name, "name", 50),
              "amount_per_day": parse_money(amount_per_day, "amount_per_day"),
              "grace_days": validate_whole_number(grace_days, "grace_days", 0, 365),
              "active": active,
              "service_mode": (service_mode if service_mode is UNCHANGED
                               else (service_mode or None))}
    return _save_versioned(conn, "app.overdue_rule", values, id, version,
                           str(values["name"]))


def travel_buffer_minutes(conn: Connection) -> int:
    """The minutes a visit blocks its technician after it ends (the default when unset)."""
    value = conn.execute(text("SELECT value FROM app.shop_setting WHERE key = :k"),
                         {"k": TRAVEL_BUFFER_KEY}).scalar()
    return value if isinstance(value, int) else TRAVEL_BUFFER_DEFAULT


def save_travel_buffer_minutes(conn: Connection, minutes: Any) -> int:
    """Set the travel buffer (0..240 minutes; a shop setting: needs settings.admin). New
    bookings use it; visits booked before keep the time they block."""
    low, high = TRAVEL_BUFFER_RANGE
    value = validate_whole_number(minutes, TRAVEL_BUFFER_KEY, low, high)
    with saving(conn, "settings.admin"):
        conn.execute(text(
            "INSERT INTO app.shop_setting (key, value) VALUES (:k, to_jsonb(CAST(:v AS int))) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value "
            "WHERE app.shop_setting.value IS DISTINCT FROM EXCLUDED.value"),
            {"k": TRAVEL_BUFFER_KEY, "v": value})
    return value
