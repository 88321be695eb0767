"""The change-log viewer shows who changed what; menus follow position templates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from aftersales_desktop.services.session import close_session, open_session
from aftersales_desktop.ui.admin.change_log import ChangeLogPage
from aftersales_desktop.ui.admin.operators import OperatorsPage
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.main_window import MainWindow
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import off_gui


def test_update_appears_in_change_log_viewer(qtbot: QtBot, cluster: TestCluster) -> None:
    install_language("en")
    db = cluster.create_database()  # its own log, so the newest entry is ours
    manager = cluster.create_operator(db, template="administrator")
    clerk = cluster.create_operator(db, capabilities=["masterdata.edit"])
    cluster.execute(db, "INSERT INTO app.customer (code, name) VALUES ('C-001', '王先生')")
    conn_kwargs = cluster.profile(db).connect_kwargs(clerk, TEST_PASSWORD)

    def edit_as_clerk() -> None:
        import psycopg2

        conn = psycopg2.connect(**conn_kwargs)
        with conn, conn.cursor() as cur:
            cur.execute("UPDATE app.customer SET name = '王建国' WHERE code = 'C-001'")
        conn.close()

    off_gui(qtbot, edit_as_clerk)
    database, session = off_gui(qtbot, lambda: open_session(cluster.profile(db), manager,
                                                           TEST_PASSWORD))
    try:
        window = MainWindow(database, session)
        qtbot.addWidget(window)
        window.show()
        window.module_actions["change_log"].trigger()
        page = window.tabs.currentWidget()
        assert isinstance(page, ChangeLogPage)
        model = page.list.model
        qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=20_000)
        # the newest entry first: the clerk's update of the customer's name
        page.list.table.setCurrentIndex(model.index(0, 0))
        qtbot.waitUntil(lambda: page.entry is not None, timeout=20_000)
        entry = page.entry
        assert entry is not None
        assert (entry.operator, entry.table_name, entry.action) == (clerk, "app.customer",
                                                                     "update")
        assert entry.fields == [("name", "王先生", "王建国")]
        assert page.fields.item(0, 0).text() == "Name"
        assert page.fields.item(0, 1).text() == "王先生"
        assert page.fields.item(0, 2).text() == "王建国"
        row = [model.data(model.index(0, c), Qt.ItemDataRole.DisplayRole)
               for c in range(model.columnCount())]
        assert clerk in row and "Customer" in row and "Changed" in row and "name" in row
        # the changed fields read by their labels, as in the detail pane
        column = model.source.index_of("changed")
        option = QStyleOptionViewItem()
        page.list.table.itemDelegateForColumn(column).initStyleOption(
            option, model.index(0, column))
        assert option.text == "Name"
        assert not page.open_button.isEnabled()  # customers have no screen yet

        # an operator change opens the operator in the administration screen
        page.list.filter_edit.setText(manager)
        qtbot.waitUntil(lambda: model.rowCount() > 0 and all(
            manager in str(model.row_values(r)) for r in range(model.rowCount())),
            timeout=20_000)
        for r in range(model.rowCount()):
            if model.row_values(r)[model.source.index_of("table_name")] == "app.operator":
                page.list.table.setCurrentIndex(model.index(r, 0))
                break
        qtbot.waitUntil(lambda: page.entry is not None and
                        page.entry.table_name == "app.operator", timeout=20_000)
        assert page.open_button.isEnabled()
        page.open_current()
        opened = window.tabs.currentWidget()
        assert isinstance(opened, OperatorsPage)
        qtbot.waitUntil(lambda: opened.details is not None and
                        opened.details.code == manager, timeout=20_000)
    finally:
        off_gui(qtbot, lambda: close_session(database))


MASTER_DATA = {"customers", "catalogue", "warehouses",
               "staff", "regions", "service_settings", "dictionaries"}
STOCK = {"stock_balances", "stock_documents", "stock_valuation"}
DISPATCH_LISTS = {"dispatches", "work_reports"}
COMPLAINTS = {"complaints", "complaint_phone"}  # the queue; opening one by hand
# the front desk's inquiries (咨询登记, 咨询记录): the counter and callback staff log them
INQUIRIES = {"inquiry", "inquiries"}
# the callback readers' screens (callback.record, complaint.handle or reports.view)
CALLBACKS = {"callback_due", "surveys", "callback_task_list", "callback_stats"}
# commissions (issue 14): one's own statement (commission.view_own: the counter and the
# technicians); the month, the rewards and penalties and the rules for the managers
MY_COMMISSION = {"my_commission"}
COMMISSIONS = {"commission_month", "commission_adjustments", "commission_settings"}
EVERYTHING = ({"operators", "change_log", "login_history", "intake", "tickets", "preorders",
               "front_desk_settings", "requisitions", "dispatch_board"} | MASTER_DATA | STOCK
              | DISPATCH_LISTS | INQUIRIES)


@pytest.mark.parametrize(("template", "expected"), [
    ("counter", {"customers", "intake", "tickets", "preorders", "complaint_phone"}
     | INQUIRIES | MY_COMMISSION),
    # the list of inquiries only (reports.view)
    ("dispatcher", {"customers", "tickets", "preorders", "dispatch_board", "complaints",
                    "inquiries"}
     | DISPATCH_LISTS | CALLBACKS),
    ("technician", {"catalogue", "stock_balances", "requisitions", "my_jobs"} | MY_COMMISSION),
    ("manager", EVERYTHING | {"stocktake", "opening_stock", "review_queue",
                              "dealer_import", "callback_settings"} | COMPLAINTS | CALLBACKS
     | COMMISSIONS),
    ("administrator", EVERYTHING | {"stocktake", "opening_stock", "review_queue", "my_jobs",
                                    "dealer_import", "callback_settings"}
     | COMPLAINTS | CALLBACKS | COMMISSIONS | MY_COMMISSION),
])
def test_menus_follow_position_templates(qtbot: QtBot, cluster: TestCluster, shop_db: str,
                                         template: str, expected: set[str]) -> None:
    install_language("en")
    code = cluster.create_operator(shop_db, template=template)
    database, session = off_gui(qtbot, lambda: open_session(cluster.profile(shop_db), code,
                                                           TEST_PASSWORD))
    try:
        window = MainWindow(database, session)
        qtbot.addWidget(window)
        assert set(window.module_actions) == expected
        toolbar = {a.objectName() for a in window.toolbar.actions() if a.objectName()}
        on_toolbar = {"operators", "change_log", "login_history", "customers", "catalogue",
                      "intake", "tickets", "stock_balances", "stock_documents",
                      "dispatch_board", "my_jobs", "review_queue", "callback_due",
                      "commission_month"}
        if session.can("complaint.handle"):  # the others read the queue from the menu
            on_toolbar.add("complaints")
        assert toolbar == {f"module_{key}" for key in expected & on_toolbar}
        system = {"operators", "change_log", "login_history", "staff", "regions",
                  "service_settings", "dictionaries"}
        assert ("&System" in [a.text() for a in window.menuBar().actions()]) == bool(
            expected & system)
    finally:
        off_gui(qtbot, lambda: close_session(database))


def test_refusal_seen_by_the_client_is_recorded(qtbot: QtBot, cluster: TestCluster,
                                                shop_db: str) -> None:
    from aftersales_desktop.data.lists import LOGIN_HISTORY

    install_language("en")
    code = cluster.create_operator(shop_db, capabilities=["intake.create"])
    database, session = off_gui(qtbot, lambda: open_session(cluster.profile(shop_db), code,
                                                           TEST_PASSWORD))
    try:
        window = MainWindow(database, session)
        qtbot.addWidget(window)
        view = window.make_list(LOGIN_HISTORY)  # a list this operator may not read
        window.tabs.addTab(view, "x")
        qtbot.waitUntil(lambda: view.model.error is not None, timeout=20_000)
        qtbot.waitUntil(lambda: bool(cluster.execute(
            shop_db, "SELECT detail FROM audit.login_event WHERE operator = %s "
                     "AND event = 'denied'", (code,))), timeout=20_000)
    finally:
        off_gui(qtbot, lambda: close_session(database))


def test_every_audited_table_and_column_has_a_chinese_name(cluster: TestCluster,
                                                           shop_db: str) -> None:
    """The log names what changed as the screens do; a new audited table or column fails
    here until it has a label (and the label a translation)."""
    from aftersales_desktop.domain.audit_labels import TABLE_LABELS, field_label
    from aftersales_desktop.ui.i18n import tr

    audited = cluster.execute(shop_db, """
        SELECT n.nspname || '.' || c.relname, a.attname
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE t.tgname = 'audit_change' ORDER BY 1, a.attnum""")
    assert len({table for table, _column in audited}) >= 40
    install_language("zh_CN")
    try:
        unnamed = sorted({table for table, _c in audited if table not in TABLE_LABELS}
                         | {f"{table}.{column}" for table, column in audited
                            if field_label(table, column) is None})
        assert unnamed == []
        labels = {TABLE_LABELS[table] for table, _c in audited} | {
            field_label(table, column) or "" for table, column in audited}
        untranslated = sorted(label for label in labels if tr(label) == label)
        assert untranslated == []
    finally:
        install_language("en")


def test_the_change_log_reads_like_the_screens(qtbot: QtBot, cluster: TestCluster,
                                              shop_db: str) -> None:
    from datetime import UTC, datetime

    from aftersales_desktop.data.audit_lists import ChangeEntry
    from tests.ui.helpers import logged_in

    login = logged_in(qtbot, cluster, shop_db, ["log.view"])
    database, _session = next(login)
    install_language("zh_CN")
    try:
        page = ChangeLogPage(database, exportable=False)
        qtbot.addWidget(page)
        page.show_entry(ChangeEntry(
            id=1, at=datetime(2026, 12, 1, 11, 50, tzinfo=UTC), operator="zhangmin",
            table_name="app.ticket", record_key="17", action="update",
            fields=[("status", "in_repair", "ready"), ("fee_total", 0, 120.5),
                    ("urgent", False, True), ("location_kind", "shelf", "customer"),
                    ("by_operator", None, "zhangmin")]))
        rows = [[page.fields.item(r, c).text() for c in range(3)]
                for r in range(page.fields.rowCount())]
        assert rows == [["状态", "修理中", "待取"], ["费用", "¥0.00", "¥120.50"],
                        ["加急", "否", "是"], ["机器位置", "前台货架", "已交还客户"],
                        ["操作员", "（空）", "zhangmin"]]
        assert "修改维修单17" in page.heading.text().replace(" ", "")
        qtbot.waitUntil(lambda: not page.list.model.is_loading, timeout=20_000)
    finally:
        install_language("en")
        next(login, None)
