-- Blank: nothing but whitespace. The same characters as domain/text.py BLANK, so a reason
-- the form calls blank is blank here too (btrim alone trims spaces only, not a tab).
CREATE OR REPLACE FUNCTION app.is_blank(p_text text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT btrim(coalesce(p_text, ''), E' \t\n\r\f\x0b\u00a0\u3000') = ''
$fn$;
