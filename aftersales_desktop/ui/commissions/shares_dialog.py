"""A job's shares (分成): which technicians share its commission and by how much.

One row per technician with their share in %; what is left of 100 % shows as it is
typed (green at exactly 0, orange otherwise), "Split evenly" shares 100 % among the
rows (33.34 / 33.33 / 33.33). Save sends the whole list in one server call
(app.job_shares_set); the job's own technician alone at 100 % is sent as no shares (the
default, which follows the job if it is reassigned). A refusal shows in the summary;
a stale job (someone changed it meanwhile) offers to reload, as the work report does.
A job that is reviewed or cancelled, or an outlet's, opens read-only and says why.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import Refused, ValidationError
from aftersales_desktop.domain.commission_shares import (
    HUNDRED,
    SHARES_MAX,
    Share,
    check_shares,
    even_shares,
    remainder,
)
from aftersales_desktop.domain.dispatch import JOB_STATES
from aftersales_desktop.services.commissions import lines

from ..dialog_form import fit_text
from ..field_limits import limit_number
from ..forms import ERROR_STYLE, OK_STYLE, FieldFeedback
from ..i18n import tr, user_error_text
from ..operations import Changes, CollectionOp, QueryOp

STALE_CODES = ("document_stale", "job_stale")  # as the work report (report_dialog.py)
LEFT_STYLE = "color: #d46b08; font-weight: bold;"


def share_text(value: Decimal) -> str:
    return f"{value:.2f}"


def parse_share(text: str) -> Decimal | None:
    """A share as typed ("60", "33.33"); None when empty or no number."""
    raw = text.replace("%", "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class ShareRow:
    """One technician and their share: a choice, a % field, a Remove button."""

    def __init__(self, dialog: JobSharesDialog, technicians: list[dict[str, Any]]) -> None:
        self.technician = QComboBox()
        self.technician.setObjectName("share_technician")
        for technician in technicians:
            grade = str(technician.get("grade") or "")
            name = str(technician.get("name") or "")
            self.technician.addItem(f"{name} ({grade})" if grade else name,
                                    int(technician["id"]))
        self.share = limit_number(QLineEdit(), "job_share", "share")
        self.share.setObjectName("share_percent")
        self.share.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.share.setPlaceholderText("0.00")
        self.remove = QPushButton(tr("Remove"))
        self.remove.setObjectName("share_remove")
        self.remove.setAutoDefault(False)
        self.share.textChanged.connect(lambda _t: dialog.shares_changed())
        self.technician.currentIndexChanged.connect(lambda _i: dialog.shares_changed())
        self.remove.clicked.connect(lambda _c=False: dialog.remove_row(self))

    def employee_id(self) -> int | None:
        found = self.technician.currentData()
        return int(found) if found is not None else None

    def value(self) -> Decimal | None:
        return parse_share(self.share.text())

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.technician, self.share, self.remove)


class JobSharesDialog(QDialog):
    """The shares of one job; `saved` holds what the server returned after a save."""

    def __init__(self, database: Database, job_id: int, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("job_shares_dialog")
        self.database = database
        self.job_id = job_id
        self.job: dict[str, Any] | None = None
        self.technicians: list[dict[str, Any]] = []
        self.names: dict[int, str] = {}
        self.rows: list[ShareRow] = []
        self.saved: dict[str, Any] | None = None
        self.sending = False
        self.editable = False
        self.setWindowTitle(tr("Shares"))

        self.heading = QLabel()
        self.heading.setObjectName("shares_heading")
        self.heading.setStyleSheet("font-size: 14px; font-weight: bold;")
        self.about = QLabel(tr("Loading…"))
        self.about.setObjectName("shares_about")
        self.about.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 1)
        self.grid.addWidget(QLabel(tr("Technician")), 0, 0)
        self.grid.addWidget(QLabel(tr("Share (%)")), 0, 1)
        self.add_button = QPushButton(tr("Add technician"))
        self.add_button.setObjectName("shares_add")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda _c=False: self.add_row())
        self.even_button = QPushButton(tr("Split evenly"))
        self.even_button.setObjectName("shares_even")
        self.even_button.setAutoDefault(False)
        self.even_button.clicked.connect(lambda _c=False: self.split_evenly())
        self.left = QLabel()
        self.left.setObjectName("shares_left")
        self.left.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.summary = QLabel()
        self.summary.setObjectName("shares_summary")
        self.feedback = FieldFeedback({}, self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("shares_save")

        tools = QHBoxLayout()
        tools.addWidget(self.add_button)
        tools.addWidget(self.even_button)
        tools.addStretch(1)
        tools.addWidget(self.left)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.about)
        layout.addLayout(self.grid)
        layout.addLayout(tools)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        fit_text(self)
        self.resize(520, 320)
        self._set_editable(False)
        self.load()

    # -- loading -------------------------------------------------------------------------
    def load(self) -> None:
        job_id = self.job_id
        QueryOp(parent=self, database=self.database,
                op=lambda conn: lines.job_shares(conn, job_id),
                success=self._loaded).failure(self._load_failed).run_in_background()

    def _load_failed(self, exc: BaseException) -> None:
        self.about.setText("")
        self.feedback.show_failure(exc)

    def _loaded(self, found: dict[str, Any]) -> None:
        job = found["job"]
        self.job = job
        self.technicians = list(found.get("technicians") or [])
        self.names = {int(t["id"]): str(t.get("name") or "") for t in self.technicians}
        shares = [(int(s["employee_id"]), Decimal(str(s["share"])))
                  for s in found.get("shares") or []]
        # a technician no longer active who holds a share still shows by name
        for employee_id, _share in shares:
            if employee_id not in self.names:
                self.names[employee_id] = str(employee_id)
                self.technicians.append({"id": employee_id, "name": str(employee_id)})
        self.heading.setText(tr("Shares of {number}").format(
            number=job.get("ticket_number") or ""))
        self.setWindowTitle(tr("Shares of {number}").format(
            number=job.get("ticket_number") or ""))
        for row in list(self.rows):
            self._drop_row(row)
        if not shares and job.get("technician_id") is not None:
            shares = [(int(job["technician_id"]), HUNDRED)]
        for employee_id, share in shares:
            self.add_row(employee_id, share)
        state = str(job.get("state") or "")
        editable = state in lines.SHARE_STATES and job.get("assignee_kind") == "technician"
        self.about.setText(self._about(job, editable))
        self._set_editable(editable)
        self.feedback.clear()
        self.shares_changed()
        if editable and self.rows:
            self.rows[0].share.setFocus()

    def _about(self, job: dict[str, Any], editable: bool) -> str:
        state = str(job.get("state") or "")
        if job.get("assignee_kind") != "technician":
            return tr("The job is an outlet's ({outlet}): the outlet is paid the whole "
                      "commission; there is nothing to share.").format(
                          outlet=job.get("outlet") or "")
        if not editable:
            return tr("The job is {state}: its shares can no longer change.").format(
                state=tr(JOB_STATES.get(state, state)))
        return tr("The job's commission is split among these technicians; the shares "
                  "add up to 100 %. Without shares, {name} gets it all.").format(
                      name=job.get("technician") or "")

    def _set_editable(self, editable: bool) -> None:
        self.editable = editable
        for row in self.rows:
            for widget in row.widgets():
                widget.setEnabled(editable)
        self.add_button.setEnabled(editable and len(self.rows) < SHARES_MAX)
        self.even_button.setEnabled(editable and bool(self.rows))
        self.save_button.setEnabled(editable)

    # -- rows ------------------------------------------------------------------------------
    def add_row(self, employee_id: int | None = None, share: Decimal | None = None) -> ShareRow:
        row = ShareRow(self, self.technicians)
        if employee_id is None:
            taken = {r.employee_id() for r in self.rows}
            employee_id = next((int(t["id"]) for t in self.technicians
                                if int(t["id"]) not in taken), None)
        if employee_id is not None:
            row.technician.setCurrentIndex(max(row.technician.findData(employee_id), 0))
        if share is not None:
            row.share.setText(share_text(share))
        index = len(self.rows) + 1
        for column, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, index, column)
        self.rows.append(row)
        self._set_editable(self.editable)
        self.shares_changed()
        if employee_id is not None and share is None and self.isVisible():
            row.share.setFocus()
        return row

    def _drop_row(self, row: ShareRow) -> None:
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.rows.remove(row)

    def remove_row(self, row: ShareRow) -> None:
        self._drop_row(row)
        # the rows below move up one line
        for index, other in enumerate(self.rows, start=1):
            for column, widget in enumerate(other.widgets()):
                self.grid.addWidget(widget, index, column)
        self._set_editable(self.editable)
        self.shares_changed()

    def split_evenly(self) -> None:
        for row, share in zip(self.rows, even_shares(len(self.rows)), strict=True):
            row.share.setText(share_text(share))

    def shares(self) -> list[Share]:
        """The rows as (employee id, share); an empty or unreadable share counts as 0."""
        return [(e, row.value() or Decimal(0)) for row in self.rows
                if (e := row.employee_id()) is not None]

    def left_over(self) -> Decimal:
        return remainder([row.value() for row in self.rows])

    def shares_changed(self) -> None:
        left = self.left_over()
        if not self.rows:
            self.left.setText(tr("No shares: {name} gets it all").format(
                name=(self.job or {}).get("technician") or ""))
            self.left.setStyleSheet(OK_STYLE)
        elif left == 0:
            self.left.setText(tr("Shares add up to 100 %"))
            self.left.setStyleSheet(OK_STYLE)
        elif left > 0:
            self.left.setText(tr("Left to share: {percent} %").format(percent=share_text(left)))
            self.left.setStyleSheet(LEFT_STYLE)
        else:
            self.left.setText(tr("Over 100 % by {percent} %").format(
                percent=share_text(-left)))
            self.left.setStyleSheet(ERROR_STYLE)
        if self.summary.isVisible():
            self.feedback.clear()

    # -- saving ----------------------------------------------------------------------------
    def check(self) -> list[Share]:
        """What the save sends (no shares for the job's technician alone at 100 %), or
        the ValidationError to show."""
        shares = check_shares(self.shares(), self.names)
        technician = (self.job or {}).get("technician_id")
        if len(shares) == 1 and shares[0] == (technician, HUNDRED):
            return []
        return shares

    def send(self) -> None:
        if self.sending or not self.editable or self.job is None:
            return
        try:
            shares = self.check()
        except ValidationError as exc:
            self.feedback.show_failure(exc)
            return
        job_id, version = int(self.job["id"]), int(self.job["version"])
        ticket_id, names = int(self.job["ticket_id"]), dict(self.names)
        self.sending = True
        self.save_button.setEnabled(False)
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: lines.set_shares(conn, job_id=job_id, version=version,
                                                      shares=shares, names=names),
                     changes=Changes.of("dispatch", "commissions")
                     | Changes.record("ticket", ticket_id),
                     success=self._saved).failure(self._refused).run_in_background()

    def _saved(self, found: dict[str, Any]) -> None:
        self.sending = False
        self.saved = found
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.sending = False
        self.save_button.setEnabled(self.editable)
        self.feedback.show_failure(exc)
        if isinstance(exc, Refused) and exc.code in STALE_CODES:
            answer = QMessageBox.question(self, tr("Shares"), user_error_text(exc)
                                          + "\n\n" + tr("Reload the job's shares now?"))
            if answer == QMessageBox.StandardButton.Yes:
                self.load()
