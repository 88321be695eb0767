"""Audit rows no longer reveal sensitive values; managers administer operators;
phones are rewritten only by master-data editors.

The change log is readable with log.view alone (0002 hid whole rows of sensitive
tables with row security, which also hid who changed them), so phones and cost prices in it
are replaced by "***"; the real values go to audit.sensitive_value, which no
operator can read directly. audit.sensitive_values(id) returns them to a
caller who holds both log.view and the capability guarding that data.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SECURITY = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
REDACTED = "***"

# table -> (key columns, sensitive columns, capability that may read them)
AUDITED: dict[str, tuple[str, str, str]] = {
    "app.capability": ("code", "", ""),
    "app.operator": ("code", "", ""),
    "app.operator_capability": ("operator,capability", "", ""),
    "app.position_template": ("code", "", ""),
    "app.template_capability": ("template,capability", "", ""),
    "app.customer": ("id", "", ""),
    "app.customer_phone": ("id", "phone", "contacts.view"),
    "app.item": ("id", "", ""),
    "app.item_cost": ("item_id", "cost_price", "costs.view"),
}


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE audit.sensitive_value (
            change_id   bigint PRIMARY KEY REFERENCES audit.change_log ON DELETE CASCADE,
            capability  text NOT NULL,
            old_values  jsonb,
            new_values  jsonb
        )
        """
    )
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION audit.log_change() RETURNS trigger
        LANGUAGE plpgsql {SECURITY} AS $fn$
        DECLARE
            old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
            new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
            keys text[] := string_to_array(TG_ARGV[0], ',');
            secret text[] := string_to_array(coalesce(TG_ARGV[1], ''), ',');
            row_for_key jsonb := coalesce(new_row, old_row);
            fields text[];
            hidden text[];
            entry bigint;
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                SELECT coalesce(array_agg(n.key ORDER BY n.key), '{{}}') INTO fields
                FROM jsonb_each(new_row) n
                WHERE n.value IS DISTINCT FROM old_row -> n.key;
                IF cardinality(fields) = 0 THEN
                    RETURN NULL;
                END IF;
                SELECT jsonb_object_agg(k, old_row -> k), jsonb_object_agg(k, new_row -> k)
                INTO old_row, new_row FROM unnest(fields) k;
            ELSE
                SELECT coalesce(array_agg(k ORDER BY k), '{{}}') INTO fields
                FROM jsonb_object_keys(row_for_key) k;
            END IF;
            hidden := ARRAY(SELECT unnest(fields) INTERSECT SELECT unnest(secret));
            INSERT INTO audit.change_log (table_name, record_key, action, changed,
                                          old_values, new_values)
            VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
                    (SELECT string_agg(row_for_key ->> k, '/') FROM unnest(keys) k),
                    lower(TG_OP), fields,
                    (SELECT jsonb_object_agg(e.key, CASE WHEN e.key = ANY (hidden)
                            THEN to_jsonb('{REDACTED}'::text) ELSE e.value END)
                     FROM jsonb_each(old_row) e),
                    (SELECT jsonb_object_agg(e.key, CASE WHEN e.key = ANY (hidden)
                            THEN to_jsonb('{REDACTED}'::text) ELSE e.value END)
                     FROM jsonb_each(new_row) e))
            RETURNING id INTO entry;
            IF cardinality(hidden) > 0 THEN
                INSERT INTO audit.sensitive_value (change_id, capability, old_values, new_values)
                SELECT entry, TG_ARGV[2],
                       (SELECT jsonb_object_agg(k, old_row -> k) FROM unnest(hidden) k
                        WHERE old_row IS NOT NULL),
                       (SELECT jsonb_object_agg(k, new_row -> k) FROM unnest(hidden) k
                        WHERE new_row IS NOT NULL);
            END IF;
            RETURN NULL;
        END
        $fn$
        """
    )
    op.execute("REVOKE EXECUTE ON FUNCTION audit.log_change() FROM PUBLIC")
    # Values written before this revision could reveal phones and costs: redact them too.
    op.execute(
        f"""
        UPDATE audit.change_log SET
            old_values = (SELECT jsonb_object_agg(e.key, CASE WHEN e.key IN ('phone', 'cost_price')
                          THEN to_jsonb('{REDACTED}'::text) ELSE e.value END)
                          FROM jsonb_each(old_values) e),
            new_values = (SELECT jsonb_object_agg(e.key, CASE WHEN e.key IN ('phone', 'cost_price')
                          THEN to_jsonb('{REDACTED}'::text) ELSE e.value END)
                          FROM jsonb_each(new_values) e)
        WHERE table_name IN ('app.customer_phone', 'app.item_cost')
        """
    )
    # Redaction replaces 0002's row security: log.view now sees *that* a phone or cost
    # changed, and who did it, just not the values.
    op.execute("DROP POLICY change_log_read ON audit.change_log")
    op.execute("ALTER TABLE audit.change_log DISABLE ROW LEVEL SECURITY")
    for table, (keys, secret, capability) in AUDITED.items():
        op.execute(f"DROP TRIGGER audit_change ON {table}")
        op.execute(f"CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION audit.log_change('{keys}', '{secret}', "
                   f"'{capability}')")
    op.execute(
        f"""
        CREATE FUNCTION audit.sensitive_values(p_change_id bigint)
        RETURNS TABLE (old_values jsonb, new_values jsonb)
        LANGUAGE sql STABLE {SECURITY} AS $fn$
            SELECT s.old_values, s.new_values
            FROM audit.sensitive_value s
            JOIN app.capability c ON c.code = s.capability
            WHERE s.change_id = p_change_id
              AND pg_catalog.pg_has_role(session_user, 'as_cap_log_view', 'MEMBER')
              AND pg_catalog.pg_has_role(session_user, c.role_name, 'MEMBER');
        $fn$;
        REVOKE EXECUTE ON FUNCTION audit.sensitive_values(bigint) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION audit.sensitive_values(bigint) TO as_cap_log_view;
        """
    )

    # Managers set permissions (DESIGN.md: managers ... set permissions).
    op.execute("INSERT INTO app.template_capability VALUES ('manager', 'operators.admin'), "
               "('manager', 'settings.admin') ON CONFLICT DO NOTHING")
    op.execute("RESET ROLE")
    op.execute(
        """
        DO $$
        DECLARE o record;
        BEGIN
            FOR o IN SELECT code FROM app.operator WHERE template = 'manager' LOOP
                SET LOCAL ROLE as_role_admin;
                PERFORM app.operator_sync(o.code);
                RESET ROLE;
            END LOOP;
        END $$
        """
    )
    op.execute("SET ROLE as_owner")

    # Without contacts.view a counter clerk may add a phone but not rewrite them blindly.
    op.execute("REVOKE UPDATE, DELETE ON app.customer_phone FROM as_cap_intake_create")


def downgrade() -> None:
    op.execute("GRANT UPDATE, DELETE ON app.customer_phone TO as_cap_intake_create")
    op.execute("DELETE FROM app.template_capability WHERE template = 'manager' "
               "AND capability IN ('operators.admin', 'settings.admin')")
    op.execute("DROP FUNCTION audit.sensitive_values(bigint)")
    op.execute("DROP TABLE audit.sensitive_value")
