"""Before Qt starts on Linux: are the X11 (xcb) libraries its window plugin needs there?

Without them Qt prints a dozen lines about plugins and aborts. PySide6's wheels
carry Qt but not these system libraries; a fresh desktop often lacks
libxcb-cursor0 (Qt 6.5+) and a few others. This module imports no Qt, so it can
run before QApplication exists, and names what is missing in one line.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# What the xcb platform plugin (libqxcb.so and libQt6XcbQpa) links against, with the
# Debian/Ubuntu package of each.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
}


def wants_xcb(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Whether Qt will try the xcb plugin: Linux, and QT_QPA_PLATFORM unset or xcb.

    Unset under Wayland, Qt takes its wayland plugin first; no check then."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    return not environ.get("WAYLAND_DISPLAY")


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
        return True
    except OSError:
        pass
    bundle = getattr(sys, "_MEIPASS", "")  # a PyInstaller bundle may carry its own copy
    return bool(bundle) and any(Path(str(bundle)).rglob(soname))


def missing_xcb_libraries(loads: Callable[[str], bool] = _loads) -> list[str]:
    return [soname for soname in XCB_LIBRARIES if not loads(soname)]


def missing_message(missing: list[str]) -> str:
    packages = " ".join(XCB_LIBRARIES[soname] for soname in missing)
    return (f"aftersales: cannot open a window, the X11 libraries Qt needs are missing: "
            f"{', '.join(missing)} (Debian/Ubuntu: sudo apt-get install {packages}; "
            f"see README, Installing)")
