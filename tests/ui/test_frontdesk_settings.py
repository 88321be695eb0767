"""The front desk settings page and service, against a real database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

import pytest
from pytestqt.qtbot import QtBot

from aftersales_desktop.core.errors import PermissionDenied, ValidationError
from aftersales_desktop.services.frontdesk import settings as service
from aftersales_desktop.ui.frontdesk.settings_page import FrontDeskSettingsPage
from tests.pg import TestCluster
from tests.ui.helpers import Login, logged_in, off_gui, shown


@pytest.fixture(scope="module")
def settings_db(cluster: TestCluster) -> str:
    return cluster.create_database()


@pytest.fixture
def manager(qtbot: QtBot, cluster: TestCluster, settings_db: str) -> Iterator[Login]:
    yield from logged_in(qtbot, cluster, settings_db, ["settings.admin", "notice.send"])


@pytest.fixture
def clerk(qtbot: QtBot, cluster: TestCluster, settings_db: str) -> Iterator[Login]:
    yield from logged_in(qtbot, cluster, settings_db, ["notice.send"])


def _page(qtbot: QtBot, login: Login) -> FrontDeskSettingsPage:
    return shown(qtbot, FrontDeskSettingsPage(*login), until=lambda p: p.save_button.isEnabled())


def _save(qtbot: QtBot, page: FrontDeskSettingsPage) -> str:
    page.save()
    qtbot.waitUntil(page.save_button.isEnabled, timeout=20_000)
    return page.feedback.summary.text()


def _snapshot(cluster: TestCluster, db: str) -> list[tuple]:
    return cluster.execute(db, """
        SELECT (SELECT jsonb_object_agg(key, value) FROM app.shop_setting),
               (SELECT jsonb_object_agg(kind, body) FROM app.notice_template),
               (SELECT coalesce(jsonb_agg(jsonb_build_array(day, working) ORDER BY day), '[]')
                  FROM app.work_calendar),
               (SELECT coalesce(jsonb_object_agg(channel, config), '{}')
                  FROM app.notice_channel)""")


def test_load_change_and_save(qtbot: QtBot, manager: Login, cluster: TestCluster,
                              settings_db: str) -> None:
    page = _page(qtbot, manager)
    assert page.templates["repaired"].toPlainText().startswith("{customer}")
    holiday = date.today() + timedelta(days=30)
    page.shop_name.setText("城东家电维修")
    page.shop_phone.setText("0571-86001234")  # the templates name it
    page.normal_days.setValue(9)
    page.templates["repaired"].setPlainText("{customer}: {device} is ready at {shop}.")
    page.holidays.setPlainText(holiday.isoformat())
    page.sms_url.setText("https://sms.example.com/send")
    page.sms_api_key.setText("secret")
    assert _save(qtbot, page) == "Saved."

    shop = cluster.execute(settings_db, "SELECT value FROM app.shop_setting "
                           "WHERE key = 'shop'")[0][0]
    assert shop["name"] == "城东家电维修"
    promise = cluster.execute(settings_db, "SELECT value FROM app.shop_setting "
                              "WHERE key = 'promise'")[0][0]
    assert promise["normal_days"] == 9
    assert cluster.execute(settings_db, "SELECT body FROM app.notice_template "
                           "WHERE kind = 'repaired'")[0][0] == (
        "{customer}: {device} is ready at {shop}.")
    assert cluster.execute(settings_db, "SELECT working FROM app.work_calendar "
                           "WHERE day = %s", (holiday,)) == [(False,)]
    config = cluster.execute(settings_db, "SELECT config FROM app.notice_channel "
                             "WHERE channel = 'sms'")[0][0]
    assert config["url"] == "https://sms.example.com/send"
    # the page shows what was saved
    assert page.holidays.toPlainText() == holiday.isoformat()
    assert page.normal_days.value() == 9

    # switching SMS off removes the channel
    page.sms_url.setText("")
    assert _save(qtbot, page) == "Saved."
    assert cluster.execute(settings_db, "SELECT count(*) FROM app.notice_channel "
                           "WHERE channel = 'sms'") == [(0,)]


@pytest.mark.parametrize("case", ["placeholder", "date", "sms_url"])
def test_bad_input_shows_an_error_and_changes_nothing(
        qtbot: QtBot, manager: Login, cluster: TestCluster, settings_db: str,
        case: str) -> None:
    page = _page(qtbot, manager)
    before = _snapshot(cluster, settings_db)
    page.shop_name.setText("Changed name")
    page.shop_phone.setText("0571-86001234")
    if case == "placeholder":
        page.templates["parts_arrived"].setPlainText("{customer} {nonsense}")
        field = "template_parts_arrived"
    elif case == "date":
        page.holidays.setPlainText(f"{date.today() + timedelta(days=5)}\n2026-13-45")
        field = "holidays"
    else:
        page.sms_url.setText("ftp://x")
        field = "sms_url"
    text = _save(qtbot, page)
    assert text and text != "Saved."
    assert page.feedback.invalid_fields() == [field]
    if case == "placeholder":
        assert "{nonsense}" in text
    elif case == "date":
        assert "Line 2" in text
    assert _snapshot(cluster, settings_db) == before


def test_service_refuses_bad_values_before_writing(
        qtbot: QtBot, manager: Login, cluster: TestCluster, settings_db: str) -> None:
    database, _session = manager

    def load() -> service.FrontDeskSettings:
        with database.read() as conn:
            return service.load_settings(conn)

    current = replace(off_gui(qtbot, load), shop_phone="0571-86001234")
    before = _snapshot(cluster, settings_db)
    bad = [
        (replace(current, shop_name="x", normal_days=0), "normal_days"),
        (replace(current, shop_name="x", uncollected_days=366), "uncollected_days"),
        (replace(current, shop_name="x", repair_warranty_days=-1), "repair_warranty_days"),
        (replace(current, shop_name="  "), "shop_name"),
        (replace(current, shop_name="x", email={"host": "smtp.example.com",
                                               "sender": "not an address"}),
         "email_sender"),
        (replace(current, shop_name="x", holidays=[date.today() - timedelta(days=3)]),
         "holidays"),
    ]
    for settings, field in bad:
        def save(s: service.FrontDeskSettings = settings) -> None:
            with database.transaction() as conn:
                service.save_settings(conn, s)

        with pytest.raises(ValidationError) as caught:
            off_gui(qtbot, save)
        assert caught.value.field == field
    assert _snapshot(cluster, settings_db) == before


def test_without_settings_admin_saving_is_denied(
        qtbot: QtBot, clerk: Login, cluster: TestCluster, settings_db: str) -> None:
    database, _session = clerk
    before = _snapshot(cluster, settings_db)

    def attempt() -> None:
        with database.read() as conn:
            current = service.load_settings(conn)
        with database.transaction() as conn:
            service.save_settings(conn, replace(current, shop_name="Not allowed",
                                                shop_phone="0571-86001234"))

    with pytest.raises(PermissionDenied):
        off_gui(qtbot, attempt)
    assert _snapshot(cluster, settings_db) == before
