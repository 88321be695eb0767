"""Front desk settings: the shop, promise periods, counter rules, the working-day
calendar, notice templates and the SMS / e-mail channels.

`load_settings` reads everything in one round trip; `save_settings` validates first
(ValidationError naming the form field, nothing written) and then writes every table in
the caller's transaction (`Database.transaction()`). Writing needs settings.admin.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.domain import limits
from aftersales_desktop.domain.notices import (
    KIND_VALUES,
    NOTICE_KINDS,
    PLACEHOLDERS,
    SHOP_VALUES,
    TemplateError,
    check_template,
    template_placeholders,
)
from aftersales_desktop.domain.refusals import on_field, refuse
from aftersales_desktop.services.masterdata._common import translate_db_error
from aftersales_desktop.services.notice_channels import parse_sms_config, parse_smtp_config

ACTION = "settings.admin"
TEMPLATE_LIMIT = 500
SMS_KEYS = ("url", "method", "phone_param", "text_param", "api_key_header", "api_key",
            "success_contains")
EMAIL_KEYS = ("host", "port", "security", "username", "password", "sender")



@dataclass
class FrontDeskSettings:
    shop_name: str = ""
    shop_address: str = ""
    shop_phone: str = ""
    terms: str = ""
    normal_days: int = 7
    urgent_days: int = 3
    factory_days: int = 15
    quote_required: bool = True
    uncollected_days: int = 30
    repair_warranty_days: int = 90
    templates: dict[str, str] = field(default_factory=dict)
    holidays: list[date] = field(default_factory=list)
    workdays: list[date] = field(default_factory=list)
    sms: dict[str, Any] = field(default_factory=dict)
    email: dict[str, Any] = field(default_factory=dict)


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def load_settings(conn: Connection) -> FrontDeskSettings:
    """Everything the settings page shows (one round trip; needs settings.admin or
    notice.send for the channels). The calendar lists today and later days only."""
    row = conn.execute(text("""
        SELECT (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM app.shop_setting),
               (SELECT coalesce(jsonb_object_agg(kind, body), '{}') FROM app.notice_template),
               (SELECT coalesce(jsonb_agg(jsonb_build_array(day, working) ORDER BY day), '[]')
                  FROM app.work_calendar WHERE day >= app.shop_today()),
               (SELECT coalesce(jsonb_object_agg(channel, config), '{}')
                  FROM app.notice_channel)""")).one()
    values, templates, calendar, channels = row
    shop = values.get("shop") or {}
    promise = values.get("promise") or {}
    return FrontDeskSettings(
        shop_name=str(shop.get("name", "")), shop_address=str(shop.get("address", "")),
        shop_phone=str(shop.get("phone", "")), terms=str(shop.get("terms", "")),
        normal_days=_int(promise.get("normal_days"), 7),
        urgent_days=_int(promise.get("urgent_days"), 3),
        factory_days=_int(promise.get("factory_days"), 15),
        quote_required=bool(values.get("quote_required", True)),
        uncollected_days=_int(values.get("uncollected_days"), 30),
        repair_warranty_days=_int(values.get("repair_warranty_days"), 90),
        templates={str(k): str(v) for k, v in templates.items()},
        holidays=[date.fromisoformat(d) for d, working in calendar if not working],
        workdays=[date.fromisoformat(d) for d, working in calendar if working],
        sms=dict(channels.get("sms") or {}), email=dict(channels.get("email") or {}))


def parse_days(lines: str, field_name: str) -> list[date]:
    """One yyyy-MM-dd per line (blank lines skipped), sorted, without repeats."""
    days: set[date] = set()
    for number, line in enumerate(lines.splitlines(), start=1):
        value = line.strip()
        if not value:
            continue
        try:
            if len(value) != 10:
                raise ValueError(value)
            day = date.fromisoformat(value)
            if day not in limits.WORKING_RANGE:  # the calendar's column holds no other
                raise ValueError(value)
            days.add(day)
        except ValueError:
            raise refuse("calendar_line_invalid", field=field_name, line=number,
                         value=value) from None
    return sorted(days)


def _range(field_name: str, value: int, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise refuse("setting_out_of_range", field=field_name, low=low, high=high)


def _channel(prefix: str, config: Mapping[str, Any], key: str,
             parse: Callable[[Mapping[str, Any]], Any]) -> bool:
    """True when the channel is configured (and valid); False when it is left empty."""
    if not str(config.get(key) or "").strip():
        return False
    try:
        parse(config)
    except ValidationError as exc:
        raise on_field(exc, f"{prefix}_{exc.field}") from None
    return True


def _check_values(s: FrontDeskSettings, kind: str, body: str, field_name: str) -> None:
    """Every value the template names has one when a notice of `kind` is sent: the shop's
    name and phone are set, and the notice knows the rest (a ticket's notice has no part)."""
    allowed = KIND_VALUES[kind]
    for placeholder in template_placeholders(body):
        if placeholder not in allowed:
            raise refuse("template_value_unknown", field=field_name,
                         placeholder="{" + placeholder + "}", label=placeholder,
                         known=", ".join("{" + p + "}" for p in PLACEHOLDERS if p in allowed))
        setting = SHOP_VALUES.get(placeholder)
        if setting is not None and not str(getattr(s, setting)).strip():
            raise refuse("template_value_missing", field=field_name,
                         placeholder="{" + placeholder + "}", label=placeholder)


def validate(s: FrontDeskSettings) -> tuple[bool, bool]:
    """Raise ValidationError for the first wrong field; returns (sms set, email set)."""
    if not s.shop_name.strip():
        raise refuse("shop_name_required")
    for name in ("normal_days", "urgent_days", "factory_days"):
        _range(name, getattr(s, name), 1, 60)
    _range("uncollected_days", s.uncollected_days, 1, 365)
    _range("repair_warranty_days", s.repair_warranty_days, 0, 3650)
    for kind in NOTICE_KINDS:
        body = s.templates.get(kind, "")
        name = f"template_{kind}"
        if not body.strip():
            raise refuse("notice_text_required", field=name)
        if len(body) > TEMPLATE_LIMIT:
            raise refuse("template_too_long", field=name, limit=TEMPLATE_LIMIT)
        try:
            check_template(body)
        except TemplateError as exc:
            raise on_field(exc, name) from None
        _check_values(s, kind, body, name)
    both = set(s.holidays) & set(s.workdays)
    if both:
        raise refuse("calendar_day_twice", value=min(both).isoformat())
    return (_channel("sms", s.sms, "url", parse_sms_config),
            _channel("email", s.email, "host", parse_smtp_config))


def save_settings(conn: Connection, s: FrontDeskSettings) -> None:
    """Validate, then write everything in the caller's transaction (settings.admin)."""
    sms_set, email_set = validate(s)
    try:
        today = conn.execute(text("SELECT app.shop_today()")).scalar_one()
        for name, days in (("holidays", s.holidays), ("workdays", s.workdays)):
            past = [d for d in days if d < today]
            if past:
                raise refuse("calendar_day_past", field=name, value=past[0].isoformat())
        values = {
            "shop": {"name": s.shop_name.strip(), "address": s.shop_address.strip(),
                     "phone": s.shop_phone.strip(), "terms": s.terms.strip()},
            "promise": {"normal_days": s.normal_days, "urgent_days": s.urgent_days,
                        "factory_days": s.factory_days},
            "quote_required": bool(s.quote_required),
            "uncollected_days": s.uncollected_days,
            "repair_warranty_days": s.repair_warranty_days,
        }
        conn.execute(text(
            "INSERT INTO app.shop_setting (key, value) VALUES (:k, CAST(:v AS jsonb)) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value "
            "WHERE app.shop_setting.value IS DISTINCT FROM EXCLUDED.value"),
            [{"k": k, "v": json.dumps(v, ensure_ascii=False)} for k, v in values.items()])
        conn.execute(text("DELETE FROM app.work_calendar WHERE day >= :today"),
                     {"today": today})
        calendar = ([{"d": d, "w": False} for d in s.holidays]
                    + [{"d": d, "w": True} for d in s.workdays])
        if calendar:
            conn.execute(text("INSERT INTO app.work_calendar (day, working) VALUES (:d, :w)"),
                         calendar)
        conn.execute(text(
            "INSERT INTO app.notice_template (kind, body) VALUES (:k, :b) "
            "ON CONFLICT (kind) DO UPDATE SET body = EXCLUDED.body "
            "WHERE app.notice_template.body IS DISTINCT FROM EXCLUDED.body"),
            [{"k": kind, "b": s.templates[kind]} for kind in NOTICE_KINDS])
        for channel, configured, config in (("sms", sms_set, s.sms),
                                            ("email", email_set, s.email)):
            if configured:
                conn.execute(text(
                    "INSERT INTO app.notice_channel (channel, config) "
                    "VALUES (:c, CAST(:v AS jsonb)) ON CONFLICT (channel) DO UPDATE "
                    "SET config = EXCLUDED.config "
                    "WHERE app.notice_channel.config IS DISTINCT FROM EXCLUDED.config"),
                    {"c": channel, "v": json.dumps(config, ensure_ascii=False)})
            else:
                conn.execute(text("DELETE FROM app.notice_channel WHERE channel = :c"),
                             {"c": channel})
    except DBAPIError as exc:
        raise translate_db_error(exc, ACTION) from None
