"""List summaries over a million tickets (data.listing.fetch_summary).

- `ticket_summary_idx`: the ticket list's coded columns and what a summary adds up, so
  that grouping the whole list by status and warranty class (or service mode, urgent,
  overdue, technician, region) is an index-only scan of about 85 MB instead of a scan of
  the 450 MB table (a million tickets: local two-level summary from about 2.5 s to the
  figure in docs/benchmarks.md). Key order: status, warranty class, service mode,
  urgent (the seed's 分类汇总 by status and warranty class then reads in index order).
- `app.shop_today()` is PARALLEL SAFE (it reads a setting and now()), so a summary that
  groups by the overdue column can still use parallel workers.
"""

from alembic import op

from aftersales_desktop.core.sql_files import install

revision = "0013"
down_revision = "0012"


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    op.execute("""
        CREATE INDEX ticket_summary_idx ON app.ticket
            (status, warranty_class, visit, urgent)
            INCLUDE (fee_total, technician_id, region_id, promised_on)""")
    install("core/shop_today.sql", revision="0013")


def downgrade() -> None:
    op.execute("SET ROLE as_owner")
    install("core/shop_today.sql", revision="0009")
    op.execute("DROP INDEX app.ticket_summary_idx")
