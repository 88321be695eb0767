"""A disabled operator loses every capability and as_operator at once.

NOLOGIN only stops new logins; role memberships are checked at every
statement, so taking them away also stops a session that is already open.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SECURITY = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"


def _sync(disabled_loses_everything: bool) -> str:
    wanted = ("me.active AND coalesce(o.granted, t.capability IS NOT NULL)"
              if disabled_loses_everything else "coalesce(o.granted, t.capability IS NOT NULL)")
    membership = """
            IF me.active AND NOT pg_catalog.pg_has_role(p_code, 'as_operator', 'MEMBER') THEN
                EXECUTE format('GRANT as_operator TO %I', p_code);
            ELSIF NOT me.active AND pg_catalog.pg_has_role(p_code, 'as_operator', 'MEMBER') THEN
                EXECUTE format('REVOKE as_operator FROM %I', p_code);
            END IF;""" if disabled_loses_everything else ""
    return f"""
        CREATE OR REPLACE FUNCTION app.operator_sync(p_code text) RETURNS void
        LANGUAGE plpgsql {SECURITY} AS $fn$
        DECLARE
            me app.operator;
            r record;
        BEGIN
            SELECT * INTO STRICT me FROM app.operator WHERE code = p_code;
            FOR r IN
                SELECT c.code, c.role_name, {wanted} AS wanted,
                       pg_catalog.pg_has_role(p_code, c.role_name, 'MEMBER') AS has
                FROM app.capability c
                LEFT JOIN app.template_capability t
                       ON t.capability = c.code AND t.template = me.template
                LEFT JOIN app.operator_capability o
                       ON o.capability = c.code AND o.operator = me.code
            LOOP
                IF r.wanted AND NOT r.has THEN
                    EXECUTE format('GRANT %I TO %I', r.role_name, p_code);
                ELSIF r.has AND NOT r.wanted THEN
                    EXECUTE format('REVOKE %I FROM %I', r.role_name, p_code);
                END IF;
            END LOOP;{membership}
            EXECUTE format('ALTER ROLE %I %s', p_code,
                           CASE WHEN me.active THEN 'LOGIN' ELSE 'NOLOGIN' END);
        END
        $fn$
    """


def upgrade() -> None:
    op.execute("RESET ROLE")  # replacing keeps the owner (as_role_admin)
    op.execute(_sync(True))
    op.execute(
        """
        DO $$
        DECLARE o record;
        BEGIN
            FOR o IN SELECT code FROM app.operator WHERE NOT active LOOP
                SET LOCAL ROLE as_role_admin;
                PERFORM app.operator_sync(o.code);
                RESET ROLE;
            END LOOP;
        END $$
        """
    )
    op.execute("SET ROLE as_owner")


def downgrade() -> None:
    op.execute("RESET ROLE")
    op.execute(_sync(False))
    op.execute("SET ROLE as_owner")
