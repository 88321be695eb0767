-- Posts a stock document in one call (stock.post): the content sent (as for
-- app.stock_document_save; without "lines", a saved draft as it is) is saved and posted
-- in the same transaction: stock moves (app.stock_document_book), the document is
-- dated today and takes its gapless number last. A refusal (too little stock, a bad
-- line) leaves nothing, not even the draft's new content. The same operation id sent
-- again answers the posted document without posting it twice.
CREATE OR REPLACE FUNCTION app.stock_document_post(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    operation_ uuid;
    done_ app.stock_document;
    d app.stock_document;
    id_ bigint;
    payload jsonb := p;
BEGIN
    PERFORM app.need('stock.post');
    IF jsonb_typeof(p) IS DISTINCT FROM 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'document');
    END IF;
    operation_ := app.arg_uuid(p ->> 'operation_id', 'operation_id');
    SELECT * INTO done_ FROM app.stock_document WHERE operation_id = operation_;
    IF FOUND THEN
        IF done_.state <> 'draft' THEN
            RETURN app.stock_document_get(done_.id);
        END IF;
        IF p ->> 'id' IS NULL THEN  -- its save went through, its answer was lost
            payload := p || jsonb_build_object('id', done_.id, 'version', done_.version);
        END IF;
    END IF;
    IF payload ->> 'id' IS NOT NULL THEN
        d := app.stock_document_for_update(payload);
        PERFORM app.stock_document_state_refusal(d, 'draft');
        id_ := CASE WHEN payload ? 'lines' THEN app.stock_document_write(payload, d.id)
                    ELSE d.id END;
    ELSE
        id_ := app.stock_document_write(payload, NULL);
    END IF;
    PERFORM app.stock_document_book(id_);
    UPDATE app.stock_document
    SET number = app.stock_next_number(app.stock_kind_rules(kind) ->> 'prefix'),
        operation_id = coalesce(operation_, operation_id)
    WHERE id = id_;
    RETURN app.stock_document_get(id_);
END
$fn$;
