-- Cancels a posted stock document (stock.post): {"id", "version", "reason",
-- "operation_id"}. A reversing document dated today, linked by reversal_of, takes
-- the next number of the original's prefix and undoes its moves (refused like any
-- posting when the stock it received is gone); the original is untouched but for its
-- state, who cancelled it, when and why. A second cancel is refused
-- (stock_document_cancelled), and so is cancelling a draft or a reversal. Returns the
-- original as app.stock_document_get shows it (with its reversal's number).
CREATE OR REPLACE FUNCTION app.stock_document_cancel(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    operation_ uuid;
    done_ app.stock_document;
    d app.stock_document;
    reason_ text;
    reversal_ bigint;
BEGIN
    PERFORM app.need('stock.post');
    IF jsonb_typeof(p) IS DISTINCT FROM 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'document');
    END IF;
    operation_ := app.arg_uuid(p ->> 'operation_id', 'operation_id');
    SELECT * INTO done_ FROM app.stock_document WHERE operation_id = operation_;
    IF FOUND THEN
        RETURN app.stock_document_get(coalesce(done_.reversal_of, done_.id));
    END IF;
    d := app.stock_document_for_update(p);
    PERFORM app.stock_document_state_refusal(d, 'posted');
    reason_ := coalesce(app.arg_text(p ->> 'reason', 'reason', 200), '');
    IF reason_ = '' THEN
        PERFORM app.refuse('reason_required');
    END IF;
    reversal_ := app.stock_document_reverse(d.id, reason_, operation_);
    UPDATE app.stock_document
    SET number = app.stock_next_number(app.stock_kind_rules(kind) ->> 'prefix')
    WHERE id = reversal_;
    RETURN app.stock_document_get(d.id);
END
$fn$;
