"""The shared list view: pages load in workers, filters and sorting go to the server."""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Boolean, Date, DateTime, Integer, Numeric, Text, cast, func, text

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.work import running_tasks
from aftersales_desktop.data.listing import ListColumn, ListSource, SortKey
from aftersales_desktop.data.lists import LOGIN_HISTORY
from aftersales_desktop.data.summary import Summary
from aftersales_desktop.domain.filters import ColumnKind
from aftersales_desktop.services.session import close_session, open_session
from aftersales_desktop.ui.i18n import install_language
from aftersales_desktop.ui.listview import KEY_ROLE, RAW_ROLE, ListView
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = [pytest.mark.db, pytest.mark.gui]

ROWS = 450
START = datetime(2026, 11, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))


def items_source(*, name: str = "test_items", delay: str = "", slow_from: str = "",
                 rows: int = ROWS) -> ListSource:
    """450 generated rows with one column of every kind; no table, so any operator may read it.

    `delay` adds a pg_sleep per row to the name column; `slow_from` sleeps once per query.
    """
    items = text(f"""
        SELECT n,
               CASE WHEN n % 10 = 7 THEN 'Widget ' ELSE 'Item ' END || n AS name,
               (n * 1.25)::numeric(12,2) AS price,
               '138' || lpad(n::text, 8, '0') AS phone,
               timestamptz '2026-11-01 08:00:00+08' + n * interval '1 hour' AS at,
               date '2026-10-20' + n AS day,
               n % 3 = 0 AS ok
        FROM generate_series(1, {rows}) AS n {slow_from}
    """).columns(n=Integer, name=Text, price=Numeric(12, 2), phone=Text,
                 at=DateTime(timezone=True), day=Date, ok=Boolean).subquery("items")
    name_expr: Any = items.c.name
    if delay:
        name_expr = items.c.name.concat(cast(func.pg_sleep(float(delay)), Text))
    return ListSource(
        name=name, title="Test items",
        columns=(
            ListColumn("n", "Number", items.c.n, ColumnKind.INT, width=60),
            ListColumn("name", "Name", name_expr),
            ListColumn("price", "Price", items.c.price, ColumnKind.MONEY, sensitive=True),
            ListColumn("phone", "Phone", items.c.phone, ColumnKind.PHONE, sensitive=True),
            ListColumn("at", "Time", items.c.at, ColumnKind.DATETIME),
            ListColumn("day", "Day", items.c.day, ColumnKind.DATE),
            ListColumn("ok", "OK", items.c.ok, ColumnKind.BOOL),
        ),
        from_clause=items, key=items.c.n, default_sort=(SortKey("n"),),
    )


ITEMS = items_source()


@pytest.fixture(scope="module")
def database(cluster: TestCluster, shop_db: str) -> Iterator[Database]:
    code = cluster.create_operator(shop_db, capabilities=["log.view"])
    db, _session = open_session(cluster.profile(shop_db), code, TEST_PASSWORD)
    yield db
    close_session(db)


@pytest.fixture(autouse=True)
def english() -> None:
    # the GUI-thread guard and the wait for workers come from conftest's autouse fixture
    install_language("en")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "lists.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_view(qtbot: QtBot, database: Database,
              settings: QSettings) -> Callable[..., ListView]:
    def make(source: ListSource = ITEMS, *, wait: bool = True, **kwargs: Any) -> ListView:
        view = ListView(source, database, settings=kwargs.pop("settings", settings), **kwargs)
        qtbot.addWidget(view)
        view.resize(900, 400)
        view.show()
        if wait:
            qtbot.waitUntil(lambda: not view.model.is_loading and view.model.rowCount() > 0,
                            timeout=15_000)
        return view
    return make


def shown(view: ListView, row: int, key: str) -> str:
    model = view.model
    return str(model.data(model.index(row, view.source.index_of(key))))


def column_values(view: ListView, key: str) -> list[Any]:
    model = view.model
    column = view.source.index_of(key)
    return [model.data(model.index(r, column), RAW_ROLE) for r in range(model.rowCount())]


def reload(qtbot: QtBot, view: ListView, action: Callable[[], Any]) -> int:
    with qtbot.waitSignal(view.model.loaded, timeout=15_000) as blocker:
        action()
    return int(blocker.args[0])


# -- loading ----------------------------------------------------------------------------------

def test_database_calls_on_the_gui_thread_are_refused(database: Database) -> None:
    from aftersales_desktop.core.errors import BugError

    with pytest.raises(BugError), database.read():
        pass


def test_first_page_loads_in_a_worker_and_displays_each_kind(qtbot: QtBot,
                                                             make_view: Callable) -> None:
    view = make_view(wait=False)
    assert view.model.rowCount() == 0  # nothing synchronous: the page is still on its way
    with qtbot.waitSignal(view.model.loaded, timeout=15_000) as blocker:
        pass
    assert blocker.args == [ROWS]
    assert view.model.rowCount() == 200
    assert view.status_label.text() == f"{ROWS} rows"
    model = view.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "Number", "Name", "Price", "Phone", "Time", "Day", "OK"]
    assert shown(view, 0, "n") == "1"
    assert shown(view, 0, "name") == "Item 1"
    assert shown(view, 6, "name") == "Widget 7"
    assert shown(view, 0, "price") == "¥1.25"
    assert shown(view, 199, "price") == "¥250.00"
    assert shown(view, 0, "phone") == "138 0000 0001"
    local = shop_time.to_shop_time(START + timedelta(hours=1))  # the shop's clock, not the PC's
    assert shown(view, 0, "at") == local.strftime("%Y-%m-%d %H:%M")
    assert shown(view, 0, "day") == "2026-10-21"
    assert shown(view, 0, "ok") == "No"
    assert shown(view, 2, "ok") == "Yes"
    price = model.index(0, view.source.index_of("price"))
    assert model.data(price, RAW_ROLE) == Decimal("1.25")
    assert model.data(price, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(5, 1), KEY_ROLE) == 6


def test_scrolling_to_the_bottom_fetches_the_next_pages(qtbot: QtBot,
                                                        make_view: Callable) -> None:
    view = make_view()
    assert view.model.canFetchMore(view.model.index(-1, -1))
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == 400, timeout=15_000)
    qtbot.waitUntil(lambda: not view.model.is_loading, timeout=15_000)
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == ROWS, timeout=15_000)
    assert column_values(view, "n") == list(range(1, ROWS + 1))
    assert not view.model.canFetchMore(view.model.index(-1, -1))


def test_clicking_a_title_sorts_on_the_server(qtbot: QtBot, make_view: Callable) -> None:
    view = make_view()
    price = view.source.index_of("price")
    reload(qtbot, view, lambda: view.table.sortByColumn(price, Qt.SortOrder.DescendingOrder))
    assert column_values(view, "n")[:3] == [450, 449, 448]  # from the server, not the page
    reload(qtbot, view, lambda: view.table.sortByColumn(price, Qt.SortOrder.AscendingOrder))
    assert column_values(view, "n")[:3] == [1, 2, 3]


def test_full_field_and_column_filters_narrow_the_rows(qtbot: QtBot,
                                                       make_view: Callable) -> None:
    view = make_view()
    total = reload(qtbot, view, lambda: qtbot.keyClicks(view.filter_edit, "widget"))
    assert total == 45
    assert all(v.startswith("Widget") for v in column_values(view, "name"))
    editor = view.header.editor("n")
    total = reload(qtbot, view, lambda: qtbot.keyClicks(editor, ">400"))
    assert total == 5
    assert column_values(view, "n") == [407, 417, 427, 437, 447]
    assert view.status_label.text() == "5 rows"
    total = reload(qtbot, view, lambda: view.filter_edit.clear())
    assert total == 50
    total = reload(qtbot, view, lambda: view.header.editor("ok").setText("是"))
    assert total == 17
    assert set(column_values(view, "ok")) == {True}


def test_a_column_filter_typo_shows_at_the_editor(qtbot: QtBot, make_view: Callable) -> None:
    view = make_view()
    editor = view.header.editor("price")
    with qtbot.assertNotEmitted(view.model.loading, wait=600):
        qtbot.keyClicks(editor, "cheap")
    assert editor.error is not None and "amount" in editor.error
    assert editor.toolTip() == editor.error
    assert "border" in editor.styleSheet()
    assert view.model.rowCount() == 200
    editor.clear()
    assert editor.error is None and editor.styleSheet() == ""


def test_editors_follow_their_sections(qtbot: QtBot, make_view: Callable) -> None:
    view = make_view()
    header = view.header
    editor = view.header.editor("price")
    column = view.source.index_of("price")
    header.resizeSection(column, 170)
    qtbot.waitUntil(lambda: editor.width() == 168)
    assert editor.x() == header.sectionViewportPosition(column) + 1
    assert editor.y() >= header.viewport().height()
    header.moveSection(header.visualIndex(column), 0)
    qtbot.waitUntil(lambda: editor.x() == 1)
    view.set_column_visible(column, False)
    qtbot.waitUntil(lambda: editor.isHidden())


def test_a_late_page_of_an_old_filter_is_dropped(qtbot: QtBot, make_view: Callable) -> None:
    # 5 ms per row: the unfiltered first page takes a second, the filtered one a moment.
    view = make_view(items_source(name="lazy", delay="0.005"), wait=False)
    loaded: list[int] = []
    view.model.loaded.connect(loaded.append)
    view.header.editor("n").setText("<=5")
    view.header.apply_now()
    qtbot.waitUntil(lambda: loaded == [5], timeout=15_000)
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=15_000)
    QApplication.processEvents()
    assert loaded == [5]
    assert column_values(view, "n") == [1, 2, 3, 4, 5]


def test_a_slow_query_does_not_freeze_the_window(qtbot: QtBot, make_view: Callable) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    view = make_view(items_source(name="slow", slow_from=", pg_sleep(1.0) AS s"), wait=False)
    assert time.monotonic() - started < 0.5  # building the view waited for nothing
    with qtbot.waitSignal(view.model.loaded, timeout=15_000):
        pass
    elapsed = time.monotonic() - started
    timer.stop()
    assert elapsed >= 0.9  # the query really was slow...
    assert len(ticks) >= 20  # ...and the GUI thread kept running meanwhile
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(gaps) < 0.5


def test_a_failed_load_says_so(qtbot: QtBot, make_view: Callable) -> None:
    broken = items_source(name="broken", slow_from=", generate_series(1, 1 / 0) AS z")
    view = make_view(broken, wait=False)
    with qtbot.waitSignal(view.model.failed, timeout=15_000) as blocker:
        pass
    # a bug in the list's SQL: one sentence naming the log file, no driver text
    assert "unexpected error" in blocker.args[0] and "aftersales.log" in blocker.args[0]
    assert "division" not in blocker.args[0]
    assert view.status_label.text().startswith("Could not load the list")
    assert not view.model.canFetchMore(view.model.index(-1, -1))


def test_login_history_loads_for_an_operator_with_log_view(qtbot: QtBot,
                                                           make_view: Callable) -> None:
    view = make_view(LOGIN_HISTORY)
    assert view.model.total >= 1
    assert shown(view, 0, "event") in ("Login", "Logout")
    newest = view.model.data(view.model.index(0, 0), RAW_ROLE)
    assert isinstance(newest, datetime) and newest.tzinfo is not None
    assert newest.date() <= date.today() + timedelta(days=1)


# -- keys -------------------------------------------------------------------------------------

def test_keys_focus_refresh_and_activate(qtbot: QtBot, make_view: Callable) -> None:
    view = make_view()
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.filter_edit.hasFocus()
    view.table.setFocus()
    with qtbot.waitSignal(view.model.loaded, timeout=15_000):
        qtbot.keyClick(view.table, Qt.Key.Key_F5)
    view.table.setCurrentIndex(view.model.index(3, 1))
    with qtbot.waitSignal(view.activated) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [4]
    where = view.table.visualRect(view.model.index(9, 2)).center()
    # A real double-click starts with a click; the view ignores a lone double-click event.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    with qtbot.waitSignal(view.activated) as blocker:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert blocker.args == [10]


def test_copy_selection_copies_what_is_shown(qtbot: QtBot, make_view: Callable) -> None:
    view = make_view()
    view.set_sensitive_hidden(True)
    view.table.selectRow(0)
    view.copy_selection()
    cells = QApplication.clipboard().text().split("\t")
    assert cells[:4] == ["1", "Item 1", "****", "138****0001"]


# -- hidden data and export -------------------------------------------------------------------

def test_hiding_sensitive_data_masks_phones_and_money(qtbot: QtBot,
                                                      make_view: Callable) -> None:
    view = make_view()
    changed: list[int] = []
    view.model.dataChanged.connect(lambda tl, _br, _roles: changed.append(tl.column()))
    view.set_sensitive_hidden(True)
    assert sorted(changed) == [view.source.index_of("price"), view.source.index_of("phone")]
    assert shown(view, 0, "price") == "****"
    assert shown(view, 0, "phone") == "138****0001"
    assert shown(view, 0, "name") == "Item 1"
    view.set_sensitive_hidden(False)
    assert shown(view, 0, "price") == "¥1.25"


def export(qtbot: QtBot, view: ListView, path: Path) -> Any:
    with qtbot.waitSignal(view.exported, timeout=30_000) as blocker:
        assert view.export_to_excel(path)
    assert blocker.args == [str(path), blocker.args[1]]
    return openpyxl.load_workbook(path).active


def test_export_writes_every_matching_row_with_real_types(qtbot: QtBot, make_view: Callable,
                                                          tmp_path: Path) -> None:
    view = make_view()
    assert view.model.rowCount() == 200  # only the first page is loaded...
    sheet = export(qtbot, view, tmp_path / "items.xlsx")
    assert sheet.max_row == ROWS + 1  # ...but the export holds every row
    assert [c.value for c in sheet[1]] == ["Number", "Name", "Price", "Phone", "Time", "Day", "OK"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:G{ROWS + 1}"
    number, name, price, phone, at, day, ok = sheet[2]
    assert number.value == 1 and isinstance(number.value, int)
    assert name.value == "Item 1"
    assert price.value == pytest.approx(1.25) and price.number_format == "¥#,##0.00"
    assert phone.value == "13800000001" and phone.data_type == "s"
    expected_at = shop_time.to_shop_time(START + timedelta(hours=1)).replace(tzinfo=None)
    assert isinstance(at.value, datetime) and at.value == expected_at
    assert at.number_format == "yyyy-mm-dd hh:mm"
    assert at.value.tzinfo is None
    assert day.value == datetime(2026, 10, 21) and day.number_format == "yyyy-mm-dd"
    assert ok.value == "No"  # as the screen shows it (是/否 in Chinese)
    assert sheet.column_dimensions["E"].width >= 16


def test_export_follows_filters_columns_and_masking(qtbot: QtBot, make_view: Callable,
                                                    tmp_path: Path) -> None:
    view = make_view()
    reload(qtbot, view, lambda: view.header.editor("name").setText("widget"))
    header = view.header
    header.moveSection(header.visualIndex(view.source.index_of("phone")), 0)
    view.set_column_visible(view.source.index_of("day"), False)
    view.set_sensitive_hidden(True)
    sheet = export(qtbot, view, tmp_path / "widgets.xlsx")
    assert [c.value for c in sheet[1]] == ["Phone", "Number", "Name", "Price", "Time", "OK"]
    assert sheet.max_row == 46
    first = [c.value for c in sheet[2]]
    assert first[:4] == ["138****0007", 7, "Widget 7", "****"]
    assert all(row[3].value == "****" for row in sheet.iter_rows(min_row=2))
    assert view.status_label.text() == f"Exported 45 rows to {tmp_path / 'widgets.xlsx'}"


def test_an_export_that_cannot_be_written_says_why(qtbot: QtBot, make_view: Callable,
                                                   tmp_path: Path) -> None:
    view = make_view()
    target = tmp_path / "missing-folder" / "items.xlsx"
    with qtbot.waitSignal(view.export_failed, timeout=30_000) as blocker:
        assert view.export_to_excel(target)
    assert "could not be saved" in blocker.args[0]
    assert not target.exists()
    assert view.export_button.text() == "Export to Excel"


def test_a_cancelled_export_leaves_no_file(qtbot: QtBot, make_view: Callable,
                                          tmp_path: Path) -> None:
    view = make_view(items_source(name="many", rows=20_000))
    target = tmp_path / "many.xlsx"
    with qtbot.waitSignal(view.export_failed, timeout=30_000) as blocker:
        assert view.export_to_excel(target)
        assert not view.export_to_excel(tmp_path / "second.xlsx")  # one at a time
        assert view.export_button.text() == "Cancel export"
        view.export_button.click()
    assert "cancelled" in blocker.args[0]
    assert list(tmp_path.glob("*.xlsx")) == []


def test_the_export_key_asks_for_a_file(qtbot: QtBot, make_view: Callable, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "chosen"
    monkeypatch.setattr("aftersales_desktop.ui.listview.widget.QFileDialog.getSaveFileName",
                        lambda *args: (str(target), ""))
    view = make_view()
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    with qtbot.waitSignal(view.exported, timeout=30_000) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [str(tmp_path / "chosen.xlsx"), ROWS]


# -- remembered layout ------------------------------------------------------------------------

def test_widths_order_and_hidden_columns_are_remembered(qtbot: QtBot, make_view: Callable,
                                                        settings: QSettings) -> None:
    view = make_view()
    header = view.header
    name, day = view.source.index_of("name"), view.source.index_of("day")
    header.resizeSection(name, 333)
    header.moveSection(header.visualIndex(day), 0)
    view.set_column_visible(view.source.index_of("ok"), False)
    view.save_layout()
    assert settings.value("lists/test_items/header") is not None

    again = make_view()
    assert again.header.sectionSize(name) == 333
    assert again.header.visualIndex(day) == 0
    assert again.header.isSectionHidden(view.source.index_of("ok"))
    assert [c.key for c in again.visible_columns()][:2] == ["day", "n"]

    again.reset_layout()
    assert again.header.visualIndex(day) == view.source.index_of("day")
    assert not again.header.isSectionHidden(view.source.index_of("ok"))


def test_the_remembered_sort_order_is_used_for_the_first_page(qtbot: QtBot,
                                                               make_view: Callable) -> None:
    view = make_view()
    reload(qtbot, view, lambda: view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder))
    view.save_layout()
    again = make_view()
    assert column_values(again, "n")[:2] == [450, 449]


def test_a_layout_saved_for_other_columns_is_ignored(qtbot: QtBot, make_view: Callable,
                                                     settings: QSettings) -> None:
    view = make_view()
    view.header.resizeSection(1, 321)
    view.save_layout()
    settings.setValue("lists/test_items/columns", "n,name,something_removed")
    again = make_view()
    assert again.header.sectionSize(1) == ITEMS.columns[1].width


def test_default_sort_of_a_source_sets_the_indicator(make_view: Callable) -> None:
    view = make_view(LOGIN_HISTORY)
    assert view.header.sortIndicatorSection() == LOGIN_HISTORY.index_of("at")
    assert view.header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


# -- summary mode -----------------------------------------------------------------------------

FRUITS = {"banana": "Banana", "apple": "Apple", "cherry": "Cherry"}  # the list's own order
BASKETS = 120


def baskets_source(name: str = "test_baskets") -> ListSource:
    """120 rows with a coded column (a quarter of them without a value), a yes/no column,
    an amount (sensitive) and a quantity."""
    rows = text(f"""
        SELECT n,
               'Basket ' || n AS name,
               CASE n % 4 WHEN 0 THEN 'cherry' WHEN 1 THEN 'apple' WHEN 2 THEN 'banana' END
                   AS fruit,
               n % 3 = 0 AS ok,
               (n * 1.25)::numeric(12,2) AS price,
               (n % 5 + 0.5)::numeric(12,2) AS qty
        FROM generate_series(1, {BASKETS}) AS n
    """).columns(n=Integer, name=Text, fruit=Text, ok=Boolean, price=Numeric(12, 2),
                 qty=Numeric(12, 2)).subquery("baskets")
    return ListSource(
        name=name, title="Baskets",
        columns=(
            ListColumn("n", "Number", rows.c.n, ColumnKind.INT, width=60),
            ListColumn("name", "Name", rows.c.name),
            ListColumn("fruit", "Fruit", rows.c.fruit, choices=FRUITS),
            ListColumn("ok", "OK", rows.c.ok, ColumnKind.BOOL),
            ListColumn("price", "Price", rows.c.price, ColumnKind.MONEY, sensitive=True),
            ListColumn("qty", "Qty", rows.c.qty, ColumnKind.QUANTITY),
        ),
        from_clause=rows, key=rows.c.n, default_sort=(SortKey("n"),),
    )


BASKETS_SOURCE = baskets_source()


def fruit_of(n: int) -> str | None:
    return {0: "cherry", 1: "apple", 2: "banana"}.get(n % 4)


def summary_lines(view: ListView) -> list[list[str]]:
    assert view.summary is not None
    model = view.summary.model
    return [[str(model.data(model.index(r, c))) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def show_summary(qtbot: QtBot, view: ListView, action: Callable[[], Any]) -> Summary:
    assert view.summary is not None
    with qtbot.waitSignal(view.summary.loaded, timeout=15_000) as blocker:
        action()
    return blocker.args[0]  # type: ignore[no-any-return]


def money(value: Decimal) -> str:
    return f"¥{value:,.2f}"


def test_a_list_without_coded_columns_has_no_summary(make_view: Callable) -> None:
    plain = dataclasses.replace(ITEMS, name="plain", columns=tuple(
        c for c in ITEMS.columns if c.key != "ok"))
    view = make_view(plain)
    assert view.summary is None and view.summary_button.isHidden()
    assert not make_view(ITEMS).summary_button.isHidden()  # a yes/no column is enough
    view.set_summary_mode(True)
    assert not view.summary_mode


def test_the_summary_groups_the_rows_with_counts_and_totals(qtbot: QtBot,
                                                             make_view: Callable) -> None:
    view = make_view(BASKETS_SOURCE)
    assert view.summary is not None
    assert [view.summary.first_combo.itemText(i)
            for i in range(view.summary.first_combo.count())] == ["Fruit", "OK"]
    summary = show_summary(qtbot, view, view.summary_button.click)
    assert view.summary_mode and view.stack.currentWidget() is view.summary
    assert summary.group_by == ("fruit",) and summary.totals == ("price", "qty")
    model = view.summary.model
    assert [model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(model.columnCount())] == ["Fruit", "Count", "Price", "Qty"]
    expected = []
    for code in [*FRUITS, None]:
        ns = [n for n in range(1, BASKETS + 1) if fruit_of(n) == code]
        expected.append([FRUITS[code] if code else "(none)", str(len(ns)),
                         money(sum(Decimal(n) * Decimal("1.25") for n in ns)),
                         f"{sum(Decimal(n % 5) + Decimal('0.5') for n in ns).normalize():f}"])
    total = sum(Decimal(n) * Decimal("1.25") for n in range(1, BASKETS + 1))
    expected.append(["Total", str(BASKETS), money(total), "300"])
    assert summary_lines(view) == expected
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole) is None
    for column in (1, 2, 3):  # counts, amounts and quantities right-aligned
        assert model.data(model.index(0, column),
                          Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert view.status_label.text() == f"4 groups, {BASKETS} rows"


def test_two_levels_have_subtotals_and_are_remembered(qtbot: QtBot, make_view: Callable,
                                                      settings: QSettings) -> None:
    view = make_view(BASKETS_SOURCE)
    assert view.summary is not None
    show_summary(qtbot, view, lambda: view.set_summary_mode(True))
    second = view.summary.second_combo
    assert [second.itemText(i) for i in range(second.count())] == ["(nothing)", "OK"]
    summary = show_summary(qtbot, view, lambda: second.setCurrentIndex(1))
    assert summary.group_by == ("fruit", "ok")
    lines = summary_lines(view)
    bananas = [n for n in range(1, BASKETS + 1) if fruit_of(n) == "banana"]
    assert lines[:3] == [
        ["Banana", "Yes", str(sum(1 for n in bananas if n % 3 == 0)), ANY, ANY],
        ["Banana", "No", str(sum(1 for n in bananas if n % 3)), ANY, ANY],
        ["Banana", "Subtotal", str(len(bananas)), ANY, ANY]]
    assert lines[-1][:3] == ["Total", "", str(BASKETS)]
    assert settings.value("lists/test_baskets/summary") == "fruit,ok"
    again = make_view(BASKETS_SOURCE)
    assert again.summary is not None and again.summary.group_by() == ["fruit", "ok"]


class _Any:
    def __eq__(self, other: object) -> bool:
        return True


ANY = _Any()


def test_the_summary_follows_the_filters(qtbot: QtBot, make_view: Callable) -> None:
    view = make_view(BASKETS_SOURCE)
    reload(qtbot, view, lambda: view.header.editor("n").setText("<=40"))
    assert view.summary is not None
    summary = show_summary(qtbot, view, lambda: view.set_summary_mode(True))
    assert summary.grand_total.count == 40
    assert view.summary.filters_label.text() == "Filtered by Number: <=40"
    summary = show_summary(qtbot, view, lambda: view.filter_edit.setText("apple"))
    assert summary.grand_total.count == 10  # 1, 5, 9 ... 37: the stored code is searched
    assert summary.groups[0].values == ("apple",)
    assert view.summary.filters_label.text() == (
        "Filtered by All columns: apple; Number: <=40")


def test_a_double_click_on_a_group_shows_its_rows(qtbot: QtBot, make_view: Callable) -> None:
    view = make_view(BASKETS_SOURCE)
    assert view.summary is not None
    show_summary(qtbot, view, lambda: view.set_summary_mode(True))
    show_summary(qtbot, view, lambda: view.summary.second_combo.setCurrentIndex(1))
    lines = summary_lines(view)
    row = lines.index(next(line for line in lines if line[:2] == ["Apple", "No"]))
    table = view.summary.table
    where = table.visualRect(view.summary.model.index(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    with qtbot.waitSignal(view.model.loaded, timeout=15_000) as blocker:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    apples = [n for n in range(1, BASKETS + 1) if fruit_of(n) == "apple" and n % 3]
    assert blocker.args == [len(apples)] and lines[row][2] == str(len(apples))
    assert not view.summary_mode
    assert view.header.editor("fruit").text() == "Apple"
    assert view.header.editor("ok").text() == "No"
    assert column_values(view, "n") == apples

    # a subtotal narrows by the first column only; Enter works as a double-click
    show_summary(qtbot, view, lambda: view.set_summary_mode(True))
    assert summary_lines(view)[-1][2] == str(len(apples))  # under the filters it left
    view.header.clear_filters()
    view.header.apply_now()
    qtbot.waitUntil(lambda: view.summary.model.rowCount() > 0
                    and summary_lines(view)[-1][2] == str(BASKETS), timeout=15_000)
    lines = summary_lines(view)
    row = lines.index(["Cherry", "Subtotal", ANY, ANY, ANY])
    table.setFocus()
    table.setCurrentIndex(view.summary.model.index(row, 0))
    with qtbot.waitSignal(view.model.loaded, timeout=15_000) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert blocker.args == [BASKETS // 4]
    assert view.header.editor("ok").text() == ""


def test_a_group_without_a_value_cannot_be_drilled_into(qtbot: QtBot,
                                                        make_view: Callable) -> None:
    view = make_view(BASKETS_SOURCE)
    assert view.summary is not None
    show_summary(qtbot, view, lambda: view.set_summary_mode(True))
    row = [line[0] for line in summary_lines(view)].index("(none)")
    with qtbot.assertNotEmitted(view.model.loading, wait=300):
        view.summary.activate(row)
    assert view.summary_mode
    assert "cannot be chosen by a filter" in view.status_label.text()
    view.summary.activate(view.summary.model.rowCount() - 1)  # the grand total: all rows
    assert not view.summary_mode
    assert view.status_label.text() == f"{BASKETS} rows"


def test_hidden_sensitive_data_masks_the_totals(qtbot: QtBot, make_view: Callable) -> None:
    view = make_view(BASKETS_SOURCE)
    show_summary(qtbot, view, lambda: view.set_summary_mode(True))
    view.set_sensitive_hidden(True)
    lines = summary_lines(view)
    assert {line[2] for line in lines} == {"****"}  # price is sensitive
    assert lines[-1][3] == "300"  # quantities are not
    view.set_sensitive_hidden(False)
    assert summary_lines(view)[0][2].startswith("¥")


def test_the_summary_exports_with_its_groups(qtbot: QtBot, make_view: Callable,
                                             tmp_path: Path) -> None:
    view = make_view(BASKETS_SOURCE)
    reload(qtbot, view, lambda: view.header.editor("n").setText(">20"))
    assert view.summary is not None
    show_summary(qtbot, view, lambda: view.set_summary_mode(True))
    show_summary(qtbot, view, lambda: view.summary.second_combo.setCurrentIndex(1))
    view.set_sensitive_hidden(True)
    path = tmp_path / "baskets-summary.xlsx"
    with qtbot.waitSignal(view.exported, timeout=30_000) as blocker:
        assert view.export_to_excel(path)
    lines = view.summary.model.rowCount()
    assert blocker.args == [str(path), lines]
    assert view.status_label.text() == f"Exported the summary ({lines} lines) to {path}"
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.title == "Baskets summary"
    assert [c.value for c in sheet[1]] == ["Fruit", "OK", "Count", "Price", "Qty"]
    assert sheet.freeze_panes == "A2"
    first = sheet[2]
    bananas = [n for n in range(21, BASKETS + 1) if fruit_of(n) == "banana" and n % 3 == 0]
    assert [c.value for c in first] == ["Banana", "Yes", len(bananas), "****",
                                        float(sum(n % 5 + 0.5 for n in bananas))]
    assert isinstance(first[2].value, int) and first[4].number_format == "General"
    assert not first[0].font.bold
    subtotal = sheet[4]
    assert [c.value for c in subtotal[:2]] == ["Banana", "Subtotal"]
    assert all(c.font.bold for c in subtotal)
    total = sheet[lines + 1]
    assert total[0].value == "Total" and total[2].value == BASKETS - 20 and total[0].font.bold
    assert sheet.cell(lines + 3, 1).value == "Filtered by Number: >20"

    view.set_sensitive_hidden(False)
    with qtbot.waitSignal(view.exported, timeout=30_000):
        assert view.export_to_excel(path)
    price = openpyxl.load_workbook(path).active.cell(2, 4)
    assert price.value == pytest.approx(float(sum(Decimal(n) * Decimal("1.25")
                                                   for n in bananas)))
    assert price.number_format == "¥#,##0.00"


def test_ctrl_g_toggles_the_summary(qtbot: QtBot, make_view: Callable) -> None:
    view = make_view(BASKETS_SOURCE)
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    assert view.summary is not None
    with qtbot.waitSignal(view.summary.loaded, timeout=15_000):
        qtbot.keyClick(view.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert view.summary_mode and view.summary_button.isChecked()
    qtbot.keyClick(view.summary.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert not view.summary_mode and not view.summary_button.isChecked()
