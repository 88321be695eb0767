"""Server-side paging, sorting and filtering for every list in the client.

A `ListSource` says what a list shows (columns over one FROM clause); a
`ListQuery` says what the operator asked for (filters, sort, which slice).
`fetch_page` answers with one round trip: the slice and the total number of
matching rows together, via `count(*) OVER ()`. `data.summary.fetch_summary` groups
the same matching rows by one or two coded columns, with counts and totals, also in
one round trip. Both build their WHERE clause with `filter_conditions`, the one home
of what a typed filter means. Every value the operator typed reaches the server as a
bound parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    Text,
    and_,
    cast,
    func,
    literal,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import FromClause

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.errors import BugError, PermissionDenied
from aftersales_desktop.domain.filters import (
    ColumnFilter,
    ColumnKind,
    Contains,
    DateRange,
    DigitsContain,
    IsBool,
    NumberRange,
    parse_filter,
)

PAGE_SIZE = 200
_LIKE_ESCAPE = "!"
_INSUFFICIENT_PRIVILEGE = "42501"


@dataclass(frozen=True)
class ListColumn:
    """One column of a list: what it shows (`expr`), how it filters and displays (`kind`).

    `label` is an English source string marked with QT_TR_NOOP; the UI
    translates it. `sensitive` columns (phones, prices, costs) are masked when
    the operator hides sensitive data. `choices` maps stored codes to English
    labels for display (filters still match the stored code). `groupable` says
    whether the list's summary may group by the column; by default a coded column
    (one with `choices`) or a yes/no column may, others may not.
    """

    key: str
    label: str
    expr: ColumnElement[Any]
    kind: ColumnKind = ColumnKind.TEXT
    sensitive: bool = False
    width: int = 120
    searchable: bool = True
    choices: Mapping[str, str] | None = None
    groupable: bool | None = None
    # False for money and quantities that do not add up over rows: a unit price or an
    # average cost, a balance after a move, an item's minimum (a summary shows no total)
    totalled: bool | None = None

    @property
    def can_group(self) -> bool:
        if self.groupable is not None:
            return self.groupable
        return self.choices is not None or self.kind is ColumnKind.BOOL

    @property
    def can_total(self) -> bool:
        """A summary adds this column up (amounts and quantities, not counts or ids,
        nor the ones marked `totalled=False`)."""
        if self.totalled is not None:
            return self.totalled
        return self.kind in (ColumnKind.MONEY, ColumnKind.QUANTITY)


@dataclass(frozen=True)
class SortKey:
    key: str
    descending: bool = False


@dataclass(frozen=True)
class Tally:
    """A list's rows counted ahead by the database (a table its triggers keep).

    `from_clause` holds one row per combination of some columns' values: `count` says
    how many of the list's rows hold it, and `columns` maps list column keys to the
    tally's columns (the values, and the totals of amount columns). A summary reads it
    instead of the rows when its groups, totals and column filters all have a tally
    column and nothing else narrows the list (no full-field filter, no fixed `where`).
    A combination whose rows all went elsewhere may remain with a count of 0.
    """

    from_clause: FromClause
    count: ColumnElement[Any]
    columns: Mapping[str, ColumnElement[Any]]


@dataclass(frozen=True)
class ListSource:
    """What one list shows: its columns over `from_clause`, a row key, a default order.

    `name` identifies the list in settings (`lists/<name>/...`); `title` is an
    English source string for tabs, export sheets and messages. `where` is a
    fixed condition the operator cannot remove (e.g. "status = ready"). `entities`
    names what the rows show (core/changes.py): a write announced as touching one of
    them reloads every open view of this list. `summary=False` gives the list no
    summary (grouped counts and totals).
    """

    name: str
    title: str
    columns: tuple[ListColumn, ...]
    from_clause: FromClause
    key: ColumnElement[Any]
    default_sort: tuple[SortKey, ...] = ()
    where: ColumnElement[bool] | None = None
    # A big table's own full-field condition for one typed word (one that an index
    # serves), instead of matching the word against every column's text.
    search: Callable[[str], ColumnElement[bool]] | None = None
    # Count at most this many matching rows (a million-row list says "10000+ rows"
    # instead of counting them all for every page).
    count_limit: int | None = None
    entities: tuple[str, ...] = ()
    # A statement (no parameters) the server runs before each page, in the page's round
    # trip: the login history first records the failed logins the server logged.
    prelude: str | None = None
    summary: bool = True
    # The list's rows counted ahead by the database, for summaries that need no more.
    tally: Tally | None = None

    def column(self, key: str) -> ListColumn:
        for column in self.columns:
            if column.key == key:
                return column
        raise BugError(f"list {self.name} has no column {key!r}")

    def index_of(self, key: str) -> int:
        return self.columns.index(self.column(key))

    def groupable_columns(self) -> tuple[ListColumn, ...]:
        """The columns a summary may group by (none when the list has no summary)."""
        return tuple(c for c in self.columns if c.can_group) if self.summary else ()

    def total_columns(self) -> tuple[ListColumn, ...]:
        return tuple(c for c in self.columns if c.can_total)


@dataclass(frozen=True)
class ListQuery:
    """What the operator asked for: filter text, per-column filter text, order, slice."""

    full_text: str = ""
    column_filters: Mapping[str, str] = field(default_factory=dict)
    sort: tuple[SortKey, ...] = ()
    offset: int = 0
    limit: int = PAGE_SIZE


@dataclass(frozen=True)
class Page:
    """One slice of a list: `rows` hold values in the source's column order."""

    rows: list[tuple[Any, ...]]
    keys: list[Any]
    total: int
    offset: int
    capped: bool = False  # more rows match than the source counts (total = count_limit)


def like_pattern(text: str) -> str:
    """`%text%` with LIKE's wildcards in `text` taken literally."""
    escaped = (text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2)
               .replace("%", _LIKE_ESCAPE + "%").replace("_", _LIKE_ESCAPE + "_"))
    return f"%{escaped}%"


def _as_text(column: ListColumn) -> ColumnElement[Any]:
    """The column as the operator reads it, for the full-field filter."""
    if column.kind is ColumnKind.DATE:
        return func.to_char(column.expr, "YYYY-MM-DD")
    if column.kind is ColumnKind.DATETIME:
        # The shop's clock, as the cell shows it, not the server's TimeZone setting.
        local = func.timezone(shop_time.zone_name(), column.expr)
        return func.to_char(local, "YYYY-MM-DD HH24:MI")
    return cast(column.expr, Text)


def _condition(column: ListColumn, wanted: ColumnFilter) -> ColumnElement[bool]:
    expr = column.expr
    if isinstance(wanted, Contains) and column.choices:
        # a coded column: the codes whose code or label contains the text, as an equality
        # an index can serve (status = 'pending'), not a scan of every row's text; a code
        # or label typed in full means that one only (a summary's drill-down sends a code)
        text_ = wanted.text.lower()
        codes = [code for code, label in column.choices.items()
                 if text_ in (code.lower(), label.lower())]
        if not codes:
            codes = [code for code, label in column.choices.items()
                     if text_ in code.lower() or text_ in label.lower()]
        return expr.in_(codes)
    if isinstance(wanted, Contains):
        return cast(expr, Text).ilike(like_pattern(wanted.text), escape=_LIKE_ESCAPE)
    if isinstance(wanted, DigitsContain):
        digits = func.regexp_replace(cast(expr, Text), "[^0-9]", "", "g")
        return digits.like(like_pattern(wanted.digits), escape=_LIKE_ESCAPE)
    if isinstance(wanted, IsBool):
        return expr.is_(wanted.value)
    parts: list[ColumnElement[bool]] = []
    if isinstance(wanted, NumberRange):
        if wanted.low is not None:
            parts.append(expr >= wanted.low if wanted.low_inclusive else expr > wanted.low)
        if wanted.high is not None:
            parts.append(expr <= wanted.high if wanted.high_inclusive else expr < wanted.high)
    elif isinstance(wanted, DateRange):
        # a day is the shop's day, from its midnight
        bound = shop_time.midnight if column.kind is ColumnKind.DATETIME else (lambda d: d)
        if wanted.start is not None:
            parts.append(expr >= bound(wanted.start))
        if wanted.end is not None:
            parts.append(expr < bound(wanted.end))
    return and_(*parts)


def filter_conditions(source: ListSource, query: ListQuery) -> list[ColumnElement[bool]]:
    """WHERE conditions for the fixed `where`, the full-field filter and each column filter.

    Raises ValidationError (naming the column key) for a filter that does not parse.
    """
    conditions: list[ColumnElement[bool]] = []
    if source.where is not None:
        conditions.append(source.where)
    words = query.full_text.split()
    if words and source.search is not None:
        conditions.extend(source.search(word) for word in words)
    elif words:
        searchable = [_as_text(c) for c in source.columns
                      if c.searchable and c.kind is not ColumnKind.BOOL]
        # One text per row with a separator no typed word contains, so a word
        # never matches across two columns.
        haystack = func.concat_ws(" ", *searchable)
        conditions.extend(haystack.ilike(like_pattern(word), escape=_LIKE_ESCAPE)
                          for word in words)
    for key, raw in query.column_filters.items():
        column = source.column(key)
        wanted = parse_filter(column.kind, raw, field=key)
        if wanted is not None:
            conditions.append(_condition(column, wanted))
    return conditions


def _order_by(source: ListSource, query: ListQuery) -> list[ColumnElement[Any]]:
    sort = query.sort or source.default_sort
    order: list[ColumnElement[Any]] = [
        source.column(k.key).expr.desc() if k.descending else source.column(k.key).expr.asc()
        for k in sort
    ]
    # The key breaks ties so that a page boundary never splits or repeats equal rows.
    first_descending = bool(sort) and sort[0].descending
    order.append(source.key.desc() if first_descending else source.key.asc())
    return order


def list_select(source: ListSource, query: ListQuery) -> Select[Any]:
    """The ordered, filtered rows (no slice): the columns, then the key."""
    return (
        select(*(c.expr.label(f"c{i}") for i, c in enumerate(source.columns)),
               source.key.label("row_key"))
        .select_from(source.from_clause)
        .where(*filter_conditions(source, query))
        .order_by(*_order_by(source, query))
    )


@contextmanager
def permission_checked(source: ListSource) -> Iterator[None]:
    """The database refusing a list is something the operator can understand, not a bug."""
    try:
        yield
    except DBAPIError as exc:
        if getattr(exc.orig, "pgcode", None) == _INSUFFICIENT_PRIVILEGE:
            raise PermissionDenied(action=source.title) from exc
        raise


def count_rows(conn: Connection, source: ListSource, query: ListQuery) -> int:
    stmt = (select(func.count()).select_from(source.from_clause)
            .where(*filter_conditions(source, query)))
    with permission_checked(source):
        return int(conn.execute(stmt).scalar_one())


def fetch_page(conn: Connection, source: ListSource, query: ListQuery) -> Page:
    """One slice of the list and the total of matching rows, in one round trip."""
    if query.offset < 0 or query.limit <= 0:
        raise BugError(f"bad slice offset={query.offset} limit={query.limit}")
    width = len(source.columns)
    total_column: ColumnElement[Any]
    if source.count_limit is None:
        total_column = func.count().over()
    else:
        matching = (select(literal(1)).select_from(source.from_clause)
                    .where(*filter_conditions(source, query))
                    .limit(source.count_limit + 1).subquery())
        total_column = select(func.count()).select_from(matching).scalar_subquery()
    stmt = (list_select(source, query).add_columns(total_column.label("total"))
            .offset(query.offset).limit(query.limit))
    with permission_checked(source):
        result = execute_after(conn, source.prelude, stmt)
    if result:
        total = int(result[0][-1])
    elif query.offset > 0:
        # Past the end (rows went away since the last page): the window count has
        # no row to ride on, so ask once more.
        total = count_rows(conn, source, query)
    else:
        total = 0
    capped = source.count_limit is not None and total > source.count_limit
    return Page(
        rows=[tuple(row[:width]) for row in result],
        keys=[row[width] for row in result],
        total=source.count_limit if capped and source.count_limit is not None else total,
        offset=query.offset,
        capped=capped,
    )


def execute_after(conn: Connection, prelude: str | None, stmt: Select[Any]) -> list[Any]:
    """`stmt`'s rows; with a prelude, both statements go in one message (the server runs
    them in order, each seeing what the one before wrote) and the last one's rows come back."""
    if prelude is None:
        return list(conn.execute(stmt).all())
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    return list(conn.exec_driver_sql(f"{prelude};\n{compiled}", compiled.params).all())


def snapshot_rows(conn: Connection, source: ListSource, query: ListQuery,
                  chunk: int = 5000) -> Iterator[tuple[Any, ...]]:
    """`iter_rows` for a whole export: read-only, one snapshot, streamed from a
    server-side cursor (`conn` must be inside a transaction)."""
    conn.execute(text("SET TRANSACTION READ ONLY"))
    yield from iter_rows(conn, source, query, chunk)


def iter_rows(conn: Connection, source: ListSource, query: ListQuery,
              chunk: int = 5000) -> Iterator[tuple[Any, ...]]:
    """Every row matching the query's filters, in its order, ignoring offset and limit.

    Inside a transaction (`Database.transaction()`) this streams from a
    server-side cursor; an autocommit connection cannot hold one, so there it
    reads `chunk` rows per query instead.
    """
    width = len(source.columns)
    stmt = list_select(source, query)
    with permission_checked(source):
        if getattr(conn.connection.dbapi_connection, "autocommit", False):
            offset = 0
            while True:
                rows = conn.execute(stmt.offset(offset).limit(chunk)).all()
                for row in rows:
                    yield tuple(row[:width])
                if len(rows) < chunk:
                    return
                offset += chunk
        result = conn.execution_options(stream_results=True, max_row_buffer=chunk).execute(stmt)
        for partition in result.partitions(chunk):
            for row in partition:
                yield tuple(row[:width])

