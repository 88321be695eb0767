"""Stocktake (盘点): count sheets per warehouse, posted through the ledger.

- `app.stocktake` (number PD2026-000001, warehouse, optional category with its
  subcategories, open → posted or cancelled; one open sheet per warehouse) and
  `app.stocktake_line` (item, the book quantity and the ledger position when the line was
  made, the counted quantity, and at posting the moves since, the adjustment, whether the
  item moved during the count and the decision on a flagged line).
- The operator functions (capability `stocktake`, one round trip each):
  `app.stocktake_open`, `app.stocktake_count` (many lines in one call: scanner,
  keyboard, Excel; an item not on the sheet adds a line), `app.stocktake_post`
  (adjustment = counted − (book at opening + moves since); a line whose item moved during
  the count and whose count disagrees with the ledger waits for a decision, the others
  post through one 'stocktake_adjustment' stock document; posting twice is refused),
  `app.stocktake_decide` (adjust to counted / keep book, posted later through a document
  of its own), `app.stocktake_cancel` (an open sheet) and `app.stocktake_get`.
- `app.stocktake_adjust` (internal) writes the adjustment document and moves the stock
  through `app.stock_apply`, the one writer of balances and ledger rows.
- The capability `stocktake` (role as_cap_stocktake) joins the catalogue and the
  warehouse, manager and administrator templates.
"""

from alembic import op

from aftersales_desktop.core.sql_files import create_missing_roles, install, sync_operators

revision = "0017"
down_revision = "0016"

CAPABILITY = ("stocktake", "as_cap_stocktake", "Count stock (stocktake)")
TEMPLATES = ("warehouse", "manager", "administrator")
_WHO = 63
_REASON = 200
WORKING = ("2000-01-01 00:00:00+00", "2200-01-01 00:00:00+00")

FILES = ["stock/stocktake_call.sql", "stock/stocktake_for_update.sql",
         "stock/stocktake_adjust.sql", "stock/stocktake_open.sql",
         "stock/stocktake_count.sql", "stock/stocktake_post.sql",
         "stock/stocktake_decide.sql", "stock/stocktake_cancel.sql",
         "stock/stocktake_get.sql"]
INTERNAL = ["app.stocktake_call(jsonb)", "app.stocktake_for_update(bigint)",
            "app.stocktake_adjust(bigint, bigint[])"]
OPERATOR_FUNCTIONS = ["app.stocktake_open(jsonb)", "app.stocktake_count(jsonb)",
                      "app.stocktake_post(jsonb)", "app.stocktake_decide(jsonb)",
                      "app.stocktake_cancel(jsonb)", "app.stocktake_get(bigint)"]

TABLES = """
CREATE TABLE app.stocktake (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number          text NOT NULL UNIQUE,
    operation_id    uuid UNIQUE,
    warehouse_id    bigint NOT NULL REFERENCES app.warehouse,
    category_id     bigint REFERENCES app.item_category,
    state           text NOT NULL DEFAULT 'open',
    remarks         text NOT NULL DEFAULT '',
    opened_at       timestamptz NOT NULL DEFAULT now(),
    opened_by       text NOT NULL DEFAULT session_user,
    opened_move_id  bigint NOT NULL DEFAULT 0 CHECK (opened_move_id >= 0),
    posted_at       timestamptz,
    posted_by       text,
    post_operation_id uuid UNIQUE,
    cancelled_at    timestamptz,
    cancelled_by    text,
    cancel_reason   text,
    version         integer NOT NULL DEFAULT 1,
    CONSTRAINT stocktake_state_choice CHECK (state IN ('open', 'posted', 'cancelled')),
    CONSTRAINT stocktake_number_length CHECK (length(number) <= 30),
    CONSTRAINT stocktake_state_length CHECK (length(state) <= 20),
    CONSTRAINT stocktake_remarks_length CHECK (length(remarks) <= 200),
    CONSTRAINT stocktake_opened_by_length CHECK (length(opened_by) <= 63),
    CONSTRAINT stocktake_posted_by_length CHECK (length(posted_by) <= 63),
    CONSTRAINT stocktake_cancelled_by_length CHECK (length(cancelled_by) <= 63),
    CONSTRAINT stocktake_cancel_reason_length CHECK (length(cancel_reason) <= 200),
    CONSTRAINT stocktake_opened_at_range CHECK (opened_at >= '{t0}'::timestamptz
                                                AND opened_at < '{t1}'::timestamptz),
    CONSTRAINT stocktake_posted_at_range CHECK (posted_at >= '{t0}'::timestamptz
                                                AND posted_at < '{t1}'::timestamptz),
    CONSTRAINT stocktake_cancelled_at_range CHECK (cancelled_at >= '{t0}'::timestamptz
                                                   AND cancelled_at < '{t1}'::timestamptz)
);
-- two open sheets of one warehouse would adjust the same item twice
CREATE UNIQUE INDEX stocktake_one_open_idx ON app.stocktake (warehouse_id)
    WHERE state = 'open';

CREATE TABLE app.stocktake_line (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stocktake_id    bigint NOT NULL REFERENCES app.stocktake,
    line_no         integer NOT NULL CHECK (line_no > 0),
    item_id         bigint NOT NULL REFERENCES app.item,
    book_qty        numeric(12,2) NOT NULL,
    opened_move_id  bigint NOT NULL DEFAULT 0 CHECK (opened_move_id >= 0),
    added           boolean NOT NULL DEFAULT false,
    counted_qty     numeric(12,2),
    counted_at      timestamptz,
    counted_by      text,
    moved_qty       numeric(12,2),
    moved_during    boolean,
    adjustment      numeric(12,2),
    decision        text,
    decided_at      timestamptz,
    decided_by      text,
    document_id     bigint REFERENCES app.stock_document,
    UNIQUE (stocktake_id, item_id),
    UNIQUE (stocktake_id, line_no),
    CONSTRAINT stocktake_line_book_qty_finite CHECK (book_qty <> 'NaN'::numeric),
    CONSTRAINT stocktake_line_book_qty_not_negative CHECK (book_qty >= 0::numeric),
    CONSTRAINT stocktake_line_counted_qty_finite CHECK (counted_qty <> 'NaN'::numeric),
    CONSTRAINT stocktake_line_counted_qty_not_negative CHECK (counted_qty >= 0::numeric),
    CONSTRAINT stocktake_line_moved_qty_finite CHECK (moved_qty <> 'NaN'::numeric),
    CONSTRAINT stocktake_line_adjustment_finite CHECK (adjustment <> 'NaN'::numeric),
    CONSTRAINT stocktake_line_decision_choice CHECK (decision IN ('adjust', 'keep')),
    CONSTRAINT stocktake_line_decision_length CHECK (length(decision) <= 10),
    CONSTRAINT stocktake_line_counted_by_length CHECK (length(counted_by) <= 63),
    CONSTRAINT stocktake_line_decided_by_length CHECK (length(decided_by) <= 63),
    CONSTRAINT stocktake_line_counted_at_range CHECK (counted_at >= '{t0}'::timestamptz
                                                      AND counted_at < '{t1}'::timestamptz),
    CONSTRAINT stocktake_line_decided_at_range CHECK (decided_at >= '{t0}'::timestamptz
                                                      AND decided_at < '{t1}'::timestamptz)
);
CREATE INDEX stocktake_line_item_idx ON app.stocktake_line (item_id);
CREATE INDEX stocktake_line_document_idx ON app.stocktake_line (document_id);

ALTER TABLE app.stock_move ADD CONSTRAINT stock_move_stocktake_line_id_fkey
    FOREIGN KEY (stocktake_line_id) REFERENCES app.stocktake_line;
CREATE INDEX stock_move_stocktake_line_idx ON app.stock_move (stocktake_line_id)
    WHERE stocktake_line_id IS NOT NULL;
""".format(t0=WORKING[0], t1=WORKING[1])


def upgrade() -> None:
    code, role, label = CAPABILITY
    op.execute("RESET ROLE")
    create_missing_roles(op.get_bind(), [role], "NOLOGIN")
    op.execute(f"GRANT {role} TO as_role_admin WITH ADMIN OPTION")
    op.execute("SET ROLE as_owner")
    op.execute("INSERT INTO app.capability (code, role_name, label, sort_order) "
               f"SELECT '{code}', '{role}', '{label}', max(sort_order) + 1 FROM app.capability")
    op.execute("INSERT INTO app.template_capability (template, capability) "
               f"SELECT t.code, '{code}' FROM app.position_template t "
               f"WHERE t.code IN ({', '.join(repr(t) for t in TEMPLATES)})")

    op.execute(TABLES)
    for table in ("app.stocktake", "app.stocktake_line"):
        op.execute(f"CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION audit.log_change('id', '', '')")
    op.execute("CREATE TRIGGER bump_version BEFORE UPDATE ON app.stocktake "
               "FOR EACH ROW EXECUTE FUNCTION app.bump_version()")
    # no costs on a sheet: every operator may read the sheets; only the functions write
    op.execute("GRANT SELECT ON app.stocktake, app.stocktake_line TO as_operator")

    install(*FILES, revision="0017")
    for function in INTERNAL + OPERATOR_FUNCTIONS:
        op.execute(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
    for function in OPERATOR_FUNCTIONS:
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO as_operator")
    sync_operators(f"template IN ({', '.join(repr(t) for t in TEMPLATES)})")


def downgrade() -> None:
    code, _role, _label = CAPABILITY
    op.execute("SET ROLE as_owner")
    for function in reversed(OPERATOR_FUNCTIONS + INTERNAL):
        op.execute(f"DROP FUNCTION {function}")
    op.execute("DROP INDEX app.stock_move_stocktake_line_idx")
    op.execute("ALTER TABLE app.stock_move DROP CONSTRAINT stock_move_stocktake_line_id_fkey")
    op.execute("DROP TABLE app.stocktake_line, app.stocktake")
    op.execute(f"DELETE FROM app.operator_capability WHERE capability = '{code}'")
    op.execute(f"DELETE FROM app.template_capability WHERE capability = '{code}'")
    sync_operators("true")
    op.execute("SET ROLE as_owner")
    op.execute(f"DELETE FROM app.capability WHERE code = '{code}'")
    # the role and the role administrator's hold on it stay: they belong to the cluster,
    # and another shop database on the same server may still grant it
    op.execute("RESET ROLE")
