-- Trigger on app.survey keeping the satisfaction rollup (app.satisfaction_month):
-- - AFTER INSERT: a correction first takes back the survey it corrects, whole; then the
--   new survey counts (its answers count as they are inserted:
--   app.satisfaction_answer_changed);
-- - AFTER UPDATE OF lowest_score (an amend before the freeze): the survey's low mark
--   moves;
-- - BEFORE DELETE (while its answers are still there): the survey is taken back, whole,
--   and the one it corrected counts again.
-- SECURITY DEFINER: the rollup is written whoever writes the survey.
CREATE OR REPLACE FUNCTION app.satisfaction_survey_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF new.corrects_id IS NOT NULL THEN
            PERFORM app.satisfaction_survey_count(new.corrects_id, -1, new.id);
        END IF;
        PERFORM app.satisfaction_add(new.id, NULL, new.lowest_score, 1);
        RETURN NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        IF old.lowest_score IS DISTINCT FROM new.lowest_score THEN
            PERFORM app.satisfaction_add(new.id, NULL, old.lowest_score, -1);
            PERFORM app.satisfaction_add(new.id, NULL, new.lowest_score, 1);
        END IF;
        RETURN NULL;
    END IF;
    PERFORM app.satisfaction_survey_count(old.id, -1);
    IF old.corrects_id IS NOT NULL THEN
        PERFORM app.satisfaction_survey_count(old.corrects_id, 1, old.id);
    END IF;
    RETURN old;
END
$fn$;
