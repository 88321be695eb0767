"""`aftersales`: start the embedded database if needed, log in, run the main window."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from aftersales_desktop import APP_NAME, __version__

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="aftersales", description="After-sales Desktop client")
    parser.add_argument("--version", action="version", version=f"aftersales {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="run the demo shop in its own data directory")
    parser.add_argument("--data-dir", type=Path,
                        help="embedded server directory (default: the user's data directory)")
    parser.add_argument("--self-check", action="store_true",
                        help="start offscreen, build the login window, exit 0 if all is well")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.self_check:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from aftersales_desktop.core.db import forbid_database_on_thread

    from .i18n import chosen_language, install_language

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    language = chosen_language()
    translated = install_language(language)
    forbid_database_on_thread(threading.main_thread())

    if args.self_check:
        return _self_check(language, translated)

    from .startup import Startup

    startup = Startup(demo=args.demo, data_dir=args.data_dir)
    app.setQuitOnLastWindowClosed(False)
    startup.finished.connect(app.quit)
    startup.begin()
    return int(app.exec())


def _self_check(language: str, translated: bool) -> int:
    """What CI runs against a wheel install: resources found, windows build offscreen."""
    from aftersales_desktop.core.paths import db_dir, i18n_dir
    from aftersales_desktop.services.schema import head_revision

    from .i18n import install_language, tr
    from .login import LoginDialog

    problems = []
    if not translated:
        problems.append(f"translation for {language} did not load from {i18n_dir()}")
    if not install_language("zh_CN") or tr("Log in") == "Log in":
        problems.append(f"zh_CN translation missing or empty in {i18n_dir()}")
    try:
        head = head_revision()
    except Exception as exc:  # report, do not crash: this is a check
        problems.append(f"migrations unreadable in {db_dir()}: {exc}")
        head = "?"
    dialog = LoginDialog(profiles=[])
    dialog.show()
    dialog.close()
    for problem in problems:
        print(f"self-check: {problem}", file=sys.stderr)
    print(f"aftersales {__version__}: self-check {'FAILED' if problems else 'ok'} "
          f"(schema {head}, language {language})")
    return 1 if problems else 0
