CREATE OR REPLACE FUNCTION app.notice_result(p_id bigint, p_ok boolean, p_detail text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    n app.customer_notice;
BEGIN
    PERFORM app.need('notice.send');
    UPDATE app.customer_notice SET status = CASE WHEN p_ok THEN 'sent' ELSE 'failed' END,
        detail = left(coalesce(p_detail, ''), 500)
    WHERE id = p_id AND status = 'sending' RETURNING * INTO n;
    IF NOT FOUND THEN
        PERFORM app.refuse('notice_not_sending', p_id::text);
    END IF;
    IF n.ticket_id IS NOT NULL THEN
        UPDATE app.ticket SET notice_count = (SELECT count(*) FROM app.customer_notice c
            WHERE c.ticket_id = n.ticket_id AND c.status IN ('sent', 'sending'))
        WHERE id = n.ticket_id;
        PERFORM app.ticket_changed(n.ticket_id, 'notice');
    END IF;
END
$fn$;
