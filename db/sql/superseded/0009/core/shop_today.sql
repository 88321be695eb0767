CREATE OR REPLACE FUNCTION app.shop_today() RETURNS date
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT (now() AT TIME ZONE coalesce(
        (SELECT s.value #>> '{}' FROM app.shop_setting s WHERE s.key = 'timezone'),
        'Asia/Shanghai'))::date
$fn$;
