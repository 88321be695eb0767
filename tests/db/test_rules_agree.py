"""Each rule the database enforces and the client copies for instant feedback, run on the
same cases through both: the same answer, the same refusal code, the same sentence.

The Python rule is the domain function (aftersales_desktop/domain/); the SQL rule is the
small function the database's own actions call (app.transition_refusal inside
app.ticket_set_status, app.settlement_totals inside app.ticket_settle, ...), called here
with the same inputs. SQL refusals go through the one translator (services/errors.py),
so the message compared is the one the operator would read. The case tables are the
unit tests' (tests/unit/), plus the combinations below.

At the end, the rule that was missing: who pays. A counter clerk on psql with their own
password cannot bill an out-of-warranty repair to the manufacturer; a manager can, with
a reason that the change log keeps.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import psycopg2
import psycopg2.extras
import pytest

from aftersales_desktop.core.errors import Refused, UserError
from aftersales_desktop.core.profile import ConnectionProfile
from aftersales_desktop.domain import (
    dispatch,
    fees,
    masking,
    masterdata,
    notices,
    tickets,
    warranty,
    workdays,
)
from aftersales_desktop.domain.fees import FeeLine, compute_settlement
from aftersales_desktop.domain.masterdata import validate_dictionary_value
from aftersales_desktop.domain.operators import CODE_PATTERN
from aftersales_desktop.domain.text import is_blank
from aftersales_desktop.services.errors import user_error
from tests.pg import TEST_PASSWORD, TestCluster
from tests.unit.test_dispatch_rules import (
    ACTION_CASES,
    LATE_CASES,
    MIME_CASES,
    MISSING_CASES,
    RESULT_CASES,
)
from tests.unit.test_fees import (
    PAYER_CASES,
    PREORDER_CASES,
    ROUNDING_CASES,
    SETTLEMENT_CASES,
    SETTLEMENT_ERROR_CASES,
    Line,
)
from tests.unit.test_filters import MASK_CASES
from tests.unit.test_masterdata_rules import (
    PHONE_ACCEPT_CASES,
    PHONE_REJECT_CASES,
    PURCHASE_DATE_CASES,
)
from tests.unit.test_notice_channels import SMS_RECIPIENT_CASES, SMS_RECIPIENT_REFUSED
from tests.unit.test_ticket_status import ALL_TRANSITION_CASES, NEUTRAL, NUMBER_FORMAT_CASES
from tests.unit.test_warranty import BILLED_TO_CASES, REWORK_CASES, WARRANTY_CASES
from tests.unit.test_workdays import ADD_WORKING_DAYS_CASES, CALENDARS, IS_WORKING_DAY_CASES

pytestmark = pytest.mark.db

@dataclass
class Outcome:
    """What a rule answered: a value, or a refusal (code, field, English sentence)."""

    value: Any = None
    code: str | None = None
    field: str | None = None
    text: str | None = None

    @classmethod
    def refused(cls, error: UserError) -> Outcome:
        return cls(code=error.code, field=getattr(error, "field", ""), text=error.text())


@pytest.fixture(scope="module")
def rules_db(cluster: TestCluster) -> str:
    return cluster.create_database()


@pytest.fixture(scope="module")
def sql(cluster: TestCluster, rules_db: str) -> Iterator[Callable[..., Outcome]]:
    """Call one SQL rule: its value, or its refusal as the operator would read it."""
    conn = psycopg2.connect(cluster.dsn(rules_db))
    conn.autocommit = True

    def run(statement: str, params: tuple[Any, ...] = ()) -> Outcome:
        with conn.cursor() as cur:
            try:
                cur.execute(statement, params)
            except psycopg2.Error as exc:
                error = user_error(exc)
                assert error is not None, f"{exc.pgcode}: {exc}"
                return Outcome.refused(error)
            return Outcome(value=cur.fetchone()[0])  # type: ignore[index]

    yield run
    conn.close()


def python(rule: Callable[[], Any]) -> Outcome:
    try:
        return Outcome(value=rule())
    except Refused as error:
        return Outcome.refused(error)


# ---- status machine ---------------------------------------------------------------------

STATUSES = list(tickets.STATUSES)
# Every (from, to) pair (and an unknown status on either side) in every context that one
# of the guards looks at: the quote (out-of-warranty repair, quote required or not,
# answered or not, free rework), the reason (given, blank, blank but for whitespace),
# the settlement and the right to release unsettled.
CONTEXTS: list[dict[str, Any]] = [
    {"warranty_class": warranty_class, "quote_state": quote_state,
     "quote_required": quote_required, "rework_free": rework_free, "settled": settled,
     "may_release_unsettled": may_release, "reason": reason}
    for warranty_class, quote_state, quote_required, rework_free in [
        ("in_warranty", None, True, False), ("claim", None, True, False),
        ("out_of_warranty", None, True, False), ("out_of_warranty", "pending", True, False),
        ("out_of_warranty", "declined", True, False),
        ("out_of_warranty", "approved", True, False),
        ("out_of_warranty", None, False, False), ("out_of_warranty", None, True, True)]
    for settled, may_release in [(True, False), (False, False), (False, True)]
    for reason in ["customer asked", "", " \t\n\u3000"]
]
PAIR_CASES = [(current, target, context)
              for current in [*STATUSES, "repaired"] for target in [*STATUSES, "done"]
              for context in CONTEXTS]
TABLE_CASES = [(current, target, {**NEUTRAL, **overrides})
               for current, target, overrides, _ in ALL_TRANSITION_CASES]
CONTEXT_COLUMNS = ("warranty_class", "quote_state", "quote_required", "rework_free",
                   "settled", "may_release_unsettled", "reason")


def test_every_status_pair_in_every_context(cluster: TestCluster, rules_db: str) -> None:
    cases = PAIR_CASES + TABLE_CASES
    rows = [(i, current, target, *(context[c] for c in CONTEXT_COLUMNS))
            for i, (current, target, context) in enumerate(cases)]
    conn = psycopg2.connect(cluster.dsn(rules_db))
    try:
        with conn.cursor() as cur:
            answers = dict(psycopg2.extras.execute_values(cur, """
                SELECT v.i, app.transition_refusal(v.a, v.b, v.w, v.q, v.qr, v.rf, v.s, v.m, v.r)
                FROM (VALUES %s) AS v(i, a, b, w, q, qr, rf, s, m, r)""", rows,
                template="(%s, %s, %s, %s, %s::text, %s, %s, %s, %s, %s)", page_size=5000,
                fetch=True))
    finally:
        conn.close()
    assert len(answers) == len(cases) > 5000
    disagree = [(current, target, context, code, answers[i])
                for i, (current, target, context) in enumerate(cases)
                if (code := tickets.transition_refusal(current, target, **context))
                != answers[i]]
    assert disagree == []
    # every outcome the machine has is among them, allowed moves included
    assert {answers[i] for i in answers} == {None, *tickets.REFUSAL_CODES}


@pytest.mark.parametrize("target", [*STATUSES, "done"])
def test_each_target_needs_the_same_capability(sql: Callable[..., Outcome],
                                               target: str) -> None:
    assert (sql("SELECT app.transition_capability(%s)", (target,)).value
            == tickets.transition_capability(target))


def test_the_transition_table_is_the_domain_table(cluster: TestCluster, rules_db: str) -> None:
    rows = cluster.execute(rules_db, "SELECT from_status, to_status FROM app.ticket_transition")
    in_db: dict[str, set[str]] = {}
    for a, b in rows:
        in_db.setdefault(a, set()).add(b)
    assert in_db == {k: set(v) for k, v in tickets.TRANSITIONS.items() if v}


# ---- settlement -------------------------------------------------------------------------

def _python_settlement(lines: list[Line], discount: str, reason: str, method: str,
                       paid: str | None, default_payer: str | None = None,
                       payer_reason: str = "") -> Outcome:
    def rule() -> tuple[str, ...]:
        totals = compute_settlement(
            [FeeLine(kind, description, Decimal(quantity), Decimal(price), billed_to)
             for kind, description, quantity, price, billed_to in lines],
            discount=Decimal(discount), discount_reason=reason, payment_method=method,
            paid=None if paid is None else Decimal(paid), default_payer=default_payer,
            payer_reason=payer_reason)
        return (*(str(getattr(totals, name)) for name in _AMOUNTS),
                str(totals.payer_override))
    return python(rule)


# SettlementTotals' fields and app.settlement_totals' keys have the same names
_AMOUNTS = ("subtotal", "customer_subtotal", "manufacturer_amount", "shop_amount", "discount",
            "customer_due", "paid", "change")


def _sql_settlement(sql: Callable[..., Outcome], lines: list[Line], discount: str,
                    reason: str, method: str, paid: str | None,
                    default_payer: str | None = None, payer_reason: str = "") -> Outcome:
    payload = json.dumps([{"kind": kind, "description": description, "quantity": quantity,
                           "unit_price": price, "billed_to": billed_to}
                          for kind, description, quantity, price, billed_to in lines])
    outcome = sql("SELECT app.settlement_totals(%s::jsonb, %s::numeric, %s, %s, %s::numeric, "
                  "%s, %s)::text",
                  (payload, discount, reason, method, paid, default_payer, payer_reason))
    if outcome.code is None:
        totals = json.loads(outcome.value, parse_float=Decimal, parse_int=Decimal)
        outcome.value = (*(str(totals[name]) for name in _AMOUNTS),
                         str(totals["payer_override"]))
    return outcome


def _labour(payer: str) -> Line:
    return ("labour", "Labour", "1", "80.00", payer)


SETTLEMENT_AGREE_CASES: list[tuple[Any, ...]] = (
    [case[:5] for case in SETTLEMENT_CASES + ROUNDING_CASES + SETTLEMENT_ERROR_CASES]
    + [(lines, "0", "", "cash" if any(line[4] == "customer" for line in lines) else "none",
        "1000", default_payer, reason) for lines, default_payer, reason, _ in PAYER_CASES]
    # blank means the same on both sides: the discount's reason, the payer's, a description
    + [([_labour("customer")], "5", "\t\n", "cash", "100"),
       ([_labour("manufacturer")], "0", "", "none", None, "customer", "\u3000"),
       ([_labour("manufacturer")], "0", "", "none", None, "customer", " ok "),
       ([("part", "\t", "1", "1.00", "customer")], "0", "", "cash", "1")]
)


@pytest.mark.parametrize("case", SETTLEMENT_AGREE_CASES,
                         ids=[str(i) for i in range(len(SETTLEMENT_AGREE_CASES))])
def test_settlement_arithmetic(sql: Callable[..., Outcome], case: tuple[Any, ...]) -> None:
    assert _sql_settlement(sql, *case) == _python_settlement(*case)


@pytest.mark.parametrize(("warranty_class", "rework_free", "expected"), BILLED_TO_CASES)
def test_who_pays_by_default(sql: Callable[..., Outcome], warranty_class: str,
                             rework_free: bool, expected: str) -> None:
    assert warranty.billed_to_default(warranty_class, rework_free) == expected
    assert sql("SELECT app.billed_to_default(%s, %s)",
               (warranty_class, rework_free)).value == expected


def test_unknown_warranty_class_is_a_bug_on_both_sides(cluster: TestCluster,
                                                       rules_db: str) -> None:
    with pytest.raises(ValueError):
        warranty.billed_to_default("extended", False)
    with pytest.raises(psycopg2.Error) as caught:
        cluster.execute(rules_db, "SELECT app.billed_to_default('extended', false)")
    assert caught.value.pgcode == "22023"


# ---- rework, warranty -------------------------------------------------------------------

@pytest.mark.parametrize(("prior", "today", "expected"), REWORK_CASES)
def test_rework(sql: Callable[..., Outcome], prior: list[warranty.PriorRepair], today: date,
                expected: int | None) -> None:
    found = warranty.find_rework(prior, today)
    assert (found.ticket_id if found else None) == expected
    candidates = json.dumps([{"ticket_id": p.ticket_id, "picked_up_at": p.picked_up_at.isoformat(),
                              "repair_warranty_until": p.covered_until.isoformat()}
                             for p in prior])
    assert sql("SELECT app.rework_of(%s::jsonb, %s)", (candidates, today)).value == expected


# the cases the rule decides (the warranty length is checked by the form and the device
# table before the rule sees it)
DECIDED = [c for c in WARRANTY_CASES if 0 <= c[1] <= 120]


@pytest.mark.parametrize("case", DECIDED, ids=lambda c: f"{c[0]}-{c[1]}-{c[5]}")
def test_warranty_decision(sql: Callable[..., Outcome], case: tuple[Any, ...]) -> None:
    purchase, months, proof, damage, claim, today, _ = case
    in_python = python(lambda: warranty.decide_warranty(
        purchase_date=purchase, warranty_months=months, has_proof=proof, human_damage=damage,
        claim=claim, today=today))
    if in_python.code is None:
        decision = in_python.value
        in_python.value = (decision.warranty_class, decision.reason, decision.covered_until)
    in_sql = sql("SELECT (d.warranty_class, d.reason, d.covered_until)::text FROM "
                 "app.warranty_decision(%s, %s, %s, %s, %s, %s) d",
                 (purchase, months, proof, damage, claim, today))
    if in_sql.code is None:
        klass, reason, until = in_sql.value.strip("()").split(",")
        in_sql.value = (klass, reason, date.fromisoformat(until) if until else None)
    assert (in_sql.code, in_sql.value) == (in_python.code, in_python.value)


# ---- phones, masking, numbers -----------------------------------------------------------

PHONE_CASES: list[str | None] = ([raw for raw, _ in PHONE_ACCEPT_CASES]
                                 + [raw for raw, _ in PHONE_REJECT_CASES])


@pytest.mark.parametrize("raw", PHONE_CASES)
def test_phone_format(sql: Callable[..., Outcome], raw: str | None) -> None:
    assert (sql("SELECT app.normalize_phone(%s)", (raw,))
            == python(lambda: masterdata.normalize_phone(raw)))


@pytest.mark.parametrize(("raw", "expected"), PHONE_ACCEPT_CASES)
def test_stored_phones_are_checked_with_the_same_rule(sql: Callable[..., Outcome], raw: str,
                                                      expected: str) -> None:
    check = "SELECT app.phone_normal_form(%s) IS NOT DISTINCT FROM %s"  # the tables' CHECK
    assert sql(check, (expected, expected)).value is True
    if raw != expected:
        assert sql(check, (raw, raw)).value is False


@pytest.mark.parametrize(("raw", "code"), PHONE_REJECT_CASES)
def test_rejected_phones_cannot_be_stored(sql: Callable[..., Outcome], raw: str | None,
                                          code: str) -> None:
    if raw is not None:
        check = "SELECT app.phone_normal_form(%s) IS NOT DISTINCT FROM %s"
        assert sql(check, (raw, raw)).value is False


@pytest.mark.parametrize(("stored", "masked"), MASK_CASES)
def test_masking(sql: Callable[..., Outcome], stored: str | None, masked: str) -> None:
    assert masking.mask_phone(stored) == masked
    assert sql("SELECT app.phone_masked(%s)", (stored,)).value == masked


NUMBER_CASES: list[tuple[str, date, int]] = [
    (prefix, day, seq) for prefix, day, seq, _ in NUMBER_FORMAT_CASES] + [
    ("WX", date(999, 1, 2), 3), ("WX", date(2026, 12, 31), 99999), ("JS", date(2026, 1, 1), 1),
    ("WX", date(2026, 1, 1), 0), ("WX", date(2026, 1, 1), -5)]


@pytest.mark.parametrize(("prefix", "day", "seq"), NUMBER_CASES)
def test_numbering(cluster: TestCluster, rules_db: str, prefix: str, day: date,
                   seq: int) -> None:
    try:
        expected: str | None = tickets.format_number(prefix, day, seq)
    except ValueError:
        expected = None
    try:
        found = cluster.execute(rules_db, "SELECT app.format_number(%s, %s, %s)",
                                (prefix, day, seq))[0][0]
    except psycopg2.Error as exc:
        assert exc.pgcode == "22023"
        found = None
    assert found == expected
    if expected is not None:
        assert tickets.parse_number(expected) == (prefix, day, seq)


# ---- pre-orders, SMS recipients, purchase dates, working days, blank ------------------

def _preorder_outcome(outcome: Outcome) -> Outcome:
    if outcome.code is None:
        amounts = json.loads(outcome.value, parse_float=Decimal, parse_int=Decimal)
        outcome.value = tuple(str(amounts[name]) for name in _PREORDER_AMOUNTS)
    return outcome


# PreorderAmounts' fields and app.preorder_amounts' keys have the same names
_PREORDER_AMOUNTS = ("quantity", "unit_price", "deposit", "total", "due")


@pytest.mark.parametrize(("quantity", "price", "deposit", "expected"), PREORDER_CASES)
def test_preorder_amounts(sql: Callable[..., Outcome], quantity: str | None,
                          price: str | None, deposit: str | None,
                          expected: tuple[str, ...]) -> None:
    def rule() -> tuple[str, ...]:
        amounts = fees.preorder_amounts(*(None if raw is None else Decimal(raw)
                                          for raw in (quantity, price, deposit)))
        return tuple(str(getattr(amounts, name)) for name in _PREORDER_AMOUNTS)

    in_python = python(rule)
    in_sql = _preorder_outcome(sql(
        "SELECT app.preorder_amounts(%s::numeric, %s::numeric, %s::numeric)::text",
        (quantity, price, deposit)))
    assert in_sql == in_python
    assert (in_python.value if in_python.code is None
            else (in_python.code, in_python.field)) == expected


SMS_CASES: list[str | None] = ([raw for raw, _ in SMS_RECIPIENT_CASES]
                               + [raw for raw, _ in SMS_RECIPIENT_REFUSED]
                               + [raw for raw, _ in PHONE_ACCEPT_CASES]
                               + [raw for raw, _ in PHONE_REJECT_CASES])


@pytest.mark.parametrize("raw", SMS_CASES)
def test_sms_recipient(sql: Callable[..., Outcome], raw: str | None) -> None:
    """The one phone rule, and a mobile: a stored landline takes no SMS."""
    in_python = python(lambda: notices.sms_recipient(raw))
    assert sql("SELECT app.sms_recipient(%s)", (raw,)) == in_python
    phone = python(lambda: masterdata.normalize_phone(raw))
    if in_python.code is None:
        assert in_python.value == phone.value  # the number as it is stored
    elif in_python.code == "recipient_phone_invalid" and phone.code is None:
        assert not masterdata.is_mobile(phone.value)


@pytest.mark.parametrize(("raw", "today", "expected"), PURCHASE_DATE_CASES)
def test_purchase_date(sql: Callable[..., Outcome], raw: date | None, today: date,
                       expected: date | str | None) -> None:
    in_python = python(lambda: masterdata.validate_purchase_date(raw, today))
    assert sql("SELECT app.validate_purchase_date(%s, %s)", (raw, today)) == in_python
    assert (in_python.code or in_python.value) == expected


@pytest.fixture(scope="module")
def calendar(cluster: TestCluster, rules_db: str) -> Iterator[Callable[[str], Any]]:
    """A cursor on the rules database whose app.work_calendar holds one of the unit
    tests' calendars (tests/unit/test_workdays.py), rolled back after each question."""
    conn = psycopg2.connect(cluster.dsn(rules_db))

    def with_calendar(name: str) -> Any:
        conn.rollback()
        cur = conn.cursor()
        cur.execute("DELETE FROM app.work_calendar")
        days = CALENDARS[name]
        rows = [(d, False) for d in days.holidays] + [(d, True) for d in days.workdays]
        if rows:
            psycopg2.extras.execute_values(
                cur, "INSERT INTO app.work_calendar (day, working) VALUES %s", rows)
        return cur

    yield with_calendar
    conn.rollback()
    conn.close()


@pytest.mark.parametrize(("day", "name", "expected"), IS_WORKING_DAY_CASES)
def test_working_day(calendar: Callable[[str], Any], day: date, name: str,
                     expected: bool) -> None:
    cur = calendar(name)
    cur.execute("SELECT app.is_working_day(%s)", (day,))
    assert cur.fetchone()[0] is workdays.is_working_day(day, CALENDARS[name]) is expected


@pytest.mark.parametrize(("start", "n", "name", "expected"), ADD_WORKING_DAYS_CASES)
def test_add_working_days(calendar: Callable[[str], Any], start: date, n: int, name: str,
                          expected: date) -> None:
    cur = calendar(name)
    cur.execute("SELECT app.add_working_days(%s, %s)", (start, n))
    assert cur.fetchone()[0] == workdays.add_working_days(start, n, CALENDARS[name]) == expected


def test_negative_working_days_are_refused_on_both_sides(
        calendar: Callable[[str], Any]) -> None:
    with pytest.raises(ValueError):
        workdays.add_working_days(date(2026, 11, 23), -1)
    cur = calendar("plain")
    with pytest.raises(psycopg2.Error):
        cur.execute("SELECT app.add_working_days(%s, -1)", (date(2026, 11, 23),))


BLANK_CASES: list[str | None] = [None, "", " ", "\t\n", "\u3000", "\u00a0", " \r\f\v ",
                                 "x", " x ", "\u3000好\u3000", "0", "\u200b"]


@pytest.mark.parametrize("raw", BLANK_CASES)
def test_blank(sql: Callable[..., Outcome], raw: str | None) -> None:
    """What a reason, a description or a part name counts as blank."""
    assert sql("SELECT app.is_blank(%s)", (raw,)).value is is_blank(raw)


SPELLING_CASES = ["格力", " 格力 ", "格力  空调", "格力\u3000空调", "格力\t\n空调 ",
                  "\u00a0KFR-35GW\u00a0 /  BP ", "a\u200bb", "电源板 损坏", "x" * 100]


@pytest.mark.parametrize("raw", SPELLING_CASES)
def test_dictionary_spelling(sql: Callable[..., Outcome], raw: str) -> None:
    """A dictionary value learnt at the counter is spelt as the dictionary page spells it."""
    expected = validate_dictionary_value("brand", raw)
    assert sql("SELECT app.dictionary_value(%s)", (raw,)).value == expected


@pytest.mark.parametrize(("table", "column"), [("device", "warranty_months"),
                                               ("item", "default_warranty_months")])
def test_warranty_months_bounds(cluster: TestCluster, rules_db: str, table: str,
                                column: str) -> None:
    """The form's 0..MAX_WARRANTY_MONTHS is the tables' CHECK."""
    definition = cluster.execute(rules_db, """
        SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.conrelid = %s::regclass AND c.contype = 'c' AND a.attname = %s
          AND pg_get_constraintdef(c.oid) LIKE '%%>= 0%%'""", (f"app.{table}", column))
    assert [row[0] for row in definition] == [
        f"CHECK ((({column} >= 0) AND ({column} <= {masterdata.MAX_WARRANTY_MONTHS})))"]


# ---- the same lists of values -----------------------------------------------------------

# (table, column) -> the domain's list of the values its CHECK allows
VALUE_LISTS: dict[tuple[str, str], set[str]] = {
    ("ticket", "status"): set(tickets.STATUSES),
    ("ticket", "warranty_class"): set(warranty.WARRANTY_CLASSES),
    ("ticket", "visit"): set(tickets.VISITS),
    ("part_preorder", "state"): set(tickets.PREORDER_STATES),
    ("settlement", "payment_method"): set(fees.PAYMENT_METHODS),
    ("settlement_line", "kind"): set(fees.LINE_KINDS),
    ("settlement_line", "billed_to"): set(fees.BILLED_TO),
    ("customer_notice", "kind"): set(notices.NOTICE_KINDS),
    ("notice_template", "kind"): set(notices.NOTICE_KINDS),
    ("customer_notice", "channel"): set(notices.CHANNEL_LABELS),
    ("dictionary_entry", "kind"): set(masterdata.DICTIONARY_KINDS),
    ("item", "kind"): set(masterdata.ITEM_KINDS),
    ("region", "level"): set(masterdata.REGION_LEVELS),
}


@pytest.mark.parametrize(("table", "column"), list(VALUE_LISTS))
def test_value_lists(cluster: TestCluster, rules_db: str, table: str, column: str) -> None:
    definitions = [row[0] for row in cluster.execute(rules_db, """
        SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.conrelid = %s::regclass AND c.contype = 'c' AND a.attname = %s
          AND array_length(c.conkey, 1) = 1""", (f"app.{table}", column))]
    allowed = [set(part.split("'")[1::2]) for part in definitions if "ANY" in part]
    assert allowed == [VALUE_LISTS[table, column]]


@pytest.mark.parametrize("code", ["zhangmin", "a001", "a", "1abc", "ab", "a" * 30, "a" * 31,
                                  "zhang min", "ZhangMin", "li_na", "wang-fang", "张敏"])
def test_operator_code_pattern(cluster: TestCluster, rules_db: str, code: str) -> None:
    in_db = cluster.execute(rules_db, "SELECT %s ~ '^[a-z][a-z0-9_]{1,29}$'", (code,))[0][0]
    definition = cluster.execute(rules_db, "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                                           "WHERE conname = 'operator_code_check'")[0][0]
    assert CODE_PATTERN.pattern in definition
    assert bool(CODE_PATTERN.match(code)) == in_db


# ---- who pays, as different operators on psql -------------------------------------------

@dataclass
class Clerk:
    code: str
    conn: Any  # psycopg2 connection, logged in with the operator's own password


@pytest.fixture(scope="module")
def shop_people(cluster: TestCluster, rules_db: str) -> Iterator[dict[str, Clerk]]:
    people: dict[str, Clerk] = {}
    profile: ConnectionProfile = cluster.profile(rules_db)
    for template in ("counter", "manager"):
        code = cluster.create_operator(rules_db, template=template)
        conn = psycopg2.connect(**profile.connect_kwargs(code, TEST_PASSWORD))
        conn.autocommit = True
        people[template] = Clerk(code, conn)
    yield people
    for clerk in people.values():
        clerk.conn.close()


def _call(clerk: Clerk, statement: str, params: tuple[Any, ...]) -> Any:
    with clerk.conn.cursor() as cur:
        cur.execute(statement, params)
        return cur.fetchone()[0]


def _out_of_warranty_ticket(clerk: Clerk) -> int:
    """A ticket taken in without proof of purchase (out of warranty), ready for pickup."""
    today = _call(clerk, "SELECT app.shop_today()", ())
    ticket = _call(clerk, "SELECT app.ticket_intake(%s::jsonb)", (json.dumps({
        "customer_name": "过保客户", "phone": "13900001111",
        "device": {"product": "洗衣机", "serial": uuid.uuid4().hex[:10], "has_proof": False},
        "fault": "不脱水", "promised_on": str(today + timedelta(days=7))}),))
    assert ticket["warranty_class"] == "out_of_warranty"
    return int(ticket["id"])


def _settle(clerk: Clerk, ticket_id: int, payload: dict[str, Any]) -> Any:
    return _call(clerk, "SELECT app.ticket_settle(%s, NULL, %s::jsonb)",
                 (ticket_id, json.dumps(payload)))


def _settle_to_manufacturer(clerk: Clerk, ticket_id: int, reason: str) -> Any:
    return _settle(clerk, ticket_id, {
        "operation_id": str(uuid.uuid4()), "payment_method": "none",
        "payer_reason": reason,
        "lines": [{"kind": "part", "description": "电机", "quantity": "1",
                   "unit_price": "380.00", "billed_to": "manufacturer"},
                  {"kind": "labour", "description": "中修", "quantity": "1",
                   "unit_price": "100.00", "billed_to": "manufacturer"}]})


def test_counter_on_psql_cannot_bill_an_out_of_warranty_repair_to_the_manufacturer(
        shop_people: dict[str, Clerk], cluster: TestCluster, rules_db: str) -> None:
    counter = shop_people["counter"]
    ticket_id = _out_of_warranty_ticket(counter)
    # without a reason: refused before any capability question
    with pytest.raises(psycopg2.Error) as caught:
        _settle_to_manufacturer(counter, ticket_id, "")
    assert caught.value.diag.message_hint == "aftersales:payer_reason_required"
    error = user_error(caught.value)
    assert error is not None and error.field == "payer_reason"
    # with a reason: the counter template lacks warranty.override
    with pytest.raises(psycopg2.Error) as caught:
        _settle_to_manufacturer(counter, ticket_id, "厂家同意")
    assert caught.value.pgcode == "42501"
    assert caught.value.diag.message_detail == "warranty.override"
    # nothing was written
    assert cluster.execute(rules_db, "SELECT count(*) FROM app.settlement WHERE ticket_id = %s",
                           (ticket_id,))[0][0] == 0
    assert cluster.execute(rules_db, "SELECT settled FROM app.ticket WHERE id = %s",
                           (ticket_id,))[0][0] is False
    # billed to the customer, as the warranty class says, the counter settles it
    settled = _settle(counter, ticket_id, {
        "payment_method": "cash", "paid": "500",
        "lines": [{"kind": "labour", "description": "中修", "quantity": "1",
                   "unit_price": "100.00", "billed_to": "customer"}]})
    assert Decimal(str(settled["customer_amount"])) == Decimal("100.00")


def test_manager_may_bill_the_manufacturer_with_a_reason_that_is_logged(
        shop_people: dict[str, Clerk], cluster: TestCluster, rules_db: str) -> None:
    manager = shop_people["manager"]
    ticket_id = _out_of_warranty_ticket(shop_people["counter"])
    with pytest.raises(psycopg2.Error) as caught:
        _settle_to_manufacturer(manager, ticket_id, "  ")
    assert caught.value.diag.message_hint == "aftersales:payer_reason_required"
    settled = _settle_to_manufacturer(manager, ticket_id, "厂家特批，编号 TP-2026-118")
    assert Decimal(str(settled["customer_amount"])) == Decimal("0.00")
    rows = cluster.execute(rules_db, """
        SELECT s.payer_reason, s.manufacturer_amount, s.customer_amount, s.settled_by,
               array_agg(l.billed_to ORDER BY l.line_no)
        FROM app.settlement s JOIN app.settlement_line l ON l.settlement_id = s.id
        WHERE s.ticket_id = %s GROUP BY s.id""", (ticket_id,))
    assert rows == [("厂家特批，编号 TP-2026-118", Decimal("480.00"), Decimal("0.00"),
                     manager.code, ["manufacturer", "manufacturer"])]
    audit = cluster.execute(rules_db, """
        SELECT operator, new_values ->> 'payer_reason' FROM audit.change_log
        WHERE table_name = 'app.settlement' AND action = 'insert'
          AND new_values ->> 'ticket_id' = %s""", (str(ticket_id),))
    assert audit == [(manager.code, "厂家特批，编号 TP-2026-118")]


def test_rounding_is_what_is_stored(shop_people: dict[str, Clerk], cluster: TestCluster,
                                    rules_db: str) -> None:
    """The case from the issue: a 0.004 discount was stored while 9.996 was answered."""
    counter = shop_people["counter"]
    ticket_id = _out_of_warranty_ticket(counter)
    settled = _settle(counter, ticket_id, {
        "payment_method": "cash", "paid": "10", "discount": "0.004",
        "lines": [{"kind": "labour", "description": "检测", "quantity": "1",
                   "unit_price": "10.00", "billed_to": "customer"}]})
    stored = cluster.execute(rules_db, "SELECT discount, customer_amount, paid, change_given "
                                       "FROM app.settlement WHERE ticket_id = %s", (ticket_id,))
    assert stored == [(Decimal("0.00"), Decimal("10.00"), Decimal("10.00"), Decimal("0.00"))]
    assert Decimal(str(settled["customer_amount"])) == Decimal("10.00")


def test_status_refusals_read_the_same_as_the_form(shop_people: dict[str, Clerk]) -> None:
    """The SQL side names the statuses in its DETAIL; the operator reads the sentence the
    Python rule would have shown."""
    counter = shop_people["counter"]
    ticket_id = _out_of_warranty_ticket(counter)
    for target, context in [("picked_up", {}), ("bogus", {}), ("in_repair", {
            "warranty_class": "out_of_warranty", "quote_required": True})]:
        with pytest.raises(psycopg2.Error) as caught:
            _call(counter, "SELECT app.ticket_set_status(%s, NULL, %s, '')", (ticket_id, target))
        error = user_error(caught.value)
        assert error is not None
        with pytest.raises(Refused) as expected:
            tickets.check_transition("pending", target, **{**NEUTRAL, "reason": "", **context})
        assert (error.code, error.text()) == (expected.value.code, expected.value.text())


def test_masking_in_the_customer_lookup(cluster: TestCluster, rules_db: str) -> None:
    """What an operator without contacts.view reads in the returning-customer lookup is
    the client's mask of the stored number."""
    stored = ["13812340000", "0571-8888000", "010-12340000"]
    customer = cluster.execute(rules_db, "INSERT INTO app.customer (code, name) VALUES "
                                         "('MASK1', '遮号客户') RETURNING id")[0][0]
    for i, phone in enumerate(stored):
        cluster.execute(rules_db, "INSERT INTO app.customer_phone (customer_id, phone, "
                                  "is_primary) VALUES (%s, %s, %s)", (customer, phone, i == 0))
    code = cluster.create_operator(rules_db, capabilities=["intake.create"])
    conn = psycopg2.connect(**cluster.profile(rules_db).connect_kwargs(code, TEST_PASSWORD))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT app.customer_lookup('遮号客户', 5)")
            found = cur.fetchone()[0]  # type: ignore[index]
    finally:
        conn.close()
    assert [row["phones"] for row in found] == [[masking.mask_phone(p) for p in stored]]


# ---- jobs, work reports and review (revision 0018) ---------------------------------------

@pytest.mark.parametrize(("action", "state", "_expected"), ACTION_CASES)
def test_job_actions_agree(sql: Callable[..., Outcome], action: str, state: str,
                           _expected: str | None) -> None:
    assert (sql("SELECT app.job_action_refusal(%s, %s)", (action, state)).value
            == dispatch.job_action_refusal(action, state))


@pytest.mark.parametrize(("result", "visit", "_expected"), RESULT_CASES)
def test_result_statuses_agree(sql: Callable[..., Outcome], result: str, visit: str,
                               _expected: str | None) -> None:
    assert (sql("SELECT app.job_result_status(%s, %s)", (result, visit)).value
            == dispatch.result_ticket_status(result, visit))


@pytest.mark.parametrize(("result", "hours", "types", "_expected"), MISSING_CASES)
def test_report_completeness_agrees(sql: Callable[..., Outcome], result: str | None,
                                    hours: Decimal | None, types: int,
                                    _expected: str | None) -> None:
    assert (sql("SELECT app.job_report_missing(%s, %s, %s)", (result, hours, types)).value
            == dispatch.report_missing(result=result, hours=hours, work_types=types))


@pytest.mark.parametrize(("today", "promised", "_expected"), LATE_CASES)
def test_days_late_agree(sql: Callable[..., Outcome], today: date, promised: date | None,
                         _expected: int) -> None:
    assert (sql("SELECT app.job_days_late(%s, %s)", (today, promised)).value
            == dispatch.days_late(today, promised))


@pytest.mark.parametrize(("content", "_expected"), MIME_CASES)
def test_photo_types_agree(sql: Callable[..., Outcome], content: bytes,
                           _expected: str | None) -> None:
    assert (sql("SELECT app.job_photo_mime(%s)", (psycopg2.Binary(content),)).value
            == dispatch.photo_mime(content))


def test_case_counts() -> None:
    """The size of the comparison, for the record (and so a table cannot go empty)."""
    counts = {"transitions": len(PAIR_CASES) + len(TABLE_CASES),
              "settlement": len(SETTLEMENT_AGREE_CASES), "rework": len(REWORK_CASES),
              "warranty": len(DECIDED), "phone": len(PHONE_CASES), "masking": len(MASK_CASES),
              "numbering": len(NUMBER_CASES), "who_pays": len(BILLED_TO_CASES),
              "preorder": len(PREORDER_CASES), "sms_recipient": len(SMS_CASES),
              "purchase_date": len(PURCHASE_DATE_CASES),
              "working_day": len(IS_WORKING_DAY_CASES),
              "add_working_days": len(ADD_WORKING_DAYS_CASES), "blank": len(BLANK_CASES),
              "job_actions": len(ACTION_CASES), "job_results": len(RESULT_CASES),
              "report_missing": len(MISSING_CASES), "days_late": len(LATE_CASES),
              "photo_mime": len(MIME_CASES)}
    assert counts["transitions"] == 10 * 10 * len(CONTEXTS) + len(ALL_TRANSITION_CASES)
    assert min(counts.values()) >= 6, counts
