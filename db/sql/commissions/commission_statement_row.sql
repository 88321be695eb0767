-- A statement as the screens, the print and the reads show it: the payee (kind, id, code,
-- name, department), its state and sums, and whether it is stale: its sums or its number
-- of lines differ from what the payee's active lines of the month add up to now (lines
-- came or went since the month run; run the month again), or, before it is settled, its
-- post wage is not the employee's post wage now (app.commission_post_wage: the wage
-- changed since the run). Runs as its caller, under the
-- lines' row security: a technician reads it for their own statement only.
CREATE OR REPLACE FUNCTION app.commission_statement_row(p app.commission_statement)
RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT jsonb_build_object(
        'id', p.id, 'month', p.period,
        'payee_kind', CASE WHEN p.employee_id IS NOT NULL THEN 'employee' ELSE 'outlet' END,
        'payee_id', coalesce(p.employee_id, p.outlet_id), 'employee_id', p.employee_id,
        'outlet_id', p.outlet_id, 'payee_code', p.payee_code, 'payee_name', p.payee_name,
        'department_id', p.department_id,
        'department', (SELECT d.name FROM app.department d WHERE d.id = p.department_id),
        'scheme', p.scheme, 'state', p.state, 'post_wage', p.post_wage,
        'commissions', p.commissions, 'hours_pay', p.hours_pay, 'rewards', p.rewards,
        'penalties', p.penalties, 'deductions', p.deductions, 'adjustments', p.adjustments,
        'total', p.total, 'line_count', p.line_count,
        'stale', (p.commissions, p.hours_pay, p.rewards, p.penalties, p.deductions,
                  p.adjustments, p.line_count)
                 IS DISTINCT FROM (s.commissions, s.hours_pay, s.rewards, s.penalties,
                                   s.deductions, s.adjustments, s.line_count)
                 OR (p.state <> 'settled' AND p.employee_id IS NOT NULL
                     AND p.post_wage <> coalesce(app.commission_post_wage(p.employee_id),
                                                 p.post_wage)),
        'computed_at', p.computed_at, 'confirmed_at', p.confirmed_at,
        'confirmed_by', p.confirmed_by, 'settled_at', p.settled_at,
        'settled_by', p.settled_by, 'version', p.version)
    FROM app.commission_line_sums(p.period, p.employee_id, p.outlet_id) s
$fn$;
