-- The whole days p_today is past the promised date (0 when not past, at most 3650, the
-- CHECK on app.job.days_late): what a job finished late records for the deduction rules
-- (seed 期限扣费). The same rule as domain/dispatch.py days_late.
CREATE OR REPLACE FUNCTION app.job_days_late(p_today date, p_promised_on date) RETURNS integer
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE WHEN p_promised_on IS NULL THEN 0
                ELSE greatest(0, least(3650, p_today - p_promised_on)) END
$fn$;
