-- A quote for the customer to approve: the amounts are rounded to the cent and checked
-- by app.arg_money (NaN, infinities, letters and negative amounts are refused naming the
-- field); a new quote supersedes the pending one.
-- A closed ticket (app.ticket_is_closed: picked up, completed, cancelled) is refused.
CREATE OR REPLACE FUNCTION app.ticket_quote(p_id bigint, p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t app.ticket;
    parts_ numeric;
    labour_ numeric;
    other_ numeric;
    q_id bigint;
    version_ integer;
BEGIN
    PERFORM app.need('intake.edit');
    parts_ := app.arg_money(p ->> 'parts_amount', 'parts_amount');
    labour_ := app.arg_money(p ->> 'labour_amount', 'labour_amount');
    other_ := coalesce(app.arg_money(p ->> 'other_amount', 'other_amount'), 0);
    t := app.ticket_for_update(p_id, NULL);
    IF app.ticket_is_closed(t.status) THEN
        PERFORM app.refuse('closed', t.status);
    END IF;
    IF parts_ IS NULL THEN
        PERFORM app.arg_refusal('field_amount_invalid', 'parts_amount');
    END IF;
    IF labour_ IS NULL THEN
        PERFORM app.arg_refusal('field_amount_invalid', 'labour_amount');
    END IF;
    PERFORM app.arg_text(p ->> 'note', 'note', 200);
    UPDATE app.ticket_quote SET state = 'superseded'
    WHERE ticket_id = t.id AND state = 'pending';
    INSERT INTO app.ticket_quote (ticket_id, parts_amount, labour_amount, other_amount, note)
    VALUES (t.id, parts_, labour_, other_, btrim(coalesce(p ->> 'note', '')))
    RETURNING id INTO q_id;
    UPDATE app.ticket SET quote_state = 'pending' WHERE id = t.id
    RETURNING version INTO version_;
    PERFORM app.ticket_changed(t.id, 'quoted');
    RETURN jsonb_build_object('id', q_id, 'ticket_version', version_);
END
$fn$;
