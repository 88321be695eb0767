-- A technician's jobs request, read and checked (app.my_jobs): whose (default the
-- caller's own employee record) and since when finished ones are shown (the last `days`
-- shop days, 0..90, default 7). SECURITY DEFINER: my jobs runs as its caller, so that row
-- security applies; the readers are the owner's.
CREATE OR REPLACE FUNCTION app.my_jobs_args(p jsonb)
RETURNS TABLE (technician_id bigint, days integer, since timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    technician_id := coalesce(app.arg_id(p ->> 'technician_id', 'technician_id'),
                              app.my_employee_id());
    days := coalesce(app.arg_int(p ->> 'days', 'days', 0, 90), 7);
    since := app.shop_midnight() - make_interval(days => days);
    RETURN NEXT;
END
$fn$;
