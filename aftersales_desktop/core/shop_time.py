"""The shop's time zone: every time the client shows or reads is the shop's wall clock.

The database stores instants (timestamptz) and numbers tickets by the shop's day
(`app.shop_today()`, setting 'timezone'). The client shows the same wall clock whatever
zone the PC is set to: the zone comes with the session (`app.session_start` returns
it; `services/session.py` calls `use_zone` at login) and lives here, in one place. Lists,
the change log, the ticket tab, exports and receipts all format through this module.

Before a login (and in tests that never log in) the zone is the shop's default,
Asia/Shanghai, the zone `app.shop_today()` falls back to.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Shanghai"
MINUTES = "%Y-%m-%d %H:%M"
SECONDS = "%Y-%m-%d %H:%M:%S"


def named_zone(name: str, utc_offset: timedelta | None = None) -> tzinfo:
    """The zone `name`; without a tz database, the offset given (or China's for the default)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # No tz database on this machine (Windows without the tzdata package): the offset
        # the server gave at login is right for a zone without daylight saving (China).
        if utc_offset is not None:
            return timezone(utc_offset, name)
        if name == DEFAULT_ZONE:
            return timezone(timedelta(hours=8), name)
        raise


_name = DEFAULT_ZONE
_zone: tzinfo = named_zone(DEFAULT_ZONE, None)


def use_zone(name: str, utc_offset: timedelta | None = None) -> None:
    """Show every time in zone `name` (an IANA name the server accepted) from now on."""
    global _name, _zone
    _zone = named_zone(name, utc_offset)
    _name = name


def zone() -> tzinfo:
    return _zone


def zone_name() -> str:
    """The IANA name, for the server (`timestamptz AT TIME ZONE name`)."""
    return _name


def to_shop_time(value: datetime) -> datetime:
    """An aware datetime as the shop's wall clock; a naive one is taken as already that."""
    if value.tzinfo is None:
        return value.replace(tzinfo=_zone)
    return value.astimezone(_zone)


def from_shop_wall_clock(value: datetime) -> datetime:
    """A time typed on a form (naive, the shop's wall clock) as an aware instant."""
    return value.replace(tzinfo=_zone) if value.tzinfo is None else value


def parse(text: str) -> datetime:
    """An ISO timestamp as jsonb writes one ('2026-12-01T19:50:00.123+00:00'), in the
    shop's zone."""
    return to_shop_time(datetime.fromisoformat(text))


def format_datetime(value: datetime | str, *, seconds: bool = False) -> str:
    """'2026-12-02 03:50' (or with seconds) on the shop's clock; `value` may be the ISO
    text a jsonb answer carries."""
    moment = parse(value) if isinstance(value, str) else to_shop_time(value)
    return moment.strftime(SECONDS if seconds else MINUTES)


def shop_date(value: datetime | str) -> date:
    """The shop's day of an instant."""
    return (parse(value) if isinstance(value, str) else to_shop_time(value)).date()


def midnight(day: date) -> datetime:
    """The instant the shop's `day` begins (a filter's "from 2026-12-01")."""
    return datetime.combine(day, time(), tzinfo=_zone)


def today() -> date:
    """The shop's date now (what `app.shop_today()` says, without asking the server)."""
    return datetime.now(_zone).date()
