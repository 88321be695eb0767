-- Yes or no from JSON text (a JSON true/false reads as 'true'/'false'): NULL stays NULL;
-- anything else is refused.
CREATE OR REPLACE FUNCTION app.arg_bool(p_text text, p_field text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_text IS NULL THEN
        RETURN NULL;
    END IF;
    IF p_text NOT IN ('true', 'false') THEN
        PERFORM app.arg_refusal('field_yes_no', p_field);
    END IF;
    RETURN p_text::boolean;
END
$fn$;
