"""Operator administration: the list of operators and a form for one of them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.work import run_in_background
from aftersales_desktop.data.lists import OPERATORS
from aftersales_desktop.domain.capabilities import (
    CAPABILITY_LABELS,
    TEMPLATE_LABELS,
    capability_state,
    override_for,
)
from aftersales_desktop.domain.operators import normalize_code
from aftersales_desktop.services import operators as service

from ..forms import FieldFeedback, confirm_discard
from ..i18n import tr
from ..listview import ListView
from ..messages import error_text


class OperatorsPage(QWidget):
    """Create operators, assign templates and capabilities, disable, reset passwords."""

    def __init__(self, database: Database, *, own_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.own_code = own_code
        self.details: service.OperatorDetails | None = None
        self.templates: dict[str, frozenset[str]] = {}
        self._dirty = False

        self.list = ListView(OPERATORS, database, parent=self)
        self.list.activated.connect(self.load)

        self.code_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.template_combo = QComboBox()
        self.active_box = QCheckBox(tr("Active (may log in)"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_hint = QLabel()
        self.capability_list = QListWidget()
        self.capability_list.itemChanged.connect(self._capability_toggled)
        self.effective_label = QLabel()
        self.effective_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(tr("Operator code") + " *", self.code_edit)
        form.addRow(tr("Name") + " *", self.name_edit)
        form.addRow(tr("Position template"), self.template_combo)
        form.addRow("", self.active_box)
        form.addRow(tr("Password"), self.password_edit)
        form.addRow(tr("Repeat password"), self.confirm_edit)
        form.addRow("", self.password_hint)
        caps_box = QGroupBox(tr("Capabilities (ticked = has it; marked when it differs from "
                                "the template)"))
        caps_layout = QVBoxLayout(caps_box)
        caps_layout.addWidget(self.capability_list)

        summary = QLabel()
        self.feedback = FieldFeedback(
            {"code": self.code_edit, "name": self.name_edit, "template": self.template_combo,
             "password": self.password_edit, "confirm": self.confirm_edit,
             "active": self.active_box, "capabilities": self.capability_list}, summary)
        self.new_button = QPushButton(tr("New operator"))
        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.new_button.clicked.connect(self.new_operator)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        editor_layout.addWidget(self.title)
        editor_layout.addLayout(form)
        editor_layout.addWidget(caps_box, 1)
        editor_layout.addWidget(self.effective_label)
        editor_layout.addWidget(summary)
        editor_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        for widget in (self.name_edit, self.code_edit, self.password_edit, self.confirm_edit):
            widget.textEdited.connect(self._mark_dirty)
        self.template_combo.currentIndexChanged.connect(self._template_changed)
        self.active_box.toggled.connect(self._mark_dirty)

        self.setEnabled(False)
        run_in_background(self._load_catalogue, on_done=self._catalogue_loaded,
                          on_error=self._failed)

    # -- loading ------------------------------------------------------------------
    def _load_catalogue(self) -> tuple[list[str], list[tuple[str, str, frozenset[str]]]]:
        with self.database.read() as conn:
            return service.known_capabilities(conn), service.templates(conn)

    def _catalogue_loaded(self, result: tuple[list[str], list[Any]]) -> None:
        capabilities, templates = result
        self.templates = {code: caps for code, _label, caps in templates}
        self.template_combo.blockSignals(True)
        self.template_combo.addItem(tr("(no template)"), None)
        for code, label, _caps in templates:
            self.template_combo.addItem(tr(TEMPLATE_LABELS.get(code, label)), code)
        self.template_combo.blockSignals(False)
        self.capability_list.blockSignals(True)
        for capability in capabilities:
            item = QListWidgetItem(self.capability_list)
            item.setData(Qt.ItemDataRole.UserRole, capability)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        self.capability_list.blockSignals(False)
        self.setEnabled(True)
        self.new_operator()

    def load(self, code: Any) -> None:
        if not self._confirm_discard():
            return
        run_in_background(lambda: self._fetch(str(code)), on_done=self._show,
                          on_error=self._failed)

    def _fetch(self, code: str) -> service.OperatorDetails:
        with self.database.read() as conn:
            return service.get_operator(conn, code)

    # -- the form ---------------------------------------------------------------------
    def new_operator(self) -> None:
        if not self._confirm_discard():
            return
        self.details = None
        self.title.setText(tr("New operator"))
        self.code_edit.clear()
        self.code_edit.setReadOnly(False)
        self.name_edit.clear()
        self._select_template("counter")
        self.active_box.setChecked(True)
        self.password_hint.setText(tr("At least 8 characters, not the operator code."))
        self._fill_capabilities(frozenset(), frozenset())
        self._clear_passwords()
        self.feedback.clear()
        self._dirty = False
        self.code_edit.setFocus()

    def _show(self, details: service.OperatorDetails) -> None:
        self.details = details
        self.title.setText(tr("Operator {code}").format(code=details.code))
        self.code_edit.setText(details.code)
        self.code_edit.setReadOnly(True)
        self.name_edit.setText(details.name)
        self._select_template(details.template)
        self.active_box.setChecked(details.active)
        self.password_hint.setText(tr("Leave empty to keep the password; type a new one to "
                                      "reset it."))
        self._fill_capabilities(details.granted, details.removed)
        self._clear_passwords()
        self.feedback.clear()
        self._dirty = False
        self.name_edit.setFocus()

    def _select_template(self, template: str | None) -> None:
        self.template_combo.blockSignals(True)
        index = self.template_combo.findData(template)
        self.template_combo.setCurrentIndex(max(index, 0))
        self.template_combo.blockSignals(False)

    def current_template(self) -> str | None:
        data = self.template_combo.currentData()
        return str(data) if data else None

    def _template_caps(self) -> frozenset[str]:
        return self.templates.get(self.current_template() or "", frozenset())

    def _fill_capabilities(self, granted: frozenset[str], removed: frozenset[str]) -> None:
        template = self._template_caps()
        self.capability_list.blockSignals(True)
        for row in range(self.capability_list.count()):
            item = self.capability_list.item(row)
            capability = str(item.data(Qt.ItemDataRole.UserRole))
            has = capability_state(capability, template=template, granted=granted,
                                   removed=removed)
            item.setCheckState(Qt.CheckState.Checked if has else Qt.CheckState.Unchecked)
            self._label(item)
        self.capability_list.blockSignals(False)
        self._update_effective()

    def _label(self, item: QListWidgetItem) -> None:
        capability = str(item.data(Qt.ItemDataRole.UserRole))
        wanted = item.checkState() == Qt.CheckState.Checked
        override = override_for(capability, wanted, template=self._template_caps())
        mark = {None: "", True: tr("  [added]"), False: tr("  [removed]")}[override]
        item.setText(f"{tr(CAPABILITY_LABELS.get(capability, capability))} ({capability}){mark}")
        font = item.font()
        font.setBold(override is not None)
        item.setFont(font)

    def _capability_toggled(self, item: QListWidgetItem) -> None:
        self.capability_list.blockSignals(True)
        self._label(item)
        self.capability_list.blockSignals(False)
        self._mark_dirty()
        self._update_effective()

    def _template_changed(self) -> None:
        # Switching template keeps explicit additions/removals and re-derives the rest.
        granted, removed = self._overrides_as_sets()
        self._fill_capabilities(granted, removed)
        self._mark_dirty()

    def _overrides_as_sets(self) -> tuple[frozenset[str], frozenset[str]]:
        granted: set[str] = set()
        removed: set[str] = set()
        for row in range(self.capability_list.count()):
            item = self.capability_list.item(row)
            if item.font().bold():
                capability = str(item.data(Qt.ItemDataRole.UserRole))
                (granted if item.checkState() == Qt.CheckState.Checked else removed).add(
                    capability)
        return frozenset(granted), frozenset(removed)

    def overrides(self) -> dict[str, bool | None]:
        template = self._template_caps()
        result: dict[str, bool | None] = {}
        for row in range(self.capability_list.count()):
            item = self.capability_list.item(row)
            capability = str(item.data(Qt.ItemDataRole.UserRole))
            wanted = item.checkState() == Qt.CheckState.Checked
            result[capability] = override_for(capability, wanted, template=template)
        if self.details is None:
            return {c: g for c, g in result.items() if g is not None}
        return result

    def _update_effective(self) -> None:
        count = sum(1 for row in range(self.capability_list.count())
                    if self.capability_list.item(row).checkState() == Qt.CheckState.Checked)
        self.effective_label.setText(tr("{count} capabilities in effect after saving.").format(
            count=count))

    def _clear_passwords(self) -> None:
        self.password_edit.clear()
        self.confirm_edit.clear()

    def _mark_dirty(self, *_args: Any) -> None:
        self._dirty = True

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def _confirm_discard(self) -> bool:
        return confirm_discard(self, self._dirty,
                               tr("Discard the changes to this operator?"))

    # -- saving ---------------------------------------------------------------------
    def change(self) -> service.OperatorChange:
        """The form as a change; raises ValidationError for what can be checked here."""
        code = normalize_code(self.code_edit.text())
        password = self.password_edit.text() or None
        return service.OperatorChange(
            code=code, name=self.name_edit.text(), template=self.current_template(),
            active=self.active_box.isChecked(), overrides=self.overrides(),
            version=self.details.version if self.details else None,
            password=password, confirm=self.confirm_edit.text() if password else None)

    def save(self) -> None:
        self.feedback.clear()
        try:
            change = self.change()
        except ValidationError as exc:
            self.feedback.show([exc])
            return
        self.save_button.setEnabled(False)
        run_in_background(lambda: self._save(change), on_done=self._saved,
                          on_error=self._save_failed)

    def _save(self, change: service.OperatorChange) -> service.OperatorDetails:
        with self.database.transaction() as conn:
            details = service.save_operator(conn, change)
            if change.version is not None and change.password:
                service.set_password(conn, change.code, change.password, confirm=change.confirm)
            return details

    def _saved(self, details: service.OperatorDetails) -> None:
        self.save_button.setEnabled(True)
        self._dirty = False
        self._show(details)
        self.feedback.show_saved()
        self.list.refresh()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.feedback.show_failure(exc)

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.feedback.show_message(error_text(exc))

    def refresh(self) -> None:
        self.list.refresh()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.list.set_sensitive_hidden(hidden)
