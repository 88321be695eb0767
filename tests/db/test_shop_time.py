"""One clock everywhere: on a PC set to UTC, a shop in Asia/Shanghai sees the same event at
the same wall-clock time in the list, the Excel export, the receipt, the ticket tab's
history and the change log; list filters count the shop's days."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.data.listing import ListQuery, fetch_page, iter_rows
from aftersales_desktop.data.lists import LOGIN_HISTORY
from aftersales_desktop.data.ticket_lists import TICKETS
from aftersales_desktop.reports import receipts
from aftersales_desktop.reports.excel import export_rows
from aftersales_desktop.services.errors import StaleTicket
from aftersales_desktop.services.frontdesk import queries, tickets
from aftersales_desktop.services.frontdesk.intake import IntakeDraft, save_intake
from aftersales_desktop.services.session import close_session, open_session
from aftersales_desktop.ui.admin.change_log import display_value
from aftersales_desktop.ui.frontdesk import printing
from aftersales_desktop.ui.listview.display import display_text
from tests.pg import TEST_PASSWORD, TestCluster

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def pc_in_utc() -> Iterator[None]:
    """The process's own zone is UTC, as on a PC set to it."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        assert datetime.now().astimezone().utcoffset() == timedelta(0)
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
        shop_time.use_zone(shop_time.DEFAULT_ZONE)


@pytest.fixture
def counter(cluster: TestCluster, shop_db: str, pc_in_utc: None) -> Iterator[Database]:
    cluster.execute(shop_db, "UPDATE app.shop_setting SET value = '\"Asia/Shanghai\"' "
                             "WHERE key = 'timezone'")
    shop_time.use_zone("UTC")  # what the login must put right
    code = cluster.create_operator(shop_db, template="manager")
    # a server whose sessions run in UTC: every time it writes as text carries +00
    cluster.execute(shop_db, f'ALTER ROLE "{code}" SET timezone = \'UTC\'')
    database, session = open_session(cluster.profile(shop_db), code, TEST_PASSWORD)
    assert session.timezone == "Asia/Shanghai"
    yield database
    close_session(database)


def _intake(database: Database) -> int:
    with database.transaction() as conn:
        today = conn.execute(text("SELECT app.shop_today()")).scalar_one()
        saved = save_intake(conn, IntakeDraft(
            customer_name="时区", phone="13912349999", product="空调", brand="格力",
            model="KFR-35GW", serial=f"TZ{uuid.uuid4().hex[:8].upper()}",
            purchase_date=today - timedelta(days=30), has_proof=True, warranty_months=12,
            fault="不制冷", accessories="", appearance="", promised_on=today + timedelta(days=7)),
            today)
    return saved.id


def _pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_the_same_event_shows_the_same_shop_time_everywhere(
        counter: Database, tmp_path: Path) -> None:
    ticket_id = _intake(counter)
    with counter.read() as conn:
        detail = queries.ticket_detail(conn, ticket_id)
        number = detail["ticket"]["number"] if detail else ""
        query = ListQuery(column_filters={"number": number})
        page = fetch_page(conn, TICKETS, query)
        rows = list(iter_rows(conn, TICKETS, query))
    assert detail is not None and len(page.rows) == 1
    column = TICKETS.column("received_at")
    received: datetime = page.rows[0][TICKETS.index_of("received_at")]
    expected = received.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    pc_clock = received.astimezone().strftime("%Y-%m-%d %H:%M")
    assert expected != pc_clock  # eight hours apart: the test can tell them apart

    # the list
    assert display_text(column, received) == expected
    # the export: Excel's cell holds the shop's wall clock
    path = tmp_path / "tickets.xlsx"
    export_rows(path, TICKETS.columns, rows, title=TICKETS.title)
    workbook = load_workbook(path, read_only=True)
    (values,) = list(workbook.active.iter_rows(min_row=2, values_only=True))
    workbook.close()
    cell = values[TICKETS.index_of("received_at")]
    assert isinstance(cell, datetime) and cell.strftime("%Y-%m-%d %H:%M") == expected
    # the receipt
    pdf = receipts.render_intake_receipt(printing.intake_receipt(detail))
    assert expected in _pdf_text(pdf)
    # the ticket number's day is the shop's day of the same instant
    assert number[2:10] == received.astimezone(SHANGHAI).strftime("%Y%m%d")
    # the ticket tab's history, from jsonb text with the server's offset
    first: dict[str, Any] = detail["history"][0]
    assert first["at"].endswith("+00:00")  # what the server sent is not the shop's clock
    assert shop_time.format_datetime(first["at"]) == expected
    # "changed by X at T" when a save was overtaken (the server wrote T as text)
    with counter.transaction() as conn, pytest.raises(StaleTicket) as stale:
        tickets.set_status(conn, ticket_id, detail["ticket"]["version"] - 1, "in_repair")
    assert shop_time.format_datetime(first["at"]) in str(stale.value)
    # the change log's values, from jsonb text too
    assert display_value(received.astimezone(UTC).isoformat()) == received.astimezone(
        SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def test_the_login_history_and_its_day_filter_use_the_shop_clock(
        cluster: TestCluster, shop_db: str, counter: Database) -> None:
    with counter.read() as conn:
        page = fetch_page(conn, LOGIN_HISTORY, ListQuery())
    at: datetime = page.rows[0][LOGIN_HISTORY.index_of("at")]
    shown = display_text(LOGIN_HISTORY.column("at"), at)
    assert shown == at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    # a login at 07:30 in Shanghai is 23:30 UTC the day before: the shop's day counts
    code = cluster.new_code("early")
    early = datetime(2026, 3, 10, 7, 30, tzinfo=SHANGHAI)
    cluster.execute(shop_db, "INSERT INTO audit.login_event (at, operator, event) "
                             "VALUES (%s, %s, 'login')", (early, code))
    with counter.read() as conn:
        on_the_10th = fetch_page(conn, LOGIN_HISTORY, ListQuery(
            column_filters={"operator": code, "at": "2026-03-10"}))
        on_the_9th = fetch_page(conn, LOGIN_HISTORY, ListQuery(
            column_filters={"operator": code, "at": "2026-03-09"}))
        by_text = fetch_page(conn, LOGIN_HISTORY, ListQuery(full_text=f"{code} 2026-03-10 07:30"))
    assert (len(on_the_10th.rows), len(on_the_9th.rows), len(by_text.rows)) == (1, 0, 1)
