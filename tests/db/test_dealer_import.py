"""A dealer's list of customers who bought (商场交回的客户档案), imported by
app.callback_import from a plain operator connection (what `psql` with the clerk's own
password can do): customers found by their phone number's stored form or made, devices
made when a row names one, a task per row, all or nothing, and hostile lists refused
naming the row."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import psycopg2
import psycopg2.extensions
import pytest

from aftersales_desktop.core.errors import Refused
from aftersales_desktop.domain.dealer_list import ROWS_MAX
from aftersales_desktop.services.errors import user_error
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def db(cluster: TestCluster) -> str:
    db = cluster.create_database()
    cluster.execute(db, "INSERT INTO app.region (name, level) VALUES ('西湖区', 'district')")
    # the same name twice, under two cities: a list cannot say which
    city_a = cluster.execute(db, "INSERT INTO app.region (name, level) VALUES ('杭州', 'city') "
                                 "RETURNING id")[0][0]
    city_b = cluster.execute(db, "INSERT INTO app.region (name, level) VALUES ('宁波', 'city') "
                                 "RETURNING id")[0][0]
    for city in (city_a, city_b):
        cluster.execute(db, "INSERT INTO app.region (parent_id, name, level) "
                            "VALUES (%s, '城东', 'district')", (city,))
    return db


def _connect(cluster: TestCluster, db: str, operator: str) -> psycopg2.extensions.connection:
    return psycopg2.connect(**dict(cluster.base, dbname=db, user=operator,
                                   password=TEST_PASSWORD))


@pytest.fixture(scope="module")
def clerk(cluster: TestCluster, db: str) -> Iterator[psycopg2.extensions.connection]:
    conn = _connect(cluster, db, cluster.create_operator(db, capabilities=["callback.record"]))
    yield conn
    conn.close()


def _days(count: int) -> timedelta:
    return timedelta(days=count)


def _today(cluster: TestCluster, db: str) -> date:
    return cluster.execute(db, "SELECT app.shop_today()")[0][0]


def _import(conn: psycopg2.extensions.connection, payload: Any) -> dict[str, Any]:
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT app.callback_import(%s::jsonb)",
                        (payload if isinstance(payload, str)
                         else json.dumps(payload, ensure_ascii=False),))
            answer: dict[str, Any] = cur.fetchone()[0]
        conn.commit()
        return answer
    except psycopg2.Error:
        conn.rollback()
        raise


def _refusal(conn: psycopg2.extensions.connection, payload: Any) -> tuple[str, dict[str, Any]]:
    with pytest.raises(psycopg2.Error) as caught:
        _import(conn, payload)
    error = caught.value
    assert error.pgcode == "P0001", error
    detail = error.diag.message_detail or ""
    return (error.diag.message_hint.removeprefix("aftersales:"),
            json.loads(detail) if detail.startswith("{") else {"detail": detail})


def _counts(cluster: TestCluster, db: str) -> tuple[int, ...]:
    return tuple(cluster.execute(db, """
        SELECT (SELECT count(*) FROM app.customer), (SELECT count(*) FROM app.customer_phone),
               (SELECT count(*) FROM app.device), (SELECT count(*) FROM app.callback_task),
               (SELECT count(*) FROM app.callback_import_batch)""")[0])


def _row(**changes: Any) -> dict[str, Any]:
    row = {"customer_name": "王秀英", "phone": "13957112345", "address": "杭州市西湖区文三路8号",
           "region": "西湖区", "product": "空调", "brand": "格力", "model": "KFR-35GW",
           "serial": "GL2026110001", "purchase_date": None}
    row.update(changes)
    return row


def test_a_list_finds_customers_by_phone_makes_the_others_and_a_task_per_row(
        cluster: TestCluster, db: str, clerk: psycopg2.extensions.connection) -> None:
    today = _today(cluster, db)
    known = cluster.execute(db, "INSERT INTO app.customer (code, name) VALUES ('K-0001', '李强') "
                                "RETURNING id")[0][0]
    cluster.execute(db, "INSERT INTO app.customer_phone (customer_id, phone, is_primary) "
                        "VALUES (%s, '0571-88886666', true)", (known,))
    bought = today - _days(1)
    rows = [
        # a new customer; bought yesterday: the installation rule's 2 days after it
        _row(row=2, phone="139 5711 2345", purchase_date=bought.isoformat()),
        # the same number in another spelling: the same customer, a second device
        _row(row=3, customer_name="王秀英", phone="+86 13957112345", serial="",
             model="KFR-50LW", product="柜机", purchase_date=bought.isoformat()),
        # the shop's customer, found by their landline; no device named, a day to call on
        _row(row=4, customer_name="李先生", phone="057188886666", serial="", model="",
             brand="美的", product="热水器", region="", dealer="国美城西店",
             due_on=(today + _days(5)).isoformat()),
    ]
    before = _counts(cluster, db)
    answer = _import(clerk, {"kind": "installation", "dealer": "苏宁文三路店",
                             "file_name": "苏宁11月.xlsx", "rows": rows})
    assert answer["tasks"] == 3 and answer["customers_new"] == 1
    assert answer["devices_new"] == 2 and answer["skipped"] == 0
    after = _counts(cluster, db)
    assert [b - a for a, b in zip(before, after, strict=True)] == [1, 1, 2, 3, 1]

    tasks = cluster.execute(db, """
        SELECT c.name, t.kind, t.source, t.dealer, t.product, t.device_id IS NOT NULL,
               t.due_on, t.expires_on, t.state, t.region_id IS NOT NULL, t.purchase_date
        FROM app.callback_task t JOIN app.customer c ON c.id = t.customer_id
        WHERE t.import_batch_id = %s ORDER BY t.id""", (answer["batch_id"],))
    due = bought + _days(2)
    assert tasks == [
        ("王秀英", "installation", "dealer", "苏宁文三路店", "空调 格力 KFR-35GW", True, due,
         due + _days(14), "pending", True, bought),
        ("王秀英", "installation", "dealer", "苏宁文三路店", "柜机 格力 KFR-50LW", True, due,
         due + _days(14), "pending", True, bought),
        ("李强", "installation", "dealer", "国美城西店", "热水器 美的", False,
         today + _days(5), today + _days(19), "pending", False, None)]
    made = cluster.execute(db, """
        SELECT c.code ~ '^C[0-9]{6}$', c.address, c.region_id IS NOT NULL, p.phone, p.is_primary
        FROM app.customer c JOIN app.customer_phone p ON p.customer_id = c.id
        WHERE c.name = '王秀英'""")
    assert made == [(True, "杭州市西湖区文三路8号", True, "13957112345", True)]
    batch = cluster.execute(db, "SELECT kind, dealer, file_name, rows, tasks, by_operator "
                                "FROM app.callback_import_batch WHERE id = %s",
                            (answer["batch_id"],))[0]
    assert batch[:5] == ("installation", "苏宁文三路店", "苏宁11月.xlsx", 3, 3)
    assert batch[5] == clerk.info.user

    # the same list again: nothing new
    again = _import(clerk, {"kind": "installation", "dealer": "苏宁文三路店", "rows": rows})
    assert (again["tasks"], again["skipped"], again["customers_new"]) == (0, 3, 0)
    assert _counts(cluster, db)[:4] == after[:4]
    # for usage calls the same rows are other tasks
    usage = _import(clerk, {"kind": "usage", "dealer": "苏宁文三路店", "rows": rows[:1]})
    assert usage["tasks"] == 1


def test_a_bad_row_refuses_the_list_naming_the_row_and_nothing_is_imported(
        cluster: TestCluster, db: str, clerk: psycopg2.extensions.connection) -> None:
    today = _today(cluster, db)
    good = [_row(row=n, phone=f"1380000{n:04d}", serial=f"SN-A{n}") for n in range(2, 6)]
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"phone": "12345"}, "phone", "phone_invalid"),
        ({"phone": "  "}, "phone", "required"),
        ({"customer_name": ""}, "customer_name", "required"),
        ({"product": "", "brand": "", "model": ""}, "product", "required"),
        ({"region": "火星"}, "region", "region_unknown"),
        ({"region": "城东"}, "region", "region_ambiguous"),
        ({"purchase_date": "2026-02-30"}, "purchase_date", "date_invalid"),
        ({"purchase_date": "0001-01-01"}, "purchase_date", "date_invalid"),
        ({"purchase_date": "infinity"}, "purchase_date", "date_invalid"),
        ({"purchase_date": (today + _days(1)).isoformat()}, "purchase_date",
         "purchase_in_future"),
        ({"due_on": (today - _days(1)).isoformat()}, "due_on", "due_range"),
        ({"due_on": (today + _days(400)).isoformat()}, "due_on", "due_range"),
        ({"address": "路" * 201}, "address", "too_long"),
        ({"customer_name": "张a" * 500_000}, "customer_name", "too_long"),
        ({"model": {"a": 1}}, "model", "invalid"),
        ({"serial": [1]}, "serial", "invalid"),
        ({"dealer": ""}, "dealer", "required"),
    ]
    before = _counts(cluster, db)
    for change, field, problem in cases:
        # the other rows name their dealer: the list names none
        rows = [dict(r, dealer="苏宁") for r in good]
        rows[2].update(change)  # the workbook's row 4
        code, detail = _refusal(clerk, {"kind": "installation", "rows": rows})
        assert (code, detail.get("row"), detail.get("field"), detail.get("problem")) == (
            "dealer_row_invalid", 4, field, problem), change
    # rows without their workbook numbers are counted from 1
    rows = [{k: v for k, v in r.items() if k != "row"} for r in good]
    rows[1]["phone"] = "x"
    assert _refusal(clerk, {"kind": "usage", "dealer": "苏宁", "rows": rows})[1]["row"] == 2
    # a row that is no object
    assert _refusal(clerk, {"kind": "usage", "dealer": "苏宁", "rows": [good[0], 7]})[1] == {
        "row": 2, "field": "row", "label": "row", "problem": "not_a_row"}
    assert _counts(cluster, db) == before

    # the operator reads where to look, in words
    with pytest.raises(psycopg2.Error) as caught:
        _import(clerk, {"kind": "usage", "dealer": "苏宁",
                        "rows": [good[0], _row(row=9, phone="123")]})
    shown = user_error(caught.value)
    assert isinstance(shown, Refused)
    assert "Row 9" in shown.message.format(**shown.arguments) or "9" in str(shown.arguments)
    assert shown.arguments["problem"].startswith("is not a phone number")
    assert shown.arguments["label"] == "Phone"


def test_hostile_lists_are_refused(cluster: TestCluster, db: str,
                                   clerk: psycopg2.extensions.connection) -> None:
    before = _counts(cluster, db)
    rows = [_row()]
    for payload, code in [
            ({"kind": "bogus", "rows": rows}, "field_choice_invalid"),
            ({"dealer": "苏宁", "rows": rows}, "field_choice_invalid"),
            ({"kind": "usage", "dealer": "苏宁"}, "dealer_rows_required"),
            ({"kind": "usage", "dealer": "苏宁", "rows": []}, "dealer_rows_required"),
            ({"kind": "usage", "dealer": "苏宁", "rows": {"a": 1}}, "dealer_rows_required"),
            ({"kind": "usage", "dealer": "苏宁", "rows": "x" * 100}, "dealer_rows_required"),
            ({"kind": "usage", "dealer": "苏宁" * 100, "rows": rows}, "field_too_long"),
            ({"kind": "usage", "dealer": "苏宁", "rows": [_row()] * (ROWS_MAX + 1)},
             "dealer_rows_too_many"),
            ("null", "field_choice_invalid"), ("[]", "field_choice_invalid"),
            ('"x"', "field_choice_invalid")]:
        assert _refusal(clerk, payload)[0] == code, payload
    assert _counts(cluster, db) == before


def test_only_callback_staff_import_and_the_tables_are_not_written_directly(
        cluster: TestCluster, db: str) -> None:
    counter = _connect(cluster, db, cluster.create_operator(db, template="counter"))
    try:
        with pytest.raises(psycopg2.Error) as caught:
            _import(counter, {"kind": "usage", "dealer": "苏宁", "rows": [_row()]})
        assert caught.value.pgcode == "42501"
    finally:
        counter.close()
    clerk = _connect(cluster, db, cluster.create_operator(db, capabilities=["callback.record"]))
    try:
        for statement in ("INSERT INTO app.callback_import_batch (kind, dealer, rows) "
                          "VALUES ('usage', 'x', 1)",
                          "SELECT app.dealer_row_read('{}', 1, current_date, 'x')"):
            with pytest.raises(psycopg2.Error) as caught, clerk.cursor() as cur:
                cur.execute(statement)
            clerk.rollback()
            assert caught.value.pgcode == "42501", statement
        with clerk.cursor() as cur:
            cur.execute("SELECT count(*) FROM app.callback_import_batch")
        clerk.rollback()
    finally:
        clerk.close()
