-- A text from JSON (or an argument), trimmed, at most p_max characters: NULL stays NULL;
-- a longer one is refused naming the field and its limit before any work is done with
-- it (the table's CHECK says the same, but only when the row is written, after the
-- work, the day's number and the indexes' character pairs).
CREATE OR REPLACE FUNCTION app.arg_text(p_text text, p_field text, p_max integer)
RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    trimmed text := btrim(p_text);
BEGIN
    IF length(trimmed) > p_max THEN
        PERFORM app.arg_refusal('field_too_long', p_field, jsonb_build_object('max', p_max));
    END IF;
    RETURN trimmed;
END
$fn$;
