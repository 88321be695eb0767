-- What every dispatch write checks before it reads its call (revision 0018): the
-- capability, a JSON object, and the call's size as it arrived (a dispatch call is a
-- few ids, two times and two reasons: far below 16,000 bytes), before any value is
-- copied out of it.
CREATE OR REPLACE FUNCTION app.dispatch_call(p jsonb) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM app.need('dispatch.assign');
    IF jsonb_typeof(p) IS DISTINCT FROM 'object' THEN
        PERFORM app.refuse('record_inconsistent', 'p');
    END IF;
    IF pg_column_size(p) > 16000 THEN
        PERFORM app.refuse('dispatch_call_too_large', '16000');
    END IF;
END
$fn$;
