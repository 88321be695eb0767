"""The counter screens as a Chinese shop uses them (issue 10, "the counter screens in
Chinese"): no English left on them, the right word for each meaning, numbers read as
what they are, errors red and gone when fixed, the customer lookup by keyboard, a search
over every ticket, the ticket tab as the job's home, dialogs wide enough to read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.db import Database
from aftersales_desktop.services.frontdesk import queries, settlement
from aftersales_desktop.services.session import OperatorSession, close_session, open_session
from aftersales_desktop.ui.forms import ERROR_STYLE, OK_STYLE
from aftersales_desktop.ui.frontdesk.dialogs import NoticeDialog, SettleDialog
from aftersales_desktop.ui.frontdesk.intake import IntakePage
from aftersales_desktop.ui.frontdesk.ticket import TicketPage
from aftersales_desktop.ui.i18n import install_language, tr
from aftersales_desktop.ui.listview import ListView
from aftersales_desktop.ui.main_window import MainWindow
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import intake_of_device, off_gui, open_ticket, shown

pytestmark = [pytest.mark.gui, pytest.mark.db]

Login = tuple[Database, OperatorSession]
PHONE = "13957166666"
LATIN = re.compile(r"[A-Za-z]{3,}")
ENGLISH_WORD = re.compile(r"\b[a-z]{3,}\b")  # a model or serial is upper case
COUNTER = ["intake.create", "intake.edit", "notice.send", "settlement.collect",
           "contacts.view"]


@pytest.fixture(scope="module")
def counter_db(cluster: TestCluster) -> str:
    db = cluster.create_database()
    cluster.execute(db, """
        WITH c AS (INSERT INTO app.customer (code, name, address)
                   VALUES ('ZH1', '西湖张', '杭州市西湖区文三路1号') RETURNING id),
             p AS (INSERT INTO app.customer_phone (customer_id, phone, is_primary)
                   SELECT id, %s, true FROM c)
        INSERT INTO app.device (customer_id, product, brand, model, serial, purchase_date,
                                has_proof, warranty_months)
        SELECT id, '冰箱', '海尔', 'BCD-450', 'HE2026ZH1', current_date - 100, true, 36 FROM c
        """, (PHONE,))
    cluster.execute(db, """
        WITH d AS (INSERT INTO app.department (name) VALUES ('维修部') RETURNING id)
        INSERT INTO app.employee (code, name, department_id, is_technician)
        SELECT 'T01', '王师傅', id, true FROM d""")
    return db


def _login(qtbot: QtBot, cluster: TestCluster, db: str, capabilities: list[str] | None,
           language: str = "zh_CN") -> Iterator[Login]:
    install_language(language)
    code = cluster.create_operator(db, capabilities=capabilities)
    database, session = off_gui(
        qtbot, lambda: open_session(cluster.profile(db), code, TEST_PASSWORD))
    yield database, session
    off_gui(qtbot, lambda: close_session(database))
    install_language("en")


@pytest.fixture
def counter(qtbot: QtBot, cluster: TestCluster, counter_db: str) -> Iterator[Login]:
    yield from _login(qtbot, cluster, counter_db, COUNTER)


@pytest.fixture
def manager(qtbot: QtBot, cluster: TestCluster, counter_db: str) -> Iterator[Login]:
    yield from _login(qtbot, cluster, counter_db, None)


def _intake(qtbot: QtBot, login: Login, **fields: Any) -> int:
    """A ticket for the test customer's fridge, taken in through the service."""
    return intake_of_device(qtbot, login[0], "HE2026ZH1", technician_code="T01", **fields)


def _ticket(qtbot: QtBot, login: Login, ticket_id: int) -> TicketPage:
    page: TicketPage = open_ticket(qtbot, *login, ticket_id)
    return page


def _reloaded(qtbot: QtBot, page: TicketPage, action) -> None:  # type: ignore[no-untyped-def]
    before = page.detail
    action()
    qtbot.waitUntil(lambda: page.detail is not before or bool(page.message.text()),
                    timeout=20_000)
    qtbot.waitUntil(lambda: page.detail is not before, timeout=20_000)


# -- English left on the screens -------------------------------------------------------------

def test_the_units_location_reads_in_chinese(qtbot: QtBot, counter: Login) -> None:
    page = _ticket(qtbot, counter, _intake(qtbot, counter))  # no shelf given
    assert page.values["location"].text() == "前台货架"
    page = _ticket(qtbot, counter, _intake(qtbot, counter, shelf="A-07"))
    assert page.values["location"].text() == "前台货架 A-07"
    assert not ENGLISH_WORD.search(page.summary_text())


def _board_click(qtbot: QtBot, login: Login, status: str) -> tuple[MainWindow, ListView]:
    """The main window after a click on the board's `status` count: the ticket list."""
    window = shown(qtbot, MainWindow(*login))
    window.open_tickets_with_status(status)
    view = window._ticket_list()
    assert view is not None
    return window, view


def test_a_board_click_filters_by_the_status_the_operator_reads(
        qtbot: QtBot, counter: Login) -> None:
    window, view = _board_click(qtbot, counter, "ready")
    assert view.header.editor("status").text() == "待取"
    assert view.model.query().column_filters == {"status": "ready"}
    window.open_tickets_with_status("overdue")
    assert view.header.editor("overdue").text() == "是"
    assert view.header.editor("status").text() == ""


def test_the_toolbar_search_starts_from_no_filter(qtbot: QtBot, counter: Login) -> None:
    _intake(qtbot, counter)  # pending: not in the "ready" list the board click opens
    window, view = _board_click(qtbot, counter, "ready")
    window.search_box.setText("西湖张")
    window.global_search()
    assert view.header.filters() == {}
    qtbot.waitUntil(lambda: not view.model.is_loading and view.model.rowCount() > 0,
                    timeout=20_000)
    assert view.model.query().column_filters == {}


# -- one English word, two meanings ------------------------------------------------------------

def _form_labels(widget: QWidget) -> list[str]:
    labels = []
    for form in widget.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                labels.append(item.widget().text())
    return labels


def _detail(**ticket: Any) -> dict[str, Any]:
    base = {"id": 1, "number": "WX20261201-0001", "status": "ready", "version": 3,
            "warranty_class": "out_of_warranty", "rework_free": False, "settled": False,
            "customer_name": "西湖张", "brand": "海尔", "product": "冰箱",
            "promised_on": "2026-12-05", "received_on": "2026-12-01"}
    return {"ticket": {**base, **ticket}, "customer": {"phones": [PHONE]},
            "quotes": [{"id": 7, "state": "approved", "parts_amount": 120.0,
                        "labour_amount": 80, "other_amount": 0}],
            "shop": {"name": "钱塘家电维修服务部", "phone": "0571-88123456"},
            "templates": {"repaired": "{customer}您好，请到{shop}取机。电话{shop_phone}"},
            "channels": ["phone"], "today": "2026-12-03"}


def test_parts_on_a_bill_are_not_the_parts_warehouse(qtbot: QtBot) -> None:
    from aftersales_desktop.ui.frontdesk.dialogs import QuoteDialog

    install_language("zh_CN")
    try:
        settle = SettleDialog(_detail())
        qtbot.addWidget(settle)
        quote = QuoteDialog("WX20261201-0001")
        qtbot.addWidget(quote)
        for dialog in (settle, quote):
            labels = _form_labels(dialog)
            assert labels[0] == "配件费" and not [t for t in labels if "库" in t]
        settle.method.setCurrentIndex(settle.method.findData("wechat"))
        values = settle.check()
        # the line's description is what the settlement receipt prints
        assert [line.description for line in values["lines"]] == ["配件费", tr("Labour")]
        assert tr("Parts", "warehouse type") == "配件库"
    finally:
        install_language("en")


def test_the_shop_name_is_not_a_persons_name(qtbot: QtBot, manager: Login) -> None:
    from aftersales_desktop.ui.frontdesk.settings_page import FrontDeskSettingsPage

    page = FrontDeskSettingsPage(*manager)
    qtbot.addWidget(page)
    qtbot.waitUntil(page.save_button.isEnabled, timeout=20_000)
    form = page.shop_name.parentWidget().layout()
    assert isinstance(form, QFormLayout)
    label = form.labelForField(page.shop_name)
    assert isinstance(label, QLabel)
    assert label.text() == "名称 *"


# -- numbers as what they are ----------------------------------------------------------------

def test_the_settlement_dialog_shows_every_amount_with_two_decimals(qtbot: QtBot) -> None:
    dialog = SettleDialog(_detail())
    qtbot.addWidget(dialog)
    assert [dialog.parts.text(), dialog.labour.text(), dialog.other.text(),
            dialog.discount.text()] == ["120.00", "80.00", "0.00", "0.00"]


def test_fee_quantities_read_as_numbers(qtbot: QtBot, counter: Login) -> None:
    from aftersales_desktop.domain.fees import FeeLine

    ticket_id = _intake(qtbot, counter)
    database, _session = counter

    def settle() -> None:
        with database.read() as conn:
            version = conn.exec_driver_sql(
                f"SELECT version FROM app.ticket WHERE id = {ticket_id}").scalar_one()
        with database.read() as conn:  # one server call: its own transaction
            settlement.settle(conn, ticket_id, version, [
                FeeLine("part", "门封条", Decimal("1.5"), Decimal("20"), "manufacturer")],
                payment_method="none")

    off_gui(qtbot, settle)
    page = _ticket(qtbot, counter, ticket_id)
    fees = page.section_widgets["fees"]
    row = [fees.table.item(0, c).text() for c in range(fees.table.columnCount())]  # type: ignore[attr-defined]
    assert row[1:5] == ["门封条", "1.5", "¥20.00", "¥30.00"]


# -- the shop's name, address and phone; templates without gaps ----------------------------

def test_a_notice_with_gaps_is_not_sent_as_it_is(qtbot: QtBot) -> None:
    detail = _detail()
    detail["shop"] = {"name": "钱塘家电维修服务部", "phone": ""}
    dialog = NoticeDialog(detail)
    qtbot.addWidget(dialog)
    assert dialog.body.toPlainText().endswith("电话")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.feedback.invalid_fields() == ["body"]
    assert "Shop phone" in dialog.summary.text()
    dialog.body.setPlainText(dialog.body.toPlainText() + "0571-88123456")
    assert dialog.feedback.invalid_fields() == []
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted


# -- errors red, and gone when fixed -------------------------------------------------------

def test_intake_errors_are_red_after_a_save_and_go_when_fixed(
        qtbot: QtBot, counter: Login) -> None:
    page = IntakePage(*counter)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.context is not None, timeout=20_000)
    page.customer_name.setText("新客户")
    page.phone.setText("13600002222")
    page.product.setCurrentText("空调")
    page.fault.setCurrentText("不制冷")
    page.save(print_receipt=False)
    qtbot.waitUntil(lambda: page.last_saved is not None, timeout=20_000)
    assert page.summary.styleSheet() == OK_STYLE  # 已保存 is green
    page.customer_name.setText("又一位")
    page.save(print_receipt=False)  # no phone, product or fault: refused at the field
    assert page.summary.isVisible()
    assert page.summary.styleSheet() == ERROR_STYLE
    assert page.feedback.invalid_fields() == ["phone"]
    page.phone.setText("13600003333")
    assert page.feedback.invalid_fields() == ["product"]  # the next problem, still red
    assert page.summary.styleSheet() == ERROR_STYLE
    page.product.setCurrentText("冰箱")
    page.fault.setCurrentText("漏水")
    assert page.feedback.invalid_fields() == []
    assert not page.summary.isVisible()


def test_the_settlement_error_goes_when_the_discount_is_fixed(qtbot: QtBot) -> None:
    install_language("zh_CN")
    try:
        dialog = SettleDialog(_detail())
        qtbot.addWidget(dialog)
        dialog.method.setCurrentIndex(dialog.method.findData("wechat"))
        dialog.discount.setText("-5")
        dialog.accept()
        assert dialog.result_values is None
        assert dialog.feedback.invalid_fields() == ["discount"]
        assert "折扣金额不能为负数" in dialog.summary.text()
        assert dialog.summary.styleSheet() == ERROR_STYLE
        assert dialog.totals.text() == ""  # said once, in red, not again in grey
        dialog.discount.setText("0")
        assert dialog.feedback.invalid_fields() == []
        assert dialog.summary.text() == ""
    finally:
        install_language("en")


# -- the customer lookup by keyboard -----------------------------------------------------------

def test_the_customer_lookup_works_by_keyboard(qtbot: QtBot, counter: Login) -> None:
    page = IntakePage(*counter)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: page.context is not None, timeout=20_000)
    page.search.setFocus()
    qtbot.keyClicks(page.search, PHONE[:7])
    qtbot.waitUntil(lambda: page.matches.isVisible() and page.lookup.has_matches(),
                    timeout=20_000)
    # every row whole: the list is as tall as its rows
    last = page.matches.item(page.matches.count() - 1)
    qtbot.waitUntil(lambda: 0 < page.matches.visualItemRect(last).bottom()
                    < page.matches.viewport().height(), timeout=5_000)
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert not page.matches.isVisible()
    page.lookup.look_up()
    qtbot.waitUntil(lambda: page.matches.isVisible(), timeout=20_000)
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)
    assert page.matches.hasFocus() and page.matches.currentRow() == 0
    qtbot.keyClick(page.matches, Qt.Key.Key_Up)  # back to typing
    assert page.search.hasFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    qtbot.keyClick(page.matches, Qt.Key.Key_Return)
    assert page.customer is not None and page.customer_name.text() == "西湖张"
    assert page.serial.text() == "HE2026ZH1"
    assert not page.matches.isVisible()


# -- the ticket tab ---------------------------------------------------------------------------

def _places(page: TicketPage) -> dict[str, QPoint]:
    return {name: button.mapTo(page, QPoint(0, 0)) for name, button in page.buttons.items()
            if button.isVisible()}


def test_the_ticket_tab_is_the_jobs_home(qtbot: QtBot, counter: Login) -> None:
    ticket_id = _intake(qtbot, counter, accessories="电源线", appearance="轻微划痕",
                        remarks="周末来取", urgent=True)
    page = _ticket(qtbot, counter, ticket_id)
    shown = {key: label.text() for key, label in page.values.items()}
    assert shown["technician"] == "王师傅"
    assert (shown["accessories"], shown["appearance"], shown["remarks"]) == (
        "电源线", "轻微划痕", "周末来取")
    assert "待修" in page.badges.text() and "加急" in page.badges.text()
    assert [box.title() for box in page.findChildren(QGroupBox)] == [
        "客户", "机器", "故障", "服务"]
    assert [page.sections.tabText(i) for i in range(page.sections.count())] == [
        "进度", "报价", "通知", "领料", "费用"]

    places, enabled = _places(page), {k for k, b in page.buttons.items() if b.isEnabled()}
    assert "status_in_repair" in enabled and "status_picked_up" not in enabled
    reason = page.buttons["status_picked_up"].toolTip()
    assert reason  # disabled, and it says why
    _reloaded(qtbot, page, page.buttons["status_in_repair"].click)
    assert page.detail is not None and page.detail["ticket"]["status"] == "in_repair"
    assert _places(page) == places  # nothing moved
    assert not page.buttons["status_in_repair"].isEnabled()
    assert page.buttons["status_in_repair"].toolTip()
    timeline = page.section_widgets["timeline"].table  # type: ignore[attr-defined]
    assert timeline.rowCount() == 2 and "修理中" in timeline.item(1, 1).text()


def test_actions_the_operator_may_not_take_are_not_shown(
        qtbot: QtBot, counter: Login, cluster: TestCluster, counter_db: str) -> None:
    ticket_id = _intake(qtbot, counter)
    for login in _login(qtbot, cluster, counter_db, ["intake.edit"]):
        page = _ticket(qtbot, login, ticket_id)
        assert "settle" not in page.buttons and "notify" not in page.buttons
        assert "status_cancelled" not in page.buttons
        assert page.findChild(QPushButton, "status_in_repair") is not None


def test_a_module_adds_its_own_section(qtbot: QtBot, counter: Login) -> None:
    from aftersales_desktop.ui.frontdesk import ticket_sections

    class Requisitions(QLabel):
        def __init__(self, page: TicketPage) -> None:
            super().__init__()
            self.page = page

        def show_ticket(self, detail: dict[str, Any]) -> int | None:
            self.setText(detail["ticket"]["number"])
            return 2

    section = ticket_sections.TicketSection("example", "Example module", 25, Requisitions)
    ticket_sections.register_section(section)
    try:
        page = _ticket(qtbot, counter, _intake(qtbot, counter))
        titles = [page.sections.tabText(i) for i in range(page.sections.count())]
        assert titles[2] == "Example module (2)"
        widget = page.section_widgets["example"]
        assert isinstance(widget, Requisitions) and widget.text().startswith("WX")
        with pytest.raises(ValueError):
            ticket_sections.register_section(section)
    finally:
        ticket_sections.SECTIONS.remove(section)
    hidden = ticket_sections.TicketSection("callbacks", "Callbacks", 50, Requisitions,
                                           capabilities=("callback.record",))
    ticket_sections.register_section(hidden)
    try:
        page = _ticket(qtbot, counter, _intake(qtbot, counter))
        assert "callbacks" not in page.section_widgets  # this operator has no callbacks
    finally:
        ticket_sections.SECTIONS.remove(hidden)


def test_the_promised_date_editors_offer_only_days_the_server_takes(
        qtbot: QtBot, counter: Login) -> None:
    from aftersales_desktop.ui.frontdesk.dialogs import PromiseDialog

    received = date(2026, 12, 1)
    dialog = PromiseDialog(received, date(2026, 12, 5))
    qtbot.addWidget(dialog)
    earliest, latest = dialog.date.minimumDate(), dialog.date.maximumDate()
    assert (earliest.year(), earliest.month(), earliest.day()) == (2026, 12, 1)
    assert latest.toPython() <= received + timedelta(days=730)  # type: ignore[operator]
    dialog.date.setDate(earliest.addDays(-3))
    assert dialog.value() == received

    page = IntakePage(*counter)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.context is not None, timeout=20_000)
    assert page.context is not None
    assert page.promised.minimumDate().toPython() == page.context.today

    ticket_id = _intake(qtbot, counter)
    ticket = _ticket(qtbot, counter, ticket_id)
    new = page.context.today + timedelta(days=20)
    _reloaded(qtbot, ticket, lambda: ticket.change_promise(new))
    assert ticket.values["promised"].text() == new.isoformat()


# -- small dialogs -----------------------------------------------------------------------------

LONG_ERROR = ("新密码至少 8 个字符，须同时包含字母和数字，且不能包含您的操作员代码；"
              "请重新输入新密码并再次确认，然后按确定保存。")


def _readable(qtbot: QtBot, dialogs: list[QWidget]) -> None:
    from aftersales_desktop.core.errors import ValidationError

    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.width() >= 400, type(dialog).__name__
        field = next(iter(dialog.feedback.fields))  # type: ignore[attr-defined]
        dialog.feedback.show([ValidationError(field, LONG_ERROR)])  # type: ignore[attr-defined]
        summary = dialog.feedback.summary  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda d=dialog, s=summary: s.height() >= s.heightForWidth(s.width())
                        and d.height() >= d.layout().totalHeightForWidth(d.width()),
                        timeout=5_000)


def test_the_password_pre_order_and_settlement_dialogs_show_their_whole_message(
        qtbot: QtBot, counter: Login) -> None:
    from aftersales_desktop.ui.frontdesk.preorders import PreorderDialog
    from aftersales_desktop.ui.password_dialog import ChangePasswordDialog

    database, _session = counter
    _readable(qtbot, [ChangePasswordDialog(database), PreorderDialog(database),
                      SettleDialog(_detail())])


def test_the_quote_and_hand_over_dialogs_show_their_whole_message(qtbot: QtBot) -> None:
    # both were QInputDialogs asking one number at a time, 200 pixels wide
    from aftersales_desktop.ui.frontdesk.dialogs import QuoteDialog
    from aftersales_desktop.ui.frontdesk.preorders import HandOverDialog

    _readable(qtbot, [HandOverDialog(Decimal("25")), QuoteDialog("WX20261201-0001")])


# -- the demo shop ---------------------------------------------------------------------------

def test_the_demo_shop_has_a_name_and_chinese_work_types(cluster: TestCluster) -> None:
    from aftersales_desktop.core.db import dsn_engine
    from aftersales_desktop.domain.notices import DEFAULT_TEMPLATES, render_template
    from aftersales_desktop.services.demo_shop import load_demo_shop

    db = cluster.create_database()
    engine = dsn_engine(cluster.dsn(db))
    try:
        with engine.begin() as conn:
            load_demo_shop(conn, customers=0)
    finally:
        engine.dispose()
    names = cluster.execute(db, "SELECT name FROM app.work_type UNION ALL "
                                "SELECT name FROM app.reward_penalty_item UNION ALL "
                                "SELECT name FROM app.overdue_rule")
    assert names and not [n for (n,) in names if LATIN.search(n)]
    shop = cluster.execute(db, "SELECT value FROM app.shop_setting WHERE key = 'shop'")[0][0]
    assert all(shop[k].strip() for k in ("name", "address", "phone", "terms"))
    text = render_template(DEFAULT_TEMPLATES["repaired"], {
        "customer": "张", "device": "冰箱", "ticket": "WX", "shop": shop["name"],
        "shop_phone": shop["phone"]})
    assert text.endswith("电话" + shop["phone"])


def test_ticket_detail_keeps_what_the_ticket_tab_shows(qtbot: QtBot, counter: Login) -> None:
    """The blocks read what app.ticket_detail returns (a field renamed there would show
    as a gap here)."""
    ticket_id = _intake(qtbot, counter, accessories="遥控器")
    database, _session = counter
    detail = off_gui(qtbot, lambda: _read_detail(database, ticket_id))
    texts = TicketPage.field_texts(detail)
    assert texts["accessories"] == "遥控器" and texts["technician"] == "王师傅"
    assert texts["phones"] and texts["received"]


def _read_detail(database: Database, ticket_id: int) -> dict[str, Any]:
    with database.read() as conn:
        detail = queries.ticket_detail(conn, ticket_id)
    assert detail is not None
    return detail



def test_a_documents_change_and_cancelled_are_not_the_counters() -> None:
    """'Change' on a bill is the change given (找零); on a posted document it is an amendment
    (修改). A cancelled document is 作废, not a cancelled ticket's 撤销."""
    from aftersales_desktop.domain.document_flow import CANCELLED

    install_language("zh_CN")
    try:
        assert tr("Change", "amend a posted document") == "修改"
        assert tr("Change") == "找零"
        assert tr(CANCELLED.label) == "已作废"
        assert tr("Cancelled") == "已撤销"
    finally:
        install_language("en")
