-- Cancel an open sheet (revision 0017): nothing was posted from it, so nothing moves;
-- the sheet and its counts stay for the record. A posted or cancelled sheet is refused.
-- p: {"id", "reason"?}
CREATE OR REPLACE FUNCTION app.stocktake_cancel(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    sheet_ app.stocktake;
    id_ bigint;
    reason_ text;
BEGIN
    PERFORM app.need('stocktake');
    IF jsonb_typeof(p) IS DISTINCT FROM 'object' THEN
        PERFORM app.refuse('record_inconsistent', 'p');
    END IF;
    -- the size of the call as it arrived, before any of it is copied out (a megabyte of
    -- text in one value would be copied, trimmed and measured several times over)
    IF pg_column_size(p) > 1000000 THEN
        PERFORM app.refuse('stocktake_call_too_large', '1000000');
    END IF;
    id_ := app.arg_id(p ->> 'id', 'stocktake');
    reason_ := coalesce(app.arg_text(p ->> 'reason', 'reason', 200), '');
    SELECT * INTO sheet_ FROM app.stocktake WHERE id = id_ FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.arg_refusal('reference_missing', 'stocktake');
    END IF;
    IF sheet_.state = 'posted' THEN
        PERFORM app.refuse('stocktake_posted', sheet_.number);
    ELSIF sheet_.state <> 'open' THEN
        PERFORM app.refuse('stocktake_not_open', sheet_.number);
    END IF;
    UPDATE app.stocktake
    SET state = 'cancelled', cancelled_at = now(), cancelled_by = session_user,
        cancel_reason = reason_
    WHERE id = sheet_.id;
    RETURN app.stocktake_get(sheet_.id);
END
$fn$;
