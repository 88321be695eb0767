"""Every field of every form stops where its column does, as the operator types (issue 10,
hostile input: "every text column a maximum length in SQL that the form enforces as you
type, every date a plausible range, every money value a finite value of the column's
scale").

The walk finds the fields by itself: every line edit, text box, editable combo and date
editor of every page the administrator can open, of the intake form (with the customer
lookup), a customer's device rows, and the ticket's and pre-orders' dialogs. Each must
name what limits it (ui/field_limits.py's `column` property) and hold exactly that
limit of domain/limits.py, which tests/db/test_limits.py compares with the database: a
field added later without a limit fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QIntValidator, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from aftersales_desktop.core import shop_time
from aftersales_desktop.domain import limits
from aftersales_desktop.ui.dispatch.report_dialog import WorkReportDialog
from aftersales_desktop.ui.field_limits import (
    COLUMN,
    SEARCH,
    SECRET,
    SETTING,
    NumberValidator,
    column_kind,
    list_max_length,
    max_length_of,
)
from aftersales_desktop.ui.frontdesk.dialogs import (
    NoticeDialog,
    PromiseDialog,
    QuoteAnswerDialog,
    QuoteDialog,
    ReasonDialog,
    SettleDialog,
)
from aftersales_desktop.ui.frontdesk.intake import IntakePage
from aftersales_desktop.ui.frontdesk.preorders import HandOverDialog, PreorderDialog
from aftersales_desktop.ui.main_window import MainWindow
from aftersales_desktop.ui.masterdata.catalogue import category_name_dialog
from aftersales_desktop.ui.masterdata.customers import CustomersPage
from aftersales_desktop.ui.modules import modules_for
from aftersales_desktop.ui.record_editor import RecordEditor
from aftersales_desktop.ui.stock.stocktake import OpenStocktakeDialog
from tests.pg import TestCluster
from tests.ui.helpers import Login, logged_in, module_database

pytestmark = [pytest.mark.gui, pytest.mark.db]

limits_db = module_database()


@pytest.fixture
def admin(qtbot: QtBot, cluster: TestCluster, limits_db: str,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Login]:
    # the forms typed in are closed with the window at the end: drop what was typed
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args, **_kwargs: QMessageBox.StandardButton.Yes)
    yield from logged_in(qtbot, cluster, limits_db, None)


# -- finding the fields ----------------------------------------------------------------------

def _inside(widget: QWidget, kinds: tuple[type, ...]) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def typed_fields(root: QWidget) -> list[QWidget]:
    """The widgets of `root` an operator types a value into: line edits (not the ones
    inside a combo or a spin box: the combo or editor is the field), text boxes,
    editable combos, date editors."""
    found = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            if _inside(widget, (QComboBox, QAbstractSpinBox)) or widget.isReadOnly():
                continue
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            if widget.isReadOnly():
                continue
        elif isinstance(widget, QComboBox):
            if not widget.isEditable():
                continue
        elif not isinstance(widget, QDateTimeEdit):
            continue
        found.append(widget)
    return found


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName() or widget.property(COLUMN) or '?'}"


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _number_problems(validator: QValidator | None, table: str, column: str) -> list[str]:
    if not isinstance(validator, NumberValidator):
        return ["no validator for an amount or quantity"]
    least, most = limits.numeric_range(table, column)
    problems = []
    if validator.least < least or validator.most > most:
        problems.append(f"takes {validator.least}..{validator.most}, the column {least}..{most}")
    scale = limits.numeric_scale(table, column)
    if validator.scale != scale:
        problems.append(f"takes {validator.scale} decimals, the column {scale}")
    refused = ["NaN", "nan", "Infinity", "inf", "1e20", "1E5", "0." + "0" * scale + "4",
               "abc", str(most + Decimal("0.01")), "99999999999"]
    if least >= 0:
        refused += ["-1", "-0.01"]
    for text in refused:
        state = validator.validate(text, len(text))[0]
        if state == QValidator.State.Acceptable:
            problems.append(f"takes {text!r}")
    for text in ("12.50", "¥1,234.50", "0", ""):
        if Decimal(text.replace("¥", "").replace(",", "") or 0) > most:
            continue  # a small column (a report's hours, at most 999.99)
        if validator.validate(text, len(text))[0] != QValidator.State.Acceptable:
            problems.append(f"refuses {text!r}")
    return problems


def field_problems(widget: QWidget, today: date) -> list[str]:
    """What is wrong with `widget`'s limit, by domain/limits.py."""
    column = widget.property(COLUMN)
    if not column:
        return ["no limit (ui/field_limits.py)"]
    most_typed = max_length_of(widget)
    if column in (SEARCH, SECRET, SETTING):
        wanted = {SEARCH: limits.SEARCH_MAX, SECRET: limits.PASSWORD_MAX}.get(column)
        if wanted is not None and most_typed != wanted:
            return [f"takes {most_typed} characters, not {wanted}"]
        if column == SETTING and not (most_typed and most_typed <= limits.SETTING_LONG_TEXT_MAX):
            return [f"takes {most_typed} characters of a setting"]
        return []
    listed = column.endswith("[]")
    table, _dot, name = column.removesuffix("[]").partition(".")
    kind = column_kind(table, name)
    if listed:
        if kind == "date":
            return []  # one day a line, each checked when saved (services.parse_days)
        if most_typed != list_max_length(table, name):
            return [f"takes {most_typed} characters for a list of {table}.{name}"]
        return []
    if isinstance(widget, QDateTimeEdit):
        if kind != "date":
            return [f"a date editor for {column}, which is no date"]
        earliest, latest = limits.date_range(table, name, today)
        first, last = _pydate(widget.minimumDate()), _pydate(widget.maximumDate())
        if widget.specialValueText():
            first += timedelta(days=1)  # the minimum is "not set"
        if first < earliest or last > latest:
            return [f"offers {first}..{last}, the column takes {earliest}..{latest}"]
        return []
    if kind == "text":
        wanted_length = limits.max_length(table, name)
        if most_typed != wanted_length:
            return [f"takes {most_typed} characters, {column} {wanted_length}"]
        return []
    if kind == "number":
        assert isinstance(widget, QLineEdit)
        return _number_problems(widget.validator(), table, name)
    if (table, name) in limits.INTEGER_RANGES:
        assert isinstance(widget, QLineEdit)
        validator = widget.validator()
        least, most = limits.INTEGER_RANGES[(table, name)]
        if not (isinstance(validator, QIntValidator) and validator.bottom() >= least
                and validator.top() <= most):
            return [f"no whole number within {least}..{most}"]
        return []
    return [f"{column} is no column domain/limits.py knows"]


def check_fields(root: QWidget, where: str, report: list[str]) -> int:
    today = shop_time.today()
    fields = typed_fields(root)
    for widget in fields:
        report.extend(f"{where}: {_name(widget)}: {problem}"
                      for problem in field_problems(widget, today))
    return len(fields)


# -- the forms -----------------------------------------------------------------------------

def _pages(qtbot: QtBot, window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    for module in modules_for(window.session.capabilities):
        page = window.open_module(module)
        editors = [page, *page.findChildren(RecordEditor)]
        for editor in editors:
            if isinstance(editor, RecordEditor):
                qtbot.waitUntil(editor.is_ready, timeout=20_000)
        if isinstance(page, CustomersPage):
            page.add_device_row()  # a device row's cells are fields too
        yield module.key, page


def _detail() -> dict[str, Any]:
    return {"ticket": {"id": 1, "number": "WX20261201-0001", "status": "ready", "version": 3,
                       "warranty_class": "out_of_warranty", "rework_free": False,
                       "settled": False, "customer_name": "西湖张", "brand": "海尔",
                       "product": "冰箱", "promised_on": "2026-12-05",
                       "received_on": "2026-12-01"},
            "customer": {"phones": ["13957166666"]},
            "quotes": [{"id": 7, "state": "approved", "parts_amount": 120.0,
                        "labour_amount": 80, "other_amount": 0}],
            "shop": {"name": "钱塘家电维修服务部", "phone": "0571-88123456"},
            "templates": {"repaired": "{customer}您好"}, "channels": ["phone", "sms"],
            "today": "2026-12-03"}


def _dialogs(login: Login, parent: QWidget) -> list[QDialog]:
    database, session = login
    today = shop_time.today()
    return [SettleDialog(_detail()), QuoteDialog("WX20261201-0001"),
            QuoteAnswerDialog("¥200.00"),
            ReasonDialog("Cancel", "Say why.", lambda: None),  # type: ignore[arg-type, return-value]
            ReasonDialog("Cancel", "Say why.", lambda: None,  # type: ignore[arg-type, return-value]
                         column=("part_preorder", "cancel_reason")),
            PromiseDialog(today, today + timedelta(days=3)), NoticeDialog(_detail()),
            PreorderDialog(database), HandOverDialog(Decimal("150")),
            category_name_dialog(parent),
            OpenStocktakeDialog([(1, "配件库")], [(2, "空调/配件")], parent=parent),
            WorkReportDialog(database, session, 0, parent=parent),
            *_commission_dialogs(database, parent)]


def _commission_dialogs(database: Any, parent: QWidget) -> list[QDialog]:
    """Issue 14 (cm-ui-own): a reward or penalty proposed by hand, and a job's shares
    with one technician's row (the rows come with the job: job 0 has none)."""
    from aftersales_desktop.ui.commissions.adjust_dialog import ProposeDialog
    from aftersales_desktop.ui.commissions.shares_dialog import JobSharesDialog

    shares = JobSharesDialog(database, 0, parent=parent)
    shares.add_row()
    return [ProposeDialog(database, parent=parent), shares]


# pages with nothing typed into a field: opening stock is an explanation and a button
# (the import dialog's fields are a file chooser's); the stocktake sheet is typed into
# its grid, whose cells the document editor holds to their columns (its header only
# shows the sheet; the new-sheet dialog is walked below)
# pages whose typed fields are in dialogs they open on demand (the callback settings'
# question dialog: limit_text on survey_question.label) or that have none (an import)
# rewards and penalties (奖惩登记): a list; its proposal dialog is walked below
# 我的提成 (my_commission) only chooses a month and reads one's own statement
NO_TYPED_FIELDS = {"opening_stock", "stocktake", "callback_settings", "dealer_import",
                   "commission_adjustments", "my_commission"}


def test_every_form_field_holds_its_columns_limit(qtbot: QtBot, admin: Login) -> None:
    window = MainWindow(*admin)
    qtbot.addWidget(window)
    window.show()
    report: list[str] = []
    walked: dict[str, int] = {}
    for key, page in _pages(qtbot, window):
        walked[key] = check_fields(page, key, report)
    intake = IntakePage(*admin)
    qtbot.addWidget(intake)
    walked["intake form"] = check_fields(intake, "intake form", report)
    for dialog in _dialogs(admin, window):
        qtbot.addWidget(dialog)
        walked[type(dialog).__name__] = check_fields(dialog, type(dialog).__name__, report)
    walked["toolbar"] = check_fields(window.search_box.parentWidget() or window, "toolbar",
                                     report)
    assert not report, "\n".join(report)
    # the walk saw the forms' fields (a walk that finds nothing proves nothing)
    assert walked["intake form"] >= 15 and walked["customers"] >= 10, walked
    assert walked["SettleDialog"] >= 6 and walked["PreorderDialog"] >= 6, walked
    # 提成设置's four editors: a rule's amount, rate, days and note, a grade and its factor,
    # the hours scheme's days and five numbers, the rework rule's
    assert walked["commission_settings"] >= 19, walked
    assert all(count > 0 for key, count in walked.items() if key not in NO_TYPED_FIELDS), walked


def test_typing_stops_at_the_limit(qtbot: QtBot, admin: Login) -> None:
    """What the limits do as the operator types: a name stops at 100 characters, a
    customer's notes (a text box) at 1,000 however they are pasted, an amount takes no
    third decimal, the promised date no day past the promise's window."""
    window = MainWindow(*admin)
    qtbot.addWidget(window)
    intake = IntakePage(*admin)
    qtbot.addWidget(intake)
    intake.show()
    qtbot.keyClicks(intake.customer_name, "z" * 120)
    assert len(intake.customer_name.text()) == limits.max_length("ticket", "customer_name")
    intake.customer_name.clear()
    intake.customer_name.insert("张" * 120)  # as an input method or a paste puts it
    assert intake.customer_name.text() == "张" * 100
    fault = intake.fault.lineEdit()
    assert fault is not None
    fault.insert("响" * 600)
    assert len(intake.fault.currentText()) == limits.max_length("ticket", "fault")
    latest = _pydate(intake.promised.maximumDate())
    assert latest == intake.today() + timedelta(days=limits.PROMISE_MAX_DAYS)

    customers = next(page for key, page in _pages(qtbot, window) if key == "customers")
    assert isinstance(customers, CustomersPage)
    customers.notes_edit.insertPlainText("备注" * 800)
    assert len(customers.notes_edit.toPlainText()) == limits.max_length("customer", "notes")
    customers.notes_edit.setPlainText("")
    qtbot.keyClicks(customers.notes_edit, "x" * 1005)
    assert len(customers.notes_edit.toPlainText()) == 1000

    settle = SettleDialog(_detail())
    qtbot.addWidget(settle)
    settle.discount.clear()
    qtbot.keyClicks(settle.discount, "-5.123")
    assert settle.discount.text() == "5.12"  # no minus, no third decimal
    settle.paid.clear()
    qtbot.keyClicks(settle.paid, "NaN")
    assert settle.paid.text() == ""
