"""Operator administration through the real screen, as an administrator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import LoginDisabled
from aftersales_desktop.domain.capabilities import CAPABILITY_LABELS, TEMPLATE_LABELS
from aftersales_desktop.services.session import close_session, open_session
from aftersales_desktop.ui.admin.operators import OperatorsPage
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.password_dialog import ChangePasswordDialog
from tests.pg import TEST_PASSWORD, TestCluster
from tests.ui.helpers import logged_in, off_gui


@pytest.fixture
def admin_db(qtbot: QtBot, cluster: TestCluster, shop_db: str) -> Iterator[Database]:
    for database, _session in logged_in(qtbot, cluster, shop_db, None):
        yield database


def _page(qtbot: QtBot, database: Database) -> OperatorsPage:
    page = OperatorsPage(database, own_code=database.user)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.isEnabled() and page.capability_list.count() > 0,
                    timeout=20_000)
    return page


def _item(page: OperatorsPage, capability: str):  # type: ignore[no-untyped-def]
    for row in range(page.capability_list.count()):
        item = page.capability_list.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == capability:
            return item
    raise AssertionError(capability)


def _save(qtbot: QtBot, page: OperatorsPage) -> str:
    page.save()
    qtbot.waitUntil(lambda: page.save_button.isEnabled(), timeout=20_000)
    return page.feedback.summary.text()


def test_catalogue_labels_match_the_database(cluster: TestCluster, shop_db: str) -> None:
    codes = {c for (c,) in cluster.execute(shop_db, "SELECT code FROM app.capability")}
    assert codes == set(CAPABILITY_LABELS)
    templates = {t for (t,) in cluster.execute(shop_db,
                                               "SELECT code FROM app.position_template")}
    assert templates == set(TEMPLATE_LABELS)


def test_create_edit_disable_operator(qtbot: QtBot, admin_db: Database, cluster: TestCluster,
                                      shop_db: str) -> None:
    page = _page(qtbot, admin_db)
    code = cluster.new_code("ui")
    page.code_edit.setText(code)
    page.name_edit.setText("小李")
    page.template_combo.setCurrentIndex(page.template_combo.findData("counter"))
    _item(page, "costs.view").setCheckState(Qt.CheckState.Checked)       # added
    _item(page, "notice.send").setCheckState(Qt.CheckState.Unchecked)    # removed
    assert "[added]" in _item(page, "costs.view").text()

    # bad input first: nothing is created
    page.password_edit.setText("short")
    page.confirm_edit.setText("short")
    assert "at least 8" in _save(qtbot, page)
    assert cluster.execute(shop_db, "SELECT 1 FROM pg_roles WHERE rolname = %s", (code,)) == []

    page.password_edit.setText("Counter-pass-9")
    page.confirm_edit.setText("Counter-pass-9")
    assert _save(qtbot, page) == "Saved."
    assert page.details is not None and page.details.code == code
    assert "costs.view" in page.details.effective
    assert "notice.send" not in page.details.effective
    assert "intake.create" in page.details.effective

    database, session = off_gui(
        qtbot, lambda: open_session(cluster.profile(shop_db), code, "Counter-pass-9"))
    off_gui(qtbot, lambda: close_session(database))
    assert session.name == "小李" and session.can("costs.view")

    # switching the template keeps the explicit additions
    page.template_combo.setCurrentIndex(page.template_combo.findData("technician"))
    assert _item(page, "costs.view").checkState() == Qt.CheckState.Checked
    assert _item(page, "intake.create").checkState() == Qt.CheckState.Unchecked
    page.active_box.setChecked(False)
    assert _save(qtbot, page) == "Saved."
    assert not page.details.active
    assert page.details.template == "technician"
    with pytest.raises(LoginDisabled):
        off_gui(qtbot, lambda: open_session(cluster.profile(shop_db), code, "Counter-pass-9"))


def test_stale_save_is_refused(qtbot: QtBot, admin_db: Database, cluster: TestCluster,
                               shop_db: str) -> None:
    target = cluster.create_operator(shop_db, capabilities=["intake.create"], name="原名")
    page = _page(qtbot, admin_db)
    page.load(target)
    qtbot.waitUntil(lambda: page.details is not None and page.details.code == target,
                    timeout=20_000)
    cluster.execute(shop_db, "UPDATE app.operator SET version = version + 1 WHERE code = %s",
                    (target,))
    page.name_edit.setText("新名")
    # an administrator reads the change log, so the message says who changed it
    assert f"changed by {cluster.base['user']} at " in _save(qtbot, page)
    assert cluster.execute(shop_db, "SELECT name FROM app.operator WHERE code = %s",
                           (target,)) == [("原名",)]
    assert page.reload_button.isVisibleTo(page) and page.has_unsaved_changes()
    version = page.details.version
    page.reload_button.click()
    qtbot.waitUntil(lambda: page.details is not None and page.details.version > version,
                    timeout=20_000)
    assert page.name_edit.text() == "原名" and not page.has_unsaved_changes()
    assert not page.reload_button.isVisibleTo(page)


def test_cannot_disable_self(qtbot: QtBot, admin_db: Database) -> None:
    page = _page(qtbot, admin_db)
    page.load(admin_db.user)
    qtbot.waitUntil(lambda: page.details is not None, timeout=20_000)
    page.active_box.setChecked(False)
    assert "own account" in _save(qtbot, page)


def test_change_own_password(qtbot: QtBot, cluster: TestCluster, shop_db: str) -> None:
    install_language("en")
    code = cluster.create_operator(shop_db, capabilities=[])
    database, _s = off_gui(qtbot, lambda: open_session(cluster.profile(shop_db), code,
                                                      TEST_PASSWORD))
    dialog = ChangePasswordDialog(database)
    qtbot.addWidget(dialog)
    dialog.current_edit.setText("wrong-current")
    dialog.new_edit.setText("Brand-new-pass1")
    dialog.confirm_edit.setText("Brand-new-pass1")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=20_000)
    assert "current password is wrong" in dialog.feedback.summary.text()
    dialog.current_edit.setText(TEST_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.submit()
    off_gui(qtbot, lambda: close_session(database))
    again, _s = off_gui(qtbot, lambda: open_session(cluster.profile(shop_db), code,
                                                   "Brand-new-pass1"))
    off_gui(qtbot, lambda: close_session(again))
