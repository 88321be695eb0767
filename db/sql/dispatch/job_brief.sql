-- What a job action returns: the job's id, state and version, and its ticket's status
-- and version (the screens reload both; app.job_get has the whole job).
CREATE OR REPLACE FUNCTION app.job_brief(p_job bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT jsonb_build_object('id', j.id, 'state', j.state, 'version', j.version,
                              'ticket_id', t.id, 'ticket_number', t.number,
                              'ticket_status', t.status, 'ticket_version', t.version,
                              'days_late', j.days_late)
    FROM app.job j JOIN app.ticket t ON t.id = j.ticket_id
    WHERE j.id = p_job
$fn$;
