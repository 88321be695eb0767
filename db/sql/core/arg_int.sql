-- A whole number from JSON text within [p_min, p_max]: NULL stays NULL; anything else
-- (letters, fractions, a number out of range) is refused with the field and the bounds.
CREATE OR REPLACE FUNCTION app.arg_int(p_text text, p_field text, p_min integer,
                                       p_max integer) RETURNS integer
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_text IS NULL THEN
        RETURN NULL;
    END IF;
    IF p_text !~ '^-?[0-9]{1,9}$' OR p_text::integer NOT BETWEEN p_min AND p_max THEN
        PERFORM app.arg_refusal('field_out_of_range', p_field,
                                jsonb_build_object('min', p_min, 'max', p_max));
    END IF;
    RETURN p_text::integer;
END
$fn$;
