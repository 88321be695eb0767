-- A survey's answers changed before they freeze (the caller misheard, the customer
-- changed their mind on the same call), one round trip: p = {"survey_id", "answers",
-- "usage", "suggestion", "notes"}, checked as app.survey_record checks them. Only its
-- recorder or a complaint handler (complaint.handle), never the job's own technician;
-- only the current survey (survey_corrected), only before frozen_at (survey_frozen:
-- after it, record a correction with app.survey_record and corrects_id). A lowered
-- score may open a complaint (app.survey_complaint). Answers {"survey_id", "task",
-- "complaint_id", "complaint_number"}. callback.record.
CREATE OR REPLACE FUNCTION app.survey_amend(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    survey_ bigint;
    usage_ text;
    suggestion_ text;
    notes_ text;
    answers_ jsonb;
    lowest_ smallint;
    s app.survey;
    task_ bigint;
BEGIN
    PERFORM app.need('callback.record');
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'survey_id');
    END IF;
    survey_ := app.arg_id(p ->> 'survey_id', 'survey_id');
    IF survey_ IS NULL THEN
        PERFORM app.refuse('survey_missing', '');
    END IF;
    usage_ := coalesce(app.arg_text(p ->> 'usage', 'usage', 500), '');
    suggestion_ := coalesce(app.arg_text(p ->> 'suggestion', 'suggestion', 500), '');
    notes_ := coalesce(app.arg_text(p ->> 'notes', 'notes', 1000), '');
    SELECT coalesce(jsonb_agg(to_jsonb(a)), '[]'), min(a.score) INTO answers_, lowest_
    FROM app.survey_answers_read(p -> 'answers') a;

    SELECT x.task_id INTO task_ FROM app.survey x WHERE x.id = survey_;
    IF NOT FOUND THEN
        PERFORM app.refuse('survey_missing', survey_::text);
    END IF;
    PERFORM app.callback_task_for_update(task_, NULL);
    SELECT * INTO s FROM app.survey x WHERE x.id = survey_ FOR UPDATE;
    IF s.technician_operator = session_user THEN
        PERFORM app.refuse('survey_own_job', '');
    END IF;
    IF s.recorded_by <> session_user THEN
        PERFORM app.need('complaint.handle');
    END IF;
    IF EXISTS (SELECT FROM app.survey c WHERE c.corrects_id = s.id) THEN
        PERFORM app.refuse('survey_corrected', s.id::text);
    END IF;
    IF s.frozen_at <= now() THEN
        PERFORM app.refuse('survey_frozen', s.id::text);
    END IF;

    UPDATE app.survey SET usage = usage_, suggestion = suggestion_, notes = notes_,
        lowest_score = lowest_
    WHERE id = s.id;
    DELETE FROM app.survey_answer a WHERE a.survey_id = s.id;
    INSERT INTO app.survey_answer (survey_id, question_id, score, answer)
    SELECT s.id, a.question_id, a.score, a.answer
    FROM jsonb_to_recordset(answers_) AS a(question_id bigint, score smallint, answer text);
    -- the task's version moves: an open dialog reloads the amended survey
    UPDATE app.callback_task SET version = version + 1 WHERE id = s.task_id;
    RETURN jsonb_build_object('survey_id', s.id,
                              'task', app.callback_rows(ARRAY[s.task_id]) -> 0)
           || app.survey_complaint(s.id);
END
$fn$;
