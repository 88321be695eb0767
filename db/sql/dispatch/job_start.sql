-- Start a job: p = {"job_id", "version"}. The job's technician (or a dispatcher for them)
-- starts an assigned job; its ticket goes 'in_repair' through the status machine
-- (app.ticket_status_apply: an out-of-warranty repair without an approved quote is
-- refused, and the job stays assigned). One round trip; returns app.job_brief.
CREATE OR REPLACE FUNCTION app.job_start(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    j app.job;
    job_ bigint;
    version_ integer;
BEGIN
    SELECT r.job_id, r.version INTO job_, version_ FROM app.job_request(p) r;
    j := app.job_for_update(job_, version_, 'start');
    IF (SELECT t.status FROM app.ticket t WHERE t.id = j.ticket_id) <> 'in_repair' THEN
        PERFORM app.ticket_status_apply(j.ticket_id, 'in_repair', '');
    END IF;
    UPDATE app.job SET state = 'started', started_at = now(), version = version + 1
    WHERE id = j.id RETURNING * INTO j;
    PERFORM app.job_event_add(j, 'start');
    PERFORM app.ticket_changed(j.ticket_id, 'dispatch');  -- open boards reload
    RETURN app.job_brief(j.id);
END
$fn$;
