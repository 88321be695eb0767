"""The dispatch board to Excel (Ctrl+E, UI.md: every board exports like a list): the jobs
matching the board's filters, up to the most one read of the board returns, with their
region, kind, urgency, days late, customer, device, promise, appointment and assignee.

The board is read again on the worker with the filters as shown (one round trip) and
the workbook is written there too; the words are translated first, on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.domain.tickets import VISITS
from aftersales_desktop.reports.excel import export_rows, export_words, word_key
from aftersales_desktop.services.dispatch import reads

from ..i18n import tr
from ..listview.widget import EXPORT_DIR_KEY
from .board_panels import active_job, booked_visit

TITLE = QT_TR_NOOP("Dispatch board")
# the most jobs one read of the board gives (app.dispatch_board's limit)
EXPORT_LIMIT = 1000


@dataclass(frozen=True)
class BoardColumn:
    """A column of the export (what reports.excel's ExportColumn asks for)."""

    key: str
    label: str
    kind: ColumnKind = ColumnKind.TEXT
    width: int = 120
    choices: Mapping[str, str] | None = None


COLUMNS: list[BoardColumn] = [
    BoardColumn("number", QT_TR_NOOP("Ticket no."), width=150),
    BoardColumn("region", QT_TR_NOOP("Region"), width=150),
    BoardColumn("visit", QT_TR_NOOP("Kind"), width=80, choices=VISITS),
    BoardColumn("urgent", QT_TR_NOOP("Urgent"), ColumnKind.BOOL, width=60),
    BoardColumn("days_late", QT_TR_NOOP("Days late"), ColumnKind.INT, width=70),
    BoardColumn("customer_name", QT_TR_NOOP("Customer")),
    BoardColumn("address", QT_TR_NOOP("Address"), width=200),
    BoardColumn("device", QT_TR_NOOP("Device"), width=160),
    BoardColumn("fault", QT_TR_NOOP("Fault"), width=200),
    BoardColumn("work_type", QT_TR_NOOP("Work type")),
    BoardColumn("promised_on", QT_TR_NOOP("Promised"), ColumnKind.DATE, width=90),
    BoardColumn("appointment_at", QT_TR_NOOP("Appointment"), ColumnKind.DATETIME, width=130),
    BoardColumn("assignee", QT_TR_NOOP("Assigned to")),
    BoardColumn("visit_start", QT_TR_NOOP("Visit from"), ColumnKind.DATETIME, width=130),
    BoardColumn("visit_end", QT_TR_NOOP("Visit until"), ColumnKind.DATETIME, width=130),
]


def job_row(job: Mapping[str, Any], outlet_label: str) -> tuple[Any, ...]:
    """One job as the export's values, in COLUMNS order; `outlet_label` names an outlet
    assignee ("{outlet} (outlet)", translated)."""
    active = active_job(dict(job))
    visit = booked_visit(active) or {}
    if active is None:
        assignee = None
    elif active.get("assignee_kind") == "outlet":
        assignee = outlet_label.format(outlet=active.get("outlet") or "?")
    else:
        assignee = active.get("technician")
    device = " ".join(str(job.get(k) or "") for k in ("brand", "product", "model")).strip()
    values = {**job, "device": device, "assignee": assignee,
              "visit_start": visit.get("start"), "visit_end": visit.get("end"),
              "days_late": int(job.get("days_late") or 0) or None}
    return tuple(values.get(column.key) for column in COLUMNS)


def ask_path(parent: QWidget, *, title: str = TITLE) -> Path | None:
    """The workbook to write, chosen by the operator (the folder is remembered as the
    lists remember it); the name suggested is `title` (English, translated here) and
    today's date."""
    settings = QSettings()
    folder = str(settings.value(EXPORT_DIR_KEY, "") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation))
    suggested = f"{tr(title)}-{shop_time.today():%Y%m%d}.xlsx"
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, tr("Export to Excel"), str(Path(folder) / suggested),
        tr("Excel workbook (*.xlsx)"))
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    settings.setValue(EXPORT_DIR_KEY, str(target.parent))
    return target


def export_work(path: Path, filters: Mapping[str, Any]) -> Any:
    """The worker's part (a QueryOp's op): read the board, write the workbook, give the
    number of jobs written. Called on the GUI thread to build it; runs on the worker."""
    translated = {word_key(w): tr(w) for w in export_words(TITLE, COLUMNS)}
    outlet_label = tr("{outlet} (outlet)")
    wanted = {**filters, "limit": EXPORT_LIMIT}

    def work(conn: Any) -> int:
        board = reads.board(conn, reads.BoardFilters(**wanted))
        jobs: Sequence[Mapping[str, Any]] = board.get("jobs") or []
        return export_rows(path, COLUMNS, (job_row(job, outlet_label) for job in jobs),
                           title=TITLE, translate=lambda w: translated.get(word_key(w), w))

    return work
