CREATE OR REPLACE FUNCTION app.is_working_day(p_day date) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT coalesce((SELECT w.working FROM app.work_calendar w WHERE w.day = p_day),
                    extract(isodow FROM p_day) < 6)
$fn$;
