"""Callback settings (回访设置): when a finished ticket is called back (the rules per
service mode), what the survey asks (its questions), and the shop's thresholds
(attempts before a task is unreachable, hours before a survey freezes, the score that
opens a complaint, a complaint's deadlines and its escalation).

The rules and questions are master data (masterdata.edit: the table grants decide); the
thresholds are shop settings (settings.admin), saved as services/masterdata/settings.py
saves the travel buffer. Everything is read in one query; each save is one statement in
its own savepoint, its refusals translated (services/errors.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.domain import complaints, limits
from aftersales_desktop.domain.callbacks import DIMENSIONS, QUESTION_KINDS, TASK_KINDS
from aftersales_desktop.domain.masterdata import (
    require_text,
    validate_choice,
    validate_whole_number,
)
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services.masterdata._common import StaleRecord, saving

QUESTION_CODE_PATTERN = r"^[a-z_]{2,30}$"
QUESTION_LABEL_MAX = limits.max_length("survey_question", "label")

# complaint severities, in rising order (app.complaint.severity)
SEVERITIES: tuple[str, ...] = tuple(complaints.SEVERITIES)
# the shop settings of the callbacks (cb-tasks) and complaints (cb-complaints): key ->
# (least, most, default); the deadline hours are one value per severity
THRESHOLDS: dict[str, tuple[int, int, Any]] = {
    "callback_max_attempts": (1, 9, 3),
    "survey_freeze_hours": (1, 720, 24),
    "complaint_score_threshold": (0, 4, 2),
    "complaint_deadline_hours": (1, 720, {"low": 72, "normal": 48, "high": 24,
                                          "critical": 8}),
    "complaint_escalation_hours": (1, 720, 24),
}


def threshold(values: Mapping[str, Any], key: str) -> Any:
    """A shop setting's value as `read` gave it, or its default when it is not set (or
    not of its shape)."""
    value = values.get(key)
    default = THRESHOLDS[key][2]
    if isinstance(default, dict):
        found = value if isinstance(value, Mapping) else {}
        return {s: int(found.get(s, default[s])) for s in SEVERITIES}
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else default

_READ = text("""
SELECT jsonb_build_object(
  'service_modes', (SELECT coalesce(jsonb_agg(jsonb_build_object('code', m.code,
        'label', m.label, 'active', m.active) ORDER BY m.code), '[]')
      FROM app.service_mode m),
  'rules', (SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.service_mode, r.round), '[]')
      FROM app.callback_rule r),
  'questions', (SELECT coalesce(jsonb_agg(to_jsonb(q) ORDER BY q.sort_order, q.id), '[]')
      FROM app.survey_question q),
  'settings', (SELECT coalesce(jsonb_object_agg(s.key, s.value), '{}')
      FROM app.shop_setting s WHERE s.key = ANY(CAST(:keys AS text[]))))""")


def read(conn: Connection) -> dict[str, Any]:
    """{service_modes, rules, questions, settings: {key: value}} (missing settings are
    absent: `threshold` gives their defaults)."""
    found = conn.execute(_READ, {"keys": list(THRESHOLDS)}).scalar_one()
    return dict(found)


@dataclass(frozen=True)
class Rule:
    """A callback round of a service mode: due `delay_days` after the ticket is done,
    open for `window_days`."""

    service_mode: str
    round: int
    kind: str
    delay_days: int
    window_days: int
    active: bool = True
    version: int | None = None  # None: a new round

    def checked(self) -> dict[str, Any]:
        return {"service_mode": require_text(self.service_mode, "service_mode", 30),
                "round": validate_whole_number(self.round, "round", 1, 9),
                "kind": validate_choice(self.kind, TASK_KINDS, "kind"),
                "delay_days": validate_whole_number(self.delay_days, "delay_days", 0, 365),
                "window_days": validate_whole_number(self.window_days, "window_days", 1, 365),
                "active": bool(self.active)}


def save_rule(conn: Connection, rule: Rule) -> None:
    values = rule.checked()
    what = f"{values['service_mode']} #{values['round']}"
    with saving(conn, "masterdata.edit"):
        if rule.version is None:
            conn.execute(text(
                "INSERT INTO app.callback_rule (service_mode, round, kind, delay_days, "
                "window_days, active) VALUES (:service_mode, :round, :kind, :delay_days, "
                ":window_days, :active)"), values)
            return
        found = conn.execute(text(
            "UPDATE app.callback_rule SET kind = :kind, delay_days = :delay_days, "
            "window_days = :window_days, active = :active WHERE service_mode = "
            ":service_mode AND round = :round AND version = :version RETURNING version"),
            dict(values, version=rule.version)).scalar()
    if found is None:
        raise StaleRecord(what=what)


@dataclass(frozen=True)
class Question:
    code: str
    label: str
    kind: str = "score"
    dimension: str | None = None
    active: bool = True
    id: int | None = None  # None: a new question (it goes last)
    version: int | None = None

    def checked(self) -> dict[str, Any]:
        import re

        code = (self.code or "").strip()
        if not re.fullmatch(QUESTION_CODE_PATTERN, code):
            raise refuse("code_invalid", field="code")
        dimension = self.dimension or None
        if dimension is not None:
            validate_choice(dimension, DIMENSIONS, "dimension")
        return {"code": code, "label": require_text(self.label, "label", QUESTION_LABEL_MAX),
                "kind": validate_choice(self.kind, QUESTION_KINDS, "kind"),
                "dimension": dimension, "active": bool(self.active)}


def save_question(conn: Connection, question: Question) -> int:
    """Add or change a question; returns its id. A question is never deleted (earlier
    surveys answered it): deactivate it instead."""
    values = question.checked()
    with saving(conn, "masterdata.edit"):
        if question.id is None:
            return int(conn.execute(text(
                "INSERT INTO app.survey_question (code, label, kind, dimension, active, "
                "sort_order) SELECT :code, :label, :kind, :dimension, :active, "
                "coalesce(max(sort_order), 0) + 1 FROM app.survey_question RETURNING id"),
                values).scalar_one())
        found = conn.execute(text(
            "UPDATE app.survey_question SET code = :code, label = :label, kind = :kind, "
            "dimension = :dimension, active = :active WHERE id = :id "
            "AND version = :version RETURNING id"),
            dict(values, id=question.id, version=question.version)).scalar()
    if found is None:
        raise StaleRecord(what=values["label"])
    return int(found)


def save_question_order(conn: Connection, question_ids: Iterable[int]) -> None:
    """The questions in this order (the survey asks them so)."""
    ids = [int(i) for i in question_ids]
    with saving(conn, "masterdata.edit"):
        conn.execute(text(
            "UPDATE app.survey_question q SET sort_order = o.position "
            "FROM unnest(CAST(:ids AS bigint[])) WITH ORDINALITY AS o(id, position) "
            "WHERE q.id = o.id AND q.sort_order IS DISTINCT FROM o.position"), {"ids": ids})


def checked_thresholds(values: Mapping[str, Any]) -> dict[str, Any]:
    """The thresholds as they are stored; each within its range (domain.callbacks)."""
    checked: dict[str, Any] = {}
    for key, (low, high, _default) in THRESHOLDS.items():
        if key not in values:
            continue
        value = values[key]
        if isinstance(value, Mapping):  # the deadline hours by severity
            checked[key] = {severity: validate_whole_number(value.get(severity), key, low, high)
                            for severity in SEVERITIES}
        else:
            checked[key] = validate_whole_number(value, key, low, high)
    return checked


def save_thresholds(conn: Connection, values: Mapping[str, Any]) -> dict[str, Any]:
    """Set the callback and complaint thresholds (shop settings: settings.admin), one
    statement; a value that did not change is not written again."""
    import json

    checked = checked_thresholds(values)
    if not checked:
        return checked
    with saving(conn, "settings.admin"):
        conn.execute(text(
            "INSERT INTO app.shop_setting (key, value) SELECT e.key, e.value "
            "FROM jsonb_each(CAST(:v AS jsonb)) e "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value "
            "WHERE app.shop_setting.value IS DISTINCT FROM EXCLUDED.value"),
            {"v": json.dumps(checked)})
    return checked


_CHOICES = text("""
SELECT jsonb_build_object(
  'service_modes', (SELECT coalesce(jsonb_agg(jsonb_build_object('key', m.code,
        'label', m.label) ORDER BY m.code), '[]') FROM app.service_mode m WHERE m.active),
  'regions', (SELECT coalesce(jsonb_agg(jsonb_build_object('key', r.id, 'label', r.path)
        ORDER BY r.path), '[]') FROM app.region_paths() r),
  'technicians', (SELECT coalesce(jsonb_agg(jsonb_build_object('key', e.id,
        'label', e.name) ORDER BY e.name, e.id), '[]')
      FROM app.employee e WHERE e.is_technician AND e.active))""")


def filter_choices(conn: Connection) -> dict[str, Any]:
    """What the due list filters by: {service_modes, regions (by path), technicians},
    each [{key, label}], in one query."""
    return dict(conn.execute(_CHOICES).scalar_one())
