-- What a payee's active lines of a month add up to, by the statement's columns:
-- commissions (kind commission), hours pay (hours_pay and supervisor_pay), rewards,
-- penalties, deductions (overdue and rework), adjustments; and how many lines there are.
-- The month run copies these into the statement; a statement whose copy differs from
-- them now is stale (lines came or went since the run). Runs as its caller: a
-- technician adds up only the lines row security shows them, which are their own.
CREATE OR REPLACE FUNCTION app.commission_line_sums(p_month date, p_employee bigint,
                                                    p_outlet bigint)
RETURNS TABLE (commissions numeric, hours_pay numeric, rewards numeric, penalties numeric,
               deductions numeric, adjustments numeric, line_count integer)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT coalesce(sum(l.amount) FILTER (WHERE l.kind = 'commission'), 0),
           coalesce(sum(l.amount) FILTER (WHERE l.kind IN ('hours_pay', 'supervisor_pay')), 0),
           coalesce(sum(l.amount) FILTER (WHERE l.kind = 'reward'), 0),
           coalesce(sum(l.amount) FILTER (WHERE l.kind = 'penalty'), 0),
           coalesce(sum(l.amount) FILTER (WHERE l.kind IN ('overdue', 'rework')), 0),
           coalesce(sum(l.amount) FILTER (WHERE l.kind = 'adjustment'), 0),
           count(*)::integer
    FROM (SELECT x.kind, x.amount FROM app.commission_line x
          WHERE x.period = p_month AND x.employee_id = p_employee AND x.state = 'active'
          UNION ALL
          SELECT x.kind, x.amount FROM app.commission_line x
          WHERE x.period = p_month AND x.outlet_id = p_outlet AND p_employee IS NULL
            AND x.state = 'active') l
$fn$;
