-- A technician's jobs (我的派工), in one round trip: the active ones (assigned, started)
-- first, by visit start, then promised day; then the ones finished in the last `days`
-- days, newest first; each with the board's ticket fields and overdue marks
-- (app.dispatch_rows).
--
--   p: {technician_id (default: the caller's own employee record), days (0..90, default 7)}
--
-- SECURITY INVOKER: row security decides what the caller reads, so a technician who asks
-- for another technician's jobs gets none, whatever the client sends.
CREATE OR REPLACE FUNCTION app.my_jobs(p jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    -- read and checked by the owner (app.my_jobs_args)
    req record := app.my_jobs_args(p);
    technician_ bigint := req.technician_id;
    days_ integer := req.days;
    since timestamptz := req.since;
    picked record;
BEGIN
    WITH mine AS (
        SELECT j.ticket_id, j.id, j.state IN ('assigned', 'started') AS active,
               j.finished_at, t.promised_on,
               (SELECT lower(v.during) FROM app.visit v
                WHERE v.job_id = j.id AND v.state <> 'cancelled'
                ORDER BY v.id DESC LIMIT 1) AS visit_start
        FROM app.job j JOIN app.ticket t ON t.id = j.ticket_id
        WHERE j.technician_id = technician_
          AND (j.state IN ('assigned', 'started')
               OR (j.state IN ('finished', 'reviewed') AND j.finished_at >= since))),
    ordered AS (
        SELECT m.ticket_id, m.id, row_number() OVER (
                   ORDER BY m.active DESC,
                            CASE WHEN m.active THEN m.visit_start END NULLS LAST,
                            CASE WHEN m.active THEN m.promised_on END,
                            m.finished_at DESC, m.id) AS n
        FROM mine m)
    SELECT array_agg(o.ticket_id ORDER BY o.n) AS tickets,
           array_agg(o.id ORDER BY o.n) AS jobs
    INTO picked FROM ordered o;
    RETURN jsonb_build_object(
        'today', app.shop_today(),
        'technician', (SELECT jsonb_build_object('id', e.id, 'code', e.code, 'name', e.name)
                       FROM app.employee e WHERE e.id = technician_),
        'days', days_,
        -- a technician calls the customer before a visit: each row carries the phones as
        -- the caller may see them (masked without contacts.view), which the board's rows
        -- leave out (a dispatcher's 200 rows need none)
        'jobs', (SELECT coalesce(jsonb_agg(r.row || jsonb_build_object(
                            'phones', app.ticket_phones((r.row ->> 'ticket_id')::bigint))
                        ORDER BY r.n), '[]')
                 FROM jsonb_array_elements(app.dispatch_rows(
                          coalesce(picked.tickets, '{}'), coalesce(picked.jobs, '{}')))
                      WITH ORDINALITY AS r(row, n)));
END
$fn$;
