-- One complaint with everything its dialog shows (revision 0021; complaint.handle,
-- callback.record or reports.view): {"complaint": the queue's row and its details,
-- resolution, who resolved it, the seconds it waited for the customer; "events": its
-- history, oldest first, with the operators' names; "survey": the survey that opened it,
-- with its answers and the questions' labels, or null}.
CREATE OR REPLACE FUNCTION app.complaint_get(p_id bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    c app.complaint;
    survey_ jsonb;
BEGIN
    PERFORM app.complaint_need('{callback.record,reports.view}');
    SELECT * INTO c FROM app.complaint x WHERE x.id = p_id;
    IF NOT FOUND THEN
        PERFORM app.refuse('complaint_missing', coalesce(p_id::text, ''));
    END IF;
    IF c.survey_id IS NOT NULL THEN
        SELECT jsonb_build_object(
            'id', v.id, 'recorded_at', v.recorded_at, 'recorded_by', v.recorded_by,
            'usage', v.usage, 'suggestion', v.suggestion, 'notes', v.notes,
            'answers', coalesce((
                SELECT jsonb_agg(jsonb_build_object(
                    'question_id', a.question_id, 'code', q.code, 'label', q.label,
                    'kind', q.kind, 'score', a.score, 'answer', a.answer)
                    ORDER BY q.sort_order, q.id)
                FROM app.survey_answer a JOIN app.survey_question q ON q.id = a.question_id
                WHERE a.survey_id = v.id), '[]'::jsonb))
        INTO survey_ FROM app.survey v WHERE v.id = c.survey_id;
    END IF;
    RETURN jsonb_build_object(
        'complaint', (app.complaint_rows(ARRAY[c.id]) -> 0) || jsonb_build_object(
            'details', c.details, 'resolution', c.resolution, 'resolved_by', c.resolved_by,
            'resolved_by_name', (SELECT o.name FROM app.operator o
                                 WHERE o.code = c.resolved_by),
            'opened_by_name', (SELECT o.name FROM app.operator o WHERE o.code = c.opened_by),
            'paused_seconds', c.paused_seconds),
        'events', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'id', e.id, 'kind', e.kind, 'at', e.at, 'by_operator', e.by_operator,
                'by_name', o.name, 'note', e.note, 'level', e.level, 'owner', e.owner,
                'owner_name', w.name) ORDER BY e.id)
            FROM app.complaint_event e
            LEFT JOIN app.operator o ON o.code = e.by_operator
            LEFT JOIN app.operator w ON w.code = e.owner
            WHERE e.complaint_id = c.id), '[]'::jsonb),
        'survey', survey_);
END
$fn$;
