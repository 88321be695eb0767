-- A notice the counter gives: a phone call is 'sent' at once; SMS and e-mail are
-- 'sending' until app.notice_result says how the gateway answered. An SMS is recorded
-- with the mobile number it goes to (app.sms_recipient). The kind, channel and ids are
-- checked and the texts held to their lengths before anything is written (0014).
CREATE OR REPLACE FUNCTION app.notice_log(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    channel_ text := p ->> 'channel';
    kind_ text := p ->> 'kind';
    recipient_ text;
    body_ text;
    detail_ text;
    n_id bigint;
    due app.customer_notice;
    ticket_ bigint;
    preorder_ bigint;
BEGIN
    PERFORM app.need('notice.send');
    body_ := coalesce(app.arg_text(p ->> 'body', 'body', 1000), '');
    detail_ := coalesce(app.arg_text(p ->> 'detail', 'detail', 500), '');
    ticket_ := app.arg_id(p ->> 'ticket_id', 'ticket_id');
    preorder_ := app.arg_id(p ->> 'preorder_id', 'preorder_id');
    IF kind_ IS NULL OR kind_ NOT IN ('repaired', 'parts_arrived', 'period_extended',
                                      'waiting_parts', 'preorder_waiting') THEN
        PERFORM app.refuse('notice_kind_invalid', 'kind');
    END IF;
    IF channel_ IS NULL OR channel_ NOT IN ('phone', 'sms', 'email') THEN
        PERFORM app.refuse('channel_invalid', 'channel');
    END IF;
    IF channel_ <> 'phone' AND NOT EXISTS (SELECT FROM app.notice_channel c
                                           WHERE c.channel = channel_ AND c.enabled) THEN
        PERFORM app.refuse('channel_not_configured', channel_);
    END IF;
    -- a text message goes to a mobile, by the one phone rule (app.sms_recipient)
    recipient_ := CASE WHEN channel_ = 'sms' THEN app.sms_recipient(p ->> 'recipient')
                       ELSE coalesce(app.arg_text(p ->> 'recipient', 'recipient', 100), '')
                  END;
    IF body_ = '' THEN
        PERFORM app.refuse('notice_text_required', 'body');
    END IF;
    IF ticket_ IS NULL AND preorder_ IS NULL THEN
        PERFORM app.refuse('notice_target_missing', 'ticket');
    END IF;
    IF ticket_ IS NOT NULL THEN
        PERFORM app.ticket_for_update(ticket_, NULL);
    END IF;
    IF preorder_ IS NOT NULL AND NOT EXISTS (SELECT FROM app.part_preorder o
                                             WHERE o.id = preorder_) THEN
        PERFORM app.refuse('preorder_missing', preorder_::text);
    END IF;
    -- the oldest due notice of that kind is the one being given now
    SELECT * INTO due FROM app.customer_notice n
    WHERE n.status = 'due' AND n.kind = kind_
      AND n.ticket_id IS NOT DISTINCT FROM ticket_
      AND n.preorder_id IS NOT DISTINCT FROM preorder_
    ORDER BY n.id LIMIT 1 FOR UPDATE;
    IF FOUND THEN
        UPDATE app.customer_notice SET channel = channel_, recipient = recipient_,
            body = body_, status = CASE WHEN channel_ = 'phone' THEN 'sent' ELSE 'sending' END,
            detail = detail_, sent_at = now(), sent_by = session_user
        WHERE id = due.id RETURNING id INTO n_id;
    ELSE
        INSERT INTO app.customer_notice (ticket_id, preorder_id, kind, channel, recipient,
                                         body, status, detail, sent_at, sent_by)
        VALUES (ticket_, preorder_, kind_, channel_, recipient_, body_,
                CASE WHEN channel_ = 'phone' THEN 'sent' ELSE 'sending' END,
                detail_, now(), session_user)
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
