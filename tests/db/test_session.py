"""Logging in as an operator's own PostgreSQL role, and every way it can fail."""

from __future__ import annotations

from dataclasses import replace

import psycopg2
import pytest

from aftersales_desktop.core.errors import (
    DatabaseMissing,
    LoginDisabled,
    NotAnOperator,
    SchemaTooNew,
    SchemaTooOld,
    ServerUnreachable,
    TlsFailed,
    WrongPassword,
)
from aftersales_desktop.server.embedded import free_port
from aftersales_desktop.services import schema
from aftersales_desktop.services.session import close_session, open_session
from tests.pg import TEST_PASSWORD, TestCluster


def test_login_returns_operator_and_capabilities(cluster: TestCluster, shop_db: str) -> None:
    code = cluster.create_operator(shop_db, capabilities=["log.view", "data.export"], name="张敏")
    database, session = open_session(cluster.profile(shop_db), code, TEST_PASSWORD)
    try:
        assert session.code == code
        assert session.name == "张敏"
        assert session.capabilities == frozenset({"log.view", "data.export"})
        assert session.revision == schema.head_revision()
        assert session.can("log.view") and not session.can("operators.admin")
    finally:
        close_session(database)
    events = cluster.execute(shop_db, "SELECT event FROM audit.login_event WHERE operator = %s "
                                      "ORDER BY id", (code,))
    assert [e for (e,) in events] == ["login", "logout"]


def test_operator_code_is_case_insensitive(cluster: TestCluster, shop_db: str) -> None:
    code = cluster.create_operator(shop_db, capabilities=[])
    database, session = open_session(cluster.profile(shop_db), "  " + code.upper(), TEST_PASSWORD)
    close_session(database)
    assert session.code == code


def test_wrong_password(cluster: TestCluster, shop_db: str) -> None:
    code = cluster.create_operator(shop_db, capabilities=[])
    with pytest.raises(WrongPassword):
        open_session(cluster.profile(shop_db), code, "not-the-password")


def test_unknown_operator_looks_like_wrong_password(cluster: TestCluster, shop_db: str) -> None:
    with pytest.raises(WrongPassword):
        open_session(cluster.profile(shop_db), cluster.new_code("ghost"), TEST_PASSWORD)


def test_stopped_server_is_unreachable(cluster: TestCluster, shop_db: str) -> None:
    profile = replace(cluster.profile(shop_db), port=free_port(), connect_timeout_s=3)
    with pytest.raises(ServerUnreachable) as info:
        open_session(profile, "zhangmin", TEST_PASSWORD)
    assert str(profile.port) in info.value.text()


def test_tls_required_but_not_offered(cluster: TestCluster, shop_db: str) -> None:
    if cluster.server is None:
        pytest.skip("an external test server may offer TLS")
    code = cluster.create_operator(shop_db, capabilities=[])
    with pytest.raises(TlsFailed):
        open_session(replace(cluster.profile(shop_db), sslmode="require"), code, TEST_PASSWORD)


def test_missing_database(cluster: TestCluster, shop_db: str) -> None:
    code = cluster.create_operator(shop_db, capabilities=[])
    with pytest.raises(DatabaseMissing):
        open_session(replace(cluster.profile(shop_db), database="no_such_shop"), code,
                     TEST_PASSWORD)


def test_database_without_schema_is_too_old(cluster: TestCluster, shop_db: str) -> None:
    code = cluster.create_operator(shop_db, capabilities=[])
    empty = cluster.create_database(migrate=False)
    with pytest.raises(SchemaTooOld) as info:
        open_session(cluster.profile(empty), code, TEST_PASSWORD)
    assert "aftersales-server upgrade" in info.value.text()


def test_older_revision_is_too_old(cluster: TestCluster, shop_db: str) -> None:
    revisions = list(schema._scripts().walk_revisions())
    if len(revisions) < 2:
        pytest.skip("only one revision so far")
    older = cluster.create_database(target=revisions[1].revision)
    code = cluster.create_operator(shop_db, capabilities=[])
    cluster.execute(older, "INSERT INTO app.operator (code, name) VALUES (%s, 'x')", (code,))
    with pytest.raises(SchemaTooOld):
        open_session(cluster.profile(older), code, TEST_PASSWORD)


def test_newer_schema_is_refused(cluster: TestCluster) -> None:
    newer = cluster.create_database()
    code = cluster.create_operator(newer, capabilities=[])
    cluster.execute(newer, "UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(SchemaTooNew) as info:
        open_session(cluster.profile(newer), code, TEST_PASSWORD)
    assert "9999_from_the_future" in info.value.text()


def test_disabled_role_cannot_log_in(cluster: TestCluster, shop_db: str) -> None:
    code = cluster.create_operator(shop_db, capabilities=[])
    cluster.execute(shop_db, f'ALTER ROLE "{code}" NOLOGIN')
    with pytest.raises(LoginDisabled):
        open_session(cluster.profile(shop_db), code, TEST_PASSWORD)


def test_inactive_operator_row_cannot_start_a_session(cluster: TestCluster, shop_db: str) -> None:
    code = cluster.create_operator(shop_db, capabilities=[])
    cluster.execute(shop_db, "UPDATE app.operator SET active = false WHERE code = %s", (code,))
    with pytest.raises(LoginDisabled):
        open_session(cluster.profile(shop_db), code, TEST_PASSWORD)


def test_role_of_another_database_is_not_an_operator_here(cluster: TestCluster,
                                                           shop_db: str) -> None:
    other = cluster.create_database()
    code = cluster.create_operator(other, capabilities=[])
    with pytest.raises(NotAnOperator):
        open_session(cluster.profile(shop_db), code, TEST_PASSWORD)


def test_operator_cannot_write_login_log_or_operator_table(cluster: TestCluster,
                                                           shop_db: str) -> None:
    code = cluster.create_operator(shop_db, capabilities=["log.view"])
    profile = cluster.profile(shop_db)
    conn = psycopg2.connect(**profile.connect_kwargs(code, TEST_PASSWORD))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM audit.login_event")
            for statement in ("DELETE FROM audit.login_event",
                              "UPDATE app.operator SET active = true",
                              "INSERT INTO app.operator (code, name) VALUES ('zz', 'x')",
                              "CREATE TABLE public.sneaky (x int)"):
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cur.execute(statement)
    finally:
        conn.close()


def test_operator_without_log_view_cannot_read_login_log(cluster: TestCluster,
                                                         shop_db: str) -> None:
    code = cluster.create_operator(shop_db, capabilities=["intake.create"])
    conn = psycopg2.connect(**cluster.profile(shop_db).connect_kwargs(code, TEST_PASSWORD))
    try:
        with conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("SELECT * FROM audit.login_event")
    finally:
        conn.close()
