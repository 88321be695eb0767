-- The arithmetic of a parts pre-order, in one place: the same rules in the same order as
-- domain/fees.py preorder_amounts (tests/db/test_rules_agree.py runs both on the same
-- cases and wants the same amounts and the same refusal). app.preorder_create stores what
-- it returns; app.preorder_pickup asks it what is due.
--
-- Every amount is rounded to the cent before it is checked, so what is checked is what is
-- stored (numeric(12,2)). A missing price or deposit is none (0.00). The total is quantity
-- x unit price to the cent; the deposit cannot be more; what is due at pickup is the
-- total less the deposit. A refusal names its field in the DETAIL ({"field": ...}).
CREATE OR REPLACE FUNCTION app.preorder_amounts(p_quantity numeric, p_unit_price numeric,
                                                p_deposit numeric) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    limit_ constant numeric := 10000000000;  -- numeric(12,2) holds ten digits before the point
    quantity_ numeric;
    price_ numeric := coalesce(p_unit_price, 0);
    deposit_ numeric := coalesce(p_deposit, 0);
    total_ numeric;
BEGIN
    IF p_quantity IS NULL
       OR p_quantity IN ('NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric)
       OR round(p_quantity, 2) <= 0 THEN
        PERFORM app.refuse('quantity_invalid', jsonb_build_object('field', 'quantity')::text);
    END IF;
    quantity_ := round(p_quantity, 2);
    IF quantity_ >= limit_ THEN
        PERFORM app.refuse('quantity_too_large', jsonb_build_object('field', 'quantity')::text);
    END IF;
    IF price_ IN ('NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric) THEN
        PERFORM app.refuse('amount_not_a_number', jsonb_build_object(
            'field', 'unit_price', 'value', price_::text)::text);
    END IF;
    price_ := round(price_, 2);
    IF price_ < 0 THEN
        PERFORM app.refuse('negative_fee', jsonb_build_object('field', 'unit_price')::text);
    END IF;
    IF price_ >= limit_ THEN
        PERFORM app.refuse('amount_too_large', jsonb_build_object('field', 'unit_price')::text);
    END IF;
    IF deposit_ IN ('NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric) THEN
        PERFORM app.refuse('amount_not_a_number', jsonb_build_object(
            'field', 'deposit', 'value', deposit_::text)::text);
    END IF;
    deposit_ := round(deposit_, 2);
    IF deposit_ < 0 THEN
        PERFORM app.refuse('negative_fee', jsonb_build_object('field', 'deposit')::text);
    END IF;
    IF deposit_ >= limit_ THEN
        PERFORM app.refuse('amount_too_large', jsonb_build_object('field', 'deposit')::text);
    END IF;
    total_ := round(quantity_ * price_, 2);
    IF total_ >= limit_ THEN
        PERFORM app.refuse('amount_too_large', jsonb_build_object('field', 'unit_price')::text);
    END IF;
    IF deposit_ > total_ THEN
        PERFORM app.refuse('deposit_above_total', jsonb_build_object('field', 'deposit')::text);
    END IF;
    RETURN jsonb_build_object('quantity', quantity_, 'unit_price', price_,
                              'deposit', deposit_, 'total', total_, 'due', total_ - deposit_);
END
$fn$;
