"""Assigning a job (指派): to whom, which work, when the technician calls on the customer,
and why, when the dispatcher changes what was decided before.

The dialog sends the assignment itself (one CollectionOp, one server call) and stays
open on a refusal, with the reason at its field:
- a technician without the job's work type or region (dispatch_work_type_mismatch,
  dispatch_region_mismatch): the dispatcher may override, so the dialog shows the
  message, asks for the override reason and sends again with it;
- a visit that overlaps another of the technician's (visit_overlap): the message names
  the clashing ticket and time, at the visit's start;
- anything else at its field, or in the summary; never a driver's text.
It closes once the server took the assignment (`assigned_job` holds the job it returned).

An on-site job for a technician needs the visit's start and end: prefilled from the
booked visit (reassigning), else the appointment given at intake, and an end that many
standard hours of the work type later.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.domain.refusals import on_field, refuse
from aftersales_desktop.domain.tickets import VISITS
from aftersales_desktop.services.dispatch import assign as dispatch
from aftersales_desktop.services.errors import user_error

from ..dialog_form import form, ok_cancel
from ..field_limits import limit_date, limit_text
from ..forms import FieldFeedback
from ..i18n import tr
from ..operations import Changes, CollectionOp
from .board_panels import active_job, assignee_key, assignee_name, booked_visit, moment

# the refusals a dispatcher may override with a reason (the database records it)
OVERRIDABLE = ("dispatch_work_type_mismatch", "dispatch_region_mismatch")
DEFAULT_VISIT = timedelta(hours=1)
VISIT_MAX_HOURS = 24  # app.visit: at most a day


def dispatch_changes(ticket_id: int) -> Changes:
    """What an assignment changes: the board (and lists of jobs) and the ticket's tab."""
    return Changes.of("dispatch", "tickets") | Changes.record("ticket", ticket_id)


def _wall_clock(value: datetime) -> QDateTime:
    shop = shop_time.to_shop_time(value)
    return QDateTime(QDate(shop.year, shop.month, shop.day), QTime(shop.hour, shop.minute))


def _datetime_edit(name: str) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    # a visit's start is the ticket's appointment; its end lies in the same span
    return limit_date(edit, "ticket", "appointment_at")


def _hours(value: Any) -> timedelta | None:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return timedelta(minutes=int(hours * 60)) if hours > 0 else None


def next_full_hour(now: datetime | None = None) -> datetime:
    now = shop_time.to_shop_time(now or datetime.now(shop_time.zone()))
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


class AssignDialog(QDialog):
    """Assign (or reassign) one job of the board; `assignee` is preselected."""

    def __init__(self, database: Database, job: dict[str, Any], *,
                 technicians: list[dict[str, Any]], outlets: list[dict[str, Any]],
                 work_types: list[dict[str, Any]], assignee: tuple[str, int] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assign_dialog")
        self.database = database
        self.job = job
        self.ticket_id = int(job["ticket_id"])
        self.active = active_job(job)
        self.current = assignee_key(self.active)
        self.on_site = job.get("visit") == "on_site"
        self.assigned_job: dict[str, Any] | None = None
        self.sending = False
        # the mismatch the server refused, once it asked for an override reason
        self.override_refusal: ValidationError | None = None
        self.hours = {int(w["id"]): _hours(w.get("standard_hours")) for w in work_types}
        number = str(job.get("number") or "")
        self.setWindowTitle((tr("Reassign {number}") if self.active else
                             tr("Assign {number}")).format(number=number))

        about = QLabel(self._about())
        about.setObjectName("assign_about")
        about.setWordWrap(True)
        self.assignee = QComboBox()
        self.assignee.setObjectName("assignee")
        for technician in technicians:
            grade = str(technician.get("grade") or "")
            label = f"{technician.get('name')} ({grade})" if grade else str(technician["name"])
            self.assignee.addItem(label, ("technician", int(technician["id"])))
        for outlet in outlets:
            self.assignee.addItem(tr("{outlet} (outlet)").format(outlet=outlet.get("name")),
                                  ("outlet", int(outlet["id"])))
        wanted = assignee or self.current
        # findData does not compare Python tuples: look for the assignee's key by hand
        keys = [self.assignee.itemData(i) for i in range(self.assignee.count())]
        if wanted in keys:
            self.assignee.setCurrentIndex(keys.index(wanted))
        self.work_type = QComboBox()
        self.work_type.setObjectName("work_type")
        self.work_type.addItem(tr("(as the ticket says)"), None)
        for work_type in work_types:
            self.work_type.addItem(str(work_type.get("name") or ""), int(work_type["id"]))
        chosen = (self.active or {}).get("work_type_id") or job.get("work_type_id")
        if chosen is not None and self.work_type.findData(int(chosen)) >= 0:
            self.work_type.setCurrentIndex(self.work_type.findData(int(chosen)))

        self.start = _datetime_edit("visit_start")
        self.end = _datetime_edit("visit_end")
        start, end = self._prefill()
        self.start.setDateTime(_wall_clock(start))
        self.end.setDateTime(_wall_clock(end))
        self._duration = end - start
        self.start.dateTimeChanged.connect(self._start_moved)
        self.work_type.currentIndexChanged.connect(self._work_type_changed)
        self.assignee.currentIndexChanged.connect(self._assignee_changed)

        self.reason = limit_text(QLineEdit(), "job_event", "reason")
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(tr("Why the job goes to someone else"))
        self.override_note = QLabel()
        self.override_note.setObjectName("override_note")
        self.override_note.setWordWrap(True)
        self.override_reason = limit_text(QLineEdit(), "job", "override_reason")
        self.override_reason.setObjectName("override_reason")
        self.override_reason.setPlaceholderText(tr("Why this assignee all the same"))
        self.summary = QLabel()
        self.summary.setObjectName("assign_summary")
        self.feedback = FieldFeedback({
            "assignee": self.assignee, "technician_id": self.assignee,
            "outlet_id": self.assignee, "work_type_id": self.work_type,
            "visit_start": self.start, "visit_end": self.end, "visit": self.start,
            "reason": self.reason, "override_reason": self.override_reason}, self.summary)
        self.buttons = ok_cancel(self, on_ok=self.send)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Reassign") if self.active else tr("Assign"))
        ok.setObjectName("assign_ok")
        self.layout_form = form([
            about, (tr("Assign to"), self.assignee), (tr("Work type"), self.work_type),
            (tr("Visit from"), self.start), (tr("Visit until"), self.end),
            (tr("Reason") + " *", self.reason), self.override_note,
            (tr("Override reason") + " *", self.override_reason),
            self.summary, self.buttons], parent=self)
        for widget in (self.assignee, self.work_type, self.start, self.end, self.reason,
                       self.override_reason):
            signal = (widget.dateTimeChanged if isinstance(widget, QDateTimeEdit)
                      else widget.currentIndexChanged if isinstance(widget, QComboBox)
                      else widget.textChanged)
            signal.connect(lambda *_a, w=widget: self.feedback.field_changed(w))
        self._set_row_visible(self.override_reason, False)
        self.override_note.hide()
        self.assignee.currentIndexChanged.connect(self._other_assignee)
        self._assignee_changed()
        if self.assignee.count() == 0:
            ok.setEnabled(False)
            self.feedback.show_message(tr("There is no active technician or service outlet "
                                          "to assign to."))
        self.setTabOrder(self.assignee, self.work_type)
        self.setTabOrder(self.work_type, self.start)
        self.setTabOrder(self.start, self.end)
        self.setTabOrder(self.end, self.reason)
        self.setTabOrder(self.reason, self.override_reason)
        (self.start if self.needs_visit() else self.reason if self.active
         else self.assignee).setFocus()

    # -- what the dialog shows ---------------------------------------------------------------
    def _about(self) -> str:
        job = self.job
        kind = tr(VISITS.get(str(job.get("visit")), str(job.get("visit") or "")))
        parts = [f"{job.get('number', '')}  {kind}",
                 str(job.get("customer_name") or ""),
                 str(job.get("address") or ""), str(job.get("fault") or "")]
        appointment = moment(job.get("appointment_at"))
        if appointment is not None:
            parts.append(tr("Appointment {time}").format(
                time=shop_time.format_datetime(appointment)))
        if self.active is not None:
            parts.append(tr("Now assigned to {name}").format(name=assignee_name(self.active)))
        return "\n".join(p for p in parts if p.strip())

    def _prefill(self) -> tuple[datetime, datetime]:
        booked = booked_visit(self.active) or {}
        booked_start, booked_end = moment(booked.get("start")), moment(booked.get("end"))
        if booked_start is not None and booked_end is not None:
            return booked_start, booked_end
        start = moment(self.job.get("appointment_at")) or next_full_hour()
        return start, start + (self._standard_hours() or DEFAULT_VISIT)

    def _standard_hours(self) -> timedelta | None:
        work_type = self.work_type.currentData()
        if work_type is None:
            work_type = self.job.get("work_type_id")
        hours = self.hours.get(int(work_type)) if work_type is not None else None
        return hours or _hours(self.job.get("standard_hours"))

    def _set_row_visible(self, field: QWidget, visible: bool) -> None:
        label = self.layout_form.labelForField(field)
        field.setVisible(visible)
        if label is not None:
            label.setVisible(visible)

    def needs_visit(self) -> bool:
        """An on-site job for a technician books the technician's time."""
        key = self.assignee.currentData()
        return self.on_site and key is not None and key[0] == "technician"

    def changes_assignee(self) -> bool:
        return self.current is not None and self.assignee.currentData() != self.current

    def _other_assignee(self, *_args: Any) -> None:
        """An override was for the assignee the server refused, not for another one."""
        if self.override_refusal is not None:
            self.override_refusal = None
            self.override_reason.clear()
            self.override_note.hide()
            self._set_row_visible(self.override_reason, False)

    def _assignee_changed(self, *_args: Any) -> None:
        self._set_row_visible(self.start, self.needs_visit())
        self._set_row_visible(self.end, self.needs_visit())
        self._set_row_visible(self.reason, self.active is not None)

    def _start_moved(self, *_args: Any) -> None:
        self.end.setDateTime(self.start.dateTime().addSecs(int(self._duration.total_seconds())))

    def _work_type_changed(self, *_args: Any) -> None:
        hours = self._standard_hours()
        if hours is not None:
            self._duration = hours
            self._start_moved()

    def ask_override(self, error: ValidationError) -> None:
        """The server refused the assignee for this job; a reason lets it through."""
        self.override_refusal = error
        self.override_note.setText(tr("{refusal}\nGive a reason to assign all the same; it "
                                      "is recorded with the job.").format(
                                          refusal=error.text(tr)))
        self.override_note.show()
        self._set_row_visible(self.override_reason, True)
        self.feedback.show([on_field(error, "override_reason")])
        self.override_reason.setFocus()

    # -- sending ---------------------------------------------------------------------------
    def _time(self, edit: QDateTimeEdit) -> datetime:
        value = edit.dateTime().toPython()
        assert isinstance(value, datetime)
        return shop_time.from_shop_wall_clock(value.replace(second=0, microsecond=0))

    def visit_times(self) -> tuple[datetime, datetime]:
        """The visit's start and end as typed (aware, on the shop's clock)."""
        return self._time(self.start), self._time(self.end)

    def check(self) -> dict[str, Any]:
        """What the assignment sends, or the ValidationError of the field to correct."""
        key = self.assignee.currentData()
        assert key is not None  # OK is disabled while there is nobody to assign to
        values: dict[str, Any] = {"ticket_id": self.ticket_id,
                                  "work_type_id": self.work_type.currentData()}
        values["technician_id" if key[0] == "technician" else "outlet_id"] = key[1]
        if self.needs_visit():
            start, end = self.visit_times()
            if end <= start:
                raise refuse("visit_range", field="visit_end", hours=VISIT_MAX_HOURS)
            values.update(visit_start=start, visit_end=end)
        if self.active is not None:
            values["version"] = self.active.get("version")
            if self.changes_assignee() and not self.reason.text().strip():
                raise refuse("dispatch_reason_required", field="reason",
                             assignee=assignee_name(self.active))
            values["reason"] = self.reason.text().strip()
        if self.override_refusal is not None:
            if not self.override_reason.text().strip():
                # the refusal again: only a reason lets this assignee through
                raise on_field(self.override_refusal, "override_reason")
            values["override_reason"] = self.override_reason.text().strip()
        return values

    def send(self) -> None:
        if self.sending:
            return
        try:
            values = self.check()
        except ValidationError as exc:
            self.feedback.show([exc])
            return

        def assign(conn: Any) -> dict[str, Any]:
            result: dict[str, Any] = dispatch.assign(conn, **values)
            return result

        self.sending = True
        self.buttons.setEnabled(False)
        CollectionOp(parent=self, database=self.database, op=assign, atomic=False,
                     changes=dispatch_changes(self.ticket_id),
                     success=self._assigned).failure(self._refused).run_in_background()

    def _assigned(self, job: dict[str, Any]) -> None:
        self.sending = False
        self.assigned_job = job
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.sending = False
        self.buttons.setEnabled(True)
        error = user_error(exc)
        code = getattr(error, "code", "")
        if isinstance(error, ValidationError) and code in OVERRIDABLE:
            self.ask_override(error)
        elif isinstance(error, ValidationError) and code == "visit_overlap":
            self.feedback.show([on_field(error, "visit_start")])
        else:
            self.feedback.show_failure(error if error is not None else exc)
