-- The commission months (月度结算's month picker), in one round trip: the last 24 months
-- up to the current open one and every month with a period row (any month with lines
-- has one), newest first, each with its state, when it was run and settled, its
-- version (what settling sends back) and how many statements it has and their total as
-- the caller may see them (a technician: their own); and the current open month.
--
--   p: {} -> {"current": month, "rows": [{month, state, run_at, run_by, settled_at,
--             settled_by, version, statements, total}]}
--
-- For commission.view_own, view_all or settle (app.commission_read_args checks it).
-- SECURITY INVOKER: the statements are read under the caller's row security.
CREATE OR REPLACE FUNCTION app.commission_periods(p jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    -- read and checked by the owner (app.commission_read_args)
    req record := app.commission_read_args(p, 'periods');
    current_ date := req.current_month;
BEGIN
    RETURN jsonb_build_object('current', current_, 'rows', (
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'month', m.month, 'state', coalesce(c.state, 'open'), 'run_at', c.run_at,
                   'run_by', c.run_by, 'settled_at', c.settled_at, 'settled_by', c.settled_by,
                   'version', c.version, 'statements', coalesce(s.n, 0),
                   'total', coalesce(s.total, 0))
                   ORDER BY m.month DESC), '[]')
        FROM (SELECT g::date AS month
              FROM generate_series(current_ - interval '23 months', current_,
                                   interval '1 month') g
              UNION
              SELECT x.month FROM app.commission_period x) m
        LEFT JOIN app.commission_period c ON c.month = m.month
        LEFT JOIN LATERAL (SELECT count(*) AS n, sum(t.total) AS total
                           FROM app.commission_statement t WHERE t.period = m.month) s
               ON true));
END
$fn$;
