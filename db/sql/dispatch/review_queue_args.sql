-- The review queue's request, read and checked (app.review_queue): the capability
-- (review.approve), one technician or all, the shop days of finishing (both included;
-- `from` not after `to`), waiting for review / reviewed / both, how many rows.
-- SECURITY DEFINER: the queue runs as its caller, so that row security applies; the
-- readers and the capability check are the owner's.
CREATE OR REPLACE FUNCTION app.review_queue_args(p jsonb)
RETURNS TABLE (technician_id bigint, since timestamptz, until timestamptz, state text,
               states text[], row_limit integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    from_ date;
    to_ date;
    zone text := coalesce((SELECT s.value #>> '{}' FROM app.shop_setting s
                           WHERE s.key = 'timezone'), 'Asia/Shanghai');
BEGIN
    PERFORM app.need('review.approve');
    technician_id := app.arg_id(p ->> 'technician_id', 'technician_id');
    from_ := app.arg_date(p ->> 'from', 'from');
    to_ := app.arg_date(p ->> 'to', 'to');
    state := coalesce(app.arg_text(p ->> 'state', 'state', 20), 'finished');
    row_limit := coalesce(app.arg_int(p ->> 'limit', 'limit', 1, 2000), 200);
    states := CASE state WHEN 'finished' THEN ARRAY['finished']
                         WHEN 'reviewed' THEN ARRAY['reviewed']
                         WHEN 'all' THEN ARRAY['finished', 'reviewed'] END;
    IF states IS NULL THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'state');
    END IF;
    IF from_ > to_ THEN
        PERFORM app.arg_refusal('field_date_invalid', 'to', jsonb_build_object(
            'min', from_, 'max', '2199-12-31'));
    END IF;
    since := from_::timestamp AT TIME ZONE zone;
    until := (to_ + 1)::timestamp AT TIME ZONE zone;
    RETURN NEXT;
END
$fn$;
