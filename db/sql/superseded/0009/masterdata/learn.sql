CREATE OR REPLACE FUNCTION app.learn(p_kind text, p_value text) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $fn$
    INSERT INTO app.dictionary_entry AS d (kind, value, uses)
    SELECT p_kind, btrim(p_value), 1
    WHERE btrim(coalesce(p_value, '')) <> '' AND length(btrim(p_value)) <= 100
    ON CONFLICT (kind, value) DO UPDATE SET uses = d.uses + 1
$fn$;
