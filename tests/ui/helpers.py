"""Running setup and clean-up database work the way the GUI must: off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pytestqt.qtbot import QtBot

from aftersales_desktop.core.work import run_in_background

T = TypeVar("T")


def off_gui(qtbot: QtBot, fn: Callable[[], T], timeout: int = 30_000) -> T:
    """Run `fn` in a worker and wait for it; re-raise its exception here."""
    box: dict[str, Any] = {}
    run_in_background(fn, on_done=lambda r: box.setdefault("result", r),
                      on_error=lambda e: box.setdefault("error", e), busy=False)
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    if "error" in box:
        raise box["error"]
    return box["result"]  # type: ignore[no-any-return]
