-- Whether a technician may do a ticket's work (revision 0018): NULL when they may, else
-- the refusal code: 'dispatch_work_type_mismatch' when the work type is set and is not
-- among the technician's work types (app.employee_work_type), else
-- 'dispatch_region_mismatch' when the ticket has a region and neither it nor any region
-- above it is among the technician's regions (app.employee_region: a technician of a
-- city covers its districts). No work type or no region passes that part. A dispatcher
-- may assign anyway with a reason (app.dispatch_assign). The board asks the same.
CREATE OR REPLACE FUNCTION app.dispatch_mismatch(p_technician bigint, p_work_type bigint,
                                                 p_region bigint) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $fn$
    WITH RECURSIVE up (id, depth) AS (
        SELECT p_region, 0 WHERE p_region IS NOT NULL
        UNION ALL
        SELECT r.parent_id, u.depth + 1 FROM app.region r JOIN up u ON r.id = u.id
        WHERE r.parent_id IS NOT NULL AND u.depth < 50
    )
    SELECT CASE
        WHEN p_work_type IS NOT NULL AND NOT EXISTS (
                SELECT FROM app.employee_work_type w
                WHERE w.employee_id = p_technician AND w.work_type_id = p_work_type)
            THEN 'dispatch_work_type_mismatch'
        WHEN p_region IS NOT NULL AND NOT EXISTS (
                SELECT FROM app.employee_region e
                WHERE e.employee_id = p_technician AND e.region_id IN (SELECT id FROM up))
            THEN 'dispatch_region_mismatch'
    END
$fn$;
