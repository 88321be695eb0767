-- An operation id from JSON text (the client makes one per action so that a resent call
-- applies once): NULL stays NULL; anything but a UUID is refused.
CREATE OR REPLACE FUNCTION app.arg_uuid(p_text text, p_field text) RETURNS uuid
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_text IS NULL THEN
        RETURN NULL;
    END IF;
    IF p_text !~* '^[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}$' THEN
        PERFORM app.arg_refusal('field_malformed', p_field);
    END IF;
    RETURN p_text::uuid;
END
$fn$;
