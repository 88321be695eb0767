"""The statements' print (revision 0022's PRINT_ section, app.commission_month_print): the
month's statements exactly as app.commission_statement_get gives each (employees first by
payee code, then outlets), the shop's header, a chosen list in its order, the request's
refusals, row security (a technician prints only their own), one round trip, and the PDF
and the workbook made from the answer (a page per statement).

Each test takes its own month (months before the shop's today; the month tests use up to
twelve months back), so that the tests do not see each other's lines."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from sqlalchemy import event

from aftersales_desktop.core.db import Database
from aftersales_desktop.reports import fonts
from aftersales_desktop.reports.commission_statements import (
    render_statements,
    statements_workbook,
)
from aftersales_desktop.services.commissions.printing import month_print
from tests.db.commission_month_shop import MonthShop, Refused, money, month_shop, months_before
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Iterator[MonthShop]:
    yield from month_shop(cluster)


@pytest.fixture(autouse=True)
def _bundled_font() -> Iterator[None]:
    fonts.reset_fonts()
    fonts.use_bundled_font()
    yield
    fonts.reset_fonts()


def _refused(code: str, shop: MonthShop, who: str, payload: dict[str, Any]) -> Refused:
    with pytest.raises(Refused) as caught:
        shop.call(who, "commission_month_print", payload)
    assert caught.value.code == code, caught.value
    return caught.value


def _month(shop: MonthShop, back: int) -> Any:
    month = months_before(shop.today, back)
    shop.line(month, "王强", amount="120.00", hours="2", hours_kind="repair")
    shop.line(month, "王强", kind="reward", origin="manual", amount="30.00")
    shop.line(month, "王强", kind="reward", origin="manual", state="proposed", amount="9.00")
    shop.line(month, "赵磊", amount="45.50")
    shop.line(month, None, amount="70.00", outlet=True)
    shop.run(month)
    return month


def test_the_print_is_each_statement_as_the_statement_view_shows_it(shop: MonthShop) -> None:
    month = _month(shop, 13)
    shop.sql("INSERT INTO app.shop_setting (key, value) VALUES ('shop', %s::jsonb) "
             "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
             '{"name": "杭州安心家电维修中心", "phone": "0571-88886666"}')
    printed = shop.call("manager", "commission_month_print", {"month": month})
    assert printed["month"] == month.isoformat()
    assert printed["shop"]["name"] == "杭州安心家电维修中心"
    entries = printed["statements"]
    ids = [e["statement"]["id"] for e in entries]
    for entry in entries:
        assert entry == shop.call("manager", "commission_statement_get",
                                  {"statement_id": entry["statement"]["id"]})
    # employees by payee code, then the outlet
    kinds = [e["statement"]["payee_kind"] for e in entries]
    assert kinds == sorted(kinds, key=lambda k: k != "employee") and kinds[-1] == "outlet"
    codes = [e["statement"]["payee_code"] for e in entries if
             e["statement"]["payee_kind"] == "employee"]
    assert codes == sorted(codes)
    listed = shop.call("manager", "commission_statements", {"month": month, "limit": 200})
    assert sorted(ids) == sorted(row["id"] for row in listed["rows"])
    wang = next(e for e in entries if e["statement"]["payee_name"] == "王强")
    assert money(wang["statement"]["total"]) == Decimal("3150.00")
    assert sorted(money(line["amount"]) for line in wang["lines"]) == [
        Decimal("9.00"), Decimal("30.00"), Decimal("120.00")]
    # any day of the month, and the chosen ones in the order asked for
    picked = [ids[-1], ids[0]]
    again = shop.call("manager", "commission_month_print",
                      {"month": month.replace(day=17), "statement_ids": picked})
    assert [e["statement"]["id"] for e in again["statements"]] == picked
    # an id of another month is left out, as the list leaves it out
    other = _month(shop, 14)
    elsewhere = shop.call("manager", "commission_statements", {"month": other})["rows"][0]
    mixed = shop.call("manager", "commission_month_print",
                      {"month": month, "statement_ids": [elsewhere["id"], ids[0]]})
    assert [e["statement"]["id"] for e in mixed["statements"]] == [ids[0]]
    empty = shop.call("manager", "commission_month_print",
                      {"month": months_before(shop.today, 30)})
    assert empty["statements"] == []


def test_the_request_is_checked(shop: MonthShop) -> None:
    month = months_before(shop.today, 13)
    _refused("field_too_long", shop, "manager",
             {"month": month, "statement_ids": list(range(1, 502))})
    _refused("field_listed_twice", shop, "manager", {"month": month, "statement_ids": [3, 3]})
    _refused("field_malformed", shop, "manager", {"month": month, "statement_ids": "3"})
    for bad in ([0], [-1], ["x"], [{"id": 3}], [1.5]):
        _refused("reference_missing", shop, "manager", {"month": month, "statement_ids": bad})
    _refused("field_date_invalid", shop, "manager", {"month": "1999-12-01"})
    _refused("denied", shop, "nobody", {"month": month})


def test_a_technician_prints_only_their_own(shop: MonthShop) -> None:
    month = _month(shop, 15)
    everything = shop.call("manager", "commission_month_print", {"month": month})
    ids = [e["statement"]["id"] for e in everything["statements"]]
    own = shop.call("tech", "commission_month_print", {"month": month})
    assert [e["statement"]["payee_name"] for e in own["statements"]] == ["王强"]
    asked = shop.call("tech", "commission_month_print", {"month": month, "statement_ids": ids})
    assert [e["statement"]["payee_name"] for e in asked["statements"]] == ["王强"]


def test_one_round_trip_and_a_page_per_statement(cluster: TestCluster, shop: MonthShop,
                                                 tmp_path: Path) -> None:
    month = _month(shop, 16)
    database = Database(cluster.profile(shop.db), shop.codes["manager"], TEST_PASSWORD)
    sent: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    try:
        with database.read() as conn:
            event.listen(conn, "before_cursor_execute", seen)
            try:
                data = month_print(conn, month)
            finally:
                event.remove(conn, "before_cursor_execute", seen)
    finally:
        database.dispose()
    assert len(sent) == 1
    statements = data["statements"]
    assert len(statements) >= 3
    assert isinstance(statements[0]["statement"]["total"], Decimal)
    document = pypdfium2.PdfDocument(render_statements(data))
    try:
        texts = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    assert len(texts) == len(statements)
    for text, entry in zip(texts, statements, strict=True):
        assert entry["statement"]["payee_name"] in text
    counted, lines = statements_workbook(data, tmp_path / "month.xlsx")
    # the proposed reward is not exported
    assert counted == len(statements) and lines == sum(
        1 for e in statements for line in e["lines"] if line["state"] == "active")
