"""What a dialog says about an error: the translated refusal, or for a bug one sentence
that names the log file, with the details in the file only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from aftersales_desktop.core import logs
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.ui import messages
from tests.pg import TestCluster


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    yield logs.setup_logging(tmp_path)
    logs.stop_logging()


def test_a_refusal_is_its_message() -> None:
    assert messages.error_text(refuse("fault_required")) == "Describe the fault."


def test_a_bug_names_the_log_and_keeps_the_details_there(log_file: Path) -> None:
    try:
        {}["customer 13677778888"]
    except KeyError as exc:
        text = messages.error_text(exc)
    assert text == ("An unexpected error occurred; the details were written to "
                    f"{log_file}.")
    assert "13677778888" in log_file.read_text(encoding="utf-8")


def test_a_database_error_a_worker_let_through_is_translated(
        cluster: TestCluster, shop_db: str, log_file: Path) -> None:
    conn = psycopg2.connect(cluster.dsn(shop_db))
    try:
        with pytest.raises(psycopg2.Error) as caught, conn.cursor() as cur:
            cur.execute("SET statement_timeout = 20; SELECT pg_sleep(1)")
    finally:
        conn.close()
    assert messages.error_text(caught.value).startswith("The server took too long")
    assert log_file.read_text(encoding="utf-8") == ""


def test_the_dialog_shows_no_details(qtbot: QtBot, log_file: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    error = RuntimeError("SELECT secret FROM app.customer")
    error.__traceback_text__ = "Traceback ...\nRuntimeError: SELECT secret"  # type: ignore[attr-defined]
    messages.show_error(None, error)
    assert QApplication.instance() is not None
    box = shown[0]
    assert "SELECT" not in box.text() + box.detailedText()
    assert str(log_file) in box.text()
    assert box.icon() == QMessageBox.Icon.Critical
