-- The arithmetic of a settlement, in one place: the same rules in the same order as
-- domain/fees.py compute_settlement (tests/db/test_rules_agree.py runs both on the same
-- cases and wants the same totals and the same refusal). app.ticket_settle stores what it
-- returns.
--
-- Every amount is rounded to the cent before it is checked, so what is checked is what is
-- stored (a discount of 0.004 is no discount). A line is billed to the customer, the
-- manufacturer or the shop; p_default_payer is who pays by the ticket's warranty class
-- (app.billed_to_default), and billing anyone else needs p_payer_reason ("payer_override"
-- in the result tells the caller to ask for warranty.override). NULL: no payer rule.
-- Lines that are not a list of lines are no lines (revision 0014).
CREATE OR REPLACE FUNCTION app.settlement_totals(p_lines jsonb, p_discount numeric,
    p_discount_reason text, p_payment_method text, p_paid numeric, p_default_payer text,
    p_payer_reason text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    limit_ constant numeric := 10000000;  -- every amount stays below ten million
    line jsonb;
    n integer := 0;
    quantity_ numeric;
    price_ numeric;
    amount_ numeric;
    payer_ text;
    lines_ jsonb := '[]';
    sums jsonb := '{"customer": 0.00, "manufacturer": 0.00, "shop": 0.00}';
    subtotal_ numeric := 0.00;
    customer_ numeric;
    override_ boolean := false;
    other_payer text;
    discount_ numeric;
    due_ numeric;
    paid_ numeric;
BEGIN
    IF p_lines IS NULL OR jsonb_typeof(p_lines) <> 'array' OR jsonb_array_length(p_lines) = 0
    THEN
        PERFORM app.refuse('lines_required', 'lines');
    END IF;
    FOR line IN SELECT * FROM jsonb_array_elements(p_lines) LOOP
        n := n + 1;
        payer_ := left(coalesce(line ->> 'billed_to', 'customer'), 20);
        IF app.is_blank(line ->> 'description') THEN
            PERFORM app.refuse('line_description_required', jsonb_build_object('n', n)::text);
        END IF;
        IF length(btrim(line ->> 'description')) > 100 THEN
            PERFORM app.refuse('line_description_too_long',
                               jsonb_build_object('n', n, 'max', 100)::text);
        END IF;
        IF (line ->> 'kind') IS NULL OR line ->> 'kind' NOT IN ('part', 'labour', 'other') THEN
            PERFORM app.refuse('line_kind_invalid',
                               jsonb_build_object('n', n, 'kind', left(line ->> 'kind', 20))::text);
        END IF;
        IF payer_ NOT IN ('customer', 'manufacturer', 'shop') THEN
            PERFORM app.refuse('line_payer_invalid',
                               jsonb_build_object('n', n, 'billed_to', payer_)::text);
        END IF;
        quantity_ := coalesce(app.as_number(line ->> 'quantity'), 'NaN');
        price_ := coalesce(app.as_number(line ->> 'unit_price'), 'NaN');
        IF quantity_ = 'NaN' OR price_ = 'NaN' THEN
            PERFORM app.refuse('line_number_invalid', jsonb_build_object('n', n)::text);
        END IF;
        quantity_ := round(quantity_, 2);
        price_ := round(price_, 2);
        IF quantity_ <= 0 THEN
            PERFORM app.refuse('line_quantity_invalid', jsonb_build_object('n', n)::text);
        END IF;
        IF price_ < 0 THEN
            PERFORM app.refuse('line_price_negative', jsonb_build_object('n', n)::text);
        END IF;
        amount_ := round(quantity_ * price_, 2);
        IF price_ >= limit_ OR amount_ >= limit_ THEN
            PERFORM app.refuse('line_amount_too_large', jsonb_build_object('n', n)::text);
        END IF;
        sums := jsonb_set(sums, ARRAY[payer_], to_jsonb((sums ->> payer_)::numeric + amount_));
        subtotal_ := subtotal_ + amount_;
        lines_ := lines_ || jsonb_build_object(
            'kind', line ->> 'kind', 'description', btrim(line ->> 'description'),
            'quantity', quantity_, 'unit_price', price_, 'amount', amount_,
            'billed_to', payer_);
    END LOOP;
    IF subtotal_ >= limit_ THEN
        PERFORM app.refuse('total_too_large', 'lines');
    END IF;
    customer_ := (sums ->> 'customer')::numeric;

    IF p_default_payer IS NOT NULL THEN
        SELECT l ->> 'billed_to' INTO other_payer FROM jsonb_array_elements(lines_) l
        WHERE l ->> 'billed_to' <> p_default_payer LIMIT 1;
        override_ := other_payer IS NOT NULL;
        IF override_ AND app.is_blank(p_payer_reason) THEN
            PERFORM app.refuse('payer_reason_required', jsonb_build_object(
                'payer', p_default_payer, 'billed_to', other_payer)::text);
        END IF;
    END IF;

    discount_ := coalesce(p_discount, 0);
    IF discount_ IN ('NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric) THEN
        PERFORM app.refuse('discount_invalid', 'discount');
    END IF;
    discount_ := round(discount_, 2);
    IF discount_ >= limit_ THEN
        PERFORM app.refuse('discount_too_large', 'discount');
    END IF;
    IF discount_ < 0 THEN
        PERFORM app.refuse('discount_negative', 'discount');
    END IF;
    IF discount_ > customer_ THEN
        PERFORM app.refuse('discount_above_total', jsonb_build_object(
            'discount', discount_::text, 'total', customer_::text)::text);
    END IF;
    IF discount_ > 0 AND app.is_blank(p_discount_reason) THEN
        PERFORM app.refuse('discount_reason_required', 'discount_reason');
    END IF;

    due_ := customer_ - discount_;
    IF p_payment_method IS NULL
       OR p_payment_method NOT IN ('cash', 'wechat', 'alipay', 'card', 'transfer', 'none') THEN
        PERFORM app.refuse('payment_method_invalid', 'payment_method');
    END IF;
    IF due_ = 0 THEN
        paid_ := 0.00;
    ELSE
        IF p_payment_method = 'none' THEN
            PERFORM app.refuse('payment_method_invalid', 'payment_method');
        END IF;
        IF p_paid IS NULL THEN
            IF p_payment_method = 'cash' THEN
                PERFORM app.refuse('paid_required', 'paid');
            END IF;
            paid_ := due_;
        ELSE
            IF p_paid IN ('NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric) THEN
                PERFORM app.refuse('paid_invalid', 'paid');
            END IF;
            paid_ := round(p_paid, 2);
            IF paid_ >= limit_ THEN
                PERFORM app.refuse('paid_too_large', 'paid');
            END IF;
        END IF;
        IF paid_ < due_ THEN
            PERFORM app.refuse('underpaid', jsonb_build_object('due', due_::text)::text);
        END IF;
        IF p_payment_method <> 'cash' AND paid_ <> due_ THEN
            PERFORM app.refuse('overpaid_non_cash', 'paid');
        END IF;
    END IF;
    RETURN jsonb_build_object(
        'subtotal', subtotal_, 'customer_subtotal', customer_,
        'manufacturer_amount', (sums ->> 'manufacturer')::numeric,
        'shop_amount', (sums ->> 'shop')::numeric, 'discount', discount_,
        'customer_due', due_, 'paid', paid_, 'change', paid_ - due_,
        'payer_override', override_, 'lines', lines_);
END
$fn$;
