CREATE OR REPLACE FUNCTION app.shop_midnight() RETURNS timestamptz
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT app.shop_today()::timestamp AT TIME ZONE coalesce(
        (SELECT s.value #>> '{}' FROM app.shop_setting s WHERE s.key = 'timezone'),
        'Asia/Shanghai')
$fn$;
