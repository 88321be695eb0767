-- A notice the counter gives: a phone call is 'sent' at once; SMS and e-mail are
-- 'sending' until app.notice_result says how the gateway answered. An SMS is recorded
-- with the mobile number it goes to (app.sms_recipient).
CREATE OR REPLACE FUNCTION app.notice_log(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    channel_ text := p ->> 'channel';
    recipient_ text;
    n_id bigint;
    due app.customer_notice;
    ticket_ bigint := (p ->> 'ticket_id')::bigint;
    preorder_ bigint := (p ->> 'preorder_id')::bigint;
BEGIN
    PERFORM app.need('notice.send');
    IF channel_ IS NULL OR channel_ NOT IN ('phone', 'sms', 'email') THEN
        PERFORM app.refuse('channel_invalid', 'channel');
    END IF;
    IF channel_ <> 'phone' AND NOT EXISTS (SELECT FROM app.notice_channel c
                                           WHERE c.channel = channel_ AND c.enabled) THEN
        PERFORM app.refuse('channel_not_configured', channel_);
    END IF;
    -- a text message goes to a mobile, by the one phone rule (app.sms_recipient)
    recipient_ := CASE WHEN channel_ = 'sms' THEN app.sms_recipient(p ->> 'recipient')
                       ELSE btrim(coalesce(p ->> 'recipient', '')) END;
    IF btrim(coalesce(p ->> 'body', '')) = '' THEN
        PERFORM app.refuse('notice_text_required', 'body');
    END IF;
    IF ticket_ IS NULL AND preorder_ IS NULL THEN
        PERFORM app.refuse('notice_target_missing', 'ticket');
    END IF;
    IF ticket_ IS NOT NULL THEN
        PERFORM app.ticket_for_update(ticket_, NULL);
    END IF;
    -- the oldest due notice of that kind is the one being given now
    SELECT * INTO due FROM app.customer_notice n
    WHERE n.status = 'due' AND n.kind = p ->> 'kind'
      AND n.ticket_id IS NOT DISTINCT FROM ticket_
      AND n.preorder_id IS NOT DISTINCT FROM preorder_
    ORDER BY n.id LIMIT 1 FOR UPDATE;
    IF FOUND THEN
        UPDATE app.customer_notice SET channel = channel_,
            recipient = recipient_, body = btrim(p ->> 'body'),
            status = CASE WHEN channel_ = 'phone' THEN 'sent' ELSE 'sending' END,
            detail = btrim(coalesce(p ->> 'detail', '')), sent_at = now(),
            sent_by = session_user
        WHERE id = due.id RETURNING id INTO n_id;
    ELSE
        INSERT INTO app.customer_notice (ticket_id, preorder_id, kind, channel, recipient,
                                         body, status, detail, sent_at, sent_by)
        VALUES (ticket_, preorder_, p ->> 'kind', channel_,
                recipient_, btrim(p ->> 'body'),
                CASE WHEN channel_ = 'phone' THEN 'sent' ELSE 'sending' END,
                btrim(coalesce(p ->> 'detail', '')), now(), session_user)
        RETURNING id INTO n_id;
    END IF;
    IF ticket_ IS NOT NULL THEN
        UPDATE app.ticket SET notice_count = (SELECT count(*) FROM app.customer_notice n
            WHERE n.ticket_id = ticket_ AND n.status IN ('sent', 'sending'))
        WHERE id = ticket_;
        PERFORM app.ticket_changed(ticket_, 'notice');
    END IF;
    RETURN jsonb_build_object('id', n_id);
END
$fn$;
