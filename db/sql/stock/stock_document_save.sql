-- Saves a draft stock document (stock.post): a new one ({"operation_id", "kind",
-- "warehouse_id", "to_warehouse_id", "supplier", "reason", "remarks", "lines": [{"item_id",
-- "quantity", "unit_cost", "serial"}]}) or, with "id" and the "version" the screen loaded,
-- the draft's header and lines as sent. Nothing moves yet. The same operation id sent
-- again (a resend after a dropped connection) changes nothing and answers the document.
-- Returns the document as app.stock_document_get shows it.
CREATE OR REPLACE FUNCTION app.stock_document_save(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    operation_ uuid;
    done_ bigint;
    d app.stock_document;
    id_ bigint;
BEGIN
    PERFORM app.need('stock.post');
    IF jsonb_typeof(p) IS DISTINCT FROM 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'document');
    END IF;
    operation_ := app.arg_uuid(p ->> 'operation_id', 'operation_id');
    SELECT id INTO done_ FROM app.stock_document WHERE operation_id = operation_;
    IF FOUND THEN
        RETURN app.stock_document_get(done_);
    END IF;
    IF p ->> 'id' IS NOT NULL THEN
        d := app.stock_document_for_update(p);
        PERFORM app.stock_document_state_refusal(d, 'draft');
        id_ := app.stock_document_write(p, d.id);
    ELSE
        id_ := app.stock_document_write(p, NULL);
    END IF;
    RETURN app.stock_document_get(id_);
END
$fn$;
