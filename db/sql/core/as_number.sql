-- A number from JSON text: NULL stays NULL, and anything that is not a finite number
-- (letters, NaN, infinities) becomes NaN, so the rule that reads it refuses with its own
-- code and field instead of the cast failing with SQL talk.
CREATE OR REPLACE FUNCTION app.as_number(p_text text) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    value_ numeric;
BEGIN
    IF p_text IS NULL THEN
        RETURN NULL;
    END IF;
    value_ := p_text::numeric;
    IF value_ IN ('NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric) THEN
        RETURN 'NaN'::numeric;
    END IF;
    RETURN value_;
EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
    RETURN 'NaN'::numeric;
END
$fn$;
