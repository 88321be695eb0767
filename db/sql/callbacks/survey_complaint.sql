-- The complaint a survey's low score opens (app.complaint_from_survey, helper
-- cb-complaints: NULL when the scores are not low or the survey has one already), with
-- its number; {"complaint_id": null, "complaint_number": null} while the complaints are
-- not installed (the call is made by name, so that the surveys work without them).
CREATE OR REPLACE FUNCTION app.survey_complaint(p_survey bigint) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    complaint_ bigint;
    number_ text;
BEGIN
    IF to_regprocedure('app.complaint_from_survey(bigint)') IS NULL THEN
        RETURN jsonb_build_object('complaint_id', NULL, 'complaint_number', NULL);
    END IF;
    EXECUTE 'SELECT app.complaint_from_survey($1)' INTO complaint_ USING p_survey;
    IF complaint_ IS NULL THEN
        EXECUTE 'SELECT c.id FROM app.complaint c WHERE c.survey_id = $1'
            INTO complaint_ USING p_survey;
    END IF;
    IF complaint_ IS NOT NULL THEN
        EXECUTE 'SELECT c.number FROM app.complaint c WHERE c.id = $1'
            INTO number_ USING complaint_;
    END IF;
    RETURN jsonb_build_object('complaint_id', complaint_, 'complaint_number', number_);
END
$fn$;
