"""Capabilities enforced by the database: position templates, operator administration,
sensitive data in its own tables, and the audit trail.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

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

SECURITY = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"


def upgrade() -> None:
    op.execute("RESET ROLE")
    op.execute(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = "
        "'as_role_admin') THEN CREATE ROLE as_role_admin NOLOGIN CREATEROLE; END IF; END $$"
    )
    # The role administrator may hand out exactly the capability roles and as_operator.
    op.execute(
        """
        DO $$
        DECLARE r record;
        BEGIN
            FOR r IN SELECT role_name FROM app.capability LOOP
                EXECUTE format('GRANT %I TO as_role_admin WITH ADMIN OPTION', r.role_name);
            END LOOP;
            GRANT as_operator TO as_role_admin WITH ADMIN OPTION;
        END $$
        """
    )
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
    op.execute("RESET ROLE")
    op.execute(
        """
        DO $$
        DECLARE o record; c record;
        BEGIN
            FOR o IN SELECT code FROM app.operator LOOP
                IF current_setting('server_version_num')::int >= 160000 THEN
                    EXECUTE format('GRANT %I TO as_role_admin WITH ADMIN TRUE, INHERIT FALSE, '
                                   'SET FALSE', o.code);
                ELSE
                    EXECUTE format('GRANT %I TO as_role_admin WITH ADMIN OPTION', o.code);
                END IF;
                FOR c IN SELECT code, role_name FROM app.capability
                         WHERE pg_catalog.pg_has_role(o.code, role_name, 'MEMBER') LOOP
                    INSERT INTO app.operator_capability VALUES (o.code, c.code, true);
                    EXECUTE format('REVOKE %I FROM %I', c.role_name, o.code);
                END LOOP;
                SET LOCAL ROLE as_role_admin;
                PERFORM app.operator_sync(o.code);
                RESET ROLE;
            END LOOP;
        END $$
        """
    )
    op.execute("SET ROLE as_owner")


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
    op.execute(
        f"""
        CREATE FUNCTION audit.log_change() RETURNS trigger
        LANGUAGE plpgsql {SECURITY} AS $fn$
        DECLARE
            old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
            new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
            keys text[] := TG_ARGV;
            row_for_key jsonb := coalesce(new_row, old_row);
            fields text[];
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
            INSERT INTO audit.change_log (table_name, record_key, action, changed,
                                          old_values, new_values)
            VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
                    (SELECT string_agg(row_for_key ->> k, '/') FROM unnest(keys) k),
                    lower(TG_OP), fields, old_row, new_row);
            RETURN NULL;
        END
        $fn$;
        REVOKE EXECUTE ON FUNCTION audit.log_change() FROM PUBLIC;
        """
    )
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
    op.execute(
        f"""
        CREATE FUNCTION app.log_denied(p_action text, p_workstation text) RETURNS void
        LANGUAGE sql {SECURITY} AS $fn$
            INSERT INTO audit.login_event (operator, event, workstation, application, detail)
            SELECT session_user, 'denied', left(coalesce(p_workstation, ''), 100),
                   left(coalesce(current_setting('application_name', true), ''), 100),
                   left(coalesce(p_action, ''), 200)
            WHERE EXISTS (SELECT FROM app.operator WHERE code = session_user);
        $fn$;
        REVOKE EXECUTE ON FUNCTION app.log_denied(text, text) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION app.log_denied(text, text) TO as_operator;
        """
    )


def _operator_administration() -> None:
    # Tables the role administrator's functions write.
    op.execute("GRANT USAGE ON SCHEMA app TO as_role_admin")
    op.execute("GRANT SELECT, INSERT, UPDATE ON app.operator TO as_role_admin")
    op.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON app.operator_capability TO as_role_admin")
    op.execute("GRANT SELECT ON app.capability, app.position_template, app.template_capability "
               "TO as_role_admin")
    op.execute(
        f"""
        CREATE FUNCTION app.require_operators_admin() RETURNS void
        LANGUAGE plpgsql {SECURITY} AS $fn$
        BEGIN
            IF NOT (pg_catalog.pg_has_role(session_user, 'as_cap_operators_admin', 'MEMBER')
                    OR (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user))
            THEN
                RAISE EXCEPTION 'permission denied: operators.admin'
                    USING ERRCODE = '42501', HINT = 'aftersales:capability:operators.admin';
            END IF;
        END
        $fn$;

        CREATE FUNCTION app.operator_sync(p_code text) RETURNS void
        LANGUAGE plpgsql {SECURITY} AS $fn$
        DECLARE
            me app.operator;
            r record;
        BEGIN
            SELECT * INTO STRICT me FROM app.operator WHERE code = p_code;
            FOR r IN
                SELECT c.code, c.role_name,
                       coalesce(o.granted, t.capability IS NOT NULL) AS wanted,
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
            END LOOP;
            EXECUTE format('ALTER ROLE %I %s', p_code,
                           CASE WHEN me.active THEN 'LOGIN' ELSE 'NOLOGIN' END);
        END
        $fn$;

        CREATE FUNCTION app.operator_create(p_code text, p_name text, p_password_hash text,
                                            p_template text) RETURNS void
        LANGUAGE plpgsql {SECURITY} AS $fn$
        BEGIN
            PERFORM app.require_operators_admin();
            IF p_password_hash IS NULL OR p_password_hash !~ '^SCRAM-SHA-256\\$' THEN
                RAISE EXCEPTION 'the password must arrive as a SCRAM verifier'
                    USING ERRCODE = '22023', HINT = 'aftersales:password_not_hashed';
            END IF;
            IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = p_code) THEN
                RAISE EXCEPTION 'role % exists', p_code
                    USING ERRCODE = '42710', HINT = 'aftersales:operator_exists';
            END IF;
            INSERT INTO app.operator (code, name, template, password_changed_at)
            VALUES (p_code, p_name, p_template, now());
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE as_operator',
                           p_code, p_password_hash);
            PERFORM app.operator_sync(p_code);
        END
        $fn$;

        CREATE FUNCTION app.operator_update(p_code text, p_name text, p_template text,
                                            p_active boolean, p_version integer) RETURNS integer
        LANGUAGE plpgsql {SECURITY} AS $fn$
        DECLARE
            new_version integer;
        BEGIN
            PERFORM app.require_operators_admin();
            IF p_code = session_user AND NOT p_active THEN
                RAISE EXCEPTION 'you cannot disable yourself'
                    USING ERRCODE = '22023', HINT = 'aftersales:disable_self';
            END IF;
            UPDATE app.operator
               SET name = p_name, template = p_template, active = p_active,
                   updated_at = now(), version = version + 1
             WHERE code = p_code AND (p_version IS NULL OR version = p_version)
            RETURNING version INTO new_version;
            IF NOT FOUND THEN
                IF EXISTS (SELECT FROM app.operator WHERE code = p_code) THEN
                    RAISE EXCEPTION 'operator % changed meanwhile', p_code
                        USING ERRCODE = '40001', HINT = 'aftersales:stale';
                END IF;
                RAISE EXCEPTION 'no operator %', p_code
                    USING ERRCODE = '02000', HINT = 'aftersales:no_operator';
            END IF;
            PERFORM app.operator_sync(p_code);
            RETURN new_version;
        END
        $fn$;

        CREATE FUNCTION app.operator_set_capability(p_code text, p_capability text,
                                                    p_granted boolean) RETURNS void
        LANGUAGE plpgsql {SECURITY} AS $fn$
        BEGIN
            PERFORM app.require_operators_admin();
            IF p_code = session_user AND p_capability = 'operators.admin'
               AND p_granted IS DISTINCT FROM true THEN
                RAISE EXCEPTION 'you cannot remove your own operators.admin'
                    USING ERRCODE = '22023', HINT = 'aftersales:demote_self';
            END IF;
            IF p_granted IS NULL THEN
                DELETE FROM app.operator_capability
                 WHERE operator = p_code AND capability = p_capability;
            ELSE
                INSERT INTO app.operator_capability (operator, capability, granted)
                VALUES (p_code, p_capability, p_granted)
                ON CONFLICT (operator, capability) DO UPDATE SET granted = EXCLUDED.granted;
            END IF;
            UPDATE app.operator SET updated_at = now(), version = version + 1
             WHERE code = p_code;
            PERFORM app.operator_sync(p_code);
        END
        $fn$;

        CREATE FUNCTION app.operator_set_password(p_code text, p_password_hash text)
        RETURNS void
        LANGUAGE plpgsql {SECURITY} AS $fn$
        BEGIN
            IF p_code IS DISTINCT FROM session_user THEN
                PERFORM app.require_operators_admin();
            END IF;
            IF p_password_hash IS NULL OR p_password_hash !~ '^SCRAM-SHA-256\\$' THEN
                RAISE EXCEPTION 'the password must arrive as a SCRAM verifier'
                    USING ERRCODE = '22023', HINT = 'aftersales:password_not_hashed';
            END IF;
            IF NOT EXISTS (SELECT FROM app.operator WHERE code = p_code) THEN
                RAISE EXCEPTION 'no operator %', p_code
                    USING ERRCODE = '02000', HINT = 'aftersales:no_operator';
            END IF;
            EXECUTE format('ALTER ROLE %I PASSWORD %L', p_code, p_password_hash);
            UPDATE app.operator SET password_changed_at = now() WHERE code = p_code;
        END
        $fn$;
        """
    )
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
    op.execute("DROP FUNCTION audit.log_change()")
    op.execute("ALTER TABLE audit.login_event DROP COLUMN detail")
