-- Each technician's satisfaction and complaints in a period: what the rewards and
-- penalties of the commission module (维修奖惩, issue 14) read.
--   surveys: the surveys of their jobs that count (corrections replace what they
--            correct), from the monthly rollup, so by the whole months the period
--            touches (complaints too);
--   attitude, timeliness, quality, price, overall: the average score of the questions of
--            that dimension (2 decimals; NULL when none was answered);
--   low_scores: the surveys with a score of 2 or less;
--   complaints: the complaints against them opened in those months (the rollup
--            app.complaint_month);
--   complaints_upheld: of those, the ones closed with the customer accepting the
--            resolution (the shop owned the fault and made it right).
-- A technician with neither surveys nor complaints in the period has no row; surveys and
-- complaints without a technician are left out. reports.view or complaint.handle.
CREATE OR REPLACE FUNCTION app.technician_satisfaction(p_from date, p_to date)
RETURNS TABLE (technician_id bigint, surveys integer, attitude numeric,
               timeliness numeric, quality numeric, price numeric, overall numeric,
               low_scores integer, complaints integer, complaints_upheld integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    period record;
BEGIN
    IF NOT (pg_has_role(session_user, 'as_cap_reports_view', 'MEMBER')
            OR pg_has_role(session_user, 'as_cap_complaint_handle', 'MEMBER')) THEN
        PERFORM app.need('reports.view');
    END IF;
    SELECT * INTO period FROM app.stats_period(p_from, p_to);
    RETURN QUERY
    WITH rollup AS (
        SELECT m.technician_id, q.dimension, m.question_id IS NULL AS whole,
               sum(m.surveys) AS n, sum(m.score_sum) AS score_sum, sum(m.low_count) AS low
        FROM app.satisfaction_month m
        LEFT JOIN app.survey_question q ON q.id = m.question_id
        WHERE m.month BETWEEN period.first_month AND period.last_month
          AND m.technician_id IS NOT NULL
        GROUP BY 1, 2, 3),
    scores AS (
        SELECT r.technician_id,
               sum(r.n) FILTER (WHERE r.whole) AS n,
               sum(r.low) FILTER (WHERE r.whole) AS low,
               round(sum(r.score_sum) FILTER (WHERE r.dimension = 'attitude')::numeric
                     / nullif(sum(r.n) FILTER (WHERE r.dimension = 'attitude'), 0), 2) AS a,
               round(sum(r.score_sum) FILTER (WHERE r.dimension = 'timeliness')::numeric
                     / nullif(sum(r.n) FILTER (WHERE r.dimension = 'timeliness'), 0), 2) AS t,
               round(sum(r.score_sum) FILTER (WHERE r.dimension = 'quality')::numeric
                     / nullif(sum(r.n) FILTER (WHERE r.dimension = 'quality'), 0), 2) AS q,
               round(sum(r.score_sum) FILTER (WHERE r.dimension = 'price')::numeric
                     / nullif(sum(r.n) FILTER (WHERE r.dimension = 'price'), 0), 2) AS p,
               round(sum(r.score_sum) FILTER (WHERE r.dimension = 'overall')::numeric
                     / nullif(sum(r.n) FILTER (WHERE r.dimension = 'overall'), 0), 2) AS o
        FROM rollup r GROUP BY r.technician_id),
    against AS (
        SELECT c.technician_id, sum(c.opened) AS n, sum(c.upheld) AS upheld
        FROM app.complaint_month c
        WHERE c.month BETWEEN period.first_month AND period.last_month
          AND c.technician_id IS NOT NULL
        GROUP BY c.technician_id)
    SELECT coalesce(s.technician_id, c.technician_id), coalesce(s.n, 0)::integer,
           s.a, s.t, s.q, s.p, s.o, coalesce(s.low, 0)::integer,
           coalesce(c.n, 0)::integer, coalesce(c.upheld, 0)::integer
    FROM scores s FULL JOIN against c ON c.technician_id = s.technician_id
    WHERE coalesce(s.n, 0) > 0 OR coalesce(c.n, 0) > 0
    ORDER BY 1;
END
$fn$;
