-- Adds (p_sign 1) or takes back (p_sign -1) one survey's share of the satisfaction
-- rollup: with a question, that answer's score (a survey of that question, its score,
-- a low one when it is 2 or less); without one (p_question_id NULL), the survey itself
-- (a survey, a low one when its lowest score is 2 or less). Nothing when the survey does
-- not count (corrected, or gone; p_ignoring: the correction being written or deleted,
-- app.satisfaction_key) or the answer has no score (a text question).
CREATE OR REPLACE FUNCTION app.satisfaction_add(p_survey_id bigint, p_question_id bigint,
                                                p_score smallint, p_sign integer,
                                                p_ignoring bigint DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    key_ record;
BEGIN
    IF p_question_id IS NOT NULL AND p_score IS NULL THEN
        RETURN;
    END IF;
    SELECT * INTO key_ FROM app.satisfaction_key(p_survey_id, p_ignoring);
    IF NOT FOUND OR NOT key_.counts THEN
        RETURN;
    END IF;
    -- the row first (a negative share would fail the counts' CHECK as a row to insert,
    -- before ON CONFLICT could turn it into an update); the first share of a key inserts
    UPDATE app.satisfaction_month m
    SET surveys = m.surveys + p_sign,
        score_sum = m.score_sum + CASE WHEN p_question_id IS NULL THEN 0
                                       ELSE p_sign * p_score END,
        low_count = m.low_count + CASE WHEN p_score <= 2 THEN p_sign ELSE 0 END
    WHERE m.month = key_.month
      AND (m.technician_id = key_.technician_id
           OR key_.technician_id IS NULL AND m.technician_id IS NULL)
      AND (m.service_mode = key_.service_mode
           OR key_.service_mode IS NULL AND m.service_mode IS NULL)
      AND (m.question_id = p_question_id OR p_question_id IS NULL AND m.question_id IS NULL);
    IF NOT FOUND THEN
        INSERT INTO app.satisfaction_month AS m (month, technician_id, service_mode,
                                                 question_id, surveys, score_sum, low_count)
        VALUES (key_.month, key_.technician_id, key_.service_mode, p_question_id, p_sign,
                CASE WHEN p_question_id IS NULL THEN 0 ELSE p_sign * p_score END,
                CASE WHEN p_score <= 2 THEN p_sign ELSE 0 END)
        -- another transaction inserted the key meanwhile
        ON CONFLICT (month, technician_id, service_mode, question_id) DO UPDATE
            SET surveys = m.surveys + excluded.surveys,
                score_sum = m.score_sum + excluded.score_sum,
                low_count = m.low_count + excluded.low_count;
    END IF;
END
$fn$;
