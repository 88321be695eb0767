"""Operator administration: the list of operators and a form for one of them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.lists import OPERATORS
from aftersales_desktop.domain.capabilities import (
    CAPABILITY_LABELS,
    TEMPLATE_LABELS,
    capability_state,
    override_for,
)
from aftersales_desktop.domain.operators import normalize_code
from aftersales_desktop.services import operators as service

from ..field_limits import limit_secret
from ..forms import set_choices
from ..i18n import tr
from ..record_editor import RecordEditor

CAPABILITY_ROLE = Qt.ItemDataRole.UserRole

# the capability codes, and every template as (code, English label, its capabilities)
Catalogue = tuple[list[str], list[tuple[str, str, frozenset[str]]]]


class OperatorsPage(RecordEditor):
    """Create operators, assign templates and capabilities, disable, reset passwords."""

    new_label = QT_TR_NOOP("New operator")
    title_format = QT_TR_NOOP("Operator {code}")
    reader = service.get_operator
    key_type = str
    table = "operator"

    def __init__(self, database: Database, *, own_code: str, parent: QWidget | None = None) -> None:
        super().__init__(OPERATORS, database, parent=parent)
        self.own_code = own_code
        self.templates: dict[str, frozenset[str]] = {}
        self.code_edit = self.add_row(QT_TR_NOOP("Operator code"), QLineEdit(), name="code",
                                      required=True)
        self.name_edit = self.add_row(QT_TR_NOOP("Name"), QLineEdit(), name="name",
                                      required=True)
        self.template_combo = self.add_row(QT_TR_NOOP("Position template"), QComboBox(),
                                           name="template", default="counter")
        self.template_combo.currentIndexChanged.connect(self._template_changed)
        self.active_box = self.add_row("", QCheckBox(tr("Active (may log in)")), name="active",
                                       default=True)
        self.password_edit = self.add_row(QT_TR_NOOP("Password"), _password(), name="password")
        self.confirm_edit = self.add_row(QT_TR_NOOP("Repeat password"), _password(),
                                         name="confirm")
        self.password_hint = self.add_row("", QLabel())
        self.capability_list = QListWidget()
        self.capability_list.itemChanged.connect(self._capability_toggled)
        self.field("capabilities", self.capability_list, value=False)
        caps_box = QGroupBox(tr("Capabilities (ticked = has it; marked when it differs from "
                                "the template)"))
        QVBoxLayout(caps_box).addWidget(self.capability_list)
        self.effective_label = QLabel()
        self.effective_label.setWordWrap(True)
        self.body.addWidget(caps_box, 1)
        self.body.addWidget(self.effective_label)
        self.start()

    # -- the catalogue of capabilities, and what is not a plain field ---------------------------
    def load_choices(self, conn: Any) -> Catalogue:
        return service.known_capabilities(conn), service.templates(conn)

    def apply_choices(self, choices: Catalogue) -> None:
        capabilities, templates = choices
        self.templates = {code: caps for code, _label, caps in templates}
        set_choices(self.template_combo, [(code, tr(TEMPLATE_LABELS.get(code, label)))
                                          for code, label, _caps in templates],
                    none_label=tr("(no template)"))
        self.capability_list.clear()
        for capability in capabilities:
            item = QListWidgetItem(self.capability_list)
            item.setData(CAPABILITY_ROLE, capability)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)

    def record_key(self, record: service.OperatorDetails) -> str:
        return record.code

    def clear_form(self) -> None:
        super().clear_form()
        self.code_edit.setReadOnly(False)
        self.password_hint.setText(tr("At least 8 characters, not the operator code."))
        self._fill_capabilities(frozenset(), frozenset())

    def show_record(self, record: service.OperatorDetails) -> None:
        super().show_record(record)
        self.code_edit.setReadOnly(True)
        self.password_edit.clear()
        self.confirm_edit.clear()
        self.password_hint.setText(tr("Leave empty to keep the password; type a new one to "
                                      "reset it."))
        self._fill_capabilities(record.granted, record.removed)

    def form_values(self) -> service.OperatorChange:
        """The form as a change; raises ValidationError for what can be checked here."""
        password = self.password_edit.text() or None
        return service.OperatorChange(
            code=normalize_code(self.code_edit.text()), name=self.name_edit.text(),
            template=self.current_template(), active=self.active_box.isChecked(),
            overrides=self.overrides(), version=self.record.version if self.record else None,
            password=password, confirm=self.confirm_edit.text() if password else None)

    def store(self, conn: Any, values: service.OperatorChange) -> str:
        return service.save_operator(conn, values).code

    @property
    def details(self) -> service.OperatorDetails | None:
        return self.record

    # -- template and capabilities --------------------------------------------------------
    def current_template(self) -> str | None:
        data = self.template_combo.currentData()
        return str(data) if data else None

    def _template_caps(self) -> frozenset[str]:
        return self.templates.get(self.current_template() or "", frozenset())

    def _items(self) -> list[QListWidgetItem]:
        return [self.capability_list.item(row) for row in range(self.capability_list.count())]

    def _fill_capabilities(self, granted: frozenset[str], removed: frozenset[str]) -> None:
        template = self._template_caps()
        self.capability_list.blockSignals(True)
        for item in self._items():
            has = capability_state(str(item.data(CAPABILITY_ROLE)), template=template,
                                   granted=granted, removed=removed)
            item.setCheckState(Qt.CheckState.Checked if has else Qt.CheckState.Unchecked)
            self._label(item)
        self.capability_list.blockSignals(False)
        self._update_effective()

    def _label(self, item: QListWidgetItem) -> None:
        capability = str(item.data(CAPABILITY_ROLE))
        wanted = item.checkState() == Qt.CheckState.Checked
        override = override_for(capability, wanted, template=self._template_caps())
        mark = {None: "", True: tr("  [added]"), False: tr("  [removed]")}[override]
        item.setText(f"{tr(CAPABILITY_LABELS.get(capability, capability))} ({capability}){mark}")
        font = item.font()
        font.setBold(override is not None)
        item.setFont(font)

    def _capability_toggled(self, item: QListWidgetItem) -> None:
        self.capability_list.blockSignals(True)  # relabelling is no change of its own
        self._label(item)
        self.capability_list.blockSignals(False)
        self._update_effective()
        self.mark_dirty()
        self.feedback.field_changed(self.capability_list)

    def _template_changed(self) -> None:
        if self._filling:
            return  # a record or the choices are being shown: their capabilities follow
        # Switching template keeps explicit additions/removals and re-derives the rest.
        granted, removed = self._overrides_as_sets()
        self._fill_capabilities(granted, removed)

    def _overrides_as_sets(self) -> tuple[frozenset[str], frozenset[str]]:
        granted: set[str] = set()
        removed: set[str] = set()
        for item in self._items():
            if item.font().bold():
                checked = item.checkState() == Qt.CheckState.Checked
                (granted if checked else removed).add(str(item.data(CAPABILITY_ROLE)))
        return frozenset(granted), frozenset(removed)

    def overrides(self) -> dict[str, bool | None]:
        template = self._template_caps()
        result = {str(item.data(CAPABILITY_ROLE)): override_for(
            str(item.data(CAPABILITY_ROLE)), item.checkState() == Qt.CheckState.Checked,
            template=template) for item in self._items()}
        if self.record is None:
            return {c: g for c, g in result.items() if g is not None}
        return result

    def _update_effective(self) -> None:
        count = sum(1 for item in self._items() if item.checkState() == Qt.CheckState.Checked)
        self.effective_label.setText(tr("{count} capabilities in effect after saving.").format(
            count=count))


def _password() -> QLineEdit:
    edit = limit_secret(QLineEdit())
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit
