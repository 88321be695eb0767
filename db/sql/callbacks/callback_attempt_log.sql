-- A call that reached no survey (回访未果), one round trip: p = {"task_id", "version",
-- "outcome" (no_answer, busy, wrong_number, call_back, refused: reached is recorded by
-- app.survey_record with the survey), "call_back_at" (call_back only, required: a time
-- after now and before the end of the task's last day), "note"}. The attempt is logged
-- and the task moves as app.callback_attempt_state says (the shop's
-- callback_max_attempts failed calls: unreachable); a requested call-back hides the
-- task from the due list until its time. Answers {"task": the row as app.callback_due
-- shows it}. callback.record.
CREATE OR REPLACE FUNCTION app.callback_attempt_log(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    task_ bigint;
    version_ integer;
    outcome_ text;
    call_back_ timestamptz;
    note_ text;
    k app.callback_task;
    state_ text;
    failed_ integer;
    max_ integer;
BEGIN
    PERFORM app.need('callback.record');
    SELECT r.task_id, r.version INTO task_, version_ FROM app.callback_task_request(p) r;
    outcome_ := app.arg_text(p ->> 'outcome', 'outcome', 20);
    IF outcome_ IS NULL OR outcome_ NOT IN ('no_answer', 'busy', 'wrong_number', 'call_back',
                                            'refused') THEN
        PERFORM app.refuse('attempt_outcome_invalid', coalesce(outcome_, ''));
    END IF;
    note_ := coalesce(app.arg_text(p ->> 'note', 'note', 500), '');
    call_back_ := app.arg_time(p ->> 'call_back_at', 'call_back_at');
    IF outcome_ <> 'call_back' THEN
        call_back_ := NULL;
    ELSIF call_back_ IS NULL THEN
        PERFORM app.refuse('call_back_time_required', '');
    END IF;

    k := app.callback_task_for_update(task_, version_);
    IF k.state NOT IN ('pending', 'in_progress') THEN
        PERFORM app.refuse('task_closed', k.state);
    END IF;
    IF call_back_ IS NOT NULL AND (call_back_ <= now() OR call_back_ >= (k.expires_on + 1)
            ::timestamp AT TIME ZONE coalesce(app.setting('timezone') #>> '{}',
                                              'Asia/Shanghai')) THEN
        PERFORM app.refuse('call_back_time_range', jsonb_build_object(
            'field', 'call_back_at', 'latest', k.expires_on)::text);
    END IF;
    max_ := coalesce((app.setting('callback_max_attempts') #>> '{}')::integer, 3);
    state_ := app.callback_attempt_state(outcome_, k.attempts, max_);
    failed_ := k.attempts + CASE WHEN outcome_ IN ('no_answer', 'busy', 'wrong_number')
                                 THEN 1 ELSE 0 END;
    INSERT INTO app.callback_attempt (task_id, outcome, call_back_at, note)
    VALUES (k.id, outcome_, call_back_, note_);
    UPDATE app.callback_task SET state = state_, attempts = least(failed_, 1000),
        call_back_at = call_back_, last_attempt_at = now(), last_outcome = outcome_,
        closed_at = CASE WHEN state_ IN ('pending', 'in_progress') THEN NULL ELSE now() END,
        closed_by = CASE WHEN state_ IN ('pending', 'in_progress') THEN NULL
                         ELSE session_user END
    WHERE id = k.id;
    RETURN jsonb_build_object('task', app.callback_rows(ARRAY[k.id]) -> 0);
END
$fn$;
