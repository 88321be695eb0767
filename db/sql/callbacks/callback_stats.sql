-- The callback statistics (回访统计) of a period, in one round trip, grouped by
-- technician, service mode or month:
--   p: {from, to (days, at most five years apart: app.stats_period),
--       group ('technician' | 'service_mode' | 'month', default 'technician'),
--       technician_id, service_mode (filters)}
-- Every figure comes from a monthly rollup kept by triggers (a year is a few hundred
-- rows, not a few hundred thousand tasks), so a period counts the whole months it
-- touches (first_month .. last_month in the answer):
-- - satisfaction (app.satisfaction_month): per group the surveys, each question's
--   average score (2 decimals), the average of every score, the surveys with a low
--   score (2 or less);
-- - complaints opened in those months (app.complaint_month; by the complaint's ticket's
--   service mode): opened, resolved, still open, escalated, the average hours to
--   resolve without the time they waited for the customer, the share the customer
--   accepted of those asked;
-- - callbacks due in those months (app.callback_task_month): tasks, done, unreachable,
--   expired, still open, the reach rate (done of those closed: done, unreachable,
--   expired), in all and per group.
-- Keys are the technician's id, the service mode's code or the month's first day (null:
-- no technician or mode); labels the name, the mode's label, 'YYYY-MM'. Also the score
-- questions (columns) and the technicians and service modes (the filters' choices).
-- reports.view or complaint.handle. SECURITY DEFINER: the figures are the shop's, read
-- whatever the caller may read row by row.
CREATE OR REPLACE FUNCTION app.callback_stats(p jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    period record;
    group_ text;
    technician_ bigint;
    mode_ text;
    result jsonb;
BEGIN
    IF NOT (pg_has_role(session_user, 'as_cap_reports_view', 'MEMBER')
            OR pg_has_role(session_user, 'as_cap_complaint_handle', 'MEMBER')) THEN
        PERFORM app.need('reports.view');
    END IF;
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_required', 'from');
    END IF;
    SELECT * INTO period FROM app.stats_period(app.arg_date(p ->> 'from', 'from'),
                                               app.arg_date(p ->> 'to', 'to'));
    group_ := coalesce(app.arg_text(p ->> 'group', 'group', 20), 'technician');
    IF group_ NOT IN ('technician', 'service_mode', 'month') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'group');
    END IF;
    technician_ := app.arg_id(p ->> 'technician_id', 'technician_id');
    mode_ := nullif(app.arg_text(p ->> 'service_mode', 'service_mode', 30), '');
    IF technician_ IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM app.employee e WHERE e.id = technician_) THEN
        PERFORM app.arg_refusal('reference_missing', 'technician_id');
    END IF;
    IF mode_ IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM app.service_mode m WHERE m.code = mode_) THEN
        PERFORM app.arg_refusal('reference_missing', 'service_mode');
    END IF;

    WITH rollup AS MATERIALIZED (
        SELECT coalesce(CASE group_ WHEN 'technician' THEN to_jsonb(m.technician_id)
                           WHEN 'service_mode' THEN to_jsonb(m.service_mode)
                           ELSE to_jsonb(m.month) END, 'null') AS key,
               m.question_id, sum(m.surveys) AS surveys, sum(m.score_sum) AS score_sum,
               sum(m.low_count) AS low
        FROM app.satisfaction_month m
        WHERE m.month BETWEEN period.first_month AND period.last_month
          AND (technician_ IS NULL OR m.technician_id = technician_)
          AND (mode_ IS NULL OR m.service_mode = mode_)
        GROUP BY 1, 2),
    satisfaction AS (
        SELECT s.key, s.surveys, s.low,
               (SELECT jsonb_object_agg(q.code, round(a.score_sum::numeric / a.surveys, 2))
                FROM rollup a JOIN app.survey_question q ON q.id = a.question_id
                WHERE a.key = s.key AND a.surveys > 0) AS averages,
               (SELECT round(sum(a.score_sum)::numeric / nullif(sum(a.surveys), 0), 2)
                FROM rollup a WHERE a.key = s.key AND a.question_id IS NOT NULL) AS overall
        FROM rollup s WHERE s.question_id IS NULL AND s.surveys > 0),
    complaints AS MATERIALIZED (
        SELECT coalesce(CASE group_ WHEN 'technician' THEN to_jsonb(c.technician_id)
                           WHEN 'service_mode' THEN to_jsonb(c.service_mode)
                           ELSE to_jsonb(c.month) END, 'null') AS key,
               sum(c.opened) AS opened, sum(c.resolved) AS resolved,
               sum(c.open_now) AS open_now, sum(c.escalated) AS escalated,
               round(sum(c.resolve_seconds) / nullif(sum(c.resolved), 0) / 3600, 1)
                   AS avg_hours,
               round(sum(c.accepted)::numeric / nullif(sum(c.asked), 0), 4) AS accepted_rate
        FROM app.complaint_month c
        WHERE c.month BETWEEN period.first_month AND period.last_month
          AND (technician_ IS NULL OR c.technician_id = technician_)
          AND (mode_ IS NULL OR c.service_mode = mode_)
        GROUP BY 1 HAVING sum(c.opened) > 0),
    tasks AS MATERIALIZED (
        SELECT coalesce(CASE group_ WHEN 'technician' THEN to_jsonb(k.technician_id)
                           WHEN 'service_mode' THEN to_jsonb(k.service_mode)
                           ELSE to_jsonb(k.month) END, 'null') AS key,
               sum(k.tasks) AS tasks,
               coalesce(sum(k.tasks) FILTER (WHERE k.state = 'done'), 0) AS done,
               coalesce(sum(k.tasks) FILTER (WHERE k.state = 'unreachable'), 0) AS unreachable,
               coalesce(sum(k.tasks) FILTER (WHERE k.state = 'expired'), 0) AS expired,
               coalesce(sum(k.tasks) FILTER (WHERE k.state IN ('pending', 'in_progress')), 0)
                   AS pending
        FROM app.callback_task_month k
        WHERE k.month BETWEEN period.first_month AND period.last_month
          AND (technician_ IS NULL OR k.technician_id = technician_)
          AND (mode_ IS NULL OR k.service_mode = mode_)
        GROUP BY 1 HAVING sum(k.tasks) > 0),
    keys AS (
        SELECT x.key,
               CASE WHEN x.key = 'null' THEN ''
                    WHEN group_ = 'technician' THEN coalesce(
                        (SELECT e.name FROM app.employee e WHERE e.id = (x.key #>> '{}')::bigint),
                        '')
                    WHEN group_ = 'service_mode' THEN coalesce(
                        (SELECT m.label FROM app.service_mode m WHERE m.code = x.key #>> '{}'),
                        x.key #>> '{}')
                    ELSE left(x.key #>> '{}', 7) END AS label
        FROM (SELECT s.key FROM satisfaction s UNION SELECT c.key FROM complaints c
              UNION SELECT k.key FROM tasks k) x)
    SELECT jsonb_build_object(
        'from', period.day_from, 'to', period.day_to, 'group', group_,
        'first_month', period.first_month, 'last_month', period.last_month,
        -- the filters' choices, so that the page needs no other read
        'technicians', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', e.id, 'name', e.name)
                                                  ORDER BY e.name, e.id), '[]')
                        FROM app.employee e WHERE e.is_technician),
        'service_modes', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                              'code', m.code, 'label', m.label) ORDER BY m.code), '[]')
                          FROM app.service_mode m),
        'questions', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                          'code', q.code, 'label', q.label, 'active', q.active)
                          ORDER BY q.sort_order, q.id), '[]')
                      FROM app.survey_question q WHERE q.kind = 'score'),
        'satisfaction', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                             'key', s.key, 'label', k.label, 'surveys', s.surveys,
                             'avg', coalesce(s.averages, '{}'), 'overall_avg', s.overall,
                             'low', s.low) ORDER BY k.key = 'null', k.label, k.key), '[]')
                         FROM satisfaction s JOIN keys k ON k.key = s.key),
        'complaints', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                           'key', c.key, 'label', k.label, 'opened', c.opened,
                           'resolved', c.resolved, 'open_now', c.open_now,
                           'escalated', c.escalated, 'avg_hours_to_resolve', c.avg_hours,
                           'accepted_rate', c.accepted_rate)
                           ORDER BY k.key = 'null', k.label, k.key), '[]')
                       FROM complaints c JOIN keys k ON k.key = c.key),
        'callbacks', (SELECT jsonb_build_object(
                          'tasks', coalesce(sum(t.tasks), 0), 'done', coalesce(sum(t.done), 0),
                          'unreachable', coalesce(sum(t.unreachable), 0),
                          'expired', coalesce(sum(t.expired), 0),
                          'pending', coalesce(sum(t.pending), 0),
                          'reach_rate', round(sum(t.done) / nullif(sum(t.done)
                              + sum(t.unreachable) + sum(t.expired), 0), 4),
                          'rows', coalesce(jsonb_agg(jsonb_build_object(
                              'key', t.key, 'label', k.label, 'tasks', t.tasks,
                              'done', t.done, 'unreachable', t.unreachable,
                              'expired', t.expired, 'pending', t.pending,
                              'reach_rate', round(t.done::numeric / nullif(t.done
                                  + t.unreachable + t.expired, 0), 4))
                              ORDER BY k.key = 'null', k.label, k.key), '[]'))
                      FROM tasks t JOIN keys k ON k.key = t.key))
    INTO result;
    RETURN result;
END
$fn$;
