CREATE OR REPLACE FUNCTION app.refuse(p_code text, p_detail text DEFAULT '') RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    RAISE EXCEPTION 'refused: % %', p_code, p_detail
        USING ERRCODE = 'P0001', HINT = 'aftersales:' || p_code, DETAIL = p_detail;
END
$fn$;
