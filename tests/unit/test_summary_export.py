"""A list's summary in Excel: groups as text, counts and totals typed, bold subtotals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import column

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.data.listing import ListColumn
from aftersales_desktop.data.summary import SummaryRow
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.reports.excel import export_summary, summary_words

STATUS = ListColumn("status", "Status", column("status"), choices={"ready": "Ready"})
WHO = ListColumn("who", "Technician", column("who"), groupable=True)
FEE = ListColumn("fee", "Fees", column("fee"), ColumnKind.MONEY, sensitive=True)
QTY = ListColumn("qty", "Qty", column("qty"), ColumnKind.QUANTITY)
CHINESE = {"Status": "状态", "Technician": "维修员", "Fees": "费用", "Qty": "数量",
           "Ready": "待取", "Count": "单数", "Subtotal": "小计", "Total": "合计",
           "(none)": "（无）", "{title} summary": "{title}分类汇总", "Tickets": "维修单"}


@dataclass
class Written:
    sheet: Any
    count: int


ROWS = (
    SummaryRow(("ready", "=HYPERLINK(\"http://x\")"), 2, (Decimal("30.50"), Decimal("1.5"))),
    SummaryRow(("ready", None), 1, (Decimal("0"), Decimal("2"))),
    SummaryRow(("ready",), 3, (Decimal("30.50"), Decimal("3.5"))),
    SummaryRow((), 3, (Decimal("30.50"), Decimal("3.5"))),
)


def write(tmp_path: Path, **options: object) -> Written:
    path = tmp_path / "summary.xlsx"
    count = export_summary(path, [STATUS, WHO], [FEE, QTY], ROWS, title="Tickets",
                           translate=lambda w: CHINESE.get(w, w), **options)  # type: ignore[arg-type]
    return Written(openpyxl.load_workbook(path).active, count)


def test_groups_counts_and_totals_are_typed_cells(tmp_path: Path) -> None:
    written = write(tmp_path, notes=["筛选：状态: 待取"])
    sheet = written.sheet
    assert written.count == 4
    assert sheet.title == "维修单分类汇总"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["状态", "维修员", "单数", "费用", "数量"]
    assert values[1] == ["待取", "=HYPERLINK(\"http://x\")", 2, 30.5, 1.5]
    assert values[2] == ["待取", "（无）", 1, 0, 2]
    assert values[3] == ["待取", "小计", 3, 30.5, 3.5]
    assert values[4] == ["合计", None, 3, 30.5, 3.5]
    assert values[6][0] == "筛选：状态: 待取"
    first = sheet[2]
    assert first[1].data_type == "s"  # a technician called "=..." stays text, no formula
    assert first[3].number_format == "¥#,##0.00" and first[4].number_format == "General"
    assert not first[0].font.bold
    for row in sheet.iter_rows(min_row=4, max_row=5):
        assert all(c.font.bold for c in row if c.value is not None)


def test_hidden_amounts_are_masked(tmp_path: Path) -> None:
    sheet = write(tmp_path, masked_keys={"fee"}).sheet
    assert {row[3].value for row in sheet.iter_rows(min_row=2)} == {"****"}
    assert sheet.cell(2, 5).value == 1.5


def test_a_folder_that_takes_no_file_is_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        export_summary(tmp_path / "missing" / "s.xlsx", [STATUS], [FEE], ROWS[2:],
                       title="Tickets")
    assert "could not be saved" in caught.value.text()
    assert not list(tmp_path.rglob("*.xlsx"))


def test_every_word_is_known_before_the_worker_starts() -> None:
    assert {"Status", "Technician", "Fees", "Qty", "Ready", "Count", "Subtotal", "Total",
            "(none)", "{title} summary", "Tickets", "Yes", "No"} <= set(summary_words(
                "Tickets", [STATUS, WHO], [FEE, QTY]))
