-- A text's (lower case) character pairs, for GIN indexes that find Chinese names and
-- search texts (pg_trgm skips CJK in the C locale; see revision 0006). Immutable and
-- side-effect free; the pinned search_path also keeps it from being inlined, so the index
-- expression and the query's expression stay the same.
--
-- Linear in the text's length (revision 0014; 0006 took the i-th character of the whole
-- text for every i, so 40,000 characters took 4.5 s): the characters are split once and
-- paired with their successors. Only the first 3,000 characters count, more than the
-- longest search text a ticket can hold (the column limits add up to 2,238); a longer
-- query only loses pairs, and the searches' LIKE still matches the whole of it.
CREATE OR REPLACE FUNCTION app.text_bigrams(p_text text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT coalesce(pg_catalog.array_agg(DISTINCT u.a OPERATOR(pg_catalog.||) u.b), '{}')
    FROM (SELECT pg_catalog.string_to_array(pg_catalog.lower(pg_catalog.left(p_text, 3000)),
                                            NULL) AS c) t,
         ROWS FROM (pg_catalog.unnest(t.c[1:pg_catalog.cardinality(t.c) - 1]),
                    pg_catalog.unnest(t.c[2:])) AS u(a, b)
$fn$;
