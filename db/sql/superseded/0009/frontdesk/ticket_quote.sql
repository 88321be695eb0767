CREATE OR REPLACE FUNCTION app.ticket_quote(p_id bigint, p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t app.ticket;
    q_id bigint;
BEGIN
    PERFORM app.need('intake.edit');
    t := app.ticket_for_update(p_id, NULL);
    IF t.status IN ('picked_up', 'cancelled') THEN
        PERFORM app.refuse('closed', t.status);
    END IF;
    IF (p ->> 'parts_amount')::numeric < 0 OR (p ->> 'labour_amount')::numeric < 0
       OR coalesce((p ->> 'other_amount')::numeric, 0) < 0 THEN
        PERFORM app.refuse('negative_fee', 'quote');
    END IF;
    UPDATE app.ticket_quote SET state = 'superseded'
    WHERE ticket_id = t.id AND state = 'pending';
    INSERT INTO app.ticket_quote (ticket_id, parts_amount, labour_amount, other_amount, note)
    VALUES (t.id, (p ->> 'parts_amount')::numeric, (p ->> 'labour_amount')::numeric,
            coalesce((p ->> 'other_amount')::numeric, 0), btrim(coalesce(p ->> 'note', '')))
    RETURNING id INTO q_id;
    UPDATE app.ticket SET quote_state = 'pending', version = version + 1 WHERE id = t.id;
    PERFORM app.ticket_changed(t.id, 'quoted');
    RETURN jsonb_build_object('id', q_id, 'ticket_version', t.version + 1);
END
$fn$;
