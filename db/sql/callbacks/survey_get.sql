-- A callback task with what the survey dialog shows, one round trip: {"task" (the row as
-- app.callback_due shows it), "ticket" (its number, fault, product, intake and finish
-- days, status and the work report: work types, result, fault cause, action, technician,
-- hours; null for a dealer's row), "questions" (the active ones by sort order),
-- "attempts" (oldest first), "surveys" (oldest first, each with its answers, whether it
-- is frozen or corrected, and the complaint it opened: id and number)}. callback.record,
-- complaint.handle or reports.view; task_missing for an unknown task.
CREATE OR REPLACE FUNCTION app.survey_get(p_task bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    k app.callback_task;
    zone_ text := coalesce(app.setting('timezone') #>> '{}', 'Asia/Shanghai');
    ticket_ jsonb;
    surveys_ jsonb;
BEGIN
    PERFORM app.callback_read_need();
    SELECT * INTO k FROM app.callback_task x WHERE x.id = p_task;
    IF NOT FOUND THEN
        PERFORM app.refuse('task_missing', coalesce(p_task::text, ''));
    END IF;
    SELECT jsonb_build_object(
        'id', t.id, 'number', t.number, 'fault', t.fault,
        'product', concat_ws(' ', nullif(t.product, ''), nullif(t.brand, ''),
                             nullif(t.model, '')),
        'serial', t.serial, 'received_on', t.received_on, 'status', t.status,
        'visit', t.visit,
        'finished_on', (coalesce(j.finished_at, t.picked_up_at, t.status_at)
                        AT TIME ZONE zone_)::date,
        'work_types', coalesce((SELECT jsonb_agg(w.name ORDER BY w.name)
                                FROM app.job_work_type jw JOIN app.work_type w
                                ON w.id = jw.work_type_id WHERE jw.job_id = j.id), '[]'),
        'result', j.result, 'fault_cause', coalesce(j.fault_cause, ''),
        'action', coalesce(j.action, ''), 'hours', j.hours,
        'technician', e.name, 'outlet', o.name)
    INTO ticket_
    FROM app.ticket t
    LEFT JOIN app.job j ON j.id = k.job_id
    LEFT JOIN app.employee e ON e.id = coalesce(j.technician_id, k.technician_id)
    LEFT JOIN app.service_outlet o ON o.id = j.outlet_id
    WHERE t.id = k.ticket_id;
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'id', s.id, 'recorded_at', s.recorded_at, 'recorded_by', s.recorded_by,
        'recorded_by_name', op.name, 'usage', s.usage, 'suggestion', s.suggestion,
        'notes', s.notes, 'frozen_at', s.frozen_at, 'frozen', s.frozen_at <= now(),
        'corrects_id', s.corrects_id,
        'corrected', EXISTS (SELECT FROM app.survey c WHERE c.corrects_id = s.id),
        'lowest_score', s.lowest_score,
        'answers', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                 'question_id', a.question_id, 'score', a.score,
                                 'answer', a.answer) ORDER BY q.sort_order, q.id)
                             FROM app.survey_answer a JOIN app.survey_question q
                             ON q.id = a.question_id WHERE a.survey_id = s.id), '[]'),
        'complaint_id', (SELECT c.id FROM app.complaint c WHERE c.survey_id = s.id),
        'complaint_number', (SELECT c.number FROM app.complaint c WHERE c.survey_id = s.id))
        ORDER BY s.id), '[]')
    INTO surveys_
    FROM app.survey s LEFT JOIN app.operator op ON op.code = s.recorded_by
    WHERE s.task_id = k.id;
    RETURN jsonb_build_object(
        'task', app.callback_rows(ARRAY[k.id]) -> 0,
        'ticket', ticket_,
        'questions', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                          'id', q.id, 'code', q.code, 'label', q.label, 'kind', q.kind,
                          'dimension', q.dimension) ORDER BY q.sort_order, q.id), '[]')
                      FROM app.survey_question q WHERE q.active),
        'attempts', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                         'id', a.id, 'at', a.at, 'by_operator', a.by_operator,
                         'by_name', op.name, 'outcome', a.outcome,
                         'call_back_at', a.call_back_at, 'note', a.note) ORDER BY a.id), '[]')
                     FROM app.callback_attempt a LEFT JOIN app.operator op
                     ON op.code = a.by_operator WHERE a.task_id = k.id),
        'surveys', surveys_);
END
$fn$;
