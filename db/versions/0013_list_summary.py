"""List summaries over a million tickets (data.listing.fetch_summary).

- The ticket tally: `app.ticket_tally` holds, for each status, warranty class, visit and
  urgency, how many tickets have them and their fee total; `app.ticket_tally_change`
  the changes appended since the last fold. A trigger on app.ticket appends (no row lock
  anybody waits for) and folds every 1000th change (`app.ticket_tally_compact`). The two,
  added up, equal the same GROUP BY over app.ticket, so the ticket list's summary by
  those columns (under filters on those columns only) adds up a few hundred rows instead
  of reading a million. Derived rows, not audited: they count audited ones.
- `ticket_summary_idx`: every other summary of the ticket list (by technician, region,
  overdue, or under other filters) reads this index only (about 85 MB) instead of the
  450 MB table.
- `app.shop_today()` is PARALLEL SAFE (it reads a setting and now()), so a summary that
  groups by the overdue column can still use parallel workers.
"""

from alembic import op

from aftersales_desktop.core.sql_files import install

revision = "0013"
down_revision = "0012"

TALLY_COLUMNS = """
            status text NOT NULL,
            warranty_class text NOT NULL,
            visit text NOT NULL,
            urgent boolean NOT NULL,"""
NEW_FILES = [
    "frontdesk/ticket_tally_compact.sql",
    "frontdesk/ticket_tally_rebuild.sql",
    "frontdesk/ticket_tally_track.sql",
    "frontdesk/ticket_tally_truncated.sql",
]
# nobody calls them but the trigger, the migration and a bulk load's owner
NEW_FUNCTIONS = ["app.ticket_tally_compact()", "app.ticket_tally_rebuild()",
                 "app.ticket_tally_track()", "app.ticket_tally_truncated()"]
TALLIED = "status, warranty_class, visit, urgent, fee_total"


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    op.execute(f"""
        CREATE TABLE app.ticket_tally ({TALLY_COLUMNS}
            tickets bigint NOT NULL,
            fee_total numeric NOT NULL,
            PRIMARY KEY (status, warranty_class, visit, urgent));
        CREATE TABLE app.ticket_tally_change (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,{TALLY_COLUMNS}
            tickets integer NOT NULL CHECK (tickets IN (-1, 1)),
            fee_total numeric(12,2) NOT NULL)""")
    op.execute("GRANT SELECT ON app.ticket_tally, app.ticket_tally_change TO as_operator")
    install(*NEW_FILES, revision="0013")
    for function in NEW_FUNCTIONS:
        op.execute(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
    op.execute("SELECT app.ticket_tally_rebuild()")
    op.execute("""
        CREATE TRIGGER ticket_tally AFTER INSERT OR DELETE ON app.ticket
            FOR EACH ROW EXECUTE FUNCTION app.ticket_tally_track()""")
    op.execute(f"""
        CREATE TRIGGER ticket_tally_update AFTER UPDATE OF {TALLIED} ON app.ticket
            FOR EACH ROW WHEN ((OLD.status, OLD.warranty_class, OLD.visit, OLD.urgent,
                                OLD.fee_total)
                               IS DISTINCT FROM (NEW.status, NEW.warranty_class, NEW.visit,
                                                 NEW.urgent, NEW.fee_total))
            EXECUTE FUNCTION app.ticket_tally_track()""")
    op.execute("""
        CREATE TRIGGER ticket_tally_truncate AFTER TRUNCATE ON app.ticket
            FOR EACH STATEMENT EXECUTE FUNCTION app.ticket_tally_truncated()""")
    op.execute("""
        CREATE INDEX ticket_summary_idx ON app.ticket
            (status, warranty_class, visit, urgent)
            INCLUDE (fee_total, technician_id, region_id, promised_on)""")
    install("core/shop_today.sql", revision="0013")


def downgrade() -> None:
    op.execute("SET ROLE as_owner")
    install("core/shop_today.sql", revision="0009")
    op.execute("DROP INDEX app.ticket_summary_idx")
    op.execute("DROP TRIGGER ticket_tally_truncate ON app.ticket")
    op.execute("DROP TRIGGER ticket_tally_update ON app.ticket")
    op.execute("DROP TRIGGER ticket_tally ON app.ticket")
    for function in NEW_FUNCTIONS:
        op.execute(f"DROP FUNCTION {function}")
    op.execute("DROP TABLE app.ticket_tally_change, app.ticket_tally")
