"""Parts requisitioned against a repair ticket (领料), serials, old parts, settlement.

- `app.requisition`: one per ticket (its slip number LL2026-000001, taken at the first
  save, and a version every save moves); `app.requisition_line`: its lines. A line is an
  issue (a part taken from a warehouse and fitted; it may name the faulty part it
  replaces, which goes to a scrap or merchant-returns warehouse with its serial), a
  return (退料: an unused part back to a warehouse, against the issue line it came from)
  or a removal (a part taken out of the unit without a replacement). Deleted lines stay,
  marked deleted: the ledger rows they wrote name them.
- `app.requisition_save(p)`: the line changes of one ticket in one call. What each line
  moves is worked out from the line before and after the save (`app.requisition_moves`),
  so a new line takes its stock, a changed quantity moves the difference and a deleted
  line gives it back, one ledger row per item and warehouse through `app.stock_apply`
  (source 'requisition'); too little stock refuses the whole save with the numbers.
- `app.stock_serial`: one row per serial of an item, UNIQUE (item_id, serial), in a
  warehouse or fitted on a ticket, never both (`app.stock_serial_move`). A part swapped,
  removed and fitted again just moves.
- A settled ticket's requisitions are frozen. `app.ticket_settle` takes the ticket's
  requisitioned parts (net of returns) as its part lines, at the price stored on the line
  and billed as the ticket's warranty class says (app.billed_to_default); a typed part
  line on a ticket with requisitions is refused (the parts would be billed twice), and a
  settlement computed on other requisitions than the ticket now has is refused too.
- `app.ticket_detail` carries the requisition and its lines (the ticket tab's section,
  its history and the settlement dialog), still one round trip.
- Capabilities: adding lines needs requisition.create or requisition.edit; changing or
  deleting a line needs requisition.edit, or requisition.create for one's own line on the
  shop day it was made (docs/permissions.md).
"""

from alembic import op

from aftersales_desktop.core.sql_files import install

revision = "0016"
down_revision = "0015"

_WHO = 63
TEXT_MAX = {
    "requisition": {"number": 30, "created_by": _WHO, "updated_by": _WHO},
    "requisition_line": {"kind": 10, "billed_to": 20, "state": 10, "fitted_serial": 100,
                         "removed_serial": 100, "created_by": _WHO, "updated_by": _WHO},
    "stock_serial": {"serial": 100},
}
TIMES = {"requisition": ("created_at", "updated_at"),
         "requisition_line": ("created_at", "updated_at"),
         "stock_serial": ("updated_at",), "requisition_operation": ("done_at",)}
NUMBERS = {"requisition_line": ("quantity", "unit_price")}

NEW_FILES = ["stock/stock_serial_move.sql", "stock/requisition_moves.sql",
             "stock/requisition_lines.sql", "stock/requisition_save.sql"]
NEW_FUNCTIONS = ["app.stock_serial_move(bigint, text, bigint, bigint, bigint, bigint)",
                 "app.requisition_moves(app.requisition_line)",
                 "app.requisition_lines(bigint)", "app.requisition_save(jsonb)"]
CHANGED_0014 = ["frontdesk/ticket_settle.sql"]
CHANGED_0009 = ["frontdesk/ticket_detail.sql"]


def _limits(table: str) -> str:
    checks = [f"CONSTRAINT {table}_{column}_length CHECK (length({column}) <= {most})"
              for column, most in TEXT_MAX.get(table, {}).items()]
    checks += [f"CONSTRAINT {table}_{column}_range CHECK ({column} >= '2000-01-01 00:00:00+00'"
               f"::timestamptz AND {column} < '2200-01-01 00:00:00+00'::timestamptz)"
               for column in TIMES[table]]
    checks += [f"CONSTRAINT {table}_{column}_finite CHECK ({column} <> 'NaN'::numeric)"
               for column in NUMBERS.get(table, ())]
    return ",\n            ".join(checks)


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    op.execute(f"""
        CREATE TABLE app.requisition (
            ticket_id bigint PRIMARY KEY REFERENCES app.ticket,
            number text UNIQUE,
            version integer NOT NULL DEFAULT 1,
            created_at timestamptz NOT NULL DEFAULT now(),
            created_by text NOT NULL DEFAULT session_user,
            updated_at timestamptz NOT NULL DEFAULT now(),
            updated_by text NOT NULL DEFAULT session_user,
            {_limits("requisition")});
        CREATE TABLE app.requisition_line (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            ticket_id bigint NOT NULL REFERENCES app.requisition,
            kind text NOT NULL CHECK (kind IN ('issue', 'return', 'removed')),
            state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'deleted')),
            item_id bigint NOT NULL REFERENCES app.item,
            warehouse_id bigint NOT NULL REFERENCES app.warehouse,
            quantity numeric(12,2) NOT NULL CHECK (quantity > 0),
            unit_price numeric(12,2) NOT NULL DEFAULT 0 CHECK (unit_price >= 0),
            billed_to text NOT NULL CHECK (billed_to IN ('customer', 'manufacturer', 'shop')),
            return_of bigint REFERENCES app.requisition_line,
            fitted_serial text,
            removed_serial text,
            removed_to_warehouse_id bigint REFERENCES app.warehouse,
            version integer NOT NULL DEFAULT 1,
            created_at timestamptz NOT NULL DEFAULT now(),
            created_by text NOT NULL DEFAULT session_user,
            updated_at timestamptz NOT NULL DEFAULT now(),
            updated_by text NOT NULL DEFAULT session_user,
            CONSTRAINT requisition_line_return_of CHECK (
                (kind = 'return') = (return_of IS NOT NULL)),
            CONSTRAINT requisition_line_removed_to CHECK (
                kind <> 'removed' OR removed_to_warehouse_id = warehouse_id),
            CONSTRAINT requisition_line_serial_one CHECK (
                (fitted_serial IS NULL AND removed_serial IS NULL) OR quantity = 1),
            CONSTRAINT requisition_line_removed_serial_where CHECK (
                removed_serial IS NULL OR removed_to_warehouse_id IS NOT NULL),
            {_limits("requisition_line")});
        CREATE INDEX requisition_line_ticket_idx ON app.requisition_line (ticket_id, id);
        CREATE INDEX requisition_line_return_of_idx ON app.requisition_line (return_of)
            WHERE return_of IS NOT NULL;
        CREATE TABLE app.requisition_operation (
            operation_id uuid PRIMARY KEY,
            ticket_id bigint NOT NULL REFERENCES app.requisition,
            done_at timestamptz NOT NULL DEFAULT now(),
            {_limits("requisition_operation")});
        CREATE TABLE app.stock_serial (
            item_id bigint NOT NULL REFERENCES app.item,
            serial text NOT NULL CHECK (btrim(serial) <> ''),
            warehouse_id bigint REFERENCES app.warehouse,
            ticket_id bigint REFERENCES app.ticket,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (item_id, serial),
            CONSTRAINT stock_serial_one_place CHECK (warehouse_id IS NULL OR ticket_id IS NULL),
            {_limits("stock_serial")});
        CREATE INDEX stock_serial_ticket_idx ON app.stock_serial (ticket_id)
            WHERE ticket_id IS NOT NULL;
        ALTER TABLE app.stock_move ADD CONSTRAINT stock_move_requisition_line_fkey
            FOREIGN KEY (requisition_line_id) REFERENCES app.requisition_line;
        """)
    for table in ("requisition", "requisition_line"):
        op.execute(f"CREATE TRIGGER bump_version BEFORE UPDATE ON app.{table} "
                   "FOR EACH ROW EXECUTE FUNCTION app.bump_version()")
    for table, keys in (("requisition", "ticket_id"), ("requisition_line", "id"),
                        ("requisition_operation", "operation_id"),
                        ("stock_serial", "item_id,serial")):
        op.execute(f"CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON "
                   f"app.{table} FOR EACH ROW EXECUTE FUNCTION audit.log_change('{keys}', "
                   "'', '')")
    op.execute("GRANT SELECT ON app.requisition, app.requisition_line, "
               "app.requisition_operation, app.stock_serial TO as_operator")

    install(*NEW_FILES, revision="0016")
    for function in NEW_FUNCTIONS:
        op.execute(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION app.requisition_save(jsonb) "
               "TO as_cap_requisition_create, as_cap_requisition_edit")
    op.execute("GRANT EXECUTE ON FUNCTION app.requisition_lines(bigint) TO as_operator")
    install(*CHANGED_0014, *CHANGED_0009, revision="0016")


def downgrade() -> None:
    op.execute("SET ROLE as_owner")
    install(*CHANGED_0014, revision="0014")
    install(*CHANGED_0009, revision="0009")
    for function in reversed(NEW_FUNCTIONS):
        op.execute(f"DROP FUNCTION {function}")
    op.execute("""
        ALTER TABLE app.stock_move DROP CONSTRAINT stock_move_requisition_line_fkey;
        DROP TABLE app.stock_serial, app.requisition_operation, app.requisition_line,
            app.requisition;
        """)
