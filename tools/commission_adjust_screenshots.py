"""Rewards and penalties by hand and a job's shares (奖惩登记, 分成; issue 14) for
tools/screenshots.py, zh_CN, the demo shop (services/demo_commissions.py: a penalty
approved by another person, a reward waiting):

- commission-adjustments: the manager's 奖惩登记, every proposal, with the proposal
  dialog open over it (an item chosen: its amount filled in);
- job-shares: the review queue's 分成 of a finished job, split evenly between its
  technician and a second one.

Alone (only these two): `QT_QPA_PLATFORM=offscreen python tools/commission_adjust_screenshots.py
--out DIR`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code

from dispatch_screenshots import MANAGER, Save, Wait, _close, _window, settled
from PySide6.QtWidgets import QApplication


def shoot_adjustments(app: QApplication, profile: Any, modules: dict[str, Any], save: Save,
                      wait: Wait) -> None:
    window = _window(app, profile, MANAGER)
    try:
        page = window.open_module(modules["commission_adjustments"])
        wait(app, lambda: page.loaded_once and settled())
        page.set_view("all")
        wait(app, lambda: page.loaded_once and settled())
        dialog = page.propose()
        wait(app, lambda: dialog.loaded and settled())
        for index in range(dialog.item.count()):
            if dialog.item.itemData(index) is not None and "-" in dialog.item.itemText(index):
                dialog.item.setCurrentIndex(index)  # a penalty item: its amount filled in
                break
        dialog.reason.setText("上门迟到，客户投诉")
        dialog.move(window.geometry().center() - dialog.rect().center())
        app.processEvents()
        save(window, "commission-adjustments")
        save(dialog, "commission-propose")
        dialog.reject()
    finally:
        _close(window)


def shoot_shares(app: QApplication, profile: Any, modules: dict[str, Any], save: Save,
                 wait: Wait) -> None:
    window = _window(app, profile, MANAGER)
    try:
        queue = window.open_module(modules["review_queue"])
        wait(app, lambda: queue.loaded_once and settled())
        if not queue.rows or not queue.shares_button.isEnabled():
            print("no finished job to share in the demo: job-shares not written")
            return
        queue.shares_button.click()
        dialog = queue.shares_dialog
        wait(app, lambda: dialog is not None and dialog.job is not None and settled())
        assert dialog is not None
        if len(dialog.technicians) > 1:
            dialog.add_row()
            dialog.split_evenly()
        app.processEvents()
        save(dialog, "job-shares")
        dialog.reject()
    finally:
        _close(window)


def shoot_commission_adjustments(app: QApplication, profile: Any, save: Save,
                                 wait: Wait) -> None:
    from aftersales_desktop.ui.modules import MODULES

    modules = {m.key: m for m in MODULES}
    shoot_adjustments(app, profile, modules, save, wait)
    shoot_shares(app, profile, modules, save, wait)


def main() -> int:
    """These shots alone, from a new demo shop (as tools/screenshots.py sets it up)."""
    import screenshots

    return screenshots.shoot_alone(shoot_commission_adjustments)


if __name__ == "__main__":
    raise SystemExit(main())
