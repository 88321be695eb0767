-- An amount from JSON text (or a numeric argument as text), rounded to the cent before it
-- is checked: NULL stays NULL; NaN, infinities and letters are refused as no amount, ten
-- digits before the point or more as too large, a negative one unless p_signed.
CREATE OR REPLACE FUNCTION app.arg_money(p_text text, p_field text,
                                         p_signed boolean DEFAULT false) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    amount_ numeric := app.as_number(p_text);
BEGIN
    IF p_text IS NULL THEN
        RETURN NULL;
    END IF;
    IF amount_ = 'NaN' THEN
        PERFORM app.arg_refusal('field_amount_invalid', p_field);
    END IF;
    amount_ := round(amount_, 2);
    IF abs(amount_) >= 10000000000 THEN
        PERFORM app.arg_refusal('field_amount_too_large', p_field);
    END IF;
    IF amount_ < 0 AND NOT p_signed THEN
        PERFORM app.arg_refusal('field_negative', p_field);
    END IF;
    RETURN amount_;
END
$fn$;
