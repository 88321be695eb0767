CREATE OR REPLACE FUNCTION app.setting(p_key text) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT s.value FROM app.shop_setting s WHERE s.key = p_key
$fn$;
