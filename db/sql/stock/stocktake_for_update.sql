-- A stocktake sheet locked for the action at hand (revision 0017), or the refusal that
-- it does not exist; each action then checks the states it may start from.
CREATE OR REPLACE FUNCTION app.stocktake_for_update(p_id bigint) RETURNS app.stocktake
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    sheet_ app.stocktake;
BEGIN
    SELECT * INTO sheet_ FROM app.stocktake WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.arg_refusal('reference_missing', 'stocktake');
    END IF;
    RETURN sheet_;
END
$fn$;
