-- Trigger on app.survey keeping the satisfaction rollup (app.satisfaction_month):
-- - AFTER INSERT: a correction first takes back the survey it corrects, whole; then the
--   new survey counts (its answers count as they are inserted:
--   app.satisfaction_answer_changed);
-- - BEFORE and AFTER UPDATE OF lowest_score (an amend before the freeze), recorded_at,
--   technician_id, task_id (what its key is made of): the chain's counting survey is
--   taken back whole before the change and counted again after it;
-- - BEFORE DELETE (its answers are gone first, each taken back): the survey is taken
--   back, and the one it corrected counts again.
-- The triggers are named tally_* so that they run after the freeze (survey_frozen, a
-- BEFORE trigger too): a frozen survey is refused as such, not by the rollup.
-- SECURITY DEFINER: the rollup is written whoever writes the survey.
CREATE OR REPLACE FUNCTION app.satisfaction_survey_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    counting bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF new.corrects_id IS NOT NULL THEN
            PERFORM app.satisfaction_survey_count(new.corrects_id, -1, new.id);
        END IF;
        PERFORM app.satisfaction_add(new.id, NULL, new.lowest_score, 1);
        RETURN NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        -- the survey of the chain that counts: the last correction (depth-limited)
        WITH RECURSIVE down AS (
            SELECT new.id AS id, 0 AS depth
            UNION ALL
            SELECT s.id, down.depth + 1 FROM app.survey s JOIN down ON s.corrects_id = down.id
            WHERE down.depth < 100)
        SELECT d.id INTO counting FROM down d ORDER BY d.depth DESC LIMIT 1;
        PERFORM app.satisfaction_survey_count(counting,
                                              CASE WHEN TG_WHEN = 'BEFORE' THEN -1 ELSE 1 END);
        RETURN CASE WHEN TG_WHEN = 'BEFORE' THEN new END;
    END IF;
    PERFORM app.satisfaction_survey_count(old.id, -1);
    IF old.corrects_id IS NOT NULL THEN
        PERFORM app.satisfaction_survey_count(old.corrects_id, 1, old.id);
    END IF;
    RETURN old;
END
$fn$;
