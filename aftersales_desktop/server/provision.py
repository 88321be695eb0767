"""Bring a cluster to a usable shop database: database, schema, first administrator."""

from __future__ import annotations

import psycopg2
from psycopg2 import sql

from aftersales_desktop.core.db import dsn_engine
from aftersales_desktop.core.profile import DEFAULT_DATABASE
from aftersales_desktop.services import operators, schema

from .embedded import EmbeddedServer


def ensure_database(server: EmbeddedServer, name: str = DEFAULT_DATABASE) -> bool:
    """Create the shop database if missing; True when it was created."""
    conn = psycopg2.connect(server.superuser_dsn("postgres"))
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cur.fetchone():
                return False
            cur.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                sql.Identifier(name)))
            return True
    finally:
        conn.close()


def prepare(server: EmbeddedServer) -> str:
    """Start (if needed), create the database and migrate it. Returns the revision."""
    server.start()
    ensure_database(server)
    return schema.upgrade(server.superuser_dsn())


def needs_administrator(dsn: str) -> bool:
    engine = dsn_engine(dsn)
    try:
        with engine.connect() as conn:
            return operators.operator_count(conn) == 0
    finally:
        engine.dispose()


def create_administrator(dsn: str, *, code: str, name: str, password: str) -> str:
    engine = dsn_engine(dsn)
    try:
        with engine.begin() as conn:
            return operators.create_operator(conn, code=code, name=name, password=password)
    finally:
        engine.dispose()
