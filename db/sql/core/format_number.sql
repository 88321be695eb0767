-- "WX20261123-0001": prefix, day and the day's sequence of that prefix (4 digits, more
-- without a leading zero past 9999). The same as domain/tickets.py format_number, which
-- a test runs on the same cases; a sequence below 1 is a bug on either side.
CREATE OR REPLACE FUNCTION app.format_number(p_prefix text, p_day date, p_seq integer)
RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF p_seq < 1 THEN
        RAISE EXCEPTION 'sequence must be at least 1, not %', p_seq USING ERRCODE = '22023';
    END IF;
    RETURN p_prefix || to_char(p_day, 'YYYYMMDD') || '-'
           || CASE WHEN p_seq < 10000 THEN lpad(p_seq::text, 4, '0') ELSE p_seq::text END;
END
$fn$;
