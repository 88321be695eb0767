CREATE OR REPLACE FUNCTION app.ticket_changed(p_id bigint, p_event text) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT pg_notify('aftersales_tickets', jsonb_build_object(
        'id', t.id, 'number', t.number, 'status', t.status, 'event', p_event)::text)
    FROM app.ticket t WHERE t.id = p_id
$fn$;
