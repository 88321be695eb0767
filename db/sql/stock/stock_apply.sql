-- The one posting primitive: every document, requisition and stocktake moves stock here,
-- and nothing else writes a balance or a ledger row (operators cannot call it; the
-- SECURITY DEFINER actions that can check the caller's capability first).
--
-- p_moves: an array of {"item_id", "warehouse_id", "quantity" (signed, not 0),
-- "unit_cost" (a receipt's cost; NULL: the average), "source" ('document',
-- 'requisition', 'stocktake'), "document_id", "document_line_id", "requisition_line_id",
-- "stocktake_line_id", "ticket_id", and optionally "line" (the line number a refusal
-- names), "opening" (true: refused unless the item x warehouse has no move yet),
-- "reverses_move_id" (the ledger row this move undoes: it takes back exactly the value
-- that row moved, in proportion when it undoes part of it, and when the balance has not
-- moved since, it is put back exactly as it was before that row, average included),
-- "value_of_move" (0-based index of an earlier move of the same call: this receipt
-- carries exactly the value that move took, a transfer's second leg)}.
--
-- The balance rows are created if missing and locked in one statement each, in
-- (item_id, warehouse_id) order, so two postings touching the same balances queue
-- instead of deadlocking; everything is computed under those locks, so posting order is
-- commit order and each ledger row's "before" is the previous row's "after". An issue of
-- more than the balance holds is refused (stock_insufficient, with the item, the
-- warehouse, what there is and what was needed) and nothing of the call stays.
-- Returns the ledger rows written, in the order of p_moves.
CREATE OR REPLACE FUNCTION app.stock_apply(p_moves jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    m jsonb;
    b app.stock_balance;
    orig app.stock_move;
    written app.stock_move;
    q numeric;
    computed record;
    given_value numeric;
    taken numeric[] := '{}';
    written_rows jsonb[] := '{}';  -- an array grows in place; a jsonb array is copied
BEGIN
    IF jsonb_typeof(p_moves) IS DISTINCT FROM 'array' OR jsonb_array_length(p_moves) = 0 THEN
        RAISE EXCEPTION 'stock_apply needs an array of moves' USING ERRCODE = '22023';
    END IF;
    INSERT INTO app.stock_balance (item_id, warehouse_id)
    SELECT DISTINCT (e ->> 'item_id')::bigint, (e ->> 'warehouse_id')::bigint
    FROM jsonb_array_elements(p_moves) e
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING;
    PERFORM 1 FROM app.stock_balance s
    WHERE (s.item_id, s.warehouse_id) IN (
        SELECT (e ->> 'item_id')::bigint, (e ->> 'warehouse_id')::bigint
        FROM jsonb_array_elements(p_moves) e)
    ORDER BY s.item_id, s.warehouse_id
    FOR UPDATE;

    FOR m IN SELECT e FROM jsonb_array_elements(p_moves) WITH ORDINALITY AS x(e, n) ORDER BY n
    LOOP
        q := (m ->> 'quantity')::numeric;
        IF q IS NULL OR q = 0 OR q = 'NaN' THEN
            RAISE EXCEPTION 'a move needs a quantity other than 0' USING ERRCODE = '22023';
        END IF;
        SELECT * INTO b FROM app.stock_balance s
        WHERE s.item_id = (m ->> 'item_id')::bigint
          AND s.warehouse_id = (m ->> 'warehouse_id')::bigint;
        IF coalesce((m ->> 'opening')::boolean, false) AND b.last_move_id IS NOT NULL THEN
            PERFORM app.refuse('stock_opening_has_moves', (
                SELECT jsonb_build_object('item_code', i.code, 'item_name', i.name,
                                          'warehouse', w.name, 'line', m -> 'line')
                FROM app.item i, app.warehouse w
                WHERE i.id = b.item_id AND w.id = b.warehouse_id)::text);
        END IF;
        IF q < 0 AND b.quantity < -q THEN
            PERFORM app.refuse('stock_insufficient', (
                SELECT jsonb_build_object('item_code', i.code, 'item_name', i.name,
                                          'warehouse', w.name,
                                          'have', trim_scale(b.quantity)::text,
                                          'need', trim_scale(-q)::text, 'line', m -> 'line')
                FROM app.item i, app.warehouse w
                WHERE i.id = b.item_id AND w.id = b.warehouse_id)::text);
        END IF;

        orig := NULL;
        given_value := NULL;
        IF m ->> 'reverses_move_id' IS NOT NULL THEN
            SELECT * INTO STRICT orig FROM app.stock_move
            WHERE id = (m ->> 'reverses_move_id')::bigint
              AND item_id = b.item_id AND warehouse_id = b.warehouse_id;
            IF sign(orig.quantity) = sign(q) OR abs(q) > abs(orig.quantity) THEN
                RAISE EXCEPTION 'move % cannot undo move %', q, orig.id USING ERRCODE = '22023';
            END IF;
            given_value := -round(orig.value_change * (-q / orig.quantity), 2);
        ELSIF m ->> 'value_of_move' IS NOT NULL THEN
            given_value := -taken[(m ->> 'value_of_move')::integer + 1];
        END IF;

        IF orig.id IS NOT NULL AND -q = orig.quantity AND b.quantity = orig.qty_after
           AND b.value = orig.value_after AND b.unit_cost = orig.avg_after THEN
            -- nothing moved since: back to exactly where that row started
            SELECT orig.unit_cost AS unit_cost, -orig.value_change AS value_change,
                   orig.avg_before AS avg_after
            INTO computed;
        ELSE
            SELECT * INTO computed FROM app.stock_move_value(
                b.quantity, b.value, b.unit_cost, q,
                CASE WHEN orig.id IS NOT NULL THEN orig.unit_cost
                     ELSE (m ->> 'unit_cost')::numeric END,
                given_value);
        END IF;

        INSERT INTO app.stock_move (item_id, warehouse_id, quantity, qty_before, qty_after,
                                    unit_cost, avg_before, avg_after, value_change,
                                    value_before, value_after, source, document_id,
                                    document_line_id, requisition_line_id, stocktake_line_id,
                                    ticket_id, reverses_move_id)
        VALUES (b.item_id, b.warehouse_id, q, b.quantity, b.quantity + q,
                computed.unit_cost, b.unit_cost, computed.avg_after, computed.value_change,
                b.value, b.value + computed.value_change, m ->> 'source',
                (m ->> 'document_id')::bigint, (m ->> 'document_line_id')::bigint,
                (m ->> 'requisition_line_id')::bigint, (m ->> 'stocktake_line_id')::bigint,
                (m ->> 'ticket_id')::bigint, orig.id)
        RETURNING * INTO written;
        UPDATE app.stock_balance SET quantity = written.qty_after, unit_cost = written.avg_after,
                                     value = written.value_after, last_move_id = written.id
        WHERE item_id = b.item_id AND warehouse_id = b.warehouse_id;
        taken := taken || written.value_change;
        written_rows := written_rows || jsonb_build_object(
            'id', written.id, 'item_id', written.item_id, 'warehouse_id', written.warehouse_id,
            'quantity', written.quantity, 'qty_after', written.qty_after,
            'unit_cost', written.unit_cost, 'value_change', written.value_change,
            'avg_after', written.avg_after, 'value_after', written.value_after,
            'document_line_id', written.document_line_id,
            'requisition_line_id', written.requisition_line_id,
            'stocktake_line_id', written.stocktake_line_id);
    END LOOP;
    RETURN to_jsonb(written_rows);
END
$fn$;
