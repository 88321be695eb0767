CREATE OR REPLACE FUNCTION app.ticket_quote_decide(p_quote_id bigint, p_approved boolean,
                                                   p_channel text, p_decided_on date,
                                                   p_note text DEFAULT '') RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    q app.ticket_quote;
    t app.ticket;
BEGIN
    PERFORM app.need('intake.edit');
    SELECT * INTO q FROM app.ticket_quote WHERE id = p_quote_id;
    IF NOT FOUND THEN
        PERFORM app.refuse('quote_missing', p_quote_id::text);
    END IF;
    t := app.ticket_for_update(q.ticket_id, NULL);
    IF q.state <> 'pending' THEN
        PERFORM app.refuse('quote_decided', q.state);
    END IF;
    IF p_decided_on IS NULL OR p_decided_on > app.shop_today() THEN
        PERFORM app.refuse('decision_date_invalid', 'decided_on');
    END IF;
    UPDATE app.ticket_quote SET state = CASE WHEN p_approved THEN 'approved' ELSE 'declined' END,
        decided_on = p_decided_on, channel = p_channel, decided_by = session_user,
        decision_note = btrim(coalesce(p_note, ''))
    WHERE id = q.id;
    UPDATE app.ticket SET quote_state = CASE WHEN p_approved THEN 'approved' ELSE 'declined' END,
        version = version + 1 WHERE id = t.id;
    PERFORM app.ticket_changed(t.id, 'quote');
    RETURN jsonb_build_object('id', q.id, 'ticket_version', t.version + 1);
END
$fn$;
