-- The document an action names ({"id", "version"}), locked for the action: refused when
-- it no longer exists, or when someone changed it since the screen loaded it (the version
-- the screen sent is not the document's: document_stale, naming who and when).
CREATE OR REPLACE FUNCTION app.stock_document_for_update(p jsonb) RETURNS app.stock_document
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    id_ bigint := app.arg_id(p ->> 'id', 'id');
    version_ integer := app.arg_int(p ->> 'version', 'version', 1, 2147483647);
    d app.stock_document;
BEGIN
    SELECT * INTO d FROM app.stock_document WHERE id = id_ FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('stock_document_missing');
    END IF;
    IF version_ IS NULL OR version_ <> d.version THEN
        PERFORM app.refuse('document_stale', jsonb_build_object(
            'who', d.updated_by, 'when', d.updated_at)::text);
    END IF;
    RETURN d;
END
$fn$;
