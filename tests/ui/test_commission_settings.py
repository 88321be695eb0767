"""提成设置 and the pay fields of the staff and service settings pages, through the real
screens (issue 14): a commission rule made and an overlapping one refused at its
validity field, the grade factors, the hours scheme and the rework rule, an employee's
pay scheme, a reward item that applies itself."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from aftersales_desktop.services.commissions import rules
from aftersales_desktop.ui.commissions.settings_page import CommissionSettingsPage
from aftersales_desktop.ui.masterdata.service_settings import ServiceSettingsPage
from aftersales_desktop.ui.masterdata.staff import StaffPage
from aftersales_desktop.ui.record_editor import RecordEditor
from tests.pg import TestCluster
from tests.ui.helpers import Login, OpenAs, module_database, off_gui, operator_sessions, shown

pytestmark = [pytest.mark.gui, pytest.mark.db]

commission_db = module_database()


@pytest.fixture
def open_as(qtbot: QtBot, cluster: TestCluster, commission_db: str,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenAs]:
    # a form left with unsaved changes for another record: drop them, as asked
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args, **_kwargs: QMessageBox.StandardButton.Yes)
    yield from operator_sessions(qtbot, cluster, commission_db)


@pytest.fixture
def rule_setter(open_as: OpenAs) -> Login:
    # view_all: the page may count the lines that use a rule
    return open_as(["commission.rules", "commission.view_all"])


def _work_type(cluster: TestCluster, db: str, name: str) -> int:
    code = cluster.new_code("WT")
    return int(cluster.execute(db, "INSERT INTO app.work_type (code, name, labour_fee, "
                                   "standard_hours) VALUES (%s, %s, 80, 2) RETURNING id",
                               (code, name))[0][0])


def _choose(combo: QComboBox, data: Any) -> None:
    index = combo.findData(data)
    assert index >= 0, (data, [combo.itemData(i) for i in range(combo.count())])
    combo.setCurrentIndex(index)


def _save(qtbot: QtBot, editor: RecordEditor) -> str:
    editor.save()
    qtbot.waitUntil(lambda: editor.save_button.isEnabled() and editor.feedback.summary
                    .isVisibleTo(editor), timeout=20_000)
    return str(editor.feedback.summary.text())


def _invalid(widget: QWidget) -> bool:
    return bool(widget.property("invalid"))


def _settings_page(qtbot: QtBot, login: Login) -> CommissionSettingsPage:
    return shown(qtbot, CommissionSettingsPage(*login), until=lambda p: p.is_ready())


def test_a_rule_and_an_overlapping_one_refused_at_its_validity(
        qtbot: QtBot, rule_setter: Login, cluster: TestCluster, commission_db: str) -> None:
    work_type = _work_type(cluster, commission_db, "空调安装")
    page = _settings_page(qtbot, rule_setter)
    editor = page.rules
    editor.new_record()
    _choose(editor.mode_combo, "installation")
    _choose(editor.work_type_combo, work_type)
    _choose(editor.kind_combo, "fixed")
    assert editor.amount_edit.isVisibleTo(editor) and not editor.rate_edit.isVisibleTo(editor)
    editor.amount_edit.setText("35.5")
    # what the rule as typed pays, before it is saved (domain/commissions.rule_amount)
    assert "pays ¥35.50" in editor.example_label.text()
    editor.valid_from_edit.setDate(QDate(2026, 1, 1))
    editor.note_edit.setText("新空调")
    assert _save(qtbot, editor) == "Saved."
    first = editor.record_key(editor.record)
    assert editor.uses_label.text() == "No commission line uses this rule yet."
    assert editor.valid_to_edit.text() == "(open-ended)"
    assert cluster.execute(commission_db, "SELECT kind, amount, rate, valid_from, valid_to, "
                                          "note FROM app.commission_rule WHERE id = %s",
                           (first,)) == [("fixed", Decimal("35.50"), None, date(2026, 1, 1),
                                          None, "新空调")]

    # a second rule for the same mode and work type from mid-year: the first is open-ended
    editor.new_record()
    _choose(editor.mode_combo, "installation")
    _choose(editor.work_type_combo, work_type)
    _choose(editor.kind_combo, "labour_pct")
    assert editor.rate_edit.isVisibleTo(editor) and not editor.amount_edit.isVisibleTo(editor)
    editor.rate_edit.setText("25")
    assert editor.example_label.text() == ("Example: 1 unit of the work type (labour fee "
                                           "¥80.00) pays ¥20.00 (grade factor 1.000).")
    editor.rate_edit.setText("abc")
    assert editor.example_label.text() == ""  # no number, no example
    editor.rate_edit.setText("25")
    editor.valid_from_edit.setDate(QDate(2026, 7, 1))
    message = _save(qtbot, editor)
    assert "2026-01-01" in message and "overlap" in message, message
    assert _invalid(editor.valid_from_edit)
    assert editor.record is None  # nothing saved
    assert cluster.execute(commission_db, "SELECT count(*) FROM app.commission_rule "
                                          "WHERE work_type_id = %s", (work_type,)) == [(1,)]
    editor.valid_from_edit.setDate(QDate(2026, 7, 2))  # changing the field clears its error
    assert not _invalid(editor.valid_from_edit)

    # end the first rule the day before: the second one fits
    editor.new_record()
    qtbot.waitUntil(lambda: editor.record is None)
    editor.load(first)
    qtbot.waitUntil(lambda: editor.record is not None, timeout=20_000)
    assert editor.amount_edit.text() == "35.5"
    editor.valid_to_edit.setDate(QDate(2026, 6, 30))
    assert _save(qtbot, editor) == "Saved."
    editor.new_record()
    _choose(editor.mode_combo, "installation")
    _choose(editor.work_type_combo, work_type)
    _choose(editor.kind_combo, "labour_pct")
    editor.rate_edit.setText("25")
    editor.valid_from_edit.setDate(QDate(2026, 7, 1))
    assert _save(qtbot, editor) == "Saved."
    assert cluster.execute(commission_db, "SELECT kind, amount, rate, valid_to FROM "
                                          "app.commission_rule WHERE work_type_id = %s "
                                          "ORDER BY valid_from", (work_type,)) == [
        ("fixed", Decimal("35.50"), None, date(2026, 6, 30)),
        ("labour_pct", None, Decimal("25.0000"), None)]


def test_the_databases_overlap_refusal_lands_at_the_validity_field(
        qtbot: QtBot, rule_setter: Login, cluster: TestCluster, commission_db: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two clerks saving at once pass the service's check together: the exclusion
    constraint refuses the second, and the page shows it at the validity field too."""
    work_type = _work_type(cluster, commission_db, "冰箱维修")
    cluster.execute(commission_db, "INSERT INTO app.commission_rule (service_mode, "
                                   "work_type_id, kind, amount, valid_from) VALUES "
                                   "('repair', %s, 'fixed', 20, '2026-01-01')", (work_type,))
    monkeypatch.setattr(rules, "_refuse_overlap", lambda *_args: None)
    page = _settings_page(qtbot, rule_setter)
    editor = page.rules
    _choose(editor.mode_combo, "repair")
    _choose(editor.work_type_combo, work_type)
    _choose(editor.kind_combo, "fixed")
    editor.amount_edit.setText("30")
    editor.valid_from_edit.setDate(QDate(2026, 3, 1))
    message = _save(qtbot, editor)
    assert message != "Saved." and "commission_rule_no_overlap" not in message, message
    assert _invalid(editor.valid_from_edit), message  # domain/constraints.py: valid_from
    assert editor.record is None


def test_grade_factor_hours_scheme_and_rework_rule(qtbot: QtBot, rule_setter: Login,
                                                    cluster: TestCluster,
                                                    commission_db: str) -> None:
    page = _settings_page(qtbot, rule_setter)
    grades = page.grade_factors
    grade = cluster.new_code("高级")
    grades.grade_combo.setEditText(grade)
    grades.factor_edit.setText("1.2")
    assert _save(qtbot, grades) == "Saved."
    grades.factor_edit.clear()
    qtbot.keyClicks(grades.factor_edit, "1.2345")  # numeric(5,3): no fourth decimal
    assert grades.factor_edit.text() == "1.234"
    grades.factor_edit.setText("1.25")
    assert _save(qtbot, grades) == "Saved."
    assert cluster.execute(commission_db, "SELECT factor FROM app.commission_grade_factor "
                                          "WHERE grade = %s", (grade,)) == [(Decimal("1.250"),)]

    # the seeded hours scheme: from 2000-01-01, the seed's numbers
    hours = page.hours_rules
    seeded = cluster.execute(commission_db, "SELECT id FROM app.hours_rule "
                                            "WHERE valid_from = '2000-01-01'")[0][0]
    hours.load(seeded)
    qtbot.waitUntil(lambda: hours.record is not None, timeout=20_000)
    assert hours.valid_from_edit.date() == QDate(2000, 1, 1)
    assert hours.number_edits["other_weight"].text() == "0.5"
    hours.number_edits["supervisor_threshold"].setText("75")
    assert _save(qtbot, hours) == "Saved."
    assert cluster.execute(commission_db, "SELECT supervisor_threshold, valid_from FROM "
                                          "app.hours_rule WHERE id = %s", (seeded,)) == [
        (Decimal("75.00"), date(2000, 1, 1))]
    # a second scheme from 2026 overlaps the open-ended seeded one
    hours.new_record()
    hours.valid_from_edit.setDate(QDate(2026, 1, 1))
    assert "overlap" in _save(qtbot, hours)
    assert _invalid(hours.valid_from_edit)

    rework = page.rework_rules
    rework.new_record()
    _choose(rework.kind_combo, "fixed")
    rework.amount_edit.setText("50")
    rework.valid_from_edit.setDate(QDate(2100, 1, 1))
    assert "overlap" in _save(qtbot, rework)  # the seeded rule is open-ended
    rework.valid_from_edit.setDate(QDate(2000, 1, 1))
    rework.valid_to_edit.setDate(QDate(1999, 12, 31))  # its minimum: open-ended
    assert rework.valid_to_edit.text() == "(open-ended)"


def test_staff_pay_fields(qtbot: QtBot, open_as: OpenAs, cluster: TestCluster,
                          commission_db: str) -> None:
    login = open_as(["masterdata.edit"])
    page = shown(qtbot, StaffPage(*login), until=lambda p: p.is_loaded())
    code = cluster.new_code("emp")
    page.code_edit.setText(code)
    page.name_edit.setText("李师傅")
    page.technician_box.setChecked(True)
    assert not page.basic_hours_edit.isEnabled()  # the commission scheme has no hours
    _choose(page.scheme_combo, "hours")
    assert page.basic_hours_edit.isEnabled()
    page.basic_hours_edit.setText("120")
    page.rated_hours_edit.setText("100")
    message = _save(qtbot, page)
    assert message == "The rated hours cannot be fewer than the basic hours.", message
    assert _invalid(page.rated_hours_edit)
    page.rated_hours_edit.setText("160")
    page.probation_box.setChecked(True)
    page.supervisor_box.setChecked(True)
    assert _save(qtbot, page) == "Saved."
    employee = page.record_key(page.record)
    assert cluster.execute(commission_db, "SELECT scheme, basic_hours, rated_hours, "
                                          "probation, supervisor FROM app.employee_pay "
                                          "WHERE employee_id = %s", (employee,)) == [
        ("hours", Decimal("120.00"), Decimal("160.00"), True, True)]
    page.new_record()
    page.load(employee)
    qtbot.waitUntil(lambda: page.record is not None, timeout=20_000)
    assert page.scheme_combo.currentData() == "hours"
    assert (page.basic_hours_edit.text(), page.rated_hours_edit.text()) == ("120", "160")
    assert page.probation_box.isChecked() and page.supervisor_box.isChecked()

    # an employee left on the defaults gets no pay row
    page.new_record()
    other = cluster.new_code("emp")
    page.code_edit.setText(other)
    page.name_edit.setText("赵师傅")
    assert _save(qtbot, page) == "Saved."
    assert cluster.execute(commission_db, "SELECT count(*) FROM app.employee_pay p JOIN "
                                          "app.employee e ON e.id = p.employee_id "
                                          "WHERE e.code = %s", (other,)) == [(0,)]


def test_reward_item_automation_overdue_mode_and_hours_kind(
        qtbot: QtBot, open_as: OpenAs, cluster: TestCluster, commission_db: str) -> None:
    database, session = open_as(["masterdata.edit"])
    page = shown(qtbot, ServiceSettingsPage(database, session),
                 until=lambda p: all(e.is_ready() for e in p.editors()))
    items = page.reward_penalty_items
    threshold = items.choice("threshold")
    assert not threshold.isEnabled()  # by hand only: no threshold
    code = cluster.new_code("RP")
    items.edit("code").setText(code)
    items.edit("name").setText("差评罚款")
    items.edit("amount").setText("-50")
    _choose(items.choice("auto"), "survey_low")
    assert threshold.isEnabled() and threshold.currentData() == 2
    _choose(threshold, 1)
    assert _save(qtbot, items) == "Saved."
    rows = cluster.execute(commission_db, "SELECT amount, auto, threshold FROM "
                                          "app.reward_penalty_item WHERE code = %s", (code,))
    assert rows == [(Decimal("-50.00"), "survey_low", 1)]
    _choose(items.choice("auto"), "complaint")
    assert not threshold.isEnabled() and threshold.currentData() is None
    assert _save(qtbot, items) == "Saved."
    assert cluster.execute(commission_db, "SELECT auto, threshold FROM "
                                          "app.reward_penalty_item WHERE code = %s",
                           (code,)) == [("complaint", None)]

    # a stale save (someone changed the item meanwhile) is refused
    cluster.execute(commission_db, "UPDATE app.reward_penalty_item SET name = '投诉罚款' "
                                   "WHERE code = %s", (code,))
    items.edit("amount").setText("-60")
    assert "meanwhile" in _save(qtbot, items)

    rules_editor = page.overdue_rules
    rules_editor.edit("name").setText(cluster.new_code("安装超期"))
    rules_editor.edit("amount_per_day").setText("5")
    _choose(rules_editor.choice("service_mode"), "installation")
    assert _save(qtbot, rules_editor) == "Saved."
    key = rules_editor.record_key(rules_editor.record)
    assert cluster.execute(commission_db, "SELECT service_mode FROM app.overdue_rule "
                                          "WHERE id = %s", (key,)) == [("installation",)]

    work_types = page.work_types
    wt_code = cluster.new_code("WT")
    work_types.edit("code").setText(wt_code)
    work_types.edit("name").setText("送货")
    work_types.edit("labour_fee").setText("20")
    assert work_types.choice("hours_kind").currentData() == "repair"  # a new one's default
    _choose(work_types.choice("hours_kind"), "other")
    assert _save(qtbot, work_types) == "Saved."
    assert cluster.execute(commission_db, "SELECT hours_kind FROM app.work_type "
                                          "WHERE code = %s", (wt_code,)) == [("other",)]


def test_rule_service_refuses_a_rule_that_ends_before_it_starts(
        qtbot: QtBot, rule_setter: Login, cluster: TestCluster, commission_db: str) -> None:
    from aftersales_desktop.core.errors import ValidationError

    work_type = _work_type(cluster, commission_db, "洗衣机维修")
    database, _session = rule_setter

    def save() -> Any:
        with database.transaction() as conn:
            return rules.save_rule(conn, service_mode="repair", work_type_id=work_type,
                                   kind="margin_pct", rate="10", valid_from=date(2026, 5, 1),
                                   valid_to=date(2026, 4, 30))

    with pytest.raises(ValidationError) as refused:
        off_gui(qtbot, save)
    assert refused.value.field == "valid_to"


def test_deleting_a_rule_only_when_no_line_uses_it(
        qtbot: QtBot, rule_setter: Login, open_as: OpenAs, cluster: TestCluster,
        commission_db: str) -> None:
    from aftersales_desktop.core.errors import ValidationError

    work_type = _work_type(cluster, commission_db, "热水器维修")
    rule = cluster.execute(commission_db, "INSERT INTO app.commission_rule (service_mode, "
                                          "work_type_id, kind, amount, valid_from) VALUES "
                                          "('repair', %s, 'fixed', 12, '2026-01-01') "
                                          "RETURNING id", (work_type,))[0][0]
    # who cannot see every line cannot tell whether one uses the rule: no delete
    database, session = open_as(["commission.rules"])
    blind = shown(qtbot, CommissionSettingsPage(database, session),
                  until=lambda p: p.is_ready())
    blind.rules.load(rule)
    qtbot.waitUntil(lambda: blind.rules.record is not None, timeout=20_000)
    assert blind.rules.uses_label.text() == "" and not blind.rules.delete_button.isEnabled()

    def delete() -> None:
        with database.transaction() as conn:
            rules.delete_rule(conn, rule, None)

    with pytest.raises(ValidationError) as refused:
        off_gui(qtbot, delete)
    assert refused.value.code == "rule_delete_unknown"

    page = _settings_page(qtbot, rule_setter)
    page.rules.load(rule)
    qtbot.waitUntil(lambda: page.rules.record is not None, timeout=20_000)
    assert page.rules.delete_button.isEnabled()
    page.rules.delete_button.click()  # the question is answered Yes (the fixture)
    qtbot.waitUntil(lambda: page.rules.record is None
                    and page.rules.feedback.summary.text() == "Deleted.", timeout=20_000)
    assert cluster.execute(commission_db, "SELECT count(*) FROM app.commission_rule "
                                          "WHERE id = %s", (rule,)) == [(0,)]
