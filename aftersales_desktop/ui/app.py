"""`aftersales`: start the embedded database if needed, log in, run the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from aftersales_desktop import APP_NAME, __version__

from . import qt_libraries

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
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif qt_libraries.wants_xcb():
        missing = qt_libraries.missing_xcb_libraries()
        if missing:  # else Qt aborts with a page about plugins
            print(qt_libraries.missing_message(missing), file=sys.stderr)
            return 1

    from PySide6.QtWidgets import QApplication

    from aftersales_desktop.core.db import forbid_database_on_thread

    from .chinese_font import ensure_chinese_font
    from .i18n import chosen_language, install_language

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    ensure_chinese_font()
    language = chosen_language()
    translated = install_language(language)
    forbid_database_on_thread(threading.main_thread())

    if args.self_check:
        return _self_check(language, translated)

    from aftersales_desktop.core.logs import setup_logging

    setup_logging()  # <user data>/logs/aftersales.log: where unexpected errors are detailed

    from .startup import Startup

    startup = Startup(demo=args.demo, data_dir=args.data_dir)
    app.setQuitOnLastWindowClosed(False)
    startup.finished.connect(app.quit)
    startup.begin()
    return int(app.exec())


def _self_check(language: str, translated: bool) -> int:
    """What CI runs against a wheel install and a bundle: what a start loads is shipped.

    Every module (screens load when their module is opened), both receipts rendered
    and rasterized for the print preview, every revision and the SQL files they
    install, the embedded server's binaries, the translations, the login window."""
    from aftersales_desktop.core.paths import i18n_dir
    from aftersales_desktop.services import self_check
    from aftersales_desktop.services.schema import head_revision

    from .i18n import install_language, tr

    modules = self_check.all_modules()
    problems = self_check.module_problems(modules)
    if not translated:
        problems.append(f"translation for {language} did not load from {i18n_dir()}")
    if not install_language("zh_CN") or tr("Log in") == "Log in":
        problems.append(f"zh_CN translation missing or empty in {i18n_dir()}")
    problems += self_check.migration_problems()
    problems += self_check.embedded_server_problems()
    problems += self_check.receipt_problems()
    problems += _preview_problems()
    try:
        from .login import LoginDialog

        dialog = LoginDialog(profiles=[])
        dialog.show()
        dialog.close()
    except Exception as exc:
        problems.append(f"the login window cannot be built: {type(exc).__name__}: {exc}")
    try:
        head = head_revision()
    except Exception:  # already reported by migration_problems
        head = "?"
    for problem in problems:
        print(f"self-check: {problem}", file=sys.stderr)
    print(f"aftersales {__version__}: self-check {'FAILED' if problems else 'ok'} "
          f"({len(modules)} modules, schema {head}, language {language})")
    return 1 if problems else 0


def _preview_problems() -> list[str]:
    """The print preview's path: a receipt's pages rasterized by pdfium into QImages."""
    try:
        from aftersales_desktop.reports.receipts import render_intake_receipt
        from aftersales_desktop.services.self_check import sample_intake

        from .frontdesk.printing import page_images

        pdf = render_intake_receipt(sample_intake(), paper="roll80")
        images = list(page_images(pdf, 72))
    except Exception as exc:
        return [f"the print preview cannot draw a receipt: {type(exc).__name__}: {exc}"]
    if len(images) != 1 or images[0].isNull():
        return ["the print preview drew no page"]
    return []
