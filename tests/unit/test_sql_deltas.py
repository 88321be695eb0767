"""Superseded bodies kept as reverse deltas: the applier, the chain from head back to a
revision, and tools/freeze_sql.py that writes them (db/README.md). Every real superseded
body is checked against db/sql/installed.txt by tests/db/test_sql_files.py."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from aftersales_desktop.core import sql_files
from aftersales_desktop.core.sql_files import DeltaError, apply_delta, make_delta, text_at
from tools import freeze_sql

OLD = """CREATE OR REPLACE FUNCTION app.f(p integer) RETURNS integer
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT p + 1
$fn$;
"""
NEW = OLD.replace("SELECT p + 1", "SELECT p + 2  -- two now").replace(
    "IMMUTABLE", "STABLE") + "\n-- a note at the end\n"


def _round_trip(newer: str, older: str) -> str:
    return apply_delta(newer, make_delta(newer, older, newer_label="new", older_label="old"))


def test_a_delta_turns_the_newer_body_back_into_the_older() -> None:
    delta = make_delta(NEW, OLD, newer_label="f.sql (current)", older_label="f.sql (0009)")
    assert delta.startswith("--- f.sql (current)\n+++ f.sql (0009)\n@@ ")
    assert "-  SELECT p + 2  -- two now\n+  SELECT p + 1\n" in delta
    assert apply_delta(NEW, delta) == OLD
    assert len(delta) < len(OLD) + len(NEW)


@pytest.mark.parametrize(("newer", "older"), [
    ("a\nb", "a\nc"),  # neither ends with a newline
    ("a\nb\n", "a\nb"),  # only the newer does
    ("a\nb", "a\nb\n"),  # only the older does
    ("", "x\n"), ("x\n", ""),  # from and to nothing
    ("a\r\nb\r\n", "a\r\nc\r\n"),  # Windows line ends are kept
    ("a\fb\n\u2028c\n", "a\fB\n\u2028c\n"),  # only \n ends a line
])
def test_line_ends_and_empty_bodies_survive(newer: str, older: str) -> None:
    assert _round_trip(newer, older) == older


def test_random_edits_round_trip() -> None:
    rng = random.Random(2026)
    pieces = ["BEGIN\n", "END;\n", "\n", "  x := 1;\n", "-- note\n", "RETURN y;\n", "$fn$;\n"]
    for _ in range(500):
        older = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        newer = list(_lines_of(older))
        for _ in range(rng.randint(1, 6)):  # a few edits, as a revision makes
            at = rng.randint(0, len(newer))
            if newer and rng.random() < 0.5:
                del newer[min(at, len(newer) - 1)]
            else:
                newer.insert(at, rng.choice(pieces))
        if "".join(newer) != older:  # the same body has no delta
            assert _round_trip("".join(newer), older) == older


def _lines_of(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def test_a_delta_that_does_not_fit_is_refused() -> None:
    delta = make_delta(NEW, OLD, newer_label="new", older_label="old")
    with pytest.raises(DeltaError, match="the delta expects"):
        apply_delta(NEW.replace("STABLE", "VOLATILE"), delta, where="superseded/0009/f.sql.diff")
    with pytest.raises(DeltaError, match=r"superseded/0009/f\.sql\.diff"):
        apply_delta("", delta, where="superseded/0009/f.sql.diff")
    with pytest.raises(DeltaError, match="no hunk"):
        apply_delta(NEW, "--- new\n+++ old\n")
    with pytest.raises(DeltaError, match="neither a header nor a hunk"):
        apply_delta(NEW, "SELECT 1;\n")
    short = delta.replace("@@ -1,", "@@ -1,9", 1)  # a count the hunk does not hold
    with pytest.raises(DeltaError, match="old and"):
        apply_delta(NEW, short)


# -- a tree of files ---------------------------------------------------------------------

def _tree(tmp_path: Path, lock: list[str]) -> Path:
    root = tmp_path / "sql"
    (root / "m").mkdir(parents=True)
    (root / "installed.txt").write_text("# header\n" + "".join(f"{line}\n" for line in lock),
                                        encoding="utf-8")
    return root


def _lock_line(revision: str, name: str, body: str) -> str:
    return f"{revision} {name} {sql_files.digest(body)}"


BODIES = {"0002": OLD, "0005": NEW, "0009": NEW.replace("two now", "two, still")}


def _three_revisions(tmp_path: Path) -> Path:
    """m/f.sql installed by 0002, 0005 and 0009 (head), the older two frozen as deltas."""
    root = _tree(tmp_path, [_lock_line(r, "m/f.sql", b) for r, b in BODIES.items()])
    (root / "m" / "f.sql").write_text(BODIES["0009"], encoding="utf-8")
    for revision, newer in (("0005", "0009"), ("0002", "0005")):
        frozen = root / "superseded" / revision / "m" / "f.sql.diff"
        frozen.parent.mkdir(parents=True)
        frozen.write_text(make_delta(BODIES[newer], BODIES[revision], newer_label="n",
                                     older_label="o"), encoding="utf-8")
    return root


def test_a_body_is_rebuilt_from_head_back_to_its_revision(tmp_path: Path) -> None:
    root = _three_revisions(tmp_path)
    read = sql_files.tree_reader(root)
    revisions = ["0002", "0005"]
    assert sql_files.frozen_versions(root) == [("0002", "m/f.sql"), ("0005", "m/f.sql")]
    for revision, body in BODIES.items():
        assert text_at("m/f.sql", revision, read, revisions) == body
    assert text_at("m/f.sql", "0007", read, revisions) == BODIES["0009"]  # not replaced
    # a whole frozen copy is read as it is (what freeze_sql leaves until the file is edited)
    (root / "superseded" / "0005" / "m" / "f.sql").write_text("whole", encoding="utf-8")
    assert text_at("m/f.sql", "0005", read, revisions) == "whole"
    with pytest.raises(FileNotFoundError):
        text_at("m/gone.sql", "0005", read, revisions)


def test_a_wrong_delta_in_the_chain_breaks_the_older_bodies(tmp_path: Path) -> None:
    root = _three_revisions(tmp_path)
    (root / "m" / "f.sql").write_text(BODIES["0009"].replace("STABLE", "VOLATILE"), "utf-8")
    with pytest.raises(DeltaError):
        text_at("m/f.sql", "0002", sql_files.tree_reader(root), ["0002", "0005"])


# -- tools/freeze_sql.py ---------------------------------------------------------------

def _one_file(tmp_path: Path) -> freeze_sql.SqlTree:
    root = _tree(tmp_path, [_lock_line("0002", "m/f.sql", OLD)])
    (root / "m" / "f.sql").write_text(OLD, encoding="utf-8")
    return freeze_sql.SqlTree(root)


def test_freeze_edit_store_keeps_the_old_body_as_a_delta(tmp_path: Path) -> None:
    tree = _one_file(tmp_path)
    assert freeze_sql.freeze(tree, "m/f.sql") == "0002"
    whole = tree.root / "superseded" / "0002" / "m" / "f.sql"
    assert whole.read_text(encoding="utf-8") == OLD
    assert freeze_sql.store_deltas(tree) == []  # not edited yet: the copy waits
    (tree.root / "m" / "f.sql").write_text(NEW, encoding="utf-8")  # the new revision's body
    assert freeze_sql.store_deltas(tree) == ["0002 m/f.sql"]
    assert not whole.exists()
    delta = (tree.root / "superseded" / "0002" / "m" / "f.sql.diff").read_text(encoding="utf-8")
    assert delta.startswith("--- m/f.sql (current)\n+++ m/f.sql (as 0002 installs it)\n")
    assert text_at("m/f.sql", "0002", tree.read, ["0002"]) == OLD
    assert freeze_sql.store_deltas(tree) == []  # nothing left to do


def test_main_freezes_and_stores_in_one_run_with_an_editor(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = _one_file(tmp_path)
    monkeypatch.setattr(freeze_sql, "_edit", lambda path: path.write_text(NEW, "utf-8") or True)
    assert freeze_sql.main(["--sql-dir", str(tree.root), "m/f.sql"]) == 0
    assert [p.name for p in (tree.root / "superseded").rglob("*") if p.is_file()] == [
        "f.sql.diff"]
    assert text_at("m/f.sql", "0002", tree.read, ["0002"]) == OLD


def test_an_edited_file_is_not_frozen_as_the_old_body(tmp_path: Path) -> None:
    tree = _one_file(tmp_path)
    (tree.root / "m" / "f.sql").write_text(NEW, encoding="utf-8")
    with pytest.raises(freeze_sql.FreezeError, match="edited before it was frozen"):
        freeze_sql.freeze(tree, "m/f.sql")
    with pytest.raises(freeze_sql.FreezeError, match="no revision installs it"):
        freeze_sql.freeze(tree, "m/new.sql")


def test_editing_again_after_the_delta_rebuilds_it_from_git(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    tree = _one_file(tmp_path)
    freeze_sql.freeze(tree, "m/f.sql")
    (tree.root / "m" / "f.sql").write_text(NEW, encoding="utf-8")
    freeze_sql.store_deltas(tree)
    (tree.root / "m" / "f.sql").write_text(NEW + "-- edited again\n", encoding="utf-8")
    # outside git the old body is gone: the stale delta is reported, nothing is written
    with pytest.raises(freeze_sql.FreezeError, match="neither in the tree nor in git"):
        freeze_sql.store_deltas(tree)
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    (tree.root / "m" / "f.sql").write_text(OLD, encoding="utf-8")  # HEAD has 0002's body
    (tree.root / "superseded" / "0002" / "m" / "f.sql.diff").rename(tmp_path / "aside")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "0002"], check=True)
    (tmp_path / "aside").rename(tree.root / "superseded" / "0002" / "m" / "f.sql.diff")
    (tree.root / "m" / "f.sql").write_text(NEW + "-- edited again\n", encoding="utf-8")
    assert freeze_sql.store_deltas(tree) == ["0002 m/f.sql"]
    assert text_at("m/f.sql", "0002", tree.read, ["0002"]) == OLD


def test_superseded_bodies_are_deltas() -> None:
    """Each SQL text is written once: a replaced body is kept as its delta, never whole."""
    root = sql_files.sql_dir() / sql_files.SUPERSEDED
    whole = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.sql"))
    assert whole == [], "store them as deltas: python tools/freeze_sql.py (db/README.md)"
    assert len(list(root.rglob("*.sql" + sql_files.DELTA))) >= 43
