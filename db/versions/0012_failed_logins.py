"""Failed logins in the login history, read from the server's own log; the shop's time
zone comes with the session.

A failed login never reaches the database as its operator, so the database reads the
failures back from PostgreSQL's JSON log (app.record_failed_logins, owned by the NOLOGIN
role as_log_reader). That role's right to read the log (EXECUTE on pg_ls_logdir,
pg_current_logfile, pg_read_binary_file) is granted by the cluster superuser in
provisioning (server/provision.py), not here: a managed server's migrating role may not
be able to grant it, and without it the function records nothing and says why.
app.session_start calls it at every login and now also returns the shop's time zone.
"""

from alembic import op

from aftersales_desktop.core.sql_files import create_missing_roles, install

revision = "0012"
down_revision = "0011"

READER = "as_log_reader"


def upgrade() -> None:
    op.execute("RESET ROLE")
    create_missing_roles(op.get_bind(), [READER], "NOLOGIN")
    op.execute("SET ROLE as_owner")

    op.execute(
        """
        ALTER TABLE audit.login_event DROP CONSTRAINT login_event_event_check;
        ALTER TABLE audit.login_event ADD CONSTRAINT login_event_event_check
            CHECK (event IN ('login', 'logout', 'denied', 'failed'));
        ALTER TABLE audit.login_event ADD COLUMN log_line text;
        COMMENT ON COLUMN audit.login_event.log_line IS
            'A failed login: the server log line it was read from (session_id:line_num)';
        CREATE UNIQUE INDEX login_event_log_line_key ON audit.login_event (log_line)
            WHERE log_line IS NOT NULL;
        CREATE TABLE audit.server_log_read (
            file     text PRIMARY KEY,
            head     text NOT NULL,
            read_to  bigint NOT NULL CHECK (read_to >= 0),
            read_at  timestamptz NOT NULL
        );
        COMMENT ON TABLE audit.server_log_read IS
            'How far app.record_failed_logins has read each server log file';
        """
    )
    op.execute(f"GRANT USAGE ON SCHEMA audit TO {READER}")
    op.execute(f"GRANT INSERT ON audit.login_event TO {READER}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON audit.server_log_read TO {READER}")

    install("operators/record_failed_logins.sql", revision="0012")
    op.execute("REVOKE EXECUTE ON FUNCTION app.record_failed_logins() FROM PUBLIC")
    op.execute("RESET ROLE")
    op.execute(f"ALTER FUNCTION app.record_failed_logins() OWNER TO {READER}")
    # every operator's login reads the log (through session_start, owned by as_owner), and
    # the login history calls it directly; it returns only how many lines it recorded
    op.execute("GRANT EXECUTE ON FUNCTION app.record_failed_logins() TO as_owner, as_operator")
    op.execute("SET ROLE as_owner")
    install("operators/session_start.sql", revision="0012")


def downgrade() -> None:
    install("operators/session_start.sql", revision="0001")
    op.execute("RESET ROLE")
    op.execute("DROP FUNCTION app.record_failed_logins()")
    op.execute("SET ROLE as_owner")
    op.execute(
        """
        DROP TABLE audit.server_log_read;
        DELETE FROM audit.login_event WHERE event = 'failed';
        DROP INDEX audit.login_event_log_line_key;
        ALTER TABLE audit.login_event DROP COLUMN log_line;
        ALTER TABLE audit.login_event DROP CONSTRAINT login_event_event_check;
        ALTER TABLE audit.login_event ADD CONSTRAINT login_event_event_check
            CHECK (event IN ('login', 'logout', 'denied'));
        """
    )
    op.execute(f"REVOKE ALL ON audit.login_event FROM {READER}")
    op.execute(f"REVOKE USAGE ON SCHEMA audit FROM {READER}")
