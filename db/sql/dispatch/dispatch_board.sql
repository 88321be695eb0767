-- The dispatch board (调度台, F4), in one round trip: the open tickets that need work (every
-- open status but 'ready') with their active job, unassigned first, then overdue, then by
-- promised day; how many there are in all and per region (the board groups by the
-- customer's region from intake); every active technician with grade, regions, work types,
-- load (active jobs), today's visits and this week's count; the active service outlets
-- with their load.
--
--   p: {region_id (with the regions below it), visit ('carry_in' | 'on_site'),
--       assigned ('all' | 'unassigned' | 'assigned'), search (in the ticket's number,
--       customer, device, fault and address), technician_id (the active job's),
--       limit (1..1000, default 200)}
--
-- For dispatchers and reviewers (dispatch.assign or review.approve; app.dispatch_board_args
-- checks it and the arguments). SECURITY INVOKER: the jobs are read under the caller's
-- row security.
CREATE OR REPLACE FUNCTION app.dispatch_board(p jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    -- read and checked by the owner (the readers are not the caller's to execute)
    req record := app.dispatch_board_args(p);
    regions_ bigint[] := req.regions;
    visit_ text := req.visit;
    assigned_ text := req.assigned;
    pattern text := req.pattern;
    technician_ bigint := req.technician_id;
    limit_ integer := req.row_limit;
    -- computed once: the helpers are not inlined
    zone text := coalesce((SELECT s.value #>> '{}' FROM app.shop_setting s
                           WHERE s.key = 'timezone'), 'Asia/Shanghai');
    today date := app.shop_today();
    midnight timestamptz := today::timestamp AT TIME ZONE zone;
    tomorrow timestamptz := (today + 1)::timestamp AT TIME ZONE zone;
    -- the shop's week, Monday to Monday
    week_start timestamptz := (today - (extract(isodow FROM today)::integer - 1))::timestamp
                              AT TIME ZONE zone;
    week_end timestamptz := (today + (8 - extract(isodow FROM today)::integer))::timestamp
                            AT TIME ZONE zone;
    picked record;
    result jsonb;
BEGIN
    WITH open_ AS MATERIALIZED (
        SELECT t.id, t.region_id, t.promised_on, t.urgent, j.id AS job_id,
               t.promised_on < today OR coalesce(j.state = 'assigned'
                                                 AND upper(v.during) < now(), false)
                   AS overdue
        FROM app.ticket t
        LEFT JOIN app.job j ON j.ticket_id = t.id AND j.state IN ('assigned', 'started')
        LEFT JOIN app.visit v ON v.job_id = j.id AND v.state = 'planned'
        WHERE t.status IN ('pending', 'in_repair', 'waiting_parts', 'hard_repair',
                           'at_factory')
          AND (regions_ IS NULL OR t.region_id = ANY (regions_))
          AND (visit_ IS NULL OR t.visit = visit_)
          AND (pattern IS NULL OR t.search_text LIKE pattern ESCAPE '!')
          AND (technician_ IS NULL OR j.technician_id = technician_)
          AND (assigned_ = 'all' OR (assigned_ = 'assigned') = (j.id IS NOT NULL))),
    -- the first rows in the board's order (a top-N sort of the few thousand open ones)
    shown AS (
        SELECT o.id, o.job_id, o.overdue, o.promised_on, o.urgent FROM open_ o
        ORDER BY o.job_id IS NOT NULL, o.overdue DESC, o.promised_on, o.urgent DESC, o.id
        LIMIT limit_),
    -- one pass for every count: per region, and the totals from those
    by_region AS MATERIALIZED (
        SELECT o.region_id, count(*) AS n,
               count(*) FILTER (WHERE o.job_id IS NULL) AS unassigned,
               count(*) FILTER (WHERE o.overdue) AS overdue
        FROM open_ o GROUP BY o.region_id)
    SELECT counted.total, counted.unassigned, counted.overdue,
           (SELECT array_agg(s.id ORDER BY s.job_id IS NOT NULL, s.overdue DESC,
                                           s.promised_on, s.urgent DESC, s.id)
            FROM shown s) AS tickets,
           (SELECT array_agg(s.job_id ORDER BY s.job_id IS NOT NULL, s.overdue DESC,
                                               s.promised_on, s.urgent DESC, s.id)
            FROM shown s) AS jobs,
           (SELECT coalesce(jsonb_agg(jsonb_build_object(
                       'region_id', g.region_id, 'region', p.path, 'jobs', g.n,
                       'unassigned', g.unassigned, 'overdue', g.overdue)
                       ORDER BY p.path NULLS LAST), '[]')
            FROM by_region g LEFT JOIN app.region_paths() p ON p.id = g.region_id) AS regions
    FROM (SELECT coalesce(sum(g.n), 0)::bigint AS total,
                 coalesce(sum(g.unassigned), 0)::bigint AS unassigned,
                 coalesce(sum(g.overdue), 0)::bigint AS overdue FROM by_region g) counted
    INTO picked;

    WITH paths AS MATERIALIZED (SELECT r.id, r.path FROM app.region_paths() r),
    -- this week's visits, found through their jobs (the active ones and those finished
    -- this week: a visit is planned for an active job, done for a finished one), each
    -- by an index whatever a technician's years of history
    week_visits AS MATERIALIZED (
        SELECT v.id, v.job_id, v.ticket_id, v.technician_id, v.during, v.state
        FROM (SELECT j.id FROM app.job j WHERE j.state IN ('assigned', 'started')
              UNION
              SELECT j.id FROM app.job j WHERE j.finished_at >= week_start) k
        JOIN app.visit v ON v.job_id = k.id
        WHERE v.state <> 'cancelled' AND v.during && tstzrange(week_start, week_end)),
    active AS MATERIALIZED (
        SELECT j.technician_id, j.outlet_id FROM app.job j
        WHERE j.state IN ('assigned', 'started')),
    load_ AS (SELECT a.technician_id, count(*) AS n FROM active a
              WHERE a.technician_id IS NOT NULL GROUP BY a.technician_id),
    outlet_load AS (SELECT a.outlet_id, count(*) AS n FROM active a
                    WHERE a.outlet_id IS NOT NULL GROUP BY a.outlet_id),
    -- each technician's lists grouped once (not a sub-select per technician)
    tech_regions AS (
        SELECT er.employee_id, jsonb_agg(jsonb_build_object('id', er.region_id,
                   'name', p.path) ORDER BY p.path) AS regions
        FROM app.employee_region er JOIN paths p ON p.id = er.region_id
        GROUP BY er.employee_id),
    tech_work AS (
        SELECT ew.employee_id, jsonb_agg(jsonb_build_object('id', w.id, 'name', w.name)
                   ORDER BY w.id) AS work_types
        FROM app.employee_work_type ew JOIN app.work_type w ON w.id = ew.work_type_id
        GROUP BY ew.employee_id),
    tech_today AS (
        SELECT v.technician_id, jsonb_agg(jsonb_build_object(
                   'visit_id', v.id, 'job_id', v.job_id, 'ticket_id', v.ticket_id,
                   'number', t.number, 'customer_name', t.customer_name,
                   'address', t.address, 'start', lower(v.during), 'end', upper(v.during),
                   'state', v.state) ORDER BY lower(v.during)) AS visits
        FROM week_visits v JOIN app.ticket t ON t.id = v.ticket_id
        WHERE v.during && tstzrange(midnight, tomorrow)
        GROUP BY v.technician_id),
    tech_week AS (SELECT v.technician_id, count(*) AS n FROM week_visits v
                  GROUP BY v.technician_id)
    SELECT jsonb_build_object(
        'today', today, 'week_start', week_start, 'total', picked.total,
        'unassigned', picked.unassigned, 'overdue', picked.overdue, 'limit', limit_,
        'regions', picked.regions,
        'jobs', app.dispatch_rows(coalesce(picked.tickets, '{}'), coalesce(picked.jobs, '{}')),
        'technicians', (SELECT coalesce(jsonb_agg(jsonb_build_object(
            'id', e.id, 'code', e.code, 'name', e.name, 'grade', e.grade,
            'operator_code', e.operator_code,
            'regions', coalesce(tr.regions, '[]'), 'work_types', coalesce(tw.work_types, '[]'),
            'load', coalesce(l.n, 0), 'today', coalesce(td.visits, '[]'),
            'week', coalesce(wk.n, 0)) ORDER BY e.name, e.id), '[]')
            FROM app.employee e
            LEFT JOIN load_ l ON l.technician_id = e.id
            LEFT JOIN tech_regions tr ON tr.employee_id = e.id
            LEFT JOIN tech_work tw ON tw.employee_id = e.id
            LEFT JOIN tech_today td ON td.technician_id = e.id
            LEFT JOIN tech_week wk ON wk.technician_id = e.id
            WHERE e.is_technician AND e.active),
        'outlets', (SELECT coalesce(jsonb_agg(jsonb_build_object(
            'id', o.id, 'code', o.code, 'name', o.name, 'region_id', o.region_id,
            'region', p.path, 'load', coalesce(ol.n, 0)) ORDER BY o.name, o.id), '[]')
            FROM app.service_outlet o LEFT JOIN outlet_load ol ON ol.outlet_id = o.id
            LEFT JOIN paths p ON p.id = o.region_id
            WHERE o.active))
    INTO result;
    RETURN result;
END
$fn$;
