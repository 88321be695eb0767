-- What the dispatch writes return (revision 0018): the job row as JSON, with its planned
-- visit (start, end, blocked until) and the ticket's version after the change; hours as
-- text (a Decimal on the client).
CREATE OR REPLACE FUNCTION app.dispatch_result(p_job bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT to_jsonb(j) || jsonb_build_object(
        'hours', j.hours::text,
        'visit', (SELECT jsonb_build_object('id', v.id, 'start', lower(v.during),
                                            'end', upper(v.during),
                                            'blocked_until', upper(v.blocked))
                  FROM app.visit v WHERE v.job_id = j.id AND v.state = 'planned'),
        'ticket_version', (SELECT t.version FROM app.ticket t WHERE t.id = j.ticket_id))
    FROM app.job j WHERE j.id = p_job
$fn$;
