"""计算本月: the month run, part after part, with a progress dialog.

`app.commission_month_run` computes 25 payees per call, each part its own transaction;
part 0's answer says how many parts the month has. Each part runs in a worker
(CollectionOp, autocommit: one server call), the next starts when one is done, so the
GUI never waits and Cancel stops safely between parts (what is done stays done; running
the month again computes the rest, and an unchanged payee is left as it is).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from aftersales_desktop.core.db import Database
from aftersales_desktop.services.commissions import month as months

from ..i18n import tr
from ..operations import CollectionOp
from .statement_view import month_text

SHOW_AFTER_MS = 400  # quick runs do not flash a dialog


class MonthRun(QObject):
    """One run of a month: `finished(outcome)` with {"parts", "done", "payees",
    "changed", "cancelled"}, or `failed(exc)`."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, database: Database, month: date, *, parent: QWidget) -> None:
        super().__init__(parent)
        self.database = database
        self.month = month
        self.page = parent
        self.parts = 0
        self.done = 0
        self.payees = 0
        self.changed = 0
        self.cancelled = False
        self.running = False
        self.dialog = QProgressDialog(
            tr("Computing the commissions of {month}…").format(month=month_text(month)),
            tr("Cancel"), 0, 0, parent)
        self.dialog.setObjectName("month_run_progress")
        self.dialog.setWindowTitle(tr("Run the month"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)

    def start(self) -> None:
        self.running = True
        self.dialog.setValue(0)
        self._run(0)

    def cancel(self) -> None:
        """Stop after the part that is running (its transaction finishes or not at all)."""
        if self.running:
            self.cancelled = True
            self.dialog.setLabelText(tr("Stopping after this part…"))

    def _run(self, part: int) -> None:
        month = self.month
        CollectionOp(parent=self.page, database=self.database,
                     op=lambda conn: months.run_part(conn, month, part),
                     changes=months.CHANGES, atomic=False).success(
                         self._part_done).failure(self._failed).run_in_background()

    def _part_done(self, answer: dict[str, Any]) -> None:
        self.parts = max(int(answer.get("parts") or 0), 1)
        self.done = int(answer.get("part") or 0) + 1
        self.payees += int(answer.get("payees") or 0)
        self.changed += int(answer.get("changed") or 0)
        total = int(answer.get("total_payees") or 0)
        self.dialog.setMaximum(self.parts)
        self.dialog.setValue(self.done)
        if not self.cancelled:
            self.dialog.setLabelText(tr("Computing the commissions of {month}: {done} of "
                                        "{total} payees…").format(
                month=month_text(self.month), done=self.payees, total=total))
        if self.done < self.parts and not self.cancelled:
            self._run(self.done)
            return
        self._close()
        self.finished.emit({"parts": self.parts, "done": self.done, "payees": self.payees,
                            "changed": self.changed,
                            "cancelled": self.done < self.parts})

    def _failed(self, exc: BaseException) -> None:
        self._close()
        self.failed.emit(exc)

    def _close(self) -> None:
        self.running = False
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()
