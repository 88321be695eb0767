"""Chinese in the windows on a machine without a Chinese font.

Qt draws with the system's fonts; a Linux desktop without fonts-noto-cjk or
WenQuanYi shows every Chinese label as boxes. The receipts' font
(resources/fonts, see reports/fonts.py) is then added to the application's fonts,
where Qt's fallback finds it for every Chinese character.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from aftersales_desktop.reports.fonts import BUNDLED_BOLD, BUNDLED_REGULAR, bundled_font_dir

log = logging.getLogger(__name__)


def has_chinese_font() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def ensure_chinese_font() -> bool:
    """Add the shipped font when no family can write Simplified Chinese; True if one can."""
    if has_chinese_font():
        return True
    for name in (BUNDLED_REGULAR, BUNDLED_BOLD):
        if QFontDatabase.addApplicationFont(str(bundled_font_dir() / name)) < 0:
            log.warning("could not load %s", bundled_font_dir() / name)
    return has_chinese_font()
