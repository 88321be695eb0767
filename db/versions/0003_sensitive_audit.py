"""Audit rows no longer reveal sensitive values; managers administer operators;
phones are rewritten only by master-data editors.

The change log is readable with log.view alone (0002 hid whole rows of sensitive
tables with row security, which also hid who changed them), so phones and cost prices in it
are replaced by "***"; the real values go to audit.sensitive_value, which no
operator can read directly. audit.sensitive_values(id) returns them to a
caller who holds both log.view and the capability guarding that data.
"""

from alembic import op

from aftersales_desktop.core.sql_files import install, sync_operators

revision = "0003"
down_revision = "0002"

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
    install("audit/log_change.sql", revision="0003")
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
    install("audit/sensitive_values.sql", revision="0003")
    op.execute("REVOKE EXECUTE ON FUNCTION audit.sensitive_values(bigint) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION audit.sensitive_values(bigint) TO as_cap_log_view")

    # Managers set permissions (DESIGN.md: managers ... set permissions).
    op.execute("INSERT INTO app.template_capability VALUES ('manager', 'operators.admin'), "
               "('manager', 'settings.admin') ON CONFLICT DO NOTHING")
    sync_operators("template = 'manager'")

    # Without contacts.view a counter clerk may add a phone but not rewrite them blindly.
    op.execute("REVOKE UPDATE, DELETE ON app.customer_phone FROM as_cap_intake_create")


def downgrade() -> None:
    """Back to 0002's log: values in the rows again, hidden by row security. What 0003 kept
    aside goes back into its rows; what its upgrade redacted in place stays "***"."""
    op.execute("GRANT UPDATE, DELETE ON app.customer_phone TO as_cap_intake_create")
    op.execute("DELETE FROM app.template_capability WHERE template = 'manager' "
               "AND capability IN ('operators.admin', 'settings.admin')")
    sync_operators("template = 'manager'")
    op.execute("DROP FUNCTION audit.sensitive_values(bigint)")
    for table, (keys, _secret, _capability) in AUDITED.items():
        arguments = ", ".join(f"'{key}'" for key in keys.split(","))
        op.execute(f"DROP TRIGGER audit_change ON {table}")
        op.execute(f"CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION audit.log_change({arguments})")
    install("audit/log_change.sql", revision="0002")
    op.execute(
        """
        UPDATE audit.change_log c
        SET old_values = c.old_values || coalesce(s.old_values, '{}'),
            new_values = c.new_values || coalesce(s.new_values, '{}')
        FROM audit.sensitive_value s WHERE s.change_id = c.id;
        DROP TABLE audit.sensitive_value;
        ALTER TABLE audit.change_log ENABLE ROW LEVEL SECURITY;
        CREATE POLICY change_log_read ON audit.change_log FOR SELECT TO as_cap_log_view
        USING (CASE table_name
                   WHEN 'app.customer_phone' THEN pg_catalog.pg_has_role(
                       session_user, 'as_cap_contacts_view', 'MEMBER')
                   WHEN 'app.item_cost' THEN pg_catalog.pg_has_role(
                       session_user, 'as_cap_costs_view', 'MEMBER')
                   ELSE true
               END);
        """
    )
