-- Voiding keeps the original and adds its mirror image, so the day's takings still
-- add up and both stay in the books. The reason is at most 200 characters (0014).
CREATE OR REPLACE FUNCTION app.settlement_void(p_id bigint, p_reason text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    s app.settlement;
    t app.ticket;
    r_id bigint;
    reason_ text;
BEGIN
    PERFORM app.need('settlement.void');
    reason_ := app.arg_text(p_reason, 'reason', 200);
    SELECT * INTO s FROM app.settlement WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('settlement_missing', p_id::text);
    END IF;
    IF s.kind <> 'sale' OR s.voided_at IS NOT NULL THEN
        PERFORM app.refuse('already_voided', s.number);
    END IF;
    IF coalesce(reason_, '') = '' THEN
        PERFORM app.refuse('reason_required', 'reason');
    END IF;
    t := app.ticket_for_update(s.ticket_id, NULL);
    UPDATE app.settlement SET voided_at = now(), voided_by = session_user,
        void_reason = reason_ WHERE id = s.id;
    INSERT INTO app.settlement (number, ticket_id, kind, reversal_of, subtotal, discount,
        discount_reason, manufacturer_amount, shop_amount, customer_amount, payment_method,
        paid, change_given, void_reason)
    VALUES (app.next_number('JS'), s.ticket_id, 'reversal', s.id, -s.subtotal, -s.discount,
        s.discount_reason, -s.manufacturer_amount, -s.shop_amount, -s.customer_amount,
        s.payment_method, -s.paid, -s.change_given, reason_)
    RETURNING id INTO r_id;
    UPDATE app.ticket SET settled = false, fee_total = 0, version = version + 1
    WHERE id = t.id;
    PERFORM app.ticket_changed(t.id, 'voided');
    RETURN jsonb_build_object('id', s.id, 'reversal_id', r_id, 'ticket_version', t.version + 1);
END
$fn$;
