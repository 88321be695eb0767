-- An id from JSON text: NULL stays NULL; anything but a positive whole number that fits a
-- bigint is refused as a choice that no longer exists (the form only sends ids it listed).
CREATE OR REPLACE FUNCTION app.arg_id(p_text text, p_field text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_text IS NULL THEN
        RETURN NULL;
    END IF;
    IF p_text !~ '^[0-9]{1,18}$' OR p_text::bigint = 0 THEN
        PERFORM app.arg_refusal('reference_missing', p_field);
    END IF;
    RETURN p_text::bigint;
END
$fn$;
