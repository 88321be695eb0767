-- The job p_job locked for p_action, with its ticket locked first (the order every writer
-- of a ticket takes: the counter, dispatching, requisitions), after the checks every job
-- action shares, in this order:
-- * the job exists (job_missing);
-- * for the technician's own actions (start, report, finish, photo): the caller is the
--   job's technician (their employee record's operator code is session_user) or holds
--   dispatch.assign, reporting on their behalf (a returned paper sheet); an outlet's job
--   is reported by a dispatcher (job_not_own). Review and undo check their capability
--   themselves;
-- * the job's state takes the action (app.job_action_refusal: job_reviewed, job_state),
--   so a finish sent twice is refused as finished already and changes nothing;
-- * p_version (the job's version the screen loaded; NULL: not checked) is the job's
--   version now, else document_stale names who changed it last and when.
CREATE OR REPLACE FUNCTION app.job_for_update(p_job bigint, p_version integer,
                                              p_action text) RETURNS app.job
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    j app.job;
    ticket_ bigint;
    refusal text;
BEGIN
    SELECT x.ticket_id INTO ticket_ FROM app.job x WHERE x.id = p_job;
    IF NOT FOUND THEN
        PERFORM app.refuse('job_missing', p_job::text);
    END IF;
    PERFORM FROM app.ticket t WHERE t.id = ticket_ FOR UPDATE;
    SELECT * INTO j FROM app.job x WHERE x.id = p_job FOR UPDATE;
    IF p_action NOT IN ('review', 'unreview')
       AND NOT pg_has_role(session_user, 'as_cap_dispatch_assign', 'MEMBER')
       AND NOT EXISTS (SELECT FROM app.employee e
                       WHERE e.id = j.technician_id AND e.operator_code = session_user) THEN
        PERFORM app.refuse('job_not_own', p_job::text);
    END IF;
    refusal := app.job_action_refusal(p_action, j.state);
    IF refusal IS NOT NULL THEN
        PERFORM app.refuse(refusal, j.state);
    END IF;
    IF p_version IS NOT NULL AND p_version <> j.version THEN
        PERFORM app.refuse('document_stale', coalesce(
            (SELECT e.by_operator || '|' || e.at::text FROM app.job_event e
             WHERE e.job_id = j.id ORDER BY e.id DESC LIMIT 1),
            j.assigned_by || '|' || j.assigned_at::text));
    END IF;
    RETURN j;
END
$fn$;
