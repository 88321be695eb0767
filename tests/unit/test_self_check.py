"""--self-check: what a start loads is shipped, and each kind of gap is reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aftersales_desktop.core.paths import db_dir
from aftersales_desktop.server import embedded
from aftersales_desktop.services import schema, self_check


def test_every_module_is_walked_screens_included() -> None:
    modules = self_check.all_modules()
    for name in ("aftersales_desktop.ui.main_window", "aftersales_desktop.ui.startup",
                 "aftersales_desktop.ui.frontdesk.printing", "aftersales_desktop.reports.receipts"):
        assert name in modules
    assert "aftersales_desktop.__main__" not in modules  # it would start the program


def test_this_install_passes_every_check() -> None:
    assert self_check.module_problems() == []
    assert self_check.receipt_problems() == []
    assert self_check.migration_problems() == []
    assert self_check.embedded_server_problems() == []


def test_a_module_that_cannot_be_imported_is_named() -> None:
    (problem,) = self_check.module_problems(["aftersales_desktop.reports.receipts",
                                             "aftersales_desktop.ui.no_such_screen"])
    assert "aftersales_desktop.ui.no_such_screen" in problem and "ModuleNotFoundError" in problem


@pytest.fixture
def shipped_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of db/ the checks read instead of the real one."""
    copy = tmp_path / "db"
    shutil.copytree(db_dir(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(self_check, "db_dir", lambda: copy)
    monkeypatch.setattr(schema, "db_dir", lambda: copy)
    return copy


def test_a_revision_whose_sql_file_is_not_shipped_is_reported(shipped_db: Path) -> None:
    head = schema.head_revision()
    (shipped_db / "versions" / "9999_broken.py").write_text(
        f'revision = "9999"\ndown_revision = "{head}"\nFILES = ["core/not_shipped.sql"]\n'
        "def upgrade():\n    pass\n", encoding="utf-8")
    problems = self_check.migration_problems()
    assert any("9999" in p and "core/not_shipped.sql" in p for p in problems), problems


def test_a_revision_that_cannot_load_or_two_heads_are_reported(shipped_db: Path) -> None:
    (shipped_db / "versions" / "9998_fork.py").write_text(
        'revision = "9998"\ndown_revision = "0001"\nimport no_such_module\n', encoding="utf-8")
    (problem,) = self_check.migration_problems()
    assert "no_such_module" in problem


def test_missing_migration_environment_is_reported(shipped_db: Path) -> None:
    (shipped_db / "env.py").unlink()
    assert any("env.py is missing" in p for p in self_check.migration_problems())


def test_postgresql_binaries_that_do_not_run_are_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_program = tmp_path / "postgres"
    not_a_program.write_text("nothing to run", encoding="utf-8")
    monkeypatch.setattr(embedded, "_bin", lambda name: tmp_path / name)
    problems = self_check.embedded_server_problems()
    assert any("initdb" in p and "missing" in p for p in problems)
    assert any("postgres" in p and "does not run" in p for p in problems)
