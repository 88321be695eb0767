"""The log file: where unexpected errors leave their details for support.

The operator sees a short, translated sentence naming this file; the traceback and the
driver's own text go here, never to a dialog. `setup_logging` is called once at start
(ui/app.py) with the user's data folder; until then (tests, scripts) nothing is written
to a file and `log_file()` names where the file would be.
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from .paths import user_data_dir

LOG_NAME = "aftersales.log"
MAX_BYTES = 1_000_000
BACKUPS = 5

log = logging.getLogger("aftersales_desktop.unexpected")

_handler: RotatingFileHandler | None = None


def default_log_file() -> Path:
    return user_data_dir() / "logs" / LOG_NAME


def log_file() -> Path:
    """The file unexpected errors are written to."""
    if _handler is not None:
        return Path(_handler.baseFilename)
    return default_log_file()


def setup_logging(directory: Path | None = None) -> Path:
    """Write warnings and errors of the whole application to a rotating file in
    `directory` (default: <user data>/logs); returns the file. Calling it again moves
    the file (tests pass a temporary directory)."""
    global _handler
    folder = directory if directory is not None else default_log_file().parent
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                  encoding="utf-8")
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    root.addHandler(handler)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    _handler = handler
    return Path(handler.baseFilename)


def stop_logging() -> None:
    """Close the file (tests; the application keeps it to the end)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


def report_unexpected(exc: BaseException) -> Path:
    """Write `exc` with its traceback to the log once; returns the log file."""
    if not getattr(exc, "__logged__", False):
        details = getattr(exc, "__traceback_text__", None) or "".join(
            traceback.format_exception(type(exc), exc, exc.__traceback__))
        log.error("unexpected error: %s", details)
        with contextlib.suppress(AttributeError):  # exceptions with __slots__
            exc.__logged__ = True  # type: ignore[attr-defined]
    return log_file()
