"""A demo shop loaded twice into an empty shop (a server of its own, as `aftersales
--demo` loads it), for the tests of what a module's demo data holds: the counts of the
module's tables after the first load, which the second load must leave as they are."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg2
import pytest

from aftersales_desktop.server import provision
from aftersales_desktop.server.embedded import EmbeddedServer
from aftersales_desktop.services import demo


class DemoShop:
    def __init__(self, dsn: str, tables: tuple[str, ...]) -> None:
        self.dsn = dsn
        self.tables = tables

    def sql(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        conn = psycopg2.connect(self.dsn)
        try:
            with conn.cursor() as cur:
                cur.execute(statement, params or None)
                return list(cur.fetchall())
        finally:
            conn.close()

    def counts(self) -> dict[str, int]:
        return {table: self.sql(f"SELECT count(*) FROM app.{table}")[0][0]
                for table in self.tables}


def loaded_twice(tmp_path_factory: pytest.TempPathFactory, name: str, tables: tuple[str, ...],
                 empty: str) -> Iterator[tuple[DemoShop, dict[str, int]]]:
    """The shop after two loads and the counts after the first; `empty` (one of the
    tables) has no row before the first load."""
    server = EmbeddedServer(tmp_path_factory.mktemp(name) / "server")
    server.init()
    try:
        provision.prepare(server)
        shop = DemoShop(server.superuser_dsn(), tables)
        assert shop.counts()[empty] == 0  # an empty shop
        demo.load_demo_dsn(server.superuser_dsn())
        first = shop.counts()
        demo.load_demo_dsn(server.superuser_dsn())
        yield shop, first
    finally:
        server.stop()
