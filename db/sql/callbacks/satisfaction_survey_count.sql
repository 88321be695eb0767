-- Adds (p_sign 1) or takes back (p_sign -1) a whole survey's share of the satisfaction
-- rollup: the survey and each of its scored answers (app.satisfaction_add). A correction
-- takes back the survey it corrects this way, deleting a correction adds it again
-- (p_ignoring: that correction, taken as not there).
CREATE OR REPLACE FUNCTION app.satisfaction_survey_count(p_survey_id bigint, p_sign integer,
                                                         p_ignoring bigint DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM app.satisfaction_add(p_survey_id, NULL,
                                 (SELECT s.lowest_score FROM app.survey s
                                  WHERE s.id = p_survey_id), p_sign, p_ignoring);
    PERFORM app.satisfaction_add(p_survey_id, a.question_id, a.score, p_sign, p_ignoring)
    FROM app.survey_answer a WHERE a.survey_id = p_survey_id AND a.score IS NOT NULL;
END
$fn$;
