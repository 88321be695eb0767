"""Render the main screens (zh_CN) to docs/screenshots/ from a throw-away demo shop.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py

A font file named in AFTERSALES_SCREENSHOT_FONT (e.g. wqy-microhei.ttc taken out of its
.deb) is used first; else a Chinese system font, else the shipped one (resources/fonts),
as the client does. `--out DIR` writes elsewhere (to compare before and after a change).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

from callback_screenshots import shoot_callbacks
from commission_adjust_screenshots import shoot_commission_adjustments
from commission_month_screenshots import shoot_commission_month
from commission_settings_screenshots import shoot_commission_settings
from dispatch_screenshots import shoot_dispatch
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from aftersales_desktop import APP_NAME
from aftersales_desktop.core.db import forbid_database_on_thread
from aftersales_desktop.core.errors import WrongPassword
from aftersales_desktop.server import provision
from aftersales_desktop.server.embedded import EmbeddedServer
from aftersales_desktop.services import demo
from aftersales_desktop.services.session import close_session, open_session

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
if "--out" in sys.argv:
    OUT = Path(sys.argv[sys.argv.index("--out") + 1]).resolve()


def wait(app: QApplication, condition, timeout_ms: int = 20_000) -> None:  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("screen did not settle")
        app.processEvents()
        time.sleep(0.02)


def save(widget: QWidget, name: str) -> None:
    import time

    for _ in range(5):  # nested layouts settle over a few rounds of events
        QApplication.processEvents()
        time.sleep(0.02)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")


def screenshot_font() -> str:
    """The family to render with: the font file named in AFTERSALES_SCREENSHOT_FONT, else a
    family that writes Chinese (the shipped font added when the machine has none)."""
    from aftersales_desktop.ui.chinese_font import ensure_chinese_font

    path = os.environ.get("AFTERSALES_SCREENSHOT_FONT")
    if path:
        families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(path))
        if families:
            return families[0]
        print(f"cannot load the font {path}", file=sys.stderr)
    ensure_chinese_font()
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return chinese[0] if chinese else "Noto Sans CJK SC"


def shoot_dialogs(app: QApplication, page: Any, database: Any) -> None:
    """The counter's small dialogs, as the ticket tab and the pre-order list open them."""
    from decimal import Decimal

    from aftersales_desktop.ui.frontdesk.dialogs import NoticeDialog, QuoteDialog, SettleDialog
    from aftersales_desktop.ui.frontdesk.preorders import HandOverDialog, PreorderDialog
    from aftersales_desktop.ui.password_dialog import ChangePasswordDialog

    password = ChangePasswordDialog(database)
    password.new_edit.setText("abc")
    password.confirm_edit.setText("abc")
    settle = SettleDialog(page.detail)
    settle.discount.setText("20.00")  # no reason given (a minus cannot be typed)
    for name, dialog in (("dialog-settle", settle), ("dialog-quote", QuoteDialog(
            page.detail["ticket"]["number"])), ("dialog-notice", NoticeDialog(page.detail)),
            ("dialog-preorder", PreorderDialog(database)),
            ("dialog-hand-over", HandOverDialog(Decimal("25"))),
            ("dialog-password", password)):
        dialog.show()
        app.processEvents()
        if dialog is settle:
            settle.accept()  # refused: the error at its field, red
        elif dialog is password:
            password.submit()  # too short: refused before it reaches the server
        app.processEvents()
        save(dialog, name)
        dialog.close()


def stock_setup(superuser_dsn: str, database: Any) -> dict[str, Any]:
    """A morning's stock in the demo shop: minimum stocks and barcodes on a few parts
    (as the owner would set them), then receipts, an issue and a transfer posted through
    the stock services, so the balances, a stock card and the document list have rows."""
    import uuid
    from decimal import Decimal

    import psycopg2

    from aftersales_desktop.domain.documents import Document, DocumentLine, Submission
    from aftersales_desktop.services.stock import documents

    conn = psycopg2.connect(superuser_dsn)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT id, code, name, unit FROM app.item WHERE kind = 'part' "
                    "ORDER BY code LIMIT 8")
        parts = cur.fetchall()
        cur.execute("SELECT id, type FROM app.warehouse")
        stores = {kind: wid for wid, kind in cur.fetchall()}
        for n, (item_id, *_rest) in enumerate(parts):
            cur.execute("UPDATE app.item SET min_stock = %s, barcode = coalesce(barcode, %s) "
                        "WHERE id = %s", (Decimal(4 + n % 3 * 3), f"69200000{n:05d}", item_id))
    conn.close()

    def line(item: Any, quantity: str, cost: str | None = None) -> DocumentLine:
        values = {"code": item[1], "name": item[2], "unit": item[3],
                  "quantity": Decimal(quantity)}
        if cost is not None:
            values["price"] = Decimal(cost)
        return DocumentLine(values, item_id=item[0])

    def post(kind: str, header: dict[str, Any], lines: list[DocumentLine]) -> Document:
        document = Document(kind, header, tuple(lines))
        with database.read() as c:
            return documents.post_document(c, Submission(document, "post", str(uuid.uuid4())))

    parts_store = stores["parts"]
    costs = ("1850", "65", "38.5", "12.8", "420", "26", "9.9", "150")
    post("purchase_receipt", {"warehouse": parts_store, "supplier": "杭州格力配件经销部",
                              "remarks": "月初备货"},
         [line(p, str(10 + 4 * n), costs[n]) for n, p in enumerate(parts)])
    post("purchase_receipt", {"warehouse": parts_store, "supplier": "宁波三花制冷配件",
                              "remarks": ""},
         [line(parts[0], "4", "1910"), line(parts[2], "6", "40")])
    post("other_issue", {"warehouse": parts_store, "reason": "样机维修领用"},
         [line(parts[0], "12"), line(parts[3], "19"), line(parts[5], "24")])
    post("transfer", {"warehouse": parts_store, "to_warehouse": stores["samples"]},
         [line(parts[1], "2")])
    return {"parts": parts, "stores": stores}


def shoot_stock(app: QApplication, window: Any, database: Any, stock: dict[str, Any]) -> None:
    """Balances, a stock card, the document list and a receipt being scanned in."""
    from decimal import Decimal

    from aftersales_desktop.domain.documents import Document, DocumentLine
    from aftersales_desktop.ui.modules import MODULES
    from aftersales_desktop.ui.stock import tabs

    modules = {m.key: m for m in MODULES}
    balances = window.open_module(modules["stock_balances"])
    model = balances.list.model
    wait(app, lambda: model.rowCount() > 0 and not model.is_loading)
    balances.list.table.selectRow(model.rowCount() - 1)
    app.processEvents()
    save(window, "stock-balances")
    card = tabs.open_card(window, stock["parts"][0][0], stock["stores"]["parts"],
                          f"{stock['parts'][0][1]} {stock['parts'][0][2]} - 配件库")
    wait(app, lambda: card.list.model.rowCount() > 0 and not card.list.model.is_loading)
    app.processEvents()
    save(window, "stock-card")
    documents = window.open_module(modules["stock_documents"])
    wait(app, lambda: documents.list.model.rowCount() > 0
         and not documents.list.model.is_loading)
    app.processEvents()
    save(window, "stock-documents")
    page = tabs.open_document(window, None, "purchase_receipt")
    combo = page.editor.header.widgets["warehouse"]
    wait(app, lambda: combo.count() > 0)
    parts = stock["parts"]
    lines = tuple(DocumentLine({"code": p[1], "name": p[2], "unit": p[3],
                                "quantity": Decimal(q), "price": Decimal(c)}, item_id=p[0])
                  for p, q, c in ((parts[0], "2", "1880"), (parts[2], "10", "39.5"),
                                  (parts[4], "1", "415.25")))
    page.editor.set_document(Document("purchase_receipt", {
        "warehouse": stock["stores"]["parts"], "supplier": "杭州格力配件经销部",
        "remarks": "补货"}, lines))
    page.editor.header.widgets["remarks"].setText("补货，扫码入库")  # typing: unsaved
    page.editor.grid.go_to_new_line()
    app.processEvents()
    save(window, "stock-receipt")
    page.editor.set_document(Document("purchase_receipt", {}))  # nothing left to ask about
    # a stocktake sheet just opened for the parts store: every line's book quantity
    stocktake = window.open_module(modules["stocktake"])
    stocktake.start(warehouse_id=stock["stores"]["parts"], remarks="月末盘点")
    wait(app, lambda: bool(stocktake.editor.current.number))
    app.processEvents()
    save(window, "stocktake-sheet")


@contextlib.contextmanager
def demo_shop() -> Iterator[tuple[QApplication, EmbeddedServer]]:
    """A throw-away demo shop's server and the application, in zh_CN with the
    screenshot font; the database is forbidden on the GUI thread, as in the client."""
    from aftersales_desktop.ui.i18n import install_language

    tmp = Path(tempfile.mkdtemp(prefix="aftersales-shots-"))
    server = EmbeddedServer(tmp / "server")
    server.init()
    provision.prepare(server)
    demo.load_demo_dsn(server.superuser_dsn())

    app = QApplication([sys.argv[0]])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "cfg"))
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setFont(QFont(screenshot_font(), 10))
    install_language("zh_CN")
    forbid_database_on_thread(threading.main_thread())
    try:
        yield app, server
    finally:
        forbid_database_on_thread(None)
        server.destroy()


def shoot_alone(shoot: Callable[..., None]) -> int:
    """One module's shots alone (its tool's main): shoot(app, profile, save, wait)."""
    with demo_shop() as (app, server):
        shoot(app, server.profile("embedded"), save, wait)
    return 0


def main() -> int:
    from aftersales_desktop.ui.login import LoginDialog
    from aftersales_desktop.ui.main_window import MainWindow
    from aftersales_desktop.ui.modules import MODULES

    with demo_shop() as (app, server):
        profile = server.profile("embedded")
        login = LoginDialog(profiles=[profile], preset_code="zhangmin",
                            demo_hint="演示账号: admin / zhangmin / chenjie, 密码 demo1234")
        login.password_edit.setText("demo1234")
        login.show()
        app.processEvents()
        save(login, "login")
        login.close()

        forbid_database_on_thread(None)
        # two failed attempts, which the login history shows (read from the server log)
        for code in ("zhangmin", "zhangming"):
            with contextlib.suppress(WrongPassword):
                open_session(profile, code, "not-the-password")
        database, session = open_session(profile, "admin", demo.DEMO_PASSWORD)
        forbid_database_on_thread(threading.main_thread())
        window = MainWindow(database, session)
        window.resize(1280, 760)
        window.show()
        app.processEvents()
        save(window, "main-window")
        view = window.open_module(next(m for m in MODULES if m.key == "login_history"))
        model = getattr(view, "model", None)
        wait(app, lambda: model is not None and model.rowCount() > 0)
        QTimer.singleShot(0, lambda: None)
        app.processEvents()
        save(window, "login-history")
        modules = {m.key: m for m in MODULES}
        operators_page = window.open_module(modules["operators"])
        wait(app, lambda: operators_page.isEnabled())
        operators_page.load("zhangmin")
        wait(app, lambda: operators_page.details is not None)
        wait(app, lambda: operators_page.list.model.rowCount() > 0)
        app.processEvents()
        save(window, "operators")
        log_page = window.open_module(modules["change_log"])
        wait(app, lambda: log_page.list.model.rowCount() > 0)
        # the newest change of a repair ticket: its table, fields and values by their names
        log_page.list.set_column_filter("table_name", "维修单")
        wait(app, lambda: not log_page.list.model.is_loading
             and log_page.list.model.rowCount() > 0)
        log_model = log_page.list.model
        log_row = next((r for r in range(log_model.rowCount())
                        if log_model.row_values(r)[log_model.source.index_of("table_name")]
                        == "app.ticket" and log_model.row_values(r)[
                            log_model.source.index_of("action")] == "update"), 0)
        log_page.list.table.setCurrentIndex(log_model.index(log_row, 0))
        wait(app, lambda: log_page.entry is not None)
        app.processEvents()
        save(window, "change-log")
        customers = window.open_module(modules["customers"])
        wait(app, lambda: customers.isEnabled() and customers.list.model.rowCount() > 0)
        customers.load(customers.list.model.key_at(0))
        wait(app, lambda: customers.record is not None)
        app.processEvents()
        save(window, "customers")
        catalogue = window.open_module(modules["catalogue"])
        wait(app, lambda: catalogue.list.model.rowCount() > 0)
        catalogue.load(catalogue.list.model.key_at(0))
        wait(app, lambda: catalogue.record is not None)
        app.processEvents()
        save(window, "catalogue")
        intake = window.open_module(modules["intake"])
        wait(app, lambda: intake.context is not None)
        name_column = customers.list.model.source.index_of("name")
        intake.search.setText("138")  # a phone prefix: several returning customers
        intake._lookup()
        wait(app, lambda: intake.matches.isVisible() and intake.matches.count() > 0)
        intake.matches.setFocus()
        intake.matches.setCurrentRow(1)
        app.processEvents()
        save(window, "intake-lookup")
        intake.search.setText(str(customers.list.model.row_values(0)[name_column]))
        intake._lookup()
        wait(app, lambda: intake.matches.isVisible() and intake.matches.count() > 0
             and intake.matches.count() < 6)
        intake.matches.itemActivated.emit(intake.matches.item(0))
        intake.fault.setCurrentText("不制冷")
        intake.accessories.setCurrentText("遥控器")
        app.processEvents()
        save(window, "intake")
        tickets = window.open_module(modules["tickets"])
        wait(app, lambda: tickets.model.rowCount() > 0)
        wait(app, lambda: window.board is not None and window.board.board is not None)
        summary = tickets.summary
        assert summary is not None
        summary.set_group_by(["status", "urgent"])
        tickets.set_summary_mode(True)
        wait(app, lambda: summary.model.rowCount() > 0)
        app.processEvents()
        save(window, "ticket-summary")
        tickets.set_summary_mode(False)
        window.open_tickets_with_status("ready")  # as a click on 待取 in the board
        wait(app, lambda: tickets.model.rowCount() > 0 and not tickets.model.is_loading)
        app.processEvents()
        save(window, "tickets")
        # an out-of-warranty repair, ready: a quote, a notice, nothing paid yet
        tickets.header.editor("warranty_class").setText("保外")
        tickets.header.apply_now()
        wait(app, lambda: not tickets.model.is_loading)
        if tickets.model.rowCount() == 0:
            window.open_tickets_with_status("ready")
            wait(app, lambda: tickets.model.rowCount() > 0 and not tickets.model.is_loading)
        page = window.open_ticket(int(tickets.model.key_at(0)))
        wait(app, lambda: page.detail is not None)
        app.processEvents()
        save(window, "ticket")
        shoot_dialogs(app, page, database)
        window.open_tickets_with_status("picked_up")
        wait(app, lambda: tickets.model.rowCount() > 0 and not tickets.model.is_loading)
        settled = window.open_ticket(int(tickets.model.key_at(0)))
        wait(app, lambda: settled.detail is not None)
        settled.sections.setCurrentWidget(settled.section_widgets["fees"])
        app.processEvents()
        save(window, "ticket-settled")
        forbid_database_on_thread(None)
        stock = stock_setup(server.superuser_dsn(), database)
        forbid_database_on_thread(threading.main_thread())
        shoot_stock(app, window, database, stock)
        intake.clear()  # else closing asks about its unsaved form
        window.monitor.stop()
        forbid_database_on_thread(None)
        close_session(database)
        window.close()
        forbid_database_on_thread(threading.main_thread())
        shoot_dispatch(app, profile, save, wait)
        shoot_callbacks(app, profile, save, wait, server.superuser_dsn())
        shoot_commission_month(app, profile, save, wait)
        shoot_commission_adjustments(app, profile, save, wait)
        shoot_commission_settings(app, profile, save, wait)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
