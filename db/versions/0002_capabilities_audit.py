"""Capabilities enforced by the database: position templates, operator administration,
sensitive data in its own tables, and the audit trail.
"""

from alembic import op
from sqlalchemy import text

from aftersales_desktop.core.sql_files import create_missing_roles, install, sync_operators

revision = "0002"
down_revision = "0001"

TEMPLATES = [
    ("counter", "Counter staff", [
        "intake.create", "intake.edit", "notice.send", "settlement.collect", "contacts.view",
        "commission.view_own"]),
    ("dispatcher", "Dispatcher", [
        "dispatch.assign", "intake.edit", "contacts.view", "reports.view"]),
    ("technician", "Technician", ["requisition.create", "commission.view_own"]),
    ("warehouse", "Warehouse clerk", [
        "stock.post", "requisition.edit", "costs.view", "data.export", "reports.view"]),
    ("callback", "Callback staff", ["callback.record", "contacts.view"]),
    ("manager", "Manager", [
        "intake.create", "intake.edit", "intake.cancel", "warranty.override", "notice.send",
        "settlement.collect", "settlement.release_unsettled", "settlement.void",
        "dispatch.assign", "requisition.edit", "stock.edit_posted", "costs.view",
        "contacts.view", "callback.record", "review.approve", "commission.view_all",
        "commission.rules", "commission.settle", "masterdata.edit", "reports.view",
        "data.export", "log.view"]),
    ("administrator", "Administrator", None),  # None = every capability
]

# Tables that record business facts: each gets the audit trigger.
AUDITED = [
    # app.capability too: its role_name decides which role operator_sync GRANTs.
    "app.capability", "app.operator", "app.operator_capability", "app.position_template",
    "app.template_capability", "app.customer", "app.customer_phone", "app.item",
    "app.item_cost",
]


def upgrade() -> None:
    op.execute("RESET ROLE")
    create_missing_roles(op.get_bind(), ["as_role_admin"], "NOLOGIN CREATEROLE")
    # The role administrator may hand out exactly the capability roles and as_operator.
    for role in op.get_bind().execute(text("SELECT role_name FROM app.capability")).scalars():
        op.execute(f"GRANT {role} TO as_role_admin WITH ADMIN OPTION")
    op.execute("GRANT as_operator TO as_role_admin WITH ADMIN OPTION")
    op.execute("SET ROLE as_owner")

    # -- position templates ---------------------------------------------------
    op.execute(
        """
        CREATE TABLE app.position_template (
            code        text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,30}$'),
            label       text NOT NULL,
            sort_order  integer NOT NULL DEFAULT 0
        );
        CREATE TABLE app.template_capability (
            template    text NOT NULL REFERENCES app.position_template ON DELETE CASCADE,
            capability  text NOT NULL REFERENCES app.capability,
            PRIMARY KEY (template, capability)
        );
        """
    )
    for index, (code, label, caps) in enumerate(TEMPLATES, start=1):
        op.execute(f"INSERT INTO app.position_template VALUES ('{code}', '{label}', {index})")
        if caps is None:
            op.execute(f"INSERT INTO app.template_capability SELECT '{code}', code "
                       "FROM app.capability")
        else:
            values = ", ".join(f"('{code}', '{cap}')" for cap in caps)
            op.execute(f"INSERT INTO app.template_capability VALUES {values}")

    op.execute(
        """
        ALTER TABLE app.operator
            ADD COLUMN template text REFERENCES app.position_template,
            ADD COLUMN password_changed_at timestamptz,
            ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
            ADD COLUMN version integer NOT NULL DEFAULT 1;
        CREATE TABLE app.operator_capability (
            operator    text NOT NULL REFERENCES app.operator ON UPDATE CASCADE,
            capability  text NOT NULL REFERENCES app.capability,
            granted     boolean NOT NULL,
            PRIMARY KEY (operator, capability)
        );
        COMMENT ON TABLE app.operator_capability IS
            'Per-operator additions (granted) and removals (not granted) against the template';
        """
    )
    op.execute("GRANT SELECT ON app.position_template, app.template_capability, "
               "app.operator_capability TO as_operator")

    # -- sensitive data lives in its own tables ---------------------------------
    op.execute(
        """
        CREATE TABLE app.customer (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            code        text NOT NULL UNIQUE,
            name        text NOT NULL CHECK (btrim(name) <> ''),
            created_at  timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE app.customer_phone (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            customer_id bigint NOT NULL REFERENCES app.customer ON DELETE CASCADE,
            phone       text NOT NULL CHECK (phone ~ '^[0-9+\\- ]{5,20}$'),
            is_primary  boolean NOT NULL DEFAULT false
        );
        CREATE INDEX customer_phone_customer_idx ON app.customer_phone (customer_id);
        CREATE TABLE app.item (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            code        text NOT NULL UNIQUE,
            name        text NOT NULL CHECK (btrim(name) <> ''),
            sale_price  numeric(12,2) NOT NULL DEFAULT 0 CHECK (sale_price >= 0)
        );
        CREATE TABLE app.item_cost (
            item_id     bigint PRIMARY KEY REFERENCES app.item ON DELETE CASCADE,
            cost_price  numeric(12,2) NOT NULL CHECK (cost_price >= 0)
        );
        """
    )
    op.execute("GRANT SELECT ON app.customer, app.item TO as_operator")
    op.execute("GRANT INSERT, UPDATE ON app.customer TO as_cap_masterdata_edit, "
               "as_cap_intake_create")
    op.execute("GRANT INSERT, UPDATE, DELETE ON app.customer_phone TO as_cap_masterdata_edit, "
               "as_cap_intake_create")
    op.execute("GRANT SELECT ON app.customer_phone TO as_cap_contacts_view")
    op.execute("GRANT INSERT, UPDATE ON app.item TO as_cap_masterdata_edit")
    op.execute("GRANT INSERT, UPDATE ON app.item_cost TO as_cap_masterdata_edit")
    op.execute("GRANT SELECT ON app.item_cost TO as_cap_costs_view")

    _audit_trail()
    _operator_administration()
    _adopt_existing_operators()


def _adopt_existing_operators() -> None:
    """Operators made by revision 0001 got their grants from a superuser: hand them to
    as_role_admin (which must be the grantor to revoke later) as explicit capabilities."""
    bind = op.get_bind()
    op.execute("RESET ROLE")
    admin_only = ("WITH ADMIN TRUE, INHERIT FALSE, SET FALSE"
                  if int(bind.execute(text("SHOW server_version_num")).scalar_one()) >= 160000
                  else "WITH ADMIN OPTION")
    for code in bind.execute(text("SELECT code FROM app.operator")).scalars().all():
        op.execute(f'GRANT "{code}" TO as_role_admin {admin_only}')
        held = bind.execute(text("SELECT code, role_name FROM app.capability WHERE "
                                 "pg_catalog.pg_has_role(:code, role_name, 'MEMBER')"),
                            {"code": code}).all()
        for capability, role in held:
            bind.execute(text("INSERT INTO app.operator_capability VALUES (:code, :cap, true)"),
                         {"code": code, "cap": capability})
            op.execute(f'REVOKE {role} FROM "{code}"')
    sync_operators("true")


def _audit_trail() -> None:
    op.execute(
        """
        CREATE TABLE audit.change_log (
            id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at           timestamptz NOT NULL DEFAULT clock_timestamp(),
            tx           bigint NOT NULL DEFAULT txid_current(),
            operator     text NOT NULL DEFAULT session_user,
            application  text NOT NULL
                         DEFAULT coalesce(current_setting('application_name', true), ''),
            client_addr  inet DEFAULT inet_client_addr(),
            table_name   text NOT NULL,
            record_key   text NOT NULL,
            action       text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
            changed      text[] NOT NULL DEFAULT '{}',
            old_values   jsonb,
            new_values   jsonb
        );
        CREATE INDEX change_log_at_idx ON audit.change_log (at DESC);
        CREATE INDEX change_log_record_idx ON audit.change_log (table_name, record_key, at DESC);
        CREATE INDEX change_log_operator_idx ON audit.change_log (operator, at DESC);
        """
    )
    install("audit/log_change.sql", revision="0002")
    op.execute("REVOKE EXECUTE ON FUNCTION audit.log_change() FROM PUBLIC")
    keys = {
        "app.operator": "code", "app.operator_capability": "operator', 'capability",
        "app.position_template": "code", "app.template_capability": "template', 'capability",
        "app.capability": "code",
    }
    for table in AUDITED:
        key = keys.get(table, "id" if table != "app.item_cost" else "item_id")
        op.execute(f"CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION audit.log_change('{key}')")
    op.execute("GRANT SELECT ON audit.change_log TO as_cap_log_view")
    # Security fix: the log keeps the old/new values of app.customer_phone and
    # app.item_cost, so log.view alone revealed what contacts.view and costs.view protect.
    # Row security shows those tables' entries only to operators holding the capability
    # (the trigger writes as the owner, which row security does not restrict).
    op.execute(
        """
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

    op.execute(
        """
        ALTER TABLE audit.login_event DROP CONSTRAINT login_event_event_check;
        ALTER TABLE audit.login_event ADD CONSTRAINT login_event_event_check
            CHECK (event IN ('login', 'logout', 'denied'));
        ALTER TABLE audit.login_event ADD COLUMN detail text NOT NULL DEFAULT '';
        """
    )
    install("operators/log_denied.sql", revision="0002")
    op.execute("REVOKE EXECUTE ON FUNCTION app.log_denied(text, text) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION app.log_denied(text, text) TO as_operator")


def _operator_administration() -> None:
    # Tables the role administrator's functions write.
    op.execute("GRANT USAGE ON SCHEMA app TO as_role_admin")
    op.execute("GRANT SELECT, INSERT, UPDATE ON app.operator TO as_role_admin")
    op.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON app.operator_capability TO as_role_admin")
    op.execute("GRANT SELECT ON app.capability, app.position_template, app.template_capability "
               "TO as_role_admin")
    install("operators/require_operators_admin.sql", "operators/operator_sync.sql",
            "operators/operator_create.sql", "operators/operator_update.sql",
            "operators/operator_set_capability.sql", "operators/operator_set_password.sql",
            revision="0002")
    functions = [
        "app.require_operators_admin()", "app.operator_sync(text)",
        "app.operator_create(text, text, text, text)",
        "app.operator_update(text, text, text, boolean, integer)",
        "app.operator_set_capability(text, text, boolean)",
        "app.operator_set_password(text, text)",
    ]
    for fn in functions:
        op.execute(f"REVOKE EXECUTE ON FUNCTION {fn} FROM PUBLIC")
    op.execute("RESET ROLE")
    for fn in functions:
        op.execute(f"ALTER FUNCTION {fn} OWNER TO as_role_admin")
    for fn in functions[2:]:
        op.execute(f"GRANT EXECUTE ON FUNCTION {fn} TO as_operator")
    op.execute("SET ROLE as_owner")


def downgrade() -> None:
    op.execute("RESET ROLE")
    op.execute("DROP FUNCTION app.operator_set_password(text, text), "
               "app.operator_set_capability(text, text, boolean), "
               "app.operator_update(text, text, text, boolean, integer), "
               "app.operator_create(text, text, text, text), app.operator_sync(text), "
               "app.require_operators_admin(), app.log_denied(text, text)")
    op.execute("SET ROLE as_owner")
    op.execute("DROP TABLE audit.change_log, app.item_cost, app.item, app.customer_phone, "
               "app.customer, app.operator_capability, app.template_capability CASCADE")
    op.execute("ALTER TABLE app.operator DROP COLUMN template, DROP COLUMN password_changed_at, "
               "DROP COLUMN updated_at, DROP COLUMN version")
    op.execute("DROP TABLE app.position_template")
    op.execute("DROP TRIGGER audit_change ON app.operator")
    op.execute("DROP TRIGGER audit_change ON app.capability")
    op.execute("DROP FUNCTION audit.log_change()")
    op.execute("REVOKE ALL ON app.operator, app.capability FROM as_role_admin")
    op.execute("REVOKE USAGE ON SCHEMA app FROM as_role_admin")
    op.execute(
        """
        ALTER TABLE audit.login_event DROP COLUMN detail;
        ALTER TABLE audit.login_event DROP CONSTRAINT login_event_event_check;
        ALTER TABLE audit.login_event ADD CONSTRAINT login_event_event_check
            CHECK (event IN ('login', 'logout'));
        """
    )
