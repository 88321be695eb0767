"""The rules' tables of technicians' pay in the database (revision 0022): the validity of
a commission rule may not overlap another's for the same service mode and work type,
refused by the exclusion constraint to whoever writes (an operator with commission.rules
on psql) and translated into a message at the validity field; the limits each column
holds; who may read and write; the seeds."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import psycopg2
import psycopg2.extensions
import pytest

from aftersales_desktop.core.errors import PermissionDenied, Refused
from aftersales_desktop.domain import limits
from aftersales_desktop.services.errors import user_error
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

Run = Callable[..., list[tuple]]


def _connect(cluster: TestCluster, db: str, code: str) -> psycopg2.extensions.connection:
    conn = psycopg2.connect(**cluster.profile(db).connect_kwargs(code, TEST_PASSWORD))
    conn.autocommit = True
    return conn


@pytest.fixture(scope="module")
def as_operator(cluster: TestCluster, shop_db: str) -> Iterator[Callable[[list[str]], Run]]:
    """make(capabilities) -> run(statement, *params) over psycopg2 as a new operator."""
    opened: list[psycopg2.extensions.connection] = []

    def make(capabilities: list[str]) -> Run:
        conn = _connect(cluster, shop_db, cluster.create_operator(
            shop_db, capabilities=capabilities))
        opened.append(conn)

        def run(statement: str, *params: Any) -> list[tuple]:
            with conn.cursor() as cur:
                cur.execute(statement, params)
                return cur.fetchall() if cur.description else []
        return run

    yield make
    for conn in opened:
        conn.close()


@pytest.fixture(scope="module")
def rules(as_operator: Callable[[list[str]], Run]) -> Run:
    return as_operator(["commission.rules"])


@pytest.fixture(scope="module")
def work_type(cluster: TestCluster, shop_db: str) -> int:
    """A work type of this module's own, so no other test's rules overlap."""
    return cluster.execute(shop_db, "INSERT INTO app.work_type (code, name, labour_fee) "
                                    "VALUES (%s, '测试工种', 100) RETURNING id",
                           (f"CR{secrets.token_hex(3)}",))[0][0]


def _refused(run: Run, statement: str, *params: Any) -> Refused:
    """The write refused, as the operator reads it."""
    with pytest.raises(psycopg2.Error) as caught:
        run(statement, *params)
    error = user_error(caught.value)
    assert isinstance(error, Refused), (caught.value.pgcode, caught.value)
    assert "Failing row" not in error.text()  # never the row's data
    return error


_RULE = ("INSERT INTO app.commission_rule (service_mode, work_type_id, kind, amount, rate, "
         "valid_from, valid_to, note) VALUES (%s, %s, %s, %s, %s, %s, %s, '') RETURNING id")


def _rule(run: Run, work_type: int, valid_from: str, valid_to: str | None, *,
          mode: str = "repair", kind: str = "fixed", amount: Any = "20",
          rate: Any = None) -> int:
    return run(_RULE, mode, work_type, kind, amount, rate, valid_from, valid_to)[0][0]


def test_an_overlapping_rule_is_refused_at_the_validity_field(rules: Run,
                                                              work_type: int) -> None:
    _rule(rules, work_type, "2026-01-01", "2026-06-30")
    for valid_from, valid_to in (("2026-06-30", "2026-12-31"),  # one day in common
                                 ("2025-01-01", None),  # open-ended over it
                                 ("2026-03-01", "2026-03-01"),  # inside
                                 ("2025-12-01", "2026-01-01")):
        error = _refused(rules, _RULE, "repair", work_type, "labour_pct", None, "10",
                         valid_from, valid_to)
        assert (error.code, error.field) == ("commission_rule_overlap", "valid_from")
        assert "Another commission rule for this service mode and work type" in error.text()
    # the day after, another mode, another kind of the same key's neighbour: taken
    _rule(rules, work_type, "2026-07-01", None, kind="labour_pct", amount=None, rate="12.5")
    _rule(rules, work_type, "2026-03-01", None, mode="installation")
    # ending the open rule lets the next one start
    error = _refused(rules, _RULE, "repair", work_type, "fixed", "30", None, "2027-01-01",
                     None)
    assert error.field == "valid_from"
    rules("UPDATE app.commission_rule SET valid_to = '2026-12-31' WHERE work_type_id = %s "
          "AND service_mode = 'repair' AND valid_to IS NULL", work_type)
    _rule(rules, work_type, "2027-01-01", None, amount="30")
    # and moving a rule onto another is refused the same way
    error = _refused(rules, "UPDATE app.commission_rule SET valid_from = '2026-06-01' "
                            "WHERE work_type_id = %s AND valid_from = '2026-07-01'", work_type)
    assert (error.code, error.field) == ("commission_rule_overlap", "valid_from")


def test_the_hours_scheme_and_rework_rules_do_not_overlap_either(rules: Run) -> None:
    error = _refused(rules, "INSERT INTO app.hours_rule (valid_from) VALUES ('2030-01-01')")
    assert (error.code, error.field) == ("hours_rule_overlap", "valid_from")
    error = _refused(rules, "INSERT INTO app.rework_rule (kind, amount, valid_from) "
                            "VALUES ('fixed', 50, '2030-01-01')")
    assert (error.code, error.field) == ("rework_rule_overlap", "valid_from")


@pytest.mark.parametrize(("kind", "amount", "rate", "valid_from", "valid_to", "field", "code"), [
    ("fixed", None, "10", "2031-01-01", None, "amount", "rule_amount_or_rate"),
    ("fixed", "10", "10", "2031-01-01", None, "rate", "rule_amount_or_rate"),
    ("labour_pct", "10", "10", "2031-01-01", None, "amount", "rule_amount_or_rate"),
    ("margin_pct", None, None, "2031-01-01", None, "rate", "rule_amount_or_rate"),
    ("bonus", None, "10", "2031-01-01", None, "kind", "field_choice_invalid"),
    ("fixed", "100000.00", None, "2031-01-01", None, "amount", "field_out_of_range"),
    ("fixed", "-0.01", None, "2031-01-01", None, "amount", "field_negative"),
    ("fixed", "NaN", None, "2031-01-01", None, "amount", "field_amount_invalid"),
    ("labour_pct", None, "100.0001", "2031-01-01", None, "rate", "field_out_of_range"),
    ("margin_pct", None, "-1", "2031-01-01", None, "rate", "field_negative"),
    ("fixed", "10", None, "2031-01-01", "2030-12-31", "valid_to", "valid_to_before_from"),
    ("fixed", "10", None, "1999-12-31", None, "valid_from", "field_date_invalid"),
    ("fixed", "10", None, "2031-01-01", "2200-01-01", "valid_to", "field_date_invalid"),
])
def test_a_rule_out_of_its_limits_is_refused_at_its_field(
        rules: Run, work_type: int, kind: str, amount: str | None, rate: str | None,
        valid_from: str, valid_to: str | None, field: str, code: str) -> None:
    error = _refused(rules, _RULE, "installation", work_type, kind, amount, rate, valid_from,
                     valid_to)
    assert (error.field, error.code) == (field, code)


def test_the_limits_are_the_forms(rules: Run, work_type: int) -> None:
    """At the limit limits.numeric_range gives the forms: stored; a fen past it: refused."""
    low, high = limits.numeric_range("commission_rule", "amount")
    assert (low, high) == (Decimal(0), Decimal("99999.99"))
    assert limits.numeric_range("commission_rule", "rate") == (Decimal(0), Decimal(100))
    assert limits.numeric_scale("commission_rule", "rate") == 4
    assert limits.numeric_range("employee_pay", "rated_hours") == (Decimal(0), Decimal(744))
    rule = _rule(rules, work_type, "2040-01-01", "2040-12-31", mode="outsourced",
                 amount=high)
    rules("UPDATE app.commission_rule SET kind = 'labour_pct', amount = NULL, rate = 100 "
          "WHERE id = %s", rule)
    assert rules("SELECT kind, rate, version FROM app.commission_rule WHERE id = %s",
                 rule) == [("labour_pct", Decimal("100.0000"), 2)]
    error = _refused(rules, "UPDATE app.commission_rule SET note = repeat('x', 201) "
                            "WHERE id = %s", rule)
    assert (error.field, error.code) == ("note", "field_too_long")


@pytest.mark.parametrize(("statement", "field", "code"), [
    ("INSERT INTO app.commission_grade_factor (grade, factor) VALUES ('特级', 10.001)",
     "factor", "field_out_of_range"),
    ("INSERT INTO app.commission_grade_factor (grade, factor) VALUES ('  ', 1)",
     "grade", "field_required"),
    ("INSERT INTO app.commission_grade_factor (grade, factor) VALUES ('初级', -1)",
     "factor", "field_negative"),
    ("UPDATE app.hours_rule SET other_weight = 1.001", "other_weight", "field_out_of_range"),
    ("UPDATE app.hours_rule SET supervisor_threshold = 100.01", "supervisor_threshold",
     "field_out_of_range"),
    ("UPDATE app.hours_rule SET rate_above_rated = 'NaN'", "rate_above_rated",
     "field_amount_invalid"),
    ("UPDATE app.hours_rule SET valid_to = '2200-01-01'", "valid_to", "field_date_invalid"),
    ("UPDATE app.hours_rule SET valid_to = '1999-01-01'", "valid_to", "valid_to_before_from"),
    ("UPDATE app.rework_rule SET rate = 100.5", "rate", "field_out_of_range"),
    ("UPDATE app.rework_rule SET kind = 'fixed'", "amount", "rule_amount_or_rate"),
])
def test_the_other_rule_tables_hold_their_limits(rules: Run, statement: str, field: str,
                                                 code: str) -> None:
    error = _refused(rules, statement)
    assert (error.field, error.code) == (field, code)


def test_employee_pay_limits_and_who_reads_it(cluster: TestCluster, shop_db: str,
                                             as_operator: Callable[[list[str]], Run]) -> None:
    employee = cluster.execute(shop_db, "INSERT INTO app.employee (code, name, is_technician) "
                                        "VALUES (%s, '工时技师', true) RETURNING id",
                               (f"EP{secrets.token_hex(3)}",))[0][0]
    staff = as_operator(["masterdata.edit"])
    staff("INSERT INTO app.employee_pay (employee_id, scheme, basic_hours, rated_hours) "
          "VALUES (%s, 'hours', 120, 160)", employee)
    for statement, field, code in (
            ("UPDATE app.employee_pay SET rated_hours = 100 WHERE employee_id = %s",
             "rated_hours", "rated_below_basic_hours"),
            ("UPDATE app.employee_pay SET rated_hours = 744.01 WHERE employee_id = %s",
             "rated_hours", "field_out_of_range"),
            ("UPDATE app.employee_pay SET scheme = 'piecework' WHERE employee_id = %s",
             "scheme", "field_choice_invalid")):
        error = _refused(staff, statement, employee)
        assert (error.field, error.code) == (field, code)
    as_operator(["commission.rules"])(
        "UPDATE app.employee_pay SET probation = true WHERE employee_id = %s", employee)
    for capabilities in (["commission.view_all"], ["commission.settle"]):
        assert as_operator(capabilities)(
            "SELECT scheme, basic_hours, rated_hours, probation, version FROM "
            "app.employee_pay WHERE employee_id = %s", employee) == [
            ("hours", Decimal("120.00"), Decimal("160.00"), True, 2)]
    # a technician sees the rules (三公) but not anybody's pay terms, and writes neither
    technician = as_operator(["commission.view_own"])
    assert technician("SELECT count(*) FROM app.commission_rule")[0][0] >= 0
    assert technician("SELECT count(*) FROM app.hours_rule")[0][0] == 1
    for statement in ("SELECT * FROM app.employee_pay",
                      "UPDATE app.hours_rule SET rate_above_rated = 99",
                      "INSERT INTO app.commission_grade_factor (grade, factor) "
                      "VALUES ('x', 2)",
                      "DELETE FROM app.rework_rule"):
        with pytest.raises(psycopg2.Error) as caught:
            technician(statement)
        assert isinstance(user_error(caught.value), PermissionDenied), statement
    # the change log hides the pay terms from a log reader without commission.view_all
    logged = cluster.execute(shop_db, "SELECT new_values FROM audit.change_log WHERE "
                                      "table_name = 'app.employee_pay' AND record_key = %s "
                                      "ORDER BY id", (str(employee),))
    assert logged[0][0]["scheme"] == "***" and logged[1][0]["probation"] == "***"


def test_automatic_items_take_a_threshold_only_for_surveys(cluster: TestCluster, shop_db: str,
                                                           as_operator: Callable[[list[str]],
                                                                                 Run]) -> None:
    staff = as_operator(["masterdata.edit"])
    item = staff("INSERT INTO app.reward_penalty_item (code, name, amount) "
                 "VALUES (%s, '差评', -10) RETURNING id", f"AI{secrets.token_hex(3)}")[0][0]
    for auto, threshold, field, code in (
            ("survey_low", None, "threshold", "auto_threshold_required"),
            ("complaint", 2, "threshold", "auto_threshold_required"),
            (None, 3, "threshold", "auto_threshold_required"),
            ("survey_low", 6, "threshold", "field_out_of_range"),
            ("survey_high", 0, "threshold", "field_out_of_range"),
            ("praise", None, "auto", "field_choice_invalid")):
        error = _refused(staff, "UPDATE app.reward_penalty_item SET auto = %s, threshold = %s "
                                "WHERE id = %s", auto, threshold, item)
        assert (error.field, error.code) == (field, code), (auto, threshold)
    staff("UPDATE app.reward_penalty_item SET auto = 'survey_low', threshold = 1 "
          "WHERE id = %s", item)
    assert cluster.execute(shop_db, "SELECT auto, threshold, version FROM "
                                    "app.reward_penalty_item WHERE id = %s",
                           (item,)) == [("survey_low", 1, 2)]


def test_one_active_overdue_rule_per_service_mode(cluster: TestCluster, shop_db: str,
                                                  as_operator: Callable[[list[str]],
                                                                        Run]) -> None:
    staff = as_operator(["masterdata.edit"])
    insert = ("INSERT INTO app.overdue_rule (name, amount_per_day, grace_days, service_mode, "
              "active) VALUES (%s, 5, 1, %s, %s) RETURNING id")
    # the seeded rule is every mode's: a second one for every mode only inactive
    error = _refused(staff, insert, "期限扣费2", None, True)
    assert (error.field, error.code) == ("service_mode", "overdue_rule_active_twice")
    spare = staff(insert, "期限扣费2", None, False)[0][0]
    mode = staff(insert, "上门超期", "installation", True)[0][0]
    error = _refused(staff, insert, "上门超期2", "installation", True)
    assert (error.field, error.code) == ("service_mode", "overdue_rule_active_twice")
    # swapping which one is active: deactivate first, then activate
    staff("UPDATE app.overdue_rule SET active = false WHERE id = %s", mode)
    staff("UPDATE app.overdue_rule SET active = true, service_mode = 'installation' "
          "WHERE id = %s", spare)
    error = _refused(staff, "UPDATE app.overdue_rule SET service_mode = 'nowhere' "
                            "WHERE id = %s", spare)
    assert (error.field, error.code) == ("service_mode", "reference_missing")
    cluster.execute(shop_db, "DELETE FROM app.overdue_rule WHERE id IN (%s, %s)",
                    (spare, mode))


def test_the_seeds(cluster: TestCluster, shop_db: str) -> None:
    def rows(statement: str) -> list[tuple]:
        return cluster.execute(shop_db, statement)

    # the seed's hours scheme: 考核工时 = 维修工时 + 其它工时 / 2; 3 above the rated hours,
    # 1.5 from basic to rated; a supervisor 2 x the average at 70 % of the quota
    assert rows("SELECT valid_from::text, valid_to, other_weight, rate_above_rated, "
                "rate_basic_to_rated, supervisor_factor, supervisor_threshold "
                "FROM app.hours_rule ORDER BY id LIMIT 1") == [
        ("2000-01-01", None, Decimal("0.500"), Decimal("3.00"), Decimal("1.50"),
         Decimal("2.00"), Decimal("70.00"))]
    # a free rework charges the first job's commission back in full
    assert rows("SELECT kind, amount, rate, valid_from::text, valid_to FROM app.rework_rule "
                "ORDER BY id LIMIT 1") == [
        ("commission_pct", None, Decimal("100.0000"), "2000-01-01", None)]
    kinds = dict(rows("SELECT code, hours_kind FROM app.work_type WHERE code IN ('install', "
                      "'major', 'medium', 'minor', 'delivery', 'exchange', 'cleaning')"))
    assert kinds == {"install": "repair", "major": "repair", "medium": "repair",
                     "minor": "repair", "delivery": "other", "exchange": "other",
                     "cleaning": "other"}
    items = {code: (auto, threshold) for code, auto, threshold in rows(
        "SELECT code, auto, threshold FROM app.reward_penalty_item WHERE code IN "
        "('satisfaction', 'attitude', 'complaint', 'timeliness', 'skill', 'contribution')")}
    assert items == {"satisfaction": ("survey_high", 5), "attitude": ("survey_low", 2),
                     "complaint": ("complaint", None), "timeliness": (None, None),
                     "skill": (None, None), "contribution": (None, None)}
    # the seeds kept their versions (a downgrade gives the rows back as they were)
    assert rows("SELECT DISTINCT version FROM app.reward_penalty_item WHERE code IN "
                "('satisfaction', 'attitude', 'complaint')") == [(1,)]
    assert rows("SELECT service_mode FROM app.overdue_rule WHERE active ORDER BY id "
                "LIMIT 1") == [(None,)]
