"""The demo shop's technicians' pay, loaded twice into an empty shop (a server of its own,
as `aftersales --demo` loads it): rules for the work types and service modes, grade
factors, pay schemes (hours, probation, a supervisor), last month settled with every
statement, this month in draft with its lines, an approved penalty and a proposed
reward; the second load changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest

from aftersales_desktop.core.db import dsn_engine
from aftersales_desktop.server import provision
from aftersales_desktop.server.embedded import EmbeddedServer
from aftersales_desktop.services import demo, operators
from aftersales_desktop.services.demo_commissions import GRADE_FACTORS, PAY, RULES
from tests.db.demo_shop import DemoShop as Shop
from tests.db.demo_shop import loaded_twice

pytestmark = pytest.mark.db

TABLES = ("commission_rule", "commission_grade_factor", "employee_pay", "commission_period",
          "commission_line", "commission_statement", "job")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Shop, dict[str, int]]]:
    yield from loaded_twice(tmp_path_factory, "demo-commissions", TABLES,
                            empty="commission_statement")


def test_loading_twice_changes_nothing(loaded: tuple[Shop, dict[str, int]]) -> None:
    shop, first = loaded
    assert shop.counts() == first


def test_rules_factors_and_pay_schemes(loaded: tuple[Shop, dict[str, int]]) -> None:
    shop, _first = loaded
    rules = shop.sql("""SELECT r.service_mode, w.code, r.kind, coalesce(r.amount, r.rate)
                        FROM app.commission_rule r JOIN app.work_type w
                          ON w.id = r.work_type_id""")
    assert len(rules) == len(RULES)
    assert {kind for _m, _w, kind, _v in rules} == {"fixed", "labour_pct", "margin_pct"}
    assert {mode for mode, *_rest in rules} == {"repair", "installation", "outsourced"}
    assert dict(shop.sql("SELECT grade, factor FROM app.commission_grade_factor")) == {
        grade: Decimal(factor) for grade, factor in GRADE_FACTORS}
    pay = {code: (scheme, basic, rated, probation, supervisor) for
           code, scheme, basic, rated, probation, supervisor in shop.sql(
               """SELECT e.code, p.scheme, p.basic_hours, p.rated_hours, p.probation,
                         p.supervisor FROM app.employee_pay p
                  JOIN app.employee e ON e.id = p.employee_id""")}
    assert set(pay) == set(PAY)
    assert pay["E007"] == ("hours", Decimal("120.00"), Decimal("160.00"), False, False)
    assert pay["E008"][3] is True and pay["E006"][4] is True


def test_last_month_settled_and_this_month_in_draft(
        loaded: tuple[Shop, dict[str, int]]) -> None:
    shop, _first = loaded
    today = shop.sql("SELECT app.shop_today()")[0][0]
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    periods = dict(shop.sql("SELECT month, state FROM app.commission_period"))
    assert periods[last_month] == "settled" and periods[this_month] == "open"
    states = shop.sql("""SELECT period, state, count(*) FROM app.commission_statement
                         GROUP BY 1, 2""")
    assert {(p, s) for p, s, _n in states} == {(last_month, "settled"),
                                              (this_month, "draft")}
    # every technician and the outlet that did work have a statement, with lines that
    # earned money (the rules applied), and the statements add up
    settled = shop.sql("""SELECT s.payee_code, s.commissions, s.total, s.line_count
                          FROM app.commission_statement s WHERE s.period = %s""", last_month)
    codes = {code for code, *_rest in settled}
    assert {"E004", "E005", "E007", "E008"} <= codes
    assert any(code.startswith("WD") for code in codes)  # the outlet (外协)
    assert sum(commissions for _c, commissions, _t, _n in settled) > 0
    lines = dict(shop.sql("""SELECT kind, count(*) FROM app.commission_line
                             WHERE period = %s GROUP BY kind""", last_month))
    assert lines.get("commission", 0) >= 7 and lines.get("overdue", 0) >= 1
    # this month: the demo's reviewed jobs, an approved penalty, a reward waiting
    manual = shop.sql("""SELECT kind, state, amount FROM app.commission_line
                         WHERE period = %s AND origin = 'manual' ORDER BY kind""", this_month)
    assert manual == [("penalty", "active", Decimal("-20.00")),
                      ("reward", "proposed", Decimal("50.00"))]
    assert shop.sql("""SELECT count(*) FROM app.commission_line WHERE period = %s
                       AND origin = 'review' AND amount > 0""", this_month)[0][0] >= 3
    stale = shop.sql("""SELECT count(*) FROM app.commission_statement s
                        WHERE s.total <> s.post_wage + s.commissions + s.hours_pay
                              + s.rewards + s.penalties + s.deductions + s.adjustments""")
    assert stale == [(0,)]


def test_the_demo_loads_into_a_shop_server_with_its_own_administrator(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """`aftersales-server init --admin admin` then `aftersales-server demo`: the shop's
    administrator has a password of its own, which the demo does not know; the demo's
    penalty is still approved by that administrator (four eyes), not refused at a login."""
    server = EmbeddedServer(tmp_path_factory.mktemp("demo-own-admin") / "server")
    server.init()
    try:
        provision.prepare(server)
        engine = dsn_engine(server.superuser_dsn())
        try:
            with engine.begin() as conn:
                operators.create_operator(conn, code="admin", name="店主",
                                          password="Own-admin-pass-1",
                                          template="administrator")
        finally:
            engine.dispose()
        demo.load_demo_dsn(server.superuser_dsn())
        shop = Shop(server.superuser_dsn(), TABLES)
        assert shop.sql("SELECT state, decided_by, created_by FROM app.commission_line "
                        "WHERE origin = 'manual' AND kind = 'penalty'") == [
            ("active", "admin", "chenjie")]
    finally:
        server.stop()
