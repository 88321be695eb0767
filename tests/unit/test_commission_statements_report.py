"""The month's commission statements as a PDF (one A4 page per statement) and a workbook
(summary + lines), from an answer shaped as app.commission_month_print gives it
(tests/data/commission_month_print.json, typed by services.commissions.printing)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from openpyxl import load_workbook

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.reports import fonts
from aftersales_desktop.reports.commission_statements import (
    render_statements,
    statements_pdf,
    statements_workbook,
)
from aftersales_desktop.reports.commission_text import line_detail, month_text
from aftersales_desktop.services.commissions.printing import typed
from tests.unit.test_receipts import pdf_fonts

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "commission_month_print.json"
ZH = {"Commission statement": "提成工资结算单", "Payee's signature": "领款人签字",
      "Checked by": "审核", "Date": "日期", "Page {page} of {pages}": "第 {page} / {pages} 页",
      "{year}-{month}": "{year}年{month}月", "DRAFT": "草稿", "Total pay": "实发合计",
      "Ticket no.": "工单号"}


def zh(text: str) -> str:
    return ZH.get(text, text)


def sample() -> dict[str, Any]:
    return typed(json.loads(SAMPLE.read_text(encoding="utf-8")))


def pages(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        # lines a cell wrapped read as one (words joined by a space)
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


@pytest.fixture(autouse=True)
def _bundled_font() -> Iterator[None]:
    """The shipped font: Chinese must print without a font on the machine."""
    fonts.reset_fonts()
    fonts.use_bundled_font()
    yield
    fonts.reset_fonts()


def test_one_page_per_statement_with_its_payee_lines_and_signatures(tmp_path: Path) -> None:
    data = sample()
    target = tmp_path / "十一月.pdf"
    assert statements_pdf(data, target, translate=zh,
                          printed_at=datetime(2026, 12, 2, 8, 0, tzinfo=UTC)) == 3
    pdf = target.read_bytes()
    texts = pages(pdf)
    assert len(texts) == len(data["statements"]) == 3
    first, second, third = texts
    for text in texts:
        assert "杭州安心家电维修中心" in text and "2026年11月" in text
        assert "提成工资结算单" in text
        assert "领款人签字" in text and "审核" in text and text.count("日期") >= 2
        assert "第 1 / 1 页" in text
    assert "E004 王强" in first and "维修部" in first
    for number in ("WX20261103-0012", "WX20261105-0003", "WX20261110-0021",
                   "WX20261112-0007", "WX20261118-0002", "WX20261015-0009"):
        assert number in first
    assert "¥3,961.50" in first and "¥1,154.00" in first and "-¥60.00" in first
    assert "rework of WX20261020-0031" in first
    assert "reverses a line of 2026年10月" in first
    # the proposed reward is not printed, only counted
    assert "拾金不昧" not in first
    assert "1 proposed line(s) waiting for approval are not included." in first
    assert "E005 赵磊" in second and "¥2,682.50" in second
    assert "repair 160 h, other 30 h; basic 120 h, rated 160 h" in second
    assert "西湖家电特约维修站" in third and "No commission lines this month." in third
    # only the draft carries the watermark
    assert "草稿" in second and "草稿" not in first and "草稿" not in third
    used = pdf_fonts(pdf)
    assert used and all(used.values()), f"fonts named but not embedded: {used}"


def test_a_long_statement_runs_on_and_counts_its_own_pages() -> None:
    data = sample()
    long_lines = [dict(data["statements"][0]["lines"][0], id=1000 + n,
                       ticket_number=f"WX20261101-{n:04d}") for n in range(90)]
    data["statements"][0]["lines"] = long_lines
    texts = pages(render_statements(data, translate=zh))
    assert len(texts) >= 4
    run = [i for i, text in enumerate(texts) if "E004 王强" in text]
    assert run == list(range(len(run))) and len(run) >= 2
    for page, index in enumerate(run, start=1):
        assert f"第 {page} / {len(run)} 页" in texts[index]
    # every line printed once, the signatures on the statement's last page only
    printed = "".join(texts[i] for i in run)
    assert all(printed.count(f"WX20261101-{n:04d}") == 1 for n in range(90))
    assert "领款人签字" in texts[run[-1]]
    assert all("领款人签字" not in texts[i] for i in run[:-1])
    assert "第 1 / 1 页" in texts[run[-1] + 1]  # the next statement starts afresh


def test_the_month_and_a_lines_details_in_words() -> None:
    assert month_text("2026-03-01") == "2026-03"
    line = {"kind": "adjustment", "work_type": "中修", "reason": "job_reopened",
            "grade_factor": Decimal("1.200"), "reverses_period": "2026-02-01"}
    assert line_detail(line) == ("中修；Job reopened after review；grade factor ×1.2；"
                                 "reverses a line of 2026-02")
    assert line_detail({"kind": "commission", "work_type": "Minor repair",
                        "grade_factor": "1.000"}) == "Minor repair"
    assert line_detail({"kind": "commission", "work_type": "Minor repair",
                        "grade_factor": "1.1", "reason": "no_rule"}) == (
        "Minor repair; No commission rule for this work type; grade factor ×1.1")
    assert line_detail({"kind": "reward", "item": {"id": 1, "name": "好评"},
                        "reason": "客户来信表扬"}) == "好评；客户来信表扬"


def test_the_workbook_has_the_summary_and_the_lines_to_the_fen(tmp_path: Path) -> None:
    data = sample()
    target = tmp_path / "十一月.xlsx"
    assert statements_workbook(data, target) == (3, 9)
    book = load_workbook(target)
    assert book.sheetnames == ["Statements", "Lines"]
    summary = [list(row) for row in book["Statements"].iter_rows(values_only=True)]
    header = summary[0]
    assert header[:6] == ["Month", "Payee code", "Payee", "Department", "Pay scheme", "State"]
    column = {label: i for i, label in enumerate(header)}
    rows = {row[column["Payee code"]]: row for row in summary[1:-1]}
    assert set(rows) == {"E004", "E005", "WD01"}
    wang = rows["E004"]
    assert wang[column["State"]] == "Settled" and wang[column["Pay scheme"]] == (
        "Commission per job")
    expected = {"Post wage": "2800.00", "Commissions": "1236.50", "Hours pay": "0.00",
                "Rewards": "50.00", "Penalties": "-20.00", "Deductions": "-45.00",
                "Adjustments": "-60.00", "Total pay": "3961.50", "Lines": "8"}
    for label, value in expected.items():
        assert Decimal(str(wang[column[label]])).quantize(Decimal(value)) == Decimal(value)
    total = summary[-1]
    assert total[0] == "Total"
    assert Decimal(str(total[column["Total pay"]])).quantize(Decimal("0.01")) == Decimal(
        "6644.00")
    assert Decimal(str(total[column["Post wage"]])) == Decimal("5400")

    lines = [list(row) for row in book["Lines"].iter_rows(values_only=True)]
    head = {label: i for i, label in enumerate(lines[0])}
    body = lines[1:]
    assert len(body) == 9  # the proposed reward is left out
    by_payee: dict[str, Decimal] = {}
    for row in body:
        by_payee[row[head["Payee code"]]] = by_payee.get(row[head["Payee code"]], Decimal(
            0)) + Decimal(str(row[head["Amount"]]))
    # the lines sum to the statement's total less the post wage, to the fen
    assert by_payee["E004"].quantize(Decimal("0.01")) == Decimal("1161.50")
    assert by_payee["E005"].quantize(Decimal("0.01")) == Decimal("82.50")
    margin = next(r for r in body if r[head["Ticket no."]] == "WX20261110-0021")
    assert Decimal(str(margin[head["Base"]])) == Decimal("3860")
    assert Decimal(str(margin[head["Rate"]])) == Decimal("29.45")
    assert margin[head["Kind"] if "Kind" in head else head["Item"]] == "Commission"
    cell = book["Lines"].cell(row=2, column=head["Amount"] + 1)
    assert cell.number_format == "¥#,##0.00"


def test_workbook_text_stays_text_and_a_failed_save_leaves_nothing(tmp_path: Path) -> None:
    data = copy.deepcopy(sample())
    data["statements"][0]["statement"]["payee_name"] = '=HYPERLINK("http://x","y")'
    target = tmp_path / "x.xlsx"
    statements_workbook(data, target)
    book = load_workbook(target)
    cell = book["Statements"].cell(row=2, column=3)
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"
    with pytest.raises(UserError, match="could not be saved"):
        statements_workbook(data, tmp_path / "missing" / "y.xlsx")
    with pytest.raises(OSError):
        statements_pdf(data, tmp_path / "missing" / "y.pdf")
    assert not (tmp_path / "missing").exists()
