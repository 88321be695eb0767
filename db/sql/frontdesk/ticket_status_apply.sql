-- Move a ticket (its row locked by the caller) to p_status, if app.transition_refusal
-- allows it, with what the move brings: the pickup columns, the customer's whereabouts,
-- a due "repaired" notice, the history row. Returns the ticket as it is now. Internal:
-- the counter moves a ticket through app.ticket_set_status (which checks the operator's
-- capability), a job through its work report (app.job_start, app.job_report: the
-- technician's own job is their right to move its ticket), so both apply the same
-- status machine (revision 0018; before it this was the body of app.ticket_set_status).
CREATE OR REPLACE FUNCTION app.ticket_status_apply(p_id bigint, p_status text,
                                                   p_reason text DEFAULT '')
RETURNS app.ticket
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t app.ticket;
    reason text := coalesce(btrim(p_reason), '');
    refusal text;
    days integer;
    from_ text;
BEGIN
    SELECT * INTO t FROM app.ticket WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('ticket_missing', p_id::text);
    END IF;
    from_ := t.status;
    -- the status machine and its guards (quote, reason, settlement): app.transition_refusal
    refusal := app.transition_refusal(t.status, p_status, t.warranty_class, t.quote_state,
        coalesce((app.setting('quote_required') #>> '{}')::boolean, true), t.rework_free,
        t.settled, pg_has_role(session_user, 'as_cap_settlement_release_unsettled', 'MEMBER'),
        p_reason);
    IF refusal IS NOT NULL THEN
        PERFORM app.refuse(refusal, jsonb_build_object('current', t.status, 'target', p_status,
                                                       'status', p_status)::text);
    END IF;
    -- a repair handed over (picked up) or finished at the customer's (completed, an
    -- on-site job; revision 0020) is under repair warranty from today
    IF p_status IN ('picked_up', 'completed') THEN
        days := coalesce((SELECT w.repair_warranty_days FROM app.work_type w
                          WHERE w.id = t.work_type_id),
                         (app.setting('repair_warranty_days') #>> '{}')::integer, 90);
    END IF;
    IF p_status = 'picked_up' THEN
        INSERT INTO app.ticket_location (ticket_id, kind, label, note)
        VALUES (t.id, 'customer', '', reason);
    END IF;
    -- one UPDATE: status and pickup columns change together (a CHECK ties them)
    UPDATE app.ticket SET status = p_status, status_at = now(), version = version + 1,
        picked_up_at = CASE WHEN p_status = 'picked_up' THEN now() END,
        released_unsettled = (p_status = 'picked_up' AND NOT t.settled),
        repair_warranty_until = CASE WHEN p_status IN ('picked_up', 'completed')
                                     THEN app.shop_today() + days END,
        location_kind = CASE WHEN p_status = 'picked_up' THEN 'customer'
                             ELSE location_kind END,
        location_label = CASE WHEN p_status = 'picked_up' THEN '' ELSE location_label END
    WHERE id = t.id
    RETURNING * INTO t;
    INSERT INTO app.ticket_status (ticket_id, from_status, to_status, reason)
    VALUES (t.id, from_, p_status, reason);
    IF p_status = 'ready' AND NOT EXISTS (
            SELECT FROM app.customer_notice n
            WHERE n.ticket_id = t.id AND n.kind = 'repaired' AND n.status = 'due') THEN
        INSERT INTO app.customer_notice (ticket_id, kind, status) VALUES (t.id, 'repaired', 'due');
    END IF;
    PERFORM app.ticket_changed(t.id, 'status');
    RETURN t;
END
$fn$;
