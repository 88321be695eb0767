"""Front desk settings page: shop, promise periods, rules, calendar, notice templates
and the SMS / e-mail channels. Loads and saves in a worker."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.domain import limits
from aftersales_desktop.domain.notices import NOTICE_KINDS, PLACEHOLDERS
from aftersales_desktop.services.frontdesk import settings as service
from aftersales_desktop.services.frontdesk.settings import FrontDeskSettings
from aftersales_desktop.services.notice_channels import SMS_METHODS, SMTP_SECURITY

from ..field_limits import COLUMN, limit_setting, limit_text
from ..forms import ERROR_STYLE, FieldFeedback
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp


def _spin(low: int, high: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    return spin


def _line(placeholder: str = "", *, secret: bool = False) -> QLineEdit:
    edit = limit_setting(QLineEdit())
    edit.setPlaceholderText(placeholder)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _choice(values: Iterable[str]) -> QComboBox:
    combo = QComboBox()
    combo.addItems(list(values))
    return combo


def _text_box(height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setFixedHeight(height)
    return box


class FrontDeskSettingsPage(QWidget):
    """One form for the shop's front desk settings (needs settings.admin to save)."""

    def __init__(self, database: Database, session: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.loaded: FrontDeskSettings | None = None
        self.fields: dict[str, QWidget] = {}

        # shop
        self.shop_name, self.shop_address, self.shop_phone = _line(), _line(), _line()
        self.terms = limit_setting(_text_box(90), limits.SETTING_LONG_TEXT_MAX)
        shop = self._group(tr("Shop"), [
            ("shop_name", tr("Name", "of a shop or thing") + " *", self.shop_name),
            ("shop_address", tr("Address"), self.shop_address),
            ("shop_phone", tr("Phone"), self.shop_phone),
            ("terms", tr("Terms printed on the receipt"), self.terms)])

        # promise periods
        self.normal_days = _spin(1, 60)
        self.urgent_days = _spin(1, 60)
        self.factory_days = _spin(1, 60)
        promise = self._group(tr("Promised repair period (working days)"), [
            ("normal_days", tr("Normal"), self.normal_days),
            ("urgent_days", tr("Urgent"), self.urgent_days),
            ("factory_days", tr("Sent to the factory"), self.factory_days)])

        # rules
        self.quote_required = QCheckBox(tr("Out-of-warranty repair needs an approved quote"))
        self.uncollected_days = _spin(1, 365)
        self.repair_warranty_days = _spin(0, 3650)
        rules = self._group(tr("Rules"), [
            ("quote_required", "", self.quote_required),
            ("uncollected_days", tr("Uncollected after (days)"), self.uncollected_days),
            ("repair_warranty_days", tr("Repair warranty (days)"),
             self.repair_warranty_days)])

        # calendar
        self.holidays = _text_box(90)
        self.workdays = _text_box(90)
        for box in (self.holidays, self.workdays):
            box.setPlaceholderText("2026-10-01")
            # as many days as the calendar holds, each checked when saved (no length:
            # a calendar shown cut short would lose its last days when saved)
            box.setProperty(COLUMN, "work_calendar.day[]")
        calendar = self._group(tr("Working-day calendar"), [
            ("holidays", tr("Holidays (one yyyy-MM-dd per line)"), self.holidays),
            ("workdays", tr("Make-up working days (one yyyy-MM-dd per line)"),
             self.workdays)])

        # notice templates
        self.templates: dict[str, QPlainTextEdit] = {}
        rows: list[tuple[str, str, QWidget]] = []
        for kind, label in NOTICE_KINDS.items():
            box = limit_text(_text_box(), "notice_template", "body")
            self.templates[kind] = box
            rows.append((f"template_{kind}", tr(label), box))
        hint = QLabel(tr("Values you can use: {names}").format(
            names=", ".join("{" + name + "} " + tr(label)
                            for name, label in PLACEHOLDERS.items())))
        hint.setWordWrap(True)
        templates = self._group(tr("Notice templates"), rows)
        templates_form = templates.layout()
        assert isinstance(templates_form, QFormLayout)
        templates_form.insertRow(0, hint)

        # SMS gateway
        self.sms_url = _line("https://sms.example.com/send")
        self.sms_method = _choice(SMS_METHODS)
        self.sms_phone_param = _line("mobile")
        self.sms_text_param = _line("content")
        self.sms_api_key_header = _line()
        self.sms_api_key = _line(secret=True)
        self.sms_success_contains = _line()
        sms = self._group(tr("SMS gateway (leave the URL empty to switch SMS off)"), [
            ("sms_url", tr("URL"), self.sms_url),
            ("sms_method", tr("Method"), self.sms_method),
            ("sms_phone_param", tr("Phone parameter"), self.sms_phone_param),
            ("sms_text_param", tr("Text parameter"), self.sms_text_param),
            ("sms_api_key_header", tr("API key header"), self.sms_api_key_header),
            ("sms_api_key", tr("API key"), self.sms_api_key),
            ("sms_success_contains", tr("Success answer contains"),
             self.sms_success_contains)])

        # SMTP
        self.email_host = _line()
        self.email_port = _spin(0, 65535)
        self.email_port.setSpecialValueText(tr("Default"))
        self.email_security = _choice(SMTP_SECURITY)
        self.email_username = _line()
        self.email_password = _line(secret=True)
        self.email_sender = _line()
        email = self._group(tr("Mail server (leave the host empty to switch e-mail off)"), [
            ("email_host", tr("Host"), self.email_host),
            ("email_port", tr("Port"), self.email_port),
            ("email_security", tr("Security"), self.email_security),
            ("email_username", tr("User"), self.email_username),
            ("email_password", tr("Password"), self.email_password),
            ("email_sender", tr("Sender"), self.email_sender)])

        summary = QLabel()
        self.feedback = FieldFeedback(self.fields, summary)
        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(summary, 1)
        buttons.addWidget(self.save_button)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        for group in (shop, promise, rules, calendar, templates, sms, email):
            body_layout.addWidget(group)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.refresh()

    def _group(self, title: str, rows: list[tuple[str, str, QWidget]]) -> QGroupBox:
        group = QGroupBox(title)
        form = QFormLayout(group)
        for name, label, widget in rows:
            form.addRow(label, widget)
            self.fields[name] = widget
        return group

    # ---- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        self.save_button.setEnabled(False)
        QueryOp(parent=self, database=self.database, op=service.load_settings,
                success=self._show).failure(self._load_failed).with_progress().run_in_background()

    def _show(self, s: FrontDeskSettings) -> None:
        self.loaded = s
        self.shop_name.setText(s.shop_name)
        self.shop_address.setText(s.shop_address)
        self.shop_phone.setText(s.shop_phone)
        self.terms.setPlainText(s.terms)
        self.normal_days.setValue(s.normal_days)
        self.urgent_days.setValue(s.urgent_days)
        self.factory_days.setValue(s.factory_days)
        self.quote_required.setChecked(s.quote_required)
        self.uncollected_days.setValue(s.uncollected_days)
        self.repair_warranty_days.setValue(s.repair_warranty_days)
        self.holidays.setPlainText("\n".join(d.isoformat() for d in s.holidays))
        self.workdays.setPlainText("\n".join(d.isoformat() for d in s.workdays))
        for kind, box in self.templates.items():
            box.setPlainText(s.templates.get(kind, ""))
        sms = s.sms
        self.sms_url.setText(str(sms.get("url", "")))
        self.sms_method.setCurrentText(str(sms.get("method", "POST")).upper())
        self.sms_phone_param.setText(str(sms.get("phone_param", "")))
        self.sms_text_param.setText(str(sms.get("text_param", "")))
        self.sms_api_key_header.setText(str(sms.get("api_key_header", "")))
        self.sms_api_key.setText(str(sms.get("api_key", "")))
        self.sms_success_contains.setText(str(sms.get("success_contains", "")))
        email = s.email
        self.email_host.setText(str(email.get("host", "")))
        try:
            port = int(str(email.get("port") or 0))
        except ValueError:
            port = 0
        self.email_port.setValue(port)
        self.email_security.setCurrentText(str(email.get("security", "ssl")).lower())
        self.email_username.setText(str(email.get("username", "")))
        self.email_password.setText(str(email.get("password", "")))
        self.email_sender.setText(str(email.get("sender", "")))
        self.feedback.clear()
        self.save_button.setEnabled(True)

    def _load_failed(self, exc: BaseException) -> None:
        self.feedback.summary.setStyleSheet(ERROR_STYLE)
        self.feedback.show_message(error_text(exc))

    # ---- saving -----------------------------------------------------------------------

    def values(self) -> FrontDeskSettings:
        """The form as settings; ValidationError for a calendar line that is not a date."""
        base = self.loaded or FrontDeskSettings()
        sms = dict(base.sms)
        sms.update({
            "url": self.sms_url.text().strip(), "method": self.sms_method.currentText(),
            "phone_param": self.sms_phone_param.text().strip(),
            "text_param": self.sms_text_param.text().strip(),
            "api_key_header": self.sms_api_key_header.text().strip(),
            "api_key": self.sms_api_key.text(),
            "success_contains": self.sms_success_contains.text()})
        email = dict(base.email)
        email.update({
            "host": self.email_host.text().strip(),
            "port": self.email_port.value() or "",
            "security": self.email_security.currentText(),
            "username": self.email_username.text().strip(),
            "password": self.email_password.text(),
            "sender": self.email_sender.text().strip()})
        return replace(
            base,
            shop_name=self.shop_name.text().strip(),
            shop_address=self.shop_address.text().strip(),
            shop_phone=self.shop_phone.text().strip(),
            terms=self.terms.toPlainText().strip(),
            normal_days=self.normal_days.value(), urgent_days=self.urgent_days.value(),
            factory_days=self.factory_days.value(),
            quote_required=self.quote_required.isChecked(),
            uncollected_days=self.uncollected_days.value(),
            repair_warranty_days=self.repair_warranty_days.value(),
            templates={kind: box.toPlainText().strip()
                       for kind, box in self.templates.items()},
            holidays=service.parse_days(self.holidays.toPlainText(), "holidays"),
            workdays=service.parse_days(self.workdays.toPlainText(), "workdays"),
            sms=sms, email=email)

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.feedback.clear()
        try:
            values = self.values()
            service.validate(values)
        except ValidationError as exc:
            self.feedback.show_failure(exc)
            return
        self.save_button.setEnabled(False)

        def save(conn: Any) -> FrontDeskSettings:
            # saved and read back in the one transaction: the form shows what was stored
            service.save_settings(conn, values)
            return service.load_settings(conn)

        CollectionOp(parent=self, database=self.database, op=save,
                     changes=Changes.of("front_desk_settings"),
                     success=self._saved).failure(self._save_failed).run_in_background()

    def _saved(self, s: FrontDeskSettings) -> None:
        self._show(s)
        self.feedback.show_saved()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.feedback.show_failure(exc)
