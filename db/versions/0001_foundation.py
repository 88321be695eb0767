"""Foundation: owner and operator roles, capability catalogue, operators, login log."""

from alembic import op

from aftersales_desktop.core.sql_files import create_missing_roles, install

revision = "0001"
down_revision = None

# The capability catalogue (code, English label). Each code is a NOLOGIN role
# "as_cap_<code with _ for .>"; docs/permissions.md describes what each allows.
CAPABILITIES = [
    ("intake.create", "Take in repairs"),
    ("intake.edit", "Edit repair tickets"),
    ("intake.cancel", "Cancel repair tickets"),
    ("warranty.override", "Override the warranty decision"),
    ("notice.send", "Send customer notices"),
    ("settlement.collect", "Settle and collect payment"),
    ("settlement.release_unsettled", "Release a unit without settlement"),
    ("settlement.void", "Void a settlement"),
    ("dispatch.assign", "Dispatch on-site jobs"),
    ("requisition.create", "Requisition parts"),
    ("requisition.edit", "Edit requisitions"),
    ("stock.post", "Post stock documents"),
    ("stock.edit_posted", "Edit posted stock documents"),
    ("costs.view", "See cost prices"),
    ("contacts.view", "See customer phone numbers"),
    ("callback.record", "Record callback surveys"),
    ("review.approve", "Review finished jobs"),
    ("commission.view_own", "See own commission"),
    ("commission.view_all", "See all commissions"),
    ("commission.rules", "Set commission rules"),
    ("commission.settle", "Settle monthly commissions"),
    ("masterdata.edit", "Edit master data"),
    ("reports.view", "View reports"),
    ("data.export", "Export lists to Excel"),
    ("operators.admin", "Administer operators"),
    ("settings.admin", "Change shop settings"),
    ("log.view", "Read the change log"),
]


def role_of(code: str) -> str:
    return "as_cap_" + code.replace(".", "_")


def upgrade() -> None:
    op.execute("RESET ROLE")
    create_missing_roles(op.get_bind(), [role_of(code) for code, _label in CAPABILITIES],
                         "NOLOGIN")
    op.execute("SET ROLE as_owner")

    op.execute("CREATE SCHEMA app")
    op.execute("CREATE SCHEMA audit")
    op.execute("REVOKE ALL ON SCHEMA app, audit FROM PUBLIC")
    op.execute("GRANT USAGE ON SCHEMA app TO as_operator")
    op.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA app, audit "
               "REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC")

    op.execute(
        """
        CREATE TABLE app.capability (
            code        text PRIMARY KEY,
            role_name   name NOT NULL UNIQUE,
            label       text NOT NULL,
            sort_order  integer NOT NULL
        )
        """
    )
    values = ",\n".join(
        f"('{code}', '{role_of(code)}', '{label}', {index})"
        for index, (code, label) in enumerate(CAPABILITIES, start=1)
    )
    op.execute(f"INSERT INTO app.capability (code, role_name, label, sort_order) VALUES {values}")
    op.execute("GRANT SELECT ON app.capability TO as_operator")

    op.execute(
        """
        CREATE TABLE app.operator (
            code        text PRIMARY KEY
                        CHECK (code ~ '^[a-z][a-z0-9_]{1,29}$'),
            name        text NOT NULL CHECK (btrim(name) <> ''),
            active      boolean NOT NULL DEFAULT true,
            created_at  timestamptz NOT NULL DEFAULT now(),
            created_by  text NOT NULL DEFAULT session_user
        )
        """
    )
    op.execute("COMMENT ON TABLE app.operator IS 'One row per login role that may use the shop'")
    op.execute("GRANT SELECT ON app.operator TO as_operator")

    op.execute(
        """
        CREATE TABLE audit.login_event (
            id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at           timestamptz NOT NULL DEFAULT clock_timestamp(),
            operator     text NOT NULL DEFAULT session_user,
            event        text NOT NULL CHECK (event IN ('login', 'logout')),
            workstation  text NOT NULL DEFAULT '',
            application  text NOT NULL DEFAULT '',
            client_addr  inet DEFAULT inet_client_addr()
        )
        """
    )
    op.execute("CREATE INDEX login_event_at_idx ON audit.login_event (at DESC)")
    op.execute("CREATE INDEX login_event_operator_idx ON audit.login_event (operator, at DESC)")
    op.execute("GRANT USAGE ON SCHEMA audit TO as_cap_log_view, as_cap_operators_admin")
    op.execute("GRANT SELECT ON audit.login_event TO as_cap_log_view, as_cap_operators_admin")

    install("operators/session_start.sql", "operators/session_end.sql", revision="0001")
    op.execute("REVOKE EXECUTE ON FUNCTION app.session_start(text, text) FROM PUBLIC")
    op.execute("REVOKE EXECUTE ON FUNCTION app.session_end(text, text) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION app.session_start(text, text) TO as_operator")
    op.execute("GRANT EXECUTE ON FUNCTION app.session_end(text, text) TO as_operator")
    op.execute("GRANT SELECT ON public.alembic_version TO as_operator")


def downgrade() -> None:
    op.execute("DROP SCHEMA audit CASCADE")
    op.execute("DROP SCHEMA app CASCADE")
