"""A list's rows grouped by one or two of its coded columns: counts and totals.

`fetch_summary(conn, source, query, ["status", "warranty_class"])` answers in one round
trip with every group of the rows matching `query`, built with the list's own
`listing.filter_conditions` (the same filters as its pages), a subtotal per first-column
group and the grand total. A list whose source has a `Tally` (the ticket list) is
summarized from it when the summary needs nothing else: a few hundred counted rows
instead of a million.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Select, func, select

from aftersales_desktop.core.errors import BugError, UserError
from aftersales_desktop.core.i18n import QT_TR_NOOP

from .listing import (
    ListColumn,
    ListQuery,
    ListSource,
    execute_after,
    filter_conditions,
    permission_checked,
)

MAX_GROUPS = 2000
_TOO_MANY_GROUPS = QT_TR_NOOP(
    "More than {limit} groups: group by a column with fewer values, or filter the list first.")


@dataclass(frozen=True)
class SummaryRow:
    """One group of a summary: its values (one per level it is grouped at; a group of
    rows without a value holds None), how many rows it has, the totals of its amounts."""

    values: tuple[Any, ...]
    count: int
    totals: tuple[Decimal, ...]

    @property
    def level(self) -> int:
        """2 = a group of both columns, 1 = a first-column group (or its subtotal), 0 = all."""
        return len(self.values)


@dataclass(frozen=True)
class Summary:
    """The matching rows grouped by `group_by` (1 or 2 column keys), with `totals` summed.

    `rows` are in reading order: the groups by their codes' order (as `choices` lists
    them; yes before no; no value last); with two columns each first-column group is
    followed by its subtotal; the grand total comes last.
    """

    group_by: tuple[str, ...]
    totals: tuple[str, ...]
    rows: tuple[SummaryRow, ...]

    @property
    def grand_total(self) -> SummaryRow:
        return self.rows[-1]

    @property
    def groups(self) -> tuple[SummaryRow, ...]:
        """The finest groups only (no subtotals, no grand total)."""
        return tuple(r for r in self.rows if r.level == len(self.group_by))


def summary_columns(source: ListSource, group_by: Sequence[str],
                    totals: Sequence[str] | None) -> tuple[list[ListColumn], list[ListColumn]]:
    """The group and total columns of a summary request; a BugError for any other request."""
    if not source.summary:
        raise BugError(f"list {source.name} has no summary")
    if not 1 <= len(group_by) <= 2 or len(set(group_by)) != len(group_by):
        raise BugError(f"a summary groups by one or two columns, not {list(group_by)!r}")
    groups = [source.column(key) for key in group_by]
    for column in groups:
        if not column.can_group:
            raise BugError(f"list {source.name} cannot group by {column.key!r}")
    sums = list(source.total_columns()) if totals is None else [
        source.column(key) for key in totals]
    for column in sums:
        if not column.can_total:
            raise BugError(f"list {source.name} cannot total {column.key!r}")
    return groups, sums


def summary_select(source: ListSource, query: ListQuery, group_by: Sequence[str],
                   totals: Sequence[str] | None = None, *,
                   use_tally: bool = True) -> Select[Any]:
    """Counts and sums of the finest groups (subtotals and the grand total add them up):
    from the source's tally when it can answer (and `use_tally`), else from its rows.

    The matching rows come from a subquery with the list's own WHERE clause; grouping
    its output columns, not the column expressions, keeps an expression with bound
    parameters (a computed yes/no column) the same in SELECT and GROUP BY. A plain
    GROUP BY, not ROLLUP: PostgreSQL aggregates grouping sets in one process and a
    million rows twice over, while counts and sums of the groups add up exactly.
    """
    groups, sums = summary_columns(source, group_by, totals)
    tally = source.tally if use_tally and _tally_answers(source, query, groups, sums) else None
    if tally is not None:
        # the same filters, read against the tally's columns
        source = dataclasses.replace(
            source, from_clause=tally.from_clause, search=None,
            columns=tuple(dataclasses.replace(c, expr=tally.columns[c.key])
                          if c.key in tally.columns else c for c in source.columns))
        groups = [source.column(c.key) for c in groups]
        sums = [source.column(c.key) for c in sums]
    counted = [tally.count.label("counted")] if tally is not None else []
    matching = (select(*(c.expr.label(f"g{i}") for i, c in enumerate(groups)),
                       *(c.expr.label(f"t{i}") for i, c in enumerate(sums)), *counted)
                .select_from(source.from_clause)
                .where(*filter_conditions(source, query))
                .subquery("matching"))
    keys = [matching.c[f"g{i}"] for i in range(len(groups))]
    count: Any = func.count() if tally is None else func.sum(matching.c.counted)
    stmt = (select(*keys, count.label("row_count"),
                   *(func.coalesce(func.sum(matching.c[f"t{i}"]), 0).label(f"total{i}")
                     for i in range(len(sums))))
            .group_by(*keys)
            .limit(MAX_GROUPS + 1))
    if tally is not None:
        stmt = stmt.having(count != 0)  # combinations no row holds any more
    return stmt


def _tally_answers(source: ListSource, query: ListQuery, groups: Sequence[ListColumn],
                   sums: Sequence[ListColumn]) -> bool:
    """Whether the source's tally has everything this summary asks for."""
    tally = source.tally
    if tally is None or source.where is not None or query.full_text.strip():
        return False
    wanted = {c.key for c in (*groups, *sums)}
    wanted |= {key for key, raw in query.column_filters.items() if raw.strip()}
    return wanted <= set(tally.columns)


def fetch_summary(conn: Connection, source: ListSource, query: ListQuery,
                  group_by: Sequence[str], totals: Sequence[str] | None = None, *,
                  use_tally: bool = True) -> Summary:
    """The rows matching `query` (its filters; order and slice are ignored) grouped by
    `group_by`, with the sums of `totals` (default: every amount and quantity column),
    in one round trip. `use_tally=False` reads the rows even where the source's tally
    could answer (to compare the two).

    Raises ValidationError for a filter that does not parse, UserError for more than
    MAX_GROUPS groups, PermissionDenied when the database refuses a column.
    """
    groups, sums = summary_columns(source, group_by, totals)
    levels = len(groups)
    with permission_checked(source):
        # a source's prelude runs first, in the same round trip, as before its pages
        result = execute_after(conn, source.prelude, summary_select(
            source, query, group_by, totals, use_tally=use_tally))
    if len(result) > MAX_GROUPS:
        raise UserError(_TOO_MANY_GROUPS, limit=f"{MAX_GROUPS:,}")
    finest = [SummaryRow(values=tuple(row[:levels]), count=int(row[levels]),
                         totals=tuple(Decimal(v) for v in row[levels + 1:]))
              for row in result]
    return Summary(group_by=tuple(c.key for c in groups), totals=tuple(c.key for c in sums),
                   rows=tuple(_reading_order(_with_subtotals(finest, levels, len(sums)),
                                             groups)))


def _with_subtotals(finest: list[SummaryRow], levels: int, width: int) -> list[SummaryRow]:
    """The finest groups, a subtotal per first-column value (two levels), the grand total."""
    added: dict[tuple[Any, ...], tuple[int, list[Decimal]]] = {}
    for row in finest:
        for depth in range(levels):  # the grand total (depth 0) and, for two, the subtotal
            count, sums = added.setdefault(row.values[:depth], (0, [Decimal(0)] * width))
            added[row.values[:depth]] = (count + row.count,
                                         [a + b for a, b in zip(sums, row.totals, strict=True)])
    if () not in added:  # nothing matched: still a grand total of nothing
        added[()] = (0, [Decimal(0)] * width)
    return [*finest, *(SummaryRow(values, count, tuple(sums))
                       for values, (count, sums) in added.items())]


def _order_key(column: ListColumn) -> Callable[[Any], tuple[Any, ...]]:
    """Codes in the order their column lists them, yes before no, no value last."""
    codes = {code: i for i, code in enumerate(column.choices or {})}

    def key(value: Any) -> tuple[Any, ...]:
        if value is None:
            return (2,)
        if codes:
            return (0, codes.get(value, len(codes)), str(value))
        if isinstance(value, bool):
            return (0, not value)
        return (1, value)

    return key


def _reading_order(rows: list[SummaryRow], groups: list[ListColumn]) -> list[SummaryRow]:
    keys = [_order_key(c) for c in groups]

    def position(row: SummaryRow) -> tuple[Any, ...]:
        # a subtotal sorts after the groups it adds up; the grand total after everything
        parts: list[Any] = []
        for level, key in enumerate(keys):
            parts.append((0, key(row.values[level])) if level < row.level else (1,))
        return tuple(parts)

    return sorted(rows, key=position)
