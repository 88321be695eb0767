-- Posts the draft p_id (locked by the caller): its lines become moves through
-- app.stock_apply (a receipt into the warehouse, an issue out of it, a transfer out of it
-- and into the target carrying the same value, a stocktake adjustment by its lines'
-- signs), each line keeps the unit cost and amount it was posted at, and the document
-- is posted today (the shop's day: nothing is backdated). A posted purchase or other
-- receipt marks waiting pre-orders of its items arrived, oldest first, as far as the
-- received quantity covers them (app.preorder_arrive, which makes their notices due).
-- The number is not taken here: the caller takes it last (app.stock_next_number).
-- Operators cannot call it; the stocktake posts its adjustment documents through it.
CREATE OR REPLACE FUNCTION app.stock_document_book(p_id bigint) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    d app.stock_document;
    rules jsonb;
    moves jsonb[] := '{}';  -- grows in place (a jsonb array would be copied each time)
    line_ app.stock_document_line;
    written jsonb;
    signed numeric;
    base jsonb;
    arrival record;
    preorder record;
    left_ numeric;
BEGIN
    SELECT * INTO STRICT d FROM app.stock_document WHERE id = p_id;
    rules := app.stock_kind_rules(d.kind);
    FOR line_ IN SELECT * FROM app.stock_document_line WHERE document_id = d.id
                 ORDER BY line_no LOOP
        base := jsonb_build_object('item_id', line_.item_id, 'source', 'document',
                                   'document_id', d.id, 'document_line_id', line_.id,
                                   'line', line_.line_no);
        signed := CASE rules ->> 'direction'
                      WHEN 'in' THEN line_.quantity
                      WHEN 'adjust' THEN line_.quantity
                      ELSE -line_.quantity END;
        moves := moves || (base || jsonb_build_object(
            'warehouse_id', d.warehouse_id, 'quantity', signed, 'unit_cost', line_.unit_cost,
            'opening', d.kind = 'opening'));
        IF rules ->> 'direction' = 'transfer' AND d.to_warehouse_id IS NOT NULL THEN
            moves := moves || (base || jsonb_build_object(
                'warehouse_id', d.to_warehouse_id, 'quantity', line_.quantity,
                'value_of_move', cardinality(moves) - 1));
        END IF;
    END LOOP;
    written := app.stock_apply(to_jsonb(moves));
    -- each line: the cost and value of its first move (the receipt, or the issue out of
    -- the source warehouse)
    UPDATE app.stock_document_line dl
    SET unit_cost = (w.move ->> 'unit_cost')::numeric,
        amount = abs((w.move ->> 'value_change')::numeric)
    FROM (SELECT DISTINCT ON ((e ->> 'document_line_id')::bigint)
                 (e ->> 'document_line_id')::bigint AS line_id, e AS move
          FROM jsonb_array_elements(written) WITH ORDINALITY AS x(e, o)
          ORDER BY (e ->> 'document_line_id')::bigint, o) w
    WHERE dl.id = w.line_id
      -- a receipt's lines hold their cost already: no update, no change-log entry
      AND (dl.unit_cost, dl.amount) IS DISTINCT FROM
          ((w.move ->> 'unit_cost')::numeric, abs((w.move ->> 'value_change')::numeric));
    UPDATE app.stock_document SET state = 'posted', doc_date = app.shop_today(),
        posted_at = now(), posted_by = session_user, updated_at = now(),
        updated_by = session_user
    WHERE id = d.id;

    IF d.kind IN ('purchase_receipt', 'other_receipt') AND d.reversal_of IS NULL THEN
        FOR arrival IN
            SELECT l2.item_id, sum(l2.quantity) AS received
            FROM app.stock_document_line l2 WHERE l2.document_id = d.id
            GROUP BY l2.item_id ORDER BY l2.item_id
        LOOP
            left_ := arrival.received;
            FOR preorder IN
                SELECT po.id, po.quantity FROM app.part_preorder po
                WHERE po.item_id = arrival.item_id AND po.state = 'waiting'
                ORDER BY po.ordered_at, po.id
            LOOP
                EXIT WHEN preorder.quantity > left_;
                -- another receipt may have taken it meanwhile: the lock tells
                PERFORM FROM app.part_preorder
                WHERE id = preorder.id AND state = 'waiting' FOR UPDATE;
                IF FOUND THEN
                    PERFORM app.preorder_arrive(preorder.id, 'receipt');
                    left_ := left_ - preorder.quantity;
                END IF;
            END LOOP;
        END LOOP;
    END IF;
    RETURN written;
END
$fn$;
