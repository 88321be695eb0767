-- The callback tasks of a ticket just finished for its customer (picked up at the counter,
-- or completed on site): one per active rule of its service mode and round, due that
-- many days after the shop's today, open for the rule's window. The job is the ticket's
-- latest one not cancelled (a work report moves its ticket before it marks its job
-- finished); its technician, else the ticket's, is the one the survey is about. The
-- region is the ticket's, else the customer's. A task the ticket has for that round
-- already stays as it is (a finish retried, a pickup replayed: one task per round).
-- Returns how many tasks it made; listeners of 'callbacks' hear of new ones.
CREATE OR REPLACE FUNCTION app.callback_tasks_make(p_ticket bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    made integer;
BEGIN
    INSERT INTO app.callback_task (kind, source, ticket_id, job_id, round, customer_id,
                                   device_id, technician_id, outlet_id, service_mode,
                                   region_id, purchase_date, due_on, expires_on)
    SELECT r.kind, 'ticket', t.id, j.id, r.round, t.customer_id, t.device_id,
           coalesce(j.technician_id, CASE WHEN j.id IS NULL THEN t.technician_id END),
           j.outlet_id, t.service_mode, coalesce(t.region_id, c.region_id), t.purchase_date,
           app.shop_today() + r.delay_days, app.shop_today() + r.delay_days + r.window_days
    FROM app.ticket t
    JOIN app.customer c ON c.id = t.customer_id
    JOIN app.callback_rule r ON r.service_mode = t.service_mode AND r.active
    LEFT JOIN LATERAL (
        SELECT x.id, x.technician_id, x.outlet_id FROM app.job x
        WHERE x.ticket_id = t.id AND x.state <> 'cancelled'
        ORDER BY x.id DESC LIMIT 1) j ON true
    WHERE t.id = p_ticket
    ORDER BY r.round
    ON CONFLICT (ticket_id, round) DO NOTHING;
    GET DIAGNOSTICS made = ROW_COUNT;
    IF made > 0 THEN
        PERFORM pg_notify('callbacks', jsonb_build_object('ticket_id', p_ticket,
                                                          'tasks', made)::text);
    END IF;
    RETURN made;
END
$fn$;
