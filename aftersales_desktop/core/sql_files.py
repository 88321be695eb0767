"""The database's functions as SQL files, and the few helpers revisions share.

`db/sql/<module>/<name>.sql` holds the current body of one function (or trigger
function, or view). When a revision replaces a body, the old one is kept as a reverse
delta, `db/sql/superseded/<revision that installed it>/<module>/<name>.sql.diff`: a
unified diff that turns the next newer body of the same file back into the old one. So
"the file as revision R installs it" is the current file with the deltas from head back to
R applied, and each SQL text is written once. `db/sql/installed.txt` holds a digest of
every body as each revision installs it; tests check every rebuilt body against it.
db/README.md describes the scheme; tools/freeze_sql.py writes the deltas.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from alembic import op
from sqlalchemy import Connection, text

from .paths import db_dir

SUPERSEDED = "superseded"
DELTA = ".diff"  # superseded/<R>/<name>.diff: R's body as a delta from the next newer one
LOCK = "installed.txt"

# Reads a file below db/sql ("frontdesk/x.sql", "superseded/0009/frontdesk/x.sql.diff");
# None when there is no such file. The default reads the shipped tree; tools/freeze_sql.py
# also reads git's copy.
Reader = Callable[[str], str | None]


def sql_dir() -> Path:
    return db_dir() / "sql"


def tree_reader(root: Path) -> Reader:
    """A Reader of the files below `root` (a db/sql folder)."""
    def read(relative: str) -> str | None:
        path = root / relative
        return path.read_text(encoding="utf-8") if path.is_file() else None
    return read


def read_tree(relative: str) -> str | None:
    """The shipped db/sql tree's Reader."""
    return tree_reader(sql_dir())(relative)


def current_files() -> list[str]:
    """Every current file, as the names revisions use ("core/refuse.sql"), sorted."""
    root = sql_dir()
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*.sql")
                  if path.relative_to(root).parts[0] != SUPERSEDED)


def frozen_versions(sql_root: Path | None = None) -> list[tuple[str, str]]:
    """(revision, name) of every superseded body in the tree, a delta or (before
    tools/freeze_sql.py has turned it into one) a whole copy, sorted."""
    root = (sql_root or sql_dir()) / SUPERSEDED
    found = set()
    for path in root.rglob("*"):
        if path.is_file() and path.name.endswith((".sql", ".sql" + DELTA)):
            revision, *rest = path.relative_to(root).parts
            found.add((revision, "/".join(rest).removesuffix(DELTA)))
    return sorted(found)


def _frozen(name: str, revision: str) -> str:
    return f"{SUPERSEDED}/{revision}/{name}"


def text_at(name: str, revision: str, read: Reader = read_tree,
            revisions: list[str] | None = None) -> str:
    """The file `name` ("frontdesk/ticket_intake.sql") as revision `revision` installs it:
    a whole frozen copy if there is one, else the next newer body with R's delta applied,
    else (R's body was not replaced) the current file. `revisions`: the revisions that
    froze a body of `name` (found in the tree when not given)."""
    if revisions is None:
        revisions = [r for r, n in frozen_versions() if n == name]
    whole = read(_frozen(name, revision))
    if whole is not None:
        return whole
    delta = read(_frozen(name, revision) + DELTA)
    if delta is None:
        current = read(name)
        if current is None:
            raise FileNotFoundError(f"no SQL file {name} (looked in {sql_dir()})")
        return current
    newer = [r for r in revisions if r > revision]
    newer_text = (text_at(name, min(newer), read, revisions) if newer else read(name))
    if newer_text is None:
        raise FileNotFoundError(f"no SQL file {name}: {_frozen(name, revision)}{DELTA} "
                                "has nothing to apply to")
    return apply_delta(newer_text, delta, where=_frozen(name, revision) + DELTA)


def digest(body: str) -> str:
    """What db/sql/installed.txt records of a body."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def installed_digests(lock: str | None = None) -> dict[str, str]:
    """db/sql/installed.txt (or the text `lock`) as {"<revision> <name>": digest}."""
    if lock is None:
        lock = (sql_dir() / LOCK).read_text(encoding="utf-8")
    return dict(line.rsplit(" ", 1) for line in lock.splitlines()
                if line.strip() and not line.startswith("#"))


# -- reverse deltas -----------------------------------------------------------------------

class DeltaError(ValueError):
    """A delta that does not fit the text it is applied to (or is not a unified diff)."""


NO_NEWLINE = "\\ No newline at end of file"
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def _lines(body: str) -> list[str]:
    """`body` cut after each newline (only "\n": SQL may hold other line separators)."""
    parts = body.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def make_delta(newer: str, older: str, *, newer_label: str, older_label: str) -> str:
    """The unified diff (3 lines of context) that turns `newer` into `older`, as
    `apply_delta` reads it (and `patch newer.sql < delta` would)."""
    out = []
    for line in difflib.unified_diff(_lines(newer), _lines(older), newer_label, older_label):
        out.append(line if line.endswith("\n") else line + "\n" + NO_NEWLINE + "\n")
    return "".join(out)


def apply_delta(newer: str, delta: str, *, where: str = "delta") -> str:
    """`newer` changed by the unified diff `delta` (made by make_delta). Strict: every
    context and removed line must be found where the hunk says, in order; anything else
    is a DeltaError naming `where` and the hunk."""
    source = _lines(newer)
    out: list[str] = []
    at = 0  # next unread line of `source`
    lines = _lines(delta)
    i = 0
    while i < len(lines) and not lines[i].startswith("@@"):
        if not lines[i].startswith(("--- ", "+++ ")):
            raise DeltaError(f"{where}: line {i + 1} is neither a header nor a hunk")
        i += 1
    if i == len(lines):
        raise DeltaError(f"{where}: no hunk")
    while i < len(lines):
        match = _HUNK.match(lines[i])
        if match is None:
            raise DeltaError(f"{where}: line {i + 1}: expected a hunk header, found "
                             f"{lines[i].rstrip()!r}")
        old_start, old_count = int(match[1]), int(match[2] if match[2] is not None else 1)
        new_count = int(match[4] if match[4] is not None else 1)
        hunk = lines[i].rstrip("\n")
        start = old_start - 1 if old_count else old_start  # an empty side names the line before
        if start < at or start > len(source):
            raise DeltaError(f"{where}: {hunk} starts outside the text or before the last hunk")
        out += source[at:start]
        at = start
        i += 1
        taken = given = 0
        while i < len(lines) and not lines[i].startswith("@@"):
            kind, content = lines[i][:1], lines[i][1:]
            if i + 1 < len(lines) and lines[i + 1].rstrip("\n") == NO_NEWLINE:
                content = content.removesuffix("\n")
                i += 1
            i += 1
            if kind in (" ", "-"):
                if at >= len(source) or source[at] != content:
                    found = source[at].rstrip("\n") if at < len(source) else "the end"
                    raise DeltaError(f"{where}: {hunk}: line {at + 1} of the newer text is "
                                     f"{found!r}, the delta expects {content.rstrip()!r}")
                at += 1
                taken += 1
            if kind in (" ", "+"):
                out.append(content)
                given += 1
            if kind not in (" ", "-", "+"):
                raise DeltaError(f"{where}: {hunk}: a line starting {kind!r}")
        if (taken, given) != (old_count, new_count):
            raise DeltaError(f"{where}: {hunk} holds {taken} old and {given} new lines")
    return "".join(out + source[at:])


def install(*names: str, revision: str) -> None:
    """Run each file, as revision `revision` installs it, in the migration's transaction
    (and role: CREATE OR REPLACE keeps a function's owner and grants)."""
    bind = op.get_bind()
    for name in names:
        statement = text_at(name, revision)
        # Sent as written: no bind-parameter or %-format processing of the text.
        bind.exec_driver_sql(statement, execution_options={"no_parameters": True})


def create_missing_roles(conn: Connection, roles: list[str], attributes: str) -> None:
    """CREATE ROLE for each role the cluster does not have yet (roles belong to the
    cluster, so another shop database on the same server may have made them)."""
    found = set(conn.execute(text("SELECT rolname FROM pg_catalog.pg_roles "
                                  "WHERE rolname = ANY (:roles)"), {"roles": roles}).scalars())
    for role in roles:
        if role not in found:
            conn.execute(text(f'CREATE ROLE "{role}" {attributes}'))


def sync_operators(where: str) -> None:
    """Bring the roles of the operators matching `where` (an SQL condition on
    app.operator) in line with their template, as the role administrator does."""
    bind = op.get_bind()
    op.execute("RESET ROLE")
    codes = bind.execute(text(f"SELECT code FROM app.operator WHERE {where} ORDER BY code"))
    for code in codes.scalars().all():
        op.execute("SET ROLE as_role_admin")
        bind.execute(text("SELECT app.operator_sync(:code)"), {"code": code})
        op.execute("RESET ROLE")
    op.execute("SET ROLE as_owner")
