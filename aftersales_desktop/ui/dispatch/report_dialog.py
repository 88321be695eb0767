"""The work report (完工报告) of one job.

What was done (the service settings' work types, with quantities: the commission basis),
the hours, the result, the fault cause and the action (editable combos over the
fault_cause / repair_action dictionaries: a new value is accepted and learnt by the
server), notes, whether and when the customer signed, and a few photos. Save draft keeps
the job open; Finish (Ctrl+Enter) finishes it, which moves the ticket on (the server's
state machine). A refusal shows at its field. Photos are stored as soon as they are
added or removed (each is its own server call), checked here first for size and count
so a refusal comes before the upload. A reviewed job, or one opened for review, is read
only; the review queue opens it so, with the ticket's requisitioned parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import Refused
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.dispatch import (
    JOB_STATES,
    REPORT_FIELDS,
    RESULTS,
    WorkDone,
    WorkReport,
)
from aftersales_desktop.domain.refusals import on_field, refuse
from aftersales_desktop.services.dispatch import jobs, reads
from aftersales_desktop.services.frontdesk import queries
from aftersales_desktop.services.session import OperatorSession

from ..dialog_form import fit_text
from ..field_limits import limit_date, limit_number, limit_text
from ..forms import (
    FieldFeedback,
    confirm_discard,
    dictionary_combo,
    select_data,
    set_choices,
    set_suggestions,
)
from ..frontdesk.ticket_requisitions import line_texts
from ..frontdesk.ticket_sections import RecordTable
from ..i18n import tr, user_error_text
from ..operations import Changes, CollectionOp, QueryOp
from .my_jobs import job_of, phones_text
from .report_photos import PhotoStrip

# domain.dispatch: a report may be saved (a draft, or a correction) in these states
EDITABLE_STATES = ("assigned", "started", "finished")
FINISHABLE_STATES = ("assigned", "started")
STALE_CODES = ("document_stale", "job_stale")  # the job changed since it was loaded


@dataclass
class ReportContext:
    """What the dialog shows when it opens: the job, the choices, the photos' content."""

    row: dict[str, Any]  # app.job_get: the dispatch row, photos, requisition, phones
    work_types: list[dict[str, Any]]
    words: dict[str, list[str]]
    photos: dict[int, bytes] = field(default_factory=dict)


def load_context(conn: Any, job_id: int) -> ReportContext:
    """On the worker: the job (through row security), the work types and dictionaries,
    and each photo's content (at most PHOTOS_MAX of them)."""
    row = reads.job(conn, job_id)
    if row is None:
        raise refuse("job_missing")
    context = queries.intake_context(conn)
    photos = {int(p["id"]): reads.photo(conn, int(p["id"])) or b""
              for p in row.get("photos") or []}
    return ReportContext(row=row, work_types=list(context.work_types),
                         words=dict(context.dictionary), photos=photos)


class WorkReportDialog(QDialog):
    """One job's work report; `finished_job(ticket number)` after a successful Finish."""

    finished_job = Signal(str)
    loaded = Signal()

    def __init__(self, database: Database, session: OperatorSession, job_id: int, *,
                 read_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.job_id = job_id
        self.force_read_only = read_only
        self.row: dict[str, Any] | None = None  # what app.job_get returned
        self.job: dict[str, Any] | None = None  # its job (id, state, version, report)
        self.dirty = False
        self._filling = False
        self.setWindowTitle(tr("Work report"))
        self.resize(860, 720)

        self.heading = QLabel()
        self.heading.setObjectName("report_heading")
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner = QLabel()
        self.banner.setObjectName("report_banner")
        self.banner.setWordWrap(True)
        self.ticket_text = QLabel()
        self.ticket_text.setWordWrap(True)
        self.ticket_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.work_types = QTableWidget(0, 2)
        self.work_types.setObjectName("report_work_types")
        self.work_types.setHorizontalHeaderLabels([tr("Work type"), tr("Quantity")])
        self.work_types.verticalHeader().hide()
        self.work_types.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.work_types.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.work_types.setMinimumHeight(150)
        self.quantities: dict[int, tuple[QCheckBox, QLineEdit]] = {}

        self.hours = limit_number(QLineEdit(), "job", "hours")
        self.hours.setObjectName("report_hours")
        self.hours.setPlaceholderText("1.5")
        self.result_choice = QComboBox()
        self.result_choice.setObjectName("report_result")
        set_choices(self.result_choice, [(code, tr(label)) for code, label in RESULTS.items()],
                    none_label=tr("(choose)"))
        self.fault_cause = limit_text(dictionary_combo(), "job", "fault_cause")
        self.fault_cause.setObjectName("report_fault_cause")
        self.action = limit_text(dictionary_combo(), "job", "action")
        self.action.setObjectName("report_action")
        self.notes = limit_text(QPlainTextEdit(), "job", "notes")
        self.notes.setObjectName("report_notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)
        self.signed = QCheckBox(tr("The customer signed"))
        self.signed.setObjectName("report_signed")
        self.signed_at = limit_date(QDateTimeEdit(), "job", "signed_at")
        self.signed_at.setObjectName("report_signed_at")
        self.signed_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.signed_at.setCalendarPopup(True)
        self.signed_at.setEnabled(False)
        self.signed.toggled.connect(self._signed_toggled)

        self.photo_strip = PhotoStrip(database)
        self.photos = self.photo_strip.list  # the field a photo's refusal shows at
        self.add_photo_button = self.photo_strip.add_button
        self.remove_photo_button = self.photo_strip.remove_button

        self.parts = RecordTable([QT_TR_NOOP("Time"), QT_TR_NOOP("Kind"), QT_TR_NOOP("Part"),
                                  QT_TR_NOOP("Qty"), QT_TR_NOOP("Unit price"),
                                  QT_TR_NOOP("Amount"), QT_TR_NOOP("Warehouse"),
                                  QT_TR_NOOP("Billed to"), QT_TR_NOOP("Serial no."),
                                  QT_TR_NOOP("By")], money_columns=(3, 4, 5))
        self.parts.setObjectName("report_parts")
        self.parts.setMaximumHeight(130)

        self.summary = QLabel()
        self.summary.setObjectName("report_summary")
        self.feedback = FieldFeedback({
            "work_types": self.work_types, "hours": self.hours, "result": self.result_choice,
            "fault_cause": self.fault_cause, "action": self.action, "notes": self.notes,
            "customer_signed": self.signed, "signed_at": self.signed_at,
            "photos": self.photos}, self.summary)
        self.photo_strip.refused.connect(self.feedback.show_failure)
        self.photo_strip.stored.connect(self.feedback.clear)

        self.save_button = QPushButton(tr("Save draft (Ctrl+S)"))
        self.save_button.setObjectName("report_save")
        self.save_button.clicked.connect(lambda _checked=False: self.save(finish=False))
        self.finish_button = QPushButton(tr("Finish (Ctrl+Enter)"))
        self.finish_button.setObjectName("report_finish")
        self.finish_button.setDefault(False)
        self.finish_button.setAutoDefault(False)
        self.finish_button.clicked.connect(lambda _checked=False: self.save(finish=True))
        close = QPushButton(tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        for keys, finish in (("Ctrl+S", False), ("Ctrl+Return", True), ("Ctrl+Enter", True)):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, f=finish: self._shortcut(f))
            self.addAction(action)

        self._lay_out(close)
        fit_text(self)
        for widget, signal in ((self.hours, self.hours.textChanged),
                               (self.result_choice, self.result_choice.currentIndexChanged),
                               (self.fault_cause, self.fault_cause.editTextChanged),
                               (self.action, self.action.editTextChanged),
                               (self.notes, self.notes.textChanged),
                               (self.signed, self.signed.toggled),
                               (self.signed_at, self.signed_at.dateTimeChanged)):
            signal.connect(lambda *_args, w=widget: self._changed(w))
        self._set_editable(False)  # until the job is loaded
        self.load()

    def _lay_out(self, close: QPushButton) -> None:
        work = QGroupBox(tr("Work done"))
        work_layout = QVBoxLayout(work)
        work_layout.addWidget(self.work_types)
        form = QGroupBox(tr("Result"))
        rows = QVBoxLayout(form)
        for label, widget in ((tr("Hours") + " *", self.hours),
                              (tr("Result") + " *", self.result_choice),
                              (tr("Fault cause"), self.fault_cause),
                              (tr("Action taken"), self.action)):
            line = QHBoxLayout()
            caption = QLabel(label)
            caption.setMinimumWidth(90)
            caption.setBuddy(widget)
            line.addWidget(caption)
            line.addWidget(widget, 1)
            rows.addLayout(line)
        rows.addWidget(QLabel(tr("Notes")))
        rows.addWidget(self.notes)
        signed = QHBoxLayout()
        signed.addWidget(self.signed)
        signed.addWidget(self.signed_at, 1)
        rows.addLayout(signed)
        middle = QHBoxLayout()
        middle.addWidget(work, 1)
        middle.addWidget(form, 1)
        parts = QGroupBox(tr("Parts requisitioned for the ticket"))
        parts_layout = QVBoxLayout(parts)
        parts_layout.addWidget(self.parts)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.finish_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.ticket_text)
        layout.addLayout(middle, 1)
        layout.addWidget(self.photo_strip)
        layout.addWidget(parts)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

    # -- loading -------------------------------------------------------------------------
    def load(self) -> None:
        job_id = self.job_id
        QueryOp(parent=self, database=self.database,
                op=lambda conn: load_context(conn, job_id),
                success=self._show).failure(self.feedback.show_failure).with_progress(
        ).run_in_background()

    def _show(self, context: ReportContext) -> None:
        self._filling = True
        try:
            self.row = row = context.row
            self.job = job = job_of(row)
            report = job.get("report") or {}
            self._show_heading(row)
            self._show_work_types(context.work_types, report.get("work_types") or [])
            hours = report.get("hours")
            self.hours.setText("" if hours is None else format(Decimal(str(hours)), "f"))
            select_data(self.result_choice, report.get("result"))
            set_suggestions(self.fault_cause, context.words.get("fault_cause", []))
            self.fault_cause.setEditText(str(report.get("fault_cause") or ""))
            set_suggestions(self.action, context.words.get("repair_action", []))
            self.action.setEditText(str(report.get("action") or ""))
            self.notes.setPlainText(str(report.get("notes") or ""))
            self.signed.setChecked(bool(report.get("customer_signed")))
            signed_at = report.get("signed_at")
            self._show_signed_at(signed_at if isinstance(signed_at, datetime) else None)
            self.photo_strip.show_photos(int(job["id"]), list(row.get("photos") or []),
                                         context.photos)
            lines = list((row.get("requisition") or {}).get("lines") or [])
            self.parts.fill([line_texts(line) for line in lines],
                            ["#8c8c8c" if line["kind"] != "issue" else None for line in lines])
        finally:
            self._filling = False
        self.dirty = False
        self._set_editable(self.editable())
        self.loaded.emit()

    def _show_heading(self, row: dict[str, Any]) -> None:
        job = job_of(row)
        report = job.get("report") or {}
        number = str(row.get("number") or "")
        self.heading.setText(tr("Work report {number}").format(number=number))
        self.setWindowTitle(tr("Work report {number}").format(number=number))
        device = " ".join(str(row.get(k) or "") for k in ("brand", "product", "model")).strip()
        self.ticket_text.setText("  ".join(part for part in (
            str(row.get("customer_name") or ""), str(row.get("address") or ""),
            phones_text(row), device,
            tr("Fault: {fault}").format(fault=row.get("fault")) if row.get("fault") else "",
            tr("Technician: {name}").format(name=job.get("technician"))
            if job.get("technician") else "") if part))
        state = str(job.get("state") or "")
        banner = tr(JOB_STATES.get(state, state))
        if state == "reviewed":
            banner = tr("Reviewed {when} by {who}: the report can no longer change.").format(
                when=_when(report.get("reviewed_at")), who=report.get("reviewed_by") or "")
        elif state == "finished":
            banner = tr("Finished {when}, reported by {who}.").format(
                when=_when(job.get("finished_at")), who=report.get("reported_by") or "")
        elif report.get("reported_at"):
            banner = tr("Draft saved {when} by {who}.").format(
                when=_when(report.get("reported_at")), who=report.get("reported_by") or "")
        if int(row.get("days_late") or 0) > 0:
            banner += "  " + tr("{days} day(s) late").format(days=row["days_late"])
        self.banner.setText(banner)
        self.banner.setStyleSheet("color: #389e0d; font-weight: bold;" if state == "reviewed"
                                  else "font-weight: bold;")

    def _show_work_types(self, choices: list[dict[str, Any]],
                         done: list[dict[str, Any]]) -> None:
        quantities = {int(w["work_type_id"]): w for w in done}
        rows = list(choices)
        known = {int(c["id"]) for c in rows}
        # a work type retired since the report was saved still shows what was done
        rows += [{"id": wid, "name": w.get("name") or str(wid)}
                 for wid, w in quantities.items() if wid not in known]
        self.quantities.clear()
        self.work_types.setRowCount(len(rows))
        for row, choice in enumerate(rows):
            wid = int(choice["id"])
            box = QCheckBox(str(choice["name"]))
            box.setObjectName(f"work_type_{wid}")
            quantity = limit_number(QLineEdit(), "job_work_type", "quantity")
            quantity.setObjectName(f"work_type_quantity_{wid}")
            quantity.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            entry = quantities.get(wid)
            box.setChecked(entry is not None)
            quantity.setText(_plain(entry["quantity"]) if entry else "")
            quantity.setEnabled(entry is not None)
            box.toggled.connect(lambda on, q=quantity: self._work_type_toggled(on, q))
            quantity.textChanged.connect(lambda _t: self._changed(self.work_types))
            self.work_types.setCellWidget(row, 0, box)
            self.work_types.setCellWidget(row, 1, quantity)
            self.quantities[wid] = (box, quantity)
        self.work_types.resizeRowsToContents()

    # -- state ---------------------------------------------------------------------------
    def editable(self) -> bool:
        return (self.job is not None and not self.force_read_only
                and self.job.get("state") in EDITABLE_STATES)

    def read_only(self) -> bool:
        return not self.editable()

    def _set_editable(self, editable: bool) -> None:
        for widget in (self.hours, self.result_choice, self.fault_cause, self.action, self.signed):
            widget.setEnabled(editable)
        self.notes.setReadOnly(not editable)
        self.signed_at.setEnabled(editable and self.signed.isChecked())
        for box, quantity in self.quantities.values():
            box.setEnabled(editable)
            quantity.setEnabled(editable and box.isChecked())
        self.save_button.setVisible(editable)
        self.finish_button.setVisible(editable)
        self.photo_strip.set_editable(editable)
        if editable and self.job is not None and self.job.get("state") not in FINISHABLE_STATES:
            # a finished job's report can be corrected until it is reviewed; it stays finished
            self.finish_button.setVisible(False)
            self.save_button.setText(tr("Save correction (Ctrl+S)"))

    def _changed(self, widget: QWidget) -> None:
        if self._filling:
            return
        self.dirty = True
        self.feedback.field_changed(widget)

    def _signed_toggled(self, on: bool) -> None:
        self.signed_at.setEnabled(on and self.editable())
        if on and not self._filling:
            self._show_signed_at(None)

    def _show_signed_at(self, moment: datetime | None) -> None:
        """`moment` (None: now) on the shop's clock, which is what the editor shows."""
        local = shop_time.to_shop_time(moment or datetime.now(shop_time.zone()))
        self.signed_at.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                             QTime(local.hour, local.minute)))

    def _work_type_toggled(self, on: bool, quantity: QLineEdit) -> None:
        quantity.setEnabled(on and self.editable())
        if on and not quantity.text():
            quantity.setText("1")
        if on:
            quantity.setFocus()
        self._changed(self.work_types)

    def has_unsaved_changes(self) -> bool:
        return self.dirty and self.editable()

    # -- the report ----------------------------------------------------------------------
    def report_values(self) -> WorkReport:
        """What the form holds, checked as far as a form can (the server checks again)."""
        assert self.job is not None
        done: list[WorkDone] = []
        for wid, (box, quantity) in self.quantities.items():
            if not box.isChecked():
                continue
            try:
                amount = Decimal(quantity.text().strip() or "1")
            except InvalidOperation:
                amount = Decimal(0)
            done.append(WorkDone(work_type_id=wid, quantity=amount))
        hours_text = self.hours.text().strip()
        try:
            hours = Decimal(hours_text) if hours_text else None
        except InvalidOperation:
            hours = None
        signed_at = None
        if self.signed.isChecked():
            typed = self.signed_at.dateTime()
            day, clock = typed.date(), typed.time()
            signed_at = shop_time.from_shop_wall_clock(datetime(
                day.year(), day.month(), day.day(), clock.hour(), clock.minute()))
        return WorkReport(
            job_id=int(self.job["id"]), version=int(self.job["version"]), work_types=done,
            hours=hours, result=self.result_choice.currentData(),
            fault_cause=self.fault_cause.currentText().strip(),
            action=self.action.currentText().strip(), notes=self.notes.toPlainText().strip(),
            customer_signed=self.signed.isChecked(), signed_at=signed_at)

    def _shortcut(self, finish: bool) -> None:
        button = self.finish_button if finish else self.save_button
        if button.isVisible() and button.isEnabled():
            self.save(finish=finish)

    def save(self, *, finish: bool) -> None:
        if not self.editable() or self.job is None:
            return
        report = self.report_values()
        if finish:
            try:
                report.check_finish()
            except Refused as exc:  # on the field the report lacks
                self.feedback.show([exc])
                return
        assert self.row is not None
        ticket_id = int(self.row["ticket_id"])
        self.save_button.setEnabled(False)
        self.finish_button.setEnabled(False)
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: jobs.report(conn, report, finish=finish),
                     changes=Changes.of("dispatch") | Changes.record("ticket", ticket_id),
                     success=lambda job: self._saved(job, finish)).failure(
            self._refused).run_in_background()

    def _refused(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.finish_button.setEnabled(True)
        if isinstance(exc, Refused) and exc.code in STALE_CODES:
            # someone (the dispatcher on the technician's behalf) saved it meanwhile
            self.feedback.show_failure(exc)
            answer = QMessageBox.question(self, tr("Work report"), user_error_text(exc)
                                          + "\n\n" + tr("Reload the work report now?"))
            if answer == QMessageBox.StandardButton.Yes:
                self.dirty = False
                self.load()
            return
        if isinstance(exc, Refused) and exc.code == "report_incomplete":
            # the server names what is missing (by its label): show it at that field
            missing = exc.arguments.get("missing")
            field_name = next((key for key, label in REPORT_FIELDS.items()
                               if missing in (key, label)), None)
            if field_name is not None:
                exc = on_field(exc, field_name)
        self.feedback.show_failure(exc)

    def _saved(self, result: Any, finish: bool) -> None:
        self.save_button.setEnabled(True)
        self.finish_button.setEnabled(True)
        saved = job_of(result) if isinstance(result, dict) and "job" in result else result
        if self.job is not None and isinstance(saved, dict):
            self.job.update({k: saved[k] for k in ("version", "state") if k in saved})
        self.dirty = False
        if finish:
            self.finished_job.emit(str((self.row or {}).get("number") or ""))
            super().done(QDialog.DialogCode.Accepted)
            return
        self.feedback.show_saved()

    def add_photo_file(self, path: Path) -> bool:
        """Store one photo from a file (checked first); False when it was refused."""
        return self.photo_strip.add_file(path)

    # -- closing -------------------------------------------------------------------------
    def done(self, result: int) -> None:
        if confirm_discard(self, self.has_unsaved_changes(),
                           tr("The work report has unsaved changes. Discard them?")):
            super().done(result)

    def closeEvent(self, event: Any) -> None:
        if confirm_discard(self, self.has_unsaved_changes(),
                           tr("The work report has unsaved changes. Discard them?")):
            event.accept()
        else:
            event.ignore()


def _when(value: Any) -> str:
    return shop_time.format_datetime(value) if value else ""


def _plain(value: Any) -> str:
    """'1' for 1.00, '1.5' for 1.50: a quantity as the operator would type it."""
    return format(Decimal(str(value)).normalize(), "f")

