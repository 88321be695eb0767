-- A text's (lower case) character pairs, for GIN indexes that find Chinese names and
-- search texts (pg_trgm skips CJK in the C locale; see revision 0006). Immutable and
-- side-effect free; the pinned search_path also keeps it from being inlined, so the index
-- expression and the query's expression stay the same.
CREATE OR REPLACE FUNCTION app.text_bigrams(p_text text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $fn$
            SELECT coalesce(pg_catalog.array_agg(DISTINCT pg_catalog.substr(
                       pg_catalog.lower(p_text), i, 2)), '{}')
            FROM pg_catalog.generate_series(1, pg_catalog.length(p_text) - 1) AS i
        $fn$;
