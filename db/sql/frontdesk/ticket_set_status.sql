-- Move a ticket to p_status, if app.transition_refusal allows it, with what the move
-- brings: the pickup columns, the customer's whereabouts, a due "repaired" notice. The
-- reason is at most 200 characters (revision 0014).
CREATE OR REPLACE FUNCTION app.ticket_set_status(p_id bigint, p_version integer,
                                                 p_status text, p_reason text DEFAULT '')
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t app.ticket;
    reason text;
    refusal text;
    days integer;
BEGIN
    PERFORM app.need(app.transition_capability(p_status));
    reason := coalesce(app.arg_text(p_reason, 'reason', 200), '');
    t := app.ticket_for_update(p_id, p_version);
    -- the status machine and its guards (quote, reason, settlement): app.transition_refusal
    refusal := app.transition_refusal(t.status, p_status, t.warranty_class, t.quote_state,
        coalesce((app.setting('quote_required') #>> '{}')::boolean, true), t.rework_free,
        t.settled, pg_has_role(session_user, 'as_cap_settlement_release_unsettled', 'MEMBER'),
        p_reason);
    IF refusal IS NOT NULL THEN
        PERFORM app.refuse(refusal, jsonb_build_object('current', t.status, 'target', p_status,
                                                       'status', p_status)::text);
    END IF;
    IF p_status = 'picked_up' THEN
        days := coalesce((SELECT w.repair_warranty_days FROM app.work_type w
                          WHERE w.id = t.work_type_id),
                         (app.setting('repair_warranty_days') #>> '{}')::integer, 90);
        INSERT INTO app.ticket_location (ticket_id, kind, label, note)
        VALUES (t.id, 'customer', '', reason);
    END IF;
    -- one UPDATE: status and pickup columns change together (a CHECK ties them)
    UPDATE app.ticket SET status = p_status, status_at = now(), version = version + 1,
        picked_up_at = CASE WHEN p_status = 'picked_up' THEN now() END,
        released_unsettled = (p_status = 'picked_up' AND NOT t.settled),
        repair_warranty_until = CASE WHEN p_status = 'picked_up'
                                     THEN app.shop_today() + days END,
        location_kind = CASE WHEN p_status = 'picked_up' THEN 'customer'
                             ELSE location_kind END,
        location_label = CASE WHEN p_status = 'picked_up' THEN '' ELSE location_label END
    WHERE id = t.id;
    INSERT INTO app.ticket_status (ticket_id, from_status, to_status, reason)
    VALUES (t.id, t.status, p_status, reason);
    IF p_status = 'ready' AND NOT EXISTS (
            SELECT FROM app.customer_notice n
            WHERE n.ticket_id = t.id AND n.kind = 'repaired' AND n.status = 'due') THEN
        INSERT INTO app.customer_notice (ticket_id, kind, status) VALUES (t.id, 'repaired', 'due');
    END IF;
    PERFORM app.ticket_changed(t.id, 'status');
    RETURN jsonb_build_object('id', t.id, 'status', p_status, 'version', t.version + 1);
END
$fn$;
