"""Running setup and clean-up database work the way the GUI must (off the GUI thread), and
showing the widget under test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.work import run_in_background
from aftersales_desktop.services.session import OperatorSession, close_session, open_session
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.record_editor import RecordEditor
from tests.pg import TEST_PASSWORD, TestCluster

T = TypeVar("T")
W = TypeVar("W", bound=QWidget)


def off_gui(qtbot: QtBot, fn: Callable[[], T], timeout: int = 30_000) -> T:
    """Run `fn` in a worker and wait for it; re-raise its exception here."""
    box: dict[str, Any] = {}
    run_in_background(fn, on_done=lambda r: box.setdefault("result", r),
                      on_error=lambda e: box.setdefault("error", e), busy=False)
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    if "error" in box:
        raise box["error"]
    return box["result"]  # type: ignore[no-any-return]


Login = tuple[Database, OperatorSession]
OpenAs = Callable[[list[str] | None], Login]


def open_operator(qtbot: QtBot, cluster: TestCluster, db: str,
                  capabilities: list[str] | None) -> Login:
    """A new operator holding `capabilities` (None: an administrator), logged in off the
    GUI thread."""
    code = cluster.create_operator(db, capabilities=capabilities)
    return off_gui(qtbot, lambda: open_session(cluster.profile(db), code, TEST_PASSWORD))


def logged_in(qtbot: QtBot, cluster: TestCluster, db: str,
              capabilities: list[str] | None) -> Iterator[Login]:
    """A new operator holding `capabilities`, logged in (English UI) off the GUI thread
    and logged out afterwards: `yield from` it in a fixture."""
    install_language("en")
    database, session = open_operator(qtbot, cluster, db, capabilities)
    yield database, session
    off_gui(qtbot, lambda: close_session(database))


def operator_sessions(qtbot: QtBot, cluster: TestCluster, db: str) -> Iterator[OpenAs]:
    """A fixture body: yields `open_as(capabilities)` -> a logged-in new operator (English
    UI); every session is closed at the end."""
    install_language("en")
    opened: list[Database] = []

    def open_as(capabilities: list[str] | None) -> Login:
        login = open_operator(qtbot, cluster, db, capabilities)
        opened.append(login[0])
        return login

    yield open_as
    for database in opened:
        off_gui(qtbot, lambda db=database: close_session(db))  # type: ignore[misc]


def module_database() -> Any:
    """A module-scoped fixture giving the module its own new database: assign it to the
    fixture's name, e.g. `customers_db = module_database()`."""

    @pytest.fixture(scope="module")
    def database(cluster: TestCluster) -> str:
        return cluster.create_database()

    return database


def shown(qtbot: QtBot, widget: W, until: Callable[[W], bool] | None = None) -> W:
    """`widget` shown and closed at the end of the test; with `until`, once `until(widget)`
    holds (its first load finished)."""
    qtbot.addWidget(widget)
    widget.show()
    if until is not None:
        qtbot.waitUntil(lambda: until(widget), timeout=20_000)
    return widget


def show_record(qtbot: QtBot, page: RecordEditor, key: object) -> None:
    """Load the record `key` into a record-editor page and wait until its form shows it."""
    page.load(key)
    qtbot.waitUntil(lambda: page.record is not None and page.record_key(page.record) == key,
                    timeout=20_000)


def intake_of_device(qtbot: QtBot, database: Database, serial: str, *,
                     technician_code: str | None = None, **fields: Any) -> int:
    """A ticket for the customer's device with `serial`, bought with proof and 36 months
    of warranty, taken in through the service (off the GUI thread); returns its id."""
    from datetime import timedelta

    from aftersales_desktop.services.frontdesk.intake import IntakeDraft, save_intake

    def work() -> int:
        with database.read() as conn:
            customer_id, device_id, bought, technician = conn.exec_driver_sql(
                "SELECT d.customer_id, d.id, d.purchase_date, "
                "(SELECT id FROM app.employee WHERE code = %(tech)s) "
                "FROM app.device d WHERE d.serial = %(serial)s",
                {"tech": technician_code, "serial": serial}).one()
            today = conn.exec_driver_sql("SELECT app.shop_today()").scalar_one()
        draft = IntakeDraft(customer_id=customer_id, device_id=device_id, has_proof=True,
                            purchase_date=bought, warranty_months=36, fault="不制冷",
                            promised_on=today + timedelta(days=5), technician_id=technician,
                            **fields)
        with database.transaction() as conn:
            return save_intake(conn, draft, today).id

    return off_gui(qtbot, work)


def open_ticket(qtbot: QtBot, database: Database, session: OperatorSession, ticket_id: int,
                size: tuple[int, int] = (1000, 700)) -> Any:
    """The ticket tab of `ticket_id`, shown and loaded."""
    from aftersales_desktop.ui.frontdesk.ticket import TicketPage

    page = TicketPage(database, session)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    page.load(ticket_id)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=20_000)
    return page
