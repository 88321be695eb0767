"""The pure rules of technicians' pay run on the same cases through Python
(domain/commissions.py: previews, instant feedback) and their SQL twins
(db/sql/commissions/: what the lines and the month run use), the pattern of
tests/db/test_rules_agree.py: the same value, to the fen and its written form. The case
tables are tests/unit/test_commission_rules.py's."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import psycopg2
import pytest

from aftersales_desktop.domain import commissions
from tests.pg import TestCluster
from tests.unit.test_commission_rules import (
    ASSESSED_CASES,
    AUTO_CASES,
    GRADE_CASES,
    HOURS_PAY_CASES,
    OVERDUE_CASES,
    REWORK_CASES,
    RULE_AMOUNT_CASES,
    SEED_RATES,
    SPLIT_CASES,
    SUPERVISOR_CASES,
)

pytestmark = pytest.mark.db

Sql = Callable[..., Any]


@pytest.fixture(scope="module")
def sql(cluster: TestCluster, shop_db: str) -> Iterator[Sql]:
    """One value from the database, as its superuser (the functions are internal)."""
    conn = psycopg2.connect(cluster.dsn(shop_db))
    conn.autocommit = True

    def run(statement: str, params: tuple[Any, ...] = ()) -> Any:
        with conn.cursor() as cur:
            cur.execute(statement, params)
            rows = cur.fetchall()
            return rows if len(rows) != 1 or len(rows[0]) != 1 else rows[0][0]

    yield run
    conn.close()


def _same(found: Any, expected: Any) -> None:
    """Equal, and written alike (two decimals, no -0.00)."""
    assert (found, str(found)) == (expected, str(expected))


def _rule_amount(sql: Sql, *args: Any) -> Any:
    return sql("SELECT app.commission_rule_amount(%s, %s, %s, %s, %s, %s)", args)


@pytest.mark.parametrize(("kind", "amount", "rate", "base", "quantity", "factor", "_expected"),
                         RULE_AMOUNT_CASES)
def test_rule_amounts_agree(sql: Sql, kind: str, amount: Decimal | None, rate: Decimal | None,
                            base: Decimal, quantity: Decimal, factor: Decimal,
                            _expected: Decimal) -> None:
    _same(_rule_amount(sql, kind, amount, rate, base, quantity, factor),
          commissions.rule_amount(kind, amount, rate, base, quantity, factor))


@pytest.mark.parametrize(("kind", "amount", "rate", "base", "quantity", "by_factor"),
                         GRADE_CASES, ids=[case[0] for case in GRADE_CASES])
def test_grade_multipliers_agree(sql: Sql, kind: str, amount: Decimal | None,
                                 rate: Decimal | None, base: Decimal, quantity: Decimal,
                                 by_factor: dict[Decimal, Decimal]) -> None:
    for factor, expected in by_factor.items():
        _same(_rule_amount(sql, kind, amount, rate, base, quantity, factor), expected)


def test_an_unknown_rule_kind_pays_nothing_in_sql(sql: Sql) -> None:
    assert _rule_amount(sql, "hours", Decimal(1), Decimal(1), Decimal(1), Decimal(1),
                        Decimal(1)) is None


def _shares_json(shares: list[tuple[int, Decimal]]) -> str:
    # numbers as written (a JSON number of the numeric share, as jsonb_build_object makes)
    return "[" + ", ".join(f'{{"employee_id": {employee}, "share": {share}}}'
                           for employee, share in shares) + "]"


def _split(sql: Sql, total: Decimal, shares: list[tuple[int, Decimal]]) -> dict[int, Decimal]:
    rows = sql("SELECT employee_id, amount FROM app.commission_split(%s, %s::jsonb)",
               (total, _shares_json(shares)))
    if not isinstance(rows, list):  # one row of one column cannot happen: two columns
        raise AssertionError(rows)
    return dict(rows)


@pytest.mark.parametrize(("total", "shares", "_expected"), SPLIT_CASES)
def test_splits_agree_in_every_order(sql: Sql, total: Decimal, shares: dict[int, Decimal],
                                     _expected: dict[int, Decimal]) -> None:
    expected = commissions.split_amounts(total, shares)
    for order in itertools.permutations(shares.items()):
        found = _split(sql, total, list(order))
        assert found == expected
        assert [str(v) for v in found.values()] == [str(v) for v in expected.values()]
        assert sum(found.values()) == total


@pytest.mark.parametrize(("what", "assessed", "basic", "rated", "probation", "_expected"),
                         HOURS_PAY_CASES, ids=[case[0] for case in HOURS_PAY_CASES])
def test_hours_pay_agrees(sql: Sql, what: str, assessed: Decimal, basic: Decimal,
                          rated: Decimal, probation: bool, _expected: Decimal) -> None:
    rate_above, rate_between = SEED_RATES
    _same(sql("SELECT app.commission_hours_pay(%s, %s, %s, %s, %s, %s)",
              (assessed, basic, rated, probation, rate_above, rate_between)),
          commissions.hours_pay(assessed, basic, rated, probation, rate_above, rate_between))


def test_hours_pay_agrees_hour_by_hour_with_the_seeded_scheme(sql: Sql) -> None:
    """The seeded hours_rule's own numbers, 0 to 250 assessed hours in quarter hours."""
    above, between = sql("SELECT ARRAY[rate_above_rated, rate_basic_to_rated] "
                         "FROM app.hours_rule WHERE valid_from = '2000-01-01'")
    rows = sql("SELECT h, app.commission_hours_pay(h, 120, 160, false, %s, %s) "
               "FROM generate_series(0, 250, 0.25) h", (above, between))
    assert len(rows) == 1001
    for hours, pay in rows:
        _same(pay, commissions.hours_pay(hours, Decimal(120), Decimal(160), False, above,
                                         between))


@pytest.mark.parametrize(("repair", "other", "weight", "_expected"), ASSESSED_CASES)
def test_assessed_hours_agree(sql: Sql, repair: Decimal, other: Decimal, weight: Decimal,
                              _expected: Decimal) -> None:
    _same(sql("SELECT app.commission_assessed_hours(%s, %s, %s)", (repair, other, weight)),
          commissions.assessed_hours(repair, other, weight))


@pytest.mark.parametrize(("what", "pays", "assessed", "quota", "factor", "threshold",
                          "_expected"), SUPERVISOR_CASES, ids=[c[0] for c in SUPERVISOR_CASES])
def test_supervisor_pay_agrees(sql: Sql, what: str, pays: list[Decimal], assessed: Decimal,
                               quota: Decimal, factor: Decimal, threshold: Decimal,
                               _expected: Decimal) -> None:
    _same(sql("SELECT app.commission_supervisor_pay(%s::numeric[], %s, %s, %s, %s)",
              (pays, assessed, quota, factor, threshold)),
          commissions.supervisor_pay(pays, assessed, quota, factor, threshold))


@pytest.mark.parametrize(("days", "grace", "per_day", "_expected"), OVERDUE_CASES)
def test_overdue_deductions_agree(sql: Sql, days: int, grace: int, per_day: Decimal,
                                  _expected: Decimal) -> None:
    _same(sql("SELECT app.commission_overdue(%s, %s, %s)", (days, grace, per_day)),
          commissions.overdue_deduction(days, grace, per_day))


@pytest.mark.parametrize(("kind", "amount", "rate", "original", "_expected"), REWORK_CASES)
def test_rework_chargebacks_agree(sql: Sql, kind: str, amount: Decimal | None,
                                  rate: Decimal | None, original: Decimal,
                                  _expected: Decimal) -> None:
    _same(sql("SELECT app.commission_rework(%s, %s, %s, %s)", (kind, amount, rate, original)),
          commissions.rework_chargeback(kind, amount, rate, original))


@pytest.mark.parametrize(("auto", "threshold", "lowest", "_expected"), AUTO_CASES)
def test_automatic_items_agree(sql: Sql, auto: str | None, threshold: int | None,
                               lowest: int | None, _expected: bool) -> None:
    assert (sql("SELECT app.commission_auto_applies(%s, %s, %s)", (auto, threshold, lowest))
            is commissions.auto_item_applies(auto, threshold, lowest))


def test_the_codes_are_the_tables(sql: Sql) -> None:
    """The domain's codes are the ones the tables' CHECKs take."""
    def choices(constraint: str) -> set[str]:
        definition = sql("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                         "WHERE conname = %s", (constraint,))
        return {part.split("'")[1] for part in definition.split("ARRAY[")[1].split(",")}

    assert choices("commission_rule_kind_choice") == set(commissions.RULE_KINDS)
    assert choices("rework_rule_kind_choice") == set(commissions.REWORK_KINDS)
    assert choices("employee_pay_scheme_choice") == set(commissions.SCHEMES)
    assert choices("work_type_hours_kind_choice") == set(commissions.HOURS_KINDS)
    assert choices("reward_penalty_item_auto_choice") == set(commissions.AUTO_TRIGGERS)
    modes = sql("SELECT code FROM app.service_mode ORDER BY code")
    assert {code for (code,) in modes} == set(commissions.SERVICE_MODE_CODES)
