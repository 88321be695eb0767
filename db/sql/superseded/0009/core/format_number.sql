CREATE OR REPLACE FUNCTION app.format_number(p_prefix text, p_day date, p_seq integer)
RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT p_prefix || to_char(p_day, 'YYYYMMDD') || '-'
           || CASE WHEN p_seq < 10000 THEN lpad(p_seq::text, 4, '0') ELSE p_seq::text END
$fn$;
