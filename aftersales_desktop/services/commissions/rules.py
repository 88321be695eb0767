"""提成设置: the commission rules (service mode x work type: a fixed amount per unit or a
rate, valid from / to), the grade factors, the hours scheme and the rework rule.

Master data written through the tables' grants (as_cap_commission_rules), one savepoint
a save (services/masterdata/_common.py `saving`: refusals translated at their field), a
stale save refused by the record's version. The database decides: the exclusion
constraints refuse overlapping validity (domain/constraints.py puts the refusal at the
validity field); the checks here only answer sooner and name the rule that is in the way.

A commission line freezes its rule's id, version, rate and amount when it is made, so
editing a rule changes no line made already: a rule says how many lines use it
(`lines`), and the page suggests ending it and starting a new one instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.domain import limits
from aftersales_desktop.domain.commissions import PCT_RULE_KINDS, REWORK_KINDS, RULE_KINDS
from aftersales_desktop.domain.masterdata import optional_text, require_text, validate_choice
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services.masterdata._common import RecordMissing, StaleRecord, saving

CAPABILITY = "commission.rules"
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


@dataclass(frozen=True)
class RuleChoices:
    """What the rule forms offer: service modes (code, English label), work types (id,
    code, name, active: a retired one stays listed, a rule may still name it) and the
    grades employees have (for the grade factors)."""

    service_modes: list[tuple[str, str]] = field(default_factory=list)
    work_types: list[tuple[int, str, str, bool]] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    labour_fees: dict[int, Decimal] = field(default_factory=dict)  # work type -> its fee


def choices(conn: Connection) -> RuleChoices:
    work_types = conn.execute(text(
        "SELECT id, code, name, active, labour_fee FROM app.work_type ORDER BY code, id")).all()
    return RuleChoices(
        service_modes=[(str(r[0]), str(r[1])) for r in conn.execute(text(
            "SELECT code, label FROM app.service_mode ORDER BY code"))],
        work_types=[(int(r[0]), str(r[1]), str(r[2]), bool(r[3])) for r in work_types],
        labour_fees={int(r[0]): Decimal(r[4]) for r in work_types},
        grades=[str(r[0]) for r in conn.execute(text(
            "SELECT DISTINCT grade FROM app.employee WHERE btrim(grade) <> '' ORDER BY 1"))])


# -- values ---------------------------------------------------------------------------------

def parse_number(raw: Any, table: str, column: str, *, field_name: str | None = None,
                 required: bool = True) -> Decimal | None:
    """A number of `table.column` as typed ("12.5", "¥1,234.50", "30%"), within the
    column's range and scale (domain/limits.py); None when empty and not required."""
    name = field_name or column
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise refuse("value_required", field=name)
        return None
    if isinstance(raw, bool):
        raise refuse("amount_not_a_number", field=name, value=raw)
    if isinstance(raw, Decimal | int):
        value = Decimal(raw)
    else:
        typed = str(raw).strip()
        body = typed.replace("¥", "").replace("￥", "").replace(",", "").replace(" ", "")
        body = body.removesuffix("%")
        if not _PLAIN_NUMBER.fullmatch(body):  # no 1e3, NaN or Infinity: as the form types
            raise refuse("amount_not_a_number", field=name, value=typed)
        value = Decimal(body)
    if not value.is_finite():
        raise refuse("amount_not_a_number", field=name, value=raw)
    scale = limits.numeric_scale(table, column)
    exponent = Decimal(1).scaleb(-scale)
    if value != value.quantize(exponent):
        raise refuse("number_decimals", field=name, scale=scale)
    least, most = limits.numeric_range(table, column)
    if not least <= value <= most:
        raise refuse("number_out_of_range", field=name, minimum=least, maximum=most)
    return value.quantize(exponent) + 0


def _days(table: str, valid_from: Any, valid_to: Any) -> tuple[date, date | None]:
    if not isinstance(valid_from, date):
        raise refuse("date_required", field="valid_from")
    for name, day in (("valid_from", valid_from), ("valid_to", valid_to)):
        if day is None:
            continue
        earliest, latest = limits.date_range(table, name)
        if not earliest <= day <= latest:
            raise refuse("field_date_invalid", field=name, label=name,
                         min=earliest.isoformat(), max=latest.isoformat())
    if valid_to is not None and valid_to < valid_from:
        raise refuse("valid_to_before_from", field="valid_to")
    return valid_from, valid_to


def _refuse_overlap(conn: Connection, table: str, key_sql: str, params: dict[str, Any],
                    record_id: int | None, valid_from: date, valid_to: date | None) -> None:
    """Name the rule whose validity these days overlap (the exclusion constraint refuses
    the same, without saying which: this answers first)."""
    other = conn.execute(text(
        f"SELECT valid_from, valid_to FROM app.{table} WHERE {key_sql} "
        "AND (CAST(:id AS bigint) IS NULL OR id <> :id) "
        "AND daterange(valid_from, valid_to, '[]') && "
        "daterange(CAST(:valid_from AS date), CAST(:valid_to AS date), '[]') "
        "ORDER BY valid_from LIMIT 1"),
        dict(params, id=record_id, valid_from=valid_from, valid_to=valid_to)).first()
    if other is not None:
        raise refuse("rule_validity_overlap", field="valid_from",
                     valid_from=other[0].isoformat(),
                     valid_to=other[1].isoformat() if other[1] is not None else "…")


def _write(conn: Connection, table: str, values: dict[str, Any], record_id: Any,
           version: int | None, what: str, key: str = "id") -> Any:
    """INSERT (record_id None) or UPDATE at `version` (None: whatever is stored); returns
    the row's key. A row changed meanwhile is StaleRecord, a row gone RecordMissing."""
    columns = list(values)
    if record_id is None:
        found = conn.execute(text(
            f"INSERT INTO app.{table} ({', '.join(columns)}) VALUES "
            f"({', '.join(':' + c for c in columns)}) RETURNING {key}"), values).scalar_one()
        return found
    sets = ", ".join(f"{c} = :{c}" for c in columns)
    found = conn.execute(text(
        f"UPDATE app.{table} SET {sets} WHERE {key} = :old_key "
        "AND (CAST(:version AS integer) IS NULL OR version = :version) "
        f"RETURNING {key}"), dict(values, old_key=record_id, version=version)).scalar()
    if found is not None:
        return found
    exists = conn.execute(text(f"SELECT 1 FROM app.{table} WHERE {key} = :k"),
                          {"k": record_id}).first()
    if exists is None:
        raise RecordMissing(what=what)
    raise StaleRecord(what=what)


def _read(conn: Connection, sql: str, key: Any) -> dict[str, Any]:
    row = conn.execute(text(sql), {"k": key}).mappings().first()
    if row is None:
        raise RecordMissing(what=str(key))
    return dict(row)


def _rule_lines(conn: Connection, rule_id: int) -> int | None:
    """How many commission lines froze this rule; None when the operator may not read
    all of them (row security shows a technician only their own: no count then)."""
    readable = conn.execute(text(
        "SELECT has_table_privilege('app.commission_line', 'SELECT') "
        "AND app.sees_all_commissions()")).scalar()
    if not readable:
        return None
    return int(conn.execute(text(
        "SELECT count(*) FROM app.commission_line WHERE rule_id = :r AND kind = 'commission'"),
        {"r": rule_id}).scalar_one())


# -- commission rules -------------------------------------------------------------------------

_RULE = ("SELECT r.id, r.service_mode, r.work_type_id, r.kind, r.amount, r.rate, "
         "r.valid_from, r.valid_to, r.note, r.version, w.code AS work_type_code, "
         "w.name AS work_type_name FROM app.commission_rule r "
         "JOIN app.work_type w ON w.id = r.work_type_id WHERE r.id = :k")


def get_rule(conn: Connection, rule_id: int) -> dict[str, Any]:
    """A rule with its work type's code and name and `lines` (how many lines use it)."""
    rule = _read(conn, _RULE, rule_id)
    rule["lines"] = _rule_lines(conn, rule_id)
    return rule


def checked_rule(*, service_mode: Any, work_type_id: Any, kind: Any, amount: Any = None,
                 rate: Any = None, valid_from: Any = None, valid_to: Any = None,
                 note: Any = "") -> dict[str, Any]:
    """A rule's columns as stored; the amount for a fixed rule, the rate (a %) for the
    others, the other one empty."""
    if not service_mode:
        raise refuse("value_required", field="service_mode")
    if work_type_id is None:
        raise refuse("value_required", field="work_type_id")
    kind = validate_choice(kind, RULE_KINDS, "kind")
    fixed = kind not in PCT_RULE_KINDS
    first, last = _days("commission_rule", valid_from, valid_to)
    return {
        "service_mode": require_text(service_mode, "service_mode", 30),
        "work_type_id": int(work_type_id), "kind": kind,
        "amount": parse_number(amount, "commission_rule", "amount") if fixed else None,
        "rate": None if fixed else parse_number(rate, "commission_rule", "rate"),
        "valid_from": first, "valid_to": last,
        "note": optional_text(note or "", "note", limits.max_length("commission_rule", "note")),
    }


def save_rule(conn: Connection, *, id: int | None = None, version: int | None = None,
              **values: Any) -> int:
    """Add or change a commission rule; returns its id. Its validity may not overlap
    another rule's of the same service mode and work type."""
    row = checked_rule(**values)
    with saving(conn, CAPABILITY):
        _refuse_overlap(conn, "commission_rule",
                        "service_mode = :m AND work_type_id = :w",
                        {"m": row["service_mode"], "w": row["work_type_id"]}, id,
                        row["valid_from"], row["valid_to"])
        return int(_write(conn, "commission_rule", row, id, version, str(id)))


def delete_rule(conn: Connection, rule_id: int, version: int | None) -> None:
    """Delete a rule no line uses (a line that froze it keeps it: refused as in use;
    end its validity instead). commission_line.rule_id has no foreign key (it also
    holds overdue and rework rules' ids), so the count decides: only an operator who
    sees every line may delete."""
    lines = _rule_lines(conn, rule_id)
    if lines is None:  # row security hides others' lines: whether any uses it is unknown
        raise refuse("rule_delete_unknown")
    if lines:
        raise refuse("still_in_use")
    with saving(conn, CAPABILITY):
        found = conn.execute(text(
            "DELETE FROM app.commission_rule WHERE id = :id "
            "AND (CAST(:v AS integer) IS NULL OR version = :v) RETURNING id"),
            {"id": rule_id, "v": version}).scalar()
        if found is None:
            _missing_or_stale(conn, "commission_rule", rule_id)


def _missing_or_stale(conn: Connection, table: str, key: Any, column: str = "id") -> None:
    if conn.execute(text(f"SELECT 1 FROM app.{table} WHERE {column} = :k"),
                    {"k": key}).first() is None:
        raise RecordMissing(what=str(key))
    raise StaleRecord(what=str(key))


# -- grade factors ------------------------------------------------------------------------------

def get_grade_factor(conn: Connection, grade: str) -> dict[str, Any]:
    return _read(conn, "SELECT grade, factor, version FROM app.commission_grade_factor "
                       "WHERE grade = :k", grade)


def save_grade_factor(conn: Connection, *, grade: Any, factor: Any, id: str | None = None,
                      version: int | None = None) -> str:
    """Add or change a grade's multiplier (`id`: the grade it had, to rename it); an
    employee's grade not listed counts 1.000."""
    row = {"grade": require_text(grade, "grade",
                                 limits.max_length("commission_grade_factor", "grade")),
           "factor": parse_number(factor, "commission_grade_factor", "factor")}
    with saving(conn, CAPABILITY):
        return str(_write(conn, "commission_grade_factor", row, id, version, str(id or grade),
                          key="grade"))


def delete_grade_factor(conn: Connection, grade: str, version: int | None) -> None:
    with saving(conn, CAPABILITY):
        found = conn.execute(text(
            "DELETE FROM app.commission_grade_factor WHERE grade = :g "
            "AND (CAST(:v AS integer) IS NULL OR version = :v) RETURNING grade"),
            {"g": grade, "v": version}).scalar()
        if found is None:
            _missing_or_stale(conn, "commission_grade_factor", grade, "grade")


# -- the hours scheme -----------------------------------------------------------------------------

HOURS_NUMBERS = ("other_weight", "rate_above_rated", "rate_basic_to_rated",
                 "supervisor_factor", "supervisor_threshold")


def get_hours_rule(conn: Connection, rule_id: int) -> dict[str, Any]:
    return _read(conn, "SELECT id, valid_from, valid_to, " + ", ".join(HOURS_NUMBERS)
                 + ", version FROM app.hours_rule WHERE id = :k", rule_id)


def save_hours_rule(conn: Connection, *, valid_from: Any, valid_to: Any = None,
                    id: int | None = None, version: int | None = None,
                    **numbers: Any) -> int:
    """The hours scheme from `valid_from` (to `valid_to`): how other hours weigh, the pay
    per hour above the rated and between the basic and rated hours, and a supervisor's
    factor and threshold (a % of the department's quota)."""
    first, last = _days("hours_rule", valid_from, valid_to)
    row: dict[str, Any] = {"valid_from": first, "valid_to": last}
    for name in HOURS_NUMBERS:
        row[name] = parse_number(numbers.get(name), "hours_rule", name)
    with saving(conn, CAPABILITY):
        _refuse_overlap(conn, "hours_rule", "true", {}, id, first, last)
        return int(_write(conn, "hours_rule", row, id, version, str(id)))


# -- the rework rule ------------------------------------------------------------------------------

def get_rework_rule(conn: Connection, rule_id: int) -> dict[str, Any]:
    return _read(conn, "SELECT id, kind, amount, rate, valid_from, valid_to, note, version "
                       "FROM app.rework_rule WHERE id = :k", rule_id)


def save_rework_rule(conn: Connection, *, kind: Any, valid_from: Any, amount: Any = None,
                     rate: Any = None, valid_to: Any = None, note: Any = "",
                     id: int | None = None, version: int | None = None) -> int:
    """What a free rework charges back to the first job's technicians: a fixed amount,
    or a % of the commission they had for it."""
    kind = validate_choice(kind, REWORK_KINDS, "kind")
    fixed = kind == "fixed"
    first, last = _days("rework_rule", valid_from, valid_to)
    row = {"kind": kind,
           "amount": parse_number(amount, "rework_rule", "amount") if fixed else None,
           "rate": None if fixed else parse_number(rate, "rework_rule", "rate"),
           "valid_from": first, "valid_to": last,
           "note": optional_text(note or "", "note",
                                 limits.max_length("rework_rule", "note"))}
    with saving(conn, CAPABILITY):
        _refuse_overlap(conn, "rework_rule", "true", {}, id, first, last)
        return int(_write(conn, "rework_rule", row, id, version, str(id)))
