"""The complaint screens for the screenshot scripts (tools/screenshots.py, or the callback
one that calls it): the queue (投诉处理) and a complaint's dialog as the demo's manager,
and 登记投诉 for a phone call as the demo's counter clerk.

The demo shop's complaints are what the screens show; where the demo has none yet, a few
are opened first through app.complaint_open (the counter's, about its latest tickets),
one of them past its deadline so that the queue shows an escalation.

    shoot_complaints(app, profile, save, wait)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from dispatch_screenshots import _close, _window  # the same desks, logins and size
from PySide6.QtWidgets import QApplication, QWidget

from aftersales_desktop.core.db import forbid_database_on_thread
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.services import demo
from aftersales_desktop.services.session import close_session, open_session

Save = Callable[[QWidget, str], None]
Wait = Callable[..., None]
MANAGER, COUNTER = "chenjie", "zhangmin"
SHOWN = ("complaints", "complaint_phone")
# (severity, summary) of the complaints opened when the demo has none
STAND_INS = (("critical", "上门师傅态度恶劣, 要求换人"), ("high", "维修后仍不制冷, 第二次返修"),
             ("normal", "配件价格比报价高"), ("low", "发票迟迟未开"))


def complaint_setup(profile: Any, superuser_dsn: str | None = None) -> None:
    """A few open complaints when the demo has none (the counter's, about its latest
    tickets), the manager handling the first; with `superuser_dsn` the first is put past
    its deadline (no operator may), which the queue escalates when it reads."""
    from aftersales_desktop.services.callbacks import complaints

    manager, _session = open_session(profile, MANAGER, demo.DEMO_PASSWORD)
    try:
        with manager.read() as conn:
            if complaints.queue(conn, complaints.QueueFilters(view="all", limit=1))["total"]:
                return
    finally:
        close_session(manager)
    counter, _session = open_session(profile, COUNTER, demo.DEMO_PASSWORD)
    try:
        with counter.read() as conn:
            tickets = conn.exec_driver_sql(
                "SELECT id, customer_id FROM app.ticket ORDER BY id DESC LIMIT 4").all()
            opened = [complaints.open_complaint(
                conn, customer_id=int(customer), ticket_id=int(ticket), source="counter",
                severity=severity, summary=summary)
                for (ticket, customer), (severity, summary) in zip(tickets, STAND_INS,
                                                                   strict=False)]
    finally:
        close_session(counter)
    if not opened:
        return
    first = int(opened[0]["complaint_id"])
    manager, _session = open_session(profile, MANAGER, demo.DEMO_PASSWORD)
    try:
        with manager.read() as conn:
            found = complaints.get(conn, first)
            assert found is not None
            complaints.act(conn, complaint_id=first, version=int(found["complaint"]["version"]),
                           action="start")
    finally:
        close_session(manager)
    if superuser_dsn:
        import psycopg2

        with psycopg2.connect(superuser_dsn) as conn, conn.cursor() as cur:
            cur.execute("UPDATE app.complaint SET deadline_at = now() - interval '3 hours' "
                        "WHERE id = %s", (first,))


def shoot_queue(app: QApplication, profile: Any, modules: dict[str, Any], save: Save,
                wait: Wait) -> None:
    window = _window(app, profile, MANAGER)
    try:
        page = window.open_module(modules["complaints"])
        wait(app, lambda: page.loaded_once and running_tasks() == 0)
        save(window, "complaint-queue")
        if not page.rows:
            return
        dialog = page.open_complaint(int(page.rows[0]["id"]))
        wait(app, lambda: dialog.loaded_once and running_tasks() == 0)
        dialog.resize(960, 700)
        save(dialog, "dialog-complaint")
        dialog.close()
    finally:
        _close(window)


def shoot_phone(app: QApplication, profile: Any, modules: dict[str, Any], save: Save,
                wait: Wait) -> None:
    window = _window(app, profile, COUNTER)
    try:
        page = window.open_module(modules["complaint_phone"])
        lookup = page.form.lookup
        lookup.search.setText("138")  # a phone prefix: several returning customers
        lookup.look_up()
        wait(app, lambda: lookup.has_matches() and running_tasks() == 0)
        lookup.matches.itemActivated.emit(lookup.matches.item(0))
        page.form.severity.setCurrentIndex(page.form.severity.findData("high"))
        page.form.summary.setText("师傅上门迟到两小时, 未提前电话")
        page.form.details.setPlainText("客户要求主管回电")
        app.processEvents()
        save(window, "complaint-phone")
        page.form.clear()
    finally:
        _close(window)


def shoot_complaints(app: QApplication, profile: Any, save: Save, wait: Wait,
                     superuser_dsn: str | None = None) -> None:
    from aftersales_desktop.ui.modules import MODULES

    modules = {m.key: m for m in MODULES}
    missing = [key for key in SHOWN if key not in modules]
    if missing:
        print(f"no complaint screenshots: no module {', '.join(missing)} here")
        return
    forbid_database_on_thread(None)
    complaint_setup(profile, superuser_dsn)
    forbid_database_on_thread(threading.main_thread())
    shoot_queue(app, profile, modules, save, wait)
    shoot_phone(app, profile, modules, save, wait)
