"""`aftersales-server`: create, run, upgrade and fill a shop database from scripts.

Exit codes: 0 success; 1 the operation failed (reason on stderr); 2 bad usage;
3 (`status` only) the server is not running. No Qt is imported here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from aftersales_desktop import __version__
from aftersales_desktop.core.errors import UserError
from aftersales_desktop.domain.operators import normalize_code, validate_name, validate_password

from .embedded import EmbeddedServer, ServerError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOT_RUNNING = 0, 1, 2, 3


class CliError(Exception):
    """A failure reported to the caller as one line on stderr and exit code 1."""


def _read_secret(path: str) -> str:
    try:
        value = Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise CliError(f"cannot read password file {path}: {exc.strerror}") from None
    if not value:
        raise CliError(f"password file {path} is empty")
    return value


def _server(args: argparse.Namespace) -> EmbeddedServer:
    return EmbeddedServer(Path(args.data))


def _dsn(args: argparse.Namespace) -> str:
    if args.dsn:
        return str(args.dsn)
    if args.data:
        server = _server(args)
        if not server.initialized:
            raise CliError(f"{server.root} holds no server")
        return server.superuser_dsn()
    raise CliError("give --dsn DSN (a superuser's) or --data DIR")


def cmd_init(args: argparse.Namespace) -> int:
    from . import provision

    if bool(args.admin) != bool(args.admin_password_file):
        raise CliError("--admin and --admin-password-file go together")
    password = _read_secret(args.admin_password_file) if args.admin_password_file else None
    if args.admin and password:
        # Refuse bad input before anything is created on disk.
        code = normalize_code(args.admin)
        validate_name(args.admin_name or code)
        validate_password(password, code=code)
    server = _server(args)
    if server.initialized:
        raise CliError(f"{server.root} already holds a server")
    cfg = server.init(port=args.port, listen=args.listen)
    try:
        revision = provision.prepare(server)
        if args.admin and password:
            provision.create_administrator(server.superuser_dsn(), code=args.admin,
                                           name=args.admin_name or args.admin, password=password)
    except BaseException:
        server.stop()
        raise
    if not args.keep_running:
        server.stop()
    print(f"initialized {server.root} (port {cfg.port}, listen {cfg.listen}, schema {revision})")
    if args.admin:
        print(f"administrator: {args.admin}")
    return EXIT_OK


def cmd_start(args: argparse.Namespace) -> int:
    server = _server(args)
    server.start()
    print(f"running {server.public_dsn()}")
    return EXIT_OK


def cmd_stop(args: argparse.Namespace) -> int:
    server = _server(args)
    if not server.initialized:
        raise CliError(f"{server.root} holds no server")
    server.stop()
    print("stopped")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    server = _server(args)
    if not server.initialized:
        raise CliError(f"{server.root} holds no server")
    if server.is_running():
        print(f"running {server.public_dsn()}")
        return EXIT_OK
    print(f"stopped {server.public_dsn()}")
    return EXIT_NOT_RUNNING


def cmd_upgrade(args: argparse.Namespace) -> int:
    import psycopg2

    from aftersales_desktop.services import schema

    from . import provision

    dsn = _dsn(args)
    reached = schema.upgrade(dsn)
    provision.name_seeded_rows(dsn)
    print(f"schema at {reached}")
    try:
        provision.grant_log_reading(dsn)
    except psycopg2.Error as exc:  # a managed server's "superuser" may not grant it
        print(f"failed logins will not be recorded: {str(exc).strip()} "
              "(docs/security.md, Failed logins)", file=sys.stderr)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from aftersales_desktop.services import demo

    summary = demo.load_demo_dsn(_dsn(args))
    print(summary)
    return EXIT_OK


def cmd_operator(args: argparse.Namespace) -> int:
    """operator add/disable/enable/grant/revoke/reset/passwd/list: the screen's rules."""
    from aftersales_desktop.core.db import dsn_engine
    from aftersales_desktop.services import operators

    engine = dsn_engine(_dsn(args))
    try:
        with engine.begin() as conn:
            action = args.operator_command
            if action == "list":
                rows = conn.exec_driver_sql(
                    "SELECT code, name, coalesce(template, '-'), active FROM app.operator "
                    "ORDER BY code").all()
                for code, name, template, active in rows:
                    details = operators.get_operator(conn, code)
                    state = "active" if active else "disabled"
                    caps = ",".join(sorted(details.effective)) or "-"
                    print(f"{code}\t{name}\t{template}\t{state}\t{caps}")
                return EXIT_OK
            if action == "add":
                operators.create_operator(
                    conn, code=args.code, name=args.name, password=_read_secret(args.password_file),
                    template=None if args.template == "none" else args.template,
                    grant=args.grant or (), remove=args.remove or ())
            elif action in ("disable", "enable"):
                operators.set_active(conn, args.code, action == "enable")
            elif action in ("grant", "revoke", "reset"):
                granted = {"grant": True, "revoke": False, "reset": None}[action]
                for capability in args.capability:
                    operators.set_capability(conn, args.code, capability, granted)
            elif action == "passwd":
                operators.set_password(conn, args.code, _read_secret(args.password_file))
            details = operators.get_operator(conn, args.code)
    finally:
        engine.dispose()
    state = "active" if details.active else "disabled"
    print(f"{details.code} {state} template={details.template or '-'} "
          f"capabilities={','.join(sorted(details.effective)) or '-'}")
    return EXIT_OK


def _add_operator_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("operator", help="add, disable, grant, revoke, list operators")
    actions = p.add_subparsers(dest="operator_command", required=True)

    def target(name: str, text: str) -> argparse.ArgumentParser:
        q = actions.add_parser(name, help=text)
        where = q.add_mutually_exclusive_group(required=True)
        where.add_argument("--dsn", help="an administrator's (or superuser's) DSN")
        where.add_argument("--data", help="a server directory on this machine")
        q.set_defaults(func=cmd_operator)
        return q

    q = target("add", "create an operator")
    q.add_argument("--code", required=True)
    q.add_argument("--name", required=True)
    q.add_argument("--template", default="none",
                   help="position template (counter, dispatcher, technician, warehouse, "
                        "callback, manager, administrator) or none")
    q.add_argument("--password-file", required=True)
    q.add_argument("--grant", nargs="*", metavar="CAPABILITY", help="extra capabilities")
    q.add_argument("--remove", nargs="*", metavar="CAPABILITY",
                   help="capabilities taken away from the template")
    for name, text in (("disable", "stop an operator logging in (history kept)"),
                       ("enable", "let a disabled operator log in again")):
        target(name, text).add_argument("--code", required=True)
    for name, text in (("grant", "add capabilities"), ("revoke", "remove capabilities"),
                       ("reset", "return capabilities to what the template says")):
        q = target(name, text)
        q.add_argument("--code", required=True)
        q.add_argument("capability", nargs="+")
    q = target("passwd", "set an operator's password")
    q.add_argument("--code", required=True)
    q.add_argument("--password-file", required=True)
    target("list", "list operators with their effective capabilities")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aftersales-server",
                                     description="Run and maintain an After-sales shop database.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="create a cluster, the shop database and an administrator")
    p.add_argument("--data", required=True, help="server directory to create")
    p.add_argument("--port", type=int, help="TCP port (default: 5432 if free)")
    p.add_argument("--listen", default="127.0.0.1",
                   help="listen address(es); '*' for a LAN server (default 127.0.0.1)")
    p.add_argument("--admin", help="administrator operator code")
    p.add_argument("--admin-name", help="administrator display name")
    p.add_argument("--admin-password-file", help="file holding the administrator's password")
    p.add_argument("--keep-running", action="store_true", help="leave the server running")
    p.set_defaults(func=cmd_init)

    for name, func, text in (("start", cmd_start, "start the server in DIR"),
                             ("stop", cmd_stop, "stop the server in DIR"),
                             ("status", cmd_status, "print whether it runs and its DSN")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--data", required=True)
        p.set_defaults(func=func)

    for name, func, text in (("upgrade", cmd_upgrade, "apply database migrations"),
                             ("demo", cmd_demo, "load the demo shop")):
        p = sub.add_parser(name, help=text)
        group = p.add_mutually_exclusive_group(required=True)
        group.add_argument("--dsn", help="a superuser's libpq DSN or URI (password via PGPASSWORD)")
        group.add_argument("--data", help="a server directory on this machine")
        p.set_defaults(func=func)
    _add_operator_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return int(args.func(args))
    except (CliError, ServerError, UserError) as exc:
        print(f"aftersales-server: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # psycopg2 / alembic failures: one readable line, exit 1
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"aftersales-server: error: {type(exc).__name__}: {first}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    raise SystemExit(main())
