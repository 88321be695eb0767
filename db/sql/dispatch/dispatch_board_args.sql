-- The dispatch board's request, read and checked (app.dispatch_board): the capability
-- (dispatch.assign or review.approve; anyone else is refused as missing dispatch.assign),
-- each argument through the app.arg_* readers, the region with the regions below it,
-- the search word as a LIKE pattern that takes wildcards literally. SECURITY DEFINER:
-- the board itself runs as its caller, so that row security applies to the jobs; the
-- readers and the capability check are the owner's.
CREATE OR REPLACE FUNCTION app.dispatch_board_args(p jsonb)
RETURNS TABLE (regions bigint[], visit text, assigned text, pattern text,
               technician_id bigint, row_limit integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    region_ bigint := app.arg_id(p ->> 'region_id', 'region_id');
    search_ text := lower(nullif(app.arg_text(p ->> 'search', 'search', 100), ''));
BEGIN
    IF NOT (pg_has_role(session_user, 'as_cap_dispatch_assign', 'MEMBER')
            OR pg_has_role(session_user, 'as_cap_review_approve', 'MEMBER')) THEN
        PERFORM app.need('dispatch.assign');
    END IF;
    visit := app.arg_text(p ->> 'visit', 'visit', 20);
    assigned := coalesce(app.arg_text(p ->> 'assigned', 'assigned', 20), 'all');
    technician_id := app.arg_id(p ->> 'technician_id', 'technician_id');
    row_limit := coalesce(app.arg_int(p ->> 'limit', 'limit', 1, 1000), 200);
    IF visit IS NOT NULL AND visit NOT IN ('carry_in', 'on_site') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'visit');
    END IF;
    IF assigned NOT IN ('all', 'unassigned', 'assigned') THEN
        PERFORM app.arg_refusal('field_choice_invalid', 'assigned');
    END IF;
    IF region_ IS NOT NULL THEN
        WITH RECURSIVE below AS (
            SELECT r.id, 0 AS depth FROM app.region r WHERE r.id = region_
            UNION ALL
            SELECT c.id, below.depth + 1 FROM app.region c JOIN below ON c.parent_id = below.id
            WHERE below.depth < 10)
        SELECT array_agg(below.id) INTO regions FROM below;
        IF regions IS NULL THEN
            PERFORM app.arg_refusal('reference_missing', 'region_id');
        END IF;
    END IF;
    IF search_ IS NOT NULL THEN
        pattern := '%' || replace(replace(replace(search_, '!', '!!'), '%', '!%'), '_', '!_')
                   || '%';
    END IF;
    RETURN NEXT;
END
$fn$;
