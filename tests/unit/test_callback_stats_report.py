"""The callback statistics' workbook and PDF summary (reports/callback_stats.py) from an
answer shaped as app.callback_stats gives it (typed by services.callbacks.stats)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from aftersales_desktop.reports.callback_stats import (
    export_stats,
    format_value,
    render_stats,
    satisfaction_note,
    stats_tables,
)
from aftersales_desktop.services.callbacks.stats import typed

QUESTIONS = [{"code": c, "label": label, "active": True} for c, label in (
    ("attitude", "Service attitude"), ("timeliness", "Timeliness"),
    ("quality", "Repair quality"), ("price", "Fair price"),
    ("overall", "Overall satisfaction"))]


def answer() -> dict[str, Any]:
    return typed({
        "from": "2026-03-01", "to": "2026-04-30", "group": "technician",
        "first_month": "2026-03-01", "last_month": "2026-04-01", "questions": QUESTIONS,
        "satisfaction": [
            {"key": 7, "label": "王强", "surveys": 4, "low": 1, "overall_avg": 3.95,
             "avg": {"attitude": 4.0, "timeliness": 4.0, "quality": 4.0, "price": 3.75,
                     "overall": 4.0}},
            {"key": None, "label": "", "surveys": 1, "low": 0, "overall_avg": 4.8,
             "avg": {"attitude": 5, "timeliness": 5, "quality": 4, "price": 5,
                     "overall": 5}}],
        "complaints": [
            {"key": 7, "label": "王强", "opened": 2, "resolved": 2, "open_now": 0,
             "escalated": 0, "avg_hours_to_resolve": 13.0, "accepted_rate": 1.0},
            {"key": 8, "label": "赵磊", "opened": 4, "resolved": 2, "open_now": 2,
             "escalated": 2, "avg_hours_to_resolve": 36.0, "accepted_rate": None}],
        "callbacks": {"tasks": 13, "done": 8, "unreachable": 1, "expired": 1, "pending": 2,
                      "reach_rate": 0.8, "rows": [
                          {"key": 7, "label": "王强", "tasks": 6, "done": 4,
                           "unreachable": 1, "expired": 0, "pending": 1,
                           "reach_rate": 0.8}]}})


def test_the_tables_carry_every_figure() -> None:
    satisfaction, complaints, callbacks = stats_tables(answer())
    assert [c.label for c in satisfaction.columns] == [
        "Technician", "Surveys", "Service attitude", "Timeliness", "Repair quality",
        "Fair price", "Overall satisfaction", "Average", "Low", "Low share"]
    assert satisfaction.rows[0] == ["王强", 4, Decimal("4.0"), Decimal("4.0"),
                                    Decimal("4.0"), Decimal("3.75"), Decimal("4.0"),
                                    Decimal("3.95"), 1, Decimal("0.2500")]
    assert satisfaction.rows[1][0] == "(no technician)"
    assert complaints.rows[1][-2:] == [Decimal("36.0"), None]
    assert callbacks.total == ["Total", 13, 8, 1, 1, 2, Decimal("0.8")]
    assert [format_value(c.kind, v) for c, v in zip(satisfaction.columns,
                                                    satisfaction.rows[0], strict=True)] == [
        "王强", "4", "4.00", "4.00", "4.00", "3.75", "4.00", "3.95", "1", "25.0%"]
    assert format_value("rate", None) == "—"
    assert "2026-03 to 2026-04" in satisfaction_note(answer())


def test_the_workbook_keeps_numbers(tmp_path: Path) -> None:
    target = tmp_path / "stats.xlsx"
    rows = export_stats(str(target), stats_tables(answer()), title="Callback statistics",
                        notes=["2026-03-01 – 2026-04-30"])
    assert rows == 2 + 2 + 2  # satisfaction, complaints, callbacks with its total
    sheet = load_workbook(target).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Callback statistics"
    header = values.index(["Technician", "Surveys", "Service attitude", "Timeliness",
                           "Repair quality", "Fair price", "Overall satisfaction",
                           "Average", "Low", "Low share"])
    assert values[header + 1][:3] == ["王强", 4, 4.0]
    assert values[header + 1][-1] == 0.25
    assert [v for v in values[-1] if v is not None] == ["Total", 13, 8, 1, 1, 2, 0.8]


def test_the_pdf_summary_renders(tmp_path: Path) -> None:
    pdf = render_stats(stats_tables(answer()), title="回访统计 2026-03-01 – 2026-04-30",
                       notes=[satisfaction_note(answer())],
                       printed_at=datetime(2026, 5, 1, 2, 0, tzinfo=UTC))
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf
    empty = render_stats(stats_tables(typed({"group": "month", "questions": QUESTIONS,
                                             "satisfaction": [], "complaints": [],
                                             "callbacks": {"tasks": 0, "rows": []}})),
                         title="empty")
    assert empty.startswith(b"%PDF")
    (tmp_path / "stats.pdf").write_bytes(pdf)
    assert date(2026, 3, 1) == answer()["from"]
