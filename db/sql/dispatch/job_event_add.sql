-- One line of a job's history (app.job_event): what happened, to whom the job was
-- assigned then, why.
CREATE OR REPLACE FUNCTION app.job_event_add(p_job app.job, p_kind text,
                                             p_reason text DEFAULT '') RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $fn$
    INSERT INTO app.job_event (job_id, ticket_id, kind, technician_id, outlet_id, reason)
    VALUES (p_job.id, p_job.ticket_id, p_kind, p_job.technician_id, p_job.outlet_id,
            coalesce(p_reason, ''))
$fn$;
