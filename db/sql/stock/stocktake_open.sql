-- Open a count sheet for a warehouse, optionally for one category and its subcategories
-- (revision 0017). Each line is an item with a balance in the warehouse; it records the
-- book quantity and the item's ledger position (its last move there) when the sheet
-- opens. Moves of one item in one warehouse queue for its balance row and take their
-- ledger ids while holding it, so "moves since" is every move of that item and warehouse
-- with a larger id, whatever commits meanwhile. One open sheet per warehouse (an index);
-- a resent call with the same operation id returns the sheet it made.
-- p: {"operation_id", "warehouse_id", "category_id"?, "remarks"?}
CREATE OR REPLACE FUNCTION app.stocktake_open(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    operation_ uuid;
    warehouse_ bigint;
    category_ bigint;
    remarks_ text;
    found_ bigint;
    number_ text;
    sheet_ bigint;
BEGIN
    PERFORM app.stocktake_call(p);
    operation_ := app.arg_uuid(p ->> 'operation_id', 'operation_id');
    IF operation_ IS NOT NULL THEN
        SELECT id INTO found_ FROM app.stocktake WHERE operation_id = operation_;
        IF FOUND THEN
            RETURN app.stocktake_get(found_);
        END IF;
    END IF;
    warehouse_ := app.arg_id(p ->> 'warehouse_id', 'warehouse');
    category_ := app.arg_id(p ->> 'category_id', 'category');
    remarks_ := coalesce(app.arg_text(p ->> 'remarks', 'remarks', 200), '');
    IF warehouse_ IS NULL THEN
        PERFORM app.refuse('stocktake_warehouse_required', 'warehouse');
    END IF;
    IF NOT EXISTS (SELECT FROM app.warehouse WHERE id = warehouse_ AND active) THEN
        PERFORM app.arg_refusal('reference_missing', 'warehouse');
    END IF;
    IF category_ IS NOT NULL AND NOT EXISTS (SELECT FROM app.item_category
                                             WHERE id = category_) THEN
        PERFORM app.arg_refusal('reference_missing', 'category');
    END IF;
    SELECT number INTO number_ FROM app.stocktake
    WHERE warehouse_id = warehouse_ AND state = 'open';
    IF FOUND THEN
        PERFORM app.refuse('stocktake_open_exists', number_);
    END IF;

    -- the PD number (app.stock_next_number): only other stocktakes wait for its counter
    INSERT INTO app.stocktake (number, operation_id, warehouse_id, category_id, remarks,
                               opened_move_id)
    VALUES (app.stock_next_number('PD'), operation_, warehouse_, category_, remarks_,
            coalesce((SELECT max(id) FROM app.stock_move), 0))
    RETURNING id INTO sheet_;

    WITH RECURSIVE scope (id, depth) AS (
        SELECT category_, 0 WHERE category_ IS NOT NULL
        UNION ALL
        SELECT c.id, s.depth + 1 FROM app.item_category c JOIN scope s ON c.parent_id = s.id
        WHERE s.depth < 50
    ), books AS (
        SELECT b.item_id, b.quantity,
               coalesce((SELECT max(m.id) FROM app.stock_move m
                         WHERE m.item_id = b.item_id AND m.warehouse_id = b.warehouse_id),
                        0) AS position
        FROM app.stock_balance b JOIN app.item i ON i.id = b.item_id
        WHERE b.warehouse_id = warehouse_
          AND (category_ IS NULL OR i.category_id IN (SELECT id FROM scope))
    )
    INSERT INTO app.stocktake_line (stocktake_id, line_no, item_id, book_qty,
                                    opened_move_id)
    SELECT sheet_, row_number() OVER (ORDER BY i.code), b.item_id, b.quantity, b.position
    FROM books b JOIN app.item i ON i.id = b.item_id;

    RETURN app.stocktake_get(sheet_);
END
$fn$;
