-- The complaint a survey's low score opens (app.complaint_from_survey: NULL when the
-- scores are not low or the survey's task has an open one already), or the one the
-- survey opened before (an amended survey), with its number: {"complaint_id",
-- "complaint_number"}, both null when there is none. For app.survey_record and
-- app.survey_amend, in the survey's own transaction.
CREATE OR REPLACE FUNCTION app.survey_complaint(p_survey bigint) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    complaint_ bigint := app.complaint_from_survey(p_survey);
BEGIN
    RETURN (SELECT jsonb_build_object('complaint_id', c.id, 'complaint_number', c.number)
            FROM app.complaint c
            WHERE c.id = complaint_ OR (complaint_ IS NULL AND c.survey_id = p_survey)
            UNION ALL
            SELECT jsonb_build_object('complaint_id', NULL, 'complaint_number', NULL)
            LIMIT 1);
END
$fn$;
