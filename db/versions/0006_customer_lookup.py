"""Returning-customer lookup: one call, one round trip, fast enough to run as the
counter types.

`app.customer_lookup(text, limit)` takes a phone (or part of one), a name or a device
serial and returns the matching customers with their phones, devices and last visits
as one jsonb array.

Indexes (measured on 200,000 customers, see docs/benchmarks.md "Returning-customer
lookup"):

- phones: a trigram GIN index on the phone *digits* (`replace(phone, '-', '')`:
  landlines are stored as "0571-8888888", so a fragment typed across the dash still
  matches). A 3-4 digit fragment yields 1-2 trigrams; the bitmap scan over them plus
  the recheck is a few milliseconds (EXPLAIN ANALYZE: Bitmap Index Scan on
  customer_phone_digits_trgm_idx).
- names: pg_trgm ignores CJK characters in a database with the C locale (which the
  embedded server uses: `show_trgm('张三丰')` is empty), so customer_name_trgm_idx
  cannot serve Chinese names. `app.text_bigrams(text)` cuts a text into its (lower
  case) character pairs; a GIN index over them finds every name containing a 2+
  character fragment, which LIKE then rechecks.
- serials: the existing trigram index on app.device.serial (3+ characters).
"""

from alembic import op

from aftersales_desktop.core.sql_files import install

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    install("core/text_bigrams.sql", revision="0006")
    # Operators need EXECUTE: inserting a customer evaluates it for the index.
    op.execute("REVOKE EXECUTE ON FUNCTION app.text_bigrams(text) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION app.text_bigrams(text) TO as_operator")
    op.execute(
        """
        CREATE INDEX customer_name_bigram_idx ON app.customer USING gin (app.text_bigrams(name));
        CREATE INDEX customer_phone_digits_trgm_idx ON app.customer_phone
            USING gin (replace(phone, '-', '') public.gin_trgm_ops);
        """
    )
    install("masterdata/customer_lookup.sql", revision="0006")
    op.execute("REVOKE EXECUTE ON FUNCTION app.customer_lookup(text, integer) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION app.customer_lookup(text, integer) TO as_operator")


def downgrade() -> None:
    op.execute(
        """
        DROP FUNCTION app.customer_lookup(text, integer);
        DROP INDEX app.customer_phone_digits_trgm_idx, app.customer_name_bigram_idx;
        DROP FUNCTION app.text_bigrams(text);
        """
    )
