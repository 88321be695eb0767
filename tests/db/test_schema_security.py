"""Schema-wide security invariants, read from the catalogs of the migrated shop database.

Every migration a later module adds is held to the same rules without anyone having to
remember them: no operator owns anything or has a dangerous role attribute; every
SECURITY DEFINER function pins its search_path and is not executable by PUBLIC; views
over protected tables check the invoker's privileges; the audit schema is append-only;
the role administrator holds the capability roles WITH ADMIN OPTION and cannot log in.

The checker is run once against a database seeded with one violation of each kind, so
a check that silently stopped finding anything would fail too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import psycopg2
import psycopg2.extensions
import pytest
from psycopg2 import sql

from tests.pg import TestCluster

pytestmark = pytest.mark.db

SYSTEM_SCHEMAS = "('pg_catalog', 'information_schema', 'pg_toast')"
PINNED_SEARCH_PATH = "search_path=pg_catalog, pg_temp"


@dataclass(frozen=True)
class Names:
    """The roles the checks are about (the negative self-check uses throw-away ones)."""

    operator_group: str = "as_operator"
    capability_like: str = "as\\_cap\\_%"  # LIKE pattern of capability roles
    role_admin: str = "as_role_admin"
    owner: str = "as_owner"
    # the server-log reader owns app.record_failed_logins and nothing else (revision 0012)
    log_reader: str = "as_log_reader"
    function_owners: tuple[str, ...] = ("as_owner", "as_role_admin", "as_log_reader")
    catalogue_like: str = "as\\_cap\\_%"  # what app.capability.role_name must look like
    schemas: tuple[str, ...] = ("app", "audit")  # where SECURITY DEFINER and views are held
    audit_schema: str = "audit"


Cursor = psycopg2.extensions.cursor
Check = Callable[[Cursor, Names], list[str]]
CHECKS: dict[str, Check] = {}


def check(func: Check) -> Check:
    CHECKS[func.__name__] = func
    return func


def _rows(cur: Cursor, statement: str, params: dict[str, object]) -> list[tuple]:
    cur.execute(statement, params)
    return cur.fetchall()


def _params(names: Names) -> dict[str, object]:
    return {"group": names.operator_group, "caps": names.capability_like,
            "admin": names.role_admin, "owner": names.owner, "schemas": list(names.schemas),
            "function_owners": list(names.function_owners), "catalogue": names.catalogue_like,
            "audit": names.audit_schema, "pinned": PINNED_SEARCH_PATH,
            "reader": names.log_reader}


# "risky": operators (members of the operator group, through any chain of explicit
# grants; pg_has_role would count every superuser too) and capability roles. The role
# administrator is a member of the group so it can hand it out; it has its own check.
# A grant counts if it passes privileges on: on PostgreSQL 16+ a grant WITH ADMIN but
# INHERIT FALSE, SET FALSE (how the role administrator holds the operators it made) does
# not; before 16 every grant did (the columns do not exist there, hence to_jsonb).
PASSES_PRIVILEGES = """
    (coalesce((to_jsonb(m) ->> 'inherit_option')::boolean, true)
     OR coalesce((to_jsonb(m) ->> 'set_option')::boolean, true))
"""
RISKY_CTE = f"""
    WITH RECURSIVE members(oid) AS (
        SELECT m.member FROM pg_auth_members m
        WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = %(group)s)
          AND {PASSES_PRIVILEGES}
        UNION
        SELECT m.member FROM pg_auth_members m JOIN members x ON m.roleid = x.oid
        WHERE {PASSES_PRIVILEGES}
    ), risky AS (
        SELECT r.oid FROM pg_roles r
        WHERE (r.rolname LIKE %(caps)s OR r.oid IN (SELECT oid FROM members))
          AND r.rolname <> %(admin)s
    )
"""
RISKY_ROLE = "r.oid IN (SELECT oid FROM risky)"


@check
def operators_own_nothing(cur: Cursor, names: Names) -> list[str]:
    """No operator or capability role owns a relation, function or schema."""
    found = _rows(cur, f"""{RISKY_CTE}
        SELECT 'relation ' || n.nspname || '.' || c.relname || ' (' || c.relkind::text || ')',
               r.rolname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_roles r ON r.oid = c.relowner
        WHERE n.nspname NOT IN {SYSTEM_SCHEMAS} AND n.nspname NOT LIKE 'pg\\_temp\\_%%'
          AND {RISKY_ROLE}
        UNION ALL
        SELECT 'function ' || p.oid::regprocedure::text, r.rolname
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_roles r ON r.oid = p.proowner
        WHERE n.nspname NOT IN {SYSTEM_SCHEMAS} AND {RISKY_ROLE}
        UNION ALL
        SELECT 'schema ' || n.nspname, r.rolname
        FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
        WHERE {RISKY_ROLE}
        UNION ALL
        SELECT 'type ' || t.oid::regtype::text, r.rolname
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_roles r ON r.oid = t.typowner
        WHERE n.nspname NOT IN {SYSTEM_SCHEMAS} AND {RISKY_ROLE}
        UNION ALL
        SELECT 'database ' || d.datname, r.rolname
        FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
        WHERE d.datname = current_database() AND {RISKY_ROLE}
        ORDER BY 1
        """, _params(names))
    return [f"{what} is owned by {who}" for what, who in found]


@check
def app_objects_owned_by_owner_roles(cur: Cursor, names: Names) -> list[str]:
    """Everything in the shop's schemas belongs to the owner (functions: or role admin)."""
    found = _rows(cur, """
        SELECT 'relation ' || n.nspname || '.' || c.relname, pg_get_userbyid(c.relowner)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY(%(schemas)s)
          AND pg_get_userbyid(c.relowner) <> %(owner)s
        UNION ALL
        SELECT 'function ' || p.oid::regprocedure::text, pg_get_userbyid(p.proowner)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = ANY(%(schemas)s)
          AND pg_get_userbyid(p.proowner) <> ALL(%(function_owners)s)
        UNION ALL
        SELECT 'schema ' || n.nspname, pg_get_userbyid(n.nspowner)
        FROM pg_namespace n
        WHERE n.nspname = ANY(%(schemas)s) AND pg_get_userbyid(n.nspowner) <> %(owner)s
        ORDER BY 1
        """, _params(names))
    return [f"{what} is owned by {who}, not the owner role" for what, who in found]


@check
def no_dangerous_role_attributes(cur: Cursor, names: Names) -> list[str]:
    """Operators, capability roles and the operator group: no superuser, BYPASSRLS,
    CREATEROLE, CREATEDB or REPLICATION."""
    found = _rows(cur, f"""{RISKY_CTE}
        SELECT r.rolname, array_to_string(ARRAY[
                   CASE WHEN r.rolsuper THEN 'SUPERUSER' END,
                   CASE WHEN r.rolbypassrls THEN 'BYPASSRLS' END,
                   CASE WHEN r.rolcreaterole THEN 'CREATEROLE' END,
                   CASE WHEN r.rolcreatedb THEN 'CREATEDB' END,
                   CASE WHEN r.rolreplication THEN 'REPLICATION' END], ', ')
        FROM pg_roles r
        WHERE ({RISKY_ROLE} OR r.rolname = %(group)s)
          AND (r.rolsuper OR r.rolbypassrls OR r.rolcreaterole OR r.rolcreatedb
               OR r.rolreplication)
        ORDER BY 1
        """, _params(names))
    return [f"role {role} has {attributes}" for role, attributes in found]


@check
def no_operator_inherits_power(cur: Cursor, names: Names) -> list[str]:
    """No operator is (even indirectly) a member of the owner, the role administrator or a
    predefined pg_* role, and the operator group holds no capability (that would give it
    to everybody). Capability roles cannot log in."""
    found = _rows(cur, f"""{RISKY_CTE}
        SELECT r.rolname || ' is a member of ' || p.rolname
        FROM pg_roles r CROSS JOIN pg_roles p
        WHERE ({RISKY_ROLE} OR r.rolname = %(group)s)
          AND (p.rolname IN (%(owner)s, %(admin)s) OR p.rolname LIKE 'pg\\_%%')
          AND pg_has_role(r.oid, p.oid, 'MEMBER')
        UNION ALL
        SELECT %(group)s || ' holds capability ' || c.rolname
        FROM pg_roles c
        WHERE c.rolname LIKE %(caps)s AND pg_has_role(%(group)s, c.oid, 'MEMBER')
        UNION ALL
        SELECT 'capability role ' || c.rolname || ' can log in'
        FROM pg_roles c WHERE c.rolname LIKE %(caps)s AND c.rolcanlogin
        ORDER BY 1
        """, _params(names))
    return [what for (what,) in found]


@check
def security_definer_functions_are_pinned(cur: Cursor, names: Names) -> list[str]:
    """SECURITY DEFINER: fixed search_path, and PUBLIC may not execute it (a NULL proacl
    is the default ACL, which lets PUBLIC execute)."""
    found = _rows(cur, f"""
        SELECT p.oid::regprocedure::text,
               NOT coalesce(%(pinned)s = ANY(p.proconfig), false) AS unpinned,
               (p.proacl IS NULL OR EXISTS (
                    SELECT FROM aclexplode(p.proacl) a
                    WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')) AS public_exec,
               coalesce(array_to_string(p.proconfig, '; '), '(none)')
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.prosecdef
          AND (n.nspname = ANY(%(schemas)s) OR n.nspname NOT IN {SYSTEM_SCHEMAS})
        ORDER BY 1
        """, _params(names))
    problems = []
    for function, unpinned, public_exec, config in found:
        if unpinned:
            problems.append(f"SECURITY DEFINER {function} lacks {PINNED_SEARCH_PATH!r} "
                            f"(config: {config})")
        if public_exec:
            problems.append(f"SECURITY DEFINER {function} is executable by PUBLIC")
    return problems


@check
def views_over_protected_tables_check_invoker(cur: Cursor, names: Names) -> list[str]:
    """A view (directly or through other views) over a table the operator group cannot
    read, or one with row security, must be security_invoker: otherwise it reads with
    its owner's privileges."""
    found = _rows(cur, """
        WITH RECURSIVE uses(view_oid, rel_oid) AS (
            SELECT DISTINCT r.ev_class, d.refobjid
            FROM pg_rewrite r JOIN pg_depend d
              ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
             AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class
            UNION
            SELECT u.view_oid, d.refobjid
            FROM uses u JOIN pg_rewrite r ON r.ev_class = u.rel_oid
            JOIN pg_depend d
              ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
             AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class
        )
        SELECT DISTINCT v.oid::regclass::text, t.oid::regclass::text
        FROM uses u
        JOIN pg_class v ON v.oid = u.view_oid AND v.relkind IN ('v', 'm')
        JOIN pg_namespace vn ON vn.oid = v.relnamespace
        JOIN pg_class t ON t.oid = u.rel_oid AND t.relkind IN ('r', 'p', 'f')
        WHERE vn.nspname = ANY(%(schemas)s)
          AND (t.relrowsecurity
               OR NOT has_table_privilege(%(group)s, t.oid, 'SELECT'))
          AND (v.relkind = 'm' OR NOT EXISTS (
                   SELECT FROM unnest(v.reloptions) o
                   WHERE o ~* '^security_invoker=(true|on|yes|1)$'))
        ORDER BY 1, 2
        """, _params(names))
    return [f"view {view} reads protected {table} without security_invoker=true"
            for view, table in found]


@check
def audit_schema_is_append_only(cur: Cursor, names: Names) -> list[str]:
    """Nobody but the owner may write, delete or truncate in the audit schema, and PUBLIC
    has no privilege on any relation in the shop's schemas."""
    found = _rows(cur, """
        SELECT n.nspname || '.' || c.relname, coalesce(pg_get_userbyid(nullif(a.grantee, 0)),
               'PUBLIC'), a.privilege_type
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL aclexplode(c.relacl) a
        WHERE n.nspname = ANY(%(schemas)s) AND a.grantee <> c.relowner
          AND ((n.nspname = %(audit)s AND a.privilege_type IN
                  ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES'))
               OR a.grantee = 0)
          -- the log reader adds failed logins and keeps its place in the server log
          AND NOT (pg_get_userbyid(a.grantee) = %(reader)s
                   AND (c.relname, a.privilege_type) IN (
                       ('login_event', 'INSERT'), ('server_log_read', 'INSERT'),
                       ('server_log_read', 'UPDATE'), ('server_log_read', 'DELETE')))
        ORDER BY 1, 2, 3
        """, _params(names))
    return [f"{grantee} has {privilege} on {table}" for table, grantee, privilege in found]


@check
def log_reader_is_nobody(cur: Cursor, names: Names) -> list[str]:
    """The role that may read the server log cannot log in, is no superuser, and nobody
    is a member of it (so nobody gets its file access)."""
    found = _rows(cur, """
        SELECT 'log reader ' || rolname || ' can log in' FROM pg_roles
        WHERE rolname = %(reader)s AND rolcanlogin
        UNION ALL
        SELECT 'log reader ' || rolname || ' is a superuser' FROM pg_roles
        WHERE rolname = %(reader)s AND rolsuper
        UNION ALL
        SELECT pg_get_userbyid(m.member) || ' is a member of log reader ' || %(reader)s
        FROM pg_auth_members m WHERE m.roleid = (
            SELECT oid FROM pg_roles WHERE rolname = %(reader)s)
        ORDER BY 1
        """, _params(names))
    return [row[0] for row in found]


@check
def role_admin_holds_capabilities(cur: Cursor, names: Names) -> list[str]:
    """The role administrator holds each capability role WITH ADMIN OPTION, cannot log in
    and is not a superuser."""
    found = _rows(cur, """
        SELECT 'role administrator ' || %(admin)s || ' is missing'
        WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = %(admin)s)
        UNION ALL
        SELECT 'role administrator ' || rolname || ' can log in' FROM pg_roles
        WHERE rolname = %(admin)s AND rolcanlogin
        UNION ALL
        SELECT 'role administrator ' || rolname || ' is a superuser' FROM pg_roles
        WHERE rolname = %(admin)s AND rolsuper
        UNION ALL
        SELECT 'role administrator lacks ADMIN OPTION on ' || c.rolname
        FROM pg_roles c
        WHERE c.rolname LIKE %(caps)s AND NOT EXISTS (
            SELECT FROM pg_auth_members m
            WHERE m.roleid = c.oid AND m.member = (
                SELECT oid FROM pg_roles WHERE rolname = %(admin)s) AND m.admin_option)
        ORDER BY 1
        """, _params(names))
    return [what for (what,) in found]


@check
def capability_catalogue_matches_roles(cur: Cursor, names: Names) -> list[str]:
    """Every catalogue entry names an existing capability-like role, one per entry."""
    cur.execute("SELECT to_regclass('app.capability') IS NOT NULL")
    if not cur.fetchone()[0]:
        return ["app.capability is missing"]
    found = _rows(cur, """
        SELECT 'capability ' || c.code || ' names ' || c.role_name
               || CASE WHEN r.oid IS NULL THEN ', which does not exist'
                       ELSE ', not a capability role' END
        FROM app.capability c LEFT JOIN pg_roles r ON r.rolname = c.role_name
        WHERE r.oid IS NULL OR c.role_name NOT LIKE %(catalogue)s
        ORDER BY 1
        """, _params(names))
    return [what for (what,) in found]


def findings(conn: psycopg2.extensions.connection, names: Names = Names(),
             only: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """{check name: problems} for every check that found something."""
    result = {}
    with conn.cursor() as cur:
        for name, func in CHECKS.items():
            if only and name not in only:
                continue
            problems = func(cur, names)
            if problems:
                result[name] = problems
    return result


@pytest.fixture
def superuser(cluster: TestCluster, shop_db: str) -> Iterator[psycopg2.extensions.connection]:
    conn = psycopg2.connect(cluster.dsn(shop_db))
    try:
        yield conn
    finally:
        conn.rollback()
        conn.close()


def test_shop_schema_is_secure(cluster: TestCluster, shop_db: str,
                               superuser: psycopg2.extensions.connection) -> None:
    # some operators must exist, or "no operator owns anything" proves nothing
    cluster.create_operator(shop_db, capabilities=["masterdata.edit", "log.view"])
    cluster.create_operator(shop_db, capabilities=None)
    problems = findings(superuser)
    assert problems == {}, "\n".join(p for found in problems.values() for p in found)


def test_every_check_ran_against_real_objects(superuser: psycopg2.extensions.connection) -> None:
    """The shop has what the checks look at: SECURITY DEFINER functions, capability roles,
    operators, an audit schema with tables."""
    with superuser.cursor() as cur:
        cur.execute("""
            SELECT (SELECT count(*) FROM pg_proc p JOIN pg_namespace n
                      ON n.oid = p.pronamespace
                    WHERE p.prosecdef AND n.nspname IN ('app', 'audit')),
                   (SELECT count(*) FROM pg_roles WHERE rolname LIKE 'as\\_cap\\_%%'),
                   (SELECT count(*) FROM app.capability),
                   (SELECT count(*) FROM pg_class c JOIN pg_namespace n
                      ON n.oid = c.relnamespace
                    WHERE n.nspname = 'audit' AND c.relkind = 'r')
            """)
        definers, cap_roles, catalogue, audit_tables = cur.fetchone()
    assert definers >= 8
    assert cap_roles >= catalogue >= 27
    assert audit_tables >= 2


# -- the checker finds what it is meant to find ---------------------------------------------

@dataclass(frozen=True)
class Seeded:
    conn: psycopg2.extensions.connection
    names: Names
    operator: str


@pytest.fixture(scope="module")
def seeded(cluster: TestCluster) -> Iterator[Seeded]:
    """A throw-away migrated database with one violation of each kind, and throw-away roles
    (roles are cluster-wide: the real ones are never touched)."""
    db = cluster.create_database()
    p = cluster.prefix
    names = Names(operator_group=f"{p}grp", capability_like=f"{p}cap\\_%",
                  role_admin=f"{p}radm", owner="as_owner", log_reader=f"{p}lrd")
    operator = cluster.create_operator(db, capabilities=["log.view"])
    roles = {"grp": f"{p}grp", "cap_a": f"{p}cap_a", "cap_b": f"{p}cap_b",
             "radm": f"{p}radm", "bad_op": f"{p}bad_op", "op": operator, "lrd": f"{p}lrd"}
    statements = [
        # throw-away roles: an operator group, two capabilities, a role administrator
        "CREATE ROLE {grp} NOLOGIN",
        "CREATE ROLE {cap_a} NOLOGIN CREATEDB",  # a capability role with CREATEDB
        "CREATE ROLE {cap_b} LOGIN",  # a capability role that can log in
        "CREATE ROLE {radm} LOGIN CREATEROLE",  # role administrator that can log in
        "GRANT {cap_a} TO {radm} WITH ADMIN OPTION",  # ...but not cap_b
        "GRANT {cap_a} TO {grp}",  # the group holds a capability: everybody would
        "CREATE ROLE {bad_op} LOGIN BYPASSRLS IN ROLE {grp}",  # an operator with BYPASSRLS
        "GRANT as_owner TO {bad_op}",  # ... who may become the owner
        "GRANT {grp} TO {op}",  # a real operator, counted as one of the group's
        "CREATE ROLE {lrd} LOGIN",  # a log reader that can log in
        "GRANT {lrd} TO {op}",  # ... and an operator who may act as it
        # objects in the throw-away database
        "ALTER TABLE app.item OWNER TO {op}",  # an operator owns a table
        "CREATE SCHEMA sneaky AUTHORIZATION {op}",  # ... and a schema
        "GRANT SELECT ON app.customer TO {grp}",
        "SET ROLE as_owner",  # the rest is made by the right owner, as a migration would
        "CREATE FUNCTION app.bad_definer() RETURNS integer LANGUAGE sql SECURITY DEFINER "
        "AS 'SELECT 1'",  # no search_path, default ACL: PUBLIC may execute
        "CREATE FUNCTION app.bad_path() RETURNS integer LANGUAGE sql SECURITY DEFINER "
        "SET search_path = app, pg_catalog AS 'SELECT 1'",
        "REVOKE EXECUTE ON FUNCTION app.bad_path() FROM PUBLIC",
        "CREATE FUNCTION app.granted_back() RETURNS integer LANGUAGE sql SECURITY DEFINER "
        "SET search_path = pg_catalog, pg_temp AS 'SELECT 1'",
        "GRANT EXECUTE ON FUNCTION app.granted_back() TO PUBLIC",
        "CREATE VIEW app.costs AS SELECT item_id, cost_price FROM app.item_cost",
        "CREATE VIEW app.costs_again WITH (security_invoker = true) AS SELECT * FROM app.costs",
        "CREATE VIEW app.safe_costs WITH (security_invoker = true) "
        "AS SELECT item_id FROM app.item_cost",
        "CREATE VIEW app.customers AS SELECT id, name FROM app.customer",  # not protected
        "GRANT INSERT ON audit.change_log TO as_cap_log_view",
        "GRANT SELECT ON app.customer TO PUBLIC",
        "INSERT INTO app.capability VALUES ('bogus.cap', 'no_such_role_x', 'Bogus', 99)",
        "RESET ROLE",
    ]
    conn = psycopg2.connect(cluster.dsn(db))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for statement in statements:
                cur.execute(sql.SQL(statement).format(
                    **{k: sql.Identifier(v) for k, v in roles.items()}))
        conn.autocommit = False
        yield Seeded(conn, names, operator)
    finally:
        conn.rollback()
        conn.autocommit = True
        with conn.cursor() as cur:
            throwaway = [sql.Identifier(roles[r]) for r in ("bad_op", "radm", "cap_a", "cap_b",
                                                            "grp", "lrd")]
            cur.execute(sql.SQL("DROP OWNED BY {}").format(sql.SQL(", ").join(throwaway)))
            cur.execute(sql.SQL("DROP ROLE {}").format(sql.SQL(", ").join(throwaway)))
        conn.close()


SEEDED = [
    ("operators_own_nothing", "relation app.item (r) is owned by {op}"),
    ("operators_own_nothing", "schema sneaky is owned by {op}"),
    ("app_objects_owned_by_owner_roles",
     "relation app.item is owned by {op}, not the owner role"),
    ("no_dangerous_role_attributes", "role {p}cap_a has CREATEDB"),
    ("no_dangerous_role_attributes", "role {p}bad_op has BYPASSRLS"),
    ("no_operator_inherits_power", "{p}bad_op is a member of as_owner"),
    ("no_operator_inherits_power", "{p}grp holds capability {p}cap_a"),
    ("no_operator_inherits_power", "capability role {p}cap_b can log in"),
    ("security_definer_functions_are_pinned",
     "SECURITY DEFINER app.bad_definer() lacks 'search_path=pg_catalog, pg_temp' "
     "(config: (none))"),
    ("security_definer_functions_are_pinned",
     "SECURITY DEFINER app.bad_definer() is executable by PUBLIC"),
    ("security_definer_functions_are_pinned",
     "SECURITY DEFINER app.bad_path() lacks 'search_path=pg_catalog, pg_temp' "
     "(config: search_path=app, pg_catalog)"),
    ("security_definer_functions_are_pinned",
     "SECURITY DEFINER app.granted_back() is executable by PUBLIC"),
    ("views_over_protected_tables_check_invoker",
     "view app.costs reads protected app.item_cost without security_invoker=true"),
    ("audit_schema_is_append_only", "as_cap_log_view has INSERT on audit.change_log"),
    ("audit_schema_is_append_only", "PUBLIC has SELECT on app.customer"),
    ("role_admin_holds_capabilities", "role administrator {p}radm can log in"),
    ("role_admin_holds_capabilities", "role administrator lacks ADMIN OPTION on {p}cap_b"),
    ("capability_catalogue_matches_roles",
     "capability bogus.cap names no_such_role_x, which does not exist"),
    ("log_reader_is_nobody", "log reader {p}lrd can log in"),
    ("log_reader_is_nobody", "{op} is a member of log reader {p}lrd"),
]


def test_checker_finds_seeded_violations(cluster: TestCluster, seeded: Seeded) -> None:
    found = findings(seeded.conn, seeded.names)
    missing = []
    for name, expected in SEEDED:
        text = expected.format(p=cluster.prefix, op=seeded.operator)
        if text not in found.get(name, []):
            missing.append(f"{name}: {text}")
    assert missing == [], f"not reported: {missing}\nreported: {found}"
    assert set(CHECKS) == {name for name, _ in SEEDED}, "every check needs a seeded violation"


def test_checker_spares_what_is_allowed(seeded: Seeded) -> None:
    """security_invoker views, pinned definer functions and unprotected views pass."""
    found = findings(seeded.conn, seeded.names)
    reported = "\n".join(p for problems in found.values() for p in problems)
    for allowed in ("app.costs_again", "app.safe_costs", "app.customers",
                    "app.operator_create", "app.session_start", "audit.log_change"):
        assert allowed not in reported
