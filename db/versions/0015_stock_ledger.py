"""Stock you can trust: balances, one append-only ledger, moving-average cost, stock
documents with gapless numbers, cancellation by reversal, changing posted documents.

- `app.stock_balance`: one row per item x warehouse (quantity >= 0, moving-average unit
  cost, value; an empty balance is worth 0). `app.stock_move`: the ledger, one row per
  move with quantity, average and value before and after (each row's before is the
  previous row's after), append-only for everybody (a trigger refuses UPDATE, DELETE and
  TRUNCATE). Only `app.stock_apply` writes either, under locks taken in (item,
  warehouse) order; no operator may call it or write the tables.
- `app.stock_document` / `_line`: receipts, issues, transfers, scrap, merchant returns,
  opening balances and (for the stocktake) adjustments; draft -> posted -> cancelled.
  Numbers per prefix and shop year (`app.stock_counter`, taken last). The change log
  records documents and lines (a line's unit cost and amount redacted for costs.view).
- Costs (unit costs, averages, values, line costs and amounts) are readable only with
  costs.view: the other columns are granted column by column to every operator.
- Operators act through `app.stock_document_save / _post / _cancel / _change / _delete /
  _get` (docs/stock.md). The manager template gets stock.post (it had stock.edit_posted,
  which changes a posted document by posting a reversal and a replacement).
"""

from alembic import op

from aftersales_desktop.core.sql_files import install, sync_operators

revision = "0015"
down_revision = "0014"

FILES = [
    "stock/stock_kind_rules.sql", "stock/stock_next_number.sql",
    "stock/stock_ledger_immutable.sql", "stock/stock_move_value.sql",
    "stock/stock_apply.sql", "stock/stock_document_get.sql",
    "stock/stock_document_write.sql", "stock/stock_document_book.sql",
    "stock/stock_document_reverse.sql", "stock/stock_document_for_update.sql",
    "stock/stock_document_state_refusal.sql", "stock/stock_document_save.sql",
    "stock/stock_document_post.sql", "stock/stock_document_cancel.sql",
    "stock/stock_document_change.sql", "stock/stock_document_delete.sql",
]
# signature -> who may execute it (None: nobody but the owner)
FUNCTIONS = {
    "app.stock_kind_rules(text)": None,
    "app.stock_next_number(text)": None,
    "app.stock_ledger_immutable()": None,
    "app.stock_move_value(numeric, numeric, numeric, numeric, numeric, numeric)": None,
    "app.stock_apply(jsonb)": None,
    "app.stock_document_get(bigint)": "as_operator",
    "app.stock_document_write(jsonb, bigint)": None,
    "app.stock_document_book(bigint)": None,
    "app.stock_document_reverse(bigint, text, uuid)": None,
    "app.stock_document_for_update(jsonb)": None,
    "app.stock_document_state_refusal(app.stock_document, text)": None,
    "app.stock_document_save(jsonb)": "as_operator",
    "app.stock_document_post(jsonb)": "as_operator",
    "app.stock_document_cancel(jsonb)": "as_operator",
    "app.stock_document_change(jsonb)": "as_operator",
    "app.stock_document_delete(jsonb)": "as_operator",
}
TRIGGER_FUNCTION = "app.stock_ledger_immutable()"
KINDS = ("purchase_receipt", "other_receipt", "other_issue", "transfer", "scrap",
         "merchant_return", "opening", "stocktake_adjustment")
WORKING = ("'2000-01-01 00:00:00+00'::timestamptz", "'2200-01-01 00:00:00+00'::timestamptz")

# (table, column) readable without costs.view; the rest only with it
OPEN_COLUMNS = {
    "stock_balance": ("item_id", "warehouse_id", "quantity", "last_move_id"),
    "stock_move": ("id", "moved_at", "item_id", "warehouse_id", "quantity", "qty_before",
                   "qty_after", "source", "document_id", "document_line_id",
                   "requisition_line_id", "stocktake_line_id", "ticket_id",
                   "reverses_move_id", "operator"),
    "stock_document_line": ("id", "document_id", "line_no", "item_id", "quantity", "serial"),
}


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _at(column: str) -> str:
    return f"{column} >= {WORKING[0]} AND {column} < {WORKING[1]}"


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    op.execute(f"""
        CREATE TABLE app.stock_counter (
            prefix text NOT NULL,
            year integer NOT NULL,
            last_seq integer NOT NULL,
            CONSTRAINT stock_counter_pkey PRIMARY KEY (prefix, year),
            CONSTRAINT stock_counter_prefix_length CHECK (length(prefix) <= 2),
            CONSTRAINT stock_counter_prefix_check CHECK (prefix ~ '^[A-Z]{{2}}$'),
            CONSTRAINT stock_counter_year_check CHECK (year BETWEEN 2000 AND 2199),
            CONSTRAINT stock_counter_last_seq_check CHECK (last_seq >= 1));

        CREATE TABLE app.stock_document (
            id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT stock_document_pkey PRIMARY KEY,
            number text CONSTRAINT stock_document_number_key UNIQUE,
            kind text NOT NULL,
            state text NOT NULL DEFAULT 'draft',
            warehouse_id bigint NOT NULL
                CONSTRAINT stock_document_warehouse_id_fkey REFERENCES app.warehouse,
            to_warehouse_id bigint
                CONSTRAINT stock_document_to_warehouse_id_fkey REFERENCES app.warehouse,
            supplier text NOT NULL DEFAULT '',
            reason text NOT NULL DEFAULT '',
            remarks text NOT NULL DEFAULT '',
            doc_date date,
            reversal_of bigint CONSTRAINT stock_document_reversal_of_key UNIQUE
                CONSTRAINT stock_document_reversal_of_fkey REFERENCES app.stock_document,
            replaced_by bigint CONSTRAINT stock_document_replaced_by_key UNIQUE
                CONSTRAINT stock_document_replaced_by_fkey REFERENCES app.stock_document,
            operation_id uuid CONSTRAINT stock_document_operation_id_key UNIQUE,
            version integer NOT NULL DEFAULT 1,
            created_at timestamptz NOT NULL DEFAULT now(),
            created_by text NOT NULL DEFAULT session_user,
            updated_at timestamptz NOT NULL DEFAULT now(),
            updated_by text NOT NULL DEFAULT session_user,
            posted_at timestamptz,
            posted_by text,
            cancelled_at timestamptz,
            cancelled_by text,
            cancel_reason text NOT NULL DEFAULT '',
            CONSTRAINT stock_document_kind_choice CHECK (kind IN {_in(KINDS)}),
            CONSTRAINT stock_document_state_choice
                CHECK (state IN ('draft', 'posted', 'cancelled')),
            CONSTRAINT stock_document_posted_check
                CHECK ((state = 'draft') = (posted_at IS NULL)
                       AND (state = 'draft') = (doc_date IS NULL)),
            CONSTRAINT stock_document_cancelled_check
                CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL)),
            CONSTRAINT stock_document_target_check
                CHECK (to_warehouse_id IS DISTINCT FROM warehouse_id),
            CONSTRAINT stock_document_number_length CHECK (length(number) <= 30),
            CONSTRAINT stock_document_kind_length CHECK (length(kind) <= 30),
            CONSTRAINT stock_document_state_length CHECK (length(state) <= 10),
            CONSTRAINT stock_document_supplier_length CHECK (length(supplier) <= 100),
            CONSTRAINT stock_document_reason_length CHECK (length(reason) <= 200),
            CONSTRAINT stock_document_remarks_length CHECK (length(remarks) <= 500),
            CONSTRAINT stock_document_created_by_length CHECK (length(created_by) <= 63),
            CONSTRAINT stock_document_updated_by_length CHECK (length(updated_by) <= 63),
            CONSTRAINT stock_document_posted_by_length CHECK (length(posted_by) <= 63),
            CONSTRAINT stock_document_cancelled_by_length CHECK (length(cancelled_by) <= 63),
            CONSTRAINT stock_document_cancel_reason_length
                CHECK (length(cancel_reason) <= 200),
            CONSTRAINT stock_document_doc_date_range
                CHECK (doc_date >= '2000-01-01'::date AND doc_date <= '2199-12-31'::date),
            CONSTRAINT stock_document_created_at_range CHECK ({_at('created_at')}),
            CONSTRAINT stock_document_updated_at_range CHECK ({_at('updated_at')}),
            CONSTRAINT stock_document_posted_at_range CHECK ({_at('posted_at')}),
            CONSTRAINT stock_document_cancelled_at_range CHECK ({_at('cancelled_at')}));
        CREATE INDEX stock_document_list_idx ON app.stock_document (created_at DESC, id);

        CREATE TABLE app.stock_document_line (
            id bigint GENERATED ALWAYS AS IDENTITY
                CONSTRAINT stock_document_line_pkey PRIMARY KEY,
            document_id bigint NOT NULL CONSTRAINT stock_document_line_document_id_fkey
                REFERENCES app.stock_document ON DELETE CASCADE,
            line_no integer NOT NULL,
            item_id bigint NOT NULL
                CONSTRAINT stock_document_line_item_id_fkey REFERENCES app.item,
            quantity numeric(12,2) NOT NULL,
            unit_cost numeric(14,4),
            amount numeric(14,2),
            serial text,
            CONSTRAINT stock_document_line_document_id_line_no_key
                UNIQUE (document_id, line_no),
            CONSTRAINT stock_document_line_quantity_check CHECK (quantity <> 0),
            CONSTRAINT stock_document_line_unit_cost_check CHECK (unit_cost >= 0),
            CONSTRAINT stock_document_line_amount_check CHECK (amount >= 0),
            CONSTRAINT stock_document_line_quantity_finite CHECK (quantity <> 'NaN'::numeric),
            CONSTRAINT stock_document_line_unit_cost_finite
                CHECK (unit_cost <> 'NaN'::numeric),
            CONSTRAINT stock_document_line_amount_finite CHECK (amount <> 'NaN'::numeric),
            CONSTRAINT stock_document_line_serial_length CHECK (length(serial) <= 100));
        CREATE INDEX stock_document_line_item_idx ON app.stock_document_line (item_id);

        CREATE TABLE app.stock_move (
            id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT stock_move_pkey PRIMARY KEY,
            moved_at timestamptz NOT NULL DEFAULT now(),
            item_id bigint NOT NULL CONSTRAINT stock_move_item_id_fkey REFERENCES app.item,
            warehouse_id bigint NOT NULL
                CONSTRAINT stock_move_warehouse_id_fkey REFERENCES app.warehouse,
            quantity numeric(12,2) NOT NULL,
            qty_before numeric(12,2) NOT NULL,
            qty_after numeric(12,2) NOT NULL,
            unit_cost numeric(14,4) NOT NULL,
            avg_before numeric(14,4) NOT NULL,
            avg_after numeric(14,4) NOT NULL,
            value_change numeric(14,2) NOT NULL,
            value_before numeric(14,2) NOT NULL,
            value_after numeric(14,2) NOT NULL,
            source text NOT NULL,
            document_id bigint
                CONSTRAINT stock_move_document_id_fkey REFERENCES app.stock_document,
            document_line_id bigint CONSTRAINT stock_move_document_line_id_fkey
                REFERENCES app.stock_document_line,
            requisition_line_id bigint,
            stocktake_line_id bigint,
            ticket_id bigint CONSTRAINT stock_move_ticket_id_fkey REFERENCES app.ticket,
            reverses_move_id bigint
                CONSTRAINT stock_move_reverses_move_id_fkey REFERENCES app.stock_move,
            operator text NOT NULL DEFAULT session_user,
            CONSTRAINT stock_move_source_choice
                CHECK (source IN ('document', 'requisition', 'stocktake')),
            CONSTRAINT stock_move_quantity_check CHECK (quantity <> 0),
            CONSTRAINT stock_move_qty_before_check CHECK (qty_before >= 0),
            CONSTRAINT stock_move_qty_after_check CHECK (qty_after >= 0),
            CONSTRAINT stock_move_unit_cost_check CHECK (unit_cost >= 0),
            CONSTRAINT stock_move_avg_before_check CHECK (avg_before >= 0),
            CONSTRAINT stock_move_avg_after_check CHECK (avg_after >= 0),
            CONSTRAINT stock_move_value_before_check CHECK (value_before >= 0),
            CONSTRAINT stock_move_value_after_check CHECK (value_after >= 0),
            CONSTRAINT stock_move_chain_check CHECK (qty_after = qty_before + quantity
                AND value_after = value_before + value_change),
            CONSTRAINT stock_move_empty_check CHECK (qty_after <> 0 OR value_after = 0),
            CONSTRAINT stock_move_source_length CHECK (length(source) <= 20),
            CONSTRAINT stock_move_operator_length CHECK (length(operator) <= 63),
            CONSTRAINT stock_move_moved_at_range CHECK ({_at('moved_at')}));
        CREATE INDEX stock_move_balance_idx ON app.stock_move (item_id, warehouse_id, id);
        CREATE INDEX stock_move_document_idx ON app.stock_move (document_id);

        CREATE TABLE app.stock_balance (
            item_id bigint NOT NULL
                CONSTRAINT stock_balance_item_id_fkey REFERENCES app.item,
            warehouse_id bigint NOT NULL
                CONSTRAINT stock_balance_warehouse_id_fkey REFERENCES app.warehouse,
            quantity numeric(12,2) NOT NULL DEFAULT 0,
            unit_cost numeric(14,4) NOT NULL DEFAULT 0,
            value numeric(14,2) NOT NULL DEFAULT 0,
            last_move_id bigint
                CONSTRAINT stock_balance_last_move_id_fkey REFERENCES app.stock_move,
            CONSTRAINT stock_balance_pkey PRIMARY KEY (item_id, warehouse_id),
            CONSTRAINT stock_balance_quantity_check CHECK (quantity >= 0),
            CONSTRAINT stock_balance_unit_cost_check CHECK (unit_cost >= 0),
            CONSTRAINT stock_balance_value_check CHECK (value >= 0),
            CONSTRAINT stock_balance_empty_check CHECK (quantity <> 0 OR value = 0));
        CREATE INDEX stock_balance_warehouse_idx ON app.stock_balance (warehouse_id, item_id);

        -- a receipt looks up the waiting pre-orders of each item it brings
        CREATE INDEX part_preorder_waiting_item_idx ON app.part_preorder (item_id, ordered_at)
            WHERE state = 'waiting';
        """)
    finite = {
        "stock_move": ("quantity", "qty_before", "qty_after", "unit_cost", "avg_before",
                       "avg_after", "value_change", "value_before", "value_after"),
        "stock_balance": ("quantity", "unit_cost", "value"),
    }
    for table, columns in finite.items():
        op.execute(f"ALTER TABLE app.{table} " + ", ".join(
            f"ADD CONSTRAINT {table}_{c}_finite CHECK ({c} <> 'NaN'::numeric)" for c in columns))

    install(*FILES, revision="0015")
    for function, grantee in FUNCTIONS.items():
        op.execute(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
        if grantee:
            op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {grantee}")

    op.execute("CREATE TRIGGER stock_move_append_only BEFORE UPDATE OR DELETE ON app.stock_move "
               "FOR EACH ROW EXECUTE FUNCTION app.stock_ledger_immutable()")
    op.execute("CREATE TRIGGER stock_move_no_truncate BEFORE TRUNCATE ON app.stock_move "
               "FOR EACH STATEMENT EXECUTE FUNCTION app.stock_ledger_immutable()")
    op.execute("CREATE TRIGGER bump_version BEFORE UPDATE ON app.stock_document "
               "FOR EACH ROW EXECUTE FUNCTION app.bump_version()")
    op.execute("CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE "
               "ON app.stock_document FOR EACH ROW EXECUTE FUNCTION audit.log_change('id')")
    op.execute("CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE "
               "ON app.stock_document_line FOR EACH ROW EXECUTE FUNCTION "
               "audit.log_change('id', 'unit_cost,amount', 'costs.view')")
    op.execute("CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE "
               "ON app.stock_counter FOR EACH ROW EXECUTE FUNCTION "
               "audit.log_change('prefix,year')")

    op.execute("GRANT SELECT ON app.stock_document, app.stock_counter TO as_operator")
    for table, columns in OPEN_COLUMNS.items():
        op.execute(f"GRANT SELECT ({', '.join(columns)}) ON app.{table} TO as_operator")
        op.execute(f"GRANT SELECT ON app.{table} TO as_cap_costs_view")

    op.execute("INSERT INTO app.template_capability VALUES ('manager', 'stock.post')")
    sync_operators("template = 'manager'")
    # A shop has a handful of warehouses: autovacuum's default (analyze after 50 changes)
    # never analyzes the table, and without statistics the planner takes its one page
    # for ~560 warehouses and hashes every balance for a one-warehouse list (0.7 s on the
    # stock bench's 137,000 balances, 24 ms analyzed). Analyze after every change.
    op.execute("ALTER TABLE app.warehouse SET (autovacuum_analyze_threshold = 0, "
               "autovacuum_analyze_scale_factor = 0)")
    op.execute("ANALYZE app.warehouse")


def downgrade() -> None:
    op.execute("SET ROLE as_owner")
    op.execute("ALTER TABLE app.warehouse RESET (autovacuum_analyze_threshold, "
               "autovacuum_analyze_scale_factor)")
    op.execute("DELETE FROM app.template_capability "
               "WHERE template = 'manager' AND capability = 'stock.post'")
    sync_operators("template = 'manager'")
    # the functions taking or returning a document row go first (they need the table's
    # type), then the tables (with their triggers), then the trigger function
    for function in reversed(list(FUNCTIONS)):
        if function != TRIGGER_FUNCTION:
            op.execute(f"DROP FUNCTION {function}")
    op.execute("DROP TABLE app.stock_balance, app.stock_move, app.stock_document_line, "
               "app.stock_document, app.stock_counter")
    op.execute(f"DROP FUNCTION {TRIGGER_FUNCTION}")
    op.execute("DROP INDEX app.part_preorder_waiting_item_idx")
