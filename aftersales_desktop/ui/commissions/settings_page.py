"""提成设置 (commission.rules): the commission rules, the grade factors, the hours scheme
and the rework charge-back rule, one record editor a tab.

The rules are public (三公: every operator may read them); writing them needs
commission.rules, which the tables' grants decide. What the rules pay is frozen on each
line when the line is made: a change here applies to what is reviewed after it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from aftersales_desktop.core.db import Database

from ..i18n import tr
from ..record_editor import RecordEditor
from .rule_editors import CommissionRulesEditor, ReworkRuleEditor
from .scheme_editors import GradeFactorsEditor, HoursRulesEditor


class CommissionSettingsPage(QWidget):
    """The four kinds of commission settings, a tab each."""

    def __init__(self, database: Database, session: Any, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commission_settings")
        self.database = database
        self.session = session
        self.rules = CommissionRulesEditor(database)
        self.grade_factors = GradeFactorsEditor(database)
        self.hours_rules = HoursRulesEditor(database)
        self.rework_rules = ReworkRuleEditor(database)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.rules, tr("Commission rules"))
        self.tabs.addTab(self.grade_factors, tr("Grade factors"))
        self.tabs.addTab(self.hours_rules, tr("Hours scheme"))
        self.tabs.addTab(self.rework_rules, tr("Rework charge-back"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def editors(self) -> list[RecordEditor]:
        return [self.rules, self.grade_factors, self.hours_rules, self.rework_rules]

    def is_ready(self) -> bool:
        return all(editor.is_ready() for editor in self.editors())

    def has_unsaved_changes(self) -> bool:
        return any(editor.has_unsaved_changes() for editor in self.editors())

    def refresh(self) -> None:
        for editor in self.editors():
            editor.refresh()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        for editor in self.editors():
            editor.set_sensitive_hidden(hidden)
