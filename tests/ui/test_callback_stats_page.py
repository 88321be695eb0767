"""The callback statistics page (回访统计) on the known data of the statistics DB tests
(tests/db/callback_stats_shop.py): a manager picks the period and grouping, the tables
show the server's figures, Excel writes them, Print previews the PDF summary."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.ui.callbacks.stats import CallbackStatsPage, period_days
from aftersales_desktop.ui.frontdesk import printing
from aftersales_desktop.ui.modules import modules_for
from tests.db.callback_stats_shop import StatsShop, stats_shop
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import off_gui

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> StatsShop:
    return stats_shop(cluster)


@pytest.fixture
def manager(qtbot: QtBot, shop: StatsShop) -> Iterator[Any]:
    from aftersales_desktop.services.session import close_session, open_session
    from aftersales_desktop.ui.i18n import install_language

    install_language("en")
    database, session = off_gui(qtbot, lambda: open_session(
        shop.cluster.profile(shop.db), shop.operator, TEST_PASSWORD))
    yield database, session
    off_gui(qtbot, lambda: close_session(database))


def grid_texts(page: CallbackStatsPage, index: int) -> list[list[str]]:
    grid = page.grids[index]
    return [[grid.item(r, c).text() for c in range(grid.columnCount())]
            for r in range(grid.rowCount())]


def settle(qtbot: QtBot, page: CallbackStatsPage, loads: int) -> None:
    qtbot.waitUntil(lambda: page.loads > loads and running_tasks() == 0, timeout=20_000)


def march_april(qtbot: QtBot, page: CallbackStatsPage) -> None:
    loads = page.loads
    page.date_from.setDate(QDate(2026, 3, 1))
    page.date_to.setDate(QDate(2026, 4, 30))
    settle(qtbot, page, loads)


def test_the_page_shows_the_servers_figures(qtbot: QtBot, manager: Any,
                                            tmp_path: Path, monkeypatch: Any) -> None:
    page = CallbackStatsPage(*manager)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    settle(qtbot, page, 0)
    march_april(qtbot, page)
    assert page.period.currentData() == "custom"
    satisfaction = grid_texts(page, 0)
    assert satisfaction[0] == ["王强", "4", "4.00", "4.00", "4.00", "3.75", "4.00", "3.95",
                               "1", "25.0%"]
    assert satisfaction[2][0] == "(no technician)"
    assert grid_texts(page, 1)[1] == ["赵磊", "4", "2", "2", "2", "36.0", "50.0%"]
    assert grid_texts(page, 2)[-1] == ["Total", "13", "8", "1", "1", "2", "80.0%"]
    assert "2026-03 to 2026-04" in page.note.text()
    # the technicians came with the answer: filtering by one reads again
    loads = page.loads
    page.technician.setCurrentIndex(page.technician.findText("王强"))
    settle(qtbot, page, loads)
    assert [row[0] for row in grid_texts(page, 0)] == ["王强"]

    loads = page.loads
    page.technician.setCurrentIndex(0)
    page.group.setCurrentIndex(page.group.findData("service_mode"))
    settle(qtbot, page, loads)
    assert [row[0] for row in grid_texts(page, 0)] == ["Installation", "Repair",
                                                       "(no service mode)"]

    target = tmp_path / "stats"
    page.export_to(target)
    qtbot.waitUntil(lambda: running_tasks() == 0 and "Saved" in page.message.text(),
                    timeout=20_000)
    sheet = load_workbook(tmp_path / "stats.xlsx").active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Callback statistics"
    assert values[values.index(next(
        v for v in values if v and v[0] == "Repair"))][:2] == ["Repair", 5]

    shown: list[tuple[bytes, str]] = []
    monkeypatch.setattr(printing, "show_pdf", lambda pdf, title: shown.append((pdf, title)))
    page.print_button.click()
    qtbot.waitUntil(lambda: bool(shown) and running_tasks() == 0, timeout=20_000)
    assert shown[0][0].startswith(b"%PDF") and shown[0][1] == "Callback statistics"


def test_a_period_ending_before_it_starts_is_not_asked(qtbot: QtBot, manager: Any) -> None:
    page = CallbackStatsPage(*manager)
    qtbot.addWidget(page)
    settle(qtbot, page, 0)
    page.date_from.setDate(QDate(2026, 4, 30))
    page.date_to.setDate(QDate(2026, 3, 1))
    assert "ends before it starts" in page.message.text()


def test_quick_periods() -> None:
    from datetime import date

    today = date(2026, 3, 17)
    assert period_days("this_month", today) == (date(2026, 3, 1), today)
    assert period_days("last_month", today) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_days("this_year", today) == (date(2026, 1, 1), today)
    assert period_days("last_12_months", today) == (date(2025, 4, 1), today)
    assert period_days("last_12_months", date(2026, 12, 5)) == (date(2026, 1, 1),
                                                                 date(2026, 12, 5))


def test_the_module_is_for_reports_and_complaints() -> None:
    def keys(capabilities: set[str]) -> set[str]:
        return {m.key for m in modules_for(frozenset(capabilities))}

    assert "callback_stats" in keys({"reports.view"})
    assert "callback_stats" in keys({"complaint.handle"})
    assert "callback_stats" not in keys({"callback.record", "intake.create"})
