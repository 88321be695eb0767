"""Keep a function's old body when a new revision changes its SQL file: as a reverse delta.

Run it before editing a file under db/sql for a new revision (db/README.md):

    python tools/freeze_sql.py frontdesk/ticket_settle.sql

It freezes the body the last revision installed (checked against db/sql/installed.txt),
opens the file in $VISUAL / $EDITOR, and when the editor closes stores the frozen body as
`db/sql/superseded/<that revision>/frontdesk/ticket_settle.sql.diff`: the diff that turns
the new body back into the old one. Edit in an IDE instead (--no-edit, or no editor set),
or edit again later: then run it without a file name,

    python tools/freeze_sql.py

which (re)writes every frozen body's delta against the body that now follows it, and turns
whole frozen copies (superseded/<R>/<name>.sql) into deltas. A delta is only written when
it rebuilds exactly the body installed.txt records; the old body is found in the frozen
copy, by the delta already there, or in git's HEAD. Nothing else is changed.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aftersales_desktop.core import sql_files  # noqa: E402


class FreezeError(Exception):
    """What keeps a body from being frozen, in words for the developer."""


@dataclass(frozen=True)
class SqlTree:
    """A db/sql folder, with the git copy of it (HEAD) where there is one."""

    root: Path

    @property
    def read(self) -> sql_files.Reader:
        return sql_files.tree_reader(self.root)

    def read_head(self, relative: str) -> str | None:
        """`relative` as git's HEAD holds it (None outside a checkout or when absent)."""
        try:
            top = subprocess.run(["git", "-C", str(self.root), "rev-parse", "--show-toplevel"],
                                 capture_output=True, text=True, check=True).stdout.strip()
            path = (self.root / relative).resolve().relative_to(Path(top).resolve())
            shown = subprocess.run(["git", "-C", top, "show", f"HEAD:{path.as_posix()}"],
                                   capture_output=True, check=True)
        except (OSError, subprocess.CalledProcessError, ValueError):
            return None
        return shown.stdout.decode("utf-8")

    def digests(self) -> dict[str, str]:
        lock = self.root / sql_files.LOCK
        return sql_files.installed_digests(lock.read_text(encoding="utf-8"))

    def frozen(self, name: str) -> list[str]:
        return [r for r, n in sql_files.frozen_versions(self.root) if n == name]


def last_installer(tree: SqlTree, name: str) -> str:
    """The latest revision installed.txt says installs `name`."""
    revisions = [key.split(" ", 1)[0] for key in tree.digests() if key.split(" ", 1)[1] == name]
    if not revisions:
        raise FreezeError(f"{name}: no revision installs it (db/sql/installed.txt); a file no "
                          "revision has installed yet needs no freezing")
    return max(revisions)


def freeze(tree: SqlTree, name: str) -> str:
    """Keep the body of `name` that its last revision installed, as a whole copy until the
    file is edited (`store_deltas` then makes it a delta); returns that revision."""
    revision = last_installer(tree, name)
    current = tree.read(name)
    if current is None:
        raise FreezeError(f"{name}: no such file under {tree.root}")
    if revision in tree.frozen(name):
        raise FreezeError(f"{name}: the body revision {revision} installed is frozen already; "
                          "edit the file and run this tool without a file name")
    if sql_files.digest(current) != tree.digests()[f"{revision} {name}"]:
        raise FreezeError(
            f"{name} is no longer the body revision {revision} installed (installed.txt): it "
            "was edited before it was frozen. Put the file back (git checkout) and freeze "
            "it first")
    frozen = tree.root / sql_files.SUPERSEDED / revision / name
    frozen.parent.mkdir(parents=True, exist_ok=True)
    frozen.write_text(current, encoding="utf-8")
    return revision


def _body(tree: SqlTree, name: str, revision: str, revisions: list[str],
          wanted: str) -> str | None:
    """The body revision `revision` installed (digest `wanted`): from the tree (a whole
    copy or the delta there) or from git's HEAD."""
    for read in (tree.read, tree.read_head):
        try:
            body = sql_files.text_at(name, revision, read, revisions)
        except (sql_files.DeltaError, FileNotFoundError):
            continue
        if sql_files.digest(body) == wanted:
            return body
    return None


def store_deltas(tree: SqlTree) -> list[str]:
    """Write every frozen body as its delta from the body that follows it; returns what
    was written ("0009 frontdesk/ticket_settle.sql") and raises FreezeError for a body
    that cannot be rebuilt. Newest first, so each delta is made against a body already
    right; a whole copy whose file is not edited yet stays as it is."""
    digests = tree.digests()
    written = []
    names = sorted({n for _r, n in sql_files.frozen_versions(tree.root)})
    for name in names:
        revisions = tree.frozen(name)
        for revision in sorted(revisions, reverse=True):
            key = f"{revision} {name}"
            if key not in digests:
                raise FreezeError(f"superseded/{revision}/{name}: revision {revision} does "
                                  f"not install {name} (db/sql/installed.txt)")
            body = _body(tree, name, revision, revisions, digests[key])
            if body is None:
                raise FreezeError(
                    f"{name}: the body revision {revision} installed is neither in the tree "
                    "nor in git's HEAD (digest in installed.txt); restore "
                    f"superseded/{revision}/{name} from history")
            newer = [r for r in revisions if r > revision]
            newer_revision = min(newer) if newer else None
            newer_text = (sql_files.text_at(name, newer_revision, tree.read, revisions)
                          if newer_revision else tree.read(name))
            assert newer_text is not None
            if newer_text == body:
                continue  # frozen, not edited yet
            frozen = tree.root / sql_files.SUPERSEDED / revision / name
            newer_label = (f"{name} (as {newer_revision} installs it)" if newer_revision
                           else f"{name} (current)")
            delta = sql_files.make_delta(newer_text, body, newer_label=newer_label,
                               older_label=f"{name} (as {revision} installs it)")
            target = frozen.with_name(frozen.name + sql_files.DELTA)
            if target.is_file() and target.read_text(encoding="utf-8") == delta \
                    and not frozen.is_file():
                continue
            target.write_text(delta, encoding="utf-8")
            frozen.unlink(missing_ok=True)
            written.append(key)
    return written


def _edit(path: Path) -> bool:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor or not sys.stdin.isatty():
        return False
    subprocess.run([*shlex.split(editor), str(path)], check=False)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/freeze_sql.py",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", metavar="module/name.sql",
                        help="files about to be edited for a new revision")
    parser.add_argument("--no-edit", action="store_true",
                        help="freeze only; edit elsewhere, then run again without a name")
    parser.add_argument("--sql-dir", type=Path, default=ROOT / "db" / "sql",
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    tree = SqlTree(args.sql_dir)
    try:
        for name in args.names:
            revision = freeze(tree, name)
            print(f"froze {name} as revision {revision} installs it")
            if args.no_edit or not _edit(tree.root / name):
                print(f"now edit db/sql/{name}, then run: python tools/freeze_sql.py")
        for key in store_deltas(tree):
            revision, name = key.split(" ", 1)
            print(f"wrote superseded/{revision}/{name}{sql_files.DELTA}")
    except FreezeError as exc:
        print(f"freeze_sql: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
