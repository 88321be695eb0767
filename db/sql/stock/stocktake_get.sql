-- A sheet with its lines, as the stocktake screen shows it (revision 0017): header,
-- the adjustment documents it posted, and each line's item, book, count, moves since,
-- adjustment and status: 'open' (the sheet is open), 'uncounted' (posted without a
-- count: the book stands), 'agreed' (nothing to adjust), 'adjusted', 'awaiting' (moved
-- during the count and disagreeing: a decision is due) or 'kept' (decided: book kept).
-- No costs: a sheet is quantities only.
CREATE OR REPLACE FUNCTION app.stocktake_get(p_id bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    sheet_ app.stocktake;
    found_ jsonb;
BEGIN
    SELECT * INTO sheet_ FROM app.stocktake WHERE id = p_id;
    IF NOT FOUND THEN
        PERFORM app.arg_refusal('reference_missing', 'stocktake');
    END IF;
    SELECT jsonb_build_object(
        'id', sheet_.id, 'number', sheet_.number, 'state', sheet_.state,
        'version', sheet_.version,
        'warehouse_id', sheet_.warehouse_id, 'warehouse', w.name,
        'category_id', sheet_.category_id, 'category', c.name,
        'remarks', sheet_.remarks,
        'opened_at', sheet_.opened_at, 'opened_by', sheet_.opened_by,
        'posted_at', sheet_.posted_at, 'posted_by', sheet_.posted_by,
        'cancelled_at', sheet_.cancelled_at, 'cancelled_by', sheet_.cancelled_by,
        'cancel_reason', sheet_.cancel_reason,
        'documents', coalesce((
            SELECT jsonb_agg(jsonb_build_object('id', d.id, 'number', d.number)
                             ORDER BY d.id)
            FROM app.stock_document d
            WHERE d.id IN (SELECT l.document_id FROM app.stocktake_line l
                           WHERE l.stocktake_id = sheet_.id)), '[]'),
        'lines', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'id', l.id, 'line_no', l.line_no, 'item_id', l.item_id,
                'code', i.code, 'name', i.name, 'unit', i.unit, 'barcode', i.barcode,
                'book_qty', l.book_qty, 'counted_qty', l.counted_qty,
                'moved_qty', l.moved_qty, 'moved_during', l.moved_during,
                'adjustment', l.adjustment, 'decision', l.decision, 'added', l.added,
                'document_id', l.document_id,
                'status', CASE
                    WHEN sheet_.state <> 'posted' THEN 'open'
                    WHEN l.counted_qty IS NULL THEN 'uncounted'
                    WHEN l.decision = 'keep' THEN 'kept'
                    WHEN l.decision IS NULL AND l.moved_during AND l.adjustment <> 0
                        THEN 'awaiting'
                    WHEN l.adjustment = 0 THEN 'agreed'
                    ELSE 'adjusted' END)
                ORDER BY l.line_no)
            FROM app.stocktake_line l JOIN app.item i ON i.id = l.item_id
            WHERE l.stocktake_id = sheet_.id), '[]'))
    INTO found_
    FROM app.warehouse w LEFT JOIN app.item_category c ON c.id = sheet_.category_id
    WHERE w.id = sheet_.warehouse_id;
    RETURN found_;
END
$fn$;
