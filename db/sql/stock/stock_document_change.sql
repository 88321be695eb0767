-- Changes a posted stock document (stock.edit_posted, and stock.post as for any
-- posting): {"id", "version", "operation_id", "change_reason", and the new content as
-- for app.stock_document_post, of the same kind}. In one transaction the original is
-- reversed (app.stock_document_reverse, dated today) and the replacement is posted with
-- its own number; the original records replaced_by. The reversal, the replacement and
-- the original's new state are all in the change log. Returns the replacement.
CREATE OR REPLACE FUNCTION app.stock_document_change(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    operation_ uuid;
    done_ bigint;
    d app.stock_document;
    reason_ text;
    reversal_ bigint;
    replacement_ bigint;
BEGIN
    PERFORM app.need('stock.edit_posted');
    PERFORM app.need('stock.post');
    IF jsonb_typeof(p) IS DISTINCT FROM 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'document');
    END IF;
    operation_ := app.arg_uuid(p ->> 'operation_id', 'operation_id');
    SELECT id INTO done_ FROM app.stock_document WHERE operation_id = operation_;
    IF FOUND THEN
        RETURN app.stock_document_get(done_);
    END IF;
    d := app.stock_document_for_update(p);
    PERFORM app.stock_document_state_refusal(d, 'posted');
    IF coalesce(p ->> 'kind', d.kind) <> d.kind THEN
        PERFORM app.refuse('stock_change_kind');
    END IF;
    reason_ := coalesce(app.arg_text(p ->> 'change_reason', 'change_reason', 200), '');
    reversal_ := app.stock_document_reverse(d.id, reason_, NULL);
    replacement_ := app.stock_document_write(
        (p - 'id' - 'version') || jsonb_build_object('kind', d.kind), NULL);
    PERFORM app.stock_document_book(replacement_);
    UPDATE app.stock_document SET replaced_by = replacement_ WHERE id = d.id;
    UPDATE app.stock_document
    SET number = app.stock_next_number(app.stock_kind_rules(kind) ->> 'prefix')
    WHERE id IN (reversal_, replacement_);
    RETURN app.stock_document_get(replacement_);
END
$fn$;
