-- Refuses an action on document p_doc unless it is in state p_wanted ('draft' for
-- saving and deleting, 'posted' for cancelling and changing), naming its number; a
-- reversal is never cancelled or changed itself (cancel the original's replacement, or
-- post the original again).
CREATE OR REPLACE FUNCTION app.stock_document_state_refusal(p_doc app.stock_document,
                                                            p_wanted text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_doc.state = p_wanted AND (p_wanted = 'draft' OR p_doc.reversal_of IS NULL) THEN
        RETURN;
    END IF;
    IF p_doc.reversal_of IS NOT NULL THEN
        PERFORM app.refuse('stock_document_is_reversal', jsonb_build_object(
            'number', p_doc.number,
            'original', (SELECT number FROM app.stock_document WHERE id = p_doc.reversal_of)
        )::text);
    END IF;
    PERFORM app.refuse(CASE p_doc.state WHEN 'draft' THEN 'stock_document_draft'
                                        WHEN 'posted' THEN 'stock_document_posted'
                                        ELSE 'stock_document_cancelled' END,
                       coalesce(p_doc.number, ''));
END
$fn$;
