-- Post a counted sheet (revision 0017). With the counted lines' balance rows locked,
-- each line gets the moves of its item in the warehouse since its ledger position, and
-- a counted line the adjustment
-- counted − (book at opening + moves since). A line whose item moved during the count
-- and whose count disagrees with the ledger is flagged: nobody knows whether it was
-- counted before or after the move, so it waits for a decision (app.stocktake_decide)
-- and never holds up the others. Every other counted line posts now, through one
-- 'stocktake_adjustment' document (app.stocktake_adjust); an uncounted line keeps its
-- book. The sheet is posted once: a second post is refused, unless it is the same call
-- resent (same operation id), which returns the sheet as it is.
-- p: {"id", "operation_id"?}
CREATE OR REPLACE FUNCTION app.stocktake_post(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    sheet_ app.stocktake;
    id_ bigint;
    operation_ uuid;
    ready bigint[];
BEGIN
    PERFORM app.stocktake_call(p);
    id_ := app.arg_id(p ->> 'id', 'stocktake');
    operation_ := app.arg_uuid(p ->> 'operation_id', 'operation_id');
    sheet_ := app.stocktake_for_update(id_);
    IF sheet_.state = 'posted' THEN
        IF operation_ IS NOT NULL AND sheet_.post_operation_id = operation_ THEN
            RETURN app.stocktake_get(sheet_.id);
        END IF;
        PERFORM app.refuse('stocktake_posted', sheet_.number);
    ELSIF sheet_.state <> 'open' THEN
        PERFORM app.refuse('stocktake_not_open', sheet_.number);
    END IF;

    -- the counted lines' balance rows, created if missing and then locked in (item,
    -- warehouse) order, exactly as app.stock_apply takes them (so the two never
    -- deadlock), before the book is read: nothing moves these items between the reading
    -- and the booking
    INSERT INTO app.stock_balance (item_id, warehouse_id)
    SELECT l.item_id, sheet_.warehouse_id FROM app.stocktake_line l
    WHERE l.stocktake_id = sheet_.id AND l.counted_qty IS NOT NULL
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING;
    PERFORM FROM app.stock_balance b
    WHERE b.warehouse_id = sheet_.warehouse_id
      AND b.item_id IN (SELECT l.item_id FROM app.stocktake_line l
                        WHERE l.stocktake_id = sheet_.id AND l.counted_qty IS NOT NULL)
    ORDER BY b.item_id, b.warehouse_id
    FOR UPDATE;
    UPDATE app.stocktake_line l
    SET moved_qty = s.moved, moved_during = s.moves > 0,
        adjustment = l.counted_qty - (l.book_qty + s.moved)
    FROM (SELECT l2.id, coalesce(sum(m.quantity), 0) AS moved, count(m.id) AS moves
          FROM app.stocktake_line l2
          LEFT JOIN app.stock_move m ON m.item_id = l2.item_id
                                    AND m.warehouse_id = sheet_.warehouse_id
                                    AND m.id > l2.opened_move_id
          WHERE l2.stocktake_id = sheet_.id
          GROUP BY l2.id) s
    WHERE l.id = s.id;

    SELECT coalesce(array_agg(l.id ORDER BY l.line_no), '{}') INTO ready
    FROM app.stocktake_line l
    WHERE l.stocktake_id = sheet_.id AND l.counted_qty IS NOT NULL
      AND NOT (l.moved_during AND l.adjustment <> 0);
    PERFORM app.stocktake_adjust(sheet_.id, ready);

    UPDATE app.stocktake
    SET state = 'posted', posted_at = now(), posted_by = session_user,
        post_operation_id = operation_
    WHERE id = sheet_.id;
    RETURN app.stocktake_get(sheet_.id);
END
$fn$;
