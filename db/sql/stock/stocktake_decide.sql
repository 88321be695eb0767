-- Decide the flagged lines of a posted sheet (revision 0017): 'adjust' makes the book
-- the count (the adjustment is counted − the balance as it is now, with every move since
-- the line was made, read with the balance row locked), 'keep' leaves the book as it is
-- (adjustment 0). The adjusted lines post together through a 'stocktake_adjustment'
-- document of their own. A line decided already is refused, unless the same decision is
-- sent again (a resent call), which changes nothing.
-- p: {"id", "decisions": [{"line_id", "decision"}]}
CREATE OR REPLACE FUNCTION app.stocktake_decide(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    sheet_ app.stocktake;
    id_ bigint;
    entry jsonb;
    k integer := 0;
    line_ app.stocktake_line;
    line_id_ bigint;
    decision_ text;
    adjust_ids bigint[] := '{}';
    keep_ids bigint[] := '{}';
BEGIN
    PERFORM app.stocktake_call(p);
    id_ := app.arg_id(p ->> 'id', 'stocktake');
    IF jsonb_typeof(p -> 'decisions') IS DISTINCT FROM 'array'
       OR jsonb_array_length(p -> 'decisions') = 0 THEN
        PERFORM app.arg_refusal('field_required', 'decision');
    END IF;
    IF jsonb_array_length(p -> 'decisions') > 5000 THEN
        PERFORM app.refuse('stocktake_too_many_lines', '5000');
    END IF;
    sheet_ := app.stocktake_for_update(id_);
    IF sheet_.state <> 'posted' THEN
        PERFORM app.refuse('stocktake_not_posted', sheet_.number);
    END IF;

    FOR entry IN SELECT value FROM jsonb_array_elements(p -> 'decisions') LOOP
        k := k + 1;
        IF jsonb_typeof(entry) IS DISTINCT FROM 'object' THEN
            PERFORM app.arg_refusal('field_required', 'decision', jsonb_build_object('n', k));
        END IF;
        line_id_ := app.arg_id(entry ->> 'line_id', 'line');
        decision_ := app.arg_text(entry ->> 'decision', 'decision', 10);
        IF decision_ IS NULL OR decision_ NOT IN ('adjust', 'keep') THEN
            PERFORM app.arg_refusal('field_choice_invalid', 'decision',
                                    jsonb_build_object('n', k));
        END IF;
        SELECT * INTO line_ FROM app.stocktake_line
        WHERE id = line_id_ AND stocktake_id = sheet_.id FOR UPDATE;
        IF NOT FOUND THEN
            PERFORM app.arg_refusal('reference_missing', 'line', jsonb_build_object('n', k));
        END IF;
        IF line_.decision IS NOT NULL THEN
            IF line_.decision = decision_ THEN
                CONTINUE;  -- the same decision resent: applied once
            END IF;
            PERFORM app.refuse('stocktake_line_decided', jsonb_build_object(
                'n', line_.line_no, 'line', line_.line_no)::text);
        END IF;
        IF NOT coalesce(line_.moved_during AND line_.adjustment <> 0, false) THEN
            PERFORM app.refuse('stocktake_line_not_flagged', jsonb_build_object(
                'n', line_.line_no, 'line', line_.line_no)::text);
        END IF;
        IF line_.id = ANY (adjust_ids || keep_ids) THEN
            PERFORM app.arg_refusal('field_listed_twice', 'line', jsonb_build_object('n', k));
        END IF;
        IF decision_ = 'adjust' THEN
            adjust_ids := adjust_ids || line_.id;
        ELSE
            keep_ids := keep_ids || line_.id;
        END IF;
    END LOOP;

    -- as in app.stocktake_post: the balance rows created if missing and locked in
    -- app.stock_apply's order before the book is read again
    INSERT INTO app.stock_balance (item_id, warehouse_id)
    SELECT l.item_id, sheet_.warehouse_id FROM app.stocktake_line l
    WHERE l.id = ANY (adjust_ids)
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING;
    PERFORM FROM app.stock_balance b
    WHERE b.warehouse_id = sheet_.warehouse_id
      AND b.item_id IN (SELECT l.item_id FROM app.stocktake_line l WHERE l.id = ANY (adjust_ids))
    ORDER BY b.item_id, b.warehouse_id
    FOR UPDATE;
    UPDATE app.stocktake_line l
    SET moved_qty = s.moved, adjustment = l.counted_qty - (l.book_qty + s.moved)
    FROM (SELECT l2.id, coalesce(sum(m.quantity), 0) AS moved
          FROM app.stocktake_line l2
          LEFT JOIN app.stock_move m ON m.item_id = l2.item_id
                                    AND m.warehouse_id = sheet_.warehouse_id
                                    AND m.id > l2.opened_move_id
          WHERE l2.id = ANY (adjust_ids)
          GROUP BY l2.id) s
    WHERE l.id = s.id;
    UPDATE app.stocktake_line
    SET decision = CASE WHEN id = ANY (adjust_ids) THEN 'adjust' ELSE 'keep' END,
        adjustment = CASE WHEN id = ANY (adjust_ids) THEN adjustment ELSE 0 END,
        decided_at = now(), decided_by = session_user
    WHERE id = ANY (adjust_ids || keep_ids);
    PERFORM app.stocktake_adjust(sheet_.id, adjust_ids);
    RETURN app.stocktake_get(sheet_.id);
END
$fn$;
