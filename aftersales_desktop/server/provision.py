"""Bring a cluster to a usable shop database: database, schema, first administrator."""

from __future__ import annotations

import psycopg2
from psycopg2 import sql

from aftersales_desktop.core.db import dsn_engine
from aftersales_desktop.core.profile import DEFAULT_DATABASE
from aftersales_desktop.services import operators, schema, shop_seed

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


# What as_log_reader, the owner of app.record_failed_logins (revision 0012), needs to read
# the server's log: list the log directory, name the current JSON file, read its bytes.
# pg_read_binary_file without pg_read_server_files opens only files under the data and
# log directories, and the function opens only what pg_ls_logdir lists. No operator is a
# member of as_log_reader, so no operator gets any file access.
LOG_READER = "as_log_reader"
LOG_READING_FUNCTIONS = (
    "pg_catalog.pg_ls_logdir()",
    "pg_catalog.pg_current_logfile(text)",
    "pg_catalog.pg_read_binary_file(text, bigint, bigint, boolean)",
)


def grant_log_reading(dsn: str) -> None:
    """As the cluster superuser (`dsn`), let as_log_reader read the server log in that
    shop database (GRANTs on functions are per database). Needs revision 0012."""
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            for function in LOG_READING_FUNCTIONS:
                cur.execute(sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(
                    sql.SQL(function), sql.Identifier(LOG_READER)))
    finally:
        conn.close()


def prepare(server: EmbeddedServer) -> str:
    """Start (if needed), create the database and migrate it; let the database read the
    server log (failed logins). Returns the revision."""
    server.start()
    ensure_database(server)
    revision = schema.upgrade(server.superuser_dsn())
    grant_log_reading(server.superuser_dsn())
    name_seeded_rows(server.superuser_dsn())
    return revision


def name_seeded_rows(dsn: str) -> int:
    """As the owner (`dsn`, the superuser), name what revision 0005 seeded in English as
    a Chinese shop names it (services/shop_seed); returns how many rows changed."""
    engine = dsn_engine(dsn)
    try:
        with engine.begin() as conn:
            return shop_seed.name_seeded_rows(conn)
    finally:
        engine.dispose()


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
