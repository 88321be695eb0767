-- The caller's employee record (the technician an operator is), or NULL: the row
-- security of the job tables (revision 0018) shows a technician the jobs whose
-- technician_id is this. SECURITY DEFINER so that it answers the same whatever the
-- caller may read; an inactive employee has no jobs to see.
CREATE OR REPLACE FUNCTION app.my_employee_id() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    SELECT e.id FROM app.employee e WHERE e.operator_code = session_user AND e.active
$fn$;
