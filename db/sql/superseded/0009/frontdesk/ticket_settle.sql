-- Same arithmetic as domain/fees.py compute_settlement; the database recomputes every
-- amount from the lines and refuses anything that does not add up.
CREATE OR REPLACE FUNCTION app.ticket_settle(p_id bigint, p_version integer, p jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    t app.ticket;
    found_ app.settlement;
    line jsonb;
    n integer := 0;
    amount_ numeric;
    subtotal_ numeric := 0;
    customer_ numeric := 0;
    manufacturer_ numeric := 0;
    shop_ numeric := 0;
    discount_ numeric := coalesce((p ->> 'discount')::numeric, 0);
    reason_ text := btrim(coalesce(p ->> 'discount_reason', ''));
    method_ text := coalesce(p ->> 'payment_method', 'none');
    paid_ numeric := (p ->> 'paid')::numeric;
    due_ numeric;
    s_id bigint;
    number_ text;
BEGIN
    PERFORM app.need('settlement.collect');
    IF p ? 'operation_id' THEN
        SELECT * INTO found_ FROM app.settlement
        WHERE operation_id = (p ->> 'operation_id')::uuid;
        IF FOUND THEN
            RETURN jsonb_build_object('id', found_.id, 'number', found_.number,
                                      'repeated', true);
        END IF;
    END IF;
    t := app.ticket_for_update(p_id, p_version);
    IF t.status = 'cancelled' THEN
        PERFORM app.refuse('settle_cancelled', t.number);
    END IF;
    IF t.settled THEN
        PERFORM app.refuse('already_settled', t.number);
    END IF;
    IF jsonb_array_length(coalesce(p -> 'lines', '[]')) = 0 THEN
        PERFORM app.refuse('lines_required', 'lines');
    END IF;
    number_ := app.next_number('JS');
    INSERT INTO app.settlement (number, operation_id, ticket_id, subtotal, customer_amount,
                                payment_method, paid)
    VALUES (number_, (p ->> 'operation_id')::uuid, t.id, 0, 0, 'none', 0)
    RETURNING id INTO s_id;
    FOR line IN SELECT * FROM jsonb_array_elements(p -> 'lines') LOOP
        n := n + 1;
        IF btrim(coalesce(line ->> 'description', '')) = '' THEN
            PERFORM app.refuse('line_description_required', n::text);
        END IF;
        IF coalesce((line ->> 'quantity')::numeric, 0) <= 0 THEN
            PERFORM app.refuse('line_quantity_invalid', n::text);
        END IF;
        IF coalesce((line ->> 'unit_price')::numeric, -1) < 0 THEN
            PERFORM app.refuse('negative_fee', n::text);
        END IF;
        amount_ := round((line ->> 'quantity')::numeric * (line ->> 'unit_price')::numeric, 2);
        INSERT INTO app.settlement_line (settlement_id, line_no, kind, item_id, work_type_id,
            description, quantity, unit_price, amount, billed_to)
        VALUES (s_id, n, line ->> 'kind', (line ->> 'item_id')::bigint,
            (line ->> 'work_type_id')::bigint, btrim(line ->> 'description'),
            (line ->> 'quantity')::numeric, (line ->> 'unit_price')::numeric, amount_,
            coalesce(line ->> 'billed_to', 'customer'));
        subtotal_ := subtotal_ + amount_;
        CASE coalesce(line ->> 'billed_to', 'customer')
            WHEN 'customer' THEN customer_ := customer_ + amount_;
            WHEN 'manufacturer' THEN manufacturer_ := manufacturer_ + amount_;
            ELSE shop_ := shop_ + amount_;
        END CASE;
    END LOOP;
    IF discount_ < 0 THEN
        PERFORM app.refuse('discount_negative', 'discount');
    END IF;
    IF discount_ > customer_ THEN
        PERFORM app.refuse('discount_above_total', customer_::text);
    END IF;
    IF discount_ > 0 AND reason_ = '' THEN
        PERFORM app.refuse('discount_reason_required', 'discount_reason');
    END IF;
    due_ := customer_ - discount_;
    IF method_ NOT IN ('cash', 'wechat', 'alipay', 'card', 'transfer', 'none') THEN
        PERFORM app.refuse('payment_method_invalid', 'payment_method');
    END IF;
    IF due_ > 0 THEN
        IF method_ = 'none' THEN
            PERFORM app.refuse('payment_method_invalid', 'payment_method');
        END IF;
        paid_ := coalesce(paid_, CASE WHEN method_ <> 'cash' THEN due_ END);
        IF paid_ IS NULL OR paid_ < due_ THEN
            PERFORM app.refuse('underpaid', due_::text);
        END IF;
        IF method_ <> 'cash' AND paid_ <> due_ THEN
            PERFORM app.refuse('overpaid_non_cash', 'paid');
        END IF;
    ELSE
        paid_ := 0;
    END IF;
    UPDATE app.settlement SET subtotal = subtotal_, discount = discount_,
        discount_reason = reason_, manufacturer_amount = manufacturer_, shop_amount = shop_,
        customer_amount = due_, payment_method = method_, paid = paid_,
        change_given = paid_ - due_
    WHERE id = s_id;
    UPDATE app.ticket SET settled = true, fee_total = due_, version = version + 1
    WHERE id = t.id;
    PERFORM app.ticket_changed(t.id, 'settled');
    RETURN jsonb_build_object('id', s_id, 'number', number_, 'customer_amount', due_,
        'change', paid_ - due_, 'ticket_version', t.version + 1, 'repeated', false);
END
$fn$;
