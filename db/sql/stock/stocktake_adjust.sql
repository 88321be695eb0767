-- Post the adjustments of some lines of a sheet (revision 0017; internal: called by
-- app.stocktake_post and app.stocktake_decide, which have locked the sheet and the
-- lines' balance rows and set each line's adjustment from the book they read). The lines adjusting by a non-zero
-- quantity become one 'stocktake_adjustment' stock document with signed lines, booked
-- by app.stock_document_book like every other document (its moves go through
-- app.stock_apply, the one writer of balances and ledger rows): a surplus is received at
-- the balance's average cost (the item's cost price when the balance is empty), a
-- shortage issued at the average. Afterwards each line's balance must be its count: a
-- check that the locks make hold; if it ever did not, the transaction fails as a
-- serialization failure and the client's retry posts against the new book. The PY number is taken last. Returns the document's id, or NULL when no
-- line needed a move.
CREATE OR REPLACE FUNCTION app.stocktake_adjust(p_stocktake bigint, p_lines bigint[])
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    sheet_ app.stocktake;
    document_ bigint;
    wrong bigint;
BEGIN
    SELECT * INTO STRICT sheet_ FROM app.stocktake WHERE id = p_stocktake;
    IF NOT EXISTS (SELECT FROM app.stocktake_line
                   WHERE stocktake_id = p_stocktake AND id = ANY (p_lines)
                     AND adjustment <> 0) THEN
        RETURN NULL;
    END IF;

    INSERT INTO app.stock_document (kind, state, warehouse_id, reason, remarks)
    VALUES ('stocktake_adjustment', 'draft', sheet_.warehouse_id, sheet_.number,
            sheet_.remarks)
    RETURNING id INTO document_;
    INSERT INTO app.stock_document_line (document_id, line_no, item_id, quantity, unit_cost)
    SELECT document_, row_number() OVER (ORDER BY l.line_no), l.item_id, l.adjustment,
           CASE WHEN l.adjustment > 0 THEN coalesce(
               nullif((SELECT b.unit_cost FROM app.stock_balance b
                       WHERE b.item_id = l.item_id AND b.warehouse_id = sheet_.warehouse_id
                         AND b.quantity > 0), 0),
               (SELECT c.cost_price FROM app.item_cost c WHERE c.item_id = l.item_id),
               0) END
    FROM app.stocktake_line l
    WHERE l.stocktake_id = p_stocktake AND l.id = ANY (p_lines) AND l.adjustment <> 0;

    PERFORM app.stock_document_book(document_);

    SELECT l.id INTO wrong FROM app.stocktake_line l
    LEFT JOIN app.stock_balance b ON b.item_id = l.item_id
                                 AND b.warehouse_id = sheet_.warehouse_id
    WHERE l.stocktake_id = p_stocktake AND l.id = ANY (p_lines) AND l.adjustment <> 0
      AND coalesce(b.quantity, 0) <> l.counted_qty
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'stock moved while the stocktake posted (line %)', wrong
            USING ERRCODE = '40001';
    END IF;

    UPDATE app.stocktake_line SET document_id = document_
    WHERE stocktake_id = p_stocktake AND id = ANY (p_lines) AND adjustment <> 0;
    UPDATE app.stock_document SET number = app.stock_next_number('PY') WHERE id = document_;
    RETURN document_;
END
$fn$;
