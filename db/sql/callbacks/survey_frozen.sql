-- Trigger (BEFORE UPDATE OR DELETE ON app.survey, BEFORE INSERT OR UPDATE OR DELETE ON
-- app.survey_answer): a survey's answers are what the customer said; once its frozen_at
-- has passed nobody changes them, the owner's functions included (survey_frozen). A
-- wrong frozen survey is corrected by a new survey that names it (corrects_id). Nor is
-- a survey's freeze moved.
CREATE OR REPLACE FUNCTION app.survey_frozen() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    frozen_ timestamptz;
BEGIN
    IF TG_TABLE_NAME = 'survey' THEN
        IF old.frozen_at <= now() THEN
            PERFORM app.refuse('survey_frozen', old.id::text);
        END IF;
        IF TG_OP = 'UPDATE' AND new.frozen_at IS DISTINCT FROM old.frozen_at THEN
            PERFORM app.refuse('survey_frozen', old.id::text);
        END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN
            SELECT s.frozen_at INTO frozen_ FROM app.survey s WHERE s.id = old.survey_id;
            IF frozen_ <= now() THEN
                PERFORM app.refuse('survey_frozen', old.survey_id::text);
            END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            SELECT s.frozen_at INTO frozen_ FROM app.survey s WHERE s.id = new.survey_id;
            IF frozen_ <= now() THEN
                PERFORM app.refuse('survey_frozen', new.survey_id::text);
            END IF;
        END IF;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN old ELSE new END;
END
$fn$;
