-- The payees of a commission month, numbered from 0 in the month run's order (employees
-- first, then service outlets, each by id): every active technician, every active
-- supervisor (app.employee_pay.supervisor), every employee or outlet with active lines in
-- the month that the month run did not make itself, and whoever has a statement of the
-- month that is no longer a draft. The month run takes them in parts of 25 (n / 25).
CREATE OR REPLACE FUNCTION app.commission_month_payees(p_month date)
RETURNS TABLE (n integer, employee_id bigint, outlet_id bigint)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    WITH payees AS (
        SELECT e.id AS employee_id, NULL::bigint AS outlet_id
        FROM app.employee e WHERE e.active AND e.is_technician
        UNION
        SELECT e.id, NULL FROM app.employee_pay p JOIN app.employee e ON e.id = p.employee_id
        WHERE p.supervisor AND e.active
        UNION
        SELECT l.employee_id, l.outlet_id FROM app.commission_line l
        WHERE l.period = p_month AND l.state = 'active' AND l.origin <> 'run'
        UNION
        SELECT s.employee_id, s.outlet_id FROM app.commission_statement s
        WHERE s.period = p_month AND s.state <> 'draft')
    SELECT (row_number() OVER (ORDER BY y.employee_id IS NULL,
                                        coalesce(y.employee_id, y.outlet_id)) - 1)::integer,
           y.employee_id, y.outlet_id
    FROM payees y
    ORDER BY 1
$fn$;
