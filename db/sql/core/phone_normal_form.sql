-- The stored form of a phone number, or NULL when it is none: the same rule as
-- domain/masterdata.py normalize_phone (tests/db/test_rules_agree.py runs both on one
-- table). A mainland mobile is stored as its 11 digits (1[3-9]...), a landline as
-- "<area code>-<number>" (3-digit area codes are 010 and 02x, every other one is 0xxx).
-- Spaces, dashes and brackets are ignored, full-width digits count, and +86 or 0086
-- before a mobile is dropped. The CHECKs on stored phones use it too.
CREATE OR REPLACE FUNCTION app.phone_normal_form(p_raw text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT CASE
        WHEN d ~ '^1[3-9][0-9]{9}$' THEN d
        WHEN d ~ '^(010|02[0-9]|0[3-9][0-9]{2})[1-9][0-9]{6,7}$' THEN
            (regexp_match(d, '^(010|02[0-9]|0[3-9][0-9]{2})([1-9][0-9]{6,7})$'))[1] || '-'
            || (regexp_match(d, '^(010|02[0-9]|0[3-9][0-9]{2})([1-9][0-9]{6,7})$'))[2]
        END
    FROM (SELECT CASE WHEN starts_with(s, '+86') AND length(s) = 14 THEN substr(s, 4)
                      WHEN starts_with(s, '0086') AND length(s) = 15 THEN substr(s, 5)
                      ELSE s END AS d
          -- longer than any phone typed with its spaces is none, and only its first 101
          -- characters reach the regular expressions (revision 0014: the planner works
          -- out a constant argument's result however the query would filter it)
          FROM (SELECT regexp_replace(
                           translate(left(p_raw, 101), '０１２３４５６７８９，．＋', '0123456789,.+'),
                           E'[ \t\n\r\f\x0b\u00a0\u3000\\-\u2010-\u2015\u2212\uff0d()\uff08\uff09]+',
                           '', 'g') AS s
                WHERE length(p_raw) <= 100) separated) prefixed
$fn$;
