"""提成设置 (issue 14) for tools/screenshots.py, zh_CN, the demo shop
(services/demo_commissions.py: rules for every service mode and work type, grade
factors, the seeded hours scheme):

- commission-settings: the manager's 提成规则 tab, a demo rule shown (its example and
  how many lines use it);
- commission-hours-scheme: the 工时方案 tab, the seeded scheme;
- staff-pay: 部门和员工 with an employee's pay fields (the form scrolls at 760 pixels).

Alone (only these two): `QT_QPA_PLATFORM=offscreen python
tools/commission_settings_screenshots.py --out DIR`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code

from dispatch_screenshots import MANAGER, Save, Wait, _close, _window, settled
from PySide6.QtWidgets import QApplication


def _first_row(app: QApplication, editor: Any, wait: Wait) -> None:
    model = editor.list.model
    wait(app, lambda: not model.is_loading and settled())
    if model.rowCount():
        editor.load(model.key_at(0))
        wait(app, lambda: editor.record is not None and settled())


def shoot_commission_settings(app: QApplication, profile: Any, save: Save,
                              wait: Wait) -> None:
    from aftersales_desktop.ui.modules import MODULES

    modules = {m.key: m for m in MODULES}
    window = _window(app, profile, MANAGER)
    try:
        page = window.open_module(modules["commission_settings"])
        wait(app, lambda: page.is_ready() and settled())
        _first_row(app, page.rules, wait)
        save(window, "commission-settings")
        page.tabs.setCurrentWidget(page.hours_rules)
        _first_row(app, page.hours_rules, wait)
        save(window, "commission-hours-scheme")
        staff = window.open_module(modules["staff"])
        _first_row(app, staff, wait)
        save(window, "staff-pay")
    finally:
        _close(window)


def main() -> int:
    """These shots alone, from a new demo shop (as tools/screenshots.py sets it up)."""
    import screenshots

    return screenshots.shoot_alone(shoot_commission_settings)


if __name__ == "__main__":
    raise SystemExit(main())
