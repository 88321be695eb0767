"""The dealer list import dialog: the template saves, a list with a bad row shows the row
and imports nothing, the corrected list imports as callback tasks of the kind chosen and
the page lists it among the lists imported lately."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from aftersales_desktop.services.importing.dealer_list import DEALER_COLUMNS
from aftersales_desktop.ui.callbacks.dealer_import import DealerImportPage
from tests.pg import TestCluster
from tests.ui.helpers import Login, logged_in, module_database, shown

dealer_db = module_database()


@pytest.fixture
def clerk(qtbot: QtBot, cluster: TestCluster, dealer_db: str) -> Iterator[Login]:
    yield from logged_in(qtbot, cluster, dealer_db, ["callback.record"])


def _fill(path: Path, rows: list[list[object]]) -> Path:
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_a_list_imports_from_the_page(qtbot: QtBot, clerk: Login, cluster: TestCluster,
                                      dealer_db: str, tmp_path: Path) -> None:
    page = shown(qtbot, DealerImportPage(clerk[0]))
    dialog = page.open_dialog()
    template = tmp_path / "template.xlsx"
    assert dialog.save_template(template)
    headers = [cell.value for cell in load_workbook(template).worksheets[0][1]]
    assert headers == [c.header for c in DEALER_COLUMNS]
    assert headers[:3] == ["商场/经销商 Dealer", "客户姓名 Customer name", "电话 Phone"]

    good = ["苏宁文三路店", "孙建国", "13735550001", "杭州市文三路9号", None, "空调", "海尔",
            "KFR-26GW", "HE0001", None]
    bad = ["苏宁文三路店", "钱芳", "555", None, None, "冰箱", "美的", None, None, None]
    first = _fill(shutil.copy(template, tmp_path / "bad.xlsx"), [good, bad])
    dialog.load_file(first)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    assert dialog.errors_table.rowCount() == 1
    assert dialog.errors_table.item(0, 0).text() == "3"
    assert not dialog.import_button.isEnabled()

    fixed = _fill(shutil.copy(template, tmp_path / "fixed.xlsx"),
                  [good, [*bad[:2], "13735550002", *bad[3:]]])
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("usage"))
    dialog.load_file(fixed)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result_counts is not None, timeout=30_000)
    assert dialog.result_counts["tasks"] == 2
    assert cluster.execute(dealer_db, "SELECT kind, count(*) FROM app.callback_task "
                                      "WHERE source = 'dealer' GROUP BY kind") == [("usage", 2)]
    dialog.reject()
    qtbot.waitUntil(lambda: page.recent.rowCount() == 1, timeout=20_000)
    assert page.recent.item(0, 1).text() == "苏宁文三路店"
    assert page.recent.item(0, 4).text() == "2"
