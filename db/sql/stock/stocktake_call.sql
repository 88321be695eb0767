-- What every stocktake action checks before it reads its call (revision 0017): the
-- capability, a JSON object, and the call's size as it arrived, before any of it is
-- copied out (a megabyte of text in one value would be copied, trimmed and measured
-- several times over).
CREATE OR REPLACE FUNCTION app.stocktake_call(p jsonb) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM app.need('stocktake');
    IF jsonb_typeof(p) IS DISTINCT FROM 'object' THEN
        PERFORM app.refuse('record_inconsistent', 'p');
    END IF;
    IF pg_column_size(p) > 1000000 THEN
        PERFORM app.refuse('stocktake_call_too_large', '1000000');
    END IF;
END
$fn$;
