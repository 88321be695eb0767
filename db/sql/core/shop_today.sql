-- The shop's calendar day: now() in the shop's time zone (shop setting `timezone`).
-- PARALLEL SAFE (revision 0013): a list summary reads a million tickets with parallel
-- workers, and one parallel-unsafe call anywhere in a query (the ticket list's overdue
-- column asks for today) keeps the whole query in one process.
CREATE OR REPLACE FUNCTION app.shop_today() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT (now() AT TIME ZONE coalesce(
        (SELECT s.value #>> '{}' FROM app.shop_setting s WHERE s.key = 'timezone'),
        'Asia/Shanghai'))::date
$fn$;
