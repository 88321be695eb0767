-- The first thing a work report lacks to be finished: 'result', 'hours' (more than zero)
-- or 'work_types' (at least one), or NULL when it is complete. The same rule as
-- domain/dispatch.py report_missing.
CREATE OR REPLACE FUNCTION app.job_report_missing(p_result text, p_hours numeric,
                                                  p_work_types integer) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE
        WHEN p_result IS NULL
             OR p_result NOT IN ('fixed', 'not_fixed', 'needs_parts', 'factory') THEN 'result'
        WHEN p_hours IS NULL OR p_hours <= 0 THEN 'hours'
        WHEN coalesce(p_work_types, 0) < 1 THEN 'work_types'
    END
$fn$;
