-- The post wage (岗位工资) an employee's statement would take now: what
-- app.employee_wage says (0 without a row), for whoever sees all commissions and for
-- the employee themself; NULL for anybody else. A draft or confirmed statement whose
-- post wage is no longer this is stale (app.commission_statement_row): a wage changed
-- after the month run must not be settled at its old amount. SECURITY DEFINER: the
-- wages are readable with commission.view_all only, and the statements' reads run as
-- their caller.
CREATE OR REPLACE FUNCTION app.commission_post_wage(p_employee bigint) RETURNS numeric
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT coalesce((SELECT w.post_wage FROM app.employee_wage w
                     WHERE w.employee_id = p_employee), 0)
    WHERE app.sees_all_commissions() OR p_employee = app.my_employee_id()
$fn$;
