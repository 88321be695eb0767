"""A real PostgreSQL for the tests: the embedded one, or AFTERSALES_TEST_DSN.

AFTERSALES_TEST_DSN must name a superuser (tests create databases and login
roles). Each test session gets its own database, migrated with the shipped
revisions; operator roles it creates carry a per-session prefix and are
dropped at the end, so a shared server stays clean.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
from psycopg2 import sql
from psycopg2.extensions import parse_dsn

from aftersales_desktop.core.db import Database, dsn_engine
from aftersales_desktop.core.profile import ConnectionProfile
from aftersales_desktop.server.embedded import EmbeddedServer
from aftersales_desktop.services import operators, schema

TEST_PASSWORD = "Test-pass-123"


def _make_dsn(base: dict[str, str], dbname: str) -> str:
    parts = dict(base, dbname=dbname)
    return " ".join(f"{k}='{v}'" for k, v in parts.items())


@dataclass
class TestCluster:
    __test__ = False  # a fixture object, not a test class

    base: dict[str, str]
    server: EmbeddedServer | None = None
    prefix: str = field(default_factory=lambda: "t" + secrets.token_hex(3) + "_")
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    databases: list[str] = field(default_factory=list)

    @classmethod
    def embedded(cls, root: Path) -> TestCluster:
        server = EmbeddedServer(root)
        server.init()
        server.start()
        base = parse_dsn(server.superuser_dsn("postgres"))
        return cls(base=base, server=server)

    @classmethod
    def external(cls, dsn: str) -> TestCluster:
        return cls(base=parse_dsn(dsn))

    def dsn(self, dbname: str) -> str:
        return _make_dsn(self.base, dbname)

    def profile(self, dbname: str) -> ConnectionProfile:
        return ConnectionProfile(
            name="test", host=self.base.get("host", "127.0.0.1"),
            port=int(self.base.get("port", 5432)), database=dbname,
            sslmode=self.base.get("sslmode", "prefer"),
        )

    def create_database(self, *, migrate: bool = True, target: str = "head") -> str:
        name = f"{self.prefix}db{next(self._counter)}"
        conn = psycopg2.connect(self.dsn("postgres"))
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                sql.Identifier(name)))
        conn.close()
        self.databases.append(name)
        if migrate:
            schema.upgrade(self.dsn(name), target)
        return name

    def new_code(self, hint: str = "op") -> str:
        return f"{self.prefix}{hint}{next(self._counter)}"

    def create_operator(self, dbname: str, *, capabilities: list[str] | None = None,
                        template: str | None = None, name: str = "测试操作员",
                        code: str | None = None, password: str = TEST_PASSWORD) -> str:
        """An operator of `template`, or holding exactly `capabilities`; with neither, an
        administrator."""
        if template is None and capabilities is None:
            template = "administrator"
        engine = dsn_engine(self.dsn(dbname))
        try:
            with engine.begin() as conn:
                return operators.create_operator(
                    conn, code=code or self.new_code(template[:4] if template else "op"),
                    name=name, password=password, template=template,
                    grant=capabilities or ())
        finally:
            engine.dispose()

    def execute(self, dbname: str, statement: str, params: tuple[object, ...] = ()) -> list[tuple]:
        conn = psycopg2.connect(self.dsn(dbname))
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(statement, params)
                return cur.fetchall() if cur.description else []
        finally:
            conn.close()

    def close(self) -> None:
        conn = psycopg2.connect(self.dsn("postgres"))
        conn.autocommit = True
        with conn.cursor() as cur:
            for name in self.databases:
                cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)))
            cur.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                        (self.prefix + "%",))
            for (role,) in cur.fetchall():
                cur.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        conn.close()
        if self.server is not None:
            self.server.stop()


def operator_logins(cluster: TestCluster, db: str) -> Iterator[Callable[[list[str] | None],
                                                                        Database]]:
    """A fixture body: yields `make(capabilities)` -> a Database logged in as a new
    operator holding them; every handle is disposed at the end."""
    opened: list[Database] = []

    def make(capabilities: list[str] | None) -> Database:
        code = cluster.create_operator(db, capabilities=capabilities)
        database = Database(cluster.profile(db), code, TEST_PASSWORD)
        opened.append(database)
        return database

    yield make
    for database in opened:
        database.dispose()


def cluster_from_environment(tmp_root: Path) -> TestCluster:
    dsn = os.environ.get("AFTERSALES_TEST_DSN")
    if dsn:
        return TestCluster.external(dsn)
    return TestCluster.embedded(tmp_root / "cluster")
