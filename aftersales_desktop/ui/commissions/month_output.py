"""Print and export of a month's statements (月度结算's 打印 / 导出): one round trip reads
them (services/commissions/printing.month_print, app.commission_month_print, under the
operator's row security), then the PDF (one page per payee, the print preview first:
UI.md) or the workbook (a summary sheet and a lines sheet) is written off the GUI thread
(reports/commission_statements.py, cm-reports' part)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from aftersales_desktop.reports.commission_statements import (
    render_statements,
    statements_workbook,
)
from aftersales_desktop.services.commissions.printing import month_print

from ..frontdesk import printing as frontdesk_printing
from ..i18n import tr
from .statement_view import month_text


def ask_workbook_path(parent: QWidget, month: date) -> Path | None:
    name = tr("Commission statements {month}").format(month=month_text(month))
    chosen, _filter = QFileDialog.getSaveFileName(parent, tr("Export to Excel"),
                                                  f"{name}.xlsx", tr("Excel workbook (*.xlsx)"))
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")


def work(what: str, month: date, statement_ids: list[int] | None,
         path: Any) -> Callable[[Any], Any]:
    """The op for a worker: 'print' -> the PDF's bytes (the preview shows them from
    memory), 'export' -> the workbook's path."""

    def op(conn: Any) -> Any:
        data = month_print(conn, month, statement_ids)
        if what == "export":
            statements_workbook(data, path, translate=tr)
            return path
        return render_statements(data, translate=tr)

    return op


def show_pdf(pdf: bytes, title: str) -> None:
    """The print preview (tests replace ui.frontdesk.printing.show_pdf to read the PDF)."""
    frontdesk_printing.show_pdf(pdf, title)
