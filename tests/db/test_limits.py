"""domain/limits.py is what the database holds: every text column's maximum length,
every date's and time's range, every number finite (and not negative unless it may
be), every JSON value's size, read back from the CHECK constraints of the migrated
database and compared in both directions; and the forms' helpers answer from it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import psycopg2
import pytest

from aftersales_desktop.domain import limits
from tests.pg import TestCluster

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def catalogue(cluster: TestCluster, shop_db: str) -> Iterator[psycopg2.extensions.cursor]:
    conn = psycopg2.connect(cluster.dsn(shop_db))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'")  # constraint texts show UTC times
        yield cur
    conn.close()


def _columns(cur: psycopg2.extensions.cursor, types: tuple[str, ...]
             ) -> dict[tuple[str, str], str]:
    cur.execute("""
        SELECT c.relname, a.attname, format_type(a.atttypid, NULL)
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
        WHERE c.relnamespace = 'app'::regnamespace AND c.relkind = 'r' AND a.attnum > 0
          AND NOT a.attisdropped AND a.attgenerated = ''
          AND format_type(a.atttypid, NULL) = ANY (%s)""", (list(types),))
    return {(t, c): k for t, c, k in cur.fetchall()}


def _checks(cur: psycopg2.extensions.cursor) -> dict[str, list[str]]:
    cur.execute("""SELECT c.conrelid::regclass::text, pg_get_constraintdef(c.oid)
                   FROM pg_constraint c
                   WHERE c.contype = 'c' AND c.connamespace = 'app'::regnamespace""")
    found: dict[str, list[str]] = {}
    for table, definition in cur.fetchall():
        found.setdefault(table.removeprefix("app."), []).append(definition)
    return found


def _ident(column: str) -> str:
    return rf'"?{re.escape(column)}"?'


def test_every_text_column_has_the_maximum_length_of_the_table(
        catalogue: psycopg2.extensions.cursor) -> None:
    checks = _checks(catalogue)
    in_database: dict[str, dict[str, int]] = {}
    for table, column in _columns(catalogue, ("text",)):
        lengths = [int(n) for definition in checks.get(table, [])
                   for n in re.findall(rf"length\({_ident(column)}\) <= (\d+)", definition)]
        in_database.setdefault(table, {})[column] = min(lengths) if lengths else -1
    missing = sorted(f"{t}.{c}" for t, cols in in_database.items()
                     for c, n in cols.items() if n < 0)
    assert not missing, f"text columns without a length CHECK: {missing}"
    assert in_database == {t: dict(c) for t, c in limits.TEXT_MAX.items()}


def _bounds(definitions: list[str], column: str, kind: str) -> tuple[str | None, str | None]:
    low = high = None
    for definition in definitions:
        for found in re.findall(rf"{_ident(column)} >= '([^']+)'::{kind}", definition):
            low = found
        for found in re.findall(rf"{_ident(column)} (<=|<) '([^']+)'::{kind}", definition):
            high = found[1] if found[0] == "<=" else f"<{found[1]}"
    return low, high


def test_every_date_and_time_has_a_plausible_range(
        catalogue: psycopg2.extensions.cursor) -> None:
    checks = _checks(catalogue)
    problems = []
    for (table, column), kind in sorted(_columns(
            catalogue, ("date", "timestamp with time zone")).items()):
        earliest, latest = limits.date_range(table, column)
        if kind == "date":
            wanted = (earliest.isoformat(), latest.isoformat())
        else:
            wanted = (f"{earliest.isoformat()} 00:00:00+00",
                      f"<{(latest + timedelta(days=1)).isoformat()} 00:00:00+00")
        found = _bounds(checks.get(table, []), column, kind)
        if found != wanted:
            problems.append(f"{table}.{column}: the database has {found}, limits {wanted}")
    assert not problems, "\n".join(problems)


def test_every_number_is_finite_and_not_negative_unless_it_may_be(
        catalogue: psycopg2.extensions.cursor) -> None:
    checks = _checks(catalogue)
    problems = []
    for table, column in sorted(_columns(catalogue, ("numeric",))):
        definitions = checks.get(table, [])
        ident = _ident(column)
        if not any(re.search(rf"{ident} <> 'NaN'::numeric", d) for d in definitions):
            problems.append(f"{table}.{column} may hold NaN")
        least, _most = limits.numeric_range(table, column)
        not_negative = any(re.fullmatch(rf"CHECK \(\({ident} >=? \(0\)::numeric\)\)", d)
                           for d in definitions)
        if (least == 0) != not_negative:
            problems.append(f"{table}.{column}: limits say least {least}, the database "
                            f"{'refuses' if not_negative else 'takes'} negative values")
    assert not problems, "\n".join(problems)


def test_every_json_value_has_a_size(catalogue: psycopg2.extensions.cursor) -> None:
    checks = _checks(catalogue)
    found = {}
    for table, column in _columns(catalogue, ("jsonb",)):
        sizes = [int(n) for d in checks.get(table, [])
                 for n in re.findall(rf"length\(\({_ident(column)}\)::text\) <= (\d+)", d)]
        found.setdefault(table, {})[column] = min(sizes) if sizes else -1
    assert found == {t: dict(c) for t, c in limits.JSON_MAX.items()}


def test_helpers_answer_from_the_table() -> None:
    assert limits.max_length("app.customer", "name") == 100
    assert limits.max_length("ticket", "serial") == 100
    with pytest.raises(KeyError):
        limits.max_length("customer", "version")
    today = date(2026, 12, 1)
    assert limits.date_range("device", "purchase_date", today) == (date(1970, 1, 1),
                                                                   date(2026, 12, 2))
    assert limits.date_range("app.ticket", "promised_on") == (
        limits.WORKING_RANGE.earliest, limits.WORKING_RANGE.latest)
    assert limits.numeric_range("settlement", "paid") == (-limits.MONEY_MAX, limits.MONEY_MAX)
    assert limits.numeric_range("work_type", "standard_hours") == (Decimal(0),
                                                                   Decimal("9999.99"))


def test_numbers_have_the_range_and_scale_of_their_column(
        catalogue: psycopg2.extensions.cursor) -> None:
    """The amount fields' ranges (limits.numeric_range) are what the column's precision
    and scale hold: numeric(12,2) takes at most 9999999999.99 and two decimals; or, for
    the numbers of limits.CHECKED_MAX, less, held by a CHECK (column <= most)."""
    checks = _checks(catalogue)
    catalogue.execute("""
        SELECT table_name, column_name, numeric_precision, numeric_scale
        FROM information_schema.columns
        WHERE table_schema = 'app' AND data_type = 'numeric'
          AND table_name IN (SELECT relname FROM pg_class
                             WHERE relnamespace = 'app'::regnamespace AND relkind = 'r')""")
    problems = []
    for table, column, precision, scale in sorted(catalogue.fetchall()):
        _least, most = limits.numeric_range(table, column)
        if precision is None:  # a sum without a scale (the tally): only finite
            continue
        held = Decimal(10) ** (precision - scale) - Decimal(10) ** -scale
        decimals = limits.numeric_scale(table, column)
        if (table, column) in limits.CHECKED_MAX:
            maxima = [Decimal(n) for d in checks.get(table, []) for n in re.findall(
                rf"^CHECK \(\({_ident(column)} <= \(?([0-9.]+)\)?(?:::numeric)?\)\)$", d)]
            if maxima != [most] or most >= held:
                problems.append(f"{table}.{column}: limits say at most {most}, its CHECKs "
                                f"{maxima} (numeric({precision},{scale}))")
            held = most
        if scale != decimals or most != held:
            problems.append(f"{table}.{column} is numeric({precision},{scale}): "
                            f"limits say at most {most} with {decimals} decimals")
    assert not problems, "\n".join(problems)


def test_a_promise_is_at_most_the_limit_after_the_intake(
        catalogue: psycopg2.extensions.cursor) -> None:
    catalogue.execute("""SELECT pg_get_constraintdef(oid) FROM pg_constraint
                         WHERE conname = 'ticket_promised_on_window'""")
    (definition,), = catalogue.fetchall()
    assert re.search(rf"promised_on <= \(received_on \+ {limits.PROMISE_MAX_DAYS}\)",
                     definition), definition
