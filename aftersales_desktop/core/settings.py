"""Per-workstation settings in QSettings: server profiles and remembered choices.

Never a password: the operator's own password lives only in the OS keyring,
and only when they ticked "remember".
"""

from __future__ import annotations

import json
from dataclasses import asdict

import keyring
import keyring.errors
from PySide6.QtCore import QSettings

from aftersales_desktop import APP_NAME

from .profile import ConnectionProfile

PROFILES_KEY = "connection/profiles"
LAST_PROFILE_KEY = "connection/last_profile"
EMBEDDED_PROFILE = "embedded"


def load_profiles(settings: QSettings | None = None) -> list[ConnectionProfile]:
    settings = settings or QSettings()
    raw = settings.value(PROFILES_KEY, "[]")
    try:
        items = json.loads(str(raw))
    except ValueError:
        return []
    profiles = []
    for item in items:
        try:
            profiles.append(ConnectionProfile(**{k: v for k, v in item.items()
                                                 if k in ConnectionProfile.__dataclass_fields__}))
        except TypeError:
            continue
    return [p for p in profiles if not p.embedded]


def save_profiles(profiles: list[ConnectionProfile], settings: QSettings | None = None) -> None:
    settings = settings or QSettings()
    data = [asdict(p) for p in profiles if not p.embedded]
    settings.setValue(PROFILES_KEY, json.dumps(data, ensure_ascii=False))


def last_profile_name(settings: QSettings | None = None) -> str:
    return str((settings or QSettings()).value(LAST_PROFILE_KEY, EMBEDDED_PROFILE) or "")


def set_last_profile_name(name: str, settings: QSettings | None = None) -> None:
    (settings or QSettings()).setValue(LAST_PROFILE_KEY, name)


def last_operator(profile: str, settings: QSettings | None = None) -> str:
    return str((settings or QSettings()).value(f"connection/last_operator/{profile}", "") or "")


def set_last_operator(profile: str, code: str, settings: QSettings | None = None) -> None:
    (settings or QSettings()).setValue(f"connection/last_operator/{profile}", code)


def _keyring_service(profile: ConnectionProfile) -> str:
    return f"{APP_NAME}/{profile.name}/{profile.host}:{profile.port}/{profile.database}"


def remembered_password(profile: ConnectionProfile, code: str) -> str | None:
    try:
        return keyring.get_password(_keyring_service(profile), code)
    except keyring.errors.KeyringError:
        return None


def remember_password(profile: ConnectionProfile, code: str, password: str | None) -> None:
    """Store (or with None, forget) the operator's own password in the OS keyring."""
    service = _keyring_service(profile)
    try:
        if password:
            keyring.set_password(service, code, password)
        else:
            keyring.delete_password(service, code)
    except (keyring.errors.KeyringError, keyring.errors.PasswordDeleteError):
        pass
