-- Cancel a part ordered for a customer, with a reason (at most 200 characters, 0014).
CREATE OR REPLACE FUNCTION app.preorder_cancel(p_id bigint, p_reason text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    o app.part_preorder;
    reason_ text;
BEGIN
    PERFORM app.need('intake.cancel');
    reason_ := app.arg_text(p_reason, 'reason', 200);
    SELECT * INTO o FROM app.part_preorder WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('preorder_missing', p_id::text);
    END IF;
    IF o.state NOT IN ('waiting', 'arrived') THEN
        PERFORM app.refuse('preorder_state', o.state);
    END IF;
    IF coalesce(reason_, '') = '' THEN
        PERFORM app.refuse('reason_required', 'reason');
    END IF;
    UPDATE app.part_preorder SET state = 'cancelled', cancel_reason = reason_,
        version = version + 1
    WHERE id = o.id;
    RETURN jsonb_build_object('id', o.id, 'state', 'cancelled');
END
$fn$;
