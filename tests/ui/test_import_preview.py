"""The import dialog shows what the reader found: an .xls reads, numbers in code columns
are listed as warnings that do not block, a file it cannot read is refused in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aftersales_desktop.services.importing import CUSTOMER_COLUMNS
from aftersales_desktop.ui.masterdata.import_dialog import CustomerImportDialog
from tests.pg import TestCluster
from tests.ui.helpers import Login, logged_in, module_database, shown
from tests.unit.test_import_files import customer, xls

import_db = module_database()


@pytest.fixture
def clerk(qtbot: QtBot, cluster: TestCluster, import_db: str) -> Iterator[Login]:
    yield from logged_in(qtbot, cluster, import_db, ["contacts.view", "masterdata.edit"])


def test_xls_with_a_numeric_code_shows_a_warning_and_imports(
        qtbot: QtBot, clerk: Login, cluster: TestCluster, import_db: str,
        tmp_path: Path) -> None:
    dialog = shown(qtbot, CustomerImportDialog(clerk[0]))
    number = 102  # typed as 000102 into a General column: Excel kept 102
    path = xls(tmp_path / "old.xls", [c.header for c in CUSTOMER_COLUMNS], [
        customer(code=float(number), name="数字编码", phone="13900004444"),
    ])
    dialog.load_file(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    assert dialog.errors_table.rowCount() == 1
    row, column, reason = (dialog.errors_table.item(0, i) for i in range(3))
    assert row is not None and column is not None and reason is not None
    assert (row.text(), column.text()) == ("2", "客户编码 Code")
    assert reason.text().startswith("Check: The cell is a number") and str(number) in reason.text()
    assert "leading zeros may have been lost" in dialog.counts_label.text()
    assert dialog.import_button.isEnabled()  # a warning does not block
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result_counts is not None, timeout=30_000)
    assert cluster.execute(import_db, "SELECT name FROM app.customer WHERE code = %s",
                           (str(number),)) == [("数字编码",)]


def test_a_file_that_is_no_spreadsheet_is_refused_in_words(
        qtbot: QtBot, clerk: Login, tmp_path: Path) -> None:
    dialog = shown(qtbot, CustomerImportDialog(clerk[0]))
    path = tmp_path / "scan.xls"
    path.write_bytes(b"%PDF-1.4\n\x00\x01\x02binary")
    dialog.load_file(path)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=20_000)
    assert dialog.preview is None and not dialog.import_button.isEnabled()
    text = dialog.counts_label.text()
    assert "scan.xls is not a file the import can read" in text and ".xlsx" in text
    assert "unexpected" not in text.lower()
