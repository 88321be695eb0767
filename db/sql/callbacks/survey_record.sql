-- A survey recorded (回访记录), one round trip: p = {"task_id", "version", "answers":
-- [{"question_id", "score", "answer"}] (app.survey_answers_read), "usage", "suggestion",
-- "notes", "corrects_id"}. Refused to the job's own technician (survey_own_job; the
-- table's CHECK says so too), on a closed task unless it corrects the task's current
-- survey (a frozen survey is corrected by a new one: corrects_id; survey_missing,
-- survey_corrected). Inserts the survey (frozen after the shop's survey_freeze_hours),
-- its answers and the 'reached' attempt, closes the task as done, then asks for the
-- complaint a low score opens (app.survey_complaint). Answers {"survey_id", "task",
-- "complaint_id", "complaint_number"}. callback.record.
CREATE OR REPLACE FUNCTION app.survey_record(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    task_ bigint;
    version_ integer;
    corrects_ bigint;
    usage_ text;
    suggestion_ text;
    notes_ text;
    k app.callback_task;
    technician_operator_ text;
    survey_ bigint;
    lowest_ smallint;
    hours_ integer;
    complaint_ jsonb;
    answers_ jsonb;
BEGIN
    PERFORM app.need('callback.record');
    SELECT r.task_id, r.version INTO task_, version_ FROM app.callback_task_request(p) r;
    corrects_ := app.arg_id(p ->> 'corrects_id', 'corrects_id');
    usage_ := coalesce(app.arg_text(p ->> 'usage', 'usage', 500), '');
    suggestion_ := coalesce(app.arg_text(p ->> 'suggestion', 'suggestion', 500), '');
    notes_ := coalesce(app.arg_text(p ->> 'notes', 'notes', 1000), '');
    SELECT coalesce(jsonb_agg(to_jsonb(a)), '[]'), min(a.score) INTO answers_, lowest_
    FROM app.survey_answers_read(p -> 'answers') a;

    k := app.callback_task_for_update(task_, version_);
    SELECT e.operator_code INTO technician_operator_ FROM app.employee e
    WHERE e.id = k.technician_id;
    IF technician_operator_ = session_user THEN
        PERFORM app.refuse('survey_own_job', '');
    END IF;
    IF corrects_ IS NULL THEN
        IF k.state NOT IN ('pending', 'in_progress') THEN
            PERFORM app.refuse('task_closed', k.state);
        END IF;
    ELSE
        PERFORM FROM app.survey s WHERE s.id = corrects_ AND s.task_id = k.id FOR UPDATE;
        IF NOT FOUND THEN
            PERFORM app.refuse('survey_missing', corrects_::text);
        END IF;
        IF EXISTS (SELECT FROM app.survey s WHERE s.corrects_id = corrects_) THEN
            PERFORM app.refuse('survey_corrected', corrects_::text);
        END IF;
    END IF;

    hours_ := coalesce((app.setting('survey_freeze_hours') #>> '{}')::integer, 24);
    INSERT INTO app.survey (task_id, ticket_id, job_id, technician_id, technician_operator,
                            customer_id, usage, suggestion, notes, corrects_id, frozen_at,
                            lowest_score)
    VALUES (k.id, k.ticket_id, k.job_id, k.technician_id, technician_operator_,
            k.customer_id, usage_, suggestion_, notes_, corrects_,
            now() + make_interval(hours => greatest(hours_, 0)), lowest_)
    RETURNING id INTO survey_;
    INSERT INTO app.survey_answer (survey_id, question_id, score, answer)
    SELECT survey_, a.question_id, a.score, a.answer
    FROM jsonb_to_recordset(answers_) AS a(question_id bigint, score smallint, answer text);
    IF corrects_ IS NULL THEN
        INSERT INTO app.callback_attempt (task_id, outcome) VALUES (k.id, 'reached');
        UPDATE app.callback_task SET state = 'done', call_back_at = NULL,
            last_attempt_at = now(), last_outcome = 'reached', closed_at = now(),
            closed_by = session_user
        WHERE id = k.id;
    ELSE
        -- the task's version moves: an open dialog reloads the corrected survey
        UPDATE app.callback_task SET version = version + 1 WHERE id = k.id;
    END IF;
    complaint_ := app.survey_complaint(survey_);
    RETURN jsonb_build_object('survey_id', survey_,
                              'task', app.callback_rows(ARRAY[k.id]) -> 0) || complaint_;
END
$fn$;
