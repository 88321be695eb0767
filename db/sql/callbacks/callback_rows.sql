-- Callback tasks as the due list, the attempt dialog and the survey dialog show them, in
-- the order of p_ids (a JSON array of objects): the task's own columns, its ticket's
-- number and product (a dealer row's product as typed), the customer with the main phone
-- (masked without contacts.view: app.mask_phone) and the address (the ticket's, else the
-- customer's), the region's path, the technician's name, the day the work was finished
-- and how many days the open task is past its due day. SECURITY DEFINER: the phones are
-- readable with contacts.view only, and the callers have checked their capability.
CREATE OR REPLACE FUNCTION app.callback_rows(p_ids bigint[]) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    WITH zone AS (
        SELECT coalesce(app.setting('timezone') #>> '{}', 'Asia/Shanghai') AS name,
               app.shop_today() AS today),
    paths AS MATERIALIZED (SELECT x.id, x.path FROM app.region_paths() x)
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'id', k.id, 'version', k.version, 'kind', k.kind, 'source', k.source,
        'state', k.state, 'round', k.round, 'due_on', k.due_on, 'expires_on', k.expires_on,
        'call_back_at', k.call_back_at, 'attempts', k.attempts,
        'last_attempt_at', k.last_attempt_at, 'last_outcome', k.last_outcome,
        'closed_at', k.closed_at, 'ticket_id', k.ticket_id, 'ticket_number', t.number,
        'job_id', k.job_id, 'customer_id', k.customer_id, 'customer_name', c.name,
        'phone', app.mask_phone(p.phone),
        'address', coalesce(nullif(t.address, ''), c.address, ''),
        'region_id', k.region_id, 'region', rp.path, 'service_mode', k.service_mode,
        'technician_id', k.technician_id, 'technician', e.name, 'dealer', k.dealer,
        'product', CASE WHEN t.id IS NULL THEN k.product
                        ELSE concat_ws(' ', nullif(t.product, ''), nullif(t.brand, ''),
                                       nullif(t.model, '')) END,
        'finished_on', CASE WHEN t.id IS NOT NULL THEN (coalesce(
            j.finished_at, t.picked_up_at, t.status_at) AT TIME ZONE zone.name)::date END,
        'overdue_days', CASE WHEN k.state IN ('pending', 'in_progress')
                             THEN greatest(zone.today - k.due_on, 0) ELSE 0 END)
        ORDER BY ids.ord), '[]')
    FROM unnest(p_ids) WITH ORDINALITY AS ids(id, ord)
    CROSS JOIN zone
    JOIN app.callback_task k ON k.id = ids.id
    JOIN app.customer c ON c.id = k.customer_id
    LEFT JOIN app.ticket t ON t.id = k.ticket_id
    LEFT JOIN app.job j ON j.id = k.job_id
    LEFT JOIN app.employee e ON e.id = k.technician_id
    LEFT JOIN LATERAL (
        SELECT cp.phone FROM app.customer_phone cp WHERE cp.customer_id = k.customer_id
        ORDER BY cp.is_primary DESC, cp.id LIMIT 1) p ON true
    LEFT JOIN paths rp ON rp.id = k.region_id
$fn$;
