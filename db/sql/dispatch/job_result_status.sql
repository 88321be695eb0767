-- The status a finished work report with p_result moves a ticket of p_visit to: fixed or
-- not fixed, a carry-in unit waits for pickup ('ready') and an on-site job is done
-- ('completed'); a job that needs parts leaves the ticket 'waiting_parts', one returned
-- to the factory 'at_factory'; NULL for an unknown result. The same rule as
-- domain/dispatch.py result_ticket_status.
CREATE OR REPLACE FUNCTION app.job_result_status(p_result text, p_visit text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE
        WHEN p_result IN ('fixed', 'not_fixed') THEN
            CASE WHEN p_visit = 'on_site' THEN 'completed' ELSE 'ready' END
        WHEN p_result = 'needs_parts' THEN 'waiting_parts'
        WHEN p_result = 'factory' THEN 'at_factory'
    END
$fn$;
