-- Arrival (by hand now; the stock receipt will call it with 'receipt') makes a
-- "parts arrived" notice due.
CREATE OR REPLACE FUNCTION app.preorder_arrive(p_id bigint, p_source text DEFAULT 'manual')
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    o app.part_preorder;
    source_ text := coalesce(p_source, 'manual');
BEGIN
    IF source_ NOT IN ('manual', 'receipt') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'arrival_source');
    END IF;
    PERFORM app.need(CASE WHEN source_ = 'receipt' THEN 'stock.post' ELSE 'intake.create' END);
    SELECT * INTO o FROM app.part_preorder WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('preorder_missing', p_id::text);
    END IF;
    IF o.state <> 'waiting' THEN
        PERFORM app.refuse('preorder_state', o.state);
    END IF;
    UPDATE app.part_preorder SET state = 'arrived', arrived_at = now(),
        arrived_by = session_user, arrival_source = source_
    WHERE id = o.id;
    INSERT INTO app.customer_notice (preorder_id, ticket_id, kind, status)
    VALUES (o.id, o.ticket_id, 'parts_arrived', 'due');
    RETURN jsonb_build_object('id', o.id, 'state', 'arrived');
END
$fn$;
