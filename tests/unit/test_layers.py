"""The layers, checked from the source text (AST; nothing of the package is imported).

    domain/            pure rules: no Qt, no SQLAlchemy or psycopg2, no services/ui/data
    services/, data/   no Qt, no ui/ (nor a core module that brings Qt along)
    ui/                Qt only: no SQLAlchemy, no psycopg2, no SQL text

"Imports" counts every import statement in a file, also inside functions (a lazy import
is still a dependency) and under `if TYPE_CHECKING:`. A package module that imports Qt,
directly or through other package modules, is on the Qt side: today that is
`core/work.py` (QThreadPool workers) and `core/settings.py` (QSettings), see
`test_the_qt_side_of_core_is_known`. Offenders are listed as file:line.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "aftersales_desktop"
SOURCE = ROOT / PACKAGE

QT = ("PySide6", "shiboken6")
DATABASE_DRIVERS = ("sqlalchemy", "psycopg2")
SQL_STATEMENT = re.compile(
    r"^\s*(SELECT\b.+\bFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|WITH\s+\w+\s+AS)\b",
    re.DOTALL)

# Pages that still build SQL or open transactions themselves. Issue 9's record editor
# ported the last of them; an entry added here must be a real exception, and an entry
# that no longer offends fails the test until it is removed.
KNOWN_OFFENDERS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Import:
    path: str  # relative to the repository, with forward slashes
    line: int
    module: str  # absolute dotted name

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.module}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _files() -> list[Path]:
    return sorted(SOURCE.rglob("*.py"))


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(path: Path) -> list[Import]:
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            found += [Import(_relative(path), node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # `from . import x` and `from pkg import module` name modules too
            found.append(Import(_relative(path), node.lineno, target))
            found += [Import(_relative(path), node.lineno, f"{target}.{alias.name}")
                      for alias in node.names if _is_package_module(f"{target}.{alias.name}")]
    return found


def _package_modules() -> frozenset[str]:
    return frozenset(_paths())


def _is_package_module(name: str) -> bool:
    return name in _package_modules()


def _is(module: str, roots: tuple[str, ...]) -> bool:
    return any(module == root or module.startswith(root + ".") for root in roots)


@cache
def _paths() -> dict[str, Path]:
    return {_module_name(path): path for path in _files()}


@cache
def _bringing(roots: tuple[str, ...]) -> frozenset[str]:
    """The package modules whose import imports one of `roots`, directly or through
    other package modules (a fixpoint over the import graph, cycles included)."""
    graph = {module: [i.module for i in _imports(path)] for module, path in _paths().items()}
    found = {m for m, imported in graph.items() if any(_is(i, roots) for i in imported)}
    grew = True
    while grew:
        grew = False
        for module, imported in graph.items():
            if module not in found and any(i in found for i in imported):
                found.add(module)
                grew = True
    return frozenset(found)


def _brings(module: str, roots: tuple[str, ...]) -> bool:
    """True when importing the package module `module` imports one of `roots`."""
    return module in _bringing(roots)


def _layer_files(layer: str) -> list[Path]:
    return [p for p in _files() if _relative(p).startswith(f"{PACKAGE}/{layer}/")]


def _offending_imports(layers: tuple[str, ...], forbidden: tuple[str, ...], *,
                       through_package: tuple[str, ...] = ()) -> Iterator[Import]:
    """Imports in `layers` of `forbidden` modules, or of package modules that bring
    one of `through_package` along."""
    for layer in layers:
        for path in _layer_files(layer):
            for imported in _imports(path):
                if _is(imported.module, forbidden) or (
                        through_package and _is(imported.module, (PACKAGE,))
                        and _brings(imported.module, through_package)):
                    yield imported


def _sql_in(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """SQLAlchemy's `text(...)` calls and string literals that are SQL statements."""
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "text" and node.args):
            yield node.lineno, "calls text(...)"
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and SQL_STATEMENT.match(node.value)):
            yield node.lineno, f"holds SQL {node.value.strip()[:40]!r}"


def _own_connections_in(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """`database.read()` / `.transaction()` and `run_in_background`: a widget owns no
    connection and no worker of its own (ui/operations.py is where they live)."""
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("read", "transaction") and not node.args
                and "database" in ast.unparse(node.func.value)):
            yield node.lineno, f"opens {ast.unparse(node.func)}()"
        elif (isinstance(node, ast.ImportFrom) and node.module
              and node.module.endswith("core.work")
              and any(alias.name == "run_in_background" for alias in node.names)):
            yield node.lineno, "imports run_in_background"
        elif (isinstance(node, ast.Attribute) and node.attr == "run_in_background"
              and ast.unparse(node.value) == "work"):
            yield node.lineno, "calls work.run_in_background"


def _sql_in_ui() -> Iterator[str]:
    for path in _layer_files("ui"):
        for line, what in _sql_in(_tree(path)):
            yield f"{_relative(path)}:{line} {what}"


def _transactions_in_ui() -> Iterator[str]:
    for path in _layer_files("ui"):
        if _relative(path) != f"{PACKAGE}/ui/operations.py":
            for line, what in _own_connections_in(_tree(path)):
                yield f"{_relative(path)}:{line} {what}"


def _report(offences: list[str], *, allowed: frozenset[str] = frozenset()) -> list[str]:
    return [o for o in offences if o.split(":")[0] not in allowed]


def test_domain_is_pure() -> None:
    offences = [str(i) for i in _offending_imports(
        ("domain",), (*QT, *DATABASE_DRIVERS, f"{PACKAGE}.services", f"{PACKAGE}.ui",
                      f"{PACKAGE}.data"),
        through_package=(*QT, *DATABASE_DRIVERS))]
    assert offences == []


def test_services_and_data_have_no_qt() -> None:
    offences = [str(i) for i in _offending_imports(
        ("services", "data"), (*QT, f"{PACKAGE}.ui"), through_package=QT)]
    assert offences == []


def test_ui_has_no_database_driver_and_no_sql() -> None:
    offences = [str(i) for i in _offending_imports(("ui",), DATABASE_DRIVERS)]
    offences += list(_sql_in_ui())
    assert _report(offences, allowed=KNOWN_OFFENDERS) == []


def test_ui_opens_no_connection_of_its_own() -> None:
    assert _report(list(_transactions_in_ui()), allowed=KNOWN_OFFENDERS) == []


def test_known_offenders_only_shrink() -> None:
    """An allow-listed page that has been ported must leave the list."""
    still = {o.split(":")[0] for o in [
        *(str(i) for i in _offending_imports(("ui",), DATABASE_DRIVERS)),
        *_sql_in_ui(), *_transactions_in_ui()]}
    assert sorted(KNOWN_OFFENDERS - still) == []


def test_the_qt_side_of_core_is_known() -> None:
    """Which core modules bring Qt: services, data and domain must not import these."""
    qt_side = sorted(m for m in _package_modules()
                     if m.startswith(f"{PACKAGE}.core.") and _brings(m, QT))
    assert qt_side == [f"{PACKAGE}.core.settings", f"{PACKAGE}.core.work"]


@pytest.mark.parametrize(("source", "expected"), [
    ("from sqlalchemy import text\n", ["sqlalchemy"]),
    ("def f():\n    import psycopg2.extras\n", ["psycopg2.extras"]),
    ("from ..core import work\n", [f"{PACKAGE}.core", f"{PACKAGE}.core.work"]),
])
def test_the_scanner_sees_imports(tmp_path: Path, source: str, expected: list[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks above are only as good as the import scanner: it must see lazy and
    relative imports (a test that cannot fail is no test)."""
    path = SOURCE / "ui" / "_layer_probe.py"
    monkeypatch.setattr(f"{__name__}._tree", lambda p: ast.parse(source))
    assert [i.module for i in _imports(path)] == expected


def test_the_scanner_sees_sql_and_connections() -> None:
    tree = ast.parse('from aftersales_desktop.core.work import run_in_background\n'
                     'def load(self):\n'
                     '    with self.database.read() as conn:\n'
                     '        conn.execute(text("SELECT id FROM app.ticket"))\n'
                     '    label = "Select a ticket first."\n'
                     '    self.search.text()\n')
    assert list(_sql_in(tree)) == [(4, "calls text(...)"),
                                   (4, "holds SQL 'SELECT id FROM app.ticket'")]
    assert sorted(_own_connections_in(tree)) == [
        (1, "imports run_in_background"), (3, "opens self.database.read()")]
