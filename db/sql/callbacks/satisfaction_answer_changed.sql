-- Trigger on app.survey_answer (AFTER INSERT, UPDATE, DELETE, each row) keeping the
-- satisfaction rollup (app.satisfaction_month): an answer recorded counts, an amended
-- one moves from its old score to its new one, a deleted one is taken back; only for a
-- survey that counts (not corrected, still there: app.satisfaction_add decides).
-- SECURITY DEFINER: the rollup is written whoever writes the answer.
CREATE OR REPLACE FUNCTION app.satisfaction_answer_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM app.satisfaction_add(old.survey_id, old.question_id, old.score, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM app.satisfaction_add(new.survey_id, new.question_id, new.score, 1);
    END IF;
    RETURN NULL;
END
$fn$;
