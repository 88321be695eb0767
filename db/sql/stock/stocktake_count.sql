-- Counted quantities for many lines of an open sheet in one call: a scanner's run, the
-- keyboard's changes or a workbook of counts (revision 0017). Each entry names an item
-- (and the grid's line number n, so a refusal lands on its line); "counted" sets the
-- count, or with "add": true adds to it (two clerks scanning the same item in two
-- aisles), and a null count clears it. An item not on the sheet adds a line with the
-- book quantity and ledger position it has now (0 and none for an item never stocked
-- here), so its moves from now on are its moves "since". Every value is checked before
-- anything is written; at most 5,000 entries a call.
-- p: {"id", "lines": [{"item_id", "counted", "add"?, "n"?}]}; returns the sheet as
-- app.stocktake_get does (the screen shows it at once: one round trip) with "changed",
-- the lines this call changed.
CREATE OR REPLACE FUNCTION app.stocktake_count(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    sheet_ app.stocktake;
    id_ bigint;
    entry jsonb;
    k integer := 0;
    n_ integer;
    item_ bigint;
    counted_ numeric;
    add_ boolean;
    items bigint[] := '{}';
    counts numeric[] := '{}';
    adds boolean[] := '{}';
    numbers integer[] := '{}';
    changed jsonb;
BEGIN
    PERFORM app.stocktake_call(p);
    id_ := app.arg_id(p ->> 'id', 'stocktake');
    IF jsonb_typeof(p -> 'lines') IS DISTINCT FROM 'array' THEN
        PERFORM app.arg_refusal('field_required', 'lines');
    END IF;
    IF jsonb_array_length(p -> 'lines') > 5000 THEN
        PERFORM app.refuse('stocktake_too_many_lines', '5000');
    END IF;
    FOR entry IN SELECT value FROM jsonb_array_elements(p -> 'lines') LOOP
        k := k + 1;
        IF jsonb_typeof(entry) IS DISTINCT FROM 'object' THEN
            PERFORM app.arg_refusal('field_required', 'item', jsonb_build_object('n', k));
        END IF;
        n_ := coalesce(app.arg_int(entry ->> 'n', 'n', 1, 100000), k);
        item_ := app.arg_id(entry ->> 'item_id', 'item');
        IF item_ IS NULL THEN
            PERFORM app.arg_refusal('field_required', 'item', jsonb_build_object('n', n_));
        END IF;
        counted_ := app.arg_money(entry ->> 'counted', 'counted');
        add_ := coalesce(app.arg_bool(entry ->> 'add', 'add'), false);
        IF add_ AND counted_ IS NULL THEN
            PERFORM app.arg_refusal('field_required', 'counted', jsonb_build_object('n', n_));
        END IF;
        items := items || item_;
        counts := counts || counted_;
        adds := adds || add_;
        numbers := numbers || n_;
    END LOOP;

    SELECT max(x.n) INTO n_ FROM unnest(items, numbers) AS x (item, n)
    GROUP BY x.item HAVING count(*) > 1 LIMIT 1;
    IF FOUND THEN
        PERFORM app.arg_refusal('field_listed_twice', 'item', jsonb_build_object('n', n_));
    END IF;

    sheet_ := app.stocktake_for_update(id_);
    IF sheet_.state <> 'open' THEN
        PERFORM app.refuse('stocktake_not_open', sheet_.number);
    END IF;
    SELECT x.n INTO n_ FROM unnest(items, numbers) AS x (item, n)
    WHERE NOT EXISTS (SELECT FROM app.item i WHERE i.id = x.item) LIMIT 1;
    IF FOUND THEN
        PERFORM app.arg_refusal('reference_missing', 'item', jsonb_build_object('n', n_));
    END IF;

    -- items not on the sheet yet: a line each, with what the book says now
    INSERT INTO app.stocktake_line (stocktake_id, line_no, item_id, book_qty,
                                    opened_move_id, added)
    SELECT sheet_.id,
           coalesce((SELECT max(line_no) FROM app.stocktake_line
                     WHERE stocktake_id = sheet_.id), 0)
               + row_number() OVER (ORDER BY x.ord),
           x.item,
           coalesce((SELECT b.quantity FROM app.stock_balance b
                     WHERE b.item_id = x.item AND b.warehouse_id = sheet_.warehouse_id), 0),
           coalesce((SELECT max(m.id) FROM app.stock_move m
                     WHERE m.item_id = x.item AND m.warehouse_id = sheet_.warehouse_id), 0),
           true
    FROM unnest(items) WITH ORDINALITY AS x (item, ord)
    WHERE NOT EXISTS (SELECT FROM app.stocktake_line l
                      WHERE l.stocktake_id = sheet_.id AND l.item_id = x.item);

    -- a count added to stays a quantity the column holds
    SELECT x.n INTO n_
    FROM unnest(items, counts, adds, numbers) AS x (item, counted, add_to, n)
    JOIN app.stocktake_line l ON l.stocktake_id = sheet_.id AND l.item_id = x.item
    WHERE x.add_to AND coalesce(l.counted_qty, 0) + x.counted >= 10000000000 LIMIT 1;
    IF FOUND THEN
        PERFORM app.arg_refusal('field_amount_too_large', 'counted',
                                jsonb_build_object('n', n_));
    END IF;

    WITH sent AS (
        SELECT * FROM unnest(items, counts, adds) AS x (item, counted, add_to)
    ), written AS (
        UPDATE app.stocktake_line l
        SET counted_qty = CASE WHEN s.add_to THEN coalesce(l.counted_qty, 0) + s.counted
                               ELSE s.counted END,
            counted_at = now(), counted_by = session_user
        FROM sent s
        WHERE l.stocktake_id = sheet_.id AND l.item_id = s.item
        RETURNING l.*
    )
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'id', w.id, 'line_no', w.line_no, 'item_id', w.item_id,
               'book_qty', w.book_qty, 'counted_qty', w.counted_qty, 'added', w.added)
               ORDER BY w.line_no), '[]')
    INTO changed FROM written w;
    RETURN app.stocktake_get(sheet_.id) || jsonb_build_object('changed', changed);
END
$fn$;
