"""`aftersales-server` as a shop's script would use it: init, start, status, stop, upgrade, demo."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest

from aftersales_desktop.server.cli import EXIT_FAILED, EXIT_NOT_RUNNING, EXIT_OK, EXIT_USAGE, main
from aftersales_desktop.server.embedded import SUPERUSER, EmbeddedServer
from aftersales_desktop.services import schema
from aftersales_desktop.services.demo import DEMO_PASSWORD
from aftersales_desktop.services.session import close_session, open_session


@pytest.fixture(scope="module")
def server_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("cli") / "shop"
    password_file = root.parent / "admin.pw"
    password_file.write_text("Boss-pass-2026\n", encoding="utf-8")
    code = main(["init", "--data", str(root), "--admin", "boss", "--admin-name", "老板",
                 "--admin-password-file", str(password_file)])
    assert code == EXIT_OK
    yield root
    EmbeddedServer(root).stop()
    shutil.rmtree(root, ignore_errors=True)


def test_init_leaves_a_stopped_scram_only_server(server_dir: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--data", str(server_dir)]) == EXIT_NOT_RUNNING
    out = capsys.readouterr().out
    assert out.startswith("stopped postgresql://127.0.0.1:")
    assert "password" not in out
    hba = (server_dir / "pgdata" / "pg_hba.conf").read_text()
    assert "trust" not in hba and "scram-sha-256" in hba
    secret = server_dir / "superuser.secret"
    if sys.platform != "win32":
        assert secret.stat().st_mode & 0o077 == 0


def test_start_status_login_stop(server_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = EmbeddedServer(server_dir)
    assert main(["start", "--data", str(server_dir)]) == EXIT_OK
    assert main(["status", "--data", str(server_dir)]) == EXIT_OK
    assert capsys.readouterr().out.splitlines()[-1] == f"running {server.public_dsn()}"
    database, session = open_session(server.profile(), "boss", "Boss-pass-2026")
    close_session(database)
    assert session.name == "老板" and session.can("operators.admin")
    # a new shop names its seeded work types as a Chinese shop does (services/shop_seed)
    conn = psycopg2.connect(server.superuser_dsn())
    with conn.cursor() as cur:
        cur.execute("SELECT name FROM app.work_type WHERE code = 'major'")
        assert cur.fetchone() == ("大修",)
    conn.close()
    # the administrator is an ordinary login role, not a superuser
    conn = psycopg2.connect(server.superuser_dsn())
    with conn.cursor() as cur:
        cur.execute("SELECT rolsuper, rolcreaterole, rolbypassrls FROM pg_roles "
                    "WHERE rolname = 'boss'")
        assert cur.fetchone() == (False, False, False)
    conn.close()
    assert main(["stop", "--data", str(server_dir)]) == EXIT_OK
    assert main(["status", "--data", str(server_dir)]) == EXIT_NOT_RUNNING


def test_upgrade_and_demo_are_repeatable(server_dir: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    server = EmbeddedServer(server_dir)
    server.start()
    try:
        dsn = server.superuser_dsn()
        assert main(["upgrade", "--dsn", dsn]) == EXIT_OK
        assert capsys.readouterr().out.strip() == f"schema at {schema.head_revision()}"
        assert main(["demo", "--data", str(server_dir)]) == EXIT_OK
        first = capsys.readouterr().out
        assert "8 operators" in first
        assert main(["demo", "--data", str(server_dir)]) == EXIT_OK
        assert "0 operators" in capsys.readouterr().out
        database, session = open_session(server.profile(), "zhangmin", DEMO_PASSWORD)
        close_session(database)
        assert session.name == "张敏"
        assert "intake.create" in session.capabilities
        assert "costs.view" not in session.capabilities
    finally:
        server.stop()


def test_errors_have_exit_codes_and_one_line(tmp_path: Path, server_dir: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--data", str(tmp_path / "nothing")]) == EXIT_FAILED
    assert "holds no server" in capsys.readouterr().err
    assert main(["init", "--data", str(server_dir)]) == EXIT_FAILED
    assert "already holds a server" in capsys.readouterr().err
    assert main(["init", "--data", str(tmp_path / "x"), "--admin", "boss"]) == EXIT_FAILED
    assert main(["frobnicate"]) == EXIT_USAGE
    assert main(["upgrade", "--dsn", f"host=127.0.0.1 port=1 user={SUPERUSER} "
                                      "connect_timeout=2"]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert err.count("\n") >= 1 and "OperationalError" in err


def test_bad_admin_password_creates_nothing(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    weak = tmp_path / "weak.pw"
    weak.write_text("boss\n", encoding="utf-8")
    root = tmp_path / "shop2"
    assert main(["init", "--data", str(root), "--admin", "boss",
                 "--admin-password-file", str(weak)]) == EXIT_FAILED
    assert "password" in capsys.readouterr().err.lower()
    assert not EmbeddedServer(root).initialized


def test_console_script_entry_point(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "aftersales_desktop.server.cli", "status",
                             "--data", str(tmp_path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == EXIT_FAILED
    assert "holds no server" in result.stderr
    # the CLI must not import Qt (it runs on servers without a display)
    probe = subprocess.run([sys.executable, "-c",
                            "import sys, aftersales_desktop.server.cli as c;"
                            "c.main(['--version']);"
                            "print('PySide6' in sys.modules)"],
                           capture_output=True, text=True, check=False)
    assert probe.stdout.strip().endswith("False")


def test_operator_commands(tmp_path: Path, cluster, shop_db: str,  # type: ignore[no-untyped-def]
                           capsys: pytest.CaptureFixture[str]) -> None:
    from aftersales_desktop.core.errors import LoginDisabled
    from tests.pg import TEST_PASSWORD

    dsn = cluster.dsn(shop_db)
    password = tmp_path / "pw"
    password.write_text(TEST_PASSWORD + "\n", encoding="utf-8")
    code = cluster.new_code("cli")
    assert main(["operator", "add", "--dsn", dsn, "--code", code, "--name", "小王",
                 "--template", "counter", "--password-file", str(password),
                 "--grant", "costs.view", "--remove", "notice.send"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "costs.view" in out and "notice.send" not in out and "intake.create" in out
    database, session = open_session(cluster.profile(shop_db), code, TEST_PASSWORD)
    close_session(database)
    assert session.capabilities >= {"costs.view", "intake.create"}
    assert "notice.send" not in session.capabilities

    assert main(["operator", "revoke", "--dsn", dsn, "--code", code, "contacts.view"]) == EXIT_OK
    assert main(["operator", "reset", "--dsn", dsn, "--code", code, "notice.send"]) == EXIT_OK
    out = capsys.readouterr().out.splitlines()[-1]
    assert "notice.send" in out and "contacts.view" not in out

    assert main(["operator", "disable", "--dsn", dsn, "--code", code]) == EXIT_OK
    with pytest.raises(LoginDisabled):
        open_session(cluster.profile(shop_db), code, TEST_PASSWORD)
    assert main(["operator", "enable", "--dsn", dsn, "--code", code]) == EXIT_OK
    database, session = open_session(cluster.profile(shop_db), code, TEST_PASSWORD)
    close_session(database)  # enabled again: memberships are back
    assert "intake.create" in session.capabilities
    assert main(["operator", "list", "--dsn", dsn]) == EXIT_OK
    assert any(line.startswith(code + "\t") for line in capsys.readouterr().out.splitlines())

    # bad input: clear one-line errors, nothing changed
    assert main(["operator", "add", "--dsn", dsn, "--code", code, "--name", "x",
                 "--password-file", str(password)]) == EXIT_FAILED
    assert "already exists" in capsys.readouterr().err
    assert main(["operator", "grant", "--dsn", dsn, "--code", code, "no.such"]) == EXIT_FAILED
    assert "Unknown capability" in capsys.readouterr().err
    weak = tmp_path / "weak"
    weak.write_text(code + "\n", encoding="utf-8")
    assert main(["operator", "passwd", "--dsn", dsn, "--code", code,
                 "--password-file", str(weak)]) == EXIT_FAILED
    database, _session = open_session(cluster.profile(shop_db), code, TEST_PASSWORD)
    close_session(database)


def test_operator_commands_need_operators_admin(tmp_path: Path, cluster,  # type: ignore[no-untyped-def]
                                                shop_db: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from psycopg2.extensions import make_dsn

    from tests.pg import TEST_PASSWORD

    clerk = cluster.create_operator(shop_db, capabilities=["intake.create"])
    profile = cluster.profile(shop_db)
    dsn = make_dsn(host=profile.host, port=profile.port, dbname=shop_db, user=clerk,
                   password=TEST_PASSWORD)
    password = tmp_path / "pw"
    password.write_text(TEST_PASSWORD + "\n", encoding="utf-8")
    assert main(["operator", "add", "--dsn", dsn, "--code", cluster.new_code("x"), "--name", "x",
                 "--password-file", str(password)]) == EXIT_FAILED
    assert "permission" in capsys.readouterr().err.lower()
    assert main(["operator", "grant", "--dsn", dsn, "--code", clerk, "costs.view"]) == EXIT_FAILED
