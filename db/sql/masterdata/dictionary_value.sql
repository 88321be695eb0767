-- A dictionary value's one spelling: blanks trimmed at both ends and every run of blanks
-- inside made one space ("格力  空调 " -> "格力 空调"). The blanks are domain/text.py BLANK
-- (the full-width space among them), spelled out because \s depends on the server's
-- locale; domain/masterdata.validate_dictionary_value does the same, and a test runs
-- both. Before revision 0019 the counter (app.learn) only trimmed, so a brand typed with
-- a double space at intake became a second entry the dictionary page could not save.
CREATE OR REPLACE FUNCTION app.dictionary_value(p_value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT regexp_replace(btrim(p_value, E' \t\n\r\f\x0b\u00a0\u3000'),
                          E'[ \t\n\r\f\x0b\u00a0\u3000]+', ' ', 'g')
$fn$;
