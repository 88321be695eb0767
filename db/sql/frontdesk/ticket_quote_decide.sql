-- The customer's answer to a quote: yes or no (NULL is no answer and is refused), how it
-- came and on which day (not before the quote was made, not in the future).
CREATE OR REPLACE FUNCTION app.ticket_quote_decide(p_quote_id bigint, p_approved boolean,
                                                   p_channel text, p_decided_on date,
                                                   p_note text DEFAULT '') RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    q app.ticket_quote;
    t app.ticket;
    version_ integer;
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
    PERFORM app.arg_text(p_note, 'decision_note', 200);
    IF p_approved IS NULL THEN
        PERFORM app.arg_refusal('field_yes_no', 'approved');
    END IF;
    IF p_channel IS NULL OR p_channel NOT IN ('in_person', 'phone', 'sms', 'wechat', 'email')
    THEN
        PERFORM app.refuse('quote_channel_invalid', 'channel');
    END IF;
    IF p_decided_on IS NULL OR p_decided_on > app.shop_today()
       OR p_decided_on < (q.created_at AT TIME ZONE coalesce(
               app.setting('timezone') #>> '{}', 'Asia/Shanghai'))::date THEN
        PERFORM app.refuse('decision_date_invalid', 'decided_on');
    END IF;
    UPDATE app.ticket_quote SET state = CASE WHEN p_approved THEN 'approved' ELSE 'declined' END,
        decided_on = p_decided_on, channel = p_channel, decided_by = session_user,
        decision_note = btrim(coalesce(p_note, ''))
    WHERE id = q.id;
    UPDATE app.ticket SET quote_state = CASE WHEN p_approved THEN 'approved' ELSE 'declined' END
    WHERE id = t.id RETURNING version INTO version_;
    PERFORM app.ticket_changed(t.id, 'quote');
    RETURN jsonb_build_object('id', q.id, 'ticket_version', version_);
END
$fn$;
