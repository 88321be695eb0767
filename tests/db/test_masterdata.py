"""Master-data services against a real PostgreSQL, as real operators.

Every bad input is refused with a ValidationError on the right field and leaves
nothing behind; permissions come from the database grants, not from the client.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal

import psycopg2
import pytest
from sqlalchemy import Connection

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import PermissionDenied, ValidationError
from aftersales_desktop.services import masterdata as md
from tests.pg import TEST_PASSWORD, TestCluster, operator_logins

pytestmark = pytest.mark.db

_seq = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_seq)}"


@pytest.fixture(scope="module")
def db(cluster: TestCluster) -> str:
    return cluster.create_database()


Session = Callable[[list[str] | None], Database]


@pytest.fixture(scope="module")
def login(cluster: TestCluster, db: str) -> Iterator[Session]:
    yield from operator_logins(cluster, db)


@pytest.fixture(scope="module")
def admin(login: Session) -> Database:
    return login(None)


@pytest.fixture(scope="module")
def editor(login: Session) -> Database:
    """masterdata.edit without costs.view and without contacts.view."""
    return login(["masterdata.edit"])


def count(cluster: TestCluster, db: str, sql: str, *params: object) -> int:
    return int(cluster.execute(db, sql, params)[0][0])


def refused(database: Database, field: str, action: Callable[[Connection], object]
            ) -> ValidationError:
    with pytest.raises(ValidationError) as caught, database.transaction() as conn:
        action(conn)
    assert caught.value.field == field, caught.value
    return caught.value


# -- customers, phones, devices -------------------------------------------------------------

def test_counter_saves_customer_phone_and_device(cluster: TestCluster, db: str,
                                                 login: Session) -> None:
    counter = login(["intake.create"])
    with counter.transaction() as conn:
        saved = md.save_customer(
            conn, name=" 王芳 ", phones=[md.CustomerPhone("138 1234 5678", True), "0571-8888888"],
            source="朋友介绍", devices=[md.DeviceDraft(product="洗衣机", brand="海尔",
                                                       model="XQG100", serial="SN-1",
                                                       purchase_date=date.today())])
    assert saved.code.startswith("C") and saved.version == 1 and len(saved.device_ids) == 1
    assert cluster.execute(db, "SELECT phone, is_primary FROM app.customer_phone "
                               "WHERE customer_id = %s ORDER BY id", (saved.id,)) == [
        ("13812345678", True), ("0571-8888888", False)]
    with counter.read() as conn:
        customer = md.get_customer(conn, saved.id)
        assert md.suggestions(conn, "brand", "海") == ["海尔"]
    assert customer.name == "王芳" and customer.source == "朋友介绍"
    assert customer.phones is None  # no contacts.view
    assert [(d.brand, d.model, d.warranty_months) for d in customer.devices] == [
        ("海尔", "XQG100", 12)]

    # without contacts.view existing numbers cannot be replaced; nothing changes
    with pytest.raises(PermissionDenied), counter.transaction() as conn:
        md.save_customer(conn, id=saved.id, version=1, name="王芳2", phones=["13900000000"])
    assert cluster.execute(db, "SELECT name, version FROM app.customer WHERE id = %s",
                           (saved.id,)) == [("王芳", 1)]


def test_admin_reads_phones_and_replaces_them(admin: Database) -> None:
    with admin.transaction() as conn:
        saved = md.save_customer(conn, code=unique("CUST"), name="李雷",
                                 phones=["13811112222", "010-12345678"], grade="dealer")
        again = md.save_customer(conn, id=saved.id, version=saved.version, name="李雷",
                                 phones=[("010 1234 5678", True)], grade="dealer")
        customer = md.get_customer(conn, saved.id)
    assert again.version == 2
    assert customer.phones == [md.CustomerPhone("010-12345678", True)]


def test_empty_name_saves_nothing(cluster: TestCluster, db: str, admin: Database) -> None:
    code = unique("EMPTY")
    refused(admin, "name", lambda c: md.save_customer(c, code=code, name="  ",
                                                      phones=["13812345678"]))
    assert count(cluster, db, "SELECT count(*) FROM app.customer WHERE code = %s", code) == 0


@pytest.mark.parametrize("phone", ["12345", "138123456789", "010-1234", "phone"])
def test_malformed_phone_saves_nothing(cluster: TestCluster, db: str, admin: Database,
                                       phone: str) -> None:
    code = unique("BADPH")
    refused(admin, "phones", lambda c: md.save_customer(c, code=code, name="张三",
                                                        phones=[phone]))
    assert count(cluster, db, "SELECT count(*) FROM app.customer WHERE code = %s", code) == 0


def test_duplicate_customer_code(cluster: TestCluster, db: str, admin: Database) -> None:
    code = unique("DUP")
    with admin.transaction() as conn:
        md.save_customer(conn, code=code, name="第一个")
    error = refused(admin, "code", lambda c: md.save_customer(
        c, code=code, name="第二个", phones=["13812345678"],
        devices=[md.DeviceDraft(product="电视")]))
    assert str(error) == f"Code {code} is already used."
    assert count(cluster, db, "SELECT count(*) FROM app.customer WHERE name = '第二个'") == 0


def test_unknown_grade_is_a_field_error(cluster: TestCluster, db: str, admin: Database) -> None:
    code = unique("GRADE")
    refused(admin, "grade", lambda c: md.save_customer(c, code=code, name="某人", grade="vip"))
    assert count(cluster, db, "SELECT count(*) FROM app.customer WHERE code = %s", code) == 0


@pytest.mark.parametrize(("draft", "field"), [
    (md.DeviceDraft(product="冰箱", warranty_months=121), "warranty_months"),
    (md.DeviceDraft(product="冰箱", warranty_months=-1), "warranty_months"),
    (md.DeviceDraft(product="冰箱", purchase_date=date.today() + timedelta(days=2)),
     "purchase_date"),
])
def test_bad_device_saves_nothing(cluster: TestCluster, db: str, admin: Database,
                                  draft: md.DeviceDraft, field: str) -> None:
    code = unique("BADDEV")
    refused(admin, field, lambda c: md.save_customer(c, code=code, name="赵六", devices=[draft]))
    assert count(cluster, db, "SELECT count(*) FROM app.customer WHERE code = %s", code) == 0
    with admin.transaction() as conn:
        customer = md.save_customer(conn, code=code, name="赵六")
    refused(admin, field, lambda c: md.save_device(c, customer.id, draft))
    assert count(cluster, db, "SELECT count(*) FROM app.device WHERE customer_id = %s",
                 customer.id) == 0


def test_device_warranty_defaults_from_item(admin: Database) -> None:
    with admin.transaction() as conn:
        item = md.save_item(conn, code=unique("TV"), name="液晶电视", kind="product",
                            brand="长虹", model="55Q", default_warranty_months=36)
        customer = md.save_customer(conn, code=unique("DEVC"), name="钱七")
        device_id = md.save_device(conn, customer.id, md.DeviceDraft(item_id=item.id,
                                                                     serial="X1"))
        device = md.get_device(conn, device_id)
        other = md.get_device(conn, md.save_device(conn, customer.id, md.DeviceDraft(
            item_id=item.id, warranty_months=6)))
        # editing keeps the months unless given
        md.save_device(conn, customer.id, md.DeviceDraft(id=device_id, item_id=item.id,
                                                         serial="X2"))
        edited = md.get_device(conn, device_id)
    assert (device.product, device.brand, device.model, device.warranty_months) == (
        "液晶电视", "长虹", "55Q", 36)
    assert other.warranty_months == 6
    assert (edited.serial, edited.warranty_months) == ("X2", 36)


def test_stale_customer_save(cluster: TestCluster, db: str, admin: Database) -> None:
    with admin.transaction() as conn:
        saved = md.save_customer(conn, code=unique("STALE"), name="原名")
        md.save_customer(conn, id=saved.id, version=saved.version, name="别人改的")
    with pytest.raises(md.StaleRecord) as caught, admin.transaction() as conn:
        md.save_customer(conn, id=saved.id, version=saved.version, name="我改的")
    # the administrator reads the change log: the refusal says who changed it, and when
    assert isinstance(caught.value, md.ChangedMeanwhile)
    who, when = caught.value.arguments["who"], caught.value.arguments["when"]
    assert who == f"测试操作员 ({admin.user})" and who in str(caught.value)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", when)
    assert "reload" in str(caught.value).lower()
    assert cluster.execute(db, "SELECT name, version FROM app.customer WHERE id = %s",
                           (saved.id,)) == [("别人改的", 2)]
    with pytest.raises(md.StaleRecord), admin.transaction() as conn:
        md.deactivate_customer(conn, saved.id, version=1)
    with admin.transaction() as conn:
        assert md.deactivate_customer(conn, saved.id, version=2) == 3
        assert md.get_customer(conn, saved.id).active is False


def test_stale_save_without_log_view_names_nobody(login: Session, admin: Database) -> None:
    clerk = login(["intake.create"])
    with clerk.transaction() as conn:
        saved = md.save_customer(conn, code=unique("STALE"), name="柜台建的")
    with admin.transaction() as conn:
        md.save_customer(conn, id=saved.id, version=saved.version, name="经理改的")
    with pytest.raises(md.StaleRecord) as caught, clerk.transaction() as conn:
        md.save_customer(conn, id=saved.id, version=saved.version, name="柜台又改")
    assert not isinstance(caught.value, md.ChangedMeanwhile)
    assert "someone else" in str(caught.value)


def test_refusal_keeps_the_callers_transaction_usable(cluster: TestCluster, db: str,
                                                      admin: Database) -> None:
    """An import saves row after row in one transaction: a bad row must not spoil it."""
    code = unique("ROW")
    with admin.transaction() as conn:
        md.save_customer(conn, code=code, name="第一行")
        with pytest.raises(ValidationError):
            md.save_customer(conn, code=code, name="重复行")  # the database refuses this one
        md.save_customer(conn, code=unique("ROW"), name="第三行")
    assert count(cluster, db, "SELECT count(*) FROM app.customer "
                              "WHERE name IN ('第一行', '第三行')") == 2


# -- catalogue ------------------------------------------------------------------------------

def test_duplicate_item_code_and_barcode(cluster: TestCluster, db: str, editor: Database) -> None:
    code, barcode = unique("PART"), unique("690")
    with editor.transaction() as conn:
        md.save_item(conn, code=code, name="电源板", barcode=barcode, sale_price="¥120")
    error = refused(editor, "code", lambda c: md.save_item(c, code=code, name="别的板"))
    assert str(error) == f"Code {code} is already used."
    refused(editor, "barcode", lambda c: md.save_item(c, code=unique("PART"), name="别的板",
                                                      barcode=barcode))
    assert count(cluster, db, "SELECT count(*) FROM app.item WHERE name = '别的板'") == 0


@pytest.mark.parametrize(("changes", "field"), [
    ({"sale_price": "-1"}, "sale_price"),
    ({"cost_price": "-0.01"}, "cost_price"),
    ({"sale_price": "12.345"}, "sale_price"),
    ({"default_warranty_months": 121}, "default_warranty_months"),
    ({"name": ""}, "name"),
    ({"code": ""}, "code"),
    ({"kind": "service"}, "kind"),
    ({"min_stock": "-5"}, "min_stock"),
])
def test_bad_item_saves_nothing(cluster: TestCluster, db: str, admin: Database,
                                changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"code": unique("BAD"), "name": "坏零件", "sale_price": "10"}
    values.update(changes)
    refused(admin, field, lambda c: md.save_item(c, **values))  # type: ignore[arg-type]
    assert count(cluster, db, "SELECT count(*) FROM app.item WHERE code = %s",
                 values["code"]) == 0


def test_item_without_costs_view(cluster: TestCluster, db: str, editor: Database,
                                 login: Session) -> None:
    with editor.transaction() as conn:
        plain = md.save_item(conn, code=unique("NC"), name="压缩机", sale_price="800")
        with_cost = md.save_item(conn, code=unique("NC"), name="电机", sale_price="300",
                                 cost_price="¥180.50")
        md.save_item(conn, id=plain.id, version=plain.version, code=unique("NC"),
                     name="压缩机改", sale_price="820")
        item = md.get_item(conn, with_cost.id)
    assert item.cost_price is None  # hidden
    # changing a cost one cannot see is refused, and changes nothing
    with pytest.raises(PermissionDenied), editor.transaction() as conn:
        md.save_item(conn, id=with_cost.id, version=with_cost.version, code=unique("NC"),
                     name="电机改", cost_price="1")
    assert cluster.execute(db, "SELECT item_id, cost_price FROM app.item_cost WHERE item_id "
                               "IN (%s, %s)", (plain.id, with_cost.id)) == [
        (with_cost.id, Decimal("180.50"))]
    raw = psycopg2.connect(**editor.profile.connect_kwargs(editor.user, TEST_PASSWORD))
    try:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege), raw.cursor() as cur:
            cur.execute("SELECT cost_price FROM app.item_cost")
    finally:
        raw.close()
    viewer = login(["costs.view"])
    with viewer.read() as conn:
        assert md.get_item(conn, with_cost.id).cost_price == Decimal("180.50")


def test_without_masterdata_edit_no_item(cluster: TestCluster, db: str, login: Session) -> None:
    counter = login(["intake.create", "costs.view"])
    code = unique("NOPE")
    with pytest.raises(PermissionDenied), counter.transaction() as conn:
        md.save_item(conn, code=code, name="不许", sale_price="1")
    assert count(cluster, db, "SELECT count(*) FROM app.item WHERE code = %s", code) == 0


def test_stale_item_save(cluster: TestCluster, db: str, admin: Database) -> None:
    code = unique("ST")
    with admin.transaction() as conn:
        item = md.save_item(conn, code=code, name="旧", cost_price="1")
        md.save_item(conn, id=item.id, version=item.version, code=code, name="新")
    with pytest.raises(md.StaleRecord), admin.transaction() as conn:
        md.save_item(conn, id=item.id, version=item.version, code=code, name="覆盖",
                     cost_price="99")
    assert cluster.execute(db, "SELECT i.name, c.cost_price FROM app.item i JOIN "
                               "app.item_cost c ON c.item_id = i.id WHERE i.id = %s",
                           (item.id,)) == [("新", Decimal("1.00"))]


# -- trees ----------------------------------------------------------------------------------

def _chain(conn: Connection, save: Callable[..., int], **extra: object) -> list[int]:
    top = save(conn, name=unique("甲"), **extra)
    middle = save(conn, name=unique("乙"), parent_id=top, **extra)
    bottom = save(conn, name=unique("丙"), parent_id=middle, **extra)
    return [top, middle, bottom]


def _move(move: Callable[[Connection, int, int | None], None], node: int, parent: int,
          conn: Connection) -> None:
    move(conn, node, parent)


@pytest.mark.parametrize(("table", "save", "move", "extra"), [
    ("app.region", md.save_region, md.move_region, {"level": "city"}),
    ("app.item_category", md.save_category, md.move_category, {}),
    ("app.department", md.save_department, md.move_department, {}),
])
def test_circular_tree_moves_are_refused(cluster: TestCluster, db: str, admin: Database,
                                         table: str, save: Callable[..., int],
                                         move: Callable[[Connection, int, int | None], None],
                                         extra: dict[str, object]) -> None:
    with admin.transaction() as conn:
        top, middle, bottom = _chain(conn, save, **extra)
    before = cluster.execute(db, f"SELECT id, parent_id FROM {table} ORDER BY id")
    for node, parent in ((top, top), (top, bottom), (top, middle), (middle, bottom)):
        refused(admin, "parent_id", functools.partial(_move, move, node, parent))
    # the same rule on a full save of the node
    refused(admin, "parent_id", lambda c: save(c, id=top, name=unique("甲"), parent_id=bottom,
                                               **extra))
    assert cluster.execute(db, f"SELECT id, parent_id FROM {table} ORDER BY id") == before
    with admin.transaction() as conn:
        move(conn, bottom, None)
        move(conn, top, bottom)
    assert cluster.execute(db, f"SELECT parent_id FROM {table} WHERE id = %s",
                           (top,)) == [(bottom,)]


def test_duplicate_region_name_under_same_parent(admin: Database) -> None:
    name = unique("杭州")
    with admin.transaction() as conn:
        md.save_region(conn, name=name, level="city")
    refused(admin, "name", lambda c: md.save_region(c, name=name, level="city"))
    refused(admin, "level", lambda c: md.save_region(c, name=unique("x"), level="province"))


# -- staff and settings ---------------------------------------------------------------------

def test_employee_with_wage_and_regions(cluster: TestCluster, db: str, admin: Database) -> None:
    with admin.transaction() as conn:
        department = md.save_department(conn, name=unique("售后部"))
        position = md.save_position(conn, department_id=department, name="工程师")
        regions = [md.save_region(conn, name=unique("区"), level="district") for _ in range(2)]
        employee = md.save_employee(conn, code=unique("E"), name="孙工", phone="13912345678",
                                    department_id=department, position_id=position,
                                    is_technician=True, post_wage="3,500", region_ids=regions)
        md.save_employee(conn, id=employee, code=unique("E"), name="孙工",
                         region_ids=regions[:1])
        assert md.employee_regions(conn, employee) == regions[:1]
        assert md.employee_wage(conn, employee) == Decimal("3500.00")
    refused(admin, "post_wage", lambda c: md.save_employee(c, code=unique("E"), name="负工资",
                                                           post_wage="-1"))
    refused(admin, "phone", lambda c: md.save_employee(c, code=unique("E"), name="坏电话",
                                                       phone="123"))
    refused(admin, "position_id", lambda c: md.save_employee(c, code=unique("E"), name="无岗",
                                                             position_id=999999))
    assert count(cluster, db, "SELECT count(*) FROM app.employee WHERE name IN "
                              "('负工资', '坏电话', '无岗')") == 0


def test_settings(cluster: TestCluster, db: str, admin: Database) -> None:
    with admin.transaction() as conn:
        warehouse = md.save_warehouse(conn, code=unique("WH"), name="配件库", type="parts")
        work = md.save_work_type(conn, code=unique("WT"), name="大修", labour_fee="¥150",
                                 standard_hours="3")
        penalty = md.save_reward_penalty_item(conn, code=unique("RP"), name="投诉",
                                              amount="-50")
        # one active overdue rule per service mode (0022): the seed's is active already
        rule = md.save_overdue_rule(conn, name="超期", amount_per_day="5", grace_days=2,
                                    active=False)
        outlet = md.save_outlet(conn, code=unique("OUT"), name="城西网点",
                                phone="0571-88888888")
    assert cluster.execute(db, "SELECT amount FROM app.reward_penalty_item WHERE id = %s",
                           (penalty,)) == [(Decimal("-50.00"),)]
    assert all(isinstance(x, int) for x in (warehouse, work, rule, outlet))
    refused(admin, "type", lambda c: md.save_warehouse(c, code=unique("WH"), name="x",
                                                       type="garage"))
    refused(admin, "labour_fee", lambda c: md.save_work_type(c, code=unique("WT"), name="x",
                                                             labour_fee="-1"))
    refused(admin, "grace_days", lambda c: md.save_overdue_rule(c, name="x", amount_per_day=1,
                                                                grace_days=400))
    refused(admin, "amount_per_day", lambda c: md.save_overdue_rule(c, name="x",
                                                                    amount_per_day="-1"))
    refused(admin, "service_mode", lambda c: md.save_overdue_rule(c, name="x",
                                                                  amount_per_day="1"))


# -- dictionaries ---------------------------------------------------------------------------

def test_dictionary_learning(cluster: TestCluster, db: str, login: Session,
                             admin: Database) -> None:
    counter = login(["intake.create"])
    common, rare = unique("美的"), unique("美菱")
    with counter.transaction() as conn:
        first = md.learn(conn, "brand", common)
        md.learn(conn, "brand", f"  {common} ")
        md.learn(conn, "brand", rare)
        again = md.learn(conn, "brand", common)
    assert (first.uses, again.uses, again.id) == (1, 3, first.id)
    with counter.read() as conn:
        listed = md.suggestions(conn, "brand", "美", limit=50)
        assert listed.index(common) < listed.index(rare)
        assert md.suggestions(conn, "brand", common) == [common]
        assert md.suggestions(conn, "brand", "%") == []
    with admin.transaction() as conn:
        merged = md.merge(conn, "brand", rare, common)
        assert merged.uses == 4
        # typing the merged spelling stores the kept one
        assert md.learn(conn, "brand", rare).value == common
        md.retire(conn, "brand", common)
        assert common not in md.suggestions(conn, "brand", "美", limit=50)
        md.restore(conn, "brand", common)
        assert common in md.suggestions(conn, "brand", "美", limit=50)
    assert cluster.execute(db, "SELECT active, merged_into FROM app.dictionary_entry "
                               "WHERE value = %s", (rare,)) == [(False, first.id)]
    refused(admin, "into_value", lambda c: md.merge(c, "brand", common, common))
    refused(admin, "kind", lambda c: md.learn(c, "colour", "红"))
    refused(admin, "value", lambda c: md.learn(c, "fault", "  "))


def test_the_counter_learns_the_dictionary_pages_spelling(cluster: TestCluster, db: str,
                                                          login: Session) -> None:
    """app.learn (the intake, the work report) spells a value as the dictionary page does:
    "格力  空调" typed at the counter counts one more use of "格力 空调", not a new entry."""
    word = unique("格力")
    counter = login(["intake.create"])
    with counter.transaction() as conn:
        md.learn(conn, "brand", f"{word} 空调")
    # what ticket_intake and job_report call inside the database
    cluster.execute(db, "SELECT app.learn('brand', %s)", (f"\u3000{word}  空调\t",))
    assert cluster.execute(db, "SELECT value, uses FROM app.dictionary_entry "
                               "WHERE value LIKE %s", (f"%{word}%",)) == [(f"{word} 空调", 2)]
    # written past the page, from psql: the database holds the same spelling
    with pytest.raises(psycopg2.errors.CheckViolation, match="value_spelling"):
        cluster.execute(db, "INSERT INTO app.dictionary_entry (kind, value) VALUES "
                            "('brand', %s)", (f"{word}  二号",))
