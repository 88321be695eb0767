"""The counter's day through the screens (pytest-qt, real database): a walk-in repair
from phone number to printed receipt, through repair, notice, settlement and pickup;
an on-site job; an out-of-warranty job refused without an approved quote."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pypdfium2
import pytest
import zxingcpp
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.db import Database
from aftersales_desktop.services.session import OperatorSession, close_session, open_session
from aftersales_desktop.ui.frontdesk import printing
from aftersales_desktop.ui.frontdesk.dialogs import NoticeDialog, SettleDialog
from aftersales_desktop.ui.frontdesk.intake import IntakePage
from aftersales_desktop.ui.frontdesk.ticket import TicketPage
from aftersales_desktop.ui.i18n import install_language
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import off_gui

pytestmark = [pytest.mark.gui, pytest.mark.db]

Login = tuple[Database, OperatorSession]
PHONE = "13957112345"


@pytest.fixture(scope="module")
def desk_db(cluster: TestCluster) -> str:
    db = cluster.create_database()
    cluster.execute(db, """
        WITH c AS (INSERT INTO app.customer (code, name) VALUES ('FD1', '钱塘江') RETURNING id),
             p AS (INSERT INTO app.customer_phone (customer_id, phone, is_primary)
                   SELECT id, %s, true FROM c)
        INSERT INTO app.device (customer_id, product, brand, model, serial, purchase_date,
                                has_proof, warranty_months)
        SELECT id, '洗衣机', '海尔', 'XQG100', 'HE2026FD1', current_date - 200, true, 24 FROM c
        """, (PHONE,))
    return db


@pytest.fixture
def counter(qtbot: QtBot, cluster: TestCluster, desk_db: str) -> Iterator[Login]:
    install_language("en")
    code = cluster.create_operator(desk_db, capabilities=[
        "intake.create", "intake.edit", "notice.send", "settlement.collect", "contacts.view"])
    database, session = off_gui(
        qtbot, lambda: open_session(cluster.profile(desk_db), code, TEST_PASSWORD))
    yield database, session
    off_gui(qtbot, lambda: close_session(database))


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    pdfs: list[bytes] = []
    monkeypatch.setattr(printing, "show_pdf", lambda pdf, _title: pdfs.append(pdf))
    return pdfs


def _intake(qtbot: QtBot, login: Login) -> IntakePage:
    page = IntakePage(*login)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.context is not None, timeout=20_000)
    return page


def _ticket(qtbot: QtBot, login: Login, ticket_id: int) -> TicketPage:
    page = TicketPage(*login)
    qtbot.addWidget(page)
    page.show()
    page.load(ticket_id)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=20_000)
    return page


def _wait_saved(qtbot: QtBot, page: IntakePage) -> int:
    qtbot.waitUntil(lambda: page.last_saved is not None or (page.summary.isVisible()
                    and not page._saving), timeout=20_000)
    assert page.last_saved is not None, page.summary.text()
    return page.last_saved.id


def _act(qtbot: QtBot, page: TicketPage, action) -> None:  # type: ignore[no-untyped-def]
    before = page.detail
    action()
    qtbot.waitUntil(lambda: page.detail is not before or "refused" in page.message.text(),
                    timeout=20_000)
    qtbot.waitUntil(lambda: page.detail is not before or bool(page.message.text()),
                    timeout=20_000)


def _decode(data: bytes) -> set[str]:
    pdf = pypdfium2.PdfDocument(data)
    try:
        image = pdf[0].render(scale=3).to_pil()
    finally:
        pdf.close()
    return {r.text for r in zxingcpp.read_barcodes(image)}


def test_walk_in_repair_from_phone_to_pickup(qtbot: QtBot, counter: Login,
                                            printed: list[bytes]) -> None:
    page = _intake(qtbot, counter)
    qtbot.keyClicks(page.search, PHONE)
    qtbot.waitUntil(lambda: page.matches.isVisible() and page.matches.count() > 0,
                    timeout=20_000)
    page.matches.itemActivated.emit(page.matches.item(0))
    assert page.customer_name.text() == "钱塘江"
    assert page.serial.text() == "HE2026FD1"  # the customer's device is picked
    page.has_proof.setChecked(True)
    assert "until" in page.warranty_label.text()  # in warranty, and why
    page.fault.setCurrentText("不脱水")
    page.accessories.setCurrentText("进水管")
    page.print_button.click()
    ticket_id = _wait_saved(qtbot, page)
    number = page.last_saved.number  # type: ignore[union-attr]
    assert number.startswith("WX")
    assert len(printed) == 1 and _decode(printed[0]) == {number}
    assert page.customer_name.text() == ""  # ready for the next customer

    ticket = _ticket(qtbot, counter, ticket_id)
    for target in ("in_repair", "ready"):
        button = ticket.findChild(type(page.save_button), f"status_{target}")
        assert button is not None, target
        _act(qtbot, ticket, button.click)
        assert ticket.detail is not None and ticket.detail["ticket"]["status"] == target
    dialog = NoticeDialog(ticket.detail)
    qtbot.addWidget(dialog)
    assert number in dialog.body.toPlainText()  # the template is filled in
    _act(qtbot, ticket, lambda: ticket.send_notice(**dialog.values()))
    assert ticket.detail["ticket"]["notice_count"] == 1
    settle = SettleDialog(ticket.detail)
    qtbot.addWidget(settle)
    settle.labour.setText("0")
    settle.method.setCurrentIndex(settle.method.findData("none"))
    settle.accept()
    assert settle.result_values is not None
    _act(qtbot, ticket, lambda: ticket.settle(settle.result_values))  # type: ignore[arg-type]
    assert ticket.detail["ticket"]["settled"]
    button = ticket.findChild(type(page.save_button), "status_picked_up")
    assert button is not None
    _act(qtbot, ticket, button.click)
    assert ticket.detail["ticket"]["status"] == "picked_up"
    assert printing.print_settlement(ticket.detail) is not None
    assert _decode(printed[-1]) == {number}


def test_on_site_job(qtbot: QtBot, counter: Login, printed: list[bytes]) -> None:
    page = _intake(qtbot, counter)
    page.customer_name.setText("上门客户")
    page.phone.setText("0571-88880000")
    page.product.setCurrentText("空调")
    page.fault.setCurrentText("不制冷")
    page.visit.setCurrentIndex(page.visit.findData("on_site"))
    assert page.address.isEnabled()
    page.save(print_receipt=False)
    qtbot.waitUntil(lambda: page.summary.isVisible(), timeout=20_000)
    assert page.last_saved is None  # no address yet: refused at the field
    assert page.feedback.invalid_fields() == ["address"]
    page.address.setText("杭州市滨江区江南大道1号")
    page.save(print_receipt=True)
    ticket_id = _wait_saved(qtbot, page)
    ticket = _ticket(qtbot, counter, ticket_id)
    assert ticket.detail is not None and ticket.detail["ticket"]["visit"] == "on_site"
    assert "江南大道" in ticket.summary_text()
    assert printed, "receipt printed"
    _repair_notify_settle_release(qtbot, ticket, labour="80")
    assert printing.print_settlement(ticket.detail) is not None  # type: ignore[arg-type]


def _repair_notify_settle_release(qtbot: QtBot, ticket: TicketPage, *, labour: str) -> None:
    """In repair, ready, the customer told, settled (paid cash with change), handed over."""
    assert ticket.detail is not None
    if ticket.detail["ticket"]["warranty_class"] == "out_of_warranty":
        _act(qtbot, ticket, lambda: ticket.add_quote(Decimal("0"), Decimal(labour)))
        _act(qtbot, ticket, lambda: ticket.answer_quote(True, "phone"))
    for target in ("in_repair", "ready"):
        button = ticket.findChild(QPushButton, f"status_{target}")
        assert button is not None, target
        _act(qtbot, ticket, button.click)
        assert ticket.detail is not None and ticket.detail["ticket"]["status"] == target
    notice = NoticeDialog(ticket.detail)
    qtbot.addWidget(notice)
    _act(qtbot, ticket, lambda: ticket.send_notice(**notice.values()))
    settle = SettleDialog(ticket.detail)
    qtbot.addWidget(settle)
    settle.labour.setText(labour)
    settle.billed_to.setCurrentIndex(settle.billed_to.findData("customer"))
    settle.method.setCurrentIndex(settle.method.findData("cash"))
    settle.paid.setText("100")
    settle.accept()
    assert settle.result_values is not None
    _act(qtbot, ticket, lambda: ticket.settle(settle.result_values))  # type: ignore[arg-type]
    assert ticket.detail["ticket"]["settled"]
    button = ticket.findChild(QPushButton, "status_picked_up")
    assert button is not None
    _act(qtbot, ticket, button.click)
    assert ticket.detail["ticket"]["status"] == "picked_up"


def test_out_of_warranty_refused_without_approved_quote(qtbot: QtBot, counter: Login,
                                                       printed: list[bytes]) -> None:
    page = _intake(qtbot, counter)
    page.customer_name.setText("过保客户")
    page.phone.setText("13600001111")
    page.product.setCurrentText("冰箱")
    page.fault.setCurrentText("压缩机不启动")
    page.purchase_known.setChecked(True)
    page.purchase_date.setDate(page.purchase_date.date().addYears(-5))
    page.has_proof.setChecked(True)
    assert "expired" in page.warranty_label.text().lower()
    page.save(print_receipt=False)
    ticket_id = _wait_saved(qtbot, page)
    ticket = _ticket(qtbot, counter, ticket_id)
    button = ticket.findChild(type(page.save_button), "status_in_repair")
    assert button is not None
    button.click()
    qtbot.waitUntil(lambda: "quote" in ticket.message.text(), timeout=20_000)
    assert ticket.detail["ticket"]["status"] == "pending"  # type: ignore[index]
    _act(qtbot, ticket, lambda: ticket.add_quote(Decimal("150"), Decimal("80")))
    _act(qtbot, ticket, lambda: ticket.answer_quote(True, "phone"))
    assert ticket.detail["ticket"]["quote_state"] == "approved"  # type: ignore[index]
    button = ticket.findChild(type(page.save_button), "status_in_repair")
    assert button is not None
    _act(qtbot, ticket, button.click)
    assert ticket.detail["ticket"]["status"] == "in_repair"  # type: ignore[index]


@pytest.mark.parametrize(("status", "promised", "status_at", "expected"), [
    ("pending", "2026-11-20", "2026-11-10T09:00:00+08:00", "3 days past the promised date"),
    ("pending", "2026-11-23", "2026-11-10T09:00:00+08:00", ""),
    ("ready", "2026-11-01", "2026-10-20T09:00:00+08:00", "Ready for 34 days"),
    ("ready", "2026-11-01", "2026-11-20T09:00:00+08:00", ""),
    ("picked_up", "2026-11-01", "2026-10-20T09:00:00+08:00", ""),
])
def test_ticket_warns_when_late_or_not_collected(status: str, promised: str, status_at: str,
                                                 expected: str) -> None:
    install_language("en")
    detail = {"today": "2026-11-23", "uncollected_days": 30, "ticket": {
        "status": status, "promised_on": promised, "status_at": status_at}}
    warning = TicketPage._warning(detail)
    assert warning.startswith(expected) and bool(warning) == bool(expected)


def test_parts_preorder_from_order_to_pickup(qtbot: QtBot, counter: Login,
                                            cluster: TestCluster, desk_db: str) -> None:
    from aftersales_desktop.data.ticket_lists import PREORDERS
    from aftersales_desktop.ui.frontdesk.preorders import PreorderDialog, PreordersPage
    from aftersales_desktop.ui.listview import ListView

    database, session = counter
    page = PreordersPage(database, session, list_view=ListView(PREORDERS, database))
    qtbot.addWidget(page)
    page.show()
    dialog = PreorderDialog(database)
    qtbot.addWidget(dialog)
    dialog.search.setText(PHONE)
    dialog.look_up()
    qtbot.waitUntil(lambda: dialog.customer.count() > 0, timeout=20_000)
    dialog.part.setText("洗衣机进水阀")
    dialog.price.setText("45")
    dialog.deposit.setText("50")  # more than the price: refused, nothing saved
    dialog.accept()
    qtbot.waitUntil(lambda: bool(dialog.summary.text()), timeout=20_000)
    assert dialog.saved is None and "deposit" in dialog.summary.text()
    dialog.deposit.setText("20")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=20_000)
    page.list.refresh()
    model = page.list.model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and dialog.saved is not None
                    and dialog.saved[0] in [model.key_at(r) for r in range(model.rowCount())],
                    timeout=20_000)
    row = [model.key_at(r) for r in range(model.rowCount())].index(dialog.saved[0])
    page.list.table.setCurrentIndex(model.index(row, 0))
    assert page.amount_due(model.row_values(row)) == Decimal("25.00")
    page.mark_arrived()
    qtbot.waitUntil(lambda: "arrived" in page.message.text(), timeout=20_000)
    page.pick_up(dialog.saved[0], "cash", Decimal("30"))
    qtbot.waitUntil(lambda: "Handed over" in page.message.text(), timeout=20_000)
    state = cluster.execute(desk_db, "SELECT state, paid FROM app.part_preorder WHERE id = %s",
                            (dialog.saved[0],))
    assert state == [("picked_up", Decimal("30.00"))]
