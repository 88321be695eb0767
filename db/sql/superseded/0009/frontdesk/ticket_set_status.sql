CREATE OR REPLACE FUNCTION app.ticket_set_status(p_id bigint, p_version integer,
                                                 p_status text, p_reason text DEFAULT '')
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t app.ticket;
    reason text := btrim(coalesce(p_reason, ''));
    days integer;
BEGIN
    PERFORM app.need(CASE p_status WHEN 'cancelled' THEN 'intake.cancel'
                                   WHEN 'picked_up' THEN 'settlement.collect'
                                   ELSE 'intake.edit' END);
    t := app.ticket_for_update(p_id, p_version);
    IF p_status NOT IN (SELECT to_status FROM app.ticket_transition UNION SELECT 'pending') THEN
        PERFORM app.refuse('unknown_status', p_status);
    END IF;
    IF p_status = t.status THEN
        PERFORM app.refuse('unchanged', t.status);
    END IF;
    IF t.status IN ('picked_up', 'cancelled') THEN
        PERFORM app.refuse('closed', t.status);
    END IF;
    IF NOT EXISTS (SELECT FROM app.ticket_transition
                   WHERE from_status = t.status AND to_status = p_status) THEN
        PERFORM app.refuse('not_allowed', t.status || '>' || p_status);
    END IF;
    IF p_status = 'in_repair' AND t.warranty_class = 'out_of_warranty' AND NOT t.rework_free
       AND coalesce(t.quote_state, '') <> 'approved'
       AND coalesce((app.setting('quote_required') #>> '{}')::boolean, true) THEN
        PERFORM app.refuse('quote_required', t.number);
    END IF;
    IF p_status = 'cancelled' AND reason = '' THEN
        PERFORM app.refuse('reason_required', 'reason');
    END IF;
    IF p_status = 'picked_up' AND NOT t.settled THEN
        IF NOT pg_has_role(session_user, 'as_cap_settlement_release_unsettled', 'MEMBER') THEN
            PERFORM app.refuse('unsettled', t.number);
        END IF;
        IF reason = '' THEN
            PERFORM app.refuse('reason_required', 'reason');
        END IF;
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
