"""The master data dispatch needs (revision 0018), through the services, as real
operators: the work types an employee may do, the travel buffer, the two dictionaries of
the work report."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import PermissionDenied, UserError, ValidationError
from aftersales_desktop.services import masterdata as md
from tests.pg import TestCluster, operator_logins

pytestmark = pytest.mark.db

_seq = itertools.count(1)
Session = Callable[[list[str] | None], Database]


def unique(prefix: str) -> str:
    return f"{prefix}{next(_seq)}"


@pytest.fixture(scope="module")
def db(cluster: TestCluster) -> str:
    return cluster.create_database()


@pytest.fixture(scope="module")
def login(cluster: TestCluster, db: str) -> Iterator[Session]:
    yield from operator_logins(cluster, db)


def _work_types(cluster: TestCluster, db: str, employee: int) -> list[int]:
    return [r[0] for r in cluster.execute(
        db, "SELECT work_type_id FROM app.employee_work_type WHERE employee_id = %s "
            "ORDER BY work_type_id", (employee,))]


def test_the_work_types_an_employee_may_do(cluster: TestCluster, db: str,
                                           login: Session) -> None:
    editor = login(["masterdata.edit"])
    with editor.transaction() as conn:
        kinds = [md.save_work_type(conn, code=unique("WT"), name=name, labour_fee="50")
                 for name in ("大修", "中修", "送货")]
        employee = md.save_employee(conn, code=unique("E"), name="张师傅", is_technician=True,
                                    work_type_ids=kinds[:2])
    assert _work_types(cluster, db, employee) == sorted(kinds[:2])
    with editor.transaction() as conn:
        # a save without the work types (an import of names, say) leaves them alone
        md.save_employee(conn, id=employee, code=unique("E"), name="张师傅")
        assert md.get_employee(conn, employee, with_wage=False).work_type_ids == sorted(
            kinds[:2])
        md.save_employee(conn, id=employee, code=unique("E"), name="张师傅",
                         work_type_ids=[kinds[1], kinds[2], kinds[2]])
        assert md.employee_work_types(conn, employee) == sorted(kinds[1:])
    assert _work_types(cluster, db, employee) == sorted(kinds[1:])
    # the change log names what was taken away and what was added, not the whole set again
    changes = cluster.execute(db, """
        SELECT action, (coalesce(new_values, old_values) ->> 'work_type_id')::bigint
        FROM audit.change_log WHERE table_name = 'app.employee_work_type'
          AND (coalesce(new_values, old_values) ->> 'employee_id')::bigint = %s ORDER BY id""",
                              (employee,))
    assert changes == [("insert", kinds[0]), ("insert", kinds[1]), ("delete", kinds[0]),
                       ("insert", kinds[2])]

    with editor.transaction() as conn:
        md.save_employee(conn, id=employee, code=unique("E"), name="张师傅", work_type_ids=[])
    assert _work_types(cluster, db, employee) == []
    # an unknown work type is refused and changes nothing
    with pytest.raises(UserError), editor.transaction() as conn:
        md.save_employee(conn, id=employee, code=unique("E"), name="改名了",
                         work_type_ids=[kinds[0], 999_999_999])
    assert cluster.execute(db, "SELECT name FROM app.employee WHERE id = %s",
                           (employee,)) == [("张师傅",)]
    assert _work_types(cluster, db, employee) == []
    # only master-data editors change them
    with pytest.raises(PermissionDenied), login(["intake.create"]).transaction() as conn:
        md.save_employee(conn, id=employee, code=unique("E"), name="张师傅",
                         work_type_ids=kinds)
    assert _work_types(cluster, db, employee) == []


def test_the_organisation_offers_every_work_type(db: str, login: Session) -> None:
    editor = login(["masterdata.edit"])
    with editor.transaction() as conn:
        retired = md.save_work_type(conn, code=unique("WT"), name="旧工种", labour_fee="0",
                                    active=False)
        offered = {w[0]: w[3] for w in md.organisation(conn).work_types}
    assert offered[retired] is False  # listed, so an employee who may do it keeps it


def test_the_travel_buffer(cluster: TestCluster, db: str, login: Session) -> None:
    admin = login(None)
    with admin.read() as conn:
        assert md.travel_buffer_minutes(conn) == 30  # as revision 0018 sets it
    with admin.transaction() as conn:
        assert md.save_travel_buffer_minutes(conn, "45") == 45
    with admin.read() as conn:
        assert md.travel_buffer_minutes(conn) == 45
    stored = "SELECT value::text FROM app.shop_setting WHERE key = 'travel_buffer_minutes'"
    assert cluster.execute(db, stored) == [("45",)]  # a number, as app.dispatch_assign reads
    for wrong in (-1, 241, "1.5", "abc", ""):
        with pytest.raises(ValidationError) as caught, admin.transaction() as conn:
            md.save_travel_buffer_minutes(conn, wrong)
        assert caught.value.field == "travel_buffer_minutes", wrong
    with admin.transaction() as conn:
        md.save_travel_buffer_minutes(conn, 0)
        md.save_travel_buffer_minutes(conn, 240)
    # a shop setting: master-data editors without settings.admin may read it, not change it
    editor = login(["masterdata.edit"])
    with pytest.raises(PermissionDenied), editor.transaction() as conn:
        md.save_travel_buffer_minutes(conn, 10)
    with editor.read() as conn:
        assert md.travel_buffer_minutes(conn) == 240


def test_the_work_reports_dictionaries(db: str, login: Session) -> None:
    editor = login(["masterdata.edit"])
    cause, action = unique("电容老化"), unique("更换启动电容")
    with editor.transaction() as conn:
        md.add_entry(conn, "fault_cause", cause)
        md.add_entry(conn, "repair_action", action)
    with editor.read() as conn:
        assert md.suggestions(conn, "fault_cause", cause[:2], limit=500) == [cause]
        assert md.suggestions(conn, "repair_action", action[:2], limit=500) == [action]
        assert md.suggestions(conn, "fault", cause[:2]) == []  # each dictionary its own
