-- Deletes a draft stock document and its lines (stock.post): {"id", "version"}. A posted
-- or cancelled document is never deleted (cancel it). Deleting one that is gone already
-- (a resend) answers the same.
CREATE OR REPLACE FUNCTION app.stock_document_delete(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    d app.stock_document;
    id_ bigint;
BEGIN
    PERFORM app.need('stock.post');
    IF jsonb_typeof(p) IS DISTINCT FROM 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'document');
    END IF;
    id_ := app.arg_id(p ->> 'id', 'id');
    IF id_ IS NOT NULL AND NOT EXISTS (SELECT FROM app.stock_document WHERE id = id_) THEN
        RETURN jsonb_build_object('id', id_, 'deleted', true);
    END IF;
    d := app.stock_document_for_update(p);
    PERFORM app.stock_document_state_refusal(d, 'draft');
    DELETE FROM app.stock_document WHERE id = d.id;
    RETURN jsonb_build_object('id', d.id, 'deleted', true);
END
$fn$;
