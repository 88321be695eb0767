-- The complaints p_ids as the queue lists them, in the order given (a JSON array): the
-- customer with their first phone (masked unless the caller holds contacts.view), the
-- ticket, technician and owner by name, whether it is past its deadline (a complaint
-- waiting for the customer is not: its clock stands still) and its hours open without
-- the pauses (app.complaint_hours_open).
CREATE OR REPLACE FUNCTION app.complaint_rows(p_ids bigint[]) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'id', c.id, 'version', c.version, 'number', c.number, 'state', c.state,
        'severity', c.severity, 'source', c.source, 'summary', c.summary,
        'customer_id', c.customer_id, 'customer_name', cu.name,
        'phone', app.mask_phone(ph.phone),
        'ticket_id', c.ticket_id, 'ticket_number', t.number,
        'technician_id', c.technician_id, 'technician', e.name,
        'owner', c.owner, 'owner_name', o.name,
        'survey_id', c.survey_id, 'task_id', c.task_id,
        'opened_at', c.opened_at, 'opened_by', c.opened_by, 'deadline_at', c.deadline_at,
        'overdue', c.state IN ('open', 'in_progress') AND c.deadline_at < now(),
        'escalation_level', c.escalation_level, 'escalated_at', c.escalated_at,
        'paused_since', c.paused_since, 'resolved_at', c.resolved_at,
        'customer_accepted', c.customer_accepted, 'closed_at', c.closed_at,
        'hours_open', app.complaint_hours_open(c.opened_at, c.resolved_at, c.paused_since,
                                               c.paused_seconds, now()))
        ORDER BY k.ord), '[]'::jsonb)
    FROM unnest(p_ids) WITH ORDINALITY k(id, ord)
    JOIN app.complaint c ON c.id = k.id
    JOIN app.customer cu ON cu.id = c.customer_id
    LEFT JOIN app.ticket t ON t.id = c.ticket_id
    LEFT JOIN app.employee e ON e.id = c.technician_id
    LEFT JOIN app.operator o ON o.code = c.owner
    LEFT JOIN LATERAL (SELECT p.phone FROM app.customer_phone p
                       WHERE p.customer_id = c.customer_id
                       ORDER BY p.is_primary DESC, p.id LIMIT 1) ph ON true
$fn$;
