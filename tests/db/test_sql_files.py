"""Every function and view of the shop database is its file in db/sql/, and the file is
what the database runs; revisions hold no function bodies.

The check runs every file inside a transaction over the migrated database and compares
the catalogue before and after (a file that differs from the database changes it), and
it is run again on a database with one planted difference of each kind, so a check that
stopped finding anything would fail too.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import psycopg2.extensions
import pytest

from aftersales_desktop.core import sql_files
from aftersales_desktop.core.paths import db_dir
from aftersales_desktop.services import schema
from tests.db.catalog import FUNCTIONS, VIEWS, differences, snapshot
from tests.pg import TestCluster

pytestmark = pytest.mark.db

CREATE = re.compile(r"^CREATE OR REPLACE (FUNCTION|VIEW) ([\w.]+)", re.M | re.I)


def _defined_by(path: Path) -> list[str]:
    return [name for _kind, name in CREATE.findall(path.read_text(encoding="utf-8"))]


def _objects(cur: psycopg2.extensions.cursor) -> set[str]:
    """Qualified names of the functions and views in our schemas."""
    names = set()
    for query in (FUNCTIONS, VIEWS):
        cur.execute(query)
        names.update(row[0].split("(")[0] for row in cur.fetchall())
    return names


def file_problems(cur: psycopg2.extensions.cursor) -> list[str]:
    """What keeps db/sql from being the database's functions and views, one line each.
    `cur` is in a transaction; whatever the files change is rolled back."""
    problems: list[str] = []
    by_name: dict[str, str] = {}
    for name in sql_files.current_files():
        defined = _defined_by(sql_files.sql_dir() / name)
        if len(defined) != 1 or defined[0].split(".")[-1] != Path(name).stem:
            problems.append(f"{name}: defines {defined}, not the one object it is named for")
        by_name.update({obj: name for obj in defined})
    in_database = _objects(cur)
    problems += [f"no file for {obj}" for obj in sorted(in_database - by_name.keys())]
    problems += [f"{by_name[obj]}: {obj} is not in the database"
                 for obj in sorted(by_name.keys() - in_database)]

    cur.execute("SAVEPOINT files")
    before = snapshot(cur, ("function", "view"))
    for name in sql_files.current_files():
        cur.execute("SAVEPOINT one_file")
        try:
            cur.execute((sql_files.sql_dir() / name).read_text(encoding="utf-8"))
        except psycopg2.Error as error:
            cur.execute("ROLLBACK TO SAVEPOINT one_file")
            problems.append(f"{name}: {error.pgerror}")
    problems += [f"file differs: {line}"
                 for line in differences(before, snapshot(cur, ("function", "view")))]
    cur.execute("ROLLBACK TO SAVEPOINT files")
    return problems


@pytest.fixture
def shop(cluster: TestCluster, shop_db: str) -> Iterator[psycopg2.extensions.cursor]:
    """The migrated shop database as its superuser, in a transaction rolled back after."""
    conn = psycopg2.connect(cluster.dsn(shop_db))
    try:
        with conn.cursor() as cur:
            yield cur
    finally:
        conn.rollback()
        conn.close()


def test_every_function_and_view_is_its_file(shop: psycopg2.extensions.cursor) -> None:
    assert file_problems(shop) == []
    assert len(sql_files.current_files()) >= 44  # what revisions 0001-0009 define


def test_a_body_that_differs_from_its_file_is_reported(
        shop: psycopg2.extensions.cursor) -> None:
    shop.execute("CREATE OR REPLACE FUNCTION app.format_number(p_prefix text, p_day date, "
                 "p_seq integer) RETURNS text LANGUAGE sql IMMUTABLE "
                 "SET search_path = pg_catalog, pg_temp AS $fn$ SELECT 'x' $fn$")
    problems = file_problems(shop)
    assert len(problems) == 1
    assert problems[0].startswith("file differs: changed: function app.format_number(")


def test_the_files_grant_nothing(shop: psycopg2.extensions.cursor) -> None:
    # grants live in the revisions: running the files must not put back a lost one
    shop.execute("REVOKE EXECUTE ON FUNCTION app.mask_phone(text) FROM as_operator")
    snapshot_before = snapshot(shop, ("function",))
    assert file_problems(shop) == []
    assert snapshot(shop, ("function",)) == snapshot_before


def test_a_function_without_a_file_is_reported(shop: psycopg2.extensions.cursor) -> None:
    shop.execute("SET ROLE as_owner")
    shop.execute("CREATE FUNCTION app.stray() RETURNS integer LANGUAGE sql AS $fn$ SELECT 1 $fn$")
    shop.execute("RESET ROLE")
    assert file_problems(shop) == ["no file for app.stray"]


def test_a_file_whose_function_is_missing_is_reported(
        shop: psycopg2.extensions.cursor) -> None:
    shop.execute("DROP FUNCTION app.shop_midnight()")
    problems = file_problems(shop)
    assert problems[0] == "core/shop_midnight.sql: app.shop_midnight is not in the database"
    assert problems[1].startswith("file differs: new: function app.shop_midnight()")


def test_files_as_of_a_revision() -> None:
    root = sql_files.sql_dir()

    def current(name: str) -> str:
        return (root / name).read_text(encoding="utf-8")

    assert sql_files.text_at("audit/log_change.sql", "0014") == current("audit/log_change.sql")
    assert sql_files.text_at("frontdesk/ticket_board.sql", "0009") == (
        current("frontdesk/ticket_board.sql"))
    bodies = {}
    for name, revision in (("audit/log_change.sql", "0002"), ("audit/log_change.sql", "0003"),
                           ("frontdesk/ticket_intake.sql", "0009")):
        bodies[revision, name] = old = sql_files.text_at(name, revision)
        assert old != current(name)
        assert sql_files.digest(old) == sql_files.installed_digests()[f"{revision} {name}"]
    assert bodies["0002", "audit/log_change.sql"] != bodies["0003", "audit/log_change.sql"]
    with pytest.raises(FileNotFoundError):
        sql_files.text_at("frontdesk/no_such_function.sql", "0009")
    assert not any(name.startswith("superseded/") for name in sql_files.current_files())


def test_superseded_bodies_are_older_bodies_of_current_files() -> None:
    revisions = schema.known_revisions()
    frozen = sql_files.frozen_versions()
    assert len(frozen) >= 43, "bodies of 0001-0011 were replaced later"
    for revision, name in frozen:
        assert revision in revisions, (revision, name)
        assert name in sql_files.current_files(), (revision, name)
        assert sql_files.text_at(name, revision) != (sql_files.sql_dir() / name).read_text(
            encoding="utf-8"), (revision, name)


# -- revisions hold no function bodies ----------------------------------------------

BODY_TEXT = [
    (re.compile(r"\$\w*\$"), "a dollar-quoted body"),
    (re.compile(r"CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE|VIEW|MATERIALIZED\s+VIEW)",
                re.I), "a function or view definition"),
    (re.compile(r"LANGUAGE\s+plpgsql", re.I), "PL/pgSQL"),
]


def body_text(source: str) -> list[str]:
    """Where `source` (a revision's Python) holds function or view text: "line: what"."""
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        found += [f"{number}: {what}" for pattern, what in BODY_TEXT if pattern.search(line)]
    return found


def test_revisions_hold_no_function_bodies() -> None:
    sources = [*sorted((db_dir() / "versions").glob("*.py")), db_dir() / "env.py"]
    assert len(sources) >= 10
    found = {path.name: body_text(path.read_text(encoding="utf-8")) for path in sources}
    assert {name: lines for name, lines in found.items() if lines} == {}


@pytest.mark.parametrize("source", [
    'op.execute("""\nCREATE FUNCTION app.f() RETURNS int\nLANGUAGE sql AS $fn$ SELECT 1 $fn$\n""")',
    'LOOKUP = f"""\ncreate or replace view app.v AS SELECT 1\n"""',
    'op.execute("DO $$ BEGIN PERFORM 1; END $$")',
    'op.execute(f"CREATE FUNCTION {name}() RETURNS void LANGUAGE plpgsql {SECURITY} AS \'\'")',
])
def test_body_text_is_found(source: str) -> None:
    assert body_text(source)


def test_what_revisions_say_instead_is_not_body_text() -> None:
    assert body_text('    install("frontdesk/ticket_intake.sql", revision="0009")\n'
                     '    op.execute("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING")\n'
                     '    op.execute("DROP FUNCTION app.refuse(text, text)")\n'
                     '    op.execute("CREATE TRIGGER audit_change AFTER INSERT ON app.t '
                     "FOR EACH ROW EXECUTE FUNCTION audit.log_change('id', '', '')\")\n") == []


# -- what each revision installs never changes ---------------------------------------
#
# db/sql/installed.txt holds a digest of every file as a revision installs it. Editing a
# current file that an old revision installs changes that digest: databases already past
# that revision would keep the old body. Freezing the old file under superseded/ first
# (db/README.md) keeps it, and the new revision adds its own line.

LOCK = sql_files.LOCK


@dataclass(frozen=True)
class Install:
    revision: str  # the revision whose file says install(...)
    name: str
    at: str  # install(..., revision=at)
    in_downgrade: bool
    line: int


def installs_in(source: str) -> list[Install]:
    """The install() calls of one revision's source, literal names and lists only."""
    tree = ast.parse(source)
    lists: dict[str, list[str]] = {}
    own = ""
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            value = ast.literal_eval(node.value) if isinstance(
                node.value, ast.List | ast.Constant) else None
            if node.targets[0].id == "revision":
                own = str(value)
            elif isinstance(value, list):
                lists[node.targets[0].id] = value
    found = []
    for function in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        for call in ast.walk(function):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                    and call.func.id == "install"):
                continue
            names: list[str] = []
            for arg in call.args:
                if isinstance(arg, ast.Constant):
                    names.append(arg.value)
                elif isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name):
                    names += lists[arg.value.id]
                else:
                    raise AssertionError(f"line {call.lineno}: install() of an expression")
            (at,) = [ast.literal_eval(k.value) for k in call.keywords if k.arg == "revision"]
            found += [Install(own, name, at, function.name == "downgrade", call.lineno)
                      for name in names]
    return found


def install_problems(installs: list[Install], read: Callable[[str, str], str],
                     lock: str) -> list[str]:
    problems = []
    for i in installs:
        if i.in_downgrade and not i.at < i.revision:
            problems.append(f"{i.revision} line {i.line}: its downgrade installs {i.name} "
                            f"as of {i.at}, which is not an earlier revision")
        if not i.in_downgrade and i.at != i.revision:
            problems.append(f"{i.revision} line {i.line}: its upgrade installs {i.name} "
                            f"as of {i.at}; a revision's upgrade installs its own bodies")
    locked = sql_files.installed_digests(lock)
    expected = {f"{i.at} {i.name}": sql_files.digest(read(i.name, i.at)) for i in installs}
    for key in sorted(expected.keys() - locked.keys()):
        problems.append(f"new: add the line '{key} {expected[key]}' to db/sql/{LOCK}")
    for key in sorted(locked.keys() - expected.keys()):
        problems.append(f"gone: no revision installs {key}: remove it from db/sql/{LOCK}")
    for key in sorted(k for k in expected.keys() & locked.keys() if expected[k] != locked[k]):
        at, name = key.split(" ")
        problems.append(f"changed: {name} as revision {at} installs it; databases past {at} "
                        f"would keep the old body. Put the file back, freeze it (python "
                        f"tools/freeze_sql.py {name}) and change the function in a new "
                        f"revision (db/README.md)")
    return problems


def _all_installs() -> list[Install]:
    return [i for path in sorted((db_dir() / "versions").glob("*.py"))
            for i in installs_in(path.read_text(encoding="utf-8"))]


def _read_at(name: str, revision: str) -> str:
    """The body as the revision installs it: a superseded one rebuilt from its deltas, so
    a wrong delta shows as a changed digest."""
    return sql_files.text_at(name, revision)


def test_no_revision_installs_a_body_other_than_it_did() -> None:
    installs = _all_installs()
    assert len({i.name for i in installs}) == len(sql_files.current_files())
    lock = (sql_files.sql_dir() / LOCK).read_text(encoding="utf-8")
    assert install_problems(installs, _read_at, lock) == []


def test_an_edited_body_of_an_old_revision_is_reported() -> None:
    installs = _all_installs()
    lock = (sql_files.sql_dir() / LOCK).read_text(encoding="utf-8")

    def edited(name: str, revision: str) -> str:
        text = _read_at(name, revision)
        return (text + "-- edited\n" if (name, revision) == ("frontdesk/ticket_settle.sql", "0009")
                else text)

    assert install_problems(installs, edited, lock) == [
        "changed: frontdesk/ticket_settle.sql as revision 0009 installs it; databases past "
        "0009 would keep the old body. Put the file back, freeze it (python "
        "tools/freeze_sql.py frontdesk/ticket_settle.sql) and change the function in a new "
        "revision (db/README.md)"]


def test_a_new_revision_must_install_at_itself_and_downgrade_to_earlier() -> None:
    source = ('revision = "0099"\nFILES = ["frontdesk/ticket_settle.sql"]\n'
              'def upgrade():\n    install(*FILES, revision="0098")\n'
              'def downgrade():\n    install("frontdesk/ticket_settle.sql", revision="0099")\n')
    installs = installs_in(source)
    assert [(i.name, i.at, i.in_downgrade) for i in installs] == [
        ("frontdesk/ticket_settle.sql", "0098", False),
        ("frontdesk/ticket_settle.sql", "0099", True)]
    lock = (sql_files.sql_dir() / LOCK).read_text(encoding="utf-8")
    problems = install_problems(installs, _read_at, lock)
    assert problems[:2] == [
        "0099 line 4: its upgrade installs frontdesk/ticket_settle.sql as of 0098; a "
        "revision's upgrade installs its own bodies",
        "0099 line 6: its downgrade installs frontdesk/ticket_settle.sql as of 0099, which "
        "is not an earlier revision"]
    assert problems[2].startswith("new: add the line '0098 frontdesk/ticket_settle.sql ")
    assert problems[3].startswith("new: add the line '0099 frontdesk/ticket_settle.sql ")
