-- Where a survey counts in the satisfaction rollup (app.satisfaction_month): the month
-- (in the shop's time zone) the first survey of its correction chain was recorded in (a
-- correction fixes what was taken down then, so it replaces the scores of that month,
-- not of the month it was typed), the job's technician, the task's service mode; and
-- whether it counts at all: only a survey that no other survey corrects does
-- (p_ignoring: a correction that is being written or deleted, taken as not there). No
-- row when the survey does not exist (deleted with its answers).
CREATE OR REPLACE FUNCTION app.satisfaction_key(p_survey_id bigint, p_ignoring bigint)
RETURNS TABLE (month date, technician_id bigint, service_mode text, counts boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    WITH RECURSIVE chain AS (
        SELECT s.id, s.corrects_id, s.recorded_at, 0 AS depth
        FROM app.survey s WHERE s.id = p_survey_id
        UNION ALL
        SELECT s.id, s.corrects_id, s.recorded_at, chain.depth + 1
        FROM app.survey s JOIN chain ON s.id = chain.corrects_id
        WHERE chain.depth < 100)
    SELECT date_trunc('month', (SELECT c.recorded_at FROM chain c
                                ORDER BY c.depth DESC LIMIT 1)
                      AT TIME ZONE coalesce((SELECT z.value #>> '{}' FROM app.shop_setting z
                                             WHERE z.key = 'timezone'), 'Asia/Shanghai'))::date,
           s.technician_id, t.service_mode,
           NOT EXISTS (SELECT 1 FROM app.survey c WHERE c.corrects_id = s.id
                       AND c.id IS DISTINCT FROM p_ignoring)
    FROM app.survey s JOIN app.callback_task t ON t.id = s.task_id
    WHERE s.id = p_survey_id
$fn$;
