"""Service settings: work types, reward/penalty items, overdue rules and dispatch (the
travel buffer), one tab each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.listing import ListSource
from aftersales_desktop.data.masterdata_lists import (
    OVERDUE_RULES,
    REWARD_PENALTY_ITEMS,
    WORK_TYPES,
)
from aftersales_desktop.domain.audit_labels import SERVICE_MODES
from aftersales_desktop.domain.commissions import (
    AUTO_TRIGGERS,
    HOURS_KINDS,
    MANUAL_ONLY_LABEL,
    SURVEY_TRIGGERS,
    THRESHOLD_MAX,
    THRESHOLD_MIN,
)
from aftersales_desktop.services import masterdata as service

from ..field_limits import limit_count
from ..i18n import tr
from ..operations import Changes
from ..record_editor import RecordEditor
from .dispatch_settings import DispatchSettingsTab

TEXT, MONEY, NUMBER, FLAG, CHOICE = "text", "money", "number", "flag", "choice"


class Field(NamedTuple):
    """One form field: the service's keyword, an English label, how it is edited (a
    CHOICE offers `choices`: (value, English label), the first one a new record's)."""

    key: str
    label: str
    kind: str = TEXT
    required: bool = False
    choices: tuple[tuple[Any, str], ...] = ()


def _labelled(codes: dict[str, str], first: tuple[Any, str] | None = None
              ) -> tuple[tuple[Any, str], ...]:
    return ((first,) if first else ()) + tuple(codes.items())


# technicians' pay (revision 0022): what the hours scheme and the month run read
HOURS_KIND_CHOICES = _labelled(HOURS_KINDS)
AUTO_CHOICES = _labelled(AUTO_TRIGGERS, (None, MANUAL_ONLY_LABEL))
THRESHOLD_CHOICES = ((None, QT_TR_NOOP("(none)")),
                     *((n, str(n)) for n in range(THRESHOLD_MIN, THRESHOLD_MAX + 1)))
MODE_CHOICES = _labelled(SERVICE_MODES, (None, QT_TR_NOOP("(every mode)")))


class Setting(NamedTuple):
    """One kind of setting: its entity, list, form fields and service calls."""

    entity: str
    noun: str
    source: ListSource
    fields: tuple[Field, ...]
    get: Callable[[Any, int], dict[str, Any]]
    save: Callable[..., int]


WORK_TYPE = Setting(
    entity="work_type", noun=QT_TR_NOOP("work type"), source=WORK_TYPES,
    fields=(Field("code", QT_TR_NOOP("Code"), required=True),
            Field("name", QT_TR_NOOP("Label"), required=True),
            Field("labour_fee", QT_TR_NOOP("Labour fee"), MONEY),
            Field("standard_hours", QT_TR_NOOP("Standard hours"), MONEY),
            Field("hours_kind", QT_TR_NOOP("Hours count as"), CHOICE,
                  choices=HOURS_KIND_CHOICES),
            Field("active", QT_TR_NOOP("Active"), FLAG)),
    get=service.get_work_type, save=service.save_work_type)

REWARD_PENALTY_ITEM = Setting(
    entity="reward_penalty_item", noun=QT_TR_NOOP("reward/penalty item"),
    source=REWARD_PENALTY_ITEMS,
    fields=(Field("code", QT_TR_NOOP("Code"), required=True),
            Field("name", QT_TR_NOOP("Label"), required=True),
            Field("amount", QT_TR_NOOP("Amount (negative = penalty)"), MONEY),
            Field("auto", QT_TR_NOOP("Applied automatically"), CHOICE, choices=AUTO_CHOICES),
            Field("threshold", QT_TR_NOOP("Survey score threshold"), CHOICE,
                  choices=THRESHOLD_CHOICES),
            Field("active", QT_TR_NOOP("Active"), FLAG)),
    get=service.get_reward_penalty_item, save=service.save_reward_penalty_item)

OVERDUE_RULE = Setting(
    entity="overdue_rule", noun=QT_TR_NOOP("overdue rule"), source=OVERDUE_RULES,
    fields=(Field("name", QT_TR_NOOP("Label"), required=True),
            Field("amount_per_day", QT_TR_NOOP("Amount per day"), MONEY),
            Field("grace_days", QT_TR_NOOP("Grace days"), NUMBER),
            Field("service_mode", QT_TR_NOOP("Service mode"), CHOICE, choices=MODE_CHOICES),
            Field("active", QT_TR_NOOP("Active"), FLAG)),
    get=service.get_overdue_rule, save=service.save_overdue_rule)


class SettingEditor(RecordEditor):
    """A list of one kind of setting and a form for one of them, built from its fields.
    Amounts are sent as typed: the service parses them and refuses what is no amount."""

    def __init__(self, setting: Setting, database: Database, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(setting.source, database, parent=parent)
        self.table = setting.entity  # before the fields: they are its columns
        self.setting = setting
        self.saves = Changes.of(setting.entity)
        self.edits: dict[str, QWidget] = {}
        for spec in setting.fields:
            if spec.kind == FLAG:
                self.edits[spec.key] = self.add_row("", QCheckBox(tr(spec.label)),
                                                    name=spec.key, default=True)
                continue
            if spec.kind == CHOICE:
                combo = QComboBox()
                combo.setObjectName(spec.key)
                for value, label in spec.choices:
                    combo.addItem(tr(label) if isinstance(value, str | None) else label,
                                  value)
                self.edits[spec.key] = self.add_row(spec.label, combo, name=spec.key,
                                                    default=spec.choices[0][0])
                continue
            edit = self.add_row(spec.label, QLineEdit(), name=spec.key, required=spec.required,
                                default="" if spec.kind == TEXT else "0")
            if spec.kind in (MONEY, NUMBER):
                edit.setAlignment(Qt.AlignmentFlag.AlignRight)
                edit.setPlaceholderText("0.00" if spec.kind == MONEY else "0")
            if spec.kind == NUMBER:
                limit_count(edit, setting.entity, spec.key)
            self.edits[spec.key] = edit
        self.start()

    def choice(self, key: str) -> QComboBox:
        widget = self.edits[key]
        assert isinstance(widget, QComboBox)
        return widget

    def edit(self, key: str) -> QLineEdit:
        widget = self.edits[key]
        assert isinstance(widget, QLineEdit)
        return widget

    def flag(self, key: str) -> QCheckBox:
        widget = self.edits[key]
        assert isinstance(widget, QCheckBox)
        return widget

    def new_title(self) -> str:
        return tr("New {what}").format(what=tr(self.setting.noun))

    def record_title(self, record: dict[str, Any]) -> str:
        return f"{tr(self.setting.noun)} {record.get('code') or record.get('name')}"

    def fetch(self, conn: Any, key: int) -> dict[str, Any]:
        return self.setting.get(conn, key)

    def store(self, conn: Any, values: dict[str, Any]) -> int:
        return self.setting.save(conn, **values)


class ServiceSettingsPage(QWidget):
    """Work types, reward/penalty items and overdue rules, one editor per tab, and the
    dispatch settings."""

    def __init__(self, database: Database, session: Any, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.work_types = SettingEditor(WORK_TYPE, database)
        self.reward_penalty_items = SettingEditor(REWARD_PENALTY_ITEM, database)
        # a threshold only means something to a survey trigger
        auto = self.reward_penalty_items.choice("auto")
        auto.currentIndexChanged.connect(lambda _i: self._show_threshold())
        self._show_threshold()
        self.overdue_rules = SettingEditor(OVERDUE_RULE, database)
        self.dispatch = DispatchSettingsTab(database, session)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.work_types, tr("Work types"))
        self.tabs.addTab(self.reward_penalty_items, tr("Rewards and penalties"))
        self.tabs.addTab(self.overdue_rules, tr("Overdue rules"))
        self.tabs.addTab(self.dispatch, tr("Dispatch"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def _show_threshold(self) -> None:
        items = self.reward_penalty_items
        survey = items.choice("auto").currentData() in SURVEY_TRIGGERS
        threshold = items.choice("threshold")
        threshold.setEnabled(survey)
        if not survey:
            with items.filling():
                threshold.setCurrentIndex(0)  # saved as none
        elif threshold.currentData() is None and not items._filling:
            threshold.setCurrentIndex(threshold.count() - 1 if items.choice("auto")
                                      .currentData() == "survey_high" else 2)

    def editors(self) -> list[SettingEditor]:
        return [self.work_types, self.reward_penalty_items, self.overdue_rules]

    def has_unsaved_changes(self) -> bool:
        return (any(editor.has_unsaved_changes() for editor in self.editors())
                or self.dispatch.has_unsaved_changes())

    def refresh(self) -> None:
        for editor in self.editors():
            editor.refresh()
        self.dispatch.refresh()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        for editor in self.editors():
            editor.set_sensitive_hidden(hidden)
