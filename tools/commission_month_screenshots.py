"""The month's commission screens (月度结算, 我的提成; issue 14) for tools/screenshots.py,
zh_CN, the demo shop (services/demo_commissions.py: last month run, confirmed and
settled; the current month with draft lines):

- commission-month: the manager's 月度结算 of the current month after 计算本月, a
  technician with lines chosen, his statement under the list;
- commission-statement-view: that statement view on its own (header, totals, lines with
  their ticket numbers);
- my-commission: the technician's own statement of last month (settled), as he sees it.
"""

from __future__ import annotations

from typing import Any

from dispatch_screenshots import MANAGER, TECHNICIAN, Save, Wait, _close, _window, settled
from PySide6.QtWidgets import QApplication


def _choose_payee_with_lines(page: Any) -> bool:
    """The first employee whose statement has lines (a technician's, not a wage only)."""
    for row in page.rows:
        if row.get("payee_kind") == "employee" and int(row.get("line_count") or 0) > 0:
            return bool(page.select_payee(str(row["payee_name"])))
    return False


def shoot_month(app: QApplication, profile: Any, modules: dict[str, Any], save: Save,
                wait: Wait) -> None:
    window = _window(app, profile, MANAGER)
    try:
        page = window.open_module(modules["commission_month"])
        wait(app, lambda: page.loaded_once and settled())
        if page.run_month():
            wait(app, lambda: page.run is None and settled(), 120_000)
        wait(app, lambda: bool(page.rows) and settled())
        if _choose_payee_with_lines(page):
            wait(app, lambda: page.view.statement() is not None and settled())
        app.processEvents()
        save(window, "commission-month")
        # the statement on its own, with room for its lines
        page.split.setSizes([160, 600])
        app.processEvents()
        save(page.view, "commission-statement-view")
    finally:
        _close(window)


def shoot_own(app: QApplication, profile: Any, modules: dict[str, Any], save: Save,
              wait: Wait) -> None:
    window = _window(app, profile, TECHNICIAN)
    try:
        page = window.open_module(modules["my_commission"])
        wait(app, lambda: page.loaded_once and settled())
        # last month: settled in the demo
        if page.month.count() > 1:
            page.month.setCurrentIndex(1)
            wait(app, lambda: page.view.statement() is not None and settled())
        app.processEvents()
        save(window, "my-commission")
    finally:
        _close(window)


def shoot_commission_month(app: QApplication, profile: Any, save: Save, wait: Wait) -> None:
    from aftersales_desktop.ui.modules import MODULES

    modules = {m.key: m for m in MODULES}
    shoot_month(app, profile, modules, save, wait)
    shoot_own(app, profile, modules, save, wait)
