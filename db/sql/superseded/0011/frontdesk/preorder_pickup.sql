-- The customer takes the part and pays what is due (app.preorder_amounts: the total
-- less the deposit).
CREATE OR REPLACE FUNCTION app.preorder_pickup(p_id bigint, p_payment_method text,
                                               p_paid numeric) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    o app.part_preorder;
    due numeric;
BEGIN
    PERFORM app.need('settlement.collect');
    SELECT * INTO o FROM app.part_preorder WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM app.refuse('preorder_missing', p_id::text);
    END IF;
    IF o.state <> 'arrived' THEN
        PERFORM app.refuse('preorder_state', o.state);
    END IF;
    due := (app.preorder_amounts(o.quantity, o.unit_price, o.deposit) ->> 'due')::numeric;
    IF p_paid IS NULL OR p_paid < due THEN
        PERFORM app.refuse('underpaid', due::text);
    END IF;
    IF p_payment_method NOT IN ('cash', 'wechat', 'alipay', 'card', 'transfer', 'none')
       OR (due > 0 AND p_payment_method = 'none') THEN
        PERFORM app.refuse('payment_method_invalid', 'payment_method');
    END IF;
    UPDATE app.part_preorder SET state = 'picked_up', picked_up_at = now(),
        picked_up_by = session_user, paid = p_paid, payment_method = p_payment_method,
        version = version + 1
    WHERE id = o.id;
    RETURN jsonb_build_object('id', o.id, 'state', 'picked_up', 'change', p_paid - due);
END
$fn$;
