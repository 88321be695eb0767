-- The rows the dispatch screens show (the board, my jobs, the review queue), one per
-- (ticket, job) pair in the order given: the ticket's fields (customer, region path,
-- address, device, fault, promise, appointment; overdue and the days late) and the job
-- with its assignee, its latest visit that was not cancelled and its work report, or null
-- when the pair names no job. SECURITY INVOKER: the caller's row security decides which
-- jobs it reads (a job it may not read comes back as null, its ticket still shows).
--
-- Days late: an unfinished job counts from the ticket's promised day to the shop's today
-- (app.job_days_late, what app.job_report fixes at finish); a finished one keeps what its
-- report fixed. Overdue: days late, or a planned visit whose end has passed with the job not
-- started (the appointment was missed).
CREATE OR REPLACE FUNCTION app.dispatch_rows(p_tickets bigint[], p_jobs bigint[])
RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    WITH paths AS MATERIALIZED (SELECT r.id, r.path FROM app.region_paths() r),
    clock AS MATERIALIZED (SELECT app.shop_today() AS today, now() AS now_),
    rows_ AS (
        SELECT w.n, t.id AS ticket_id, t.number, t.status, t.customer_name, t.region_id,
               p.path AS region,
               CASE WHEN btrim(t.address) <> '' THEN t.address ELSE c.address END AS address,
               t.visit, t.service_mode, t.work_type_id, tw.name AS work_type, t.product,
               t.brand, t.model, t.fault, t.promised_on, t.appointment_at, t.urgent,
               CASE WHEN j.state IN ('finished', 'reviewed', 'cancelled') THEN j.days_late
                    ELSE app.job_days_late(k.today, t.promised_on) END AS days_late,
               coalesce(j.state = 'assigned' AND v.state = 'planned'
                        AND upper(v.during) < k.now_, false) AS missed,
               j.id AS job_id, j.state AS job_state, j.version AS job_version,
               j.assignee_kind, j.technician_id, e.name AS technician, j.outlet_id,
               o.name AS outlet, j.work_type_id AS job_work_type_id,
               jw.name AS job_work_type, j.override_reason, j.assigned_at, j.assigned_by,
               j.started_at, j.finished_at, j.hours, j.result, j.fault_cause, j.action,
               j.notes, j.customer_signed, j.signed_at, j.reported_at, j.reported_by,
               j.days_late AS job_days_late, j.reviewed_at, j.reviewed_by, j.review_note,
               v.id AS visit_id, v.during, v.state AS visit_state
        FROM unnest(p_tickets, p_jobs) WITH ORDINALITY AS w(ticket_id, job_id, n)
        CROSS JOIN clock k
        JOIN app.ticket t ON t.id = w.ticket_id
        JOIN app.customer c ON c.id = t.customer_id
        LEFT JOIN paths p ON p.id = t.region_id
        LEFT JOIN app.work_type tw ON tw.id = t.work_type_id
        LEFT JOIN app.job j ON j.id = w.job_id
        LEFT JOIN app.employee e ON e.id = j.technician_id
        LEFT JOIN app.service_outlet o ON o.id = j.outlet_id
        LEFT JOIN app.work_type jw ON jw.id = j.work_type_id
        LEFT JOIN LATERAL (SELECT x.id, x.during, x.state FROM app.visit x
                           WHERE x.job_id = j.id AND x.state <> 'cancelled'
                           ORDER BY x.id DESC LIMIT 1) v ON true)
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'ticket_id', r.ticket_id, 'number', r.number, 'status', r.status,
        'customer_name', r.customer_name, 'region_id', r.region_id, 'region', r.region,
        'address', r.address, 'visit', r.visit, 'service_mode', r.service_mode,
        'work_type_id', r.work_type_id, 'work_type', r.work_type, 'product', r.product,
        'brand', r.brand, 'model', r.model, 'fault', r.fault, 'promised_on', r.promised_on,
        'appointment_at', r.appointment_at, 'urgent', r.urgent, 'days_late', r.days_late,
        'appointment_missed', r.missed, 'overdue', r.days_late > 0 OR r.missed,
        'job', CASE WHEN r.job_id IS NOT NULL THEN jsonb_build_object(
            'id', r.job_id, 'state', r.job_state, 'version', r.job_version,
            'assignee_kind', r.assignee_kind, 'technician_id', r.technician_id,
            'technician', r.technician, 'outlet_id', r.outlet_id, 'outlet', r.outlet,
            'work_type_id', r.job_work_type_id, 'work_type', r.job_work_type,
            'override_reason', r.override_reason, 'assigned_at', r.assigned_at,
            'assigned_by', r.assigned_by, 'started_at', r.started_at,
            'finished_at', r.finished_at,
            'visit', CASE WHEN r.visit_id IS NOT NULL THEN jsonb_build_object(
                'id', r.visit_id, 'start', lower(r.during), 'end', upper(r.during),
                'state', r.visit_state) END,
            'report', CASE WHEN r.reported_at IS NOT NULL OR r.finished_at IS NOT NULL
                      THEN jsonb_build_object(
                'hours', r.hours::text, 'result', r.result, 'fault_cause', r.fault_cause,
                'action', r.action, 'notes', r.notes, 'customer_signed', r.customer_signed,
                'signed_at', r.signed_at, 'reported_at', r.reported_at,
                'reported_by', r.reported_by, 'days_late', r.job_days_late,
                'reviewed_at', r.reviewed_at, 'reviewed_by', r.reviewed_by,
                'review_note', r.review_note,
                'work_types', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                   'work_type_id', d.work_type_id, 'name', dw.name,
                                   'quantity', d.quantity::text) ORDER BY dw.id), '[]')
                               FROM app.job_work_type d
                               JOIN app.work_type dw ON dw.id = d.work_type_id
                               WHERE d.job_id = r.job_id)) END) END)
        ORDER BY r.n), '[]')
    FROM rows_ r
$fn$;
