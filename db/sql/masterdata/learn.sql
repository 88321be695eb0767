-- A value typed at the counter joins its list (brands, models, faults...) or counts one
-- more use. The count ranks the suggestions, nothing more: a value another intake is
-- counting at this moment is skipped (SKIP LOCKED) rather than waited for, so intakes
-- of the same brand never queue on its row until commit (revision 0014; before, 50
-- counters entering 格力 took turns). The value is spelled as app.dictionary_value says
-- (revision 0019), the same as the dictionary page.
CREATE OR REPLACE FUNCTION app.learn(p_kind text, p_value text) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $fn$
    WITH wanted AS (
        SELECT v.value FROM (SELECT app.dictionary_value(p_value) AS value) v
        WHERE v.value <> '' AND length(v.value) <= 100),
    counted AS (
        UPDATE app.dictionary_entry d SET uses = d.uses + 1
        WHERE d.id = (SELECT e.id FROM app.dictionary_entry e, wanted w
                      WHERE e.kind = p_kind AND e.value = w.value
                      FOR UPDATE OF e SKIP LOCKED)
        RETURNING d.id)
    INSERT INTO app.dictionary_entry AS d (kind, value, uses)
    SELECT p_kind, w.value, 1 FROM wanted w
    WHERE NOT EXISTS (SELECT FROM app.dictionary_entry e
                      WHERE e.kind = p_kind AND e.value = w.value)
    ON CONFLICT (kind, value) DO NOTHING
$fn$;
