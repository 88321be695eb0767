-- The request of app.commission_pending, read and checked: the capability
-- (commission.settle, commission.view_all or review.approve), the state ('proposed',
-- the default | 'decided' | 'all'), the page (offset 0..1,000,000, limit 1..200, default
-- 50). SECURITY DEFINER: the list runs as its caller, under row security; the readers and
-- the capability check are the owner's.
CREATE OR REPLACE FUNCTION app.commission_pending_args(p jsonb)
RETURNS TABLE (states text[], row_offset integer, row_limit integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    state_ text;
BEGIN
    PERFORM app.commission_adjust_need();
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM app.arg_refusal('field_malformed', 'state');
    END IF;
    state_ := coalesce(app.arg_text(p ->> 'state', 'state', 20), 'proposed');
    states := CASE state_ WHEN 'proposed' THEN ARRAY['proposed']
                          WHEN 'decided' THEN ARRAY['active', 'rejected']
                          WHEN 'all' THEN ARRAY['proposed', 'active', 'rejected'] END;
    IF states IS NULL THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'state');
    END IF;
    row_offset := coalesce(app.arg_int(p ->> 'offset', 'offset', 0, 1000000), 0);
    row_limit := coalesce(app.arg_int(p ->> 'limit', 'limit', 1, 200), 50);
    RETURN NEXT;
END
$fn$;
