"""Where the application finds its shipped files and keeps its own data."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from aftersales_desktop import APP_NAME

_PACKAGE = Path(__file__).resolve().parent.parent


def _shipped(name: str) -> Path:
    # A wheel carries db/ and resources/ inside the package; an editable
    # checkout keeps them at the repository's top level.
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def db_dir() -> Path:
    return _shipped("db")


def resources_dir() -> Path:
    return _shipped("resources")


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def user_data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def embedded_server_dir(*, demo: bool = False) -> Path:
    return user_data_dir() / ("demo-server" if demo else "server")
