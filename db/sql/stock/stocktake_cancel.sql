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
    PERFORM app.stocktake_call(p);
    id_ := app.arg_id(p ->> 'id', 'stocktake');
    reason_ := coalesce(app.arg_text(p ->> 'reason', 'reason', 200), '');
    sheet_ := app.stocktake_for_update(id_);
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
