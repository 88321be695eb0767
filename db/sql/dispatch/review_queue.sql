-- The review queue (审核队列), in one round trip: finished jobs by technician and the shop
-- day they were finished, with their work reports (app.dispatch_rows), how many match in
-- all and per technician.
--
--   p: {technician_id, from, to (shop days of finishing, both included),
--       state ('finished' = waiting for review, the default | 'reviewed' | 'all': both),
--       limit (1..2000, default 200)}
--
-- For reviewers (review.approve). SECURITY INVOKER: the jobs are read under the caller's
-- row security.
CREATE OR REPLACE FUNCTION app.review_queue(p jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    technician_ bigint := app.arg_id(p ->> 'technician_id', 'technician_id');
    from_ date := app.arg_date(p ->> 'from', 'from');
    to_ date := app.arg_date(p ->> 'to', 'to');
    state_ text := coalesce(app.arg_text(p ->> 'state', 'state', 20), 'finished');
    limit_ integer := coalesce(app.arg_int(p ->> 'limit', 'limit', 1, 2000), 200);
    zone text := coalesce((SELECT s.value #>> '{}' FROM app.shop_setting s
                           WHERE s.key = 'timezone'), 'Asia/Shanghai');
    since timestamptz := from_::timestamp AT TIME ZONE zone;
    until timestamptz := (to_ + 1)::timestamp AT TIME ZONE zone;
    states text[];
    picked record;
BEGIN
    PERFORM app.need('review.approve');
    states := CASE state_ WHEN 'finished' THEN ARRAY['finished']
                          WHEN 'reviewed' THEN ARRAY['reviewed']
                          WHEN 'all' THEN ARRAY['finished', 'reviewed'] END;
    IF states IS NULL THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'state');
    END IF;
    IF from_ > to_ THEN
        PERFORM app.arg_refusal('field_date_invalid', 'to', jsonb_build_object(
            'min', from_, 'max', '2199-12-31'));
    END IF;
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
