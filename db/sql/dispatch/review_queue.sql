-- The review queue (审核队列), in one round trip: finished jobs by technician and the shop
-- day they were finished, with their work reports (app.dispatch_rows), how many match in
-- all and per technician.
--
--   p: {technician_id, from, to (shop days of finishing, both included),
--       state ('finished' = waiting for review, the default | 'reviewed' | 'all': both),
--       limit (1..2000, default 200)}
--
-- For reviewers (review.approve; app.review_queue_args checks it and the arguments).
-- SECURITY INVOKER: the jobs are read under the caller's row security.
CREATE OR REPLACE FUNCTION app.review_queue(p jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    -- read and checked by the owner (app.review_queue_args: review.approve)
    req record := app.review_queue_args(p);
    technician_ bigint := req.technician_id;
    since timestamptz := req.since;
    until timestamptz := req.until;
    state_ text := req.state;
    states text[] := req.states;
    limit_ integer := req.row_limit;
    picked record;
BEGIN
    WITH matching AS MATERIALIZED (
        SELECT j.id, j.ticket_id, j.technician_id, j.outlet_id, j.finished_at,
               coalesce(e.name, o.name) AS name
        FROM app.job j
        LEFT JOIN app.employee e ON e.id = j.technician_id
        LEFT JOIN app.service_outlet o ON o.id = j.outlet_id
        WHERE j.state = ANY (states)
          AND (technician_ IS NULL OR j.technician_id = technician_)
          AND (since IS NULL OR j.finished_at >= since)
          AND (until IS NULL OR j.finished_at < until)),
    shown AS (
        SELECT m.id, m.ticket_id, row_number() OVER (
                   ORDER BY m.name, m.technician_id, m.outlet_id, m.finished_at, m.id) AS n
        FROM matching m ORDER BY n LIMIT limit_)
    SELECT (SELECT count(*) FROM matching) AS total,
           (SELECT array_agg(s.ticket_id ORDER BY s.n) FROM shown s) AS tickets,
           (SELECT array_agg(s.id ORDER BY s.n) FROM shown s) AS jobs,
           (SELECT coalesce(jsonb_agg(jsonb_build_object(
                       'technician_id', g.technician_id, 'outlet_id', g.outlet_id,
                       'name', g.name, 'jobs', g.n)
                       ORDER BY g.name, g.technician_id, g.outlet_id), '[]')
            FROM (SELECT m.technician_id, m.outlet_id, m.name, count(*) AS n FROM matching m
                  GROUP BY m.technician_id, m.outlet_id, m.name) g) AS technicians
    INTO picked;
    RETURN jsonb_build_object(
        'today', app.shop_today(), 'state', state_, 'total', picked.total, 'limit', limit_,
        'technicians', picked.technicians,
        'jobs', app.dispatch_rows(coalesce(picked.tickets, '{}'), coalesce(picked.jobs, '{}')));
END
$fn$;
