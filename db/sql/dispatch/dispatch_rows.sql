-- The rows the dispatch screens show (the board, my jobs, the review queue), one per
-- (ticket, job) pair in the order given: the ticket's fields (customer, region path,
-- address, device, fault, promise, appointment; overdue and the days late) and the job
-- with its assignee, its latest visit that was not cancelled and its work report, or null
-- when the pair names no job. SECURITY INVOKER: the caller's row security decides which
-- jobs it reads (a job it may not read comes back as null, its ticket still shows).
--
-- Days late: an unfinished job counts from the ticket's promised day to the shop's today
-- (the same as app.job_report fixes at finish); a finished one keeps what its report
-- fixed. Overdue: days late, or a planned visit whose end has passed with the job not
-- started (the appointment was missed).
CREATE OR REPLACE FUNCTION app.dispatch_rows(p_tickets bigint[], p_jobs bigint[])
RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    WITH paths AS MATERIALIZED (SELECT r.id, r.path FROM app.region_paths() r),
    clock AS MATERIALIZED (SELECT app.shop_today() AS today, now() AS now_),
    rows_ AS (
        SELECT w.n, t, j, v, c.address AS customer_address,
               CASE WHEN j.state IN ('finished', 'reviewed') THEN j.days_late
                    ELSE greatest(0, k.today - t.promised_on) END AS days_late,
               (j.state = 'assigned' AND v.state = 'planned' AND upper(v.during) < k.now_)
                   AS missed
        FROM unnest(p_tickets, p_jobs) WITH ORDINALITY AS w(ticket_id, job_id, n)
        CROSS JOIN clock k
        JOIN app.ticket t ON t.id = w.ticket_id
        JOIN app.customer c ON c.id = t.customer_id
        LEFT JOIN app.job j ON j.id = w.job_id
        LEFT JOIN LATERAL (SELECT x.* FROM app.visit x
                           WHERE x.job_id = j.id AND x.state <> 'cancelled'
                           ORDER BY x.id DESC LIMIT 1) v ON true)
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'ticket_id', (r.t).id, 'number', (r.t).number, 'status', (r.t).status,
        'customer_name', (r.t).customer_name,
        'region_id', (r.t).region_id,
        'region', (SELECT p.path FROM paths p WHERE p.id = (r.t).region_id),
        'address', CASE WHEN btrim((r.t).address) <> '' THEN (r.t).address
                        ELSE r.customer_address END,
        'visit', (r.t).visit, 'service_mode', (r.t).service_mode,
        'work_type_id', (r.t).work_type_id,
        'work_type', (SELECT w.name FROM app.work_type w WHERE w.id = (r.t).work_type_id),
        'product', (r.t).product, 'brand', (r.t).brand, 'model', (r.t).model,
        'fault', (r.t).fault,
        'promised_on', (r.t).promised_on, 'appointment_at', (r.t).appointment_at,
        'urgent', (r.t).urgent, 'days_late', r.days_late,
        'appointment_missed', coalesce(r.missed, false),
        'overdue', r.days_late > 0 OR coalesce(r.missed, false),
        'job', CASE WHEN (r.j).id IS NOT NULL THEN jsonb_build_object(
            'id', (r.j).id, 'state', (r.j).state, 'version', (r.j).version,
            'assignee_kind', (r.j).assignee_kind,
            'technician_id', (r.j).technician_id,
            'technician', (SELECT e.name FROM app.employee e WHERE e.id = (r.j).technician_id),
            'outlet_id', (r.j).outlet_id,
            'outlet', (SELECT o.name FROM app.service_outlet o WHERE o.id = (r.j).outlet_id),
            'work_type_id', (r.j).work_type_id,
            'work_type', (SELECT w.name FROM app.work_type w WHERE w.id = (r.j).work_type_id),
            'override_reason', (r.j).override_reason,
            'assigned_at', (r.j).assigned_at, 'assigned_by', (r.j).assigned_by,
            'started_at', (r.j).started_at, 'finished_at', (r.j).finished_at,
            'visit', CASE WHEN (r.v).id IS NOT NULL THEN jsonb_build_object(
                'id', (r.v).id, 'start', lower((r.v).during), 'end', upper((r.v).during),
                'state', (r.v).state) END,
            'report', CASE WHEN (r.j).reported_at IS NOT NULL
                            OR (r.j).finished_at IS NOT NULL THEN jsonb_build_object(
                'hours', (r.j).hours::text, 'result', (r.j).result,
                'fault_cause', (r.j).fault_cause, 'action', (r.j).action,
                'notes', (r.j).notes, 'customer_signed', (r.j).customer_signed,
                'signed_at', (r.j).signed_at, 'reported_at', (r.j).reported_at,
                'reported_by', (r.j).reported_by, 'days_late', (r.j).days_late,
                'reviewed_at', (r.j).reviewed_at, 'reviewed_by', (r.j).reviewed_by,
                'review_note', (r.j).review_note,
                'work_types', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                   'work_type_id', d.work_type_id, 'name', w.name,
                                   'quantity', d.quantity::text) ORDER BY w.id), '[]')
                               FROM app.job_work_type d
                               JOIN app.work_type w ON w.id = d.work_type_id
                               WHERE d.job_id = (r.j).id)) END) END)
        ORDER BY r.n), '[]')
    FROM rows_ r
$fn$;
