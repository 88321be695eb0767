-- How a phone number shows without contacts.view: the same rule as domain/masking.py
-- mask_phone (tests/db/test_rules_agree.py runs both). Eleven or more digits keep the
-- first 3 and the last 4 (138****5678); 5 to 10 digits keep the last 4, so a masked
-- landline cannot be dialled; fewer keep nothing.
CREATE OR REPLACE FUNCTION app.phone_masked(p_phone text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE WHEN length(d) >= 11 THEN left(d, 3) || repeat('*', length(d) - 7)
                                          || right(d, 4)
                WHEN length(d) > 4 THEN '****' || right(d, 4)
                WHEN length(d) > 0 THEN '****'
                ELSE '' END
    -- the first 100 characters: more than any phone (revision 0014; a megabyte took 2 s)
    FROM (SELECT regexp_replace(left(coalesce(p_phone, ''), 100), '[^0-9]', '', 'g') AS d)
         digits
$fn$;
