-- The statements of a month (月度结算's list), in one round trip: a page of them, how
-- many match, and the sums of the matching ones' money columns (the summary row).
--
--   p: {month (any day of it; default the current open month), search (a payee's name or
--       code, part of it, <= 50), department_id, state ('draft' | 'confirmed' |
--       'settled'), payee_kind ('employee' | 'outlet'), order ('payee': employees, then
--       outlets, by code, the default | 'total': the largest first), offset, limit
--       (1..200, default 50)}
--   -> {"period": {month, state, run_at, run_by, settled_at, settled_by, version},
--       "rows": [app.commission_statement_row], "total": n,
--       "summary": {statements, post_wage, commissions, hours_pay, rewards, penalties,
--                   deductions, adjustments, total}}
--
-- For commission.view_own, view_all or settle (app.commission_read_args checks it).
-- SECURITY INVOKER: the statements are read under the caller's row security, so a
-- technician finds only their own.
CREATE OR REPLACE FUNCTION app.commission_statements(p jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    -- read and checked by the owner (app.commission_read_args)
    req record := app.commission_read_args(p, 'statements');
    month_ date := req.month;
    pattern text := '%' || replace(replace(replace(req.search, '\', '\\'), '%', '\%'), '_',
                                   '\_') || '%';
    found_ record;
BEGIN
    WITH matching AS MATERIALIZED (
        SELECT s.id, s.employee_id, s.payee_code, s.post_wage, s.commissions, s.hours_pay,
               s.rewards, s.penalties, s.deductions, s.adjustments, s.total
        FROM app.commission_statement s
        WHERE s.period = month_
          AND (req.state IS NULL OR s.state = req.state)
          AND (req.department_id IS NULL OR s.department_id = req.department_id)
          AND (req.payee_kind IS NULL
               OR (req.payee_kind = 'employee') = (s.employee_id IS NOT NULL))
          AND (req.search IS NULL OR s.payee_name ILIKE pattern
               OR s.payee_code ILIKE pattern)),
    shown AS (
        SELECT m.id, row_number() OVER (ORDER BY
                   CASE WHEN req.order_by = 'total' THEN m.total END DESC NULLS LAST,
                   m.employee_id IS NULL, m.payee_code, m.id) AS n
        FROM matching m ORDER BY n OFFSET req.row_offset LIMIT req.row_limit)
    SELECT (SELECT count(*) FROM matching) AS total,
           (SELECT coalesce(jsonb_agg(app.commission_statement_row(s) ORDER BY x.n), '[]')
            FROM shown x JOIN app.commission_statement s ON s.id = x.id) AS rows,
           (SELECT jsonb_build_object(
                       'statements', count(*),
                       'post_wage', coalesce(sum(m.post_wage), 0),
                       'commissions', coalesce(sum(m.commissions), 0),
                       'hours_pay', coalesce(sum(m.hours_pay), 0),
                       'rewards', coalesce(sum(m.rewards), 0),
                       'penalties', coalesce(sum(m.penalties), 0),
                       'deductions', coalesce(sum(m.deductions), 0),
                       'adjustments', coalesce(sum(m.adjustments), 0),
                       'total', coalesce(sum(m.total), 0))
            FROM matching m) AS summary
    INTO found_;
    RETURN jsonb_build_object(
        'period', coalesce((
            SELECT jsonb_build_object('month', c.month, 'state', c.state, 'run_at', c.run_at,
                                      'run_by', c.run_by, 'settled_at', c.settled_at,
                                      'settled_by', c.settled_by, 'version', c.version)
            FROM app.commission_period c WHERE c.month = month_),
            jsonb_build_object('month', month_, 'state', 'open', 'run_at', NULL,
                               'run_by', NULL, 'settled_at', NULL, 'settled_by', NULL,
                               'version', NULL)),
        'rows', found_.rows, 'total', found_.total, 'summary', found_.summary);
END
$fn$;
