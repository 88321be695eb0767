"""Failed logins reach the login history: the embedded server logs them (JSON), the
database reads them back (app.record_failed_logins) at the next login and whenever the
login history loads; the password typed is stored nowhere."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from sqlalchemy import event, text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import WrongPassword
from aftersales_desktop.data.listing import ListQuery, fetch_page
from aftersales_desktop.data.lists import LOGIN_HISTORY
from aftersales_desktop.server import provision
from aftersales_desktop.server.embedded import (
    LOG_SETTINGS_MARK,
    STATEMENT_SETTINGS_MARK,
    EmbeddedServer,
)
from aftersales_desktop.services.session import close_session, open_session
from tests.pg import TEST_PASSWORD, TestCluster

WRONG = ["Wrong-guess-1x", "Wrong-guess-2y", "Wrong-guess-3z"]
UNKNOWN_WRONG = "Wrong-guess-4w"


@pytest.fixture
def log_db(cluster: TestCluster) -> str:
    """A shop database whose log reader may read the embedded server's log, as
    provisioning leaves it."""
    if cluster.server is None:
        pytest.skip("needs the embedded server, whose log settings the project writes")
    db = cluster.create_database()
    provision.grant_log_reading(cluster.dsn(db))
    return db


def _fail(cluster: TestCluster, db: str, code: str, password: str) -> None:
    with pytest.raises(WrongPassword):
        open_session(cluster.profile(db), code, password)


def _history(database: Database, **filters: str) -> list[dict[str, Any]]:
    with database.read() as conn:
        page = fetch_page(conn, LOGIN_HISTORY, ListQuery(column_filters=filters))
    keys = [c.key for c in LOGIN_HISTORY.columns]
    return [dict(zip(keys, row, strict=True)) for row in page.rows]


@pytest.fixture
def viewer(cluster: TestCluster, log_db: str) -> Iterator[Database]:
    code = cluster.create_operator(log_db, capabilities=["log.view"])
    database, _session = open_session(cluster.profile(log_db), code, TEST_PASSWORD)
    yield database
    close_session(database)


def test_failed_logins_appear_after_the_next_login(cluster: TestCluster, log_db: str) -> None:
    target = cluster.create_operator(log_db, capabilities=[])
    ghost = cluster.new_code("ghost")  # no such operator, no such role
    began = datetime.now(UTC) - timedelta(seconds=1)
    for password in WRONG:
        _fail(cluster, log_db, target, password)
    _fail(cluster, log_db, ghost, UNKNOWN_WRONG)

    code = cluster.create_operator(log_db, capabilities=["log.view"])
    database, _session = open_session(cluster.profile(log_db), code, TEST_PASSWORD)
    try:
        failed = _history(database, event="failed")
    finally:
        close_session(database)
    ended = datetime.now(UTC) + timedelta(seconds=1)

    assert sorted(row["operator"] for row in failed) == sorted([target] * 3 + [ghost])
    for row in failed:
        assert row["client_addr"] == "127.0.0.1"
        assert began <= row["at"] <= ended
        assert row["event"] == "failed"
    # the unknown code has no name; the operator's attempts carry theirs
    assert {row["operator_name"] for row in failed if row["operator"] == ghost} == {None}
    assert {row["operator_name"] for row in failed if row["operator"] == target} == {"测试操作员"}

    stored = cluster.execute(log_db, "SELECT coalesce(json_agg(e)::text, '') "
                                     "FROM audit.login_event e")[0][0]
    stored += cluster.execute(log_db, "SELECT coalesce(json_agg(r)::text, '') "
                                      "FROM audit.server_log_read r")[0][0]
    for password in [*WRONG, UNKNOWN_WRONG]:
        assert password not in stored
    assert cluster.server is not None
    for logfile in (cluster.server.pgdata / "log").iterdir():
        content = logfile.read_text(encoding="utf-8", errors="replace")
        for password in [*WRONG, UNKNOWN_WRONG]:
            assert password not in content


def test_the_login_history_records_them_as_it_loads_in_one_round_trip(
        cluster: TestCluster, log_db: str, viewer: Database) -> None:
    target = cluster.create_operator(log_db, capabilities=[])
    assert _history(viewer, operator=target) == []
    _fail(cluster, log_db, target, WRONG[0])

    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    engine = viewer._reader
    event.listen(engine, "before_cursor_execute", count)
    try:
        rows = _history(viewer, operator=target)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert [row["event"] for row in rows] == ["failed"]
    assert len(statements) == 1 and "app.record_failed_logins()" in statements[0]
    # reading again records nothing twice
    with viewer.read() as conn:
        again = conn.execute(text("SELECT app.record_failed_logins()")).scalar_one()
    assert again["recorded"] == 0 and again["readable"] is True
    assert [row["event"] for row in _history(viewer, operator=target)] == ["failed"]


def test_a_log_truncated_and_rewritten_is_read_from_its_start(
        cluster: TestCluster, log_db: str, viewer: Database) -> None:
    # A weekday's file is truncated a week later; a remembered offset into the old one
    # must not skip the new one's first lines.
    target = cluster.create_operator(log_db, capabilities=[])
    _history(viewer)  # read to the end
    cluster.execute(log_db, "UPDATE audit.server_log_read SET head = 'an older file', "
                            "read_to = read_to")
    _fail(cluster, log_db, target, WRONG[1])
    assert [row["event"] for row in _history(viewer, operator=target)] == ["failed"]


def test_without_the_grant_nothing_is_recorded_and_logins_work(cluster: TestCluster) -> None:
    # a shop's own server before its superuser granted log reading (docs/security.md)
    db = cluster.create_database()
    target = cluster.create_operator(db, capabilities=[])
    _fail(cluster, db, target, WRONG[2])
    code = cluster.create_operator(db, capabilities=["log.view"])
    database, _session = open_session(cluster.profile(db), code, TEST_PASSWORD)
    try:
        assert _history(database, event="failed") == []
        with database.read() as conn:
            answer = conn.execute(text("SELECT app.record_failed_logins()")).scalar_one()
    finally:
        close_session(database)
    assert answer["readable"] is False and answer["recorded"] == 0
    assert "docs/security.md" in answer["note"]


def test_operators_get_no_file_access(cluster: TestCluster, log_db: str) -> None:
    code = cluster.create_operator(log_db)  # an administrator, every capability
    conn = psycopg2.connect(**cluster.profile(log_db).connect_kwargs(code, TEST_PASSWORD))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for statement in ("SELECT pg_read_binary_file('postgresql.conf')",
                              "SELECT pg_ls_logdir()", "SET ROLE as_log_reader",
                              "INSERT INTO audit.server_log_read VALUES ('x', 'x', 0, now())",
                              "INSERT INTO audit.login_event (operator, event) "
                              "VALUES ('someone', 'failed')"):
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cur.execute(statement)
            cur.execute("SELECT app.record_failed_logins()")
            answer = cur.fetchone()[0]
            assert set(answer) <= {"recorded", "readable", "behind", "note"}
            assert json.dumps(answer).count("/") == 0  # says nothing about the files
    finally:
        conn.close()


def test_a_data_directory_from_before_gets_the_log_settings_at_start(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path / "old")
    server.init()
    conf = server.pgdata / "postgresql.conf"
    text_ = conf.read_text(encoding="utf-8")
    conf.write_text(text_[:text_.index(LOG_SETTINGS_MARK)], encoding="utf-8")  # as 0.x wrote it
    server.start()
    try:
        conn = psycopg2.connect(server.superuser_dsn("postgres"))
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT current_setting('logging_collector'), "
                            "current_setting('log_destination'), current_setting('lc_messages'), "
                            "pg_current_logfile('jsonlog')")
                collector, destination, messages, current = cur.fetchone()
        finally:
            conn.close()
    finally:
        server.stop()
    assert (collector, destination, messages) == ("on", "jsonlog", "C")
    assert current.startswith("log/aftersales-") and current.endswith(".json")
    assert conf.read_text(encoding="utf-8").count(LOG_SETTINGS_MARK) == 1
    assert conf.read_text(encoding="utf-8").count(STATEMENT_SETTINGS_MARK) == 1


def test_lines_that_are_not_what_they_claim_record_nothing_and_stop_nothing(
        cluster: TestCluster, log_db: str, viewer: Database) -> None:
    # A log line is written by the server, but a user name is whatever a client sent:
    # it need not be UTF-8, and a torn or foreign line must not stop the others.
    assert cluster.server is not None

    def line(user: str, **extra: object) -> bytes:
        entry = {"timestamp": "2026-12-01 19:50:00.123 UTC", "user": user, "dbname": log_db,
                 "remote_host": "10.1.2.3", "session_id": f"fake.{user}", "line_num": 2,
                 "error_severity": "FATAL", "state_code": "28P01",
                 "message": f'password authentication failed for user "{user}"', **extra}
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"

    good, other_db = cluster.new_code("good"), cluster.new_code("other")
    content = (b"x" * 300 + b"\n"  # the file's head
               + line(good)
               + line("torn")[:-40] + b"\n"  # cut short: not JSON
               + line("badname").replace(b"badname", b"bad\xff\xfename")  # not UTF-8
               + line(other_db, dbname="another_shop")
               + line("still", state_code="28P01", remote_host="pc-17.shop.lan")
               + line("ok_late"))
    fake = cluster.server.pgdata / "log" / f"aftersales-test-{log_db}.json"
    fake.write_bytes(content)
    fake.chmod(0o644)
    try:
        rows = {row["operator"]: row for row in _history(viewer, event="failed")}
    finally:
        fake.unlink()
    assert set(rows) >= {good, "still", "ok_late"}
    assert not {"torn", other_db} & set(rows)
    assert not any(code.startswith("bad") for code in rows)
    assert rows[good]["client_addr"] == "10.1.2.3" and rows[good]["workstation"] == ""
    assert rows["still"]["client_addr"] is None and rows["still"]["workstation"] == "pc-17.shop.lan"
    # the log's UTC wall time is the instant it names
    assert rows[good]["at"] == datetime(2026, 12, 1, 19, 50, 0, 123000, tzinfo=UTC)
