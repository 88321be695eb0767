-- Take a job away without a new assignee (revision 0018, capability dispatch.assign):
-- the active job (assigned or started, at the version the screen showed) is cancelled
-- with the reason, its planned visit too (the technician's time is free again), the
-- ticket no longer names the technician (its work type and appointment stay: the next
-- assignment starts from them), and the event 'unassign' goes to the job's history.
-- Lock order as app.dispatch_assign: the ticket row, then the job.
-- p: {"job_id", "version", "reason"}
CREATE OR REPLACE FUNCTION app.dispatch_unassign(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    job_id_ bigint;
    version_ integer;
    reason_ text;
    ticket_ bigint;
    j app.job;
BEGIN
    PERFORM app.dispatch_call(p);
    job_id_ := app.arg_id(p ->> 'job_id', 'job_id');
    version_ := app.arg_int(p ->> 'version', 'version', 1, 2147483647);
    reason_ := coalesce(app.arg_text(p ->> 'reason', 'reason', 200), '');
    SELECT ticket_id INTO ticket_ FROM app.job WHERE id = job_id_;
    IF NOT FOUND THEN
        PERFORM app.arg_refusal('reference_missing', 'job_id');
    END IF;
    PERFORM FROM app.ticket WHERE id = ticket_ FOR UPDATE;
    SELECT * INTO j FROM app.job WHERE id = job_id_ FOR UPDATE;
    IF j.state NOT IN ('assigned', 'started') THEN
        PERFORM app.refuse('job_not_active');
    END IF;
    IF version_ IS DISTINCT FROM j.version THEN
        PERFORM app.refuse('job_stale');
    END IF;
    IF app.is_blank(reason_) THEN
        PERFORM app.refuse('dispatch_reason_required', coalesce(
            (SELECT x.name FROM app.employee x WHERE x.id = j.technician_id),
            (SELECT x.name FROM app.service_outlet x WHERE x.id = j.outlet_id)));
    END IF;

    UPDATE app.visit SET state = 'cancelled', cancel_reason = reason_
    WHERE job_id = j.id AND state = 'planned';
    UPDATE app.job SET state = 'cancelled', cancel_reason = reason_ WHERE id = j.id;
    INSERT INTO app.job_event (job_id, ticket_id, kind, technician_id, outlet_id, reason)
    VALUES (j.id, j.ticket_id, 'unassign', j.technician_id, j.outlet_id, reason_);
    UPDATE app.ticket SET technician_id = NULL
    WHERE id = j.ticket_id AND technician_id IS NOT NULL;
    PERFORM app.ticket_changed(j.ticket_id, 'dispatch');  -- as app.dispatch_assign
    RETURN app.dispatch_result(j.id);
END
$fn$;
