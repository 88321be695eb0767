"""The CHECK clauses every new table's columns get (lengths, the shop's years, finite
numbers, enums), written the same way by each revision from its own small tables.

Revision 0018 wrote these shapes inline; later revisions build them here. The text a
revision produces must never change once it has run in a shop (a changed CHECK would
not match the shop's), so this module only ever gets new functions, never edits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# the shop's years: a time outside them is a typing error, not a date
WORKING = ("2000-01-01 00:00:00+00", "2200-01-01 00:00:00+00")


def in_list(values: Iterable[str]) -> str:
    """An SQL list of string literals: ('a', 'b')."""
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


def limit_checks(table: str, *, text_max: Mapping[str, int] | None = None,
                 times: Iterable[str] = (), numbers: Iterable[str] = (),
                 choices: Mapping[str, Iterable[str]] | None = None) -> str:
    """The table's column constraints, named <table>_<column>_length|range|finite|choice
    (domain/constraints.py maps these names to a field and a message)."""
    checks = [f"CONSTRAINT {table}_{column}_length CHECK (length({column}) <= {most})"
              for column, most in (text_max or {}).items()]
    checks += [f"CONSTRAINT {table}_{column}_range CHECK ({column} >= '{WORKING[0]}'"
               f"::timestamptz AND {column} < '{WORKING[1]}'::timestamptz)"
               for column in times]
    checks += [f"CONSTRAINT {table}_{column}_finite CHECK ({column} <> 'NaN'::numeric)"
               for column in numbers]
    checks += [f"CONSTRAINT {table}_{column}_choice CHECK ({column} IN {in_list(values)})"
               for column, values in (choices or {}).items()]
    return ",\n    ".join(checks)
