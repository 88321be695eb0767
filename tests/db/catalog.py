"""What the migrations built, read back from the catalogue, for tests that compare two
databases (or one database before and after something) object by object."""

from __future__ import annotations

from typing import Any

OUR_SCHEMAS = ("app", "audit")
WITH_PUBLIC = (*OUR_SCHEMAS, "public")

# Every query returns (key, value...) rows; a snapshot maps "kind key" to the values.
# A privilege list never set reads as the owner's default one it stands for (a REVOKE
# that undoes a GRANT leaves the explicit list behind).
_NOT_EXTENSION = ("NOT EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.objid = {oid} "
                  "AND d.deptype = 'e')")
FUNCTIONS = f"""
    SELECT p.oid::regprocedure::text, pg_catalog.pg_get_functiondef(p.oid),
           coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))::text,
           pg_catalog.pg_get_userbyid(p.proowner)
    FROM pg_catalog.pg_proc p
    WHERE p.pronamespace::regnamespace::text IN {OUR_SCHEMAS}
      AND {_NOT_EXTENSION.format(oid="p.oid")}"""
VIEWS = f"""
    SELECT c.oid::regclass::text, pg_catalog.pg_get_viewdef(c.oid),
           coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner))::text,
           pg_catalog.pg_get_userbyid(c.relowner)
    FROM pg_catalog.pg_class c
    WHERE c.relkind IN ('v', 'm') AND c.relnamespace::regnamespace::text IN {OUR_SCHEMAS}"""
_QUERIES = {
    "function": FUNCTIONS,
    "view": VIEWS,
    "trigger": """
        SELECT t.tgrelid::regclass::text || ' ' || t.tgname, pg_catalog.pg_get_triggerdef(t.oid)
        FROM pg_catalog.pg_trigger t WHERE NOT t.tgisinternal""",
    "relation": f"""
        SELECT c.oid::regclass::text, c.relkind::text,
               coalesce(c.relacl, pg_catalog.acldefault(
                   CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", c.relowner))::text,
               pg_catalog.pg_get_userbyid(c.relowner), c.relrowsecurity::text
        FROM pg_catalog.pg_class c
        WHERE c.relnamespace::regnamespace::text IN {WITH_PUBLIC}
          AND c.relkind IN ('r', 'v', 'm', 'S', 'i', 'p')
          AND {_NOT_EXTENSION.format(oid="c.oid")}""",
    "column": f"""
        SELECT a.attrelid::regclass::text || '.' || a.attname,
               pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
               coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), ''), a.attidentity::text,
               a.attgenerated::text, coalesce(a.attacl::text, 'default'),
               -- the column's place among the living ones (dropped columns leave gaps)
               (SELECT count(*) FROM pg_catalog.pg_attribute b WHERE b.attrelid = a.attrelid
                  AND b.attnum > 0 AND NOT b.attisdropped AND b.attnum <= a.attnum)::text
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace::regnamespace::text IN {OUR_SCHEMAS}
          AND c.relkind IN ('r', 'v', 'm', 'p') AND a.attnum > 0 AND NOT a.attisdropped""",
    "constraint": f"""
        SELECT c.conrelid::regclass::text || ' ' || c.conname,
               pg_catalog.pg_get_constraintdef(c.oid)
        FROM pg_catalog.pg_constraint c
        WHERE c.connamespace::regnamespace::text IN {OUR_SCHEMAS}""",
    "index": f"""
        SELECT i.indexrelid::regclass::text, pg_catalog.pg_get_indexdef(i.indexrelid)
        FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
        WHERE c.relnamespace::regnamespace::text IN {OUR_SCHEMAS}""",
    "policy": """
        SELECT schemaname || '.' || tablename || ' ' || policyname, permissive,
               roles::text, cmd, coalesce(qual, ''), coalesce(with_check, '')
        FROM pg_catalog.pg_policies""",
    "schema": f"""
        SELECT n.nspname::text, coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))::text,
               pg_catalog.pg_get_userbyid(n.nspowner)
        FROM pg_catalog.pg_namespace n WHERE n.nspname IN {WITH_PUBLIC}""",
    "default acl": """
        SELECT pg_catalog.pg_get_userbyid(d.defaclrole) || ' ' || d.defaclnamespace::regnamespace
               || ' ' || d.defaclobjtype::text, d.defaclacl::text
        FROM pg_catalog.pg_default_acl d""",
}


def snapshot(cur: Any, kinds: tuple[str, ...] = tuple(_QUERIES)) -> dict[str, tuple[str, ...]]:
    """The objects of `kinds` in the database `cur` (a psycopg2 cursor) is connected to."""
    found: dict[str, tuple[str, ...]] = {}
    for kind in kinds:
        cur.execute(_QUERIES[kind])
        for key, *values in cur.fetchall():
            found[f"{kind} {key}"] = tuple(values)
    return found


def differences(before: dict[str, tuple[str, ...]],
                after: dict[str, tuple[str, ...]]) -> list[str]:
    """One line per object that is only in one snapshot or differs between them."""
    lines = []
    for key in sorted(before.keys() | after.keys()):
        if key not in after:
            lines.append(f"gone: {key}")
        elif key not in before:
            lines.append(f"new: {key}")
        elif before[key] != after[key]:
            lines.append(f"changed: {key}: {before[key]} -> {after[key]}")
    return lines
