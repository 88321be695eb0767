"""The dispatch sheet (派工单) of a real job: read through the operator's own connection
(app.job_get under row security, the phone as their capabilities show it), rendered on
A4 and A5, rasterised and its QR decoded back to the ticket number; the preview's paper
choice; and the dispatch lists that print it and open the job's ticket."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pypdfium2
import pytest
import zxingcpp
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aftersales_desktop.data.dispatch_lists import DISPATCHES, WORK_REPORTS
from aftersales_desktop.data.dispatch_print import JobMissing, SheetData, sheet_data
from aftersales_desktop.reports.dispatch_sheet import DispatchSheet, render_dispatch_sheet
from aftersales_desktop.services.stock.requisitions import LineChange, save_lines
from aftersales_desktop.ui.dispatch import printing
from aftersales_desktop.ui.dispatch.lists import DispatchListPage
from aftersales_desktop.ui.frontdesk.printing import page_sizes
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.listview import ListView
from tests.db.dispatch_helpers import PHONE, Dispatch, dispatch_shop, shop_time
from tests.pg import TestCluster
from tests.ui.helpers import off_gui

pytestmark = [pytest.mark.gui, pytest.mark.db]
MASKED = PHONE[:3] + "****" + PHONE[-4:]


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Iterator[Dispatch]:
    yield from dispatch_shop(cluster)


@pytest.fixture(scope="module")
def job(shop: Dispatch) -> dict[str, Any]:
    """An on-site job of 王强 with tomorrow's visit, and a part he requisitioned for it."""
    ticket = shop.ticket(fault="不制冷，外机异响", region="西湖区", on_site=True)
    start = shop_time(shop, shop.today + timedelta(days=1), 14)
    job_id = shop.job(ticket, "王强", visit=(start, start + timedelta(hours=2)))
    parts = int(shop.sql("INSERT INTO app.warehouse (code, name, type) "
                         "VALUES ('PJ', '配件库', 'parts') RETURNING id")[0][0])
    item = int(shop.sql("INSERT INTO app.item (code, name, kind, unit, sale_price) "
                        "VALUES ('P-2001', '启动电容', 'part', '个', 25) RETURNING id")[0][0])
    shop.sql("SELECT app.stock_apply(jsonb_build_array(jsonb_build_object('item_id', %s, "
             "'warehouse_id', %s, 'quantity', 5, 'unit_cost', 8, 'source', 'document')))",
             item, parts)
    with shop.logins["tech_a"].read() as conn:
        save_lines(conn, ticket, [LineChange(item_id=item, warehouse_id=parts,
                                             quantity=Decimal(2))])
    number = shop.sql("SELECT number FROM app.ticket WHERE id = %s", ticket)[0][0]
    return {"id": job_id, "ticket": ticket, "number": number}


def _data(qtbot: QtBot, shop: Dispatch, who: str, job_id: int) -> SheetData:
    """What the print action reads, through the operator's own connection (off the GUI
    thread, as the action reads it)."""
    def read() -> SheetData:
        with shop.logins[who].read() as conn:
            return sheet_data(conn, job_id)

    return off_gui(qtbot, read)


def _sheet(qtbot: QtBot, shop: Dispatch, who: str, job_id: int) -> DispatchSheet:
    return printing.dispatch_sheet(_data(qtbot, shop, who, job_id))


def _read(pdf: bytes) -> tuple[int, str, set[str], tuple[int, int]]:
    """Pages, the first page's text, the codes read off its image, its size in mm."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        text = page.get_textpage().get_text_range().replace("\r\n", " ")
        image = page.render(scale=3).to_pil().convert("L")
        width, height = page.get_size()
        return (len(document), text, {found.text for found in zxingcpp.read_barcodes(image)},
                (round(width / 72 * 25.4), round(height / 72 * 25.4)))
    finally:
        document.close()


@pytest.mark.parametrize(("paper", "size"), [("a4", (210, 297)), ("a5", (148, 210))])
def test_a_jobs_sheet_scans_back_to_its_ticket(qtbot: QtBot, shop: Dispatch,
                                               job: dict[str, Any], paper: str,
                                               size: tuple[int, int]) -> None:
    sheet = _sheet(qtbot, shop, "blind_dispatcher", job["id"])  # dispatch.assign, no contacts.view
    pages, text, codes, page_size = _read(render_dispatch_sheet(sheet, paper=paper))
    assert (pages, page_size) == (1, size)
    assert codes == {job["number"]}
    assert MASKED in text and PHONE not in text
    for expected in (job["number"], "周杰", "空调 格力 KFR-35GW", "不制冷，外机异响",
                     "杭州市西湖区文三路100号", "王强", "杭州市/西湖区",
                     f"{(shop.today + timedelta(days=1)).isoformat()} 14:00–16:00",
                     "P-2001 启动电容", "Issue"):
        assert expected in text, expected
    # every work type of the service settings has its box
    active = {name for (name,) in shop.sql("SELECT name FROM app.work_type WHERE active")}
    assert set(sheet.work_types) == active and len(active) >= 5
    assert all(name in text for name in active)
    assert [(p.code, p.quantity, p.unit) for p in sheet.parts] == [("P-2001", 2, "个")]


def test_the_phone_shows_whole_with_contacts_view(qtbot: QtBot, shop: Dispatch,
                                                  job: dict[str, Any]) -> None:
    sheet = _sheet(qtbot, shop, "dispatcher", job["id"])  # the template has contacts.view
    assert sheet.phone == PHONE
    _pages, text, _codes, _size = _read(render_dispatch_sheet(sheet, paper="a5"))
    assert PHONE in text


def test_another_technicians_job_is_not_printed(qtbot: QtBot, shop: Dispatch,
                                                job: dict[str, Any]) -> None:
    with pytest.raises(JobMissing):
        _data(qtbot, shop, "tech_b", job["id"])  # row security hides another's job
    assert _sheet(qtbot, shop, "tech_a", job["id"]).ticket_number == job["number"]


def test_print_from_the_dispatch_list_and_choose_the_paper(
        qtbot: QtBot, shop: Dispatch, job: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    install_language("en")
    database = shop.logins["blind_dispatcher"]
    view = ListView(DISPATCHES, database)
    page = DispatchListPage(database, view)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not view.model.is_loading and view.model.rowCount() > 0,
                    timeout=20_000)
    keys = [view.model.key_at(row) for row in range(view.model.rowCount())]
    row = keys.index(job["id"])
    view.table.setCurrentIndex(view.model.index(row, 0))

    shown: list[tuple[DispatchSheet, str]] = []
    monkeypatch.setattr(printing, "show_sheet", lambda sheet, title: shown.append((sheet,
                                                                                 title)))
    page.sheet_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    sheet, title = shown[0]
    assert sheet.ticket_number == job["number"] and job["number"] in title
    assert sheet.phone == MASKED

    # the preview: the paper is chosen there, and remembered
    printing.set_sheet_paper("a4")
    preview = printing.SheetPreview(sheet, title)
    qtbot.addWidget(preview)
    assert [round(s.width()) for s in page_sizes(preview.pdf)] == [595]  # A4, in points
    preview.paper_combo.setCurrentIndex(preview.paper_combo.findData("a5"))
    assert [round(s.width()) for s in page_sizes(preview.pdf)] == [420]  # A5
    assert printing.sheet_paper() == "a5"
    _pages, _text, codes, size = _read(preview.pdf)
    assert codes == {job["number"]} and size == (148, 210)
    preview.close()

    # Enter on a row opens the job's ticket
    opened: list[int] = []
    page.open_ticket.connect(opened.append)
    view.activated.emit(job["id"])
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    assert opened == [job["ticket"]]
    QApplication.processEvents()


def test_the_work_reports_list_shows_finished_jobs_only(
        qtbot: QtBot, shop: Dispatch, job: dict[str, Any]) -> None:
    install_language("en")
    finished_ticket = off_gui(qtbot, lambda: shop.ticket(fault="漏水"))
    finished = shop.job(finished_ticket, "王强", state="finished",
                        finished_at=shop_time(shop, shop.today, 10))
    database = shop.logins["dispatcher"]
    view = ListView(WORK_REPORTS, database)
    page = DispatchListPage(database, view)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not view.model.is_loading and view.model.rowCount() > 0,
                    timeout=20_000)
    keys = {view.model.key_at(row) for row in range(view.model.rowCount())}
    assert finished in keys and job["id"] not in keys
