"""回访设置: the callback rules per service mode (which rounds, how many days after the
ticket is done, for how long), the survey questions (add, rename, order, deactivate) and
the shop's thresholds (attempts, freeze hours, the complaint score, deadlines,
escalation).

Read in one query (services/callbacks/settings.py `read`); each tab saves in one
transaction. The rules and questions need masterdata.edit, the thresholds
settings.admin: a tab the operator may not change shows read-only, its Save hidden.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain import complaints
from aftersales_desktop.domain.audit_labels import SERVICE_MODES
from aftersales_desktop.domain.callbacks import DIMENSIONS, QUESTION_KINDS, TASK_KINDS
from aftersales_desktop.services.callbacks import settings
from aftersales_desktop.services.callbacks.settings import SEVERITIES, THRESHOLDS, threshold
from aftersales_desktop.services.session import OperatorSession

from ..field_limits import limit_text
from ..forms import ERROR_STYLE, OK_STYLE
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp
from .survey_parts import question_text

RULE_COLUMNS = [QT_TR_NOOP("Service mode"), QT_TR_NOOP("Round"), QT_TR_NOOP("Kind"),
                QT_TR_NOOP("Days after done"), QT_TR_NOOP("Open for days"),
                QT_TR_NOOP("Active")]
QUESTION_COLUMNS = [QT_TR_NOOP("Question"), QT_TR_NOOP("Code"), QT_TR_NOOP("Kind"),
                    QT_TR_NOOP("Dimension"), QT_TR_NOOP("Active")]
THRESHOLD_LABELS: dict[str, str] = {
    "callback_max_attempts": QT_TR_NOOP("Failed calls before a task is unreachable"),
    "survey_freeze_hours": QT_TR_NOOP("Hours until a survey is frozen"),
    "complaint_score_threshold": QT_TR_NOOP(
        "A score at or below this opens a complaint (0: never)"),
    "complaint_escalation_hours": QT_TR_NOOP("Hours to the next deadline after an "
                                             "escalation"),
}


def _combo(choices: dict[str, str], value: Any, *, none: str | None = None) -> QComboBox:
    combo = QComboBox()
    if none is not None:
        combo.addItem(none, None)
    for code, label in choices.items():
        combo.addItem(tr(label), code)
    combo.setCurrentIndex(max(combo.findData(value), 0))
    return combo


def _spin(low: int, high: int, value: Any) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(int(value))
    return spin


def _check(value: Any) -> QWidget:
    box = QCheckBox()
    box.setChecked(bool(value))
    return box


class CallbackSettingsPage(QWidget):
    def __init__(self, database: Database, session: OperatorSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callback_settings")
        self.database = database
        self.session = session
        self.can_edit = session.can("masterdata.edit")
        self.can_admin = session.can("settings.admin")
        self.data: dict[str, Any] | None = None
        self.loaded_once = False
        self.rules_rows: list[dict[str, Any] | None] = []  # None: a new round
        self.question_rows: list[dict[str, Any] | None] = []

        self.rules = self._table("callback_rules", RULE_COLUMNS)
        self.add_rule_button = QPushButton(tr("Add a round"))
        self.add_rule_button.clicked.connect(lambda: self.add_rule())
        self.save_rules_button = QPushButton(tr("Save rules"))
        self.save_rules_button.setObjectName("save_rules")
        self.save_rules_button.clicked.connect(self.save_rules)
        rules_tab = self._tab(
            tr("A finished ticket is called back once per active round of its service "
               "mode: the task is due the given days after the ticket is done and stays "
               "open for the given days."),
            self.rules, [self.add_rule_button, self.save_rules_button], self.can_edit)

        self.questions = self._table("survey_questions", QUESTION_COLUMNS)
        self.questions.horizontalHeader().setStretchLastSection(False)
        self.questions.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.add_question_button = QPushButton(tr("Add a question"))
        self.add_question_button.clicked.connect(lambda: self.add_question())
        self.up_button = QPushButton(tr("Move up"))
        self.up_button.clicked.connect(lambda: self.move_question(-1))
        self.down_button = QPushButton(tr("Move down"))
        self.down_button.clicked.connect(lambda: self.move_question(1))
        self.save_questions_button = QPushButton(tr("Save questions"))
        self.save_questions_button.setObjectName("save_questions")
        self.save_questions_button.clicked.connect(self.save_questions)
        questions_tab = self._tab(
            tr("The survey asks the active questions in this order. A question is never "
               "deleted (earlier surveys answered it): clear Active instead."),
            self.questions, [self.add_question_button, self.up_button, self.down_button,
                             self.save_questions_button], self.can_edit)

        self.threshold_spins: dict[str, QSpinBox] = {}
        self.deadline_spins: dict[str, QSpinBox] = {}
        thresholds = QWidget()
        form = QFormLayout()
        for key, label in THRESHOLD_LABELS.items():
            low, high, default = THRESHOLDS[key]
            spin = _spin(low, high, default)
            spin.setObjectName(f"threshold_{key}")
            self.threshold_spins[key] = spin
            form.addRow(tr(label), spin)
        low, high, defaults = THRESHOLDS["complaint_deadline_hours"]
        for severity in SEVERITIES:
            spin = _spin(low, high, defaults[severity])
            spin.setObjectName(f"deadline_{severity}")
            self.deadline_spins[severity] = spin
            form.addRow(tr("Hours to resolve a {severity} complaint").format(
                severity=tr(complaints.SEVERITIES[severity])), spin)
        self.save_thresholds_button = QPushButton(tr("Save thresholds"))
        self.save_thresholds_button.setObjectName("save_thresholds")
        self.save_thresholds_button.clicked.connect(self.save_thresholds)
        self.save_thresholds_button.setVisible(self.can_admin)
        for spin in (*self.threshold_spins.values(), *self.deadline_spins.values()):
            spin.setEnabled(self.can_admin)
        column = QVBoxLayout(thresholds)
        column.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.save_thresholds_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.addTab(rules_tab, tr("Callback rules"))
        self.tabs.addTab(questions_tab, tr("Survey questions"))
        self.tabs.addTab(thresholds, tr("Thresholds"))
        self.message = QLabel()
        self.message.setObjectName("callback_settings_message")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.refresh()

    @staticmethod
    def _table(name: str, columns: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(columns))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels([tr(c) for c in columns])
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    @staticmethod
    def _tab(explanation: str, table: QTableWidget, buttons: list[QPushButton],
             editable: bool) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        text = QLabel(explanation)
        text.setWordWrap(True)
        column.addWidget(text)
        column.addWidget(table, 1)
        row = QHBoxLayout()
        for button in buttons:
            button.setVisible(editable)
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        table.setEnabled(True)
        return tab

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        QueryOp(parent=self, database=self.database, op=settings.read,
                success=self._show).failure(self._failed).run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self.say(error_text(exc), ok=False)

    def say(self, text: str, *, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def _show(self, data: dict[str, Any]) -> None:
        self.data = data
        self.rules.setRowCount(0)
        self.rules_rows = []
        for rule in data.get("rules") or []:
            self.add_rule(rule)
        self.questions.setRowCount(0)
        self.question_rows = []
        for question in data.get("questions") or []:
            self.add_question(question)
        values = dict(data.get("settings") or {})
        for key, spin in self.threshold_spins.items():
            spin.setValue(int(threshold(values, key)))
        deadlines = threshold(values, "complaint_deadline_hours")
        for severity, spin in self.deadline_spins.items():
            spin.setValue(int(deadlines[severity]))
        for table in (self.rules, self.questions):
            table.resizeColumnsToContents()
        self.loaded_once = True

    def _modes(self) -> dict[str, str]:
        return {str(m["code"]): SERVICE_MODES.get(str(m["code"]), str(m["label"]))
                for m in (self.data or {}).get("service_modes") or []}

    # -- rules -----------------------------------------------------------------------------
    def add_rule(self, rule: dict[str, Any] | None = None) -> int:
        row = self.rules.rowCount()
        self.rules.insertRow(row)
        self.rules_rows.append(rule)
        values = rule or {"service_mode": next(iter(self._modes()), None), "round": 1,
                          "kind": "service", "delay_days": 3, "window_days": 14,
                          "active": True}
        mode = _combo(self._modes(), values.get("service_mode"))
        mode.setEnabled(rule is None and self.can_edit)  # the key of a saved round
        round_spin = _spin(1, 9, values.get("round") or 1)
        round_spin.setEnabled(rule is None and self.can_edit)
        cells: list[QWidget] = [mode, round_spin, _combo(TASK_KINDS, values.get("kind")),
                                _spin(0, 365, values.get("delay_days") or 0),
                                _spin(1, 365, values.get("window_days") or 1),
                                _check(values.get("active", True))]
        for column, cell in enumerate(cells):
            if column > 1:
                cell.setEnabled(self.can_edit)
            self.rules.setCellWidget(row, column, cell)
        if rule is None:
            self.rules.setCurrentCell(row, 0)
        return row

    def rule_values(self, row: int) -> settings.Rule:
        def cell(column: int) -> Any:
            return self.rules.cellWidget(row, column)

        known = self.rules_rows[row]
        return settings.Rule(service_mode=str(cell(0).currentData()), round=cell(1).value(),
                             kind=str(cell(2).currentData()), delay_days=cell(3).value(),
                             window_days=cell(4).value(), active=cell(5).isChecked(),
                             version=int(known["version"]) if known else None)

    def changed_rules(self) -> list[settings.Rule]:
        changed = []
        for row, known in enumerate(self.rules_rows):
            rule = self.rule_values(row)
            if known is None or any(known.get(k) != getattr(rule, k) for k in (
                    "kind", "delay_days", "window_days", "active")):
                changed.append(rule)
        return changed

    def save_rules(self) -> None:
        changed = self.changed_rules()
        if not changed:
            self.say(tr("Nothing to save."), ok=True)
            return

        def work(conn: Any) -> None:
            for rule in changed:
                settings.save_rule(conn, rule)

        self._save(work, tr("{count} callback rules saved.").format(count=len(changed)))

    def _save(self, work: Any, done: str) -> None:
        def saved(_result: object) -> None:
            self.say(done, ok=True)
            self.refresh()

        CollectionOp(parent=self, database=self.database, op=work,
                     changes=Changes.of("callback_settings"), success=saved).failure(
                         self._failed).run_in_background()

    # -- questions -------------------------------------------------------------------------
    def add_question(self, question: dict[str, Any] | None = None) -> int:
        row = self.questions.rowCount()
        self.questions.insertRow(row)
        self.question_rows.append(question)
        values = question or {"label": "", "code": "", "kind": "score", "dimension": None,
                              "active": True}
        label = QLineEdit(question_text(values) if question else "")
        limit_text(label, "survey_question", "label")
        label.setPlaceholderText(tr("What the clerk asks"))
        code = QLineEdit(str(values.get("code") or ""))
        code.setMaxLength(30)
        code.setPlaceholderText(tr("lower-case letters and _, e.g. tidiness"))
        code.setReadOnly(question is not None)
        cells: list[QWidget] = [label, code, _combo(QUESTION_KINDS, values.get("kind")),
                                _combo(DIMENSIONS, values.get("dimension"),
                                       none=tr("(none)")),
                                _check(values.get("active", True))]
        for column, cell in enumerate(cells):
            cell.setEnabled(self.can_edit)
            self.questions.setCellWidget(row, column, cell)
        if question is None:
            self.questions.setCurrentCell(row, 0)
            label.setFocus()
        return row

    def question_values(self, row: int) -> settings.Question:
        def cell(column: int) -> Any:
            return self.questions.cellWidget(row, column)

        known = self.question_rows[row]
        label = cell(0).text().strip()
        if known is not None and label == question_text(known):
            label = str(known.get("label") or "")  # a seeded label shown translated
        return settings.Question(code=cell(1).text().strip(), label=label,
                                 kind=str(cell(2).currentData()),
                                 dimension=cell(3).currentData(), active=cell(4).isChecked(),
                                 id=int(known["id"]) if known else None,
                                 version=int(known["version"]) if known else None)

    def move_question(self, step: int) -> None:
        """Move the chosen question up or down (saved with Save questions)."""
        row = self.questions.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.questions.rowCount():
            return
        values = [self.question_values(r) for r in range(self.questions.rowCount())]
        known = list(self.question_rows)
        values[row], values[target] = values[target], values[row]
        known[row], known[target] = known[target], known[row]
        self.questions.setRowCount(0)
        self.question_rows = []
        for value, original in zip(values, known, strict=True):
            new_row = self.add_question(original)
            self._set_question_cells(new_row, value)
        self.questions.setCurrentCell(target, 0)

    def _set_question_cells(self, row: int, value: settings.Question) -> None:
        def cell(column: int) -> Any:
            return self.questions.cellWidget(row, column)

        known = self.question_rows[row]
        shown = question_text(known) if known and value.label == known.get("label") \
            else value.label
        cell(0).setText(shown)
        cell(1).setText(value.code)
        cell(2).setCurrentIndex(max(cell(2).findData(value.kind), 0))
        cell(3).setCurrentIndex(max(cell(3).findData(value.dimension), 0))
        cell(4).setChecked(value.active)

    def save_questions(self) -> None:
        values = [self.question_values(r) for r in range(self.questions.rowCount())]
        changed = [(value, known) for value, known in zip(values, self.question_rows,
                                                          strict=True)
                   if known is None or any(known.get(k) != getattr(value, k) for k in (
                       "code", "label", "kind", "dimension", "active"))]
        order_before = [int(q["id"]) for q in (self.data or {}).get("questions") or []]
        order_now = [int(k["id"]) for k in self.question_rows if k is not None]

        def work(conn: Any) -> None:
            new_ids = [settings.save_question(conn, value) for value, _known in changed]
            if order_now != order_before or any(k is None for _v, k in changed):
                ids = iter(new_ids[i] for i, (_v, k) in enumerate(changed) if k is None)
                settings.save_question_order(conn, [
                    int(k["id"]) if k is not None else next(ids) for k in self.question_rows])

        self._save(work, tr("Survey questions saved."))

    # -- thresholds ------------------------------------------------------------------------
    def threshold_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: spin.value()
                                  for key, spin in self.threshold_spins.items()}
        values["complaint_deadline_hours"] = {s: spin.value()
                                              for s, spin in self.deadline_spins.items()}
        return values

    def save_thresholds(self) -> None:
        values = self.threshold_values()
        self._save(lambda conn: settings.save_thresholds(conn, values),
                   tr("Thresholds saved."))

