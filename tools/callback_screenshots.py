"""The callback screens (回访, issue 13) for tools/screenshots.py, zh_CN, the demo shop:

- the due list (回访任务, F6) as the demo's callback clerk 孙丽, an overdue task selected;
- the survey dialog of a due task with a low score (服务态度 2) being recorded: saved, so
  that it says which complaint the score opened;
- the complaint queue and a complaint's dialog as the manager (tools/
  complaint_screenshots.py, which cb-ui-complaints wrote);
- the statistics (回访统计) of the last 12 months by technician, as the manager;
- the inquiry form (咨询登记) at the counter, a returning customer's question typed in;
- the customer's history (the Customers page) of a customer with a ticket, a callback
  and a complaint.

Each operator logs in on a main window of their own (dispatch_screenshots._window); the
demo's callbacks (services/demo_callbacks.py) are what the screens show.
"""

from __future__ import annotations

import threading
from typing import Any

from dispatch_screenshots import Save, Wait, _close, _window, settled
from PySide6.QtWidgets import QApplication

from aftersales_desktop.core.db import forbid_database_on_thread
from aftersales_desktop.services import demo
from aftersales_desktop.services.session import close_session, open_session

CLERK, MANAGER, COUNTER = "sunli", "chenjie", "zhangmin"
SHOWN = ("callback_due", "callback_stats", "inquiry", "customers")


def _customer_with_history(profile: Any) -> int | None:
    """A customer with a ticket, a callback and a complaint (the history's kinds)."""
    database, _session = open_session(profile, "admin", demo.DEMO_PASSWORD)
    try:
        with database.read() as conn:
            found = conn.exec_driver_sql(
                "SELECT c.customer_id FROM app.complaint c WHERE c.ticket_id IS NOT NULL "
                "AND EXISTS (SELECT FROM app.callback_task k WHERE k.customer_id = "
                "c.customer_id) ORDER BY c.id LIMIT 1").scalar()
    finally:
        close_session(database)
    return int(found) if found is not None else None


def shoot_due_list(app: QApplication, profile: Any, modules: dict[str, Any], save: Save,
                   wait: Wait) -> None:
    """The clerk's due list, then the survey of a due task with a low score, saved."""
    window = _window(app, profile, CLERK)
    try:
        page = window.open_module(modules["callback_due"])
        wait(app, lambda: page.loaded_once and settled())
        tree = page.tasks
        # an overdue task of a technician's job (its survey shows the work report)
        target = None
        for group in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(group)
            for index in range(top.childCount()):
                item = top.child(index)
                tree.setCurrentItem(item)
                task = page.selected_task()
                if task and task.get("ticket_id") and task.get("technician") \
                        and not task.get("call_back_at"):
                    target = item
                    break
            if target is not None:
                break
        app.processEvents()
        save(window, "callback-due")
        if target is None:
            return
        dialog = page.open_survey()
        wait(app, lambda: dialog is not None and dialog.data is not None and settled())
        assert dialog is not None
        codes = {int(q["id"]): str(q.get("code") or "") for q in dialog.data["questions"]}
        for question_id, score_row in dialog.score_rows.items():
            score_row.set_score({"attitude": 2, "timeliness": 4, "overall": 3}.get(
                codes.get(question_id, ""), 4))
        dialog.usage.setText("修好后使用正常")
        dialog.suggestion.setText("师傅上门时说话不耐烦，希望改进服务态度")
        dialog.notes.setPlainText("客户对维修质量满意，对服务态度不满")
        dialog.save()
        wait(app, lambda: dialog.complaint is not None and settled())
        app.processEvents()
        save(dialog, "dialog-survey")
        dialog.reject()
        app.processEvents()
    finally:
        _close(window)


def shoot_statistics(app: QApplication, profile: Any, modules: dict[str, Any], save: Save,
                     wait: Wait) -> None:
    window = _window(app, profile, MANAGER)
    try:
        page = window.open_module(modules["callback_stats"])
        wait(app, lambda: getattr(page, "answer", None) is not None and settled())
        app.processEvents()
        save(window, "callback-stats")
    finally:
        _close(window)


def shoot_inquiry(app: QApplication, profile: Any, modules: dict[str, Any], save: Save,
                  wait: Wait) -> None:
    """The counter's inquiry form: a returning customer found by phone, the question and
    the answer typed in (not saved)."""
    window = _window(app, profile, COUNTER)
    try:
        page = window.open_module(modules["inquiry"])
        page.search.setText("138")
        page.lookup.look_up()
        wait(app, lambda: page.lookup.has_matches())
        page.matches.itemActivated.emit(page.matches.item(0))
        app.processEvents()
        page.topic.setCurrentIndex(page.topic.findData("part"))
        page.product.setText("格力空调")
        page.question.setPlainText("空调遥控器丢了，有没有原装遥控器卖？")
        page.answer.setPlainText("原装遥控器 45 元，现有库存，可以来店自取或预订")
        app.processEvents()
        save(window, "dialog-inquiry")
        page.clear()
    finally:
        _close(window)


def shoot_history(app: QApplication, profile: Any, modules: dict[str, Any], save: Save,
                  wait: Wait, customer: int) -> None:
    window = _window(app, profile, MANAGER)
    try:
        page = window.open_module(modules["customers"])
        wait(app, lambda: page.isEnabled() and settled())
        page.load(customer)
        wait(app, lambda: page.record is not None and settled())
        panel = page.history_panel
        wait(app, lambda: panel.table.rowCount() > 0 and settled())
        app.processEvents()
        save(window, "customer-history")
    finally:
        _close(window)


def shoot_callbacks(app: QApplication, profile: Any, save: Save, wait: Wait,
                    superuser_dsn: str | None = None) -> None:
    from aftersales_desktop.ui.modules import MODULES

    modules = {m.key: m for m in MODULES}
    missing = [key for key in SHOWN if key not in modules]
    if missing:
        print(f"no callback screenshots of {', '.join(missing)}: no such module here")
    forbid_database_on_thread(None)
    customer = _customer_with_history(profile)
    forbid_database_on_thread(threading.main_thread())
    if "callback_due" in modules:
        shoot_due_list(app, profile, modules, save, wait)
    try:
        from complaint_screenshots import shoot_complaints
    except ImportError:
        print("no complaint screenshots: tools/complaint_screenshots.py is not here")
    else:
        shoot_complaints(app, profile, save, wait, superuser_dsn)
    if "callback_stats" in modules:
        shoot_statistics(app, profile, modules, save, wait)
    if "inquiry" in modules:
        shoot_inquiry(app, profile, modules, save, wait)
    if customer is not None:
        shoot_history(app, profile, modules, save, wait, customer)
