"""The log file of unexpected errors: where it is, what it keeps, once per error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aftersales_desktop.core import logs
from aftersales_desktop.core.paths import user_data_dir


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "logs"
    logs.stop_logging()


def test_without_setup_nothing_is_written_and_the_default_is_named() -> None:
    assert logs.log_file() == user_data_dir() / "logs" / "aftersales.log"


def test_unexpected_errors_go_to_the_file_once(log_dir: Path) -> None:
    path = logs.setup_logging(log_dir)
    assert path == log_dir / "aftersales.log" == logs.log_file()
    try:
        raise KeyError("the secret row data")
    except KeyError as exc:
        error = exc
    assert logs.report_unexpected(error) == path
    assert logs.report_unexpected(error) == path  # shown twice, written once
    written = path.read_text(encoding="utf-8")
    assert written.count("unexpected error") == 1
    assert "Traceback" in written and "the secret row data" in written
    assert "test_unexpected_errors_go_to_the_file_once" in written


def test_a_worker_traceback_is_kept(log_dir: Path) -> None:
    path = logs.setup_logging(log_dir)
    error = RuntimeError("boom")
    error.__traceback_text__ = "Traceback (worker)\n  in _Job.run\nRuntimeError: boom"  # type: ignore[attr-defined]
    logs.report_unexpected(error)
    assert "in _Job.run" in path.read_text(encoding="utf-8")


def test_the_file_rotates(log_dir: Path) -> None:
    path = logs.setup_logging(log_dir)
    for n in range(logs.BACKUPS + 3):
        logs.log.error("x" * (logs.MAX_BYTES // 2) + str(n))
    files = sorted(p.name for p in log_dir.iterdir())
    assert files[0] == path.name and len(files) == logs.BACKUPS + 1
